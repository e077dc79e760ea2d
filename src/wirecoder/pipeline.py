"""Analysis: Article -> Document, one document or a stream of them.

The spaCy pipeline is built once per process (language.load_pipeline) and fed with `nlp.pipe`.
After spaCy, the stages in STAGE_TABLE run in order over each (Doc, Document) pair; each stage
fills its own part of the Document (entities, then actors, places, times, attributions, events as
they land). The public output is always the Document.
"""

from __future__ import annotations

import gc
import importlib
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from wirecoder.ingest.base import IngestError
from wirecoder.ingest.dates import read_published
from wirecoder.language import DEFAULT_MODEL, detect_language, load_pipeline
from wirecoder.language.chunks import WHOLE_CHARS, parse_long
from wirecoder.model import Article, Document

Stage = Callable[[Doc, Document], None]

# The stages, in the order they run: (name, "module:function"). Each function takes the spaCy Doc and
# the Document and fills its own part of the Document. A new stage is one line here.
STAGE_TABLE: list[tuple[str, str]] = [
    ("entities", "wirecoder.language.entities:entities_stage"),
    ("places", "wirecoder.places.stage:places_stage"),
    ("actors", "wirecoder.actors.stage:actors_stage"),
    ("attribution", "wirecoder.attribution.stage:attribution_stage"),
    ("times", "wirecoder.times.stage:times_stage"),
    ("events", "wirecoder.events.stage:events_stage"),
]


STAGE_NAMES = tuple(name for name, _ in STAGE_TABLE)
BATCH_GC_THRESHOLD = 20_000  # allocations between young-generation collections in a batch process


@lru_cache(maxsize=8)
def stages(names: tuple[str, ...] | None = None) -> list[tuple[str, Stage]]:
    """The stages to run, in table order: all of them, or the named ones (a ValueError names unknown ones)."""
    if names is not None:
        unknown = sorted(set(names) - set(STAGE_NAMES))
        if unknown:
            raise ValueError(
                f"unknown stage(s) {', '.join(unknown)}; the stages are {', '.join(STAGE_NAMES)}"
            )
    resolved = []
    for name, target in STAGE_TABLE:
        if names is None or name in names:
            module, func = target.split(":")
            resolved.append((name, getattr(importlib.import_module(module), func)))
    return resolved


@dataclass
class AnalysisError:
    """A document that ingested but could not be analysed; reported like an ingest failure."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


Result = Document | IngestError | AnalysisError


def as_article(item: str | Article, published: str | None = None) -> Article:
    """An Article from text or an Article; the item's own date wins over `published` (already read by
    ingest.dates.read_published). An unreadable date of the item's own is dropped with a warning."""
    article = Article(text=item) if isinstance(item, str) else item
    if not isinstance(article, Article):
        raise TypeError(f"expected str or Article, got {type(item).__name__}")
    article.set_published(article.published)
    article.published = article.published or published
    return article


def _warn(article: Article) -> Article:
    """The library's way to report an article's metadata problems (the CLI prints them itself)."""
    for message in article.warnings:
        warnings.warn(f"{article.source or article.stable_id()}: {message}", MetadataWarning, stacklevel=3)
    return article


class MetadataWarning(UserWarning):
    """An article's metadata could not be read (e.g. its publication date); the article was analysed."""


