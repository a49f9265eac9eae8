"""Publish a release: every registered table as Parquet and CSV, described, validated, switched in atomically.

`publish` is the one entry point; the modules beside it each do one part:
`columns` (what a model column is in the files), `files` (Parquet and CSV),
`csv_cells` (spreadsheet-safe cells), `datapackage`, `dictionary`,
`changes` (the change log) and `release` (the atomic switch).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.parquet as pq

from pipeline.publish import datapackage, dictionary
from pipeline.publish.datapackage import PackageInvalid, SourceFile
from pipeline.publish.files import arrow_schema, arrow_table, read_csv, write_csv_table, write_parquet_table
from pipeline.publish.release import current_release, publish_release
from schemas import TableSpec

__all__ = ["PackageInvalid", "PublishedFile", "Release", "SourceFile", "current_release", "publish", "read_csv"]

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
    tables: dict[str, tuple[pd.DataFrame, type[pa.DataFrameModel]]],
    outputs_dir: Path,
    sources: Iterable[SourceFile] = (),
    built_at: datetime | None = None,
) -> Release:
    """Write `tables` as a new release in `outputs_dir` and switch to it once all of it validates.

    Raises (leaving the previous release in place) if a file cannot be
    written or the release fails its own data package's validation.
    """
    stamp = (built_at or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    created = stamp.isoformat().replace("+00:00", "Z")
    specs = [TableSpec(name, model) for name, (_, model) in tables.items()]
    sources = list(sources)
    files: list[PublishedFile] = []

    def write(folder: Path) -> None:
        files.extend(_write_tables(tables, folder))
        (folder / DICTIONARY_FILE).write_text(dictionary.render(specs), encoding="utf-8")
        hashes = {f.path.name: (f.sha256, f.size_bytes) for f in files}
        package = datapackage.descriptor(specs, hashes, sources, created)
        (folder / PACKAGE_FILE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        datapackage.validate(folder / PACKAGE_FILE, rows=sum(len(frame) for frame, _ in tables.values()))

    release = publish_release(outputs_dir, stamp.strftime("%Y%m%dT%H%M%SZ"), write)
    return Release(release, created, [PublishedFile(release / f.path.name, f.sha256, f.size_bytes, f.rows) for f in files])


def _write_tables(tables: dict[str, tuple[pd.DataFrame, type[pa.DataFrameModel]]], folder: Path) -> list[PublishedFile]:
    """Every table as Parquet and CSV, each file written (and hashed) by a worker thread.

    Converting a frame to Arrow holds the GIL; writing Parquet and CSV mostly
    runs outside it, so a table's two files are written while the next table
    converts. At most two tables are held as Arrow at once, to bound memory.
    """
    written: list[Future[PublishedFile]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            for name, (frame, model) in tables.items():
                table = arrow_table(frame, model)
                written += [
                    pool.submit(_parquet_file, table, model, folder / f"{name}.parquet"),
                    pool.submit(_csv_file, table, folder / f"{name}.csv"),
                ]
                del table
                for future in written[:-2]:
                    future.result()
            return [future.result() for future in written]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


def _parquet_file(table: arrow.Table, model: type[pa.DataFrameModel], path: Path) -> PublishedFile:
    """Write, check and hash one Parquet file (streamed: the file is never held in memory whole)."""
    write_parquet_table(table, path)
    _check_parquet(path, model, table.num_rows)
    with open(path, "rb") as handle:
        sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
    return PublishedFile(path, sha256, path.stat().st_size, table.num_rows)


def _csv_file(table: arrow.Table, path: Path) -> PublishedFile:
    """Write one CSV file, hashed as it is written."""
    return PublishedFile(path, write_csv_table(table, path), path.stat().st_size, table.num_rows)


def _check_parquet(path: Path, model: type[pa.DataFrameModel], rows: int) -> None:
    """Read the footer back: a truncated or mistyped file fails here, before the switch."""
    metadata = pq.read_metadata(path)
    if metadata.num_rows != rows or not metadata.schema.to_arrow_schema().equals(arrow_schema(model)):
        raise PackageInvalid(f"{path.name}: read back {metadata.num_rows} rows / schema differing from the model")
