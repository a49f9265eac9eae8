"""Models for what the parse stage reads and emits: raw files, pages, items."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class RawFilesModel(pa.DataFrameModel):
    """One row per saved listing file found under the raw folder."""

    source_file: Series[str] = pa.Field(
        unique=True, description="Path of the raw file relative to the raw folder, POSIX separators."
    )
    sha256: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes, as read."
    )
    size_bytes: Series[int] = pa.Field(ge=0, description="Size of the file in bytes.")
    source_url: Series[str] = pa.Field(
        nullable=True,
        description="URL the page was fetched from, from the crawl sidecar or the HTML itself; null when unknown.",
    )

    class Config:
        description = "Saved listing pages found under the raw folder (the landing zone)."
        metadata = {"primary_key": ["source_file"]}
        strict = True


class ListingPagesModel(pa.DataFrameModel):
    """One row per raw file that was recognised and parsed."""

    source_file: Series[str] = pa.Field(unique=True, description="Raw file, relative to the raw folder.")
    sha256: Series[str] = pa.Field(description="SHA-256 of the raw file's bytes.")
    format: Series[str] = pa.Field(
        description="Listing format recognised: the adapter that read the file (old_text, old_text_dashed, new_text, old_html, new_html)."
    )
    encoding: Series[str] = pa.Field(description="Text encoding the file was decoded with.")
    source_url: Series[str] = pa.Field(nullable=True, description="Listing URL where known.")
    page: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="Page number as the site counts it (old site from 1, new site from 0), where known."
    )
    range_first: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="First result number in the page header range (61 in `61 - 70 of 206`)."
    )
    range_last: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="Last result number in the page header range (70 in `61 - 70 of 206`)."
    )
    range_total: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="Total results of the search, from the header range (206 in `61 - 70 of 206`)."
    )
    items: Series[int] = pa.Field(ge=0, description="Number of items parsed from the page.")
    truncated: Series[bool] = pa.Field(
        description="True when the file stops in the middle of an item (a capture cut at a size limit); the cut item is a reject, not a row."
    )
    collections: Series[int] = pa.Field(
        ge=0,
        description="Collections the page lists instead of documents (an old-site term search can return them); not items.",
    )

    class Config:
        description = "Listing pages that were parsed, with the header range they announce."
        metadata = {"primary_key": ["source_file"]}
        strict = True


class ListingRecordsModel(pa.DataFrameModel):
    """One row per item on a listing page, in page order."""

    source_file: Series[str] = pa.Field(description="Raw file the item was read from, relative to the raw folder.")
    position: Series[int] = pa.Field(ge=1, description="1-based position of the item within its page.")
    line: Series[int] = pa.Field(
        ge=1, description="1-based line (text) or source line (HTML) where the item starts in the raw file."
    )
    sha256: Series[str] = pa.Field(description="SHA-256 of the raw file the item came from.")
    source_url: Series[str] = pa.Field(nullable=True, description="Listing URL the page came from, where known.")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Listing page number, where known.")
    document_url: Series[str] = pa.Field(
        nullable=True, description="Link to the document on the archive, where the page shows it (HTML)."
    )
    date_text: Series[str] = pa.Field(
        nullable=True, description="The item's date exactly as printed; null when the item shows no date."
    )
    title: Series[str] = pa.Field(description="The item's title exactly as printed (whitespace folded).")
    summary: Series[str] = pa.Field(
        nullable=True,
        description="The item's summary as printed; paragraphs joined by a blank line; null when the item has none.",
    )

    class Config:
        description = "Every item of every listing page, verbatim, with where it came from."
        metadata = {"primary_key": ["source_file", "position"]}
        strict = True
        unique = ["source_file", "position"]
