"""A simulated Wilson Center Digital Archive on 127.0.0.1, for the crawler tests.

It serves listing pages of both site generations, rendered from records by
`pipeline.synthetic.render_page`, with robots.txt, pagination, ETag /
Last-Modified validators (answering 304 to conditional requests), and faults on
demand: 500s, 429 with Retry-After, slow responses, truncated bodies,
connection resets and off-site redirects. Both generations list the most
recently added record first.
"""

from __future__ import annotations

import hashlib
import json
import random
import socket
import struct
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

from pipeline.synthetic import SyntheticItem, render_page

Renderer = Callable[..., str]

ROBOTS = "User-agent: *\nDisallow: /private/\nDisallow: /search-results/1/%7B%22private%22\n"
OFFSITE = "http://offsite.example/"

_DATES = ("{month} {day}, {year}", "{month} {day:02d}, {year}", "{month} {year}", "{month}, {year}", "{year}", "")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_PEOPLE = ("Le Duan", "Zhou Enlai", "Mao Zedong", "Pham Hùng", "Deng Xioaping", "Kim Il Sung", "Trần Quang Cơ", "Satō Eisaku", "Cuong [Pham Hung]")
_KINDS = ("Cable from", "Discussion between", "Letter from", "Minutes of Conversation between", "Speech by", "Note of")


@dataclass(frozen=True)
class Record:
    """One simulated document, listed by both generations of the site."""

    number: int
    date_text: str | None
    title: str
    summary: str | None
    tags: frozenset[str]  # facet values it is found under, e.g. "contributor:488", "people:81716"

    def item(self, generation: str) -> SyntheticItem:
        """The listing item: the old site links the numeric id, the new site a slug."""
        path = f"/document/{self.number}" if generation == "old" else f"/document/{self.slug}"
        return SyntheticItem(self.date_text, self.title, self.summary, path)

    @property
    def slug(self) -> str:
        words = "".join(c if c.isalnum() and c.isascii() else "-" for c in self.title.lower())
        return "-".join(filter(None, words.split("-")))[:60] + f"-{self.number}"

    def document_path(self, generation: str) -> str:
        return self.item(generation).document_path or ""


def make_records(count: int, *, seed: int, start: int = 100_000, tags: Sequence[str] = ("contributor:488", "people:81716")) -> list[Record]:
    """`count` varied records: every date form of the archive (none too), diacritics, brackets, summaries of 0-2 paragraphs."""
    rng = random.Random(seed)
    records = []
    for offset in range(count):
        form = rng.choice(_DATES)
        date_text = form.format(month=rng.choice(_MONTHS), day=rng.randint(1, 28), year=rng.randint(1945, 1991)) or None
        people = rng.sample(_PEOPLE, 2)
        title = f"{rng.choice(_KINDS)} {people[0]} and {people[1]} ({start + offset})"
        summary_paragraphs = [f"{people[0]} discusses the situation with {people[1]}." for _ in range(rng.choice((0, 1, 1, 2)))]
        summary = "\n\n".join(summary_paragraphs) or None
        records.append(Record(start + offset, date_text, title, summary, frozenset(tags)))
    return records


@dataclass
class Served:
    """One request the simulation answered (or dropped)."""

    target: str
    status: int | None
    headers: dict[str, str]


@dataclass
class SimulatedArchive:
    """The archive's listings over HTTP on 127.0.0.1, from `records` (oldest first)."""

    records: list[Record]
    render: Renderer = render_page
    robots: str = ROBOTS
    per_page: int = 10
    served: list[Served] = field(default_factory=list)
    faults: dict[str, list[str]] = field(default_factory=dict)
    modified: float = field(default_factory=lambda: 1_700_000_000.0)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> SimulatedArchive:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, records: Sequence[Record]) -> None:
        """New documents arrive: they list first, and every page's validators change."""
        with self._lock:
            self.records.extend(records)
            self.modified += 3600

    def inject(self, target_contains: str, *faults: str) -> None:
        """The next requests whose target contains `target_contains` meet `faults`, one each, in order.

        A fault is "500", "429:<seconds>", "slow:<seconds>", "truncate" (half the body promised by
        Content-Length), "cut" (half the body, no Content-Length), "reset" or "offsite".
        """
        with self._lock:
            self.faults.setdefault(target_contains, []).extend(faults)

    def next_fault(self, target: str) -> str | None:
        with self._lock:
            for needle, queue in self.faults.items():
                if needle in target and queue:
                    return queue.pop(0)
        return None

    def listing(self, target: str) -> tuple[str, str] | None:
        """The page `target` names, rendered, with its format; None for a path that is no listing."""
        parts = urlsplit(target)
        params = parse_qsl(parts.query, keep_blank_values=True)
        if parts.path.startswith("/search-results/"):
            _, _, page_text, listing_filter = (parts.path.split("/", 3) + [""])[:4]
            wanted = {f"{k}:{v}" for k, v in json.loads(unquote(listing_filter) or "{}").items()}
            return self._page("old", wanted, int(page_text), newest_first=True, url=target)
        if parts.path == "/search":
            wanted = {v for k, v in params if k.startswith("f[")}
            page = int(dict(params).get("page", "0"))
            newest = dict(params).get("sort_bef_combine") == "created_DESC"
            return self._page("new", wanted, page, newest_first=newest, url=target)
        return None

    def _page(self, generation: str, wanted: set[str], page: int, *, newest_first: bool, url: str) -> tuple[str, str]:
        with self._lock:
            chosen = [r for r in self.records if wanted <= r.tags]
        if newest_first:
            chosen.reverse()
        index = page - (1 if generation == "old" else 0)
        shown = chosen[index * self.per_page : (index + 1) * self.per_page] if index >= 0 else []
        fmt = f"{generation}_html"
        html = self.render(fmt, [r.item(generation) for r in shown], page=page, total=len(chosen), per_page=self.per_page, url=url)
        return fmt, html


def _handler(archive: SimulatedArchive) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            """Quiet: the archive records what it served in `served`."""

        def do_GET(self) -> None:
            fault = archive.next_fault(self.path)
            if fault == "reset":
                self._record(None)
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                return
            if fault and fault.startswith("slow:"):
                time.sleep(float(fault.split(":", 1)[1]))
            if fault == "500":
                return self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
            if fault and fault.startswith("429:"):
                return self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": fault.split(":", 1)[1]})
            if fault == "offsite":
                return self._send(302, b"", "text/plain", {"Location": OFFSITE + "trap"})
            if self.path == "/robots.txt":
                return self._send(200, archive.robots.encode(), "text/plain")
            rendered = archive.listing(self.path)
            if rendered is None:
                return self._send(404, b"<html><body>Not found</body></html>", "text/html")
            body = rendered[1].encode("utf-8")
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            last_modified = formatdate(archive.modified, usegmt=True)
            validators = {"ETag": etag, "Last-Modified": last_modified}
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", None, validators)
            self._send(200, body, "text/html; charset=utf-8", validators, truncate=fault in {"truncate", "cut"}, length=fault != "cut")

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str | None,
            headers: dict[str, str] | None = None,
            *,
            truncate: bool = False,
            length: bool = True,
        ) -> None:
            """Answer; `truncate` sends half the body and hangs up, `length=False` omits Content-Length (body ends at close)."""
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if status != 304 and length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if truncate or not length:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if truncate else body)
            self._record(status)

        def _record(self, status: int | None) -> None:
            archive.served.append(Served(self.path, status, dict(self.headers.items())))

    return Handler


@dataclass
class FakeClock:
    """The crawler's clock and sleep: sleeping advances time instantly, and is remembered."""

    now: float = 0.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
