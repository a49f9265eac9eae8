"""Listing parsers: one adapter per format, chosen by what the file looks like."""

from __future__ import annotations

from pipeline.parsing.model import Adapter, Item, Page, Problem, UnknownFormat
from pipeline.parsing.text_old import OldSiteText

# Most specific first: the first adapter that recognises a file reads it.
ADAPTERS: tuple[Adapter, ...] = (OldSiteText(),)


def parse_text(text: str) -> Page:
    """Parse one listing page with the first adapter that recognises it."""
    for adapter in ADAPTERS:
        if adapter.recognises(text):
            return adapter.parse(text)
    raise UnknownFormat("no known listing format (" + ", ".join(a.name for a in ADAPTERS) + ") recognises it")


__all__ = ["ADAPTERS", "Adapter", "Item", "Page", "Problem", "UnknownFormat", "parse_text"]
