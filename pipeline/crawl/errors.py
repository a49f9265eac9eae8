"""Why a crawl stopped: errors a person can act on."""


class CrawlError(RuntimeError):
    """The crawl of a query cannot go on; the message says why and what was being fetched."""
