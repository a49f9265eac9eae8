"""Time the sharded build with 1 and with 2 shard runs at a time, and check both give the same files.

Every run is a plain `dagster asset materialize` in its own process against
one Dagster instance, as Dagster's default run launcher would start it; at
most `processes` shard runs overlap, which is what a QueuedRunCoordinator's
`max_concurrent_runs` does for a backfill. Order: raw_listing_files, the
shards, then sharded/tables (the join).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generator import SEED, generate
from pipeline.defs.partitioned import OUTPUT_FOLDER, SHARDS

ROOT = Path(__file__).resolve().parents[1]
DAGSTER = Path(sys.executable).with_name("dagster")
# One process per run: a shard's two steps gain nothing from a process each.
IN_PROCESS = json.dumps({"execution": {"config": {"in_process": {}}}})
SHARD_ASSETS = ",".join(
    f"sharded/{name}"
    for name in ("listing_records", "listing_pages", "parse_rejects", "documents", "document_listings", "normalize_rejects")
)


def _materialize(select: str, env: dict[str, str], partition: str | None = None) -> subprocess.Popen:
    command = [str(DAGSTER), "asset", "materialize", "-m", "pipeline.definitions", "--select", select, "--config-json", IN_PROCESS]
    if partition:
        command += ["--partition", partition]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait(run: subprocess.Popen) -> None:
    _, err = run.communicate()
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(run.args)} failed:\n{err[-3000:]}")


def build_sharded(raw: Path, outputs: Path, processes: int) -> float:
    """Build `raw` shard by shard into `outputs` with at most `processes` shard runs at once; wall seconds."""
    home = Path(tempfile.mkdtemp(prefix="dagster-home-"))
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {**os.environ, "DAGSTER_HOME": str(home), "ARCHIVE_RAW_DIR": str(raw), "ARCHIVE_OUTPUTS_DIR": str(outputs)}
    try:
        start = time.perf_counter()
        _wait(_materialize("raw_listing_files", env))
        pending = list(SHARDS.get_partition_keys())
        running: list[subprocess.Popen] = []
        while pending or running:
            while pending and len(running) < processes:
                running.append(_materialize(SHARD_ASSETS, env, pending.pop(0)))
            _wait(running.pop(0))
        _wait(_materialize("sharded/tables", env))
        return time.perf_counter() - start
    finally:
        shutil.rmtree(home, ignore_errors=True)


def compare(raw: Path, process_counts: tuple[int, ...] = (1, 2)) -> dict:
    """Wall time per process count, and whether every count wrote byte-identical Parquet files."""
    seconds: dict[str, float] = {}
    contents: dict[int, dict[str, bytes]] = {}
    for processes in process_counts:
        outputs = Path(tempfile.mkdtemp(prefix=f"sharded-{processes}-"))
        try:
            seconds[str(processes)] = round(build_sharded(raw, outputs, processes), 2)
            folder = outputs / OUTPUT_FOLDER
            contents[processes] = {p.name: p.read_bytes() for p in sorted(folder.glob("*.parquet"))}
        finally:
            shutil.rmtree(outputs, ignore_errors=True)
    first = contents[process_counts[0]]
    return {
        "shards": len(SHARDS.get_partition_keys()),
        "seconds_by_processes": seconds,
        "files": sorted(first),
        "identical_outputs": all(c == first for c in contents.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.partitioned", description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "partitioned-latest.json")
    args = parser.parse_args(argv)
    corpus = generate(args.items, seed=args.seed)
    result = {"items": args.items, "seed": args.seed, **compare(corpus.raw)}
    for processes, seconds in result["seconds_by_processes"].items():
        print(f"{args.items:,} items, {result['shards']} shards, {processes} process(es): {seconds:.1f} s")
    print(f"identical outputs: {result['identical_outputs']} ({', '.join(result['files'])})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["identical_outputs"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
