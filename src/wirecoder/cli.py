"""Command line: a thin layer over the library (ingest.iter_articles, pipeline.analyze_stream).

Exit codes: 0 success; 1 some inputs failed (each named on stderr, the others still written);
2 bad usage.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from wirecoder import __version__, registry
from wirecoder.ingest.base import DEFAULT_MAX_BYTES, IngestError, IngestOptions

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="wirecoder: sourced, structured records of what happened and who says so.",
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


# The choices of --format: the writers and exports the registry declares (wirecoder.registry).
OutputFormat = StrEnum("OutputFormat", {name: name for name in registry.WRITER_NAMES})
ExportFormat = StrEnum("ExportFormat", {name.replace("-", "_"): name for name in registry.EXPORT_NAMES})


def _parse_size(value: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*", value.lower())
    if not match:
        raise typer.BadParameter(f"{value!r} is not a size (examples: 5000000, 20MB, 512KiB)")
    number, unit = float(match.group(1)), (match.group(2) or "").rstrip("b").rstrip("i")
    return int(number * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wirecoder {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """wirecoder: sourced, structured records of what happened and who says so."""


# Options shared by analyze and extract.
Paths = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files (.txt .html .jsonl .warc[.gz] .rss/.atom/.xml), folders, URLs, or '-' for stdin."
    ),
]
FormatOpt = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="; ".join(f"{w.name}: {w.description}" for w in registry.WRITERS)
        + " (--output names the database; default wirecoder.db).",
    ),
]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]
MaxBytesOpt = Annotated[
    str, typer.Option("--max-bytes", help="Size cap per input (file, page, record, JSONL line), e.g. 20MB.")
]
AllowPrivateOpt = Annotated[
    bool, typer.Option("--allow-private", help="Allow URLs on loopback, private or link-local addresses.")
]
NoFetchOpt = Annotated[
    bool, typer.Option("--no-fetch", help="Feeds: use each item's own content instead of fetching its page.")
]
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.001,
        help="Total seconds per URL: connecting, headers and body, redirects included.",
    ),
]
FeedTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--feed-timeout", min=0.001, help="Total seconds for fetching all of one feed's item pages."
    ),
]
FollowLinksOpt = Annotated[
    bool,
    typer.Option("--follow-links", help="Folders: follow symbolic links that lead out of the folder."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Analyse on Dask: local:N (a local cluster of N worker processes) or tcp://HOST:8786 (a running scheduler).",
    ),
]
BatchSizeOpt = Annotated[
    int | None,
    typer.Option("--batch-size", min=1, help="Articles per task (default: 100 on Dask, 16 otherwise)."),
]
ModelOpt = Annotated[
    str | None, typer.Option(help="Installed spaCy pipeline to use (default: the pinned en_core_web_sm).")
]
ActorsOpt = Annotated[
    list[str] | None,
    typer.Option("--actors", help="Your own actor entries (CSV or JSON; see README); may be repeated."),
]

# The ingest options, shared by every command that reads inputs (name, type with its --option, default).
INGEST_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("max_bytes", MaxBytesOpt, f"{DEFAULT_MAX_BYTES // 1024**2}MB"),
    ("allow_private", AllowPrivateOpt, False),
    ("no_fetch", NoFetchOpt, False),
    ("timeout", TimeoutOpt, 30.0),
    ("feed_timeout", FeedTimeoutOpt, 300.0),
    ("follow_links", FollowLinksOpt, False),
)
INGEST_DEFAULTS = IngestOptions()


def with_ingest_options(command):
    """Give a command the ingest options (--max-bytes, --allow-private, ...), read into one
    IngestOptions passed as its `ingest_options` parameter: the options are declared once, here."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "ingest_options"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, annotation, default in INGEST_OPTIONS
    ]

    @functools.wraps(command)
    def run(**kwargs: Any) -> Any:
        values = [kwargs.pop(name) for name, _, _ in INGEST_OPTIONS]
        return command(**kwargs, ingest_options=_ingest_options(*values))

    parameters = [*own, *added]
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


