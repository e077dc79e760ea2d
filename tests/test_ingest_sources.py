"""Ingest of local sources: text, HTML, JSONL, folders, stdin, feed files and WARC archives."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wirecoder.ingest import IngestError, IngestOptions, iter_articles, kind_by_extension, read_source
from wirecoder.ingest.sources import folder_files
from wirecoder.ingest.text import sniff_kind
from wirecoder.model import Article

NO_FETCH = IngestOptions(fetch=False)

PARAGRAPHS = [
    "The city council voted on Tuesday to approve the new budget after a long debate about public transport.",
    "Opposition members said the plan would raise fares, while the mayor insisted that services would improve.",
    "The vote passed by twelve to nine, and the measures take effect at the start of next month.",
]


def article_html(title: str = "Council approves budget", extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta name='author' content='Jane Doe'>"
        "<meta property='article:published_time' content='2024-03-05'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}{extra}</article>"
        "<footer>Copyright</footer></body></html>"
    )


def results(sources, options=None, stdin=None):
    out = list(iter_articles([str(s) for s in sources], options, stdin=stdin))
    assert all(isinstance(r, Article | IngestError) for r in out)
    return out


def one(source, options=None, stdin=None):
    out = results([source], options, stdin)
    assert len(out) == 1, out
    return out[0]


# ---- plain text -----------------------------------------------------------------------------------


def test_text_verbatim_crlf_and_non_ascii(tmp_path: Path):
    text = "  Première ligne\r\nZweite Zeile — «citation»\r\n\r\n日本語のテキスト\n\n  "
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    article = one(path)
    assert isinstance(article, Article)
    assert article.text == text
    assert article.source == str(path)
    assert article.id is None and article.url is None


def test_text_bom_dropped_only(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello\r\n")
    assert one(path).text == "Hello\r\n"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "latin-1",
            "Der Bürgermeister erklärte, dass die Straße gesperrt wird. Größere Änderungen folgen.\n",
        ),
        (
            "cp1252",
            "Le président a déclaré mercredi que l'économie française « résiste » malgré la crise. "
            "Les négociations reprendront à Genève où les délégués se réuniront. "
            "\u201cWe are ready,\u201d said the minister \u2014 café, naïve, façade.\n",
        ),
        ("utf-16", "Texte en UTF-16 avec accents : été, hiver, œuvre. 東京\r\n"),
        ("utf-16-le", "Plain UTF-16 without a byte order mark, as some tools write it.\n"),
    ],
)
def test_text_legacy_encodings(tmp_path: Path, encoding: str, text: str):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    article = one(path)
    assert isinstance(article, Article), article
    assert article.text == text


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  ", "\u3000\n".encode()])
def test_text_empty(tmp_path: Path, content: bytes):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    error = one(path)
    assert isinstance(error, IngestError)
    assert error.reason == "empty input"
    assert error.source == str(path)


def test_text_binary(tmp_path: Path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error = one(path)
    assert isinstance(error, IngestError)
    assert error.reason == "binary file, not text"


def test_text_oversized(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    error = one(path, IngestOptions(max_bytes=1000))
    assert isinstance(error, IngestError)
    assert "5,000 bytes" in error.reason and "1,000-byte limit" in error.reason


def test_missing_path():
    error = one("/nonexistent/file.txt")
    assert isinstance(error, IngestError) and error.reason == "no such file or directory"


def test_unknown_extension_sniffed(tmp_path: Path):
    notes = tmp_path / "notes.md"
    notes.write_text("# Title\n\nSome <b>markdown</b> text.\n", encoding="utf-8")
    page = tmp_path / "page.dat"
    page.write_text(article_html(), encoding="utf-8")
    first, second = results([notes, page])
    assert first.text == "# Title\n\nSome <b>markdown</b> text.\n"
    assert isinstance(second, Article) and "twelve to nine" in second.text and "<p>" not in second.text


def test_kind_by_extension():
    assert kind_by_extension("a/B.TXT") == "text"
    assert kind_by_extension("x.jsonl.gz") == "jsonl"
    assert kind_by_extension("x.warc.gz") == "warc"
    assert kind_by_extension("x.xhtml") == "html"
    assert kind_by_extension("feed.atom") == "feed"
    assert kind_by_extension("x.pdf") is None
    assert kind_by_extension("x.gz") is None


def test_sniff_kind():
    assert sniff_kind(b"  <!DOCTYPE html><html>") == "html"
    assert sniff_kind(b"<p>Hello</p>") == "html"
    assert sniff_kind(b'<?xml version="1.0"?>\n<rss version="2.0">') == "feed"
    assert sniff_kind(b"<?xml version='1.0'?><!-- c --><feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert sniff_kind(b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>") == "html"
    assert sniff_kind("<html><body>".encode("utf-16")) == "html"
    assert sniff_kind(b"Prose that mentions <p> tags.") == "text"
    assert sniff_kind(b"<3 you") == "text"
    assert sniff_kind(b"WARC/1.0\r\n") == "warc"


# ---- HTML files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".htm", ".xhtml", ".shtml"])
def test_html_file(tmp_path: Path, suffix: str):
    path = tmp_path / f"page{suffix}"
    path.write_text(article_html(), encoding="utf-8")
    article = one(path)
    assert isinstance(article, Article), article
    assert "twelve to nine" in article.text
    assert "Copyright" not in article.text
    assert article.title == "Council approves budget"
    assert article.source == str(path)


def test_html_without_article(tmp_path: Path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    assert isinstance(one(path), IngestError)


# ---- JSONL ----------------------------------------------------------------------------------------


def write_jsonl(path: Path, lines: list) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write((line if isinstance(line, str) else json.dumps(line)) + "\n")
    return path


def test_jsonl_good_and_bad_lines(tmp_path: Path):
    path = write_jsonl(
        tmp_path / "docs.jsonl",
        [
            {"id": "a1", "text": "First text.\r\nWith CRLF.", "published": "2024-01-02", "title": "T1"},
            "{not json",
            "",
            {"id": 7, "text": "Numeric id."},
            ["not", "an", "object"],
            {"id": "no-text"},
            {"id": "bad-type", "text": 42},
            {"id": "empty", "text": "   "},
            {"id": "bad-date", "text": "x", "published": "yesterday"},
            {"id": "bad-url", "text": "x", "url": 3},
            {"id": True, "text": "x"},
            "   ",
            {
                "id": "last",
                "text": "Last one.",
                "url": "https://example.com/a",
                "author": "Ann",
                "site": "Ex",
            },
        ],
    )
    out = results([path])
    assert [type(r).__name__ for r in out] == [
        "Article",
        "IngestError",
        "Article",
        "IngestError",
        "IngestError",
        "IngestError",
        "IngestError",
        "Article",
        "IngestError",
        "IngestError",
        "Article",
    ]
    first, second, undated, last = (r for r in out if isinstance(r, Article))
    assert (first.id, first.text, first.published, first.title) == (
        "a1",
        "First text.\r\nWith CRLF.",
        "2024-01-02",
        "T1",
    )
    assert first.source == f"{path}:1"
    assert second.id == "7" and second.source == f"{path}:4"
    # an unreadable date never costs the article: it is kept undated, with a warning naming the value
    assert (undated.id, undated.published, undated.source) == ("bad-date", None, f"{path}:9")
    assert undated.warnings == [
        "publication date ignored: not a date: 'yesterday' (expected a day, month and year, e.g. "
        "2015-01-03, 'Sat, 03 Jan 2015 07:58:00 -0500' or 'January 3, 2015')"
    ]
    assert first.warnings == second.warnings == last.warnings == []
    assert (last.id, last.url, last.author, last.site) == ("last", "https://example.com/a", "Ann", "Ex")
    assert last.source == f"{path}:13"
    errors = [r for r in out if isinstance(r, IngestError)]
    assert [e.source for e in errors] == [f"{path}:{n}" for n in (2, 5, 6, 7, 8, 10, 11)]
    assert "invalid JSON" in errors[0].reason
    assert "expected a JSON object" in errors[1].reason
    assert 'neither "text" nor "html"' in errors[2].reason
    assert '"text" must be a string' in errors[3].reason
    assert errors[4].reason == "empty text"
    assert '"url" must be a string' in errors[5].reason
    assert '"id" must be a string or an integer' in errors[6].reason


def test_jsonl_html_line_overrides_metadata(tmp_path: Path):
    path = write_jsonl(
        tmp_path / "docs.ndjson",
        [
            {"id": "h1", "html": article_html(), "published": "2023-12-31", "title": "Given title"},
            {"id": "h2", "html": article_html(), "url": "https://news.example/x"},
            {"id": "h3", "html": "<html><body></body></html>"},
        ],
    )
    first, second, third = results([path])
    assert isinstance(first, Article) and "twelve to nine" in first.text
    assert (first.id, first.published, first.title) == ("h1", "2023-12-31", "Given title")
    assert first.author == "Jane Doe"
    assert second.url == "https://news.example/x" and second.title == "Council approves budget"
    assert isinstance(third, IngestError) and third.source == f"{path}:3"


def test_jsonl_gz_and_long_line(tmp_path: Path):
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "1", "text": "short"}) + "\n")
        handle.write(json.dumps({"id": "2", "text": "long " * 500}) + "\n")
        handle.write(json.dumps({"id": "3", "text": "after"}) + "\n")
    out = results([path], IngestOptions(max_bytes=1000))
    assert [getattr(r, "id", None) for r in out] == ["1", None, "3"]
    assert isinstance(out[1], IngestError) and "1,000-byte limit" in out[1].reason


def test_jsonl_truncated_gz(tmp_path: Path):
    raw = gzip.compress(
        b"".join(json.dumps({"id": str(i), "text": f"t{i} " * 50}).encode() + b"\n" for i in range(200))
    )
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(raw[: len(raw) // 2])
    out = results([path])
    assert isinstance(out[-1], IngestError)
    assert all(isinstance(r, Article) for r in out[:-1]) and len(out) > 1


def test_jsonl_invalid_utf8_line(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n{"id": "c", "text": "ok"}\n'
    )
    out = results([path])
    assert [type(r).__name__ for r in out] == ["Article", "IngestError", "Article"]
    assert "UTF-8" in out[1].reason


# ---- folders --------------------------------------------------------------------------------------


def test_folder_recursive_sorted_hidden_skipped(tmp_path: Path):
    root = tmp_path / "corpus"
    for rel, content in {
        "b.txt": "bee",
        "a.txt": "ay",
        "sub/c.txt": "see",
        "sub/deeper/d.html": article_html(),
        "a.pdf": "not supported",
        ".hidden.txt": "hidden file",
        ".git/x.txt": "hidden folder",
        "sub/e.jsonl": '{"id": "e1", "text": "jay"}\n{"id": "e2", "text": "son"}\n',
        "README": "no extension: skipped in folders",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    assert [Path(p).relative_to(root).as_posix() for p in folder_files(str(root))] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
        "sub/deeper/d.html",
        "sub/e.jsonl",
    ]
    out = results([root])
    assert ["HTML" if "twelve to nine" in r.text else r.text for r in out] == [
        "ay",
        "bee",
        "see",
        "HTML",
        "jay",
        "son",
    ]
    assert out[0].source == str(root / "a.txt")


def test_folder_without_supported_files(tmp_path: Path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    error = one(tmp_path)
    assert isinstance(error, IngestError) and error.reason == "no supported files in folder"


def test_order_across_sources_and_errors_do_not_stop(tmp_path: Path):
    (tmp_path / "1.txt").write_text("one", encoding="utf-8")
    (tmp_path / "3.txt").write_text("three", encoding="utf-8")
    out = results([tmp_path / "1.txt", tmp_path / "missing.txt", tmp_path / "3.txt", "file:///etc/passwd"])
    assert [getattr(r, "text", None) for r in out] == ["one", None, "three", None]
    assert "unsupported URL scheme" in out[3].reason


# ---- stdin ----------------------------------------------------------------------------------------


def test_stdin_text_verbatim():
    data = "Line one\r\nLine two — ünïcode\n".encode()
    article = one("-", stdin=io.BytesIO(data))
    assert isinstance(article, Article)
    assert article.text == "Line one\r\nLine two — ünïcode\n"
    assert article.source == "<stdin>"


def test_stdin_jsonl():
    data = b'{"id": "x", "text": "first"}\n\n{"id": "y", "text": "second"}\n{"id": "z"}\n'
    out = results(["-"], stdin=io.BytesIO(data))
    assert [getattr(r, "id", None) for r in out] == ["x", "y", None]
    assert out[1].source == "<stdin>:3" and out[2].source == "<stdin>:4"


def test_stdin_html():
    article = one("-", stdin=io.BytesIO(article_html().encode("utf-8")))
    assert isinstance(article, Article) and "twelve to nine" in article.text and "<p>" not in article.text


def test_stdin_text_with_a_json_first_line():
    data = b'{"id": 1}\nand then ordinary prose follows here.\n'
    article = one("-", stdin=io.BytesIO(data))
    assert isinstance(article, Article) and article.text == data.decode()


def test_stdin_empty_and_oversized():
    assert one("-", stdin=io.BytesIO(b"  \n ")).reason == "empty input"
    assert one("-", stdin=io.BytesIO(b"")).reason == "empty input"
    error = one("-", IngestOptions(max_bytes=100), stdin=io.BytesIO(b"x" * 500))
    assert isinstance(error, IngestError) and "100-byte limit" in error.reason


# ---- feed files -----------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example News</title><link>https://news.example/</link>
<item><title>First &amp; foremost</title><link>https://news.example/1</link>
<pubDate>Tue, 05 Mar 2024 23:30:00 -0500</pubDate><author>desk@news.example (News Desk)</author>
<description>&lt;p&gt;First paragraph of the story.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</description></item>
<item><title>No text</title><link>https://news.example/2</link><description></description></item>
<item><title>Third</title><link>https://news.example/3</link><pubDate>2024-03-07T08:00:00Z</pubDate>
<description>Plain third story.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Atom entry</title><link href="https://atom.example/a"/><updated>2024-02-01T10:00:00+02:00</updated>
<author><name>Ann Author</name></author>
<content type="html">&lt;div&gt;&lt;p&gt;Atom body one.&lt;/p&gt;&lt;script&gt;bad()&lt;/script&gt;&lt;p&gt;Atom body two.&lt;/p&gt;&lt;/div&gt;</content>
</entry></feed>"""


