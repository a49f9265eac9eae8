"""Publish: the release researchers receive, described, validated and switched in atomically."""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

import pipeline
from pipeline.defs.checks import table_check_results, table_check_specs
from pipeline.defs.resources import ArchiveStorage
from pipeline.defs.tables import column_schema, table_metadata, table_type
from pipeline.publish import SourceFile, publish
from pipeline.publish.changes import compare, previous_documents
from pipeline.rejects import combine_rejects
from schemas import PUBLISHED_TABLES, ChangesModel, RejectsModel

# Every stage's rejects, gathered into the one published table.
REJECT_SOURCES = ("parse_rejects", "normalize_rejects")
RAW_FILES = "raw_listing_files"


@dg.asset(
    group_name="publish",
    kinds={"python", "pandas"},
    dagster_type=table_type(RejectsModel),
    metadata=column_schema(RejectsModel),
    ins={name: dg.AssetIn(key=name) for name in REJECT_SOURCES},
    check_specs=table_check_specs("rejects"),
)
def rejects(**stage_rejects: pd.DataFrame) -> Iterator[dg.Output | dg.AssetCheckResult]:
    """Everything any stage could not use, with the stage and the reason: the list to fix by hand."""
    frame = combine_rejects(*(stage_rejects[name] for name in REJECT_SOURCES))
    by_stage = frame["stage"].value_counts().sort_index()
    yield dg.Output(
        frame,
        metadata={**table_metadata(frame), **{f"rejects/{stage}": dg.MetadataValue.int(int(n)) for stage, n in by_stage.items()}},
    )
    yield from table_check_results({"rejects": frame}, "rejects")


@dg.asset(
    group_name="publish",
    kinds={"python", "pandas"},
    dagster_type=table_type(ChangesModel),
    metadata=column_schema(ChangesModel),
    check_specs=table_check_specs("changes"),
)
def changes(archive: ArchiveStorage, documents: pd.DataFrame) -> Iterator[dg.Output | dg.AssetCheckResult]:
    """What this build adds, removes or changes in `documents`, against the release now in the outputs folder."""
    frame = compare(previous_documents(archive.outputs_path), documents)
    counts = frame["change"].value_counts()
    yield dg.Output(
        frame,
        metadata={
            **table_metadata(frame),
            **{f"changes/{kind}": dg.MetadataValue.int(int(counts.get(kind, 0))) for kind in ("added", "changed", "removed")},
        },
    )
    yield from table_check_results({"changes": frame}, "changes")


@dg.asset(
    group_name="publish",
    kinds={"parquet", "csv"},
    ins={RAW_FILES: dg.AssetIn(key=RAW_FILES), **{spec.name: dg.AssetIn(key=spec.name) for spec in PUBLISHED_TABLES}},
    tags={"archive/build": "release"},
)
def release(context: dg.AssetExecutionContext, archive: ArchiveStorage, **tables: pd.DataFrame) -> dg.MaterializeResult:
    """The published datasets: every table of `schemas.PUBLISHED_TABLES` as Parquet and CSV, with
    datapackage.json and the data dictionary, validated before it replaces the previous release."""
    outputs = archive.outputs_path
    sources = [
        SourceFile(row.source_file, row.sha256, int(row.size_bytes), row.source_url if isinstance(row.source_url, str) else None)
        for row in tables[RAW_FILES].itertuples(index=False)
    ]
    published = publish({spec.name: (tables[spec.name], spec.model) for spec in PUBLISHED_TABLES}, outputs, sources)
    context.log.info(f"Published release {published.path.name} ({len(published.files)} data files) to {outputs}")
    return dg.MaterializeResult(
        metadata={
            "outputs_dir": dg.MetadataValue.path(str(outputs)),
            "release_dir": dg.MetadataValue.path(str(published.path)),
            "built_at": dg.MetadataValue.text(published.built_at),
            "release_version": dg.MetadataValue.text(published.path.name),
            "pipeline_version": dg.MetadataValue.text(pipeline.__version__),
            "files": dg.MetadataValue.md(
                "| file | rows | bytes | sha256 |\n|---|---|---|---|\n"
                + "\n".join(f"| {f.path.name} | {f.rows} | {f.size_bytes} | `{f.sha256}` |" for f in published.files)
            ),
            **{f"rows/{spec.name}": dg.MetadataValue.int(len(tables[spec.name])) for spec in PUBLISHED_TABLES},
        }
    )
