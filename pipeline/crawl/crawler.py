"""Follow each query's pages politely into raw/: full on the first run, incremental after.

A refresh walks a query's pages from the first (most recently added first on the
new site) and stops once `stop_after_unchanged` consecutive pages are already held
(a 304, bytes already saved, or only documents already known) and everything
further down is held too. When something further down is missing - the last run
crashed, or hit its page limit - it jumps to the first missing page instead, so
a crash loses nothing and the next run carries on where it stopped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from pipeline.crawl.client import Fetched, PoliteClient
from pipeline.crawl.errors import CrawlError
from pipeline.crawl.listing import ListingFacts, read_listing
from pipeline.crawl.politeness import Clock, CrawlSettings, Sleep
from pipeline.crawl.queries import Query, parse_query
from pipeline.crawl.storage import HeldPage, RawStore
from pipeline.sources import sha256_of

log = logging.getLogger(__name__)


@dataclass
class QueryResult:
    """What one query's crawl did this run."""

    query: str
    slug: str
    pages_saved: int = 0
    pages_unchanged: int = 0
    requests: int = 0
    total: int | None = None  # results the listing reports, when it says
    last_page: int | None = None
    stopped: str = ""  # why the walk ended
    error: str | None = None
    saved: list[Path] = field(default_factory=list)


@dataclass
class _Walk:
    """A query's state during one run: what is held and how far the walk has got."""

    latest: dict[int, HeldPage]  # page number -> newest held version
    known_documents: set[str]
    known_hashes: set[str]
    covered: set[int]  # pages held, or fetched this run
    last_page: int | None = None
    total: int | None = None


def crawl(
    urls: Iterable[str],
    raw_dir: Path,
    settings: CrawlSettings,
    *,
    transport: httpx.BaseTransport | None = None,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
    logger: logging.Logger = log,
) -> tuple[list[QueryResult], PoliteClient]:
    """Crawl every listing URL into `raw_dir`; one query's failure does not stop the others.

    Returns each query's result and the client, whose `requests` is the request log.
    """
    client = PoliteClient(settings, transport=transport, clock=clock, sleep=sleep, logger=logger)
    store = RawStore(raw_dir)
    results = []
    try:
        for url in urls:
            query = parse_query(url, newest_first=settings.newest_first)
            crawler = QueryCrawler(query, store, client, settings, logger)
            results.append(crawler.run())
    finally:
        client.close()
    return results, client


