"""Times: every time expression in a text as a TIMEX3 type and value, resolved against the
publication date (see wirecoder.times.timex for the value conventions)."""

from __future__ import annotations

from wirecoder.times.extract import extract
from wirecoder.times.timex import Timex


def normalize_times(text: str, published: str | None = None, doc=None) -> list[dict]:
    """Time expressions of `text` as dicts (id, start, end, text, type, value, anchor, mod, ...).

    `published` is an ISO 8601 date or datetime; without it, relative expressions stay unresolved
    (XXXX-style values). `doc` (a spaCy Doc of the same text) is optional and only sharpens tense.
    """
    return [t.to_dict() for t in extract(text, published, doc)]


__all__ = ["Timex", "extract", "normalize_times"]
