"""The times lexicon: word lists and patterns from wirecoder/data/times, compiled once.

Every word list lives in a data file (read by wirecoder.resources.read_records, by its header); this
module turns them into lookup tables and into the regex fragments that patterns.tsv refers to as {NAME}.
numbers.tsv stays headerless: events/counts/lexicon.py reads it by position too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wirecoder.language.alternation import alternation
from wirecoder.resources import data_path, read_records, read_table
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
    lowercase: bool = False  # its words are lower case in running text: a capitalised one is a title

    @classmethod
    def compile(cls, name: str, pattern: str, lowercase: bool = False) -> Rule:
        regex = re.compile(pattern, re.IGNORECASE)
        return cls(name, regex, Scanner(regex), lowercase)


@dataclass(frozen=True)
class GuardedWord:
    """A month or season name that is also an ordinary word (guarded_words.tsv)."""

    word: str
    rule: str
    group: str
    exempt: tuple[str, ...]  # groups whose presence makes the match a time anyway
    context: re.Pattern  # what the 12 characters before the word must end with


# Records of the data files, one per file layout (see wirecoder.resources.read_records).
@dataclass(frozen=True)
class WordValue:
    """A row of a two-column file: ordinals, months, weekdays, parts_of_day, seasons, holidays, sets,
    modifiers, tense_verbs, decades (word -> value); time_zones (word only)."""

    word: str
    value: str = ""


@dataclass(frozen=True)
class UnitRow:
    """A row of units.tsv."""

    unit: str
    plural: str
    code: str
    factor: int
    vague: str
    grain: str


@dataclass(frozen=True)
class VagueRow:
    """A row of vague.tsv: phrase -> TIMEX3 type and value."""

    phrase: str
    type: str
    value: str


@dataclass(frozen=True)
class PatternRow:
    """A row of patterns.tsv."""

    rule: str
    lowercase: bool
    pattern: str


@dataclass(frozen=True)
class ComparisonWord:
    """A row of comparison_words.tsv."""

    word: str
    year_back: bool
    before_count: bool


@dataclass(frozen=True)
class GuardedRow:
    """A row of guarded_words.tsv."""

    word: str
    rule: str
    group: str
    exempt: tuple[str, ...]
    before: tuple[str, ...]
    hyphen: bool
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class RelationRow:
    """A row of relations.tsv."""

    word: str
    shift: int
    in_pattern: bool


@dataclass(frozen=True)
class TimeLexicon:
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
    comparison_words: tuple[str, ...]  # "year-earlier", "comparable" ...: a period looked back on
    year_back_words: frozenset[str]  # "year-ago" ...: on its own, a year before
    guarded: dict[tuple[str, str], GuardedWord]  # (rule, word) -> its guard
    decades: dict[str, int]  # "eighties" -> 80
    shifts: dict[str, int]  # relation word -> periods moved ("last" -> -1)


def _records(name: str, record: type):
    return read_records(f"times/{name}", record)


def _pairs(name: str) -> list[tuple[str, str]]:
    return [(r.word, r.value) for r in _records(name, WordValue)]


def _guard(row: GuardedRow) -> GuardedWord:
    joiner = r"[\s-]+" if row.hyphen else r"\s+"
    words = "|".join(re.escape(w) for w in row.before)
    context = r"(?:\b(?:" + words + ")" + joiner + "".join("|" + re.escape(p) for p in row.prefixes) + ")$"
    return GuardedWord(row.word, row.rule, row.group, row.exempt, re.compile(context, re.IGNORECASE))


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
def lexicon() -> TimeLexicon:
    """The times lexicon, read and compiled once."""
    numbers = {w: v for w, v in read_table("times/numbers.tsv")}  # headerless: counts.py reads it too
    ordinals = {w: int(v) for w, v in _pairs("ordinals.tsv")}
    months = {w: int(v) for w, v in _pairs("months.tsv")}
    weekdays = {w: int(v) for w, v in _pairs("weekdays.tsv")}
    units: dict[str, Unit] = {}
    for row in _records("units.tsv", UnitRow):
        unit = Unit(row.unit, row.code, row.factor, row.vague, row.grain)
        units[row.unit] = units[row.plural] = unit
    parts_of_day = dict(_pairs("parts_of_day.tsv"))
    seasons = dict(_pairs("seasons.tsv"))
    holidays = dict(_pairs("holidays.tsv"))
    vague = {r.phrase: (r.type, r.value) for r in _records("vague.tsv", VagueRow)}
    sets = dict(_pairs("sets.tsv"))
    modifiers = dict(_pairs("modifiers.tsv"))
    verb_classes: dict[str, set[str]] = {}
    for w, v in _pairs("tense_verbs.tsv"):
        verb_classes.setdefault(w, set()).add(v)
    tense_verbs = {w: frozenset(v) for w, v in verb_classes.items()}
    with data_path("times/future_triggers.txt").open(encoding="utf-8") as handle:
        triggers = [ln.strip() for ln in handle if ln.strip() and not ln.startswith("#")]
    future = re.compile(r"(?<![\w'])" + _alt(triggers) + r"(?!\w)", re.IGNORECASE)
    comparison = _records("comparison_words.tsv", ComparisonWord)
    decades = {w: int(v) for w, v in _pairs("decades.tsv")}
    relations = _records("relations.tsv", RelationRow)
    zones = [r.word for r in _records("time_zones.tsv", WordValue)]
    guarded = {(r.rule, r.word): _guard(r) for r in _records("guarded_words.tsv", GuardedRow)}

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
        "DECADEWORD": _alt(decades),
        "ORD": "(?:" + _alt(ordinal_words) + r"|\d{1,2}(?:st|nd|rd|th))",
        "REL": r"(?:the\s+)?" + _alt([r.word for r in relations if r.in_pattern]),
        "MOD": _alt([w for w, m in modifiers.items() if m in ("START", "END", "MID")]),
        "APPROX": _alt([w for w, m in modifiers.items() if m not in ("START", "END", "MID")]),
        "TZ": _alt(zones),
        "COMPARISON": _alt([r.word for r in comparison]),
        "YEARBACK": _alt([r.word for r in comparison if r.year_back]),
        "COUNTEDCOMPARISON": _alt([r.word for r in comparison if r.before_count]),
    }

    def fill(template: str) -> str:
        return re.sub(r"\{([A-Z0-9]+)\}", lambda m: fragments[m.group(1)], template)

    rules = tuple(
        Rule.compile(r.rule, fill(r.pattern), r.lowercase) for r in _records("patterns.tsv", PatternRow)
    )
    return TimeLexicon(
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
        comparison_words=tuple(r.word for r in comparison),
        year_back_words=frozenset(r.word for r in comparison if r.year_back),
        guarded=guarded,
        decades=decades,
        shifts={r.word: r.shift for r in relations},
    )
