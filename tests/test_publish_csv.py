"""CSV cells a spreadsheet opens safely, and every value read back as written."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from unittest.mock import patch

import pandas as pd
import pandera.pandas as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandera.typing import Series

from pipeline.frames import typed_frame
from pipeline.publish import read_csv
from pipeline.publish.csv_cells import decode_list, encode_list, neutralize, restore
from pipeline.publish import files
from pipeline.publish.files import write_csv, write_parquet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class MixedModel(pa.DataFrameModel):
    """Every kind of column a published table can have."""

    title: Series[str] = pa.Field(description="Text.")
    note: Series[str] = pa.Field(nullable=True, description="Nullable text.")
    delta: Series[int] = pa.Field(description="A signed integer.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="A nullable integer.")
    score: Series[float] = pa.Field(description="A number.")
    flag: Series[bool] = pa.Field(description="A boolean.")
    day: Series[pa.Date] = pa.Field(nullable=True, description="A date.")
    names: Series[list[str]] = pa.Field(nullable=True, description="A list of text.")


@given(st.text())
def test_neutralize_is_undone_by_restore_and_never_leaves_a_formula(text: str) -> None:
    cell = neutralize(text)
    assert restore(cell) == text
    assert not cell.startswith(TRIGGERS)


@given(st.lists(st.text(), min_size=1).filter(lambda items: items != [""]))
def test_lists_round_trip_through_one_cell(items: list[str]) -> None:
    assert decode_list(encode_list(items)) == items


def test_a_formula_is_neutralized_but_plain_text_and_apostrophes_are_kept() -> None:
    assert neutralize('=HYPERLINK("http://example.org","x")') == '\'=HYPERLINK("http://example.org","x")'
    assert neutralize("-1") == "'-1"
    assert neutralize("'=1") == "''=1"
    assert neutralize("Le Duan's letter") == "Le Duan's letter"
    assert neutralize("'Reactions'") == "'Reactions'"
    assert restore("'Reactions'") == "'Reactions'"


FIELDS = {
    "title": st.text(min_size=1).filter(lambda s: s.strip() == s and s != ""),
    "note": st.none() | st.text(min_size=1),
    "delta": st.integers(min_value=-(2**62), max_value=2**62),
    "page": st.none() | st.integers(min_value=-5, max_value=10**6),
    "score": st.floats(allow_nan=False, allow_infinity=False),
    "flag": st.booleans(),
    "day": st.none() | st.dates(min_value=date(1800, 1, 1)),
    "names": st.none() | st.lists(st.text(min_size=1), min_size=1, max_size=4),
}
rows = st.fixed_dictionaries(FIELDS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(rows, max_size=8))
def test_any_table_reads_back_the_same_from_csv_and_from_parquet(tmp_path: Path, records: list[dict]) -> None:
    frame = typed_frame(records, MixedModel)
    write_parquet(frame, MixedModel, tmp_path / "t.parquet")
    write_csv(frame, MixedModel, tmp_path / "t.csv")

    from_parquet = pq.read_table(tmp_path / "t.parquet").to_pylist()
    from_csv = [{k: (None if v is pd.NA else v) for k, v in row.items()} for row in read_csv(tmp_path / "t.csv", MixedModel).to_dict("records")]
    assert from_parquet == records
    assert from_csv == records


class NoteModel(pa.DataFrameModel):
    """A table of one column, where the csv module quotes an empty cell so the row is not blank."""

    note: Series[str] = pa.Field(nullable=True, description="Nullable text.")


def stdlib_csv(records: list[dict], names: list[str], lists: set[str]) -> bytes:
    """The CSV as the stdlib csv module writes it, one Python value at a time: the specification of the fast writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for record in records:
        cells = []
        for name in names:
            value = record[name]
            if value is not None and name in lists:
                value = neutralize(encode_list(value))
            elif isinstance(value, str):
                value = neutralize(value)
            cells.append(value)
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


# Text made mostly of the characters CSV quoting, formula guards and list encoding react to.
tricky_text = st.text(st.sampled_from(",\"\r\n'=+-@\t|\\ aé") | st.characters(exclude_categories=["Cs"]), max_size=6)
tricky_rows = st.fixed_dictionaries(
    {
        **FIELDS,
        "title": tricky_text.filter(bool),
        "note": st.none() | tricky_text,
        "names": st.none() | st.lists(tricky_text, max_size=3),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(tricky_rows, max_size=8), st.sampled_from([1, 3]))
def test_the_csv_is_byte_for_byte_what_the_stdlib_csv_module_writes(tmp_path: Path, records: list[dict], batch_rows: int) -> None:
    frame = typed_frame(records, MixedModel)
    with patch.object(files, "CSV_BATCH_ROWS", batch_rows):
        write_csv(frame, MixedModel, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == stdlib_csv(records, list(frame.columns), {"names"})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({"note": st.none() | st.text(max_size=3)}), max_size=5))
def test_a_one_column_csv_is_what_the_stdlib_csv_module_writes(tmp_path: Path, records: list[dict]) -> None:
    write_csv(typed_frame(records, NoteModel), NoteModel, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == stdlib_csv(records, ["note"], set())


def test_negative_numbers_stay_numbers_and_only_text_is_guarded(tmp_path: Path) -> None:
    frame = typed_frame(
        [{"title": "-5", "note": "@home", "delta": -5, "page": -1, "score": -0.5, "flag": False, "day": None, "names": ["=x", "y"]}],
        MixedModel,
    )
    write_csv(frame, MixedModel, tmp_path / "t.csv")
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row == {
        "title": "'-5",
        "note": "'@home",
        "delta": "-5",
        "page": "-1",
        "score": "-0.5",
        "flag": "False",
        "day": "",
        "names": "'=x|y",
    }


def test_csv_starts_with_a_byte_order_mark_and_keeps_diacritics(tmp_path: Path) -> None:
    frame = typed_frame(
        [{"title": "Trần Quang Cơ, Pham Hùng, Görög, Verdeț", "note": None, "delta": 1, "page": None, "score": 1.0, "flag": True, "day": date(1964, 10, 20), "names": None}],
        MixedModel,
    )
    write_csv(frame, MixedModel, tmp_path / "t.csv")
    data = (tmp_path / "t.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Trần Quang Cơ, Pham Hùng, Görög, Verdeț" in data.decode("utf-8-sig")
    assert "1964-10-20" in data.decode("utf-8-sig")
