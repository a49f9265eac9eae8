"""Normalize: listing items → distinct documents with sortable dates."""

from datetime import date

import dagster as dg
import pandas as pd

from pipeline.dates import date_bounds, outside_range
from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.tables import table_metadata, table_out
from pipeline.documents import build_documents
from pipeline.rejects import combine_rejects
from pipeline.validation import split_valid
from schemas import DocumentListingsModel, DocumentsModel, RejectsModel


@dg.multi_asset(
    group_name="normalize",
    outs={
        "documents": table_out(
            DocumentsModel,
            "One row per distinct document: dates normalized (interval, precision, EDTF), text as printed.",
        ),
        "document_listings": table_out(
            DocumentListingsModel,
            "Every listing item a document was seen as: the path from a document back to its pages.",
        ),
        "normalize_rejects": table_out(
            RejectsModel,
            "Items whose date is impossible or whose document row breaks its model.",
        ),
    },
    check_specs=table_check_specs("documents", "document_listings"),
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
    tables = {"documents": documents, "document_listings": listings, "listing_records": listing_records}
    yield from table_check_results(tables, "documents", "document_listings")


DATES_PLAUSIBLE = "dates_within_plausible_range"


class PlausibleDateRange(dg.Config):
    """The window of dates an archive document can plausibly carry; outside it a date is more likely a typo.

    `earliest` and `latest` are ISO 8601 days; an empty `latest` means the day the check runs.
    """

    earliest: str = "1800-01-01"
    latest: str = ""


@dg.asset_check(asset="documents", name=DATES_PLAUSIBLE)
def dates_within_plausible_range(documents: pd.DataFrame, config: PlausibleDateRange) -> dg.AssetCheckResult:
    """WARNING: every known date lies within the configured window (default 1800-01-01 to today).

    An implausible date is shown, never dropped or blocking: the archive may
    hold an early document, and a curator decides. A malformed window is
    reported as a failed check, not a crash.
    """
    try:
        earliest = date.fromisoformat(config.earliest)
        latest = date.fromisoformat(config.latest) if config.latest else date.today()
    except ValueError as exc:
        return dg.AssetCheckResult(
            passed=False, severity=dg.AssetCheckSeverity.WARN, metadata={"config_error": f"bad date window: {exc}"}
        )
    outside = documents[[outside_range(start, end, earliest, latest) for start, end in date_bounds(documents)]]
    return dg.AssetCheckResult(
        passed=outside.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "earliest": earliest.isoformat(),
            "latest": latest.isoformat(),
            "documents_with_dates": int(documents["date_start"].notna().sum()),
            "outside_range": len(outside),
            "examples": table_metadata(outside[["document_id", "date_text", "date_start", "date_end"]])["preview"],
        },
    )
