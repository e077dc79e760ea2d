"""Property tests: whatever bytes or text a file holds, ingest yields Articles and IngestErrors, never raises."""

from __future__ import annotations

import io
import json
import tempfile
import zlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wirecoder.ingest import IngestError, IngestOptions, iter_articles
from wirecoder.model import Article

# Never fetch: random feeds may name random URLs. A small cap also exercises the size checks.
OPTIONS = IngestOptions(fetch=False, max_bytes=50_000)
SUFFIXES = [".txt", ".html", ".jsonl", ".xml", ".rss", ".warc", ".warc.gz", ".jsonl.gz", ".bin"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(results: list) -> list:
    for result in results:
        assert isinstance(result, Article | IngestError), result
        if isinstance(result, IngestError):
            assert not result.reason.startswith("internal error"), result  # a reader bug, caught by _guard
            assert result.source
        else:
            assert isinstance(result.text, str) and result.text.strip()
    return results


def ingest_bytes(data: bytes, suffix: str) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return check(list(iter_articles([str(path)], OPTIONS)))


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(SUFFIXES))
def test_random_bytes_never_raise(data: bytes, suffix: str):
    results = ingest_bytes(data, suffix)
    if suffix in (".txt", ".html", ".bin", ".warc", ".warc.gz", ".xml", ".rss"):
        assert results or suffix in (".xml", ".rss", ".warc", ".warc.gz")


MARKUP = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<rss>",
        "<item>",
        "<entry>",
        "<feed>",
        '<?xml version="1.0"?>',
        "&amp;",
    ]
)


@FUZZ
@given(
    st.lists(st.one_of(st.text(max_size=200), MARKUP), max_size=20).map("".join), st.sampled_from(SUFFIXES)
)
def test_random_text_never_raises(text: str, suffix: str):
    ingest_bytes(text.encode("utf-8", "surrogatepass"), suffix)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_stdin_never_raises(data: bytes):
    check(list(iter_articles(["-"], OPTIONS, stdin=io.BytesIO(data))))


JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
FIELDS = ["id", "text", "html", "published", "url", "title", "author", "site"]
RECORDS = st.dictionaries(
    st.sampled_from(FIELDS),
    st.one_of(JSON_VALUES, st.text(max_size=80), st.sampled_from(["2024-01-02", "<p>Hello world</p>", ""])),
    max_size=6,
)
LINES = st.one_of(
    RECORDS.map(json.dumps),
    JSON_VALUES.map(json.dumps),
    st.text(max_size=60).filter(lambda s: "\n" not in s),
    st.sampled_from(["", "   ", "{", "{}", '{"text": "ok"}', '{"id": 1, "text": "x"}']),
)


@FUZZ
@given(st.lists(LINES, max_size=15))
def test_random_jsonl_one_result_per_line(lines: list[str]):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    results = ingest_bytes(data, ".jsonl")
    expected = [n for n, line in enumerate(data.split(b"\n"), 1) if line.strip()]
    assert [r.source.rsplit(":", 1)[1] for r in results] == [str(n) for n in expected]


def _warc() -> bytes:
    page = b"<html><body><article>" + b"<p>Some sentence of article text for the archive test.</p>" * 3
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(3):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://x.example/{n}", "response", payload=io.BytesIO(page), http_headers=http
        )
        writer.write_record(record)
    return buffer.getvalue()


def _member_ends(data: bytes) -> set[int]:
    ends, position = {0}, 0
    while position < len(data):
        decompressor = zlib.decompressobj(wbits=31)
        decompressor.decompress(data[position:])
        position = len(data) - len(decompressor.unused_data)
        ends.add(position)
    return ends


WARC = _warc()
MEMBER_ENDS = _member_ends(WARC)  # cutting exactly between gzip members leaves a valid, shorter archive


@FUZZ
@given(
    st.integers(min_value=0, max_value=len(WARC)),
    st.lists(st.tuples(st.integers(min_value=0, max_value=len(WARC) - 1), st.integers(0, 255)), max_size=4),
)
def test_damaged_warc_never_raises(cut: int, flips: list[tuple[int, int]]):
    data = bytearray(WARC[:cut])
    for position, value in flips:
        if position < len(data):
            data[position] = value
    results = ingest_bytes(bytes(data), ".warc.gz")
    if not flips and cut not in MEMBER_ENDS:  # cut inside a record: what came before, then an error
        assert results and isinstance(results[-1], IngestError)
        assert all(isinstance(r, Article) for r in results[:-1])
