"""Asset checks: the same quality rules for every published table, and the reject share.

Severity is deliberate. These are ERROR checks, and `blocking`: when one
fails, the release is not written in that run and the previous release
stays in place. Checks that only inform (WARN, never blocking) live beside
their stage: header range in parse, date plausibility in normalize, the
unresolved-name share in names (its threshold is on the same `quality` resource).
"""

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


def model_check(spec: TableSpec) -> dg.AssetChecksDefinition:
    """ERROR: the table satisfies its pandera model, column by column."""

    @dg.asset_check(
        asset=spec.name,
        name=MATCHES_MODEL,
        blocking=True,
        description=f"Every row of {spec.name} satisfies {spec.model.__name__} (types, nulls, allowed values).",
    )
    def _check(table: pd.DataFrame) -> dg.AssetCheckResult:
        failures = model_failures(table, spec.model)
        return dg.AssetCheckResult(
            passed=failures.empty,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"rows": len(table), "failure_cases": len(failures), "examples": _examples(failures)},
        )

    return _check


def primary_key_check(spec: TableSpec) -> dg.AssetChecksDefinition:
    """ERROR: no two rows share the model's primary key (for documents: unique document ids)."""
    key = primary_key(spec.model)

    @dg.asset_check(
        asset=spec.name,
        name=PRIMARY_KEY_UNIQUE,
        blocking=True,
        description=f"No two rows of {spec.name} share its primary key ({', '.join(key)}).",
    )
    def _check(table: pd.DataFrame) -> dg.AssetCheckResult:
        duplicates = duplicate_keys(table, key)
        return dg.AssetCheckResult(
            passed=duplicates.empty,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"primary_key": ", ".join(key), "duplicate_rows": len(duplicates), "examples": _examples(duplicates[key])},
        )

    return _check


def foreign_key_check(spec: TableSpec) -> dg.AssetChecksDefinition:
    """ERROR: every link of the table points at an existing row of the table it names."""
    keys = foreign_keys(spec.model)
    referenced = sorted({fk.resource for fk in keys} - {spec.name})
    check_spec = dg.AssetCheckSpec(
        FOREIGN_KEYS_RESOLVE,
        asset=spec.name,
        additional_deps=referenced,
        blocking=True,
        description=f"Every link in {spec.name} resolves: "
        + "; ".join(f"{', '.join(fk.fields)} → {fk.resource}.{', '.join(fk.reference_fields)}" for fk in keys),
    )

    @dg.multi_asset_check(
        name=f"{spec.name}_{FOREIGN_KEYS_RESOLVE}",
        specs=[check_spec],
        ins={"table": dg.AssetIn(spec.name), **{name: dg.AssetIn(name) for name in referenced}},
    )
    def _check(table: pd.DataFrame, **tables: pd.DataFrame) -> dg.AssetCheckResult:
        tables[spec.name] = table
        orphans = {fk: orphan_rows(table, fk, tables[fk.resource]) for fk in keys}
        bad = sum(len(rows) for rows in orphans.values())
        return dg.AssetCheckResult(
            passed=bad == 0,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                **{f"orphans/{'_'.join(fk.fields)}/{fk.resource}": len(rows) for fk, rows in orphans.items()},
                "examples": _examples(pd.concat([rows[list(fk.fields)] for fk, rows in orphans.items()], ignore_index=True)),
            },
        )

    return _check


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


table_checks = (
    [model_check(spec) for spec in PUBLISHED_TABLES]
    + [primary_key_check(spec) for spec in PUBLISHED_TABLES if primary_key(spec.model)]
    + [foreign_key_check(spec) for spec in PUBLISHED_TABLES if foreign_keys(spec.model)]
)
