"""What a listing URL tells: the page number, as each generation of the site counts it."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

_OLD_PAGE = re.compile(r"^/search-results/(\d+)(?:/|$)")
# A URL that urlsplit and parse_qs would read as it looks: http(s), a plain host, a path and a query of characters that
# nothing unquotes, strips or splits at (no `%`, `+`, `;`, `#`, spaces or controls). Groups: path, query.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(/[A-Za-z0-9/_.~-]*)?(?:\?([A-Za-z0-9_.~=&-]*))?")


@lru_cache(maxsize=64)  # an HTML page's canonical URL is read again for its provenance
def page_from_url(url: str | None) -> int | None:
    """Page number of a listing URL: old site `/search-results/<n>/…` (from 1), new site `?page=<n>` (from 0).

    A new-site `/search` URL without `page` is its first page, 0. Anything else is unknown.
    A plain URL is taken apart by its regex: urlsplit and parse_qs cost more than the rest of a page's provenance.
    """
    if not url:
        return None
    if plain := _PLAIN_URL.fullmatch(url):
        path, query = plain[1] or "", plain[2] or ""
        pages = [value for name, _, value in (field.partition("=") for field in query.split("&")) if name == "page" and value]
    else:
        parts = urlsplit(url)
        path, pages = parts.path, parse_qs(parts.query).get("page")
    if match := _OLD_PAGE.match(path):
        return int(match[1])
    if pages and pages[0].isdigit():
        return int(pages[0])
    return 0 if path.rstrip("/").endswith("/search") else None
