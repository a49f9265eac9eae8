"""Write one table as Parquet and CSV, and read a published CSV back with its types.

Both files are byte-for-byte reproducible: columns in model order, no row
index, no timestamps, a fixed Parquet codec and a fixed CSV dialect.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import numpy
import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.compute as compute
import pyarrow.parquet as pq

from pipeline.frames import typed_frame
from pipeline.publish.columns import Column, columns, model_description
from pipeline.publish.csv_cells import (
    FORMULA_GUARD,
    MAY_NEED_GUARD,
    decode_list,
    encode_list_array,
    guard_needed,
    restore,
    with_items,
)

CSV_ENCODING = "utf-8-sig"  # the byte order mark makes spreadsheets read UTF-8, so diacritics survive
CSV_LINE_END = "\r\n"  # RFC 4180; a carriage return or line feed inside a cell gets the cell quoted
PARQUET_CODEC = "zstd"
CSV_BATCH_ROWS = 65_536  # rows turned into CSV text at a time: bounds the text held in memory
_QUOTE_TRIGGERS = ',"\r\n'  # what makes the csv module quote a cell (its delimiter, quote and line end)


def _byte_set(chars: Iterable[str]) -> numpy.ndarray:
    """A 256-entry lookup: is this byte one of `chars` (ASCII)?"""
    table = numpy.zeros(256, dtype=bool)
    table[[ord(char) for char in chars]] = True
    return table


_FORMULA_BYTES = _byte_set(MAY_NEED_GUARD)


def arrow_schema(model: type[pa.DataFrameModel]) -> arrow.Schema:
    """The Parquet schema of a table: column descriptions as field metadata, the table's in the schema's."""
    fields = [
        arrow.field(c.name, c.arrow_type, nullable=not c.required, metadata={"description": c.description} if c.description else None)
        for c in columns(model)
    ]
    return arrow.schema(fields, metadata={"description": model_description(model)})


def arrow_table(frame: pd.DataFrame | arrow.Table, model: type[pa.DataFrameModel]) -> arrow.Table:
    """The table as Arrow in the model's schema, converted once for both the Parquet and the CSV file.

    An Arrow table (a streamed build keeps its tables as Arrow) is cast to the
    schema a converted frame would have, pandas metadata included.
    """
    if isinstance(frame, arrow.Table):
        return frame.select(arrow_schema(model).names).cast(file_schema(model))
    schema = arrow_schema(model)
    if list(frame.columns) != schema.names:
        frame = frame[schema.names]
    # One thread: converting Python strings holds the GIL, so more threads only contend for it.
    table = arrow.Table.from_pandas(_nullable_numbers(frame, model), schema=schema, preserve_index=False, nthreads=1)
    return table.replace_schema_metadata({**(table.schema.metadata or {}), **schema.metadata})


@functools.cache
def file_schema(model: type[pa.DataFrameModel]) -> arrow.Schema:
    """The schema a table's files carry: the model's, with the pandas metadata that reads optional numbers back as nullable."""
    return arrow_table(typed_frame([], model), model).schema


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
    casts = {
        c.name: nullable[str(c.arrow_type)]
        for c in columns(model)
        if not c.required and str(c.arrow_type) in nullable and str(frame[c.name].dtype) != nullable[str(c.arrow_type)]
    }
    return frame.astype(casts) if casts else frame


def write_csv(frame: pd.DataFrame, model: type[pa.DataFrameModel], path: Path) -> None:
    """The table as CSV a spreadsheet opens safely: lists `|`-joined, formula-like text neutralized."""
    write_csv_table(arrow_table(frame, model), path)


def write_csv_table(table: arrow.Table, path: Path) -> str:
    """An `arrow_table` as CSV, byte for byte what Python's csv module writes (minimal quoting, CRLF, BOM).

    Each batch of `CSV_BATCH_ROWS` rows becomes text in one Arrow join of its
    cells with their quotes, guards and commas, so a large table never has a
    second full copy in memory as text, and no Python runs per cell. Returns
    the file's sha256, hashed as it is written rather than read back.
    """
    digest = hashlib.sha256()
    with open(path, "wb") as handle:
        for data in _csv_chunks(table):
            handle.write(data)
            digest.update(data)
    return digest.hexdigest()


def _csv_chunks(table: arrow.Table) -> Iterator[bytes | memoryview]:
    """The CSV file's bytes: the header (with the byte order mark), then one run per batch of rows."""
    yield csv_header(table.column_names)
    yield from csv_body(table)


def csv_header(names: list[str]) -> bytes:
    """A CSV file's first bytes: the byte order mark and the header line."""
    header = io.StringIO()
    csv.writer(header, lineterminator=CSV_LINE_END).writerow(names)
    return header.getvalue().encode(CSV_ENCODING)


