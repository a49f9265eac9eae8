"""Find the names a document's title and summary print, with the role the title gives each.

The archive's titles follow a handful of grammars (`Discussion between A, B
and C`, `Cable from A to B`, `Cable, A to B`, `Note of A ... with B`,
`Speech Given by A`, `A's Comments`, `From the Journal of A, Record of
Conversation with B`); those give roles. Names themselves are found three
ways: known name forms of the authority anywhere in the text (longest first;
none inside the longer name of something else, `Ho Chi Minh Campaign`),
code names printed with the real name in brackets (`Cuong [Pham Hung]`, or a
known person signing under an alias, `Stalin [Kuznetsov]`), and
capitalized words the text marks as a name (after an honorific, or filling a
role in the title) even when the authority does not know them yet, so that
they reach the curators' worklist instead of vanishing.

Square brackets mean three things (see SOURCE.md) and are told apart here:
a code name before the bracket and a real name inside (a code-name pair), an
editor's insertion that completes the printed text (`[Richard] Dixon`,
`Chairman Mao [Zedong]`, `[Mao Zedong's] Audience`: read through the
brackets), or a clarification (`[via Kovalev]`, `[Excerpts]`,
`[Ministry of Foreign Affairs, Japan]`: read on its own, never a role).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache, partial
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple, Protocol
from weakref import proxy

from pipeline.names.authority import fold

AUTHOR, RECIPIENT, PARTICIPANT, MENTIONED = "author", "recipient", "participant", "mentioned"
ROLES = (AUTHOR, RECIPIENT, PARTICIPANT, MENTIONED)  # strongest first
PERSON, ORGANIZATION, PLACE = "person", "organization", "place"

# Words that precede or describe a name but are not part of it (folded).
TITLE_WORDS = frozenset(
    """comrade comrades cde cdes brother sister general gen marshal admiral colonel lieutenant major captain
    chairman premier president vice ambassador minister secretary undersecretary deputy party chief
    prime foreign affairs professor prof prince king queen emperor mr mrs ms dr sir lord madame
    commander consul envoy charge counselor attache director leader chancellor senator governor
    comandante priest father ambassadors ministers lic""".split()
)
# Title words that qualify an office (`Vice Minister`, `Party Secretary`, `Foreign Relations`): they never
# stand right before the name they introduce, so the capitalized words after them are not marked as a name.
OFFICE_WORDS = frozenset({"vice", "deputy", "party", "prime", "foreign"})
# Words naming groups of people, not a person: they end a name as a title word does (folded).
GROUP_WORDS = frozenset(
    """representatives journalists guests commanders soldiers officials delegation delegations members leaders
    archives unions parties organizations students workers people peoples correspondents officers diplomats
    friends comrades participants veterans youth""".split()
)
# Capitalized words that open sentences or name things, never people (folded).
_STOPWORDS = frozenset(
    """the a an in on at of and or but for to from with by as this that these those it its he she they his her
    their there here after before during while when where what which who whom why how during excerpt excerpts
    january february march april may june july august september october november december
    no secret urgent confidential top strictly""".split()
)
_ARTICLES = frozenset({"the", "a", "an"})
_ARTICLES_AND_TITLES = TITLE_WORDS | _ARTICLES
_DESCRIPTORS = TITLE_WORDS | GROUP_WORDS
# Nouns that make the person or city printed before them the name of something else: an operation
# (`Ho Chi Minh Campaign`), an agreement signed there (`Paris Peace Accords`, `Shanghai Communique`), a
# meeting held there (`Geneva Conference`), a body (`Suslov Commission`), a street. Such a name mentions
# neither the person nor the city, and is no person for the worklist (folded). A country or region keeps
# its link: a war or treaty named for one (`Vietnam War`, `US-ROK Mutual Defense Treaty`) is about it.
NAMED_AFTER = frozenset(
    """accord accords agreement agreements campaign commission communique conference declaration doctrine
    line plan prize square street thought trail treaty university""".split()
)
# A person can also lend a city its name; `Hanoi City` is still Hanoi. (`Ho Chi Minh City` is Saigon in
# the authority, and a known longer form wins before these lists are asked.)
NAMED_AFTER_A_PERSON = NAMED_AFTER | {"city"}
_MAX_NAME_MODIFIERS = 2  # capitalized words between the name and that noun: `Paris Peace Accords`
_PARTICLES = frozenset({"de", "d", "van", "von", "der", "da", "du", "di", "bin", "ibn", "al", "la"})
_MAX_RUN = 4  # longest unknown capitalized run taken as one name
_MAX_CODE_WORDS = 3
_MAX_CACHED_TEXTS = 1 << 16  # titles and summaries recur (relisted documents, boilerplate), but not without end

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\[\]]*\]|\([^()]*\)")
_HARD_STOPS = set(",;:!?\"“”‘'’–—/()[]")
_ABBREVIATIONS = frozenset({"cde", "mr", "mrs", "ms", "dr", "gen", "st", "no", "prof", "col", "lt"})
# Where `MentionExtractor._pieces` may cut a text: a run of hard stops (apostrophes and brackets aside: those may sit
# in a word or join a name across) and lowercase ASCII words printed on their own, with the spaces after. The words
# one may not cut at are filled in by `_cuts`.
_STOP_CHARS = r",;:!?\"“”‘–—/"
_STOP = rf"[{_STOP_CHARS}]"
# A lowercase word (asked first: a capitalized one is over at its first letter, before the tries are walked).
_LONE_WORD = r"(?=[a-z])(?!(?:{uncut})(?![\w'’]))[a-z]+(?![\w'’])"
# A sentence's end before a capitalized word, after a word of three ASCII letters or digits at least that does
# not end as an abbreviation does (`Cde.`: see `_breaks`), asked once its period is read.
_AFTER_PERIOD = rf"(?<=[A-Za-z0-9]{{3}}\.)(?<!(?i:{'|'.join(sorted({a[-3:] for a in _ABBREVIATIONS if len(a) >= 3}))})\.)\s+(?=[A-Z])"
_SENTENCE_END = rf"\.{_AFTER_PERIOD}"
# A word of known forms that begins none (`and`) cuts a text where the word before it never comes before it in a
# form (`MentionExtractor._cuts_before`); the words are filled in by `_cuts`.
_KNOWN_WORD = r"(?P<known>(?:{known}))(?![\w'’])"
# Every cut begins with a hard stop, a space or a period, read first and told apart behind it: a search whose
# pattern starts with a class of characters skips in C to the next place worth trying, instead of trying each.
_CUT = (
    rf"[{_STOP_CHARS}.\s](?:(?<={_STOP})|(?<=\s)(?:{_LONE_WORD}|(?=[a-z]){_KNOWN_WORD})|{_AFTER_PERIOD})"
    rf"(?:\s*(?:{_STOP}|(?<![\w'’-]){_LONE_WORD})|{_SENTENCE_END})*\s*"
)
_LOWER_WORD = re.compile("[a-z]+")
_BRACKET_CHAR = re.compile(r"[\[\]()]")
_SPACES = re.compile(r"\s*")


class KnownNames(Protocol):
    """What extraction needs from the authority: which folded forms name an entry, and of what kind."""

    def kind_of(self, key: str) -> str | None:
        """PERSON, ORGANIZATION or PLACE when `key` (folded) is a known name form, else None."""
        ...

    def starts_a_name(self, key: str) -> bool:
        """True when some known name form begins with the words of `key` (folded)."""
        ...

    def place_kind(self, key: str) -> str | None:
        """The kind of place (`city`, `country`, ...) `key` (folded) names, None when it names no place."""
        ...

    def name_words(self) -> frozenset[str]:
        """Every word (folded) some known name form is made of."""
        ...

    def name_pairs(self) -> frozenset[tuple[str, str]]:
        """Every two words (folded) printed one after the other in some known name form."""
        ...


class Mention(NamedTuple):
    """One name as a document prints it (a tuple: a million documents print millions of names).

    `key` is the folded name to resolve (for a code-name pair, the real name in
    brackets; `code_name` keeps the folded code). `known` says the key is a name
    form of the authority; `reportable` says an unresolved mention belongs on
    the curators' worklist (a bare capitalized word in a summary does not).
    """

    text: str
    key: str
    role: str
    field: str
    start: int
    code_name: str | None = None
    known: bool = False
    reportable: bool = True


class _Token(NamedTuple):
    """One word of a text, its folded key and how it is printed (a tuple: texts have many words)."""

    start: int
    end: int
    key: str
    possessive: bool
    capitalized: bool


class _Part(NamedTuple):
    """A stretch of the title that fills one role (one name or list item); a tuple, made quickly."""

    start: int
    end: int
    role: str
    group: int


# ---------------------------------------------------------------------------
# Title grammar: spans that give roles
# ---------------------------------------------------------------------------

_DOC = r"(?:Cable|Telegram|Letter|Report|Note|Message|Memorandum|Instructions?|Directive|Reply|Order)"
# A name list never runs past a quoted title or a colon.
_NAMES = r"(?:(?!,\s*['‘\"“]|:).)+?"
# Where a name list ends. The lazy lists ask it after each character, so a first lookahead turns most characters
# away at once: each alternative begins with a space, a comma, a colon or a bracket, or is the end.
_END = (
    r"(?=[\s,:(]|$)(?=\s*,\s*['‘\"“]|\s*:|\s*\(|,\s*\d|,\s*(?:transmitting|regarding|concerning|about)\b"
    r"|\s+(?:on|regarding|concerning|about|at|providing|after|transmitting|in\s+(?:a|the))\s|$)"
)
# `Mao Zedong's Conversation with ...`: the possessive and what follows it. The pattern that reads it tries every
# start before the possessive, so it only runs on titles where this tail is found (see `title_parts`).
_POSSESSOR_TALKS = r"['’]s\]?\s+(?:Conversations?|Meeting|Audience|Talks?|Discussions?)\s+with\b"
_POSSESSOR_TAIL = re.compile(_POSSESSOR_TALKS, re.IGNORECASE)
# (words the pattern cannot match without, any one of them, lowercase; the pattern): a title printing none of the
# words skips the pattern, so most titles run only a few of them (see `title_parts`).
_TITLE_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (needs, re.compile(p, re.IGNORECASE))
    for needs, p in (
        (("with",), rf"^Note\s+of\s+(?P<author>.+?)\s+with\s+(?P<participant>.+?){_END}"),
        (("between",), rf"\bbetween\s+(?P<participant>.+?){_END}"),
        (
            ("with",),
            rf"\b(?:Conversations?|Meeting|Talks?|Audience|Discussions?)\s+of\s+(?P<participant>.+?)\s+with\s+(?P<participant2>.+?){_END}",
        ),
        (("with",), rf"\b(?:Conversations?|Meeting|Talks?|Audience|Discussions?)\s+with\s+(?P<participant>.+?){_END}"),
        (("with",), rf"\[?(?P<participant>[^\[\],;:]+?){_POSSESSOR_TALKS}"),
        ((":",), r"\b(?:Conversations?|Minutes|Talks?)(?:\s+of\s+Conversation)?:\s*(?P<participant>[^,]+)"),
        (("journal", "diary"), r"\b(?:Journal|Diary)\s+of\s+(?P<author>[^,:]+)"),
        (("to",), rf"^[^,]*\b{_DOC}\b[^,]*,\s+(?P<author>[^,'‘]+?)\s+to\s+(?P<recipient>.+?){_END}"),
        (("to",), rf"\b(?:from|{_DOC}\s+of)\s+(?P<author>{_NAMES})\s+to\s+(?P<recipient>.+?){_END}"),
        (("from",), rf"\bto\s+(?P<recipient>{_NAMES})\s+from\s+(?P<author>.+?){_END}"),
        (
            ("sends", "writes", "cables", "telegraphs"),
            rf"^(?P<author>[^,]+?)\s+(?:Sends|Writes|Cables|Telegraphs)\b.*?\bto\s+(?P<recipient>.+?){_END}",
        ),
        (("from",), rf"\bfrom\s+(?P<author>.+?){_END}"),
        (("to",), rf"^{_DOC}s?\s+to\s+(?P<recipient>.+?){_END}"),
        (
            ("by",),
            r"\b(?:Speech|Remarks|Address|Report|Statement)\s+(?:Given\s+|Delivered\s+|Made\s+)?by\s+(?P<author>.+?)"
            r"(?=\s+(?:to|at|on|before|in)\b|\s*[,:(]|$)",
        ),
        (
            ("'s", "’s"),
            r"^(?P<author>[^,’']+?)['’]s\s+(?:Comments|Remarks|Speech|Letter|Report|Notes|Statement|Talk|Article|Message|Reply)",
        ),
    )
)
_NEEDED = frozenset(word for needs, _ in _TITLE_PATTERNS for word in needs)
# The only characters that ignoring case matches to ASCII letters without lowercasing to them: a title holding one
# runs every pattern.
_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
# Patterns that only run when a quick search finds the text they cannot match without, by their text (a compiled
# pattern's hash is taken anew each time, over all its code).
_GATES = {pattern.pattern: _POSSESSOR_TAIL for _, pattern in _TITLE_PATTERNS if _POSSESSOR_TALKS in pattern.pattern}
_NOT_A_NAME = re.compile(r"(?:before|after|on|regarding|concerning|about|during|while|when)\b", re.IGNORECASE)
_AUTHOR_OF_ESSAY = re.compile(r"^(?P<author>[^,'‘]{2,60}?),\s*['‘]")
# A quoted title inside a title (`Cable from ..., 'Representations concerning the Flight ... from Xinjiang's
# Border Areas to the Soviet Union'`): its grammar describes its subject, not who wrote to whom.
_QUOTED = re.compile(r"['‘\"“](?<![^\s(\[]['‘\"“])\S.*?['’\"”](?![^\s,.;:!?)\]])")  # the quote first: a quick search
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\s[–—-]\s|–|—)\s*|\s+(?=\bvia\b)|\s+(?=\bfor\b)", re.IGNORECASE)
# What `_LIST_SPLIT` cannot match without: one of these characters, or one of these words whatever their case (a
# character that ignoring case matches to an ASCII letter without lowercasing to it is asked for too: `_CASE_TWINS`).
_LIST_CHARS = ",;&–—-"
_LIST_WORDS = ("and", "via", "for")
_MAY_SPLIT = re.compile(rf"[{re.escape(_LIST_CHARS)}{_CASE_TWINS.pattern[1:-1]}]|(?i:{'|'.join(_LIST_WORDS)})")


def _may_split(span: str) -> bool:
    """Whether `_LIST_SPLIT` may find a separator in `span` (one quick search: most items print none)."""
    return _MAY_SPLIT.search(span) is not None


def title_parts(title: str) -> list[_Part]:
    """The stretches of a title that fill a role, one per listed name, earliest pattern first.

    Each grammar pattern marks spans; a character keeps the role of the first
    pattern that claimed it. Lists are split on commas and `and`; an item that
    opens with `via` is an intermediary, so only mentioned. A match that
    starts inside a quoted title gives no role (see `_QUOTED`).
    """
    claimed: list[_Part] = []
    quoted = [q.span() for q in _QUOTED.finditer(title)]
    lowered = None if _CASE_TWINS.search(title) else title.lower()
    present = None if lowered is None else {word for word in _NEEDED if word in lowered}
    for needs, pattern in _TITLE_PATTERNS:
        if present is not None and present.isdisjoint(needs):
            continue
        if (gate := _GATES.get(pattern.pattern)) and not gate.search(title):
            continue  # it cannot match without its tail, and is slow to find that out
        for match in pattern.finditer(title):
            groups = match.groupdict()
            if any(value and _NOT_A_NAME.match(value) for value in groups.values()):
                continue
            if any(a < match.start() < b for a, b in quoted):
                continue
            for group, value in groups.items():
                if value is None:
                    continue
                start, end = match.span(group)
                if any(p.start < end and start < p.end for p in claimed):
                    continue
                claimed.extend(_split_list(title, start, end, group.rstrip("2"), len(claimed)))
    if not claimed and (match := _AUTHOR_OF_ESSAY.match(title)) and not re.search(_DOC, match["author"], re.IGNORECASE):
        claimed.extend(_split_list(title, *match.span("author"), AUTHOR, 0))
    return sorted(claimed, key=lambda p: p.start)


def _split_list(text: str, start: int, end: int, role: str, group: int) -> list[_Part]:
    parts, cursor = [], start
    if _may_split(text[start:end]):
        for sep in _LIST_SPLIT.finditer(text, start, end):
            parts.append((cursor, sep.start()))
            cursor = sep.end()
    parts.append((cursor, end))
    out = []
    for a, b in parts:
        if b <= a:
            continue
        item_role = MENTIONED if text[a:b].lower().startswith("via ") else role
        out.append(_Part(a, b, item_role, group))
    return out


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------


class _Memo(dict):
    """Answers of a one-argument function by key: a hit is a dict lookup, not a Python call (bounded like the text cache)."""

    def __init__(self, function: Callable[[str], object], limit: int = _MAX_CACHED_TEXTS) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, key: str) -> object:
        if len(self) >= self.limit:
            self.clear()
        answer = self[key] = self.function(key)
        return answer


def _words_back(text: str, end: int) -> int:
    """Where the fourth word (printed between spaces, so one word or more) before `end` starts (0 when fewer)."""
    words = text[:end].rsplit(None, _MAX_CODE_WORDS + 1)
    return len(words[0]) if len(words) > _MAX_CODE_WORDS + 1 else 0


@lru_cache(maxsize=4)
def _cuts(uncut: frozenset[str], known: frozenset[str]) -> re.Pattern[str]:
    """`_CUT` with the lowercase words of `uncut` left out and those of `known` asked about, as tries.

    One C search finds every cut; built once a process.
    """
    lowercase = [word for word in uncut if _LOWER_WORD.fullmatch(word)]
    return re.compile(_CUT.replace("{uncut}", _trie(lowercase)).replace("{known}", _trie(sorted(known)) or "(?!)"))


def _trie(words: list[str]) -> str:
    """A regular expression matching exactly `words`, letter by letter (alternatives share their prefixes)."""
    branches: dict[str, list[str]] = defaultdict(list)
    for word in words:
        branches[word[:1]].append(word[1:])
    ends = "" in branches
    alternatives = [re.escape(letter) + _trie(rests) for letter, rests in sorted(branches.items()) if letter]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return f"(?:{body})?" if ends else body


class _SegmentNames:
    """The names one segment prints, as `_offsets` keeps them (offsets from the segment's first word).

    `covered` lists the offsets (in words) of the words its known names cover;
    a list stays None until its segment is first read that way.
    """

    __slots__ = ("known", "covered", "unknown")

    def __init__(self) -> None:
        self.known: list[tuple] | None = None
        self.covered: list[int] = []
        self.unknown: list[tuple] | None = None


def _shareable(text: str, tokens: list[_Token], segment: list[int], used: set[int]) -> str | None:
    """The printed words of a segment when they alone decide its names, else None.

    Not when a code-name pair took some of its words, nor when it holds a
    bracket (a name printed with a bracket reaches outside the segment for
    the other one: `_mention`).
    """
    span = text[tokens[segment[0]].start : tokens[segment[-1]].end]
    if "[" in span or "]" in span or (used and not used.isdisjoint(segment)):
        return None
    return span


def _offsets(mentions: list[Mention], base: int) -> list[tuple]:
    """Mentions as a cache keeps them, for any text that prints the same words: (text, key, offset from `base`,
    code name, known, reportable); the role and field are the caller's."""
    return [(m.text, m.key, m.start - base, m.code_name, m.known, m.reportable) for m in mentions]


def _placed(names: list[tuple], base: int, field: str) -> list[Mention]:
    """Kept names (see `_offsets`) as mentions of a text where they are printed from `base`, in `field`."""
    return [
        _NEW_MENTION((printed, key, MENTIONED, field, base + offset, code, known, reportable))
        for printed, key, offset, code, known, reportable in names
    ]


class MentionExtractor:
    """Extracts mentions with a fixed view of the authority; results are cached per distinct text."""

    def __init__(self, known: KnownNames) -> None:
        self.known = known
        self._cache: dict[tuple[str, str], tuple[Mention, ...]] = {}
        # Asked of nearly every word and growing name: the view is fixed, so each answer is asked once.
        self._starts_a_name = _Memo(known.starts_a_name)
        self._kind_of = _Memo(known.kind_of)
        self._by_span: dict[str, _SegmentNames] = {}  # see `_known_shared`
        self._borrowed = self._memo_of(MentionExtractor._borrowed_by)
        self._by_piece = self._memo_of(MentionExtractor._piece_names)  # see `_extract`
        self._by_part = self._memo_of(MentionExtractor._part_names)  # see `_parted`
        words = known.name_words()
        # Words of known forms that begin none, each with the words that come before it in some form.
        self._before: dict[str, set[str]] = {
            word: set() for word in words - _DESCRIPTORS - _ARTICLES - _PARTICLES
            if _LOWER_WORD.fullmatch(word) and not known.starts_a_name(word)
        }
        for first, second in known.name_pairs():
            if second in self._before:
                self._before[second].add(first)
        # Lowercase words that never cut a text alone: they may belong to, describe, introduce or join a name.
        self._cuts = _cuts(words | _DESCRIPTORS | _ARTICLES | _PARTICLES, frozenset(self._before))

    def _memo_of(self, method: Callable[[MentionExtractor, str], object]) -> _Memo:
        """A memo of one of this extractor's methods, holding the extractor weakly.

        A bound method would make a reference cycle, and then every cached
        mention would wait for the cyclic collector instead of going with the
        extractor (a collection of a batch's hundreds of thousands of objects).
        """
        return _Memo(partial(method, proxy(self)))

    def document(self, title: str, summary: str | None) -> list[Mention]:
        """Every mention of a document: the title's (with roles), then the summary's (all `mentioned`)."""
        found = list(self.text(title, "title"))
        if summary:
            found.extend(self.text(summary, "summary"))
        return found

    def text(self, text: str, field: str) -> tuple[Mention, ...]:
        """The mentions of one title or summary, in reading order."""
        cache_key = (text, field)
        if cache_key not in self._cache:
            if len(self._cache) >= _MAX_CACHED_TEXTS:
                self._cache.clear()  # memory stays bounded by the batch, not the archive
            self._cache[cache_key] = tuple(self._extract(text, field))
        return self._cache[cache_key]

    def _extract(self, text: str, field: str) -> list[Mention]:
        """A text's mentions: those of its pieces (see `_pieces`), each read once per distinct piece (see `_parted`)."""
        parts = title_parts(text) if field == "title" else []
        pieces = self._pieces(text)
        if pieces is None:
            return self._read(text, field, parts)
        if parts:
            parted = self._parted(text, field, parts, pieces)
            return self._read(text, field, parts) if parted is None else parted
        found: list[Mention] = []
        by_piece = self._by_piece
        for start, end in pieces:
            if names := by_piece[text[start:end]]:
                found.extend(_placed(names, start, field))
        return found

    def _parted(self, text: str, field: str, parts: list[_Part], pieces: list[tuple[int, int]]) -> list[Mention] | None:
        """A titled text's mentions from its pieces, when no title part reaches across a cut (else None).

        Reading a text with parts asks of a part only what lies in it (runs
        end at its edges, `_names_someone`, `_fills_part`), so a piece holding
        whole parts reads as in the whole text with those parts moved to it,
        and a piece outside every part as in a text without parts. Each is
        read once per distinct piece and parts; roles are given afterwards,
        as reading the whole text gives them.
        """
        within = _parts_within(parts, pieces)
        if within is None:
            return None
        found: list[Mention] = []
        clarified: list[tuple[int, int]] = []
        for (start, end), inside in zip(pieces, within):
            if inside:
                names, spans = self._by_part[(text[start:end], inside)]
                clarified.extend([(start + a, start + b) for a, b in spans])
            else:
                names = self._by_piece[text[start:end]]
            if names:
                found.extend(_placed(names, start, field))
        return self._with_roles(found, parts, clarified)

    def _part_names(self, key: tuple[str, tuple[tuple[int, int, bool], ...]]) -> tuple[list[tuple], list[tuple[int, int]]]:
        """A piece's mentions before roles (as `_piece_names` gives them) and its brackets that are no insertion.

        `key` is the piece and its parts, each as its span and whether its role makes its unknown names reportable.
        """
        piece, inside = key
        parts = [_Part(a, b, AUTHOR if reporting else MENTIONED, 0) for a, b, reporting in inside]
        mentions, clarified = self._found(piece, "", parts)
        names = _offsets(sorted(mentions, key=_START_OF), 0)
        return names, clarified

    def _piece_names(self, piece: str) -> list[tuple]:
        """A piece's mentions as `_offsets` keeps them (the field is the caller's)."""
        return _offsets(self._read(piece, "", []), 0)

    def _pieces(self, text: str) -> list[tuple[int, int]] | None:
        """Spans of `text` whose mentions are those each span gives read alone, in order (None when brackets forbid it).

        Without title parts, a name never reaches across a hard stop (a
        segment break), nor across a lowercase ASCII word that no known form
        holds and that neither describes, introduces nor joins a name (it ends
        every run and starts none): the text is cut there. Brackets reach
        around them (a code name and the word before it, across sentence
        ends: `_code_run`, `_set_off`; the word after), so no cut falls inside
        one, among the four words before it, nor at the word right after it,
        and a text whose bracket characters are not all simple pairs is read
        whole.
        """
        guarded: list[tuple[int, int]] = []
        if _BRACKET_CHAR.search(text):
            spans = [match.span() for match in _BRACKETED.finditer(text)]
            if 2 * len(spans) != len(_BRACKET_CHAR.findall(text)):
                return None
            guarded = [(_words_back(text, a), _SPACES.match(text, b).end()) for a, b in spans]
        pieces, start = [], 0
        for cut in self._cuts.finditer(text):
            if guarded and any(a <= cut.end() and cut.start() <= b for a, b in guarded):
                continue
            if (word := cut.group("known")) and not self._cuts_before(text, cut.start(), word):
                continue
            pieces.append((start, cut.start()))
            start = cut.end()
        pieces.append((start, len(text)))
        return pieces

    def _cuts_before(self, text: str, end: int, word: str) -> bool:
        """Whether a known form's `word` (one that begins none) cuts `text` after the spaces ending at `end`.

        It does when the word printed before it, spaces between, never comes
        before it in a known form: no known name grows through it, and as a
        lowercase word it ends every run of capitalized words. Anything but a
        single word before the spaces (punctuation) keeps the text whole.
        """
        before = text[:end].rsplit(None, 1)
        if not before:
            return True
        if not _TOKEN.fullmatch(before[-1]):
            return False
        key = _WORDS[before[-1]][0]
        return bool(key) and key.rpartition(" ")[2] not in self._before[word]

    def _read(self, text: str, field: str, parts: list[_Part]) -> list[Mention]:
        """The mentions of a whole text, word by word."""
        mentions, clarified = self._found(text, field, parts)
        if parts:  # without title parts every mention keeps the `mentioned` role it was made with
            mentions = self._with_roles(mentions, parts, clarified)
        return sorted(mentions, key=_START_OF)

    def _found(self, text: str, field: str, parts: list[_Part]) -> tuple[list[Mention], list[tuple[int, int]]]:
        """A whole text's mentions before roles, in no order, and the spans of its brackets that are no insertion."""
        tokens = _tokens(text)
        brackets = _classify_brackets(text, tokens, self.known)
        transparent = {i for (a, b), kind in brackets.items() if kind == "insertion" for i in (a, b - 1)}
        clarified = [(a, b) for (a, b), kind in brackets.items() if kind != "insertion"]
        used: set[int] = set()
        mentions: list[Mention] = []

        for (a, b), kind in brackets.items():
            if isinstance(kind, tuple):
                code_tokens, name_tokens = kind
                used.update(code_tokens + name_tokens)
                code = " ".join([tokens[i].key for i in code_tokens])
                name = " ".join([tokens[i].key for i in name_tokens])
                start = tokens[min(code_tokens[0], name_tokens[0])].start
                mentions.append(
                    Mention(text[start:b], name, MENTIONED, field, start, code_name=code, known=self.known.kind_of(name) is not None)
                )

        segments = _segments(text, tokens, transparent)
        spans = [_shareable(text, tokens, segment, used) for segment in segments]
        for segment, span in zip(segments, spans):
            if span is None:
                mentions.extend(self._known_in(text, tokens, segment, used, field))
            else:
                mentions.extend(self._known_shared(span, text, tokens, segment, used, field))
        for segment, span in zip(segments, spans):
            if span is None or parts:  # a title part reaches across segments: `_names_someone`, `_fills_part`
                mentions.extend(self._unknown_in(text, tokens, segment, used, field, parts, mentions))
            else:
                mentions.extend(self._unknown_shared(span, text, tokens, segment, used, field))
        return mentions, clarified

    def _known_shared(self, span: str, text: str, tokens: list[_Token], segment: list[int], used: set[int], field: str) -> list[Mention]:
        """`_known_in` of a segment whose printed words decide its names (see `_shareable`), read once per distinct segment.

        Segments recur far more than whole texts (`a matter of principle`, `the
        Geneva Conference`, a pair of names). The words its known names cover
        are kept too: the unknown runs must skip them.
        """
        entry, first = self._segment_names(span), segment[0]
        if entry.known is None:
            found = self._known_in(text, tokens, segment, used, field)
            entry.known = _offsets(found, tokens[first].start)
            entry.covered = [position - first for position in segment if position in used]
            return found
        used.update([first + offset for offset in entry.covered])
        return _placed(entry.known, tokens[first].start, field)

    def _unknown_shared(self, span: str, text: str, tokens: list[_Token], segment: list[int], used: set[int], field: str) -> list[Mention]:
        """`_unknown_in` of such a segment in a text without title parts, after `_known_shared`, read once per distinct segment."""
        entry = self._segment_names(span)
        if entry.unknown is None:
            found = self._unknown_in(text, tokens, segment, used, field, [], [])
            entry.unknown = _offsets(found, tokens[segment[0]].start)
            return found
        return _placed(entry.unknown, tokens[segment[0]].start, field)

    def _segment_names(self, span: str) -> _SegmentNames:
        entry = self._by_span.get(span)
        if entry is None:
            if len(self._by_span) >= _MAX_CACHED_TEXTS:
                self._by_span.clear()
            entry = self._by_span[span] = _SegmentNames()
        return entry

    def _known_in(self, text: str, tokens: list[_Token], segment: list[int], used: set[int], field: str) -> list[Mention]:
        """Longest known name forms in a segment, left to right."""
        found, i = [], 0
        starts_a_name = self._starts_a_name
        # Only the words that begin some known form are visited: most words begin none.
        for start in [k for k, position in enumerate(segment) if starts_a_name[tokens[position].key]]:
            if start < i:
                continue  # inside a form already read
            i = start
            n = self._longest_at(tokens, segment, i, used)
            # `Premier Zhou Enlai`: a form starting one word later that reaches further wins (it must begin one).
            if (
                n
                and i + 1 < len(segment)
                and starts_a_name[tokens[segment[i + 1]].key]
                and i + 1 + self._longest_at(tokens, segment, i + 1, used) > i + n
            ):
                n = 0
            if n:
                window = segment[i : i + n]
                key = " ".join([tokens[t].key for t in window])
                thing = self._named_after(tokens, segment, i + n, used, self._borrowed[key])
                if thing:
                    window = segment[i : i + n + thing]
                else:
                    found.append(_mention(text, tokens, window, key, field, known=True))
                used.update(window)
            i += n or 1
        return found

    def _borrowed_by(self, key: str) -> frozenset[str]:
        """The nouns that turn the known name `key` into the name of something else."""
        if self.known.kind_of(key) == PERSON:
            return NAMED_AFTER_A_PERSON
        return NAMED_AFTER if self.known.place_kind(key) == "city" else frozenset()

    def _named_after(self, tokens: list[_Token], segment: list[int], k: int, used: set[int], nouns: frozenset[str]) -> int:
        """How many words after a known name make it the name of something else (0 when none: see NAMED_AFTER)."""
        if not nouns:
            return 0
        for n, position in enumerate(segment[k : k + _MAX_NAME_MODIFIERS + 1], start=1):
            token = tokens[position]
            if not token.capitalized or position in used:
                return 0
            if token.key in nouns:
                return n
            if token.possessive or token.key in _STOPWORDS or self._longest_at(tokens, segment, k + n - 1, used):
                return 0
        return 0

    def _longest_at(self, tokens: list[_Token], segment: list[int], i: int, used: set[int]) -> int:
        """Length in words of the longest known form starting at segment[i] (0 when none).

        Grows word by word while the words so far begin some known form, so the
        cost is the length of the match, not of the longest form in the authority.
        """
        starts_a_name, kind_of = self._starts_a_name, self._kind_of
        longest, key = 0, ""
        for j in range(i, len(segment)):
            position = segment[j]
            if position in used:
                break
            token = tokens[position]
            key = f"{key} {token.key}" if key else token.key
            if not starts_a_name[key]:
                break
            if kind_of[key] is not None and (j > i or tokens[segment[i]].capitalized):
                longest = j - i + 1
            if token.possessive:
                break
        return longest

    def _unknown_in(
        self,
        text: str,
        tokens: list[_Token],
        segment: list[int],
        used: set[int],
        field: str,
        parts: list[_Part],
        so_far: list[Mention],
    ) -> list[Mention]:
        """Capitalized runs no known form covers: names the curators should see, or lone given/family names.

        A run right before a title or group word (`East German Ambassador`)
        describes someone and is not a name; a run right after an honorific
        (`Comrade Bergold`) is (see `_introduces_name`).
        """
        found = []
        run: list[int] = []
        after_title = False
        for k, position in enumerate([*segment, None]):
            token = tokens[position] if position is not None else None
            if not run and token is not None and not token.capitalized and token.key not in _DESCRIPTORS:
                after_title = False  # a plain lowercase word neither starts a run nor introduces a name
                continue
            if (
                token is not None
                and position not in used
                and len(run) < _MAX_RUN
                and (not run or not parts or _part_at(parts, token.start) == _part_at(parts, tokens[run[0]].start))
                and _continues(text, tokens, run, token)
            ):
                run.append(position)
                continue
            while run and tokens[run[-1]].key in _PARTICLES:
                run.pop()
            descriptor = token is not None and token.key in _DESCRIPTORS
            if run and not descriptor:
                part = _part_at(parts, tokens[run[0]].start)
                in_role_part = (
                    part is not None
                    and part.role != MENTIONED
                    and not self._names_someone(so_far, part)
                    and _fills_part(tokens, run, part, used)
                )
                key = " ".join([tokens[t].key for t in run])
                found.append(_mention(text, tokens, run, key, field, known=False, reportable=after_title or in_role_part))
            run = []
            after_title = descriptor and position not in used and _introduces_name(tokens, segment, k)
        return found

    def _names_someone(self, mentions: list[Mention], part: _Part) -> bool:
        """Whether a person (known or not) is already found in this title part."""
        return any(
            part.start <= m.start < part.end and (not m.known or m.code_name or self._kind_of[m.key] == PERSON)
            for m in mentions
        )

    def _with_roles(self, mentions: list[Mention], parts: list[_Part], clarified: list[tuple[int, int]]) -> list[Mention]:
        """Each mention with the role of the title part it sits in; clarifications and descriptors are only mentioned.

        A place is never a participant, and beside a person in the same list a
        place only locates them (`Lee Chang-chen, Commander ... in China`); an
        organization in the very item that names a person describes that person.
        """
        kind_of = self._kind_of.__getitem__
        person_parts = [(m, _part_at(parts, m.start)) for m in mentions if m.code_name or kind_of(m.key) == PERSON]
        out = []
        for mention in mentions:
            part = _part_at(parts, mention.start)
            role = part.role if part else MENTIONED
            kind = kind_of(mention.key) if mention.known else PERSON
            if mention.code_name is None and clarified and any(a <= mention.start < b for a, b in clarified):
                role = MENTIONED
            elif part and kind == PLACE and (
                role == PARTICIPANT or any(p and p.group == part.group for m, p in person_parts if m is not mention)
            ):
                role = MENTIONED
            elif part and kind == ORGANIZATION and any(p == part for m, p in person_parts if m is not mention):
                role = MENTIONED
            out.append(mention if role == mention.role else mention._replace(role=role))
        return out


def _introduces_name(tokens: list[_Token], segment: list[int], k: int) -> bool:
    """Whether the title word at segment[k] addresses the person named right after it (`Comrade Bergold`).

    Not a group word (`the Chinese Delegation Attending`), not an office word
    (`Undersecretary of Foreign Relations`, `the Party Central Committee`),
    and not a title inside a phrase an article opens (`the Soviet Ambassador
    Personally Presented`, `the General Debate`): such a title is a common
    noun, and the capitalized words after it are Title Case, not a name.
    """
    if tokens[segment[k]].key not in TITLE_WORDS or tokens[segment[k]].key in OFFICE_WORDS:
        return False
    for position in reversed(segment[:k]):
        if tokens[position].key in _ARTICLES:
            return False
        if not tokens[position].capitalized:
            return True
    return True


def _fills_part(tokens: list[_Token], run: list[int], part: _Part, used: set[int]) -> bool:
    """Whether the run is all the part says, titles and articles aside (`the Central Committee`).

    A title part that reads as a phrase (`Relatives of ... Cadres to Go`) is
    not a name, and its capitalized words stay off the curators' worklist.
    """
    rest = [
        t
        for i, t in enumerate(tokens)
        if part.start <= t.start < part.end and i not in run and i not in used and t.key not in _ARTICLES_AND_TITLES
    ]
    return not rest


def _continues(text: str, tokens: list[_Token], run: list[int], token: _Token) -> bool:
    """Whether `token` extends a run of capitalized name words (particles, hyphenated parts and numbers inside)."""
    if token.key in _DESCRIPTORS or (run and tokens[run[-1]].possessive):
        return False
    if token.capitalized:
        return token.key not in _STOPWORDS
    if not run:
        return False
    return token.key in _PARTICLES or token.key.isdigit() or text[tokens[run[-1]].end : token.start] == "-"


def _mention(text: str, tokens: list[_Token], window: list[int], key: str, field: str, *, known: bool, reportable: bool = True) -> Mention:
    start, end = tokens[window[0]].start, tokens[window[-1]].end
    if tokens[window[-1]].possessive:
        end -= 2
    printed = text[start:end]
    if "[" in printed or "]" in printed:  # a bracket the name opens or closes is printed whole
        if printed.count("[") > printed.count("]") and (close := text.find("]", end)) != -1:
            printed = text[start : close + 1]
        if printed.count("]") > printed.count("[") and (opening := text.rfind("[", 0, start)) != -1:
            start, printed = opening, text[opening : start + len(printed)]
    return _NEW_MENTION((printed, key, MENTIONED, field, start, None, known, reportable))


def _word(word: str) -> tuple[str, bool, bool]:
    """(folded key, possessive, capitalized) of one printed word (`_tokens` keeps the answers: words recur)."""
    possessive = bool(_POSSESSIVE.search(word)) and len(word) > 2
    base = word[:-2] if possessive else word
    return fold(base), possessive, base[0].isupper()


_WORD_SPLIT = re.compile(f"({_TOKEN.pattern})")  # `_TOKEN` captured: split gives gap, word, gap, ..., gap
_MAX_CACHED_WORDS = 1 << 17
_WORDS = _Memo(_word, _MAX_CACHED_WORDS)  # `_word` of each word read
_MAKE_TOKEN = partial(tuple.__new__, _Token)
_NEW_MENTION = partial(tuple.__new__, Mention)  # a C call: the NamedTuple constructor is a Python frame
_KEY_OF = attrgetter("key")
_START_OF = attrgetter("start")


def _tokens(text: str) -> list[_Token]:
    """The words of a text with their offsets.

    Splitting on the word pattern makes no match objects and gives the gap
    before each word, so offsets are running sums of lengths; every step maps
    C functions over the pieces (a text has dozens of words, the archive
    millions). A word whose fold is empty is no token.
    """
    pieces = _WORD_SPLIT.split(text)
    offsets = list(accumulate(map(len, pieces)))  # a word starts where the gap before it ends
    spans = zip(offsets[::2], offsets[1::2])
    tokens = list(map(_MAKE_TOKEN, map(tuple.__add__, spans, map(_WORDS.__getitem__, pieces[1::2]))))
    return tokens if all(map(_KEY_OF, tokens)) else [token for token in tokens if token.key]


def _segments(text: str, tokens: list[_Token], transparent: set[int]) -> list[list[int]]:
    """Runs of tokens a name may span: broken by punctuation, possessives, sentence ends and non-insertion brackets."""
    segments: list[list[int]] = []
    current: list[int] = []
    for i, token in enumerate(tokens):
        if current:
            before = tokens[i - 1]
            # One space between two words (the commonest gap) breaks nothing unless a possessive ends the first.
            if (before.possessive or text[before.end : token.start] != " ") and _breaks(text, before, token, transparent):
                segments.append(current)
                current = []
        current.append(i)
    if current:
        segments.append(current)
    return segments


def _breaks(text: str, before: _Token, after: _Token, transparent: set[int]) -> bool:
    if before.possessive:
        return True
    gap = "".join(c for offset, c in enumerate(text[before.end : after.start], before.end) if offset not in transparent)
    if any(c in _HARD_STOPS for c in gap):
        return True
    if gap.strip() == "-" and gap != "-":
        return True
    return "." in gap and len(before.key) > 1 and before.key not in _ABBREVIATIONS and after.capitalized


def _classify_brackets(text: str, tokens: list[_Token], known: KnownNames) -> dict[tuple[int, int], object]:
    """Each bracketed or parenthesised span: "insertion", "clarification", or (code tokens, name tokens).

    The code name usually comes first (`Cuong [Pham Hung]`, `Filippov [Stalin]`);
    when the name before the bracket is a person the authority knows and the
    bracket holds no name form of its own, the person is signing under an
    alias (`Stalin [Kuznetsov]`) and the pair is read the other way round.
    """
    out: dict[tuple[int, int], object] = {}
    starts = ends = None
    for match in _BRACKETED.finditer(text):
        if starts is None:  # words never overlap, so the words inside, before and after a bracket are found by bisection
            starts, ends = [t.start for t in tokens], [t.end for t in tokens]
        a, b = match.span()
        square = match.group().startswith("[")
        first = bisect_right(starts, a)
        inside = list(range(first, bisect_left(ends, b, first)))
        name = _strip_titles(tokens, inside)
        pre = _code_run(text, tokens, bisect_right(ends, a) - 1, a)
        name_like = bool(name) and len(name) <= 5 and "," not in match.group() and all(
            tokens[i].capitalized or tokens[i].key in _PARTICLES for i in name
        ) and not tokens[inside[0]].key in _STOPWORDS
        name_key = " ".join([tokens[i].key for i in name])
        after = bisect_left(starts, b, first)  # only the first word after the bracket can follow it with nothing between
        followed = after < len(tokens) and text[b : starts[after]].strip() == ""
        if not square:
            is_pair = pre and name_like and known.kind_of(name_key) == PERSON and known.kind_of(_key(tokens, pre)) is None
            out[(a, b)] = (pre, name) if is_pair else "clarification"
        elif not name_like:
            out[(a, b)] = "insertion" if followed and inside and tokens[inside[0]].capitalized else "clarification"
        elif pre and _completes(tokens, pre, inside, known):
            out[(a, b)] = "insertion"
        elif pre and (person := _known_person(tokens, pre, known)) and known.kind_of(name_key) is None:
            out[(a, b)] = (name, person)
        elif pre and (known.kind_of(name_key) == PERSON or (known.kind_of(name_key) is None and _set_off(text, tokens, pre))):
            out[(a, b)] = (pre, name)
        elif followed or not pre:
            out[(a, b)] = "insertion"
        else:
            out[(a, b)] = "clarification"
    return out


def _code_run(text: str, tokens: list[_Token], last: int, bracket_start: int) -> list[int]:
    """Capitalized words printed right before a bracket (honorifics excluded): a code name's place.

    `last` is the last word that ends before the bracket.
    """
    run: list[int] = []
    cursor = bracket_start
    for i in range(last, -1, -1):
        token = tokens[i]
        gap = text[token.end : cursor]
        if gap.strip(" .") or not token.capitalized or token.key in TITLE_WORDS or token.possessive:
            break
        if len(run) == _MAX_CODE_WORDS:
            break
        run.insert(0, i)
        cursor = token.start
    return run


def _set_off(text: str, tokens: list[_Token], run: list[int]) -> bool:
    """Whether a code run stands on its own, not as the tail of a longer capitalized phrase.

    `Cde. Filippov [...]` and `to Cuong [...]` are set off; in `Chinese
    Communist Party Central Committee Notice [Zhongfa]` the words before the
    bracket end the name of a document series, and the bracket glosses it.
    """
    if run[0] == 0:
        return True
    before = tokens[run[0] - 1]
    joined = not text[before.end : tokens[run[0]].start].strip(" .")
    honorific = before.key in TITLE_WORDS and before.key not in OFFICE_WORDS
    return not (joined and before.capitalized and before.key not in _STOPWORDS and not honorific)


def _known_person(tokens: list[_Token], run: list[int], known: KnownNames) -> list[int]:
    """The longest tail of `run` that is a person's name form of the authority (empty when none)."""
    return next((run[k:] for k in range(len(run)) if known.kind_of(_key(tokens, run[k:])) == PERSON), [])


def _completes(tokens: list[_Token], pre: list[int], inside: list[int], known: KnownNames) -> bool:
    """True when the bracket finishes the name before it (`Mao [Zedong]`): editor's insertion, not a code name."""
    tail = [tokens[i].key for i in inside]
    return any(known.kind_of(" ".join([tokens[i].key for i in pre[k:]] + tail)) is not None for k in range(len(pre)))


def _strip_titles(tokens: list[_Token], indexes: list[int]) -> list[int]:
    start = 0
    while start < len(indexes) and tokens[indexes[start]].key in TITLE_WORDS:
        start += 1
    return indexes[start:]


def _key(tokens: list[_Token], indexes: list[int]) -> str:
    return " ".join([tokens[i].key for i in indexes])


def _parts_within(parts: list[_Part], pieces: list[tuple[int, int]]) -> list[tuple[tuple[int, int, bool], ...]] | None:
    """For each piece, the parts that meet it, from its start and reporting or not (see `_part_names`).

    None when a part reaches out of a piece. Both lists are in order and
    never overlap themselves, so one walk pairs them.
    """
    within: list[tuple[tuple[int, int, bool], ...]] = []
    k = 0
    for start, end in pieces:
        inside = []
        while k < len(parts) and parts[k].start < end:
            part = parts[k]
            if start < part.end:  # it meets the piece (a part wholly inside a cut meets none)
                if part.start < start or end < part.end:
                    return None
                inside.append((part.start - start, part.end - start, part.role != MENTIONED))
            k += 1
        within.append(tuple(inside))
    return within


def _part_at(parts: list[_Part], offset: int) -> _Part | None:
    for part in parts:
        if part.start <= offset < part.end:
            return part
    return None


