"""Data-quality measures behind the asset checks: plain functions over frames.

Kept apart from Dagster so a researcher can run the same checks on a
published table in a notebook.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.errors
import pandera.pandas as pa


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that must match a key of another published table."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


def model_metadata(model: type[pa.DataFrameModel]) -> dict:
    """The model's `Config.metadata` (primary and foreign keys), empty when it declares none."""
    return dict(getattr(model.Config, "metadata", None) or {})


def primary_key(model: type[pa.DataFrameModel]) -> list[str]:
    """The columns the model declares as its primary key, empty when none."""
    return list(model_metadata(model).get("primary_key", []))


def foreign_keys(model: type[pa.DataFrameModel]) -> list[ForeignKey]:
    """The foreign keys the model declares, in the Frictionless shape the data package uses."""
    return [
        ForeignKey(tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
        for fk in model_metadata(model).get("foreign_keys", [])
    ]


def model_failures(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Every failure case of `frame` against `model` (column, check, value, row index); empty when valid."""
    try:
        model.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return exc.failure_cases[["column", "check", "failure_case", "index"]].reset_index(drop=True)
    return pd.DataFrame(columns=["column", "check", "failure_case", "index"])


def duplicate_keys(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Rows whose key appears more than once (all of them, so each duplicate can be traced)."""
    return frame[frame.duplicated(subset=columns, keep=False)]


def orphan_rows(frame: pd.DataFrame, key: ForeignKey, referenced: pd.DataFrame) -> pd.DataFrame:
    """Rows of `frame` whose foreign key matches no row of `referenced`; null keys are not links and pass."""
    linked = frame.dropna(subset=list(key.fields))
    targets = set(referenced[list(key.reference_fields)].itertuples(index=False, name=None))
    keys = linked[list(key.fields)].itertuples(index=False, name=None)
    return linked[pd.Series([row not in targets for row in keys], index=linked.index, dtype=bool)]


def share(part: int, whole: int) -> float:
    """part / whole, 0 when there is nothing to measure."""
    return part / whole if whole else 0.0


def header_range_mismatches(pages: pd.DataFrame) -> pd.DataFrame:
    """Pages whose header range (`61 - 70 of 206`) promises a different number of results than were parsed.

    Results are items plus, where the page has the column, the collections a
    term search listed instead of documents. Pages without a header range
    are not judged.
    """
    ranged = pages.dropna(subset=["range_first", "range_last"])
    expected = (ranged["range_last"] - ranged["range_first"] + 1).astype("int64")
    found = ranged["items"] + ranged["collections"] if "collections" in ranged else ranged["items"]
    mismatched = ranged.assign(expected_items=expected)
    return mismatched[(expected != found).to_numpy()]
