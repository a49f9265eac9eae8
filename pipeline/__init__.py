"""Wilson Center Digital Archive listings → research-grade datasets.

The core (parsing, dates, documents, publishing) is plain Python over plain
data and can be imported in a notebook; `pipeline.defs` wires it into Dagster.
"""

__version__ = "0.1.0"
