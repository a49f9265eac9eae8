"""Asset checks: the same quality rules for every published table, and the reject share.

Severity is deliberate. These are ERROR checks, and `blocking`: when one
fails, the release is not written in that run and the previous release
stays in place. Checks that only inform (WARN, never blocking) live beside
their stage: header range in parse, date plausibility in normalize, the
unresolved-name share in names (its threshold is on the same `quality` resource).

A table's rules run as one step (one `multi_asset_check` per table): the UI
still lists each check on its asset, and the run pays one step's overhead
and one load of the table instead of three.
"""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

from pipeline.defs.resources import QualityThresholds
from pipeline.defs.tables import PREVIEW_ROWS
from pipeline.quality import (
    duplicate_keys,
    foreign_keys,
    model_failures,
    orphan_rows,
    primary_key,
    share,
)
from schemas import PUBLISHED_TABLES, TableSpec

MATCHES_MODEL = "matches_model"
PRIMARY_KEY_UNIQUE = "primary_key_unique"
FOREIGN_KEYS_RESOLVE = "foreign_keys_resolve"
REJECT_SHARE = "reject_share_under_threshold"


def _examples(frame: pd.DataFrame) -> dg.MetadataValue:
    """The first offending rows as Markdown, so the UI shows what failed without opening a file."""
    if frame.empty:
        return dg.MetadataValue.md("_none_")
    return dg.MetadataValue.md(frame.head(PREVIEW_ROWS).astype("string").fillna("").to_markdown(index=False))


def model_result(spec: TableSpec, table: pd.DataFrame) -> dg.AssetCheckResult:
    """ERROR: the table satisfies its pandera model, column by column."""
    failures = model_failures(table, spec.model)
    return dg.AssetCheckResult(
        asset_key=spec.name,
        check_name=MATCHES_MODEL,
        passed=failures.empty,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"rows": len(table), "failure_cases": len(failures), "examples": _examples(failures)},
    )


def primary_key_result(spec: TableSpec, table: pd.DataFrame) -> dg.AssetCheckResult:
    """ERROR: no two rows share the model's primary key (for documents: unique document ids)."""
    key = primary_key(spec.model)
    duplicates = duplicate_keys(table, key)
    return dg.AssetCheckResult(
        asset_key=spec.name,
        check_name=PRIMARY_KEY_UNIQUE,
        passed=duplicates.empty,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"primary_key": ", ".join(key), "duplicate_rows": len(duplicates), "examples": _examples(duplicates[key])},
    )


def foreign_key_result(spec: TableSpec, table: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> dg.AssetCheckResult:
    """ERROR: every link of the table points at an existing row of the table it names."""
    tables = {**tables, spec.name: table}
    keys = foreign_keys(spec.model)
    orphans = {fk: orphan_rows(table, fk, tables[fk.resource]) for fk in keys}
    return dg.AssetCheckResult(
        asset_key=spec.name,
        check_name=FOREIGN_KEYS_RESOLVE,
        passed=all(rows.empty for rows in orphans.values()),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            **{f"orphans/{'_'.join(fk.fields)}/{fk.resource}": len(rows) for fk, rows in orphans.items()},
            "examples": _examples(pd.concat([rows[list(fk.fields)] for fk, rows in orphans.items()], ignore_index=True)),
        },
    )


def table_checks(spec: TableSpec) -> dg.AssetChecksDefinition:
    """The table's model check, and its primary- and foreign-key checks where its model declares keys."""
    key = primary_key(spec.model)
    keys = foreign_keys(spec.model)
    referenced = sorted({fk.resource for fk in keys} - {spec.name})
    specs = [
        dg.AssetCheckSpec(
            MATCHES_MODEL,
            asset=spec.name,
            blocking=True,
            description=f"Every row of {spec.name} satisfies {spec.model.__name__} (types, nulls, allowed values).",
        )
    ]
    if key:
        specs.append(
            dg.AssetCheckSpec(
                PRIMARY_KEY_UNIQUE,
                asset=spec.name,
                blocking=True,
                description=f"No two rows of {spec.name} share its primary key ({', '.join(key)}).",
            )
        )
    if keys:
        specs.append(
            dg.AssetCheckSpec(
                FOREIGN_KEYS_RESOLVE,
                asset=spec.name,
                additional_deps=referenced,
                blocking=True,
                description=f"Every link in {spec.name} resolves: "
                + "; ".join(f"{', '.join(fk.fields)} → {fk.resource}.{', '.join(fk.reference_fields)}" for fk in keys),
            )
        )

    @dg.multi_asset_check(
        name=f"{spec.name}_checks",
        specs=specs,
        ins={"table": dg.AssetIn(spec.name), **{name: dg.AssetIn(name) for name in referenced}},
    )
    def _checks(table: pd.DataFrame, **tables: pd.DataFrame) -> Iterator[dg.AssetCheckResult]:
        yield model_result(spec, table)
        if key:
            yield primary_key_result(spec, table)
        if keys:
            yield foreign_key_result(spec, table, tables)

    return _checks


@dg.asset_check(
    asset="rejects",
    name=REJECT_SHARE,
    blocking=True,
    additional_ins={"listing_records": dg.AssetIn("listing_records")},
)
def reject_share(rejects: pd.DataFrame, listing_records: pd.DataFrame, quality: QualityThresholds) -> dg.AssetCheckResult:
    """ERROR: rejects stay under `quality.max_reject_share` of everything read (items kept + rejects).

    A high share means a parser or a date rule broke, and publishing would
    hand researchers a silently thinner dataset.
    """
    measured = share(len(rejects), len(rejects) + len(listing_records))
    by_stage = rejects["stage"].value_counts().sort_index()
    return dg.AssetCheckResult(
        passed=measured <= quality.max_reject_share,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rejects": len(rejects),
            "items": len(listing_records),
            "reject_share": dg.MetadataValue.float(round(measured, 4)),
            "max_reject_share": dg.MetadataValue.float(quality.max_reject_share),
            **{f"rejects/{stage}": int(count) for stage, count in by_stage.items()},
        },
    )


table_quality_checks = [table_checks(spec) for spec in PUBLISHED_TABLES]
