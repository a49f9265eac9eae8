"""The curated name authority: the real reference files load, faults are named, lookups fold names."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.names import Authority, AuthorityError, Person, fold, load_authority
from pipeline.names.authority import REFERENCE_DIR
from tests.conftest import SEED

# Everyone the seed listing names, as printed there (code names aside).
SEED_PEOPLE = {
    "Le Duan": "le-duan",
    "Pham Hùng": "pham-hung",
    "Pham Hung": "pham-hung",
    "Ly Ban": "ly-ban",
    "Liu Shaoqi": "liu-shaoqi",
    "Zhou Enlai": "zhou-enlai",
    "Deng Xioaping": "deng-xiaoping",
    "Deng Xiaoping": "deng-xiaoping",
    "Kang Sheng": "kang-sheng",
    "Nguyen Duy Trinh": "nguyen-duy-trinh",
    "Bergold": "bergold",
    "Siedliecky": "siedliecky",
    "Mao Zedong": "mao-zedong",
    "Nixon": "richard-nixon",
    "Pham Van Dong": "pham-van-dong",
    "Le Thanh Nghi": "le-thanh-nghi",
    "Vo Quang Ho": "vo-quang-ho",
    "Le Duc Tho": "le-duc-tho",
    "Van Tien Dung": "van-tien-dung",
    "Tran Van Tra": "tran-van-tra",
    "Hoang Van Thai": "hoang-van-thai",
    "Ho Chi Minh": "ho-chi-minh",
}
SEED_CODE_NAMES = {
    "Cuong": "pham-hung",
    "Bay Cuong": "pham-hung",
    "Sau": "le-duc-tho",
    "Tuan": "van-tien-dung",
    "Tu Nguyen": "tran-van-tra",
    "Tam Thanh": "hoang-van-thai",
    "Filippov": "joseph-stalin",
    "Feng Xi": "joseph-stalin",
}
SEED_ORGANIZATIONS = {
    "Chinese Embassy in Vietnam": "chinese-embassy-vietnam",
    "COSVN": "cosvn",
    "Region 5": "military-region-5",
    "Military Region 6": "military-region-6",
    "Tri-Thien": "tri-thien-hue-military-region",
}
SEED_PLACES = {
    "Saigon": "saigon",
    "Hue": "hue",
    "Danang": "danang",
    "Ban Me Thuot": "ban-me-thuot",
    "Vietnam": "vietnam",
    "South Vietnam": "south-vietnam",
    "China": "china",
}

# Names as the real pages in ../shared/real-pages print them, typos included.
REAL_PAGE_PEOPLE = {
    "Shtykov": "terenty-shtykov",
    "Shytkov": "terenty-shtykov",
    "Shtytkov": "terenty-shtykov",
    "N.S. Khrushchev": "nikita-khrushchev",
    "Georgy M. Malenkov": "georgy-malenkov",
    "Vyacheslav M. Molotov": "vyacheslav-molotov",
    "Mikihail Zimyanin": "mikhail-zimyanin",
    "Mao Zedon": "mao-zedong",
    "I.V. Stalin": "joseph-stalin",
    "P. F. Yudin": "pavel-yudin",
    "A.M. Puzanov": "aleksandr-puzanov",
    "B.N. Ponomarev": "boris-ponomarev",
    "Razuvayev V.N.": "vladimir-razuvaev",
    "Roschin": "nikolai-roshchin",
    "Pak Heon-yeong": "pak-heon-yeong",
    "Kim Il Sung": "kim-il-sung",
    "Kim Il": "kim-il",
    "Kim Yeong-ju": "kim-yeong-ju",
    "Lee Hu-rak": "lee-hu-rak",
    "Syngman Rhee": "syngman-rhee",
    "Konstantin Ustinovich Chernenko": "konstantin-chernenko",
    "Todor Zhivkov": "todor-zhivkov",
    "Raúl Roa": "raul-roa",
    "Dorticos": "osvaldo-dorticos",
    "Vidaković": "vidakovic",
    "Giscard d'Estaing": "valery-giscard-destaing",
    "Georges André Malraux": "andre-malraux",
    "Dag Hammarskjold": "dag-hammarskjold",
    "Dag Hammarskjöld": "dag-hammarskjold",
    "Oscar Richard Lange": "oskar-lange",
    "Alfonso García Robles": "alfonso-garcia-robles",
    "Alfonso Garcia Robles": "alfonso-garcia-robles",
    "Prince Sihanouk": "norodom-sihanouk",
}
REAL_PAGE_CODE_NAMES = {"Terebin": "andrei-orlov", "Nam Cong": "vo-chi-cong", "Tu Chi": "tran-van-tra"}
# Attested in other archive documents (Ciphered Telegram from Shtykov to Fyn-Si [Stalin], 2 November 1950).
ARCHIVE_CODE_NAMES = {"Fyn-Si": "joseph-stalin", "Fyn Si": "joseph-stalin"}


@pytest.fixture(scope="module")
def authority():
    return load_authority()


@pytest.fixture
def reference_copy(tmp_path: Path) -> Path:
    """A writable copy of the real reference files, to break on purpose."""
    copy = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, copy)
    return copy


def _append(path: Path, line: str) -> int:
    """Add one CSV line; return its 1-based line number in the file."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(path.read_text(encoding="utf-8").splitlines())


