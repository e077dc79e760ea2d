"""RSS and Atom feeds: one Article per entry.

feedparser only ever sees bytes (never a URL or path, so it never fetches anything itself). With
`options.fetch`, each entry's link is fetched through `web.Fetcher` (same address and size rules as
any URL) and its page extracted; if that fails, the entry's own content is used when it has at least
MIN_FALLBACK_CHARS of text, else the entry gives an IngestError. Without `fetch`, the entry's own
content (HTML turned into plain paragraphs) is the text.

Naming: a fetched page's `source` is its link; an Article or error made from the feed's own content is
`FEED#entry-N`; a failed fetch is reported under the link.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import feedparser

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.dates import read_published
from wirecoder.ingest.text import read_file_limited
from wirecoder.ingest.web import Fetcher, fetch_article, is_url
from wirecoder.model import Article

# An entry whose page cannot be fetched is used on its own only with at least this much text
# (a one-line teaser is not the article).
MIN_FALLBACK_CHARS = 200

_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr "
    "li main nav ol p pre section table tbody thead tfoot tr td th ul".split()
)
_SKIP_TAGS = frozenset("script style noscript template iframe object embed svg math head title".split())
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RSS_AUTHOR = re.compile(r"[^\s@()]+@[^\s@()]+\s*\((.+)\)")


class _TextParser(HTMLParser):
    """Light HTML to text: block elements become paragraphs ("\\n\\n"), <br> a newline, the rest flows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _flush(self) -> None:
        lines = (" ".join(line.split()) for line in "".join(self.current).split("\n"))
        block = "\n".join(line for line in lines if line)
        if block:
            self.blocks.append(block)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.current.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def html_to_text(html: str) -> str:
    """Paragraph text of an HTML fragment (feed content), paragraphs separated by a blank line."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser is lenient, but keep hostile input contained
        pass
    parser._flush()
    return "\n\n".join(parser.blocks)


def _plain(value: Any) -> str | None:
    """A feed's text construct (title, author) as one clean line, or None."""
    if not isinstance(value, str):
        return None
    text = " ".join(html_to_text(value).split()) if "<" in value or "&" in value else " ".join(value.split())
    return text or None


def entry_author(entry: Any) -> str | None:
    """The entry's author's name: RSS's "desk@example.com (News Desk)" gives "News Desk"."""
    author = _plain(entry.get("author"))
    if author:
        match = _RSS_AUTHOR.fullmatch(author)
        if match:
            return match.group(1).strip() or author
    return author


def entry_date(entry: Any) -> str | None:
    """The entry's publication date (else its update date) in ISO 8601, with the time and zone the feed
    gives (ingest.dates). ValueError when the entry has dates but none can be read."""
    problem = None
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            try:
                return read_published(raw)
            except ValueError as err:
                problem = problem or err
        parsed = entry.get(f"{key}_parsed")  # feedparser's own reading, in UTC: the day only
        if isinstance(parsed, time.struct_time):
            try:
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
            except ValueError:
                pass
    if problem is not None:
        raise problem
    return None


def entry_text(entry: Any) -> str:
    """The entry's own text: its longest content (else its summary), HTML turned into paragraphs."""
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        if isinstance(content, dict) and isinstance(content.get("value"), str):
            candidates.append((content.get("type") or "text/html", content["value"]))
    if not candidates and isinstance(entry.get("summary"), str):
        detail = entry.get("summary_detail") or {}
        candidates.append((detail.get("type") or "text/html", entry["summary"]))
    best = ""
    for media_type, value in candidates:
        text = html_to_text(value) if media_type in _HTML_TYPES or "<" in value else value.strip()
        if len(text) > len(best):
            best = text
    return best


def _fill(article: Article, entry_article: Article) -> Article:
    """Complete a fetched page's metadata with the entry's; the feed's own date wins (it is declared by
    the publisher for this item, a page's date is found by heuristics)."""
    if entry_article.published:
        article.published = entry_article.published
    elif not article.published:
        article.warnings.extend(entry_article.warnings)
    for name in ("title", "author", "site", "url"):
        if not getattr(article, name):
            setattr(article, name, getattr(entry_article, name))
    return article


def iter_feed(
    data: bytes,
    source: str,
    options: IngestOptions,
    *,
    fetcher: Fetcher | None = None,
    base_url: str | None = None,
    media_type: str | None = None,
) -> Iterator[Article | IngestError]:
    """The Articles (and per-entry IngestErrors) of one feed's bytes. Never raises IngestError."""
    headers = {"content-type": media_type or "application/xml"}
    if base_url:
        headers["content-location"] = base_url
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # feedparser is lenient; anything escaping it means the bytes are not a feed
        yield IngestError(source, f"cannot parse feed: {type(exc).__name__}: {exc}")
        return
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            yield IngestError(source, f"not a valid RSS/Atom feed ({' '.join(str(problem).split())[:200]})")
        elif not parsed.get("version"):
            yield IngestError(source, "not an RSS/Atom feed")
        return  # a valid feed with no entries: nothing to read
    site = _plain((parsed.get("feed") or {}).get("title"))
    own_fetcher = options.fetch and fetcher is None
    if own_fetcher:
        fetcher = Fetcher(options)
    budget_end = time.monotonic() + options.feed_timeout  # the items' pages share this much time
    try:
        for number, entry in enumerate(entries, 1):
            yield _entry_result(entry, number, source, site, options, fetcher, budget_end)
    finally:
        if own_fetcher and fetcher is not None:
            fetcher.close()


def _entry_result(
    entry: Any,
    number: int,
    source: str,
    site: str | None,
    options: IngestOptions,
    fetcher: Fetcher | None,
    budget_end: float,
) -> Article | IngestError:
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    link = link.strip() if link else None
    name = f"{source}#entry-{number}"  # what the feed itself gave; a fetched page is named by its link
    text = entry_text(entry)
    own = Article(
        text=text,
        url=link,
        site=site,
        title=_plain(entry.get("title")),
        author=entry_author(entry),
        source=name,
    )
    try:
        own.published = entry_date(entry)
    except ValueError as err:
        own.warnings.append(f"publication date ignored: {err}")
    if options.fetch and link and is_url(link):
        try:
            if time.monotonic() >= budget_end:
                raise IngestError(
                    link, f"not fetched: the feed's {options.feed_timeout:g}s for its items is used up (--feed-timeout)"
                )
            return _fill(fetch_article(link, options, fetcher, deadline=budget_end), own)
        except IngestError as exc:
            if len(text) >= MIN_FALLBACK_CHARS:
                return own
            return IngestError(link, f"{exc.reason}; the feed entry's own text is too short to use instead")
    if not text.strip():
        return IngestError(name, "feed entry has no text")
    return own


def read_feed_file(
    path: str, options: IngestOptions, source: str | None = None, *, fetcher: Fetcher | None = None
) -> Iterator[Article | IngestError]:
    """An .rss / .atom / .xml file."""
    name = source or path
    try:
        data = read_file_limited(path, options, name)
    except IngestError as exc:
        yield exc
        return
    yield from iter_feed(data, name, options, fetcher=fetcher)
