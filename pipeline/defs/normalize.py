"""Normalize: listing items → distinct documents with sortable dates."""

import dagster as dg
import pandas as pd

from pipeline.defs.tables import column_schema, table_metadata, table_type
from pipeline.documents import build_documents
from pipeline.rejects import combine_rejects
from pipeline.validation import split_valid
from schemas import DocumentListingsModel, DocumentsModel, RejectsModel


@dg.multi_asset(
    group_name="normalize",
    outs={
        "documents": dg.AssetOut(
            kinds={"python", "pandas"},
            dagster_type=table_type(DocumentsModel),
            metadata=column_schema(DocumentsModel),
            description="One row per distinct document: dates normalized (interval, precision, EDTF), text as printed.",
        ),
        "document_listings": dg.AssetOut(
            kinds={"python", "pandas"},
            dagster_type=table_type(DocumentListingsModel),
            metadata=column_schema(DocumentListingsModel),
            description="Every listing item a document was seen as: the path from a document back to its pages.",
        ),
        "normalize_rejects": dg.AssetOut(
            kinds={"python", "pandas"},
            dagster_type=table_type(RejectsModel),
            metadata=column_schema(RejectsModel),
            description="Items whose date is impossible or whose document row breaks its model.",
        ),
    },
)
def normalized_documents(context: dg.AssetExecutionContext, listing_records: pd.DataFrame):
    """Deduplicate items into documents and normalize their dates; impossible dates are rejected, not nulled."""
    tables = build_documents(listing_records)
    documents, invalid = split_valid(tables.documents, DocumentsModel)
    listings = tables.document_listings[tables.document_listings["document_id"].isin(documents["document_id"])]
    rejects = combine_rejects(tables.rejects, invalid)
    for reject in rejects.itertuples(index=False):
        context.log.warning(f"{reject.source_file}:{reject.line}: {reject.reason}")
    yield dg.Output(documents, output_name="documents", metadata=table_metadata(documents))
    yield dg.Output(listings, output_name="document_listings", metadata=table_metadata(listings))
    yield dg.Output(rejects, output_name="normalize_rejects", metadata=table_metadata(rejects))
