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

# The weekly refresh: the crawl, then the build (raw_listing_files depends on the crawl, so it
# waits for it and is skipped if it fails). Same tag: it never overlaps a build.
crawl_and_build = dg.define_asset_job(
    name="crawl_and_build",
    selection=dg.AssetSelection.groups("crawl", *BUILD_GROUPS),
    description="Fetch what is new on the configured listings into the raw folder, then rebuild the datasets.",
    executor_def=dg.in_process_executor,
    tags={"archive/build": "datasets"},
)
