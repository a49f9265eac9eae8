"""Old site saved as text in its compact variant: `SEARCH RESULTS`, single line breaks, `-` between items.

A term search on the old site could return collections instead of documents:
the same layout with a collection's name and description and no date at all.
Collections are not documents; such a page yields no items and counts them.
"""

from __future__ import annotations

from pipeline.parsing.blocks import Draft, Line, build_page, numbered_lines
from pipeline.parsing.lines import fold_spaces, is_date_line, lines_of, normalize_newlines
from pipeline.parsing.model import Page, Problem

HEADER = "SEARCH RESULTS"
SEPARATOR = "-"


def entries(lines: list[Line]) -> list[list[Line]]:
    """The non-blank lines between `-` separators, one list per entry."""
    found: list[list[Line]] = []
    for line in lines:
        text = fold_spaces(line.text)
        if text == SEPARATOR:
            found.append([])
        elif text and found:
            found[-1].append(Line(line.number, text))
    return [entry for entry in found if entry]


class OldSiteDashedText:
    """Old-site listing text with a `-` line between items: date, title, then one line per summary paragraph."""

    name = "old_text_dashed"

    def recognises(self, text: str) -> bool:
        content = []  # the first two non-blank lines are all it takes
        for line in lines_of(normalize_newlines(text)):
            if folded := fold_spaces(line):
                content.append(folded)
                if len(content) == 2:
                    return content[0].startswith(HEADER) and content[1] == SEPARATOR
        return False

    def parse(self, text: str) -> Page:
        text = normalize_newlines(text)
        lines = numbered_lines(text.split("\n"))
        found = entries(lines)
        if found and not any(is_date_line(entry[0].text) for entry in found):
            return Page(format=self.name, collections=len(found))
        drafts = []
        for entry in found:
            dated = is_date_line(entry[0].text)
            rest = entry[1:] if dated else entry
            draft = Draft(entry[0].number, date_text=entry[0].text if dated else None)
            draft.title = rest[0].text if rest else None
            draft.paragraphs = [line.text for line in rest[1:]]
            drafts.append(draft)
        before = next((line.number for line in lines if fold_spaces(line.text) == SEPARATOR), len(lines) + 1)
        problems = [
            Problem(line.number, "text before the first item", fold_spaces(line.text))
            for line in lines[: before - 1]
            if fold_spaces(line.text) and not fold_spaces(line.text).startswith(HEADER)
        ]
        return build_page(self.name, text, drafts, problems=problems)
