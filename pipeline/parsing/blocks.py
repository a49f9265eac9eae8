"""Blocks of text separated by blank lines, and the walk that turns them into items.

Both generations' text renderings print an item as date / title / summary
blocks. A summary may have several paragraphs, separated by a blank line
exactly like an item break; the only clue is that the next block is not a date.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.parsing.lines import BULLET, fold_spaces, is_date_line
from pipeline.parsing.model import Item, Problem


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank lines, folded to one string, and the line it starts on."""

    line: int
    text: str


def split_blocks(text: str, chrome: frozenset[str] = frozenset()) -> list[Block]:
    """Split normalized text into blocks, dropping page chrome lines."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = fold_spaces(BULLET.sub("", raw.strip()))
        if not line or line in chrome:
            if current:
                blocks.append(Block(start, " ".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append(Block(start, " ".join(current)))
    return blocks


def items_from_blocks(blocks: list[Block]) -> tuple[list[Item], list[Problem]]:
    """Walk date / title / summary… blocks into items, in page order."""
    items: list[Item] = []
    problems: list[Problem] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not is_date_line(block.text):
            problems.append(Problem(block.line, "text outside any item (expected a date line)", block.text[:500]))
            i += 1
            continue
        if i + 1 >= len(blocks) or is_date_line(blocks[i + 1].text):
            problems.append(Problem(block.line, "date line with no title after it", block.text))
            i += 1
            continue
        title = blocks[i + 1]
        j = i + 2
        paragraphs = []
        while j < len(blocks) and not is_date_line(blocks[j].text):
            paragraphs.append(blocks[j].text)
            j += 1
        items.append(
            Item(
                position=len(items) + 1,
                line=block.line,
                date_text=block.text,
                title=title.text,
                summary="\n\n".join(paragraphs) or None,
            )
        )
        i = j
    return items, problems
