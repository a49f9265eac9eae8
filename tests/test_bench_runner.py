"""The benchmark's runner: what it times, what it prints, and that its memory figure sees the workers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generator import generate
from bench.memory import PeakMemory
from bench.runner import Stopwatch, main
from pipeline.streaming import build_release


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(600, seed=11, root=tmp_path_factory.mktemp("corpus")).raw


def test_the_stopwatch_counts_work_per_stage_and_wall_per_phase(corpus: Path, tmp_path: Path) -> None:
    """Work is counted per stage wherever it ran (workers included); the wall time of a phase is the parent's."""
    watch = Stopwatch()
    build_release(corpus, tmp_path / "outputs", 7, 2, watch)
    assert {"discover+read", "parse", "normalize", "names", "publish"} <= set(watch.seconds)
    assert set(watch.phases) == {"batches", "finish"}
    assert all(seconds > 0 for seconds in watch.seconds.values())


def test_the_runner_prints_the_figures_the_readme_table_reads(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(corpus), "--items", "600", "--batch-files", "9", "--workers", "2"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["items"] == 600 and figures["workers"] == 2
    assert figures["rows"]["listing_records"] == 600
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
