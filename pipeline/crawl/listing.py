"""What the crawler must know of a fetched listing page to paginate: its items and its range."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from pipeline.parsing.lines import RANGE_LINE, fold_spaces


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# One element per search result: the old site's `.search-res li`, the new site's `td.document`.
ITEMS = etree.XPath(f"//*[{_has_class('search-res')}]/li | //td[{_has_class('document')}]")
DOCUMENT_LINKS = etree.XPath(".//a[contains(@href, '/document/')]/@href")


@dataclass(frozen=True)
class ListingFacts:
    """The results a page shows (document paths in page order) and its header range, if printed."""

    items: int
    documents: tuple[str, ...]
    range_total: int | None = None


def read_listing(body: bytes) -> ListingFacts:
    """Count the results of a listing page and collect their document paths.

    Only links inside result rows count: a "Popular Documents" box also links
    to documents, and those are not results.
    """
    if not body.strip():
        return ListingFacts(0, ())
    root = lxml.html.fromstring(body)
    rows = ITEMS(root)
    documents: list[str] = []
    for row in rows:
        documents.extend(urlsplit(href).path for href in DOCUMENT_LINKS(row)[:1])
    return ListingFacts(len(rows), tuple(documents), _range_total(root))


def _range_total(root: lxml.html.HtmlElement) -> int | None:
    """The `of N` of the first `first - last of N` text on the page (new site only)."""
    for text in root.itertext():
        match = RANGE_LINE.match(fold_spaces(text))
        if match:
            return int(match.group(3))
    return None
