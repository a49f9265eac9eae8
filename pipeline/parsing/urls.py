"""What a listing URL tells: the page number, as each generation of the site counts it."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

_OLD_PAGE = re.compile(r"^/search-results/(\d+)(?:/|$)")


@lru_cache(maxsize=64)  # an HTML page's canonical URL is read again for its provenance
def page_from_url(url: str | None) -> int | None:
    """Page number of a listing URL: old site `/search-results/<n>/…` (from 1), new site `?page=<n>` (from 0).

    A new-site `/search` URL without `page` is its first page, 0. Anything else is unknown.
    """
    if not url:
        return None
    parts = urlsplit(url)
    if match := _OLD_PAGE.match(parts.path):
        return int(match[1])
    pages = parse_qs(parts.query).get("page")
    if pages and pages[0].isdigit():
        return int(pages[0])
    return 0 if parts.path.rstrip("/").endswith("/search") else None
