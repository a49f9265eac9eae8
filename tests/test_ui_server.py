"""The Dagster UI, for real: start `dagster dev`, ask its GraphQL API what a user would look at, run the build, stop it.

The server runs against a throwaway Dagster home (with the project's
dagster.yaml, so its run limits) and throwaway raw/outputs folders, on a free
port of 127.0.0.1, and is stopped by its PID (SIGINT to its process group);
the test then asserts that none of its processes is left.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

DAGSTER = Path(sys.executable).with_name("dagster")
START_TIMEOUT = 240
RUN_TIMEOUT = 400
STOP_TIMEOUT = 60
REPOSITORY = {"repositoryLocationName": "wilson_archive", "repositoryName": "__repository__"}

ASSET_GRAPH = """{
  assetNodes {
    assetKey { path } groupName kinds description
    metadataEntries { label }
    dependencyKeys { path }
    assetChecksOrError { ... on AssetChecks { checks { name blocking } } }
  }
}"""

AUTOMATION = """query($repo: RepositorySelector!) {
  schedulesOrError(repositorySelector: $repo) {
    ... on Schedules { results { name cronSchedule pipelineName scheduleState { status } } }
  }
  sensorsOrError(repositorySelector: $repo) {
    ... on Sensors { results { name sensorState { status } targets { pipelineName } } }
  }
}"""

LAUNCH = """mutation($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
  }
}"""

RUN_STATUS = """query($id: ID!) { runOrError(runId: $id) { ... on Run { runId status startTime endTime } } }"""

MATERIALIZATION = """query($key: AssetKeyInput!) {
  assetOrError(assetKey: $key) {
    ... on Asset {
      assetMaterializations(limit: 1) {
        runId
        metadataEntries {
          label
          ... on IntMetadataEntry { intValue }
          ... on MarkdownMetadataEntry { mdStr }
          ... on PathMetadataEntry { path }
          ... on TextMetadataEntry { text }
        }
      }
    }
  }
}"""

CHECK_RESULTS = """{
  assetNodes {
    assetKey { path }
    assetChecksOrError { ... on AssetChecks { checks { name executionForLatestMaterialization { runId status } } } }
  }
}"""

TERMINAL = {"SUCCESS", "FAILURE", "CANCELED"}


@dataclass
class Server:
    """A running `dagster dev` and how to talk to it."""

    process: subprocess.Popen
    url: str
    log: Path

    def query(self, query: str, **variables: object) -> dict:
        response = httpx.post(f"{self.url}/graphql", json={"query": query, "variables": variables}, timeout=60)
        response.raise_for_status()
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes_of(process: subprocess.Popen) -> list[psutil.Process]:
    """The server and every process it started: its descendants and anything left in its process group."""
    found: dict[int, psutil.Process] = {}
    try:
        root = psutil.Process(process.pid)
        found[root.pid] = root
        found.update({child.pid: child for child in root.children(recursive=True)})
    except psutil.NoSuchProcess:
        pass
    for candidate in psutil.process_iter():
        try:
            if os.getpgid(candidate.pid) == process.pid:
                found[candidate.pid] = candidate
        except (ProcessLookupError, psutil.NoSuchProcess):
            continue
    return list(found.values())


def stop(process: subprocess.Popen) -> list[psutil.Process]:
    """SIGINT to the server's process group, as Ctrl-C would; whatever outlives STOP_TIMEOUT is returned (and killed)."""
    started = processes_of(process)
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pass
    _, alive = psutil.wait_procs(started, timeout=STOP_TIMEOUT)
    for leftover in alive:
        leftover.kill()
    return alive


