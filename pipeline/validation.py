"""Validate a table against its model, keeping the rows that fail as rejects."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from pipeline.rejects import reject_row

# Value types that surely pass pandera's check of an object column's type (None is its missing value).
_OBJECT_TYPES = {"str": {str, type(None)}, "date": {date, type(None)}}


class TableInvalid(ValueError):
    """The table as a whole breaks its model (a missing column, a wrong type): a bug, not bad data."""


def split_valid(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> tuple[pd.DataFrame, list[dict]]:
    """Rows that satisfy `model`, and a reject row (stage `validate`) for each that does not.

    Row-level failures are data problems: they go to rejects with the column,
    the check and the value. Table-level failures raise TableInvalid. A frame
    that vectorized checks find sound skips pandera, whose per-value type
    checks cost more than the parse itself; pandera still reads every other.
    """
    if satisfies(frame, model.to_schema()):
        return frame.copy(), []
    try:
        return model.validate(frame, lazy=True), []
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    row_cases = cases[cases["index"].notna()]
    if len(row_cases) < len(cases):
        table_level = cases[cases["index"].isna()]
        raise TableInvalid(f"{model.__name__}: " + "; ".join(map(str, table_level["check"].unique()))) from None
    reasons: dict[object, list[str]] = {}
    for case in row_cases.itertuples(index=False):
        # A row-wide check reports every column of the row; name the check once.
        if case.schema_context == "DataFrameSchema":
            reason = f"row fails {case.check}"
        else:
            reason = f"{case.column} fails {case.check} (value {case.failure_case!r})"
        if reason not in reasons.setdefault(case.index, []):
            reasons[case.index].append(reason)
    rejects = []
    for index, why in reasons.items():
        row = frame.loc[index]
        rejects.append(
            reject_row(
                _get(row, "source_file"),
                _get(row, "line"),
                "validate",
                f"{model.__name__}: " + "; ".join(why),
                _get(row, "title") or _get(row, "date_text"),
                _get(row, "document_id"),
            )
        )
    good = frame.drop(index=list(reasons))
    return model.validate(good, lazy=True), rejects


def _get(row: pd.Series, name: str) -> object:
    value = row.get(name)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def satisfies(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> bool:
    """True when `frame` keeps every promise of `schema`, checked a column at a time.

    False means "ask pandera": a broken promise, or a schema option this
    does not read (coercion, an index, column patterns, parsers, ordering).
    """
    if (
        schema.coerce or schema.dtype is not None or schema.index is not None or schema.parsers or schema.ordered
        or schema.add_missing_columns or schema.strict not in (True, False)
        or not frame.columns.is_unique or set(frame.columns) != set(schema.columns)
    ):
        return False
    if not all(_column_satisfies(frame[name], column) for name, column in schema.columns.items()):
        return False
    if schema.unique and frame.duplicated(subset=list(schema.unique)).any():
        return False
    return all(_table_check_passes(check, frame) for check in schema.checks)


def _table_check_passes(check: pa.Check, frame: pd.DataFrame) -> bool:
    """A whole-table check's own function, every row true.

    pandera would then pass it too (skipping nulls only passes more rows), and
    calling it through pandera costs a null scan of the whole table per check.
    """
    function = getattr(check, "_check_fn", None)  # pandera's own attribute: through pandera if it ever goes
    if function is None or check.element_wise or check.groupby is not None:
        return bool(check(frame).check_passed)
    output = function(frame, **getattr(check, "_check_kwargs", {}))
    return bool(output.all()) if isinstance(output, pd.Series) and output.dtype == bool else bool(check(frame).check_passed)


def _column_satisfies(series: pd.Series, column: pa.Column) -> bool:
    """The column's type, nulls, uniqueness and checks, as pandera reads them."""
    if column.coerce or column.regex or column.parsers or not column.required:
        return False
    kind = str(column.dtype)
    if kind in _OBJECT_TYPES:
        if series.dtype != object or not (types := set(map(type, series.to_numpy()))) <= _OBJECT_TYPES[kind]:
            return False
        has_nulls = type(None) in types  # faster than isna() on objects, and the same here: no other null passes
    elif str(series.dtype) != kind:
        return False
    else:
        has_nulls = bool(series.isna().any())
    if not column.nullable and has_nulls:
        return False
    if column.unique and series.duplicated().any():
        return False
    return all(_column_check_passes(check, series) for check in column.checks)


# pandera's built-in column checks read here, by name: what each asks of every value its check does not skip.
_BUILTIN_CHECKS = {
    "greater_than_or_equal_to": lambda values, min_value: values >= min_value,
    "isin": lambda values, allowed_values: values.isin(allowed_values),
}


def _column_check_passes(check: pa.Check, series: pd.Series) -> bool:
    """A column check's verdict; a built-in one read as its definition says, others through pandera.

    pandera registers its check backends on the first call, importing hypothesis (about 0.2 s of
    every fresh worker process); a built-in check over a column whose values all pass is a comparison.
    """
    own = _BUILTIN_CHECKS.get(check.name)
    if own is None or check.element_wise or check.groupby is not None or not check.ignore_na:
        return bool(check(series).check_passed)
    try:
        verdict = own(series[series.notna()], **check.statistics)  # nulls pass, as pandera skips them
    except (TypeError, ValueError):
        return False  # pandera decides, on the slow path
    return isinstance(verdict, pd.Series) and pd.api.types.is_bool_dtype(verdict) and bool(verdict.all())
