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
import resource
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


def build_sharded(raw: Path, outputs: Path, processes: int) -> dict[str, float]:
    """Build `raw` shard by shard into `outputs` with at most `processes` shard runs at once.

    Returns wall seconds per phase (the file list, the shards, the join) and in all.
    """
    home = Path(tempfile.mkdtemp(prefix="dagster-home-"))
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {**os.environ, "DAGSTER_HOME": str(home), "ARCHIVE_RAW_DIR": str(raw), "ARCHIVE_OUTPUTS_DIR": str(outputs)}
    try:
        marks = [time.perf_counter()]
        _wait(_materialize("raw_listing_files", env))
        marks.append(time.perf_counter())
        cpu_before = _children_cpu()
        pending = list(SHARDS.get_partition_keys())
        running: list[subprocess.Popen] = []
        while pending or running:
            while pending and len(running) < processes:
                running.append(_materialize(SHARD_ASSETS, env, pending.pop(0)))
            _wait(running.pop(0))
        marks.append(time.perf_counter())
        shards_cpu = _children_cpu() - cpu_before
        _wait(_materialize("sharded/tables", env))
        marks.append(time.perf_counter())
    finally:
        shutil.rmtree(home, ignore_errors=True)
    phases = dict(zip(("raw_listing_files", "shards", "join"), (b - a for a, b in zip(marks, marks[1:]))))
    return {
        **{name: round(s, 2) for name, s in phases.items()},
        "total": round(marks[-1] - marks[0], 2),
        "shards_cpu": round(shards_cpu, 2),
    }


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes: over the shards' wall time, the cores they got."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def compare(raw: Path, process_counts: tuple[int, ...] = (1, 2)) -> dict:
    """Wall time per build (one per entry of `process_counts`), and whether every build wrote the same bytes.

    Repeating and alternating counts, e.g. (1, 2, 1, 2), evens out what
    other processes on the machine take in the meantime.
    """
    runs: list[dict] = []
    contents: list[dict[str, bytes]] = []
    for processes in process_counts:
        outputs = Path(tempfile.mkdtemp(prefix=f"sharded-{processes}-"))
        try:
            runs.append({"processes": processes, **build_sharded(raw, outputs, processes)})
            folder = outputs / OUTPUT_FOLDER
            contents.append({p.name: p.read_bytes() for p in sorted(folder.glob("*.parquet"))})
        finally:
            shutil.rmtree(outputs, ignore_errors=True)
    return {
        "shards": len(SHARDS.get_partition_keys()),
        "runs": runs,
        "files": sorted(contents[0]),
        "identical_outputs": all(c == contents[0] for c in contents),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.partitioned", description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--processes", default="1,2,1,2", help="shard runs at once, one build per entry")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "partitioned-latest.json")
    args = parser.parse_args(argv)
    corpus = generate(args.items, seed=args.seed)
    counts = tuple(int(n) for n in args.processes.split(","))
    result = {"items": args.items, "seed": args.seed, **compare(corpus.raw, counts)}
    for run in result["runs"]:
        phases = ", ".join(f"{name} {run[name]:.1f} s" for name in ("raw_listing_files", "shards", "join"))
        phases += f"; shards used {run['shards_cpu']:.1f} CPU s, {run['shards_cpu'] / run['shards']:.2f} cores"
        print(f"{args.items:,} items, {result['shards']} shards, {run['processes']} process(es): {run['total']:.1f} s ({phases})")
    print(f"identical outputs: {result['identical_outputs']} ({', '.join(result['files'])})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["identical_outputs"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
