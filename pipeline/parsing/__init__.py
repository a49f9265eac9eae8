"""Listing parsers: one adapter per format, chosen by what the file looks like."""

from __future__ import annotations

from pipeline.parsing.html_site import NEW, OLD, SiteHtml
from pipeline.parsing.model import Adapter, Item, Page, Problem, UnknownFormat
from pipeline.parsing.text_new import NewSiteText
from pipeline.parsing.text_old import OldSiteText
from pipeline.parsing.text_old_dashed import OldSiteDashedText

# Most specific first: the first adapter that recognises a file reads it.
ADAPTERS: tuple[Adapter, ...] = (
    SiteHtml(OLD),
    SiteHtml(NEW),
    OldSiteDashedText(),
    OldSiteText(),
    NewSiteText(),
)


def parse_text(text: str) -> Page:
    """Parse one listing page with the first adapter that recognises it."""
    if not text.strip():
        raise UnknownFormat("the file is empty")
    for adapter in ADAPTERS:
        if adapter.recognises(text):
            return adapter.parse(text)
    raise UnknownFormat("no known listing format (" + ", ".join(a.name for a in ADAPTERS) + ") recognises it")


__all__ = ["ADAPTERS", "Adapter", "Item", "Page", "Problem", "UnknownFormat", "parse_text"]
