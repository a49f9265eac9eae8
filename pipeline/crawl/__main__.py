"""`python -m pipeline.crawl URL...`: run the crawl job once, recorded in DAGSTER_HOME like any other run."""

from __future__ import annotations

import argparse
import os
import sys

import dagster as dg


def main(argv: list[str] | None = None) -> int:
    """Crawl the given listing URLs into the raw folder; print the outcome without a traceback."""
    from pipeline.definitions import defs
    from pipeline.defs.crawl import CRAWL_ASSET

    parser = argparse.ArgumentParser(prog="python -m pipeline.crawl", description=__doc__)
    parser.add_argument("urls", nargs="+", metavar="URL", help="listing URL of either site generation")
    parser.add_argument("--max-pages", type=int, default=None, help="page requests per query in this run")
    args = parser.parse_args(argv)
    urls = [url for url in args.urls if url.strip()]
    if not urls:
        parser.error("give at least one listing URL, e.g. make crawl URL='https://digitalarchive.wilsoncenter.org/search?...'")
    job = defs().resolve_job_def("crawl_archive")
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    run_config = {
        "ops": {CRAWL_ASSET: {"config": {"urls": urls, "max_pages": args.max_pages}}},
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
    }
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    if result.success:
        print(f"\nCrawl finished (run {result.run_id}).")
        return 0
    print(f"\nCrawl failed (run {result.run_id}):", file=sys.stderr)
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None and event.step_failure_data.error:
            print(f"  {event.step_failure_data.error.message.strip()}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
