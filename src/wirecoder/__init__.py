"""wirecoder: sourced, structured records of what happened and who says so.

    >>> import wirecoder
    >>> doc = wirecoder.analyze("Putin said on Tuesday ...", published="2023-05-30")
    >>> doc.to_dict()["entities"]

`analyze_batch` takes many texts or Articles and yields Documents in order; `analyze_stream` takes
Articles and ingest errors (as `iter_articles` yields them) and keeps errors in their place;
`Analyzer(actors=[...], stage_names=[...])` holds one configured pipeline; `open_writer(name, output)`
writes records as the CLI's `--format` does.
"""

from wirecoder.lazy import lazy_exports

__version__ = "0.1.0"
__all__ = [
    "Analyzer",
    "Article",
    "Corpus",
    "Document",
    "MetadataWarning",
    "analyze",
    "analyze_batch",
    "analyze_stream",
    "iter_articles",
    "open_writer",
    "read_published",
]

_EXPORTS = {
    "Analyzer": "wirecoder.pipeline",
    "Article": "wirecoder.model",
    "Corpus": "wirecoder.corpus",
    "Document": "wirecoder.model",
    "MetadataWarning": "wirecoder.pipeline",
    "analyze": "wirecoder.pipeline",
    "analyze_batch": "wirecoder.pipeline",
    "analyze_stream": "wirecoder.pipeline",
    "iter_articles": "wirecoder.ingest",
    "open_writer": "wirecoder.writers",
    "read_published": "wirecoder.ingest.dates",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)
