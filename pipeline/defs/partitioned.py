"""Parse and normalize in shards: the same core functions over Dagster partitions of the raw files.

Each shard is a contiguous run of the raw files in discovery order, so
joining the shards in order gives the tables one pass would: a document seen
in several shards keeps the row of its first sighting (`pipeline.batches`).
Shards are independent runs: on one machine they run side by side (a
backfill, or `python -m bench.partitioned`); on a cluster each becomes its own
pod or Celery task, with no code of ours deciding where (see README, "Scaling
out"). The join writes the four core tables as Parquet into
`<outputs>/sharded/`, apart from the release that `build_datasets` publishes.
"""

import dagster as dg
import pandas as pd

from pipeline.batches import concat_rows, merge_document_tables, part_of
from pipeline.defs.resources import ArchiveStorage
from pipeline.defs.tables import table_metadata, table_out
from pipeline.documents import DocumentTables, build_documents
from pipeline.listings import parse_files
from pipeline.publish.files import write_parquet
from pipeline.rejects import combine_rejects
from pipeline.sources import RawFile
from pipeline.validation import split_valid
from schemas import DocumentListingsModel, DocumentsModel, ListingPagesModel, ListingRecordsModel, RejectsModel

SHARD_COUNT = 4
SHARDS = dg.StaticPartitionsDefinition([f"shard-{n}" for n in range(SHARD_COUNT)])
GROUP = "sharded"
PREFIX = "sharded"
OUTPUT_FOLDER = "sharded"


def shard_index(partition_key: str) -> int:
    """Position of a shard among SHARDS: the order the join puts it back in."""
    return SHARDS.get_partition_keys().index(partition_key)


def in_shard_order(parts: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """The per-shard frames the IO manager hands the join, in shard order."""
    return [parts[key] for key in sorted(parts, key=shard_index)]


@dg.multi_asset(
    group_name=GROUP,
    partitions_def=SHARDS,
    outs={
        "listing_records": table_out(ListingRecordsModel, "The shard's listing items, verbatim, with provenance.", key_prefix=PREFIX),
        "listing_pages": table_out(ListingPagesModel, "The shard's parsed pages.", key_prefix=PREFIX),
        "parse_rejects": table_out(RejectsModel, "What the parser could not use in this shard's files.", key_prefix=PREFIX),
    },
    ins={"raw_listing_files": dg.AssetIn(key="raw_listing_files")},
)
def sharded_parse(context: dg.AssetExecutionContext, archive: ArchiveStorage, raw_listing_files: pd.DataFrame):
    """Parse one shard of the raw files (a contiguous slice of them in discovery order)."""
    raw_dir = archive.raw_path
    shard = part_of(raw_listing_files, shard_index(context.partition_key), SHARD_COUNT)
    files = [
        RawFile(raw_dir / row.source_file, row.source_file, row.sha256, row.size_bytes, row.source_url)
        for row in shard.itertuples(index=False)
    ]
    parsed = parse_files(files)
    records, invalid = split_valid(parsed.records, ListingRecordsModel)
    rejects = combine_rejects(parsed.rejects, invalid)
    context.log.info(f"{context.partition_key}: {len(files)} files, {len(records)} items, {len(rejects)} rejects")
    yield dg.Output(records, output_name="listing_records", metadata=table_metadata(records))
    yield dg.Output(parsed.pages, output_name="listing_pages", metadata=table_metadata(parsed.pages))
    yield dg.Output(rejects, output_name="parse_rejects", metadata=table_metadata(rejects))


@dg.multi_asset(
    group_name=GROUP,
    partitions_def=SHARDS,
    outs={
        "documents": table_out(DocumentsModel, "The shard's distinct documents, dates normalized.", key_prefix=PREFIX),
        "document_listings": table_out(DocumentListingsModel, "Where the shard's documents were listed.", key_prefix=PREFIX),
        "normalize_rejects": table_out(RejectsModel, "The shard's items with impossible dates.", key_prefix=PREFIX),
    },
    ins={"listing_records": dg.AssetIn(key=[PREFIX, "listing_records"])},
)
def sharded_normalize(context: dg.AssetExecutionContext, listing_records: pd.DataFrame):
    """Deduplicate one shard's items into documents and normalize their dates.

    Documents are validated once shards are joined: uniqueness only holds
    across the whole archive.
    """
    tables = build_documents(listing_records)
    context.log.info(f"{context.partition_key}: {len(tables.documents)} documents, {len(tables.rejects)} rejects")
    yield dg.Output(tables.documents, output_name="documents", metadata=table_metadata(tables.documents))
    yield dg.Output(tables.document_listings, output_name="document_listings", metadata=table_metadata(tables.document_listings))
    yield dg.Output(tables.rejects, output_name="normalize_rejects", metadata=table_metadata(tables.rejects))


_JOIN_INPUTS = ("listing_records", "parse_rejects", "documents", "document_listings", "normalize_rejects")


@dg.asset(
    key=[PREFIX, "tables"],
    group_name=GROUP,
    kinds={"parquet"},
    ins={name: dg.AssetIn(key=[PREFIX, name]) for name in _JOIN_INPUTS},
)
def sharded_tables(
    context: dg.AssetExecutionContext,
    archive: ArchiveStorage,
    listing_records: dict[str, pd.DataFrame],
    parse_rejects: dict[str, pd.DataFrame],
    documents: dict[str, pd.DataFrame],
    document_listings: dict[str, pd.DataFrame],
    normalize_rejects: dict[str, pd.DataFrame],
) -> dg.MaterializeResult:
    """Every shard joined in order, documents validated across the archive, written as Parquet."""
    merged = merge_document_tables(
        [
            DocumentTables(docs, listings, bad)
            for docs, listings, bad in zip(
                in_shard_order(documents), in_shard_order(document_listings), in_shard_order(normalize_rejects)
            )
        ]
    )
    valid_documents, invalid = split_valid(merged.documents, DocumentsModel)
    listings = merged.document_listings[merged.document_listings["document_id"].isin(valid_documents["document_id"])]
    tables = {
        "documents": (valid_documents, DocumentsModel),
        "listing_records": (concat_rows(in_shard_order(listing_records), ListingRecordsModel), ListingRecordsModel),
        "document_listings": (listings, DocumentListingsModel),
        "rejects": (combine_rejects(*in_shard_order(parse_rejects), merged.rejects, invalid), RejectsModel),
    }
    folder = archive.outputs_path / OUTPUT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, (frame, model) in tables.items():
        write_parquet(frame, model, folder / f"{name}.parquet")
    context.log.info(f"Joined {SHARD_COUNT} shards into {folder}")
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(folder)),
            **{f"rows/{name}": dg.MetadataValue.int(len(frame)) for name, (frame, _) in tables.items()},
        }
    )


sharded_parse_normalize = dg.define_asset_job(
    name="sharded_parse_normalize",
    selection=dg.AssetSelection.assets(sharded_parse, sharded_normalize),
    description="Parse and normalize one shard of the raw files; backfill every shard, then materialize sharded/tables.",
)
