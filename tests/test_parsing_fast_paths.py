"""The parsing shortcuts agree with the general code they stand in for."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parsing.html import (
    ARCHIVE,
    _VISIBLE_TEXT,
    absolute,
    all_text_visible,
    canonical_url,
    has_class,
    header_range,
    lists_class,
    may_hold_range,
    text_of,
    tree_of,
    visible_strings,
    with_class,
)
from pipeline.parsing.blocks import fold_block
from pipeline.parsing.html_site import NEW_ITEMS, OLD_ITEMS, new_items, old_items
from pipeline.parsing.lines import fold_spaces, folds_like_split, lines_of, parse_range
from pipeline.parsing.urls import page_from_url

_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Every character either side treats as a space, and a few that are not.
SPACEY = st.text(
    alphabet=st.sampled_from(
        list(" \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000ab.")
    )
)
PATHS = st.text(alphabet=st.sampled_from(list("/ab1_-~.?=&%+#;:@, ’á\t\n\x00\x7f")), max_size=20).map(lambda s: "/" + s)
BASES = st.sampled_from(
    [None, ARCHIVE, "https://digitalarchive.wilsoncenter.org/search?page=2", "HTTP://Example.org:8080/a/b/c?q=1#f",
     "https://user@host/x", "ftp://host/dir/", "file:///tmp/page.html", "relative/page.html"]
)


@settings(max_examples=1000)
@given(SPACEY)
def test_fold_spaces_is_the_regex_fold(line: str) -> None:
    assert fold_spaces(line) == _SPACES.sub(" ", line).strip()


@settings(max_examples=2000)
@given(PATHS, BASES)
def test_absolute_is_urljoin(href: str, base: str | None) -> None:
    assert absolute(href, base) == urljoin(base or ARCHIVE, href)


@given(st.lists(st.sampled_from(["<p>", "</p>", "<b>x</b>", " y ", "<!-- c -->", "<script>s</script>", "<style>t</style>", "z"])))
def test_visible_strings_skip_scripts_styles_and_comments(parts: list[str]) -> None:
    body = tree_of("<html><body><div id='d'>" + "".join(parts) + "</div></body></html>").find(".//div[@id='d']")
    assert " ".join(visible_strings(body)).split() == " ".join(_VISIBLE_TEXT(body)).split()


@settings(max_examples=1000)
@given(st.lists(SPACEY.map(str.strip).filter(bool), min_size=1, max_size=4), st.booleans())
def test_fold_block_is_each_line_folded_then_joined(lines: list[str], bullet_only_first: bool) -> None:
    if bullet_only_first:
        lines = ["", *lines]  # a bullet line with nothing after the bullet
    assert fold_block(lines) == " ".join(fold_spaces(line) for line in lines).strip()


MARKUP = st.lists(
    st.sampled_from(["<p>", "</p>", "<b>x</b>", " y ", "<!-- c -->", "<i></i>", "&nbsp;", "z\u200b", "<br>", "\n"])
)


@given(MARKUP)
def test_text_of_known_visible_is_the_general_text_of(parts: list[str]) -> None:
    tree = tree_of("<html><body><div id='d'>" + "".join(parts) + "</div></body></html>")
    for element in tree.find(".//div[@id='d']").iter():
        if isinstance(element.tag, str):
            assert all_text_visible(element)
            assert text_of(element, all_visible=True) == text_of(element)


CLASS_VALUES = st.lists(st.sampled_from(["title", "itm-title", "title2", " ", "\t", "\u00a0", "x"]), max_size=5).map("".join)


@settings(max_examples=500)
@given(CLASS_VALUES)
def test_class_tests_agree_with_the_xpath_word_match(value: str) -> None:
    tree = tree_of(f"<html><body><span class='{value}'>t</span></body></html>")
    span = tree.find(".//span")
    word_match = bool(tree.xpath("//span[contains(concat(' ', normalize-space(@class), ' '), ' title ')]"))
    assert lists_class(span, "title") == word_match
    assert bool(tree.xpath(f"//span[{with_class('title')}]")) == word_match


@given(st.lists(st.sampled_from(["<p>", "</p>", "<b>1 - 2 of 3</b>", " 4 – 5 of 6 ", "<!-- 7 - 8 of 9 -->", "\u00a010 - 20 of 30",
                                 "of", "<i>x</i>", "<h2>Documents</h2>", "1 of 2"])))
def test_header_range_over_all_text_is_the_visible_text_reading(parts: list[str]) -> None:
    tree = tree_of("<html><body>" + "".join(parts) + "</body></html>")
    assert all_text_visible(tree)
    assert header_range(tree, all_visible=True) == header_range(tree)


def _first_range_of_all_strings(tree: object) -> tuple[int, int, int] | None:
    """header_range's reading without the precheck: every text node in order, the first that parses."""
    return next((found for string in tree.itertext() if (found := parse_range(string))), None)


