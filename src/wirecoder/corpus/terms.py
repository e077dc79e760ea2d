"""The article's words as merge evidence: a TF-IDF vector of its lead, weighted incrementally.

Two reports of one incident name the same people, streets, venues and ages in their first
paragraphs; two reports of look-alike shootings in one city share the city and the vocabulary of a
shooting, which the weights make cheap. The vector of an article is made once, when it is stored:

* its lead (the first LEAD_CHARS characters) in lower-case words, without English stop words;
* each word weighted by (1 + log tf) * log((N + 1) / df), where N is the number of texts stored so
  far and df how many of them have the word (the store's `term_counts`, counted as texts arrive:
  incremental, no refit; an early text's weights are rougher, which the shuffle check measures);
* its VECTOR_TERMS heaviest words kept and normalised to unit length, so that the similarity of two
  articles is the dot product of their vectors (0 to 1), and the store keeps a bounded vector.

Its KEY_TERMS heaviest words go into the store's `document_terms`, the index by which the merge finds
the stored events of articles that share distinctive words, whatever their extracted date or place: a
new article looks up all the words of its vector there, so that two reports are found when one's key
word is anywhere among the other's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from functools import lru_cache

from sqlalchemy import bindparam, text

LEAD_CHARS = 1500
VECTOR_TERMS = 40
KEY_TERMS = 10
MAX_TERM_CHARS = 60
# The term_counts row that holds N, the number of texts counted (no word is empty).
TEXTS_ROW = ""
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_COUNTS = text("SELECT term, documents FROM term_counts WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)
_INCREMENT = text("UPDATE term_counts SET documents = documents + 1 WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)
_INSERT_COUNT = text("INSERT INTO term_counts (term, documents) VALUES (:term, 1)")
# Events in articles published near this one whose key words are among its words.
_EVENTS_SHARING_WORDS = text(
    "SELECT DISTINCT m.event_pk, e.type FROM document_terms t JOIN mentions m ON m.document_pk = t.document_pk "
    "JOIN events e ON e.pk = m.event_pk WHERE t.term IN :terms AND t.day BETWEEN :lo AND :hi "
    "ORDER BY m.event_pk DESC LIMIT :limit"
).bindparams(bindparam("terms", expanding=True))
_INSERT_KEY = text("INSERT INTO document_terms (term, document_pk, day) VALUES (:term, :document_pk, :day)")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def lead_terms(article_text: str) -> Counter[str]:
    """How often each content word occurs in the article's lead."""
    stop = _stop_words()
    words = _WORD.findall(article_text[:LEAD_CHARS].lower())
    return Counter(w for w in words if w not in stop and len(w) > 1 and len(w) <= MAX_TERM_CHARS)


def weigh(counts: Counter[str], df: dict[str, int], texts: int) -> dict[str, float]:
    """The unit-length TF-IDF vector of the VECTOR_TERMS heaviest words (see the module docstring)."""
    weights = {w: (1 + math.log(c)) * math.log((texts + 1) / max(1, df.get(w, 1))) for w, c in counts.items()}
    heaviest = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:VECTOR_TERMS]
    norm = math.sqrt(sum(x * x for _, x in heaviest))
    if not norm:
        return {}
    return {w: round(x / norm, 4) for w, x in heaviest}


def similarity(a: dict[str, float] | None, b: dict[str, float] | None) -> float | None:
    """Cosine of two article vectors; None when either article has none (no text to compare)."""
    if not a or not b:
        return None
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def key_terms(vector: dict[str, float]) -> list[str]:
    """The article's most distinctive words, by which other reports of its incident are found."""
    return sorted(vector, key=lambda w: (-vector[w], w))[:KEY_TERMS]


def count_and_weigh(conn, article_text: str) -> dict[str, float]:
    """Count the lead's words in the store (one more text) and return its vector, in one step."""
    counts = lead_terms(article_text)
    terms = sorted(counts) + [TEXTS_ROW]
    # this text counts itself: a word seen for the first time has df 1
    df = {row.term: row.documents + 1 for row in conn.execute(_COUNTS, {"terms": terms})}
    if df:
        conn.execute(_INCREMENT, {"terms": sorted(df)})
    new = [t for t in terms if t not in df]
    if new:
        conn.execute(_INSERT_COUNT, [{"term": t} for t in new])
    return weigh(counts, df, df.get(TEXTS_ROW, 1))


def index_key_terms(conn, document_pk: int, day: str | None, vector: dict[str, float]) -> None:
    """Store the article's key terms with its publication day (the text blocking's index)."""
    if day and vector:
        conn.execute(
            _INSERT_KEY, [{"term": t, "document_pk": document_pk, "day": day} for t in key_terms(vector)]
        )


def events_sharing_words(
    conn, vector: dict[str, float], day: str | None, window_days: int, limit: int
) -> dict[str, list[int]]:
    """By type, the stored events of articles published within `window_days` of `day` whose key
    words are among this article's words (the most recent `limit`): text blocking, which finds
    reports of one incident whatever place or date was extracted from them."""
    if not vector or not day:
        return {}
    published = dt.date.fromisoformat(day)
    params = {
        "terms": sorted(vector),
        "lo": (published - dt.timedelta(window_days)).isoformat(),
        "hi": (published + dt.timedelta(window_days)).isoformat(),
        "limit": limit,
    }
    found: dict[str, list[int]] = {}
    for row in conn.execute(_EVENTS_SHARING_WORDS, params):
        found.setdefault(row.type, []).append(row.event_pk)
    return found
