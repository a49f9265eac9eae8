"""The asset graph as reviewers see it: loads in CI, every asset documented, and a snapshot that shows any change.

Regenerate the snapshot after an intended change with
`UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_graph_snapshot.py`
and review the diff of tests/snapshots/asset_graph.json like code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipeline.definitions import defs
from pipeline.defs.tables import column_schema
from schemas import PUBLISHED_TABLES
from tests.conftest import ROOT

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"
UPDATE_ENV = "UPDATE_SNAPSHOTS"


def graph_snapshot(definitions: dg.Definitions) -> dict:
    """Keys, groups, kinds, upstream keys and checks of every asset; jobs, schedules and sensors. Sorted, so stable."""
    graph = definitions.resolve_asset_graph()
    checks: dict[str, list[dict]] = {}
    for key in graph.asset_check_keys:
        spec = graph.get_check_spec(key)
        checks.setdefault(key.asset_key.to_user_string(), []).append({"name": key.name, "blocking": spec.blocking})
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        name = key.to_user_string()
        assets[name] = {
            "group": node.group_name,
            "kinds": sorted(node.kinds),
            "upstream": sorted(k.to_user_string() for k in node.parent_keys),
            "checks": sorted(checks.get(name, []), key=lambda c: c["name"]),
        }
    repository = definitions.get_repository_def()
    return {
        "assets": assets,
        "jobs": {
            job.name: sorted(k.to_user_string() for k in job.asset_layer.selected_asset_keys)
            for job in sorted(repository.get_all_jobs(), key=lambda j: j.name)
            if not job.name.startswith("__")
        },
        "schedules": {
            s.name: {"job": s.job_name, "cron": s.cron_schedule, "timezone": s.execution_timezone, "default_status": s.default_status.value}
            for s in sorted(repository.schedule_defs, key=lambda s: s.name)
        },
        "sensors": {
            s.name: {"job": s.job_name, "default_status": s.default_status.value}
            for s in sorted(repository.sensor_defs, key=lambda s: s.name)
        },
    }


def test_definitions_load_with_dg_check_defs(tmp_path: Path) -> None:
    """What CI runs: the project's own loader, in a fresh process, against a throwaway Dagster home."""
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dg")), "check", "defs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All definitions loaded successfully" in done.stdout + done.stderr


def test_every_asset_is_documented_grouped_and_typed() -> None:
    graph = defs().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, f"{key.to_user_string()}: no docstring or description"
        assert node.group_name != "default", f"{key.to_user_string()}: no group"
        assert node.kinds, f"{key.to_user_string()}: no kinds"
    for spec in PUBLISHED_TABLES:
        node = graph.get(dg.AssetKey(spec.name))
        assert node.metadata["dagster/column_schema"] == column_schema(spec.model)["dagster/column_schema"], spec.name


def test_asset_graph_matches_the_snapshot() -> None:
    current = graph_snapshot(defs())
    text = json.dumps(current, indent=2, sort_keys=True) + "\n"
    if os.environ.get(UPDATE_ENV):
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing: run with {UPDATE_ENV}=1 to write it, then review and commit it")
    assert json.loads(SNAPSHOT.read_text(encoding="utf-8")) == current, (
        f"The asset graph changed. If intended, regenerate with {UPDATE_ENV}=1 and commit the snapshot diff."
    )
