"""The published tables, in the order researchers meet them.

Adding a table to the release means adding it here; the publish asset, the
data dictionary and datapackage.json all read this list.
"""

from dataclasses import dataclass

import pandera.pandas as pa

from schemas.changes import ChangesModel
from schemas.documents import DocumentListingsModel, DocumentsModel
from schemas.listings import ListingRecordsModel
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
from schemas.rejects import RejectsModel


@dataclass(frozen=True)
class TableSpec:
    """A published table: its name (asset key and file stem) and its model."""

    name: str
    model: type[pa.DataFrameModel]


PUBLISHED_TABLES: tuple[TableSpec, ...] = (
    TableSpec("documents", DocumentsModel),
    TableSpec("listing_records", ListingRecordsModel),
    TableSpec("document_listings", DocumentListingsModel),
    TableSpec("people", PeopleModel),
    TableSpec("organizations", OrganizationsModel),
    TableSpec("places", PlacesModel),
    TableSpec("document_people", DocumentPeopleModel),
    TableSpec("document_organizations", DocumentOrganizationsModel),
    TableSpec("document_places", DocumentPlacesModel),
    TableSpec("interactions", InteractionsModel),
    TableSpec("unresolved_mentions", UnresolvedMentionsModel),
    TableSpec("rejects", RejectsModel),
    TableSpec("changes", ChangesModel),
)
