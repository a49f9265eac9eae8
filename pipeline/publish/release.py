"""Atomic releases: the new release is written beside the old one and switched in with one rename.

The outputs folder::

    outputs/
      releases/<id>/             complete releases: data files, datapackage.json, README.md
      releases/.partial-<...>/   a release being written
      current -> releases/<id>   the release researchers read
      documents.parquet -> current/documents.parquet   (one link per file of the release)
      README.md                  a copy of current/README.md

Why this shape: the paths researchers and the contract read stay
`outputs/<table>.parquet` and `.csv`, but each is a link through `current`,
so one `rename(2)` of the `current` link (atomic on POSIX) moves every path
from one complete release to the next at once; no reader can see half of
each. Everything before that rename happens in a `.partial-` folder: a run
that fails, or is killed, leaves `current`, and so every published path, on
the previous release, and the next run deletes the partial folder. The
release being replaced is kept, so a reader that opened its files just
before the switch can finish and the next change log can compare with it;
older ones are deleted. README.md is the one regular file (git tracks the
seed's copy); it depends only on the models, so a run killed between the
switch and its copy leaves it correct for every release built from the
same code. A lock file serializes concurrent runs on one folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
PARTIAL_PREFIX = ".partial-"
LOCK_FILE = ".publish.lock"
COPIED_FILES = ("README.md",)


def current_release(outputs_dir: Path) -> Path | None:
    """The release researchers currently read, or None before the first one."""
    link = outputs_dir / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


@dataclass
class StagedRelease:
    """A release being written in `folder`; `path` is where it lives once switched in.

    `scratch` is a private folder for the build's intermediate files, deleted
    with the staging folder (and, like it, by the next build if this one is killed).
    """

    folder: Path
    scratch: Path
    path: Path | None = None


@contextmanager
def staged_release(outputs_dir: Path, release_id: str) -> Iterator[StagedRelease]:
    """A fresh folder to fill inside the block; when the block ends without raising, it becomes the current release.

    The lock is held for the whole block, so a build that streams its tables
    into the folder as it makes them is still the only writer of the outputs.
    """
    outputs_dir.mkdir(parents=True, exist_ok=True)
    releases = outputs_dir / RELEASES
    releases.mkdir(exist_ok=True)
    with _locked(outputs_dir):
        for stale in releases.glob(PARTIAL_PREFIX + "*"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX + release_id + "-", dir=releases))
        staging.chmod(0o755)  # mkdtemp makes it private; a release is for every reader of the folder
        scratch = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX + release_id + "-scratch-", dir=releases))
        staged = StagedRelease(staging, scratch)
        try:
            yield staged
            _sync_folder(staging)
            final = _unique(releases / release_id)
            staging.rename(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(scratch, ignore_errors=True)
        _fsync(releases)
        previous = current_release(outputs_dir)
        _replace_link(outputs_dir / CURRENT, f"{RELEASES}/{final.name}")
        _fsync(outputs_dir)
        _expose(outputs_dir, final)
        keep = {final.name, previous.name if previous else None}
        for old in releases.iterdir():
            if old.is_dir() and not old.name.startswith(PARTIAL_PREFIX) and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
        staged.path = final


def _expose(outputs_dir: Path, release: Path) -> None:
    """Top-level paths for every file of `release`: links through `current`, copies for COPIED_FILES."""
    names = {path.name for path in release.iterdir() if path.is_file()}
    for name in sorted(names):
        target = outputs_dir / name
        if name in COPIED_FILES:
            temporary = outputs_dir / f".{name}.tmp"
            shutil.copyfile(release / name, temporary)
            os.replace(temporary, target)
        elif not (target.is_symlink() and os.readlink(target) == f"{CURRENT}/{name}"):
            _replace_link(target, f"{CURRENT}/{name}")
    for path in outputs_dir.iterdir():
        if path.is_symlink() and os.readlink(path).startswith(CURRENT + "/") and path.name not in names:
            path.unlink()


def _replace_link(path: Path, target: str) -> None:
    """Point `path` at `target` in one atomic rename, whatever `path` was before."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, path)


def _unique(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`... if a release of that id already exists."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


@contextmanager
def _locked(outputs_dir: Path) -> Iterator[None]:
    with open(outputs_dir / LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _sync_folder(folder: Path) -> None:
    """Flush every file of `folder` and the folder itself, so the switch never exposes unwritten bytes."""
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    _fsync(folder)


def _fsync(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
