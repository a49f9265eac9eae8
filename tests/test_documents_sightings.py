"""Sightings of one document: the first readable one becomes its row, every later one is counted and listed."""

from __future__ import annotations

from pipeline.documents import build_documents
from pipeline.frames import typed_frame
from schemas import DocumentListingsModel, DocumentsModel, ListingRecordsModel

URL = "https://digitalarchive.wilsoncenter.org/document/175990"


def sighting(position: int, date_text: str | None, title: str) -> dict:
    return {
        "source_file": "p.txt", "position": position, "line": 10 * position, "sha256": "0" * 64, "source_url": None,
        "page": 2, "document_url": URL, "date_text": date_text, "title": title, "summary": None,
    }


def test_an_unreadable_first_sighting_is_a_reject_and_the_next_readable_one_is_the_document() -> None:
    records = typed_frame(
        [sighting(1, "February 30, 1965", "first"), sighting(2, "March 1965", "second"), sighting(3, "1971", "third")],
        ListingRecordsModel,
    )
    tables = build_documents(records)
    assert tables.rejects[["line", "stage", "raw_text", "document_id"]].to_dict("records") == [
        {"line": 10, "stage": "dates", "raw_text": "February 30, 1965", "document_id": "wcda:175990"}
    ]
    assert tables.documents[["document_id", "title", "date_edtf", "listing_count"]].to_dict("records") == [
        {"document_id": "wcda:175990", "title": "second", "date_edtf": "1965-03", "listing_count": 2}
    ]
    assert tables.document_listings[["document_id", "position", "page"]].to_dict("records") == [
        {"document_id": "wcda:175990", "position": 2, "page": 2},
        {"document_id": "wcda:175990", "position": 3, "page": 2},
    ]
    assert dict(tables.documents.dtypes) == dict(typed_frame([], DocumentsModel).dtypes)


def test_no_records_give_empty_tables_of_every_column() -> None:
    tables = build_documents(typed_frame([], ListingRecordsModel))
    assert len(tables.documents) == len(tables.document_listings) == len(tables.rejects) == 0
    assert list(tables.documents.columns)[:3] == ["document_id", "document_url", "date_text"]
    assert dict(tables.documents.dtypes) == dict(typed_frame([], DocumentsModel).dtypes)
    assert dict(tables.document_listings.dtypes) == dict(typed_frame([], DocumentListingsModel).dtypes)
