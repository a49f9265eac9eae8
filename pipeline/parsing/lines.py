"""Line-level helpers shared by the text adapters."""

from __future__ import annotations

import re

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
# An item's date line: exact day, month, or year, as the listing prints it.
DATE_LINE = re.compile(
    rf"^(?:(?:{MONTHS})\s+\d{{1,2}},\s*\d{{4}}|(?:{MONTHS}),?\s+\d{{4}}|\d{{4}})$"
)
BULLET = re.compile(r"^(?:[•·▪●◦‣∙]|\*(?=\s|$))\s*")
RANGE_LINE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)\s+of\s+(\d+)$")
# A line that closes a sentence: a period, ! or ?, perhaps followed by quotes or brackets.
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")

_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Where str.split() and _SPACES disagree on what a space is: Python's extra separators, and the zero-width space.
_SPLIT_DISAGREES = re.compile("[\x1c-\x1f\x85\u1680\u2028\u2029\u200b]")


def normalize_newlines(text: str) -> str:
    """LF line ends, no BOM: the form every adapter reads."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def fold_spaces(line: str) -> str:
    """Collapse runs of spaces (non-breaking ones too) and trim the line.

    str.split() does the same twice as fast wherever it agrees with _SPACES, which is almost always.
    """
    if folds_like_split(line):
        return " ".join(line.split())
    return _SPACES.sub(" ", line).strip()


def folds_like_split(text: str) -> bool:
    """True when str.split() sees the same spaces in `text` as fold_spaces does."""
    return _SPLIT_DISAGREES.search(text) is None


def is_date_line(line: str) -> bool:
    """True when a whole (bullet-stripped) line is an item date."""
    return bool(DATE_LINE.match(line))


def parse_range(line: str) -> tuple[int, int, int] | None:
    """(first, last, total) of a header range line such as `61 - 70 of 206`."""
    match = RANGE_LINE.match(fold_spaces(line))
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def ends_mid_line(text: str) -> bool:
    """True when normalized text stops inside a line that does not close a sentence.

    Captions cut at a byte limit stop anywhere; a complete page ends with a line
    break or, failing that, at the end of a sentence. A summary without a final
    period that is also the last line of a file without a final line break is
    the one case this cannot tell from a cut.
    """
    if not text or text.endswith("\n"):
        return False
    last = fold_spaces(text.rsplit("\n", 1)[-1])
    return not (last and not text[-1].isspace() and SENTENCE_END.search(last))
