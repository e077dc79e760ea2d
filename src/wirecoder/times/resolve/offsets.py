"""Offsets and comparisons: "three days ago", "a year earlier", "two weeks from now", "a day after
<event>" (anchored on the event's clause), and the year-back periods of financial news ("year-ago",
"a year earlier" after a quarter)."""

from __future__ import annotations

import datetime as dt
import re

import wirecoder.times.calendar as cal
from wirecoder.times.lexicon import Unit, key
from wirecoder.times.numbers import duration_value, parse_number
from wirecoder.times.resolve.state import Resolver
from wirecoder.times.timex import Groups, Timex

_GRAIN_OF_UNIT = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}
_BACK = ("ago", "earlier", "before")
_FROM_NOW = ("ago", "from now", "hence")  # counted from the publication (moment)


def resolve_offset(
    r: Resolver, t: Timex, g: Groups, following: Timex | None = None, event_time: Timex | None = None
) -> Timex | None:
    """'three days ago', 'a year earlier', 'the day before', 'a week after <event or time>'.

    `following` is the time expression right after "before"/"after" (resolved first); `event_time`
    a day found inside the anchoring event clause ("after the vote on May 5").
    """
    unit = r.lex.units[key(g["unit"])]
    direction = key(g["dir"])
    num = g["num"]
    count = 1.0 if key(num) == "the" else parse_number(num, r.lex)
    if key(num) == "the" and key(g["unit"]) != unit.name:
        count = None  # "the days before the vote"
    if count is None:
        return _uncounted_offset(r, t, g, direction, following, event_time)
    if direction in ("earlier", "later") and unit.grain in ("second", "minute", "hour", "day", "week"):
        return _narrative_duration(r, t, g, count)
    return _moved_point(r, t, g, unit, direction, count, following, event_time)


def _uncounted_offset(
    r: Resolver, t: Timex, g: Groups, direction: str, following: Timex | None, event_time: Timex | None
) -> Timex:
    """An offset without a count: a vague length of time, or a vague point (PAST_REF)."""
    around_event = direction in ("before", "after") and event_time is None
    if key(g["num"]) != "the" and direction in ("before", "after", "earlier", "later"):
        # "several months before he took office", "a few days later": a vague length of time
        if around_event:
            event_anchor(r, t, following)
        return offset_duration(r, t, None, g)
    if direction in _BACK:
        t.value = "PAST_REF"
    elif direction in ("from now", "hence"):
        t.value = "FUTURE_REF"
    else:
        t.value = "XXXX-XX-XX"
    t.anchor = "published" if direction in _FROM_NOW else None
    if around_event:
        event_anchor(r, t, following)
    return t


def _narrative_duration(r: Resolver, t: Timex, g: Groups, count: float) -> Timex:
    """'three days later': TimeML reads a narrative offset as a duration."""
    t.type = "DURATION"
    t.value = duration_value(count, key(g["unit"]), r.lex)
    cut = re.search(r"\s+(?:or\s+so\s+)?(?:earlier|later)$", t.text, re.IGNORECASE)
    if cut:
        t.end = t.start + cut.start()
        t.text = t.text[: cut.start()]
    base_t = r.anaphor()
    t.anchor = base_t.id if base_t is not None else None
    return t


def _moved_point(
    r: Resolver,
    t: Timex,
    g: Groups,
    unit: Unit,
    direction: str,
    count: float,
    following: Timex | None,
    event_time: Timex | None,
) -> Timex | None:
    """The base the offset counts from (event, time talked about, publication), then the move."""
    grain = _GRAIN_OF_UNIT.get(unit.grain)
    if direction in ("before", "after"):
        base_t = event_time or event_anchor(r, t, following)
        if base_t is None and t.anchor_text is None:  # "the day before": the last time talked about
            base_t = r.anaphor()
            if base_t is not None:
                t.anchor = base_t.id
        base = base_t.point if base_t is not None and base_t.point is not None else None
        if base_t is None and t.anchor_text is not None and counted(g):
            # "twenty years after the first astronauts were chosen": TimeML marks the length
            # of time (DURATION P20Y); the event anchor stays recorded
            return offset_duration(r, t, count, g)
    elif direction == "earlier" and unit.grain == "year" and count == 1 and comparison(r, t) is not None:
        return comparison(r, t)
    elif direction in ("earlier", "later"):
        base_t = r.anaphor()
        base = base_t.point if base_t is not None else r.ref
        t.anchor = base_t.id if base_t is not None else "published"
        if base_t is not None and base_t.grain in ("quarter", "month") and unit.grain == "year":
            grain = base_t.grain
    else:
        base = r.ref
        t.anchor = "published"
        lq = quarter_context(r, t.start)
        if unit.grain == "year" and count == 1 and comparison(r, t, ago=True) is not None:
            return comparison(r, t, ago=True)
        if lq is not None and unit.grain == "year":
            base, grain, t.anchor = lq.point, "quarter", lq.id
    return _move(r, t, unit, direction, count * unit.factor, base, grain)


