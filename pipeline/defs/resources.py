"""Where the pipeline reads and writes: one resource shared by every asset."""

import os
from pathlib import Path

import dagster as dg

RAW_DIR_ENV = "ARCHIVE_RAW_DIR"
OUTPUTS_DIR_ENV = "ARCHIVE_OUTPUTS_DIR"


class ArchiveStorage(dg.ConfigurableResource):
    """The raw landing zone and the outputs folder.

    Left empty, each folder comes from ARCHIVE_RAW_DIR / ARCHIVE_OUTPUTS_DIR,
    read when a run starts (so the UI and `make run` agree), else `raw/` and
    `outputs/` in the working directory.
    """

    raw_dir: str = ""
    outputs_dir: str = ""

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir or os.environ.get(RAW_DIR_ENV) or "raw").resolve()

    @property
    def outputs_path(self) -> Path:
        return Path(self.outputs_dir or os.environ.get(OUTPUTS_DIR_ENV) or "outputs").resolve()


class QualityThresholds(dg.ConfigurableResource):
    """How much the asset checks tolerate before they fail.

    Shares are fractions (0.1 = 10%). The reject share is an error check (it
    stops publishing); the unresolved-name share only warns, since the
    worklist of unresolved names is the curators' to shrink.
    """

    max_reject_share: float = 0.5
    max_unresolved_share: float = 0.5


@dg.definitions
def resources() -> dg.Definitions:
    """The storage resource every asset asks for as `archive`, and the check thresholds as `quality`."""
    return dg.Definitions(resources={"archive": ArchiveStorage(), "quality": QualityThresholds()})
