"""The Dagster code location: everything under `pipeline/defs/`."""

from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    """Load every asset, check, job, schedule, sensor and resource in `pipeline/defs/`."""
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