@app.command()
@with_ingest_options
def analyze(
    paths: Paths = None,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date (2023-05-30, or any form in the README) for inputs that carry none; an input's own date wins."
        ),
    ] = None,
    output_format: FormatOpt = OutputFormat.jsonl,
    output: OutputOpt = None,
    model: ModelOpt = None,
    workers: Annotated[int, typer.Option(min=1, help="Analyse in this many processes.")] = 1,
    dask: DaskOpt = None,
    batch_size: BatchSizeOpt = None,
    actors: ActorsOpt = None,
    stage_list: Annotated[
        str | None,
        typer.Option(
            "--stages",
            help=f"Run only these stages, comma-separated ({','.join(registry.STAGE_NAMES)}); "
            "the others' lists stay empty (`wirecoder stages` says what each requires). Default: all.",
        ),
    ] = None,
    ingest_options: IngestOptions = INGEST_DEFAULTS,
    quiet: QuietOpt = False,
) -> None:
    """Analyse articles: one Document (schema/document.schema.json) per input, in input order."""
    from wirecoder.language import ModelNotFoundError, load_pipeline
    from wirecoder.pipeline import Document, analyze_stream, as_article, settle_for_batch

    published = _published_option(published)
    config = _analyzer_config(model, stage_list, actors)
    try:
        load_pipeline(config.model) if workers == 1 and not dask else _check_model(config.model)
    except ModelNotFoundError as err:
        stderr.print(f"wirecoder: error: {err}")
        raise typer.Exit(2) from None
    settle_for_batch()

    def articles() -> Iterator[Any]:
        for item in _read(paths, ingest_options):
            yield _warned(as_article(item, published)) if not isinstance(item, IngestError) else item

    with _executor(config, workers, dask, batch_size) as executor:
        results = analyze_stream(articles(), config=config, executor=executor, chunk_size=batch_size)
        failures = _write(results, Document, output_format, output, quiet)
    raise typer.Exit(1 if failures else 0)


def _analyzer_config(model: str | None, stage_list: str | None, actors: list[str] | None):
    """The AnalyzerConfig the options ask for; a bad --stages or --actors is a usage error (exit 2).
    A selected stage whose requirements are not selected is a warning: it runs with less."""
    from wirecoder.actors.dictionary import ActorFileError
    from wirecoder.pipeline import AnalyzerConfig, StageWarning, lacking
    from wirecoder.registry import StageError

    names = None if stage_list is None else [name.strip() for name in stage_list.split(",") if name.strip()]
    try:
        config = AnalyzerConfig.of(model, names, actors or ())
    except StageError as err:
        raise typer.BadParameter(str(err), param_hint="--stages") from None
    except ActorFileError as err:
        raise typer.BadParameter(str(err), param_hint="--actors") from None
    for problem in lacking(config.stage_names):
        stderr.print(f"wirecoder: warning: --stages: {problem}", markup=False)
    warnings.filterwarnings("ignore", category=StageWarning)  # said once, above
    return config


@contextmanager
def _executor(config, workers: int, dask: str | None, batch_size: int | None):
    """The executor the options ask for (wirecoder.executors); a bad --dask value is a usage error."""
    from wirecoder.executors import make_executor

    try:
        executor = make_executor(config, workers, dask, batch_size)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--dask") from None
    if getattr(executor, "dashboard", None):
        stderr.print(f"wirecoder: Dask dashboard (progress): {executor.dashboard}", markup=False)
    try:
        yield executor
    finally:
        executor.close()


@app.command()
@with_ingest_options
def extract(
    paths: Paths = None,
    output_format: FormatOpt = OutputFormat.jsonl,
    output: OutputOpt = None,
    ingest_options: IngestOptions = INGEST_DEFAULTS,
    quiet: QuietOpt = False,
) -> None:
    """Ingest only: the text and metadata of each input (no analysis)."""
    from wirecoder.model import Article

    if output_format.value == "db":
        raise typer.BadParameter(
            "db stores analysed Documents: use `wirecoder ingest`", param_hint="--format"
        )

    items = (_warned(item) if isinstance(item, Article) else item for item in _read(paths, ingest_options))
    failures = _write(items, Article, output_format, output, quiet)
    raise typer.Exit(1 if failures else 0)


DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store: a SQLite file (default wirecoder.db, or $WIRECODER_DB) or a postgresql:// URL.",
    ),
]