def test_real_reference_files_load(authority):
    assert authority.people and authority.organizations and authority.places
    for person in authority.people.values():
        assert person.source and person.sort_name and person.family_name
        assert person.name_order in ("family_first", "given_first")


@pytest.mark.parametrize(("printed", "person_id"), SEED_PEOPLE.items())
def test_seed_people_are_in_the_authority(authority, printed, person_id):
    assert authority.person_by_variant(fold(printed)).person_id == person_id


@pytest.mark.parametrize(("code_name", "person_id"), SEED_CODE_NAMES.items())
def test_code_names_point_at_their_person(authority, code_name, person_id):
    person = authority.person_by_code_name(fold(code_name))
    assert person.person_id == person_id
    assert any(fold(c.code_name) == fold(code_name) and c.context for c in person.code_names)


@pytest.mark.parametrize(("printed", "entity_id"), SEED_ORGANIZATIONS.items())
def test_seed_organizations(authority, printed, entity_id):
    assert authority.organization_by_variant(fold(printed)).entity_id == entity_id


@pytest.mark.parametrize(("printed", "entity_id"), SEED_PLACES.items())
def test_seed_places(authority, printed, entity_id):
    assert authority.place_by_variant(fold(printed)).entity_id == entity_id


def test_the_authority_holds_at_least_150_people(authority):
    assert len(authority.people) >= 150


@pytest.mark.parametrize(("printed", "person_id"), REAL_PAGE_PEOPLE.items())
def test_real_page_names_are_in_the_authority(authority, printed, person_id):
    assert authority.person_by_variant(fold(printed)).person_id == person_id


@pytest.mark.parametrize(("code_name", "person_id"), [*REAL_PAGE_CODE_NAMES.items(), *ARCHIVE_CODE_NAMES.items()])
def test_real_page_code_names(authority, code_name, person_id):
    assert authority.person_by_code_name(fold(code_name)).person_id == person_id


def test_real_page_names_occur_in_the_real_pages(real_pages):
    """The spellings above are the archive's, not ours: each is printed (editorial brackets aside) in the pages."""
    text = SEED.read_text(encoding="utf-8") + "".join(
        page.read_text(encoding="utf-8") for page in sorted(real_pages.rglob("*.txt"))
    )
    text = text.replace("[", "").replace("]", "")
    for printed in [*REAL_PAGE_PEOPLE, *REAL_PAGE_CODE_NAMES, *SEED_PEOPLE, *SEED_CODE_NAMES]:
        assert printed in text, printed