@pytest.fixture
def server(seed_raw: Path, tmp_path: Path) -> Iterator[Server]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "ARCHIVE_RAW_DIR": str(seed_raw),
        "ARCHIVE_OUTPUTS_DIR": str(tmp_path / "outputs"),
    }
    log = tmp_path / "dagster-dev.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            ["env", "--default-signal=INT", str(DAGSTER), "dev", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_serving(running)
        yield running
    finally:
        leftovers = stop(process)
        assert not leftovers, f"processes left after stopping the server: {leftovers}"
        assert not [p for p in processes_of(process) if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def wait_until_serving(server: Server) -> None:
    """Until the webserver answers and has loaded the code location."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"dagster dev exited early:\n{server.log_tail()}"
        try:
            nodes = server.query("{ repositoriesOrError { ... on RepositoryConnection { nodes { name } } } }")
            if nodes["repositoriesOrError"].get("nodes"):
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)
    pytest.fail(f"the webserver did not come up within {START_TIMEOUT} s:\n{server.log_tail()}")


def launch_build(server: Server) -> str:
    launched = server.query(LAUNCH, params={"selector": {**REPOSITORY, "jobName": "build_datasets"}, "runConfigData": {}})
    assert launched["launchRun"]["__typename"] == "LaunchRunSuccess", launched
    return launched["launchRun"]["run"]["runId"]


def wait_for_run(server: Server, run_id: str) -> dict:
    """The run once it has ended (or as it stands when RUN_TIMEOUT runs out)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        run = server.query(RUN_STATUS, id=run_id)["runOrError"]
        if run["status"] in TERMINAL or time.monotonic() > deadline:
            return run
        time.sleep(2)


def metadata(server: Server, asset: str) -> dict[str, object]:
    [event] = server.query(MATERIALIZATION, key={"path": [asset]})["assetOrError"]["assetMaterializations"]
    return {
        entry["label"]: next((entry[k] for k in ("intValue", "mdStr", "path", "text") if k in entry), None)
        for entry in event["metadataEntries"]
    } | {"runId": event["runId"]}


def test_ui_shows_the_graph_checks_and_automation_runs_the_build_and_stops_clean(server: Server, tmp_path: Path) -> None:
    nodes = {tuple(n["assetKey"]["path"]): n for n in server.query(ASSET_GRAPH)["assetNodes"]}
    groups = {key[0]: node["groupName"] for key, node in nodes.items()}
    assert groups["raw_listing_files"] == "ingest"
    assert groups["listing_records"] == "parse"
    assert groups["documents"] == "normalize"
    assert groups["release"] == groups["report"] == groups["rejects"] == "publish"
    assert groups["crawled_listing_pages"] == "crawl"
    for key, node in nodes.items():
        assert node["description"], f"{key} has no description"
        assert node["kinds"], f"{key} has no kinds"
    assert "dagster/column_schema" in {e["label"] for e in nodes[("documents",)]["metadataEntries"]}
    assert {"documents", "document_listings"} <= {d["path"][0] for d in nodes[("release",)]["dependencyKeys"]}
    checks = {
        (key[0], check["name"]): check["blocking"]
        for key, node in nodes.items()
        for check in node["assetChecksOrError"].get("checks", [])
    }
    assert checks[("documents", "matches_model")] is True
    assert checks[("documents", "primary_key_unique")] is True
    assert checks[("document_listings", "foreign_keys_resolve")] is True
    assert checks[("rejects", "reject_share_under_threshold")] is True
    assert checks[("listing_pages", "header_range_vs_items")] is False

    automation = server.query(AUTOMATION, repo=REPOSITORY)
    [schedule] = [s for s in automation["schedulesOrError"]["results"] if s["name"] == "weekly_refresh"]
    assert (schedule["cronSchedule"], schedule["pipelineName"], schedule["scheduleState"]["status"]) == (
        "0 3 * * 1",
        "crawl_and_build",
        "STOPPED",
    )
    [sensor] = [s for s in automation["sensorsOrError"]["results"] if s["name"] == "raw_folder_changed"]
    assert sensor["sensorState"]["status"] == "STOPPED"
    assert sensor["targets"] == [{"pipelineName": "build_datasets"}]

    # Two builds launched at once: the `archive/build` run limit queues the second until the first is done.
    first, second = launch_build(server), launch_build(server)
    runs = {run_id: wait_for_run(server, run_id) for run_id in (first, second)}
    for run_id, run in runs.items():
        assert run["status"] == "SUCCESS", f"run {run_id} ended {run['status']}:\n{server.log_tail()}"
    earlier, later = sorted(runs.values(), key=lambda run: run["startTime"])
    assert earlier["endTime"] <= later["startTime"], runs
    run_id = later["runId"]

    documents = metadata(server, "documents")
    assert documents["runId"] == run_id
    assert documents["dagster/row_count"] == 20
    assert "Discussion between Liu Shaoqi and Le Duan" in documents["preview"]
    release = metadata(server, "release")
    assert release["runId"] == run_id
    release_dir = Path(release["release_dir"])
    assert release_dir.name == release["release_version"]
    published = (release_dir / "documents.parquet").read_bytes()
    assert f"`{hashlib.sha256(published).hexdigest()}`" in release["files"]
    report = metadata(server, "report")
    assert report["pictures"].startswith("![timeline](data:image/png;base64,")
    assert "![network](data:image/png;base64," in report["pictures"]
    assert "Le Duan" in report["most_linked_people"]
    assert (tmp_path / "outputs" / "report" / "timeline.png").exists()

    results = {
        (tuple(n["assetKey"]["path"])[0], c["name"]): c["executionForLatestMaterialization"]
        for n in server.query(CHECK_RESULTS)["assetNodes"]
        for c in n["assetChecksOrError"].get("checks", [])
    }
    for check in [("documents", "matches_model"), ("documents", "primary_key_unique"), ("rejects", "reject_share_under_threshold")]:
        assert results[check] == {"runId": run_id, "status": "SUCCEEDED"}, check
