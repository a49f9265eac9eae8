"""Listing records → distinct documents, with normalized dates and where each was seen."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd
import pyarrow as arrow
import pyarrow.compute as compute

from pipeline.dates import DateError, NormalizedDate, normalize_date
from pipeline.frames import typed_columns
from pipeline.names.doctype import doc_type
from pipeline.rejects import reject_row, rejects_frame
from schemas import DocumentListingsModel, DocumentsModel

# The order documents are published in: chronological, then title; document_id makes it total.
DOCUMENT_ORDER = ["date_start", "date_end", "title", "document_id"]

# What each sighting of a document keeps from its listing record.
_LISTING_COLUMNS = ("source_file", "position", "source_url", "page")

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
    rejects with its file, line and reason; a later sighting of the same
    document with a readable date then becomes its row. Tables are built a
    column at a time, and each distinct date string is normalized once.
    """
    date_texts = records["date_text"].tolist()
    ids = list(map(document_id, records["document_url"], date_texts, records["title"], records["summary"]))
    dates = _normalized(set(date_texts))
    first_rows: dict[str, int] = {}
    listed: list[int] = []
    rejects: list[dict] = []
    for index, (doc_id, date_text) in enumerate(zip(ids, date_texts)):
        if doc_id not in first_rows:
            if isinstance(when := dates[date_text], DateError):
                row = records.iloc[index]
                rejects.append(reject_row(row["source_file"], int(row["line"]), "dates", str(when), date_text, doc_id))
                continue
            first_rows[doc_id] = index
        listed.append(index)
    listed_ids = [ids[i] for i in listed]
    docs = _document_rows(records.iloc[list(first_rows.values())], list(first_rows), dates, Counter(listed_ids))
    sightings = records.iloc[listed]
    return DocumentTables(
        documents=in_document_order(docs),
        document_listings=typed_columns(
            {"document_id": listed_ids, **{name: sightings[name].to_numpy() for name in _LISTING_COLUMNS}},
            DocumentListingsModel,
        ),
        rejects=rejects_frame(rejects),
    )


def in_document_order(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents sorted by DOCUMENT_ORDER, missing values last, ties in their order; index reset.

    As `sort_values(DOCUMENT_ORDER, na_position="last", kind="stable")`, by Arrow's stable sort of the key
    columns (the order the sorted runs merge in): UTF-8's byte order is the code points' order, as Python
    compares strings, and converting four columns costs less than comparing a tuple of them for each pair.
    """
    keys = arrow.table({name: arrow.array(documents[name].to_numpy(), from_pandas=True) for name in DOCUMENT_ORDER})
    order = compute.sort_indices(keys, sort_keys=[(name, "ascending", "at_end") for name in DOCUMENT_ORDER])
    return documents.take(order.to_numpy()).reset_index(drop=True)


def _normalized(date_texts: set[str | None]) -> dict[str | None, NormalizedDate | DateError]:
    """Each distinct printed date normalized once, or the DateError that rejects it."""
    outcomes: dict[str | None, NormalizedDate | DateError] = {}
    for text in date_texts:
        try:
            outcomes[text] = normalize_date(text)
        except DateError as exc:
            outcomes[text] = exc
    return outcomes


def _document_rows(
    first: pd.DataFrame, ids: list[str], dates: dict[str | None, NormalizedDate | DateError], counts: Counter[str]
) -> pd.DataFrame:
    """The documents table for the first readable sighting of each document, in sighting order."""
    when = [dates[text] for text in first["date_text"]]
    titles = first["title"].tolist()
    return typed_columns(
        {
            "document_id": ids,
            "document_url": first["document_url"].to_numpy(),
            "date_text": first["date_text"].to_numpy(),
            "date_start": [w.start for w in when],
            "date_end": [w.end for w in when],
            "date_precision": [w.precision for w in when],
            "date_approximate": [w.approximate for w in when],
            "date_edtf": [w.edtf for w in when],
            "title": titles,
            "doc_type": list(map(doc_type, titles)),
            "summary": first["summary"].to_numpy(),
            "listing_count": [counts[doc_id] for doc_id in ids],
        },
        DocumentsModel,
    )
