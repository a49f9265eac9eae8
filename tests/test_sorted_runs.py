"""`SortedRuns`: parts added in any sizes come back as one stable sort of their concatenation, in any slice size."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as arrow
import pyarrow.compute as compute
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.sorted_runs as sorted_runs
from pipeline.sorted_runs import SortedRuns

KEYS = [("day", "ascending", "at_end"), ("name", "descending", "at_end")]
_rows = st.lists(
    st.tuples(st.one_of(st.none(), st.integers(0, 5)), st.sampled_from(["a", "b", "c", "ä"]), st.integers(-(2**63), 2**63 - 1)), max_size=60
)


def _table(rows: list[tuple]) -> arrow.Table:
    day, name, value = zip(*rows) if rows else ((), (), ())
    return arrow.table(
        {
            "day": arrow.array(day, arrow.int64()),
            "name": arrow.array(name, arrow.string()).dictionary_encode(),
            "value": arrow.array(value, arrow.int64()),
        }
    )


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(_rows, max_size=6), slice_rows=st.integers(1, 70), batch_rows=st.integers(1, 9))
def test_runs_merge_into_the_stable_sort_of_every_row(parts: list[list[tuple]], slice_rows: int, batch_rows: int) -> None:
    everything = _table([row for part in parts for row in part])
    expected = everything.take(compute.sort_indices(everything.set_column(1, "name", everything["name"].cast(arrow.string())), KEYS))
    with tempfile.TemporaryDirectory() as folder:
        sorted_runs.RUN_BATCH_ROWS, saved = batch_rows, sorted_runs.RUN_BATCH_ROWS  # many batches per run, read across slices
        try:
            runs = SortedRuns(Path(folder), "t", KEYS)
            for part in parts:
                runs.add(_table(part))
            slices = list(runs.merged(slice_rows))
        finally:
            sorted_runs.RUN_BATCH_ROWS = saved
    assert all(0 < piece.num_rows <= slice_rows for piece in slices)
    assert runs.rows == everything.num_rows
    merged = arrow.concat_tables(slices).to_pylist() if slices else []
    assert merged == expected.to_pylist()


def test_nothing_added_merges_into_nothing(tmp_path: Path) -> None:
    assert list(SortedRuns(tmp_path, "t", KEYS).merged(10)) == []


def test_the_keys_read_for_the_merge_hold_none_of_the_other_columns(tmp_path: Path) -> None:
    runs = SortedRuns(tmp_path, "t", [("day", "ascending")])
    runs.add(arrow.table({"day": list(range(5_000)), "text": ["x" * 1_000] * 5_000}))  # 5 MB besides the keys
    before = arrow.total_allocated_bytes()
    keys = runs.keys_of(runs.runs[0])
    assert keys.column_names == ["day"]
    assert arrow.total_allocated_bytes() - before < 1_000_000
