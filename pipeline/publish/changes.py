"""The change log: which documents a release adds, removes or changes, compared with the one it replaces."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy
import pandas as pd
import pyarrow as arrow
import pyarrow.compute as compute
import pyarrow.parquet as pq

from pipeline.frames import gathered_order, typed_columns
from pipeline.publish.files import arrow_table, file_schema
from schemas import ChangesModel, DocumentsModel

KEY = "document_id"
SHOWN = ("title", "date_text")  # what a change row shows of its document, besides the key
FIRST_RELEASE_COLUMNS = [KEY, *SHOWN]  # all a first release's change log reads of the documents


class Documents(Protocol):
    """What the change log reads of the previous release's documents (an Arrow table has it all)."""

    @property
    def num_rows(self) -> int: ...

    def __getitem__(self, name: str) -> arrow.ChunkedArray: ...

    def take(self, indices: arrow.Array | numpy.ndarray) -> arrow.Table: ...


class StoredDocuments:
    """A release's documents file, read as the change log needs it: the ids whole, the rows a row group at a time.

    A rebuild of a large collection compares every new document with the
    previous release; reading that release whole would hold a second copy of
    the archive's documents for the whole build.
    """

    def __init__(self, path: Path) -> None:
        self._file = pq.ParquetFile(path)
        self.num_rows = self._file.metadata.num_rows
        self._ids = self._file.read(columns=[KEY])[KEY]
        sizes = [self._file.metadata.row_group(group).num_rows for group in range(self._file.num_row_groups)]
        self._starts = numpy.cumsum([0, *sizes])

    def __getitem__(self, name: str) -> arrow.ChunkedArray:
        if name != KEY:
            raise KeyError(f"only {KEY} is read whole")
        return self._ids

    def take(self, indices: arrow.Array | numpy.ndarray) -> arrow.Table:
        """The rows at `indices`, in that order, reading only the row groups that hold them, one at a time."""
        positions = numpy.asarray(indices, dtype=numpy.int64)
        groups = numpy.searchsorted(self._starts, positions, side="right") - 1
        pieces = [self._file.read_row_group(int(group)).take(positions[groups == group] - self._starts[group]) for group in numpy.unique(groups)]
        if not pieces:
            return self._file.schema_arrow.empty_table()
        return arrow.concat_tables(pieces).take(gathered_order(groups))


def previous_documents(outputs_dir: Path) -> StoredDocuments | None:
    """The documents researchers currently read in `outputs_dir`, or None before a first release."""
    path = outputs_dir / "documents.parquet"
    return StoredDocuments(path) if path.exists() else None


def compare(previous: Documents | None, documents: pd.DataFrame) -> pd.DataFrame:
    """The changes table from `previous` to `documents`, as a frame in ChangesModel's dtypes (see `changes_table`)."""
    return typed_columns(changes_table(previous, documents).to_pydict(), ChangesModel)


def changes_table(previous: Documents | None, documents: pd.DataFrame | arrow.Table) -> arrow.Table:
    """The changes from `previous` to `documents` as Arrow: added and changed in the new table's order, then removed.

    Values are compared as Parquet stores them (both sides go through Arrow),
    on the columns both releases have; a document id the previous release
    holds twice is compared with its last row. Whole columns are compared at
    once: a first release of a million documents is a million `added` rows,
    and never a Python object per cell. Without a previous release,
    `documents` needs only FIRST_RELEASE_COLUMNS.
    """
    log = ChangeLog(previous)
    log.add(documents)
    return log.table()


