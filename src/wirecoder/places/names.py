"""Place-name keys: how a name is folded for lookup in the gazetteer index, and how well a name matched."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Name-match quality: a primary name beats our own alias, which beats a GeoNames alternate name.
Q_PRIMARY, Q_ALIAS, Q_ALTERNATE = 3, 2, 1

_PUNCT = re.compile(r"[\s\-‐‑–—/,_()]+")
_DROP = re.compile(r"[.'’`ʼ‘\"“”]")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The lookup key of a name: case, accents, dots, apostrophes and dashes folded; no leading 'the'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", text.lower())
    text = _PUNCT.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def is_latin(name: str) -> bool:
    """True for a name in Latin letters (accents allowed), with at least one letter."""
    folded = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or unicodedata.combining(ch) for ch in folded) and any(
        ch.isalpha() for ch in folded
    )


_SAINT = re.compile(r"^(saint|st|sainte|ste|mount|mt|fort|ft|port|pt) ")
_SAINT_SWAP = {"saint": "st", "st": "saint", "mount": "mt", "mt": "mount", "fort": "ft", "ft": "fort"}


def key_variants(key: str) -> list[str]:
    """'st louis' <-> 'saint louis', 'mt vernon' <-> 'mount vernon'."""
    match = _SAINT.match(key)
    if match and match.group(1) in _SAINT_SWAP:
        return [key, _SAINT_SWAP[match.group(1)] + key[match.end(1) :]]
    return [key]
