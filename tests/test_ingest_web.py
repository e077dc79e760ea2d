"""Ingest of URLs and feeds, against a local http.server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import functools
import gzip
import json
import os
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wirecoder.ingest import IngestError, IngestOptions, iter_articles, web
from wirecoder.ingest.web import address_problem, is_url, parse_content_type
from wirecoder.model import Article

PARAGRAPHS = [
    "Rescue teams reached the flooded villages on Sunday after two days of heavy rain in the valley.",
    "Officials said about 300 people had been moved to schools and sports halls in the nearby town.",
    "The regional governor promised emergency funds and said the river was expected to fall by Tuesday.",
]
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Floods hit valley</title>"
    "<meta property='article:published_time' content='2024-04-07'></head><body><article><h1>Floods hit valley</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article></body></html>"
).encode()
LONG_SUMMARY = "Summary sentence about the story with enough words to stand on its own. " * 4


def rss(base: str) -> bytes:
    items = [
        ("Fetched", f"{base}/article", "Short teaser."),
        ("Fallback", f"{base}/missing", LONG_SUMMARY),
        ("Too short", f"{base}/missing", "Teaser only."),
        ("Private", "http://10.1.2.3/secret", "Teaser only."),
    ]
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>Sun, 07 Apr 2024 09:00:00 +0000</pubDate>"
        f"<description>{d}</description></item>"
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>{body}</channel></rss>'
    ).encode()




@functools.cache
def bomb(members: bool = False) -> bytes:
    """A body gzip-encoded twice that holds 1 GiB of zeros: 12 KB on the wire (2.6 KB with `members`,
    where the inner stream is 1,024 gzip members of 1 MiB each). Built once, in about 2 s."""
    if members:
        return gzip.compress(gzip.compress(bytes(1 << 20), mtime=0) * 1024, mtime=0)
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    inner = b"".join([*(packer.compress(zeros) for _ in range(1024)), packer.flush()])
    return gzip.compress(inner, mtime=0)


TRICKLE_STEP = 0.2  # seconds between the bytes of a trickling response
TRICKLE_BYTES = 60  # a trickle ends after this many bytes (12 s), so no test loop is unbounded


def slow_feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>Slow {n}</title><link>{base}/slow-body</link><description>Teaser.</description></item>"
        for n in range(3)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>{items}</channel></rss>'.encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def send(
        self, status: int, content_type: str | None, body: bytes, headers: dict | None = None, length=True
    ):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts, size caps)
            pass

    def do_GET(self):  # noqa: N802 - http.server's name
        base = f"http://{self.headers['Host']}"
        path = self.path
        if path == "/article":
            self.send(200, "text/html; charset=utf-8", PAGE)
        elif path == "/latin1":
            self.send(
                200, "text/plain; charset=ISO-8859-1", "Größere Änderungen, café.\r\n".encode("latin-1")
            )
        elif path == "/feed":
            self.send(200, "application/rss+xml", rss(base))
        elif path == "/pdf":
            self.send(200, "application/pdf", b"%PDF-1.4")
        elif path == "/big":
            self.send(200, "text/html", b"<p>" + b"x" * 50_000 + b"</p>")
        elif path == "/big-stream":  # no Content-Length: the cap must stop the download itself
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/article" if left == 0 else f"/hop/{left - 1}"
            self.send(302, None, b"", {"Location": target})
        elif path == "/to-private":
            self.send(302, None, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
        elif path == "/slow":
            time.sleep(1.5)
            self.send(200, "text/html", PAGE)
        elif path == "/empty":
            self.send(200, "text/html", b"")
        elif path in ("/bomb", "/bomb-members"):
            self.send(200, "text/html", bomb(path == "/bomb-members"), {"Content-Encoding": "gzip, gzip"})
        elif path == "/gzip":
            self.send(200, "text/html; charset=utf-8", gzip.compress(PAGE), {"Content-Encoding": "gzip"})
        elif path == "/gzip-members":  # two gzip members, one stream
            half = len(PAGE) // 2
            body = gzip.compress(PAGE[:half]) + gzip.compress(PAGE[half:])
            self.send(200, "text/html; charset=utf-8", body, {"Content-Encoding": "x-gzip"})
        elif path == "/deflate-raw":  # "deflate" without the zlib wrapper, as some servers send it
            packer = zlib.compressobj(wbits=-15)
            body = packer.compress(PAGE) + packer.flush()
            self.send(200, "text/html; charset=utf-8", body, {"Content-Encoding": "deflate"})
        elif path == "/gzip-corrupt":
            self.send(200, "text/html", b"\x1f\x8b\x08\x00" + b"\xff" * 200, {"Content-Encoding": "gzip"})
        elif path == "/brotli":
            self.send(200, "text/html", b"\x0b\x02\x80hello\x03", {"Content-Encoding": "br"})
        elif path == "/slow-headers":  # the status line, then headers one byte at a time
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.trickle(b"X-Padding: " + b"a" * TRICKLE_BYTES)
        elif path == "/slow-body":  # headers at once, then the body one byte at a time
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            self.trickle(b"b" * TRICKLE_BYTES)
        elif path == "/slow-feed":
            self.send(200, "application/rss+xml", slow_feed(base))
        else:
            self.send(404, "text/html", b"<html><body>Not found</body></html>")

    def trickle(self, data: bytes) -> None:
        self.close_connection = True
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(TRICKLE_STEP)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = IngestOptions(allow_private=True, connect_timeout=2, read_timeout=5)


def fetch(url: str, options: IngestOptions = LOCAL) -> list[Article | IngestError]:
    out = list(iter_articles([url], options))
    assert all(isinstance(r, Article | IngestError) for r in out)
    return out


def test_html_page(server: str):
    [article] = fetch(f"{server}/article")
    assert isinstance(article, Article), article
    assert "300 people" in article.text
    assert article.url == f"{server}/article" and article.source == f"{server}/article"
    assert article.title == "Floods hit valley" and article.published == "2024-04-07"


def test_text_page_uses_declared_charset(server: str):
    [article] = fetch(f"{server}/latin1")
    assert isinstance(article, Article)
    assert article.text == "Größere Änderungen, café.\r\n"


def test_private_address_refused_by_default(server: str):
    [error] = fetch(f"{server}/article", IngestOptions())
    assert isinstance(error, IngestError)
    assert "loopback" in error.reason and "--allow-private" in error.reason


def test_redirect_to_private_address_refused(server: str, monkeypatch: pytest.MonkeyPatch):
    # Pretend the test server's address is public, so that only the redirect's target is private.
    real = web.address_problem
    monkeypatch.setattr(web, "address_problem", lambda a: None if a == "127.0.0.1" else real(a))
    [ok] = fetch(f"{server}/article", IngestOptions())
    assert isinstance(ok, Article)
    [error] = fetch(f"{server}/to-private", IngestOptions())
    assert isinstance(error, IngestError)
    assert "169.254.169.254" in error.reason and "link-local" in error.reason
    assert "--allow-private" in error.reason


def test_connection_pinned_to_checked_address(server: str, monkeypatch: pytest.MonkeyPatch):
    # A host name is resolved once, checked, and the connection made to that address (Host header kept).
    port = server.rsplit(":", 1)[1]
    monkeypatch.setattr(web, "address_problem", lambda a: None)
    monkeypatch.setattr(
        web.socket, "getaddrinfo", lambda host, *a, **k: [(2, 1, 6, "", ("127.0.0.1", int(port)))]
    )
    [article] = fetch(f"http://news.invalid:{port}/article", IngestOptions())
    assert isinstance(article, Article) and article.url == f"http://news.invalid:{port}/article"


def test_content_type_refused(server: str):
    [error] = fetch(f"{server}/pdf")
    assert isinstance(error, IngestError) and "application/pdf" in error.reason


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_size_cap(server: str, path: str):
    [error] = fetch(f"{server}{path}", IngestOptions(allow_private=True, max_bytes=10_000))
    assert isinstance(error, IngestError) and "10,000-byte limit" in error.reason


def test_redirects_followed_up_to_limit(server: str):
    options = IngestOptions(allow_private=True, max_redirects=3)
    [article] = fetch(f"{server}/hop/2", options)
    assert isinstance(article, Article) and article.url == f"{server}/article"
    assert article.source == f"{server}/hop/2"
    [error] = fetch(f"{server}/hop/5", options)
    assert isinstance(error, IngestError) and error.reason == "too many redirects (more than 3)"


def test_http_404(server: str):
    [error] = fetch(f"{server}/nothing-here")
    assert isinstance(error, IngestError) and error.reason.startswith("HTTP 404")


def test_empty_response(server: str):
    [error] = fetch(f"{server}/empty")
    assert isinstance(error, IngestError) and "empty response" in error.reason


def test_read_timeout(server: str):
    start = time.monotonic()
    [error] = fetch(f"{server}/slow", IngestOptions(allow_private=True, read_timeout=0.3))
    assert isinstance(error, IngestError) and "read timeout" in error.reason
    assert time.monotonic() - start < 1.4


def test_connection_refused():
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [error] = fetch(f"http://127.0.0.1:{port}/")
    assert isinstance(error, IngestError) and "cannot connect" in error.reason
    assert "\n" not in error.reason


def test_bad_urls():
    out = fetch("ftp://example.com/x")
    assert "unsupported URL scheme 'ftp'" in out[0].reason
    [error] = fetch("http:///nohost")
    assert isinstance(error, IngestError)


def test_feed_url_fetches_entries_with_fallback(server: str, monkeypatch: pytest.MonkeyPatch):
    real = web.address_problem  # the server counts as public; entry links to private addresses do not
    monkeypatch.setattr(web, "address_problem", lambda a: None if a == "127.0.0.1" else real(a))
    out = fetch(f"{server}/feed", IngestOptions(read_timeout=5))
    assert [type(r).__name__ for r in out] == ["Article", "Article", "IngestError", "IngestError"]
    fetched, fallback, short, private = out
    assert "300 people" in fetched.text  # the page, not the teaser
    assert fetched.published == "2024-04-07T09:00:00+00:00" and fetched.title == "Floods hit valley"  # the feed's
    assert fallback.text == LONG_SUMMARY.strip() and fallback.title == "Fallback"
    assert fallback.url == f"{server}/missing" and fallback.published == "2024-04-07T09:00:00+00:00"
    assert "HTTP 404" in short.reason and "too short" in short.reason
    assert short.source == f"{server}/missing"
    assert fetched.source == f"{server}/article" and fallback.source == f"{server}/feed#entry-2"
    assert "10.1.2.3 is a private address" in private.reason and private.source == "http://10.1.2.3/secret"


def test_feed_url_no_fetch(server: str):
    out = fetch(f"{server}/feed", IngestOptions(allow_private=True, fetch=False))
    assert [r.text for r in out] == ["Short teaser.", LONG_SUMMARY.strip(), "Teaser only.", "Teaser only."]
    assert out[0].site == "Local News" and out[0].url == f"{server}/article"


def test_address_problem():
    assert address_problem("8.8.8.8") is None
    assert address_problem("2606:4700:4700::1111") is None
    for address, word in [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),
        ("100.64.0.1", "non-public"),
    ]:
        problem = address_problem(address)
        assert problem and word in problem, (address, problem)


def test_helpers():
    assert is_url("https://x") and is_url("FTP://x") and not is_url("C:\\x") and not is_url("a.txt")
    assert parse_content_type('text/HTML; charset="UTF-8"') == ("text/html", "UTF-8")
    assert parse_content_type(None) == ("", None)


def test_dns_failure(monkeypatch: pytest.MonkeyPatch):
    import socket

    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    for options in (IngestOptions(), LOCAL):
        [error] = fetch("http://no-such-host.invalid/x", options)
        assert isinstance(error, IngestError) and "resolve host" in error.reason, error
        assert "\n" not in error.reason


def test_tls_error(server: str):
    [error] = fetch(server.replace("http://", "https://") + "/article")
    assert isinstance(error, IngestError) and error.reason.startswith("TLS error"), error
    assert "\n" not in error.reason


# ---- compressed bodies: decoded in bounded steps, the decoded size capped ------------------------------


@pytest.mark.parametrize("path", ["/gzip", "/gzip-members", "/deflate-raw"])
def test_compressed_pages_decoded(server: str, path: str):
    [article] = fetch(f"{server}{path}")
    assert isinstance(article, Article), article
    assert "300 people" in article.text and article.title == "Floods hit valley"


@pytest.mark.parametrize(
    ("path", "words"), [("/gzip-corrupt", "cannot decode the response body"), ("/brotli", "'br'")]
)
def test_bad_or_unsupported_encoding(server: str, path: str, words: str):
    [error] = fetch(f"{server}{path}")
    assert isinstance(error, IngestError) and words in error.reason, error
    assert "\n" not in error.reason


@pytest.mark.parametrize("members", [False, True])
def test_decoder_bounded_steps(members: bool):
    # Whatever a layer would expand to, no piece handed on is larger than one step.
    decoder = web._Decoder("gzip, gzip", "x")
    pieces = []
    for piece in decoder.feed(bomb(members)):
        pieces.append(len(piece))
        if sum(pieces) > 5 * (1 << 20):
            break
    assert max(pieces) <= web._INFLATE_STEP and sum(pieces) > 5 * (1 << 20)


BOMB_CHILD = """
import json, sys
from wirecoder.ingest import IngestOptions, iter_articles
def peak_mb():  # VmHWM: this process's own peak (ru_maxrss would count the pytest process that forked it)
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
out = list(iter_articles([sys.argv[1]], IngestOptions(allow_private=True)))
print(json.dumps({"reasons": [getattr(r, "reason", None) for r in out],
                  "peak_mb": peak_mb()}))
