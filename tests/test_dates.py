"""Every date form the archive prints, with its exact interval, precision and EDTF string."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipeline.dates import (
    DATE_FORMS,
    DATE_PRECISIONS,
    DateError,
    date_bounds,
    interval_fits_precision,
    normalize_date,
    outside_range,
)

# (printed, EDTF, precision, approximate, start, end) — written out by hand, independently of DATE_FORMS.
CASES = [
    ("October 20, 1964", "1964-10-20", "day", False, date(1964, 10, 20), date(1964, 10, 20)),
    ("April 08, 1965", "1965-04-08", "day", False, date(1965, 4, 8), date(1965, 4, 8)),
    ("April 8, 1965", "1965-04-08", "day", False, date(1965, 4, 8), date(1965, 4, 8)),
    ("September 2, 1958", "1958-09-02", "day", False, date(1958, 9, 2), date(1958, 9, 2)),
    ("September 02, 1958", "1958-09-02", "day", False, date(1958, 9, 2), date(1958, 9, 2)),
    ("February 29, 1964", "1964-02-29", "day", False, date(1964, 2, 29), date(1964, 2, 29)),
    ("21 Dec., 1974", "1974-12-21", "day", False, date(1974, 12, 21), date(1974, 12, 21)),
    ("21 December 1974", "1974-12-21", "day", False, date(1974, 12, 21), date(1974, 12, 21)),
    ("Dec. 21, 1974", "1974-12-21", "day", False, date(1974, 12, 21), date(1974, 12, 21)),
    ("Sept. 3, 1960", "1960-09-03", "day", False, date(1960, 9, 3), date(1960, 9, 3)),
    ("OCTOBER 20, 1964", "1964-10-20", "day", False, date(1964, 10, 20), date(1964, 10, 20)),
    ("  October\u00a020,   1964 ", "1964-10-20", "day", False, date(1964, 10, 20), date(1964, 10, 20)),
    ("1964-10-20", "1964-10-20", "day", False, date(1964, 10, 20), date(1964, 10, 20)),
    ("January 25-26, 1968", "1968-01-25/1968-01-26", "day", False, date(1968, 1, 25), date(1968, 1, 26)),
    ("January 25\u201326, 1968", "1968-01-25/1968-01-26", "day", False, date(1968, 1, 25), date(1968, 1, 26)),
    ("September 1963", "1963-09", "month", False, date(1963, 9, 1), date(1963, 9, 30)),
    ("April, 1950", "1950-04", "month", False, date(1950, 4, 1), date(1950, 4, 30)),
    ("February 1942", "1942-02", "month", False, date(1942, 2, 1), date(1942, 2, 28)),
    ("1963-09", "1963-09", "month", False, date(1963, 9, 1), date(1963, 9, 30)),
    ("circa September 1963", "1963-09~", "month", True, date(1963, 9, 1), date(1963, 9, 30)),
    ("Spring 1965", "1965-21", "season", False, date(1965, 3, 1), date(1965, 5, 31)),
    ("Summer 1965", "1965-22", "season", False, date(1965, 6, 1), date(1965, 8, 31)),
    ("Autumn 1965", "1965-23", "season", False, date(1965, 9, 1), date(1965, 11, 30)),
    ("Fall 1965", "1965-23", "season", False, date(1965, 9, 1), date(1965, 11, 30)),
    ("Winter 1965", "1965-24", "season", False, date(1965, 12, 1), date(1966, 2, 28)),
    ("Winter 1967", "1967-24", "season", False, date(1967, 12, 1), date(1968, 2, 29)),
    ("1971", "1971", "year", False, date(1971, 1, 1), date(1971, 12, 31)),
    ("circa 1965", "1965~", "year", True, date(1965, 1, 1), date(1965, 12, 31)),
    ("c. 1965", "1965~", "year", True, date(1965, 1, 1), date(1965, 12, 31)),
    ("c.1965", "1965~", "year", True, date(1965, 1, 1), date(1965, 12, 31)),
    ("ca. 1965", "1965~", "year", True, date(1965, 1, 1), date(1965, 12, 31)),
    ("1965-1966", "1965/1966", "year", False, date(1965, 1, 1), date(1966, 12, 31)),
    ("1965 \u2013 1966", "1965/1966", "year", False, date(1965, 1, 1), date(1966, 12, 31)),
    ("circa 1965-1966", "1965~/1966~", "year", True, date(1965, 1, 1), date(1966, 12, 31)),
    ("undated [1955]", "1955?", "year", True, date(1955, 1, 1), date(1955, 12, 31)),
    ("[1955]", "1955?", "year", True, date(1955, 1, 1), date(1955, 12, 31)),
    ("1960s", "196X", "decade", False, date(1960, 1, 1), date(1969, 12, 31)),
    ("1960's", "196X", "decade", False, date(1960, 1, 1), date(1969, 12, 31)),
    ("early 1970s", "1970~/1973~", "decade", True, date(1970, 1, 1), date(1973, 12, 31)),
    ("mid 1970s", "1974~/1976~", "decade", True, date(1974, 1, 1), date(1976, 12, 31)),
    ("mid-1970s", "1974~/1976~", "decade", True, date(1974, 1, 1), date(1976, 12, 31)),
    ("late 1970s", "1977~/1979~", "decade", True, date(1977, 1, 1), date(1979, 12, 31)),
    ("undated [early 1970s]", "1970%/1973%", "decade", True, date(1970, 1, 1), date(1973, 12, 31)),
    ("undated", None, "unknown", False, None, None),
    ("Undated", None, "unknown", False, None, None),
    ("n.d.", None, "unknown", False, None, None),
    ("n. d.", None, "unknown", False, None, None),
    ("", None, "unknown", False, None, None),
    ("   ", None, "unknown", False, None, None),
    (None, None, "unknown", False, None, None),
]

# Every form the issue and SOURCE.md name: the data dictionary must document each one.
ISSUE_FORMS = [
    "October 20, 1964", "April 08, 1965", "September 2, 1958", "September 1963", "April, 1950", "1971",
    "circa 1965", "c. 1965", "ca. 1965", "1965-1966", "January 25-26, 1968", "Spring 1965", "early 1970s",
    "1960s", "undated", "n.d.", "undated [1955]", "1964-10-20", "21 Dec., 1974",
]


@pytest.mark.parametrize(("text", "edtf", "precision", "approximate", "start", "end"), CASES)
def test_each_form_gives_its_exact_interval_precision_and_edtf(text, edtf, precision, approximate, start, end) -> None:
    got = normalize_date(text)
    assert (got.edtf, got.precision, got.approximate, got.start, got.end) == (edtf, precision, approximate, start, end)


@pytest.mark.parametrize("form", DATE_FORMS, ids=lambda form: form.example or "<empty>")
def test_the_documented_table_of_forms_is_what_the_code_does(form) -> None:
    got = normalize_date(form.example)
    assert (got.edtf, got.precision, got.approximate, got.start, got.end) == (
        form.edtf, form.precision, form.approximate, form.start, form.end,
    )
    assert form.precision in DATE_PRECISIONS
    assert form.mapping.strip()


def test_the_table_of_forms_documents_every_form_the_issue_names() -> None:
    assert set(ISSUE_FORMS) <= {form.example for form in DATE_FORMS}


def test_the_table_of_forms_covers_every_precision() -> None:
    assert {form.precision for form in DATE_FORMS} == set(DATE_PRECISIONS)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("February 30, 1965", "day is out of range for month"),
        ("February 29, 1965", "day is out of range for month"),
        ("April 31, 1965", "day is out of range for month"),
        ("1965-02-30", "day is out of range for month"),
        ("1965-13-01", "month must be in 1..12"),
        ("1965-00", "month must be in 1..12"),
        ("January 32-33, 1968", "day is out of range for month"),
        ("January 26-25, 1968", "ends before or where it starts"),
        ("1966-1965", "ends before or where it starts"),
        ("0000", "year 0 is out of range"),
        ("circa Spring 1965", "cannot qualify a season"),
        ("Smarch 5, 1965", "unrecognised date form"),
        ("next Tuesday", "unrecognised date form"),
    ],
)
def test_an_impossible_or_unreadable_date_is_an_error_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason) as raised:
        normalize_date(text)
    assert repr(text) in str(raised.value)


def test_repeated_strings_are_normalized_once() -> None:
    assert normalize_date("March 14, 1967") is normalize_date("March 14, 1967")
    for _ in range(2):
        with pytest.raises(DateError, match="February 30"):
            normalize_date("February 30, 1967")


@pytest.mark.parametrize(
    ("start", "end", "precision", "fits"),
    [
        (None, None, "unknown", True),
        (date(1965, 1, 1), None, "unknown", False),
        (None, None, "day", False),
        (date(1965, 3, 4), date(1965, 3, 4), "day", True),
        (date(1965, 3, 5), date(1965, 3, 4), "day", False),
        (date(1965, 3, 1), date(1965, 3, 31), "month", True),
        (date(1965, 3, 1), date(1965, 3, 30), "month", False),
        (date(1965, 3, 1), date(1965, 4, 30), "month", False),
        (date(1965, 12, 1), date(1966, 2, 28), "season", True),
        (date(1965, 3, 1), date(1965, 6, 30), "season", False),
        (date(1965, 1, 1), date(1966, 12, 31), "year", True),
        (date(1965, 1, 2), date(1965, 12, 31), "year", False),
        (date(1970, 1, 1), date(1973, 12, 31), "decade", True),
        (date(1969, 1, 1), date(1970, 12, 31), "decade", False),
        (date(1965, 1, 1), date(1965, 12, 31), "fortnight", False),
    ],
)
def test_interval_fits_precision(start, end, precision, fits) -> None:
    assert interval_fits_precision(start, end, precision) is fits


@pytest.mark.parametrize(
    ("start", "end", "outside"),
    [
        (date(1800, 1, 1), date(1800, 12, 31), False),
        (date(1799, 1, 1), date(1799, 12, 31), True),
        (date(1999, 1, 1), date(2001, 12, 31), True),
        (None, None, False),
    ],
)
def test_outside_range(start, end, outside) -> None:
    assert outside_range(start, end, date(1800, 1, 1), date(2000, 12, 31)) is outside


@pytest.mark.parametrize("dtype", [object, "datetime64[ns]"])
def test_date_bounds_give_none_for_every_missing_marker(dtype) -> None:
    markers = [None, float("nan"), pd.NaT] if dtype is object else [None, pd.NaT]
    starts = [date(1965, 3, 4), *markers]
    frame = pd.DataFrame({"date_start": pd.Series(starts, dtype=dtype), "date_end": pd.Series(list(reversed(starts)), dtype=dtype)})
    bounds = date_bounds(frame)
    expected = frame.astype(object).where(frame.notna(), None)  # pandas' own null test, value by value
    assert bounds == list(zip(expected["date_start"].tolist(), expected["date_end"].tolist()))
    assert sum(start is None for start, _ in bounds) == len(markers)
