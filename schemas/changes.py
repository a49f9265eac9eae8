"""Model of the change log: what a release changed in `documents` since the previous one."""

import pandera.pandas as pa
from pandera.typing import Series

CHANGE_KINDS = ["added", "removed", "changed"]


class ChangesModel(pa.DataFrameModel):
    """One row per document that differs between the previous release and this one."""

    change: Series[str] = pa.Field(
        isin=CHANGE_KINDS,
        description=(
            "What happened to the document: added (new in this release), removed (in the previous "
            "release, not in this one) or changed (in both, some fields differ)."
        ),
    )
    document_id: Series[str] = pa.Field(unique=True, description="The document (see documents.document_id).")
    title: Series[str] = pa.Field(
        description="The document's title in this release; for a removed document, its title in the previous one."
    )
    date_text: Series[str] = pa.Field(
        nullable=True, description="The document's date as printed, from the same release as the title."
    )
    fields: Series[list[str]] = pa.Field(
        nullable=True,
        description=(
            "For a changed document, the documents columns whose values differ, in column order; "
            "null for added and removed documents."
        ),
    )

    class Config:
        description = (
            "The change log: documents added, removed or changed since the previous release in the same "
            "outputs folder. On a first release every document is added."
        )
        metadata = {
            "primary_key": ["document_id"],
            "derivation": (
                "Each run compares its documents table with the documents.parquet of the release it replaces, "
                "matching on document_id. Only columns present in both releases are compared, so a column "
                "added to the schema does not mark every document as changed."
            ),
        }
        strict = True
