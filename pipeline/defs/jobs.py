"""Jobs: the build that turns raw/ into outputs/."""
import dagster as dg

BUILD_GROUPS = ("ingest", "parse", "normalize", "publish")

# The whole graph is small and fast; one process avoids a process start per step.
build_datasets = dg.define_asset_job(
    name="build_datasets",
    selection=dg.AssetSelection.groups(*BUILD_GROUPS),
    description="Read every saved listing in the raw folder and publish the datasets to the outputs folder.",
    executor_def=dg.in_process_executor,
    tags={"archive/build": "datasets"},
)
