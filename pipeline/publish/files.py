"""Write one table as Parquet and CSV, and read a published CSV back with its types.

Both files are byte-for-byte reproducible: columns in model order, no row
index, no timestamps, a fixed Parquet codec and a fixed CSV dialect.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.parquet as pq

from pipeline.publish.columns import Column, columns, model_description
from pipeline.publish.csv_cells import decode_list, encode_list, neutralize, restore

CSV_ENCODING = "utf-8-sig"  # the byte order mark makes spreadsheets read UTF-8, so diacritics survive
CSV_LINE_END = "\r\n"  # RFC 4180; it also makes the writer quote a lone carriage return inside a cell
PARQUET_CODEC = "zstd"


def arrow_schema(model: type[pa.DataFrameModel]) -> arrow.Schema:
    """The Parquet schema of a table: column descriptions as field metadata, the table's in the schema's."""
    fields = [
        arrow.field(c.name, c.arrow_type, nullable=not c.required, metadata={"description": c.description} if c.description else None)
        for c in columns(model)
    ]
    return arrow.schema(fields, metadata={"description": model_description(model)})


def write_parquet(frame: pd.DataFrame, model: type[pa.DataFrameModel], path: Path) -> None:
    """The table as zstd Parquet with the model's types (dates as date32, nullable integers as int64)."""
    schema = arrow_schema(model)
    table = arrow.Table.from_pandas(_nullable_numbers(frame[schema.names], model), schema=schema, preserve_index=False)
    pq.write_table(table.replace_schema_metadata({**(table.schema.metadata or {}), **schema.metadata}), path, compression=PARQUET_CODEC)


def _nullable_numbers(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Optional numbers as pandas' nullable dtypes, so the file's pandas metadata reads them back as null.

    Without it a missing number comes back from `to_pandas()` as NaN, which
    Frictionless (it reads Parquet through pandas) then checks against the
    column's constraints and type, and fails.
    """
    nullable = {"int64": "Int64", "double": "Float64"}
    casts = {c.name: nullable[str(c.arrow_type)] for c in columns(model) if not c.required and str(c.arrow_type) in nullable}
    return frame.astype(casts) if casts else frame


def write_csv(frame: pd.DataFrame, model: type[pa.DataFrameModel], path: Path) -> None:
    """The table as CSV a spreadsheet opens safely: lists `|`-joined, formula-like text neutralized."""
    out = pd.DataFrame(index=frame.index)
    for column in columns(model):
        # object dtype: a nullable integer column must not become float ("5.0") on its way to the writer.
        out[column.name] = pd.Series([_cell(value, column) for value in frame[column.name]], index=frame.index, dtype=object)
    out.to_csv(path, index=False, encoding=CSV_ENCODING, lineterminator=CSV_LINE_END)


def read_csv(path: Path, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A published CSV back as the model's frame: formulas restored, lists split, types parsed.

    An empty cell reads as missing (see `csv_cells` for why an empty list or
    empty text cannot be told apart from a missing one in CSV).
    """
    # The python engine keeps NUL and other control characters that the C parser cuts text at.
    raw = pd.read_csv(path, encoding=CSV_ENCODING, dtype=str, keep_default_na=False, engine="python")
    frame = pd.DataFrame(index=raw.index)
    for column in columns(model):
        frame[column.name] = _parse(raw[column.name], column)
    return frame


def _cell(value: object, column: Column) -> object:
    """One value as the CSV writer should see it; None for a missing value."""
    if column.is_list:
        if value is None or (not hasattr(value, "__len__") and pd.isna(value)):
            return None
        return neutralize(encode_list(value))
    if value is None or value is pd.NA or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    if column.kind == "string":
        return neutralize(str(value))
    return value


def _parse(cells: pd.Series, column: Column) -> pd.Series:
    present = cells != ""
    if column.kind == "string" or column.is_list:
        values = cells.map(restore)
        if column.is_list:
            values = values.map(decode_list)
        return values.where(present, None).astype(object)
    if column.kind == "integer":
        return pd.array([int(cell) if cell else None for cell in cells], dtype="int64" if column.required else "Int64")
    if column.kind == "number":
        # float() reads the shortest repr pandas wrote back to the same double; pandas' fast parser may not.
        return pd.Series([float(cell) if cell else float("nan") for cell in cells], index=cells.index, dtype="float64")
    if column.kind == "boolean":
        return cells.map({"True": True, "False": False}).where(present, None)
    return cells.map(lambda cell: date.fromisoformat(cell) if cell else None).astype(object)
