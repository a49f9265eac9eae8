"""Random items rendered in every format the archive has produced parse back to the same items."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.documents import document_id
from pipeline.listings import parse_files
from pipeline.parsing import parse_text
from pipeline.parsing.lines import is_date_line, parse_range
from pipeline.sources import discover
from pipeline.synthetic import FORMATS, SyntheticItem, render_page

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
# Whole lines the renderings use as chrome or separators; a title or paragraph that is exactly one of them
# would be ambiguous to a person too.
RESERVED = {"Skip to content", "Results:", "Documents", "Popular Documents", "Search in", "SEARCH RESULTS", "-",
            "No image found.", "ADD SEARCH FILTER CANCEL SEARCH FILTER", "Digital Archive International History Declassified"}

dates = st.one_of(
    st.none(),
    st.builds(lambda m, d, y: f"{m} {d}, {y}", st.sampled_from(MONTHS), st.integers(1, 28), st.integers(1900, 2020)),
    st.builds(lambda m, d, y: f"{m} {d:02d}, {y}", st.sampled_from(MONTHS), st.integers(1, 28), st.integers(1900, 2020)),
    st.builds(lambda m, y: f"{m} {y}", st.sampled_from(MONTHS), st.integers(1900, 2020)),
    st.builds(lambda m, y: f"{m}, {y}", st.sampled_from(MONTHS), st.integers(1900, 2020)),
    st.builds(str, st.integers(1900, 2020)),
)
words = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + list("éüçłțōơđ’“”–—…&<>'\"[](),.:;!?/-")),
    min_size=1,
    max_size=12,
)
lines = st.lists(words, min_size=1, max_size=14).map(" ".join).filter(
    lambda text: not is_date_line(text) and not parse_range(text) and text not in RESERVED and not text.startswith("SEARCH RESULTS")
)
summaries = st.one_of(st.none(), st.lists(lines, min_size=1, max_size=3).map("\n\n".join))
paths = st.one_of(
    st.none(),
    st.integers(100000, 299999).map(lambda n: f"/document/{n}"),
    st.from_regex(r"[a-z]{3,10}(-[a-z]{2,10}){1,5}", fullmatch=True).map(lambda slug: f"/document/{slug}"),
)
items = st.builds(SyntheticItem, date_text=dates, title=lines, summary=summaries, document_path=paths)
pages = st.lists(items, min_size=1, max_size=10)


def content(page_items: list[SyntheticItem]) -> list[tuple[str | None, str, str | None]]:
    return [(item.date_text, item.title, item.summary) for item in page_items]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_items=pages, page=st.integers(0, 30), fmt=st.sampled_from(FORMATS))
def test_every_format_round_trips(page_items: list[SyntheticItem], page: int, fmt: str) -> None:
    page = page + 1 if fmt.startswith("old") else page
    total = page * 10 + len(page_items)
    parsed = parse_text(render_page(fmt, page_items, page=page, total=total))
    assert parsed.format == fmt
    assert parsed.problems == []
    assert [(i.date_text, i.title, i.summary) for i in parsed.items] == content(page_items)
    assert [i.position for i in parsed.items] == list(range(1, len(page_items) + 1))


@settings(max_examples=60, deadline=None)
@given(page_items=pages)
def test_the_four_formats_agree_item_for_item(page_items: list[SyntheticItem]) -> None:
    parsed = {fmt: parse_text(render_page(fmt, page_items, page=1, total=40)) for fmt in FORMATS}
    rows = {fmt: [(i.date_text, i.title, i.summary) for i in page.items] for fmt, page in parsed.items()}
    assert rows["old_text"] == rows["new_text"] == rows["old_html"] == rows["new_html"] == content(page_items)
    ids = {fmt: [document_id(i.document_url, i.date_text, i.title, i.summary) for i in parsed[fmt].items] for fmt in ("old_html", "new_html")}
    assert ids["old_html"] == ids["new_html"]
    for item, rendered in zip(parsed["new_html"].items, page_items):
        assert (item.document_url is None) == (rendered.document_path is None)
        if rendered.document_path:
            assert item.document_url.endswith(rendered.document_path)


@settings(max_examples=40, deadline=None)
@given(count=st.integers(1, 10), page=st.integers(0, 40), extra=st.integers(0, 500))
def test_new_site_header_range_counts_pages_from_zero(count: int, page: int, extra: int) -> None:
    page_items = [SyntheticItem("May 1, 1950", f"Title {n}", None, None) for n in range(count)]
    total = page * 10 + count + (extra if count == 10 else 0)
    for fmt in ("new_text", "new_html"):
        parsed = parse_text(render_page(fmt, page_items, page=page, total=total))
        assert (parsed.range_first, parsed.range_last, parsed.range_total) == (page * 10 + 1, page * 10 + count, total)
        assert parsed.range_last - parsed.range_first + 1 == len(parsed.items)


def test_html_gives_the_page_number_as_the_site_counts_it() -> None:
    one = [SyntheticItem("May 1, 1950", "A title", None, "/document/117540")]
    assert parse_text(render_page("old_html", one, page=4, total=40)).page == 4
    assert parse_text(render_page("new_html", one, page=4, total=50)).page == 4
    url = "https://digitalarchive.wilsoncenter.org/search?f%5B0%5D=people%3A81716&page=7"
    parsed = parse_text(render_page("new_html", one, page=7, total=80, url=url))
    assert (parsed.source_url, parsed.page) == (url, 7)
    assert parsed.items[0].document_url == "https://digitalarchive.wilsoncenter.org/document/117540"


def test_same_content_in_four_files_gives_the_same_listing_rows(tmp_path: Path) -> None:
    page_items = [
        SyntheticItem("October 20, 1964", "Cable from the Chinese Embassy in Vietnam, 'Reactions to China's Testing of an Atomic Bomb (6)'", "Cable from the Chinese Embassy in Vietnam entails positive responses of Le Duan, Pham Hùng and Ly Ban regarding China's first testing of an Atomic Bomb.", "/document/117540"),
        SyntheticItem(None, "Korea Must Be Reunified: A Call for Friendship between the Peoples of the United States and the Democratic Peoples Republic of Korea", None, None),
        SyntheticItem("1971", "Discussion between Zhou Enlai and Le Duan", "Zhou Enlai agrees with Vietnam on the terms.\n\nJanuary 25-26, 1968. A second paragraph that opens with a date.", "/document/discussion-between-zhou-enlai-and-le-duan"),
    ]
    for fmt in FORMATS:
        suffix = "html" if fmt.endswith("html") else "txt"
        (tmp_path / f"{fmt}.{suffix}").write_text(render_page(fmt, page_items, page=1, total=3), encoding="utf-8")
    parsed = parse_files(discover(tmp_path))
    assert parsed.rejects.empty
    assert sorted(parsed.pages["format"]) == sorted(FORMATS)
    by_file = {name: group[["date_text", "title", "summary"]].values.tolist() for name, group in parsed.records.groupby("source_file")}
    expected = [[d, t, s] for d, t, s in content(page_items)]
    assert all(rows == expected for rows in by_file.values()), by_file


def dashed(page_items: list[SyntheticItem]) -> str:
    """The old site's compact text variant: `SEARCH RESULTS`, then `-` and one line per date, title, paragraph."""
    out = ["SEARCH RESULTS"]
    for item in page_items:
        out += ["-", *([item.date_text] if item.date_text else []), item.title, *(item.summary or "").split("\n\n")]
    return "\n".join(line for line in out if line) + "\n"


@settings(max_examples=60, deadline=None)
@given(page_items=pages)
def test_dashed_variant_round_trips_and_an_all_undated_page_is_collections(page_items: list[SyntheticItem]) -> None:
    parsed = parse_text(dashed(page_items))
    assert parsed.format == "old_text_dashed" and parsed.problems == []
    if any(item.date_text for item in page_items):
        assert [(i.date_text, i.title, i.summary) for i in parsed.items] == content(page_items)
    else:
        assert (parsed.items, parsed.collections) == ([], len(page_items))
