"""Report: pictures of the release for people who would rather look than read."""

import base64

import dagster as dg
import pandas as pd

from pipeline.defs.resources import ArchiveStorage

REPORT_FOLDER = "report"


@dg.asset(
    group_name="publish",
    kinds={"python", "matplotlib", "html"},
    deps=["release"],
)
def report(
    context: dg.AssetExecutionContext,
    archive: ArchiveStorage,
    documents: pd.DataFrame,
    document_people: pd.DataFrame,
    people: pd.DataFrame,
) -> dg.MaterializeResult:
    """A timeline of documents per year, the most-linked people and who appears with whom, as PNGs and an HTML page.

    Written to `<outputs>/report/` after the release (so it always pictures
    what was published) and shown in the UI, pictures embedded.
    """
    folder = archive.outputs_path / REPORT_FOLDER
    names = dict(zip(people["person_id"], people["display_name"]))
    # Imported here: matplotlib costs most of a second, and every process that loads the
    # definitions (the UI, the sensor, `make run`) would pay it even when no report is drawn.
    from pipeline.report import write_report

    written = write_report(documents, folder, document_people, names)
    context.log.info(f"Report written to {folder}")
    pictures = "\n\n".join(
        f"![{path.stem}](data:image/png;base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"
        for path in written.files
        if path.suffix == ".png"
    )
    return dg.MaterializeResult(
        metadata={
            "page": dg.MetadataValue.path(str(folder / "index.html")),
            "files": dg.MetadataValue.md(
                "| file | bytes |\n|---|---|\n" + "\n".join(f"| {p.name} | {p.stat().st_size} |" for p in written.files)
            ),
            "documents_placed_in_a_year": int(written.per_year.sum()),
            "documents_undated_or_spanning": written.left_out,
            "most_linked_people": dg.MetadataValue.md(
                written.top.to_markdown(index=False) if len(written.top) else "_no person linked_"
            ),
            "pictures": dg.MetadataValue.md(pictures),
        }
    )