def test_people_sharing_a_family_name_stay_apart(authority):
    castros = {p.person_id for p in authority.people_by_family_name(fold("Castro"))}
    assert castros == {"fidel-castro", "raul-castro"}
    assert authority.person_by_variant(fold("Castro")) is None
    kims = {p.person_id for p in authority.people_by_family_name(fold("Kim"))}
    assert {"kim-il-sung", "kim-il", "kim-jong-il"} <= kims
    assert authority.person_by_variant(fold("Kim")) is None
    assert authority.person_by_variant(fold("Kennedy")) is None


def test_a_code_name_shared_by_two_people_is_not_in_the_authority(authority):
    # Matveyev stood for Zakharov and for Razuvaev in 1950 telegrams; the archive prints the real name beside it.
    assert authority.person_by_code_name(fold("Matveyev")) is None


def test_every_place_and_organization_country_is_a_state(authority):
    states = {p.entity_id for p in authority.places.values() if p.kind == "country"}
    for entry in [*authority.people.values(), *authority.organizations.values(), *authority.places.values()]:
        assert entry.country is None or entry.country in states


def test_sort_name_and_native_forms_are_lookups(authority):
    assert authority.person_by_variant(fold("Mao, Zedong")).person_id == "mao-zedong"
    assert authority.person_by_variant(fold("毛泽东")).person_id == "mao-zedong"
    assert authority.person_by_variant(fold("Lê Duẩn")).person_id == "le-duan"
    assert authority.person_by_variant(fold("Chou En-lai")).person_id == "zhou-enlai"


def test_lone_names_list_everyone_who_shares_them(authority):
    assert [p.person_id for p in authority.people_by_given_name(fold("Zedong"))] == ["mao-zedong"]
    le = {p.person_id for p in authority.people_by_family_name(fold("Le"))}
    assert {"le-duan", "le-duc-tho", "le-thanh-nghi"} <= le
    assert authority.person_by_variant(fold("Le")) is None


def test_a_variant_shared_by_two_people_names_both(reference_copy):
    _append(
        reference_copy / "people.csv",
        "test-person,Test Person,\"Person, Test\",Test,Person,,given_first,Chou En-lai,,,,,test",
    )
    with pytest.raises(AuthorityError) as raised:
        load_authority(reference_copy)
    assert "zhou-enlai" in str(raised.value) and "test-person" in str(raised.value)


def test_a_name_form_that_is_another_persons_family_name_is_refused(reference_copy):
    _append(
        reference_copy / "people.csv",
        "test-le,Le Test,\"Le, Test\",Test,Le,,family_first,Le,,,,,test",
    )
    with pytest.raises(AuthorityError, match="test-le"):
        load_authority(reference_copy)


def test_a_code_name_shared_by_two_people_is_refused(reference_copy):
    line = _append(reference_copy / "code_names.csv", "le-duan,Sau,test,test")
    with pytest.raises(AuthorityError, match=f"code_names.csv line {line}"):
        load_authority(reference_copy)


def test_a_malformed_row_names_file_and_line(reference_copy):
    line = _append(
        reference_copy / "people.csv",
        "Bad Id,Someone,\"One, Some\",Some,One,,sideways,,19x3,,,,test",
    )
    with pytest.raises(AuthorityError) as raised:
        load_authority(reference_copy)
    message = str(raised.value)
    assert f"people.csv line {line}" in message
    assert "person_id" in message and "name_order" in message and "born" in message


def test_an_empty_list_item_is_refused(reference_copy):
    line = _append(reference_copy / "places.csv", "test-place,Test Place,city,,Somewhere||Elsewhere,test")
    with pytest.raises(AuthorityError, match=f"places.csv line {line}: variants"):
        load_authority(reference_copy)


