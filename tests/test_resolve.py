"""Resolution: exact variant, code name, fuzzy only when sure, lone names only inside a document; never a merge."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.names.authority import fold, load_authority
from pipeline.names.links import build_name_tables
from pipeline.names.mentions import MentionExtractor, Mention
from pipeline.names.resolve import Resolver

PEOPLE = [
    # person_id, display_name, sort_name, given_name, family_name, native_name, variants
    ("pham-hung", "Pham Hung", "Pham, Hung", "Hung", "Pham", "Phạm Hùng", ""),
    ("pham-van-dong", "Pham Van Dong", "Pham, Van Dong", "Van Dong", "Pham", "Phạm Văn Đồng", ""),
    ("deng-xiaoping", "Deng Xiaoping", "Deng, Xiaoping", "Xiaoping", "Deng", "邓小平", "Teng Hsiao-ping"),
    ("mao-zedong", "Mao Zedong", "Mao, Zedong", "Zedong", "Mao", "毛泽东", "Mao Tse-tung"),
    ("nguyen-van-linh", "Nguyen Van Linh", "Nguyen, Van Linh", "Van Linh", "Nguyen", "", ""),
    ("nguyen-van-binh", "Nguyen Van Binh", "Nguyen, Van Binh", "Van Binh", "Nguyen", "", ""),
    ("le-duan", "Le Duan", "Le, Duan", "Duan", "Le", "Lê Duẩn", ""),
]


def write_reference(folder: Path, people=PEOPLE, code_names=(("pham-hung", "Cuong"),)) -> Path:
    """A small authority in the layout of reference/, for tests that must control every entry."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = {
        "people.csv": (
            ["person_id", "display_name", "sort_name", "given_name", "family_name", "native_name", "name_order",
             "variants", "born", "died", "country", "note", "source"],
            [[pid, name, sort, given, family, native, "family_first", variants, "", "", "", "", "test"]
             for pid, name, sort, given, family, native, variants in people],
        ),
        "code_names.csv": (["person_id", "code_name", "context", "source"], [[p, c, "test", "test"] for p, c in code_names]),
        "organizations.csv": (["organization_id", "name", "kind", "country", "variants", "source"],
                              [["cosvn", "Central Office for South Vietnam", "party_organ", "", "COSVN", "test"]]),
        "places.csv": (["place_id", "name", "kind", "country", "variants", "source"],
                       [["saigon", "Saigon", "city", "", "Sai Gon", "test"]]),
    }
    for name, (header, body) in rows.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(body)
    return folder


@pytest.fixture
def resolver(tmp_path: Path) -> Resolver:
    return Resolver(load_authority(write_reference(tmp_path / "reference")))


def _mention(key: str, reportable: bool = True, code_name: str | None = None) -> Mention:
    return Mention(key, key, "mentioned", "title", 0, code_name=code_name, reportable=reportable)


def _resolved(resolver: Resolver, title: str, summary: str | None = None) -> list[tuple[str, str, str]]:
    result = resolver.document(MentionExtractor(resolver).document(title, summary))
    return [(m.text, match.entry_id, match.method) for m, match in result.links]


def test_exact_variant_ignores_case_and_diacritics(resolver: Resolver) -> None:
    for printed in ("Pham Hung", "Phạm Hùng", "PHAM HUNG", "Pham Hùng"):
        assert _resolved(resolver, f"Letter from {printed} to Le Duan")[0] == (printed, "pham-hung", "exact_variant")


def test_a_code_name_alone_resolves_by_the_code_names_table(resolver: Resolver) -> None:
    match = resolver.resolve(_mention("cuong"))
    assert (match.entry_id, match.method, match.score) == ("pham-hung", "code_name", 100.0)
    assert resolver.resolve(_mention("cuong", reportable=False)) is None  # a bare capitalized word is no code name


def test_a_bracketed_real_name_wins_over_its_code_name(resolver: Resolver) -> None:
    assert _resolved(resolver, "Cable from Le Duan to Cuong [Pham Van Dong]")[1] == ("Cuong [Pham Van Dong]", "pham-van-dong", "exact_variant")
    assert _resolved(resolver, "Cable from Le Duan to Cuong [Ph Hg]")[1] == ("Cuong [Ph Hg]", "pham-hung", "code_name")


