"""Fetching URLs safely: http(s) only, size cap, timeouts, manual redirects, and no private addresses.

Every hop of a fetch (the URL and each redirect target) is resolved with getaddrinfo and refused if any
address is loopback, private, link-local, unspecified, multicast, reserved or otherwise not global,
unless `IngestOptions.allow_private` (`--allow-private`). The connection then goes to the address that
was checked (the Host header and TLS SNI still name the host), so a DNS answer that changes between
the check and the connection cannot redirect the fetch to an internal address.

Environment proxy settings are ignored (trust_env=False): a proxy would make the address check moot.

Time: each URL has one total deadline, `IngestOptions.timeout` (`--timeout`), for everything: the name
lookup, connecting, sending the request, the status line and headers, and the body, over all redirects. It is enforced
below httpx, in the network stream: every socket operation waits at most until the deadline, so a
server that sends its headers one byte a second is cut off at the deadline like one that stalls.

Size: the body is decoded here, not by httpx: Content-Encoding layers (gzip, deflate, in any number)
are inflated in bounded steps and the *decoded* bytes count against `max_bytes`, so a compressed bomb
is refused after at most `max_bytes` of output, whatever it would expand to.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from types import TracebackType
from typing import Any

import httpcore
import httpx

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.encoding import UndecodableError, decode_bytes
from wirecoder.ingest.html import extract_html
from wirecoder.ingest.text import sniff_kind, text_article
from wirecoder.model import Article

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/x-atom+xml",
        "application/xml",
        "text/xml",
        "text/rss+xml",
        "text/atom+xml",
    }
)
TEXT_TYPES = frozenset({"text/plain"})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
ALLOW_HINT = "use --allow-private to permit it"
ACCEPT_ENCODING = "gzip, deflate"  # the encodings _Decoder handles
_INFLATE_STEP = 1 << 16  # at most this many decoded bytes per decompression step


def is_url(source: str) -> bool:
    """True for anything with a URL scheme (http, https, and the ones we refuse, like ftp or file)."""
    scheme, sep, _ = source.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha() and len(scheme) > 1


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    media_type: str  # lower-case media type without parameters; "" if the server sent none
    charset: str | None
    body: bytes
    kind: str  # "html", "feed" or "text"


def _one_line(message: object, limit: int = 200) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"; ("", None) when there is none."""
    if not value:
        return "", None
    msg = Message()
    msg["content-type"] = value
    charset = msg.get_param("charset")
    media_type = value.partition(";")[0].strip().lower()
    return media_type, (charset.strip() or None) if isinstance(charset, str) else None