class QueryCrawler:
    """One query's walk through its pages."""

    def __init__(self, query: Query, store: RawStore, client: PoliteClient, settings: CrawlSettings, logger: logging.Logger) -> None:
        self.query = query
        self.store = store
        self.client = client
        self.settings = settings
        self.logger = logger
        self.result = QueryResult(query.canonical, query.slug)

    def run(self) -> QueryResult:
        """Walk the query; a CrawlError ends it with the error recorded, keeping every page saved so far."""
        before = len(self.client.requests)
        for leftover in self.store.remove_partials(self.query):
            self.logger.warning("removed %s, a partial file left by an interrupted run", leftover)
        try:
            self._walk()
        except CrawlError as exc:
            self.result.error = str(exc)
            self.result.stopped = "failed"
            self.logger.error("%s: %s", self.query.slug, exc)
        self.result.requests = len(self.client.requests) - before
        return self.result

    def _walk(self) -> None:
        held = self.store.held(self.query)
        walk = _Walk(
            latest={h.page: h for h in held},
            known_documents=set().union(*(h.documents for h in held)),
            known_hashes={h.meta.get("sha256") for h in held},
            covered={h.page for h in held},
        )
        page = self.query.first_page
        unchanged_run = fetched = 0
        started = self.client.clock()
        while walk.last_page is None or page <= walk.last_page:
            if self.settings.max_pages is not None and fetched >= self.settings.max_pages:
                self.result.stopped = f"page limit ({self.settings.max_pages}); the next run continues"
                return
            outcome = self._visit(page, walk)
            fetched += 1
            if outcome == "past the end":
                self.result.stopped = "last page"
                return
            self._progress(page, walk, outcome, started, fetched)
            unchanged_run = unchanged_run + 1 if outcome != "new" else 0
            stop_after = self.settings.stop_after_unchanged
            if stop_after and unchanged_run >= stop_after:
                missing = self._first_missing(page, walk)
                if missing is None:
                    self.result.stopped = f"up to date after {unchanged_run} held page(s)"
                    return
                self.logger.info("%s: resuming at page %d, the first not yet held", self.query.slug, missing)
                page, unchanged_run = missing, 0
                continue
            page += 1
        self.result.stopped = "last page"

    def _visit(self, page: int, walk: _Walk) -> str:
        """Fetch one page; save it if its bytes are new. Returns "new", "held" or "past the end"."""
        prior = walk.latest.get(page)
        url = self.query.page_url(page)
        fetched = self.client.get(
            url,
            etag=prior.meta.get("etag") if prior else None,
            last_modified=prior.meta.get("last_modified") if prior else None,
        )
        if fetched.status == 304 and prior is not None:
            facts = ListingFacts(int(prior.meta.get("items") or 0), tuple(prior.meta.get("documents") or ()), prior.meta.get("range_total"))
            self._learn(page, facts, walk)
            self.result.pages_unchanged += 1
            return "held"
        if fetched.status != 200:
            raise CrawlError(f"{url} answered HTTP {fetched.status}; expected a listing page")
        facts = read_listing(fetched.body)
        if page > self.query.first_page and facts.items == 0:
            return "past the end"
        sha = sha256_of(fetched.body)
        known = (sha in walk.known_hashes) or (0 < facts.items == len(facts.documents) and set(facts.documents) <= walk.known_documents)
        self._learn(page, facts, walk)
        if sha not in walk.known_hashes:
            saved = self.store.save(self.query, page, fetched.body, self._sidecar(page, fetched, sha, facts, walk), _suffix(fetched))
            walk.latest[page] = saved
            walk.known_hashes.add(sha)
            self.result.pages_saved += 1
            self.result.saved.append(saved.path)
        if known:
            self.result.pages_unchanged += 1
            return "held"
        return "new"

    def _learn(self, page: int, facts: ListingFacts, walk: _Walk) -> None:
        """Update how far the listing goes from what this page shows."""
        walk.covered.add(page)
        walk.known_documents.update(facts.documents)
        if facts.range_total is not None:
            walk.total = facts.range_total
            walk.last_page = self.query.last_page(facts.range_total)
        elif facts.items < self.query.per_page:
            walk.last_page = page
        self.result.total, self.result.last_page = walk.total, walk.last_page

    def _first_missing(self, page: int, walk: _Walk) -> int | None:
        """The first page after `page` not held, or None when the listing is held to its end."""
        if walk.total is not None and len(walk.known_documents) >= walk.total:
            return None
        last = walk.last_page if walk.last_page is not None else _held_last_page(walk)
        candidate = page + 1
        while candidate in walk.covered:
            candidate += 1
        if last is not None and candidate > last:
            return None
        return candidate

    def _sidecar(self, page: int, fetched: Fetched, sha: str, facts: ListingFacts, walk: _Walk) -> dict:
        headers = fetched.headers
        return {
            "url": fetched.url,
            "final_url": fetched.final_url,
            "status": fetched.status,
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
            "content_type": headers.get("Content-Type"),
            "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "sha256": sha,
            "page": page,
            "query": self.query.canonical,
            "generation": self.query.generation,
            "items": facts.items,
            "documents": list(facts.documents),
            "range_total": facts.range_total,
            "last_page": walk.last_page,
            "user_agent": self.settings.user_agent,
        }

    def _progress(self, page: int, walk: _Walk, outcome: str, started: float, fetched: int) -> None:
        first = self.query.first_page
        if walk.last_page is None:
            self.logger.info("%s: page %d of ? (%s)", self.query.slug, page - first + 1, outcome)
            return
        remaining = max(0, walk.last_page - page)
        per_page = (self.client.clock() - started) / fetched
        eta = timedelta(seconds=round(per_page * remaining))
        self.logger.info(
            "%s: page %d of %d (%s); at most %d to go, ETA %s",
            self.query.slug, page - first + 1, walk.last_page - first + 1, outcome, remaining, eta,
        )


def _held_last_page(walk: _Walk) -> int | None:
    """The last page a previous run saw (old site, where only a short page marks the end)."""
    ends = [h.meta["last_page"] for h in walk.latest.values() if h.meta.get("last_page") is not None]
    return max(ends) if ends else None


def _suffix(fetched: Fetched) -> str:
    return ".txt" if fetched.headers.get("Content-Type", "").startswith("text/plain") else ".html"
