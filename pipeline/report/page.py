"""The report folder: the PNGs and an HTML page that shows them beside the numbers behind them."""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.report.figures import network_figure, people_figure, save_png, timeline_figure
from pipeline.report.measures import cooccurrence, documents_per_year, top_people

TOP_PEOPLE = 15
NETWORK_PEOPLE = 12
PAGE = "index.html"
TOP_COLUMNS = ["person_id", "name", "documents"]


@dataclass
class Report:
    """What was written, and the numbers a caller may want to show elsewhere."""

    files: list[Path]
    per_year: pd.Series
    left_out: int
    top: pd.DataFrame

    def image(self, stem: str) -> Path | None:
        """The PNG named `stem`, when it was drawn."""
        return next((p for p in self.files if p.name == f"{stem}.png"), None)


def write_report(
    documents: pd.DataFrame,
    folder: Path,
    document_people: pd.DataFrame | None = None,
    names: Mapping[str, str] | None = None,
) -> Report:
    """Draw the pictures and the page into `folder`, replacing the previous report only once all are written.

    Without `document_people` (a build before names are resolved) the report
    holds the timeline alone.
    """
    names = names or {}
    per_year, left_out = documents_per_year(documents)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    try:
        figures = {"timeline": timeline_figure(per_year, left_out)}
        top = pd.DataFrame(columns=TOP_COLUMNS)
        if document_people is not None:
            top = top_people(document_people, names, TOP_PEOPLE)
            figures["people"] = people_figure(top)
            graph = cooccurrence(document_people, list(top["person_id"][:NETWORK_PEOPLE]))
            figures["network"] = network_figure(graph, names)
        staged = [save_png(figure, staging / f"{stem}.png") for stem, figure in figures.items()]
        page = staging / PAGE
        page.write_text(_page(len(documents), per_year, left_out, top, list(figures)), encoding="utf-8")
        files = []
        for path in [*staged, page]:
            os.replace(path, folder / path.name)
            files.append(folder / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Report(files, per_year, left_out, top)


_CAPTIONS = {
    "timeline": "Documents per year. Undated documents and dates spanning several years are counted, not placed.",
    "people": "People linked to the most documents (any role: author, recipient, participant, mentioned).",
    "network": "Who appears with whom: the most-linked people, joined when they share a document; "
    "thicker lines mean more shared documents.",
}


def _page(total: int, per_year: pd.Series, left_out: int, top: pd.DataFrame, images: list[str]) -> str:
    """The HTML page: each picture with its caption, then the tables behind them."""
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Release report</title>',
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "img{max-width:100%}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd}"
        "td.n{text-align:right}</style></head><body>",
        "<h1>Release report</h1>",
        f"<p>{total} documents; {int(per_year.sum())} dated to a single year, {left_out} undated or spanning years.</p>",
    ]
    for stem in images:
        parts.append(f'<figure><img src="{stem}.png" alt="{html.escape(_CAPTIONS[stem])}">')
        parts.append(f"<figcaption>{html.escape(_CAPTIONS[stem])}</figcaption></figure>")
    if not top.empty:
        parts.append("<h2>Most-linked people</h2><table><tr><th>person</th><th>id</th><th>documents</th></tr>")
        for row in top.itertuples(index=False):
            parts.append(
                f"<tr><td>{html.escape(row.name)}</td><td><code>{html.escape(row.person_id)}</code></td>"
                f'<td class="n">{row.documents}</td></tr>'
            )
        parts.append("</table>")
    if not per_year.empty:
        parts.append("<h2>Documents per year</h2><table><tr><th>year</th><th>documents</th></tr>")
        parts.extend(f'<tr><td>{year}</td><td class="n">{count}</td></tr>' for year, count in per_year.items() if count)
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
