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
import pyarrow as arrow
import pyarrow.compute as compute

from pipeline.frames import contiguous, plain_columns, typed_columns
from pipeline.publish.files import file_schema
from pipeline.names.authority import Authority, Entity
from pipeline.names.mentions import AUTHOR, ORGANIZATION, PARTICIPANT, PERSON, PLACE, RECIPIENT, ROLES, Mention, MentionExtractor
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
READER_DOCUMENTS = 100_000  # documents a resolver and extractor read before they are made anew (see `_reader`)
_ID_COLUMN = {PERSON: "person_id", ORGANIZATION: "organization_id", PLACE: "place_id"}
_ENTRY = "entry_id"  # a link column, named after its kind's id column in the published frame
_LINK_COLUMNS = ("document_id", _ENTRY, "role", "mention_text", "method", "score", "mention_count")
_LINK_MODELS = {PERSON: DocumentPeopleModel, ORGANIZATION: DocumentOrganizationsModel, PLACE: DocumentPlacesModel}
_LINK_TABLE = {PERSON: "document_people", ORGANIZATION: "document_organizations", PLACE: "document_places"}
_INTERACTION_ORDER = ("document_id", "kind", "person_id", "other_person_id")
# The tables made of every chunk's rows, and the keys that give their publishing order.
ROW_ORDER: dict[str, list[tuple[str, str]]] = {
    **{_LINK_TABLE[kind]: [("document_id", "ascending"), (id_column, "ascending")] for kind, id_column in _ID_COLUMN.items()},
    "interactions": [(name, "ascending") for name in _INTERACTION_ORDER],
}
# The name stage's tables, in the order NameTables holds them.
NAME_TABLES: dict[str, type[pa.DataFrameModel]] = {
    "people": PeopleModel,
    "organizations": OrganizationsModel,
    "places": PlacesModel,
    "document_people": DocumentPeopleModel,
    "document_organizations": DocumentOrganizationsModel,
    "document_places": DocumentPlacesModel,
    "unresolved_mentions": UnresolvedMentionsModel,
    "interactions": InteractionsModel,
}


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

    `links` holds, per kind, the chunk's links as an Arrow table in the
    published schema, unsorted; `interactions` likewise. `unresolved` maps
    each unresolved folded name to the printed forms counted, how many of the
    chunk's documents print it, the first `EXAMPLE_DOCUMENTS` of those ids in
    sorted order, and its mention count. `spans` holds, per kind and entry,
    its documents in all and by role and its first and last days. Chunks
    never share a document, so all of these add up exactly across chunks.
    """

    links: dict[str, arrow.Table]
    unresolved: dict[str, dict]
    interactions: arrow.Table
    spans: dict[str, dict[str, dict]]
    mentions: int

    def take_rows(self) -> dict[str, arrow.Table]:
        """The chunk's rows by table name (the tables of ROW_ORDER), handed over to be kept elsewhere.

        The chunk keeps its counts, and empty tables in place of its rows:
        `link_tables` of such chunks still gives the entry tables and the worklist.
        """
        rows = {_LINK_TABLE[kind]: table for kind, table in self.links.items()}
        rows["interactions"] = self.interactions
        self.links = {kind: table.schema.empty_table() for kind, table in self.links.items()}
        self.interactions = self.interactions.schema.empty_table()
        return rows


@dataclass
class LinkedNames:
    """The name tables in Arrow, for a build that never holds them as pandas.

    `order` gives, for the large tables, the row order to publish them in
    (sorted by their key columns): taking rows in that order a slice at a
    time spares a sorted copy of a table with millions of rows.
    """

    tables: dict[str, arrow.Table]
    order: dict[str, arrow.Array]
    mentions: int
    unresolved: int

    def sorted(self, name: str) -> arrow.Table:
        """Table `name` in its publishing order (a copy)."""
        return self.tables[name].take(self.order[name]) if name in self.order else self.tables[name]


def build_name_tables(
    documents: pd.DataFrame, authority: Authority, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> NameTables:
    """Extract, resolve and link the names of every document against `authority`.

    One link per document and entry: its strongest role, and the printed form
    and method of the mention that gave that role.
    """
    return assemble_name_tables([link_documents(documents, authority, fuzzy_threshold)], authority, fuzzy_threshold)


def link_documents(
    documents: pd.DataFrame, authority: Authority, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> DocumentLinks:
    """The map step: links, unresolved mentions and interactions of a chunk of documents, in document order."""
    with _collector_paused():
        reader = _reader(authority, fuzzy_threshold, len(documents))
        return _link(documents, reader.resolver, reader.extractor)


@dataclass
class _Reader:
    """A resolver and extractor for one authority, kept from chunk to chunk, and the documents they have read."""

    authority: Authority
    fuzzy_threshold: float
    resolver: Resolver
    extractor: MentionExtractor
    documents: int = 0


_last_reader: _Reader | None = None  # a worker links one chunk after another against one authority


def _reader(authority: Authority, fuzzy_threshold: float, documents: int) -> _Reader:
    """The reader of the previous chunk when it read the same authority and has not read READER_DOCUMENTS yet.

    Its caches (words, pieces of text, answers) stay warm from one of a
    worker's batches to the next: about a tenth less work a batch. The
    extractor's caches are bounded, the resolver's grow with the distinct
    names it is asked; so a reader is renewed after READER_DOCUMENTS.
    """
    global _last_reader
    last = _last_reader
    if last is None or last.authority is not authority or last.fuzzy_threshold != fuzzy_threshold or last.documents >= READER_DOCUMENTS:
        resolver = Resolver(authority, fuzzy_threshold=fuzzy_threshold)
        last = _last_reader = _Reader(authority, fuzzy_threshold, resolver, MentionExtractor(resolver))
    last.documents += documents
    return last


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


def _link(documents: pd.DataFrame, resolver: Resolver, extractor: MentionExtractor) -> DocumentLinks:
    links: dict[str, list[tuple]] = {kind: [] for kind in _ID_COLUMN}
    unresolved: dict[str, dict] = {}
    interactions: list[tuple] = []
    spans: dict[str, dict[str, dict]] = {kind: {} for kind in _ID_COLUMN}
    mention_total = 0
    rows = documents[["document_id", "title", "summary", "date_start", "date_end"]].itertuples(index=False, name=None)
    for document_id, title, summary, date_start, date_end in rows:
        resolved = resolver.document(extractor.document(title, summary if isinstance(summary, str) else None))
        mention_total += len(resolved.links) + len(resolved.unresolved)
        first, last = _present(date_start), _present(date_end)  # asked once a document, not once a link
        roles: dict[str, str] = {}
        for (kind, entry_id), found in _by_entry(resolved.links).items():
            mention, match = min(found, key=_strength) if len(found) > 1 else found[0]
            links[kind].append((document_id, entry_id, mention.role, mention.text, match.method, match.score, len(found)))
            _count_link(spans[kind], entry_id, mention.role, first, last)
            if kind == PERSON:
                roles[entry_id] = mention.role
        if len(roles) > 1:
            interactions.extend(_interactions(document_id, first, roles))
        for mention in resolved.unresolved:
            entry = unresolved.setdefault(mention.key, {"printed": Counter(), "documents": {}, "count": 0})
            entry["printed"][mention.text] += 1
            entry["count"] += 1
            entry["documents"][document_id] = None
    for entry in unresolved.values():
        printed_in = entry.pop("documents")
        entry["documents"], entry["examples"] = len(printed_in), sorted(printed_in)[:EXAMPLE_DOCUMENTS]
    return DocumentLinks(
        {kind: _links_table(rows, kind) for kind, rows in links.items()},
        unresolved,
        _interactions_table(interactions),
        spans,
        mention_total,
    )


def _by_entry(links: list[tuple[Mention, Match]]) -> dict[tuple[str, str], list[tuple[Mention, Match]]]:
    """A document's resolved mentions by the entry they name, in the order they are printed."""
    grouped: dict[tuple[str, str], list[tuple[Mention, Match]]] = {}
    for found in links:
        key = (found[1].kind, found[1].entry_id)
        if key in grouped:
            grouped[key].append(found)
        else:
            grouped[key] = [found]
    return grouped


