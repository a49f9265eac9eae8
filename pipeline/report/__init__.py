"""The release report: pictures of the published tables (timeline, most-linked people, co-occurrence) and an HTML page.

Plain functions over frames; Matplotlib draws through the Agg canvas only,
so nothing here needs a display or pyplot's global state.
"""

from pipeline.report.figures import network_figure, people_figure, timeline_figure
from pipeline.report.measures import cooccurrence, documents_per_year, top_people
from pipeline.report.page import write_report

__all__ = [
    "cooccurrence",
    "documents_per_year",
    "network_figure",
    "people_figure",
    "timeline_figure",
    "top_people",
    "write_report",
]
