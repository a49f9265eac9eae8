"""Names on the seed listing, document by document: people, organizations, places, roles and doc types."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.documents import build_documents
from pipeline.listings import parse_files
from pipeline.names.authority import REFERENCE_DIR, load_authority
from pipeline.names.links import NameTables, build_name_tables
from pipeline.sources import discover
from tests.build import build

# (date_text, doc_type, {person: role}, {organization: role}, {place: role}) for every seed document, in order.
SEED_NAMES = [
    ("October 20, 1964", "cable",
     {"le-duan": "mentioned", "ly-ban": "mentioned", "pham-hung": "mentioned"},
     {"chinese-embassy-vietnam": "author"},
     {"china": "mentioned"}),
    ("April 08, 1965", "discussion",
     {"le-duan": "participant", "liu-shaoqi": "participant"},
     {},
     {"china": "mentioned", "vietnam": "mentioned"}),
    ("December 01, 1965", "speech",
     {"le-duan": "author"},
     {"vwp": "mentioned"},
     {"united-states": "mentioned"}),
    ("March 23, 1966", "discussion",
     {"le-duan": "participant", "zhou-enlai": "participant"},
     {},
     {}),
    ("April 13, 1966", "discussion",
     {"deng-xiaoping": "participant", "kang-sheng": "participant", "le-duan": "participant",
      "nguyen-duy-trinh": "participant", "zhou-enlai": "participant"},
     {},
     {"china": "mentioned", "vietnam": "mentioned"}),
    ("November 10, 1966", "note",
     {"bergold": "author", "le-duan": "mentioned", "mao-zedong": "mentioned", "siedliecky": "participant"},
     {},
     {"china": "mentioned", "north-vietnam": "mentioned", "vietnam": "mentioned"}),
    ("May 11, 1970", "discussion",
     {"le-duan": "participant", "mao-zedong": "participant"},
     {},
     {"united-states": "mentioned"}),
    ("1971", "discussion",
     {"le-duan": "participant", "richard-nixon": "mentioned", "zhou-enlai": "participant"},
     {},
     {"vietnam": "mentioned"}),
    ("March 07, 1971", "discussion",
     {"le-duan": "participant", "pham-van-dong": "participant", "zhou-enlai": "participant"},
     {},
     {"china": "mentioned", "east-asia": "mentioned", "vietnam": "mentioned"}),
    ("July 13, 1971", "discussion",
     {"le-duan": "participant", "zhou-enlai": "participant"},
     {},
     {}),
    ("June 05, 1973", "discussion",
     {"le-duan": "participant", "le-thanh-nghi": "participant", "pham-van-dong": "participant", "zhou-enlai": "participant"},
     {},
     {"china": "mentioned", "south-vietnam": "mentioned", "vietnam": "mentioned"}),
    ("June 06, 1973", "discussion",
     {"le-duan": "participant", "le-thanh-nghi": "participant", "pham-van-dong": "participant", "zhou-enlai": "participant"},
     {},
     {"china": "mentioned", "vietnam": "mentioned"}),
    ("September 18, 1973", "letter",
     {"le-duan": "mentioned"},
     {"cosvn": "recipient", "military-region-5": "recipient", "tri-thien-hue-military-region": "recipient"},
     {"danang": "recipient", "hue": "recipient", "saigon": "recipient"}),  # `Paris Peace Accords` is a treaty
    ("May 04, 1974", "letter",
     {"le-duan": "author"},
     {"military-region-6": "recipient"},
     {}),
    ("September 10, 1974", "comments",
     {"le-duan": "author", "vo-quang-ho": "mentioned"},
     {},
     {"south-vietnam": "mentioned"}),
    ("March 24, 1975", "comments",
     {"le-duan": "author", "vo-quang-ho": "mentioned"},
     {},
     {"ban-me-thuot": "mentioned", "south-vietnam": "mentioned"}),
    ("March 31, 1975", "letter",
     {"le-duan": "author", "le-duc-tho": "recipient", "pham-hung": "recipient", "van-tien-dung": "recipient"},
     {},
     {"saigon": "mentioned"}),
    ("April 09, 1975", "cable",
     {"le-duan": "author", "le-duc-tho": "recipient", "pham-hung": "recipient", "tran-van-tra": "recipient",
      "van-tien-dung": "recipient"},
     {},
     {}),
    ("April 14, 1975", "cable",
     {"hoang-van-thai": "recipient", "le-duan": "author", "pham-hung": "recipient",
      "van-tien-dung": "recipient"},  # the `Ho Chi Minh Campaign` is an operation, not the man
     {},
     {"saigon": "mentioned"}),
    ("September 29, 1975", "record of conversation",
     {"deng-xiaoping": "participant", "ho-chi-minh": "mentioned", "le-duan": "participant", "zhou-enlai": "mentioned"},
     {},
     {}),
]


@pytest.fixture(scope="module")
def seed_documents() -> pd.DataFrame:
    raw = Path(__file__).resolve().parents[1] / "raw"
    return build_documents(parse_files(discover(raw)).records).documents


@pytest.fixture(scope="module")
def seed_tables(seed_documents: pd.DataFrame) -> NameTables:
    return build_name_tables(seed_documents, load_authority())


def _roles(links: pd.DataFrame, document_id: str, id_column: str) -> dict[str, str]:
    rows = links[links["document_id"] == document_id]
    return dict(zip(rows[id_column], rows["role"]))


def test_every_seed_document_has_its_expected_people_organizations_places_roles_and_type(
    seed_documents: pd.DataFrame, seed_tables: NameTables
) -> None:
    got = [
        (
            doc.date_text,
            doc.doc_type,
            _roles(seed_tables.document_people, doc.document_id, "person_id"),
            _roles(seed_tables.document_organizations, doc.document_id, "organization_id"),
            _roles(seed_tables.document_places, doc.document_id, "place_id"),
        )
        for doc in seed_documents.itertuples()
    ]
    assert got == SEED_NAMES


def _link(tables: NameTables, documents: pd.DataFrame, date_text: str, person_id: str) -> pd.Series:
    doc = documents[documents["date_text"] == date_text].iloc[0]
    links = tables.document_people
    return links[(links["document_id"] == doc["document_id"]) & (links["person_id"] == person_id)].iloc[0]


@pytest.mark.parametrize(
    ("date_text", "person_id", "mention_text", "method"),
    [
        ("October 20, 1964", "pham-hung", "Pham Hùng", "exact_variant"),
        ("March 31, 1975", "pham-hung", "Cuong [Pham Hung]", "exact_variant"),
        ("April 09, 1975", "pham-hung", "Bay Cuong [Pham Hung]", "exact_variant"),
        ("April 13, 1966", "deng-xiaoping", "Deng Xioaping", "exact_variant"),
        ("March 31, 1975", "le-duc-tho", "Sau [Le Duc Tho]", "exact_variant"),
        ("March 31, 1975", "van-tien-dung", "Tuan [General Van Tien Dung]", "exact_variant"),
        ("April 09, 1975", "van-tien-dung", "Tuan [Van Tien Dung]", "exact_variant"),
        ("April 09, 1975", "tran-van-tra", "Tu Nguyen [Tran Van Tra]", "exact_variant"),
        ("April 14, 1975", "hoang-van-thai", "Tam Thanh [Hoang Van Thai]", "exact_variant"),
        ("November 10, 1966", "bergold", "Bergold", "exact_variant"),
        ("November 10, 1966", "siedliecky", "Siedliecky", "exact_variant"),
    ],
)
def test_the_issue_s_names_resolve_to_one_person_each(
    seed_documents: pd.DataFrame, seed_tables: NameTables, date_text: str, person_id: str, mention_text: str, method: str
) -> None:
    link = _link(seed_tables, seed_documents, date_text, person_id)
    assert (link["mention_text"], link["method"], link["score"]) == (mention_text, method, 100.0)


def test_pham_hung_in_all_his_spellings_is_one_person(seed_tables: NameTables) -> None:
    links = seed_tables.document_people
    printed = set(links.loc[links["person_id"] == "pham-hung", "mention_text"])
    assert printed == {"Pham Hùng", "Cuong [Pham Hung]", "Bay Cuong [Pham Hung]"}
    people = seed_tables.people.set_index("person_id")
    assert people.loc["pham-hung", "document_count"] == 4
    assert people.loc["pham-hung", "recipient_count"] == 3


def test_le_duan_joins_every_discussion_writes_his_letters_and_cables_and_their_addressees_receive_them(
    seed_documents: pd.DataFrame, seed_tables: NameTables
) -> None:
    for doc in seed_documents.itertuples():
        roles = _roles(seed_tables.document_people, doc.document_id, "person_id")
        if doc.title.startswith(("Discussion between", "Minutes of Conversation between")):
            assert roles["le-duan"] == "participant", doc.title
        if doc.title.startswith(("Letter from Le Duan", "Cable from Le Duan")):
            assert roles["le-duan"] == "author", doc.title
            organizations = _roles(seed_tables.document_organizations, doc.document_id, "organization_id")
            addressees = {entry for entry, role in {**roles, **organizations}.items() if role == "recipient"}
            assert addressees, doc.title
    people = seed_tables.people.set_index("person_id")
    assert people.loc["le-duan", ["document_count", "author_count", "participant_count"]].tolist() == [20, 7, 10]
    assert (str(people.loc["le-duan", "first_date"]), str(people.loc["le-duan", "last_date"])) == ("1964-10-20", "1975-09-29")


def test_zedong_alone_in_the_november_1966_summary_is_mao_by_the_lone_name_rule(seed_documents: pd.DataFrame) -> None:
    from pipeline.names.mentions import MentionExtractor
    from pipeline.names.resolve import Resolver

    resolver = Resolver(load_authority())
    doc = seed_documents[seed_documents["date_text"] == "November 10, 1966"].iloc[0]
    resolved = resolver.document(MentionExtractor(resolver).document(doc["title"], doc["summary"]))
    lone = [(m.text, match.entry_id, match.method) for m, match in resolved.links if m.text == "Zedong"]
    assert lone == [("Zedong", "mao-zedong", "lone_name")]


def test_interactions_say_who_wrote_to_whom_and_who_met_whom(seed_documents: pd.DataFrame, seed_tables: NameTables) -> None:
    cable = seed_documents[seed_documents["date_text"] == "April 14, 1975"].iloc[0]["document_id"]
    rows = seed_tables.interactions[seed_tables.interactions["document_id"] == cable]
    assert sorted(zip(rows["person_id"], rows["other_person_id"], rows["kind"])) == [
        ("le-duan", "hoang-van-thai", "wrote_to"),
        ("le-duan", "pham-hung", "wrote_to"),
        ("le-duan", "van-tien-dung", "wrote_to"),
    ]
    note = seed_documents[seed_documents["date_text"] == "November 10, 1966"].iloc[0]["document_id"]
    rows = seed_tables.interactions[seed_tables.interactions["document_id"] == note]
    assert list(zip(rows["person_id"], rows["other_person_id"], rows["kind"])) == [("bergold", "siedliecky", "met")]


def test_the_seed_worklist_holds_only_the_bare_politburo_that_signs_a_letter(seed_tables: NameTables) -> None:
    # `the Party Central Committee` is an office phrase, not a name an honorific introduces.
    worklist = seed_tables.unresolved_mentions
    assert list(worklist["name"]) == ["Politburo"]
    assert worklist["suggestion_score"].lt(85).all()
    assert seed_tables.unresolved == 1 and seed_tables.unresolved_share < 0.05


def test_a_variant_added_to_reference_changes_the_next_run_with_no_code_change(
    seed_documents: pd.DataFrame, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    before = build_name_tables(seed_documents, load_authority(reference))
    assert "politburo" in set(before.unresolved_mentions["folded"])

    organizations = pd.read_csv(reference / "organizations.csv", dtype=str, keep_default_na=False)
    row = organizations["organization_id"] == "vwp-politburo"
    organizations.loc[row, "variants"] = organizations.loc[row, "variants"] + "|Politburo"
    organizations.to_csv(reference / "organizations.csv", index=False)

    after = build_name_tables(seed_documents, load_authority(reference))
    assert "politburo" not in set(after.unresolved_mentions["folded"])
    links = after.document_organizations
    letter = seed_documents[seed_documents["date_text"] == "September 18, 1973"].iloc[0]["document_id"]
    got = links[(links["document_id"] == letter) & (links["organization_id"] == "vwp-politburo")]
    assert got[["role", "mention_text", "method"]].values.tolist() == [["author", "Politburo", "exact_variant"]]


@pytest.mark.slow
def test_the_build_publishes_the_name_tables_and_their_checks_pass(seed_raw: Path, tmp_path: Path) -> None:
    result = build(seed_raw, tmp_path / "outputs")
    assert result.success
    checks = {
        (e.asset_key.path[-1], e.check_name): e.passed
        for e in result.get_asset_check_evaluations()
        if e.check_name in ("foreign_keys_resolve", "unresolved_share_under_threshold")
    }
    assert checks == {
        ("document_listings", "foreign_keys_resolve"): True,
        ("document_people", "foreign_keys_resolve"): True,
        ("document_organizations", "foreign_keys_resolve"): True,
        ("document_places", "foreign_keys_resolve"): True,
        ("interactions", "foreign_keys_resolve"): True,
        ("unresolved_mentions", "unresolved_share_under_threshold"): True,
    }
    published = pq.read_table(tmp_path / "outputs" / "document_people.parquet").to_pandas()
    assert list(published.columns[:6]) == ["document_id", "person_id", "role", "mention_text", "method", "score"]
    assert len(published) == sum(len(people) for _, _, people, _, _ in SEED_NAMES)
    documents = pq.read_table(tmp_path / "outputs" / "documents.parquet").to_pandas()
    assert list(documents["doc_type"]) == [doc_type for _, doc_type, _, _, _ in SEED_NAMES]


# A sample of real pages: (file, title) → {person: role}, checked by reading each title and summary.
REAL_SAMPLE = {
    ("listings/001.txt", "Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)"):
        {"joseph-stalin": "author", "kim-il-sung": "recipient", "terenty-shtykov": "mentioned", "mao-zedong": "mentioned"},
    ("listings/001.txt", "Memorandum of Conversation between Anastas Mikoyan and Zhou Enlai"):
        {"anastas-mikoyan": "participant", "zhou-enlai": "participant"},
    ("listings/003.txt", "Ciphered Telegram, Roshchin to Cde. Filippov [Stalin]"):
        {"nikolai-roshchin": "author", "joseph-stalin": "recipient", "mao-zedong": "mentioned", "zhou-enlai": "mentioned"},
    ("listings/002.txt", "Telegram from Shtykov to Gromyko and Stalin"):
        {"terenty-shtykov": "author", "andrei-gromyko": "recipient", "joseph-stalin": "recipient",
         "kim-il-sung": "mentioned", "pak-heon-yeong": "mentioned"},
    ("listings/002.txt", "Cable, Filippov [Stalin] to Mao Zedong"):
        {"joseph-stalin": "author", "mao-zedong": "recipient"},
    ("listings/012.txt", "Report, Zhou Enlai to Chairman Mao [Zedong] and the Central Committee"):
        {"zhou-enlai": "author", "mao-zedong": "recipient"},
    ("listings/040.txt", "[Mao Zedong's] Conversation with Soviet Ambassador [Stepan] Chervonenko"):
        {"mao-zedong": "participant", "stepan-chervonenko": "participant"},
    ("listings/040.txt", "Conversation from [Mao Zedong's] Audience with the French Minister of [Cultural] Affairs, [Georges André] Malraux"):
        {"mao-zedong": "participant", "andre-malraux": "participant"},
    ("listings/008.txt", "From the Journal of Ambassador P. F. Yudin, Record of Conversation with Mao Zedong, 31 March 1956"):
        {"pavel-yudin": "author", "mao-zedong": "participant", "joseph-stalin": "mentioned", "nikita-khrushchev": "mentioned"},
}


def test_a_sample_of_real_pages_gives_the_expected_people_and_roles(real_pages: Path) -> None:
    from pipeline.parsing import parse_text

    rows = []
    for (file, title), _ in REAL_SAMPLE.items():
        item = next(i for i in parse_text((real_pages / file).read_text(encoding="utf-8")).items if i.title == title)
        rows.append({"document_id": f"{file}:{item.position}", "title": item.title, "summary": item.summary,
                     "date_start": None, "date_end": None})
    tables = build_name_tables(pd.DataFrame(rows), load_authority())
    got = {
        key: _roles(tables.document_people, row["document_id"], "person_id") for key, row in zip(REAL_SAMPLE, rows)
    }
    assert got == REAL_SAMPLE


def _materialize_names(documents: pd.DataFrame, max_unresolved_share: float, reference_dir: str = "") -> object:
    import dagster as dg

    from pipeline.defs.names import resolved_names
    from pipeline.defs.resources import QualityThresholds

    @dg.asset(name="documents")
    def seed_documents_asset() -> pd.DataFrame:
        return documents

    return dg.materialize(
        [seed_documents_asset, resolved_names],
        resources={"quality": QualityThresholds(max_unresolved_share=max_unresolved_share)},
        run_config={"ops": {"resolved_names": {"config": {"reference_dir": reference_dir}}}},
        raise_on_error=False,
    )


def test_the_unresolved_share_check_warns_above_its_threshold(seed_documents: pd.DataFrame) -> None:
    result = _materialize_names(seed_documents, max_unresolved_share=0.0)
    assert result.success
    unresolved = [e for e in result.get_asset_check_evaluations() if e.check_name == "unresolved_share_under_threshold"]
    assert [(e.passed, e.severity.value, e.metadata["unresolved"].value) for e in unresolved] == [(False, "WARN", 1)]


def test_an_invalid_reference_folder_fails_the_stage_with_the_reason(seed_documents: pd.DataFrame, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    with (reference / "people.csv").open("a", encoding="utf-8") as handle:
        handle.write('mao-zedong-2,Mao Tse-tung,"Mao, Tse-tung",Tse-tung,Mao,,family_first,,,,,,test\n')
    result = _materialize_names(seed_documents, max_unresolved_share=0.5, reference_dir=str(reference))
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "reference/ is invalid: ambiguous name 'Mao Tse-tung'" in failure.event_specific_data.error.message


def test_on_all_real_listing_pages_the_worklist_is_short_and_holds_no_page_furniture(real_pages: Path) -> None:
    from pipeline.parsing import parse_text

    rows = [
        {"document_id": f"{path.name}:{item.position}", "title": item.title, "summary": item.summary,
         "date_start": None, "date_end": None}
        for path in sorted((real_pages / "listings").glob("*.txt"))
        for item in parse_text(path.read_text(encoding="utf-8")).items
    ]
    tables = build_name_tables(pd.DataFrame(rows), load_authority())
    assert len(rows) > 120 and tables.mentions > 700
    assert tables.unresolved_share < 0.05
    names = set(tables.unresolved_mentions["name"])
    assert not names & {"SECRET", "Urgent", "No. 061.005", "Korean Political Parties", "Representatives", "Journalists"}
    # A bare surname the authority does not list as a variant is left for a curator, never guessed.
    assert "Kuznetsov" in names
