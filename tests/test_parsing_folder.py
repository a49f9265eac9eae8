"""A raw folder mixing good and bad files runs to the end: good items published, every problem named."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.defs.parse import HEADER_RANGE_VS_ITEMS, header_range_vs_items
from pipeline.frames import typed_frame
from pipeline.listings import parse_files
from pipeline.sources import discover, sidecar_path
from schemas import ListingPagesModel
from tests.build import build
from tests.conftest import SEED

URL_065 = "https://wilson-center.drivingcreative.com/search?f%5B0%5D=people%3A81611&fo%5B0%5D=81611&page=1&search_api_fulltext=United+Nations"
LEGACY = "Skip to content\n\n1 - 1 of 1\n\nMarch 23, 1975\n\nCable from Debré to Görög\n\nLes débats ont été très animés et détaillés à Genève.\n"


@pytest.fixture
def mixed_raw(tmp_path: Path, real_pages: Path) -> Path:
    """Good files (the seed, a real new-site page with its crawl sidecar, a cp1252 page) and four bad ones."""
    raw = tmp_path / "raw"
    (raw / "crawl").mkdir(parents=True)
    shutil.copy(SEED, raw / "seed.txt")
    shutil.copy(real_pages / "listings" / "065.txt", raw / "crawl" / "065.txt")
    sidecar_path(raw / "crawl" / "065.txt").write_text(json.dumps({"url": URL_065, "page": 1}), encoding="utf-8")
    (raw / "legacy.txt").write_bytes(LEGACY.encode("cp1252"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    (raw / "notes.txt").write_text("Meeting notes, Tuesday\n\nBring the Le Duan folder.\n", encoding="utf-8")
    (raw / "cut.txt").write_bytes(SEED.read_bytes()[:1000])
    return raw


def test_parse_stage_keeps_good_items_and_names_every_bad_file(mixed_raw: Path) -> None:
    parsed = parse_files(discover(mixed_raw))
    counts = parsed.records.groupby("source_file").size().to_dict()
    assert counts == {"crawl/065.txt": 6, "cut.txt": 3, "legacy.txt": 1, "seed.txt": 20}
    rejects = {(r.source_file, r.stage, None if pd.isna(r.line) else r.line): r.reason for r in parsed.rejects.itertuples()}
    assert rejects.keys() == {
        ("empty.txt", "parse", 1),
        ("picture.html", "read", None),
        ("notes.txt", "parse", 1),
        ("cut.txt", "parse", 24),
        ("crawl/065.txt", "parse", 42),
    }
    assert "empty" in rejects[("empty.txt", "parse", 1)]
    assert "binary" in rejects[("picture.html", "read", None)]
    assert "no known listing format" in rejects[("notes.txt", "parse", 1)]
    assert "cut off" in rejects[("cut.txt", "parse", 24)]
    assert any(w.startswith("legacy.txt: not valid UTF-8") for w in parsed.warnings)
    legacy = parsed.records[parsed.records["source_file"] == "legacy.txt"].iloc[0]
    assert legacy["title"] == "Cable from Debré to Görög"


def test_crawl_sidecar_gives_url_and_page_to_every_row(mixed_raw: Path) -> None:
    parsed = parse_files(discover(mixed_raw))
    rows = parsed.records[parsed.records["source_file"] == "crawl/065.txt"]
    assert set(rows["source_url"]) == {URL_065}
    assert set(rows["page"]) == {1}
    page = parsed.pages.set_index("source_file").loc["crawl/065.txt"]
    assert (page["range_first"], page["range_last"], page["range_total"], page["items"], page["truncated"]) == (11, 20, 61, 6, True)
    seed = parsed.pages.set_index("source_file").loc["seed.txt"]
    assert (seed["format"], seed["encoding"], seed["truncated"], seed["collections"]) == ("old_text", "utf-8", False, 0)


def test_url_without_sidecar_page_still_gives_the_page(tmp_path: Path, real_pages: Path) -> None:
    shutil.copy(real_pages / "listings" / "008.txt", tmp_path / "008.txt")
    url = "https://digitalarchive.wilsoncenter.org/search-results/2/%7B%22contributor%22%3A%22678%22%7D?recordType=Record"
    sidecar_path(tmp_path / "008.txt").write_text(json.dumps({"url": url}), encoding="utf-8")
    parsed = parse_files(discover(tmp_path))
    assert set(parsed.records["page"]) == {2}
    assert set(parsed.records["source_url"]) == {url}


def test_whole_build_on_the_mixed_folder_publishes_good_items_and_reports_the_rest(
    mixed_raw: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outputs = tmp_path / "outputs"
    with caplog.at_level(logging.WARNING, logger="pipeline.listings"):
        result = build(mixed_raw, outputs)
    assert result.success
    records = pq.read_table(outputs / "listing_records.parquet").to_pandas()
    assert records.groupby("source_file").size().to_dict() == {"crawl/065.txt": 6, "cut.txt": 3, "legacy.txt": 1, "seed.txt": 20}
    rejects = pq.read_table(outputs / "rejects.parquet").to_pandas()
    assert {"empty.txt", "picture.html", "notes.txt", "cut.txt", "crawl/065.txt"} <= set(rejects["source_file"])
    assert any("legacy.txt" in message and "cp" in message for message in caplog.messages)

    (check,) = [
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION" and event.event_specific_data.check_name == HEADER_RANGE_VS_ITEMS
    ]
    assert not check.passed
    assert check.severity.value == "WARN"
    assert "crawl/065.txt" in check.metadata["truncated_files"].value
    assert check.metadata["unexplained_files"].value == "_none_"


def page_row(source_file: str, first: int, last: int, items: int, truncated: bool) -> dict:
    return {"source_file": source_file, "sha256": "0" * 64, "format": "new_text", "encoding": "utf-8", "source_url": None,
            "page": None, "range_first": first, "range_last": last, "range_total": 20, "items": items,
            "truncated": truncated, "collections": 0}


def test_header_range_check_warns_and_sets_unexplained_files_apart() -> None:
    pages = typed_frame(
        [page_row("whole.txt", 1, 10, 10, False), page_row("short.txt", 11, 20, 7, False), page_row("cut.txt", 11, 20, 3, True)],
        ListingPagesModel,
    )
    result = header_range_vs_items(pages)
    assert (result.passed, result.severity.value) == (False, "WARN")
    assert result.metadata["truncated_files"].value == "- `cut.txt`: 3 of 10 items"
    assert result.metadata["unexplained_files"].value == "- `short.txt`: 7 of 10 items"
    assert result.description.endswith("1 cut short, 1 unexplained: short.txt")
    assert header_range_vs_items(pages.iloc[:1]).passed
