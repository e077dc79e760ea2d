"""Geocoding given spans: `geocode(text, spans)` and the JSONL form behind `wirecoder geocode`.

Input line: {"id": ..., "text": ..., "spans": [[start, end], ...]} (Python str offsets, end exclusive).
Output line: {"id": ..., "places": [place or null, one per span, in order]} where a place is
{"start", "end", "text", "name", "geonames_id", "lat", "lon", "country", "admin1", "kind", "confidence"}.
A span whose name has no good gazetteer candidate gives null.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wirecoder.places.gazetteer import Gazetteer, load_gazetteer
from wirecoder.places.resolve import Resolved, Resolver


@lru_cache(maxsize=4)
def _resolver(gazetteer: Gazetteer) -> Resolver:
    return Resolver(gazetteer)


def get_resolver(gazetteer: Gazetteer | None = None) -> Resolver:
    """The resolver over `gazetteer` (default: the cached index), made once per gazetteer."""
    return _resolver(gazetteer or load_gazetteer())


def resolve_spans(text: str, spans: Iterable[tuple[int, int]], gazetteer: Gazetteer | None = None):
    """One Resolved (or None) per span; spans outside the text or empty resolve to None."""
    spans = [(int(s), int(e)) for s, e in spans]
    valid = [(k, (s, e)) for k, (s, e) in enumerate(spans) if 0 <= s < e <= len(text) and text[s:e].strip()]
    out: list[Resolved | None] = [None] * len(spans)
    if valid:
        results = get_resolver(gazetteer).resolve(text, [span for _k, span in valid])
        for (k, _span), result in zip(valid, results, strict=True):
            out[k] = result
    return out


def geocode(
    text: str, spans: Iterable[tuple[int, int]], gazetteer: Gazetteer | None = None
) -> list[dict[str, Any] | None]:
    """One place dict (or None) per span, using the whole text as context."""
    spans = [tuple(span) for span in spans]
    out: list[dict[str, Any] | None] = []
    for (s, e), result in zip(spans, resolve_spans(text, spans, gazetteer), strict=True):
        if result is None or result.lat is None:
            out.append(None)  # no good candidate, or a name that is no place ('the West')
        else:
            out.append({"start": s, "end": e, "text": text[s:e], **result.to_dict()})
    return out


@dataclass
class GeocodeError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def parse_request(line: str) -> tuple[Any, str, list[tuple[int, int]]]:
    """(id, text, spans) from one input line; ValueError with a short reason when it is malformed."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"not JSON ({err.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    spans = record.get("spans")
    if not isinstance(spans, list):
        raise ValueError("'spans' must be a list of [start, end] pairs")
    pairs = []
    for span in spans:
        if (
            not isinstance(span, list | tuple)
            or len(span) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in span)
        ):
            raise ValueError(f"bad span {json.dumps(span)[:40]}: expected [start, end] integers")
        if not 0 <= span[0] <= span[1] <= len(text):
            raise ValueError(f"span {span} is outside the text (length {len(text)})")
        pairs.append((span[0], span[1]))
    return record.get("id"), text, pairs


def geocode_lines(lines: Iterable[str]) -> Iterator[dict[str, Any] | GeocodeError]:
    """One result per non-blank input line: the output record, or a GeocodeError naming the line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record_id, text, spans = parse_request(line)
        except ValueError as err:
            yield GeocodeError(number, str(err))
            continue
        yield {"id": record_id, "places": geocode(text, spans)}
