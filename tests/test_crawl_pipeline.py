"""The crawl as Dagster runs it, and end to end: crawl the simulated archive, build, find every document."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from pipeline.crawl.__main__ import main
from pipeline.definitions import defs
from pipeline.defs.crawl import CONTACT_ENV, CRAWL_ASSET, ArchiveCrawler
from pipeline.defs.jobs import BUILD_GROUPS
from pipeline.defs.resources import RAW_DIR_ENV, ArchiveStorage
from pipeline.sources import sidecar_path
from tests.build import build
from tests.simulated_archive import SimulatedArchive, make_records

pytestmark = pytest.mark.slow

QUERIES = ('/search-results/1/{"contributor":"488"}', "/search?f%5B0%5D=people%3A81716")


def crawl_job(raw: Path, crawler: ArchiveCrawler, urls: list[str]) -> dg.ExecuteInProcessResult:
    job = defs().resolve_job_def("crawl_archive")
    return job.execute_in_process(
        run_config={"ops": {CRAWL_ASSET: {"config": {"urls": urls}}}},
        instance=dg.DagsterInstance.ephemeral(),
        resources={"archive": ArchiveStorage(raw_dir=str(raw)), "crawler": crawler},
        raise_on_error=False,
    )


def fast_crawler(**overrides: object) -> ArchiveCrawler:
    """Real time in these tests: no wait between requests (the rate limit is proven on a fake clock elsewhere)."""
    return ArchiveCrawler(contact="crawler-tests@example.org", min_interval_seconds=0.0, **overrides)


def step_failure(result: dg.ExecuteInProcessResult) -> str:
    (event,) = [e for e in result.all_events if e.is_step_failure]
    return event.step_failure_data.error.message


def test_crawled_pages_build_into_every_simulated_document(tmp_path: Path) -> None:
    raw, outputs = tmp_path / "raw", tmp_path / "outputs"
    records = make_records(37, seed=30)
    with SimulatedArchive(records) as archive:
        result = crawl_job(raw, fast_crawler(), [archive.origin + q for q in QUERIES])
    assert result.success
    (materialization,) = result.asset_materializations_for_node(CRAWL_ASSET)
    assert materialization.metadata["pages_saved"].value == 8
    assert materialization.metadata["requests"].value == 1 + 8

    assert build(raw, outputs).success
    documents = pq.read_table(outputs / "documents.parquet").to_pandas()
    expected = {f"wcda:{r.number}" for r in records} | {f"wcda:{r.slug}" for r in records}
    assert set(documents["document_id"]) == expected
    by_id = documents.set_index("document_id")
    for record in records:
        assert by_id.loc[f"wcda:{record.number}", "title"] == record.title
        assert by_id.loc[f"wcda:{record.slug}", "date_text"] == record.date_text

    listings = pq.read_table(outputs / "listing_records.parquet").to_pandas()
    for source_file, source_url in listings[["source_file", "source_url"]].drop_duplicates().itertuples(index=False):
        assert json.loads(sidecar_path(raw / source_file).read_text())["url"] == source_url


def test_the_build_job_never_crawls() -> None:
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    built = dg.AssetSelection.groups(*BUILD_GROUPS).resolve(graph)
    assert dg.AssetKey(CRAWL_ASSET) not in built
    assert graph.get(dg.AssetKey(CRAWL_ASSET)).group_name == "crawl"
    assert dg.AssetKey(CRAWL_ASSET) in graph.get(dg.AssetKey("raw_listing_files")).parent_keys


def test_a_crawl_without_a_contact_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONTACT_ENV, raising=False)
    with SimulatedArchive(make_records(5, seed=31)) as archive:
        result = crawl_job(tmp_path / "raw", ArchiveCrawler(min_interval_seconds=0.0), [archive.origin + QUERIES[0]])
    assert not result.success
    assert f"No crawler contact: set {CONTACT_ENV}" in step_failure(result)
    assert archive.served == []


def test_a_url_that_is_no_listing_is_refused_before_any_request(tmp_path: Path) -> None:
    result = crawl_job(tmp_path / "raw", fast_crawler(), ["digitalarchive.wilsoncenter.org/search"])
    assert not result.success
    assert "Cannot crawl 'digitalarchive.wilsoncenter.org/search': not a listing URL" in step_failure(result)


def test_a_failed_query_fails_the_run_and_names_it_while_the_others_are_saved(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    with SimulatedArchive(make_records(15, seed=32)) as archive:
        archive.inject("search-results/2/", "offsite")
        result = crawl_job(raw, fast_crawler(), [archive.origin + q for q in QUERIES])
    assert not result.success
    message = step_failure(result)
    assert "redirected off-site" in message and "contributor" in message and "run the crawl again to continue" in message
    assert len(list(raw.rglob("*.html"))) == 1 + 2  # old site page 1, both new-site pages


def test_the_command_line_crawls_into_the_raw_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    raw = tmp_path / "raw"
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv(RAW_DIR_ENV, str(raw))
    monkeypatch.setenv(CONTACT_ENV, "crawler-tests@example.org")
    with SimulatedArchive(make_records(12, seed=33)) as archive:
        assert main([archive.origin + QUERIES[1], "--max-pages", "1"]) == 0
        assert "Crawl finished" in capsys.readouterr().out
        assert len(list(raw.rglob("*.html"))) == 1
        archive.inject("page=1", "offsite")
        assert main([archive.origin + QUERIES[1]]) == 1
    err = capsys.readouterr().err
    assert "redirected off-site" in err and "Traceback" not in err
