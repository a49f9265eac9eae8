"""The seed's release as researchers get it: valid data package, faithful files, reproducible, with a change log."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path

import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.publish import read_csv
from pipeline.publish.columns import columns
from pipeline.quality import model_metadata
from schemas import PUBLISHED_TABLES
from tests.build import build
from tests.conftest import REAL_PAGES, ROOT, SEED

ADDED_LISTING = REAL_PAGES / "listings" / "008.txt"  # an old-site listing of the Yudin–Mao conversations
FORMULA_TITLE = '=HYPERLINK("http://example.org","Discussion between Liu Shaoqi and Le Duan")'


def built(raw_files: list[Path], outputs: Path) -> Path:
    """Run the whole job on a raw folder holding `raw_files`, publishing into `outputs`."""
    raw = outputs.parent / f"raw-{outputs.name}"
    raw.mkdir(exist_ok=True)
    for path in raw_files:
        shutil.copy(path, raw / path.name)
    assert build(raw, outputs).success
    return outputs


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built([SEED], tmp_path_factory.mktemp("first") / "outputs")


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built([SEED], tmp_path_factory.mktemp("second") / "outputs")


def data_files(outputs: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(outputs.iterdir())
        if path.suffix in {".csv", ".parquet"}
    }


def rows(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if v is pd.NA or v is None else v) for k, v in r.items()} for r in frame.to_dict("records")]


def test_frictionless_validates_the_seed_release(first: Path) -> None:
    report = frictionless.validate(str(first / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])
    assert len(report.tasks) == 2 * len(PUBLISHED_TABLES)


def test_every_csv_reads_back_with_the_values_of_its_parquet(first: Path) -> None:
    for spec in PUBLISHED_TABLES:
        from_parquet = pq.read_table(first / f"{spec.name}.parquet").to_pylist()
        from_csv = rows(read_csv(first / f"{spec.name}.csv", spec.model))
        assert from_csv == from_parquet, spec.name
    documents = pq.read_table(first / "documents.parquet").to_pylist()
    assert len(documents) == 20 and documents[0]["summary"].endswith("Pham Hùng and Ly Ban regarding China's first testing of an Atomic Bomb.")


def test_parquet_carries_the_model_schema_and_descriptions(first: Path) -> None:
    for spec in PUBLISHED_TABLES:
        schema = pq.read_schema(first / f"{spec.name}.parquet")
        assert schema.names == [c.name for c in columns(spec.model)]
        for column in columns(spec.model):
            assert schema.field(column.name).metadata[b"description"].decode() == column.description
    assert str(pq.read_schema(first / "documents.parquet").field("date_start").type) == "date32[day]"


def test_two_runs_on_the_same_raw_folder_give_identical_data_files(first: Path, second: Path) -> None:
    assert data_files(first) == data_files(second)
    assert len(data_files(first)) == 2 * len(PUBLISHED_TABLES)
    package_one, package_two = (json.loads((o / "datapackage.json").read_text()) for o in (first, second))
    package_one.pop("created"), package_two.pop("created")
    assert package_one == package_two


def test_the_committed_data_dictionary_is_what_the_seed_build_writes(first: Path) -> None:
    committed = (ROOT / "outputs" / "README.md").read_text(encoding="utf-8")
    assert (first / "README.md").read_text(encoding="utf-8") == committed, (
        "outputs/README.md is stale: run `make run` and commit outputs/README.md"
    )
    for spec in PUBLISHED_TABLES:
        assert f"## `{spec.name}`" in committed
        for column in columns(spec.model):
            assert f"| `{column.name}` |" in committed


def test_the_data_package_is_generated_from_the_models_and_the_raw_files(first: Path) -> None:
    package = json.loads((first / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for spec in PUBLISHED_TABLES:
        for name in (spec.name, f"{spec.name}-parquet"):
            schema = resources[name]["schema"]
            assert [f["name"] for f in schema["fields"]] == [c.name for c in columns(spec.model)]
            assert all(f["description"] for f in schema["fields"])
            assert schema.get("primaryKey") == model_metadata(spec.model).get("primary_key")
    documents = {f["name"]: f for f in resources["documents"]["schema"]["fields"]}
    assert documents["date_start"]["type"] == "date"
    assert documents["listing_count"]["constraints"] == {"required": True, "minimum": 1}
    assert resources["document_listings"]["schema"]["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["document_id"]}
    assert resources["documents"]["hash"] == "sha256:" + data_files(first)["documents.csv"]

    seed = next(s for s in package["sources"] if s.get("title") == SEED.name)
    assert seed["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert package["pipeline"]["version"] == pipeline.__version__
    assert datetime.fromisoformat(package["created"].replace("Z", "+00:00")).tzinfo is not None
    assert "No open license" in package["licenses"][0]["title"]


def test_a_formula_like_title_is_neutralized_in_csv_and_exact_in_parquet(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    title_line = "    Discussion between Liu Shaoqi and Le Duan\n"
    assert title_line in text
    raw = tmp_path / SEED.name
    raw.write_text(text.replace(title_line, f"    {FORMULA_TITLE}\n"), encoding="utf-8")
    outputs = built([raw], tmp_path / "outputs")

    titles = pq.read_table(outputs / "documents.parquet").column("title").to_pylist()
    assert FORMULA_TITLE in titles
    with open(outputs / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        cells = [row["title"] for row in csv.DictReader(handle)]
    assert "'" + FORMULA_TITLE in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert cells.index("'" + FORMULA_TITLE) == titles.index(FORMULA_TITLE)


def test_adding_one_listing_file_gives_a_change_log_of_exactly_its_new_documents(first: Path, tmp_path: Path) -> None:
    outputs = Path(shutil.copytree(first, tmp_path / "outputs", symlinks=True))
    before = {row["document_id"] for row in pq.read_table(outputs / "documents.parquet").to_pylist()}
    built([SEED, ADDED_LISTING], outputs)

    listings = pq.read_table(outputs / "document_listings.parquet").to_pylist()
    new_ids = {row["document_id"] for row in listings if row["source_file"] == ADDED_LISTING.name} - before
    changes = pq.read_table(outputs / "changes.parquet").to_pylist()
    assert new_ids
    assert {row["document_id"] for row in changes} == new_ids
    assert {row["change"] for row in changes} == {"added"}
    titles = {row["document_id"]: row["title"] for row in pq.read_table(outputs / "documents.parquet").to_pylist()}
    assert all(row["title"] == titles[row["document_id"]] for row in changes)

    after_adding = data_files(outputs)
    built([SEED, ADDED_LISTING], outputs)
    assert pq.read_table(outputs / "changes.parquet").num_rows == 0
    unchanged = {name: digest for name, digest in data_files(outputs).items() if not name.startswith("changes.")}
    assert unchanged == {name: digest for name, digest in after_adding.items() if not name.startswith("changes.")}
