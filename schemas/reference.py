"""Models of the curated authority files in reference/: people, code names, organizations, places.

These validate what researchers edit by hand in a spreadsheet, so every rule
a curator can break (a malformed id, an empty list item, a death before a
birth) is a check here, reported with the file and line by the loader.
"""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PIPE_LIST = r"^[^|]*[^|\s][^|]*(\|[^|]*[^|\s][^|]*)*$"
NAME_ORDERS = ["family_first", "given_first"]
ORGANIZATION_KINDS = [
    "party",
    "party_organ",
    "government",
    "ministry",
    "embassy",
    "military",
    "intelligence",
    "international",
    "news_agency",
    "front",
    "other",
]
PLACE_KINDS = ["country", "city", "region", "other"]


class PeopleReferenceModel(pa.DataFrameModel):
    """reference/people.csv: one row per person."""

    person_id: Series[str] = pa.Field(
        unique=True, str_matches=SLUG, description="Stable slug (e.g. `mao-zedong`); never reused or renamed."
    )
    display_name: Series[str] = pa.Field(description="Name as shown in the dataset, in the archive's usual spelling.")
    sort_name: Series[str] = pa.Field(description="Sort form as the archive's own authority writes it: `Surname, Given`.")
    given_name: Series[str] = pa.Field(nullable=True, description="Given name(s); empty when the archive gives none.")
    family_name: Series[str] = pa.Field(description="Family name (surname).")
    native_name: Series[str] = pa.Field(
        nullable=True, description="Native-script or full-diacritic form (毛泽东, Lê Duẩn), where there is one."
    )
    name_order: Series[str] = pa.Field(
        isin=NAME_ORDERS, description="Order the name is written in: " + ", ".join(NAME_ORDERS) + "."
    )
    variants: Series[str] = pa.Field(
        nullable=True,
        str_matches=PIPE_LIST,
        description="Other spellings, transliterations and attested misspellings, `|`-separated.",
    )
    born: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1800, le=2030, description="Year of birth, where certain.")
    died: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1800, le=2030, description="Year of death, where certain.")
    country: Series[str] = pa.Field(
        nullable=True, str_matches=SLUG, description="place_id of the state the person served (see places.csv)."
    )
    note: Series[str] = pa.Field(nullable=True, description="Who this is, in a few words: office and period.")
    source: Series[str] = pa.Field(description="Where the entry was checked (e.g. LC Name Authority, archive text).")

    @pa.dataframe_check(description="A person cannot die before being born.")
    @classmethod
    def died_after_born(cls, frame: pd.DataFrame) -> Series[bool]:
        return frame["born"].isna() | frame["died"].isna() | (frame["died"] >= frame["born"])

    class Config:
        description = "The people of the name authority."
        strict = True
        coerce = True


class CodeNamesReferenceModel(pa.DataFrameModel):
    """reference/code_names.csv: one row per code name, alias or pseudonym a person used."""

    person_id: Series[str] = pa.Field(str_matches=SLUG, description="Person the code name stands for (people.csv).")
    code_name: Series[str] = pa.Field(unique=True, description="The code name as the documents write it.")
    context: Series[str] = pa.Field(description="Period and documents where the code name is used.")
    source: Series[str] = pa.Field(description="Where the identification was checked.")

    class Config:
        description = "Code names and aliases, each tied to one person."
        strict = True
        coerce = True


class OrganizationsReferenceModel(pa.DataFrameModel):
    """reference/organizations.csv: one row per organization."""

    organization_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, description="Stable slug.")
    name: Series[str] = pa.Field(description="Name as shown in the dataset.")
    kind: Series[str] = pa.Field(isin=ORGANIZATION_KINDS, description="One of " + ", ".join(ORGANIZATION_KINDS) + ".")
    country: Series[str] = pa.Field(
        nullable=True, str_matches=SLUG, description="place_id of the state it belongs to; empty for international bodies."
    )
    variants: Series[str] = pa.Field(
        nullable=True, str_matches=PIPE_LIST, description="Other names, abbreviations and spellings, `|`-separated."
    )
    source: Series[str] = pa.Field(description="Where the entry was checked.")

    class Config:
        description = "The organizations of the name authority."
        strict = True
        coerce = True


class PlacesReferenceModel(pa.DataFrameModel):
    """reference/places.csv: one row per country, city or region."""

    place_id: Series[str] = pa.Field(unique=True, str_matches=SLUG, description="Stable slug.")
    name: Series[str] = pa.Field(description="Name as shown in the dataset.")
    kind: Series[str] = pa.Field(isin=PLACE_KINDS, description="One of " + ", ".join(PLACE_KINDS) + ".")
    country: Series[str] = pa.Field(
        nullable=True,
        str_matches=SLUG,
        description="place_id of the state the place belonged to in the period the archive covers; empty for states.",
    )
    variants: Series[str] = pa.Field(
        nullable=True, str_matches=PIPE_LIST, description="Other names, historical names and spellings, `|`-separated."
    )
    source: Series[str] = pa.Field(description="Where the entry was checked.")

    class Config:
        description = "The places of the name authority: states, cities and regions."
        strict = True
        coerce = True
