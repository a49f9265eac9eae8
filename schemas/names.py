"""Models of the name tables: the authority's entries with their documents, the links, and the curators' worklist."""

import pandera.pandas as pa
from pandera.typing import Series

ROLES = ["author", "recipient", "participant", "mentioned"]
ROLE_DESCRIPTION = (
    "What the document makes of the entry, from its title: `author` (wrote or sent it: `Letter from A`, "
    "`Cable, A to B`, `Speech Given by A`, `A's Comments`, the keeper of a journal), `recipient` (it was "
    "addressed to them: `to B, C and D`), `participant` (took part in the conversation it records: "
    "`Discussion between A and B`, `Conversation with B`, `Note of A with B`), `mentioned` (named anywhere "
    "else: in the summary, an aside or a clarification). The strongest role wins, in that order."
)
METHODS = ["exact_variant", "code_name", "fuzzy", "lone_name"]
METHOD_DESCRIPTION = (
    "How the printed name was resolved, tried in this order: `exact_variant` (a name form of the authority, "
    "ignoring case and diacritics), `code_name` (a code name of the authority, e.g. `Cuong` for Pham Hung), "
    "`fuzzy` (a close spelling, above the threshold and unambiguous, e.g. a typo), `lone_name` (a given or "
    "family name alone, e.g. `Zedong`, matching a person the same document names in full)."
)
INTERACTION_KINDS = ["wrote_to", "met"]
FIRST_DATE = "Earliest first day (documents.date_start) of its documents; null when none is dated."
LAST_DATE = "Latest last day (documents.date_end) of its documents; null when none is dated."
_DOCUMENT_FK = {"fields": ["document_id"], "reference": {"resource": "documents", "fields": ["document_id"]}}


def _link_fields(entry_id: str, table: str) -> dict:
    return {"fields": [entry_id], "reference": {"resource": table, "fields": [entry_id]}}


class PeopleModel(pa.DataFrameModel):
    """One row per person of the authority, with the documents that name them."""

    person_id: Series[str] = pa.Field(unique=True, description="Stable id from reference/people.csv (e.g. `mao-zedong`).")
    display_name: Series[str] = pa.Field(description="Name in the archive's usual spelling.")
    sort_name: Series[str] = pa.Field(description="Sort form as the archive's own authority writes it: `Surname, Given`.")
    native_name: Series[str] = pa.Field(
        nullable=True, description="Native-script or full-diacritic form (毛泽东, Lê Duẩn), where there is one."
    )
    document_count: Series[int] = pa.Field(ge=0, description="Distinct documents linked to the person, any role.")
    author_count: Series[int] = pa.Field(ge=0, description="Documents the person is the author of.")
    recipient_count: Series[int] = pa.Field(ge=0, description="Documents addressed to the person.")
    participant_count: Series[int] = pa.Field(ge=0, description="Conversations and meetings the person took part in.")
    first_date: Series[pa.Date] = pa.Field(nullable=True, description=FIRST_DATE)
    last_date: Series[pa.Date] = pa.Field(nullable=True, description=LAST_DATE)

    class Config:
        description = "People of the name authority, with how many documents name them and when."
        metadata = {"primary_key": ["person_id"]}
        strict = True


class OrganizationsModel(pa.DataFrameModel):
    """One row per organization of the authority."""

    organization_id: Series[str] = pa.Field(unique=True, description="Stable id from reference/organizations.csv.")
    name: Series[str] = pa.Field(description="Name as shown in the dataset.")
    kind: Series[str] = pa.Field(description="Kind: party, party_organ, government, ministry, embassy, military, ... (reference/).")
    country: Series[str] = pa.Field(nullable=True, description="place_id of the state it belongs to; null for international bodies.")
    document_count: Series[int] = pa.Field(ge=0, description="Distinct documents linked to it, any role.")
    first_date: Series[pa.Date] = pa.Field(nullable=True, description=FIRST_DATE)
    last_date: Series[pa.Date] = pa.Field(nullable=True, description=LAST_DATE)

    class Config:
        description = "Organizations of the name authority (parties, ministries, embassies...), with their documents."
        metadata = {"primary_key": ["organization_id"]}
        strict = True


class PlacesModel(pa.DataFrameModel):
    """One row per place of the authority."""

    place_id: Series[str] = pa.Field(unique=True, description="Stable id from reference/places.csv.")
    name: Series[str] = pa.Field(description="Name as shown in the dataset.")
    kind: Series[str] = pa.Field(description="Kind: country, city, region or other (reference/).")
    country: Series[str] = pa.Field(nullable=True, description="place_id of the state it lay in; null for states.")
    document_count: Series[int] = pa.Field(ge=0, description="Distinct documents linked to it, any role.")
    first_date: Series[pa.Date] = pa.Field(nullable=True, description=FIRST_DATE)
    last_date: Series[pa.Date] = pa.Field(nullable=True, description=LAST_DATE)

    class Config:
        description = "Places of the name authority (countries, cities, regions), with their documents."
        metadata = {"primary_key": ["place_id"]}
        strict = True


def _document() -> pa.Field:
    return pa.Field(description="The document (see documents.document_id).")


def _role() -> pa.Field:
    return pa.Field(isin=ROLES, description=ROLE_DESCRIPTION)


def _mention_text() -> pa.Field:
    return pa.Field(
        description="The name exactly as printed where the link was made (code names with their brackets, e.g. `Cuong [Pham Hung]`)."
    )


