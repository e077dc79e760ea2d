"""Absolute and calendar dates: ISO and numeric dates, month-day(-year), months, years, decades,
centuries and holidays."""

from __future__ import annotations

import datetime as dt
import re

import wirecoder.times.calendar as cal
from wirecoder.times.lexicon import key
from wirecoder.times.numbers import spelled_year
from wirecoder.times.resolve.state import Resolver, relation
from wirecoder.times.timex import Groups, Timex


def resolve_iso(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """2023-05-30, 2023-05-30T22:00."""
    year, month, day = int(g["year"]), int(g["month"]), int(g["day"])
    if g.get("hour"):
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
        t.type = "TIME"
        t.value = f"{year:04d}-{month:02d}-{day:02d}T{int(g['hour']):02d}:{g['minute']}"
        t.point, t.grain = dt.date(year, month, day), "day"
        return t
    return r.dated(t, year, month, day)


def resolve_numeric(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """05/30/2023, 30.05.23: day first when the numbers or the dot say so."""
    a, b = int(g["a"]), int(g["b"])
    year = r.year_number(g["year"])
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12:
        month, day = a, b
    elif g["sep"] == ".":
        day, month = a, b
    else:
        month, day = a, b
    return r.dated(t, year, month, day)


def resolve_mdy(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """May 30, 2023; the 30th of May; Tuesday, May 30 (the weekday picks the year)."""
    year = int(g["year"]) if g.get("year") else None
    weekday = r.lex.weekdays.get(key(g["weekday"]).rstrip(".")) if g.get("weekday") else None
    return r.dated(t, year, r.month_number(g["month"]), r.day_number(g["day"]), weekday)


def resolve_month(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """May 2023, last May, May of next year, nineteen ninety-four's months."""
    month = r.month_number(g["month"])
    rel, anaphoric = relation(g.get("rel"))
    if g.get("spelled"):
        year = spelled_year(g["spelled"], r.lex)
        return r.point(t, "month", dt.date(year, month, 1), None) if year else None
    if g.get("year"):
        return r.point(t, "month", dt.date(r.year_number(g["year"]), month, 1), None)
    if r.ref is None:
        t.value = f"XXXX-{month:02d}"
        return t
    ref = r.ref
    if g.get("yrel"):
        year = ref.year + r.lex.shifts[key(g["yrel"])]
        return r.point(t, "month", dt.date(year, month, 1), "published")
    if anaphoric and r.anaphor():
        ref = r.anaphor().point
    return r.point(t, "month", dt.date(_month_year(r, t, month, rel, ref), month, 1), "published")


def _month_year(r: Resolver, t: Timex, month: int, rel: str | None, ref: dt.date) -> int:
    """The year of a month named without one: by its relation word, else by the tense."""
    if rel in ("last", "past", "this past", "previous"):
        return ref.year if month < ref.month else ref.year - 1
    if rel in ("next", "coming", "this coming", "following"):
        return ref.year if month > ref.month else ref.year + 1
    if rel in ("this", "current", "same", "that"):
        return ref.year
    d = cal.pick_year(ref, lambda y: dt.date(y, month, 1), r.future_only(t))
    if month == ref.month or d is None:
        return ref.year
    return d.year


def resolve_year(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """2023, fiscal 2023, nineteen ninety-four (a bare number only in year range)."""
    if g.get("spelled"):
        year = spelled_year(g["spelled"], r.lex)
        if year is None:
            return None
    else:
        year = int(g["year"])
        if not g.get("fiscal") and not g.get("mod") and not g.get("mid"):
            if year < 1800 or (r.ref is not None and year > r.ref.year + 30):
                return None
    return r.point(t, "year", dt.date(year, 7, 1), None)


def resolve_decade(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """the 1990s, the '90s, the nineties (the latest such decade up to publication)."""
    if g.get("decade"):
        year = int(g["decade"])
    else:
        d = int(g["short"]) if g.get("short") else r.lex.decades[key(g["word"])]
        base = r.ref.year if r.ref else 1999
        year = base // 100 * 100 + d
        if year > base:
            year -= 100
    return r.point(t, "decade", dt.date(year, 1, 1), None)


def resolve_century(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """the 20th century, this century."""
    if g.get("ord"):
        k = key(g["ord"])
        n = r.lex.ordinals.get(k) or int(re.sub(r"\D", "", k) or 0)
        if not 0 < n <= 30:
            return None
        return r.point(t, "century", dt.date((n - 1) * 100 + 1, 1, 1), None)
    if r.ref is None:
        t.value = "XX"
        return t
    rel = key(g["rel"]).replace("the ", "")
    return r.point(t, "century", cal.shift("century", r.ref, r.lex.shifts.get(rel, 0)), "published")


def resolve_holiday(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """Christmas, last Thanksgiving, Labor Day 2023 (holidays.tsv)."""
    rule = r.lex.holidays[key(g["holiday"])]

    def make(y: int) -> dt.date:
        if ":" in rule:
            n, wd, month = (int(x) for x in rule.split(":"))
            return cal.nth_weekday(y, month, n, wd)
        month, day = (int(x) for x in rule.split("-"))
        return dt.date(y, month, day)

    if g.get("year"):
        return r.point(t, "day", make(int(g["year"])), None)
    if r.ref is None:
        t.value = "XXXX-XX-XX" if ":" in rule else f"XXXX-{rule}"
        return t
    rel, _ = relation(g.get("rel"))
    if rel in ("last", "past", "previous"):
        d = cal.pick_year(r.ref, make, "past", strict=True)
    elif rel in ("next", "coming", "this coming"):
        d = cal.pick_year(r.ref, make, "future", strict=True)
    elif rel == "this":
        d = make(r.ref.year)
    else:
        d = cal.pick_year(r.ref, make, r.tense(t.start, t.end))
    return r.point(t, "day", d, "published")
