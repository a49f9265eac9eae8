"""Reading raw files faithfully: encodings, byte order marks, line ends, cut captures, binaries, sidecars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parsing import parse_text
from pipeline.sources import LISTING_SUFFIXES, RawFile, decode, discover, read_sidecar, sha256_of, sidecar_path

LISTING = "Skip to content\n\n1 - 1 of 1\n\nMarch 23, 1975\n\nCable from Debré to Vidaković\n\nTrần Quang Cơ reports.\n"


def test_utf8_with_and_without_bom_decode_alike_and_silently() -> None:
    plain = decode(LISTING.encode("utf-8"))
    with_bom = decode(b"\xef\xbb\xbf" + LISTING.encode("utf-8"))
    assert plain.text == with_bom.text == LISTING
    assert plain.warning is None and with_bom.warning is None


def test_crlf_and_nbsp_parse_like_lf_and_spaces() -> None:
    messy = LISTING.replace("\n", "\r\n").replace("Cable from", "Cable\u00a0from").replace("reports.", "reports.\u00a0")
    clean, crlf = parse_text(LISTING), parse_text(decode(messy.encode("utf-8")).text)
    assert [(i.date_text, i.title, i.summary) for i in crlf.items] == [(i.date_text, i.title, i.summary) for i in clean.items]
    assert crlf.items[0].title == "Cable from Debré to Vidaković"
    assert crlf.items[0].line == clean.items[0].line == 5


def test_a_legacy_encoding_is_decoded_with_a_warning_naming_it() -> None:
    text = "Michel Debré a rencontré le président Görög; les débats ont été très animés et détaillés.\n"
    data = text.encode("cp1252")
    decoded = decode(data)
    assert decoded.warning is not None
    assert "not valid UTF-8" in decoded.warning and decoded.encoding in decoded.warning
    assert decoded.text.encode(decoded.encoding) == data  # the named encoding accounts for every byte
    assert "Debré" in decoded.text and "Görög" in decoded.text


def test_utf16_with_bom_is_read_and_said() -> None:
    decoded = decode(LISTING.encode("utf-16"))
    assert decoded.text == LISTING
    assert decoded.warning and "utf-16" in decoded.warning


def test_a_capture_cut_inside_a_utf8_character_keeps_the_whole_characters() -> None:
    data = "Vidaković".encode("utf-8")[:-1]  # the last character is two bytes; keep one
    decoded = decode(data)
    assert decoded.text == "Vidakovi"
    assert decoded.warning and "cut" in decoded.warning


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256))])
def test_binary_files_are_refused_not_guessed(data: bytes) -> None:
    with pytest.raises(ValueError, match="binary"):
        decode(data)


def test_discover_finds_listings_recursively_with_sidecar_urls(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    page = tmp_path / "new" / "p3.txt"
    page.write_text(LISTING, encoding="utf-8")
    sidecar_path(page).write_text(json.dumps({"url": "https://digitalarchive.wilsoncenter.org/search?page=3", "page": 3}))
    (tmp_path / "notes.md").write_text("not a listing")
    (found,) = discover(tmp_path)
    assert found.source_file == "new/p3.txt"
    assert found.source_url == "https://digitalarchive.wilsoncenter.org/search?page=3"
    assert read_sidecar(page)["page"] == 3


def test_an_unreadable_sidecar_is_no_provenance_rather_than_a_crash(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(LISTING, encoding="utf-8")
    sidecar_path(page).write_text("{not json")
    assert read_sidecar(page) == {}


def _discover_by_rglob(raw_dir: Path) -> list[RawFile]:
    """The plain reading discover stands in for: rglob, is_file and suffix, sorted Paths, a sidecar looked up per file."""
    return [
        RawFile(path, path.relative_to(raw_dir).as_posix(), sha256_of(data := path.read_bytes()), len(data), read_sidecar(path).get("url"))
        for path in sorted(p for p in raw_dir.rglob("*") if p.is_file() and p.suffix.lower() in LISTING_SUFFIXES)
    ]


NAMES = st.sampled_from(["a", "a-c", "b.txt", "a.TXT", "..txt", ".txt", "x.htm", "y.html.", "z.Html", "n.md", "a b.txt"])
TREES = st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=3), st.sampled_from(["file", "sidecar", "bad sidecar", "link"])), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TREES)
def test_discover_finds_what_rglob_finds_in_the_same_order(tmp_path_factory: pytest.TempPathFactory, tree: list) -> None:
    raw = tmp_path_factory.mktemp("raw")
    for parts, kind in tree:
        path = raw.joinpath(*parts)
        if any(parent.is_file() or parent.is_symlink() for parent in path.parents) or path.is_dir() or path.is_symlink():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "link":
            if not path.exists():
                path.symlink_to(raw.parent if len(parts) > 1 else "missing")  # to a folder, or dangling
            continue
        if not path.exists():
            path.write_text("listing " + "/".join(parts), encoding="utf-8")
        if kind != "file" and not sidecar_path(path).exists():
            sidecar_path(path).write_text("{bad" if kind == "bad sidecar" else json.dumps({"url": f"https://x/{path.name}"}))
    (raw / "linked.txt").symlink_to(next((p for p in raw.rglob("*") if p.is_file()), raw / "nothing"))
    assert discover(raw) == _discover_by_rglob(raw)
