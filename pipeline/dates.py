"""Archive date strings → intervals researchers can sort, filter and cite.

Each printed form is turned into a Library of Congress EDTF string; the `edtf`
library then gives the interval it covers, so no interval arithmetic is
written by hand here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import edtf

MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}
_MONTH = "(?P<month>" + "|".join(MONTH_NUMBERS) + ")"

_DAY = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^{_MONTH},?\s+(?P<year>\d{{4}})$", re.IGNORECASE)
_YEAR = re.compile(r"^(?P<year>\d{4})$")


@dataclass(frozen=True)
class NormalizedDate:
    """The interval a printed date covers, how precise it is, and its EDTF form."""

    start: date | None
    end: date | None
    precision: str
    approximate: bool
    edtf: str | None


UNKNOWN = NormalizedDate(None, None, "unknown", False, None)


class DateError(ValueError):
    """A date that names no real day (February 30, month 13)."""


def normalize_date(text: str | None) -> NormalizedDate:
    """Normalize one printed date; `None` or blank is unknown, an impossible date raises DateError."""
    if text is None or not text.strip():
        return UNKNOWN
    cleaned = " ".join(text.split())
    if match := _DAY.match(cleaned):
        year, month, day = int(match["year"]), MONTH_NUMBERS[match["month"].lower()], int(match["day"])
        return _from_edtf(f"{year:04d}-{month:02d}-{day:02d}", "day", text)
    if match := _MONTH_YEAR.match(cleaned):
        return _from_edtf(f"{int(match['year']):04d}-{MONTH_NUMBERS[match['month'].lower()]:02d}", "month", text)
    if match := _YEAR.match(cleaned):
        return _from_edtf(match["year"], "year", text)
    raise DateError(f"unrecognised date form: {text!r}")


def _from_edtf(expression: str, precision: str, text: str) -> NormalizedDate:
    try:
        parsed = edtf.parse_edtf(expression)
        start = edtf.struct_time_to_date(parsed.lower_strict())
        end = edtf.struct_time_to_date(parsed.upper_strict())
    except (edtf.EDTFParseException, ValueError, OverflowError) as exc:
        raise DateError(f"impossible date {text!r}: {exc}") from exc
    return NormalizedDate(start, end, precision, "~" in expression or "%" in expression, expression)
