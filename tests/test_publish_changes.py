"""The change log compares whole columns at once and still says what a row-by-row comparison says."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as arrow
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.frames import typed_frame
from pipeline.publish.changes import KEY, ChangeLog, StoredDocuments, changes_table, compare
from pipeline.publish.files import arrow_schema, arrow_table
from schemas import ChangesModel, DocumentsModel


def row_by_row(previous: arrow.Table | None, documents: pd.DataFrame) -> pd.DataFrame:
    """The change log one Python row at a time (the former implementation): the specification."""
    new_rows = arrow.Table.from_pandas(documents, schema=arrow_schema(DocumentsModel), preserve_index=False).to_pylist()
    old_rows = previous.to_pylist() if previous is not None else []
    shared = [name for name in DocumentsModel.to_schema().columns if previous is None or name in previous.column_names]
    old_by_id = {row[KEY]: row for row in old_rows}
    new_ids = {row[KEY] for row in new_rows}

    def change(kind: str, row: dict, fields: list[str] | None) -> dict:
        return {"change": kind, KEY: row[KEY], "title": row["title"], "date_text": row.get("date_text"), "fields": fields}

    changes = []
    for row in new_rows:
        old = old_by_id.get(row[KEY])
        if old is None:
            changes.append(change("added", row, None))
        elif differing := [name for name in shared if name != KEY and row[name] != old[name]]:
            changes.append(change("changed", row, differing))
    changes.extend(change("removed", row, None) for row in old_rows if row[KEY] not in new_ids)
    order = {"added": 0, "changed": 1, "removed": 2}
    changes.sort(key=lambda item: order[item["change"]])
    return typed_frame(changes, ChangesModel)


documents = st.fixed_dictionaries(
    {
        KEY: st.sampled_from(["a", "b", "c", "d", "e"]),
        "document_url": st.none() | st.sampled_from(["u1", "u2"]),
        "date_text": st.none() | st.sampled_from(["1964", "May 1964"]),
        "date_start": st.none() | st.sampled_from([date(1964, 1, 1), date(1964, 5, 1)]),
        "date_end": st.none() | st.just(date(1964, 12, 31)),
        "date_precision": st.sampled_from(["year", "month"]),
        "date_edtf": st.none() | st.just("1964"),
        "date_approximate": st.booleans(),
        "title": st.sampled_from(["T", "Other title"]),
        "doc_type": st.sampled_from(["Letter", "Other"]),
        "summary": st.none() | st.just("S"),
        "listing_count": st.integers(1, 2),
    }
)


def frame(rows: list[dict]) -> pd.DataFrame:
    return typed_frame(rows, DocumentsModel)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert a.to_dict("records") == b.to_dict("records")
    assert list(a.dtypes) == list(b.dtypes)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(documents, max_size=6, unique_by=lambda row: row[KEY]),
    st.none() | st.lists(documents, max_size=6),
    st.sets(st.sampled_from(["summary", "date_start", "date_text"])),
)
def test_compare_says_what_a_row_by_row_comparison_says(new: list[dict], old: list[dict] | None, dropped: set[str]) -> None:
    # The previous release may hold an id twice (its last row counts) and lack columns added since.
    previous = None if old is None else arrow_table(frame(old), DocumentsModel).drop_columns(sorted(dropped))
    same(compare(previous, frame(new)), row_by_row(previous, frame(new)))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(documents, max_size=6, unique_by=lambda row: row[KEY]),
    st.none() | st.lists(documents, max_size=6),
    st.lists(st.integers(0, 6), max_size=3),
    st.integers(1, 4),
)
def test_a_log_read_a_slice_at_a_time_from_the_stored_release_is_the_whole_tables(
    new: list[dict], old: list[dict] | None, cuts: list[int], group_rows: int
) -> None:
    """As a streamed rebuild reads it: new documents a slice at a time, the previous release's file a row group at a time."""
    previous = None if old is None else arrow_table(frame(old), DocumentsModel)
    documents = arrow_table(frame(new), DocumentsModel)
    with tempfile.TemporaryDirectory() as folder:
        stored = None
        if previous is not None:
            pq.write_table(previous, Path(folder) / "documents.parquet", row_group_size=group_rows)
            stored = StoredDocuments(Path(folder) / "documents.parquet")
        log = ChangeLog(stored)
        bounds = [0, *sorted(min(cut, len(new)) for cut in cuts), len(new)]
        for start, end in zip(bounds, bounds[1:]):
            log.add(documents.slice(start, end - start))
        assert log.table().equals(changes_table(previous, documents))


def test_a_column_whose_type_changed_compares_by_value() -> None:
    rows = [{**dict.fromkeys(DocumentsModel.to_schema().columns), KEY: "a", "date_precision": "year", "date_approximate": False,
             "title": "T", "doc_type": "Letter", "listing_count": 1}]
    previous = arrow_table(frame(rows), DocumentsModel)
    previous = previous.set_column(previous.column_names.index("listing_count"), "listing_count", arrow.array([1.0]))
    same(compare(previous, frame(rows)), row_by_row(previous, frame(rows)))
    previous = previous.set_column(previous.column_names.index("listing_count"), "listing_count", arrow.array(["1"]))
    assert compare(previous, frame(rows))["fields"].tolist() == [["listing_count"]]
