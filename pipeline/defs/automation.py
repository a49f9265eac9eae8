"""Automation: a weekly crawl-then-build and a sensor that builds when the raw folder changes.

Both are stopped by default, so opening the UI on a fresh checkout never
starts work by itself; turn them on under *Automation*. Builds never overlap:
every build run carries the `archive/build` tag, limited to one run at a time
in `.dagster_home/dagster.yaml`.
"""

import hashlib
import json
import os

import dagster as dg

from pipeline.defs.crawl import CRAWL_ASSET
from pipeline.defs.jobs import build_datasets, crawl_and_build
from pipeline.defs.resources import ArchiveStorage
from pipeline.sources import NoListings, require_listings

# Listing URLs the weekly refresh follows, separated by whitespace; read at each tick, not at import.
CRAWL_URLS_ENV = "ARCHIVE_CRAWL_URLS"


@dg.schedule(
    job=crawl_and_build,
    cron_schedule="0 3 * * 1",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
def weekly_refresh(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    """Every Monday 03:00 UTC: crawl what is new on the listings in ARCHIVE_CRAWL_URLS, then rebuild.

    Without URLs there is nothing to fetch, and the raw-folder sensor already
    rebuilds on any change, so the tick is skipped and says why.
    """
    urls = os.environ.get(CRAWL_URLS_ENV, "").split()
    if not urls:
        return dg.SkipReason(f"No listing URLs to crawl: set {CRAWL_URLS_ENV} (whitespace-separated) for the daemon.")
    return dg.RunRequest(
        run_key=context.scheduled_execution_time.isoformat() if context.scheduled_execution_time else None,
        run_config={"ops": {CRAWL_ASSET: {"config": {"urls": urls}}}},
    )


@dg.sensor(
    job=build_datasets,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def raw_folder_changed(context: dg.SensorEvaluationContext, archive: ArchiveStorage) -> dg.SensorResult | dg.SkipReason:
    """Request a build when a listing file is added to, changed in or removed from the raw folder.

    The cursor is every file name with its sha256, so a file saved again with
    the same bytes does not trigger a build, and a changed one does.
    """
    try:
        files = require_listings(archive.raw_path)
    except NoListings as exc:
        return dg.SkipReason(str(exc))
    state = {f.source_file: f.sha256 for f in files}
    previous = json.loads(context.cursor) if context.cursor else {}
    if state == previous:
        return dg.SkipReason(f"No change in {archive.raw_path} ({len(state)} listing files).")
    added = sorted(state.keys() - previous.keys())
    changed = sorted(name for name in state.keys() & previous.keys() if state[name] != previous[name])
    removed = sorted(previous.keys() - state.keys())
    cursor = json.dumps(state, sort_keys=True)
    summary = f"{len(added)} added, {len(changed)} changed, {len(removed)} removed"
    context.log.info(f"{archive.raw_path}: {summary}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                # The transition, not the state: going back to an earlier state must build again.
                run_key=hashlib.sha256(f"{context.cursor or ''}\n{cursor}".encode("utf-8")).hexdigest(),
                tags={"archive/raw_change": summary},
            )
        ],
        cursor=cursor,
    )
