"""Archive date strings → intervals researchers can sort, filter and cite.

Every printed form is read into the `edtf` library's own date objects (Date,
Season, Unspecified, Interval, qualified by UA); the library renders the
Library of Congress EDTF string and computes the interval, so no interval
arithmetic is written by hand here. Building the objects directly, rather
than writing EDTF text and parsing it back, matters at scale: `parse_edtf`
costs about 25 ms a string, the objects about 0.01 ms (the tests check that
parsing each published string gives the same interval). `DATE_FORMS` is the
table of forms as data: the tests hold the code to it and the data
dictionary prints it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import edtf
import pandas as pd

DATE_PRECISIONS = ["day", "month", "season", "year", "decade", "unknown"]

_MONTH_NAMES = "january february march april may june july august september october november december".split()
MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTH_KEYS = {**MONTH_NUMBERS, **{name[:3]: n for name, n in MONTH_NUMBERS.items()}, "sept": 9}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTH_KEYS, key=len, reverse=True)) + r")\.?"
_SEASON_CODES = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
# Parts of a decade: early = years 0-3, mid = 4-6, late = 7-9 (first, last year digit).
DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}

_DASHES = re.compile(r"\s*[-\u2010-\u2015]\s*")
_UNDATED = re.compile(r"^(?:undated|n\.\s?d\.?|no date|not dated)(?:\s*\[(?P<inner>[^\]]+)\])?$")
_BRACKETED = re.compile(r"^\[(?P<inner>[^\]]+)\]$")
_CIRCA = re.compile(r"^(?:circa\s+|ca\.\s*|c\.\s*|ca\s+|c\s+)(?P<inner>.+)$")


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
    """A date that names no real day (February 30, month 13) or that no rule reads."""


@dataclass(frozen=True)
class DateForm:
    """One printed form: an example, what it becomes, and how it maps (for tests and the data dictionary)."""

    example: str
    edtf: str | None
    precision: str
    approximate: bool
    start: date | None
    end: date | None
    mapping: str


DATE_FORMS: tuple[DateForm, ...] = (
    DateForm(
        "October 20, 1964", "1964-10-20", "day", False, date(1964, 10, 20), date(1964, 10, 20),
        "Month day, year: that day.",
    ),
    DateForm(
        "April 08, 1965", "1965-04-08", "day", False, date(1965, 4, 8), date(1965, 4, 8),
        "Zero-padded day: the same day.",
    ),
    DateForm(
        "September 2, 1958", "1958-09-02", "day", False, date(1958, 9, 2), date(1958, 9, 2),
        "Unpadded day: the same day.",
    ),
    DateForm(
        "21 Dec., 1974", "1974-12-21", "day", False, date(1974, 12, 21), date(1974, 12, 21),
        "Day first, month abbreviated (Jan., Sept., ...): that day.",
    ),
    DateForm(
        "1964-10-20", "1964-10-20", "day", False, date(1964, 10, 20), date(1964, 10, 20),
        "ISO 8601 day: that day.",
    ),
    DateForm(
        "January 25-26, 1968", "1968-01-25/1968-01-26", "day", False, date(1968, 1, 25), date(1968, 1, 26),
        "Range of days in one month: an EDTF interval of days.",
    ),
    DateForm(
        "September 1963", "1963-09", "month", False, date(1963, 9, 1), date(1963, 9, 30),
        "Month and year: the whole month.",
    ),
    DateForm(
        "April, 1950", "1950-04", "month", False, date(1950, 4, 1), date(1950, 4, 30),
        "Month, comma, year: the whole month.",
    ),
    DateForm(
        "1963-09", "1963-09", "month", False, date(1963, 9, 1), date(1963, 9, 30),
        "ISO 8601 month: the whole month.",
    ),
    DateForm(
        "Spring 1965", "1965-21", "season", False, date(1965, 3, 1), date(1965, 5, 31),
        "Season: EDTF season code (21 spring, 22 summer, 23 autumn or fall); northern-hemisphere months, as "
        "the edtf library reads them.",
    ),
    DateForm(
        "Winter 1965", "1965-24", "season", False, date(1965, 12, 1), date(1966, 2, 28),
        "Winter: EDTF code 24; the interval is the winter that begins in December of the year printed, to the "
        "end of the next February.",
    ),
    DateForm("1971", "1971", "year", False, date(1971, 1, 1), date(1971, 12, 31), "Year: the whole year."),
    DateForm(
        "1965-1966", "1965/1966", "year", False, date(1965, 1, 1), date(1966, 12, 31),
        "Range of years: an EDTF interval, first day of the first year to last day of the last.",
    ),
    DateForm(
        "circa 1965", "1965~", "year", True, date(1965, 1, 1), date(1965, 12, 31),
        "circa, c., ca. before any form except a season: EDTF approximate (~); the interval is the form's "
        "own, not widened.",
    ),
    DateForm("c. 1965", "1965~", "year", True, date(1965, 1, 1), date(1965, 12, 31), "c.: as circa."),
    DateForm("ca. 1965", "1965~", "year", True, date(1965, 1, 1), date(1965, 12, 31), "ca.: as circa."),
    DateForm(
        "1960s", "196X", "decade", False, date(1960, 1, 1), date(1969, 12, 31),
        "Decade: EDTF unspecified last digit, the ten years.",
    ),
    DateForm(
        "early 1970s", "1970~/1973~", "decade", True, date(1970, 1, 1), date(1973, 12, 31),
        "early/mid/late decade: an approximate interval of years 0-3, 4-6 or 7-9 of the decade, so that early "
        "sorts before late; the exact cut is this project's convention.",
    ),
    DateForm(
        "mid 1970s", "1974~/1976~", "decade", True, date(1974, 1, 1), date(1976, 12, 31),
        "mid decade (also mid-1970s): years 4-6, approximate.",
    ),
    DateForm(
        "late 1970s", "1977~/1979~", "decade", True, date(1977, 1, 1), date(1979, 12, 31),
        "late decade: years 7-9, approximate.",
    ),
    DateForm(
        "undated [1955]", "1955?", "year", True, date(1955, 1, 1), date(1955, 12, 31),
        "Undated with a bracketed year: the editors' attribution, not printed on the document, so EDTF "
        "uncertain (?) and approximate; a bare [1955] reads the same.",
    ),
    DateForm("undated", None, "unknown", False, None, None, "Undated: unknown, no bounds, no EDTF."),
    DateForm("n.d.", None, "unknown", False, None, None, "n.d. (no date): unknown, no bounds, no EDTF."),
    DateForm("", None, "unknown", False, None, None, "Empty date line: unknown, no bounds, no EDTF."),
)


@dataclass(frozen=True)
class _Reading:
    """A form read as an edtf object; `bounds` is the object to take the interval from when it differs (winter).

    `day`: the reading is that one exact day, unqualified, which is its whole interval: edtf's
    lower_strict/upper_strict round trip through struct_time would give it back (most of a new date's cost).
    """

    value: edtf.EDTFObject
    precision: str
    bounds: edtf.EDTFObject | None = None
    day: date | None = None


def normalize_date(text: str | None) -> NormalizedDate:
    """Normalize one printed date; `None`, blank, `undated`, `n.d.` are unknown; an impossible date raises DateError."""
    outcome = _normalize_cached(text)
    if isinstance(outcome, DateError):
        raise DateError(*outcome.args)
    return outcome


@lru_cache(maxsize=1 << 17)  # 100k synthetic items print ~21k distinct dates; a full entry is a few hundred bytes
def _normalize_cached(text: str | None) -> NormalizedDate | DateError:
    """Cached per distinct string: listings repeat the same dates over and over; errors are cached too."""
    if text is None or not text.strip():
        return UNKNOWN
    try:
        reading = _read(_clean(text), text)
        return UNKNOWN if reading is None else _resolve(reading, text)
    except DateError as exc:
        return exc


def _clean(text: str) -> str:
    return _DASHES.sub("-", " ".join(text.split()).lower())


def _read(cleaned: str, text: str) -> _Reading | None:
    """The edtf reading of a cleaned date, None when the text says there is no date."""
    if match := _UNDATED.match(cleaned):
        return None if match["inner"] is None else _qualify(_read_core(match["inner"].strip(), text), "?", text)
    if match := _BRACKETED.match(cleaned):
        return _qualify(_read_core(match["inner"].strip(), text), "?", text)
    if match := _CIRCA.match(cleaned):
        return _qualify(_read_core(match["inner"], text), "~", text)
    return _read_core(cleaned, text)


def _read_core(cleaned: str, text: str) -> _Reading:
    for pattern, build in _CORE_FORMS:
        if match := pattern.match(cleaned):
            return build(match, text)
    raise DateError(f"unrecognised date form: {text!r}")


def _day(year: int, month: int, day: int, text: str) -> edtf.Date:
    """The day as an edtf Date, after checking it exists, so the reject says why."""
    try:
        date(year, month, day)
    except ValueError as exc:
        raise DateError(f"impossible date {text!r}: {exc}") from exc
    return edtf.Date(year=f"{year:04d}", month=f"{month:02d}", day=f"{day:02d}")


def _month(year: int, month: int, text: str) -> edtf.Date:
    _day(year, month, 1, text)
    return edtf.Date(year=f"{year:04d}", month=f"{month:02d}")


def _interval(first: edtf.Date, last: edtf.Date, text: str) -> edtf.Interval:
    if str(first) >= str(last):
        raise DateError(f"impossible range {text!r}: it ends before or where it starts")
    return edtf.Interval(first, last)


def _exact_day(year: int, month: int, day: int, text: str) -> _Reading:
    return _Reading(_day(year, month, day, text), "day", day=date(year, month, day))


def _month_day_year(m: re.Match[str], text: str) -> _Reading:
    return _exact_day(int(m["year"]), _MONTH_KEYS[m["month"]], int(m["day"]), text)


def _day_range(m: re.Match[str], text: str) -> _Reading:
    year, month = int(m["year"]), _MONTH_KEYS[m["month"]]
    first, last = _day(year, month, int(m["first"]), text), _day(year, month, int(m["last"]), text)
    return _Reading(_interval(first, last, text), "day")


def _iso_day(m: re.Match[str], text: str) -> _Reading:
    return _exact_day(int(m["year"]), int(m["month"]), int(m["day"]), text)


def _month_year(m: re.Match[str], text: str) -> _Reading:
    return _Reading(_month(int(m["year"]), _MONTH_KEYS[m["month"]], text), "month")


def _iso_month(m: re.Match[str], text: str) -> _Reading:
    return _Reading(_month(int(m["year"]), int(m["month"]), text), "month")


def _season(m: re.Match[str], text: str) -> _Reading:
    year, code = int(m["year"]), _SEASON_CODES[m["season"]]
    winter = edtf.Interval(_month(year, 12, text), _month(year + 1, 2, text)) if code == 24 else None
    return _Reading(edtf.Season(year=f"{year:04d}", season=str(code)), "season", winter)


def _year(m: re.Match[str], text: str) -> _Reading:
    return _Reading(_checked_year(m["year"], text), "year")


def _year_range(m: re.Match[str], text: str) -> _Reading:
    return _Reading(_interval(_checked_year(m["first"], text), _checked_year(m["last"], text), text), "year")


def _checked_year(year: str, text: str) -> edtf.Date:
    _day(int(year), 1, 1, text)
    return edtf.Date(year=year)


def _decade(m: re.Match[str], text: str) -> _Reading:
    stem = m["decade"][:3]
    _checked_year(m["decade"], text)
    if m["part"] is None:
        return _Reading(edtf.Unspecified(year=f"{stem}X"), "decade")
    first, last = DECADE_PARTS[m["part"]]
    approximate = [edtf.UncertainOrApproximate(edtf.Date(year=f"{stem}{digit}"), edtf.UA("~")) for digit in (first, last)]
    return _Reading(edtf.Interval(*approximate), "decade")


_CORE_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], _Reading]], ...] = (
    (re.compile(rf"^{_MONTH}\s*(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"), _month_day_year),
    (re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})$"), _month_day_year),
    (re.compile(rf"^{_MONTH}\s*(?P<first>\d{{1,2}})-(?P<last>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"), _day_range),
    (re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$"), _iso_day),
    (re.compile(rf"^{_MONTH},?\s+(?P<year>\d{{4}})$"), _month_year),
    (re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$"), _iso_month),
    (re.compile(r"^(?P<season>" + "|".join(_SEASON_CODES) + r"),?\s+(?P<year>\d{4})$"), _season),
    (re.compile(r"^(?P<year>\d{4})$"), _year),
    (re.compile(r"^(?P<first>\d{4})(?:-|/|\s+to\s+)(?P<last>\d{4})$"), _year_range),
    (re.compile(r"^(?:(?P<part>early|mid|late)[\s-]*)?(?P<decade>\d{3}0)'?s$"), _decade),
)


def _qualify(reading: _Reading, mark: str, text: str) -> _Reading:
    """Mark every end of the reading approximate (~) or uncertain (?); both together give %."""
    if reading.precision == "season":
        raise DateError(f"unsupported date form {text!r}: EDTF (as the edtf library reads it) cannot qualify a season")
    return _Reading(_marked(reading.value, mark), reading.precision, reading.bounds and _marked(reading.bounds, mark))


def _marked(value: edtf.EDTFObject, mark: str) -> edtf.EDTFObject:
    if isinstance(value, edtf.Interval):
        return edtf.Interval(_marked(value.lower, mark), _marked(value.upper, mark))
    if isinstance(value, edtf.Unspecified):
        return edtf.Unspecified(year=value.year, ua=edtf.UA(_merged(value.ua, mark)))
    if isinstance(value, edtf.UncertainOrApproximate):
        return edtf.UncertainOrApproximate(value.date, edtf.UA(_merged(value.ua, mark)))
    return edtf.UncertainOrApproximate(value, edtf.UA(mark))


def _merged(existing: edtf.UA | None, mark: str) -> str:
    """An existing qualifier and a new one: the same stays, ~ with ? becomes % (EDTF: both)."""
    have = str(existing) if existing else ""
    return mark if have in ("", mark) else "%"


def _resolve(reading: _Reading, text: str) -> NormalizedDate:
    """The EDTF string and interval of a reading, both from the edtf library (an exact day is its own interval)."""
    if reading.day is not None:
        start = end = reading.day
    else:
        bounds = reading.bounds or reading.value
        try:
            start = edtf.struct_time_to_date(bounds.lower_strict())
            end = edtf.struct_time_to_date(bounds.upper_strict())
        except (ValueError, OverflowError) as exc:
            raise DateError(f"impossible date {text!r}: {exc}") from exc
    expression = str(reading.value)
    approximate = any(mark in expression for mark in "~?%")
    return NormalizedDate(start, end, reading.precision, approximate, expression)


def interval_fits_precision(start: date | None, end: date | None, precision: str) -> bool:
    """True when the interval has the shape its precision promises.

    Unknown has no bounds; every other precision has both. A month (or
    season) interval runs from a first to a last day of a month (a season at
    most three months); a year interval from 1 January to 31 December; a
    decade interval likewise, within one decade. Day intervals may be any span.
    """
    if precision == "unknown":
        return start is None and end is None
    if start is None or end is None or start > end or precision not in DATE_PRECISIONS:
        return False
    if precision == "day":  # most documents: any span, no calendar to consult
        return True
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    months_spanned = (end.year - start.year) * 12 + end.month - start.month + 1
    whole_years = (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31)
    return {
        "month": whole_months and months_spanned == 1,
        "season": whole_months and months_spanned <= 3,
        "year": whole_years,
        "decade": whole_years and start.year // 10 == end.year // 10,
    }[precision]


def outside_range(start: date | None, end: date | None, earliest: date, latest: date) -> bool:
    """True when a known interval reaches before `earliest` or after `latest` (the plausibility window)."""
    return (start is not None and start < earliest) or (end is not None and end > latest)


def date_bounds(frame: pd.DataFrame) -> list[tuple[date | None, date | None]]:
    """(date_start, date_end) per row, missing as None whatever null marker the frame holds (None, NaT, NaN)."""

    def values(column: str) -> list[date | None]:
        series = frame[column].astype(object)
        return [None if gap else value for value, gap in zip(series.tolist(), series.isna().tolist())]

    return list(zip(values("date_start"), values("date_end")))
