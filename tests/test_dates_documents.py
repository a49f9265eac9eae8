"""Dates in the documents table: rejects with file and line, chronological order, the model's date rules,
the plausibility warning, and ISO dates in the published CSV."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.defs.normalize import DATES_PLAUSIBLE, dates_within_plausible_range, normalized_documents
from pipeline.documents import build_documents
from pipeline.frames import typed_frame
from pipeline.validation import split_valid
from schemas import DocumentsModel, ListingRecordsModel
from tests.build import build
from tests.test_dates_real_pages import date_lines, listing_pages

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def records(dates: list[tuple[str, int, str | None]]) -> pd.DataFrame:
    """Listing records for (file, line, date as printed), one item each, titled by where it came from."""
    rows = [
        {
            "source_file": source_file,
            "position": position,
            "line": line,
            "sha256": "0" * 64,
            "source_url": None,
            "page": None,
            "document_url": None,
            "date_text": date_text,
            "title": f"Item at {source_file}:{line}",
            "summary": None,
        }
        for position, (source_file, line, date_text) in enumerate(dates, start=1)
    ]
    return typed_frame(rows, ListingRecordsModel)


def real_and_edge_dates(real_pages: Path) -> list[tuple[str, int, str | None]]:
    real = [(path.name, line, text) for path in listing_pages(real_pages) for line, text in date_lines(path)]
    edge = ["circa 1965", "undated", "n.d.", None, "early 1970s", "undated [1955]", "Spring 1965", "1960s"]
    return real + [("edge.txt", line, text) for line, text in enumerate(edge, start=1)]


def test_impossible_dates_are_rejects_naming_file_line_and_reason(real_pages: Path) -> None:
    dates = real_and_edge_dates(real_pages) + [("bad.txt", 7, "February 30, 1965"), ("bad.txt", 9, "1965-13-01")]
    tables = build_documents(records(dates))
    rejects = tables.rejects[["source_file", "line", "stage", "raw_text"]].to_dict("records")
    assert rejects == [
        {"source_file": "bad.txt", "line": 7, "stage": "dates", "raw_text": "February 30, 1965"},
        {"source_file": "bad.txt", "line": 9, "stage": "dates", "raw_text": "1965-13-01"},
    ]
    assert list(tables.rejects["reason"].str.contains("day is out of range|month must be in")) == [True, True]
    assert not tables.documents["title"].str.startswith("Item at bad.txt").any()


def test_documents_sort_by_start_end_title_and_satisfy_the_model(real_pages: Path) -> None:
    documents = build_documents(records(real_and_edge_dates(real_pages))).documents
    valid, rejects = split_valid(documents, DocumentsModel)
    assert rejects == []
    assert len(valid) == len(documents)

    known = documents[documents["date_start"].notna()]
    keys = list(zip(known["date_start"], known["date_end"], known["title"]))
    assert keys == sorted(keys)
    unknown = documents["date_precision"] == "unknown"
    assert unknown.sum() == 3 and unknown.iloc[-3:].all()
    assert documents["date_start"].map(type).isin([date, type(None)]).all()

    approximate = dict(zip(documents["date_text"], documents["date_approximate"]))
    assert documents["date_approximate"].dtype == bool
    assert [approximate[text] for text in ["circa 1965", "early 1970s", "undated [1955]", "Spring 1965", "1960s"]] == [
        True, True, True, False, False,
    ]


def test_the_model_refuses_dates_that_contradict_themselves(real_pages: Path) -> None:
    documents = build_documents(records(real_and_edge_dates(real_pages))).documents
    by_text = {text: index for index, text in documents["date_text"].items()}
    broken = documents.copy()
    broken.loc[by_text["circa 1965"], "date_end"] = date(1964, 12, 31)
    broken.loc[by_text["1960s"], "date_precision"] = "month"
    broken.loc[by_text["undated"], "date_start"] = date(1955, 1, 1)
    broken.loc[by_text["n.d."], "date_edtf"] = "1955"

    _, rejects = split_valid(broken, DocumentsModel)

    reasons = {reject["document_id"]: reject["reason"] for reject in rejects}
    expected = {
        "circa 1965": "date_start_not_after_end",
        "1960s": "date_precision_fits_interval",
        "undated": "date_precision_fits_interval",
        "n.d.": "date_edtf_only_when_known",
    }
    assert set(reasons) == {documents.loc[by_text[text], "document_id"] for text in expected}
    for text, check in expected.items():
        assert check in reasons[documents.loc[by_text[text], "document_id"]]


def run_plausibility_check(dates: list[str], config: dict | None = None) -> dg.AssetCheckEvaluation:
    """Materialize documents from these dates and run the plausibility check with `config`."""

    @dg.asset(name="listing_records")
    def listing_records() -> pd.DataFrame:
        return records([("page.txt", line, text) for line, text in enumerate(dates, start=1)])

    check_op = dates_within_plausible_range.node_def.name
    result = dg.materialize(
        [listing_records, normalized_documents, dates_within_plausible_range],
        run_config={"ops": {check_op: {"config": config}}} if config else None,
        raise_on_error=True,
    )
    # normalized_documents evaluates its tables' model and key checks in its own step too.
    [evaluation] = [e for e in result.get_asset_check_evaluations() if e.check_name == DATES_PLAUSIBLE]
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    return evaluation


def test_plausibility_warns_about_dates_outside_the_window_and_the_window_is_configurable() -> None:
    dates = ["1799", "October 20, 1964", "circa 1850", "undated", "December 12, 2020"]

    default = run_plausibility_check(dates)
    assert not default.passed
    assert default.metadata["earliest"].value == "1800-01-01"
    assert default.metadata["latest"].value == date.today().isoformat()
    assert default.metadata["outside_range"].value == 1
    assert "1799" in default.metadata["examples"].value

    assert run_plausibility_check(dates, {"earliest": "1700-01-01"}).passed

    cold_war = run_plausibility_check(dates, {"earliest": "1945-01-01", "latest": "1991-12-31"})
    assert cold_war.metadata["outside_range"].value == 3


def test_a_malformed_window_is_a_failed_warning_not_a_crash() -> None:
    evaluation = run_plausibility_check(["October 20, 1964"], {"latest": "1991-13-01"})
    assert not evaluation.passed
    assert "month must be in 1..12" in evaluation.metadata["config_error"].value


@pytest.mark.slow
def test_the_published_csv_shows_iso_dates(seed_raw: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    assert build(seed_raw, outputs).success
    with (outputs / "documents.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    for row in rows:
        assert ISO_DAY.match(row["date_start"]) and ISO_DAY.match(row["date_end"]), row
        assert row["date_start"] <= row["date_end"]
        assert row["date_approximate"].lower() in ("true", "false")
    assert [row["date_start"] for row in rows] == sorted(row["date_start"] for row in rows)
