"""Parse and normalize raw files a part at a time, then put the parts back together.

Memory then grows with the part, not the archive, and the parts can run in
separate processes (the partitioned Dagster build; the streamed build in
`pipeline.streaming` takes `batched` and keeps first sightings itself, as the
batches arrive). Parts are contiguous runs of the raw files in discovery
order, so joining them in order gives the same tables as one pass over every
file: first sighting still wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

import pandas as pd

from pipeline.documents import DocumentTables, in_document_order
from pipeline.frames import typed_frame
from pipeline.rejects import combine_rejects
from schemas import DocumentListingsModel, DocumentsModel

T = TypeVar("T")

def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items (itertools.batched arrives in 3.12)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def part_of(items: Sequence[T], index: int, parts: int) -> Sequence[T]:
    """The `index`-th of `parts` contiguous, near-equal slices of `items`."""
    if not 0 <= index < parts:
        raise ValueError(f"part {index} is not one of {parts}")
    return items[index * len(items) // parts : (index + 1) * len(items) // parts]


def merge_document_tables(parts: Sequence[DocumentTables]) -> DocumentTables:
    """Join the normalize stage's output of consecutive parts, as if it had run once on them all.

    A document seen in several parts keeps the row of its first part, and its
    listing counts add up.
    """
    frames = [part.documents for part in parts if len(part.documents)]
    if not frames:
        documents = typed_frame([], DocumentsModel)
    else:
        documents = pd.concat(frames, ignore_index=True)
        counts = documents.groupby("document_id", sort=False)["listing_count"].sum()
        documents = documents.drop_duplicates("document_id", keep="first")
        documents["listing_count"] = documents["document_id"].map(counts).astype(documents["listing_count"].dtype)
        documents = in_document_order(documents)
    return DocumentTables(
        documents=documents,
        document_listings=concat_rows([part.document_listings for part in parts], DocumentListingsModel),
        rejects=combine_rejects(*(part.rejects for part in parts)),
    )


def concat_rows(frames: Sequence[pd.DataFrame], model: type) -> pd.DataFrame:
    """Frames of one model, stacked in order; an empty frame of the model when there are none."""
    kept = [frame for frame in frames if len(frame)]
    if not kept:
        return typed_frame([], model)
    return pd.concat(kept, ignore_index=True)
