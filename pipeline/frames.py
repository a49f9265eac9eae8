"""Build DataFrames in the exact shape of their pandera model, and Arrow tables in one piece."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as arrow
import pandera.pandas as pa


def typed_frame(rows: list[dict], model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A frame with the model's columns, in the model's order, in the model's dtypes.

    Empty inputs still get every column, so downstream stages and published
    files keep the same schema whether a run found one row or none. Text and
    date columns stay `object` (None for missing), as pandera expects them.
    """
    schema = model.to_schema()
    return _in_model_dtypes(pd.DataFrame.from_records(rows, columns=list(schema.columns)), schema)


def typed_columns(columns: Mapping[str, Sequence], model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """As typed_frame, from whole columns (equal lengths, one per model column): no dict to build per row.

    Columns start as `object`, as from_records leaves them, so an empty column is not read as float.
    """
    schema = model.to_schema()
    frame = pd.DataFrame({name: _object_array(columns[name]) for name in schema.columns}, dtype=object)
    return _in_model_dtypes(frame, schema)


def _object_array(values: Sequence) -> Sequence:
    """A list as a 1-D object array, each item one cell (a list item too): ten times faster than pandas
    makes one, as numpy then looks into every item for nested sequences. Other sequences as they are."""
    return np.fromiter(values, dtype=object, count=len(values)) if isinstance(values, list) else values


def _in_model_dtypes(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Numbers, flags and nullable integers coerced; text and dates left `object`, None for missing."""
    for name, column in schema.columns.items():
        dtype = str(column.dtype)
        if dtype in ("str", "date"):
            continue
        values = frame[name]
        if dtype.startswith("list[") and values.isna().any():
            # pandera coerces a missing list slowly (each None fails into pd.NA): coerce only the lists present.
            present = values.notna()
            coerced = pd.Series(pd.NA, index=values.index, dtype=object)
            coerced[present] = column.dtype.coerce(values[present])
            frame[name] = coerced
        else:
            frame[name] = column.dtype.coerce(values)
    return frame


def contiguous(table: arrow.Table) -> arrow.Table:
    """`table` with each column in one chunk, combined a column at a time.

    Taking rows from a column of many chunks (a build's parts, joined)
    combines its chunks first, on every call; combining once is cheaper. A
    column at a time, each column's chunks freed as soon as it is copied (when
    nothing else holds them), the extra memory is one column's, not the table's.
    """
    columns, schema = [], table.schema
    while table.num_columns:
        columns.append(table.column(0).combine_chunks())
        table = table.remove_column(0)
    return arrow.table(columns, schema=schema)


def plain_columns(table: arrow.Table, names: Iterable[str]) -> arrow.Table:
    """`table`'s columns `names`, dictionary-encoded ones decoded to their values (Arrow sorts plain values only)."""
    columns = {}
    for name in names:
        column = table[name]
        columns[name] = column.cast(column.type.value_type) if arrow.types.is_dictionary(column.type) else column
    return arrow.table(columns)


def gathered_order(groups: np.ndarray) -> np.ndarray:
    """Rows labelled `groups` were gathered group by group (ascending, each group's rows in their order): the
    positions to take from the gathered rows to put every row back where it was."""
    gathered = np.argsort(groups, kind="stable")
    restore = np.empty_like(gathered)
    restore[gathered] = np.arange(len(groups))
    return restore