def _count_link(spans: dict[str, dict], entry_id: str, role: str, first: object, last: object) -> None:
    """Count one document's link to an entry: documents in all, by role, and the earliest and latest days.

    `first` and `last` are the document's days, None when missing (see `_present`).
    """
    span = spans.get(entry_id)
    if span is None:
        span = spans[entry_id] = {"document_count": 1, "first_date": first, "last_date": last, **dict.fromkeys(ROLES, 0)}
        span[role] = 1
        return
    span["document_count"] += 1
    span[role] += 1
    _stretch(span, first, last)


def _widen(span: dict, first: object, last: object) -> None:
    """Stretch `span`'s first and last dates to cover `first` and `last` (missing dates stretch nothing)."""
    _stretch(span, _present(first), _present(last))


def _stretch(span: dict, first: object, last: object) -> None:
    """Stretch `span`'s first and last dates to cover `first` and `last` (None stretches nothing)."""
    if first is not None and (span["first_date"] is None or first < span["first_date"]):  # type: ignore[operator]
        span["first_date"] = first
    if last is not None and (span["last_date"] is None or last > span["last_date"]):  # type: ignore[operator]
        span["last_date"] = last


def _present(value: object) -> object:
    """`value`, or None when it is missing (None, NaT or NaN)."""
    return None if value is None or value is pd.NaT or (isinstance(value, float) and value != value) else value


