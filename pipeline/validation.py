"""Validate a table against its model, keeping the rows that fail as rejects."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from pipeline.rejects import reject_row


class TableInvalid(ValueError):
    """The table as a whole breaks its model (a missing column, a wrong type): a bug, not bad data."""


def split_valid(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> tuple[pd.DataFrame, list[dict]]:
    """Rows that satisfy `model`, and a reject row (stage `validate`) for each that does not.

    Row-level failures are data problems: they go to rejects with the column,
    the check and the value. Table-level failures raise TableInvalid.
    """
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
