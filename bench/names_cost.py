"""`python -m bench.names_cost`: is the benchmark's corpus as costly to link to names as the real archive?

The name stage is most of the benchmark's time, and its cost per document
depends on what documents print, so the synthetic corpus must not be cheaper
than the real pages. This links the real documents (the listings in `raw/`,
the seed in a fresh clone, and `../shared/real-pages/listings`) and as many synthetic ones, each set cold:
in a fresh process, with an extractor and resolver that have read one other
document only (so their construction is not counted, their caches are).
Prints milliseconds a document for each set over a few repeats.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import median

import pandas as pd

from bench.generator import SEED, generate
from pipeline.documents import build_documents
from pipeline.listings import parse_files
from pipeline.names.authority import load_authority
from pipeline.names.links import link_documents
from pipeline.sources import discover

ROOT = Path(__file__).resolve().parents[1]
REAL_FOLDERS = (ROOT / "raw", ROOT.parent / "shared" / "real-pages" / "listings")
SYNTHETIC_ITEMS = 10_000


def documents_of(folders: list[Path]) -> pd.DataFrame:
    """The documents the pipeline makes of every listing file in `folders`."""
    files = [raw_file for folder in folders for raw_file in discover(folder)]
    return build_documents(parse_files(files).records).documents


def _cold_seconds(documents: pd.DataFrame, warm_up: pd.DataFrame) -> float:
    """CPU seconds to link `documents` in this (fresh) process, after linking `warm_up` alone."""
    authority = load_authority()
    link_documents(warm_up, authority)
    start = time.process_time()
    link_documents(documents, authority)
    return time.process_time() - start


def cold_ms_per_document(documents: pd.DataFrame, warm_up: pd.DataFrame, repeats: int) -> list[float]:
    """Milliseconds a document, once per repeat, each in a process forked from one that never linked."""
    seconds = []
    for _ in range(repeats):
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            seconds.append(pool.submit(_cold_seconds, documents, warm_up).result())
    return [1000 * s / len(documents) for s in seconds]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.names_cost", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    real = documents_of([folder for folder in REAL_FOLDERS if folder.is_dir()])
    synthetic_all = documents_of([generate(SYNTHETIC_ITEMS, seed=SEED).raw])
    synthetic = synthetic_all.sample(len(real), random_state=SEED)
    warm_up = synthetic_all.drop(synthetic.index).head(1)
    load_authority()  # before the forks, as in the streamed build
    print(f"{'':<10} {'documents':>9} {'chars/doc':>9} {'ms/doc, median (min–max)':>26}")
    for name, documents in (("real", real), ("synthetic", synthetic)):
        ms = cold_ms_per_document(documents, warm_up, args.repeats)
        chars = (documents["title"].str.len().sum() + documents["summary"].fillna("").str.len().sum()) / len(documents)
        print(f"{name:<10} {len(documents):>9,} {chars:>9.0f} {median(ms):>11.2f} ({min(ms):.2f}–{max(ms):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