def test_rss_file_no_fetch(tmp_path: Path):
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third = results([path], NO_FETCH)
    assert isinstance(first, Article)
    assert first.text == "First paragraph of the story.\n\nSecond paragraph."
    assert (first.title, first.url, first.published, first.site) == (
        "First & foremost",
        "https://news.example/1",
        "2024-03-05T23:30:00-05:00",  # the publisher's own time and zone, not UTC
        "Example News",
    )
    assert first.author == "News Desk"
    assert isinstance(second, IngestError) and second.source == f"{path}#entry-2"
    assert first.source == f"{path}#entry-1"
    assert second.reason == "feed entry has no text"
    assert third.text == "Plain third story." and third.published == "2024-03-07T08:00:00+00:00"


def test_atom_file_no_fetch(tmp_path: Path):
    path = tmp_path / "news.atom"
    path.write_text(ATOM, encoding="utf-8")
    article = one(path, NO_FETCH)
    assert isinstance(article, Article)
    assert article.text == "Atom body one.\n\nAtom body two."
    assert (article.author, article.url, article.published) == (
        "Ann Author",
        "https://atom.example/a",
        "2024-02-01T10:00:00+02:00",
    )


@pytest.mark.parametrize(
    "content",
    [
        "<?xml version='1.0'?><rss><channel><item><title>unclosed",
        "just some words",
        "<sitemap></sitemap>",
        "",
    ],
)
def test_malformed_feed(tmp_path: Path, content: str):
    path = tmp_path / "broken.xml"
    path.write_text(content, encoding="utf-8")
    error = one(path, NO_FETCH)
    assert isinstance(error, IngestError)


