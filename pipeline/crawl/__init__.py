"""Crawl listing pages of the live archive into raw/, politely, incrementally and resumably.

Plain Python (usable from a notebook); `pipeline/defs/crawl.py` wraps it as a
Dagster asset. `crawl(urls, raw_dir, settings)` is the entry point.

The names below are loaded on first use (PEP 562): every process that loads
the Dagster definitions (`make run`, the UI, the sensor) imports this package,
and only a crawl needs the HTTP stack behind it.
"""

from importlib import import_module
from typing import Any

_HOMES = {
    "CrawlError": "errors",
    "CrawlSettings": "politeness",
    "PoliteClient": "client",
    "Query": "queries",
    "QueryResult": "crawler",
    "RequestRecord": "client",
    "crawl": "crawler",
    "parse_query": "queries",
    "user_agent": "politeness",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