def _move(
    r: Resolver, t: Timex, unit: Unit, direction: str, n: float, base: dt.date | None, grain: str | None
) -> Timex:
    """`base` moved by n units back or ahead, written in `grain` (a clock offset from the moment of
    publication is a TIME)."""
    sign = -1 if direction in _BACK else 1
    months = {"M": 1, "Q": 3, "Y": 12}.get(unit.code)
    if unit.grain in ("hour", "minute", "second"):
        if r.ref_time is not None and direction in _FROM_NOW:
            moment = r.ref_time + dt.timedelta(**{unit.grain + "s": sign * n})
            t.type = "TIME"
            t.value = moment.strftime("%Y-%m-%dT%H:%M")
            return t
        grain, n = "day", 0
    if unit.grain == "weekend":
        grain = "week"
    if grain is None:
        grain = "year"
    if direction in ("earlier", "ago") and grain in ("quarter", "month", "year"):
        t.extra["back"] = True
    if base is None:
        t.value = cal.UNKNOWN[grain]
        return t
    if months is not None:
        moved = cal.add_months(base, int(round(sign * n * months)))
    elif unit.grain in ("week", "weekend"):
        moved = base + dt.timedelta(days=int(round(sign * n * 7)))
    else:
        moved = base + dt.timedelta(days=int(round(sign * n)))
    if months is not None and abs(n * months - round(n * months)) < 1e-9 and months < 12 and grain == "year":
        grain = "month"
    return r.point(t, grain, moved, t.anchor)


def counted(g: Groups) -> bool:
    """An offset with a real count or a modifier ("two days", "at least 30 days", "one year"), as
    opposed to the indefinite "a day after", which reads as the point right after the event."""
    return bool(g.get("amod")) or key(g["num"]) not in ("a", "an", "the")


def offset_duration(r: Resolver, t: Timex, count: float | None, g: Groups) -> Timex:
    """The length part of an offset as a DURATION; the direction word leaves the span."""
    t.type = "DURATION"
    t.value = duration_value(count, key(g["unit"]), r.lex)
    t.point = None
    t.grain = None
    cut = re.search(r"\s+(?:or\s+\w+\s+)?(?:earlier|later|before|after)$", t.text, re.IGNORECASE)
    if cut:
        t.end = t.start + cut.start()
        t.text = t.text[: cut.start()]
    return t


def year_back(r: Resolver, t: Timex) -> Timex:
    """'year-ago', 'the year-earlier': the period talked about, a year before (see comparison)."""
    base = r.anaphor()
    prev = r.previous
    if (
        prev is not None
        and r.ref is not None
        and prev.type == "DATE"
        and prev.grain == "year"
        and prev.point is not None
        and prev.point.year == r.ref.year - 1
        and t.start - prev.end < 300
    ):
        # "in the 1988 period. The year-ago results": already the period a year back
        t.extra["back"] = True
        return r.point(t, "year", prev.point, prev.id or prev.anchor)
    found = comparison(r, t)
    if found is not None:
        return found
    t.extra["back"] = True
    if base is not None and base.grain in ("quarter", "month", "year", "half", "day"):
        grain = base.grain if base.grain != "day" else "year"
        return r.point(t, grain, cal.shift("year", base.point, -1), base.id or "published")
    if r.ref is None:
        t.value = "XXXX"
        return t
    return r.point(t, "year", cal.shift("year", r.ref, -1), "published")


def comparison(r: Resolver, t: Timex, ago: bool = False) -> Timex | None:
    """'a year earlier', 'year-ago': a year before the time just talked about.

    Financial news compares a figure with the same period a year before: the period is the
    time expression right before (its granularity is kept); a comparison right after another
    comparison refers to the same earlier period. None when there is no such time nearby.
    """
    prev = r.previous
    if prev is None or t.start - prev.end > 300:
        return None
    if prev.extra.get("back") and prev.point is not None:
        t.extra["back"] = True
        return r.point(t, prev.grain, prev.point, prev.anchor)
    if prev.point is None or prev.type not in ("DATE", "TIME"):
        if ago or r.ref is None or prev.type != "DURATION":
            return None
        t.extra["back"] = True  # "the nine months ... a year earlier": the year before
        return r.point(t, "year", cal.shift("year", r.ref, -1), "published")
    grain = prev.grain if prev.grain != "weekend" else "week"
    if grain not in ("quarter", "month", "half", "day", "year") or (ago and grain not in ("quarter", "half")):
        return None
    if grain == "day" and prev.anchor == "published" and not re.search(r"\d", prev.text):
        return None  # "yesterday ... a year earlier": a year before publication
    t.extra["back"] = True
    return r.point(t, grain, cal.shift("year", prev.point, -1), prev.id or "published")


def quarter_context(r: Resolver, start: int) -> Timex | None:
    """The quarter talked about just before (same or previous sentence), for 'a year ago'."""
    lq = r.last_quarter
    if lq is None or start - lq.end > 1000:
        return None
    return lq


def event_anchor(r: Resolver, t: Timex, following: Timex | None) -> Timex | None:
    """After "before"/"after": a time expression (returned) or an event clause (recorded)."""
    text = r.text
    pos = t.end
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if following is not None and following.start <= pos + 1:
        t.anchor = following.id or None
        t.extra["anchor_timex"] = following
        return following
    stop = re.search(r"[,;:.!?()\[\]\n\"“”—–]| - ", text[pos : pos + 160])
    end = pos + (stop.start() if stop else min(160, len(text) - pos))
    while end > pos and text[end - 1] in " \t":
        end -= 1
    if end <= pos:
        return None
    t.anchor = None
    t.anchor_text = text[pos:end]
    t.anchor_start, t.anchor_end = pos, end
    t.extra["clause"] = (pos, end)
    return None
