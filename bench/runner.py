"""Time the streamed build of one raw folder, in this process and its workers, and print the figures as JSON.

`python -m bench` starts this once per corpus size in a fresh interpreter, so
the peak memory it reports belongs to that size alone. The build is
`pipeline.streaming.build_release`: the Dagster assets' stage functions, a
batch of raw files at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pyarrow as arrow
import pyarrow.compute as compute
import pyarrow.csv as arrow_csv
import pyarrow.parquet as pq

from bench.memory import PeakMemory
from pipeline.sources import RawFile, discover
from pipeline.process_settings import hand_back_freed_memory, tune_collector
from pipeline.streaming import build_release

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


def io_floor(files: list[RawFile], release: Path) -> float:
    """Seconds to read every raw file's bytes and write the published tables with pyarrow, nothing else.

    The tables are read back from the release first (untimed); the floor
    writes each once as Parquet and once as CSV, as the release does.
    """
    tables = {path.stem: _csv_ready(pq.read_table(path)) for path in sorted(release.glob("*.parquet"))}
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


def measure(raw: Path, items: int, batch_files: int | None = None, workers: int = WORKERS) -> dict:
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
            build = build_release(raw, outputs, batch_files, workers, watch)
        end_to_end = time.perf_counter() - start
        main_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        floor = io_floor(build.files, build.release.path)
        rows = {f.path.stem: f.rows for f in build.release.files if f.path.suffix == ".parquet"}
    finally:
        shutil.rmtree(outputs, ignore_errors=True)
    return {
        "items": items,
        "files": len(build.files),
        "raw_bytes": sum(f.size_bytes for f in build.files),
        "batch_files": build.batch_files,
        "workers": workers,
        "end_to_end_s": round(end_to_end, 3),
        "items_per_s": round(items / end_to_end),
        "peak_rss_mb": round(max(memory.peak_mb, main_rss_mb), 1),
        "main_rss_mb": round(main_rss_mb, 1),
        "io_floor_s": round(floor, 3),
        "ratio_to_floor": round(end_to_end / floor, 2),
        "stages": {name: round(seconds, 3) for name, seconds in watch.seconds.items()},
        "phases": {name: round(seconds, 3) for name, seconds in watch.phases.items()},
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.runner", description=__doc__)
    parser.add_argument("raw", type=Path, help="raw folder of a generated corpus")
    parser.add_argument("--items", type=int, required=True, help="items the corpus holds")
    parser.add_argument("--batch-files", type=int, help="raw files per batch (default: the build's)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="processes for parse+normalize and for names")
    args = parser.parse_args(argv)
    tune_collector()  # as `python -m pipeline stream` does
    hand_back_freed_memory()
    print(json.dumps(measure(args.raw, args.items, args.batch_files, args.workers)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
