"""Properties: a date printed in any supported form means the same interval; nothing else escapes as a crash.

The expected intervals come from the `calendar` module, independently of the
code under test (which asks the edtf library).
"""

from __future__ import annotations

import calendar
from datetime import date

import edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import DateError, _exact_day, _Reading, _resolve, interval_fits_precision, normalize_date

MONTHS = list(calendar.month_name)[1:]
ABBREVIATIONS = [name[:3] for name in MONTHS]
SEASON_MONTHS = {"Spring": (3, 5), "Summer": (6, 8), "Autumn": (9, 11), "Fall": (9, 11)}
DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
CIRCA = ["circa ", "c. ", "ca. "]
years = st.integers(min_value=1000, max_value=9998)
# Reading an EDTF string back with edtf.parse_edtf takes tens of milliseconds: no per-example deadline,
# and fewer examples where each one parses.
no_deadline = settings(deadline=None, max_examples=40)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def assert_all_mean(renderings: list[str], start: date, end: date, precision: str) -> None:
    """Every rendering normalizes to the expected interval, with start <= end and a consistent precision."""
    for text in renderings:
        got = normalize_date(text)
        assert (got.start, got.end, got.precision) == (start, end, precision), text
        assert got.start <= got.end
        assert interval_fits_precision(got.start, got.end, got.precision)
        assert got.approximate == any(text.startswith(prefix) for prefix in ["circa", "c.", "ca.", "undated [", "["])


def assert_edtf_cites_the_interval(text: str) -> None:
    """The published EDTF string, read back by the edtf library, names the same interval."""
    got = normalize_date(text)
    parsed = edtf.parse_edtf(got.edtf)
    assert (edtf.struct_time_to_date(parsed.lower_strict()), edtf.struct_time_to_date(parsed.upper_strict())) == (
        got.start,
        got.end,
    )


@no_deadline
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 31)), st.sampled_from(CIRCA))
def test_a_day_in_any_form_is_that_day(day: date, circa: str) -> None:
    name, abbreviation = MONTHS[day.month - 1], ABBREVIATIONS[day.month - 1]
    renderings = [
        f"{name} {day.day}, {day.year}",
        f"{name} {day.day:02d}, {day.year}",
        f"{day.day} {abbreviation}., {day.year}",
        f"{day.day} {name} {day.year}",
        f"{abbreviation}. {day.day}, {day.year}",
        f"  {name.upper()}  {day.day},{' '}{day.year}",
        day.isoformat(),
        f"{circa}{name} {day.day}, {day.year}",
    ]
    assert_all_mean(renderings, day, day, "day")
    assert_edtf_cites_the_interval(renderings[0])


@no_deadline
@given(years, st.integers(min_value=1, max_value=12), st.sampled_from(CIRCA))
def test_a_month_in_any_form_is_the_whole_month(year: int, month: int, circa: str) -> None:
    name = MONTHS[month - 1]
    renderings = [f"{name} {year}", f"{name}, {year}", f"{name[:3]}. {year}", f"{year}-{month:02d}", f"{circa}{name} {year}"]
    assert_all_mean(renderings, date(year, month, 1), month_end(year, month), "month")
    assert_edtf_cites_the_interval(renderings[0])


@no_deadline
@given(years, st.sampled_from(CIRCA))
def test_a_year_in_any_form_is_the_whole_year(year: int, circa: str) -> None:
    renderings = [str(year), f"{circa}{year}", f"undated [{year}]", f"[{year}]"]
    assert_all_mean(renderings, date(year, 1, 1), date(year, 12, 31), "year")
    for text in renderings[:3]:
        assert_edtf_cites_the_interval(text)


@no_deadline
@given(years, st.integers(min_value=1, max_value=30), st.sampled_from(["-", "\u2013", " - ", "/"]))
def test_a_range_of_years_runs_from_the_first_to_the_last(first: int, length: int, dash: str) -> None:
    last = min(first + length, 9999)
    if last == first:
        return
    assert_all_mean([f"{first}{dash}{last}"], date(first, 1, 1), date(last, 12, 31), "year")
    assert_edtf_cites_the_interval(f"{first}-{last}")


@no_deadline
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 30)), st.integers(min_value=1, max_value=30))
def test_a_range_of_days_in_a_month_runs_from_the_first_to_the_last(first: date, length: int) -> None:
    last_day = min(first.day + length, calendar.monthrange(first.year, first.month)[1])
    if last_day == first.day:
        return
    name = MONTHS[first.month - 1]
    last = first.replace(day=last_day)
    assert_all_mean([f"{name} {first.day}-{last_day}, {first.year}"], first, last, "day")
    assert_edtf_cites_the_interval(f"{name} {first.day}-{last_day}, {first.year}")


@no_deadline
@given(years, st.sampled_from(sorted(SEASON_MONTHS)))
def test_a_season_is_its_three_months(year: int, season: str) -> None:
    first, last = SEASON_MONTHS[season]
    assert_all_mean([f"{season} {year}", f"{season.lower()}, {year}"], date(year, first, 1), month_end(year, last), "season")
    assert_edtf_cites_the_interval(f"{season} {year}")


@no_deadline
@given(years)
def test_winter_runs_from_december_to_the_end_of_the_next_february(year: int) -> None:
    assert_all_mean([f"Winter {year}"], date(year, 12, 1), month_end(year + 1, 2), "season")


@no_deadline
@given(st.integers(min_value=100, max_value=999), st.sampled_from([None, *DECADE_PARTS]))
def test_a_decade_or_part_of_one_is_its_years(stem: int, part: str | None) -> None:
    first, last = DECADE_PARTS[part] if part else (0, 9)
    text = f"{part} {stem}0s" if part else f"{stem}0s"
    got = normalize_date(text)
    assert (got.start, got.end, got.precision, got.approximate) == (
        date(stem * 10 + first, 1, 1),
        date(stem * 10 + last, 12, 31),
        "decade",
        part is not None,
    )
    assert_edtf_cites_the_interval(text)


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.from_regex(r"[A-Za-z .,\[\]-]{0,12}\d{1,4}[-, /]{0,2}\d{0,4}"))
def test_any_text_is_a_consistent_interval_or_a_date_error(text: str) -> None:
    try:
        got = normalize_date(text)
    except DateError as exc:
        assert repr(text) in str(exc)
        return
    assert interval_fits_precision(got.start, got.end, got.precision)
    assert got.start is None or got.start <= got.end
    assert (got.edtf is None) == (got.precision == "unknown")


@settings(max_examples=300)
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_an_exact_day_resolves_as_edtf_computes_its_interval(day: date) -> None:
    exact = _exact_day(day.year, day.month, day.day, day.isoformat())
    through_edtf = _Reading(exact.value, exact.precision)  # the same reading without the day: edtf's bounds
    assert _resolve(exact, day.isoformat()) == _resolve(through_edtf, day.isoformat())