def address_problem(address: str) -> str | None:
    """Why an IP address must not be fetched from ("a loopback address", ...), or None if it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "an unparseable address"
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    if isinstance(ip, ipaddress.IPv6Address):  # an IPv4 address inside an IPv6 one is judged first
        for embedded in (ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None):
            if embedded is not None:
                candidates.append(embedded)
    candidates.append(ip)
    for candidate in candidates:
        for attr, label in (
            ("is_loopback", "a loopback"),
            ("is_unspecified", "an unspecified"),
            ("is_link_local", "a link-local"),
            ("is_multicast", "a multicast"),
            ("is_reserved", "a reserved"),
            ("is_private", "a private"),
        ):
            if getattr(candidate, attr):
                return f"{label} address"
        if not candidate.is_global:
            return "a non-public address"
    return None


class ResolveTimeout(OSError):
    """The name lookup did not answer in the time left."""


def resolve(host: str, port: int, timeout: float | None) -> list[tuple]:
    """socket.getaddrinfo, given at most `timeout` seconds (it has no timeout of its own: a lookup that
    hangs is left to finish in a daemon thread). Raises OSError (ResolveTimeout when out of time)."""
    if timeout is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    outcome: list[Any] = []

    def lookup() -> None:
        try:
            outcome.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            outcome.append(exc)

    worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if not outcome:
        raise ResolveTimeout(f"no answer within {timeout:.3g}s")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def check_host(
    url: httpx.URL, source: str, options: IngestOptions, timeout: float | None = None
) -> str | None:
    """Resolve the URL's host (within `timeout` seconds) and check every address. Returns the address to
    connect to (None when private addresses are allowed, to let httpx resolve as usual). Raises
    IngestError."""
    if url.scheme not in ("http", "https"):
        raise IngestError(source, f"unsupported URL scheme {url.scheme!r} (only http and https)")
    host = url.raw_host.decode("ascii", "replace")
    if not host:
        raise IngestError(source, f"URL has no host: {url}")
    if options.allow_private:
        return None
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = resolve(host, port, timeout)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise IngestError(source, f"cannot resolve host {host!r}: {_one_line(exc)}") from None
    # Every address is checked; the connection goes to the first, IPv4 preferred (more often reachable).
    addresses = sorted(dict.fromkeys(str(info[4][0]) for info in infos), key=lambda a: ":" in a)
    if not addresses:
        raise IngestError(source, f"cannot resolve host {host!r}: no addresses")
    for address in addresses:
        problem = address_problem(address)
        if problem:
            shown = host if host == address else f"{host} ({address})"
            raise IngestError(source, f"refusing to fetch {url}: {shown} is {problem}; {ALLOW_HINT}")
    return addresses[0]


def _kind(media_type: str, body: bytes, source: str) -> str:
    sniffed = sniff_kind(body[:4096])
    if not media_type:
        return sniffed if sniffed in ("html", "feed") else "text"
    if media_type in HTML_TYPES:
        return "feed" if sniffed == "feed" else "html"
    if media_type in FEED_TYPES:
        return "html" if sniffed == "html" else "feed"
    if media_type in TEXT_TYPES:
        return "text"
    raise IngestError(
        source, f"unsupported content type {media_type!r} (expected HTML, a feed or plain text)"
    )


def _transport_reason(exc: Exception, options: IngestOptions) -> str:
    message = _one_line(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {options.connect_timeout:g}s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"server did not respond within {options.read_timeout:g}s (read timeout)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out: {message}"
    lowered = message.lower()
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        return f"TLS error: {message}"
    if isinstance(exc, httpx.ConnectError):
        if "name or service" in lowered or "nodename" in lowered or "getaddrinfo" in lowered:
            return f"cannot resolve host: {message}"
        return f"cannot connect: {message}"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.LocalProtocolError):
        return f"HTTP protocol error: {message}"
    if isinstance(exc, httpx.DecodingError):
        return f"cannot decode the response body: {message}"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"invalid URL: {message}"
    return f"fetch failed: {type(exc).__name__}: {message}"


class _Deadline(threading.local):
    """The monotonic time by which the current fetch must be over (None: no total deadline)."""

    at: float | None = None

    def left(self, timeout: float | None, error: type[Exception]) -> float | None:
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise error("the total deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline):
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # type: ignore[no-untyped-def]
        stream = self._stream.start_tls(
            ssl_context, server_hostname, self._deadline.left(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str):  # type: ignore[no-untyped-def]
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.SyncBackend):
    def __init__(self, deadline: _Deadline):
        self._deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        try:
            ipaddress.ip_address(host)
        except ValueError:  # a name (only with allow_private): look it up within the deadline too
            try:
                infos = resolve(host, port, self._deadline.left(timeout, httpcore.ConnectTimeout))
            except ResolveTimeout as exc:
                raise httpcore.ConnectTimeout(f"cannot resolve host {host!r}: {exc}") from None
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve host {host!r}: {exc}") from None
            if not infos:
                raise httpcore.ConnectError(f"cannot resolve host {host!r}: no addresses") from None
            host = str(sorted(infos, key=lambda info: info[0] != socket.AF_INET)[0][4][0])
        stream = super().connect_tcp(
            host, port, self._deadline.left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self._deadline)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport over a network backend that enforces `_Deadline` (no proxy: trust_env=False)."""

    def __init__(self, deadline: _Deadline):
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_DeadlineBackend(deadline),
        )


class _Inflater:
    """One gzip or deflate layer, decoded in steps of at most _INFLATE_STEP bytes (gzip: all members)."""

    def __init__(self, coding: str):
        self.coding = coding
        self._new()
        self._started = False

    def _new(self) -> None:
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.coding == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.coding == "deflate" and not self._started and data:
            self._started = True  # "deflate" is zlib-wrapped by the standard, raw by some servers
            try:
                zlib.decompressobj().decompress(data[:2])
            except zlib.error:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        while data:
            if self._z.eof:
                if self.coding != "gzip" or not data.startswith(b"\x1f\x8b"):
                    return  # bytes after the end of the stream (padding, junk) are ignored
                self._new()  # the next member of a multi-member gzip stream
            out = self._z.decompress(data, _INFLATE_STEP)
            if out:
                yield out
            if self._z.eof:
                data = self._z.unused_data
                continue
            data = self._z.unconsumed_tail
            while not data and len(out) == _INFLATE_STEP and not self._z.eof:
                out = self._z.decompress(b"", _INFLATE_STEP)  # output still pending inside zlib
                if out:
                    yield out

    def finish(self) -> Iterator[bytes]:
        out = self._z.flush()
        if out:
            yield out


