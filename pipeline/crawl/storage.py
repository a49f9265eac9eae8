"""Saving crawled pages into raw/: content-addressed, atomic, never editing what is there.

Each query has a folder `raw/crawl/<host>/<query slug>/`. A page is saved as
`p<page>-<sha256 prefix>.html` beside `<that name>.meta.json`, its sidecar. A
page whose content changed gets a new name, so an earlier version is never
overwritten: raw/ only grows. A refresh that meets bytes it already holds
saves nothing.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from pipeline.crawl.queries import Query
from pipeline.sources import SIDECAR_SUFFIX, read_sidecar, sha256_of, sidecar_path

CRAWL_FOLDER = "crawl"
PARTIAL_SUFFIX = ".part"


@dataclass(frozen=True)
class HeldPage:
    """A page already in raw/, with the sidecar that says where and when it was fetched."""

    path: Path
    meta: dict

    @property
    def page(self) -> int:
        return int(self.meta["page"])

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(self.meta.get("documents") or ())


class RawStore:
    """The crawler's part of the raw landing zone."""

    def __init__(self, raw_dir: Path) -> None:
        self.root = raw_dir / CRAWL_FOLDER

    def folder(self, query: Query) -> Path:
        return self.root / query.host.replace(":", "_") / query.slug

    def held(self, query: Query) -> list[HeldPage]:
        """Every page of `query` already saved with its sidecar, oldest fetch first."""
        folder = self.folder(query)
        pages = []
        for meta_file in folder.glob(f"*{SIDECAR_SUFFIX}"):
            page_file = meta_file.with_name(meta_file.name.removesuffix(SIDECAR_SUFFIX))
            meta = read_sidecar(page_file)
            if page_file.is_file() and "page" in meta and meta.get("query") == query.canonical:
                pages.append(HeldPage(page_file, meta))
        return sorted(pages, key=lambda held: (held.meta.get("fetched_at", ""), held.path.name))

    def save(self, query: Query, page: int, body: bytes, meta: dict, suffix: str = ".html") -> HeldPage:
        """Write the page and its sidecar, each atomically; the sidecar lands first.

        A page file therefore never exists without its provenance, and a crash
        leaves at worst a sidecar whose page the next run writes.
        """
        folder = self.folder(query)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"p{page:05d}-{sha256_of(body)[:16]}{suffix}"
        meta_path = sidecar_path(path)
        if not meta_path.exists():
            _write_atomically(meta_path, json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n")
        if not path.exists():
            _write_atomically(path, body)
        return HeldPage(path, read_sidecar(path))

    def remove_partials(self, query: Query) -> list[Path]:
        """Delete temporary files a killed run left in the query's folder (never a saved page)."""
        leftovers = sorted(self.folder(query).glob(f".*{PARTIAL_SUFFIX}"))
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        return leftovers


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside, flush to disk, then rename: readers see the whole file or none of it."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}{PARTIAL_SUFFIX}")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
