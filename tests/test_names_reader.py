"""A worker's resolver and extractor outlive a chunk: warm caches give what cold ones give, and are renewed in time."""

from __future__ import annotations

import copy
import pickle

import pandas as pd
import pytest

import pipeline.names.links as links
from pipeline.documents import build_documents
from pipeline.listings import parse_files
from pipeline.names.authority import load_authority
from pipeline.names.links import link_documents
from pipeline.parsing import parse_text
from pipeline.sources import discover
from tests.conftest import REAL_PAGES, SEED

AUTHORITY = load_authority()


def _documents() -> pd.DataFrame:
    """The seed's documents, then every item of the real listing pages."""
    seed = build_documents(parse_files(discover(SEED.parent)).records).documents
    real = [
        {"document_id": f"{path.name}:{item.position}", "title": item.title, "summary": item.summary, "date_start": None, "date_end": None}
        for path in sorted((REAL_PAGES / "listings").glob("*.txt"))
        for item in parse_text(path.read_text(encoding="utf-8")).items
    ]
    return pd.concat([seed[list(real[0])], pd.DataFrame(real)], ignore_index=True)


DOCUMENTS = _documents()


def _cold(documents: pd.DataFrame) -> bytes:
    links._last_reader = None
    return pickle.dumps(link_documents(documents, AUTHORITY))


def test_a_chunk_read_with_warm_caches_links_as_with_cold_ones() -> None:
    half = len(DOCUMENTS) // 2
    first, second = DOCUMENTS.iloc[:half], DOCUMENTS.iloc[half:]
    expected = _cold(second)
    links._last_reader = None
    link_documents(first, AUTHORITY)
    reader = links._last_reader
    warm = pickle.dumps(link_documents(second, AUTHORITY))
    assert links._last_reader is reader, "the second chunk reuses the first chunk's reader"
    assert warm == expected
    assert pickle.dumps(link_documents(second, AUTHORITY)) == expected  # every text cached now


def test_a_reader_is_made_anew_for_another_authority_or_threshold_or_after_enough_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    chunk = DOCUMENTS.iloc[:10]
    links._last_reader = None
    link_documents(chunk, AUTHORITY)
    first = links._last_reader
    link_documents(chunk, copy.copy(AUTHORITY))
    assert links._last_reader is not first
    second = links._last_reader
    link_documents(chunk, second.authority, fuzzy_threshold=99)
    assert links._last_reader is not second
    monkeypatch.setattr(links, "READER_DOCUMENTS", 15)
    third = links._last_reader
    link_documents(chunk, third.authority, fuzzy_threshold=99)  # 20 read: renewed on the next chunk
    assert links._last_reader is third
    link_documents(chunk, third.authority, fuzzy_threshold=99)
    assert links._last_reader is not third
