"""The benchmark's synthetic archive: reproducible, the size asked, readable, and as quirky as the real one."""

from __future__ import annotations

import random
import re
from pathlib import Path
from statistics import mean

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generator import as_item, chunk_pages, generate, make_document, supported_formats
from pipeline.listings import parse_files
from pipeline.parsing import parse_text
from pipeline.sources import discover
from pipeline.synthetic import render_page


def _fold(text: str | None) -> str | None:
    """Whitespace as a parser folds it within a paragraph; paragraphs stay apart."""
    if text is None:
        return None
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))


def test_same_seed_gives_the_same_pages_and_another_seed_does_not() -> None:
    formats = supported_formats()
    first = list(chunk_pages(7, 0, 400, formats))
    assert first == list(chunk_pages(7, 0, 400, formats))
    assert first != list(chunk_pages(8, 0, 400, formats))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), fmt=st.sampled_from(supported_formats()), count=st.integers(1, 20))
def test_every_generated_page_parses_back_to_its_items(seed: int, fmt: str, count: int) -> None:
    rng = random.Random(seed)
    items = [as_item(make_document(rng, 100_000 + n), fmt) for n in range(count)]
    page = parse_text(render_page(fmt, items, page=1, total=count, per_page=max(count, 10)))
    assert page.problems == []
    assert [(i.date_text, i.title, _fold(i.summary)) for i in page.items] == [
        (i.date_text, i.title, _fold(i.summary)) for i in items
    ]


def test_a_corpus_holds_exactly_its_size_and_is_reused(tmp_path: Path) -> None:
    corpus = generate(700, seed=3, root=tmp_path, workers=1)
    assert corpus.items == 700 and set(corpus.formats) == set(supported_formats())
    files = discover(corpus.raw)
    assert len(files) == corpus.files and sum(f.size_bytes for f in files) == corpus.bytes
    parsed = parse_files(files)
    assert len(parsed.records) == 700
    assert parsed.rejects.empty
    assert set(parsed.pages["format"]) <= set(supported_formats())
    stamp = (corpus.raw.parent / "manifest.json").stat().st_mtime_ns
    assert generate(700, seed=3, root=tmp_path) == corpus
    assert (corpus.raw.parent / "manifest.json").stat().st_mtime_ns == stamp


def test_items_carry_the_date_forms_and_name_quirks_of_the_archive(tmp_path: Path) -> None:
    pages = list(chunk_pages(11, 0, 3_000, supported_formats()))
    assert {path.split("/")[0] for path, _ in pages} == set(supported_formats())
    text = "\n".join(page for _, page in pages)
    for form in (
        r"(?:April|May|June) 0\d, 19\d\d",  # old site: zero-padded day
        r"(?:April|May|June) [1-9], 19\d\d",  # new site: unpadded day
        r"(?:^|[>•] ?)(?:January|March) 19\d\d\s*(?:<|$)",  # month only
        r"(?:January|March), 19\d\d",  # month, comma, year
        r"circa 19\d\d",
        r"(?:January|March) \d{1,2}-\d{1,2}, 19\d\d",
    ):
        assert re.search(form, text, re.MULTILINE), form
    for quirk in ("Deng Xioaping", "Shytkov", "Pham Hùng", "Mikihail", "Cuong [Pham Hung]", "Filippov [Stalin]", "Trần Quang Cơ", "Politboro", "Cde."):
        assert quirk in text, quirk
    assert "\n\n\n" in text  # an undated new-site item: an empty date line


def test_item_lengths_are_those_of_real_listings(real_pages: Path) -> None:
    real = [item for path in sorted((real_pages / "listings").glob("*.txt")) for item in _items(path.read_text(encoding="utf-8"))]
    rng = random.Random(5)
    synthetic = [make_document(rng, n) for n in range(2_000)]
    for field in ("title", "summary"):
        real_mean = mean(len(getattr(i, field)) for i in real if getattr(i, field))
        synthetic_mean = mean(len(getattr(d, field)) for d in synthetic if getattr(d, field))
        assert real_mean / 2 < synthetic_mean < real_mean * 2, (field, real_mean, synthetic_mean)


def _items(text: str) -> list:
    try:
        return parse_text(text).items
    except ValueError:
        return []
