"""HTML listings of both generations, from hand-built fixtures that follow SOURCE.md's structure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.documents import build_documents
from pipeline.listings import parse_files
from pipeline.parsing import parse_text
from pipeline.sources import discover
from tests.build import build

FIXTURES = Path(__file__).parent / "fixtures"
ARCHIVE = "https://digitalarchive.wilsoncenter.org"
CABLE_70 = "Cable No. 70 from Brother Tho [Le Duc Tho] to Brother Tuan [Van Tien Dung]"
CABLE_70_SUMMARY = "Cable from Le Duc Tho to Van Tien Dung to update on the situation at the battlefield and discuss military tactics."
KHRUSHCHEV_MAO = "First Conversation between N.S. Khrushchev and Mao Zedong, Hall of Huaizhentan [Beijing]"
KHRUSHCHEV_MAO_SUMMARY = "Mao Zedong and N.S. Khrushchev discuss a joint navy, use of China’s coastline and advisers in both countries."


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_old_site_html_items_links_and_page() -> None:
    page = parse_text(fixture("old-site-search-results-page-2.html"))
    assert page.format == "old_html"
    assert page.source_url == f"{ARCHIVE}/search-results/2/%7B%22contributor%22%3A%22488%22%7D?recordType=Record"
    assert page.page == 2
    assert (page.range_first, page.range_total, page.problems, page.truncated) == (None, None, [], False)
    assert [(i.date_text, i.title, i.summary, i.document_url) for i in page.items] == [
        ("March 20, 1975", "Cable No. 62 from Le Duc Tho to Brother Tuan [Van Tien Dung]", None, f"{ARCHIVE}/document/175985"),
        ("March 23, 1975", CABLE_70, CABLE_70_SUMMARY, f"{ARCHIVE}/document/175990"),
        ("March 27, 1975", "Cable No. 83 from Brother Tho [Le Duc Tho] to Brother Tuan [Van Tien Dung]", None, f"{ARCHIVE}/document/176049"),
        (
            "July 31, 1958",
            KHRUSHCHEV_MAO,
            KHRUSHCHEV_MAO_SUMMARY + "\n\nJanuary 25-26, 1968. A second paragraph that opens with a date, as some summaries do.",
            f"{ARCHIVE}/document/112080?lang=en",
        ),
    ]
    assert [i.line for i in page.items] == [21, 27, 34, 41]


def test_new_site_html_items_range_links_and_page() -> None:
    page = parse_text(fixture("new-site-search-page-3.html"))
    assert page.format == "new_html"
    assert page.source_url == f"{ARCHIVE}/search?f%5B0%5D=people%3A81716&page=3"
    assert page.page == 3
    assert (page.range_first, page.range_last, page.range_total) == (31, 34, 34)
    assert [(i.date_text, i.title, i.summary, i.document_url) for i in page.items] == [
        ("March 22, 1970", "Discussion between Zhou Enlai and Prince Sihanouk", None, f"{ARCHIVE}/document/discussion-between-zhou-enlai-and-prince-sihanouk"),
        ("March 23, 1975", CABLE_70, CABLE_70_SUMMARY, f"{ARCHIVE}/document/175990"),
        (
            None,
            "Korea Must Be Reunified: A Call for Friendship between the Peoples of the United States and the Democratic Peoples Republic of Korea",
            "Kim Il Sung praises the work of AKFIC for giving “wide publicity to our people’s struggle [in the United States]…exposing the fascist dictatorship of South Korean reactionaries…as well as U.S. aggression in Korea.”",
            None,
        ),
        ("July 31, 1958", KHRUSHCHEV_MAO, KHRUSHCHEV_MAO_SUMMARY, f"{ARCHIVE}/document/112080"),
    ]


def test_new_site_page_number_falls_back_to_the_pager_without_a_canonical_link() -> None:
    html = fixture("new-site-search-page-3.html").replace('<link rel="canonical"', '<link rel="alternate"')
    page = parse_text(html)
    assert (page.source_url, page.page) == (None, 3)
    assert page.items[1].document_url == f"{ARCHIVE}/document/175990"


def test_html_cut_inside_an_item_keeps_the_whole_items_only() -> None:
    page = parse_text(fixture("new-site-search-page-3-cut.html"))
    assert page.truncated
    assert [i.title for i in page.items] == ["Discussion between Zhou Enlai and Prince Sihanouk"]
    (problem,) = page.problems
    assert problem.line == 34 and problem.raw_text == "March 23, 1975 Cable No. 70 from Br"


def test_two_paragraph_summaries_in_text() -> None:
    page = parse_text(fixture("two-paragraph-summary.txt"))
    assert [i.title[:40] for i in page.items] == [
        "From the Journal of Ambassador S.F. Anto",
        "Fragments of the Intervention of Command",
        "CPSU CC Directive to Soviet Ambassadors ",
    ]
    assert page.items[0].summary == (
        "October 1959 conversation between Mao Zedong and the Soviet diplomat and sinologist S.F. Antonov, in which "
        "Mao attempted to reassure the Soviets that China would not provoke war with the United States or with its "
        "Asian neighbors.\n\nIn his conversation with Antonov, Mao attempts to lessen the impact of China’s "
        "displeasure with Soviet policies. He tries hard to show his agreement with Moscow on every issue—the "
        "United States, Taiwan, India, Tibet, disarmament."
    )
    assert page.items[1].summary.split("\n\n")[1].startswith("January 25-26, 1968. F. Castro")


@pytest.mark.parametrize("name", ["old-site-search-results-page-2.html", "new-site-search-page-3.html"])
def test_html_is_recognised_whatever_its_extension_or_bom(name: str) -> None:
    assert parse_text("\ufeff" + fixture(name)).items


def test_same_document_on_two_pages_is_one_document_seen_twice(tmp_path: Path) -> None:
    for name in ("old-site-search-results-page-2.html", "new-site-search-page-3.html"):
        (tmp_path / name).write_text(fixture(name), encoding="utf-8")
    parsed = parse_files(discover(tmp_path))
    tables = build_documents(parsed.records)
    assert len(parsed.records) == 8
    assert len(tables.documents) == 6
    seen = tables.document_listings[tables.document_listings["document_id"] == "wcda:175990"]
    assert sorted(zip(seen["source_file"], seen["position"], seen["page"])) == [
        ("new-site-search-page-3.html", 2, 3),
        ("old-site-search-results-page-2.html", 2, 2),
    ]
    assert set(seen["source_url"]) == {
        f"{ARCHIVE}/search?f%5B0%5D=people%3A81716&page=3",
        f"{ARCHIVE}/search-results/2/%7B%22contributor%22%3A%22488%22%7D?recordType=Record",
    }


def test_a_saved_fragment_without_the_document_around_it_still_parses() -> None:
    html = fixture("old-site-search-results-page-2.html")
    fragment = html[html.index('<ul class="search-res">') : html.index("</ul>") + len("</ul>")]
    page = parse_text(fragment)
    assert page.format == "old_html" and page.source_url is None and page.page is None
    assert [i.document_url for i in page.items] == [
        f"{ARCHIVE}/document/175985",
        f"{ARCHIVE}/document/175990",
        f"{ARCHIVE}/document/176049",
        f"{ARCHIVE}/document/112080?lang=en",
    ]
    assert page.items[0].line == 2  # the `<li>` on the fragment's second line


UNUSUAL_DATES = ["January 25-26, 1968", "circa 1962", "[date illegible]"]


def test_a_date_element_keeps_its_text_verbatim_whatever_its_form() -> None:
    page = parse_text(fixture("new-site-unusual-dates.html"))
    assert [i.date_text for i in page.items] == UNUSUAL_DATES
    assert [i.summary for i in page.items] == [None, None, None]
    assert page.problems == []


def test_unusual_dates_become_documents_or_dated_rejects_through_the_build(tmp_path: Path) -> None:
    raw, outputs = tmp_path / "raw", tmp_path / "outputs"
    raw.mkdir()
    (raw / "unusual-dates.html").write_text(fixture("new-site-unusual-dates.html"), encoding="utf-8")
    assert build(raw, outputs).success
    records = pq.read_table(outputs / "listing_records.parquet").to_pandas()
    assert list(records["date_text"]) == UNUSUAL_DATES
    documents = pq.read_table(outputs / "documents.parquet").to_pandas()
    bounds = {r.date_text: (r.date_start, r.date_end, r.date_approximate) for r in documents.itertuples()}
    assert bounds == {
        "January 25-26, 1968": (date(1968, 1, 25), date(1968, 1, 26), False),
        "circa 1962": (date(1962, 1, 1), date(1962, 12, 31), True),
    }
    rejects = pq.read_table(outputs / "rejects.parquet").to_pandas()
    dated = rejects[rejects["stage"] == "dates"]
    assert list(zip(dated["source_file"], dated["line"], dated["raw_text"])) == [("unusual-dates.html", 25, "[date illegible]")]
