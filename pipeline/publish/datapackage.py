"""The Frictionless data package: every published file described from its pandera model.

Each table is two resources: `<table>` (the CSV, the form every Frictionless
tool reads) and `<table>-parquet`. Fields, constraints and keys come from the
models and the registry, the sources from the raw files read, so nothing is
restated by hand. The build time and pipeline version live here and only
here: the data files stay byte-identical between runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pipeline
from pipeline.publish.columns import Column, columns, model_description
from pipeline.quality import model_metadata
from pipeline.publish.csv_cells import LIST_SEPARATOR
from pipeline.publish.files import CSV_ENCODING
from pipeline.publish.terms import ARCHIVE_NAME, ARCHIVE_URL, PACKAGE_NAME, PACKAGE_TITLE, REUSE_TERMS, REUSE_TERMS_URL
from schemas import TableSpec

PARQUET_SUFFIX = "-parquet"


@dataclass(frozen=True)
class SourceFile:
    """A raw listing file the release was built from."""

    source_file: str
    sha256: str
    size_bytes: int
    source_url: str | None


class PackageInvalid(ValueError):
    """The staged release does not validate against its own data package."""


def descriptor(
    tables: Sequence[TableSpec],
    file_hashes: dict[str, tuple[str, int]],
    sources: Iterable[SourceFile],
    built_at: str,
) -> dict:
    """The datapackage.json content; `file_hashes` maps a file name to its sha256 and size in bytes."""
    published = {spec.name for spec in tables}
    resources = []
    for spec in tables:
        for suffix, extension in (("", "csv"), (PARQUET_SUFFIX, "parquet")):
            path = f"{spec.name}.{extension}"
            sha256, size = file_hashes[path]
            resource = {
                "name": spec.name + suffix,
                "path": path,
                "format": extension,
                "mediatype": "text/csv" if extension == "csv" else "application/vnd.apache.parquet",
                "description": model_description(spec.model),
                "schema": _schema(spec, published, suffix, csv=extension == "csv"),
            }
            if extension == "csv":
                resource.update(encoding=CSV_ENCODING, hash=f"sha256:{sha256}", bytes=size)
            else:
                # Frictionless reads Parquet through pandas and cannot count its bytes: a standard `hash`
                # would fail validation, so the checksum is given under names it does not check.
                resource.update(sha256=sha256, size_bytes=size)
            resources.append(resource)
    return {
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": (
            f"Documents listed by the {ARCHIVE_NAME}, read from saved listing pages: one row per document and per "
            "listing item, dates normalized, every listing item traced to its raw file, line and sha256. "
            "See README.md for the data dictionary."
        ),
        "created": built_at,
        "pipeline": {"name": "wilson-archive-pipeline", "version": pipeline.__version__},
        "licenses": [{"title": REUSE_TERMS, "path": REUSE_TERMS_URL}],
        "sources": [{"title": ARCHIVE_NAME, "path": ARCHIVE_URL}] + [_source(s) for s in sources],
        "resources": resources,
    }


# Frictionless checks rows in pure Python and reads every referenced table whole to check
# foreign keys: about 10 s for a thousand listing items, hours for a million.
FULL_VALIDATION_MAX_ROWS = 50_000


def validate(package_path: Path, rows: int = 0) -> None:
    """Frictionless validation before the switch; PackageInvalid with the errors.

    The descriptor is always validated. Up to FULL_VALIDATION_MAX_ROWS rows
    in all, the CSV files are also read back row by row against it: a CSV
    cell is text that must parse back to its declared type, which only
    reading it shows. Parquet files are not re-read here: their values are
    typed by the format and their footers are read back against the model's
    Arrow schema (`publish._check_parquet`), and Frictionless reading them
    through pandas cost two thirds of the validation. Every row was
    validated by its pandera model before it was written either way, and the
    links' integrity is a blocking asset check.
    """
    # Imported here: Frictionless and its plugins cost every process that loads the definitions.
    import frictionless

    descriptor = json.loads(package_path.read_text(encoding="utf-8"))
    try:
        errors = [f"{error.type}: {error.note}" for error in frictionless.Package.metadata_validate(descriptor)]
    except frictionless.FrictionlessException as exc:
        errors = [f"{exc.error.type}: {exc.error.note}"]
    if errors:
        raise PackageInvalid(f"{package_path} is not a valid data package: " + "; ".join(errors[:20]))
    if rows > FULL_VALIDATION_MAX_ROWS:
        return
    report = validate_rows(csv_only(descriptor), package_path.parent)
    if not report.valid:
        problems = [f"{error.type}: {error.note}" for error in report.errors]
        problems += [f"{task.name}: {error.type}: {error.note}" for task in report.tasks for error in task.errors]
        raise PackageInvalid(
            f"{package_path} fails Frictionless validation ({len(problems)} errors): " + "; ".join(problems[:20])
        )


def csv_only(descriptor: dict) -> dict:
    """The package without its Parquet resources (their foreign keys name CSV resources only by design)."""
    return {**descriptor, "resources": [r for r in descriptor["resources"] if not r["name"].endswith(PARQUET_SUFFIX)]}


def validate_rows(descriptor: dict, folder: Path) -> Any:
    """Frictionless' report on every row of the files `descriptor` lists, read from `folder`."""
    import frictionless

    return frictionless.Package(descriptor, basepath=str(folder)).validate()


def _schema(spec: TableSpec, published: set[str], suffix: str, csv: bool) -> dict:
    metadata = model_metadata(spec.model)
    schema: dict = {"fields": [_field(column, csv) for column in columns(spec.model)], "missingValues": [""]}
    if metadata.get("primary_key"):
        schema["primaryKey"] = list(metadata["primary_key"])
    foreign_keys = []
    for key in metadata.get("foreign_keys", []):
        target = key["reference"]["resource"]
        if target not in published:
            raise ValueError(f"{spec.name}: foreign key to {target!r}, which is not in schemas.PUBLISHED_TABLES")
        foreign_keys.append(
            {"fields": list(key["fields"]), "reference": {"resource": target + suffix, "fields": list(key["reference"]["fields"])}}
        )
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def _field(column: Column, csv: bool) -> dict:
    field: dict = {"name": column.name, "description": column.description}
    if column.is_list:
        # A CSV cell holds the encoded list (text); Frictionless reads Parquet lists as arrays it cannot type-check.
        field["type"] = "string" if csv else "any"
        field["description"] += f" A list: in CSV its items are joined by `{LIST_SEPARATOR}`; in Parquet a list column."
    else:
        field["type"] = column.kind
    constraints = _constraints(column)
    if constraints:
        field["constraints"] = constraints
    return field


def _constraints(column: Column) -> dict:
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    if column.is_list:
        return constraints
    for name, stats in column.checks:
        if name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        elif name == "less_than_or_equal_to":
            constraints["maximum"] = stats["max_value"]
        elif name == "in_range" and stats.get("include_min", True) and stats.get("include_max", True):
            constraints["minimum"], constraints["maximum"] = stats["min_value"], stats["max_value"]
        elif name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif name == "str_matches":
            constraints["pattern"] = stats["pattern"]
        elif name == "str_length":
            if stats.get("min_value") is not None:
                constraints["minLength"] = stats["min_value"]
            if stats.get("max_value") is not None:
                constraints["maxLength"] = stats["max_value"]
    return {key: _jsonable(value) for key, value in constraints.items()}


def _jsonable(value: object) -> object:
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def _source(source: SourceFile) -> dict:
    entry = {"title": source.source_file, "sha256": source.sha256, "bytes": source.size_bytes}
    if source.source_url:
        entry["path"] = source.source_url
    return entry
