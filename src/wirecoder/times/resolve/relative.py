"""Days and units relative to the publication date or to the time talked about: weekdays, today and
yesterday, clock times, "last week", "the following month", weekends."""

from __future__ import annotations

import datetime as dt
import re

import wirecoder.times.calendar as cal
from wirecoder.times.lexicon import key
from wirecoder.times.numbers import parse_number
from wirecoder.times.resolve.offsets import year_back
from wirecoder.times.resolve.state import Resolver, relation
from wirecoder.times.timex import Groups, Timex

# relation word -> where the weekday lies from the reference (calendar.weekday_near); without one,
# the tense decides
_WEEKDAY_DIRECTION = {
    **dict.fromkeys(("last", "past", "this past", "previous", "preceding", "prior"), "past_strict"),
    **dict.fromkeys(("next", "coming", "this coming", "following"), "future_strict"),
    "this": "week",
    "same": "past",
    "that": "past",
}


def resolve_weekday(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """Tuesday, last Friday, Monday morning, Sunday nights (a SET)."""
    wd = r.lex.weekdays[key(g["weekday"])]
    rel, anaphoric = relation(g.get("rel") or g.get("rel2"))
    pod = g.get("pod")
    if g.get("plural") or (pod and key(pod).endswith("s") and not rel):
        t.type = "SET"
        code = r.lex.parts_of_day.get(key(pod)) if pod else None
        t.value = f"XXXX-WXX-{wd}" + (f"T{code}" if code and ":" not in code else "")
        return t
    if r.ref is None and not anaphoric:
        t.value = f"XXXX-WXX-{wd}"
        return r.part_of_day(t, pod, None, None) if pod else t
    ref, anchor = r.ref, "published"
    if anaphoric and r.anaphor() is not None:
        ref, anchor = r.anaphor().point, r.anaphor().id
    elif anaphoric and ref is None:
        t.value = f"XXXX-WXX-{wd}"
        return t
    direction = _WEEKDAY_DIRECTION.get(rel)
    if direction is None:
        direction = "future" if r.tense(t.start, t.end) == "future" else "past"
    day = cal.weekday_near(ref, wd, direction)
    r.point(t, "day", day, anchor)
    return r.part_of_day(t, pod, day, anchor)


_DEICTIC = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "overnight": -1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "this": 0,
    "last": -1,
}


