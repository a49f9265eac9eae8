"""Models of the document tables: one row per distinct document, and where each was listed."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.dates import DATE_PRECISIONS, date_bounds, interval_fits_precision
from pipeline.names.doctype import DOC_TYPES


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
    date_approximate: Series[bool] = pa.Field(
        description=(
            "True when the date is not given as exact: printed circa/c./ca., an early/mid/late decade, or a "
            "year the editors supplied in brackets (EDTF ~, ? or %). False for unknown dates."
        ),
    )
    title: Series[str] = pa.Field(description="Title exactly as printed.")
    doc_type: Series[str] = pa.Field(
        isin=list(DOC_TYPES),
        description="Kind of document, from the form word its title prints first (`Cable from ...` → cable): "
        + ", ".join(DOC_TYPES)
        + "; `other` when the title names no form.",
    )
    summary: Series[str] = pa.Field(nullable=True, description="Summary as printed; null when the listing shows none.")
    listing_count: Series[int] = pa.Field(ge=1, description="Number of listing items this document was seen as.")

    class Config:
        description = "Distinct documents, with dates researchers can sort and filter and the text as printed."
        metadata = {"primary_key": ["document_id"]}
        strict = True

    @pa.dataframe_check(description="date_start is on or before date_end.")
    def date_start_not_after_end(cls, frame: pd.DataFrame) -> Series[bool]:
        return pd.Series(
            [start is None or end is None or start <= end for start, end in date_bounds(frame)], index=frame.index
        )

    @pa.dataframe_check(
        description=(
            "The interval has the shape date_precision promises: unknown has no bounds; month and season run "
            "from a first to a last day of a month; year and decade from 1 January to 31 December."
        )
    )
    def date_precision_fits_interval(cls, frame: pd.DataFrame) -> Series[bool]:
        shapes = [(start, end, precision) for (start, end), precision in zip(date_bounds(frame), frame["date_precision"])]
        fits = {shape: interval_fits_precision(*shape) for shape in set(shapes)}  # documents share a few shapes
        return pd.Series([fits[shape] for shape in shapes], index=frame.index)

    @pa.dataframe_check(description="date_edtf is null exactly when date_precision is unknown.")
    def date_edtf_only_when_known(cls, frame: pd.DataFrame) -> Series[bool]:
        return frame["date_edtf"].isna() == (frame["date_precision"] == "unknown")


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
