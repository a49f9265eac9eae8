"""Optional numbers stay null in Parquet, so a real release (some values missing) validates."""

from __future__ import annotations

from pathlib import Path

import frictionless
import pandas as pd
import pyarrow.parquet as pq

from pipeline.frames import typed_frame
from pipeline.publish import current_release, publish
from schemas import ListingRecordsModel, UnresolvedMentionsModel

RECORD = {
    "source_file": "a.txt",
    "position": 1,
    "line": 6,
    "sha256": "0" * 64,
    "source_url": None,
    "page": None,
    "document_url": None,
    "date_text": "1971",
    "title": "Discussion between Zhou Enlai and Le Duan",
    "summary": None,
}
UNRESOLVED = {
    "name": "Comrade Smith",
    "folded": "smith",
    "mention_count": 1,
    "document_count": 1,
    "example_documents": "h:1",
    "suggestion_kind": None,
    "suggestion_id": None,
    "suggestion_name": None,
    "suggestion_score": None,
}


def test_missing_and_present_numbers_in_one_column_publish_and_validate(tmp_path: Path) -> None:
    records = typed_frame([RECORD, dict(RECORD, source_file="b.html", page=3)], ListingRecordsModel)
    unresolved = typed_frame(
        [UNRESOLVED, dict(UNRESOLVED, name="Smyth", folded="smyth", suggestion_kind="person",
                          suggestion_id="x", suggestion_name="X", suggestion_score=80.0)],
        UnresolvedMentionsModel,
    )
    release = publish(
        {"listing_records": (records, ListingRecordsModel), "unresolved_mentions": (unresolved, UnresolvedMentionsModel)},
        tmp_path / "outputs",
    )

    assert frictionless.validate(str(release.path / "datapackage.json")).valid
    pages = pq.read_table(release.path / "listing_records.parquet").to_pandas()["page"]
    assert pages.isna().tolist() == [True, False] and pages.iloc[1] == 3
    scores = pq.read_table(release.path / "unresolved_mentions.parquet").column("suggestion_score").to_pylist()
    assert scores == [None, 80.0]
    assert pd.read_parquet(release.path / "unresolved_mentions.parquet")["suggestion_score"].isna().sum() == 1


def test_a_large_release_validates_its_descriptor_without_reading_every_row(tmp_path: Path, monkeypatch) -> None:
    from pipeline.publish import PackageInvalid, datapackage

    records = typed_frame([RECORD, dict(RECORD, position=2)], ListingRecordsModel)
    monkeypatch.setattr(datapackage, "FULL_VALIDATION_MAX_ROWS", 1)

    def row_validation(*args, **kwargs):
        raise AssertionError("rows were validated one by one above the threshold")

    monkeypatch.setattr(datapackage, "validate_rows", row_validation)
    release = publish({"listing_records": (records, ListingRecordsModel)}, tmp_path / "outputs")
    assert (release.path / "listing_records.parquet").exists()

    real_descriptor = datapackage.descriptor

    def broken_descriptor(*args, **kwargs):
        package = real_descriptor(*args, **kwargs)
        package["resources"][0]["schema"]["fields"][0]["type"] = "no-such-type"
        return package

    monkeypatch.setattr(datapackage, "descriptor", broken_descriptor)
    try:
        publish({"listing_records": (records, ListingRecordsModel)}, tmp_path / "outputs")
    except PackageInvalid as exc:
        assert "not a valid data package" in str(exc)
    else:
        raise AssertionError("an invalid descriptor was published")
    assert current_release(tmp_path / "outputs") == release.path


def test_a_csv_that_does_not_read_back_is_refused_before_the_switch(tmp_path: Path, monkeypatch) -> None:
    """The CSV files are read back row by row: a cell that is not its column's type stops the release."""
    import pipeline.publish as publishing
    from pipeline.publish import PackageInvalid

    write = publishing.write_csv_table

    def write_then_spoil(table, path: Path) -> str:
        digest = write(table, path)
        text = path.read_bytes().decode("utf-8-sig")
        header, first, *rest = text.split("\r\n")
        cells = first.split(",")
        cells[header.split(",").index("position")] = "first"
        path.write_bytes(("\ufeff" + "\r\n".join([header, ",".join(cells), *rest])).encode("utf-8"))
        return digest

    monkeypatch.setattr(publishing, "write_csv_table", write_then_spoil)
    records = typed_frame([RECORD], ListingRecordsModel)
    try:
        publish({"listing_records": (records, ListingRecordsModel)}, tmp_path / "outputs")
    except PackageInvalid as exc:
        assert "type-error" in str(exc) and "listing_records" in str(exc)
    else:
        raise AssertionError("a CSV cell that is not an integer was published")
    assert not (tmp_path / "outputs" / "current").exists()
