"""The curated name authority in reference/: load it, check it, look names up in it.

Researchers edit the CSV files in a spreadsheet; this module is the only code
that reads them. Every name form is stored folded (see `fold`) so lookups
ignore case, diacritics and punctuation. A folded form that would point at two
different entries is refused when loading: the authority must never make the
resolver choose between two people.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors
import pandera.pandas as pa
from anyascii import anyascii

from schemas.reference import (
    CodeNamesReferenceModel,
    OrganizationsReferenceModel,
    PeopleReferenceModel,
    PlacesReferenceModel,
)

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference"
PEOPLE_FILE = "people.csv"
CODE_NAMES_FILE = "code_names.csv"
ORGANIZATIONS_FILE = "organizations.csv"
PLACES_FILE = "places.csv"
LIST_SEPARATOR = "|"
_HEADER_LINES = 1
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb`\u00b4]")
_NOT_WORD = re.compile(r"[\W_]+")


class AuthorityError(ValueError):
    """The reference files are invalid: a row breaks the schema, or a name form is ambiguous."""


def fold(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive key: `fold("Phạm Hùng") == fold("PHAM HUNG") == "pham hung"`.

    Latin letters lose their diacritics (ł, đ, ø and ß become l, d, o, ss);
    other scripts are kept as written, only case-folded, so a native form such
    as 毛泽东 stays a key of its own rather than a guessed transliteration.
    Apostrophes vanish (`Workers'` = `Workers`); other punctuation separates words.
    """
    letters = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            continue
        if not char.isascii() and unicodedata.name(char, "").startswith("LATIN"):
            char = anyascii(char)
        letters.append(char)
    plain = _APOSTROPHES.sub("", "".join(letters).casefold())
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", plain)).strip()


@dataclass(frozen=True)
class CodeName:
    """A code name or alias, with the period or source it belongs to (`Cuong` → Pham Hung, 1975 cables)."""

    code_name: str
    person_id: str
    context: str


@dataclass(frozen=True)
class Person:
    """One person of the authority."""

    person_id: str
    display_name: str
    sort_name: str
    given_name: str | None
    family_name: str
    native_name: str | None
    name_order: str
    variants: tuple[str, ...]
    code_names: tuple[CodeName, ...] = ()
    born: int | None = None
    died: int | None = None
    country: str | None = None
    note: str | None = None
    source: str = ""

    @property
    def name_forms(self) -> tuple[str, ...]:
        """Every written form that names this person outright (code names aside)."""
        return tuple(f for f in (self.display_name, self.sort_name, self.native_name, *self.variants) if f)


@dataclass(frozen=True)
class Entity:
    """An organization or a place."""

    entity_id: str
    name: str
    kind: str
    country: str | None
    variants: tuple[str, ...]
    source: str = ""

    @property
    def name_forms(self) -> tuple[str, ...]:
        """Every written form that names this entry."""
        return (self.name, *self.variants)


