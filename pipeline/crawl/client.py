"""An HTTP client that is a good guest: throttled, robots-aware, retrying, capped, on one host."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
import tenacity
from protego import Protego

from pipeline.crawl.errors import CrawlError
from pipeline.crawl.politeness import Clock, CrawlSettings, Sleep, Throttle, retry_after_seconds

REDIRECTS = frozenset({301, 302, 303, 307, 308})

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestRecord:
    """One request as sent: when (crawler clock), what, and how it ended."""

    at: float
    url: str
    status: int | None  # None when no response came back
    outcome: str


@dataclass(frozen=True)
class Fetched:
    """A final (non-redirect) response to a GET."""

    url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""


class _Retry(Exception):
    """A failure worth another attempt, with the wait the server asked for."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass
class PoliteClient:
    """GET pages politely; `requests` records every request for the run log and the tests."""

    settings: CrawlSettings
    transport: httpx.BaseTransport | None = None
    clock: Clock = time.monotonic
    sleep: Sleep = time.sleep
    logger: logging.Logger = log
    requests: list[RequestRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        s = self.settings
        self.throttle = Throttle(s.min_interval, self.clock, self.sleep)
        self._http = httpx.Client(
            headers={"User-Agent": s.user_agent},
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            follow_redirects=False,
            transport=self.transport,
        )
        self._robots: dict[str, Protego] = {}
        self._backoff = tenacity.wait_exponential(multiplier=s.backoff_initial, max=s.backoff_max) + tenacity.wait_random(
            0, s.backoff_initial
        )

    def close(self) -> None:
        self._http.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when a validator is given, following same-host redirects only."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, headers, obey_robots=True)

    def _follow(self, url: str, headers: dict[str, str], *, obey_robots: bool) -> Fetched:
        """GET `url`, following redirects that stay on its host; each hop is checked against robots.txt."""
        host = urlsplit(url).netloc.lower()
        current = url
        for _ in range(self.settings.max_redirects + 1):
            target = urlsplit(current).netloc.lower()
            if target != host:
                raise CrawlError(f"{url} redirected off-site to {current}; only {host} is crawled")
            if obey_robots and not self.allowed(current):
                raise CrawlError(f"robots.txt of {host} disallows {current}; not fetching it")
            fetched = self._fetch(current, headers)
            if fetched.status not in REDIRECTS:
                return Fetched(url, current, fetched.status, fetched.headers, fetched.body)
            location = fetched.headers.get("Location")
            if not location:
                raise CrawlError(f"{current} answered {fetched.status} without a Location")
            current = urljoin(current, location)
        raise CrawlError(f"{url}: more than {self.settings.max_redirects} redirects")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets us fetch it (robots.txt is fetched once per host)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        return self._robots[origin].can_fetch(url, self.settings.user_agent)

    def _read_robots(self, origin: str) -> Protego:
        """robots.txt as RFC 9309 reads it: 4xx allows everything, a server error stops the crawl."""
        fetched = self._follow(f"{origin}/robots.txt", {}, obey_robots=False)
        if fetched.status == 200:
            rules = Protego.parse(fetched.body.decode("utf-8", errors="replace"))
        elif 400 <= fetched.status < 500:
            rules = Protego.parse("")
        else:
            raise CrawlError(f"{origin}/robots.txt answered {fetched.status}; not crawling without its rules")
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay and float(delay) > self.throttle.interval:
            self.throttle.interval = float(delay)
        return rules

    def _fetch(self, url: str, headers: dict[str, str]) -> Fetched:
        """One GET with retries on 429, 5xx, timeouts, connection errors and truncated bodies."""
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.settings.max_attempts),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(_Retry),
            sleep=self.sleep,
            reraise=True,
            before_sleep=lambda state: self.logger.warning(
                "%s: %s; retry %d of %d", url, state.outcome.exception().reason, state.attempt_number, self.settings.max_attempts - 1
            ),
        )
        try:
            return retrying(self._attempt, url, headers)
        except _Retry as exc:
            raise CrawlError(f"{url}: gave up after {self.settings.max_attempts} attempts; last: {exc.reason}") from None

    def _wait(self, state: tenacity.RetryCallState) -> float:
        """Exponential backoff with jitter, but never shorter than the server's Retry-After."""
        backoff = self._backoff(state)
        exc = state.outcome.exception() if state.outcome else None
        asked = exc.retry_after if isinstance(exc, _Retry) and exc.retry_after is not None else 0.0
        return max(backoff, asked)

    def _attempt(self, url: str, headers: dict[str, str]) -> Fetched:
        at = self.throttle.wait()
        status: int | None = None
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    raise self._server_busy(url, status, response.headers.get("Retry-After"))
                body = self._read_capped(url, response)
                expected = response.headers.get("Content-Length")
                if status == 200 and expected and expected.isdigit() and response.num_bytes_downloaded != int(expected):
                    raise _Retry(f"truncated body ({response.num_bytes_downloaded} of {expected} bytes)")
                if status == 200 and _unfinished_html(response.headers, body):
                    raise _Retry("truncated body (HTML ends before </html>)")
                result = Fetched(url, url, status, response.headers, body)
        except _Retry as exc:
            self._record(at, url, status, f"retry: {exc.reason}")
            raise
        except httpx.TimeoutException as exc:
            self._record(at, url, status, f"retry: timed out ({type(exc).__name__})")
            raise _Retry(f"timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            broke_off = "truncated body" if status is not None else "connection error"
            reason = f"{broke_off} ({type(exc).__name__}: {exc})"
            self._record(at, url, status, f"retry: {reason}")
            raise _Retry(reason) from None
        except CrawlError as exc:
            self._record(at, url, status, f"failed: {exc}")
            raise
        self._record(at, url, status, _outcome(status))
        return result

    def _server_busy(self, url: str, status: int, retry_after: str | None) -> Exception:
        wait = retry_after_seconds(retry_after)
        if wait is not None and wait > self.settings.max_retry_after:
            return CrawlError(
                f"{url} answered {status} asking to wait {wait:.0f} s (more than max_retry_after "
                f"{self.settings.max_retry_after:.0f} s); run the crawl again later"
            )
        return _Retry(f"HTTP {status}" + (f", Retry-After {retry_after}" if retry_after else ""), wait)

    def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise CrawlError(f"{url} is {declared} bytes, more than the {cap}-byte cap; not saved")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise CrawlError(f"{url} exceeded the {cap}-byte cap while downloading; not saved")
            chunks.append(chunk)
        return b"".join(chunks)

    def _record(self, at: float, url: str, status: int | None, outcome: str) -> None:
        self.requests.append(RequestRecord(at, url, status, outcome))


def _outcome(status: int) -> str:
    if status == 200:
        return "ok"
    if status == 304:
        return "not modified"
    if status in REDIRECTS:
        return "redirect"
    return f"HTTP {status}"


def _unfinished_html(headers: httpx.Headers, body: bytes) -> bool:
    """An HTML page that stops before `</html>` was cut off (the archive always closes its pages)."""
    return "html" in headers.get("Content-Type", "") and b"</html>" not in body[-4096:].lower()
