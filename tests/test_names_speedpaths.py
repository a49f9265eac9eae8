"""The names stage's speed paths agree with the plain ones: chunked linking equals linking all documents at once."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.documents import build_documents
from pipeline.listings import parse_files
from pipeline.names.authority import load_authority
from pipeline.names.links import NameTables, assemble_name_tables, build_name_tables, link_documents
from pipeline.names import mentions
from pipeline.names.mentions import _TOKEN, _tokens, _word
from pipeline.names.resolve import Resolver
from pipeline.parsing import parse_text
from pipeline.sources import discover
from tests.conftest import REAL_PAGES

AUTHORITY = load_authority()


def _documents() -> pd.DataFrame:
    """The seed's documents, then every item of the real listing pages (repeated names across many documents)."""
    seed = build_documents(parse_files(discover(Path(__file__).resolve().parents[1] / "raw")).records).documents
    real = pd.DataFrame(
        [
            {"document_id": f"{path.name}:{item.position}", "title": item.title, "summary": item.summary,
             "date_start": None, "date_end": None}
            for path in sorted((REAL_PAGES / "listings").glob("*.txt"))
            for item in parse_text(path.read_text(encoding="utf-8")).items
        ]
    )
    # Unknown names recurring across documents, printed two ways, so the worklist merges counts across chunks.
    unknown = pd.DataFrame(
        [
            {"document_id": f"unknown:{i}", "title": f"Letter from Comrade {name} to Comrade Le Duan",
             "summary": f"Comrade {other} meets Comrade {name}.", "date_start": None, "date_end": None}
            for i, (name, other) in enumerate(
                [("Zagorsky", "Oberlin"), ("ZAGORSKY", "Oberlin"), ("Oberlin", "Zagorsky"), ("Zagorsky", "Quillan")] * 3
            )
        ]
    )
    return pd.concat([seed[real.columns], unknown.iloc[:6], real, unknown.iloc[6:]], ignore_index=True)


DOCUMENTS = _documents()
WHOLE = build_name_tables(DOCUMENTS, AUTHORITY)


def _assert_same(got: NameTables, expected: NameTables) -> None:
    for name, value in vars(expected).items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(got, name), value, check_exact=True)
        else:
            assert getattr(got, name) == value, name


def _chunked(cuts: list[int]) -> NameTables:
    bounds = [0, *sorted(set(cuts)), len(DOCUMENTS)]
    chunks = [DOCUMENTS.iloc[a:b] for a, b in zip(bounds, bounds[1:])]
    return assemble_name_tables([link_documents(chunk, AUTHORITY) for chunk in chunks], AUTHORITY)


def test_the_corpus_has_enough_names_for_the_comparison_to_mean_something() -> None:
    assert len(DOCUMENTS) > 140 and WHOLE.mentions > 800 and not WHOLE.interactions.empty
    assert len(WHOLE.unresolved_mentions) > 3


@pytest.mark.parametrize("size", [1, 7, 50])
def test_consecutive_chunks_of_any_size_give_the_tables_of_one_pass(size: int) -> None:
    _assert_same(_chunked(list(range(size, len(DOCUMENTS), size))), WHOLE)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=1, max_value=len(DOCUMENTS) - 1), max_size=6))
def test_any_cut_points_give_the_tables_of_one_pass(cuts: list[int]) -> None:
    _assert_same(_chunked(cuts), WHOLE)


def test_a_chunk_s_links_survive_pickling_for_another_process() -> None:
    part = link_documents(DOCUMENTS.iloc[:40], AUTHORITY)
    _assert_same(
        assemble_name_tables([pickle.loads(pickle.dumps(part))], AUTHORITY),
        build_name_tables(DOCUMENTS.iloc[:40], AUTHORITY),
    )


