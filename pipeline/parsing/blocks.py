"""Blocks of text separated by blank lines, and the item drafts built from them.

Both generations' text renderings print an item as date / title / summary
blocks. A summary may have several paragraphs, separated by a blank line
exactly like an item break; the only clue is that the next block is not a
date. An item without a date shows an empty date line, so its title follows
two blank lines instead of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.parsing.lines import BULLET, ends_mid_line, fold_spaces, folds_like_split, is_date_line
from pipeline.parsing.model import CUT_ITEM, Item, Page, Problem


class Line(NamedTuple):
    """One line of the raw file and its 1-based number (a tuple: pages have tens of thousands)."""

    number: int
    text: str


def numbered_lines(lines: list[str]) -> list[Line]:
    """The first lines of normalized text (split at line breaks), numbered from 1 as in the raw file."""
    return [Line(number, raw) for number, raw in enumerate(lines, start=1)]


class Block(NamedTuple):
    """Consecutive non-blank lines folded to one string, where it starts, and what precedes it."""

    line: int
    text: str
    gap: int  # blank lines before the block
    bullet: bool = False  # the block's first line opens with a list bullet


def split_blocks(lines: list[str], first: int = 1) -> list[Block]:
    """Group lines into blocks at blank lines, stripping bullets and folding spaces; `first`: the first line's number.

    Plain strings, not numbered Lines: a page's lines are read once each, and only a block's start needs its number.
    """
    blocks: list[Block] = []
    current: list[str] = []
    start, gap, bullet, blanks = 0, 0, False, 0
    for number, text in enumerate(lines, start=first):
        stripped = text.strip()
        if not stripped:
            if current:
                blocks.append(Block(start, fold_block(current), gap, bullet))
                current = []
                blanks = 0
            blanks += 1
            continue
        if not current:
            start, gap, found = number, blanks, BULLET.match(stripped)
            bullet = found is not None
            if bullet:
                stripped = stripped[found.end() :]
        current.append(stripped)
    if current:
        blocks.append(Block(start, fold_block(current), gap, bullet))
    return blocks


def fold_block(lines: list[str]) -> str:
    """The block's stripped lines, each folded, joined by a space.

    Folding the joined text once gives the same string whenever str.split agrees with fold_spaces
    (a line folded to nothing would leave a double space), and costs one call a block, not one a line.
    """
    joined = " ".join(lines)
    if folds_like_split(joined):
        return fold_spaces(joined)  # " ".join(joined.split()), or joined itself when that is the same
    return " ".join(map(fold_spaces, lines)).strip()


@dataclass
class Draft:
    """An item being read: its date and title once seen, then its summary paragraphs."""

    line: int
    date_text: str | None = None
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)

    def raw(self) -> str:
        """The item's text as read, for a reject."""
        return "\n".join(p for p in [self.date_text, self.title, *self.paragraphs] if p)


def finish(drafts: list[Draft]) -> tuple[list[Item], list[Problem]]:
    """Number complete drafts as items; a draft with no title is a problem, not an item."""
    items: list[Item] = []
    problems: list[Problem] = []
    for draft in drafts:
        if not draft.title:
            problems.append(Problem(draft.line, "date line with no title after it", draft.raw()))
            continue
        items.append(
            Item(
                position=len(items) + 1,
                line=draft.line,
                date_text=draft.date_text,
                title=draft.title,
                summary="\n\n".join(draft.paragraphs) or None,
            )
        )
    return items, problems


def drafts_from_blocks(blocks: list[Block]) -> list[Draft]:
    """Read date / title / summary blocks (new-site layout) into drafts, in page order.

    A date block opens an item. So does a non-date block after two or more
    blank lines once the current item has its title (the empty date line of
    an undated item), and the first block of all.
    """
    drafts: list[Draft] = []
    for block in blocks:
        current = drafts[-1] if drafts else None
        if is_date_line(block.text):
            drafts.append(Draft(block.line, date_text=block.text))
        elif current is None or (current.title is not None and block.gap >= 2):
            drafts.append(Draft(block.line, title=block.text))
        elif current.title is None:
            current.title = block.text
        else:
            current.paragraphs.append(block.text)
    return drafts


def build_page(
    fmt: str,
    text: str,
    drafts: list[Draft],
    *,
    problems: list[Problem] | None = None,
    header: tuple[int, int, int] | None = None,
) -> Page:
    """A page from drafts; when the text stops mid-item, the cut item becomes a problem.

    A cut item is never kept with guessed parts: its title or summary may end
    mid-word, and no header range can vouch for the last line being whole.
    """
    result = Page(format=fmt, problems=list(problems or []))
    if header:
        result.range_first, result.range_last, result.range_total = header
    cut = ends_mid_line(text) and bool(drafts)
    if cut:
        last = drafts.pop()
        result.problems.append(Problem(last.line, CUT_ITEM, last.raw() or None))
    result.truncated = cut
    result.items, missing = finish(drafts)
    result.problems = sorted(result.problems + missing, key=lambda p: p.line or 0)
    return result
