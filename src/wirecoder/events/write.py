"""An event written out as the Document's record: type, ACLED reading, parties, place, time, counts,
status, claims, evidence, confidence and its mentions."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from wirecoder.events.calibration import calibrated, raw_score
from wirecoder.events.event import Event, Resolved
from wirecoder.events.incident import LEAD_SENTENCES, time_precision
from wirecoder.events.incident import rules as incident_rules
from wirecoder.events.tally import combine_counts
from wirecoder.language.syntax import span_dict
from wirecoder.model import Document

STATUS_ORDER = ("asserted", "claimed", "denied", "planned", "hypothetical")


def is_article(doc: Doc) -> bool:
    """A whole article (a headline and paragraphs, or a lead and more), not a snippet of a few sentences."""
    return "\n\n" in doc.text.strip() or sum(1 for _ in doc.sents) > 2 * LEAD_SENTENCES


def lead_part(event: Event) -> Resolved:
    """The part that speaks for the event: one with an ACLED reading first, then the best score."""
    return max(event.parts, key=lambda p: (p.mention.acled_sub_event_type is not None, p.mention.score))


def write_event(
    document: Document, number: int, event: Event, raw: float | None = None, people: dict | None = None
) -> dict[str, Any]:
    """The event as the Document's record (see schema/document.schema.json)."""
    text = document.text
    parts = event.parts
    statuses = {p.status for p in parts}
    status = next(s for s in STATUS_ORDER if s in statuses)
    claimed_by = _unique(p.attribution["id"] for p in parts if p.attribution and p.status != "denied")
    denied_by = _unique(
        [p.attribution["id"] for p in parts if p.attribution and p.status == "denied"] + event.denied_by
    )
    lead = lead_part(event)
    mode = lead.mention.mode or next((p.mention.mode for p in parts if p.mention.mode), None)
    counts = combine_counts(text, [c for p in parts for c in p.mention.counts] + event.extra_counts, people)
    evidence = sorted(
        {p.mention.trigger for p in parts}
        | {(c.start, c.end) for p in parts for c in p.mention.counts}
        | {(c.start, c.end) for c in event.extra_counts}
        | set(event.references)
    )
    if raw is None:
        raw = raw_score(event, lead)
    time = None
    if event.time:
        time = {
            "value": event.time["value"],
            "time": event.time["time"],
            "precision": time_precision(event.time["value"]),
        }
    place = event.place or event.first("place")
    out: dict[str, Any] = {
        "id": f"e{number}",
        "type": event.type,
        "mode": mode,
        "acled_event_type": lead.mention.acled_event_type,
        "acled_sub_event_type": lead.mention.acled_sub_event_type,
        "actor": (event.actor or {}).get("id"),
        "recipient": (event.first("recipient") or {}).get("id"),
        "place": (place or {}).get("id"),
        "place_precision": event.place_precision if event.place is not None else _place_precision(place),
        "time": time,
        "counts": counts,
        "status": status,
        "claimed_by": claimed_by,
        "denied_by": denied_by,
        "evidence": [{"start": s, "end": e, "text": text[s:e]} for s, e in evidence],
        "confidence": calibrated(raw),
        "raw_score": raw,
        "mentions": [
            {
                "trigger": span_dict(text, *p.mention.trigger),
                "sentence": span_dict(text, *p.mention.sentence),
                "status": p.status,
                "attribution": p.attribution["id"] if p.attribution else None,
            }
            for p in parts
        ],
    }
    if event.inferred_actor is not None and event.first("actor") is None:
        out["actor_inferred"] = True
    if event.main or event.context:
        out["incident"] = "main" if event.main else "context"
    return out


def _place_precision(place: dict | None) -> int | None:

    return incident_rules().precision.get(place.get("kind") or "other", 3) if place else None


def _unique(items) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
