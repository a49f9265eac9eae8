"""Asset checks: the same quality rules for every published table, and the reject share.

Severity is deliberate. These are ERROR checks, and `blocking`: when one
fails, the release is not written in that run and the previous release
stays in place. Checks that only inform (WARN, never blocking) live beside
their stage: header range in parse, date plausibility in normalize, the
unresolved-name share in names (its threshold is on the same `quality` resource).

A table's rules run in the step of the asset that makes it (`check_specs`
from `table_check_specs`, results from `table_check_results`): the UI lists
each check on its table, and a run pays no extra step, and no reload of the
tables, for them. They were separate steps: on the seed those cost more time
than everything the checks compute.
"""

from collections.abc import Iterator, Mapping

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


def table_check_specs(*names: str) -> list[dg.AssetCheckSpec]:
    """The checks of the named published tables, for the `check_specs` of the asset that makes them.

    Each table gets its model check, and its primary- and foreign-key checks
    where its model declares keys.
    """
    specs = []
    for spec in _published(names):
        key, keys = primary_key(spec.model), foreign_keys(spec.model)
        blocking = {"asset": spec.name, "blocking": True}
        specs.append(
            dg.AssetCheckSpec(
                MATCHES_MODEL,
                description=f"Every row of {spec.name} satisfies {spec.model.__name__} (types, nulls, allowed values).",
                **blocking,
            )
        )
        if key:
            description = f"No two rows of {spec.name} share its primary key ({', '.join(key)})."
            specs.append(dg.AssetCheckSpec(PRIMARY_KEY_UNIQUE, description=description, **blocking))
        if keys:
            links = "; ".join(f"{', '.join(fk.fields)} → {fk.resource}.{', '.join(fk.reference_fields)}" for fk in keys)
            referenced = sorted({fk.resource for fk in keys} - set(names))
            specs.append(
                dg.AssetCheckSpec(
                    FOREIGN_KEYS_RESOLVE,
                    description=f"Every link in {spec.name} resolves: {links}",
                    additional_deps=referenced,
                    **blocking,
                )
            )
    return specs


def table_check_results(tables: Mapping[str, pd.DataFrame], *names: str) -> Iterator[dg.AssetCheckResult]:
    """The results of `table_check_specs(*names)`; `tables` holds those tables and every table their links name."""
    for spec in _published(names):
        table = tables[spec.name]
        yield model_result(spec, table)
        if primary_key(spec.model):
            yield primary_key_result(spec, table)
        if foreign_keys(spec.model):
            yield foreign_key_result(spec, table, dict(tables))


def _published(names: tuple[str, ...]) -> list[TableSpec]:
    specs = {spec.name: spec for spec in PUBLISHED_TABLES}
    if unknown := [name for name in names if name not in specs]:
        raise ValueError(f"not published tables: {unknown}")
    return [specs[name] for name in names]


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

