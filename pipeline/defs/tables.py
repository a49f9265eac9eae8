"""Dagster-side helpers for table assets: types, column schemas, previews."""

import warnings
from functools import cache

import dagster as dg
import pandas as pd
import pandera.pandas as pa
from dagster_pandera import pandera_schema_to_dagster_type

PREVIEW_ROWS = 5


@cache
def table_type(model: type[pa.DataFrameModel]) -> dg.DagsterType:
    """The Dagster type that validates an asset's value with the pandera model (one per model)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=dg.BetaWarning)
        return pandera_schema_to_dagster_type(model)


def column_schema(model: type[pa.DataFrameModel]) -> dict[str, dg.TableSchemaMetadataValue]:
    """Definition metadata that shows the model's columns in the asset catalog."""
    return {"dagster/column_schema": table_type(model).metadata["schema"]}


def table_metadata(frame: pd.DataFrame) -> dict[str, dg.MetadataValue]:
    """Materialization metadata: row count and a Markdown preview of the first rows."""
    preview = frame.head(PREVIEW_ROWS).astype("string").fillna("")
    preview = preview.map(lambda value: value if len(value) <= 60 else value[:57] + "...")
    return {
        "dagster/row_count": dg.MetadataValue.int(len(frame)),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if len(frame) else "_no rows_"),
    }


def table_out(model: type[pa.DataFrameModel], description: str, key_prefix: str | None = None) -> dg.AssetOut:
    """An output of a multi-asset that is a table: validated by, and showing the columns of, its model."""
    return dg.AssetOut(
        key_prefix=key_prefix,
        kinds={"python", "pandas"},
        dagster_type=table_type(model),
        metadata=column_schema(model),
        description=description,
    )
