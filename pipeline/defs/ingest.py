"""Ingest: the saved listing files in the raw landing zone."""

import dagster as dg
import pandas as pd

from pipeline.defs.resources import ArchiveStorage
from pipeline.defs.tables import column_schema, table_metadata, table_type
from pipeline.frames import typed_frame
from pipeline.sources import NoListings, RawFile, require_listings
from schemas import RawFilesModel


@dg.asset(
    group_name="ingest",
    kinds={"python", "file"},
    deps=["crawled_listing_pages"],  # the crawl lands pages in raw/; the build never runs it
    dagster_type=table_type(RawFilesModel),
    metadata=column_schema(RawFilesModel),
)
def raw_listing_files(context: dg.AssetExecutionContext, archive: ArchiveStorage) -> pd.DataFrame:
    """Every saved listing page under the raw folder, with its sha256.

    raw/ is append-only: the sha256 ties every downstream row to the exact
    bytes it was read from.
    """
    raw_dir = archive.raw_path
    try:
        files = require_listings(raw_dir)
    except NoListings as exc:
        raise dg.Failure(description=str(exc)) from None
    frame = typed_frame([_row(f) for f in files], RawFilesModel)
    context.add_output_metadata({**table_metadata(frame), "raw_dir": str(raw_dir), "bytes": int(frame["size_bytes"].sum())})
    return frame


def _row(raw: RawFile) -> dict:
    return {"source_file": raw.source_file, "sha256": raw.sha256, "size_bytes": raw.size_bytes, "source_url": raw.source_url}
