"""Crawl: fetch listing pages of the live archive into raw/, off the default build path.

The build job reads raw/ only; the `crawl_archive` job (or `make crawl URL=...`)
is the one thing in the project that touches the network.
"""

import os
from collections import Counter
from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field

from pipeline.crawl.politeness import CrawlSettings, user_agent
from pipeline.crawl.queries import parse_query
from pipeline.defs.resources import ArchiveStorage

if TYPE_CHECKING:
    from pipeline.crawl.crawler import QueryResult

CRAWL_ASSET = "crawled_listing_pages"
CONTACT_ENV = "ARCHIVE_CRAWL_CONTACT"


class ArchiveCrawler(dg.ConfigurableResource):
    """How the crawler behaves as a guest of the archive: who it says it is, how fast and how patiently it asks.

    `contact` (an e-mail address or URL for the archive's staff to reach us) goes
    into the User-Agent; left empty it comes from ARCHIVE_CRAWL_CONTACT when a run
    starts, and a crawl without any contact is refused.
    """

    contact: str = ""
    min_interval_seconds: float = Field(default=1.0, description="Seconds between any two requests, shared by all queries.")
    connect_timeout_seconds: float = 10.0
    read_timeout_seconds: float = 30.0
    max_attempts: int = Field(default=5, description="Attempts per request on 429, 5xx, timeouts and connection errors.")
    backoff_initial_seconds: float = 2.0
    backoff_max_seconds: float = 120.0
    max_retry_after_seconds: float = Field(default=900.0, description="A longer Retry-After fails the run instead of holding it.")
    max_bytes: int = Field(default=5_000_000, description="Responses larger than this are refused.")
    stop_after_unchanged: int = Field(
        default=1, description="Consecutive already-held pages that end a refresh; 0 re-checks every page."
    )
    newest_first: bool = Field(default=True, description="Ask the new site for most recently added first.")

    def settings(self, max_pages: int | None) -> CrawlSettings:
        """The crawler's settings; dg.Failure when no contact is configured."""
        contact = self.contact or os.environ.get(CONTACT_ENV, "")
        if not contact.strip():
            raise dg.Failure(
                description=f"No crawler contact: set {CONTACT_ENV} (an e-mail address or URL) or the crawler resource's "
                "`contact`, so the archive's staff can reach whoever runs this crawl."
            )
        return CrawlSettings(
            user_agent=user_agent(contact),
            min_interval=self.min_interval_seconds,
            connect_timeout=self.connect_timeout_seconds,
            read_timeout=self.read_timeout_seconds,
            max_attempts=self.max_attempts,
            backoff_initial=self.backoff_initial_seconds,
            backoff_max=self.backoff_max_seconds,
            max_retry_after=self.max_retry_after_seconds,
            max_bytes=self.max_bytes,
            stop_after_unchanged=self.stop_after_unchanged,
            newest_first=self.newest_first,
            max_pages=max_pages,
        )


class CrawlConfig(dg.Config):
    """Which listings to follow in this run."""

    urls: list[str] = Field(min_length=1, description="Listing URLs of either site generation, any page of each.")
    max_pages: int | None = Field(default=None, ge=1, description="Page requests per query in this run; the next run continues.")


@dg.asset(group_name="crawl", kinds={"python", "http"})
def crawled_listing_pages(
    context: dg.AssetExecutionContext, config: CrawlConfig, archive: ArchiveStorage, crawler: ArchiveCrawler
) -> dg.MaterializeResult:
    """Listing pages fetched from the archive into raw/crawl/, each beside a provenance sidecar.

    Incremental and resumable: a refresh costs a request or two per unchanged
    query, and a failed run keeps every page it saved for the next run.
    """
    settings = crawler.settings(config.max_pages)
    for url in config.urls:
        try:
            parse_query(url)
        except ValueError as exc:
            raise dg.Failure(description=f"Cannot crawl {url!r}: {exc}") from None
    # Imported here: the HTTP stack costs every process that loads the definitions, and only a crawl uses it.
    from pipeline.crawl.crawler import crawl

    results, client = crawl(config.urls, archive.raw_path, settings, logger=context.log)
    metadata = {
        "raw_dir": str(archive.raw_path),
        "pages_saved": sum(r.pages_saved for r in results),
        "pages_unchanged": sum(r.pages_unchanged for r in results),
        "requests": len(client.requests),
        "requests_by_outcome": dg.MetadataValue.json(dict(Counter(r.outcome for r in client.requests))),
        "queries": dg.MetadataValue.md(_results_table(results)),
        "user_agent": settings.user_agent,
    }
    failed = [r for r in results if r.error]
    if failed:
        raise dg.Failure(
            description="Crawl failed for " + "; ".join(f"{r.query}: {r.error}" for r in failed)
            + ". Pages saved before the failure are kept; run the crawl again to continue.",
            metadata=metadata,
        )
    return dg.MaterializeResult(metadata=metadata)


def _results_table(results: list["QueryResult"]) -> str:
    rows = ["| query | saved | unchanged | requests | total | stopped |", "|---|---|---|---|---|---|"]
    for r in results:
        total = "?" if r.total is None else str(r.total)
        rows.append(f"| {r.query} | {r.pages_saved} | {r.pages_unchanged} | {r.requests} | {total} | {r.error or r.stopped} |")
    return "\n".join(rows)


crawl_archive = dg.define_asset_job(
    name="crawl_archive",
    selection=dg.AssetSelection.assets(CRAWL_ASSET),
    description="Fetch the configured listing pages from the live archive into the raw folder, politely.",
    executor_def=dg.in_process_executor,
)


@dg.definitions
def crawl_definitions() -> dg.Definitions:
    """The crawl asset, its job and the crawler resource (asked for as `crawler`).

    A module with a `@dg.definitions` function is loaded through it alone, so
    the asset and job are listed here too.
    """
    return dg.Definitions(assets=[crawled_listing_pages], jobs=[crawl_archive], resources={"crawler": ArchiveCrawler()})
