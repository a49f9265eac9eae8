"""Mention extraction: title roles, the three kinds of brackets, honorifics and possessives, on real titles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.names.authority import load_authority
from pipeline.names.mentions import MentionExtractor, Mention, title_parts
from pipeline.names.resolve import Resolver
from pipeline.parsing import parse_text


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_authority())


@pytest.fixture(scope="module")
def extractor(resolver: Resolver) -> MentionExtractor:
    return MentionExtractor(resolver)


def _names(extractor: MentionExtractor, text: str, field: str = "title") -> list[Mention]:
    """Mentions that are names: known forms, code-name pairs, or capitalized words the text marks as a name.

    (Other capitalized words are candidates for the lone-name and fuzzy
    methods only, and vanish when those do not resolve them.)
    """
    return [m for m in extractor.text(text, field) if m.known or m.reportable]


def _title(extractor: MentionExtractor, title: str) -> list[tuple[str, str, str | None, str]]:
    """(printed text, folded key, folded code name, role) of each name in a title."""
    return [(m.text, m.key, m.code_name, m.role) for m in _names(extractor, title)]


def test_code_name_pairs_keep_the_code_and_resolve_the_bracketed_real_name(extractor: MentionExtractor) -> None:
    title = "Cable from Le Duan to Tuan [Van Tien Dung], Sau [Le Duc Tho], Bay Cuong [Pham Hung], and Tu Nguyen [Tran Van Tra]"
    assert _title(extractor, title) == [
        ("Le Duan", "le duan", None, "author"),
        ("Tuan [Van Tien Dung]", "van tien dung", "tuan", "recipient"),
        ("Sau [Le Duc Tho]", "le duc tho", "sau", "recipient"),
        ("Bay Cuong [Pham Hung]", "pham hung", "bay cuong", "recipient"),
        ("Tu Nguyen [Tran Van Tra]", "tran van tra", "tu nguyen", "recipient"),
    ]


def test_an_honorific_inside_the_bracket_is_not_part_of_the_real_name(extractor: MentionExtractor) -> None:
    title = "Letter from Le Duan to Cuong [Pham Hung], Sau [Le Duc Tho] and Tuan [General Van Tien Dung]"
    assert _title(extractor, title)[-1] == ("Tuan [General Van Tien Dung]", "van tien dung", "tuan", "recipient")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ciphered Telegram, Roshchin to Cde. Filippov [Stalin]", ("Filippov [Stalin]", "stalin", "filippov", "recipient")),
        ("BROTHER THO [LE DUC THO] TO BROTHER BA", ("THO [LE DUC THO]", "le duc tho", "tho", "mentioned")),
        ("Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)", ("Feng Xi (Stalin)", "stalin", "feng xi", "author")),
    ],
)
def test_code_names_with_honorifics_capitals_or_parentheses(extractor: MentionExtractor, title: str, expected: tuple) -> None:
    assert expected in _title(extractor, title)


def test_editorial_insertions_are_read_through_and_are_never_code_names(extractor: MentionExtractor) -> None:
    dixon = "[Mao Zedong's] Conversation with [Richard] Dixon and [Lawrence \"Lance\"] Sharkey [then President and General Secretary of the Communist Party of Australia]"
    mentions = _title(extractor, dixon)
    assert ("Mao Zedong", "mao zedong", None, "participant") in mentions
    assert ("[Richard] Dixon", "richard dixon", None, "participant") in mentions
    assert all(code is None for _, _, code, _ in mentions)

    malraux = "Conversation from [Mao Zedong's] Audience with the French Minister of [Cultural] Affairs, [Georges André] Malraux"
    assert _title(extractor, malraux) == [
        ("Mao Zedong", "mao zedong", None, "participant"),
        ("[Georges André] Malraux", "georges andre malraux", None, "participant"),
    ]

    report = _title(extractor, "Report, Zhou Enlai to Chairman Mao [Zedong] and the Central Committee")
    assert ("Mao [Zedong]", "mao zedong", None, "recipient") in report
    assert all(code is None for _, _, code, _ in report)


def test_clarifications_are_only_mentioned_and_excerpts_name_nobody(extractor: MentionExtractor) -> None:
    assert _title(extractor, "Cable, Stalin to Mao Zedong [via Kovalev]") == [
        ("Stalin", "stalin", None, "author"),
        ("Mao Zedong", "mao zedong", None, "recipient"),
        ("Kovalev", "kovalev", None, "mentioned"),
    ]
    assert _title(extractor, "Session of the CPSU CC Politburo [Excerpts]") == [
        (m.text, m.key, None, m.role) for m in _names(extractor, "Session of the CPSU CC Politburo")
    ]
    japan = _title(extractor, "Memorandum from the Economic Cooperation Division [Ministry of Foreign Affairs, Japan]")
    assert ("Japan", "japan", None, "mentioned") in japan
    assert all(code is None for _, _, code, _ in japan)


def test_honorifics_titles_and_possessives_are_stripped(extractor: MentionExtractor) -> None:
    title = "Comrade Le Duan’s Comments After Listening to Comrade Vo Quang Ho’s Briefing on the Draft Plan (Notes Taken by Comrade Ho)"
    assert _title(extractor, title) == [
        ("Le Duan", "le duan", None, "author"),
        ("Vo Quang Ho", "vo quang ho", None, "mentioned"),
        ("Ho", "ho", None, "mentioned"),
    ]
    speech = "Speech Given by Party First Secretary Le Duan to the 12th Plenum of the Party Central Committee"
    assert _title(extractor, speech)[0] == ("Le Duan", "le duan", None, "author")
    note = "Note of Comrade Bergold, East German Ambassador, with the Polish Ambassador in North Vietnam, Comrade Siedliecky"
    assert _title(extractor, note) == [
        ("Bergold", "bergold", None, "author"),
        ("North Vietnam", "north vietnam", None, "mentioned"),
        ("Siedliecky", "siedliecky", None, "participant"),
    ]


@pytest.mark.parametrize(
    ("title", "roles"),
    [
        ("Discussion between Zhou Enlai, Deng Xioaping, Kang Sheng, Le Duan and Nguyen Duy Trinh",
         {"zhou enlai": "participant", "deng xioaping": "participant", "kang sheng": "participant",
          "le duan": "participant", "nguyen duy trinh": "participant"}),
        ("Minutes of Conversation between Deng Xiaoping and Le Duan", {"deng xiaoping": "participant", "le duan": "participant"}),
        ("Ciphered Telegram No. 26044, Gromyko to Razuvaev", {"gromyko": "author", "razuvaev": "recipient"}),
        ("Telegram from Shtykov to Gromyko and Stalin", {"shtykov": "author", "gromyko": "recipient", "stalin": "recipient"}),
        ("Letter to Stalin from Lee Chang-chen, Commander-in-Chief of the Korean Army in China",
         {"stalin": "recipient", "lee chang chen": "author", "china": "mentioned"}),
        ("From the Journal of Ambassador P. F. Yudin, Record of Conversation with Mao Zedong, 31 March 1956",
         {"p f yudin": "author", "mao zedong": "participant"}),
        ("Draft Reply to Mao Zedong's Telegram from Stalin via Molotov", {"mao zedong": "recipient", "stalin": "author", "molotov": "mentioned"}),
        ("Minutes of Conversation: Todor Zhivkov – Konstantin Ustinovich Chernenko, Moscow",
         {"todor zhivkov": "participant", "konstantin ustinovich chernenko": "participant", "moscow": "mentioned"}),
        ("Mao Zedong, 'On Coalition Government'", {"mao zedong": "author"}),
        ("Record of Conversation from [Kim Il Sung's] Meeting with Zhou Enlai", {"kim il sung": "participant", "zhou enlai": "participant"}),
        ("Chou En-lai's Comments on the Geneva Conference", {"chou en lai": "author"}),
        ("Cable from the Chinese Embassy in Vietnam, 'Reactions to China's Testing of an Atomic Bomb (6)'",
         {"chinese embassy in vietnam": "author", "china": "mentioned"}),
        ("Politburo Sends Letter to COSVN, Region 5, Tri-Thien, Saigon, Hue, and Danang",
         {"politburo": "author", "cosvn": "recipient", "region 5": "recipient", "tri thien": "recipient",
          "saigon": "recipient", "hue": "recipient", "danang": "recipient"}),
    ],
)
def test_title_grammar_gives_roles(extractor: MentionExtractor, title: str, roles: dict[str, str]) -> None:
    got = {m.key: m.role for m in _names(extractor, title)}
    assert got == roles


def test_descriptions_and_groups_are_not_names(extractor: MentionExtractor) -> None:
    keys = {m.key for m in _names(extractor, "Letter to Stalin from the Commanders and Soldiers of the Korean Army in China")}
    assert keys == {"stalin", "china"}
    keys = {m.key for m in _names(extractor, "Note of Comrade Bergold, East German Ambassador, with Comrade Siedliecky")}
    assert "east german" not in keys


def test_a_name_the_authority_does_not_know_still_reaches_the_worklist_when_the_title_gives_it_a_role(
    extractor: MentionExtractor,
) -> None:
    unknown = [m for m in _names(extractor, "Letter from Xavier Quillfeather to Le Duan") if not m.known]
    assert [(m.text, m.role, m.reportable) for m in unknown] == [("Xavier Quillfeather", "author", True)]
    in_summary = [m for m in extractor.text("Quillfeather confronts Le Duan.", "summary") if not m.known]
    assert [(m.text, m.reportable) for m in in_summary] == [("Quillfeather", False)]


def test_title_parts_split_lists_and_stop_at_quoted_titles() -> None:
    title = "Telegram, Mao Zedong to Liu Shaoqi, 18 December 1949"
    assert [(title[p.start : p.end], p.role) for p in title_parts(title)] == [("Mao Zedong", "author"), ("Liu Shaoqi", "recipient")]
    title = "Proposal from Deputy Minister Nicolae Ecobescu to Minister of Foreign Affairs George Macovescu, 'Control by the International Atomic Energy Agency in Taiwan'"
    assert [(title[p.start : p.end], p.role) for p in title_parts(title)] == [
        ("Deputy Minister Nicolae Ecobescu", "author"),
        ("Minister of Foreign Affairs George Macovescu", "recipient"),
    ]


def test_every_mention_on_the_real_pages_is_printed_text(extractor: MentionExtractor, real_pages: Path) -> None:
    checked = 0
    for path in sorted((real_pages / "listings").glob("*.txt")):
        for item in parse_text(path.read_text(encoding="utf-8")).items:
            for field, text in (("title", item.title), ("summary", item.summary)):
                for mention in extractor.text(text or "", field):
                    assert mention.text in text and text[mention.start :].startswith(mention.text), (path.name, mention)
                    checked += 1
    assert checked > 300


_NAMES = ["Le Duan", "Zhou Enlai", "Pham Van Dong", "Kang Sheng", "Liu Shaoqi", "Mao Zedong", "Deng Xiaoping"]
_HONORIFICS = ["", "Comrade ", "Premier ", "General ", "Cde. ", "Chairman "]


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(st.sampled_from(_NAMES), min_size=2, max_size=5, unique=True),
    honorifics=st.lists(st.sampled_from(_HONORIFICS), min_size=5, max_size=5),
    form=st.sampled_from(["Discussion between {}", "Conversation between {}", "Meeting between {}"]),
)
def test_any_discussion_list_makes_everyone_a_participant(
    extractor: MentionExtractor, people: list[str], honorifics: list[str], form: str
) -> None:
    listed = [h + p for h, p in zip(honorifics, people)]
    title = form.format(", ".join(listed[:-1]) + " and " + listed[-1])
    mentions = _names(extractor, title)
    assert [(m.text, m.role) for m in mentions] == [(p, "participant") for p in people]


@settings(max_examples=60, deadline=None)
@given(
    author=st.sampled_from(_NAMES),
    recipients=st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3, unique=True),
    form=st.sampled_from(["Letter from {a} to {r}", "Cable, {a} to {r}", "Telegram from {a} to {r}", "Letter to {r} from {a}"]),
)
def test_any_letter_makes_its_sender_the_author_and_its_addressees_recipients(
    extractor: MentionExtractor, author: str, recipients: list[str], form: str
) -> None:
    recipients = [r for r in recipients if r != author] or [n for n in _NAMES if n != author][:1]
    title = form.format(a=author, r=", ".join(recipients))
    roles = {m.text: m.role for m in _names(extractor, title)}
    assert roles == {author: "author", **{r: "recipient" for r in recipients}}


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_extraction_never_fails_and_only_returns_printed_text(extractor: MentionExtractor, text: str) -> None:
    for field in ("title", "summary"):
        for mention in extractor.text(text, field):
            assert isinstance(mention, Mention)
            assert text[mention.start :].startswith(mention.text)


def test_an_extractor_and_its_caches_go_without_the_cyclic_collector(resolver: Resolver) -> None:
    """A batch's extractor holds hundreds of thousands of cached mentions: reference counting must free them."""
    import gc
    import weakref

    extractor = MentionExtractor(resolver)
    extractor.document("Cable from Le Duan to Cuong [Pham Hung], Hanoi City", "Comrade Zagorsky met Mao Zedong. They talked.")
    gone = weakref.ref(extractor)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del extractor
        assert gone() is None
    finally:
        if enabled:
            gc.enable()
