"""The parsing shortcuts agree with the general code they stand in for."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parsing.html import (
    ARCHIVE,
    _VISIBLE_TEXT,
    absolute,
    all_text_visible,
    header_range,
    lists_class,
    text_of,
    tree_of,
    visible_strings,
    with_class,
)
from pipeline.parsing.blocks import fold_block
from pipeline.parsing.lines import fold_spaces

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
