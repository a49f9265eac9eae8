"""The raw landing zone: find saved listing files and read them faithfully."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

LISTING_SUFFIXES = (".txt", ".html", ".htm")
SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class RawFile:
    """A saved listing file and what is known of where it came from."""

    path: Path
    source_file: str  # relative to the raw folder, POSIX
    sha256: str
    size_bytes: int
    source_url: str | None = None


@dataclass(frozen=True)
class DecodedText:
    """Text of a raw file, with the encoding used and any warning worth logging."""

    text: str
    encoding: str
    warning: str | None = None


def sha256_of(data: bytes) -> str:
    """Hex SHA-256, the identity of a raw file's content."""
    return hashlib.sha256(data).hexdigest()


def discover(raw_dir: Path) -> list[RawFile]:
    """Every listing file under `raw_dir`, recursively, in a stable order.

    The same files, in the same order, as sorting `raw_dir.rglob("*")` filtered by is_file and suffix,
    found with one scandir a folder: no Path object or stat a file until it is kept. Sidecars written by
    the crawler (`<file>.meta.json`) give the source URL; one is read only when its folder lists it.
    """
    if not raw_dir.is_dir():
        return []
    files = []
    for parts, has_sidecar, location in sorted(_listing_parts(str(raw_dir), ())):
        with open(location, "rb", buffering=0) as handle:  # one read of the whole file: no buffer needed
            data = handle.read()
        path = raw_dir.joinpath(*parts)
        files.append(
            RawFile(
                path=path,
                source_file="/".join(parts),
                sha256=sha256_of(data),
                size_bytes=len(data),
                source_url=read_sidecar(path).get("url") if has_sidecar else None,
            )
        )
    return files


def _listing_parts(folder: str, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], bool, str]]:
    """(path parts below the raw folder, whether its folder lists a sidecar, its path) of each listing file under `folder`.

    As rglob: subfolders entered unless they are symlinks, a folder that refuses listing skipped, and a file
    is what `Path.is_file` says is one (a symlink to a file counts). The tuples sort as the Paths would.
    """
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except PermissionError:
        return
    names = {entry.name for entry in entries}
    for entry in entries:
        if _is_dir(entry):
            yield from _listing_parts(entry.path, (*parts, entry.name))
        elif _suffix(entry.name).lower() in LISTING_SUFFIXES and _is_file(entry):
            yield (*parts, entry.name), entry.name + SIDECAR_SUFFIX in names, entry.path


def _suffix(name: str) -> str:
    """A file name's suffix as `PurePath.suffix` gives it (`..txt` has one, `.txt` has none)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _is_dir(entry: os.DirEntry) -> bool:
    """A real folder (not a symlink to one), as rglob decides whether to enter it."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    """A file, following symlinks; False when it cannot be told, as `Path.is_file` says."""
    try:
        return entry.is_file()
    except OSError:
        return False


def sidecar_path(path: Path) -> Path:
    """Where the crawler records the provenance of `path`."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict:
    """The crawl sidecar of `path`, or an empty dict when there is none or it is unreadable.

    Opened without looking first: a missing sidecar costs one failed open, not a stat and a Path.
    """
    try:
        with open(f"{path}{SIDECAR_SUFFIX}", encoding="utf-8") as handle:
            return json.loads(handle.read())
    except (OSError, ValueError):
        return {}


def decode(data: bytes) -> DecodedText:
    """Decode bytes as UTF-8 (BOM or not); anything else is detected and said so.

    Never replaces characters silently: a file that is not UTF-8 is decoded with
    the detected encoding and a warning that names it. A capture cut at a byte
    limit can end inside a UTF-8 character; that partial character is dropped,
    with a warning. Bytes with NULs and no UTF-16 BOM are binary, not text.
    """
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec)
            return DecodedText(text, codec, warning=f"not UTF-8: {codec}, by its byte order mark")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ValueError(f"binary, not text (NUL byte at offset {nul})")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
        return DecodedText(
            data[: utf8_error.start].decode("utf-8"),
            "utf-8",
            warning=f"ends inside a UTF-8 character (byte {utf8_error.start}): the file was cut; partial character dropped",
        )
    best = from_bytes(data).best()
    if best is None:
        raise ValueError(f"not text: {utf8_error}")
    return DecodedText(
        str(best),
        best.encoding,
        warning=f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}); decoded as {best.encoding}",
    )


class NoListings(ValueError):
    """The raw folder is missing or holds no listing file."""


def require_listings(raw_dir: Path) -> list[RawFile]:
    """The listing files under `raw_dir`; NoListings with a message a person can act on when there are none."""
    if not raw_dir.is_dir():
        raise NoListings(f"The raw folder {raw_dir} does not exist. Set ARCHIVE_RAW_DIR to a folder of saved listings.")
    files = discover(raw_dir)
    if not files:
        raise NoListings(
            f"No listing files ({', '.join('*' + s for s in LISTING_SUFFIXES)}) under {raw_dir}. "
            "Save listing pages there, or point ARCHIVE_RAW_DIR at a folder that has some."
        )
    return files
