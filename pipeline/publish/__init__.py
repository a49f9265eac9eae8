"""Publish a release: every registered table as Parquet and CSV, described, validated, switched in atomically.

`publish` writes whole tables; `open_release` lets a build write its tables one
by one or stream them a part at a time. The modules beside it each do one part:
`columns` (what a model column is in the files), `files` (Parquet and CSV),
`csv_cells` (spreadsheet-safe cells), `datapackage`, `dictionary`,
`changes` (the change log) and `release` (the atomic switch).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.parquet as pq

from pipeline.publish import datapackage, dictionary
from pipeline.publish.datapackage import PackageInvalid, SourceFile
from pipeline.publish.files import (
    PARQUET_CODEC,
    arrow_schema,
    arrow_table,
    csv_body,
    csv_header,
    file_schema,
    read_csv,
    write_csv_table,
    write_parquet_table,
)
from pipeline.publish.release import current_release, staged_release
from schemas import TableSpec

__all__ = [
    "PackageInvalid",
    "PublishedFile",
    "Release",
    "ReleaseWriter",
    "SourceFile",
    "current_release",
    "open_release",
    "publish",
    "read_csv",
]

PACKAGE_FILE = "datapackage.json"
DICTIONARY_FILE = "README.md"


@dataclass(frozen=True)
class PublishedFile:
    """A file of the release, with what a reader needs to trust it."""

    path: Path
    sha256: str
    size_bytes: int
    rows: int


@dataclass(frozen=True)
class Release:
    """A published release: its folder, when it was built, and its data files."""

    path: Path
    built_at: str
    files: list[PublishedFile]


def publish(
    tables: dict[str, tuple[pd.DataFrame | arrow.Table, type[pa.DataFrameModel]]],
    outputs_dir: Path,
    sources: Iterable[SourceFile] = (),
    built_at: datetime | None = None,
) -> Release:
    """Write `tables` as a new release in `outputs_dir` and switch to it once all of it validates.

    Raises (leaving the previous release in place) if a file cannot be
    written or the release fails its own data package's validation.
    """
    specs = [TableSpec(name, model) for name, (_, model) in tables.items()]
    with open_release(outputs_dir, specs, sources, built_at) as writer:
        for spec in specs:
            writer.write(spec.name, tables[spec.name][0])
    assert writer.release is not None
    return writer.release


@contextmanager
def open_release(
    outputs_dir: Path, specs: Sequence[TableSpec], sources: Iterable[SourceFile] = (), built_at: datetime | None = None
) -> Iterator[ReleaseWriter]:
    """A release of the tables `specs` names, filled inside the block, validated and switched in when it ends.

    Tables can be written whole or streamed a part at a time (a build that
    streams never holds them whole). If the block raises, or a table is
    missing, or the release fails validation, the previous release stays.
    `writer.release` describes the new one after the block.
    """
    stamp = (built_at or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    created = stamp.isoformat().replace("+00:00", "Z")
    with staged_release(outputs_dir, stamp.strftime("%Y%m%dT%H%M%SZ")) as staged:
        with ReleaseWriter(staged.folder, specs, staged.scratch) as writer:
            yield writer
            writer.finish(list(sources), created)
    assert staged.path is not None
    writer.release = Release(
        staged.path, created, [PublishedFile(staged.path / f.path.name, f.sha256, f.size_bytes, f.rows) for f in writer.files]
    )


class ReleaseWriter:
    """Writes a release's tables into its folder: whole, or streamed part by part.

    Whole tables are written by two threads (Parquet and CSV mostly run
    outside the GIL) while the next table converts; at most two tables are
    held as Arrow at once. `scratch` is a folder for the build's own
    intermediate files, gone with the staged release.
    """

    def __init__(self, folder: Path, specs: Sequence[TableSpec], scratch: Path) -> None:
        self.folder = folder
        self.scratch = scratch
        self.models = {spec.name: spec.model for spec in specs}
        self.specs = list(specs)
        self.files: list[PublishedFile] = []
        self.release: Release | None = None
        self._pending: list[Future[PublishedFile]] = []
        self._streams: dict[str, TableStream] = {}
        self._pool = ThreadPoolExecutor(max_workers=2)

    def __enter__(self) -> ReleaseWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        failed = exc[0] is not None
        self._pool.shutdown(cancel_futures=failed)
        if failed:
            for stream in self._streams.values():
                stream.abort()

    def write(self, name: str, table: pd.DataFrame | arrow.Table) -> None:
        """Write table `name` whole."""
        model = self.models[name]
        converted = arrow_table(table, model)
        self._pending += [
            self._pool.submit(_parquet_file, converted, model, self.folder / f"{name}.parquet"),
            self._pool.submit(_csv_file, converted, self.folder / f"{name}.csv"),
        ]
        del converted
        for future in self._pending[:-2]:
            future.result()

    def stream(self, name: str) -> TableStream:
        """Table `name`, to be written by appending its parts in order."""
        stream = self._streams[name] = TableStream(self.folder, name, self.models[name])
        return stream

    def finish(self, sources: list[SourceFile], created: str) -> None:
        """Close every file, then write the dictionary and the data package and validate the release against it."""
        self.files += [future.result() for future in self._pending]
        for stream in self._streams.values():
            self.files += stream.close()
        missing = set(self.models) - {f.path.stem for f in self.files}
        if missing:
            raise PackageInvalid(f"release lacks tables {sorted(missing)}")
        (self.folder / DICTIONARY_FILE).write_text(dictionary.render(self.specs), encoding="utf-8")
        hashes = {f.path.name: (f.sha256, f.size_bytes) for f in self.files}
        package = datapackage.descriptor(self.specs, hashes, sources, created)
        (self.folder / PACKAGE_FILE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        rows = sum(f.rows for f in self.files if f.path.suffix == ".parquet")
        datapackage.validate(self.folder / PACKAGE_FILE, rows=rows)


class TableStream:
    """One table's Parquet and CSV files, written a part at a time: a row group and a run of lines per part."""

    def __init__(self, folder: Path, name: str, model: type[pa.DataFrameModel]) -> None:
        self.model = model
        self.rows = 0
        self._parquet_path, self._csv_path = folder / f"{name}.parquet", folder / f"{name}.csv"
        self._parquet: pq.ParquetWriter | None = pq.ParquetWriter(self._parquet_path, file_schema(model), compression=PARQUET_CODEC)
        self._csv = open(self._csv_path, "wb")
        self._digest = hashlib.sha256()
        self._write_csv(csv_header(file_schema(model).names))

    def append(self, part: pd.DataFrame | arrow.Table) -> None:
        """Write the next rows."""
        table = arrow_table(part, self.model)
        assert self._parquet is not None, "stream already closed"
        self._parquet.write_table(table)
        for data in csv_body(table):
            self._write_csv(data)
        self.rows += table.num_rows

    def close(self) -> list[PublishedFile]:
        """Finish both files (once) and return them, checked and hashed."""
        if self._parquet is None:
            return []
        self._parquet.close()
        self._parquet = None
        self._csv.close()
        _check_parquet(self._parquet_path, self.model, self.rows)
        csv_file = PublishedFile(self._csv_path, self._digest.hexdigest(), self._csv_path.stat().st_size, self.rows)
        return [_hashed_parquet(self._parquet_path, self.rows), csv_file]

    def abort(self) -> None:
        """Close both files as they are (the failed release's folder is deleted)."""
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        self._csv.close()

    def _write_csv(self, data: bytes | memoryview) -> None:
        self._csv.write(data)
        self._digest.update(data)


def _parquet_file(table: arrow.Table, model: type[pa.DataFrameModel], path: Path) -> PublishedFile:
    """Write, check and hash one Parquet file (streamed: the file is never held in memory whole)."""
    write_parquet_table(table, path)
    _check_parquet(path, model, table.num_rows)
    return _hashed_parquet(path, table.num_rows)


def _hashed_parquet(path: Path, rows: int) -> PublishedFile:
    with open(path, "rb") as handle:
        sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
    return PublishedFile(path, sha256, path.stat().st_size, rows)


def _csv_file(table: arrow.Table, path: Path) -> PublishedFile:
    """Write one CSV file, hashed as it is written."""
    return PublishedFile(path, write_csv_table(table, path), path.stat().st_size, table.num_rows)


def _check_parquet(path: Path, model: type[pa.DataFrameModel], rows: int) -> None:
    """Read the footer back: a truncated or mistyped file fails here, before the switch."""
    metadata = pq.read_metadata(path)
    if metadata.num_rows != rows or not metadata.schema.to_arrow_schema().equals(arrow_schema(model)):
        raise PackageInvalid(f"{path.name}: read back {metadata.num_rows} rows / schema differing from the model")
