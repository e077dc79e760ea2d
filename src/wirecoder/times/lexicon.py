"""The times lexicon: word lists and patterns from wirecoder/data/times, compiled once.

Every word list lives in a data file; this module turns them into lookup tables and into the regex
fragments that patterns.tsv refers to as {NAME}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wirecoder.language.alternation import alternation
from wirecoder.resources import data_path, read_table
from wirecoder.times.scan import Scanner


@dataclass(frozen=True)
class Unit:
    name: str
    code: str  # duration letter; "T"-prefixed for clock units (TH -> PT3H)
    factor: int  # counts are multiplied by this (a quarter is 3 months)
    vague: str  # value letters for an unknown count (PXY)
    grain: str  # calendar granularity for "N units ago"


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    scanner: Scanner  # regex.finditer, tried only where a match can begin

    @classmethod
    def compile(cls, name: str, pattern: str) -> Rule:
        regex = re.compile(pattern, re.IGNORECASE)
        return cls(name, regex, Scanner(regex))


@dataclass(frozen=True)
class Lexicon:
    numbers: dict[str, str]
    ordinals: dict[str, int]
    months: dict[str, int]
    weekdays: dict[str, int]
    units: dict[str, Unit]
    parts_of_day: dict[str, str]
    seasons: dict[str, str]
    holidays: dict[str, str]
    vague: dict[str, tuple[str, str]]
    sets: dict[str, str]
    modifiers: dict[str, str]
    tense_verbs: dict[str, frozenset[str]]  # lemma -> classes (plan, deadline, invariant)
    future: re.Pattern
    rules: tuple[Rule, ...]


def _table(name: str) -> list[list[str]]:
    return list(read_table(f"times/{name}"))


def _alt(words, suffix: str = "") -> str:
    """A regex alternation of phrases, longest first; spaces match any whitespace. Written as a prefix
    tree (language/alternation.py): the patterns are matched case-insensitively, so 'M' and 'm' are
    one branch."""
    words = [w for w in words if w]
    if any(ch.isspace() and ch != " " for w in words for ch in w):
        parts = sorted(set(words), key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") + suffix for w in parts) + ")"
    return alternation(words, _unit, suffix)


def _unit(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch.lower() if ch.isascii() else ch)


def key(text: str) -> str:
    """A lookup key: lower case, single spaces, no trailing dot."""
    return " ".join(text.lower().replace("’", "'").split()).rstrip(".")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    numbers = {w: v for w, v in _table("numbers.tsv")}
    ordinals = {w: int(v) for w, v in _table("ordinals.tsv")}
    months = {w: int(v) for w, v in _table("months.tsv")}
    weekdays = {w: int(v) for w, v in _table("weekdays.tsv")}
    units: dict[str, Unit] = {}
    for name, plural, code, factor, vague, grain in _table("units.tsv"):
        unit = Unit(name, code, int(factor), vague, grain)
        units[name] = units[plural] = unit
    parts_of_day = {w: v for w, v in _table("parts_of_day.tsv")}
    seasons = {w: v for w, v in _table("seasons.tsv")}
    holidays = {w: v for w, v in _table("holidays.tsv")}
    vague = {w: (t, v) for w, t, v in _table("vague.tsv")}
    sets = {w: v for w, v in _table("sets.tsv")}
    modifiers = {w: v for w, v in _table("modifiers.tsv")}
    verb_classes: dict[str, set[str]] = {}
    for w, v in _table("tense_verbs.tsv"):
        verb_classes.setdefault(w, set()).add(v)
    tense_verbs = {w: frozenset(v) for w, v in verb_classes.items()}
    with data_path("times/future_triggers.txt").open(encoding="utf-8") as handle:
        triggers = [ln.strip() for ln in handle if ln.strip() and not ln.startswith("#")]
    future = re.compile(r"(?<![\w'])" + _alt(triggers) + r"(?!\w)", re.IGNORECASE)

    full_months = [m for m in months if len(m) > 4 or m in ("may", "june", "july")]
    abbrev_months = [m for m in months if m not in full_months]
    full_days = [d for d in weekdays if d.endswith("day")]
    abbrev_days = [d for d in weekdays if d not in full_days]
    count_words = [w for w, v in numbers.items() if v != "X" and w not in ("a", "an", "single", "couple")]
    numword = _alt(count_words)
    tens = _alt([w for w, v in numbers.items() if v.isdigit() and 20 <= int(v) <= 90])
    teens = _alt([w for w, v in numbers.items() if v.isdigit() and 10 <= int(v) <= 19])
    ones = _alt([w for w, v in numbers.items() if v.isdigit() and 1 <= int(v) <= 9 and w not in ("a", "an")])
    ordinal_words = [w for w in ordinals if ordinals[w] > 0]
    fragments = {
        "MONTHNAME": _alt(full_months) + r"(?![\w-]|'(?!s\b))",
        "MONTH": "(?:" + _alt(full_months) + "|" + _alt(abbrev_months) + r"\.?)",
        "WEEKDAYNAME": _alt(full_days),
        "WEEKDAY": "(?:" + _alt(full_days) + "|" + _alt(abbrev_days) + r"\.)",
        "TENS": tens,
        "ONES": ones,
        "TEENS": _alt([w for w, v in numbers.items() if v.isdigit() and 10 <= int(v) <= 19]),
        "DAYORD": _alt([w for w in ordinals if 0 < ordinals[w] <= 31]),
        "DAYNUM": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
        "YEAR4": r"(?:1[5-9]\d\d|20\d\d)",
        "SPELLEDYEAR": (
            f"(?:(?:nineteen|twenty)\\s+(?:{tens}(?:[\\s-]{ones})?|{teens}|hundred)"
            f"|two\\s+thousand(?:\\s+and)?\\s+(?:{tens}(?:[\\s-]{ones})?|{teens}|{ones}))"
        ),
        "NUMWORD": f"(?:{tens}(?:[\\s-]{ones})?|{numword})",
        "NUM": (
            r"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d|\s+and\s+a\s+half)?|\d/\d"
            r"|(?:a|an)\s+(?:few|couple(?:\s+of)?|dozen|half|hundred|thousand)"
            f"|(?:{tens}(?:[\\s-]{ones})?|{numword})(?:(?:\\s+and\\s+|[\\s-]+)(?:{tens}(?:[\\s-]{ones})?|{numword}))*"
            r"(?:\s+and\s+a\s+half)?"
            r"|half\s+an?|several|few|couple\s+of|many|some|a|an|one)"
        ),
        "VAGUENUM": r"(?:a\s+few|a\s+couple\s+of|several|few|some|many|a\s+number\s+of)",
        "HOURWORD": _alt([w for w, v in numbers.items() if v.isdigit() and 1 <= int(v) <= 12 and len(w) > 2]),
        "UNIT": _alt(units),
        "POD": _alt(parts_of_day),
        "SEASON": _alt(seasons),
        "HOLIDAY": _alt(holidays),
        "VAGUE": _alt(vague),
        "SETWORD": _alt(sets),
        "DECADEWORD": r"(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
        "ORD": "(?:" + _alt(ordinal_words) + r"|\d{1,2}(?:st|nd|rd|th))",
        "REL": r"(?:the\s+)?(?:this\s+coming|this\s+past|last|this|next|past|coming|previous|following|current|latest|same|preceding|that)",
        "MOD": _alt([w for w, m in modifiers.items() if m in ("START", "END", "MID")]),
        "APPROX": _alt([w for w, m in modifiers.items() if m not in ("START", "END", "MID")]),
        "TZ": r"(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|EEST|MSK|local\s+time|[ECMP]T)",
    }

    def fill(template: str) -> str:
        return re.sub(r"\{([A-Z0-9]+)\}", lambda m: fragments[m.group(1)], template)

    rules = tuple(Rule.compile(name, fill(pattern)) for name, pattern in _table("patterns.tsv"))
    return Lexicon(
        numbers=numbers,
        ordinals=ordinals,
        months=months,
        weekdays=weekdays,
        units=units,
        parts_of_day=parts_of_day,
        seasons=seasons,
        holidays=holidays,
        vague=vague,
        sets=sets,
        modifiers=modifiers,
        tense_verbs=tense_verbs,
        future=future,
        rules=rules,
    )