# ---- WARC -----------------------------------------------------------------------------------------


def warc_record(
    writer: WARCWriter, url: str, status: str, content_type: str | None, body: bytes, kind="response"
):
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    if kind == "request":
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        body = b""
    return writer.create_warc_record(url, kind, payload=io.BytesIO(body), http_headers=http)


def write_warc(path: Path, records: list[tuple], gzip_it: bool = True) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_it)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for record in records:
            writer.write_record(warc_record(writer, *record))
    return path


PAGE = article_html().encode("utf-8")


@pytest.mark.parametrize("gzip_it", [True, False])
def test_warc_only_html_200_responses(tmp_path: Path, gzip_it: bool):
    path = write_warc(
        tmp_path / ("crawl.warc.gz" if gzip_it else "crawl.warc"),
        [
            ("https://news.example/a", "200 OK", None, b"", "request"),
            ("https://news.example/a", "200 OK", "text/html; charset=utf-8", PAGE),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
            ("https://news.example/gone", "404 Not Found", "text/html", PAGE),
            ("https://news.example/old", "301 Moved Permanently", "text/html", b""),
        ],
        gzip_it,
    )
    out = results([path])
    assert len(out) == 1
    article = out[0]
    assert isinstance(article, Article)
    assert article.url == "https://news.example/a"
    assert "twelve to nine" in article.text
    assert article.source == f"{path}#record-3"
    assert article.published == "2024-03-05"  # from the page, never the WARC-Date


