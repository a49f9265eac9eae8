"""Rows that break their model become rejects with a readable reason; good rows flow on."""

from datetime import date

from pipeline.frames import typed_frame
from pipeline.validation import split_valid
from schemas import DocumentsModel

GOOD = {
    "document_id": "h:good",
    "document_url": None,
    "date_text": "May 11, 1970",
    "date_start": date(1970, 5, 11),
    "date_end": date(1970, 5, 11),
    "date_precision": "day",
    "date_approximate": False,
    "date_edtf": "1970-05-11",
    "title": "Discussion between Mao Zedong and Le Duan",
    "summary": None,
    "listing_count": 1,
    "doc_type": "discussion",
}


def test_failing_rows_are_rejected_with_the_check_named_once() -> None:
    reversed_dates = dict(GOOD, document_id="h:reversed", date_start=date(1970, 5, 12))
    bad_precision = dict(GOOD, document_id="h:bogus", date_precision="fortnight")
    frame = typed_frame([GOOD, reversed_dates, bad_precision], DocumentsModel)

    good, rejects = split_valid(frame, DocumentsModel)

    assert list(good["document_id"]) == ["h:good"]
    by_id = {r["document_id"]: r for r in rejects}
    assert set(by_id) == {"h:reversed", "h:bogus"}
    assert by_id["h:reversed"]["stage"] == "validate"
    assert by_id["h:reversed"]["reason"].count("date_start_not_after_end") == 1
    assert "document_id fails" not in by_id["h:reversed"]["reason"]
    assert "date_precision fails isin" in by_id["h:bogus"]["reason"]
    assert "'fortnight'" in by_id["h:bogus"]["reason"]
