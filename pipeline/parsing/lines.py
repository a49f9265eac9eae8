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
BULLET = re.compile(r"^[•·▪●◦‣∙*]\s*")
RANGE_LINE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)\s+of\s+(\d+)$")

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalize_newlines(text: str) -> str:
    """LF line ends, no BOM: the form every adapter reads."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def fold_spaces(line: str) -> str:
    """Collapse runs of spaces (non-breaking ones too) and trim the line."""
    return _SPACES.sub(" ", line).strip()


def is_date_line(line: str) -> bool:
    """True when a whole (bullet-stripped) line is an item date."""
    return bool(DATE_LINE.match(line))
