"""Models of the document tables: one row per distinct document, and where each was listed."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

DATE_PRECISIONS = ["day", "month", "season", "year", "decade", "unknown"]


class DocumentsModel(pa.DataFrameModel):
    """One row per distinct document, dates normalized."""

    document_id: Series[str] = pa.Field(
        unique=True,
        description=(
            "Stable id: `wcda:<id or slug>` when the listing links the archive's document, "
            "else `h:<hash>` of date, title and summary as printed."
        ),
    )
    document_url: Series[str] = pa.Field(nullable=True, description="The document's page on the archive, where known.")
    date_text: Series[str] = pa.Field(nullable=True, description="Date exactly as printed in the listing; null when none.")
    date_start: Series[pa.Date] = pa.Field(
        nullable=True, description="First day the date can mean (ISO 8601). Null when unknown."
    )
    date_end: Series[pa.Date] = pa.Field(
        nullable=True, description="Last day the date can mean (ISO 8601). Null when unknown."
    )
    date_precision: Series[str] = pa.Field(
        isin=DATE_PRECISIONS, description="How precise the printed date is: " + ", ".join(DATE_PRECISIONS) + "."
    )
    date_edtf: Series[str] = pa.Field(
        nullable=True,
        description="The date in the Library of Congress Extended Date/Time Format (e.g. 1964-10-20, 1963-09, 1965~, 1965/1966).",
    )
    title: Series[str] = pa.Field(description="Title exactly as printed.")
    summary: Series[str] = pa.Field(nullable=True, description="Summary as printed; null when the listing shows none.")
    listing_count: Series[int] = pa.Field(ge=1, description="Number of listing items this document was seen as.")

    class Config:
        description = "Distinct documents, with dates researchers can sort and filter and the text as printed."
        metadata = {"primary_key": ["document_id"]}
        strict = True


class DocumentListingsModel(pa.DataFrameModel):
    """Every place a document was seen: one row per listing item."""

    document_id: Series[str] = pa.Field(description="Document the item is (see documents.document_id).")
    source_file: Series[str] = pa.Field(description="Raw file of the listing page, relative to the raw folder.")
    position: Series[int] = pa.Field(ge=1, description="1-based position of the item on that page.")
    source_url: Series[str] = pa.Field(nullable=True, description="Listing URL, where known.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Listing page number, where known.")

    class Config:
        description = "Where each document was listed: the link from documents back to listing pages."
        metadata = {
            "primary_key": ["source_file", "position"],
            "foreign_keys": [
                {"fields": ["document_id"], "reference": {"resource": "documents", "fields": ["document_id"]}},
                {
                    "fields": ["source_file", "position"],
                    "reference": {"resource": "listing_records", "fields": ["source_file", "position"]},
                },
            ],
        }
        strict = True
        unique = ["source_file", "position"]
