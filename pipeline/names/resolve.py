"""Resolve mentions to entries of the authority, recording how and how surely.

Methods, tried in this order, the first that answers wins:

1. `exact_variant` — the folded name is a name form of exactly one entry;
2. `code_name` — the folded code name (`Cuong`, `Filippov`) belongs to one person;
3. `fuzzy` — optimal-string-alignment similarity (Levenshtein where a
   transposed pair of letters, the archive's commonest typo, costs one edit)
   at or above the threshold, and only when no other entry scores within the
   margin of the best;
4. `lone_name` — a single given or family name (`Zedong`, `Kim`) that belongs
   to exactly one person already resolved in the same document.

Nothing is ever guessed below the threshold and two entries are never
merged: the authority refuses a name form shared by two entries, and a tie
leaves the mention unresolved with the best suggestion for the curators.
Answers are cached per distinct string, since the same names recur across
the archive and the resolver must keep up with a million items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pipeline.names.authority import Authority, Person, fold
from pipeline.names.mentions import ORGANIZATION, PERSON, PLACE, Mention

EXACT, CODE_NAME, FUZZY, LONE_NAME = "exact_variant", "code_name", "fuzzy", "lone_name"
METHODS = (EXACT, CODE_NAME, FUZZY, LONE_NAME)
DEFAULT_FUZZY_THRESHOLD = 85.0
DEFAULT_FUZZY_MARGIN = 3.0
MIN_FUZZY_LENGTH = 5  # shorter names are too close to each other to compare safely
_CANDIDATES = 8


@dataclass(frozen=True)
class Match:
    """An entry a mention resolved to, with the method and a score out of 100."""

    kind: str
    entry_id: str
    method: str
    score: float


@dataclass
class ResolvedDocument:
    """A document's mentions, split into resolved links and the ones the curators must look at."""

    links: list[tuple[Mention, Match]] = field(default_factory=list)
    unresolved: list[Mention] = field(default_factory=list)


