"""Write the release: every published table as Parquet and CSV in the outputs folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.parquet as pq

from pipeline.sources import sha256_of

_ARROW_TYPES = {
    "str": arrow.string(),
    "int64": arrow.int64(),
    "Int64": arrow.int64(),
    "float64": arrow.float64(),
    "bool": arrow.bool_(),
    "boolean": arrow.bool_(),
    "date": arrow.date32(),
}


@dataclass(frozen=True)
class PublishedFile:
    """A file of the release, with what a reader needs to trust it."""

    path: Path
    sha256: str
    size_bytes: int
    rows: int


def arrow_schema(model: type[pa.DataFrameModel]) -> arrow.Schema:
    """The Parquet schema of a table, column descriptions kept as field metadata."""
    fields = []
    for name, column in model.to_schema().columns.items():
        meta = {"description": column.description} if column.description else None
        fields.append(arrow.field(name, _ARROW_TYPES[str(column.dtype)], nullable=column.nullable, metadata=meta))
    return arrow.schema(fields)


def write_table(frame: pd.DataFrame, model: type[pa.DataFrameModel], folder: Path, name: str) -> list[Path]:
    """Write `<name>.parquet` and `<name>.csv` into `folder`."""
    parquet_path, csv_path = folder / f"{name}.parquet", folder / f"{name}.csv"
    table = arrow.Table.from_pandas(frame, schema=arrow_schema(model), preserve_index=False)
    pq.write_table(table, parquet_path, compression="zstd")
    frame.to_csv(csv_path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return [parquet_path, csv_path]


def publish(tables: dict[str, tuple[pd.DataFrame, type[pa.DataFrameModel]]], outputs_dir: Path) -> list[PublishedFile]:
    """Write every table beside the outputs folder, then move the files into place.

    Nothing in `outputs_dir` is touched until every file has been written.
    """
    outputs_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=outputs_dir))
    try:
        staged = []
        for name, (frame, model) in tables.items():
            for path in write_table(frame, model, staging, name):
                staged.append((path, len(frame)))
        published = []
        for path, rows in staged:
            target = outputs_dir / path.name
            data = path.read_bytes()
            os.replace(path, target)
            published.append(PublishedFile(target, sha256_of(data), len(data), rows))
        return published
    finally:
        shutil.rmtree(staging, ignore_errors=True)
