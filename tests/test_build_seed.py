"""The whole graph on the seed listing: the published tables, row by row."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq

from pipeline.cli import main
from tests.build import build

# (date_text, date_start, date_end, precision, title) for the 20 seed documents, in published order.
SEED_DOCUMENTS = [
    ("October 20, 1964", "1964-10-20", "1964-10-20", "day", "Cable from the Chinese Embassy in Vietnam, 'Reactions to China's Testing of an Atomic Bomb (6)'"),
    ("April 08, 1965", "1965-04-08", "1965-04-08", "day", "Discussion between Liu Shaoqi and Le Duan"),
    ("December 01, 1965", "1965-12-01", "1965-12-01", "day", "Speech Given by Party First Secretary Le Duan to the 12th Plenum of the Party Central Committee"),
    ("March 23, 1966", "1966-03-23", "1966-03-23", "day", "Discussion between Zhou Enlai and Le Duan"),
    ("April 13, 1966", "1966-04-13", "1966-04-13", "day", "Discussion between Zhou Enlai, Deng Xioaping, Kang Sheng, Le Duan and Nguyen Duy Trinh"),
    ("November 10, 1966", "1966-11-10", "1966-11-10", "day", "Note of Comrade Bergold, East German Ambassador, with the Polish Ambassador in North Vietnam, Comrade Siedliecky"),
    ("May 11, 1970", "1970-05-11", "1970-05-11", "day", "Discussion between Mao Zedong and Le Duan"),
    ("1971", "1971-01-01", "1971-12-31", "year", "Discussion between Zhou Enlai and Le Duan"),
    ("March 07, 1971", "1971-03-07", "1971-03-07", "day", "Discussion between Zhou Enlai, Le Duan, and Pham Van Dong"),
    ("July 13, 1971", "1971-07-13", "1971-07-13", "day", "Discussion between Zhou Enlai and Le Duan"),
    ("June 05, 1973", "1973-06-05", "1973-06-05", "day", "Discussion between Zhou Enlai, Le Duan, Pham Van Dong and Le Thanh Nghi"),
    ("June 06, 1973", "1973-06-06", "1973-06-06", "day", "Discussion between Zhou Enlai, Le Duan, Pham Van Dong and Le Thanh Nghi"),
    ("September 18, 1973", "1973-09-18", "1973-09-18", "day", "Politburo Sends Letter to COSVN, Region 5, Tri-Thien, Saigon, Hue, and Danang"),
    ("May 04, 1974", "1974-05-04", "1974-05-04", "day", "Letter from Le Duan to Military Region 6"),
    ("September 10, 1974", "1974-09-10", "1974-09-10", "day", "Comrade Le Duan’s Comments After Listening to Comrade Vo Quang Ho’s Briefing on the Draft Plan (Notes Taken by Comrade Ho)"),
    ("March 24, 1975", "1975-03-24", "1975-03-24", "day", "Comrade Le Duan’s Comments in a Politburo Meeting Held 24 March 1975, after our Victory at Ban Me Thuot (Notes taken by Comrade Vo Quang Ho)"),
    ("March 31, 1975", "1975-03-31", "1975-03-31", "day", "Letter from Le Duan to Cuong [Pham Hung], Sau [Le Duc Tho] and Tuan [General Van Tien Dung]"),
    ("April 09, 1975", "1975-04-09", "1975-04-09", "day", "Cable from Le Duan to Tuan [Van Tien Dung], Sau [Le Duc Tho], Bay Cuong [Pham Hung], and Tu Nguyen [Tran Van Tra]"),
    ("April 14, 1975", "1975-04-14", "1975-04-14", "day", "Cable from Le Duan to Tam Thanh [Hoang Van Thai], Bay Cuong [Pham Hung], and Tuan [Van Tien Dung]"),
    ("September 29, 1975", "1975-09-29", "1975-09-29", "day", "Minutes of Conversation between Deng Xiaoping and Le Duan"),
]


def test_seed_publishes_its_20_documents_row_by_row(seed_raw: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    assert build(seed_raw, outputs).success

    documents = pq.read_table(outputs / "documents.parquet").to_pandas()
    got = [
        (r.date_text, r.date_start.isoformat(), r.date_end.isoformat(), r.date_precision, r.title)
        for r in documents.itertuples()
    ]
    assert got == SEED_DOCUMENTS
    assert documents["document_id"].is_unique
    assert documents["summary"].notna().all()
    first = documents.iloc[0]
    assert first["summary"] == (
        "Cable from the Chinese Embassy in Vietnam entails positive responses of Le Duan, "
        "Pham Hùng and Ly Ban regarding China's first testing of an Atomic Bomb."
    )
    year_only = documents[documents["date_text"] == "1971"].iloc[0]
    assert (year_only["date_start"], year_only["date_end"], year_only["date_edtf"]) == (
        date(1971, 1, 1),
        date(1971, 12, 31),
        "1971",
    )

    csv = pd.read_csv(outputs / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(csv["date_start"]) == [row[1] for row in SEED_DOCUMENTS]
    assert list(csv["title"]) == [row[4] for row in SEED_DOCUMENTS]
    assert "Pham Hùng" in csv.loc[0, "summary"]


def test_listing_records_keep_page_order_and_provenance(seed_raw: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    assert build(seed_raw, outputs).success
    records = pq.read_table(outputs / "listing_records.parquet").to_pandas()
    assert list(records["position"]) == list(range(1, 21))
    assert set(records["source_file"]) == {"le-duan-contributor-488-page-1.txt"}
    assert records["sha256"].iloc[0] == hashlib.sha256((seed_raw / "le-duan-contributor-488-page-1.txt").read_bytes()).hexdigest()
    assert list(records["line"][:3]) == [6, 12, 18]
    assert records.loc[7, "date_text"] == "1971"
    assert records.loc[2, "title"].startswith("Speech Given by Party First Secretary Le Duan")


def test_two_runs_publish_identical_files(seed_raw: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(seed_raw, first).success
    assert build(seed_raw, second).success
    data_files = sorted(p.name for p in first.iterdir() if p.suffix in {".csv", ".parquet"})
    assert data_files
    for name in data_files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_empty_raw_folder_ends_with_a_clear_message(tmp_path: Path, monkeypatch, capsys) -> None:
    empty = tmp_path / "raw"
    empty.mkdir()
    monkeypatch.setenv("ARCHIVE_RAW_DIR", str(empty))
    monkeypatch.setenv("ARCHIVE_OUTPUTS_DIR", str(tmp_path / "outputs"))
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert f"No listing files (*.txt, *.html, *.htm) under {empty}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "outputs").exists()


def test_the_command_line_records_the_run_only_when_asked(seed_raw: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("ARCHIVE_RAW_DIR", str(seed_raw))
    monkeypatch.setenv("ARCHIVE_OUTPUTS_DIR", str(tmp_path / "outputs"))

    assert main(["run"]) == 0
    assert "recorded" not in capsys.readouterr().out
    assert not (home / "history").exists()

    assert main(["run", "--record"]) == 0
    assert "recorded in" in capsys.readouterr().out
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
        assert [(run.job_name, run.status) for run in runs] == [("build_datasets", dg.DagsterRunStatus.SUCCESS)]
        assert instance.get_latest_materialization_event(dg.AssetKey("documents")) is not None
    assert (tmp_path / "outputs" / "documents.parquet").exists()
