"""Every real listing page parses to the items a person reading it would list.

Most real pages were captured as their first 2,000 bytes, so the last item is
cut. The decision, tested here: a cut item is never kept (its title or summary
would be a fragment); it becomes a parse reject carrying the text that is
there, and the page is marked truncated. A file that ends with a line break
is taken as ending where the capture ended, so an item whose title is its last
line is kept without a summary (012.txt).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.parsing import Page, UnknownFormat, parse_text
from pipeline.parsing.model import CUT_ITEM
from pipeline.sources import decode
from tests.conftest import SEED


# file → (format, items kept, items cut at the end), read by eye from each page.
EXPECTED_COUNTS = {
    "001.txt": ("new_text", 5, 1),
    "002.txt": ("new_text", 7, 1),
    "003.txt": ("new_text", 5, 0),
    "006.txt": ("new_text", 6, 1),
    "008.txt": ("old_text", 4, 1),
    "012.txt": ("old_text", 5, 0),
    "018.txt": ("new_text", 5, 1),
    "021.txt": ("new_text", 3, 1),
    "024.txt": ("new_text", 4, 1),
    "026.txt": ("old_text", 5, 1),
    "030.txt": ("old_text_dashed", 4, 1),
    "032.txt": ("old_text", 4, 1),
    "036.txt": ("old_text_dashed", 0, 0),
    "037.txt": ("new_text", 7, 1),
    "040.txt": ("new_text", 7, 1),
    "044.txt": ("old_text", 4, 1),
    "050.txt": ("new_text", 6, 1),
    "052.txt": ("new_text", 9, 1),
    "057.txt": ("old_text", 6, 1),
    "058.txt": ("new_text", 4, 0),
    "065.txt": ("new_text", 6, 1),
    "067.txt": ("new_text", 3, 1),
    "070.txt": ("new_text", 6, 1),
    "071.txt": ("old_text", 6, 1),
    "077.txt": ("new_text", 5, 0),
    "079.txt": ("new_text", 5, 0),
}


def parse_real(real_pages: Path, name: str) -> Page:
    return parse_text(decode((real_pages / "listings" / name).read_bytes()).text)


def rows(page: Page) -> list[tuple[str | None, str, str | None]]:
    return [(item.date_text, item.title, item.summary) for item in page.items]


def test_every_real_listing_has_an_expected_count(real_pages: Path) -> None:
    assert sorted(p.name for p in (real_pages / "listings").glob("*.txt")) == sorted(EXPECTED_COUNTS)


@pytest.mark.parametrize("name", sorted(EXPECTED_COUNTS))
def test_real_listing_gives_its_items_and_only_its_cut_item_as_a_problem(real_pages: Path, name: str) -> None:
    fmt, kept, cut = EXPECTED_COUNTS[name]
    page = parse_real(real_pages, name)
    assert page.format == fmt
    assert len(page.items) == kept
    assert [p.reason for p in page.problems] == [CUT_ITEM] * cut
    assert page.truncated == bool(cut)
    assert [item.position for item in page.items] == list(range(1, kept + 1))
    assert all(item.title and item.title == item.title.strip() for item in page.items)


def test_seed_gives_its_20_items() -> None:
    page = parse_text(decode(SEED.read_bytes()).text)
    assert (page.format, len(page.items), page.problems, page.truncated) == ("old_text", 20, [], False)
    assert page.items[7].date_text == "1971"
    assert page.items[-1].title == "Minutes of Conversation between Deng Xiaoping and Le Duan"


def test_complete_new_site_page_item_by_item(real_pages: Path) -> None:
    page = parse_real(real_pages, "003.txt")
    assert (page.range_first, page.range_last, page.range_total) == (1, 5, 5)
    assert rows(page) == [
        (
            "May 13, 1950",
            "Ciphered Telegram, Roshchin to Cde. Filippov [Stalin]",
            "The telegram relays a request from Mao, conveyed via Chinese Foreign Minister Zhou Enlai, seeking "
            "Stalin’s “personal clarifications” of his stand on a potential North Korean action to reunify the "
            "country. Mao sought the information after hearing a report from Kim, who had arrived that day in the "
            "Chinese capital for a secret two-day visit and clearly claimed that he had received Stalin’s blessing.",
        ),
        (
            "May 14, 1950",
            "Ciphered Telegram No. 8600, Vyshinsky to Mao Zedong",
            "The cable contains Stalin’s personal response to Mao's 13 May telegram. Using the code-name "
            "“Filippov,” Stalin confirms his agreement with the North Korean proposal to “move toward "
            "reunification,” contingent on Beijing’s agreement.",
        ),
        (
            "October 26, 1949",
            "Draft Reply to Mao Zedong's Telegram from Stalin via Molotov",
            "Stalin agrees with Mao Zedong that North Korea is not yet ready to launch an assault, and reports that "
            "the Soviet Union has told North Korea to concentrate on developing liberated areas and guerrillas in "
            "South Korea.",
        ),
        (
            "January 31, 1950",
            "Ciphered Telegram, Shtykov to Comrade Stalin",
            "As a response to Stalin's willingness to talk to Kim Il Sung on the issue of offensive attack to South "
            "Korea and on Stalin's request of lead, Kim Il Sung, according to Shtykov, responded that he would like "
            "to set up a meeting with him, and that he would take necessary measures for the lead to be delivered "
            "to the Soviet Union.",
        ),
        (
            "May 26, 1949",
            "Cable, Stalin to Mao Zedong [via Kovalev]",
            "Stalin gives to Mao (via Kovalev) his, Stalin's, stance on the economic situation in China, and how the "
            "Chinese are handling it (the creation of an administrative economic center in China). Stalin also "
            "discusses Sino-Soviet relations, and the state of the PLA and how best to use PLA forces.",
        ),
    ]


def test_item_without_date_is_kept_with_a_null_date(real_pages: Path) -> None:
    page = parse_real(real_pages, "065.txt")
    assert (page.range_first, page.range_last, page.range_total) == (11, 20, 61)
    assert [(d, t) for d, t, _ in rows(page)] == [
        ("February 28, 1977", "Telegram from the American Embassy in Seoul to the Secretary of State, 'Approach to Pakistanis on US-North Korean Contacts'"),
        ("November 2, 1970", "Kim Il Sung, 'Report on the Work of the Central Committee to the Fifth Congress of the Workers’ Party of Korea'"),
        ("August 29, 1946", "Kim Il Sung, 'For the Establishment of a United Party of the Working Masses: Report to the Inaugural Congress of the Workers' Party of North Korea'"),
        (None, "Korea Must Be Reunified: A Call for Friendship between the Peoples of the United States and the Democratic Peoples Republic of Korea"),
        ("July 27, 1953", "Notes on Visit of General Clark with President Rhee (8:30-8:55, 27 July 1953)"),
        ("October 1, 1960", "Journal of Soviet Ambassador to the DPRK A.M. Puzanov for 1 October 1960"),
    ]
    undated = page.items[3]
    assert undated.line == 26
    assert undated.summary == (
        "Kim Il Sung praises the work of AKFIC for giving “wide publicity to our people’s struggle [in the "
        "United States]…exposing the fascist dictatorship of South Korean reactionaries…as well as U.S. "
        "aggression in Korea.”"
    )
    # The item before it keeps its own one-paragraph summary.
    assert page.items[2].summary == "Kim Il Sung's speech at the 1st Congress of the Korean Workers' Party."


@pytest.mark.parametrize(
    ("name", "position", "title"),
    [
        ("018.txt", 1, "Memorandum of Conversation between Richard Nixon and Zhou Enlai"),
        ("050.txt", 4, "Minutes of Conversation: Todor Zhivkov – Konstantin Ustinovich Chernenko, Moscow"),
        ("052.txt", 3, "Telegram, Mao Zedong to Liu Shaoqi, 18 December 1949"),
        ("057.txt", 5, "Regarding the Approval of Requests from the Relatives of High-Ranking Korean Nationality Chinese Cadres to Go to Korea"),
        ("012.txt", 5, "Summary Memorandum, US-ROK Mutual Defense Treaty (August 6)"),
    ],
)
def test_items_without_summary_are_kept_and_do_not_swallow_the_next_date(
    real_pages: Path, name: str, position: int, title: str
) -> None:
    page = parse_real(real_pages, name)
    item = page.items[position - 1]
    assert (item.title, item.summary) == (title, None)
    if position < len(page.items):
        assert page.items[position].date_text is not None


def test_dates_and_titles_of_sample_pages(real_pages: Path) -> None:
    assert [(d, t) for d, t, _ in rows(parse_real(real_pages, "018.txt"))] == [
        ("February 22, 1972", "Memorandum of Conversation between Richard Nixon and Zhou Enlai"),
        ("May 13, 1975", "Record of Conversation between French President Giscard d'Estaing and Vice Premier of the People's Republic Deng Xiaoping: First Meeting"),
        ("April 4, 1954", "Draft Memorandum, 'A Comprehensive Solution for Restoring Peace in Indochina,' Prepared by the Vietnam Group of the Chinese Delegation Attending the Geneva Conference"),
        ("May 9, 1954", "Cable from Zhou Enlai, 'Regarding the Situation of the First Plenary Session'"),
        ("July 19, 1954", "From the Journal of Molotov: Secret Memorandum of Conversation with Eden at his Villa in Geneva, 10:00 p.m."),
    ]
    assert [(d, t) for d, t, _ in rows(parse_real(real_pages, "030.txt"))] == [
        ("October 28, 1956", "Telegram from the Budapest KGB Station concerning the latest developments in the city following the popular uprising"),
        ("October 28, 1956", "Working Notes from the Session of the CPSU CC Presidium on 28 October 1956"),
        ("October 29, 1956", "KGB Chief Serov, Report"),
        ("October 30, 1956", "Other Hungarian-Language Radios"),
    ]
    assert [(d, t) for d, t, _ in rows(parse_real(real_pages, "079.txt"))] == [
        ("September 26, 1950", "Ciphered Telegram from Matveyev (Zakharov) to Feng Xi (Stalin)"),
        ("September 29, 1950", "Ciphered Telegram from DPRK leader Kim Il Sung and South Korean Communist Leader Pak Heon-yeong to Stalin (via Shtykov)"),
        ("September 27, 1950", "Telegram from Matveyev (Razuvayev V.N.) to Stalin"),
        ("January 2, 1951", "J. Burgin's Report on a Trip to North Korea"),
        ("May 12, 1951", "Letter, Lieutenant General John B. Coulter to Syngman Rhee"),
    ]
    assert [(d, t) for d, t, _ in rows(parse_real(real_pages, "071.txt"))][2:4] == [
        ("1948", "Soviet Telegram, Regarding Operation Plan from the Chief of Staff of the Chinese People’s Liberation Army, Zhu De"),
        ("1948", "Appeal to the Peoples of Xinjiang"),
    ]


def test_dashed_variant_reads_date_title_summary_lines(real_pages: Path) -> None:
    item = parse_real(real_pages, "030.txt").items[3]
    assert item.line == 15
    assert item.summary == (
        "Radio Free Russia, the voice of the Russian émigré organization NTS, begins Hungarian-language broadcasts "
        "and reports the readiness of the “Association of Former Hungarian Servicemen” to assist the Hungarian "
        "insurgents. [Radio Madrid in Hungarian broadcasts similar messages.]"
    )


def test_summary_that_opens_with_a_date_stays_a_summary(real_pages: Path) -> None:
    page = parse_real(real_pages, "021.txt")
    item = page.items[2]
    assert (item.date_text, item.title) == (
        "January 26, 1968",
        "Fragments of the Intervention of Commander-in-Chief Fidel Castro at the Plenary Session of the Central Committee of the Communist Party",
    )
    assert item.summary.startswith("January 25-26, 1968. F. Castro speaks of relations with the US and Kennedy")


@pytest.mark.parametrize(
    ("name", "position", "title"),
    [
        ("001.txt", 2, "Mongolian Record of Conversation with Soviet Officials in Moscow, February 1979"),
        ("008.txt", 1, "From the Journal of Ambassador P. F. Yudin, Record of Conversation with Mao Zedong, 31 March 1956"),
        ("024.txt", 2, "From the Discussion with Comrade Fidel Castro on November 14, 1968, on the Outskirts of Havana"),
        ("044.txt", 3, "Telegram from Pyongyang to Bucharest, SECRET, No. 061.005, Urgent"),
    ],
)
def test_titles_containing_dates_stay_titles(real_pages: Path, name: str, position: int, title: str) -> None:
    item = parse_real(real_pages, name).items[position - 1]
    assert item.title == title and item.summary


def test_hard_line_break_inside_a_summary_folds_into_one_paragraph(real_pages: Path) -> None:
    item = parse_real(real_pages, "058.txt").items[2]
    assert "outlining a series of steps for Soviet ambassadors to follow which would foster skepticism" in item.summary
    assert "\n" not in item.summary


@pytest.mark.parametrize(
    ("name", "line", "raw"),
    [
        ("021.txt", 27, "December 2, 1962\nLetter from Amb"),
        ("037.txt", 51, "April 28, 1954\nT"),
        ("001.txt", 37, "February 3, 1952\nCiphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong\nTelegram to Mao from Stalin approving of Mao's progress at the armistice talks and reminding him to ha"),
    ],
)
def test_item_cut_by_the_capture_is_a_problem_with_the_text_that_is_there(
    real_pages: Path, name: str, line: int, raw: str
) -> None:
    page = parse_real(real_pages, name)
    (problem,) = page.problems
    assert (problem.line, problem.reason, problem.raw_text) == (line, CUT_ITEM, raw)
    assert all(item.line < line for item in page.items)


def test_page_chrome_and_captions_never_become_items(real_pages: Path) -> None:
    chrome = {"Skip to content", "Results:", "Documents", "Popular Documents", "Search in", "SEARCH RESULTS",
              "ADD SEARCH FILTER CANCEL SEARCH FILTER", "No image found.", "Conversations with Kim Il Sung",
              "Cuba's National Capitol Building, January 2010.", "Digital Archive International History Declassified"}
    for name in EXPECTED_COUNTS:
        for item in parse_real(real_pages, name).items:
            assert item.title not in chrome and item.summary not in chrome, (name, item)
    collection_page = parse_real(real_pages, "032.txt")
    assert collection_page.items[0].title == "Conversation between Lee Hu-rak and Kim Il Sung"
    assert collection_page.items[0].line == 11


def test_search_that_returned_collections_yields_no_documents(real_pages: Path) -> None:
    page = parse_real(real_pages, "036.txt")
    assert (page.items, page.problems, page.collections) == ([], [], 2)


def test_trailing_non_breaking_space_is_not_part_of_the_summary(real_pages: Path) -> None:
    item = parse_real(real_pages, "067.txt").items[2]
    assert item.summary == "Shimon Stein is a former Israeli diplomat. He served as a member of the Israeli delegation to ACRS."


@pytest.mark.parametrize("name", ["documents/001.txt", "documents/002.txt", "documents/003.txt", "documents/005.txt", "documents/015.txt", "other/001.txt"])
def test_document_pages_and_a_people_page_without_titles_are_unknown_formats(real_pages: Path, name: str) -> None:
    """A document page also opens with `Skip to content` or `Search in`; it must be reported, not mined for items."""
    with pytest.raises(UnknownFormat):
        parse_text(decode((real_pages / name).read_bytes()).text)


def test_new_site_search_page_kept_under_other_parses_too(real_pages: Path) -> None:
    page = parse_text(decode((real_pages / "other" / "002.txt").read_bytes()).text)
    assert (page.format, page.range_first, page.range_last, page.range_total) == ("new_text", 221, 230, 299)
    assert page.items[1].title == "Zhou Enlai Talking to Ho Chi Minh"
