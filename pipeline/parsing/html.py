"""Helpers shared by the HTML adapters: parsed tree, canonical URL, header range, item fields."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.etree import _Element as Element

from pipeline.parsing.lines import fold_spaces, parse_range

ARCHIVE = "https://digitalarchive.wilsoncenter.org/"
_HTML_START = re.compile(r"^\s*<(?:!doctype\s+html|!--|[a-z])", re.IGNORECASE)
# Bytes in, so a saved page's `<?xml ... encoding=...?>` line cannot clash with an already decoded str.
# lxml's plain parser: the same tree as lxml.html's, without a Python class lookup for every element touched.
_PARSER = etree.HTMLParser(encoding="utf-8")
# Text a reader sees: not inside scripts or style sheets (comments are not text nodes).
# Plain strings: a "smart" one per text node, linked back to its element, costs more than finding it.
_VISIBLE_TEXT = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]", smart_strings=False)
# The visible text nodes that can hold a range: every range line has `of` and starts with a digit.
_RANGE_CANDIDATES = etree.XPath(
    ".//text()[contains(., 'of')][not(ancestor::script or ancestor::style)]", smart_strings=False
)
_STARTS_WITH_DIGIT = re.compile(r"[\s\u200b]*\d")
# What every text node that parse_range reads as a range holds, whatever spaces it prints.
_RANGE_SHAPE = re.compile(r"\d\W*[-–]\W*\d+\W+of\W+\d")
# A listing's range comes before its items: past this many text nodes, a page without one is likely.
_STRINGS_BEFORE_PRECHECK = 40
# XPath's normalize-space splits a class attribute at these only.
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def looks_like_html(text: str) -> bool:
    """True when the text opens with markup: a whole document or a saved fragment of one."""
    return bool(_HTML_START.match(text.lstrip("\ufeff")[:200]))


def has_class(text: str, name: str) -> bool:
    """True when some element's class attribute lists `name` (a cheap test before parsing).

    A page without the name at all is told by a substring test: the regex would try every class attribute.
    """
    return name in text and _class_listing(name).search(text) is not None


@lru_cache(maxsize=16)
def _class_listing(name: str) -> re.Pattern[str]:
    """A class attribute whose value holds `name` as a word."""
    return re.compile(rf"""class\s*=\s*["'][^"']*\b{re.escape(name)}\b""")


def lists_class(element: Element, name: str) -> bool:
    """True when the element's class attribute lists `name`, split as XPath's `normalize-space` splits it."""
    return lists_word(element.get("class"), name)


def lists_word(value: str | None, name: str) -> bool:
    """True when the attribute `value` lists `name` as a word, split as XPath's `normalize-space` splits it.

    Most values fail the substring test, which costs no split; a printable value's only space is the
    blank, so str.split splits it as the regex would.
    """
    if value is None or name not in value:
        return False
    return value == name or name in (value.split() if value.isprintable() else _XML_SPACE.split(value))


def with_class(name: str) -> str:
    """An XPath predicate: the element's class attribute lists `name` as a whole word.

    The plain substring test goes first: it rejects most elements before normalize-space and concat build strings.
    """
    return f"contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def tree_of(text: str) -> Element:
    """Parsed HTML; lxml keeps each element's source line for provenance and parses far faster than html.parser."""
    tree = etree.fromstring(text.encode("utf-8"), _PARSER)
    if tree is None:
        raise etree.ParserError("Document is empty")  # as lxml.html.document_fromstring says it
    return tree


@lru_cache(maxsize=64)
def compiled(xpath: str) -> etree.XPath:
    """An XPath compiled once: compiling on every call cost as much as the parse itself."""
    return etree.XPath(xpath)


def select(element: Element, xpath: str) -> list[Element]:
    """Every element `xpath` finds under `element`, in document order."""
    return compiled(xpath)(element)


def first(element: Element, xpath: str) -> Element | None:
    """The first element `xpath` finds under `element`, in document order."""
    found = select(element, xpath)
    return found[0] if found else None


def canonical_url(tree: Element) -> str | None:
    """The page's own URL, from the first `<link rel="canonical" href=...>` when it shows one.

    As the XPath `//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')][@href]`
    finds it, from a walk of the `link` elements alone.
    """
    for link in tree.iter("link"):
        if (href := link.get("href")) is not None and lists_word(link.get("rel"), "canonical"):
            return str(href)
    return None


def header_range(tree: Element, *, all_visible: bool = False) -> tuple[int, int, int] | None:
    """The result range (`61 - 70 of 206`) from the first visible text node that is one.

    `all_visible` as for text_of: then every text node is a candidate, and itertext lists them
    faster than the XPath that rules out those in scripts and style sheets. A page whose first
    strings hold no range is asked once, of all its text at once, whether any string could.
    """
    strings = tree.itertext() if all_visible else _RANGE_CANDIDATES(tree)
    for count, string in enumerate(strings):
        if count == _STRINGS_BEFORE_PRECHECK and not may_hold_range(tree):
            return None
        if "of" in string and _STARTS_WITH_DIGIT.match(string) and (found := parse_range(string)):
            return found
    return None


def may_hold_range(tree: Element) -> bool:
    """False when no text node of `tree` can read as a range: not even their concatenation shows one's shape.

    A range line is digits, a dash, digits, `of`, digits, apart by what fold_spaces folds (none of
    them a word character), so a node that is one matches _RANGE_SHAPE, and so does the text holding it.
    """
    return _RANGE_SHAPE.search(etree.tostring(tree, method="text", encoding=str)) is not None


def absolute(href: str | None, base: str | None) -> str | None:
    """A link made absolute against the page's URL (the archive's when unknown).

    A plain absolute path (`/document/102760`) only takes the base's origin:
    that shortcut skips urljoin's general resolution, which cost more than the rest of an item.
    """
    if not href:
        return None
    if plain_path(href) and (origin := _origin(base or ARCHIVE)):
        return origin + href
    return urljoin(base or ARCHIVE, href)


def plain_path(href: str) -> bool:
    """True for an absolute path that urljoin would return unchanged.

    One slash first, not two; no `/.` (no dot segment, and a few plain paths more, left to urljoin); nothing
    urlsplit removes or splits at: no parameters, fragment, space or control (a printable string's only space
    is the blank), no empty query. Substring tests: a regex cost a step a character, twice over with its lookahead.
    """
    return (
        href[:1] == "/" and href[1:2] != "/" and "/." not in href and href.isprintable()
        and " " not in href and "#" not in href and ";" not in href and href[-1] != "?"
    )


@lru_cache(maxsize=256)
def _origin(base: str) -> str | None:
    """`scheme://host` of an http(s) URL, as urljoin keeps it; None for anything else."""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def text_of(element: Element | None, *, all_visible: bool = False) -> str | None:
    """An element's visible text, whitespace folded; None when empty or missing.

    `all_visible`: the caller knows (all_text_visible) that no script or style lies inside; then an
    element without children (most titles, dates, paragraphs) has its own text as its only text node,
    and one with a single childless element inside (a title's link) its text, the child's and the child's tail.
    """
    if element is None:
        return None
    if all_visible:
        children = len(element)
        if not children:
            return fold_spaces(element.text or "") or None
        if children == 1 and isinstance((child := element[0]).tag, str) and not len(child):
            return fold_spaces(" ".join(filter(None, (element.text, child.text, child.tail)))) or None
    return fold_spaces(" ".join(element.itertext() if all_visible else visible_strings(element))) or None


def all_text_visible(element: Element) -> bool:
    """True when no script or style lies inside `element`: all its text is visible (one check for all its parts)."""
    return next(element.iter("script", "style"), None) is None


def visible_strings(element: Element) -> list[str]:
    """The element's text nodes outside scripts and style sheets.

    itertext (C, no XPath context per call) gives the same strings when the element holds neither.
    """
    if all_text_visible(element):
        return list(element.itertext())
    return _VISIBLE_TEXT(element)


def summary_of(item: Element, skip: list[Element | None], *, all_visible: bool = False) -> str | None:
    """The summary: the item's text outside its date and title, one paragraph per `<p>`.

    Paragraphs are joined by a blank line, as in the text renderings. `all_visible` as for text_of.
    """
    for element in skip:
        if element is not None and element is not item:
            lxml_html.HtmlMixin.drop_tree(element)  # lxml.html's: removes the element, keeps its tail text
    paragraphs = [text for p in item.iter("p") if (text := text_of(p, all_visible=all_visible))]
    if paragraphs:
        return "\n\n".join(paragraphs)
    return text_of(item, all_visible=all_visible)


def closes_after(text: str, line: int | None, closing: str) -> bool:
    """True when `closing` (e.g. `</td>`) appears at or after 1-based `line`: the element ends in the file."""
    if line is None:
        return True
    parts = text.split("\n", line - 1)
    return len(parts) == line and closing in parts[-1].lower()
