"""Document types from titles: the form word printed first, on the seed and on real pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.names.doctype import _FORMS, _QUOTED, _WEAK, DOC_TYPES, doc_type
from pipeline.parsing import parse_text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Cable from the Chinese Embassy in Vietnam, 'Reactions to China's Testing of an Atomic Bomb (6)'", "cable"),
        ("Discussion between Liu Shaoqi and Le Duan", "discussion"),
        ("Speech Given by Party First Secretary Le Duan to the 12th Plenum of the Party Central Committee", "speech"),
        ("Note of Comrade Bergold, East German Ambassador, with the Polish Ambassador in North Vietnam, Comrade Siedliecky", "note"),
        ("Politburo Sends Letter to COSVN, Region 5, Tri-Thien, Saigon, Hue, and Danang", "letter"),
        ("Comrade Le Duan’s Comments After Listening to Comrade Vo Quang Ho’s Briefing on the Draft Plan (Notes Taken by Comrade Ho)", "comments"),
        ("Minutes of Conversation between Deng Xiaoping and Le Duan", "record of conversation"),
        ("Memorandum of Conversation between Anastas Mikoyan and Zhou Enlai", "record of conversation"),
        ("From the Journal of Ambassador P. F. Yudin, Record of Conversation with Mao Zedong, 31 March 1956", "record of conversation"),
        ("Journal of Soviet Ambassador to the DPRK A.M. Puzanov for 1 October 1960", "diary"),
        ("Ciphered Telegram No. 26044, Gromyko to Razuvaev", "telegram"),
        ("Meeting Minutes of the Politburo of the CC CPSU, Regarding Western Plans for Deployment of New Nuclear Weapons in Europe", "minutes"),
        ("Transcript of the Meeting Between Premier Zhou Enlai and Soviet Ambassador Chervonenko", "transcript"),
        ("Resolution on Certain Questions in the History of Our Party since the Founding of the People’s Republic of China", "resolution"),
        ("Joint Communique between the United States and China", "statement"),
        ("Cable from Zhou Enlai, 'Regarding the Situation of the First Plenary Session'", "cable"),
        ("Mao Zedong, 'On the Problem of Stalin'", "other"),
        ("Mao Zedong, 'Speech at the Supreme State Conference'", "other"),
        ("Special Dossier on the Polish Crisis of 1980", "report"),
        ("", "other"),
    ],
)
def test_doc_type_is_the_form_word_printed_first_outside_quoted_titles(title: str, expected: str) -> None:
    assert doc_type(title) == expected


def test_real_listing_titles_get_the_expected_types(real_pages: Path) -> None:
    titles = {
        item.title: doc_type(item.title)
        for path in sorted((real_pages / "listings").glob("*.txt"))
        for item in parse_text(path.read_text(encoding="utf-8")).items
    }
    expected = {
        "Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)": "letter",
        "Cable, Stalin to Mao Zedong [via Kovalev]": "cable",
        "Ciphered Telegram, Roshchin to Cde. Filippov [Stalin]": "telegram",
        "Record of the Conversation of Comrade I.V. Stalin and Comrade V.M. Molotov with Polish Professor Lange": "record of conversation",
        "Conversation from [Mao Zedong's] Audience with the French Minister of [Cultural] Affairs, [Georges André] Malraux": "conversation",
        "Congratulatory Remarks [Delivered at] the Bolshoi Theatre in Moscow": "speech",
        "Report, Kovalev to Stalin": "report",
        "Proclamation of the Central People's Government of the PRC": "statement",
        "Draft Reply to Mao Zedong's Telegram from Stalin via Molotov": "message",
        "Session of the CPSU CC Politburo, 16 April 1981 (excerpt)": "meeting",
    }
    assert {title: titles[title] for title in expected} == expected
    assert set(titles.values()) <= set(DOC_TYPES)
    assert sum(t == "other" for t in titles.values()) / len(titles) < 0.15


@given(st.text(max_size=120))
def test_any_title_gets_a_type_from_the_vocabulary(title: str) -> None:
    assert doc_type(title) in DOC_TYPES


def _every_match_compared(title: str) -> str:
    """The definition doc_type's one-search-per-tier path must agree with: every match of every form, the best kept."""
    text = _QUOTED.sub(lambda m: " " * len(m.group()), title)
    candidates = [
        (name in _WEAK, match.start(), -len(match.group()), name)
        for name, pattern in _FORMS
        for match in re.finditer(rf"\b(?:{pattern})\b", text, re.IGNORECASE)
    ]
    return min(candidates)[3] if candidates else "other"


_WORDS = [w for _, pattern in _FORMS for w in re.sub(r"[^a-zA-Zéè ]+", " ", pattern).split()] + [
    "of", "on", "the", "a", "Zhou", "Enlai", "Mao's", "from", "to", "Journal", "Diary", "'", "“", "”", ",", "-", "S",
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join) | st.text(max_size=60))
def test_the_earliest_longest_form_is_what_comparing_every_match_finds(title: str) -> None:
    assert doc_type(title) == _every_match_compared(title)