@dataclass
class Authority:
    """The loaded authority, with folded lookup indexes built once."""

    people: dict[str, Person]
    organizations: dict[str, Entity]
    places: dict[str, Entity]
    _people_index: dict[str, str] = field(init=False, repr=False)
    _code_index: dict[str, str] = field(init=False, repr=False)
    _organization_index: dict[str, str] = field(init=False, repr=False)
    _place_index: dict[str, str] = field(init=False, repr=False)
    _given_index: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _family_index: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Build the indexes, refusing any folded form that two entries share."""
        owners: dict[str, str] = {}
        self._people_index = _index("person", {p.person_id: p.name_forms for p in self.people.values()}, owners)
        self._organization_index = _index(
            "organization", {o.entity_id: o.name_forms for o in self.organizations.values()}, owners
        )
        self._place_index = _index("place", {p.entity_id: p.name_forms for p in self.places.values()}, owners)
        self._code_index = _index(
            "code name",
            {p.person_id: tuple(c.code_name for c in p.code_names) for p in self.people.values()},
            {},
        )
        self._given_index = _group({p.person_id: p.given_name for p in self.people.values()})
        self._family_index = _group({p.person_id: p.family_name for p in self.people.values()})
        self._refuse_lone_names_of_others()

    def _refuse_lone_names_of_others(self) -> None:
        """A name form that is someone else's bare given or family name (`Kim`, `Castro`) would steal their mentions."""
        for key, person_id in self._people_index.items():
            for index in (self._given_index, self._family_index):
                others = [other for other in index.get(key, ()) if other != person_id]
                if others:
                    raise AuthorityError(
                        f"ambiguous name {key!r}: a name form of person {person_id!r} "
                        f"is a bare given or family name of person {others[0]!r}"
                    )

    def person_by_variant(self, folded: str) -> Person | None:
        """The person one of whose name forms (display, sort, native, variant) folds to `folded`."""
        person_id = self._people_index.get(folded)
        return self.people[person_id] if person_id else None

    def person_by_code_name(self, folded: str) -> Person | None:
        """The person a code name (folded) stands for."""
        person_id = self._code_index.get(folded)
        return self.people[person_id] if person_id else None

    def organization_by_variant(self, folded: str) -> Entity | None:
        """The organization one of whose names folds to `folded`."""
        entity_id = self._organization_index.get(folded)
        return self.organizations[entity_id] if entity_id else None

    def place_by_variant(self, folded: str) -> Entity | None:
        """The place one of whose names folds to `folded`."""
        entity_id = self._place_index.get(folded)
        return self.places[entity_id] if entity_id else None

    def people_by_given_name(self, folded: str) -> tuple[Person, ...]:
        """Everyone whose given name folds to `folded` (several people may share one)."""
        return tuple(self.people[i] for i in self._given_index.get(folded, ()))

    def people_by_family_name(self, folded: str) -> tuple[Person, ...]:
        """Everyone whose family name folds to `folded` (several people may share one)."""
        return tuple(self.people[i] for i in self._family_index.get(folded, ()))


def load_authority(reference_dir: Path = REFERENCE_DIR) -> Authority:
    """Read and validate the four reference files; raise AuthorityError naming the file and line of any fault.

    Validating takes a noticeable part of a second, and a run asks for the
    authority in every worker: the last authority loaded is kept and given
    again while the folder's four files hold the same bytes (treat it as
    read-only). A changed file, in a spreadsheet or a test, is read anew.
    """
    key = (str(Path(reference_dir).resolve()), _digest(reference_dir))
    if key not in _LAST_LOADED:
        authority = _load(reference_dir)
        _LAST_LOADED.clear()
        _LAST_LOADED[key] = authority
    return _LAST_LOADED[key]


_LAST_LOADED: dict[tuple[str, str], Authority] = {}


def _digest(reference_dir: Path) -> str:
    """A fingerprint of the reference files' bytes (a missing file counts as a content of its own)."""
    digest = hashlib.sha256()
    for name in (PEOPLE_FILE, CODE_NAMES_FILE, ORGANIZATIONS_FILE, PLACES_FILE):
        path = Path(reference_dir) / name
        content = path.read_bytes() if path.is_file() else None
        digest.update(f"{name}:{-1 if content is None else len(content)}:".encode() + (content or b""))
    return digest.hexdigest()


