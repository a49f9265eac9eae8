"""From raw files to the listing tables: records, pages and rejects.

Each file is read on its own; a file that cannot be read or recognised becomes
a reject naming the file, and the rest of the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from pipeline.parsing import Page, UnknownFormat, parse_text
from pipeline.frames import typed_frame
from pipeline.rejects import reject_row, rejects_frame
from pipeline.sources import RawFile, decode, read_sidecar
from schemas import ListingPagesModel, ListingRecordsModel

log = logging.getLogger(__name__)


@dataclass
class ParsedListings:
    """The parse stage's output tables."""

    records: pd.DataFrame
    pages: pd.DataFrame
    rejects: pd.DataFrame


@dataclass
class FileResult:
    """One raw file read: its page (None when unusable), encoding and reject rows."""

    page: Page | None
    encoding: str | None
    rejects: list[dict]


def parse_file(raw: RawFile) -> FileResult:
    """Parse one raw file; problems come back as reject rows naming the file and line."""
    try:
        decoded = decode(raw.path.read_bytes())
    except (OSError, ValueError) as exc:
        return FileResult(None, None, [reject_row(raw.source_file, None, "read", f"cannot read {raw.source_file}: {exc}")])
    if decoded.warning:
        log.warning("%s: %s", raw.source_file, decoded.warning)
    try:
        page = parse_text(decoded.text)
    except UnknownFormat as exc:
        head = decoded.text.strip()[:500] or None
        return FileResult(None, decoded.encoding, [reject_row(raw.source_file, 1, "parse", f"{raw.source_file}: {exc}", head)])
    page.source_url = page.source_url or raw.source_url or read_sidecar(raw.path).get("url")
    rejects = [reject_row(raw.source_file, p.line, "parse", p.reason, p.raw_text) for p in page.problems]
    return FileResult(page, decoded.encoding, rejects)


def parse_files(raw_files: Iterable[RawFile]) -> ParsedListings:
    """Parse every raw file into the listing tables, in file then page order."""
    records: list[dict] = []
    pages: list[dict] = []
    rejects: list[dict] = []
    for raw in raw_files:
        result = parse_file(raw)
        rejects.extend(result.rejects)
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
            }
        )
        for item in page.items:
            records.append(
                {
                    "source_file": raw.source_file,
                    "position": item.position,
                    "line": item.line,
                    "sha256": raw.sha256,
                    "source_url": page.source_url,
                    "page": page.page,
                    "document_url": item.document_url,
                    "date_text": item.date_text,
                    "title": item.title,
                    "summary": item.summary,
                }
            )
    return ParsedListings(
        records=typed_frame(records, ListingRecordsModel),
        pages=typed_frame(pages, ListingPagesModel),
        rejects=rejects_frame(rejects),
    )
