"""Merging neighbouring time expressions: "10 p.m. Wednesday", "Tuesday, 10 a.m.", "Sunday, March 8"."""

from __future__ import annotations

import re

from wirecoder.times.timex import Timex

_JOIN = re.compile(r"[ \t]*,?[ \t]*(?:on[ \t]+)?$")


def merge(text: str, items: list[Timex]) -> list[Timex]:
    """Join a clock time and a day, or two names of one day, written next to each other."""
    out: list[Timex] = []
    for item in items:
        prev = out[-1] if out else None
        if prev is not None and item.start - prev.end <= 6 and _JOIN.match(text[prev.end : item.start]):
            gap = text[prev.end : item.start]
            joined = next((j for join in _JOINERS if (j := join(prev, item, gap)) is not None), None)
            if joined is not None:
                joined.text = text[joined.start : joined.end]
                joined.mod = prev.mod or item.mod
                out[-1] = joined
                continue
        out.append(item)
    return out


def _is_day(t: Timex) -> bool:
    """A resolved day (DATE or TIME of day grain) that is not a clock time."""
    return t.grain == "day" and t.type in ("DATE", "TIME") and "clock" not in t.extra


def _date_of(t: Timex) -> str:
    return t.value.split("T")[0]


def _joined(prev: Timex, item: Timex, typ: str, value: str, source: Timex) -> Timex:
    joined = Timex(prev.start, item.end, "", typ, value)
    joined.point, joined.grain, joined.anchor = source.point, "day", source.anchor
    return joined


def _clock_then_day(prev: Timex, item: Timex, gap: str) -> Timex | None:
    """'10 p.m. Wednesday'."""
    if "clock" in prev.extra and _is_day(item):
        return _joined(prev, item, "TIME", f"{_date_of(item)}T{prev.extra['clock']}", item)
    return None


def _day_then_clock(prev: Timex, item: Timex, gap: str) -> Timex | None:
    """'Tuesday, 10 a.m.' (not 'Tuesday on ...')."""
    if _is_day(prev) and "clock" in item.extra and "on" not in gap:
        return _joined(prev, item, "TIME", f"{_date_of(prev)}T{item.extra['clock']}", prev)
    return None


def _two_names_of_a_day(prev: Timex, item: Timex, gap: str) -> Timex | None:
    """'this coming Sunday, March 8': the explicit date wins where the two disagree."""
    if _is_day(prev) and _is_day(item) and _date_of(prev) != _date_of(item) and "," in gap:
        explicit = item if item.anchor is None or "-" in item.value[5:] else prev
        return _joined(prev, item, explicit.type, explicit.value, explicit)
    return None


def _one_day_twice(prev: Timex, item: Timex, gap: str) -> Timex | None:
    """'Sunday, May 28' naming the same day: one expression, the TIME if one is."""
    if _is_day(prev) and _is_day(item) and _date_of(prev) == _date_of(item):
        keep = item if item.type == "TIME" else prev
        return _joined(prev, item, keep.type, keep.value, keep)
    return None


# tried in order; the first that joins the two wins
_JOINERS = (_clock_then_day, _day_then_clock, _two_names_of_a_day, _one_day_twice)
