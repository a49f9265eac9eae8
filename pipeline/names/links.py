"""Documents + authority → the name tables: entries with their documents, links, worklist, interactions."""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations

import pandas as pd
import pandera.pandas as pa

from pipeline.frames import typed_columns, typed_frame
from pipeline.names.authority import Authority, Entity
from pipeline.names.mentions import AUTHOR, ORGANIZATION, PARTICIPANT, PERSON, PLACE, RECIPIENT, ROLES, MentionExtractor
from pipeline.names.resolve import DEFAULT_FUZZY_THRESHOLD, METHODS, Match, Resolver
from pipeline.quality import share
from schemas.names import (
    DocumentOrganizationsModel,
    DocumentPeopleModel,
    DocumentPlacesModel,
    InteractionsModel,
    OrganizationsModel,
    PeopleModel,
    PlacesModel,
    UnresolvedMentionsModel,
)

EXAMPLE_DOCUMENTS = 3
_ID_COLUMN = {PERSON: "person_id", ORGANIZATION: "organization_id", PLACE: "place_id"}
_ENTRY = "entry_id"  # a link column, named after its kind's id column in the published frame
_LINK_COLUMNS = ("document_id", _ENTRY, "role", "mention_text", "method", "score", "mention_count")


@dataclass
class NameTables:
    """The name stage's output tables, and the counts its checks report."""

    people: pd.DataFrame
    organizations: pd.DataFrame
    places: pd.DataFrame
    document_people: pd.DataFrame
    document_organizations: pd.DataFrame
    document_places: pd.DataFrame
    unresolved_mentions: pd.DataFrame
    interactions: pd.DataFrame
    mentions: int
    unresolved: int

    @property
    def unresolved_share(self) -> float:
        """Share of the reportable mentions no entry matched (what the curators have left to do)."""
        return share(self.unresolved, self.mentions)


@dataclass
class DocumentLinks:
    """What one chunk of documents adds to the name tables (picklable, so chunks can be linked in other processes).

    `links` holds, per kind, one tuple per link (in `_LINK_COLUMNS` order);
    `unresolved` maps each unresolved folded name to the printed forms counted,
    the documents it appears in (in order, once each) and its mention count.
    """

    links: dict[str, list[tuple]]
    unresolved: dict[str, dict]
    interactions: list[dict]
    mentions: int