def assemble_name_tables(
    parts: Sequence[DocumentLinks], authority: Authority, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> NameTables:
    """The reduce step: the name tables from the links of the documents' chunks, as frames in their models' dtypes.

    The result is the same however the documents were chunked.
    """
    linked = link_tables(parts, authority, fuzzy_threshold)
    frames = {name: typed_columns(linked.sorted(name).to_pydict(), model) for name, model in NAME_TABLES.items()}
    return NameTables(**frames, mentions=linked.mentions, unresolved=linked.unresolved)


def link_tables(
    parts: Sequence[DocumentLinks], authority: Authority, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> LinkedNames:
    """The reduce step in Arrow: every name table from the chunks' links.

    The result is the same whatever the chunks and their order.
    """
    links = {kind: _concat([part.links[kind] for part in parts], _LINK_MODELS[kind]) for kind in _ID_COLUMN}
    unresolved = _merge_unresolved(parts)
    interactions = _concat([part.interactions for part in parts], InteractionsModel)
    tables = {
        "people": _people(authority, _merge_spans(parts, PERSON)),
        "organizations": _entities(authority.organizations, _merge_spans(parts, ORGANIZATION), ORGANIZATION, OrganizationsModel),
        "places": _entities(authority.places, _merge_spans(parts, PLACE), PLACE, PlacesModel),
        **{_LINK_TABLE[kind]: links[kind] for kind in _ID_COLUMN},
        "unresolved_mentions": _worklist(unresolved, Resolver(authority, fuzzy_threshold=fuzzy_threshold), authority),
        "interactions": interactions,
    }
    order = {name: compute.sort_indices(plain_columns(tables[name], [key for key, _ in keys]), keys) for name, keys in ROW_ORDER.items()}
    return LinkedNames(
        tables,
        order,
        mentions=sum(part.mentions for part in parts),
        unresolved=sum(entry["count"] for entry in unresolved.values()),
    )


def _concat(tables: list[arrow.Table], model: type[pa.DataFrameModel]) -> arrow.Table:
    return contiguous(arrow.concat_tables(tables)) if tables else file_schema(model).empty_table()


def _merge_unresolved(parts: Sequence[DocumentLinks]) -> dict[str, dict]:
    """The chunks' unresolved names as one chunk would have counted them (printed forms first seen first)."""
    merged: dict[str, dict] = {}
    for part in parts:
        for key, found in part.unresolved.items():
            entry = merged.setdefault(key, {"printed": Counter(), "documents": 0, "examples": [], "count": 0})
            entry["printed"].update(found["printed"])
            entry["documents"] += found["documents"]
            entry["examples"] = sorted(entry["examples"] + found["examples"])[:EXAMPLE_DOCUMENTS]
            entry["count"] += found["count"]
    return merged


def _strength(found: tuple) -> tuple:
    """Strongest role first, then the surest method, then the title before the summary."""
    mention, match = found
    return (ROLES.index(mention.role), METHODS.index(match.method), -match.score, mention.field != "title", mention.start)


def _links_table(rows: list[tuple], kind: str) -> arrow.Table:
    """One kind's links as Arrow, column by column (no dict per row), in the order they were made.

    The columns that repeat a few values (the entry, the role, the printed
    form, the method) are dictionary-encoded: a build of millions of links
    holds them all until it sorts them, at about half the bytes. Writing
    them casts them back to text.
    """
    schema = file_schema(_LINK_MODELS[kind])
    columns = list(zip(*rows)) if rows else [()] * len(_LINK_COLUMNS)
    table = arrow.table([arrow.array(column, field.type) for column, field in zip(columns, schema)], schema=schema)
    for name in (_ID_COLUMN[kind], "role", "mention_text", "method"):
        table = table.set_column(table.schema.get_field_index(name), name, compute.dictionary_encode(table[name]))
    return table


def _interactions(document_id: str, when: object, roles: dict[str, str]) -> list[tuple]:
    """Author → recipient pairs (`wrote_to`); pairs among participants, the record's author included (`met`).

    Rows in the columns' order (see `_interactions_table`); `when` is the document's first day or None.
    """
    by_role: dict[str, list[str]] = defaultdict(list)
    for person_id, role in sorted(roles.items()):
        by_role[role].append(person_id)
    rows = [(document_id, a, r, "wrote_to", when) for a in by_role[AUTHOR] for r in by_role[RECIPIENT]]
    if by_role[PARTICIPANT]:
        met = sorted(set(by_role[PARTICIPANT]) | set(by_role[AUTHOR]))
        rows.extend((document_id, a, b, "met", when) for a, b in combinations(met, 2))
    return rows


def _interactions_table(rows: list[tuple]) -> arrow.Table:
    """Interaction rows (document, person, other person, kind, first day) as Arrow, column by column."""
    schema = file_schema(InteractionsModel)
    columns = list(zip(*rows)) if rows else [()] * len(schema)
    return arrow.Table.from_arrays([arrow.array(column, field.type) for column, field in zip(columns, schema)], schema=schema)


def _merge_spans(parts: Sequence[DocumentLinks], kind: str) -> dict[str, dict]:
    """Per linked entry of `kind`, its chunks' counts added up and their dates stretched (chunks share no document)."""
    merged: dict[str, dict] = {}
    for part in parts:
        for entry_id, found in part.spans[kind].items():
            span = merged.get(entry_id)
            if span is None:
                merged[entry_id] = dict(found)
                continue
            for name in ("document_count", *ROLES):
                span[name] += found[name]
            _widen(span, found["first_date"], found["last_date"])
    return merged


def _people(authority: Authority, spans: dict[str, dict]) -> arrow.Table:
    rows = []
    for person in authority.people.values():
        span = spans.get(person.person_id)
        rows.append(
            {
                "person_id": person.person_id,
                "display_name": person.display_name,
                "sort_name": person.sort_name,
                "native_name": person.native_name,
                **_counts(span),
                "author_count": span[AUTHOR] if span else 0,
                "recipient_count": span[RECIPIENT] if span else 0,
                "participant_count": span[PARTICIPANT] if span else 0,
            }
        )
    return arrow.Table.from_pylist(sorted(rows, key=lambda r: r["person_id"]), schema=file_schema(PeopleModel))


def _entities(entries: dict[str, Entity], spans: dict[str, dict], kind: str, model: type[pa.DataFrameModel]) -> arrow.Table:
    id_column = _ID_COLUMN[kind]
    rows = [
        {id_column: entity.entity_id, "name": entity.name, "kind": entity.kind, "country": entity.country, **_counts(spans.get(entity.entity_id))}
        for entity in entries.values()
    ]
    return arrow.Table.from_pylist(sorted(rows, key=lambda r: r[id_column]), schema=file_schema(model))


def _counts(span: dict | None) -> dict:
    if span is None:
        return {"document_count": 0, "first_date": None, "last_date": None}
    return {"document_count": span["document_count"], "first_date": span["first_date"], "last_date": span["last_date"]}


def _worklist(unresolved: dict[str, dict], resolver: Resolver, authority: Authority) -> arrow.Table:
    """One row per distinct unresolved name, commonest first, with the closest entry as a hint."""
    rows = []
    for key, entry in unresolved.items():
        suggestion = resolver.suggest(key)
        rows.append(
            {
                "name": entry["printed"].most_common(1)[0][0],
                "folded": key,
                "mention_count": entry["count"],
                "document_count": entry["documents"],
                "example_documents": "; ".join(entry["examples"]),
                "suggestion_kind": suggestion.kind if suggestion else None,
                "suggestion_id": suggestion.entry_id if suggestion else None,
                "suggestion_name": _entry_name(authority, suggestion) if suggestion else None,
                "suggestion_score": suggestion.score if suggestion else None,
            }
        )
    rows.sort(key=lambda r: (-r["mention_count"], r["folded"]))
    return arrow.Table.from_pylist(rows, schema=file_schema(UnresolvedMentionsModel))


def _entry_name(authority: Authority, match: Match) -> str:
    if match.kind == PERSON:
        return authority.people[match.entry_id].display_name
    entries = authority.organizations if match.kind == ORGANIZATION else authority.places
    return entries[match.entry_id].name
