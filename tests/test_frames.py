"""Typed frames: what a model's columns hold before validation, however the rows were built."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from pipeline.frames import typed_columns, typed_frame
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