def test_no_documents_still_give_every_table_with_its_columns() -> None:
    empty = build_name_tables(DOCUMENTS.iloc[:0], AUTHORITY)
    assert empty.mentions == 0 and empty.document_people.empty
    assert list(empty.document_people.columns) == list(WHOLE.document_people.columns)
    assert list(empty.document_people.dtypes) == list(WHOLE.document_people.dtypes)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("aAzZ éÉ_'’-.[]() 0毛") + ["ǅ", "ß", "İ"]), max_size=40))
def test_words_are_found_where_the_word_pattern_matches(text: str) -> None:
    """`_tokens` finds offsets with str.find after findall; they must be the pattern's own match spans."""
    spans = [m.span() for m in _TOKEN.finditer(text) if _word(m.group())[0]]
    assert [(t.start, t.end) for t in _tokens(text)] == spans


_TITLE_WORDS = (
    "Cable Note Letter Record Memorandum Conversation Conversations Meeting Talks Audience Discussion Minutes Journal "
    "Diary Speech Remarks Report Statement Given by of with between from to and Sends Writes Stalin Mao's Zhou Enlai's "
    "Le Duan Cde. Kim [Zedong] (via , : ' ‘ ’ “ ” ’s 's 1956 WITH FROM ſ K İ ı"
).split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TITLE_WORDS), max_size=16).map(" ".join))
def test_title_patterns_skipped_for_missing_words_would_not_have_matched(title: str) -> None:
    gated = mentions.title_parts(title)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions, "_CASE_TWINS", re.compile(""))  # every title looks unsafe: every pattern runs
        patch.setattr(mentions, "_GATES", {})
        assert mentions.title_parts(title) == gated


_SEGMENT_WORDS = (
    "Comrade Le Duan Mao Zedong Zedong's Stalin Kovalev Zagorsky Ho Chi Minh Campaign City Hanoi the of and de Gaulle "
    "van Lee Chang-chen Ambassador Vice Minister Delegation East German Geneva Conference Cable from to with between "
    "Cuong [Pham Hung] [Richard] Dixon Richard] [Le (via Kovalev) St. Mr. Kim Il Sung ʻ Military Region 5"
).split()
_PHRASES = st.lists(st.lists(st.sampled_from(_SEGMENT_WORDS), min_size=1, max_size=6).map(" ".join), min_size=1, max_size=4)
_TEXTS = st.lists(st.tuples(st.lists(st.integers(0, 3), min_size=1, max_size=5), st.sampled_from([", ", ". ", "; ", " "])), max_size=8)


@settings(max_examples=200, deadline=None)
@given(_PHRASES, _TEXTS)
def test_segments_read_once_give_the_names_read_in_place(phrases: list[str], texts: list[tuple[list[int], str]]) -> None:
    """A segment's names are kept from the first text printing it (`_known_shared`): later texts get what reading finds."""
    resolver = Resolver(AUTHORITY)
    shared = mentions.MentionExtractor(resolver)
    printed = [separator.join(phrases[i % len(phrases)] for i in picks) for picks, separator in texts]
    got = [shared.text(text, field) for text in printed for field in ("title", "summary")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions, "_shareable", lambda *_: None)  # every segment read in place
        plain = mentions.MentionExtractor(resolver)
        assert got == [tuple(plain.text(text, field)) for text in printed for field in ("title", "summary")]


def _forms() -> list[str]:
    """Name forms of every kind in the authority, some lowercased (a multiword form is found whatever its case)."""
    people = [form for person in list(AUTHORITY.people.values())[::4] for form in (person.display_name, *person.variants)]
    others = [form for entry in [*AUTHORITY.organizations.values(), *AUTHORITY.places.values()][::4] for form in entry.name_forms[:2]]
    return people + others + [form.lower() for form in others[::3]]


