"""Rows for the rejects table: every stage reports what it could not use here."""

from __future__ import annotations

import pandas as pd

from pipeline.frames import typed_frame
from schemas import RejectsModel

MAX_RAW_TEXT = 500


def reject_row(
    source_file: str | None,
    line: int | None,
    stage: str,
    reason: str,
    raw_text: str | None = None,
    document_id: str | None = None,
) -> dict:
    """One reject, with the offending text cut to a readable length."""
    return {
        "source_file": source_file,
        "line": line,
        "stage": stage,
        "reason": reason,
        "raw_text": raw_text[:MAX_RAW_TEXT] if raw_text else None,
        "document_id": document_id,
    }


def rejects_frame(rows: list[dict]) -> pd.DataFrame:
    """The rejects table for `rows`, typed as its model says."""
    return typed_frame(rows, RejectsModel)


def combine_rejects(*parts: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """One rejects table from frames and lists of reject rows, in the order given."""
    rows: list[dict] = []
    for part in parts:
        rows.extend(part.to_dict("records") if isinstance(part, pd.DataFrame) else part)
    return rejects_frame([{k: (None if _missing(v) else v) for k, v in row.items()} for row in rows])


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))
