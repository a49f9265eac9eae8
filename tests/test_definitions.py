"""The Dagster code location loads and has the graph the build relies on."""

import dagster as dg

from pipeline.definitions import defs


def test_definitions_load_and_build_job_covers_the_graph() -> None:
    definitions = defs()
    job = definitions.resolve_job_def("build_datasets")
    keys = {key.to_user_string() for key in definitions.resolve_asset_graph().get_all_asset_keys()}
    assert {"raw_listing_files", "listing_records", "documents", "document_listings", "rejects", "release"} <= keys
    assert job is not None
    dg.Definitions.validate_loadable(definitions)
