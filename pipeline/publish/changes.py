"""The change log: which documents a release adds, removes or changes, compared with the one it replaces."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as arrow
import pyarrow.parquet as pq

from pipeline.frames import typed_frame
from pipeline.publish.files import arrow_schema
from schemas import ChangesModel, DocumentsModel

KEY = "document_id"


def previous_documents(outputs_dir: Path) -> arrow.Table | None:
    """The documents table researchers currently read in `outputs_dir`, or None before a first release."""
    path = outputs_dir / "documents.parquet"
    return pq.read_table(path) if path.exists() else None


def compare(previous: arrow.Table | None, documents: pd.DataFrame) -> pd.DataFrame:
    """The changes table from `previous` to `documents`: added and changed in the new table's order, then removed.

    Values are compared as Parquet stores them (both sides go through Arrow),
    on the columns both releases have.
    """
    new_rows = arrow.Table.from_pandas(documents, schema=arrow_schema(DocumentsModel), preserve_index=False).to_pylist()
    old_rows = previous.to_pylist() if previous is not None else []
    shared = [name for name in DocumentsModel.to_schema().columns if previous is None or name in previous.column_names]
    old_by_id = {row[KEY]: row for row in old_rows}
    new_ids = {row[KEY] for row in new_rows}
    changes = []
    for row in new_rows:
        old = old_by_id.get(row[KEY])
        if old is None:
            changes.append(_change("added", row, None))
        elif differing := [name for name in shared if name != KEY and row[name] != old[name]]:
            changes.append(_change("changed", row, differing))
    changes.extend(_change("removed", row, None) for row in old_rows if row[KEY] not in new_ids)
    order = {"added": 0, "changed": 1, "removed": 2}
    changes.sort(key=lambda change: order[change["change"]])
    return typed_frame(changes, ChangesModel)


def _change(kind: str, row: dict, fields: list[str] | None) -> dict:
    return {"change": kind, KEY: row[KEY], "title": row["title"], "date_text": row.get("date_text"), "fields": fields}
