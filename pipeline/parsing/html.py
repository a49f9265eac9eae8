"""Helpers shared by the HTML adapters: soup, canonical URL, header range, item fields."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from pipeline.parsing.lines import fold_spaces, parse_range

ARCHIVE = "https://digitalarchive.wilsoncenter.org/"
_HTML_START = re.compile(r"^\s*<(?:!doctype\s+html|!--|[a-z])", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text opens with markup: a whole document or a saved fragment of one."""
    return bool(_HTML_START.match(text.lstrip("\ufeff")[:200]))


def has_class(text: str, name: str) -> bool:
    """True when some element's class attribute lists `name` (a cheap test before parsing)."""
    return re.search(rf"""class\s*=\s*["'][^"']*\b{re.escape(name)}\b""", text) is not None


def soup_of(text: str) -> BeautifulSoup:
    """Parsed HTML; html.parser keeps each tag's source line for provenance."""
    return BeautifulSoup(text, "html.parser")


def canonical_url(soup: BeautifulSoup) -> str | None:
    """The page's own URL, from `<link rel="canonical">` when it shows one."""
    link = soup.find("link", rel="canonical", href=True)
    return str(link["href"]) if isinstance(link, Tag) else None


def header_range(soup: BeautifulSoup) -> tuple[int, int, int] | None:
    """The result range (`61 - 70 of 206`) from the first element whose own text is one."""
    for string in soup.find_all(string=True):
        if found := parse_range(str(string)):
            return found
    return None


def absolute(href: str | None, base: str | None) -> str | None:
    """A link made absolute against the page's URL (the archive's when unknown)."""
    return urljoin(base or ARCHIVE, href) if href else None


def text_of(element: Tag | None) -> str | None:
    """An element's text, whitespace folded; None when empty or missing."""
    if element is None:
        return None
    return fold_spaces(element.get_text(" ")) or None


def summary_of(item: Tag, skip: list[Tag | None]) -> str | None:
    """The summary: the item's text outside its date and title, one paragraph per `<p>`.

    Paragraphs are joined by a blank line, as in the text renderings.
    """
    for element in skip:
        if element is not None:
            element.extract()
    paragraphs = [text for p in item.find_all("p") if (text := text_of(p))]
    if paragraphs:
        return "\n\n".join(paragraphs)
    loose = [str(s) for s in item.find_all(string=True) if type(s) is NavigableString]
    return fold_spaces(" ".join(loose)) or None


def closes_after(text: str, line: int | None, closing: str) -> bool:
    """True when `closing` (e.g. `</td>`) appears at or after 1-based `line`: the element ends in the file."""
    if line is None:
        return True
    rest = "\n".join(text.split("\n")[line - 1 :])
    return closing in rest.lower()