def test_warc_oversized_record_skipped_with_error(tmp_path: Path):
    big = article_html(extra="<p>" + "padding words " * 2000 + "</p>").encode()
    path = write_warc(
        tmp_path / "c.warc.gz",
        [
            ("https://news.example/big", "200 OK", "text/html", big),
            ("https://news.example/ok", "200 OK", "text/html", PAGE),
        ],
    )
    out = results([path], IngestOptions(max_bytes=len(PAGE) + 100))
    assert [type(r).__name__ for r in out] == ["IngestError", "Article"]
    assert "limit" in out[0].reason and out[1].url == "https://news.example/ok"


def test_warc_truncated(tmp_path: Path, capsys):
    path = write_warc(
        tmp_path / "t.warc.gz",
        [(f"https://news.example/{i}", "200 OK", "text/html", PAGE) for i in range(4)],
    )
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.7)])
    out = results([path])
    assert len(out) >= 2
    assert all(isinstance(r, Article) for r in out[:-1])
    assert isinstance(out[-1], IngestError) and "truncated or corrupt" in out[-1].reason
    assert "Traceback" not in capsys.readouterr().err


def test_not_a_warc(tmp_path: Path):
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not an archive", encoding="utf-8")
    error = one(path)
    assert isinstance(error, IngestError) and error.reason == "not a WARC or ARC file"


def test_arc_files(tmp_path: Path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE
    header = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [
        b"filedesc://t.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(header) + header + b"\n",
        b"https://news.example/arc 1.2.3.4 20240101000000 text/html %d\n" % len(http) + http + b"\n",
    ]
    (tmp_path / "t.arc").write_bytes(b"".join(records))
    (tmp_path / "t.arc.gz").write_bytes(b"".join(gzip.compress(r) for r in records))
    out = results([tmp_path / "t.arc", tmp_path / "t.arc.gz"])
    assert [(type(r).__name__, r.url) for r in out] == [("Article", "https://news.example/arc")] * 2


def test_read_source_single_and_pathlib(tmp_path: Path):
    path = tmp_path / "x.txt"
    path.write_text("single", encoding="utf-8")
    assert [a.text for a in read_source(str(path))] == ["single"]
    assert [a.text for a in iter_articles([path])] == ["single"]
