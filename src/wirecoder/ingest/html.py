"""HTML page -> Article: main text and metadata, boilerplate removed.

`extract_html` is the one entry point; every reader (files, JSONL, URLs, feeds, WARC) calls it.
The text's paragraphs (text blocks: paragraphs, headings, list items) are separated by "\\n\\n".
"""

from __future__ import annotations

import re

import trafilatura
from htmldate import find_date

from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.encoding import UndecodableError, decode_bytes
from wirecoder.model import Article

NO_TEXT = "no article text found in HTML"
MIN_TEXT_CHARS = 50

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


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

    Raises IngestError (and nothing else) when the page is binary, too big, unparseable or has no article text.
    """
    options = options or IngestOptions()
    name = source or url or "<html>"
    if isinstance(html, bytes):
        if len(html) > options.max_bytes:
            raise IngestError(name, f"HTML larger than the limit of {options.max_bytes} bytes")
        try:
            html = decode_bytes(html, declared_charset(html))
        except UndecodableError as err:
            raise IngestError(name, str(err)) from None
    elif not isinstance(html, str):
        raise IngestError(name, f"expected HTML as str or bytes, got {type(html).__name__}")
    elif len(html) > options.max_bytes or len(html.encode("utf-8", "surrogatepass")) > options.max_bytes:
        raise IngestError(name, f"HTML larger than the limit of {options.max_bytes} bytes")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": True, "original_date": True, "url": url},
        )
    except RecursionError:
        raise IngestError(name, "HTML nested too deeply") from None
    except Exception as err:  # lxml and trafilatura raise many kinds on hostile markup
        raise IngestError(name, f"cannot parse HTML: {type(err).__name__}: {err}") from None
    if doc is None or not doc.text:
        raise IngestError(name, NO_TEXT)
    lines = [line.strip() for line in doc.text.split("\n")]
    text = "\n\n".join(line for line in lines if line)
    if len(text) < MIN_TEXT_CHARS:
        raise IngestError(name, NO_TEXT)
    date = doc.date
    if not date:
        try:
            date = find_date(html, extensive_search=True, original_date=True, url=url)
        except Exception:
            date = None
    return Article(
        text=text,
        url=url or doc.url,
        site=doc.sitename or doc.hostname,
        title=doc.title,
        author=doc.author,
        published=date,
        language=doc.language,
        source=source,
    )
