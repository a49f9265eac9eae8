"""Listing queries: which site generation a URL belongs to, and the URL of each of its pages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

OLD_PATH = re.compile(r"^/search-results/(\d+)(?:/(.*))?$")
NEWEST_FIRST = ("sort_bef_combine", "created_DESC")
DEFAULT_PER_PAGE = 10


@dataclass(frozen=True)
class Query:
    """One search whose pages the crawler follows.

    The old site numbers pages from 1 in the path (`/search-results/<page>/<filter>`);
    the new site from 0 in the `page` parameter. Everything but the page number is
    the query's identity.
    """

    generation: str  # "old" or "new"
    scheme: str
    host: str
    path: str  # old: the filter segment, percent-encoded; new: the path
    params: tuple[tuple[str, str], ...]  # query-string pairs, decoded once, without `page`

    @property
    def first_page(self) -> int:
        return 1 if self.generation == "old" else 0

    @property
    def per_page(self) -> int:
        """Items on a full page: 10 unless the URL asks for another `items_per_page`."""
        for key, value in self.params:
            if key == "items_per_page" and value.isdigit() and int(value) > 0:
                return int(value)
        return DEFAULT_PER_PAGE

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}"

    def page_url(self, page: int) -> str:
        """The URL of page `page`, numbered as the site numbers it."""
        if self.generation == "old":
            tail = f"?{urlencode(self.params)}" if self.params else ""
            return f"{self.origin}/search-results/{page}/{self.path}{tail}"
        return f"{self.origin}{self.path}?{urlencode((*self.params, ('page', str(page))))}"

    @property
    def canonical(self) -> str:
        """The query without its page number: the key its pages are filed under."""
        if self.generation == "old":
            return self.page_url(1).replace("/search-results/1/", "/search-results/{page}/", 1)
        return f"{self.origin}{self.path}?{urlencode(self.params)}"

    @property
    def slug(self) -> str:
        """A readable, unique folder name: the query in words plus a hash of its canonical URL."""
        readable = unquote(unquote(self.canonical.split("://", 1)[1])).lower()
        readable = readable.replace("sort_bef_combine=created_desc", "").replace("{page}", "")
        words = re.sub(r"[^a-z0-9]+", "-", readable.split("/", 1)[1]).strip("-")[:60].strip("-")
        return f"{words}-{hashlib.sha256(self.canonical.encode()).hexdigest()[:8]}"

    def last_page(self, total: int) -> int:
        """The number of the last page of a listing of `total` items."""
        pages = max(1, -(-total // self.per_page))
        return self.first_page + pages - 1


def parse_query(url: str, *, newest_first: bool = True) -> Query:
    """The query behind a listing URL of either generation, whatever page it shows.

    With `newest_first`, a new-site query without a sort is sorted most recently
    added first, so that a refresh meets new documents on its first pages.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"not a listing URL (need http(s)://host/...): {url!r}")
    host = parts.netloc.lower()
    params = tuple(parse_qsl(parts.query, keep_blank_values=True))
    old = OLD_PATH.match(parts.path)
    if old:
        listing_filter = quote(unquote(old.group(2) or ""), safe="")
        return Query("old", parts.scheme, host, listing_filter, params)
    params = tuple((k, v) for k, v in params if k != "page")
    if newest_first and not any(k == NEWEST_FIRST[0] for k, _ in params):
        params = (*params, NEWEST_FIRST)
    return Query("new", parts.scheme, host, parts.path or "/", params)
