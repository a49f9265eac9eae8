"""Pandera models: the contract of every table the pipeline builds.

One `DataFrameModel` per table, with a description on every column. The same
models validate the Dagster assets, give the UI its column schema, and write
the data dictionary and datapackage.json, so nothing is restated by hand.
"""

from schemas.changes import ChangesModel
from schemas.documents import DocumentListingsModel, DocumentsModel
from schemas.listings import ListingPagesModel, ListingRecordsModel, RawFilesModel
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
from schemas.registry import PUBLISHED_TABLES, TableSpec
from schemas.rejects import RejectsModel

__all__ = [
    "PUBLISHED_TABLES",
    "DocumentOrganizationsModel",
    "DocumentPeopleModel",
    "DocumentPlacesModel",
    "InteractionsModel",
    "OrganizationsModel",
    "PeopleModel",
    "PlacesModel",
    "UnresolvedMentionsModel",
    "ChangesModel",
    "DocumentListingsModel",
    "DocumentsModel",
    "ListingPagesModel",
    "ListingRecordsModel",
    "RawFilesModel",
    "RejectsModel",
    "TableSpec",
]