RANGE_PARTS = st.sampled_from(
    ["<p>", "</p>", "1 - 2 of 3", " 4 – 5 of 6 ", "7-8 of 9", "10\u200b-\u200b20\u00a0of\u200030", "1 -2of 3", "of", "x of 1",
     "<!-- 7 - 8 of 9 -->", "<i>x</i>", "&ndash;", "1 &ndash; 9 of 40", "<b>5 -</b><b> 6 of 7</b>", "٣ - ٤ of ٥", "\n"]
)


@settings(max_examples=500)
@given(st.lists(RANGE_PARTS, max_size=60))
def test_header_range_precheck_never_hides_a_range(parts: list[str]) -> None:
    tree = tree_of("<html><body>" + "".join(f"<span>{p}</span>" if i % 3 else p for i, p in enumerate(parts)) + "</body></html>")
    assert header_range(tree, all_visible=True) == _first_range_of_all_strings(tree)
    assert may_hold_range(tree) or _first_range_of_all_strings(tree) is None


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["<link rel='canonical' href='/a'>", "<link rel='Canonical' href='/b'>", "<link rel=' canonical\tx' href='/c'>",
                                 "<link rel='canonical'>", "<link href='/d'>", "<link rel='canonical\u00a0' href='/e'>",
                                 "<link rel='alternate canonical' href=''>", "<div><link rel='canonical' href='/f'></div>"]), max_size=5))
def test_canonical_url_is_the_xpaths_first_link(links: list[str]) -> None:
    tree = tree_of("<html><head>" + "".join(links) + "</head><body><p>x</p></body></html>")
    found = tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')][@href]")
    assert canonical_url(tree) == (str(found[0].get("href")) if found else None)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["<ul class='search-res'>", "<div class='x search-res'>", "<div class='search-results'>", "<div>",
                                 "</ul>", "</div>", "<li>a</li>", "<li><ul><li>b</li></ul></li>", "<li>"]), max_size=12))
def test_old_items_are_what_the_xpath_finds(parts: list[str]) -> None:
    tree = tree_of("<html><body>" + "".join(parts) + "</body></html>")
    assert old_items(tree) == tree.xpath(OLD_ITEMS)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["search-res", "contextual-region", "class=", "class='a search-res'", "<p class=\"contextual-region\">"]), max_size=4))
def test_has_class_is_the_regex_alone(parts: list[str]) -> None:
    text = " ".join(parts)
    for name in ("search-res", "contextual-region"):
        assert has_class(text, name) == (re.search(rf"""class\s*=\s*["'][^"']*\b{re.escape(name)}\b""", text) is not None)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["<table><tr>", "</tr></table>", "<td class='document contextual-region'>a</td>", "<td class='document'>b</td>",
                                 "<td class='contextual-region  document x'>c</td>", "<td class='documents contextual-region'>d</td>",
                                 "<div class='document contextual-region'>e</div>", "<td class='document\tcontextual-region'>"]), max_size=10))
def test_new_items_are_what_the_xpath_finds(parts: list[str]) -> None:
    tree = tree_of("<html><body>" + "".join(parts) + "</body></html>")
    assert new_items(tree) == tree.xpath(NEW_ITEMS)


def _page_by_urlsplit(url: str | None) -> int | None:
    """page_from_url's general reading, for any URL: urlsplit and parse_qs."""
    if not url:
        return None
    parts = urlsplit(url)
    if match := re.match(r"^/search-results/(\d+)(?:/|$)", parts.path):
        return int(match[1])
    pages = parse_qs(parts.query).get("page")
    if pages and pages[0].isdigit():
        return int(pages[0])
    return 0 if parts.path.rstrip("/").endswith("/search") else None


URL_PIECES = st.sampled_from(["/", "search", "search-results", "3", "12", "?", "&", "=", "page", "page=", "page=2", "page=x", "%32",
                              "+", ";", "#", " ", "\t", "~", "-", "_", ".", "..", ":", "@", "²", "٣", "chunk=0"])


@settings(max_examples=2000)
@given(st.sampled_from(["https://digitalarchive.wilsoncenter.org", "http://h:8080", "HTTPS://H", "ftp://h", "", "https://a@b"]),
       st.lists(URL_PIECES, max_size=10).map("".join))
def test_page_from_url_is_the_urlsplit_reading(origin: str, rest: str) -> None:
    url = origin + rest
    assert page_from_url.__wrapped__(url) == _page_by_urlsplit(url)


def test_every_space_but_the_blank_is_unprintable() -> None:
    """fold_spaces returns a printable line as it is when no blank is doubled or at an end: it relies on this."""
    assert [hex(c) for c in range(0x110000) if (chr(c).isspace() or _SPACES.match(chr(c))) and chr(c).isprintable() and c != 0x20] == []


@settings(max_examples=1000)
@given(SPACEY)
def test_folds_like_split_finds_the_characters_where_they_disagree(text: str) -> None:
    assert folds_like_split(text) == (re.search("[\x1c-\x1f\x85\u1680\u2028\u2029\u200b]", text) is None)


@given(st.lists(st.sampled_from(["", "a", " b ", "\n"]), max_size=12).map("".join), st.integers(min_value=1, max_value=5))
def test_lines_of_are_the_split_lines(text: str, head: int) -> None:
    assert list(lines_of(text, head)) == text.split("\n")