def _method() -> pa.Field:
    return pa.Field(isin=METHODS, description=METHOD_DESCRIPTION)


def _score() -> pa.Field:
    return pa.Field(
        ge=0, le=100, description="Confidence out of 100: 100 for exact, code-name and lone-name links, the similarity for fuzzy ones."
    )


def _mention_count() -> pa.Field:
    return pa.Field(ge=1, description="Times the document's title and summary name the entry.")


class DocumentPeopleModel(pa.DataFrameModel):
    """One row per person a document names."""

    document_id: Series[str] = _document()
    person_id: Series[str] = pa.Field(description="The person (see people.person_id).")
    role: Series[str] = _role()
    mention_text: Series[str] = _mention_text()
    method: Series[str] = _method()
    score: Series[float] = _score()
    mention_count: Series[int] = _mention_count()

    class Config:
        description = "Who each document names, and in what role: the link from documents to people."
        metadata = {
            "primary_key": ["document_id", "person_id"],
            "foreign_keys": [_DOCUMENT_FK, _link_fields("person_id", "people")],
        }
        strict = True
        unique = ["document_id", "person_id"]


class DocumentOrganizationsModel(pa.DataFrameModel):
    """One row per organization a document names."""

    document_id: Series[str] = _document()
    organization_id: Series[str] = pa.Field(description="The organization (see organizations.organization_id).")
    role: Series[str] = _role()
    mention_text: Series[str] = _mention_text()
    method: Series[str] = _method()
    score: Series[float] = _score()
    mention_count: Series[int] = _mention_count()

    class Config:
        description = "Which organizations each document names, and in what role."
        metadata = {
            "primary_key": ["document_id", "organization_id"],
            "foreign_keys": [_DOCUMENT_FK, _link_fields("organization_id", "organizations")],
        }
        strict = True
        unique = ["document_id", "organization_id"]


class DocumentPlacesModel(pa.DataFrameModel):
    """One row per place a document names."""

    document_id: Series[str] = _document()
    place_id: Series[str] = pa.Field(description="The place (see places.place_id).")
    role: Series[str] = _role()
    mention_text: Series[str] = _mention_text()
    method: Series[str] = _method()
    score: Series[float] = _score()
    mention_count: Series[int] = _mention_count()

    class Config:
        description = "Which places each document names, and in what role."
        metadata = {
            "primary_key": ["document_id", "place_id"],
            "foreign_keys": [_DOCUMENT_FK, _link_fields("place_id", "places")],
        }
        strict = True
        unique = ["document_id", "place_id"]


class UnresolvedMentionsModel(pa.DataFrameModel):
    """One row per distinct name the resolver could not tie to the authority: the curators' worklist."""

    name: Series[str] = pa.Field(description="The name as printed (its commonest printed form).")
    folded: Series[str] = pa.Field(
        unique=True, description="The name case-, diacritic- and punctuation-folded: the form a new variant must match."
    )
    mention_count: Series[int] = pa.Field(ge=1, description="Times it is printed across all documents.")
    document_count: Series[int] = pa.Field(ge=1, description="Distinct documents that print it.")
    example_documents: Series[str] = pa.Field(description="Up to three document_ids that print it, `; `-separated.")
    suggestion_kind: Series[str] = pa.Field(
        nullable=True, isin=["person", "organization", "place"], description="Kind of the closest authority entry."
    )
    suggestion_id: Series[str] = pa.Field(nullable=True, description="Id of the closest authority entry, whatever its score.")
    suggestion_name: Series[str] = pa.Field(nullable=True, description="Name of that entry.")
    suggestion_score: Series[float] = pa.Field(
        nullable=True, ge=0, le=100, description="Its similarity out of 100; below the fuzzy threshold or tied, hence not linked."
    )

    class Config:
        description = "Names printed in titles and summaries that no authority entry matches: add them to reference/."
        metadata = {"primary_key": ["folded"]}
        strict = True


class InteractionsModel(pa.DataFrameModel):
    """One row per pair of people a document shows writing to or meeting each other."""

    document_id: Series[str] = pa.Field(description="The document that records it (see documents.document_id).")
    person_id: Series[str] = pa.Field(description="The writer (`wrote_to`) or one of the two who met (`met`).")
    other_person_id: Series[str] = pa.Field(
        description="The addressee (`wrote_to`) or the other one who met (`met`; the pair is ordered by id)."
    )
    kind: Series[str] = pa.Field(
        isin=INTERACTION_KINDS,
        description="`wrote_to`: an author and a recipient of the document; `met`: two participants (the author of a "
        "record of a conversation counts as one).",
    )
    date_start: Series[pa.Date] = pa.Field(nullable=True, description="First day the document's date can mean.")

    class Config:
        description = "Who wrote to whom and who met whom, document by document, from the roles in the titles."
        metadata = {
            "primary_key": ["document_id", "person_id", "other_person_id", "kind"],
            "foreign_keys": [
                _DOCUMENT_FK,
                _link_fields("person_id", "people"),
                {"fields": ["other_person_id"], "reference": {"resource": "people", "fields": ["person_id"]}},
            ],
        }
        strict = True
        unique = ["document_id", "person_id", "other_person_id", "kind"]


__all__ = [
    "DocumentOrganizationsModel",
    "DocumentPeopleModel",
    "DocumentPlacesModel",
    "InteractionsModel",
    "OrganizationsModel",
    "PeopleModel",
    "PlacesModel",
    "UnresolvedMentionsModel",
]
