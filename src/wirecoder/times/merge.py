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
            clock_prev, clock_item = "clock" in prev.extra, "clock" in item.extra
            day_prev = prev.grain == "day" and prev.type in ("DATE", "TIME") and not clock_prev
            day_item = item.grain == "day" and item.type in ("DATE", "TIME") and not clock_item
            joined = None
            if clock_prev and day_item:
                date = item.value.split("T")[0]
                joined = Timex(prev.start, item.end, "", "TIME", f"{date}T{prev.extra['clock']}")
                joined.point, joined.grain, joined.anchor = item.point, "day", item.anchor
            elif day_prev and clock_item and "on" not in gap:
                date = prev.value.split("T")[0]
                joined = Timex(prev.start, item.end, "", "TIME", f"{date}T{item.extra['clock']}")
                joined.point, joined.grain, joined.anchor = prev.point, "day", prev.anchor
            elif (
                day_prev and day_item and prev.value.split("T")[0] != item.value.split("T")[0] and "," in gap
            ):
                # "this coming Sunday, March 8": the explicit date wins
                explicit = item if item.anchor is None or "-" in item.value[5:] else prev
                joined = Timex(prev.start, item.end, "", explicit.type, explicit.value)
                joined.point, joined.grain, joined.anchor = explicit.point, "day", explicit.anchor
            elif day_prev and day_item and prev.value.split("T")[0] == item.value.split("T")[0]:
                keep = item if item.type == "TIME" else prev
                joined = Timex(prev.start, item.end, "", keep.type, keep.value)
                joined.point, joined.grain, joined.anchor = keep.point, "day", keep.anchor
            if joined is not None:
                joined.text = text[joined.start : joined.end]
                joined.mod = prev.mod or item.mod
                out[-1] = joined
                continue
        out.append(item)
    return out