def csv_body(table: arrow.Table) -> Iterator[memoryview]:
    """The CSV lines of `table`'s rows (no header), one run of bytes per batch of `CSV_BATCH_ROWS` rows."""
    for batch in table.to_batches(CSV_BATCH_ROWS):
        yield _text_bytes(_lines(batch))


def _text_bytes(texts: arrow.StringArray) -> memoryview:
    """All of `texts` (no nulls) as one run of UTF-8 bytes, without copying: they are contiguous in its data buffer."""
    _, offsets, data = texts.buffers()
    bounds = numpy.frombuffer(offsets, numpy.int32)[texts.offset : texts.offset + len(texts) + 1]
    return memoryview(data)[bounds[0] : bounds[-1]] if data is not None else memoryview(b"")


def _lines(batch: arrow.RecordBatch) -> arrow.StringArray:
    """Each row as a CSV line: its cells with their quotes and guards, comma-joined, CRLF-ended; missing cells empty."""
    parts: list[arrow.Array | str] = []
    for column in batch.columns:
        parts += _cell_parts(column)
        parts.append(",")
    parts[-1] = CSV_LINE_END
    lines = compute.binary_join_element_wise(*parts, "", null_handling="replace", null_replacement="")
    if batch.num_columns == 1:
        # The csv module quotes a row's only cell when it is empty, or the row would be a blank line.
        lines = compute.if_else(compute.equal(lines, CSV_LINE_END), '""' + CSV_LINE_END, lines)
    return lines


def _cell_parts(column: arrow.Array) -> list[arrow.Array]:
    """A column as CSV cell text (null for a missing value), text between the prefixes and suffixes it needs.

    Text and lists get a formula guard and quotes where they need them: a
    prefix (`"`, `'` or both) and a suffix (`"`) column, joined with the cells
    in the line's one join instead of copying the text once per rule.
    """
    if arrow.types.is_list(column.type):
        column = encode_list_array(_text_lists(column))
    elif not arrow.types.is_string(column.type):
        return [_scalar_text(column)]
    quoted, doubled, guarded = _rows_needing_care(column)
    if len(doubled):
        mask = numpy.zeros(len(column), dtype=bool)
        mask[doubled] = True
        column = compute.replace_with_mask(column, arrow.array(mask), compute.replace_substring(column.take(doubled), '"', '""'))
    if not (len(quoted) or len(guarded)):
        return [column]
    care = numpy.zeros(len(column), dtype=numpy.int8)
    care[quoted] = 2
    care[guarded] += 1
    prefix = arrow.array(["", FORMULA_GUARD, '"', '"' + FORMULA_GUARD]).take(arrow.array(care))
    return [prefix, column, arrow.array(["", '"']).take(arrow.array(care >> 1))] if len(quoted) else [prefix, column]


def _rows_needing_care(cells: arrow.StringArray) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Rows to quote, rows holding quotes to double, rows to guard: a numpy scan of the raw UTF-8 bytes.

    Every byte looked for is ASCII, and no byte of a multi-byte UTF-8
    character is, so bytes can be tested one by one. Missing cells need none.
    """
    _, offsets, data = cells.buffers()
    bounds = numpy.frombuffer(offsets, numpy.int32)[cells.offset : cells.offset + len(cells) + 1]
    none = numpy.empty(0, dtype=numpy.intp)
    if data is None or bounds[-1] == bounds[0]:
        return none, none, none
    text = numpy.frombuffer(data, numpy.uint8)[: bounds[-1]]
    span = text[bounds[0] :]
    hits = span == ord(_QUOTE_TRIGGERS[0])
    for char in _QUOTE_TRIGGERS[1:]:
        hits |= span == ord(char)
    positions = numpy.flatnonzero(hits)
    rows = numpy.searchsorted(bounds, positions + bounds[0], "right") - 1
    starts = bounds[:-1]
    maybe = numpy.flatnonzero((bounds[1:] > starts) & _FORMULA_BYTES[text[numpy.minimum(starts, len(text) - 1)]])
    guarded = maybe[guard_needed(cells.take(maybe)).fill_null(False).to_numpy(zero_copy_only=False)] if len(maybe) else none
    quoted, doubled = _distinct(rows), _distinct(rows[span[positions] == ord('"')])
    if cells.null_count:
        present = cells.is_valid().to_numpy(zero_copy_only=False)
        quoted, doubled, guarded = quoted[present[quoted]], doubled[present[doubled]], guarded[present[guarded]]
    return quoted, doubled, guarded


def _distinct(rows: numpy.ndarray) -> numpy.ndarray:
    """The distinct values of sorted `rows`: a neighbour comparison, cheaper than numpy.unique's hashing."""
    return rows[numpy.concatenate(([True], rows[1:] != rows[:-1]))] if len(rows) else rows


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
