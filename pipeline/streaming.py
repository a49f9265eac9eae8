"""Build a release from a raw folder a batch of files at a time, so memory follows the batch, not the archive.

The Dagster job hands whole tables from asset to asset, which suits the
archive's sixteen thousand documents. A collection of millions is built here
instead, from the same stage functions, with the same result:

- worker processes parse, normalize and validate each batch of raw files and
  send the results back as Arrow;
- the main process takes each batch's results in order. A document seen in an
  earlier batch only adds to its listing count (first sighting wins, as in
  one pass); the batch's new documents go back to a worker to be linked to
  names;
- listing records and document listings go straight into the release's files
  as their batch arrives;
- documents, links and interactions are sorted a batch at a time into runs
  on disk (`SortedRuns`), and merged into the release in their publishing
  order at the end, a slice at a time.

What stays in memory is the ids of the documents seen, the counts the
entry tables add up, the change log's few columns, and the batches in flight.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import pandas as pd
import pyarrow as arrow
import pyarrow.compute as compute

from pipeline.batches import batched
from pipeline.documents import DOCUMENT_ORDER, build_documents
from pipeline.listings import parse_files
from pipeline.names.authority import load_authority
from pipeline.names.links import ROW_ORDER, DocumentLinks, link_documents, link_tables
from pipeline.publish import Release, ReleaseWriter, SourceFile, open_release
from pipeline.publish.changes import ChangeLog, previous_documents
from pipeline.publish.files import arrow_table, file_schema
from pipeline.rejects import combine_rejects
from pipeline.sorted_runs import SortedRuns
from pipeline.sources import RawFile, discover
from pipeline.validation import split_valid
from schemas import PUBLISHED_TABLES, DocumentListingsModel, DocumentsModel, ListingRecordsModel

# Raw files per batch at most: 1,000 files (~12,000 items) held about 20% less memory than 2,000 at 100k items, as fast.
BATCH_FILES = 1_000
# Rows merged from sorted runs and written at a time at the end (each a row group of its table).
MERGE_SLICE_ROWS = 131_072
# Batches per worker at least: with fewer, a small collection leaves workers idle (one batch is one worker's).
BATCHES_PER_WORKER = 4
_LINKED_COLUMNS = ["document_id", "title", "summary", "date_start", "date_end"]
T = TypeVar("T")
R = TypeVar("R")


class Timer(Protocol):
    """Where the build reports its seconds: work per stage (its own and its workers'), wall time per phase."""

    def stage(self, name: str) -> AbstractContextManager[None]: ...

    def phase(self, name: str) -> AbstractContextManager[None]: ...

    def add(self, seconds: dict[str, float]) -> None: ...


class _Untimed:
    def stage(self, name: str) -> AbstractContextManager[None]:
        return nullcontext()

    phase = stage

    def add(self, seconds: dict[str, float]) -> None:
        pass


@dataclass
class BatchTables:
    """What parsing and normalizing one batch of raw files gives, as Arrow (made in a worker, sent back whole).

    `documents` holds the batch's documents that validate; `document_ids`
    and `listing_counts` every document of the batch, valid or not, so the
    main process can tell first sightings from later ones without reading
    the documents as Python objects.
    """

    records: arrow.Table
    documents: arrow.Table
    document_ids: list[str]
    listing_counts: list[int]
    document_rejects: list[dict]
    listings: arrow.Table
    parse_rejects: list[pd.DataFrame | list[dict]]
    normalize_rejects: pd.DataFrame
    seconds: dict[str, float]


@dataclass
class StreamedBuild:
    """The files read, the release written, the rejects it holds, and the raw files a batch held."""

    files: list[RawFile]
    release: Release
    rejects: int
    batch_files: int


def batch_size(files: int, workers: int) -> int:
    """Raw files per batch: BATCH_FILES, or fewer when that would give a worker fewer than BATCHES_PER_WORKER batches."""
    return max(1, min(BATCH_FILES, -(-files // (BATCHES_PER_WORKER * workers))))


def parse_batch(batch: list[RawFile]) -> BatchTables:
    """Parse one batch of raw files, normalize and validate its documents (runs in a worker process)."""
    started = time.perf_counter()
    parsed = parse_files(batch)
    records, invalid = split_valid(parsed.records, ListingRecordsModel)
    parsed_at = time.perf_counter()
    tables = build_documents(records)
    documents = tables.documents
    if len(documents):
        valid, document_rejects = split_valid(documents, DocumentsModel)
        kept, ids, counts = arrow_table(valid, DocumentsModel), documents["document_id"].tolist(), documents["listing_count"].tolist()
    else:  # no document, and no columns to read either
        document_rejects, kept, ids, counts = [], file_schema(DocumentsModel).empty_table(), [], []
    result = BatchTables(
        records=arrow_table(records, ListingRecordsModel),
        documents=kept,
        document_ids=ids,
        listing_counts=counts,
        document_rejects=document_rejects,
        listings=arrow_table(tables.document_listings, DocumentListingsModel),
        parse_rejects=[parsed.rejects, invalid],
        normalize_rejects=tables.rejects,
        seconds={"parse": parsed_at - started},
    )
    result.seconds["normalize"] = time.perf_counter() - parsed_at
    return result


def link_batch(documents: arrow.Table) -> tuple[DocumentLinks, float]:
    """Link one batch's new documents to names (runs in a worker process; the authority was loaded before the fork)."""
    started = time.perf_counter()
    links = link_documents(documents.to_pandas(), load_authority())
    return links, time.perf_counter() - started


class _Documents:
    """The documents kept so far, on disk in `runs`: first sightings that validated, and what later sightings add."""

    def __init__(self, scratch: Path) -> None:
        self.runs = SortedRuns(scratch, "documents", [(name, "ascending", "at_end") for name in DOCUMENT_ORDER])
        self.seen: set[str] = set()
        self.invalid: set[str] = set()
        self.more_listings: Counter[str] = Counter()
        self.rejects: list[list[dict]] = []

    def add(self, batch: BatchTables) -> arrow.Table:
        """Keep the batch's first sightings that validate and return them; count the listings of documents seen before.

        As in one pass over every file, a document's first sighting decides:
        if it fails validation, later sightings do not replace it.
        """
        new: set[str] = set()
        for doc_id, count in zip(batch.document_ids, batch.listing_counts):
            if doc_id not in self.seen:
                new.add(doc_id)
            elif doc_id not in self.invalid:
                self.more_listings[doc_id] += count
        self.seen |= new
        rejected = [row for row in batch.document_rejects if row["document_id"] in new]
        if rejected:
            self.invalid |= {row["document_id"] for row in rejected}
            self.rejects.append(rejected)
        kept = batch.documents
        if len(new) < kept.num_rows + len(batch.document_rejects):
            kept = kept.filter(compute.is_in(kept["document_id"], value_set=arrow.array(sorted(new), arrow.string())))
        self.runs.add(kept)
        return kept

    def in_order(self) -> Iterator[arrow.Table]:
        """Every kept document in publishing order (DOCUMENT_ORDER), a slice at a time, listing counts summed over all sightings."""
        for part in self.runs.merged(MERGE_SLICE_ROWS):
            if self.more_listings:
                more = [self.more_listings.get(doc_id, 0) for doc_id in part["document_id"].to_pylist()]
                total = compute.add(part["listing_count"], arrow.array(more, arrow.int64()))
                part = part.set_column(part.schema.get_field_index("listing_count"), part.schema.field("listing_count"), total)
            yield part


class _Links:
    """The links made so far: their rows in runs on disk, sorted for publishing; each chunk's counts in memory."""

    def __init__(self, scratch: Path) -> None:
        self.runs = {name: SortedRuns(scratch, name, keys) for name, keys in ROW_ORDER.items()}
        self.counts: list[DocumentLinks] = []

    def add(self, part: DocumentLinks) -> None:
        for name, rows in part.take_rows().items():
            self.runs[name].add(rows)
        self.counts.append(part)


def build_release(
    raw: Path, outputs: Path, batch_files: int | None = None, workers: int = 1, timer: Timer | None = None
) -> StreamedBuild:
    """Discover, parse, normalize, link and publish `raw` into a new release in `outputs`, a batch at a time.

    The release holds the same tables as the Dagster job's, whatever the
    batch size (by default `batch_size`'s) and the number of worker
    processes. Raises PackageInvalid (the previous release staying current)
    if the release fails validation.
    """
    timer = timer or _Untimed()
    with timer.stage("discover+read"):
        files = discover(raw)
    batch_files = batch_files or batch_size(len(files), workers)
    load_authority()  # now, before the workers fork, so each inherits it loaded
    parse_rejects: list[pd.DataFrame | list[dict]] = []
    normalize_rejects: list[pd.DataFrame] = []
    linking: list[Future[tuple[DocumentLinks, float]]] = []
    sources = [SourceFile(f.source_file, f.sha256, f.size_bytes, f.source_url) for f in files]
    with open_release(outputs, PUBLISHED_TABLES, sources) as release, _pool(workers) as pool:
        documents, links = _Documents(release.scratch), _Links(release.scratch)
        records_file, listings_file = release.stream("listing_records"), release.stream("document_listings")
        with timer.phase("batches"):
            for batch in _in_order(pool, parse_batch, batched(files, batch_files), ahead=2 * workers):
                timer.add(batch.seconds)
                with timer.stage("normalize"):
                    kept = documents.add(batch)
                    listings = batch.listings
                    if documents.invalid:
                        listings = listings.filter(compute.invert(compute.is_in(listings["document_id"], value_set=arrow.array(documents.invalid))))
                if kept.num_rows:
                    linking.append(pool.submit(link_batch, kept.select(_LINKED_COLUMNS)))
                parse_rejects += batch.parse_rejects
                normalize_rejects.append(batch.normalize_rejects)
                with timer.stage("publish"):
                    records_file.append(batch.records)
                    listings_file.append(listings)
                _keep_links(linking, links, timer, wait=False)
        with timer.phase("finish"):
            _finish(release, documents, links, linking, outputs, timer)
            rejects = combine_rejects(*parse_rejects, *normalize_rejects, *documents.rejects)
            with timer.stage("publish"):
                release.write("rejects", rejects)
    assert release.release is not None
    return StreamedBuild(files, release.release, len(rejects), batch_files)


def _keep_links(linking: list[Future[tuple[DocumentLinks, float]]], links: _Links, timer: Timer, wait: bool) -> None:
    """Move the finished link jobs' rows to disk, in the order they were submitted; with `wait`, every job's."""
    while linking and (wait or linking[0].done()):
        part, seconds = linking.pop(0).result()
        timer.add({"names": seconds})
        with timer.stage("names"):
            links.add(part)


def _finish(
    release: ReleaseWriter,
    documents: _Documents,
    links: _Links,
    linking: list[Future[tuple[DocumentLinks, float]]],
    outputs: Path,
    timer: Timer,
) -> None:
    """Write the tables that need every batch, each merged from its runs in publishing order, slice by slice.

    The documents go first: every batch has been read, so they are complete
    while the workers still link the last batches, which the links then wait for.
    """
    with timer.stage("publish"):
        log, stream = ChangeLog(previous_documents(outputs)), release.stream("documents")
        for part in documents.in_order():
            log.add(part)
            stream.append(part)
        release.write("changes", log.table())
    _keep_links(linking, links, timer, wait=True)
    with timer.stage("names"):
        names = link_tables(links.counts, load_authority())
    with timer.stage("publish"):
        for name, table in names.tables.items():
            if name not in links.runs:
                release.write(name, table)
        for name, runs in links.runs.items():
            stream = release.stream(name)
            for part in runs.merged(MERGE_SLICE_ROWS):
                stream.append(part)


def _in_order(pool: Executor, fn: Callable[[T], R], items: Iterable[T], ahead: int) -> Iterator[R]:
    """`map(fn, items)` on `pool`, with at most `ahead` calls submitted and not yet taken: a bounded window."""
    window: list[Future[R]] = []
    for item in items:
        window.append(pool.submit(fn, item))
        if len(window) >= ahead:
            yield window.pop(0).result()
    for future in window:
        yield future.result()


@contextmanager
def _pool(workers: int) -> Iterator[Executor]:
    """`workers` forked processes, or this process alone (no pickling at all) when there is one.

    Each worker first freezes what it inherited (the authority, the modules):
    its collections then never scan those objects, nor write to their pages,
    which would copy them out of the memory it shares with the main process.
    """
    if workers == 1:
        yield _InProcess()
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.freeze) as pool:
        yield pool


class _InProcess(Executor):
    """An executor that runs each call here, when it is submitted: one process pays no pickling."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future
