"""Fetching URLs safely: http(s) only, size cap, timeouts, manual redirects, and no private addresses.

Every hop of a fetch (the URL and each redirect target) is resolved with getaddrinfo and refused if any
address is loopback, private, link-local, unspecified, multicast, reserved or otherwise not global,
unless `IngestOptions.allow_private` (`--allow-private`). The connection then goes to the address that
was checked (the Host header and TLS SNI still name the host), so a DNS answer that changes between
the check and the connection cannot redirect the fetch to an internal address.

Environment proxy settings are ignored (trust_env=False): a proxy would make the address check moot.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from types import TracebackType

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
# A whole fetch (all hops, all of the body) may take at most this many read timeouts, on top of
# connecting: a server that trickles bytes just under the read timeout cannot hold a worker forever.
TOTAL_TIME_READ_TIMEOUTS = 10


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


def check_host(url: httpx.URL, source: str, options: IngestOptions) -> str | None:
    """Resolve the URL's host and check every address. Returns the address to connect to (None when
    private addresses are allowed, to let httpx resolve as usual). Raises IngestError."""
    if url.scheme not in ("http", "https"):
        raise IngestError(source, f"unsupported URL scheme {url.scheme!r} (only http and https)")
    host = url.raw_host.decode("ascii", "replace")
    if not host:
        raise IngestError(source, f"URL has no host: {url}")
    if options.allow_private:
        return None
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
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


class Fetcher:
    """Fetches URLs under the rules above; one HTTP client (and its connection pool) for many URLs."""

    def __init__(self, options: IngestOptions | None = None):
        self.options = options or IngestOptions()
        self._client: httpx.Client | None = None

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
                headers={"User-Agent": o.user_agent, "Accept": ACCEPT},
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

    def fetch(self, url: str, source: str | None = None) -> Fetched:
        """GET `url`, following up to `max_redirects` redirects. Raises IngestError (one-line reason)."""
        source = source or url
        options = self.options
        try:
            current = httpx.URL(url.strip())
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise IngestError(source, f"invalid URL: {_one_line(exc)}") from None
        deadline = (
            time.monotonic() + options.connect_timeout + TOTAL_TIME_READ_TIMEOUTS * options.read_timeout
        )
        redirects = 0
        while True:
            address = check_host(current, source, options)
            try:
                location = self._get(current, address, source, deadline)
            except IngestError:
                raise
            except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
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

    def _get(self, url: httpx.URL, address: str | None, source: str, deadline: float) -> Fetched | str:
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
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > options.max_bytes:
                    raise IngestError(
                        source,
                        f"response is over the {options.max_bytes:,}-byte limit (max_bytes); download stopped",
                    )
                if time.monotonic() > deadline:
                    raise IngestError(source, "download too slow: gave up")
                chunks.append(chunk)
            body = b"".join(chunks)
        finally:
            response.close()
        if not body.strip():
            raise IngestError(source, f"empty response from {url}")
        return Fetched(str(url), media_type, charset, body, _kind(media_type, body, source))


def html_article(
    body: bytes, charset: str | None, *, url: str | None, source: str, options: IngestOptions
) -> Article:
    """HTML bytes (with the charset a transport declared, if any) to an Article. Raises IngestError."""
    page: str | bytes = body
    if charset:  # the transport's charset (HTTP header) wins over the page's own declaration
        try:
            page = decode_bytes(body, charset)
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


def fetch_article(url: str, options: IngestOptions, fetcher: Fetcher | None = None) -> Article:
    """Fetch one page (HTML or text) and extract it. Raises IngestError."""
    if fetcher is None:
        with Fetcher(options) as own:
            return page_article(own.fetch(url), url, options)
    return page_article(fetcher.fetch(url), url, options)


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