class _Decoder:
    """A response body's Content-Encoding layers, undone in bounded steps."""

    def __init__(self, content_encoding: str | None, source: str):
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self.layers: list[_Inflater] = []
        for coding in reversed(codings):  # the last encoding applied is undone first
            coding = {"x-gzip": "gzip"}.get(coding, coding)
            if coding == "identity":
                continue
            if coding not in ("gzip", "deflate"):
                raise IngestError(source, f"unsupported content encoding {coding!r} (only gzip and deflate)")
            self.layers.append(_Inflater(coding))

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self.layers):
            if data:
                yield data
            return
        for piece in self.layers[index].feed(data):
            yield from self._through(index + 1, piece)

    def finish(self) -> Iterator[bytes]:
        for index, layer in enumerate(self.layers):
            for piece in layer.finish():
                yield from self._through(index + 1, piece)


class Fetcher:
    """Fetches URLs under the rules above; one HTTP client (and its connection pool) for many URLs."""

    def __init__(self, options: IngestOptions | None = None):
        self.options = options or IngestOptions()
        self._client: httpx.Client | None = None
        self._deadline = _Deadline()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            o = self.options
            self._client = httpx.Client(
                timeout=httpx.Timeout(
                    connect=o.connect_timeout,
                    read=o.read_timeout,
                    write=o.read_timeout,
                    pool=o.connect_timeout,
                ),
                follow_redirects=False,
                trust_env=False,
                transport=_DeadlineTransport(self._deadline),
                headers={"User-Agent": o.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def fetch(self, url: str, source: str | None = None, *, deadline: float | None = None) -> Fetched:
        """GET `url`, following up to `max_redirects` redirects, all within `options.timeout` seconds
        (or by the monotonic `deadline`, when that is sooner). Raises IngestError (one-line reason)."""
        source = source or url
        options = self.options
        try:
            current = httpx.URL(url.strip())
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise IngestError(source, f"invalid URL: {_one_line(exc)}") from None
        own = time.monotonic() + options.timeout
        self._deadline.at = own if deadline is None else min(own, deadline)
        redirects = 0
        try:
            while True:
                address = check_host(current, source, options, max(0.0, self._deadline.at - time.monotonic()))
                try:
                    location = self._get(current, address, source)
                except IngestError:
                    raise
                except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
                    if isinstance(exc, httpx.TimeoutException) and time.monotonic() >= self._deadline.at:
                        if self._deadline.at == own:
                            reason = f"gave up after {options.timeout:g}s, the total time allowed per URL (--timeout)"
                        else:
                            reason = "gave up: the feed's time budget for its items ran out (--feed-timeout)"
                        raise IngestError(source, reason) from None
                    raise IngestError(source, _transport_reason(exc, options)) from None
                if isinstance(location, Fetched):
                    return location
                redirects += 1
                if redirects > options.max_redirects:
                    raise IngestError(source, f"too many redirects (more than {options.max_redirects})")
                try:
                    current = current.join(location)
                except (httpx.InvalidURL, ValueError) as exc:
                    raise IngestError(
                        source, f"invalid redirect location {location!r}: {_one_line(exc)}"
                    ) from None
        finally:
            self._deadline.at = None

    def _get(self, url: httpx.URL, address: str | None, source: str) -> Fetched | str:
        """One request: the Fetched response, or the Location of a redirect."""
        options = self.options
        target, headers, extensions = url, {}, {}
        if address is not None:  # connect to the checked address; Host and SNI still name the host
            target = url.copy_with(host=address)
            headers["Host"] = url.netloc.decode("ascii")
            if url.scheme == "https":
                extensions["sni_hostname"] = url.raw_host.decode("ascii")
        request = self.client.build_request("GET", target, headers=headers, extensions=extensions)
        response = self.client.send(request, stream=True)
        try:
            status = response.status_code
            if status in REDIRECT_CODES:
                location = response.headers.get("location")
                if not location:
                    raise IngestError(source, f"HTTP {status} redirect without a Location header")
                return location
            if status >= 400:
                reason = response.reason_phrase or ""
                raise IngestError(source, f"HTTP {status} {reason}".strip() + f" for {url}")
            if status != 200:
                raise IngestError(source, f"unexpected HTTP status {status} for {url}")
            media_type, charset = parse_content_type(response.headers.get("content-type"))
            if media_type and media_type not in HTML_TYPES | FEED_TYPES | TEXT_TYPES:
                _kind(media_type, b"", source)  # raises, naming the type, before reading the body
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > options.max_bytes:
                raise IngestError(
                    source,
                    f"response is {int(length):,} bytes, over the {options.max_bytes:,}-byte limit (max_bytes)",
                )
            body = self._body(response, source)
        finally:
            response.close()
        if not body.strip():
            raise IngestError(source, f"empty response from {url}")
        return Fetched(str(url), media_type, charset, body, _kind(media_type, body, source))

    def _body(self, response: httpx.Response, source: str) -> bytes:
        """The decoded body, stopped as soon as the raw or the decoded bytes pass `max_bytes`."""
        limit = self.options.max_bytes
        decoder = _Decoder(response.headers.get("content-encoding"), source)
        chunks: list[bytes] = []
        raw_total = total = 0

        def take(pieces: Iterator[bytes]) -> None:
            nonlocal total
            for piece in pieces:
                total += len(piece)
                if total > limit:
                    what = "decodes to" if decoder.layers else "is"
                    raise IngestError(
                        source, f"response {what} over the {limit:,}-byte limit (max_bytes); download stopped"
                    )
                chunks.append(piece)

        try:
            for raw in response.iter_raw():
                raw_total += len(raw)
                if raw_total > limit:
                    raise IngestError(
                        source, f"response is over the {limit:,}-byte limit (max_bytes); download stopped"
                    )
                take(decoder.feed(raw))
            take(decoder.finish())
        except zlib.error as exc:
            encoding = response.headers.get("content-encoding", "")
            raise IngestError(
                source, f"cannot decode the response body (Content-Encoding {encoding}): {_one_line(exc)}"
            ) from None
        return b"".join(chunks)


def html_article(
    body: bytes, charset: str | None, *, url: str | None, source: str, options: IngestOptions
) -> Article:
    """HTML bytes (with the charset a transport declared, if any) to an Article. Raises IngestError."""
    page: str | bytes = body
    if charset:  # the transport's charset (HTTP header) wins over the page's own declaration
        try:
            page = decode_bytes(body, charset, prose=False)
        except UndecodableError as exc:
            raise IngestError(source, str(exc)) from None
    article = extract_html(page, url=url, source=source, options=options)
    article.url = article.url or url
    article.source = source
    return article


def page_article(fetched: Fetched, source: str, options: IngestOptions) -> Article:
    """A fetched HTML or text page to an Article. Raises IngestError (also for a feed)."""
    if fetched.kind == "html":
        return html_article(fetched.body, fetched.charset, url=fetched.url, source=source, options=options)
    if fetched.kind == "text":
        host = httpx.URL(fetched.url).host or None
        return text_article(fetched.body, source, declared=fetched.charset, url=fetched.url, site=host)
    raise IngestError(source, f"{fetched.url} is a feed, not a page")


def fetch_article(
    url: str, options: IngestOptions, fetcher: Fetcher | None = None, *, deadline: float | None = None
) -> Article:
    """Fetch one page (HTML or text) and extract it, by `deadline` if given. Raises IngestError."""
    if fetcher is None:
        with Fetcher(options) as own:
            return page_article(own.fetch(url, deadline=deadline), url, options)
    return page_article(fetcher.fetch(url, deadline=deadline), url, options)


def read_url(
    url: str, options: IngestOptions, fetcher: Fetcher | None = None
) -> Iterator[Article | IngestError]:
    """A URL to Articles: one for a page, one per entry for a feed. Errors are yielded, not raised."""
    from wirecoder.ingest.feeds import iter_feed  # feeds fetch their entries through this module

    own = fetcher is None
    fetcher = fetcher or Fetcher(options)
    try:
        try:
            fetched = fetcher.fetch(url)
        except IngestError as exc:
            yield exc
            return
        if fetched.kind == "feed":
            yield from iter_feed(
                fetched.body,
                url,
                options,
                fetcher=fetcher,
                base_url=fetched.url,
                media_type=fetched.media_type,
            )
            return
        try:
            yield page_article(fetched, url, options)
        except IngestError as exc:
            yield exc
    finally:
        if own:
            fetcher.close()
