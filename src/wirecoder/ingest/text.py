"""Plain text: bytes to an Article whose text is kept exactly as written (only a BOM is dropped).

Later stages give character offsets into `Article.text`, so nothing here strips, re-wraps or
translates newlines. Also home of `read_file_limited`, the size-checked file read that the other
file readers share.
"""

from __future__ import annotations

import errno
import gzip
import os
import re
import stat
import zlib
from pathlib import Path
from typing import IO

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.encoding import UndecodableError, decode_bytes, looks_binary
from wirecoder.model import Article


def too_big(size: int, limit: int, what: str = "input") -> str:
    return f"{what} is {size:,} bytes, over the {limit:,}-byte limit (max_bytes)"


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a FIFO", "a device", ...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, label in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return label
    return "not a regular file"


def not_regular(source: str, kind: str) -> IngestError:
    hint = "; use '-' to read a pipe from stdin" if "FIFO" in kind else ""
    return IngestError(source, f"is {kind}, not a regular file; skipped{hint}")


def open_input(path: str | os.PathLike[str], source: str) -> IO[bytes]:
    """The file opened for binary reading, or an IngestError saying in one line why it cannot be.

    Only regular files are read: the file is opened without blocking (a FIFO would wait for a writer
    forever) and checked with fstat on the open descriptor, so nothing swapped in after a check is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise IngestError(source, "no such file or directory") from None
    except IsADirectoryError:
        raise IngestError(source, "is a directory") from None
    except PermissionError:
        raise IngestError(source, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO or socket with no writer, refused by a non-blocking open
            raise not_regular(source, "a FIFO (named pipe) or socket") from None
        raise IngestError(source, f"cannot read file: {exc.strerror or exc}") from None
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind:
            raise not_regular(source, kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file_limited(
    path: str | os.PathLike[str], options: IngestOptions, source: str | None = None
) -> bytes:
    """All of a file's bytes, refusing (before reading) a file larger than `options.max_bytes`."""
    source = source or str(path)
    with open_input(path, source) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > options.max_bytes:
                raise IngestError(source, too_big(size, options.max_bytes, "file"))
            # The size can change between stat and read (or be 0 for special files): read one byte more
            # than allowed so a file that grew is still refused.
            data = handle.read(options.max_bytes + 1)
        except OSError as exc:
            raise IngestError(source, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > options.max_bytes:
        raise IngestError(source, f"file is over the {options.max_bytes:,}-byte limit (max_bytes)")
    return data


def read_gzip_limited(
    path: str | os.PathLike[str], options: IngestOptions, source: str | None = None
) -> bytes:
    """A gzip file's decompressed bytes, decompressed in bounded steps and refused as soon as they pass
    `options.max_bytes` (a small file that expands to gigabytes stops at the cap)."""
    source = source or str(path)
    with open_input(path, source) as handle:
        try:
            with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                data = unzipped.read(options.max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise IngestError(source, f"cannot decompress (corrupt or truncated gzip file?): {exc}") from None
    if len(data) > options.max_bytes:
        raise IngestError(
            source, f"file decompresses to over the {options.max_bytes:,}-byte limit (max_bytes)"
        )
    return data


def _bomless_utf16(data: bytes, sample: int = 4096) -> str | None:
    """'utf-16-le'/'utf-16-be' for UTF-16 text written without a BOM (mostly Latin script), else None.

    Such text has a NUL in every other byte, which `looks_binary` rightly calls binary; the pattern
    (NULs at one parity only, and clean decoding) is specific enough to tell it from binary data.
    """
    head = data[: sample - sample % 2]
    if len(head) < 4 or len(data) % 2:
        return None
    for name, zeros, other in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) == 0:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            controls = sum(1 for ch in text[:sample] if ch < " " and ch not in "\t\n\r\f")
            if controls == 0:
                return name
    return None


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode text bytes, mapping failures to IngestError. The text is returned verbatim minus a BOM."""
    if looks_binary(data):
        bomless = _bomless_utf16(data)
        if not bomless:
            raise IngestError(source, "binary file, not text")
        text = data.decode(bomless)
    else:
        try:
            text = decode_bytes(data, declared)
        except UndecodableError as exc:
            raise IngestError(source, str(exc)) from None
    # decode_bytes drops the BOM for UTF-8/16/32 signatures; a BOM that survives detection goes too.
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def text_article(
    data: bytes, source: str, *, declared: str | None = None, url: str | None = None, site: str | None = None
) -> Article:
    """Bytes of a plain-text document to an Article. Raises IngestError for empty or binary input."""
    if not data.strip():
        raise IngestError(source, "empty input")
    text = decode_text(data, source, declared)
    if not text.strip():
        raise IngestError(source, "empty input")
    return Article(text=text, url=url, site=site, source=source)


def read_text_file(
    path: str | os.PathLike[str], options: IngestOptions, source: str | None = None
) -> Article:
    """A .txt file (or any file we treat as text) to an Article. Raises IngestError."""
    source = source or str(Path(path))
    return text_article(read_file_limited(path, options, source), source)


_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TAGS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|meta|link|script|style|article|main|section|div|p|span|a|h[1-6]"
    rb"|br|hr|img|table|ul|ol|li|header|footer|nav|form|b|i|em|strong|pre|blockquote)[\s/>]",
    re.IGNORECASE,
)
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|rdf|channel)[\s>]", re.IGNORECASE)
_XML_PROLOG = re.compile(rb"<\?xml[\s?]", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z][\w.:-]*)")
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)|<\?.*?(?:\?>|$)|<!(?!--)[^>]*>", re.DOTALL)


def _ascii_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16/32 with a BOM re-encoded), without a UTF-8 BOM."""
    for bom, name in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if head.startswith(bom):
            return head.decode(name, errors="ignore").encode("utf-8", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def sniff_kind(head: bytes) -> str:
    """What the first bytes of a document look like: "warc", "gzip", "feed", "html" or "text".

    Markup is recognised only when the document starts with "<" (after whitespace): prose that
    mentions a tag stays text.
    """
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    data = _ascii_head(head[:8192]).lstrip()
    if not data.startswith(b"<"):
        return "text"
    body = _COMMENT.sub(b" ", data).lstrip()
    first = _FIRST_ELEMENT.match(body)
    if first:
        name = first.group(1).lower().split(b":")[-1]
        if name in (b"rss", b"feed", b"rdf", b"channel"):
            return "feed"
        if name == b"html":
            return "html"
    if _HTML_TAGS.search(data):
        return "html"
    if _XML_PROLOG.match(data) or _FEED_ROOT.search(data):
        return "feed"  # some other XML: the feed reader says whether it is a feed
    return "text"
