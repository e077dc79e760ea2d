"""The merged event record (schema/events.schema.json, "wirecoder/events/1") from its members.

Rules, per field, over the **independent sources** (a copy group counts once, represented by its
earliest document):

* categorical fields (mode, ACLED types, actor, recipient, status): the value most sources give;
  ties go to the more confident report;
* place: among the finest precision any source gives, the place most sources name;
* time: likewise, the finest precision first, then the day most sources give;
* counts: `low` is the lowest any source reports, `high` the highest (null when a source gives an
  open 'at least'), `best` the most recent independent report's best — tolls rise as the dead are
  counted, and a later report knows more (ties: the higher figure);
* confidence: 1 - prod(1 - c) over the sources' best mentions: independent reports reinforce;
* disputes: every field whose sources give different values, with the documents behind each value.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from wirecoder.corpus.merge import Member

SCHEMA = "wirecoder/events/1"
COUNT_FIELDS = ("killed", "injured")
# A dispute about where needs two different places of locality precision (Kyiv vs Kharkiv), not a
# city vs its region.
DISPUTED_PLACE_PRECISION = 1


@dataclass
class DocumentInfo:
    doc_id: str
    published: str | None
    site: str | None
    url: str | None
    source: int  # pk of the copy group's first document


def merged_record(event_id: str, members: list[Member], docs: dict[int, DocumentInfo]) -> dict[str, Any]:
    by_source: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        by_source[member.source].append(member)
    # each source speaks through its most confident mention
    voices = [
        max(group, key=lambda m: (m.features.get("confidence") or 0, -m.document))
        for group in by_source.values()
    ]
    voices.sort(key=lambda m: (docs[m.document].published or "", docs[m.document].doc_id))

    place = _finest(voices, "place", lambda p: p.get("precision") or 3, lambda p: p.get("name"))
    date = _finest(voices, "date", lambda d: _DATE_ORDER.get(d["precision"], 9), lambda d: d["first"])
    record = {
        "schema": SCHEMA,
        "id": event_id,
        "documents": sorted({docs[m.document].doc_id for m in members}),
        "type": members[0].features.get("type"),
        "mode": _vote(voices, lambda f: f.get("mode")),
        "acled_event_type": _vote(voices, lambda f: f.get("acled_event_type")),
        "acled_sub_event_type": _vote(voices, lambda f: f.get("acled_sub_event_type")),
        "actor": _vote_object(voices, "actor"),
        "recipient": _vote_object(voices, "recipient"),
        "place": place,
        "time": {
            "value": date["first"] if date["precision"] == "day" else _span_value(date),
            "precision": date["precision"],
        }
        if date
        else None,
        "counts": _counts(voices, docs),
        "status": _vote(voices, lambda f: f.get("status")),
        "confidence": _confidence(voices),
        "sources": len(by_source),
        "first_report": min(
            (docs[m.document].published for m in members if docs[m.document].published), default=None
        ),
        "last_report": max(
            (docs[m.document].published for m in members if docs[m.document].published), default=None
        ),
        "sites": sorted({docs[m.document].site for m in members if docs[m.document].site}),
        "claimed_by": _claims(members, docs, "claimed_by"),
        "denied_by": _claims(members, docs, "denied_by"),
        "disputes": _disputes(members, docs),
        "notes": max(voices, key=lambda m: m.features.get("confidence") or 0).features.get("sentence"),
        "mentions": [
            {
                "document": docs[m.document].doc_id,
                "event": m.event,
                "confidence": m.features.get("confidence"),
                "copy_of": docs[m.source].doc_id if m.source != m.document else None,
                "evidence": m.features.get("evidence") or [],
            }
            for m in sorted(members, key=lambda m: (docs[m.document].doc_id, m.event))
        ],
    }
    return record


_DATE_ORDER = {"day": 0, "week": 1, "month": 2}


def _span_value(date: dict[str, str]) -> str:
    return date["first"][:7] if date["precision"] == "month" else f"{date['first']}/{date['last']}"


def _vote(voices: list[Member], key) -> Any:
    counts: Counter = Counter()
    confidence: dict[Any, float] = {}
    for member in voices:
        value = key(member.features)
        if value is None:
            continue
        counts[value] += 1
        confidence[value] = max(confidence.get(value, 0.0), member.features.get("confidence") or 0.0)
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], confidence[v], str(v)))


def _vote_object(voices: list[Member], name: str) -> dict[str, Any] | None:
    chosen = _vote(voices, lambda f: (f.get(name) or {}).get("name"))
    if chosen is None:
        return None
    return next(m.features[name] for m in voices if (m.features.get(name) or {}).get("name") == chosen)


def _finest(voices: list[Member], name: str, precision, key) -> dict[str, Any] | None:
    values = [m.features[name] for m in voices if m.features.get(name)]
    if not values:
        return None
    finest = min(precision(v) for v in values)
    candidates = [v for v in values if precision(v) == finest]
    counts = Counter(key(v) for v in candidates)
    chosen = max(counts, key=lambda k: (counts[k], str(k)))
    return next(v for v in candidates if key(v) == chosen)


def _counts(voices: list[Member], docs: dict[int, DocumentInfo]) -> dict[str, Any]:
    names = sorted({n for m in voices for n in (m.features.get("counts") or {})} | set(COUNT_FIELDS))
    out: dict[str, Any] = {}
    for name in names:
        reports = [(m, (m.features.get("counts") or {}).get(name)) for m in voices]
        reports = [(m, c) for m, c in reports if c and c.get("best") is not None]
        if not reports:
            out[name] = None
            continue
        lows = [c["low"] if c.get("low") is not None else c["best"] for _, c in reports]
        highs = [c.get("high") for _, c in reports]
        latest = max(reports, key=lambda r: (docs[r[0].document].published or "", r[1]["best"]))
        out[name] = {
            "low": min(lows),
            "best": latest[1]["best"],
            "high": None if any(h is None for h in highs) else max(highs),
        }
    return out


def _confidence(voices: list[Member]) -> float:
    remaining = 1.0
    for member in voices:
        remaining *= 1.0 - min(0.999, max(0.0, member.features.get("confidence") or 0.0))
    return round(1.0 - remaining, 3)


def _claims(members: list[Member], docs: dict[int, DocumentInfo], role: str) -> list[dict[str, Any]]:
    return [
        {"document": docs[m.document].doc_id, **{k: c[k] for k in ("attribution", "speaker", "quote")}}
        for m in members
        for c in m.features.get("claims") or []
        if c.get("role") == role
    ]


def _disputes(members: list[Member], docs: dict[int, DocumentInfo]) -> list[dict[str, Any]]:
    """Fields on which documents disagree: [{field, values: [{value, documents}]}]."""
    readers = {
        "killed": lambda f: ((f.get("counts") or {}).get("killed") or {}).get("best"),
        "injured": lambda f: ((f.get("counts") or {}).get("injured") or {}).get("best"),
        "place": lambda f: (
            (f.get("place") or {}).get("name")
            if (f.get("place") or {}).get("precision") == DISPUTED_PLACE_PRECISION
            else None
        ),
        "date": lambda f: (
            (f.get("date") or {}).get("first") if (f.get("date") or {}).get("precision") == "day" else None
        ),
        "actor": lambda f: (f.get("actor") or {}).get("name"),
        "claim": lambda f: (
            "denied"
            if any(c.get("role") == "denied_by" for c in f.get("claims") or [])
            else ("claimed" if any(c.get("role") == "claimed_by" for c in f.get("claims") or []) else None)
        ),
    }
    disputes = []
    for name, read in readers.items():
        values: dict[Any, set[str]] = defaultdict(set)
        sources: dict[Any, set[int]] = defaultdict(set)
        for member in members:
            value = read(member.features)
            if value is not None:
                values[value].add(docs[member.document].doc_id)
                sources[value].add(member.source)
        # copies of one story cannot disagree with each other: only independent sources make a dispute
        if len(values) > 1 and len(set().union(*sources.values())) > 1:
            disputes.append(
                {
                    "field": name,
                    "values": [
                        {"value": v, "documents": sorted(values[v])}
                        for v in sorted(values, key=lambda v: (-len(values[v]), str(v)))
                    ],
                }
            )
    return disputes