class Resolver:
    """Lookups against one loaded authority, with folded indexes built once."""

    def __init__(
        self,
        authority: Authority,
        fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
        fuzzy_margin: float = DEFAULT_FUZZY_MARGIN,
    ) -> None:
        self.authority = authority
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_margin = fuzzy_margin
        owners: dict[str, tuple[str, str]] = {}
        for kind, entries, entry_id in (
            (PERSON, authority.people.values(), lambda e: e.person_id),
            (ORGANIZATION, authority.organizations.values(), lambda e: e.entity_id),
            (PLACE, authority.places.values(), lambda e: e.entity_id),
        ):
            for entry in entries:
                for form in entry.name_forms:
                    owners[fold(form)] = (kind, entry_id(entry))
        self._kinds = {key: kind for key, (kind, _) in owners.items()}
        self._choices = list(owners)
        self._owners = [owners[key] for key in self._choices]
        self._person_choices = [key for key in self._choices if owners[key][0] == PERSON]
        self._person_owners = [owners[key] for key in self._person_choices]
        self._prefixes = {" ".join(words[:n]) for words in map(str.split, owners) for n in range(1, len(words) + 1)}
        self._lone_keys = {person.person_id: _lone_keys(person) for person in authority.people.values()}
        self._exact: dict[str, Match | None] = {}
        self._answers: dict[tuple[str, str | None, bool], Match | None] = {}
        self._fuzzy: dict[tuple[str, bool, bool], tuple[Match | None, Match | None]] = {}

    def kind_of(self, key: str) -> str | None:
        """PERSON, ORGANIZATION or PLACE when `key` is a name form of the authority (extraction asks this).

        A plain lookup, not `exact`: extraction asks it of every word it reads.
        """
        return self._kinds.get(key)

    def starts_a_name(self, key: str) -> bool:
        """True when some name form of the authority begins with the words of `key`."""
        return key in self._prefixes

    def name_words(self) -> frozenset[str]:
        """Every word some name form of the authority is made of (extraction cuts texts at other words)."""
        return frozenset(word for key in self._kinds for word in key.split())

    def name_pairs(self) -> frozenset[tuple[str, str]]:
        """Every two words printed one after the other in some name form of the authority (extraction asks this once)."""
        return frozenset(pair for key in self._kinds for words in [key.split()] for pair in zip(words, words[1:]))

    def place_kind(self, key: str) -> str | None:
        """The kind of place (`city`, `country`, ...) `key` names, None when it names no place (extraction asks this)."""
        match = self.exact(key)
        return self.authority.places[match.entry_id].kind if match and match.kind == PLACE else None

    def exact(self, key: str) -> Match | None:
        """The entry one of whose name forms folds to `key`."""
        if key not in self._exact:
            self._exact[key] = _exact(self.authority, key)
        return self._exact[key]

    def resolve(self, mention: Mention) -> Match | None:
        """Methods 1–3 for one mention (the lone-name method needs the whole document: see `document`)."""
        cache_key = (mention.key, mention.code_name, mention.reportable)
        if cache_key not in self._answers:
            self._answers[cache_key] = self._resolve(mention)
        return self._answers[cache_key]

    def suggest(self, key: str) -> Match | None:
        """The closest entry whatever its score: a hint for the curators, never a link."""
        return self._fuzzy_pair(key, people_only=False, suggest=True)[1]

    def document(self, mentions: list[Mention]) -> ResolvedDocument:
        """Resolve every mention of one document, then give lone names to the people it already names."""
        result = ResolvedDocument()
        pending: list[Mention] = []
        answers = self._answers
        for mention in mentions:
            cache_key = (mention.key, mention.code_name, mention.reportable)
            match = answers[cache_key] if cache_key in answers else self.resolve(mention)  # a hit asked inline: most are
            if match:
                result.links.append((mention, match))
            else:
                pending.append(mention)
        if not pending:
            return result
        present = sorted({match.entry_id for _, match in result.links if match.kind == PERSON and match.method != LONE_NAME})
        for mention in pending:
            lone = " " not in mention.key
            owners = [person_id for person_id in present if mention.key in self._lone_keys[person_id]] if lone else []
            if len(owners) == 1:
                result.links.append((mention, Match(PERSON, owners[0], LONE_NAME, 100.0)))
            elif mention.reportable:
                result.unresolved.append(mention)
        return result

    def _resolve(self, mention: Mention) -> Match | None:
        if match := self.exact(mention.key):
            return match
        code = mention.code_name or (mention.key if mention.reportable else None)
        if code and (person := self.authority.person_by_code_name(code)):
            return Match(PERSON, person.person_id, CODE_NAME, 100.0)
        return self._fuzzy_pair(mention.key, people_only=not mention.reportable)[0]

    def _fuzzy_pair(self, key: str, people_only: bool, suggest: bool = False) -> tuple[Match | None, Match | None]:
        """(the fuzzy match if unambiguous and above the threshold, the best candidate).

        Without `suggest`, candidates too far below the threshold to matter are
        never scored (the fast path every mention takes); with it, the best
        candidate is found whatever its score.
        """
        cache_key = (key, people_only, suggest)
        if cache_key not in self._fuzzy:
            self._fuzzy[cache_key] = self._score(key, people_only, 0.0 if suggest else self.fuzzy_threshold - self.fuzzy_margin)
        return self._fuzzy[cache_key]

    def _score(self, key: str, people_only: bool, cutoff: float) -> tuple[Match | None, Match | None]:
        if len(key) < MIN_FUZZY_LENGTH or not self._choices:
            return None, None
        choices, owners = (self._person_choices, self._person_owners) if people_only else (self._choices, self._owners)
        scored = process.extract(
            key, choices, scorer=OSA.normalized_similarity, limit=_CANDIDATES, score_cutoff=max(cutoff, 0.0) / 100
        )
        best: dict[tuple[str, str], float] = {}
        for _, similarity, index in scored:
            owner = owners[index]
            best[owner] = max(best.get(owner, 0.0), round(similarity * 100, 1))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        if not ranked:
            return None, None
        (kind, entry_id), score = ranked[0]
        suggestion = Match(kind, entry_id, FUZZY, score)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        sure = score >= self.fuzzy_threshold and score - runner_up >= self.fuzzy_margin
        return (suggestion if sure else None), suggestion


def _exact(authority: Authority, key: str) -> Match | None:
    if person := authority.person_by_variant(key):
        return Match(PERSON, person.person_id, EXACT, 100.0)
    if organization := authority.organization_by_variant(key):
        return Match(ORGANIZATION, organization.entity_id, EXACT, 100.0)
    if place := authority.place_by_variant(key):
        return Match(PLACE, place.entity_id, EXACT, 100.0)
    return None


def _lone_keys(person: Person) -> frozenset[str]:
    """Single words a document may call a person by once it has named them in full.

    The family name, the given name, and the last word of a given name (the
    usual short form of Vietnamese names: Vo Quang Ho is `Comrade Ho`).
    """
    keys = {fold(person.family_name)}
    if person.given_name:
        given = fold(person.given_name)
        keys.update({given, given.split()[-1]} if given else set())
    return frozenset(k for k in keys if k)
