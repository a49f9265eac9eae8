"""The names stage's quick checks find what the plain forms of its patterns and loops find.

Each pattern rewritten to be searched faster (a class of characters first, a
cheap lookahead before an expensive one) is held here to the form it was
written in first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.names import mentions
from pipeline.names.authority import load_authority
from pipeline.names.resolve import Resolver

# The plain forms: every alternative tried at every place.
_PLAIN_QUOTED = re.compile(r"(?<![^\s(\[])['‘\"“]\S.*?['’\"”](?![^\s,.;:!?)\]])")
_PLAIN_LONE_WORD = r"(?!(?:{uncut})(?![\w'’]))[a-z]+(?![\w'’])"
_PLAIN_CUT = (
    rf"(?:{mentions._STOP}|\s{_PLAIN_LONE_WORD}|{mentions._SENTENCE_END}|\s{mentions._KNOWN_WORD})"
    rf"(?:\s*(?:{mentions._STOP}|(?<![\w'’-]){_PLAIN_LONE_WORD})|{mentions._SENTENCE_END})*\s*"
)
_END_CHECK = r"(?=[\s,:(]|$)"

_WORDS = (
    "Le Duan Kim Il Sung Stalin Mao Zedong Ho Chi Minh City Hanoi Army army and of the a in on with to from between "
    "via Cable Conversation Note Report Cde. Mr. Gen. Ministry Foreign Affairs Vietnam War transmitting regarding "
    "Excerpts 1956 x ab"
).split()
_GAPS = [" ", " ", "  ", ", ", ". ", "; ", ": ", " (", ") ", " [", "] ", " '", "' ", " ‘", "’ ", " “", "” ", "\"", " – ", "-", "\n", "’s ", "'s "]
_TEXTS = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=20).map(
    lambda pairs: "".join(word + gap for word, gap in pairs)
)


@lru_cache(maxsize=1)
def _extractor() -> mentions.MentionExtractor:
    return mentions.MentionExtractor(Resolver(load_authority()))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab C.,:;!?()[]'‘\"“’” \n-")), max_size=16) | _TEXTS)
def test_quoted_titles_are_found_quote_first_where_the_plain_pattern_finds_them(text: str) -> None:
    assert [m.span() for m in mentions._QUOTED.finditer(text)] == [m.span() for m in _PLAIN_QUOTED.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_title_patterns_match_with_their_quick_end_check_as_without(title: str) -> None:
    for _, pattern in mentions._TITLE_PATTERNS:
        plain = re.compile(pattern.pattern.replace(_END_CHECK, ""), pattern.flags)
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(title)] == [
            (m.span(), m.groupdict()) for m in plain.finditer(title)
        ]


def test_every_lazy_list_end_has_its_quick_check() -> None:
    assert mentions._END.startswith(_END_CHECK)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_cuts_found_a_character_class_first_are_the_plain_alternatives_cuts(text: str) -> None:
    """The cut pattern reads a stop, space or period first, then tells them apart: the same cuts as trying each."""
    extractor = _extractor()
    pattern = extractor._cuts
    plain = re.compile(_PLAIN_CUT.replace("{uncut}", _uncut_trie(extractor)).replace("{known}", mentions._trie(sorted(extractor._before))))
    assert [(m.span(), m.group("known")) for m in pattern.finditer(text)] == [
        (m.span(), m.group("known")) for m in plain.finditer(text)
    ]


def _uncut_trie(extractor: mentions.MentionExtractor) -> str:
    known = extractor.known
    words = known.name_words() | mentions._DESCRIPTORS | mentions._ARTICLES | mentions._PARTICLES
    return mentions._trie([word for word in words if mentions._LOWER_WORD.fullmatch(word)])