@app.command()
@with_ingest_options
def ingest(
    paths: Paths = None,
    db: DbOpt = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date for inputs that carry none (as for analyze).")
    ] = None,
    model: ModelOpt = None,
    workers: Annotated[int, typer.Option(min=1, help="Analyse in this many processes (one writer).")] = 1,
    dask: DaskOpt = None,
    batch_size: BatchSizeOpt = None,
    actors: ActorsOpt = None,
    ingest_options: IngestOptions = INGEST_DEFAULTS,
    quiet: QuietOpt = False,
) -> None:
    """Analyse inputs and store articles, Documents and merged events; already stored articles are skipped."""
    from wirecoder.corpus import AddSummary, Corpus
    from wirecoder.pipeline import settle_for_batch
    from wirecoder.store import StoreError

    published = _published_option(published)
    config = _analyzer_config(model, None, actors)
    items = (_warned(i) if not isinstance(i, IngestError) else i for i in _read(paths, ingest_options))
    try:
        corpus = Corpus(db)
    except StoreError as err:
        stderr.print(f"wirecoder: error: {err}", markup=False)
        raise typer.Exit(2) from None
    settle_for_batch()
    summary = AddSummary()
    with (
        corpus,
        _executor(config, workers, dask, batch_size) as executor,
        _progress(quiet, "articles", ("events", "merged")) as advance,
    ):
        outcomes = corpus.add_stream(
            items, published=published, config=config, executor=executor, batch_size=batch_size
        )
        for outcome in outcomes:
            summary.count(outcome)
            failed = outcome.status == "failed"
            message = f"wirecoder: error: {outcome.source}: {outcome.reason}" if failed else None
            advance(ok=not failed, message=message, events=outcome.events, merged=outcome.merged)
    stderr.print(f"ingest: {summary}", markup=False)
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def merge(db: DbOpt = None) -> None:
    """Rebuild every merged event from the stored Documents (after changing the merge, or to undo arrival order)."""
    from wirecoder.corpus import Corpus
    from wirecoder.store import StoreError

    try:
        with Corpus(db) as corpus:
            count = corpus.merge()
            documents = corpus.counts()["documents"]
    except StoreError as err:
        stderr.print(f"wirecoder: error: {err}", markup=False)
        raise typer.Exit(2) from None
    stderr.print(f"merge: {count} merged events from {documents} documents", markup=False)


