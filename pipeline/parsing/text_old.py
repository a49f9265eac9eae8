"""Old site (until 2022), saved as text: `Search in` chrome, bulleted dates."""

from __future__ import annotations

from pipeline.parsing.blocks import items_from_blocks, split_blocks
from pipeline.parsing.lines import normalize_newlines
from pipeline.parsing.model import Page

CHROME = frozenset({"Search in", "Digital Archive International History Declassified"})


class OldSiteText:
    """Old-site listing text: the date of each item follows a bullet."""

    name = "old_text"

    def recognises(self, text: str) -> bool:
        head = normalize_newlines(text)[:600]
        return head.lstrip().startswith("Search in") or "\n  • " in head or head.lstrip().startswith("•")

    def parse(self, text: str) -> Page:
        blocks = split_blocks(normalize_newlines(text), chrome=CHROME)
        items, problems = items_from_blocks(blocks)
        return Page(format=self.name, items=items, problems=problems)
