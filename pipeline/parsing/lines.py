"""Line-level helpers shared by the text adapters."""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def normalize_newlines(text: str) -> str:
    """LF line ends, no BOM: the form every adapter reads."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def lines_of(text: str, head: int = 60) -> Iterator[str]:
    """`text.split("\\n")`, lazily: the first `head` lines split off alone, the rest only if they are asked for."""
    parts = text.split("\n", head)
    rest = parts.pop() if len(parts) > head else None
    yield from parts
    if rest is not None:
        yield from rest.split("\n")


def fold_spaces(line: str) -> str:
    """Collapse runs of spaces (non-breaking ones too) and trim the line.

    A printable line has no space but `" "` (every other is unprintable), so it is folded already unless
    a space is doubled or at an end: one scan instead of splitting it into words and joining them again.
    Elsewhere str.split() does the same as _SPACES twice as fast wherever they agree, which is almost always.
    """
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    if folds_like_split(line):
        return " ".join(line.split())
    return _SPACES.sub(" ", line).strip()


def folds_like_split(text: str) -> bool:
    """True when str.split() sees the same spaces in `text` as fold_spaces does.

    They disagree on Python's extra separators (`\\x1c`-`\\x1f`, `\\x85`, `\\u1680`, `\\u2028`, `\\u2029`) and
    the zero-width space. Nine substring tests (each a memchr scan, or none for a character wider than
    any in `text`) cost a fifth of a regex's step a character on a summary.
    """
    return not (
        "\u200b" in text or "\x85" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text
        or "\u1680" in text or "\u2028" in text or "\u2029" in text
    )


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
