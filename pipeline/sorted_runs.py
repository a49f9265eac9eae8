"""A table too large to hold, kept on disk as sorted runs and read back in key order a slice at a time.

A streamed build makes its largest tables (documents, links) a batch at a
time but publishes them sorted. Holding every batch until the end made
memory grow with the collection; here each batch is sorted on arrival and
written to its own Arrow file (a run), and at the end the runs are merged:
only the key columns are read whole, to find the order, and the rows then
flow through a slice at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy
import pyarrow as arrow
import pyarrow.compute as compute
import pyarrow.ipc as ipc

from pipeline.frames import contiguous, gathered_order, plain_columns

# Rows per record batch in a run: a merge holds one partly read batch per run, so this bounds its memory.
RUN_BATCH_ROWS = 4_096
SortKey = tuple[str, str] | tuple[str, str, str]  # (column, "ascending"/"descending"[, "at_start"/"at_end"]) as Arrow sorts


class SortedRuns:
    """One table, added a part at a time to files in `folder`, read back whole in the order `keys` give.

    Sorting is stable: rows with equal keys come back in the order they were
    added. Dictionary-encoded key columns are sorted by their text.
    """

    def __init__(self, folder: Path, name: str, keys: Sequence[SortKey]) -> None:
        self.folder = folder
        self.name = name
        self.keys = list(keys)
        self.runs: list[Path] = []
        self.rows = 0

    def add(self, part: arrow.Table) -> None:
        """Sort `part` by the keys and write it as the next run (an empty part writes nothing)."""
        if not part.num_rows:
            return
        path = self.folder / f"{self.name}-{len(self.runs):06d}.arrow"
        ordered = part.take(compute.sort_indices(plain_columns(part, [key[0] for key in self.keys]), self.keys))
        with ipc.new_file(path, ordered.schema) as writer:
            writer.write_table(ordered, max_chunksize=RUN_BATCH_ROWS)
        self.runs.append(path)
        self.rows += part.num_rows

    def merged(self, slice_rows: int) -> Iterator[arrow.Table]:
        """Every row added, in key order, at most `slice_rows` at a time.

        Merging sorted runs takes each run's rows front to back, so a slice
        takes from each run the rows after those earlier slices took: one
        read of every run, one record batch of each held at a time.
        """
        if not self.runs:
            return
        run_of_row = self._run_of_each_row_in_order()
        readers = [_RunReader(path) for path in self.runs]
        for start in range(0, len(run_of_row), slice_rows):
            runs = run_of_row[start : start + slice_rows]
            counts = numpy.bincount(runs, minlength=len(readers))
            pieces = arrow.concat_tables([readers[run].take(int(count)) for run, count in enumerate(counts) if count])
            yield pieces.take(gathered_order(runs))

    def _run_of_each_row_in_order(self) -> numpy.ndarray:
        """For each row of the merged table, in order, the run it comes from (the key columns read, then let go)."""
        parts, run_ids = [], []
        for run, path in enumerate(self.runs):
            parts.append(self.keys_of(path))
            run_ids.append(numpy.full(parts[-1].num_rows, run, dtype=numpy.int32))
        keys = arrow.concat_tables(parts)
        order = compute.sort_indices(keys, self.keys).to_numpy()
        return numpy.concatenate(run_ids)[order]


    def keys_of(self, run: Path) -> arrow.Table:
        """The key columns of one run, copied out: a column read from a run is a view of its whole record batch,
        and would keep every other column in memory too."""
        with ipc.open_file(arrow.OSFile(str(run))) as reader:
            return contiguous(plain_columns(reader.read_all(), [key[0] for key in self.keys]))


class _RunReader:
    """One run read front to back, a record batch at a time."""

    def __init__(self, path: Path) -> None:
        self._reader = ipc.open_file(arrow.OSFile(str(path)))
        self._next_batch = 0
        self._left: arrow.Table | None = None

    def take(self, count: int) -> arrow.Table:
        """The next `count` rows of the run."""
        pieces, wanted = [], count
        while wanted:
            if self._left is None or not self._left.num_rows:
                self._left = arrow.Table.from_batches([self._reader.get_batch(self._next_batch)])
                self._next_batch += 1
            piece = self._left.slice(0, wanted)
            self._left = self._left.slice(piece.num_rows)
            pieces.append(piece)
            wanted -= piece.num_rows
        return arrow.concat_tables(pieces)