def test_an_unknown_reference_names_file_and_line(reference_copy):
    line = _append(reference_copy / "code_names.csv", "nobody-at-all,Nobody,test,test")
    with pytest.raises(AuthorityError, match=f"code_names.csv line {line}: person_id 'nobody-at-all'"):
        load_authority(reference_copy)


def test_a_missing_file_is_named(reference_copy):
    (reference_copy / "places.csv").unlink()
    with pytest.raises(AuthorityError, match="places.csv"):
        load_authority(reference_copy)


def test_a_new_variant_in_the_file_is_a_new_lookup(reference_copy):
    assert load_authority(reference_copy).person_by_variant(fold("Chou Ngen-lai")) is None
    people = reference_copy / "people.csv"
    people.write_text(
        people.read_text(encoding="utf-8").replace("Chou En-lai|", "Chou En-lai|Chou Ngen-lai|"), encoding="utf-8"
    )
    assert load_authority(reference_copy).person_by_variant(fold("Chou Ngen-lai")).person_id == "zhou-enlai"


def test_the_same_files_give_the_loaded_authority_again_and_a_broken_file_is_still_refused(reference_copy):
    first = load_authority(reference_copy)
    assert load_authority(reference_copy) is first
    _append(reference_copy / "places.csv", "broken")
    with pytest.raises(AuthorityError, match="places.csv"):
        load_authority(reference_copy)
    (reference_copy / "places.csv").write_bytes((REFERENCE_DIR / "places.csv").read_bytes())
    again = load_authority(reference_copy)
    assert again.places == first.places and again.people == first.people


def test_fold_examples():
    assert fold("Phạm Hùng") == fold("PHAM HUNG") == "pham hung"
    assert fold("Trần Quang Cơ") == "tran quang co"
    assert fold("Białek") == "bialek" and fold("Verdeț") == "verdet" and fold("Satō, Eisaku") == "sato eisaku"
    assert fold("Vietnamese Workers’ Party") == fold("Vietnamese Workers' Party") == "vietnamese workers party"
    assert fold("Chou  En-lai") == "chou en lai"
    assert fold("毛泽东") == "毛泽东"


def _person(person_id: str, family: str, variants: tuple[str, ...] = ()) -> Person:
    return Person(person_id, f"Test {family}", f"{family}, Test", "Test", family, None, "given_first", variants)


_NAMES = st.text(st.sampled_from("abcdeghiklmnoprstuvyàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), min_size=3)


@given(_NAMES, _NAMES)
def test_any_variant_is_found_however_it_is_cased_or_accented(first, last):
    variant = f"{first} {last}".title()
    authority = Authority({"p": _person("p", "Zz", (variant,))}, {}, {})
    bare = "".join(c for c in unicodedata.normalize("NFKD", variant) if not unicodedata.combining(c))
    for printed in (variant, variant.upper(), bare, f"  {variant.lower()}  "):
        assert authority.person_by_variant(fold(printed)).person_id == "p"


@given(_NAMES, _NAMES)
def test_two_people_never_share_a_folded_variant(first, last):
    variant = f"{first} {last}"
    bare = "".join(c for c in unicodedata.normalize("NFKD", variant) if not unicodedata.combining(c))
    with pytest.raises(AuthorityError, match="'p'.*'q'|'q'.*'p'"):
        Authority({"p": _person("p", "Zz", (variant,)), "q": _person("q", "Zy", (bare.upper(),))}, {}, {})


_LATIN = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Zs", "Pd", "Po"),
    max_codepoint=0x24F,
) | st.sampled_from("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐđƠơƯư")


@given(st.text(_LATIN, max_size=40))
def test_fold_ignores_case(text):
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(st.text(_LATIN, max_size=40))
def test_fold_ignores_latin_diacritics(text):
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    assert fold(bare) == fold(text)


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_tidy(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip() and "  " not in folded
    assert not any(c.isascii() and c.isupper() for c in folded)
