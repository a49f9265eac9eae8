"""Sightings of one document: the first readable one becomes its row, every later one is counted and listed."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.documents import DOCUMENT_ORDER, build_documents, in_document_order
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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.dates(date(1950, 1, 1), date(1952, 1, 1))),
            st.one_of(st.none(), st.dates(date(1950, 1, 1), date(1952, 1, 1))),
            st.sampled_from(["A", "B", "a", "Ä", "A cable"]),
        ),
        max_size=30,
    )
)
def test_document_order_is_pandas_stable_sort(rows: list[tuple[date | None, date | None, str]]) -> None:
    frame = pd.DataFrame(
        {"date_start": pd.Series([r[0] for r in rows], dtype=object),
         "date_end": pd.Series([r[1] for r in rows], dtype=object),
         "title": pd.Series([r[2] for r in rows], dtype=object),
         "document_id": pd.Series([f"h:{len(rows) - i}" for i in range(len(rows))], dtype=object)}
    )
    expected = frame.sort_values(DOCUMENT_ORDER, na_position="last", kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(in_document_order(frame), expected)
