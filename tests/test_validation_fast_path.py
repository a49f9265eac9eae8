"""The vectorized check that lets a sound table skip pandera never passes a table pandera would refuse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
import pandera.errors
import pandera.pandas as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.frames import typed_frame
from pipeline.validation import _column_check_passes, satisfies, split_valid
from schemas import DocumentsModel, ListingRecordsModel
from tests.test_validation import GOOD

RECORD = {
    "source_file": "a.txt", "position": 1, "line": 3, "sha256": "0" * 64, "source_url": None, "page": None,
    "document_url": None, "date_text": "1970", "title": "Cable", "summary": None,
}
# A value to put in a cell, meant to break some promise of the model (or not).
ODD_VALUES = st.sampled_from(
    [None, float("nan"), pd.NA, pd.NaT, 0, -1, 1, "", "x", "day", "unknown", "1970", b"bytes", True,
     date(1970, 5, 12), date(1969, 1, 1), datetime(1970, 5, 11), "h:good", "a.txt"]
)


def accepted_by_pandera(frame: pd.DataFrame, model: type) -> bool:
    try:
        model.validate(frame, lazy=True)
    except (pandera.errors.SchemaErrors, pandera.errors.SchemaError):
        return False
    return True


def mutated(base: list[dict], model: type, edits: list[tuple[int, int, object]]) -> pd.DataFrame:
    """The model's frame of `base`, then cells overwritten (row, column index, value), dtypes left as pandas makes them."""
    frame = typed_frame(base, model)
    for row, column, value in edits:
        name = frame.columns[column % len(frame.columns)]
        values = frame[name].astype(object).tolist()
        values[row % len(frame)] = value
        frame[name] = pd.Series(values, index=frame.index, dtype=object if frame[name].dtype == object else None)
    return frame


EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 11), ODD_VALUES), max_size=3)


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_documents_fast_verdict_never_passes_what_pandera_refuses(edits: list[tuple[int, int, object]]) -> None:
    rows = [GOOD, dict(GOOD, document_id="h:2", date_text=None, date_start=None, date_end=None,
                      date_precision="unknown", date_edtf=None), dict(GOOD, document_id="h:3")]
    frame = mutated(rows, DocumentsModel, edits)
    if satisfies(frame, DocumentsModel.to_schema()):
        assert accepted_by_pandera(frame, DocumentsModel)


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_records_fast_verdict_never_passes_what_pandera_refuses(edits: list[tuple[int, int, object]]) -> None:
    rows = [RECORD, dict(RECORD, position=2, page=3, summary="s"), dict(RECORD, source_file="b.txt")]
    frame = mutated(rows, ListingRecordsModel, edits)
    if satisfies(frame, ListingRecordsModel.to_schema()):
        assert accepted_by_pandera(frame, ListingRecordsModel)


def test_sound_tables_take_the_fast_path_and_come_back_unchanged() -> None:
    frame = typed_frame([GOOD, dict(GOOD, document_id="h:2")], DocumentsModel)
    assert satisfies(frame, DocumentsModel.to_schema())
    good, rejects = split_valid(frame, DocumentsModel)
    assert rejects == [] and good is not frame
    pd.testing.assert_frame_equal(good, DocumentsModel.validate(frame))


def test_a_missing_or_extra_column_is_left_to_pandera() -> None:
    frame = typed_frame([RECORD], ListingRecordsModel)
    assert not satisfies(frame.drop(columns="summary"), ListingRecordsModel.to_schema())
    assert not satisfies(frame.assign(extra=1), ListingRecordsModel.to_schema())


COLUMN_VALUES = st.lists(st.sampled_from([None, pd.NA, float("nan"), -1, 0, 1, 2, "day", "x", True]), max_size=6)
COLUMN_CHECKS = st.sampled_from([pa.Check.ge(0), pa.Check.ge(1), pa.Check.isin(["day", 1]), pa.Check.isin([]),
                                 pa.Check.ge(1, ignore_na=False), pa.Check.le(1)])


@settings(max_examples=500, deadline=None)
@given(COLUMN_VALUES, st.sampled_from([object, "Int64", "float64"]), COLUMN_CHECKS)
def test_a_builtin_column_check_read_here_agrees_with_pandera(values: list, dtype: object, check: pa.Check) -> None:
    try:
        series = pd.Series(values, dtype=dtype)
    except (TypeError, ValueError):
        return
    fast, slow = _verdict(lambda: _column_check_passes(check, series)), _verdict(lambda: bool(check(series).check_passed))
    assert fast == slow or (fast is False and slow == "raises")  # False: validation goes on through pandera


def _verdict(decide: Callable[[], bool]) -> bool | str:
    try:
        return decide()
    except (TypeError, ValueError):  # pandera's own check raises on some values (Int64 nulls with ignore_na=False)
        return "raises"
