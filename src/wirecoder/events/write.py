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
from wirecoder.model import (
    ActorRecord,
    AttributionRecord,
    Count,
    Document,
    EventMentionRecord,
    EventRecord,
    EventTime,
    PlaceRecord,
    Span,
)

STATUS_ORDER = ("asserted", "claimed", "denied", "planned", "hypothetical")


def is_article(doc: Doc) -> bool:
    """A whole article (a headline and paragraphs, or a lead and more), not a snippet of a few sentences."""
    return "\n\n" in doc.text.strip() or sum(1 for _ in doc.sents) > 2 * LEAD_SENTENCES


def lead_part(event: Event) -> Resolved:
    """The part that speaks for the event: one with an ACLED reading first, then the best score."""
    return max(event.parts, key=lambda p: (p.mention.acled_sub_event_type is not None, p.mention.score))


def write_event(
    document: Document, number: int, event: Event, raw: float | None = None, people: dict | None = None
) -> EventRecord:
    """The event as the Document's record (see schema/document.schema.json)."""
    text = document.text
    parts = event.parts
    statuses = {p.status for p in parts}
    status = next(s for s in STATUS_ORDER if s in statuses)
    claimed_by = _unique(p.attribution.id for p in parts if p.attribution and p.status != "denied")
    denied_by = _unique(
        [p.attribution.id for p in parts if p.attribution and p.status == "denied"] + event.denied_by
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
        time = EventTime(event.time["value"], event.time["time"], time_precision(event.time["value"]))
    place = event.place or event.first("place")
    recipient = event.first("recipient")
    out = EventRecord(
        id=f"e{number}",
        type=event.type,
        mode=mode,
        acled_event_type=lead.mention.acled_event_type,
        acled_sub_event_type=lead.mention.acled_sub_event_type,
        actor=_id_of(event.actor),
        recipient=_id_of(recipient),
        place=_id_of(place),
        place_precision=event.place_precision if event.place is not None else _place_precision(place),
        time=time,
        counts={name: _count_record(count) for name, count in counts.items()},
        status=status,
        claimed_by=claimed_by,
        denied_by=denied_by,
        evidence=[Span.of(text, s, e) for s, e in evidence],
        confidence=calibrated(raw),
        raw_score=raw,
        mentions=[
            EventMentionRecord(
                trigger=Span.of(text, *p.mention.trigger),
                sentence=Span.of(text, *p.mention.sentence),
                status=p.status,
                attribution=_id_of(p.attribution),
            )
            for p in parts
        ],
    )
    if event.inferred_actor is not None and event.first("actor") is None:
        out.actor_inferred = True
    if event.main or event.context:
        out.incident = "main" if event.main else "context"
    return out


def _id_of(record: ActorRecord | PlaceRecord | AttributionRecord | None) -> str | None:
    return record.id if record is not None else None


def _count_record(count: dict[str, Any] | None) -> Count | None:
    """A figure of combine_counts (a dict) as the output record."""
    if count is None:
        return None
    return Count(count["low"], count["best"], count["high"], Span(**count["evidence"]))


def _place_precision(place: PlaceRecord | None) -> int | None:
    return incident_rules().precision.get(place.kind or "other", 3) if place else None


def _unique(items) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
