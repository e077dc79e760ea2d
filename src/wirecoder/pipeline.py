"""Analysis: Article -> Document, one document or a stream of them.

The spaCy pipeline is built once per process (language.load_pipeline) and fed with `nlp.pipe`.
After spaCy, the document stages of the registry (wirecoder.registry) run in order over each
(Doc, Document) pair; each fills its own part of the Document. The public output is always the
Document. An Analyzer is built from an AnalyzerConfig (model, stages, the user's actors).
"""

from __future__ import annotations

import gc
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from wirecoder import registry
from wirecoder.actors.dictionary import (
    UserActor,
    dictionary_in_use,
    load_user_actors,
    shipped_dictionary,
    with_user_actors,
)
from wirecoder.ingest.base import IngestError
from wirecoder.ingest.dates import read_published
from wirecoder.language import DEFAULT_MODEL, detect_language, load_pipeline
from wirecoder.language.chunks import WHOLE_CHARS, parse_long
from wirecoder.model import Article, Document

Stage = Callable[[Doc, Document], None]
BATCH_GC_THRESHOLD = 20_000  # allocations between young-generation collections in a batch process


class StageWarning(UserWarning):
    """A selected stage requires a part of the Document that no selected stage before it fills: it
    runs with less to go on (events without actors has no actor ids)."""


def stages(names: tuple[str, ...] | None = None) -> list[tuple[str, Stage]]:
    """The stages to run, in registry order: all of them, or the named ones (a ValueError names unknown
    ones)."""
    return [(stage.name, registry.load_stage(stage.name)) for stage in registry.select_stages(names)]


def lacking(names: tuple[str, ...] | None) -> list[str]:
    """One sentence per selected stage whose requirements the selection does not meet."""
    missing = registry.missing_requirements(registry.select_stages(names))
    return [
        f"stage {stage} requires {', '.join(fields)}, which no selected stage before it fills; it runs with less"
        for stage, fields in missing.items()
    ]


def warn_lacking(names: tuple[str, ...] | None) -> None:
    """A StageWarning for each selected stage whose requirements the selection does not meet."""
    for problem in lacking(names):
        warnings.warn(problem, StageWarning, stacklevel=3)


@dataclass(frozen=True)
class AnalyzerConfig:
    """What an Analyzer is built from. Frozen and picklable: worker processes and Dask workers build
    the same Analyzer from it."""

    model: str = DEFAULT_MODEL
    stage_names: tuple[str, ...] | None = None  # None: every stage
    actors: tuple[UserActor, ...] = ()  # the user's own actor entries (load_user_actors)

    @classmethod
    def of(
        cls,
        model: str | None = None,
        stage_names: Iterable[str] | None = None,
        actors: Iterable[str | os.PathLike | UserActor] = (),
    ) -> AnalyzerConfig:
        """A config from loose arguments: actor files are read now (ActorFileError when one is bad)."""
        entries: list[UserActor] = []
        for item in actors:
            entries.extend([item] if isinstance(item, UserActor) else load_user_actors(item))
        names = tuple(stage_names) if stage_names is not None else None
        registry.select_stages(names)  # an unknown name fails here, before any model loads
        return cls(model or DEFAULT_MODEL, names, tuple(entries))


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
        self,
        model: str = DEFAULT_MODEL,
        batch_size: int = 16,
        stage_names: Iterable[str] | None = None,
        *,
        actors: Iterable[str | os.PathLike | UserActor] = (),
        config: AnalyzerConfig | None = None,
        warn: bool = True,
    ):
        """`actors`: files (CSV/JSON, see load_user_actors) or UserActor entries added to the shipped
        actor dictionary for this Analyzer only. `config` gives all three at once. A StageWarning
        names selected stages whose requirements are not selected (unless `warn` is False)."""
        config = config or AnalyzerConfig.of(model, stage_names, actors)
        self.config = config
        self.model = config.model
        self.stages = stages(config.stage_names)  # checked before the model loads: a typo fails fast
        if warn:
            warn_lacking(config.stage_names)
        self.dictionary = (
            with_user_actors(shipped_dictionary(), list(config.actors)) if config.actors else None
        )
        self.nlp = load_pipeline(config.model)
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
            with dictionary_in_use(self.dictionary):
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


_ANALYZERS: dict[AnalyzerConfig, Analyzer] = {}


def get_analyzer(config: AnalyzerConfig | None = None) -> Analyzer:
    """This process's Analyzer for `config` (default: the pinned model, every stage), built once."""
    config = config or AnalyzerConfig()
    if config not in _ANALYZERS:
        _ANALYZERS[config] = Analyzer(config=config, warn=False)  # its caller warns, once
    return _ANALYZERS[config]


def analyze(item: str | Article, published: str | None = None, *, model: str = DEFAULT_MODEL) -> Document:
    """Analyse one text or Article. `published` (a date in any form ingest.dates reads; ValueError if
    unreadable) is used when the article has no date of its own."""
    return get_analyzer(AnalyzerConfig(model)).analyze(item, published)


def analyze_batch(
    items: Iterable[str | Article],
    published: str | None = None,
    *,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    stage_names: tuple[str, ...] | None = None,
    actors: Iterable[str | os.PathLike | UserActor] = (),
) -> Iterator[Document]:
    """Analyse many texts or Articles, in order; raises on the first document that cannot be analysed."""
    published = read_published(published)
    items = (_warn(as_article(i, published)) for i in items)
    config = AnalyzerConfig.of(model, stage_names, actors)
    for result in analyze_stream(items, config=config, workers=workers):
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
    config: AnalyzerConfig | None = None,
) -> Iterator[Result]:
    """Results in input order, errors in their place. Batches of `chunk_size` go to `executor`
    (wirecoder.executors: Dask, say), else to `workers` local processes, else are analysed here.
    `stage_names` runs only those stages (default: all); the others leave their lists empty.
    `config` (an AnalyzerConfig: model, stages, user actors) replaces `model` and `stage_names`."""
    from wirecoder.executors import batches, make_executor

    config = config or AnalyzerConfig.of(model, stage_names)  # an unknown stage fails here, not in a worker
    warn_lacking(config.stage_names)
    own = executor is None
    executor = executor or make_executor(config, workers)
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