# Lowercase words that cut a text (`states`, `met`, `war`) and ones that may not (articles, particles, titles, a known
# form's words); punctuation, brackets, possessives, a hyphen, sentence ends, honorifics and code-name pairs.
_PIECE_WORDS = st.one_of(
    st.sampled_from(_forms()),
    st.sampled_from("Zagorsky Oberlin Quillan Cuong Filippov states met war reports met-with xyz cafe\u0301".split()),
    st.sampled_from("and Workers workers Workers’ Peasants peasants Red red Army army friendship for control".split()),
    st.sampled_from(
        "the a an of and de di von bin van la comrade cde mr captain ambassador delegation officials city campaign "
        "conference Comrade Cde. Mr. Mr St. Prof. Gen. Col. Mrs. Dr. ʻmr. Bergen. Kim. 1956. U.S. war. Chairman "
        "Ambassador Vice Minister Delegation The A An Of [Stalin] [Zedong] [Richard] [Ministry [ ] ( ) , . ; : — – - / “ "
        "” ‘ ' ’ 's ’s No. 5 ½ ʻ".split()
    ),
    st.sampled_from(["[Pham Hung]", "[via Kovalev]", "(via Kovalev)", "[Ministry of Foreign Affairs, Japan]", "[Mao Zedong's]"]),
)
_PIECE_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "-", " - ", "\n\n", "'", "’s ", " ["])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_PIECE_WORDS, _PIECE_SEPARATORS), max_size=24))
def test_texts_read_in_pieces_give_the_mentions_of_the_whole_text(words: list[tuple[str, str]]) -> None:
    """Cutting a text at hard stops and at lowercase words no name holds (`_pieces`) finds what reading it whole finds."""
    text = "".join(word + separator for word, separator in words).strip()
    resolver = Resolver(AUTHORITY)
    got = [mentions.MentionExtractor(resolver).text(text, field) for field in ("title", "summary")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions.MentionExtractor, "_pieces", lambda self, text: None)  # every text read whole
        assert got == [mentions.MentionExtractor(resolver).text(text, field) for field in ("title", "summary")]


@pytest.mark.parametrize(
    "text",
    [
        "They met an Comrade Zagorsky here",  # an article before an honorific: no name follows it
        "They met Zagorsky delegation Quillan",  # a group word ends a run as a title does
        "Zagorsky cde Quillan",  # an honorific, lowercase, still introduces a name
        "They met Zagorsky di Quillan",  # a particle joins a name
        "Met Cable [Ministry of Foreign Affairs, Japan] met Zagorsky",  # the word after a bracket makes it an insertion
        "Zagorsky [Pham, Hung] met",  # no cut inside a bracket
        "Ho Chi Minh City and the war, Lee Chang-chen met Hanoi City",
        "They met Mr. Zagorsky here",  # an abbreviation's period ends no sentence
        "Xy. Prof. Zagorsky and ʻmr. Oberlin",
        "Xy Workers and Peasants Red Army met Zagorsky and Oberlin",  # `and` inside a known form, then between names
        "the American Korean Friendship and Information Center",
    ],
)
def test_cutting_a_text_into_pieces_keeps_what_the_words_around_a_cut_decide(text: str) -> None:
    """The words `_pieces` never cuts at: each would change these texts' names if it did."""
    resolver = Resolver(AUTHORITY)
    got = mentions.MentionExtractor(resolver).text(text, "summary")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions.MentionExtractor, "_pieces", lambda self, text: None)
        assert got == mentions.MentionExtractor(resolver).text(text, "summary")


# Titles with role parts: grammar words, names known and not, lists, `via`, brackets, possessives, places beside people.
_TITLE_PIECES = st.one_of(
    st.sampled_from(_forms()[::3]),
    st.sampled_from("Zagorsky Oberlin Quillan Cuong Filippov Hanoi Paris states met Comments Audience Speech".split()),
    st.sampled_from(
        "Cable Letter Note Memorandum Record of Conversation Discussion Meeting from to with between and via for by "
        "Given Comrade Ambassador Minister Delegation the , , ; : ’s 's [Pham Hung] [Stalin] [Excerpts] (via Kovalev) "
        "'On Relations' — 1956".split()
    ),
)


