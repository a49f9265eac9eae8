"""The names-cost comparison reads the real pages and times each repeat in a process of its own."""

from __future__ import annotations

from pathlib import Path

from bench.names_cost import REAL_FOLDERS, cold_ms_per_document, documents_of

ROOT = Path(__file__).resolve().parents[1]


def test_the_real_set_is_the_seed_and_the_real_listings(real_pages: Path) -> None:
    assert REAL_FOLDERS[1] == real_pages / "listings"
    real = documents_of(list(REAL_FOLDERS))
    seed = documents_of([ROOT / "raw"])
    listings = documents_of([real_pages / "listings"])
    assert set(real["document_id"]) == set(seed["document_id"]) | set(listings["document_id"])
    assert len(seed) < len(real)


def test_each_repeat_gives_a_cost_a_document() -> None:
    documents = documents_of([ROOT / "raw"])
    figures = cold_ms_per_document(documents.iloc[1:], documents.iloc[:1], repeats=2)
    assert len(figures) == 2 and all(ms > 0 for ms in figures)