def _day_option(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


@app.command()
def export(
    db: DbOpt = None,
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="What to write.")
    ] = ExportFormat.events_jsonl,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="File to write (default stdout; a folder for parquet)."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before this day (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, typer.Option(help="Events in this country (ISO 3166-1 alpha-3).")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Events of this PLOVER type (ASSAULT, PROTEST, ...).")
    ] = None,
    min_sources: Annotated[
        int | None, typer.Option(min=1, help="Events with at least this many independent sources.")
    ] = None,
    disputed: Annotated[
        bool | None, typer.Option("--disputed/--undisputed", help="Only disputed (or undisputed) events.")
    ] = None,
) -> None:
    """Write the store's merged events (or Documents) in a format other tools read."""
    from wirecoder.corpus import Corpus
    from wirecoder.corpus.export import ExportError
    from wirecoder.store import StoreError

    filters = {
        "since": _day_option(since, "--since"),
        "until": _day_option(until, "--until"),
        "country": country,
        "type": event_type,
        "min_sources": min_sources,
        "disputed": disputed,
    }
    if country is not None and not re.fullmatch(r"[A-Za-z]{3}", country):
        raise typer.BadParameter(
            f"{country!r} is not an ISO 3166-1 alpha-3 code (e.g. UKR)", param_hint="--country"
        )
    try:
        with Corpus(db, writer=False) as corpus:
            count = corpus.export(export_format.value, output, **filters)
    except (StoreError, ExportError) as err:
        stderr.print(f"wirecoder: error: {err}", markup=False)
        raise typer.Exit(2) from None
    stderr.print(f"export: {count} events ({export_format.value})", markup=False)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    ingest: Annotated[
        bool,
        typer.Option(
            help="Also accept POST /api/articles with the token in $WIRECODER_INGEST_TOKEN (16+ characters)."
        ),
    ] = False,
) -> None:
    """Serve the store read-only: pages to explore events and articles, and a JSON API under /api."""
    import uvicorn

    from wirecoder.store import StoreError
    from wirecoder.web import create_app
    from wirecoder.web.app import LOOPBACK_NAMES

    try:
        # on a loopback address, only loopback names (no DNS rebinding from a page elsewhere)
        token = None
        if ingest:
            token = os.environ.get("WIRECODER_INGEST_TOKEN") or ""
            if len(token) < 16:
                raise typer.BadParameter(
                    "set WIRECODER_INGEST_TOKEN to a secret of 16 or more characters", param_hint="--ingest"
                )
        web_app = create_app(
            db, allowed_hosts=list(LOOPBACK_NAMES) if host in LOOPBACK_NAMES else None, ingest_token=token
        )
    except StoreError as err:
        stderr.print(f"wirecoder: error: {err}", markup=False)
        raise typer.Exit(2) from None
    if host not in LOOPBACK_NAMES:
        stderr.print(f"serve: listening on {host}: reachable from other machines (read-only)", markup=False)
    stderr.print(f"serve: http://{host}:{port}/ (API docs: /api/docs); Ctrl-C stops", markup=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


def _published_option(value: str | None) -> str | None:
    """--published read as an input's date is; an unreadable value is the user's typing: exit 2."""
    from wirecoder.ingest.dates import read_published

    try:
        return read_published(value)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--published") from None


def _warned(article: Any) -> Any:
    """Say on stderr what was wrong with an article's metadata (it is still analysed: warnings do not
    change the exit code)."""
    for message in article.warnings:
        stderr.print(f"wirecoder: warning: {article.source or article.stable_id()}: {message}", markup=False)
    return article


def _check_model(model: str) -> None:
    import spacy.util

    from wirecoder.language import ModelNotFoundError

    if not (spacy.util.is_package(model) or os.path.isdir(model)):
        raise ModelNotFoundError(f"spaCy pipeline '{model}' is not installed (pip install its package).")


def _ingest_options(
    max_bytes: str,
    allow_private: bool,
    no_fetch: bool,
    timeout: float,
    feed_timeout: float = 300.0,
    follow_links: bool = False,
) -> IngestOptions:
    size = _parse_size(max_bytes)
    if size <= 0:
        raise typer.BadParameter("must be positive", param_hint="--max-bytes")
    return IngestOptions(
        max_bytes=size,
        allow_private=allow_private,
        fetch=not no_fetch,
        connect_timeout=min(timeout, 10.0),
        read_timeout=timeout,
        timeout=timeout,
        feed_timeout=feed_timeout,
        follow_links=follow_links,
    )


def _read(paths: list[str] | None, options: IngestOptions) -> Iterable[Any]:
    from wirecoder.ingest import iter_articles

    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise typer.BadParameter("give files, folders or URLs, or '-' to read stdin", param_hint="PATHS")
        paths = ["-"]
    return iter_articles(paths, options)


def _write(
    results: Iterable[Any], record_type: type, output_format: OutputFormat, output: str | None, quiet: bool
) -> int:
    """Write records with the writer named by --format (wirecoder.writers), report failures on
    stderr; returns the number of failures."""
    failures = 0
    with _opened_writer(output_format.value, output) as writer, _progress(quiet) as advance:
        for result in results:
            if isinstance(result, record_type):
                writer.write(result)
                advance(ok=True)
            else:
                failures += 1
                advance(ok=False, message=f"wirecoder: error: {result}")
    return failures


@contextmanager
def _opened_writer(name: str, output: str | None):
    """The named writer on --output (a file, stdout, or for db the database); closed at the end."""
    from wirecoder.writers import open_writer

    if name == "db":
        from wirecoder.store import StoreError  # SQLAlchemy is imported only when a store is written

        try:
            writer = open_writer(name, output)
        except StoreError as err:
            stderr.print(f"wirecoder: error: {err}", markup=False)
            raise typer.Exit(2) from None
        with writer:
            yield writer
        return
    with _open_output(output) as handle, open_writer(name, handle) as writer:
        yield writer


@contextmanager
def _open_output(path: str | None):
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8")
    except OSError as err:
        raise typer.BadParameter(f"cannot write {path}: {err.strerror}", param_hint="--output") from None
    with handle:
        yield handle


@contextmanager
def _progress(quiet: bool, unit: str = "documents", counters: tuple[str, ...] = ()):
    """A Rich progress line on stderr ({unit}/s, failures and the named counters) when stderr is a
    terminal. `report(ok, message=None, **counts)` advances it by one input."""
    if quiet or not stderr.is_terminal:

        def report(ok: bool, message: str | None = None, **counts: int) -> None:
            if message:
                stderr.print(message, markup=False)

        yield report
        return
    columns = (
        SpinnerColumn(),
        TextColumn(f"{{task.completed}} {unit}"),
        *(TextColumn(f"{{task.fields[{name}]}} {name}") for name in counters),
        TextColumn("[red]{task.fields[failed]} failed"),
        TextColumn("{task.fields[rate]}"),
        BarColumn(bar_width=None),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=False) as progress:
        totals = dict.fromkeys(counters, 0)
        task = progress.add_task(unit, total=None, failed=0, rate="", **totals)
        failed = 0

        def report(ok: bool, message: str | None = None, **counts: int) -> None:
            nonlocal failed
            if message:
                progress.console.print(message, markup=False)
            failed += 0 if ok else 1
            for name, value in counts.items():
                totals[name] += value
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 0
            done = progress.tasks[0].completed
            rate = f"{done / elapsed:.1f} {unit}/s" if elapsed > 0 else ""
            progress.update(task, failed=failed, rate=rate, **totals)

        yield report


@app.command("stages")
def list_stages() -> None:
    """List the stages (document and corpus), what each requires and assigns, as a Markdown table."""
    typer.echo(registry.stage_table())


@app.command()
def geocode(
    path: Annotated[
        str | None,
        typer.Argument(
            help='JSONL file: one {"id", "text", "spans": \\[\\[start, end], ...]} per line; \'-\' or none: stdin.'
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Resolve given spans to places: one line {"id", "places": \\[place or null per span]} per input line.

    Place: {"start", "end", "text", "name", "geonames_id", "lat", "lon", "country", "admin1", "kind", "confidence"}.

    Null: the name has no good gazetteer candidate. Bad lines: reported on stderr by line number, exit 1.
    """
    from wirecoder.places.geocode import GeocodeError, geocode_lines

    if path is None or path == "-":
        if path is None and (sys.stdin is None or sys.stdin.isatty()):
            raise typer.BadParameter("give a JSONL file, or '-' to read stdin", param_hint="PATH")
        source, opened = "<stdin>", nullcontext(sys.stdin)
    else:
        try:
            opened = open(path, encoding="utf-8")
        except OSError as err:
            raise typer.BadParameter(f"cannot read {path}: {err.strerror}", param_hint="PATH") from None
        source = path
    failures = 0
    with opened as lines, _open_output(output) as handle:
        for result in geocode_lines(lines):
            if isinstance(result, GeocodeError):
                failures += 1
                stderr.print(f"wirecoder: error: {source}: {result}", markup=False)
            else:
                handle.write(json.dumps(result, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failures else 0)


gazetteer_app = typer.Typer(
    no_args_is_help=True, help="The offline gazetteer index behind places and geocode."
)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build(
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even when the cache holds a current index.")
    ] = False,
) -> None:
    """Build the gazetteer index into the cache (otherwise built on first use); prints its path."""
    import time

    from wirecoder.places.gazetteer import build_index, index_path

    path = index_path()
    if path.exists() and not force:
        typer.echo(f"{path} (up to date)")
        return
    started = time.perf_counter()
    build_index(path)
    size = path.stat().st_size / 1024**2
    typer.echo(f"{path} (built in {time.perf_counter() - started:.1f} s, {size:.0f} MB)")


def main() -> None:
    """Entry point: no tracebacks for users (WIRECODER_DEBUG=1 shows them)."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        stderr.print("wirecoder: interrupted")
        sys.exit(130)
    except Exception as err:
        if os.environ.get("WIRECODER_DEBUG"):
            raise
        stderr.print(
            f"wirecoder: internal error: {type(err).__name__}: {err} (set WIRECODER_DEBUG=1 for details)",
            markup=False,
        )
        sys.exit(1)