class Analyzer:
    """Holds one spaCy pipeline; analyses documents one at a time or as a stream."""

    def __init__(
        self, model: str = DEFAULT_MODEL, batch_size: int = 16, stage_names: tuple[str, ...] | None = None
    ):
        self.model = model
        self.stages = stages(stage_names)  # checked before the model loads: a typo fails fast
        self.nlp = load_pipeline(model)
        self.batch_size = batch_size

    def analyze(self, item: str | Article, published: str | None = None) -> Document:
        result = next(self.stream([_warn(as_article(item, read_published(published)))]))
        if isinstance(result, AnalysisError):
            raise ValueError(str(result))
        return result

    def stream(self, items: Iterable[Article | IngestError | AnalysisError]) -> Iterator[Result]:
        """Documents in input order; errors among the items pass through in their place."""
        limit = self.nlp.max_length

        def texts():
            # a text longer than WHOLE_CHARS is parsed in pieces below (language/chunks.py), not here
            for item in items:
                ok = isinstance(item, Article) and len(item.text) <= min(limit, WHOLE_CHARS)
                yield (item.text if ok else ""), item

        for doc, item in self.nlp.pipe(texts(), as_tuples=True, batch_size=self.batch_size):
            if not isinstance(item, Article):
                yield item
            elif len(item.text) > limit:
                yield AnalysisError(
                    item.source or item.stable_id(),
                    f"text too long to analyse ({len(item.text):,} characters; the limit is {limit:,}): split it",
                )
            else:
                if len(item.text) > WHOLE_CHARS:
                    doc = parse_long(self.nlp, item.text)
                yield self._document(doc, item)

    def _document(self, doc: Doc, article: Article) -> Document | AnalysisError:
        document = Document.from_article(article)
        if document.language is None:
            document.language = detect_language(article.text)
        try:
            for _name, run in self.stages:
                run(doc, document)
        except Exception as err:  # one bad document must not stop a batch; it is reported with its input
            return AnalysisError(
                article.source or document.id, f"analysis failed: {type(err).__name__}: {err}"
            )
        finally:
            # the stages' caches hold spans of the Doc (a reference cycle): drop them so the Doc is
            # freed at once, not at the garbage collector's next full pass
            doc.user_data.clear()
        return document


_ANALYZERS: dict[tuple[str, tuple[str, ...] | None], Analyzer] = {}


def get_analyzer(model: str = DEFAULT_MODEL, stage_names: tuple[str, ...] | None = None) -> Analyzer:
    key = (model, stage_names)
    if key not in _ANALYZERS:
        _ANALYZERS[key] = Analyzer(model, stage_names=stage_names)
    return _ANALYZERS[key]


def analyze(item: str | Article, published: str | None = None, *, model: str = DEFAULT_MODEL) -> Document:
    """Analyse one text or Article. `published` (a date in any form ingest.dates reads; ValueError if
    unreadable) is used when the article has no date of its own."""
    return get_analyzer(model).analyze(item, published)


def analyze_batch(
    items: Iterable[str | Article],
    published: str | None = None,
    *,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    stage_names: tuple[str, ...] | None = None,
) -> Iterator[Document]:
    """Analyse many texts or Articles, in order; raises on the first document that cannot be analysed."""
    published = read_published(published)
    items = (_warn(as_article(i, published)) for i in items)
    for result in analyze_stream(items, model=model, workers=workers, stage_names=stage_names):
        if not isinstance(result, Document):
            raise ValueError(str(result))
        yield result


def analyze_stream(
    items: Iterable[Article | IngestError | AnalysisError],
    *,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    chunk_size: int | None = None,
    stage_names: tuple[str, ...] | None = None,
    executor=None,
) -> Iterator[Result]:
    """Results in input order, errors in their place. Batches of `chunk_size` go to `executor`
    (wirecoder.executors: Dask, say), else to `workers` local processes, else are analysed here.
    `stage_names` runs only those stages (default: all); the others leave their lists empty."""
    from wirecoder.executors import batches, make_executor

    stages(stage_names)  # fail here, not in every worker
    own = executor is None
    executor = executor or make_executor(model, stage_names, workers)
    try:
        for results in executor.map(batches(items, chunk_size or executor.batch_size)):
            for result in results:
                yield Document.from_dict(result) if isinstance(result, dict) else result
    finally:
        if own:
            executor.close()


def settle_for_batch() -> None:
    """For a process that analyses a batch and exits (the CLI, a worker): freeze what is loaded (the
    model, lexicons) out of the garbage collector's sight and collect young objects less often. Each
    document makes many short-lived objects; without this, collections walk the model's objects over
    and over (2-4% of the CPU time of a run). Not done by the library: it changes the whole process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(BATCH_GC_THRESHOLD, 50, 50)
