"""New site (2023 on), saved as text: a range header, then date / title / summary blocks."""

from __future__ import annotations

from pipeline.parsing.blocks import build_page, drafts_from_blocks, split_blocks
from pipeline.parsing.lines import fold_spaces, is_date_line, normalize_newlines, parse_range
from pipeline.parsing.model import Page

SKIP_LINK = "Skip to content"
# Lines that close the page header: after the last of them come the items.
HEADER_MARKERS = frozenset({"Results:", "Documents", "Popular Documents"})


def is_marker(text: str) -> bool:
    """A line that only a listing's header prints: the range, `Results:`, `Documents`, `Popular Documents`."""
    return text in HEADER_MARKERS or parse_range(text) is not None


def header_end(lines: list[str]) -> int:
    """Index of the first line after the header (skip link, captions, range, `Documents`).

    Topic, place and people pages open with image captions, sometimes
    repeated, before `Popular Documents`; they are chrome, never items.
    Markers are looked for only before the first date line.
    """
    end = 0
    for index, line in enumerate(lines):
        text = fold_spaces(line)
        if is_date_line(text):
            break
        if text == SKIP_LINK or is_marker(text):
            end = index + 1
    return end


class NewSiteText:
    """New-site listing text: `Skip to content`, a range line such as `61 - 70 of 206`, no bullets."""

    name = "new_text"

    def recognises(self, text: str) -> bool:
        """A listing header (range or marker) before the first date: a document page has none."""
        for line in normalize_newlines(text).split("\n", 60)[:60]:
            folded = fold_spaces(line)
            if is_date_line(folded):
                return False
            if is_marker(folded):
                return True
        return False

    def parse(self, text: str) -> Page:
        text = normalize_newlines(text)
        lines = text.split("\n")
        start = header_end(lines)
        header = next((r for line in lines[:start] if (r := parse_range(line))), None)
        return build_page(self.name, text, drafts_from_blocks(split_blocks(lines[start:], start + 1)), header=header)
