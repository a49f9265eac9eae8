"""Shared fixtures: the seed, the real pages beside the repo, throwaway raw/outputs folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "raw" / "le-duan-contributor-488-page-1.txt"
SHARED = ROOT.parent / "shared"
REAL_PAGES = SHARED / "real-pages"


@pytest.fixture
def seed_raw(tmp_path: Path) -> Path:
    """A raw folder holding only the seed listing."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    return raw


@pytest.fixture
def real_pages() -> Path:
    """The real archive pages kept in ../shared/real-pages (required: they are the test inputs)."""
    if not REAL_PAGES.is_dir():
        pytest.fail(f"{REAL_PAGES} is missing: the real-page tests need ../shared beside the checkout")
    return REAL_PAGES
