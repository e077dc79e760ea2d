"""Chronology: 'A day after Russia bombarded Kyiv, the attack on Moscow occurred' dates either event
from the other; each event first takes the most precise date among its mentions' times."""

from __future__ import annotations

import datetime as dt
import re

from wirecoder.events.event import Event, iso_day
from wirecoder.model import Document
from wirecoder.times.lexicon import key, lexicon
from wirecoder.times.numbers import parse_number

_RELATIVE = re.compile(r"^(?P<num>.+?)\s+(?P<unit>[a-z]+?)s?\s+(?P<dir>after|before|later|earlier)$", re.I)


def date_events(document: Document, events: list[Event]) -> None:
    """Give each event its most precise date, then date events told relative to another ('a day after')."""
    for event in events:
        event.time = _event_time(event)
    for t in document.times:
        if t.anchor_start is None:
            continue
        offset = _offset_days(t.text)
        if offset is None:
            continue
        inner = [
            e for e in events if any(t.anchor_start <= p.mention.trigger[0] < t.anchor_end for p in e.parts)
        ]
        outer = [
            e
            for e in events
            if e not in inner
            and any(
                p.mention.sentence[0] <= t.start < p.mention.sentence[1]
                and not (t.anchor_start <= p.mention.trigger[0] < t.anchor_end)
                for p in e.parts
            )
        ]
        if len(inner) != 1 or not outer:
            continue
        before, after = inner[0], outer[0]  # 'A day after <before>, <after> occurred'
        b_day, a_day = iso_day((before.time or {}).get("value")), iso_day((after.time or {}).get("value"))
        if a_day and not b_day:
            before.time = {"value": _shift(a_day, -offset), "time": t.id, "relative_to": after}
        elif b_day and not a_day:
            after.time = {"value": _shift(b_day, offset), "time": t.id, "relative_to": before}


def _event_time(event: Event) -> dict | None:
    """The most precise date among the parts' times (a day beats a vague reference)."""
    times = [p.time for p in event.parts if p.time]
    if not times:
        return None
    best = max(times, key=lambda t: (bool(iso_day(t.value)), not t.value.endswith("_REF")))
    value = iso_day(best.value) or best.value
    return {"value": value, "time": best.id}


def _offset_days(text: str) -> int | None:
    """'A day after' -> 1, 'two weeks before' -> -14 (signed: where the outer event lies)."""
    match = _RELATIVE.match(text.strip())
    if not match:
        return None
    lex = lexicon()
    unit = lex.units.get(key(match["unit"]))
    count = parse_number(match["num"], lex)
    if unit is None or count is None or unit.grain not in ("day", "week"):
        return None
    days = int(count * unit.factor * (7 if unit.grain == "week" else 1))
    return days if match["dir"].lower() in ("after", "later") else -days


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()
