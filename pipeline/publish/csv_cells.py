"""How a value becomes a CSV cell a spreadsheet opens safely, and how to get the value back.

Two encodings, both reversible, both applied to the CSV only (Parquet keeps
the exact values):

- A list becomes one cell, its items joined by `|`; a `|` or `\\` inside an
  item is escaped with a backslash. An empty list and a missing list are both
  an empty cell.
- A text cell a spreadsheet would run as a formula (starting with `=`, `+`,
  `-`, `@`, a tab or a carriage return, as OWASP lists them) gets a leading
  apostrophe, which spreadsheets read as "this is text". Cells that already
  start with apostrophes before such a character get one more, so removing
  exactly one apostrophe always restores the original. Only text columns are
  touched: a negative number is a number, not a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyarrow as arrow
import pyarrow.compute as compute

LIST_SEPARATOR = "|"
FORMULA_GUARD = "'"
_FORMULA = r"^'*[=+\-@\t\r]"
_NEEDS_GUARD = re.compile(_FORMULA)
_GUARDED = re.compile(r"^'+[=+\-@\t\r]")
# The first characters of every text `neutralize` may change: a quick pre-filter for whole columns.
MAY_NEED_GUARD = frozenset(char for char in map(chr, range(128)) if _NEEDS_GUARD.match(char)) | {FORMULA_GUARD}


def neutralize(text: str) -> str:
    """`text` as a CSV cell no spreadsheet evaluates."""
    return FORMULA_GUARD + text if _NEEDS_GUARD.match(text) else text


def guard_needed(cells: arrow.Array) -> arrow.BooleanArray:
    """For a whole text column at once: is this a cell `neutralize` puts FORMULA_GUARD before?"""
    return compute.match_substring_regex(cells, _FORMULA)


def restore(cell: str) -> str:
    """The text that `neutralize` turned into `cell`."""
    return cell[1:] if _GUARDED.match(cell) else cell


def encode_list(items: Iterable[object]) -> str:
    """One cell for a list: items `|`-joined, `\\` and `|` inside items backslash-escaped."""
    return LIST_SEPARATOR.join(str(item).replace("\\", "\\\\").replace("|", "\\|") for item in items)


def encode_list_array(lists: arrow.ListArray) -> arrow.Array:
    """`encode_list` on a whole column of text lists at once; a missing list stays missing."""
    items = compute.replace_substring(lists.values, "\\", "\\\\")
    items = compute.replace_substring(items, LIST_SEPARATOR, "\\" + LIST_SEPARATOR)
    return compute.binary_join(with_items(lists, items), LIST_SEPARATOR)


def with_items(lists: arrow.ListArray, items: arrow.Array) -> arrow.ListArray:
    """`lists` with their items swapped for `items`, which stand where `lists.values` stand."""
    # Copied out of a sliced array: Arrow refuses a null mask beside offsets that are a slice.
    offsets = arrow.array(lists.offsets.to_numpy())
    return arrow.ListArray.from_arrays(offsets, items, mask=lists.is_null())


def decode_list(cell: str) -> list[str]:
    """The items `encode_list` joined into `cell` (as text); an empty cell is an empty list."""
    if cell == "":
        return []
    items, current, escaped = [], [], False
    for char in cell:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == LIST_SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items
