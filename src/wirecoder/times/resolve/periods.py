"""Periods of a year: halves, quarters (and the comparison periods of financial news), "the year",
counted days of an event and seasons."""

from __future__ import annotations

import datetime as dt
import re

import wirecoder.times.calendar as cal
from wirecoder.times.lexicon import key
from wirecoder.times.numbers import spelled_year
from wirecoder.times.resolve.dates import resolve_decade
from wirecoder.times.resolve.state import Resolver, relation
from wirecoder.times.timex import Groups, Timex


def resolve_half(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """The first half (of 2023), the second half of the year, the last half of the '80s."""
    n = 1 if key(g["ord"]) in ("first", "early") else 2
    if g.get("decade") or g.get("short") or g.get("decword"):
        # "the last half of the '80s": the decade, its second half as the modifier
        decade = resolve_decade(
            r, t, {"decade": g.get("decade"), "short": g.get("short"), "word": g.get("decword")}
        )
        if decade is not None:
            decade.mod = "START" if n == 1 else "END"
        return decade
    year = None
    anchor = None
    if g.get("year") or g.get("yearq"):
        year = int(g.get("year") or g.get("yearq"))
    elif r.ref is not None:
        anchor = "published"
        if g.get("rel"):
            year = r.ref.year + r.lex.shifts[key(g["rel"])]
        elif r.last is not None and r.last.point is not None and r.last.grain == "year":
            year = r.last.point.year
        else:
            year = r.ref.year
    if year is None:
        t.value = f"XXXX-H{n}"
        return t
    return r.point(t, "half", dt.date(year, 1 if n == 1 else 7, 1), anchor)


def resolve_quarter(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """The third quarter, the latest quarter, the year-earlier quarter, the 1988 period."""
    text = key(t.text)
    rel = key(g["rel"]) if g.get("rel") else None
    ordinal = _quarter_number(r, g["ord"]) if g.get("ord") else None
    if ordinal == 0:
        return None
    is_period = text.endswith("period") or " period " in text
    year = None
    if g.get("yearq") or g.get("year"):
        year = int(g.get("yearq") or g.get("year"))
    if year is not None and ordinal is None:
        found = _quarter_of_year(r, t, year, is_period)
        if found is not None:
            return found
    back = any(w in text for w in r.lex.comparison_words)
    back = back or bool(g.get("poss") and key(g["poss"]) == "last" and ordinal is None)
    if is_period and not back and rel not in ("latest", "same") and "latest" not in text:
        return None
    if r.ref is None and year is None:
        t.value = f"XXXX-Q{ordinal}" if ordinal else "XXXX-QX"
        return t
    ref = r.ref or dt.date(year, 1, 1)
    base_quarter = r.last_quarter.point if r.last_quarter is not None else None
    if ordinal is not None:
        return _numbered_quarter(r, t, g, ordinal, year, rel, ref, back)
    if back:
        return _quarter_a_year_back(r, t, is_period, ref, base_quarter)
    return _related_quarter(r, t, g, text, rel, ref, base_quarter)


def _quarter_number(r: Resolver, word: str) -> int:
    """'third', '3rd' -> 3, 'last' -> 4; 0 for a number that is no quarter."""
    k = key(word)
    ordinal = r.lex.ordinals.get(k) or int(re.sub(r"\D", "", k) or 0)
    if ordinal == -1:
        ordinal = 4
    return ordinal if 1 <= ordinal <= 4 else 0


def _quarter_of_year(r: Resolver, t: Timex, year: int, is_period: bool) -> Timex | None:
    """'the 1988 quarter', 'the 1989 period' in a quarterly report: the quarter talked about, in that
    year; a period after "the first nine months" is the year. None when neither applies."""
    prev = r.previous
    lq = prev if prev is not None and prev.grain == "quarter" else r.last_quarter
    if lq is not None and lq.point is not None and (prev is None or prev.type != "DURATION"):
        month = (lq.point.month - 1) // 3 * 3 + 1
        if r.ref is not None and year < r.ref.year:
            t.extra["back"] = True  # a comparison period: not the quarter talked about
        return r.point(t, "quarter", dt.date(year, month, 1), None)
    if is_period:
        return r.point(t, "year", dt.date(year, 7, 1), None)
    return None


def _numbered_quarter(
    r: Resolver,
    t: Timex,
    g: Groups,
    ordinal: int,
    year: int | None,
    rel: str | None,
    ref: dt.date,
    back: bool,
) -> Timex:
    """'the third quarter (of 1990)', 'next year's first quarter', 'the year-earlier second quarter'."""
    anchor = "published" if year is None else None
    if year is None:
        if g.get("poss"):
            year = ref.year + r.lex.shifts[key(g["poss"])]
        elif rel in ("last", "previous", "past") and ordinal:
            year = ref.year - 1 if (ordinal - 1) * 3 + 1 >= ref.month else ref.year
        else:
            current_q = (ref.month - 1) // 3 + 1
            year = ref.year
            if ordinal > current_q and r.tense(t.start, t.end) != "future":
                year -= 1
    day = dt.date(year, (ordinal - 1) * 3 + 1, 1)
    if back:
        day = cal.shift("year", day, -1)
        t.extra["back"] = True
    return r.point(t, "quarter", day, anchor)


def _quarter_a_year_back(
    r: Resolver, t: Timex, is_period: bool, ref: dt.date, base_quarter: dt.date | None
) -> Timex:
    """'the year-earlier quarter': the quarter talked about (or the last completed one), a year back."""
    prev = r.previous
    if is_period and prev is not None and prev.type == "DURATION" and t.start - prev.end < 300:
        # "net for the nine months ... in the year-earlier period": the same length of time
        t.type, t.value = "DURATION", prev.value
        return t
    t.extra["back"] = True
    base = base_quarter or cal.shift("quarter", ref, -1)
    if is_period and r.last is not None and r.last.grain not in ("quarter", None):
        base = r.last.point
        return r.point(t, r.last.grain, cal.shift("year", base, -1), r.last.id or "published")
    return r.point(t, "quarter", cal.shift("year", base, -1), "published")


def _related_quarter(
    r: Resolver, t: Timex, g: Groups, text: str, rel: str | None, ref: dt.date, base_quarter: dt.date | None
) -> Timex:
    """'last year's quarter', 'the current quarter', 'next quarter', 'the quarter', 'the latest quarter'."""
    if g.get("poss"):
        base = cal.shift("year", base_quarter or cal.shift("quarter", ref, -1), r.lex.shifts[key(g["poss"])])
        return r.point(t, "quarter", base, "published")
    if rel in ("current",):
        return r.point(t, "quarter", ref, "published")
    if rel in ("last", "previous", "past"):
        return r.point(t, "quarter", cal.shift("quarter", ref, -1), "published")
    if rel in ("next", "coming"):
        return r.point(t, "quarter", cal.shift("quarter", ref, 1), "published")
    completed = cal.shift("quarter", ref, -1)
    base = base_quarter or completed
    if ("latest" in text or rel == "latest") and base > completed:
        base = completed
    return r.point(t, "quarter", base, "published")


def resolve_theyear(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """'the year ended Sept. 30' is a reporting period (DURATION P1Y); 'for the year', 'the full
    year' is the year talked about: the year just mentioned, or the publication year."""
    if g.get("ended"):
        t.type, t.value = "DURATION", "P1Y"
        return t
    last = r.last
    if (
        last is not None
        and last.grain == "year"
        and last.point is not None
        and last.start >= r.sentence(t.start, t.end)[0]
    ):
        return r.point(t, "year", last.point, last.id or last.anchor)
    if r.ref is None:
        t.value = "XXXX"
        return t
    return r.point(t, "year", r.ref, "published")


_IS_NOW = re.compile(r"\b(?:is|it's|it is|'s)\s+(?:now\s+)?(?:the\s+)?$", re.IGNORECASE)


def resolve_ordday(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """'the second day of an offensive': a day counted from an event; when the text says it is
    that day ("It's the second day of ..."), it is the publication day."""
    if r.ref is not None and _IS_NOW.search(r.text, max(0, t.start - 12), t.start):
        return r.point(t, "day", r.ref, "published")
    t.value = "XXXX-XX-XX"
    return t


def resolve_season(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """Spring, last summer, the fall of 1990 (a season code, 2023-SU)."""
    code = r.lex.seasons[key(g["season"])]
    if g.get("spelled"):
        year = spelled_year(g["spelled"], r.lex)
        if year is None:
            return None
        return r.point(t, "season", dt.date(year, cal.SEASON_START[code] % 12 or 12, 1), None, code)
    if g.get("year"):
        return r.point(t, "season", dt.date(int(g["year"]), cal.SEASON_START[code] % 12 or 12, 1), None, code)
    if r.ref is None:
        t.value = f"XXXX-{code}"
        return t
    rel, _ = relation(g.get("rel"))
    year = r.ref.year + _season_shift(r, t, code, rel, r.ref)
    return r.point(t, "season", dt.date(year, 6, 1), "published", code)


def _season_shift(r: Resolver, t: Timex, code: str, rel: str | None, ref: dt.date) -> int:
    """-1, 0 or 1 year from the publication date for a season named without a year."""
    current = cal.season_of(ref.month)
    start = cal.SEASON_START[code]
    if rel in ("last", "past", "this past", "previous"):
        return -1 if code == current or start > ref.month else 0
    if rel in ("next", "coming", "this coming", "following"):
        return 1 if code == current or start <= ref.month else 0
    if rel in ("this", "current"):
        return 0
    tense = r.tense(t.start, t.end)
    if tense == "future" and code != current and start <= ref.month:
        return 1
    if tense == "past" and code != current and start > ref.month:
        return -1
    return 0
