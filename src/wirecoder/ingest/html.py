"""HTML page -> Article: main text and metadata, boilerplate removed.

`extract_html` is the one entry point; every reader (files, JSONL, URLs, feeds, WARC) calls it.

How it works:

1. bytes are decoded with the charset the page declares (`<meta charset>` / http-equiv), via `decode_bytes`;
2. the page is parsed once (lxml through trafilatura's loader); metadata (author, site name, canonical URL)
   come from trafilatura; the title is the first `<h1>` that agrees with the page's meta titles, else the
   meta title without the site name; the publication date comes from htmldate (extensive search, original
   date, the given URL);
3. boilerplate containers (comment sections and forms, share bars, related-link lists, newsletter sign-ups,
   cookie notices) are removed from the DOM by class / id / role / aria-label patterns, unless they wrap
   the article; data tables (no cell with prose) are removed too;
4. trafilatura extracts the main text (favor_precision, no comments; a second, recall-friendlier pass when
   the first finds little);
5. text blocks that are boilerplate phrases are dropped, a trailing section opened by a heading such as
   "Leave a Reply" or "Related articles" is cut, and so is a closing "... share this article!" sentence.

The rules of steps 3 and 5 are data: `wirecoder/data/boilerplate.txt`. The settings were chosen on
`benchmarks/extraction.py`.

The result's `text` has one text block (paragraph, heading, list item, line) per paragraph; paragraphs are
separated by a blank line ("\\n\\n") and contain no newline themselves. The text is NFC-normalised and
stripped; list items keep trafilatura's "- " marker. Same input, same output (the date search uses
today's date only as an upper bound).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from copy import deepcopy
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.encoding import UndecodableError, decode_bytes
from wirecoder.ingest.nesting import cap_nesting, too_deep
from wirecoder.model import Article

NO_TEXT = "no article text found in HTML"
MIN_TEXT_CHARS = 50  # shorter extractions are navigation or teasers, not articles
MIN_TEXT_WORDS = 8
# A trailing-section heading cuts the rest of the text only when at least this share of the text precedes it,
# or when everything after it is a list of short blocks (headlines, comment meta).
TAIL_MIN_SHARE = 0.5
TAIL_SHORT_BLOCK = 160
# A node that matches a boilerplate pattern is kept when it holds this much prose (in paragraphs of at least
# PROSE_BLOCK characters): then it wraps the article, whatever its class says.
PROSE_BLOCK = 120
PROSE_LIMIT = 600
# A table none of whose cells reaches this many characters is data, not text.
DATA_TABLE_CELL = 100

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_TITLE_META = (
    '//meta[@property="og:title"]/@content|//meta[@name="twitter:title"]/@content'
    '|//meta[@property="twitter:title"]/@content|//head/title//text()'
)
_WORD = re.compile(r"\w+")
_TITLE_SEPARATOR = re.compile(r"(\s+[|\-\u2013\u2014:\u00b7\u00bb/]+\s+|\s*\|\s*)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_EDGE_PUNCT = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
_ATTRS = ("class", "id", "role", "aria-label")
# trafilatura's settings, chosen on the extraction benchmark (benchmarks/extraction.py)
_TRAFILATURA_SETTINGS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,  # data tables are dropped beforehand (_remove_data_tables)
    "favor_precision": True,
}
# ... and, when those find less than FALLBACK_CHARS of text, a second try with recall-friendlier ones.
_TRAFILATURA_FALLBACK: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
}
FALLBACK_CHARS = 500
FALLBACK_GAIN = 1.0  # the second try wins when its text is this many times longer


@dataclass(frozen=True)
class _Rules:
    attr: re.Pattern[str]
    block: re.Pattern[str]
    tail: re.Pattern[str]
    trailing: re.Pattern[str]


@functools.cache
def _rules() -> _Rules:
    """The boilerplate rules of wirecoder/data/boilerplate.txt, compiled."""
    sections: dict[str, list[str]] = {"attr": [], "block": [], "tail": [], "trailing": []}
    current = None
    text = resources.files("wirecoder").joinpath("data", "boilerplate.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        if current not in sections:
            raise ValueError(f"boilerplate.txt: rule outside a known section: {line!r}")
        sections[current].append(line)

    def union(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    trailing = re.compile(f"(?:{'|'.join(sections['trailing'])})\\W*$", re.IGNORECASE)
    return _Rules(union(sections["attr"]), union(sections["block"]), union(sections["tail"]), trailing)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta charset or http-equiv content-type)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def extract_html(
    html: str | bytes,
    *,
    url: str | None = None,
    source: str | None = None,
    options: IngestOptions | None = None,
) -> Article:
    """Extract the article text and metadata of one HTML page.

    `url` is where the page came from (kept as the article's URL; without it the page's canonical URL is
    used), `source` names the input in error messages. Raises IngestError, and nothing else, when the page is
    binary, larger than `options.max_bytes`, unparseable, or has no article text.
    """
    options = options or IngestOptions()
    name = source or url or "<html>"
    html = _to_text(html, name, options.max_bytes)
    try:
        return _extract(html, url, source, name)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(name, "HTML nested too deeply to extract") from None
    except Exception as err:  # lxml, trafilatura and htmldate raise many kinds of errors on hostile markup
        raise IngestError(name, f"cannot extract HTML: {type(err).__name__}: {err}") from None


def _to_text(html: Any, name: str, max_bytes: int) -> str:
    too_big = f"HTML larger than the limit of {max_bytes} bytes"
    if isinstance(html, bytes | bytearray | memoryview):
        data = bytes(html)
        if len(data) > max_bytes:
            raise IngestError(name, too_big)
        try:
            return decode_bytes(data, declared_charset(data), prose=False)
        except UndecodableError as err:
            raise IngestError(name, str(err)) from None
        except Exception as err:
            raise IngestError(name, f"cannot decode HTML: {type(err).__name__}: {err}") from None
    if not isinstance(html, str):
        raise IngestError(name, f"expected HTML as str or bytes, not {type(html).__name__}")
    # A str's UTF-8 size is at least its length: only count bytes when the length alone does not decide.
    if len(html) > max_bytes or (len(html) * 4 > max_bytes and _utf8_size(html) > max_bytes):
        raise IngestError(name, too_big)
    return html


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _extract(html: str, url: str | None, source: str | None, name: str) -> Article:
    html = _SURROGATE.sub("\ufffd", html.replace("\x00", ""))
    if not html.strip():
        raise IngestError(name, NO_TEXT)
    tree = trafilatura.load_html(html)
    if tree is not None and too_deep(tree):  # the parser dropped what lies deeper: flatten and parse again
        tree = trafilatura.load_html(cap_nesting(html))
    if tree is None:
        raise IngestError(name, NO_TEXT)
    meta = trafilatura.extract_metadata(tree, default_url=url)
    page_url = url or meta.url
    cleaned = deepcopy(tree)
    _remove_boilerplate_nodes(cleaned)
    _remove_data_tables(cleaned)
    text = _main_text(cleaned, page_url, _TRAFILATURA_SETTINGS)
    if len(text) < FALLBACK_CHARS:
        second = _main_text(cleaned, page_url, _TRAFILATURA_FALLBACK)
        if len(second) > FALLBACK_GAIN * len(text):
            text = second
    if len(text) < MIN_TEXT_CHARS or len(_WORD.findall(text)) < MIN_TEXT_WORDS:
        raise IngestError(name, NO_TEXT)
    return Article(
        text=text,
        url=page_url,
        site=meta.sitename or meta.hostname,
        title=_headline(tree, meta.title, meta.sitename, page_url),
        author=meta.author,
        published=_publication_date(html, page_url),
        language=None,  # trafilatura only sets a language when asked to filter by one
        source=source,
    )


def _main_text(tree: HtmlElement, url: str | None, settings: dict[str, Any]) -> str:
    doc = trafilatura.bare_extraction(tree, url=url, **settings)
    return _clean_text(doc.text if doc is not None and doc.text else "")


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _publication_date(html: str, url: str | None) -> str | None:
    """htmldate's original (publication) date, extensive search. A 1 January date is usually a year-only
    guess (a copyright line): when the unrestricted search finds a full, different date, that one wins."""
    date = find_date(html, extensive_search=True, original_date=True, url=url)
    if date and date.endswith("-01-01"):
        other = find_date(html, extensive_search=True, original_date=False, url=url)
        if other and other != date:
            return other
    return date


def _headline(tree: HtmlElement, meta_title: str | None, sitename: str | None, url: str | None) -> str | None:
    """The first <h1> whose words mostly occur in the page's meta titles, else trafilatura's title without
    the site name ("Title | Site" -> "Title")."""
    meta_words = {w.casefold() for t in tree.xpath(_TITLE_META) for w in _WORD.findall(str(t))}
    site = _collapse(sitename).casefold()
    for h1 in tree.iter("h1"):
        text = _collapse(h1.text_content())
        words = {w.casefold() for w in _WORD.findall(text)}
        if not words or len(text) > 400 or text.casefold() == site:
            continue
        if len(words & meta_words) >= 0.5 * len(words):
            return text
    return _strip_site_name(_collapse(meta_title), sitename, url) or None


def _squash(text: str) -> str:
    return "".join(_WORD.findall(text.casefold()))


def _strip_site_name(title: str, sitename: str | None, url: str | None) -> str:
    parts = _TITLE_SEPARATOR.split(title)  # [segment, separator, segment, ...]
    if len(parts) < 3:
        return title
    try:
        host = _squash(urlsplit(url).hostname or "") if url else ""
    except ValueError:  # a malformed URL: no host to compare with
        host = ""
    site = _squash(sitename or "")

    def is_site(segment: str) -> bool:
        key = _squash(segment)
        return bool(key) and (key == site or (len(key) >= 3 and (key in host or (site and key in site))))

    if is_site(parts[-1]):
        parts = parts[:-2]
    elif is_site(parts[0]):
        parts = parts[2:]
    return "".join(parts).strip()


def _attr_tokens(element: HtmlElement) -> list[str]:
    tokens: list[str] = []
    for attr in _ATTRS:
        value = element.get(attr)
        if value:
            tokens.extend(value.split())
    return tokens


def _holds_article(element: HtmlElement) -> bool:
    """Whether a node marked as boilerplate actually wraps the article (a common template accident:
    `<div class="share">` around a whole post, a live ticker in `class="match-comments"`)."""
    if element.tag in _PROTECTED_TAGS:
        return True
    for _ in element.iterdescendants("article", "main", "h1"):
        return True
    prose = 0
    for p in element.iterdescendants("p"):
        size = len(_collapse(p.text_content()))
        if size >= PROSE_BLOCK:
            prose += size
            if prose >= PROSE_LIMIT:
                return True
    return any(True for _ in element.xpath('.//*[@itemprop="articleBody"]'))


def _remove_boilerplate_nodes(tree: HtmlElement) -> None:
    """Drop comment sections, share bars, related links, newsletter and cookie boxes (rules [attr])."""
    attr = _rules().attr
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        tokens = _attr_tokens(element)
        if tokens and any(attr.fullmatch(t) for t in tokens) and not _holds_article(element):
            doomed.append(element)
    for element in doomed:
        _drop(element)


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _remove_data_tables(tree: HtmlElement) -> None:
    """Drop data tables (specifications, nutrition facts, schedules: no cell holds prose); layout tables,
    whose cells hold the article's paragraphs, stay."""
    doomed = []
    for table in tree.iter("table"):
        if any(True for _ in table.iterdescendants("table")):
            continue
        cells = [len(_collapse(cell.text_content())) for cell in table.iter("td", "th")]
        if not cells or max(cells) < DATA_TABLE_CELL:
            doomed.append(table)
    for table in doomed:
        _drop(table)


def _block_key(block: str) -> str:
    """A block as the rules see it: list marker, edge punctuation and arrows dropped."""
    return _EDGE_PUNCT.sub("", block)


def _clean_text(raw: str) -> str:
    rules = _rules()
    blocks = [_collapse(line) for line in unicodedata.normalize("NFC", raw).split("\n")]
    blocks = [b for b in blocks if b]
    keys = [_block_key(b) for b in blocks]
    # trailing sections: comments, related links
    sizes = [len(b) for b in blocks]
    total = sum(sizes) or 1
    seen = 0
    for i, key in enumerate(keys):
        if i and key and rules.tail.fullmatch(key):
            rest = blocks[i + 1 :]
            if seen >= TAIL_MIN_SHARE * total or all(len(b) <= TAIL_SHORT_BLOCK for b in rest):
                blocks, keys = blocks[:i], keys[:i]
                break
        seen += sizes[i]
    kept = []
    for block, key in zip(blocks, keys, strict=True):
        if not key or rules.block.fullmatch(key) or rules.tail.fullmatch(key):
            continue
        block = rules.trailing.sub("", block).rstrip()
        if _block_key(block):
            kept.append(block)
    return "\n\n".join(kept)
