"""Crawl listing pages of the live archive into raw/, politely, incrementally and resumably.

Plain Python (usable from a notebook); `pipeline/defs/crawl.py` wraps it as a
Dagster asset. `crawl(urls, raw_dir, settings)` is the entry point.
"""

from pipeline.crawl.client import PoliteClient, RequestRecord
from pipeline.crawl.crawler import QueryResult, crawl
from pipeline.crawl.errors import CrawlError
from pipeline.crawl.politeness import CrawlSettings, user_agent
from pipeline.crawl.queries import Query, parse_query

__all__ = [
    "CrawlError",
    "CrawlSettings",
    "PoliteClient",
    "Query",
    "QueryResult",
    "RequestRecord",
    "crawl",
    "parse_query",
    "user_agent",
]
