"""Command line: build the datasets (the Dagster job, or the streamed build for large collections) and say where they are."""

from __future__ import annotations

import argparse
import os
import sys

import dagster as dg

from pipeline.defs.resources import ArchiveStorage
from pipeline.sources import NoListings, require_listings


def run_build(record: bool = False) -> int:
    """Materialize the build job; print the outputs, or the reason it failed, without a traceback.

    With `record`, the run goes into the Dagster instance at DAGSTER_HOME, so
    the UI shows it (run, materializations, check results). Without, it runs
    on a throwaway in-memory instance: storing a run's events in SQLite costs
    more than the whole build on the seed, and a researcher who only wants
    the datasets should not pay for it.
    """
    from pipeline.definitions import defs

    storage = _archive_with_listings()
    if storage is None:
        return 1
    job = defs().resolve_job_def("build_datasets")
    if record and not os.environ.get("DAGSTER_HOME"):
        print("Cannot record the run: DAGSTER_HOME is not set (make run sets it to .dagster_home).", file=sys.stderr)
        return 2
    instance = dg.DagsterInstance.get() if record else dg.DagsterInstance.ephemeral()
    quiet = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    result = job.execute_in_process(run_config=quiet, instance=instance, raise_on_error=False)
    if not result.success:
        print(f"\nBuild failed (run {result.run_id}):", file=sys.stderr)
        for event in result.all_events:
            if event.is_step_failure and event.step_failure_data is not None:
                error = event.step_failure_data.error
                message = error.message.strip() if error else "unknown error"
                print(f"  {event.step_key}: {message}", file=sys.stderr)
        return 1
    outputs = storage.outputs_path
    if record:
        print(f"\nRun {result.run_id} recorded in {os.environ['DAGSTER_HOME']}: `make ui` shows it.")
    print(f"\nDatasets published in {outputs}:")
    for path in sorted(outputs.glob("*")):
        if path.is_file() and not path.name.startswith("."):
            print(f"  {path.name}")
    return 0


def run_streamed(batch_files: int | None, workers: int) -> int:
    """Build the same release a batch of raw files at a time (`pipeline.streaming`), for collections of millions.

    It writes the tables the job writes, validated row by row by the same
    models, but outside Dagster: no run in the UI and no asset checks.
    """
    from pipeline.process_settings import hand_back_freed_memory
    from pipeline.streaming import build_release

    storage = _archive_with_listings()
    if storage is None:
        return 1
    hand_back_freed_memory()
    build = build_release(storage.raw_path, storage.outputs_path, batch_files, workers)
    rows = {f.path.stem: f.rows for f in build.release.files if f.path.suffix == ".parquet"}
    print(f"Read {len(build.files):,} raw files; {rows['documents']:,} documents, {build.rejects:,} rejects.")
    print(f"Release {build.release.path.name} published in {storage.outputs_path}.")
    return 0


def _archive_with_listings() -> ArchiveStorage | None:
    """The configured raw and outputs folders, or None (the reason on stderr) when the raw folder lists nothing."""
    storage = ArchiveStorage()
    try:
        require_listings(storage.raw_path)
    except NoListings as exc:
        print(f"Nothing to build: {exc}", file=sys.stderr)
        return None
    return storage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="build every dataset from the raw folder into the outputs folder")
    run.add_argument(
        "--record", action="store_true", help="keep the run in the Dagster instance at DAGSTER_HOME, for the UI to show"
    )
    stream = commands.add_parser(
        "stream", help="build the same release a batch of raw files at a time, in worker processes (large collections)"
    )
    stream.add_argument("--batch-files", type=int, help="raw files per batch (default: 1,000, fewer when that leaves a worker under 4 batches)")
    stream.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: one per core)")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_build(record=args.record)
    if args.command == "stream":
        return run_streamed(args.batch_files, args.workers)
    return 2
