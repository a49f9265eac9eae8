"""Atomic publishing: a run that fails or is killed leaves the previous release intact and readable."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline.publish as publishing
from pipeline.publish import PackageInvalid, current_release, publish
from schemas import PUBLISHED_TABLES
from tests.build import build
from tests.conftest import ROOT, SEED

# Run in a child process: publish with a CSV writer that stops forever after two files, so the test can kill it.
HANGING_PUBLISH = """
import sys, time
from pathlib import Path
import pyarrow.parquet as pq
import pipeline.publish as publishing
from schemas import PUBLISHED_TABLES

outputs, marker = Path(sys.argv[1]), Path(sys.argv[2])
real_write_csv, written = publishing.write_csv_table, []

def write_csv_then_hang(table, path):
    digest = real_write_csv(table, path)
    written.append(path)
    if len(written) == 2:
        marker.write_text(str(path))
        time.sleep(600)
    return digest

publishing.write_csv_table = write_csv_then_hang
tables = {s.name: (pq.read_table(outputs / f"{s.name}.parquet").to_pandas(), s.model) for s in PUBLISHED_TABLES}
publishing.publish(tables, outputs)
"""


@pytest.fixture(scope="module")
def seed_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One complete release, built from the seed by the whole job (once: the build is the slow part)."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(SEED, raw / SEED.name)
    folder = tmp_path_factory.mktemp("seed") / "outputs"
    assert build(raw, folder).success
    return folder


@pytest.fixture
def outputs(seed_outputs: Path, tmp_path: Path) -> Path:
    """A private copy of the seed's outputs folder, links kept as links."""
    return Path(shutil.copytree(seed_outputs, tmp_path / "outputs", symlinks=True))


def state(outputs: Path) -> dict[str, str]:
    """sha256 of every file researchers read at the top of the outputs folder (links followed)."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(outputs.iterdir())
        if path.is_file() and not path.name.startswith(".")
    }


def assert_readable(outputs: Path) -> None:
    for spec in PUBLISHED_TABLES:
        pq.read_table(outputs / f"{spec.name}.parquet")
        pd.read_csv(outputs / f"{spec.name}.csv", encoding="utf-8-sig")
    assert frictionless.validate(str(outputs / "datapackage.json")).valid


def edited_tables(outputs: Path) -> dict:
    """The current release's tables, with every title changed, so a new release would differ in every file."""
    tables = {s.name: (pq.read_table(outputs / f"{s.name}.parquet").to_pandas(), s.model) for s in PUBLISHED_TABLES}
    documents = tables["documents"][0]
    documents["title"] = "Edited: " + documents["title"]
    return tables


def test_a_failure_after_some_files_are_written_changes_nothing(outputs: Path, monkeypatch) -> None:
    before = state(outputs)
    real_write_csv, written = publishing.write_csv_table, []

    def write_csv_then_fail(table, path):
        digest = real_write_csv(table, path)
        written.append(path)
        if len(written) == 3:
            raise OSError("No space left on device (injected)")
        return digest

    monkeypatch.setattr(publishing, "write_csv_table", write_csv_then_fail)
    with pytest.raises(OSError, match="injected"):
        publish(edited_tables(outputs), outputs)

    # Files are written by worker threads: one more may have been under way when the third failed.
    assert len(written) >= 3 and "documents.csv" in {p.name for p in written}
    assert state(outputs) == before
    assert not list((outputs / "releases").glob(".partial-*"))
    assert_readable(outputs)


def test_a_killed_publish_leaves_the_previous_release_and_the_next_run_recovers(outputs: Path, tmp_path: Path) -> None:
    before = state(outputs)
    marker = tmp_path / "two-files-written"
    child = subprocess.Popen([sys.executable, "-c", HANGING_PUBLISH, str(outputs), str(marker)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the publishing process ended before it was killed"
            assert time.monotonic() < deadline, "the publishing process never wrote its files"
            time.sleep(0.05)
        half_written = Path(marker.read_text())
        assert half_written.exists() and half_written.parent.name.startswith(".partial-")
        child.kill()
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    assert state(outputs) == before
    assert_readable(outputs)

    release = publish(edited_tables(outputs), outputs)
    assert not half_written.parent.exists()
    assert current_release(outputs) == release.path
    titles = pq.read_table(outputs / "documents.parquet").column("title").to_pylist()
    assert titles and all(title.startswith("Edited: ") for title in titles)
    assert_readable(outputs)


def test_a_release_that_fails_its_own_validation_is_never_switched_in(outputs: Path) -> None:
    before = state(outputs)
    tables = edited_tables(outputs)
    listings = tables["document_listings"][0]
    listings.loc[0, "document_id"] = "wcda:no-such-document"

    with pytest.raises(PackageInvalid, match="foreign-key"):
        publish(tables, outputs)

    assert state(outputs) == before
    assert not list((outputs / "releases").glob(".partial-*"))


def test_switching_keeps_the_release_it_replaced_and_no_older_one(outputs: Path) -> None:
    first = current_release(outputs)
    second = publish(edited_tables(outputs), outputs).path
    third = publish(edited_tables(outputs), outputs).path

    assert sorted(p.name for p in (outputs / "releases").iterdir()) == sorted([second.name, third.name])
    assert not first.exists()
    assert current_release(outputs) == third
    for spec in PUBLISHED_TABLES:
        link = outputs / f"{spec.name}.parquet"
        assert link.is_symlink() and os.readlink(link) == f"current/{spec.name}.parquet"


def test_an_outputs_folder_of_plain_files_is_taken_over(outputs: Path, tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for spec in PUBLISHED_TABLES:
        (legacy / f"{spec.name}.parquet").write_bytes((outputs / f"{spec.name}.parquet").read_bytes())
        (legacy / f"{spec.name}.csv").write_bytes(b"stale")

    tables = {s.name: (pq.read_table(outputs / f"{s.name}.parquet").to_pandas(), s.model) for s in PUBLISHED_TABLES}
    publish(tables, legacy)

    assert state(legacy) == state(outputs) | {"datapackage.json": state(legacy)["datapackage.json"]}
    assert_readable(legacy)