"""


@pytest.mark.parametrize("path", ["/bomb", "/bomb-members"])
def test_nested_gzip_bomb_refused_in_bounded_memory(server: str, path: str):
    # In a fresh process, so that the peak RSS is the fetch's own; the default 20 MB cap applies. (Before
    # streamed decoding, /bomb peaked at 2.2 GB: httpx inflated each layer in one call.)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", BOMB_CHILD, f"{server}{path}"], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    [reason] = result["reasons"]
    assert reason and "decodes to over the 20,971,520-byte limit" in reason
    assert result["peak_mb"] < 400, result
    print(f"peak RSS {result['peak_mb']:.0f} MB")


# ---- one total deadline per URL, one budget per feed ---------------------------------------------------


@pytest.mark.parametrize("path", ["/slow-headers", "/slow-body"])
def test_total_deadline_per_url(server: str, path: str):
    # Each byte comes well within the read timeout, so only a total deadline can stop these.
    options = IngestOptions(allow_private=True, connect_timeout=2, read_timeout=5, timeout=1.0)
    start = time.monotonic()
    [error] = fetch(f"{server}{path}", options)
    elapsed = time.monotonic() - start
    assert isinstance(error, IngestError) and "gave up after 1s" in error.reason, error
    assert "--timeout" in error.reason
    assert elapsed < 2.0, elapsed  # not the 12 s of the trickle, nor the 5 s read timeout


def test_feed_items_share_one_budget(server: str):
    options = IngestOptions(allow_private=True, timeout=1.0, feed_timeout=1.5)
    start = time.monotonic()
    out = fetch(f"{server}/slow-feed", options)
    elapsed = time.monotonic() - start
    assert [type(r).__name__ for r in out] == ["IngestError"] * 3
    assert "gave up after 1s" in out[0].reason
    assert "feed's time budget" in out[1].reason  # the half second left
    assert "not fetched" in out[2].reason and "--feed-timeout" in out[2].reason
    assert elapsed < 1.5 + 3 * TRICKLE_STEP + 1.0, elapsed  # + fetching the feed itself


@pytest.mark.parametrize("allow_private", [False, True])
def test_slow_name_lookup_within_the_deadline(monkeypatch: pytest.MonkeyPatch, allow_private: bool):
    # getaddrinfo has no timeout of its own; a lookup that hangs must not outlast --timeout.
    import socket

    def hanging_lookup(host, *args, **kwargs):
        time.sleep(3)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    start = time.monotonic()
    [error] = fetch("http://slow-dns.invalid/x", IngestOptions(allow_private=allow_private, timeout=0.5))
    elapsed = time.monotonic() - start
    assert isinstance(error, IngestError) and "\n" not in error.reason, error
    assert "resolve host" in error.reason or "gave up after 0.5s" in error.reason, error
    assert elapsed < 1.5, elapsed
