"""Normalize: names in titles and summaries → people, organizations and places of the authority in reference/."""

import os
from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.resources import QualityThresholds
from pipeline.defs.tables import table_metadata, table_out
from pipeline.names.authority import REFERENCE_DIR, AuthorityError, load_authority
from pipeline.names.links import build_name_tables
from pipeline.names.resolve import DEFAULT_FUZZY_THRESHOLD
from schemas.names import (
    DocumentOrganizationsModel,
    DocumentPeopleModel,
    DocumentPlacesModel,
    InteractionsModel,
    OrganizationsModel,
    PeopleModel,
    PlacesModel,
    UnresolvedMentionsModel,
)

REFERENCE_DIR_ENV = "ARCHIVE_REFERENCE_DIR"
UNRESOLVED_SHARE = "unresolved_share_under_threshold"

_TABLES = {
    "people": (PeopleModel, "People of the authority with their document counts and first/last dates."),
    "organizations": (OrganizationsModel, "Organizations of the authority with their document counts and dates."),
    "places": (PlacesModel, "Places of the authority with their document counts and dates."),
    "document_people": (DocumentPeopleModel, "Who each document names, in what role, how the name was resolved."),
    "document_organizations": (DocumentOrganizationsModel, "Which organizations each document names, and in what role."),
    "document_places": (DocumentPlacesModel, "Which places each document names, and in what role."),
    "unresolved_mentions": (UnresolvedMentionsModel, "The curators' worklist: printed names no entry matches, with a hint."),
    "interactions": (InteractionsModel, "Who wrote to whom and who met whom, per document."),
}

class NamesConfig(dg.Config):
    """Where the authority lives and how close a misspelling must be to count."""

    reference_dir: str = ""
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD

    @property
    def reference_path(self) -> Path:
        """The configured folder, else ARCHIVE_REFERENCE_DIR, else the checkout's reference/ (read at run time)."""
        return Path(self.reference_dir or os.environ.get(REFERENCE_DIR_ENV) or REFERENCE_DIR).resolve()


@dg.multi_asset(
    group_name="normalize",
    outs={
        name: table_out(model, description) for name, (model, description) in _TABLES.items()
    },
    check_specs=[
        dg.AssetCheckSpec(
            UNRESOLVED_SHARE,
            asset="unresolved_mentions",
            description="The share of name mentions no authority entry matches stays under quality.max_unresolved_share.",
        ),
        *table_check_specs(*_TABLES),
    ],
)
def resolved_names(context: dg.AssetExecutionContext, config: NamesConfig, quality: QualityThresholds, documents: pd.DataFrame):
    """Find the names every document prints, resolve them against reference/, and link them with their roles.

    The authority is read at every run, so a variant a curator adds to
    reference/ changes the next build with no code change.
    """
    try:
        authority = load_authority(config.reference_path)
    except AuthorityError as exc:
        raise dg.Failure(description=f"reference/ is invalid: {exc}") from None
    tables = build_name_tables(documents, authority, config.fuzzy_threshold)
    context.log.info(
        f"{tables.mentions} mentions, {tables.unresolved} unresolved ({tables.unresolved_share:.1%}); "
        f"{len(tables.document_people)} document-person links"
    )
    for name in _TABLES:
        frame = getattr(tables, name)
        yield dg.Output(frame, output_name=name, metadata=table_metadata(frame))
    unresolved_share = tables.unresolved_share
    yield dg.AssetCheckResult(
        asset_key="unresolved_mentions",
        check_name=UNRESOLVED_SHARE,
        passed=unresolved_share <= quality.max_unresolved_share,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "mentions": tables.mentions,
            "unresolved": tables.unresolved,
            "unresolved_share": dg.MetadataValue.float(round(unresolved_share, 4)),
            "threshold": dg.MetadataValue.float(quality.max_unresolved_share),
            "distinct_unresolved_names": len(tables.unresolved_mentions),
        },
    )
    yield from table_check_results({"documents": documents, **{name: getattr(tables, name) for name in _TABLES}}, *_TABLES)

