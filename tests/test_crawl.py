"""The crawler against the simulated archive: full crawl, politeness, incremental refresh, resume."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.crawl import CrawlSettings, crawl, parse_query, user_agent
from pipeline.crawl.politeness import retry_after_seconds
from pipeline.sources import sha256_of, sidecar_path
from tests.simulated_archive import FakeClock, SimulatedArchive, make_records

pytestmark = pytest.mark.slow

OLD_QUERY = '/search-results/1/{"contributor":"488"}'
NEW_QUERY = "/search?f%5B0%5D=people%3A81716"
SIDECAR_KEYS = {"url", "final_url", "status", "etag", "last_modified", "fetched_at", "sha256", "page", "query"}


def settings(**overrides: object) -> CrawlSettings:
    return CrawlSettings(user_agent=user_agent("crawler-tests@example.org"), **overrides)


def run(archive: SimulatedArchive, raw: Path, clock: FakeClock, queries=(OLD_QUERY, NEW_QUERY), **overrides: object):
    return crawl([archive.origin + q for q in queries], raw, settings(**overrides), clock=clock.clock, sleep=clock.sleep)


def pages(raw: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(raw.rglob("*.html"))}


def held_documents(raw: Path) -> set[str]:
    return {doc for p in raw.rglob("*.meta.json") for doc in json.loads(p.read_text())["documents"]}


def test_full_crawl_fetches_each_page_once_and_saves_it_with_its_sidecar(tmp_path: Path) -> None:
    records = make_records(57, seed=1)
    clock = FakeClock()
    with SimulatedArchive(records) as archive:
        results, client = run(archive, tmp_path, clock)

    assert [r.error for r in results] == [None, None]
    assert client.requests[0].url == archive.origin + "/robots.txt"
    listing_requests = client.requests[1:]
    assert {r.status for r in listing_requests} == {200}
    per_url = Counter(r.url for r in listing_requests)
    assert set(per_url.values()) == {1}
    old, new = parse_query(archive.origin + OLD_QUERY), parse_query(archive.origin + NEW_QUERY)
    assert set(per_url) == {old.page_url(p) for p in range(1, 7)} | {new.page_url(p) for p in range(0, 6)}

    saved = pages(tmp_path)
    assert len(saved) == 12
    for path, body in saved.items():
        meta = json.loads(sidecar_path(path).read_text())
        assert SIDECAR_KEYS <= meta.keys()
        assert meta["sha256"] == sha256_of(body)
        assert meta["status"] == 200 and meta["etag"] and meta["last_modified"]
        assert meta["url"] == meta["final_url"] and f"p{meta['page']:05d}-" in path.name
    expected = {r.document_path(g) for r in records for g in ("old", "new")}
    assert held_documents(tmp_path) == expected


def test_requests_are_spaced_by_the_rate_limit_across_all_queries(tmp_path: Path) -> None:
    clock = FakeClock()
    with SimulatedArchive(make_records(25, seed=2)) as archive:
        _, client = run(archive, tmp_path, clock, min_interval=2.5)
    times = [r.at for r in client.requests]
    assert len(times) == 1 + 3 + 3
    assert all(later - earlier >= 2.5 for earlier, later in zip(times, times[1:]))
    assert sum(clock.slept) >= 2.5 * (len(times) - 1)


def test_user_agent_names_the_project_and_a_contact(tmp_path: Path) -> None:
    with SimulatedArchive(make_records(5, seed=3)) as archive:
        run(archive, tmp_path, FakeClock(), queries=(NEW_QUERY,))
    agents = {s.headers.get("User-Agent") for s in archive.served}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("wilson-archive-pipeline/") and "crawler-tests@example.org" in agent
    with pytest.raises(ValueError, match="contact"):
        user_agent("  ")


def test_robots_txt_is_read_first_and_a_disallowed_listing_is_never_requested(tmp_path: Path) -> None:
    private = '/search-results/1/{"private":"1"}'
    with SimulatedArchive(make_records(15, seed=4)) as archive:
        results, client = run(archive, tmp_path, FakeClock(), queries=(private, NEW_QUERY))
    assert "robots.txt" in results[0].error and "disallows" in results[0].error
    assert results[1].error is None
    assert [r.url for r in client.requests][0].endswith("/robots.txt")
    assert [s.target for s in archive.served].count("/robots.txt") == 1
    assert not any("private" in s.target for s in archive.served)
    assert not any("private" in str(p) for p in tmp_path.rglob("*"))


def test_robots_rules_for_our_own_agent_apply(tmp_path: Path) -> None:
    robots = "User-agent: wilson-archive-pipeline\nDisallow: /search?\n\nUser-agent: *\nAllow: /\n"
    with SimulatedArchive(make_records(15, seed=12), robots=robots) as archive:
        results, _ = run(archive, tmp_path, FakeClock())
    assert results[0].error is None and results[0].pages_saved == 2
    assert "disallows" in results[1].error
    assert not any(s.target.startswith("/search?") for s in archive.served)


def test_robots_crawl_delay_slows_the_crawler_down(tmp_path: Path) -> None:
    with SimulatedArchive(make_records(25, seed=5), robots="User-agent: *\nCrawl-delay: 4\n") as archive:
        _, client = run(archive, tmp_path, FakeClock(), queries=(NEW_QUERY,))
    times = [r.at for r in client.requests]
    assert all(later - earlier >= 4 for earlier, later in zip(times[1:], times[2:]))


def test_refresh_of_an_unchanged_archive_costs_at_most_two_requests_per_query(tmp_path: Path) -> None:
    clock = FakeClock()
    with SimulatedArchive(make_records(83, seed=6)) as archive:
        run(archive, tmp_path, clock)
        before = pages(tmp_path)
        results, client = run(archive, tmp_path, clock)
    assert [r.error for r in results] == [None, None]
    assert all(r.requests <= 2 for r in results)
    assert len(client.requests) == 3  # robots.txt and one 304 per query
    assert [r.status for r in client.requests[1:]] == [304, 304]
    assert pages(tmp_path) == before


def test_ten_new_documents_are_found_with_at_most_three_requests_per_query(tmp_path: Path) -> None:
    clock = FakeClock()
    records = make_records(83, seed=7)
    with SimulatedArchive(records) as archive:
        run(archive, tmp_path, clock)
        before = pages(tmp_path)
        added = make_records(10, seed=8, start=200_000)
        archive.add(added)
        results, _ = run(archive, tmp_path, clock)
    assert [r.error for r in results] == [None, None]
    assert all(r.requests <= 3 for r in results), [r.requests for r in results]
    held = held_documents(tmp_path)
    assert {r.document_path(g) for r in added for g in ("old", "new")} <= held
    after = pages(tmp_path)
    assert {p: after[p] for p in before} == before  # earlier pages untouched: raw/ only grows
    assert len(after) > len(before)


def test_a_crashed_crawl_loses_nothing_and_the_next_run_continues(tmp_path: Path) -> None:
    clock = FakeClock()
    records = make_records(64, seed=9)
    with SimulatedArchive(records) as archive:
        archive.inject("page=3", *["500"] * 3)
        first, _ = run(archive, tmp_path, clock, queries=(NEW_QUERY,), max_attempts=3)
        assert "gave up after 3 attempts" in first[0].error and "HTTP 500" in first[0].error
        saved_first = pages(tmp_path)
        assert sorted(json.loads(sidecar_path(p).read_text())["page"] for p in saved_first) == [0, 1, 2]

        second, client = run(archive, tmp_path, clock, queries=(NEW_QUERY,))
    assert second[0].error is None
    pages_fetched = [int(r.url.rsplit("page=", 1)[1]) for r in client.requests[1:]]
    assert pages_fetched == [0, 3, 4, 5, 6]  # page 0 answers 304, then it jumps to the first page not held
    assert client.requests[1].status == 304
    assert held_documents(tmp_path) == {r.document_path("new") for r in records}


def test_a_page_limit_stops_a_run_and_the_next_one_carries_on(tmp_path: Path) -> None:
    clock = FakeClock()
    records = make_records(45, seed=10)
    with SimulatedArchive(records) as archive:
        first, _ = run(archive, tmp_path, clock, queries=(OLD_QUERY,), max_pages=2)
        second, client = run(archive, tmp_path, clock, queries=(OLD_QUERY,))
    assert "page limit" in first[0].stopped and first[0].pages_saved == 2
    assert second[0].pages_saved == 3 and second[0].stopped == "last page"
    assert sum(r.status == 200 for r in client.requests[1:]) == 3
    assert held_documents(tmp_path) == {r.document_path("old") for r in records}


def test_walking_every_page_when_the_incremental_stop_is_off(tmp_path: Path) -> None:
    clock = FakeClock()
    with SimulatedArchive(make_records(31, seed=11)) as archive:
        run(archive, tmp_path, clock, queries=(NEW_QUERY,))
        results, client = run(archive, tmp_path, clock, queries=(NEW_QUERY,), stop_after_unchanged=0)
    assert [r.status for r in client.requests[1:]] == [304] * 4
    assert results[0].pages_saved == 0 and results[0].stopped == "last page"


@given(page=st.integers(min_value=0, max_value=2000), generation=st.sampled_from(["old", "new"]))
def test_any_page_of_a_query_names_the_same_query(page: int, generation: str) -> None:
    base = "https://digitalarchive.wilsoncenter.org"
    url = base + (OLD_QUERY if generation == "old" else NEW_QUERY + "&items_per_page=100")
    query = parse_query(url)
    page = max(page, query.first_page)
    assert parse_query(query.page_url(page)) == query
    assert query.last_page(query.per_page * 3) == query.first_page + 2
    assert ("sort_bef_combine=created_DESC" in query.canonical) == (generation == "new")


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    from datetime import datetime, timezone

    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Thu, 01 Jan 2026 00:01:00 GMT", now) == 60.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
