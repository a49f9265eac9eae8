"""From raw files to the listing tables: records, pages and rejects.

Each file is read on its own; a file that cannot be read or recognised becomes
a reject naming the file, and the rest of the run goes on. What is worth a
person's attention but is not a reject (a guessed encoding, a page of
collections) is returned as warnings naming the file, for the run log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

import pandas as pd

from pipeline.frames import typed_columns, typed_frame
from pipeline.parsing import Page, UnknownFormat, parse_text
from pipeline.parsing.urls import page_from_url
from pipeline.rejects import reject_row, rejects_frame
from pipeline.sources import RawFile, decode, read_sidecar
from schemas import ListingPagesModel, ListingRecordsModel

log = logging.getLogger(__name__)

# The record columns each item fills from its own fields (Item attributes of the same names).
_ITEM_FIELDS = ("position", "line", "document_url", "date_text", "title", "summary")


@dataclass
class ParsedListings:
    """The parse stage's output tables, and the warnings for the run log."""

    records: pd.DataFrame
    pages: pd.DataFrame
    rejects: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    """One raw file read: its page (None when unusable), encoding, reject rows and warnings."""

    page: Page | None
    encoding: str | None
    rejects: list[dict]
    warnings: list[str] = field(default_factory=list)


def apply_provenance(page: Page, raw: RawFile) -> None:
    """Where the page came from: the crawl sidecar first (the URL actually fetched), then the page itself.

    The page number is the sidecar's `page`, else what the URL says, else what the HTML pager showed.
    """
    sidecar = read_sidecar(raw.path)
    page.source_url = sidecar.get("url") or raw.source_url or page.source_url
    sidecar_page = sidecar.get("page")
    if isinstance(sidecar_page, int) and sidecar_page >= 0:
        page.page = sidecar_page
    elif (from_url := page_from_url(page.source_url)) is not None:
        page.page = from_url


def page_warnings(source_file: str, page: Page) -> list[str]:
    """What a recognised page tells the run log beyond its rejects."""
    if page.collections:
        return [f"{source_file}: lists {page.collections} collections, not documents; they are not items"]
    if not page.items and not page.problems:
        return [f"{source_file}: recognised as {page.format} but holds no items"]
    return []


def parse_file(raw: RawFile) -> FileResult:
    """Parse one raw file; problems come back as reject rows naming the file and line."""
    try:
        decoded = decode(raw.path.read_bytes())
    except (OSError, ValueError) as exc:
        return FileResult(None, None, [reject_row(raw.source_file, None, "read", f"cannot read {raw.source_file}: {exc}")])
    warnings = [f"{raw.source_file}: {decoded.warning}"] if decoded.warning else []
    try:
        page = parse_text(decoded.text)
    except UnknownFormat as exc:
        head = decoded.text.strip()[:500] or None
        reject = reject_row(raw.source_file, 1, "parse", f"{raw.source_file}: {exc}", head)
        return FileResult(None, decoded.encoding, [reject], warnings)
    apply_provenance(page, raw)
    rejects = [reject_row(raw.source_file, p.line, "parse", p.reason, p.raw_text) for p in page.problems]
    return FileResult(page, decoded.encoding, rejects, warnings + page_warnings(raw.source_file, page))


def parse_files(raw_files: Iterable[RawFile]) -> ParsedListings:
    """Parse every raw file into the listing tables, in file then page order.

    Records are gathered a column at a time: a dict per item cost more than reading it.
    """
    records: dict[str, list] = {name: [] for name in ListingRecordsModel.to_schema().columns}
    pages: list[dict] = []
    rejects: list[dict] = []
    warnings: list[str] = []
    for raw in raw_files:
        result = parse_file(raw)
        rejects.extend(result.rejects)
        warnings.extend(result.warnings)
        page = result.page
        if page is None:
            continue
        pages.append(
            {
                "source_file": raw.source_file,
                "sha256": raw.sha256,
                "format": page.format,
                "encoding": result.encoding,
                "source_url": page.source_url,
                "page": page.page,
                "range_first": page.range_first,
                "range_last": page.range_last,
                "range_total": page.range_total,
                "items": len(page.items),
                "truncated": page.truncated,
                "collections": page.collections,
            }
        )
        add_records(records, raw, page)
    for warning in warnings:
        log.warning(warning)
    return ParsedListings(
        records=typed_columns(records, ListingRecordsModel),
        pages=typed_frame(pages, ListingPagesModel),
        rejects=rejects_frame(rejects),
        warnings=warnings,
    )


def add_records(records: dict[str, list], raw: RawFile, page: Page) -> None:
    """Append the page's items to the record columns: the file's and page's values repeated, the items' own read off."""
    count = len(page.items)
    for name, value in (("source_file", raw.source_file), ("sha256", raw.sha256), ("source_url", page.source_url), ("page", page.page)):
        records[name].extend([value] * count)
    for name in _ITEM_FIELDS:
        records[name].extend(map(attrgetter(name), page.items))
