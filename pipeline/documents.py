"""Listing records → distinct documents, with normalized dates and where each was seen."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pandas as pd

from pipeline.dates import DateError, normalize_date
from pipeline.frames import typed_frame
from pipeline.names.doctype import doc_type
from pipeline.rejects import reject_row, rejects_frame
from schemas import DocumentListingsModel, DocumentsModel

# The order documents are published in: chronological, then title; document_id makes it total.
DOCUMENT_ORDER = ["date_start", "date_end", "title", "document_id"]

_DOCUMENT_PATH = re.compile(r"/document/(?P<key>[^/?#.]+)")


@dataclass
class DocumentTables:
    """The normalize stage's output tables."""

    documents: pd.DataFrame
    document_listings: pd.DataFrame
    rejects: pd.DataFrame


def document_id(document_url: str | None, date_text: str | None, title: str, summary: str | None) -> str:
    """The archive's id or slug when the listing links the document, else a content hash.

    The hash covers date, title and summary: two documents can share a date and
    a title, and must not be merged on those alone.
    """
    if document_url and (match := _DOCUMENT_PATH.search(document_url)):
        return f"wcda:{match['key']}"
    content = "\x1f".join([date_text or "", title, summary or ""])
    return "h:" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


def build_documents(records: pd.DataFrame) -> DocumentTables:
    """One row per distinct document (first sighting wins), dates normalized.

    A record whose date is impossible is kept out of `documents` and goes to
    rejects with its file, line and reason.
    """
    documents: dict[str, dict] = {}
    listings: list[dict] = []
    rejects: list[dict] = []
    for row in records.itertuples(index=False):
        doc_id = document_id(row.document_url, row.date_text, row.title, row.summary)
        if doc_id not in documents:
            try:
                when = normalize_date(row.date_text)
            except DateError as exc:
                rejects.append(reject_row(row.source_file, row.line, "dates", str(exc), row.date_text, doc_id))
                continue
            documents[doc_id] = {
                "document_id": doc_id,
                "document_url": row.document_url,
                "date_text": row.date_text,
                "date_start": when.start,
                "date_end": when.end,
                "date_precision": when.precision,
                "date_approximate": when.approximate,
                "date_edtf": when.edtf,
                "title": row.title,
                "doc_type": doc_type(row.title),
                "summary": row.summary,
                "listing_count": 0,
            }
        documents[doc_id]["listing_count"] += 1
        listings.append(
            {
                "document_id": doc_id,
                "source_file": row.source_file,
                "position": row.position,
                "source_url": row.source_url,
                "page": row.page,
            }
        )
    docs = typed_frame(list(documents.values()), DocumentsModel)
    docs = docs.sort_values(DOCUMENT_ORDER, na_position="last", kind="stable")
    return DocumentTables(
        documents=docs.reset_index(drop=True),
        document_listings=typed_frame(listings, DocumentListingsModel),
        rejects=rejects_frame(rejects),
    )
