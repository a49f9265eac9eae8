"""Write one table as Parquet and CSV, and read a published CSV back with its types.

Both files are byte-for-byte reproducible: columns in model order, no row
index, no timestamps, a fixed Parquet codec and a fixed CSV dialect.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy
import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.compute as compute
import pyarrow.parquet as pq

from pipeline.publish.columns import Column, columns, model_description
from pipeline.publish.csv_cells import decode_list, encode_list_array, neutralize_array, restore, with_items

CSV_ENCODING = "utf-8-sig"  # the byte order mark makes spreadsheets read UTF-8, so diacritics survive
CSV_LINE_END = "\r\n"  # RFC 4180; a carriage return or line feed inside a cell gets the cell quoted
PARQUET_CODEC = "zstd"
CSV_BATCH_ROWS = 65_536  # rows turned into CSV text at a time: bounds the text held in memory


def arrow_schema(model: type[pa.DataFrameModel]) -> arrow.Schema:
    """The Parquet schema of a table: column descriptions as field metadata, the table's in the schema's."""
    fields = [
        arrow.field(c.name, c.arrow_type, nullable=not c.required, metadata={"description": c.description} if c.description else None)
        for c in columns(model)
    ]
    return arrow.schema(fields, metadata={"description": model_description(model)})


def arrow_table(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> arrow.Table:
    """The frame as Arrow in the model's schema, converted once for both the Parquet and the CSV file."""
    schema = arrow_schema(model)
    table = arrow.Table.from_pandas(_nullable_numbers(frame[schema.names], model), schema=schema, preserve_index=False)
    return table.replace_schema_metadata({**(table.schema.metadata or {}), **schema.metadata})


def write_parquet(frame: pd.DataFrame, model: type[pa.DataFrameModel], path: Path) -> None:
    """The table as zstd Parquet with the model's types (dates as date32, nullable integers as int64)."""
    write_parquet_table(arrow_table(frame, model), path)


def write_parquet_table(table: arrow.Table, path: Path) -> None:
    """An `arrow_table` as zstd Parquet."""
    pq.write_table(table, path, compression=PARQUET_CODEC)


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
    write_csv_table(arrow_table(frame, model), path)


def write_csv_table(table: arrow.Table, path: Path) -> None:
    """An `arrow_table` as CSV, byte for byte what Python's csv module writes (minimal quoting, CRLF, BOM).

    Cells are built column-wise by Arrow kernels, `CSV_BATCH_ROWS` rows at a
    time so a large table never has a second full copy in memory as text.
    """
    with open(path, "wb") as handle:
        handle.write(",".join(_quoted_cells(arrow.array(table.column_names)).to_pylist()).encode(CSV_ENCODING) + CSV_LINE_END.encode())
        for batch in table.to_batches(max_chunksize=CSV_BATCH_ROWS):
            handle.write(_text_bytes(_lines([_csv_cells(column) for column in batch.columns])))


def _text_bytes(texts: arrow.StringArray) -> memoryview:
    """All of `texts` (no nulls) as one run of UTF-8 bytes, without copying: they are contiguous in its data buffer."""
    _, offsets, data = texts.buffers()
    bounds = numpy.frombuffer(offsets, numpy.int32)[texts.offset : texts.offset + len(texts) + 1]
    return memoryview(data)[bounds[0] : bounds[-1]] if data is not None else memoryview(b"")


def _lines(cells: list[arrow.Array]) -> arrow.StringArray:
    """Each row's cells comma-joined and CRLF-ended; a missing cell is empty."""
    if len(cells) == 1:
        # The csv module quotes a row's only cell when it is empty, or the row would be a blank line.
        cells = [compute.if_else(compute.equal(compute.utf8_length(cells[0]), 0), '""', cells[0]).fill_null('""')]
    joined = compute.binary_join_element_wise(*cells, ",", null_handling="replace", null_replacement="")
    return compute.binary_join_element_wise(joined, "", CSV_LINE_END)


def _csv_cells(column: arrow.Array) -> arrow.Array:
    """A column as CSV cell text (null for a missing value): text and lists neutralized and quoted."""
    if arrow.types.is_list(column.type):
        return _quoted_cells(neutralize_array(encode_list_array(_text_lists(column))))
    if arrow.types.is_string(column.type):
        return _quoted_cells(neutralize_array(column))
    return _scalar_text(column)


def _scalar_text(column: arrow.Array) -> arrow.Array:
    """Numbers, booleans and dates as `str()` writes them: `5`, `0.1`, `True`, `1964-10-20`."""
    if arrow.types.is_boolean(column.type):
        return compute.if_else(column, "True", "False")
    if arrow.types.is_floating(column.type):
        return _float_text(column)
    if arrow.types.is_string(column.type):
        return column
    return column.cast(arrow.string())


def _float_text(column: arrow.Array) -> arrow.Array:
    """Floats as `repr()` writes them (shortest round-trip form), formatting each distinct value once.

    Distinct by bit pattern, so -0.0 and 0.0 keep their own text; NaN is a missing value.
    """
    encoded = compute.dictionary_encode(column)
    texts = [None if value != value else repr(value) for value in encoded.dictionary.to_pylist()]
    return arrow.array(texts, arrow.string()).take(encoded.indices)


def _text_lists(column: arrow.ListArray) -> arrow.ListArray:
    """Each list's items as `str()` writes them (`None` for a missing item), lists kept as they are."""
    return with_items(column, _scalar_text(column.values).fill_null("None"))


def _quoted_cells(cells: arrow.Array) -> arrow.Array:
    """Minimal CSV quoting: a cell holding a comma, quote or line break is quoted, its quotes doubled."""
    needs_quotes = compute.match_substring_regex(cells, '[,"\r\n]')
    quoted = compute.binary_join_element_wise('"', compute.replace_substring(cells, '"', '""'), '"', "")
    return compute.if_else(needs_quotes, quoted, cells)


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