def _load(reference_dir: Path) -> Authority:
    people = _read(reference_dir / PEOPLE_FILE, PeopleReferenceModel)
    codes = _read(reference_dir / CODE_NAMES_FILE, CodeNamesReferenceModel)
    organizations = _read(reference_dir / ORGANIZATIONS_FILE, OrganizationsReferenceModel)
    places = _read(reference_dir / PLACES_FILE, PlacesReferenceModel)

    place_ids = set(places["place_id"])
    _check_references(PEOPLE_FILE, people, "country", place_ids, "places.csv")
    _check_references(ORGANIZATIONS_FILE, organizations, "country", place_ids, "places.csv")
    _check_references(PLACES_FILE, places, "country", place_ids, "places.csv")
    _check_references(CODE_NAMES_FILE, codes, "person_id", set(people["person_id"]), "people.csv")

    code_names: dict[str, list[CodeName]] = defaultdict(list)
    for row in codes.itertuples(index=False):
        code_names[row.person_id].append(CodeName(row.code_name, row.person_id, row.context))

    return Authority(
        people={
            row.person_id: Person(
                person_id=row.person_id,
                display_name=row.display_name,
                sort_name=row.sort_name,
                given_name=_text(row.given_name),
                family_name=row.family_name,
                native_name=_text(row.native_name),
                name_order=row.name_order,
                variants=_split(row.variants),
                code_names=tuple(code_names[row.person_id]),
                born=_year(row.born),
                died=_year(row.died),
                country=_text(row.country),
                note=_text(row.note),
                source=row.source,
            )
            for row in people.itertuples(index=False)
        },
        organizations={
            row.organization_id: Entity(
                row.organization_id, row.name, row.kind, _text(row.country), _split(row.variants), row.source
            )
            for row in organizations.itertuples(index=False)
        },
        places={
            row.place_id: Entity(row.place_id, row.name, row.kind, _text(row.country), _split(row.variants), row.source)
            for row in places.itertuples(index=False)
        },
    )


def _read(path: Path, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """One reference file, validated; any fault is reported with file name and line number."""
    if not path.is_file():
        raise AuthorityError(f"{path.name}: file missing from {path.parent}")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise AuthorityError(f"{path.name}: not a readable UTF-8 CSV file ({exc})") from None
    broken = raw.apply(lambda column: column.str.contains("\n")).any(axis=1)
    if broken.any():
        line = int(broken.idxmax()) + 1 + _HEADER_LINES
        raise AuthorityError(f"{path.name}: the row after line {line - 1} has a line break inside a cell")
    frame = raw.apply(lambda column: column.str.strip()).replace("", None)
    try:
        return model.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    rows = cases[cases["index"].notna()]
    if rows.empty:
        raise AuthorityError("; ".join(dict.fromkeys(f"{path.name}: {c.check} ({c.column})" for c in cases.itertuples())))
    problems = (
        f"{path.name} line {int(c.index) + 1 + _HEADER_LINES}: {c.column} fails {c.check} (value {c.failure_case!r})"
        for c in rows.itertuples()
    )
    raise AuthorityError("; ".join(dict.fromkeys(problems)))


def _check_references(file: str, frame: pd.DataFrame, column: str, known: set[str], target: str) -> None:
    """Every id in `column` must exist in the target file."""
    for position, value in enumerate(frame[column]):
        if isinstance(value, str) and value not in known:
            line = position + 1 + _HEADER_LINES
            raise AuthorityError(f"{file} line {line}: {column} {value!r} is not an id in {target}")


def _index(kind: str, forms_by_id: dict[str, tuple[str, ...]], owners: dict[str, str]) -> dict[str, str]:
    """Folded form → id; a form claimed by two entries (here or in `owners`, shared across kinds) is an error."""
    index: dict[str, str] = {}
    for entry_id, forms in forms_by_id.items():
        label = f"{kind} {entry_id!r}"
        for form in forms:
            key = fold(form)
            if not key:
                raise AuthorityError(f"{label}: name form {form!r} has no letters")
            if owners.setdefault(key, label) != label:
                raise AuthorityError(f"ambiguous name {form!r} (folded {key!r}): {owners[key]} and {label}")
            index[key] = entry_id
    return index


def _group(values_by_id: dict[str, str | None]) -> dict[str, tuple[str, ...]]:
    """Folded value → ids sharing it, in authority order."""
    groups: dict[str, list[str]] = defaultdict(list)
    for entry_id, value in values_by_id.items():
        if value:
            groups[fold(value)].append(entry_id)
    return {key: tuple(ids) for key, ids in groups.items()}


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(LIST_SEPARATOR)) if value else ()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _year(value: object) -> int | None:
    return None if pd.isna(value) else int(value)