def test_a_typo_resolves_by_fuzzy_match_with_its_score(resolver: Resolver) -> None:
    match = resolver.resolve(_mention("deng xioaping"))
    assert (match.entry_id, match.method) == ("deng-xiaoping", "fuzzy")
    assert match.score == pytest.approx(92.3)


def test_fuzzy_never_guesses_below_the_threshold(resolver: Resolver) -> None:
    assert resolver.resolve(_mention("deng xiaoming wu")) is None
    suggestion = resolver.suggest("deng xiaoming wu")
    assert suggestion.entry_id == "deng-xiaoping" and suggestion.score < resolver.fuzzy_threshold


def test_fuzzy_refuses_a_tie_between_two_entries(resolver: Resolver) -> None:
    assert resolver.resolve(_mention("nguyen van kinh")) is None
    assert resolver.suggest("nguyen van kinh").entry_id in {"nguyen-van-linh", "nguyen-van-binh"}


def test_a_lone_given_name_needs_the_full_name_in_the_same_document(resolver: Resolver) -> None:
    summary = "A note on a conversation between Mao Zedong and Le Duan. Zedong confronts Le Duan."
    assert ("Zedong", "mao-zedong", "lone_name") in _resolved(resolver, "Note", summary)
    assert not any(m[0] == "Zedong" for m in _resolved(resolver, "Note", "Zedong confronts Le Duan."))


def test_two_people_sharing_a_family_name_stay_apart(resolver: Resolver) -> None:
    result = resolver.document(
        MentionExtractor(resolver).document(
            "Discussion between Pham Hung and Pham Van Dong", "Comrade Pham spoke first; Pham Van Dong answered."
        )
    )
    people = {match.entry_id for _, match in result.links}
    assert people == {"pham-hung", "pham-van-dong"}
    assert [m.text for m in result.unresolved] == ["Pham"]


def test_the_threshold_is_a_setting_and_a_refused_match_lands_on_the_worklist(tmp_path: Path) -> None:
    documents = pd.DataFrame(
        {
            "document_id": ["d1"],
            "title": ["Discussion between Deng Xioaping and Le Duan"],
            "summary": [None],
            "date_start": [date(1966, 4, 13)],
            "date_end": [date(1966, 4, 13)],
        }
    )
    authority = load_authority(write_reference(tmp_path / "reference"))
    lenient = build_name_tables(documents, authority, fuzzy_threshold=85)
    assert lenient.document_people[["person_id", "method"]].values.tolist() == [["deng-xiaoping", "fuzzy"], ["le-duan", "exact_variant"]]
    strict = build_name_tables(documents, authority, fuzzy_threshold=99)
    assert strict.document_people["person_id"].tolist() == ["le-duan"]
    row = strict.unresolved_mentions.iloc[0]
    assert (row["name"], row["folded"], row["example_documents"], row["suggestion_id"]) == (
        "Deng Xioaping", "deng xioaping", "d1", "deng-xiaoping"
    )
    assert row["suggestion_score"] == pytest.approx(92.3)
    assert strict.unresolved_share == pytest.approx(0.5)


def _scramble(text: str, flips: list[bool], marks: list[bool]) -> str:
    """The same name with case flipped and combining accents added here and there."""
    out = []
    for i, char in enumerate(text):
        char = char.swapcase() if flips[i % len(flips)] else char
        out.append(char + ("\u0301" if marks[i % len(marks)] and char.isalpha() else ""))
    return unicodedata.normalize("NFC", "".join(out))


@pytest.fixture(scope="module")
def shared_resolver(tmp_path_factory: pytest.TempPathFactory) -> Resolver:
    return Resolver(load_authority(write_reference(tmp_path_factory.mktemp("reference"))))


@settings(max_examples=100, deadline=None)
@given(
    person=st.sampled_from(PEOPLE),
    flips=st.lists(st.booleans(), min_size=1, max_size=8),
    marks=st.lists(st.booleans(), min_size=1, max_size=8),
)
def test_any_case_or_accent_spelling_of_a_known_name_resolves_exactly(
    shared_resolver: Resolver, person: tuple, flips: list[bool], marks: list[bool]
) -> None:
    printed = _scramble(person[1], flips, marks)
    match = shared_resolver.resolve(Mention(printed, fold(printed), "mentioned", "title", 0))
    assert (match.entry_id, match.method) == (person[0], "exact_variant")
