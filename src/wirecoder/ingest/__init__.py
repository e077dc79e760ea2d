"""Ingest: turn sources (files, folders, stdin, URLs, feeds, WARC, JSONL) into Articles.

`iter_articles(sources, options)` is the entry point: it yields, in input order, an Article per document
or an IngestError per input (or JSONL line, feed entry, WARC record) that failed; it never raises for
bad input.
"""

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.feeds import iter_feed
from wirecoder.ingest.jsonl import iter_jsonl
from wirecoder.ingest.sources import EXTENSIONS, iter_articles, kind_by_extension, read_source
from wirecoder.ingest.text import text_article
from wirecoder.ingest.warc import iter_warc
from wirecoder.ingest.web import Fetcher, fetch_article, read_url

__all__ = [
    "EXTENSIONS",
    "Fetcher",
    "IngestError",
    "IngestOptions",
    "fetch_article",
    "iter_articles",
    "iter_feed",
    "iter_jsonl",
    "iter_warc",
    "kind_by_extension",
    "read_source",
    "read_url",
    "text_article",
]
