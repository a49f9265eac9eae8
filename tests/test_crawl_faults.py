"""Every fault of the simulated archive is survived, or fails the query with a clear message;
either way raw/ never holds a partial page or sidecar."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from pipeline.crawl import CrawlSettings, crawl, user_agent
from pipeline.crawl.storage import RawStore
from pipeline.crawl.queries import parse_query
from pipeline.sources import SIDECAR_SUFFIX, sha256_of, sidecar_path
from tests.simulated_archive import FakeClock, SimulatedArchive, make_records

pytestmark = pytest.mark.slow

QUERY = "/search?f%5B0%5D=people%3A81716"
RECORDS = 35  # four pages


def run(archive: SimulatedArchive, raw: Path, clock: FakeClock | None = None, **overrides: object):
    clock = clock or FakeClock()
    settings = CrawlSettings(user_agent=user_agent("crawler-tests@example.org"), **overrides)
    results, client = crawl([archive.origin + QUERY], raw, settings, clock=clock.clock, sleep=clock.sleep)
    return results[0], client


def assert_raw_is_whole(raw: Path) -> None:
    """Only complete pages, each beside a sidecar naming its exact bytes, and nothing half-written."""
    files = [p for p in raw.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.endswith(".part")]
    page_files = [p for p in files if not p.name.endswith(SIDECAR_SUFFIX)]
    sidecars = [p for p in files if p.name.endswith(SIDECAR_SUFFIX)]
    assert len(page_files) == len(sidecars)
    for page in page_files:
        body = page.read_bytes()
        assert body.rstrip().endswith(b"</html>"), page
        assert json.loads(sidecar_path(page).read_text())["sha256"] == sha256_of(body)


def successes_per_page(client) -> Counter:
    return Counter(r.url for r in client.requests if r.outcome == "ok" and "robots.txt" not in r.url)


@pytest.mark.parametrize(
    ("fault", "outcome"),
    [
        ("500", "HTTP 500"),
        ("reset", "connection error"),
        ("truncate", "truncated body"),
        ("cut", "truncated body"),
    ],
)
def test_a_transient_fault_is_retried_and_the_page_saved_once(tmp_path: Path, fault: str, outcome: str) -> None:
    with SimulatedArchive(make_records(RECORDS, seed=20)) as archive:
        archive.inject("page=1", fault, fault)
        result, client = run(archive, tmp_path)
    assert result.error is None and result.pages_saved == 4
    retries = [r for r in client.requests if r.outcome.startswith("retry")]
    assert len(retries) == 2 and all(outcome in r.outcome for r in retries)
    assert set(successes_per_page(client).values()) == {1}
    assert_raw_is_whole(tmp_path)


def test_backoff_grows_between_retries(tmp_path: Path) -> None:
    clock = FakeClock()
    with SimulatedArchive(make_records(RECORDS, seed=21)) as archive:
        archive.inject("page=2", "500", "500", "500")
        result, _ = run(archive, tmp_path, clock, backoff_initial=2.0, backoff_max=60.0)
    assert result.error is None
    backoffs = [s for s in clock.slept if s > 1.0]
    assert len(backoffs) == 3
    assert 2.0 <= backoffs[0] <= 4.0 and 4.0 <= backoffs[1] <= 6.0 and 8.0 <= backoffs[2] <= 10.0


def test_429_waits_as_long_as_retry_after_says(tmp_path: Path) -> None:
    clock = FakeClock()
    with SimulatedArchive(make_records(RECORDS, seed=22)) as archive:
        archive.inject("page=1", "429:30")
        result, client = run(archive, tmp_path, clock)
    assert result.error is None and result.pages_saved == 4
    refused = next(i for i, r in enumerate(client.requests) if r.status == 429)
    assert "Retry-After 30" in client.requests[refused].outcome
    assert client.requests[refused + 1].at - client.requests[refused].at >= 30
    assert_raw_is_whole(tmp_path)


def test_a_retry_after_beyond_the_limit_fails_the_query_clearly(tmp_path: Path) -> None:
    with SimulatedArchive(make_records(RECORDS, seed=23)) as archive:
        archive.inject("page=2", "429:86400")
        result, _ = run(archive, tmp_path, max_retry_after=600)
    assert "asking to wait 86400 s" in result.error and "run the crawl again later" in result.error
    assert result.pages_saved == 2
    assert_raw_is_whole(tmp_path)


def test_a_slow_response_times_out_and_is_retried(tmp_path: Path) -> None:
    with SimulatedArchive(make_records(RECORDS, seed=24)) as archive:
        archive.inject("page=3", "slow:1.5")
        result, client = run(archive, tmp_path, read_timeout=0.3)
    assert result.error is None and result.pages_saved == 4
    assert any("timed out" in r.outcome for r in client.requests)
    assert_raw_is_whole(tmp_path)


def test_a_fault_that_persists_fails_the_query_and_keeps_the_pages_before_it(tmp_path: Path) -> None:
    with SimulatedArchive(make_records(RECORDS, seed=25)) as archive:
        archive.inject("page=2", *["cut"] * 4)
        result, _ = run(archive, tmp_path, max_attempts=4)
    assert result.error.endswith("gave up after 4 attempts; last: truncated body (HTML ends before </html>)")
    assert QUERY.split("?")[0] in result.error and "page=2" in result.error
    assert result.pages_saved == 2
    assert_raw_is_whole(tmp_path)


def test_an_off_site_redirect_is_refused(tmp_path: Path) -> None:
    with SimulatedArchive(make_records(RECORDS, seed=26)) as archive:
        archive.inject("page=1", "offsite")
        result, client = run(archive, tmp_path)
    assert "redirected off-site to http://offsite.example/trap" in result.error
    assert not any("offsite.example" in r.url for r in client.requests)
    assert result.pages_saved == 1
    assert_raw_is_whole(tmp_path)


def test_a_response_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    with SimulatedArchive(make_records(RECORDS, seed=27)) as archive:
        result, _ = run(archive, tmp_path, max_bytes=1000)
    assert "more than the 1000-byte cap" in result.error
    assert result.pages_saved == 0
    assert not list(tmp_path.rglob("*.html"))


def test_a_crash_while_writing_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # the second page's page file: its sidecar is already written
            raise OSError("disk full")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with SimulatedArchive(make_records(RECORDS, seed=28)) as archive:
        with pytest.raises(OSError, match="disk full"):
            run(archive, tmp_path)
        monkeypatch.setattr(os, "fsync", real_fsync)
        assert not list(tmp_path.rglob("*.part"))
        assert len(list(tmp_path.rglob("*.html"))) == 1
        result, _ = run(archive, tmp_path)
    assert result.error is None
    assert_raw_is_whole(tmp_path)
    query = parse_query(archive.origin + QUERY)
    assert sorted(h.page for h in RawStore(tmp_path).held(query)) == [0, 1, 2, 3]