_TITLE_NAME = st.lists(_TITLE_PIECES, min_size=1, max_size=4).map(" ".join)
_TITLE_LIST = st.lists(_TITLE_NAME, min_size=1, max_size=3).map(lambda names: ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])
_TITLE_TEMPLATES = st.sampled_from(
    [
        "Cable from {0} to {1}{2}", "Discussion between {0}{2}", "Note of {0} with {1}{2}", "Record of Conversation with {0}{2}",
        "{0}'s Comments{2}", "Telegram No. 5, {0} to {1}{2}", "Speech Given by {0}{2}", "Letter to {1} from {0}{2}",
        "Conversation of {0} with {1}{2}", "Report from {0} via {1}{2}",
    ]
)
_TITLE_TAILS = st.one_of(st.just(""), _TITLE_NAME.map(lambda words: f" on {words}"), _TITLE_NAME.map(lambda words: f", '{words}'"))
_TITLES = st.one_of(
    st.builds(lambda template, *fills: template.format(*fills), _TITLE_TEMPLATES, _TITLE_LIST, _TITLE_LIST, _TITLE_TAILS),
    st.lists(_TITLE_PIECES, min_size=1, max_size=14).map(" ".join),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_TITLES, min_size=1, max_size=4))
def test_titles_read_in_pieces_with_their_parts_give_the_mentions_of_the_whole_title(titles: list[str]) -> None:
    """A title whose parts each lie within one piece (`_parted`) finds what reading it whole finds, an extractor reused."""
    resolver = Resolver(AUTHORITY)
    shared = mentions.MentionExtractor(resolver)
    got = [shared.text(title, "title") for title in titles]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions.MentionExtractor, "_parted", lambda *_: None)  # every title with parts read whole
        plain = mentions.MentionExtractor(resolver)
        assert got == [plain.text(title, "title") for title in titles]


@pytest.mark.parametrize(
    "titles",
    [
        ["Letter from Zagorsky states Oberlin to Quillan"],  # a part across a cut: its run is no whole part
        ["Cable from Zagorsky to Le Duan, Hanoi"],  # a place beside a person of its list: roles from the whole title
        ["Letter from Le Duan [via Kovalev] to Oberlin"],  # a name in a clarification inside a part is only mentioned
        ["Conversation from [Zagorsky's] Audience", "Zagorsky’s Comments After Listening to Oberlin"],  # words beside a part
    ],
)
def test_titles_read_in_pieces_keep_what_their_parts_decide(titles: list[str]) -> None:
    """What `_parted` must keep: parts within a piece, roles given on the whole title (lists, clarifications)."""
    resolver = Resolver(AUTHORITY)
    shared = mentions.MentionExtractor(resolver)
    got = [shared.text(title, "title") for title in titles]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions.MentionExtractor, "_parted", lambda *_: None)
        plain = mentions.MentionExtractor(resolver)
        assert got == [plain.text(title, "title") for title in titles]


_LIST_PIECES = st.sampled_from(
    "Zagorsky Oberlin Le Duan Chou En-lai Ferdinand Sandor and AND vİa VıA via fOr for ſ K & , ; – — - : ' ’s".split()
    + [" ", "  ", "\n"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LIST_PIECES, max_size=12).map(" ".join), st.integers(0, 3), st.integers(0, 3))
def test_list_items_skipped_for_missing_separators_would_not_have_split(text: str, left: int, right: int) -> None:
    """`_split_list` skips its pattern when `_may_split` finds no character or word it needs: it would find no separator."""
    end = max(left, len(text) - right)
    gated = mentions._split_list(text, left, end, mentions.AUTHOR, 0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions, "_may_split", lambda _: True)
        assert mentions._split_list(text, left, end, mentions.AUTHOR, 0) == gated


@pytest.mark.parametrize("text", ["Zagorsky AND Oberlin", "Le Duan vİa Oberlin", "Zagorsky & Oberlin", "Le Duan – Kim", "Kim; Oberlin"])
def test_list_items_are_split_at_each_kind_of_separator(text: str) -> None:
    """Each thing `_may_split` looks for: without it these lists would stay one item."""
    assert len(mentions._split_list(text, 0, len(text), mentions.AUTHOR, 0)) == 2
