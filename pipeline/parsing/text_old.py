"""Old site (until 2022), saved as text: `Search in` chrome, a bullet before each item's date."""

from __future__ import annotations

from pipeline.parsing.blocks import Draft, Line, build_page, numbered_lines, split_blocks
from pipeline.parsing.lines import BULLET, fold_spaces, is_date_line, normalize_newlines
from pipeline.parsing.model import Page, Problem

CHROME = frozenset(
    {
        "Search in",
        "ADD SEARCH FILTER CANCEL SEARCH FILTER",
        "Digital Archive International History Declassified",
        "SEARCH RESULTS",
    }
)
# Collection pages open with a placeholder image, the collection's name and its description.
COLLECTION_MARK = "No image found."


def preamble_problems(lines: list[Line]) -> list[Problem]:
    """Text before the first bullet that is neither page chrome nor a collection header."""
    problems = []
    for line in lines:
        text = fold_spaces(line.text)
        if text == COLLECTION_MARK:
            break
        if text and text not in CHROME:
            problems.append(Problem(line.number, "text before the first item", text))
    return problems


class OldSiteText:
    """Old-site listing text: every item opens with a bullet line that holds its date."""

    name = "old_text"

    def recognises(self, text: str) -> bool:
        """`Search in` on top or a bulleted date near it, and no date without a bullet before the first bullet.

        An old-site document page also opens with `Search in`, but prints its
        own date without a bullet before any bulleted line.
        """
        first = None
        for raw in normalize_newlines(text).split("\n", 60)[:60]:
            if not (line := fold_spaces(raw)):
                continue
            first = first or line
            if BULLET.match(line):
                return first == "Search in" or is_date_line(BULLET.sub("", line))
            if is_date_line(line):
                return False
        return False

    def parse(self, text: str) -> Page:
        """Items are the bullets; the first block of each is its date (empty when undated)."""
        text = normalize_newlines(text)
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if BULLET.match(line.strip())), len(lines))
        drafts: list[Draft] = []
        for block in split_blocks(lines[first:], first + 1):
            if block.bullet:
                dated = is_date_line(block.text)
                drafts.append(Draft(block.line, date_text=block.text if dated else None))
                if block.text and not dated:
                    drafts[-1].title = block.text
            elif drafts[-1].title is None:
                drafts[-1].title = block.text
            else:
                drafts[-1].paragraphs.append(block.text)
        return build_page(self.name, text, drafts, problems=preamble_problems(numbered_lines(lines[:first])))
