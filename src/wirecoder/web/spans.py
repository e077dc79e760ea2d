"""An article's text cut into segments for the article page: each segment is a run of text covered by
the same spans, with the layers that cover it (entities, actors, places, times, attributions, events),
the hover text of each covering span, and the anchors of the events whose evidence starts there.

The template escapes every text and hover value; nothing here builds markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

LAYERS = ("entities", "actors", "places", "times", "attributions", "events")


@dataclass
class Span:
    start: int
    end: int
    layer: str
    hover: str
    css: str = ""  # extra class (attribution part, event id)


@dataclass
class Segment:
    text: str
    layers: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    hover: str = ""
    anchors: list[str] = field(default_factory=list)


def safe_class(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(value))[:60]


def _join(*parts: Any) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def document_spans(doc: dict[str, Any]) -> list[Span]:
    spans: list[Span] = []
    actors = {a.get("id"): a for a in doc.get("actors") or []}
    places = {p.get("id"): p for p in doc.get("places") or []}
    times = {t.get("id"): t for t in doc.get("times") or []}

    def add(span: Any, layer: str, hover: str, css: str = "") -> None:
        if isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
            spans.append(Span(span["start"], span["end"], layer, hover, css))

    for entity in doc.get("entities") or []:
        add(entity, "entities", _join("entity", entity.get("label")))
    for actor in actors.values():
        hover = _join(
            "actor: " + str(actor.get("name")), actor.get("kind"), actor.get("country"), actor.get("sector"), actor.get("role")
        )
        for mention in actor.get("mentions") or []:
            add(mention, "actors", hover)
    for place in places.values():
        where = f"{place['lat']:.4f}, {place['lon']:.4f}" if place.get("lat") is not None and place.get("lon") is not None else None
        for mention in place.get("mentions") or []:
            add(mention, "places", _join("place: " + str(place.get("name")), where, place.get("country"), place.get("kind"),
                                         mention.get("sense") and f"sense {mention.get('sense')}"))  # fmt: skip
    for time in times.values():
        add(time, "times", _join("time: " + str(time.get("value")), time.get("type"), time.get("anchor") and f"anchor {time.get('anchor')}"))
    for attribution in doc.get("attributions") or []:
        speaker = (attribution.get("speaker") or {}).get("text")
        actor = actors.get(attribution.get("speaker_actor"))
        who = _join(speaker, actor and actor.get("name") != speaker and actor.get("name"))
        cue = (attribution.get("cue") or {}).get("text")
        content = (attribution.get("content") or {}).get("text")
        hover = _join(f"attribution {attribution.get('id')}: speaker {who}", cue and f"cue “{cue}”",
                      attribution.get("stance"), content and f"content “{content[:200]}”")  # fmt: skip
        for part in ("speaker", "cue", "content"):
            add(attribution.get(part), "attributions", hover, f"at-{part}")
    for event in doc.get("events") or []:
        actor = actors.get(event.get("actor")) or {}
        recipient = actors.get(event.get("recipient")) or {}
        place = places.get(event.get("place")) or {}
        time = event.get("time") or {}
        counts = event.get("counts") or {}
        killed = (counts.get("killed") or {}).get("best")
        injured = (counts.get("injured") or {}).get("best")
        hover = _join(
            f"event {event.get('id')}: {event.get('type')}",
            event.get("mode"),
            event.get("acled_sub_event_type"),
            actor.get("name") and f"actor {actor.get('name')}",
            recipient.get("name") and f"recipient {recipient.get('name')}",
            place.get("name") and f"place {place.get('name')}",
            time.get("value") and f"time {time.get('value')}",
            killed is not None and f"killed {killed}",
            injured is not None and f"injured {injured}",
            event.get("status"),
        )
        css = "ev-" + safe_class(event.get("id"))
        triggers = [m.get("trigger") for m in event.get("mentions") or []]
        seen = set()
        for span in [*triggers, *(event.get("evidence") or [])]:
            if isinstance(span, dict) and (span.get("start"), span.get("end")) not in seen:
                seen.add((span.get("start"), span.get("end")))
                add(span, "events", hover, css)
    return spans


def event_anchors(doc: dict[str, Any]) -> dict[int, list[str]]:
    """Offset -> anchor ids: "event-e1" where each event's first evidence starts, "attribution-at1" where
    each attribution starts."""
    anchors: dict[int, list[str]] = {}
    for event in doc.get("events") or []:
        starts = [s.get("start") for s in event.get("evidence") or [] if isinstance(s.get("start"), int)]
        starts += [(m.get("trigger") or {}).get("start") for m in event.get("mentions") or []]
        starts = [s for s in starts if isinstance(s, int)]
        if starts:
            anchors.setdefault(min(starts), []).append("event-" + safe_class(event.get("id")))
    for attribution in doc.get("attributions") or []:
        starts = [(attribution.get(p) or {}).get("start") for p in ("speaker", "cue", "content")]
        starts = [s for s in starts if isinstance(s, int)]
        if starts:
            anchors.setdefault(min(starts), []).append("attribution-" + safe_class(attribution.get("id")))
    return anchors


def segments(doc: dict[str, Any]) -> list[Segment]:
    text = doc.get("text") or ""
    size = len(text)
    spans = [s for s in document_spans(doc) if 0 <= s.start < s.end <= size]
    anchors = {k: v for k, v in event_anchors(doc).items() if 0 <= k <= size}
    cuts = sorted({0, size, *(s.start for s in spans), *(s.end for s in spans), *anchors})
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    active: list[Span] = []
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [s for s in active if s.end > a] + starting.get(a, [])
        layers = sorted({s.layer for s in active}, key=LAYERS.index)
        classes = [f"l-{layer}" for layer in layers] + sorted({s.css for s in active if s.css})
        hover = "\n".join(dict.fromkeys(s.hover for s in sorted(active, key=lambda s: LAYERS.index(s.layer))))
        out.append(Segment(text[a:b], layers, classes, hover, anchors.get(a, [])))
    if size in anchors and anchors[size]:
        out.append(Segment("", anchors=anchors[size]))
    return out
