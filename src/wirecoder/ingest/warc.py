"""WARC and ARC archives (plain or gzip), streamed record by record with warcio.

Only `response` records with HTTP status 200 and an HTML content type become Articles; everything else
(requests, metadata, redirects, errors, images, ...) is skipped without a message. Memory stays bounded
for archives of any size: each record's payload is read up to `max_bytes` and the rest skipped in
chunks. The WARC-Date is the crawl date, not a publication date, so it is never used as one.

A truncated or corrupt archive yields the records read before the damage, then one IngestError.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.text import open_input
from wirecoder.ingest.web import HTML_TYPES, html_article, parse_content_type
from wirecoder.model import Article

_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"
_SIGNATURES = (b"WARC/", b"filedesc://")  # WARC, ARC


class _CountingReader:
    """A read-only file wrapper that counts the bytes read and keeps the last few of them."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.total = 0
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.total += len(data)
        self.tail = (self.tail + data)[-64:]
        return data

    def tell(self) -> int:
        return self.total


class _Archive(ArchiveIterator):
    """warcio's iterator, noting whether the last gzip member was cut short (warcio ends quietly then)."""

    gzip_cut = False

    def close(self) -> None:
        decompressor = self.reader.decompressor if self.reader is not None else None
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.gzip_cut = True
        super().close()


def _signature_ok(head: bytes) -> bool:
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(_SIGNATURES)


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    value = headers.get_header(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _drain(record: Any) -> bool:
    """Skip what is left of a record's block. False if the file ended before the block did."""
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    return not (isinstance(stream, LimitReader) and stream.limit > 0)


def _html_response(record: Any) -> tuple[bool, str | None]:
    """(is a 200 HTML response, its declared charset)."""
    if record.rec_type != "response" or record.http_headers is None:
        return False, None
    if str(record.http_headers.get_statuscode()).strip() != "200":
        return False, None
    media_type, charset = parse_content_type(_header(record.http_headers, "Content-Type"))
    if not media_type:  # Common Crawl records what the payload was identified as
        media_type, _ = parse_content_type(_header(record.rec_headers, "WARC-Identified-Payload-Type"))
    return media_type in HTML_TYPES, charset


def iter_warc_stream(handle: IO[bytes], name: str, options: IngestOptions) -> Iterator[Article | IngestError]:
    """The Articles of a WARC/ARC stream (positioned at its start). Never raises IngestError."""
    head = handle.read(4096)
    if not _signature_ok(head):
        yield IngestError(name, "not a WARC or ARC file")
        return
    try:
        handle.seek(0)
    except (OSError, AttributeError):
        yield IngestError(name, "cannot rewind the archive stream")
        return
    counter = _CountingReader(handle)
    archive = _Archive(counter, arc2warc=True)
    records = iter(archive)
    number = 0
    while True:
        number += 1
        source = f"{name}#record-{number}"
        damaged = f"truncated or corrupt archive after {number - 1} record(s)"
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # warcio raises many kinds (even AttributeError) on damaged input
            yield IngestError(source, f"{damaged}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
            return
        if record.length is None:
            yield IngestError(source, f"{damaged}: record without a length (cut-off headers)")
            return
        result: Article | IngestError | None = None
        try:
            is_html, charset = _html_response(record)
            if is_html:
                result = _record_article(record, charset, source, options)
        except IngestError as exc:
            result = exc
        except Exception as exc:  # a payload that fails to decode (bad chunking, bad gzip) spoils one record
            result = IngestError(source, f"cannot read record payload: {type(exc).__name__}: {exc}")
        try:
            complete = _drain(record)
        except Exception as exc:
            yield IngestError(source, f"{damaged}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
            return
        if not complete:
            yield IngestError(source, f"{damaged}: the archive ends inside this record")
            return
        if result is not None:
            yield result
    # warcio stops quietly at an end of file inside a record's headers or a gzip member: anything past the
    # last complete record that is not blank means the archive was cut short.
    leftover = counter.total - archive.offset
    if archive.gzip_cut or (
        leftover > 0 and (leftover > len(counter.tail) or counter.tail[-leftover:].strip())
    ):
        yield IngestError(
            f"{name}#record-{number}", f"truncated or corrupt archive after {number - 1} record(s)"
        )


def _record_article(record: Any, charset: str | None, source: str, options: IngestOptions) -> Article:
    uri = _header(record.rec_headers, "WARC-Target-URI")
    if uri:
        uri = uri.strip("<>")
    body = record.content_stream().read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        raise IngestError(
            source, f"record payload is over the {options.max_bytes:,}-byte limit (max_bytes); skipped"
        )
    return html_article(body, charset, url=uri, source=source, options=options)


def iter_warc(
    path: str | os.PathLike[str], options: IngestOptions, source: str | None = None
) -> Iterator[Article | IngestError]:
    """A .warc / .warc.gz / .arc / .arc.gz file, streamed."""
    name = source or str(path)
    try:
        handle = open_input(path, name)
    except IngestError as exc:
        yield exc
        return
    with handle:
        yield from iter_warc_stream(handle, name, options)
