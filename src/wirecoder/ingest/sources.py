"""The dispatcher: any source (file, folder, `-` for stdin, URL) to a stream of Articles and IngestErrors.

`iter_articles` is what the CLI and the pipeline call. Results come in input order; errors are yielded
as values, never raised, so one bad input (or one bad JSONL line or WARC record) never stops the rest.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.feeds import iter_feed, read_feed_file
from wirecoder.ingest.html import extract_html
from wirecoder.ingest.jsonl import iter_jsonl, iter_jsonl_stream
from wirecoder.ingest.text import (
    open_input,
    read_file_limited,
    read_gzip_limited,
    sniff_kind,
    text_article,
)
from wirecoder.ingest.warc import iter_warc, iter_warc_stream
from wirecoder.ingest.web import Fetcher, is_url, read_url
from wirecoder.language.detect import detect_language
from wirecoder.model import Article

Result = Article | IngestError

STDIN = "-"
STDIN_NAME = "<stdin>"

# Extension (lower case, longest match first) -> reader kind.
EXTENSIONS: dict[str, str] = {
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".warc.gz": "warc",
    ".arc.gz": "warc",
    ".txt.gz": "text",
    ".html.gz": "html",
    ".htm.gz": "html",
    ".xml.gz": "feed",
    ".rss.gz": "feed",
    ".atom.gz": "feed",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_SPOOL_MEMORY = 8 * 1024 * 1024  # stdin is kept in memory up to this size, then in a temporary file


def kind_by_extension(path: str) -> str | None:
    """The reader kind ("text", "html", "jsonl", "warc", "feed") for a known extension, else None."""
    name = path.lower()
    for suffix, kind in EXTENSIONS.items():
        if name.endswith(suffix):
            return kind
    return None


def _sniff_file(path: str) -> str:
    """The kind of a file with no known extension, from its first bytes (text unless it is markup)."""
    try:
        with open_input(path, path) as handle:
            head = handle.read(8192)
    except (IngestError, OSError):
        return "text"  # the text reader reports the error
    kind = sniff_kind(head)
    return kind if kind in ("html", "feed", "warc") else "text"


def read_file(
    path: str, options: IngestOptions, kind: str | None = None, fetcher: Fetcher | None = None
) -> Iterator[Result]:
    """One file of a known (or sniffed) kind; `.txt.gz`, `.html.gz` and the feed kinds `.xml.gz` etc.
    are decompressed first (up to `max_bytes` of output)."""
    kind = kind or kind_by_extension(path) or _sniff_file(path)
    if kind == "jsonl":
        yield from iter_jsonl(path, options)
        return
    if kind == "warc":
        yield from iter_warc(path, options)
        return
    compressed = path.lower().endswith(".gz")
    if kind == "feed" and not compressed:
        yield from read_feed_file(path, options, fetcher=fetcher)
        return
    try:
        data = read_gzip_limited(path, options) if compressed else read_file_limited(path, options)
        if kind == "feed":
            yield from iter_feed(data, path, options, fetcher=fetcher)
        elif kind == "html":
            yield extract_html(data, source=path, options=options)
        else:
            yield text_article(data, path)
    except IngestError as exc:
        yield exc


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def folder_entries(folder: str, follow_links: bool = False) -> list[tuple[str, str | None]]:
    """(path, None) for each file under `folder` with a supported extension, recursively, in sorted path
    order, and (path, reason) for what is skipped with a message. Hidden files and folders are skipped
    silently, and so are symbolic links to folders inside `folder` (those are walked as themselves).

    A symbolic link that leads out of `folder` is not followed unless `follow_links`; then every folder is
    walked at most once (by device and inode), so links can never make a loop.
    """
    root = os.path.realpath(folder)
    found: list[tuple[tuple[str, ...], str, str | None]] = []
    walked: set[tuple[int, int]] = set()

    def note(path: str, reason: str | None) -> None:
        found.append((Path(os.path.relpath(path, folder)).parts, path, reason))

    def walk(directory: str) -> None:
        try:
            info = os.stat(directory)
        except OSError as exc:
            note(directory, f"cannot read folder: {exc.strerror or exc}")
            return
        if (info.st_dev, info.st_ino) in walked:
            return
        walked.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            note(directory, f"cannot read folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if _hidden(entry.name):
                continue
            supported = kind_by_extension(entry.name) is not None
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    is_dir = os.path.isdir(target)
                    if not os.path.exists(target):
                        if supported:
                            note(entry.path, "broken symbolic link; skipped")
                        continue
                    if not follow_links and not _inside(target, root):
                        if supported or is_dir:
                            note(
                                entry.path,
                                f"symbolic link to {target}, outside the folder; not followed (--follow-links)",
                            )
                        continue
                    if is_dir:
                        if follow_links:
                            walk(entry.path)
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    walk(entry.path)
                    continue
            except OSError as exc:
                note(entry.path, f"cannot read: {exc.strerror or exc}")
                continue
            if supported:
                note(entry.path, None)  # not a regular file (a FIFO, a device): the reader says so

    walk(folder)
    return [(path, reason) for _, path, reason in sorted(found)]


def folder_files(folder: str, follow_links: bool = False) -> list[str]:
    """The files `read_folder` reads, in order (see `folder_entries`)."""
    return [path for path, reason in folder_entries(folder, follow_links) if reason is None]


def read_folder(folder: str, options: IngestOptions, fetcher: Fetcher | None = None) -> Iterator[Result]:
    if not os.access(folder, os.R_OK | os.X_OK):
        yield IngestError(folder, "permission denied")
        return
    entries = folder_entries(folder, options.follow_links)
    if not entries:
        yield IngestError(folder, "no supported files in folder")
        return
    for path, reason in entries:
        if reason is not None:
            yield IngestError(path, reason)
        else:
            yield from _guard(path, read_file(path, options, fetcher=fetcher))


# ---- stdin ------------------------------------------------------------------------------------------


def _looks_like_jsonl_line(line: bytes) -> bool:
    stripped = line.strip()
    return stripped.startswith(b"{") and stripped.endswith(b"}")


def read_stdin(
    stream: BinaryIO | IO[bytes], options: IngestOptions, fetcher: Fetcher | None = None
) -> Iterator[Result]:
    """stdin: JSONL if every non-blank line is a JSON object, else HTML/feed/WARC if it looks like one,
    else plain text (verbatim). Spooled so that JSONL and WARC of any size can be streamed."""
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_MEMORY) as spool:
        jsonl = True  # every non-blank line so far looks like a JSON object
        seen_object = False  # and at least one of them is one
        nonblank = False
        total = 0
        pending: list[bytes] = []  # the current, unfinished line, in pieces (no quadratic joins)
        pending_size = 0
        while True:
            chunk = stream.read(1 << 16)
            if not chunk:
                break
            spool.write(chunk)
            total += len(chunk)
            if jsonl:
                *lines, rest = chunk.split(b"\n")
                if lines:
                    lines[0] = b"".join([*pending, lines[0]])
                    pending, pending_size = [], 0
                for line in lines:
                    if line.strip():
                        nonblank = True
                        jsonl, seen_object = _check_jsonl_line(line, seen_object)
                        if not jsonl:
                            break
                pending.append(rest)
                pending_size += len(rest)
                start = pending[0].lstrip() if pending else b""
                if pending_size > options.max_bytes or (start and not start.startswith(b"{")):
                    jsonl = False  # a line too long for JSONL, or one that does not start like an object
                    nonblank = nonblank or bool(start)
            if not jsonl and total > options.max_bytes and sniff_kind(_head(spool)) != "warc":
                yield IngestError(
                    STDIN_NAME, f"input is over the {options.max_bytes:,}-byte limit (max_bytes)"
                )
                return
        last = b"".join(pending)
        if jsonl and last.strip():
            nonblank = True
            jsonl, seen_object = _check_jsonl_line(last, seen_object)
        spool.seek(0)
        if jsonl and not nonblank:  # nothing, or only whitespace
            yield IngestError(STDIN_NAME, "empty input")
            return
        if jsonl and seen_object:
            yield from iter_jsonl_stream(spool, STDIN_NAME, options)
            return
        kind = sniff_kind(_head(spool))
        if kind in ("warc", "gzip"):
            yield from iter_warc_stream(spool, STDIN_NAME, options)
            return
        data = spool.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield IngestError(STDIN_NAME, f"input is over the {options.max_bytes:,}-byte limit (max_bytes)")
    elif kind == "feed":
        yield from iter_feed(data, STDIN_NAME, options, fetcher=fetcher)
    elif kind == "html":
        try:
            yield extract_html(data, source=STDIN_NAME, options=options)
        except IngestError as exc:
            yield exc
    else:
        try:
            yield text_article(data, STDIN_NAME)
        except IngestError as exc:
            yield exc


def _check_jsonl_line(line: bytes, seen_object: bool) -> tuple[bool, bool]:
    """(still JSONL, seen a real JSON object). Lines that look like objects but do not parse still count
    as JSONL (they become per-line errors), but at least one line must be a real object."""
    if not _looks_like_jsonl_line(line):
        return False, seen_object
    if not seen_object:
        try:
            seen_object = isinstance(json.loads(line), dict)
        except (ValueError, RecursionError):
            pass
    return True, seen_object


def _head(spool: IO[bytes]) -> bytes:
    position = spool.tell()
    spool.seek(0)
    head = spool.read(8192)
    spool.seek(position)
    return head


# ---- dispatch ---------------------------------------------------------------------------------------


def read_source(
    source: str | os.PathLike[str],
    options: IngestOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Result]:
    """The Articles and IngestErrors of one source: a path (file or folder), `-` (stdin) or a URL."""
    options = options or IngestOptions()
    source = os.fspath(source)  # a pathlib.Path is welcome too
    if source == STDIN:
        yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, options, fetcher)
    elif is_url(source):
        yield from read_url(source, options, fetcher)
    elif os.path.isdir(source):
        yield from read_folder(source, options, fetcher)
    elif os.path.exists(source) or os.path.islink(source):
        yield from read_file(source, options, fetcher=fetcher)
    else:
        yield IngestError(source, "no such file or directory")


def _guard(source: str, results: Iterator[Result]) -> Iterator[Result]:
    """Pass results through; a bug in a reader becomes an IngestError for the rest of that source."""
    try:
        yield from results
    except Exception as exc:  # never let one input stop the others
        yield IngestError(source, f"internal error: {type(exc).__name__}: {exc}")


def iter_articles(
    sources: Iterable[str | os.PathLike[str]],
    options: IngestOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | IngestError]:
    """One Article per document, or one IngestError per input (or JSONL line, feed entry, WARC record)
    that failed, in input order. Never raises for bad input."""
    options = options or IngestOptions()
    fetcher = Fetcher(options)  # one connection pool for all URLs and feed entries
    try:
        for source in sources:
            for item in _guard(str(source), read_source(source, options, stdin=stdin, fetcher=fetcher)):
                if isinstance(item, Article) and item.language is None:
                    item.language = detect_language(item.text)
                yield item
    finally:
        fetcher.close()
