"""Schedule and sensor: defined, stopped by default, and the sensor builds only when the raw folder changed."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import yaml

from pipeline.definitions import defs
from pipeline.defs.automation import CRAWL_URLS_ENV, raw_folder_changed, weekly_refresh
from pipeline.defs.resources import ArchiveStorage
from tests.conftest import ROOT


def tick(raw: Path, cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    """One evaluation of the raw-folder sensor, as the daemon would run it."""
    context = dg.build_sensor_context(cursor=cursor, resources={"archive": ArchiveStorage(raw_dir=str(raw))})
    return raw_folder_changed(context)


def test_first_tick_requests_a_build_of_what_is_there(seed_raw: Path) -> None:
    result = tick(seed_raw, None)
    assert isinstance(result, dg.SensorResult)
    [request] = result.run_requests
    assert request.tags["archive/raw_change"] == "1 added, 0 changed, 0 removed"
    assert set(json.loads(result.cursor)) == {"le-duan-contributor-488-page-1.txt"}


def test_nothing_changed_skips(seed_raw: Path) -> None:
    first = tick(seed_raw, None)
    again = tick(seed_raw, first.cursor)
    assert isinstance(again, dg.SkipReason)
    assert "No change" in again.skip_message


def test_a_file_added_requests_a_build(seed_raw: Path, real_pages: Path) -> None:
    first = tick(seed_raw, None)
    shutil.copy(real_pages / "listings" / "001.txt", seed_raw / "new-page.txt")
    second = tick(seed_raw, first.cursor)
    assert isinstance(second, dg.SensorResult)
    [request] = second.run_requests
    assert request.tags["archive/raw_change"] == "1 added, 0 changed, 0 removed"
    assert request.run_key != first.run_requests[0].run_key
    assert set(json.loads(second.cursor)) == {"le-duan-contributor-488-page-1.txt", "new-page.txt"}


def test_same_name_new_bytes_is_a_change_and_same_bytes_is_not(seed_raw: Path) -> None:
    seed = seed_raw / "le-duan-contributor-488-page-1.txt"
    first = tick(seed_raw, None)
    seed.write_bytes(seed.read_bytes())
    assert isinstance(tick(seed_raw, first.cursor), dg.SkipReason)
    original = seed.read_bytes()
    seed.write_bytes(original + b"\n")
    changed = tick(seed_raw, first.cursor)
    assert changed.run_requests[0].tags["archive/raw_change"] == "0 added, 1 changed, 0 removed"
    seed.write_bytes(original)
    back = tick(seed_raw, changed.cursor)
    assert back.cursor == first.cursor
    assert back.run_requests[0].run_key != first.run_requests[0].run_key


def test_files_that_are_not_listings_do_not_count(seed_raw: Path) -> None:
    first = tick(seed_raw, None)
    (seed_raw / "notes.md").write_text("curator's notes", encoding="utf-8")
    assert isinstance(tick(seed_raw, first.cursor), dg.SkipReason)


def test_empty_raw_folder_skips_with_the_reason(tmp_path: Path) -> None:
    empty = tmp_path / "raw"
    empty.mkdir()
    result = tick(empty, None)
    assert isinstance(result, dg.SkipReason)
    assert "No listing files" in result.skip_message


def test_schedule_and_sensor_are_registered_stopped_and_target_the_build() -> None:
    definitions = defs()
    schedule = definitions.resolve_schedule_def("weekly_refresh")
    sensor = definitions.resolve_sensor_def("raw_folder_changed")
    assert schedule.cron_schedule == "0 3 * * 1" and schedule.execution_timezone == "UTC"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert schedule.job_name == "crawl_and_build"
    assert sensor.job_name == "build_datasets"


def test_weekly_refresh_crawls_then_builds() -> None:
    """The scheduled job runs the crawl first and the whole build after it, in one run."""
    definitions = defs()
    selected = {key.to_user_string() for key in definitions.resolve_job_def("crawl_and_build").asset_layer.selected_asset_keys}
    built = {key.to_user_string() for key in definitions.resolve_job_def("build_datasets").asset_layer.selected_asset_keys}
    assert selected == built | {"crawled_listing_pages"}
    assert "crawled_listing_pages" not in built
    graph = definitions.resolve_asset_graph()
    assert dg.AssetKey("crawled_listing_pages") in graph.get(dg.AssetKey("raw_listing_files")).parent_keys


def test_weekly_refresh_skips_without_urls_and_configures_the_crawl_with_them(monkeypatch) -> None:
    when = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
    monkeypatch.delenv(CRAWL_URLS_ENV, raising=False)
    skipped = weekly_refresh(dg.build_schedule_context(scheduled_execution_time=when))
    assert isinstance(skipped, dg.SkipReason) and CRAWL_URLS_ENV in skipped.skip_message

    urls = ["https://digitalarchive.wilsoncenter.org/search?f%5B0%5D=people%3A81716", "https://example.org/search?page=2"]
    monkeypatch.setenv(CRAWL_URLS_ENV, "\n".join(urls))
    request = weekly_refresh(dg.build_schedule_context(scheduled_execution_time=when))
    assert request.run_config == {"ops": {"crawled_listing_pages": {"config": {"urls": urls}}}}
    assert request.run_key == when.isoformat()
    assert dg.validate_run_config(defs().resolve_job_def("crawl_and_build"), request.run_config)


def test_only_one_build_runs_at_a_time() -> None:
    """Every job the automation launches carries the tag that dagster.yaml limits to one run."""
    config = yaml.safe_load((ROOT / ".dagster_home" / "dagster.yaml").read_text(encoding="utf-8"))
    limits = {limit["key"]: limit["limit"] for limit in config["run_queue"]["tag_concurrency_limits"]}
    assert limits["archive/build"] == 1
    definitions = defs()
    for name in {weekly_refresh.job_name, raw_folder_changed.job_name}:
        assert "archive/build" in definitions.resolve_job_def(name).tags
