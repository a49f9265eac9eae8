"""Typed frames: what a model's columns hold before validation, however the rows were built."""

from __future__ import annotations

import pandas as pd
import pyarrow as arrow
from hypothesis import given
from hypothesis import strategies as st

from pipeline.frames import _object_array, contiguous, typed_columns, typed_frame
from schemas import ChangesModel

lists = st.one_of(st.none(), st.lists(st.sampled_from(["title", "summary", "date_text"]), max_size=3))


@given(fields=st.lists(lists, max_size=8))
def test_a_list_column_with_missing_lists_coerces_as_pandera_does(fields: list[list[str] | None]) -> None:
    rows = [{"document_id": f"wcda:{n}", "change": "changed", "fields": value} for n, value in enumerate(fields)]
    frame = typed_frame(rows, ChangesModel)
    column = ChangesModel.to_schema().columns["fields"]
    expected = column.dtype.coerce(pd.DataFrame.from_records(rows, columns=list(frame.columns))["fields"])
    assert frame["fields"].equals(expected)
    assert [value is pd.NA for value in frame["fields"]] == [value is None for value in fields]
    by_column = typed_columns({name: [row.get(name) for row in rows] for name in frame.columns}, ChangesModel)
    assert by_column["fields"].equals(expected)


CELLS = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3), st.just(float("nan")), st.just(pd.NA),
                  st.lists(st.text(max_size=2), max_size=2), st.tuples(st.integers(), st.integers()))


@given(st.lists(st.tuples(CELLS, CELLS), max_size=6))
def test_columns_from_lists_hold_each_item_as_one_cell_as_pandas_would(rows: list[tuple]) -> None:
    columns = {"a": [row[0] for row in rows], "b": [row[1] for row in rows]}
    fast = pd.DataFrame({name: _object_array(values) for name, values in columns.items()}, dtype=object)
    pd.testing.assert_frame_equal(fast, pd.DataFrame(columns, dtype=object))
    assert all(x is y for x, y in zip(fast["a"].tolist(), columns["a"]))


def test_contiguous_keeps_the_rows_and_schema_in_one_chunk_a_column() -> None:
    schema = arrow.schema([arrow.field("a", arrow.int64(), nullable=False), ("b", arrow.string())], metadata={"k": "v"})
    parts = [arrow.table({"a": [1, 2], "b": ["x", None]}, schema=schema), arrow.table({"a": [3], "b": ["z"]}, schema=schema)]
    joined = arrow.concat_tables(parts)
    combined = contiguous(joined)
    assert combined.equals(joined, check_metadata=True)
    assert [combined[name].num_chunks for name in combined.column_names] == [1, 1]
