"""An event's score: the detector's raw score for its lead mention, and its calibration into the
share of such events that are right (data/events/calibration.tsv, fitted by
benchmarks/events_calibration.py)."""

from __future__ import annotations

from functools import lru_cache

from wirecoder.events.event import Event, Resolved
from wirecoder.resources import read_table


def raw_score(event: Event, lead: Resolved) -> float:
    """The detector's score for the event: its best mention's, a little more for each further mention
    of an event with an ACLED reading (an uncoded event told often must not outrank a coded one)."""
    score = lead.mention.score
    if lead.mention.acled_sub_event_type:
        score += 0.05 * min(len(event.parts) - 1, 4)
    if lead.status == "hypothetical":
        score -= 0.15
    return round(min(max(score, 0.01), 0.99), 3)


@lru_cache(maxsize=1)
def calibration_table() -> tuple[tuple[float, float], ...]:
    """(raw score, share right) points fitted on the dev sets by benchmarks/events_calibration.py."""
    return tuple((float(raw), float(right)) for raw, right in read_table("events/calibration.tsv"))


def calibrated(score: float, table: tuple[tuple[float, float], ...] | list | None = None) -> float:
    """The raw score mapped onto the share of such events that are right: linear between the fitted
    points, so a higher raw score never gets a lower confidence."""
    table = calibration_table() if table is None else table
    if not table:
        return score
    value = table[-1][1]
    if score <= table[0][0]:
        value = table[0][1]
    else:
        for (x0, y0), (x1, y1) in zip(table, table[1:], strict=False):
            if score <= x1:
                value = y0 + (y1 - y0) * (score - x0) / (x1 - x0) if x1 > x0 else y1
                break
    return round(min(max(value, 0.01), 0.99), 3)


def rank_incidents(events: list[Event], raws: list[float], main: Event) -> list[float]:
    """The incident an article is about, or that a text tells again and again, ranks first; incidents
    told for context rank lower (a snippet's one attack need not be what it is about)."""
    top = max((raw for e, raw in zip(events, raws, strict=True) if e is not main), default=0.0)
    return [
        round(min(max(raw, top + 0.01), 0.99), 3)
        if e is main
        else round(max(raw - 0.1, 0.01), 3)
        if e.context
        else raw
        for e, raw in zip(events, raws, strict=True)
    ]
