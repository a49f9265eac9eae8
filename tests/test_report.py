"""The release report: the numbers behind the pictures, the files, and the asset that shows them in the UI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.documents import build_documents
from pipeline.frames import typed_frame
from pipeline.listings import parse_files
from pipeline.report import cooccurrence, documents_per_year, top_people, write_report
from pipeline.sources import discover
from schemas import DocumentsModel
from tests.build import build

PNG = b"\x89PNG\r\n\x1a\n"

# Seed documents per year, counted by hand from tests/test_build_seed.py's SEED_DOCUMENTS.
SEED_YEARS = {1964: 1, 1965: 2, 1966: 3, 1967: 0, 1968: 0, 1969: 0, 1970: 1, 1971: 3, 1972: 0, 1973: 3, 1974: 2, 1975: 5}

# A document_people table shaped like the names contract: Le Duan in every letter, his correspondents in some.
LINKS = pd.DataFrame(
    [
        ("d1", "le-duan", "author"),
        ("d1", "le-duc-tho", "recipient"),
        ("d1", "pham-hung", "recipient"),
        ("d2", "le-duan", "author"),
        ("d2", "pham-hung", "recipient"),
        ("d2", "pham-hung", "mentioned"),
        ("d3", "le-duan", "participant"),
        ("d3", "zhou-enlai", "participant"),
        ("d4", "zhou-enlai", "participant"),
    ],
    columns=["document_id", "person_id", "role"],
)
NAMES = {"le-duan": "Le Duan", "le-duc-tho": "Le Duc Tho", "pham-hung": "Pham Hung", "zhou-enlai": "Zhou Enlai"}


def seed_documents(seed_raw: Path) -> pd.DataFrame:
    return build_documents(parse_files(discover(seed_raw)).records).documents


def test_seed_documents_per_year(seed_raw: Path) -> None:
    per_year, left_out = documents_per_year(seed_documents(seed_raw))
    assert per_year.to_dict() == SEED_YEARS
    assert left_out == 0


def test_undated_and_multi_year_documents_are_counted_not_placed() -> None:
    rows = [
        {"document_id": "a", "date_start": date(1965, 1, 1), "date_end": date(1965, 12, 31), "date_precision": "year", "title": "t", "listing_count": 1},
        {"document_id": "b", "date_start": date(1965, 1, 1), "date_end": date(1966, 12, 31), "date_precision": "unknown", "title": "t", "listing_count": 1},
        {"document_id": "c", "date_precision": "unknown", "title": "t", "listing_count": 1},
        {"document_id": "d", "date_start": date(1968, 3, 1), "date_end": date(1968, 3, 1), "date_precision": "day", "title": "t", "listing_count": 1},
    ]
    per_year, left_out = documents_per_year(typed_frame(rows, DocumentsModel))
    assert per_year.to_dict() == {1965: 1, 1966: 0, 1967: 0, 1968: 1}
    assert left_out == 2


@settings(max_examples=50)
@given(st.lists(st.one_of(st.none(), st.tuples(st.dates(date(1900, 1, 1), date(2000, 1, 1)), st.integers(0, 800))), max_size=30))
def test_every_document_is_placed_once_or_counted_as_left_out(spans: list[tuple[date, int] | None]) -> None:
    rows = []
    for i, span in enumerate(spans):
        start, end = (span[0], span[0] + pd.Timedelta(days=span[1]).to_pytimedelta()) if span else (None, None)
        rows.append({"document_id": str(i), "date_start": start, "date_end": end, "date_precision": "unknown", "title": "t", "listing_count": 1})
    per_year, left_out = documents_per_year(typed_frame(rows, DocumentsModel))
    assert int(per_year.sum()) + left_out == len(spans)
    if len(per_year):
        assert list(per_year.index) == list(range(per_year.index.min(), per_year.index.max() + 1))
        assert per_year.iloc[0] > 0 and per_year.iloc[-1] > 0


def test_top_people_count_distinct_documents_and_break_ties_by_name() -> None:
    top = top_people(LINKS, NAMES, limit=3)
    assert top.to_dict("records") == [
        {"person_id": "le-duan", "name": "Le Duan", "documents": 3},
        {"person_id": "pham-hung", "name": "Pham Hung", "documents": 2},
        {"person_id": "zhou-enlai", "name": "Zhou Enlai", "documents": 2},
    ]
    assert top_people(LINKS, {}, limit=1)["name"].tolist() == ["le-duan"]


def test_cooccurrence_weights_are_shared_documents() -> None:
    graph = cooccurrence(LINKS, ["le-duan", "pham-hung", "zhou-enlai", "le-duc-tho"])
    assert graph.nodes["le-duan"]["documents"] == 3
    assert graph.edges["le-duan", "pham-hung"]["weight"] == 2
    assert graph.edges["le-duan", "zhou-enlai"]["weight"] == 1
    assert graph.edges["pham-hung", "le-duc-tho"]["weight"] == 1
    assert not graph.has_edge("zhou-enlai", "pham-hung")
    assert not graph.has_edge("le-duan", "le-duan")


people_ids = st.sampled_from(["a", "b", "c", "d"])


@given(st.lists(st.tuples(st.sampled_from(["d1", "d2", "d3"]), people_ids), max_size=20))
def test_cooccurrence_edge_iff_two_people_share_a_document(pairs: list[tuple[str, str]]) -> None:
    links = pd.DataFrame(pairs, columns=["document_id", "person_id"])
    graph = cooccurrence(links, ["a", "b", "c", "d"])
    for a, b in [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]:
        shared = {d for d, p in pairs if p == a} & {d for d, p in pairs if p == b}
        assert (graph.edges[a, b]["weight"] if graph.has_edge(a, b) else 0) == len(shared)


def test_report_files_with_people(seed_raw: Path, tmp_path: Path) -> None:
    folder = tmp_path / "report"
    report = write_report(seed_documents(seed_raw), folder, LINKS, NAMES)
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "network.png", "people.png", "timeline.png"]
    for name in ("timeline", "people", "network"):
        assert (folder / f"{name}.png").read_bytes().startswith(PNG)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'src="{name}.png"' in page for name in ("timeline", "people", "network"))
    assert "<td>Le Duan</td>" in page and "<td>1975</td>" in page
    assert report.image("network") == folder / "network.png"


def test_report_is_deterministic_and_replaces_the_previous_one(seed_raw: Path, tmp_path: Path) -> None:
    documents = seed_documents(seed_raw)
    first, second = tmp_path / "first", tmp_path / "second"
    write_report(documents, first, LINKS, NAMES)
    write_report(documents, second, LINKS, NAMES)
    for name in ("timeline.png", "people.png", "network.png", "index.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    write_report(documents.head(3), first, LINKS, NAMES)
    assert (first / "timeline.png").read_bytes() != (second / "timeline.png").read_bytes()
    assert not [p for p in first.iterdir() if p.name.startswith(".staging")]


def test_report_without_people_holds_the_timeline_alone(seed_raw: Path, tmp_path: Path) -> None:
    report = write_report(seed_documents(seed_raw), tmp_path / "report")
    assert [p.name for p in report.files] == ["timeline.png", "index.html"]
    assert report.top.empty


def test_report_asset_writes_beside_the_release_and_shows_the_pictures(seed_raw: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    result = build(seed_raw, outputs)
    assert result.success
    assert (outputs / "report" / "timeline.png").read_bytes().startswith(PNG)
    assert (outputs / "report" / "index.html").exists()
    metadata = next(
        e.materialization.metadata for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == "report"
    )
    assert metadata["pictures"].value.startswith("![timeline](data:image/png;base64,iVBORw0KGgo")
    assert "![people](data:image/png;base64," in metadata["pictures"].value
    assert "![network](data:image/png;base64," in metadata["pictures"].value
    assert metadata["documents_placed_in_a_year"].value == 20
    assert sorted(p.name for p in (outputs / "report").iterdir()) == ["index.html", "network.png", "people.png", "timeline.png"]
    # Le Duan is in every seed document: the most-linked person, in the UI and on the page.
    assert metadata["most_linked_people"].value.splitlines()[2].split("|")[2].strip() == "Le Duan"
    assert "<td>Le Duan</td>" in (outputs / "report" / "index.html").read_text(encoding="utf-8")