class ChangeLog:
    """The changes table from `previous`, read from the new documents a slice at a time, in their publishing order.

    A build that writes its documents a slice at a time never holds them
    whole; the log keeps only what its rows show of them (and their ids, to
    find what was removed). The result is `changes_table`'s for the slices
    joined.
    """

    def __init__(self, previous: Documents | None) -> None:
        self.previous = previous
        self._added: list[arrow.Table] = []
        self._changed: list[tuple[arrow.Table, list[list[str]]]] = []
        self._ids: list[arrow.ChunkedArray] = []

    def add(self, documents: pd.DataFrame | arrow.Table) -> None:
        """Compare the next slice of the new documents with the previous release."""
        if self.previous is None:
            shown = {name: arrow.array(documents[name], arrow.string(), from_pandas=True) for name in FIRST_RELEASE_COLUMNS}
            self._added.append(arrow.table(shown))
            return
        new = arrow_table(documents, DocumentsModel)
        old_rows = _last_rows(self.previous, new[KEY])
        matched = compute.is_valid(old_rows)
        differing = _differing(new.filter(matched), self.previous.take(old_rows.drop_null()))
        changed = differing.any(axis=1)
        names = differing.columns.to_numpy()
        self._ids.append(new[KEY])
        self._added.append(new.filter(compute.invert(matched)).select(FIRST_RELEASE_COLUMNS))
        changed_rows = new.filter(matched).filter(arrow.array(changed.to_numpy())).select(FIRST_RELEASE_COLUMNS)
        self._changed.append((changed_rows, [list(names[row]) for row in differing[changed].to_numpy()]))

    def table(self) -> arrow.Table:
        """The changes table: every slice's added documents, then every slice's changed ones, then the removed."""
        shown = arrow.schema([(name, arrow.string()) for name in FIRST_RELEASE_COLUMNS])
        parts: list[tuple[str, arrow.Table, list[list[str]] | None]] = [("added", _joined(self._added, shown), None)]
        if self.previous is not None:
            fields = [row for _, rows in self._changed for row in rows]
            parts.append(("changed", _joined([rows for rows, _ in self._changed], shown), fields))
            kept = arrow.concat_arrays([chunk for ids in self._ids for chunk in ids.chunks] or [arrow.array([], arrow.string())])
            gone = compute.invert(compute.is_in(self.previous[KEY], value_set=kept)).to_numpy(zero_copy_only=False)
            parts.append(("removed", self.previous.take(numpy.flatnonzero(gone)), None))
        return _changes(parts)


def _joined(tables: list[arrow.Table], schema: arrow.Schema) -> arrow.Table:
    return arrow.concat_tables(tables) if tables else schema.empty_table()


def _last_rows(previous: Documents, ids: arrow.ChunkedArray) -> arrow.Array:
    """For each id, the position of its last row in `previous`; null where `previous` has none."""
    reversed_ids = previous[KEY].take(numpy.arange(previous.num_rows - 1, -1, -1))
    found = compute.index_in(ids, value_set=reversed_ids)
    return compute.subtract(previous.num_rows - 1, found)


def _differing(new: arrow.Table, old: arrow.Table) -> pd.DataFrame:
    """Row-aligned tables: which shared columns (besides the key) differ, one boolean column each, in model order."""
    shared = [name for name in new.column_names if name != KEY and name in old.column_names]
    return pd.DataFrame({name: _column_differs(new[name], old[name]) for name in shared}, dtype=bool)


def _column_differs(new: arrow.ChunkedArray, old: arrow.ChunkedArray) -> numpy.ndarray:
    """`new != old` value by value, as Python compares them (null equals only null)."""
    if new.type != old.type or arrow.types.is_nested(new.type):
        return numpy.array([a != b for a, b in zip(new.to_pylist(), old.to_pylist())], dtype=bool)
    one_missing = compute.xor(compute.is_null(new), compute.is_null(old))
    return compute.or_(compute.not_equal(new, old).fill_null(False), one_missing).to_numpy()


def _changes(parts: list[tuple[str, arrow.Table, list[list[str]] | None]]) -> arrow.Table:
    """The changes table from (kind, rows of documents, fields per row) parts, in that order."""
    schema = file_schema(ChangesModel)
    tables = []
    for kind, rows, fields in parts:
        count = rows.num_rows
        columns = {
            "change": arrow.repeat(arrow.scalar(kind, arrow.string()), count),
            "fields": arrow.array(fields if fields is not None else [None] * count, schema.field("fields").type),
        }
        for name in (KEY, *SHOWN):
            columns[name] = rows[name] if name in rows.column_names else arrow.nulls(count, arrow.string())
        tables.append(arrow.table({name: columns[name] for name in schema.names}).cast(schema))
    return arrow.concat_tables(tables)
