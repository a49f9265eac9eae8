"""Time the pipeline's stages on one raw folder, in this process, and print the figures as JSON.

`python -m bench` starts this once per corpus size in a fresh interpreter, so
the peak RSS it reports belongs to that size alone. The stages call the same
core functions as the Dagster assets, a batch of raw files at a time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as arrow
import pyarrow.compute as compute
import pyarrow.csv as arrow_csv
import pyarrow.parquet as pq

from bench.memory import PeakMemory
from pipeline.batches import batched, concat_rows, merge_document_tables, part_of
from pipeline.documents import DocumentTables, build_documents
from pipeline.listings import parse_files
from pipeline.names.authority import load_authority
from pipeline.names.links import DocumentLinks, assemble_name_tables, link_documents
from pipeline.publish import PackageInvalid, publish
from pipeline.publish.files import arrow_schema
from pipeline.publish.changes import compare, previous_documents
from pipeline.rejects import combine_rejects
from pipeline.sources import RawFile, discover
from pipeline.validation import split_valid
from schemas import PUBLISHED_TABLES, DocumentsModel, ListingRecordsModel

BATCH_FILES = 2_000
# One process per core: the benchmark machine has two.
WORKERS = min(2, os.cpu_count() or 1)


class Stopwatch:
    """Seconds of work per stage (summed over batches and workers), and wall seconds per phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.phases: dict[str, float] = defaultdict(float)

    def add(self, seconds: dict[str, float]) -> None:
        """Count seconds measured elsewhere (in a worker) against their stages."""
        for name, value in seconds.items():
            self.seconds[name] += value

    def phase(self, name: str) -> AbstractContextManager[None]:
        """Wall time this process waits for `name`, whoever does the work."""
        return _timed(self.phases, name)

    def stage(self, name: str) -> AbstractContextManager[None]:
        """Work done in this process for stage `name`."""
        return _timed(self.seconds, name)


