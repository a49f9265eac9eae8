"""What each model column is, once: the Parquet, CSV, datapackage and dictionary writers all ask here.

A pandera dtype names a storage type (`str`, `Int64`, `list[str]`...); the
published files need the reader's view of it: text, integer, date, a list of
text. Mapping it in one place keeps the four outputs in agreement.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

import pandera.pandas as pa
import pyarrow as arrow

_SCALARS: dict[str, tuple[str, arrow.DataType]] = {
    "str": ("string", arrow.string()),
    "int64": ("integer", arrow.int64()),
    "Int64": ("integer", arrow.int64()),
    "float64": ("number", arrow.float64()),
    "Float64": ("number", arrow.float64()),
    "bool": ("boolean", arrow.bool_()),
    "boolean": ("boolean", arrow.bool_()),
    "date": ("date", arrow.date32()),
}
_LIST_ITEMS: dict[type, str] = {str: "str", int: "Int64", float: "float64", bool: "bool"}


@dataclass(frozen=True)
class Column:
    """A published column: its name, reader-facing type and the model's rules for it."""

    name: str
    kind: str  # frictionless type of a scalar: string, integer, number, boolean, date
    is_list: bool
    arrow_type: arrow.DataType
    required: bool
    unique: bool
    description: str
    checks: tuple[tuple[str, dict], ...]


def columns(model: type[pa.DataFrameModel]) -> list[Column]:
    """The model's columns, in the model's order, as the published files present them."""
    return [_column(name, column) for name, column in model.to_schema().columns.items()]


def model_description(model: type[pa.DataFrameModel]) -> str:
    """The table description from the model's `Config.description`, else its docstring."""
    return getattr(model.Config, "description", None) or (model.__doc__ or "").strip()


def _column(name: str, column: pa.Column) -> Column:
    dtype = str(column.dtype)
    is_list = dtype.startswith("list[")
    if is_list:
        (item,) = typing.get_args(column.dtype.generic_type)
        dtype = _LIST_ITEMS.get(item, "")
    if dtype not in _SCALARS:
        raise TypeError(f"column {name!r}: dtype {column.dtype} has no published form; add it to pipeline.publish.columns")
    kind, arrow_type = _SCALARS[dtype]
    return Column(
        name=name,
        kind=kind,
        is_list=is_list,
        arrow_type=arrow.list_(arrow_type) if is_list else arrow_type,
        required=not column.nullable,
        unique=bool(column.unique),
        description=column.description or "",
        checks=tuple((check.name, dict(check.statistics or {})) for check in column.checks),
    )
