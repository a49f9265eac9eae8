"""Publish: the release researchers receive, as Parquet and CSV in the outputs folder."""

import dagster as dg
import pandas as pd

from pipeline.defs.resources import ArchiveStorage
from pipeline.defs.tables import column_schema, table_metadata, table_type
from pipeline.publish import publish
from pipeline.rejects import combine_rejects
from schemas import PUBLISHED_TABLES, RejectsModel

# Every stage's rejects, gathered into the one published table.
REJECT_SOURCES = ("parse_rejects", "normalize_rejects")


@dg.asset(
    group_name="publish",
    kinds={"python", "pandas"},
    dagster_type=table_type(RejectsModel),
    metadata=column_schema(RejectsModel),
    ins={name: dg.AssetIn(key=name) for name in REJECT_SOURCES},
)
def rejects(**stage_rejects: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """Everything any stage could not use, with the stage and the reason: the list to fix by hand."""
    frame = combine_rejects(*(stage_rejects[name] for name in REJECT_SOURCES))
    return dg.Output(frame, metadata=table_metadata(frame))


@dg.asset(
    group_name="publish",
    kinds={"parquet", "csv"},
    ins={spec.name: dg.AssetIn(key=spec.name) for spec in PUBLISHED_TABLES},
    tags={"archive/build": "release"},
)
def release(context: dg.AssetExecutionContext, archive: ArchiveStorage, **tables: pd.DataFrame) -> dg.MaterializeResult:
    """The published datasets: every table of `schemas.PUBLISHED_TABLES` as Parquet and CSV."""
    outputs = archive.outputs_path
    files = publish({spec.name: (tables[spec.name], spec.model) for spec in PUBLISHED_TABLES}, outputs)
    context.log.info(f"Published {len(files)} files to {outputs}")
    return dg.MaterializeResult(
        metadata={
            "outputs_dir": dg.MetadataValue.path(str(outputs)),
            "files": dg.MetadataValue.md(
                "| file | rows | bytes | sha256 |\n|---|---|---|---|\n"
                + "\n".join(f"| {f.path.name} | {f.rows} | {f.size_bytes} | `{f.sha256[:16]}` |" for f in files)
            ),
            **{f"rows/{spec.name}": dg.MetadataValue.int(len(tables[spec.name])) for spec in PUBLISHED_TABLES},
        }
    )