@contextmanager
def _timed(totals: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        totals[name] += time.perf_counter() - start


@dataclass
class BatchResult:
    """What the parse and normalize stages make of one batch of raw files, and the seconds each took."""

    records: pd.DataFrame
    documents: DocumentTables
    rejects: list[pd.DataFrame]
    seconds: dict[str, float]


def parse_and_normalize(batch: list[RawFile]) -> BatchResult:
    """Parse one batch of raw files and normalize its documents (runs in a worker process when there are several)."""
    watch = Stopwatch()
    with watch.stage("parse"):
        parsed = parse_files(batch)
        records, invalid = split_valid(parsed.records, ListingRecordsModel)
    with watch.stage("normalize"):
        documents = build_documents(records)
    return BatchResult(records, documents, [parsed.rejects, invalid], dict(watch.seconds))


_CHUNKS: list[pd.DataFrame] = []


def _link_chunk(index: int) -> tuple[DocumentLinks, float]:
    """Link the `index`-th chunk of the documents the parent set aside before forking (no pickling of the input)."""
    start = time.perf_counter()
    links = link_documents(_CHUNKS[index], load_authority())
    return links, time.perf_counter() - start


def run_pipeline(
    raw: Path, outputs: Path, batch_files: int, watch: Stopwatch, workers: int = 1
) -> tuple[list[RawFile], dict, str | None]:
    """Discover, parse, normalize, resolve names and publish `raw` into `outputs`.

    With `workers` > 1, batches are parsed and normalized, then chunks of the
    documents linked to names, in that many forked processes; the outputs
    are the same as with one (the parts are joined in order). Stage seconds
    are then summed over the workers, and `phases` holds the wall time.
    Returns the files read, the published tables (frame and model by name) and
    the reason the release was refused, if it was: the time spent is measured
    either way.
    """
    with watch.stage("discover+read"):
        files = discover(raw)
    records_parts, parse_rejects, document_parts = [], [], []
    with watch.phase("parse+normalize"), _pool(workers) as pool:
        for batch in pool.map(parse_and_normalize, batched(files, batch_files)):
            watch.add(batch.seconds)
            records_parts.append(batch.records)
            document_parts.append(batch.documents)
            parse_rejects += batch.rejects
    with watch.stage("normalize"):
        merged = merge_document_tables(document_parts)
        documents, invalid_documents = split_valid(merged.documents, DocumentsModel)
        listings = merged.document_listings[merged.document_listings["document_id"].isin(documents["document_id"])]
    with watch.phase("names"):
        authority = load_authority()
        _CHUNKS[:] = [part_of(documents, index, workers) for index in range(workers)]
        with _pool(workers) as pool:
            linked = list(pool.map(_link_chunk, range(workers)))
        _CHUNKS.clear()
        watch.add({"names": sum(seconds for _, seconds in linked)})
        with watch.stage("names"):
            names = assemble_name_tables([links for links, _ in linked], documents, authority)
    with watch.phase("publish"), watch.stage("publish"):
        tables: dict[str, pd.DataFrame] = {
            "documents": documents,
            "listing_records": concat_rows(records_parts, ListingRecordsModel),
            "document_listings": listings,
            "rejects": combine_rejects(*parse_rejects, merged.rejects, invalid_documents),
            "changes": compare(previous_documents(outputs), documents),
            **{spec.name: getattr(names, spec.name) for spec in PUBLISHED_TABLES if hasattr(names, spec.name)},
        }
        release = {spec.name: (tables[spec.name], spec.model) for spec in PUBLISHED_TABLES if spec.name in tables}
        try:
            publish(release, outputs)
        except PackageInvalid as exc:
            return files, release, str(exc)[:500]
    return files, release, None


@contextmanager
def _pool(workers: int) -> Iterator[Executor]:
    """`workers` forked processes, or this process alone (no pickling at all) when there is one."""
    if workers == 1:
        yield _InProcess()
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


class _InProcess(Executor):
    """An executor that runs each call here, in order: the one-process benchmark pays no process overhead."""

    def map(self, fn, *iterables, timeout=None, chunksize=1):  # type: ignore[override]
        return map(fn, *iterables)


def io_floor(files: list[RawFile], release: dict) -> float:
    """Seconds to read every raw file's bytes and write the published tables with pyarrow, nothing else.

    The tables are turned into Arrow first (untimed); the floor writes each
    once as Parquet and once as CSV, as the release does.
    """
    tables = {
        name: _csv_ready(arrow.Table.from_pandas(frame, schema=arrow_schema(model), preserve_index=False))
        for name, (frame, model) in release.items()
    }
    scratch = Path(tempfile.mkdtemp(prefix="io-floor-"))
    try:
        start = time.perf_counter()
        for raw in files:
            raw.path.read_bytes()
        for name, table in tables.items():
            pq.write_table(table, scratch / f"{name}.parquet", compression="zstd")
            arrow_csv.write_csv(table, scratch / f"{name}.csv")
        return time.perf_counter() - start
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _csv_ready(table: arrow.Table) -> arrow.Table:
    """List columns joined with `|`, as the release's CSV cells hold them (Arrow's CSV writer takes no lists)."""
    for index, field in enumerate(table.schema):
        if arrow.types.is_list(field.type):
            table = table.set_column(index, field.name, compute.binary_join(table[field.name], "|"))
    return table


def measure(raw: Path, items: int, batch_files: int = BATCH_FILES, workers: int = WORKERS) -> dict:
    """The benchmark figures for one raw folder of `items` items.

    Peak memory is the largest summed PSS of the main process and its workers
    (see bench/memory.py); the main process's own peak RSS is given apart.
    The raw files are read once, untimed, first: the run and the I/O floor
    then both find them in the page cache, rather than whichever ran first
    paying for the disk.
    """
    outputs = Path(tempfile.mkdtemp(prefix="bench-outputs-"))
    try:
        for raw_file in discover(raw):
            raw_file.path.read_bytes()
        watch = Stopwatch()
        start = time.perf_counter()
        with PeakMemory() as memory:
            files, release, refused = run_pipeline(raw, outputs, batch_files, watch, workers)
        end_to_end = time.perf_counter() - start
        main_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        floor = io_floor(files, release)
    finally:
        shutil.rmtree(outputs, ignore_errors=True)
    return {
        "items": items,
        "files": len(files),
        "raw_bytes": sum(f.size_bytes for f in files),
        "batch_files": batch_files,
        "workers": workers,
        "end_to_end_s": round(end_to_end, 3),
        "items_per_s": round(items / end_to_end),
        "peak_rss_mb": round(max(memory.peak_mb, main_rss_mb), 1),
        "main_rss_mb": round(main_rss_mb, 1),
        "io_floor_s": round(floor, 3),
        "ratio_to_floor": round(end_to_end / floor, 2),
        "stages": {name: round(seconds, 3) for name, seconds in watch.seconds.items()},
        "phases": {name: round(seconds, 3) for name, seconds in watch.phases.items()},
        "rows": {name: len(frame) for name, (frame, _) in release.items()},
        "release_refused": refused,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.runner", description=__doc__)
    parser.add_argument("raw", type=Path, help="raw folder of a generated corpus")
    parser.add_argument("--items", type=int, required=True, help="items the corpus holds")
    parser.add_argument("--batch-files", type=int, default=BATCH_FILES, help="raw files per batch")
    parser.add_argument("--workers", type=int, default=WORKERS, help="processes for parse+normalize and for names")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.raw, args.items, args.batch_files, args.workers)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
