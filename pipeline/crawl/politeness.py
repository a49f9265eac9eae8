"""Being a good guest: who we say we are, how fast we ask, and what robots.txt allows."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

PROJECT = "wilson-archive-pipeline"

Clock = Callable[[], float]
Sleep = Callable[[float], None]


def user_agent(contact: str) -> str:
    """A User-Agent naming the project, its version and a contact, as SOURCE.md asks of a crawler."""
    if not contact.strip():
        raise ValueError("a crawler must name a contact (an e-mail address or URL) in its User-Agent")
    try:
        release = version(PROJECT)
    except PackageNotFoundError:
        release = "dev"
    return f"{PROJECT}/{release} (research datasets from the Wilson Center Digital Archive; +{contact.strip()})"


@dataclass(frozen=True)
class CrawlSettings:
    """How the crawler behaves; every politeness limit is here and configurable."""

    user_agent: str
    min_interval: float = 1.0  # seconds between any two requests, across all queries
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_attempts: int = 5  # per request, counting the first
    backoff_initial: float = 2.0  # first exponential backoff, seconds; jitter up to as much again
    backoff_max: float = 120.0
    max_retry_after: float = 900.0  # a longer Retry-After fails the run rather than holding it
    max_bytes: int = 5_000_000  # a larger response is refused
    max_redirects: int = 5
    stop_after_unchanged: int = 1  # consecutive already-held pages that end a refresh; 0 walks every page
    newest_first: bool = True  # ask the new site for most recently added first (incremental refresh)
    max_pages: int | None = None  # page requests per query per run; None for no limit


class Throttle:
    """At most one request per `interval` seconds, whoever asks.

    One throttle serves every query of a crawl, so adding queries never adds load.
    The clock and sleep are injectable so tests can run an hour of politeness in
    a millisecond.
    """

    def __init__(self, interval: float, clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None

    def wait(self) -> float:
        """Sleep until a request is allowed; return the time it is sent."""
        if self._last is not None:
            gap = self._last + self.interval - self.clock()
            if gap > 0:
                self.sleep(gap)
        self._last = self.clock()
        return self._last


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
