"""Asset checks: what they catch, their severity, and that an ERROR stops the release."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.definitions import defs
from pipeline.defs import checks
from pipeline.defs.resources import ArchiveStorage, QualityThresholds
from pipeline.frames import typed_frame
from pipeline.quality import ForeignKey, duplicate_keys, foreign_keys, header_range_mismatches, orphan_rows
from schemas import PUBLISHED_TABLES, DocumentListingsModel, DocumentsModel, ListingRecordsModel, RejectsModel
from tests.build import build


def run_build(raw: Path, outputs: Path, quality: QualityThresholds | None = None) -> dg.ExecuteInProcessResult:
    """The build job with chosen folders and, optionally, chosen check thresholds."""
    return (
        defs()
        .resolve_job_def("build_datasets")
        .execute_in_process(
            instance=dg.DagsterInstance.ephemeral(),
            resources={
                "archive": ArchiveStorage(raw_dir=str(raw), outputs_dir=str(outputs)),
                "quality": quality or QualityThresholds(),
            },
            raise_on_error=False,
        )
    )


def release_state(outputs: Path) -> dict[str, tuple[str | None, bytes, int]]:
    """Every published path: where it links to (if a link), its bytes (if a file) and modification time."""
    return {
        p.name: (os.readlink(p) if p.is_symlink() else None, p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in outputs.iterdir()
        if p.is_symlink() or p.is_file()
    }


def evaluations(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    return {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}


def test_every_published_table_is_checked_against_its_model_and_keys() -> None:
    graph = defs().resolve_asset_graph()
    specs = {(k.asset_key.to_user_string(), k.name): graph.get_check_spec(k) for k in graph.asset_check_keys}
    for table in PUBLISHED_TABLES:
        assert specs[(table.name, checks.MATCHES_MODEL)].blocking
    assert specs[("documents", checks.PRIMARY_KEY_UNIQUE)].blocking
    assert specs[("document_listings", checks.FOREIGN_KEYS_RESOLVE)].blocking
    # documents is made in the same step as document_listings; listing_records comes from upstream.
    assert {dep.asset_key.to_user_string() for dep in specs[("document_listings", checks.FOREIGN_KEYS_RESOLVE)].additional_deps} == {
        "listing_records",
    }
    assert specs[("rejects", checks.REJECT_SHARE)].blocking


def test_table_checks_run_in_the_step_that_makes_the_table() -> None:
    """No separate step (and no reload of the table) per check: the producing asset evaluates them."""
    graph = defs().resolve_asset_graph()
    for table in PUBLISHED_TABLES:
        producer = graph.get(dg.AssetKey(table.name)).assets_def
        own = {key.name for key in producer.check_keys if key.asset_key.to_user_string() == table.name}
        assert checks.MATCHES_MODEL in own, table.name


def test_seed_build_passes_every_check(seed_raw: Path, tmp_path: Path) -> None:
    result = build(seed_raw, tmp_path / "outputs")
    assert result.success
    found = evaluations(result)
    assert found and all(e.passed for e in found.values())
    assert found[("documents", checks.MATCHES_MODEL)].metadata["rows"].value == 20
    fk = found[("document_listings", checks.FOREIGN_KEYS_RESOLVE)].metadata
    assert fk["orphans/document_id/documents"].value == 0
    assert fk["orphans/source_file_position/listing_records"].value == 0
    assert found[("rejects", checks.REJECT_SHARE)].metadata["reject_share"].value == 0.0


def test_an_error_check_stops_publishing_and_keeps_the_previous_release(seed_raw: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    assert run_build(seed_raw, outputs).success
    before = release_state(outputs)
    assert "documents.parquet" in before

    (seed_raw / "not-a-listing.txt").write_text("Nothing here looks like a listing page.\n", encoding="utf-8")
    result = run_build(seed_raw, outputs, QualityThresholds(max_reject_share=0.0))

    failed = evaluations(result)[("rejects", checks.REJECT_SHARE)]
    assert not failed.passed and failed.severity == dg.AssetCheckSeverity.ERROR
    assert failed.metadata["rejects"].value == 1
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "rejects" in materialized and "release" not in materialized
    assert release_state(outputs) == before


def test_the_same_input_publishes_when_the_threshold_allows_it(seed_raw: Path, tmp_path: Path) -> None:
    (seed_raw / "not-a-listing.txt").write_text("Nothing here looks like a listing page.\n", encoding="utf-8")
    outputs = tmp_path / "outputs"
    result = run_build(seed_raw, outputs, QualityThresholds(max_reject_share=0.1))
    assert result.success
    rejects = pd.read_parquet(outputs / "rejects.parquet")
    assert list(rejects["source_file"]) == ["not-a-listing.txt"]


def test_model_check_reports_the_failing_values() -> None:
    spec = next(s for s in PUBLISHED_TABLES if s.name == "rejects")
    frame = typed_frame([{"stage": "guessing", "reason": "no such stage"}], RejectsModel)
    result = checks.model_result(spec, frame)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    assert "guessing" in result.metadata["examples"].value


def test_reject_share_counts_rejects_against_everything_read() -> None:
    records = typed_frame(
        [{"source_file": "a.txt", "position": i, "line": i, "sha256": "0" * 64, "title": f"t{i}"} for i in range(1, 4)],
        ListingRecordsModel,
    )
    rejects = typed_frame([{"stage": "parse", "reason": "unreadable"}], RejectsModel)
    result = checks.reject_share(rejects, records, QualityThresholds(max_reject_share=0.2))
    assert result.metadata["reject_share"].value == 0.25
    assert not result.passed
    assert checks.reject_share(rejects, records, QualityThresholds(max_reject_share=0.25)).passed


keys = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=12)


@given(links=keys, targets=keys)
def test_orphans_are_exactly_the_links_without_a_target(links: list[str], targets: list[str]) -> None:
    frame = pd.DataFrame({"document_id": links, "n": range(len(links))})
    referenced = pd.DataFrame({"id": targets}, dtype=object)
    orphans = orphan_rows(frame, ForeignKey(("document_id",), "documents", ("id",)), referenced)
    assert list(orphans["n"]) == [n for n, value in enumerate(links) if value not in targets]


@given(values=keys)
def test_duplicate_keys_keep_every_copy(values: list[str]) -> None:
    frame = pd.DataFrame({"document_id": values})
    duplicates = duplicate_keys(frame, ["document_id"])
    assert list(duplicates["document_id"]) == [v for v in values if values.count(v) > 1]


@given(first=st.integers(1, 500), size=st.integers(1, 100), items=st.integers(0, 100), collections=st.integers(0, 10))
def test_header_range_mismatch_iff_results_differ_from_range(first: int, size: int, items: int, collections: int) -> None:
    pages = pd.DataFrame(
        {
            "source_file": ["p.txt", "unranged.txt"],
            "range_first": [first, None],
            "range_last": [first + size - 1, None],
            "items": [items, 3],
            "collections": [collections, 0],
        }
    ).astype({"range_first": "Int64", "range_last": "Int64"})
    mismatches = header_range_mismatches(pages)
    assert list(mismatches["source_file"]) == (["p.txt"] if items + collections != size else [])
    if len(mismatches):
        assert mismatches["expected_items"].iloc[0] == size


def test_foreign_keys_come_from_the_models() -> None:
    assert [(fk.fields, fk.resource) for fk in foreign_keys(DocumentListingsModel)] == [
        (("document_id",), "documents"),
        (("source_file", "position"), "listing_records"),
    ]
    assert foreign_keys(DocumentsModel) == []


@pytest.mark.parametrize("spec", PUBLISHED_TABLES, ids=lambda s: s.name)
def test_empty_tables_pass_their_model_check(spec) -> None:
    assert checks.model_result(spec, typed_frame([], spec.model)).passed
