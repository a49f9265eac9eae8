"""Run the build job in-process against chosen folders (used by several tests)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.definitions import defs
from pipeline.defs.resources import ArchiveStorage


def build(raw: Path, outputs: Path) -> dg.ExecuteInProcessResult:
    """Materialize the whole build job on `raw`, publishing into `outputs`."""
    job = defs().resolve_job_def("build_datasets")
    return job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        resources={"archive": ArchiveStorage(raw_dir=str(raw), outputs_dir=str(outputs))},
        raise_on_error=False,
    )
