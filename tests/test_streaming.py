"""The streamed build (`pipeline.streaming`): the release the Dagster job publishes, a batch at a time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as arrow
import pyarrow.parquet as pq
import pytest

import pipeline.streaming as streaming
from pipeline.cli import main
from pipeline.streaming import build_release
from schemas import PUBLISHED_TABLES
from tests.build import build
from tests.conftest import REAL_PAGES, SEED


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and every real listing page: documents recur across files, so across batches of a few files."""
    folder = tmp_path_factory.mktemp("raw")
    shutil.copy(SEED, folder / SEED.name)
    shutil.copytree(REAL_PAGES, folder / "real-pages")
    return folder


@pytest.fixture(scope="module")
def job_outputs(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    outputs = tmp_path_factory.mktemp("job") / "outputs"
    assert build(raw, outputs).success
    return outputs


def _same_release(streamed: Path, job: Path) -> None:
    """Every table: CSV byte for byte, Parquet value for value with the same schema (its row groups may differ)."""
    for spec in PUBLISHED_TABLES:
        assert (streamed / f"{spec.name}.csv").read_bytes() == (job / f"{spec.name}.csv").read_bytes(), spec.name
        assert pq.read_table(streamed / f"{spec.name}.parquet").equals(pq.read_table(job / f"{spec.name}.parquet"), check_metadata=True), spec.name
    package, expected = (json.loads((folder / "datapackage.json").read_text()) for folder in (streamed, job))
    assert package["sources"] == expected["sources"]
    assert [r["name"] for r in package["resources"]] == [r["name"] for r in expected["resources"]]


@pytest.mark.parametrize(("batch_files", "workers"), [(1_000, 1), (3, 1), (4, 2)])
def test_the_streamed_release_is_the_jobs_whatever_the_batches_and_workers(
    raw: Path, job_outputs: Path, tmp_path: Path, batch_files: int, workers: int
) -> None:
    outputs = tmp_path / "outputs"
    result = build_release(raw, outputs, batch_files=batch_files, workers=workers)
    _same_release(outputs / "current", job_outputs / "current")
    assert result.release.path == (outputs / "current").resolve()
    assert {f.path.stem for f in result.release.files} == {spec.name for spec in PUBLISHED_TABLES}
    assert not list((outputs / "releases").glob(".partial-*"))  # the runs spilled to disk went with the staging folder


def test_a_build_that_fails_midway_leaves_the_previous_release(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = tmp_path / "outputs"
    first = build_release(raw, outputs, batch_files=3)
    before = {p.name: p.read_bytes() for p in (outputs / "current").iterdir()}
    calls, link_batch = [], streaming.link_batch

    def fail_on_third_batch(documents):  # type: ignore[no-untyped-def]
        calls.append(len(documents))
        if len(calls) == 3:
            raise RuntimeError("worker lost")
        return link_batch(documents)

    monkeypatch.setattr(streaming, "link_batch", fail_on_third_batch)
    with pytest.raises(RuntimeError, match="worker lost"):
        build_release(raw, outputs, batch_files=3)
    assert (outputs / "current").resolve() == first.release.path
    assert {p.name: p.read_bytes() for p in (outputs / "current").iterdir()} == before
    assert not list((outputs / "releases").glob(".partial-*"))


def test_pages_that_list_no_document_make_an_empty_release(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REAL_PAGES / "listings" / "036.txt", raw / "collections.txt")  # lists two collections, no document
    result = build_release(raw, tmp_path / "outputs", workers=2)
    rows = {f.path.name: f.rows for f in result.release.files}
    assert rows["documents.parquet"] == rows["document_people.csv"] == 0
    assert rows["people.parquet"] > 0  # the authority's entries, each linked to no document


def _batch(valid: dict[str, int], rejected: dict[str, int]) -> streaming.BatchTables:
    """A batch holding `valid` documents and `rejected` ones (id → listing count), as a worker sends it."""
    undated = {name: arrow.nulls(len(valid), arrow.string()) for name in ("date_start", "date_end", "title")}
    documents = arrow.table({"document_id": list(valid), "listing_count": list(valid.values()), **undated})
    everything = {**valid, **rejected}
    rejects = [{"stage": "validate", "document_id": doc_id} for doc_id in rejected]
    empty = arrow.table({})
    return streaming.BatchTables(empty, documents, list(everything), list(everything.values()), rejects, empty, [], None, {})  # type: ignore[arg-type]


def test_a_documents_first_sighting_decides_across_batches(tmp_path: Path) -> None:
    """As in one pass: a later sighting adds to the count of a kept document, and never revives a rejected one."""
    kept = streaming._Documents(tmp_path)
    assert kept.add(_batch({"a": 1, "b": 2}, {"c": 1}))["document_id"].to_pylist() == ["a", "b"]
    assert kept.add(_batch({"c": 1, "d": 1, "a": 3}, {"b": 1}))["document_id"].to_pylist() == ["d"]
    table = arrow.concat_tables(kept.in_order())
    assert dict(zip(table["document_id"].to_pylist(), table["listing_count"].to_pylist())) == {"a": 4, "b": 3, "d": 1}
    assert kept.invalid == {"c"}
    assert [row["document_id"] for part in kept.rejects for row in part] == ["c"]


def test_the_command_line_streams_the_raw_folder_into_a_release(
    raw: Path, job_outputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARCHIVE_RAW_DIR", str(raw))
    monkeypatch.setenv("ARCHIVE_OUTPUTS_DIR", str(tmp_path / "outputs"))
    assert main(["stream", "--workers", "2", "--batch-files", "5"]) == 0
    documents, rejects = (pq.read_table(job_outputs / f"{name}.parquet").num_rows for name in ("documents", "rejects"))
    assert f"{documents:,} documents, {rejects:,} rejects" in capsys.readouterr().out
    _same_release(tmp_path / "outputs" / "current", job_outputs / "current")


def test_a_second_streamed_build_of_the_same_files_changes_nothing(raw: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    build_release(raw, outputs, batch_files=4, workers=2)
    first = pq.read_table(outputs / "documents.parquet")
    build_release(raw, outputs, batch_files=4, workers=2)
    assert pq.read_table(outputs / "changes.parquet").num_rows == 0
    assert pq.read_table(outputs / "documents.parquet").equals(first)


@pytest.mark.parametrize(("files", "workers", "expected"), [(997, 2, 125), (997, 1, 250), (83_400, 2, 1_000), (3, 2, 1), (0, 2, 1)])
def test_a_small_collection_is_cut_into_enough_batches_for_every_worker(files: int, workers: int, expected: int) -> None:
    assert streaming.batch_size(files, workers) == expected
