"""Parse and normalize in parts (batches, Dagster shards) give the same tables as one pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.generator import generate
from bench.partitioned import compare
from pipeline.batches import batched, merge_document_tables, part_of
from pipeline.defs.ingest import raw_listing_files
from pipeline.defs.partitioned import OUTPUT_FOLDER, SHARDS, sharded_normalize, sharded_parse, sharded_tables
from pipeline.defs.resources import ArchiveStorage
from pipeline.documents import build_documents
from pipeline.listings import parse_files
from pipeline.publish.files import write_parquet
from pipeline.rejects import combine_rejects
from pipeline.sources import discover
from pipeline.validation import split_valid
from schemas import DocumentListingsModel, DocumentsModel, ListingRecordsModel, RejectsModel
from tests.conftest import SEED


@given(items=st.lists(st.integers(), max_size=60), parts=st.integers(1, 9))
def test_parts_cover_every_item_once_in_order_and_near_equal(items: list[int], parts: int) -> None:
    slices = [list(part_of(items, n, parts)) for n in range(parts)]
    assert [x for s in slices for x in s] == items
    assert max(map(len, slices)) - min(map(len, slices)) <= 1


@given(items=st.lists(st.integers(), max_size=60), size=st.integers(1, 9))
def test_batches_keep_order_and_size(items: list[int], size: int) -> None:
    batches = list(batched(items, size))
    assert [x for b in batches for x in b] == items
    assert all(len(b) == size for b in batches[:-1])


def _raw_folder(tmp_path: Path, real_pages: Path) -> Path:
    """Real listings, the seed and a synthetic corpus whose documents recur across files."""
    raw = tmp_path / "raw"
    shutil.copytree(generate(900, seed=21, root=tmp_path / "corpus", workers=1).raw, raw)
    shutil.copytree(real_pages / "listings", raw / "real")
    shutil.copy(SEED, raw / SEED.name)
    return raw


def _one_pass(raw: Path) -> dict[str, tuple[pd.DataFrame, type]]:
    """The four core tables from every file at once, as the build job makes them."""
    parsed = parse_files(discover(raw))
    records, invalid_records = split_valid(parsed.records, ListingRecordsModel)
    tables = build_documents(records)
    documents, invalid_documents = split_valid(tables.documents, DocumentsModel)
    listings = tables.document_listings[tables.document_listings["document_id"].isin(documents["document_id"])]
    return {
        "documents": (documents, DocumentsModel),
        "listing_records": (records, ListingRecordsModel),
        "document_listings": (listings, DocumentListingsModel),
        "rejects": (combine_rejects(parsed.rejects, invalid_records, tables.rejects, invalid_documents), RejectsModel),
    }


def test_merging_batches_gives_the_documents_of_one_pass(tmp_path: Path, real_pages: Path) -> None:
    raw = _raw_folder(tmp_path, real_pages)
    files = discover(raw)
    records = split_valid(parse_files(files).records, ListingRecordsModel)[0]
    whole = build_documents(records)
    parts = [build_documents(split_valid(parse_files(b).records, ListingRecordsModel)[0]) for b in batched(files, 7)]
    merged = merge_document_tables(parts)
    assert whole.documents["listing_count"].max() > 1  # documents do recur across batches
    pd.testing.assert_frame_equal(merged.documents, whole.documents)
    pd.testing.assert_frame_equal(merged.document_listings, whole.document_listings)
    pd.testing.assert_frame_equal(merged.rejects, whole.rejects)


def test_sharded_assets_write_the_tables_of_one_pass(tmp_path: Path, real_pages: Path) -> None:
    raw = _raw_folder(tmp_path, real_pages)
    outputs = tmp_path / "outputs"
    resources = {
        "archive": ArchiveStorage(raw_dir=str(raw), outputs_dir=str(outputs)),
        "io_manager": dg.FilesystemIOManager(base_dir=str(tmp_path / "storage")),
    }
    assets = [raw_listing_files, sharded_parse, sharded_normalize, sharded_tables]
    instance = dg.DagsterInstance.ephemeral()
    assert dg.materialize(assets, selection=[raw_listing_files], resources=resources, instance=instance).success
    for key in reversed(SHARDS.get_partition_keys()):  # shard order must not depend on run order
        run = dg.materialize(assets, selection=[sharded_parse, sharded_normalize], partition_key=key, resources=resources, instance=instance)
        assert run.success
    assert dg.materialize(assets, selection=[sharded_tables], resources=resources, instance=instance).success

    expected = tmp_path / "expected"
    expected.mkdir()
    for name, (frame, model) in _one_pass(raw).items():
        write_parquet(frame, model, expected / f"{name}.parquet")
    written = sorted(p.name for p in (outputs / OUTPUT_FOLDER).glob("*.parquet"))
    assert written == sorted(p.name for p in expected.glob("*.parquet"))
    for name in written:
        assert (outputs / OUTPUT_FOLDER / name).read_bytes() == (expected / name).read_bytes(), name


@pytest.mark.slow
def test_one_and_two_processes_write_identical_files(tmp_path: Path) -> None:
    raw = generate(2_000, seed=5, root=tmp_path / "corpus").raw
    result = compare(raw, (1, 2))
    assert result["files"] == ["document_listings.parquet", "documents.parquet", "listing_records.parquet", "rejects.parquet"]
    assert result["identical_outputs"]
