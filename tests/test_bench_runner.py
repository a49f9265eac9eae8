"""The benchmark's runner: what it times is the pipeline, its worker processes change nothing in the outputs, and its memory figure sees them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generator import generate
from bench.memory import PeakMemory
from bench.runner import Stopwatch, main, run_pipeline


def _data_files(outputs: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((outputs / "current").iterdir()) if p.suffix in {".csv", ".parquet"}}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(600, seed=11, root=tmp_path_factory.mktemp("corpus")).raw


def test_two_workers_publish_the_same_files_as_one(corpus: Path, tmp_path: Path) -> None:
    alone, paired = Stopwatch(), Stopwatch()
    _, release, refused = run_pipeline(corpus, tmp_path / "one", 7, alone, workers=1)
    assert refused is None
    assert run_pipeline(corpus, tmp_path / "two", 7, paired, workers=2)[2] is None
    assert _data_files(tmp_path / "one") == _data_files(tmp_path / "two")
    assert len(release["listing_records"][0]) == 600
    # Work is counted per stage wherever it ran; the wall time of a phase is the parent's.
    for watch in (alone, paired):
        assert {"parse", "normalize", "names", "publish"} <= set(watch.seconds)
        assert {"parse+normalize", "names", "publish"} <= set(watch.phases)


def test_the_runner_prints_the_figures_the_readme_table_reads(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(corpus), "--items", "600", "--batch-files", "9", "--workers", "2"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["items"] == 600 and figures["workers"] == 2
    assert figures["rows"]["listing_records"] == 600 and figures["release_refused"] is None
    assert figures["peak_rss_mb"] >= figures["main_rss_mb"] > 0
    assert figures["io_floor_s"] > 0 and figures["ratio_to_floor"] == pytest.approx(figures["end_to_end_s"] / figures["io_floor_s"], rel=0.05)  # both rounded to ms


def test_peak_memory_counts_what_a_worker_holds(tmp_path: Path) -> None:
    """A child that holds 200 MiB of its own raises the tree's peak by about that much; the parent's RSS would miss it."""
    hold = "import time; block = bytearray(200 * 2**20); block[::4096] = b'x' * len(block[::4096]); time.sleep(1.0)"
    with PeakMemory(interval=0.02) as idle:
        subprocess.run([sys.executable, "-c", "import time; time.sleep(1.0)"], check=True)
    with PeakMemory(interval=0.02) as busy:
        subprocess.run([sys.executable, "-c", hold], check=True)
    assert 180 < busy.peak_mb - idle.peak_mb < 260
