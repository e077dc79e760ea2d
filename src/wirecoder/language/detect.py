"""Language identification for the Document's `language` field.

Script first (Greek, Arabic, Hebrew, CJK, ...), then, within Latin and Cyrillic, the share of each
language's commonest function words (data/language_stopwords.tsv). Returns an ISO 639-1 code, or
None when the text is too short or no language stands out: an unknown language is reported as
unknown, not guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from wirecoder.resources import read_table

_WORD = re.compile(r"[^\W\d_]+")
# Scripts that (for news) mostly mean one language.
_SCRIPT_LANGUAGE = {
    "GREEK": "el",
    "HEBREW": "he",
    "ARABIC": "ar",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "DEVANAGARI": "hi",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "BENGALI": "bn",
    "TAMIL": "ta",
}
MIN_WORDS = 5
MIN_SHARE = 0.08


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    return {row[0]: frozenset(row[1].split()) for row in read_table("language_stopwords.tsv")}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def detect_language(text: str, sample: int = 20_000) -> str | None:
    words = _WORD.findall(text[:sample].lower())
    if len(words) < MIN_WORDS:
        return None
    scripts: dict[str, int] = {}
    for word in words[:400]:
        script = _script(word[0])
        scripts[script] = scripts.get(script, 0) + 1
    main = max(scripts, key=scripts.get)
    if main == "CJK" and ("HIRAGANA" in scripts or "KATAKANA" in scripts):
        return "ja"
    if main in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[main]
    if main not in ("LATIN", "CYRILLIC"):
        return None
    best, best_share = None, 0.0
    for language, stop in _stopwords().items():
        share = sum(1 for w in words if w in stop) / len(words)
        if share > best_share:
            best, best_share = language, share
    return best if best_share >= MIN_SHARE else None
