"""What every listing adapter produces: pages of items, plus the problems it met."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Protocol


class Item(NamedTuple):
    """One search result as printed on a listing page (a tuple: made once per item, faster than a frozen dataclass)."""

    position: int  # 1-based within the page
    line: int  # 1-based line of the raw file where the item starts
    title: str
    date_text: str | None = None
    summary: str | None = None
    document_url: str | None = None


# Why the last item of a capture cut at a size limit is a problem and not a row.
CUT_ITEM = "item cut off where the file ends (truncated capture); not kept"


@dataclass(frozen=True)
class Problem:
    """Something on the page that could not become an item, and where."""

    line: int | None
    reason: str
    raw_text: str | None = None


@dataclass
class Page:
    """A parsed listing page.

    `truncated` marks a capture that stops in the middle of an item (the cut
    item is a problem, never a guessed row). `collections` counts entries of a
    search that returned collections rather than documents: they are not items.
    """

    format: str
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    range_first: int | None = None
    range_last: int | None = None
    range_total: int | None = None
    source_url: str | None = None
    page: int | None = None
    truncated: bool = False
    collections: int = 0


class Adapter(Protocol):
    """One listing format: knows how to recognise it and how to read it.

    A new site layout is a new adapter registered in `pipeline.parsing.ADAPTERS`;
    nothing else changes.
    """

    name: str

    def recognises(self, text: str) -> bool:
        """True when `text` is in this adapter's format."""
        ...

    def parse(self, text: str) -> Page:
        """Read every item of the page, in order."""
        ...


class UnknownFormat(ValueError):
    """No adapter recognises the file."""
