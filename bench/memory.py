"""Peak memory of the benchmark's whole process tree, without counting a page twice.

`ru_maxrss` is exact for one process, but a forked worker's RSS also counts
the pages it shares with its parent, so adding the workers' peaks to the
parent's overstates the run. The proportional set size (PSS) splits every
shared page between the processes that map it; sampled while the run goes
on, the largest sum over the tree is the memory the run held at once.
"""

from __future__ import annotations

import threading
from types import TracebackType

import psutil

SAMPLE_SECONDS = 0.05


class PeakMemory:
    """A background sampler of the summed PSS of this process and its descendants (`with PeakMemory() as peak:`)."""

    def __init__(self, interval: float = SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, name="peak-memory", daemon=True)

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def sample(self) -> int:
        """Add up the tree's PSS now and keep it if it is the largest so far."""
        me = psutil.Process()
        total = 0
        for process in [me, *me.children(recursive=True)]:
            try:
                total += process.memory_full_info().pss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue  # a worker that ended between listing and reading holds nothing any more
        self.peak_bytes = max(self.peak_bytes, total)
        return total

    def _sample_until_stopped(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()
