"""Expressions that are no point in time: durations ("three days"), sets ("every week") and vague
references ("recently")."""

from __future__ import annotations

import re

from wirecoder.times.lexicon import key
from wirecoder.times.numbers import duration_value, parse_number
from wirecoder.times.resolve.state import Resolver
from wirecoder.times.timex import Groups, Timex


def resolve_duration(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """'three days', 'two to three weeks', 'for years', 'decades-long', 'a year and a half'."""
    unit_key = key(g["unit"])
    if unit_key not in r.lex.units:
        return None
    t.type = "DURATION"
    text = key(t.text)
    if g.get("long"):
        t.value = duration_value(None, unit_key, r.lex)
        return t
    num = g.get("num")
    if num is None:
        singular = not re.search(r"(?:s|ia)$", text)
        t.value = duration_value(1.0 if singular else None, unit_key, r.lex)
        return t
    if g.get("num2"):
        first = parse_number(num, r.lex)
        t.value = duration_value(first, unit_key, r.lex)
        return t
    if _no_length_of_time(r, t, g, num, unit_key, text):
        return None
    count = parse_number(num, r.lex)
    if text == "one day" and _some_day(r, t):
        t.type, t.value = "DATE", "FUTURE_REF"  # "Islam will one day be ...": some day
        t.anchor = "published" if r.ref is not None else None
        return t
    if key(num) in ("a", "an", "one") and text.endswith("and a half"):
        count = 1.5
    if count is not None and count <= 0:
        return None
    t.value = duration_value(count, unit_key, r.lex)
    if count is None and key(num) in ("some", "many") and not g.get("rel"):
        if not unit_key.endswith("s") and unit_key not in ("centuries", "millennia"):
            return None  # "some day", "many a year": no length of time
    return t


# these read the words around the match, so they stay in code rather than in patterns.tsv
_SHARE_OF = re.compile(r"\s+of\s+(?:the|a|an|its|their|his|her|all|those|these)\b")
_LENGTH_BEFORE = re.compile(r"\b(?:for|in|within|of|over|than|about|only|just|a|the|every|each)\s+$", re.I)


def _no_length_of_time(r: Resolver, t: Timex, g: Groups, num: str, unit_key: str, text: str) -> bool:
    """A count and a unit word that are no duration: a share or an ordinal use."""
    if (
        unit_key.startswith("quarter")
        and _SHARE_OF.match(r.text[t.end : t.end + 12])
        and parse_number(num, r.lex) is not None
    ):
        return True  # "three-quarters of the votes" (but "several quarters of losses")
    if (
        key(num) in ("a", "an")
        and unit_key in ("second", "minute")
        and not g.get("amod")
        and "half" not in text
    ):
        return True  # "a second time"
    return False


def _some_day(r: Resolver, t: Timex) -> bool:
    """'one day' in a future clause and not after 'for', 'in' ...: some day, not a length of time."""
    if _LENGTH_BEFORE.search(r.text[max(0, t.start - 10) : t.start]):
        return False
    return r.tense(t.start, t.end) == "future"


def resolve_set(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """'every week', 'twice a year', 'daily', 'Sunday nights': a SET."""
    t.type = "SET"
    if g.get("setword"):
        t.value = r.lex.sets[key(g["setword"])]
        return t
    if g.get("weekday"):
        wd = r.lex.weekdays[key(g["weekday"])]
        pod = g.get("pod2")
        code = r.lex.parts_of_day.get(key(pod)) if pod else None
        t.value = f"XXXX-WXX-{wd}" + (f"T{code}" if code and ":" not in code else "")
        return t
    if g.get("month"):
        t.value = f"XXXX-{r.month_number(g['month']):02d}"
        return t
    if g.get("season"):
        t.value = f"XXXX-{r.lex.seasons[key(g['season'])]}"
        return t
    if g.get("pod"):
        code = r.lex.parts_of_day[key(g["pod"])]
        t.value = f"XXXX-XX-XXT{code}"
        return t
    unit_key = key(g["unit"])
    count = parse_number(g["num"], r.lex) if g.get("num") else 1.0
    if g.get("other"):
        count = 2.0
    if count is None:
        return None
    t.value = duration_value(count, unit_key, r.lex)
    return t


def resolve_vague(r: Resolver, t: Timex, g: Groups) -> Timex | None:
    """'now', 'recently', 'in the future': PRESENT_REF, PAST_REF, FUTURE_REF (vague.tsv)."""
    phrase = key(g["vague"])
    found = r.lex.vague.get(phrase) or r.lex.vague.get("the " + phrase)
    if found is None:
        return None
    t.type, t.value = found
    if t.value.endswith("_REF"):
        t.anchor = "published" if r.ref is not None else None
    return t
