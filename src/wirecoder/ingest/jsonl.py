"""JSON Lines: one document per line, `{"id", "text"}` or `{"id", "html"}` plus optional metadata.

Streamed: lines are read one at a time (each capped at `max_bytes`), so a file of any size is fine.
Every non-blank line gives exactly one result, an Article or an IngestError named `path:LINE`.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.html import extract_html
from wirecoder.ingest.text import open_input
from wirecoder.model import Article

# Optional string fields a line may carry, besides "id", "text" and "html".
META_FIELDS = ("url", "title", "author", "site", "language")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _read_line(stream: IO[bytes], limit: int) -> tuple[bytes, bool]:
    """The next line (b"" at the end) and whether it was cut at `limit` bytes (its rest is skipped)."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while True:  # skip the rest of an over-long line without holding it in memory
        rest = stream.readline(1 << 20)
        if not rest or rest.endswith(b"\n"):
            return line, True


class LongInteger:
    """A JSON integer too long for int() (Python refuses more than sys.get_int_max_str_digits() digits):
    kept as its digits, so that one such value in an unused field does not spoil its line."""

    __slots__ = ("digits",)

    def __init__(self, digits: str):
        self.digits = digits


def _parse_int(digits: str) -> int | LongInteger:
    try:
        return int(digits)
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return LongInteger(digits)


def _surrogate_problem(name: str, value: str) -> str | None:
    match = _SURROGATE.search(value)
    if match is None:
        return None
    return (
        f'"{name}" holds a lone surrogate escape (\\u{ord(match.group()):04x}) at character {match.start()}, '
        "which is not a Unicode character"
    )


def parse_line(raw: bytes, source: str, options: IngestOptions) -> Article:
    """One JSONL line (not blank) to an Article. Raises IngestError for anything wrong with it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"line is not valid UTF-8 (byte {exc.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        record: Any = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise IngestError(source, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise IngestError(source, "invalid JSON: nested too deeply") from None
    except ValueError as exc:  # any other value the json module refuses to build
        raise IngestError(source, f"invalid JSON: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(record, dict):
        raise IngestError(source, f"expected a JSON object, got {_json_type(record)}")
    return record_to_article(record, source, options)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, LongInteger):
        return f"a number (an integer of {len(value.digits.lstrip('-')):,} digits)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def record_to_article(record: dict[str, Any], source: str, options: IngestOptions) -> Article:
    """A decoded JSONL object to an Article (the object's own metadata wins over extracted metadata)."""
    for name in ("id", "text", "html", *META_FIELDS):
        value = record.get(name)
        problem = _surrogate_problem(name, value) if isinstance(value, str) else None
        if problem:
            raise IngestError(source, problem)
    raw_id = record.get("id")
    if raw_id is None:
        doc_id = None
    elif isinstance(raw_id, str):
        doc_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    elif isinstance(raw_id, LongInteger):
        doc_id = raw_id.digits  # what str() of the integer would be
    else:
        raise IngestError(source, f'"id" must be a string or an integer, not {_json_type(raw_id)}')
    if doc_id is not None and not doc_id.strip():
        raise IngestError(source, '"id" is empty')

    meta: dict[str, str] = {}
    for name in META_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise IngestError(source, f'"{name}" must be a string, not {_json_type(value)}')
        value = value.strip()
        if value:
            meta[name] = value

    text, html = record.get("text"), record.get("html")
    if text is not None:
        if not isinstance(text, str):
            raise IngestError(source, f'"text" must be a string, not {_json_type(text)}')
        if not text.strip():
            raise IngestError(source, "empty text")
        article = Article(text=text, source=source)
    elif html is not None:
        if not isinstance(html, str):
            raise IngestError(source, f'"html" must be a string, not {_json_type(html)}')
        if not html.strip():
            raise IngestError(source, "empty html")
        try:
            article = extract_html(html, url=meta.get("url"), source=source, options=options)
        except IngestError as exc:
            raise IngestError(source, exc.reason) from None
    else:
        raise IngestError(source, 'line has neither "text" nor "html"')

    article.id = doc_id
    article.source = source
    for name, value in meta.items():
        setattr(article, name, value)
    # a date that cannot be read never costs the article: it is analysed undated, with a warning
    published = record.get("published")
    if isinstance(published, str | int | float) and not isinstance(published, bool):
        article.set_published(published)
    elif published is not None:
        article.warnings.append(f'publication date ignored: "published" is {_json_type(published)}, not a date')
    return article


def iter_jsonl_stream(
    stream: IO[bytes], name: str, options: IngestOptions
) -> Iterator[Article | IngestError]:
    """Articles and per-line IngestErrors of a binary JSONL stream, in line order. Never raises
    IngestError itself: a stream that breaks (e.g. a corrupt .gz) ends with one error for the rest."""
    number = 0
    while True:
        number += 1
        source = f"{name}:{number}"
        try:
            raw, cut = _read_line(stream, options.max_bytes)
        except (OSError, EOFError, zlib.error) as exc:
            yield IngestError(source, f"cannot read further (corrupt or truncated file?): {exc}")
            return
        if not raw:
            return
        if cut:
            yield IngestError(source, f"line is over the {options.max_bytes:,}-byte limit (max_bytes)")
            continue
        if not raw.strip():
            continue
        try:
            yield parse_line(raw, source, options)
        except IngestError as exc:
            yield exc


def iter_jsonl(
    path: str, options: IngestOptions, source: str | None = None
) -> Iterator[Article | IngestError]:
    """A .jsonl / .ndjson file (or .jsonl.gz), streamed."""
    name = source or path
    try:
        handle = open_input(path, name)
    except IngestError as exc:
        yield exc
        return
    if path.lower().endswith(".gz"):
        handle = gzip.GzipFile(fileobj=handle, mode="rb")  # type: ignore[assignment]
    with handle:
        yield from iter_jsonl_stream(handle, name, options)
