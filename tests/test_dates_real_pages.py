"""Every date line on the real archive pages and the seed normalizes, with no reject.

The date lines are collected by reading the files with a deliberately loose
pattern (an optional word, an optional day, a four-digit year on a line of
its own, after an optional bullet), independent of the parser and of the
date rules under test.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pipeline.dates import DateError, normalize_date
from tests.conftest import SEED

LOOKS_LIKE_A_DATE = re.compile(r"^(?:[A-Za-z]+\.?,?\s+)?(?:\d{1,2},?\s+)?\d{4}$")
BULLET = "•"


def date_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, date as printed) for every line of the file that is a date and nothing else."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip().removeprefix(BULLET).strip()
        if LOOKS_LIKE_A_DATE.match(" ".join(text.split())):
            found.append((number, text))
    return found


def listing_pages(real_pages: Path) -> list[Path]:
    return sorted((real_pages / "listings").glob("*.txt"))


def test_every_date_line_on_the_real_listings_and_the_seed_normalizes(real_pages: Path) -> None:
    failures, precisions, seen = [], set(), 0
    for path in [*listing_pages(real_pages), SEED]:
        for number, text in date_lines(path):
            seen += 1
            try:
                got = normalize_date(text)
            except DateError as exc:
                failures.append(f"{path.name}:{number}: {exc}")
                continue
            assert got.precision != "unknown" and got.start <= got.end, f"{path.name}:{number}: {text!r}"
            precisions.add(got.precision)
    assert failures == []
    assert seen > 0
    assert {"day", "month", "year"} <= precisions


def test_the_collector_finds_the_seed_s_twenty_dates_and_dates_on_every_listing_with_results(real_pages: Path) -> None:
    assert len(date_lines(SEED)) == 20
    with (real_pages / "index.tsv").open(encoding="utf-8", newline="") as handle:
        index = {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}
    for path in listing_pages(real_pages):
        expects_items = index[f"listings/{path.name}"]["header_range"] != "0"
        assert bool(date_lines(path)) == expects_items, path.name