def build_name_tables(
    documents: pd.DataFrame, authority: Authority, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> NameTables:
    """Extract, resolve and link the names of every document against `authority`.

    One link per document and entry: its strongest role, and the printed form
    and method of the mention that gave that role.
    """
    return assemble_name_tables([link_documents(documents, authority, fuzzy_threshold)], documents, authority, fuzzy_threshold)


def link_documents(
    documents: pd.DataFrame, authority: Authority, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> DocumentLinks:
    """The map step: links, unresolved mentions and interactions of a chunk of documents, in document order."""
    with _collector_paused():
        return _link(documents, Resolver(authority, fuzzy_threshold=fuzzy_threshold))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration, then restore it as it was.

    Linking makes millions of small objects (words, mentions, rows) and no
    reference cycle: reference counting frees them all, while the collections
    their allocations would trigger cost time and free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _link(documents: pd.DataFrame, resolver: Resolver) -> DocumentLinks:
    extractor = MentionExtractor(resolver)
    links: dict[str, list[tuple]] = {kind: [] for kind in _ID_COLUMN}
    unresolved: dict[str, dict] = {}
    interactions: list[dict] = []
    mention_total = 0
    for document_id, title, summary, date_start in documents[["document_id", "title", "summary", "date_start"]].itertuples(
        index=False, name=None
    ):
        resolved = resolver.document(extractor.document(title, summary if isinstance(summary, str) else None))
        mention_total += len(resolved.links) + len(resolved.unresolved)
        grouped: dict[tuple[str, str], list[tuple]] = defaultdict(list)
        for mention, match in resolved.links:
            grouped[(match.kind, match.entry_id)].append((mention, match))
        roles: dict[str, str] = {}
        for (kind, entry_id), found in grouped.items():
            mention, match = min(found, key=_strength) if len(found) > 1 else found[0]
            links[kind].append((document_id, entry_id, mention.role, mention.text, match.method, match.score, len(found)))
            if kind == PERSON:
                roles[entry_id] = mention.role
        if len(roles) > 1:
            interactions.extend(_interactions(document_id, date_start, roles))
        for mention in resolved.unresolved:
            entry = unresolved.setdefault(mention.key, {"printed": Counter(), "documents": {}, "count": 0})
            entry["printed"][mention.text] += 1
            entry["count"] += 1
            entry["documents"][document_id] = None
    return DocumentLinks(links, unresolved, interactions, mention_total)


def assemble_name_tables(
    parts: Sequence[DocumentLinks],
    documents: pd.DataFrame,
    authority: Authority,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
) -> NameTables:
    """The reduce step: the name tables of `documents` from the links of its consecutive chunks, in order.

    The result is the same however the documents were chunked.
    """
    links = {kind: [row for part in parts for row in part.links[kind]] for kind in _ID_COLUMN}
    unresolved = _merge_unresolved(parts)
    document_people = _links_frame(links[PERSON], DocumentPeopleModel, "person_id")
    document_organizations = _links_frame(links[ORGANIZATION], DocumentOrganizationsModel, "organization_id")
    document_places = _links_frame(links[PLACE], DocumentPlacesModel, "place_id")
    dates = documents.set_index("document_id")[["date_start", "date_end"]]
    interactions = [row for part in parts for row in part.interactions]
    return NameTables(
        people=_people(authority, document_people, dates),
        organizations=_entities(authority.organizations, document_organizations, dates, "organization_id", OrganizationsModel),
        places=_entities(authority.places, document_places, dates, "place_id", PlacesModel),
        document_people=document_people,
        document_organizations=document_organizations,
        document_places=document_places,
        unresolved_mentions=_worklist(unresolved, Resolver(authority, fuzzy_threshold=fuzzy_threshold), authority),
        interactions=typed_frame(sorted(interactions, key=_interaction_order), InteractionsModel),
        mentions=sum(part.mentions for part in parts),
        unresolved=sum(entry["count"] for entry in unresolved.values()),
    )


def _merge_unresolved(parts: Sequence[DocumentLinks]) -> dict[str, dict]:
    """The chunks' unresolved names as one chunk would have counted them (first seen first, documents in order)."""
    merged: dict[str, dict] = {}
    for part in parts:
        for key, found in part.unresolved.items():
            entry = merged.setdefault(key, {"printed": Counter(), "documents": {}, "count": 0})
            entry["printed"].update(found["printed"])
            entry["documents"].update(found["documents"])
            entry["count"] += found["count"]
    return merged


def _interaction_order(row: dict) -> tuple:
    return (row["document_id"], row["kind"], row["person_id"], row["other_person_id"])


def _strength(found: tuple) -> tuple:
    """Strongest role first, then the surest method, then the title before the summary."""
    mention, match = found
    return (ROLES.index(mention.role), METHODS.index(match.method), -match.score, mention.field != "title", mention.start)


def _links_frame(rows: list[tuple], model: type[pa.DataFrameModel], id_column: str) -> pd.DataFrame:
    """One kind's links, column by column (no dict per row), sorted by document and entry."""
    if not rows:
        return typed_frame([], model)  # empty lists would make float columns; no rows keeps text columns `object`
    names = [id_column if name == _ENTRY else name for name in _LINK_COLUMNS]
    frame = typed_columns(dict(zip(names, map(list, zip(*rows)))), model)
    return frame.sort_values(["document_id", id_column], kind="stable").reset_index(drop=True)


def _interactions(document_id: str, date_start: object, roles: dict[str, str]) -> list[dict]:
    """Author → recipient pairs (`wrote_to`); pairs among participants, the record's author included (`met`)."""
    by_role: dict[str, list[str]] = defaultdict(list)
    for person_id, role in sorted(roles.items()):
        by_role[role].append(person_id)
    when = None if pd.isna(date_start) else date_start
    rows = [
        {"document_id": document_id, "person_id": a, "other_person_id": r, "kind": "wrote_to", "date_start": when}
        for a in by_role[AUTHOR]
        for r in by_role[RECIPIENT]
    ]
    if by_role[PARTICIPANT]:
        met = sorted(set(by_role[PARTICIPANT]) | set(by_role[AUTHOR]))
        rows.extend(
            {"document_id": document_id, "person_id": a, "other_person_id": b, "kind": "met", "date_start": when}
            for a, b in combinations(met, 2)
        )
    return rows


def _span(links: pd.DataFrame, id_column: str, dates: pd.DataFrame) -> pd.DataFrame:
    """Per entry: distinct documents, counts by role, first and last day."""
    if links.empty:
        return pd.DataFrame(columns=["document_count", "first_date", "last_date", *ROLES]).rename_axis(id_column)
    joined = links.join(dates, on="document_id")
    grouped = joined.groupby(id_column)
    spans = pd.DataFrame(
        {
            "document_count": grouped["document_id"].nunique(),
            "first_date": grouped["date_start"].agg(lambda s: min(s.dropna(), default=None)),
            "last_date": grouped["date_end"].agg(lambda s: max(s.dropna(), default=None)),
        }
    )
    role_counts = joined.groupby([id_column, "role"])["document_id"].nunique().unstack(fill_value=0)
    return spans.join(role_counts.reindex(columns=list(ROLES), fill_value=0))


def _people(authority: Authority, links: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    spans = _span(links, "person_id", dates)
    rows = []
    for person in authority.people.values():
        span = spans.loc[person.person_id] if person.person_id in spans.index else None
        rows.append(
            {
                "person_id": person.person_id,
                "display_name": person.display_name,
                "sort_name": person.sort_name,
                "native_name": person.native_name,
                **_counts(span),
                "author_count": int(span[AUTHOR]) if span is not None else 0,
                "recipient_count": int(span[RECIPIENT]) if span is not None else 0,
                "participant_count": int(span[PARTICIPANT]) if span is not None else 0,
            }
        )
    return typed_frame(sorted(rows, key=lambda r: r["person_id"]), PeopleModel)


def _entities(
    entries: dict[str, Entity], links: pd.DataFrame, dates: pd.DataFrame, id_column: str, model: type[pa.DataFrameModel]
) -> pd.DataFrame:
    spans = _span(links, id_column, dates)
    rows = [
        {
            id_column: entity.entity_id,
            "name": entity.name,
            "kind": entity.kind,
            "country": entity.country,
            **_counts(spans.loc[entity.entity_id] if entity.entity_id in spans.index else None),
        }
        for entity in entries.values()
    ]
    return typed_frame(sorted(rows, key=lambda r: r[id_column]), model)


def _counts(span: pd.Series | None) -> dict:
    if span is None:
        return {"document_count": 0, "first_date": None, "last_date": None}
    return {
        "document_count": int(span["document_count"]),
        "first_date": span["first_date"] if pd.notna(span["first_date"]) else None,
        "last_date": span["last_date"] if pd.notna(span["last_date"]) else None,
    }


def _worklist(unresolved: dict[str, dict], resolver: Resolver, authority: Authority) -> pd.DataFrame:
    """One row per distinct unresolved name, commonest first, with the closest entry as a hint."""
    rows = []
    for key, entry in unresolved.items():
        suggestion = resolver.suggest(key)
        rows.append(
            {
                "name": entry["printed"].most_common(1)[0][0],
                "folded": key,
                "mention_count": entry["count"],
                "document_count": len(entry["documents"]),
                "example_documents": "; ".join(sorted(entry["documents"])[:EXAMPLE_DOCUMENTS]),
                "suggestion_kind": suggestion.kind if suggestion else None,
                "suggestion_id": suggestion.entry_id if suggestion else None,
                "suggestion_name": _entry_name(authority, suggestion) if suggestion else None,
                "suggestion_score": suggestion.score if suggestion else None,
            }
        )
    rows.sort(key=lambda r: (-r["mention_count"], r["folded"]))
    return typed_frame(rows, UnresolvedMentionsModel)


def _entry_name(authority: Authority, match: Match) -> str:
    if match.kind == PERSON:
        return authority.people[match.entry_id].display_name
    entries = authority.organizations if match.kind == ORGANIZATION else authority.places
    return entries[match.entry_id].name