def resolve_deictic(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """today, yesterday evening, tonight, last night, overnight, the morning."""
    if g.get("poss") and not g.get("pod") and t.text.endswith(g["poss"]):
        # "today's editions": the day is annotated, the possessive ending is not
        t.end -= len(g["poss"])
        t.text = t.text[: -len(g["poss"])]
    word = key(g.get("deictic") or g.get("rel") or "")
    pod = g.get("pod") or g.get("pod_pre")
    if word in ("tonight", "overnight"):
        pod = pod or "night"
    if word == "last" and pod and key(pod) not in ("night", "evening"):
        word = "yesterday"  # "last morning" is rare; "last night" is the night before
    if not word:  # "the morning", "early morning": the day last talked about
        base = r.anaphor()
        if base is not None and base.grain == "day":
            day, anchor = base.point, base.id
        elif r.ref is not None:
            day, anchor = r.ref, "published"
        else:
            day, anchor = None, None
        r.point(t, "day", day, anchor)
        return r.part_of_day(t, pod, day, anchor)
    offset = _DEICTIC.get(word)
    if offset is None:
        return None
    if word == "last" and pod and key(pod) == "night":
        offset = -1
    day = r.ref + dt.timedelta(days=offset) if r.ref is not None else None
    base = r.anaphor() if word == "overnight" else None
    if base is not None and base.grain == "day" and base.type == "DATE" and t.start - base.end < 300:
        # "Friday ... overnight losses in New York": the night before the day talked about
        r.point(t, "day", base.point - dt.timedelta(days=1), base.id)
        return r.part_of_day(t, pod, t.point, base.id)
    r.point(t, "day", day, "published")
    if day is None:
        t.value = "XXXX-XX-XX"
    if pod:
        return r.part_of_day(t, pod, day, "published")
    return t


def resolve_clock(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """10 p.m., 22:15 GMT, nine o'clock, noon: on the day talked about, or of publication."""
    if g.get("fixed"):
        hhmm = r.lex.parts_of_day[key(g["fixed"])]
    else:
        hour_text = key(g["hour"])
        hour = int(hour_text) if hour_text.isdigit() else int(parse_number(hour_text, r.lex) or 0)
        minute = int(g["minute"]) if g.get("minute") else 0
        ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        pod = key(g["pod"]) if g.get("pod") else ""
        if ampm.startswith("p") or pod in ("afternoon", "evening"):
            if hour < 12:
                hour += 12
        elif (ampm.startswith("a") or pod == "morning") and hour == 12:
            hour = 0
        if hour > 24 or minute > 59:
            return None
        if not ampm and not pod and not g.get("minute"):
            return None
        hhmm = f"{hour:02d}:{minute:02d}"
    t.type = "TIME"
    base = r.anaphor()
    if base is not None and base.grain == "day" and t.start - base.end < 400:
        day, anchor = base.point, base.id
    else:
        day, anchor = r.ref, "published"
    date = day.isoformat() if day is not None else "XXXX-XX-XX"
    t.value = f"{date}T{hhmm}"
    t.point, t.grain, t.anchor = day, "day", anchor if day is not None else None
    t.extra["clock"] = hhmm
    return t


def resolve_relunit(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """last week, the following month, that same day, the next morning, year-ago, the year-end."""
    text = key(t.text)
    unit = key(g.get("unit") or "")
    rel_text = g.get("rel") or ""
    if key(rel_text) in r.lex.year_back_words:
        return year_back(r, t)
    if g.get("yearend"):
        return _year_end(r, t, rel_text)
    rel, anaphoric = relation(rel_text) if rel_text else ("this", False)
    if (
        rel_text
        and re.match(r"(?:the|that)\s+" + re.escape(key(rel_text)), text)
        and not key(rel_text).startswith("the")
    ):
        rel, anaphoric = relation("the " + key(rel_text))
    if unit == "fiscal year":
        unit = "year"
    if unit in ("morning", "afternoon", "evening", "night"):
        return _part_of_a_day(r, t, unit, rel, anaphoric)
    if unit == "time":
        return None
    if unit == "weekend":
        return weekend(r, t, rel)
    grain = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}.get(unit)
    if grain is None:
        return None
    return _unit_period(r, t, grain, rel, anaphoric, text)


def _year_end(r: Resolver, t: Timex, rel_text: str) -> Timex:
    """'the year-end', 'by the end of the year', 'last year's end': the year, mod END."""
    t.mod = "END"
    if r.ref is None:
        t.value = "XXXX"
        return t
    return r.point(t, "year", cal.shift("year", r.ref, r.lex.shifts.get(key(rel_text), 0)), "published")


def _part_of_a_day(r: Resolver, t: Timex, unit: str, rel: str | None, anaphoric: bool) -> Timex:
    """'the next morning', 'that evening': a part of the day talked about (or of publication)."""
    base = r.anaphor() if anaphoric else None
    day = base.point if base is not None and base.grain == "day" else r.ref
    if day is not None:
        day = day + dt.timedelta(days=r.lex.shifts.get(rel, 0))
    r.point(t, "day", day, base.id if base is not None and base.grain == "day" else "published")
    return r.part_of_day(t, unit, day, None)


def _unit_period(r: Resolver, t: Timex, grain: str, rel: str | None, anaphoric: bool, text: str) -> Timex:
    """'last week', 'the following month', 'that same day', 'the past decade'."""
    n = r.lex.shifts.get(rel, 0)
    if anaphoric and r.anaphor() is not None:
        base = r.anaphor()
        result = r.point(t, grain, cal.shift(grain, base.point, n), base.id)
        if grain == "day" and n == 0 and base.grain in ("month", "year"):
            # "last October ... that same day": the day is not known, only its month
            result.value = base.value + ("-XX" if base.grain == "month" else "-XX-XX")
        return result
    if r.ref is None:
        t.value = cal.UNKNOWN[grain]
        return t
    if grain == "day" and "the day" in text:  # "late in the day"
        return r.point(t, "day", r.ref, "published")
    if grain == "decade" and rel == "past":
        # "the past decade": the ten years up to now ("the last decade" is the previous one)
        t.type = "DURATION"
        t.value = "P10Y"
        return t
    return r.point(t, grain, cal.shift(grain, r.ref, n), "published")


def resolve_weekend(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """'the weekend' on its own: the coming one in a future clause, else the last one (no relation
    word, unlike 'this weekend', which is the one of the publication week)."""
    return weekend(r, t, None)


def weekend(r: Resolver, t: Timex, rel: str | None) -> Timex:
    """The weekend of a relation word (None: by the tense), as 2023-W22-WE."""
    if r.ref is None:
        t.value = "XXXX-WXX-WE"
        return t
    ref = r.ref
    wd = ref.isoweekday()
    if rel in ("last", "past", "previous", "this past"):
        day = ref - dt.timedelta(days=7) if wd >= 6 else cal.weekday_near(ref, 6, "past")
    elif rel in ("next", "coming", "this coming", "following"):
        day = cal.weekday_near(ref, 6, "future_strict") if wd < 6 else ref + dt.timedelta(days=7)
    elif rel == "this" or wd >= 6:
        day = cal.weekday_near(ref, 6, "week")
    elif r.tense(t.start, t.end) == "future":
        day = cal.weekday_near(ref, 6, "week")
    else:
        day = cal.weekday_near(ref, 6, "past")
    return r.point(t, "weekend", day, "published")
