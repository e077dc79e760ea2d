"""The rule layer: find time expressions with the patterns in data/times/patterns.tsv and turn each
into a TIMEX3 type and value, resolved against the publication date.

Conventions (TimeML / TIMEX3):
- DATE 2023-05-30, 2023-W21, 2023-W21-WE, 2023-05, 2023-Q2, 2023-H1, 2023-SU, 2023, 202 (decade),
  20 (century); TIME 2023-05-30TMO (part of day), 2023-05-30T22:00; DURATION P3D, PT5H, P2Y6M, PXY
  (unknown count); SET P1D, XXXX-WXX-5; vague PAST_REF, PRESENT_REF, FUTURE_REF.
- What the text and the publication date do not fix is written with X (XXXX-05-30, XXXX-WXX-2).
- `anchor` is "published" for expressions resolved against the publication date, the id of the
  time expression an anaphoric expression is resolved against ("the next day"), and None for
  absolute ones. An expression relative to an event ("a day after Russia bombarded Kyiv") gets
  `anchor_text` and its offsets (the clause); its value is only resolved when that clause contains
  a time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from wirecoder.times import calendar as cal
from wirecoder.times.lexicon import Lexicon, key, lexicon
from wirecoder.times.scan import Text


@dataclass
class Match:
    start: int
    end: int
    rule: str
    order: int
    groups: dict[str, str | None]
    full: int  # length of the whole regex match (context included), for ranking


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None
    anchor_text: str | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    id: str = ""
    grain: str | None = None  # for anaphora: the granularity of a resolved point
    point: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "anchor": self.anchor,
        }
        if self.mod:
            out["mod"] = self.mod
        if self.anchor_text is not None:
            out["anchor_text"] = self.anchor_text
            out["anchor_start"] = self.anchor_start
            out["anchor_end"] = self.anchor_end
        return out


# --------------------------------------------------------------------------------------------------
# Finding candidates


_CAPITALISED = ("month", "weekday")  # groups whose word must be written with a capital (May, not may)
_MAY_CONTEXT = re.compile(
    r"(?:\b(?:in|since|by|until|till|through|of|last|this|next|early|late|mid|during|before|after|from|"
    r"to|and|or|between|on|that|each|every)[\s-]+|mid-)$",
    re.IGNORECASE,
)


# Rules whose words are written in lower case in running text: a capitalised word inside the match
# (not opening a sentence) makes it a title or a name ("This Week", "60 Minutes", "High Noon").
_LOWER_CASE_RULES = {"relunit", "duration", "deictic", "clock", "vague", "season", "offset", "theyear"}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n_|>*•]|[\"'`“‘(\[—–-])[\s\"'`“‘(]*$")


def _titled(text: str, m: re.Match) -> bool:
    for w in re.finditer(r"[A-Za-z]+", m.group()):
        if not w.group()[0].isupper() or w.group().isupper():
            continue
        start = m.start() + w.start()
        if w.start() == 0 and _SENTENCE_START.search(text[max(0, start - 4) : start]):
            continue
        return True
    return False


def _acceptable(text: str, m: re.Match, rule: str) -> bool:
    groups = m.groupdict()
    if rule in _LOWER_CASE_RULES and _titled(text, m):
        return False
    for name in _CAPITALISED:
        word = groups.get(name)
        if word and word[0].isalpha() and not word[0].isupper():
            return False
    month = groups.get("month")
    if (
        month
        and rule == "month"
        and not groups.get("year")
        and not groups.get("spelled")
        and key(month) in ("may", "march")
    ):
        before = text[max(0, m.start("month") - 12) : m.start("month")]
        if not groups.get("mod") and not groups.get("rel") and not _MAY_CONTEXT.search(before):
            return False
    season = groups.get("season")
    if rule == "season" and season and key(season) == "fall" and not groups.get("year"):
        before = text[max(0, m.start("season") - 12) : m.start("season")]
        if not re.search(
            r"\b(?:the|this|last|next|in|early|late|by|until|since|during|past|coming)\s+$", before, re.I
        ):
            return False
    if rule == "year" and groups.get("year") and not groups.get("fiscal") and not groups.get("mod"):
        # a bare number in year range: not when it is part of a number, an amount or a code
        before = text[max(0, m.start("year") - 2) : m.start("year")]
        after = text[m.end("year") : m.end("year") + 2]
        if re.search(r"[\d$#/:-]\s?$", before) or re.match(r"\s?[/:]\d|[-–]\d|\.\d|,\d", after):
            return False
    return True


def find_candidates(text: str, lex: Lexicon) -> list[Match]:
    found: list[Match] = []
    indexed = Text(text)  # lowered and indexed once for all the rules
    for order, rule in enumerate(lex.rules):
        for m in rule.scanner.finditer(indexed):
            if m.end() == m.start():
                continue
            if not _acceptable(text, m, rule.name):
                continue
            groups = m.groupdict()
            if "span" in groups and groups["span"] is not None:
                start, end = m.span("span")
            else:
                start, end = m.span()
            # never end on a dot that closes a sentence unless it belongs to an abbreviation
            while end > start and text[end - 1] in " ,\n\t":
                end -= 1
            if end <= start:
                continue
            found.append(Match(start, end, rule.name, order, groups, m.end() - m.start()))
    return found


def select(found: list[Match]) -> list[Match]:
    """Longest reported span first, then the longer full match, then the earlier rule; no overlaps."""
    found.sort(key=lambda c: (-(c.end - c.start), -c.full, c.order, c.start))
    taken: list[Match] = []
    # the characters of the spans taken (every candidate has end > start, so two spans overlap exactly
    # when they share a character): a check costs the candidate's length, not the number taken
    occupied: set[int] = set()
    for cand in found:
        if any(c in occupied for c in range(cand.start, cand.end)):
            continue
        taken.append(cand)
        occupied.update(range(cand.start, cand.end))
    taken.sort(key=lambda c: c.start)
    return taken


# --------------------------------------------------------------------------------------------------
# Numbers


def parse_number(text: str, lex: Lexicon) -> float | None:
    """A count written in digits or words; None for a vague count ("a few", "several")."""
    words = key(text).replace("-", " ").replace(",", "").split()
    if not words:
        return None
    if any(lex.numbers.get(w) == "X" and w not in ("a", "an") for w in words) and "couple" not in words:
        return None
    half = 0.0
    if words[-3:] == ["and", "a", "half"]:
        half, words = 0.5, words[:-3]
    if words[:1] == ["half"]:
        return 0.5
    if len(words) >= 2 and re.fullmatch(r"\d/\d", words[-1]) and words[0].replace(".", "").isdigit():
        a, b = words[-1].split("/")
        return float(words[0]) + int(a) / int(b) + half
    if len(words) == 1 and re.fullmatch(r"\d+(?:\.\d+)?", words[0]):
        return float(words[0]) + half
    if len(words) == 1 and re.fullmatch(r"\d/\d", words[0]):
        a, b = words[0].split("/")
        return int(a) / int(b)
    if len(words) > 1 and words[0] in ("a", "an") and lex.numbers.get(words[1], "X") != "X":
        words = words[1:]  # "a couple of", "a dozen": the article is not a count of its own
    total, current = 0, 0
    for w in words:
        if w in ("and", "of"):
            continue
        v = lex.numbers.get(w)
        if v is None or v == "X":
            if w.isdigit():
                current += int(w)
                continue
            return None
        n = int(v)
        if n in (100, 1000):
            current = max(current, 1) * n
            if n == 1000:
                total, current = total + current, 0
        elif w in ("a", "an") and current:
            return None
        else:
            current += n
    return float(total + current) + half


_FRACTIONS = {
    "Y": ("M", 12),
    "M": ("D", 30),
    "W": ("D", 7),
    "D": ("TH", 24),
    "TH": ("TM", 60),
    "TM": ("TS", 60),
}


def duration_value(count: float | None, unit_key: str, lex: Lexicon) -> str:
    unit = lex.units[unit_key]
    if count is None:
        code = unit.vague
        return ("PT" + code[1:]) if code.startswith("T") else "P" + code
    count = count * unit.factor
    code = unit.code
    if code == "Q" and abs(count - round(count)) > 1e-9:
        count, code = count * 3, "M"  # "1 1/2 quarters": in months (P4M15D)
    whole = int(count)
    parts = []
    if whole:
        parts.append((whole, code))
    rest = count - whole
    if rest > 1e-9 and code in _FRACTIONS:
        sub, factor = _FRACTIONS[code]
        value = round(rest * factor)
        if value:
            parts.append((value, sub))
    if not parts:
        parts.append((0, code))
    date_part = "".join(f"{n}{c}" for n, c in parts if not c.startswith("T"))
    time_part = "".join(f"{n}{c[1:]}" for n, c in parts if c.startswith("T"))
    return "P" + date_part + ("T" + time_part if time_part else "")


# --------------------------------------------------------------------------------------------------
# Resolution


_REL_SHIFT = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "preceding": -1,
    "prior": -1,
    "this past": -1,
    "this": 0,
    "current": 0,
    "latest": 0,
    "same": 0,
    "that": 0,
    "next": 1,
    "coming": 1,
    "this coming": 1,
    "following": 1,
}
_ANAPHORIC = {"the following", "the next", "the previous", "the preceding", "the prior", "the same", "that"}
_ANAPHORIC_REL = {"following", "same", "that"}


def _rel(text: str | None) -> tuple[str | None, bool]:
    """The relation word and whether it is anaphoric ('the following', 'the same', 'that')."""
    if not text:
        return None, False
    k = key(text)
    has_the = k.startswith("the ")
    word = k[4:] if has_the else k
    anaphoric = word in _ANAPHORIC_REL or (has_the and word in ("next", "previous", "preceding", "prior"))
    return word, anaphoric


_SOON = re.compile(r"\bas\s+(?:early|soon|late)\s+as\s+(?:next\s+)?$", re.IGNORECASE)
_AHEAD = re.compile(
    r"\b(?:by|until|till|through|effective|starting|beginning)\s+(?:early\s+|mid-?|late\s+)?$", re.I
)
_UNTIL = re.compile(r"\b(?:until|till)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}


class Resolver:
    """Resolves the selected candidates of one text, left to right, keeping the reference time."""

    def __init__(self, text: str, published: str | None, doc=None, lex: Lexicon | None = None):
        self.text = text
        self.lex = lex or lexicon()
        self.ref, self.ref_time = cal.parse_published(published)
        self.doc = doc
        self.last: Timex | None = None  # the last resolved point (DATE/TIME), for anaphora
        self.last_quarter: Timex | None = None
        self.previous: Timex | None = None  # the last resolved expression of any kind

    # -- context ------------------------------------------------------------------------------

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        lo = max(0, start - 300)
        cut = max(text.rfind("\n", lo, start), *(text.rfind(p, lo, start) for p in (". ", "? ", "! ")))
        s = cut + 1 if cut >= 0 else lo
        hi = min(len(text), end + 300)
        ends = [
            i
            for i in (text.find("\n", end, hi), text.find(". ", end, hi), text.find("? ", end, hi))
            if i >= 0
        ]
        e = min(ends) if ends else hi
        return s, e

    def tense(self, start: int, end: int) -> str | None:
        """'future', 'past' or None for the clause around a span."""
        if _SOON.search(self.text, max(0, start - 16), start):
            return "future"
        if self.doc is not None:
            return self._doc_tense(start, end)
        s, e = self.sentence(start, end)
        if _SOON.search(self.text, max(s, start - 16), start):
            return "future"
        if _UNTIL.search(self.text, max(s, start - 24), start):
            stems = [
                v[:-1] if v.endswith("e") else v for v, c in self.lex.tense_verbs.items() if "deadline" in c
            ]
            if re.search(
                r"\b(?:" + "|".join(w for w in stems if len(w) > 3) + r")\w*", self.text[s:start], re.I
            ):
                return "future"
        if self.lex.future.search(self.text, s, e):
            return "future"
        return None

    def _doc_tense(self, start: int, end: int) -> str | None:
        doc = self.doc
        try:
            span = doc.char_span(start, end, alignment_mode="expand")
        except Exception:
            return None
        if span is None or len(span) == 0:
            return None
        tok = span.root
        for _ in range(6):
            if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        lowers = {c.lower_ for c in auxes}
        if lowers & _FUTURE_AUX or tok.lower_ in ("will", "shall"):
            return "future"
        if lowers & {"could", "might", "may"} and tok.tag_ == "VB" and "have" not in lowers:
            return "future"
        if "going" in lowers or (tok.lower_ == "going" and any(c.lower_ == "to" for c in tok.children)):
            return "future"
        verbs = self.lex.tense_verbs
        preps = {t.lower_ for t in span.root.ancestors if t.dep_ == "prep" and t.i < span.start}
        preps |= {c.lower_ for c in span.root.children if c.dep_ == "case"}
        if span.start > 0 and doc[span.start - 1].lower_ in ("until", "till"):
            preps.add("until")
        if preps & {"until", "till"} and "deadline" in verbs.get(tok.lemma_, ()) and "had" not in lowers:
            return "future"  # "postponed until Tuesday morning", "has given them until Tuesday"
        perfect_past = "had" in lowers
        if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
            return "past"
        if (
            "plan" in verbs.get(tok.lemma_, ())
            and not perfect_past
            and (tok.tag_ in ("VBZ", "VBP") or (tok.tag_ == "VBN" and lowers & {"has", "have"}))
        ):
            return "future"  # "plans to hold a news conference Tuesday", "has scheduled ... Thursday"
        head = tok.head
        if tok.dep_ in ("xcomp", "ccomp", "advcl") and head is not tok and tok.tag_ == "VB":
            head_aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass", "cop")}
            if head_aux & _FUTURE_AUX:
                return "future"
            if "had" in head_aux:
                return "past"  # "had been scheduled to expire Friday"
            if "plan" in verbs.get(head.lemma_, ()):
                return "future"  # "were planning to drive ... on Monday"
            if head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP") and tok.dep_ == "xcomp":
                return "future"  # "is to resume trading Tuesday"
        if tok.tag_ == "VBN" and lowers & {"has", "have", "'ve"}:
            return "past"
        adverbial = span.root.dep_ == "npadvmod" or (
            span.root.dep_ == "pobj" and span.root.head.dep_ == "prep" and span.root.head.head is tok
        )
        if (
            adverbial
            and span.root.head in (tok, *tok.children)
            and tok.tag_ in ("VBZ", "VBP")
            and not auxes
            and tok.lemma_ not in ("be", "have", "say")
            and "invariant" not in verbs.get(tok.lower_, ())
        ):
            return "future"  # news present with a day: "They meet separately Monday"
        return None

    def anaphor(self, max_distance: int = 1500) -> Timex | None:
        if self.last is not None and self.last.point is not None:
            return self.last
        return None

    # -- output helpers -------------------------------------------------------------------------

    def point(self, t: Timex, grain: str, day: dt.date | None, anchor: str | None, season: str | None = None):
        t.grain = grain
        t.point = day
        t.anchor = anchor
        t.value = cal.render(grain, day, season) if day is not None else cal.UNKNOWN[grain]
        return t

    # -- dispatch -------------------------------------------------------------------------------

    def resolve(self, m: Match) -> Timex | None:
        t = Timex(m.start, m.end, self.text[m.start : m.end], "DATE", "")
        handler = getattr(self, "r_" + m.rule, None)
        if handler is None:
            return None
        result = handler(t, m.groups)
        if result is None or not result.value:
            return None
        mod = m.groups.get("mod") or m.groups.get("mod2") or m.groups.get("amod")
        if m.groups.get("mid"):
            mod = "mid"
        if mod and not result.mod:
            result.mod = self.lex.modifiers.get(key(mod)) or self.lex.modifiers.get(key(mod) + "-")
        if self.ref is None and result.anchor == "published":
            result.anchor = None
        self.previous = result
        if result.type in ("DATE", "TIME") and result.point is not None and not result.extra.get("back"):
            self.last = result
            if result.grain == "quarter" and not result.extra.get("back"):
                self.last_quarter = result
        return result

    # -- absolute dates -------------------------------------------------------------------------

    def _month(self, word: str) -> int:
        return self.lex.months[key(word).rstrip(".")]

    def _day(self, word: str) -> int:
        k = key(word)
        if k in self.lex.ordinals:
            return self.lex.ordinals[k]
        return int(re.sub(r"\D", "", k))

    def _year(self, word: str) -> int:
        k = key(word).lstrip("'")
        if len(k) == 2:
            y = int(k)
            if self.ref is not None:
                century = self.ref.year // 100 * 100
                return century + y if century + y <= self.ref.year + 10 else century - 100 + y
            return 1900 + y if y > 30 else 2000 + y
        return int(k)

    def _dated(self, t: Timex, year: int | None, month: int, day: int, weekday: int | None = None):
        if year is not None:
            try:
                return self.point(t, "day", dt.date(year, month, day), None)
            except ValueError:
                return None
        if self.ref is None:
            try:
                dt.date(2000, month, day)
            except ValueError:
                return None
            t.value = f"XXXX-{month:02d}-{day:02d}"
            return t

        def make(y):
            try:
                d = dt.date(y, month, day)
            except ValueError:
                return None
            return d

        if weekday is not None:
            fitting = [make(y) for y in (self.ref.year, self.ref.year - 1, self.ref.year + 1)]
            fitting = [d for d in fitting if d is not None and d.isoweekday() == weekday]
            if fitting:
                return self.point(t, "day", fitting[0], "published")
        d = cal.pick_year(self.ref, make, self._future_only(t))
        if d is None:
            return None
        return self.point(t, "day", d, "published")

    def _future_only(self, t: Timex) -> str | None:
        """Tense for a date without a year: the nearest one, unless the clause is future.

        (A past verb does not move a date back: "declared a dividend, payable Dec. 15".)
        """
        tense = self.tense(t.start, t.end)
        if tense != "past" and _AHEAD.search(self.text, max(0, t.start - 24), t.start):
            return "nearest"  # "pay down the loan by February", "effective Feb. 1": not last year's
        return "future" if tense == "future" else "news"

    def r_iso(self, t, g):
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
        return self._dated(t, year, month, day)

    def r_numeric(self, t, g):
        a, b = int(g["a"]), int(g["b"])
        year = self._year(g["year"])
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            month, day = a, b
        elif g["sep"] == ".":
            day, month = a, b
        else:
            month, day = a, b
        return self._dated(t, year, month, day)

    def r_mdy(self, t, g):
        year = int(g["year"]) if g.get("year") else None
        weekday = self.lex.weekdays.get(key(g["weekday"]).rstrip(".")) if g.get("weekday") else None
        return self._dated(t, year, self._month(g["month"]), self._day(g["day"]), weekday)

    r_dmy = r_mdy

    def r_month(self, t, g):
        month = self._month(g["month"])
        rel, anaphoric = _rel(g.get("rel"))
        if g.get("spelled"):
            year = self._spelled_year(g["spelled"])
            return self.point(t, "month", dt.date(year, month, 1), None) if year else None
        if g.get("year"):
            return self.point(t, "month", dt.date(self._year(g["year"]), month, 1), None)
        if self.ref is None:
            t.value = f"XXXX-{month:02d}"
            return t
        ref = self.ref
        if g.get("yrel"):
            year = ref.year + _REL_SHIFT[key(g["yrel"])]
            return self.point(t, "month", dt.date(year, month, 1), "published")
        if anaphoric and self.anaphor():
            ref = self.anaphor().point
        if rel in ("last", "past", "this past", "previous"):
            year = ref.year if month < ref.month else ref.year - 1
        elif rel in ("next", "coming", "this coming", "following"):
            year = ref.year if month > ref.month else ref.year + 1
        elif rel in ("this", "current", "same", "that"):
            year = ref.year
        else:
            d = cal.pick_year(ref, lambda y: dt.date(y, month, 1), self._future_only(t))
            if month == ref.month or d is None:
                year = ref.year
            else:
                year = d.year
        return self.point(t, "month", dt.date(year, month, 1), "published")

    def _spelled_year(self, text: str) -> int | None:
        """'nineteen ninety-four' -> 1994, 'two thousand and one' -> 2001."""
        words = key(text).replace("-", " ").split()
        if words[:2] == ["two", "thousand"]:
            rest = parse_number(" ".join(w for w in words[2:] if w != "and"), self.lex) if words[2:] else 0
            return 2000 + int(rest or 0)
        head = 19 if words[0] == "nineteen" else 20
        if words[1:] == ["hundred"]:
            return head * 100
        rest = parse_number(" ".join(words[1:]), self.lex)
        return None if rest is None else head * 100 + int(rest)

    def r_year(self, t, g):
        if g.get("spelled"):
            year = self._spelled_year(g["spelled"])
            if year is None:
                return None
        else:
            year = int(g["year"])
            if not g.get("fiscal") and not g.get("mod") and not g.get("mid"):
                if year < 1800 or (self.ref is not None and year > self.ref.year + 30):
                    return None
        return self.point(t, "year", dt.date(year, 7, 1), None)

    def r_decade(self, t, g):
        if g.get("decade"):
            year = int(g["decade"])
        else:
            tens = {
                "twenties": 20,
                "thirties": 30,
                "forties": 40,
                "fifties": 50,
                "sixties": 60,
                "seventies": 70,
                "eighties": 80,
                "nineties": 90,
            }
            d = int(g["short"]) if g.get("short") else tens[key(g["word"])]
            base = self.ref.year if self.ref else 1999
            year = base // 100 * 100 + d
            if year > base:
                year -= 100
        return self.point(t, "decade", dt.date(year, 1, 1), None)

    def r_century(self, t, g):
        if g.get("ord"):
            k = key(g["ord"])
            n = self.lex.ordinals.get(k) or int(re.sub(r"\D", "", k) or 0)
            if not 0 < n <= 30:
                return None
            return self.point(t, "century", dt.date((n - 1) * 100 + 1, 1, 1), None)
        if self.ref is None:
            t.value = "XX"
            return t
        rel = key(g["rel"]).replace("the ", "")
        return self.point(t, "century", cal.shift("century", self.ref, _REL_SHIFT.get(rel, 0)), "published")

    def r_half(self, t, g):
        n = 1 if key(g["ord"]) in ("first", "early") else 2
        if g.get("decade") or g.get("short") or g.get("decword"):
            # "the last half of the '80s": the decade, its second half as the modifier
            decade = self.r_decade(
                t, {"decade": g.get("decade"), "short": g.get("short"), "word": g.get("decword")}
            )
            if decade is not None:
                decade.mod = "START" if n == 1 else "END"
            return decade
        year = None
        anchor = None
        if g.get("year") or g.get("yearq"):
            year = int(g.get("year") or g.get("yearq"))
        elif self.ref is not None:
            anchor = "published"
            if g.get("rel"):
                year = self.ref.year + _REL_SHIFT[key(g["rel"])]
            elif self.last is not None and self.last.point is not None and self.last.grain == "year":
                year = self.last.point.year
            else:
                year = self.ref.year
        if year is None:
            t.value = f"XXXX-H{n}"
            return t
        return self.point(t, "half", dt.date(year, 1 if n == 1 else 7, 1), anchor)

    def r_quarter(self, t, g):
        text = key(t.text)
        rel = key(g["rel"]) if g.get("rel") else None
        ordinal = None
        if g.get("ord"):
            k = key(g["ord"])
            ordinal = self.lex.ordinals.get(k) or int(re.sub(r"\D", "", k) or 0)
            if ordinal == -1:
                ordinal = 4
            if not 1 <= ordinal <= 4:
                return None
        is_period = text.endswith("period") or " period " in text
        year = None
        if g.get("yearq") or g.get("year"):
            year = int(g.get("yearq") or g.get("year"))
        if year is not None and ordinal is None:
            # "the 1988 quarter", "the 1989 period" in a quarterly report: the quarter talked about,
            # in that year; a period after "the first nine months" is the year
            prev = self.previous
            lq = prev if prev is not None and prev.grain == "quarter" else self.last_quarter
            if lq is not None and lq.point is not None and (prev is None or prev.type != "DURATION"):
                month = (lq.point.month - 1) // 3 * 3 + 1
                if self.ref is not None and year < self.ref.year:
                    t.extra["back"] = True  # a comparison period: not the quarter talked about
                return self.point(t, "quarter", dt.date(year, month, 1), None)
            if is_period:
                return self.point(t, "year", dt.date(year, 7, 1), None)
        back = any(
            w in text
            for w in ("year-earlier", "year-ago", "year-before", "prior-year", "comparable", "corresponding")
        )
        back = back or (g.get("poss") and key(g["poss"]) == "last" and ordinal is None)
        if is_period and not back and rel not in ("latest", "same") and "latest" not in text:
            return None
        if self.ref is None and year is None:
            t.value = f"XXXX-Q{ordinal}" if ordinal else "XXXX-QX"
            return t
        ref = self.ref or dt.date(year, 1, 1)
        base_quarter = self.last_quarter.point if self.last_quarter is not None else None
        anchor = "published" if year is None else None
        if ordinal is not None:
            if year is None:
                if g.get("poss"):
                    year = ref.year + _REL_SHIFT[key(g["poss"])]
                elif rel in ("last", "previous", "past") and ordinal:
                    year = ref.year - 1 if (ordinal - 1) * 3 + 1 >= ref.month else ref.year
                else:
                    current_q = (ref.month - 1) // 3 + 1
                    year = ref.year
                    if ordinal > current_q and self.tense(t.start, t.end) != "future":
                        year -= 1
            day = dt.date(year, (ordinal - 1) * 3 + 1, 1)
            if back:
                day = cal.shift("year", day, -1)
                t.extra["back"] = True
            return self.point(t, "quarter", day, anchor)
        if back:
            prev = self.previous
            if is_period and prev is not None and prev.type == "DURATION" and t.start - prev.end < 300:
                # "net for the nine months ... in the year-earlier period": the same length of time
                t.type, t.value = "DURATION", prev.value
                return t
            t.extra["back"] = True
            base = base_quarter or cal.shift("quarter", ref, -1)
            if is_period and self.last is not None and self.last.grain not in ("quarter", None):
                base = self.last.point
                return self.point(
                    t, self.last.grain, cal.shift("year", base, -1), self.last.id or "published"
                )
            return self.point(t, "quarter", cal.shift("year", base, -1), "published")
        if g.get("poss"):
            base = cal.shift(
                "year", base_quarter or cal.shift("quarter", ref, -1), _REL_SHIFT[key(g["poss"])]
            )
            return self.point(t, "quarter", base, "published")
        if rel in ("current",):
            return self.point(t, "quarter", ref, "published")
        if rel in ("last", "previous", "past"):
            return self.point(t, "quarter", cal.shift("quarter", ref, -1), "published")
        if rel in ("next", "coming"):
            return self.point(t, "quarter", cal.shift("quarter", ref, 1), "published")
        completed = cal.shift("quarter", ref, -1)
        base = base_quarter or completed
        if ("latest" in text or rel == "latest") and base > completed:
            base = completed
        return self.point(t, "quarter", base, "published")

    def r_theyear(self, t, g):
        """'the year ended Sept. 30' is a reporting period (DURATION P1Y); 'for the year', 'the full
        year' is the year talked about: the year just mentioned, or the publication year."""
        if g.get("ended"):
            t.type, t.value = "DURATION", "P1Y"
            return t
        last = self.last
        if (
            last is not None
            and last.grain == "year"
            and last.point is not None
            and last.start >= self.sentence(t.start, t.end)[0]
        ):
            return self.point(t, "year", last.point, last.id or last.anchor)
        if self.ref is None:
            t.value = "XXXX"
            return t
        return self.point(t, "year", self.ref, "published")

    _IS_NOW = re.compile(r"\b(?:is|it's|it is|'s)\s+(?:now\s+)?(?:the\s+)?$", re.IGNORECASE)

    def r_ordday(self, t, g):
        """'the second day of an offensive': a day counted from an event; when the text says it is
        that day ("It's the second day of ..."), it is the publication day."""
        if self.ref is not None and self._IS_NOW.search(self.text, max(0, t.start - 12), t.start):
            return self.point(t, "day", self.ref, "published")
        t.value = "XXXX-XX-XX"
        return t

    # -- weekdays and days ----------------------------------------------------------------------

    def _pod(self, t: Timex, word: str | None, day: dt.date | None, anchor: str | None):
        """Add a part of day to a resolved day (TIME 2023-05-30TMO), or keep the DATE."""
        if not word:
            return t
        code = self.lex.parts_of_day.get(key(word))
        if code is None:
            return t
        t.type = "TIME"
        base = t.value if day is not None or t.value else "XXXX-XX-XX"
        t.value = base + ("T" + code)
        return t

    def r_weekday(self, t, g):
        wd = self.lex.weekdays[key(g["weekday"])]
        rel, anaphoric = _rel(g.get("rel") or g.get("rel2"))
        pod = g.get("pod")
        if g.get("plural") or (pod and key(pod).endswith("s") and not rel):
            t.type = "SET"
            code = self.lex.parts_of_day.get(key(pod)) if pod else None
            t.value = f"XXXX-WXX-{wd}" + (f"T{code}" if code and ":" not in code else "")
            return t
        if self.ref is None and not anaphoric:
            t.value = f"XXXX-WXX-{wd}"
            return self._pod(t, pod, None, None) if pod else t
        ref, anchor = self.ref, "published"
        if anaphoric and self.anaphor() is not None:
            ref, anchor = self.anaphor().point, self.anaphor().id
        elif anaphoric and ref is None:
            t.value = f"XXXX-WXX-{wd}"
            return t
        if rel in ("last", "past", "this past", "previous", "preceding", "prior"):
            day = cal.weekday_near(ref, wd, "past_strict")
        elif rel in ("next", "coming", "this coming", "following"):
            day = cal.weekday_near(ref, wd, "future_strict")
        elif rel == "this":
            day = cal.weekday_near(ref, wd, "week")
        elif rel in ("same", "that"):
            day = cal.weekday_near(ref, wd, "past")
        else:
            tense = self.tense(t.start, t.end)
            day = cal.weekday_near(ref, wd, "future" if tense == "future" else "past")
        self.point(t, "day", day, anchor)
        return self._pod(t, pod, day, anchor)

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

    def r_deictic(self, t, g):
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
            base = self.anaphor()
            if base is not None and base.grain == "day":
                day, anchor = base.point, base.id
            elif self.ref is not None:
                day, anchor = self.ref, "published"
            else:
                day, anchor = None, None
            self.point(t, "day", day, anchor)
            return self._pod(t, pod, day, anchor)
        offset = self._DEICTIC.get(word)
        if offset is None:
            return None
        if word == "last" and pod and key(pod) == "night":
            offset = -1
        day = self.ref + dt.timedelta(days=offset) if self.ref is not None else None
        base = self.anaphor() if word == "overnight" else None
        if base is not None and base.grain == "day" and base.type == "DATE" and t.start - base.end < 300:
            # "Friday ... overnight losses in New York": the night before the day talked about
            self.point(t, "day", base.point - dt.timedelta(days=1), base.id)
            return self._pod(t, pod, t.point, base.id)
        self.point(t, "day", day, "published")
        if day is None:
            t.value = "XXXX-XX-XX"
        if pod:
            return self._pod(t, pod, day, "published")
        return t

    def r_clock(self, t, g):
        if g.get("fixed"):
            hhmm = self.lex.parts_of_day[key(g["fixed"])]
        else:
            hour_text = key(g["hour"])
            hour = int(hour_text) if hour_text.isdigit() else int(parse_number(hour_text, self.lex) or 0)
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
        base = self.anaphor()
        if base is not None and base.grain == "day" and t.start - base.end < 400:
            day, anchor = base.point, base.id
        else:
            day, anchor = self.ref, "published"
        date = day.isoformat() if day is not None else "XXXX-XX-XX"
        t.value = f"{date}T{hhmm}"
        t.point, t.grain, t.anchor = day, "day", anchor if day is not None else None
        t.extra["clock"] = hhmm
        return t

    def r_holiday(self, t, g):
        rule = self.lex.holidays[key(g["holiday"])]

        def make(y):
            if ":" in rule:
                n, wd, month = (int(x) for x in rule.split(":"))
                return cal.nth_weekday(y, month, n, wd)
            month, day = (int(x) for x in rule.split("-"))
            return dt.date(y, month, day)

        if g.get("year"):
            return self.point(t, "day", make(int(g["year"])), None)
        if self.ref is None:
            t.value = "XXXX-XX-XX" if ":" in rule else f"XXXX-{rule}"
            return t
        rel, _ = _rel(g.get("rel"))
        if rel in ("last", "past", "previous"):
            d = cal.pick_year(self.ref, make, "past", strict=True)
        elif rel in ("next", "coming", "this coming"):
            d = cal.pick_year(self.ref, make, "future", strict=True)
        elif rel == "this":
            d = make(self.ref.year)
        else:
            d = cal.pick_year(self.ref, make, self.tense(t.start, t.end))
        return self.point(t, "day", d, "published")

    def r_season(self, t, g):
        code = self.lex.seasons[key(g["season"])]
        if g.get("spelled"):
            year = self._spelled_year(g["spelled"])
            if year is None:
                return None
            return self.point(t, "season", dt.date(year, cal.SEASON_START[code] % 12 or 12, 1), None, code)
        if g.get("year"):
            return self.point(
                t, "season", dt.date(int(g["year"]), cal.SEASON_START[code] % 12 or 12, 1), None, code
            )
        if self.ref is None:
            t.value = f"XXXX-{code}"
            return t
        rel, _ = _rel(g.get("rel"))
        ref = self.ref
        current = cal.season_of(ref.month)
        start = cal.SEASON_START[code]
        year = ref.year
        if rel in ("last", "past", "this past", "previous"):
            if code == current or start > ref.month:
                year -= 1
        elif rel in ("next", "coming", "this coming", "following"):
            if code == current or start <= ref.month:
                year += 1
        elif rel in ("this", "current"):
            pass
        else:
            tense = self.tense(t.start, t.end)
            if tense == "future" and code != current and start <= ref.month:
                year += 1
            elif tense == "past" and code != current and start > ref.month:
                year -= 1
        return self.point(t, "season", dt.date(year, 6, 1), "published", code)

    # -- relative units -------------------------------------------------------------------------

    def r_relunit(self, t, g):
        text = key(t.text)
        unit = key(g.get("unit") or "")
        rel_text = g.get("rel") or ""
        if key(rel_text) == "the weekend":
            return self._weekend(t, None)
        if key(rel_text) in (
            "year-earlier",
            "year-ago",
            "year-before",
            "prior-year",
            "the year-earlier",
            "the year-ago",
        ):
            base = self.anaphor()
            prev = self.previous
            if (
                prev is not None
                and self.ref is not None
                and prev.type == "DATE"
                and prev.grain == "year"
                and prev.point is not None
                and prev.point.year == self.ref.year - 1
                and t.start - prev.end < 300
            ):
                # "in the 1988 period. The year-ago results": already the period a year back
                t.extra["back"] = True
                return self.point(t, "year", prev.point, prev.id or prev.anchor)
            found = self.comparison(t)
            if found is not None:
                return found
            t.extra["back"] = True
            if base is not None and base.grain in ("quarter", "month", "year", "half", "day"):
                grain = base.grain if base.grain != "day" else "year"
                return self.point(t, grain, cal.shift("year", base.point, -1), base.id or "published")
            if self.ref is None:
                t.value = "XXXX"
                return t
            return self.point(t, "year", cal.shift("year", self.ref, -1), "published")
        if g.get("yearend"):
            t.mod = "END"
            if self.ref is None:
                t.value = "XXXX"
                return t
            return self.point(
                t, "year", cal.shift("year", self.ref, _REL_SHIFT.get(key(rel_text), 0)), "published"
            )
        rel, anaphoric = _rel(rel_text) if rel_text else ("this", False)
        if (
            rel_text
            and re.match(r"(?:the|that)\s+" + re.escape(key(rel_text)), text)
            and not key(rel_text).startswith("the")
        ):
            rel, anaphoric = _rel("the " + key(rel_text))
        if unit == "fiscal year":
            unit = "year"
        if unit in ("morning", "afternoon", "evening", "night"):
            base = self.anaphor() if anaphoric else None
            day = base.point if base is not None and base.grain == "day" else self.ref
            if day is not None:
                day = day + dt.timedelta(days=_REL_SHIFT.get(rel, 0))
            self.point(t, "day", day, base.id if base is not None and base.grain == "day" else "published")
            return self._pod(t, unit, day, None)
        if unit == "time":
            return None
        if unit == "weekend":
            return self._weekend(t, rel)
        grain = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}.get(unit)
        if grain is None:
            return None
        n = _REL_SHIFT.get(rel, 0)
        if anaphoric and self.anaphor() is not None:
            base = self.anaphor()
            result = self.point(t, grain, cal.shift(grain, base.point, n), base.id)
            if grain == "day" and n == 0 and base.grain in ("month", "year"):
                # "last October ... that same day": the day is not known, only its month
                result.value = base.value + ("-XX" if base.grain == "month" else "-XX-XX")
            return result
        if self.ref is None:
            t.value = cal.UNKNOWN[grain]
            return t
        if grain == "day" and "the day" in text:  # "late in the day"
            return self.point(t, "day", self.ref, "published")
        if grain == "decade" and rel == "past":
            # "the past decade": the ten years up to now ("the last decade" is the previous one)
            t.type = "DURATION"
            t.value = "P10Y"
            return t
        return self.point(t, grain, cal.shift(grain, self.ref, n), "published")

    def _weekend(self, t, rel):
        if self.ref is None:
            t.value = "XXXX-WXX-WE"
            return t
        ref = self.ref
        wd = ref.isoweekday()
        if rel in ("last", "past", "previous", "this past"):
            day = ref - dt.timedelta(days=7) if wd >= 6 else cal.weekday_near(ref, 6, "past")
        elif rel in ("next", "coming", "this coming", "following"):
            day = cal.weekday_near(ref, 6, "future_strict") if wd < 6 else ref + dt.timedelta(days=7)
        elif rel == "this" or wd >= 6:
            day = cal.weekday_near(ref, 6, "week")
        elif self.tense(t.start, t.end) == "future":
            day = cal.weekday_near(ref, 6, "week")
        else:
            day = cal.weekday_near(ref, 6, "past")
        return self.point(t, "weekend", day, "published")

    # -- offsets: "three days ago", "a year earlier", "a day after <event>" ------------------

    _GRAIN_OF_UNIT = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}

    def r_offset(self, t, g, following: Timex | None = None, event_time: Timex | None = None):
        unit = self.lex.units[key(g["unit"])]
        direction = key(g["dir"])
        num = g["num"]
        count = 1.0 if key(num) == "the" else parse_number(num, self.lex)
        if key(num) == "the" and key(g["unit"]) != unit.name:
            count = None  # "the days before the vote"
        sign = -1 if direction in ("ago", "earlier", "before") else 1
        if count is None and key(num) != "the" and direction in ("before", "after", "earlier", "later"):
            # "several months before he took office", "a few days later": a vague length of time
            if direction in ("before", "after") and event_time is None:
                self._event_anchor(t, following)
            return self._offset_duration(t, None, g)
        if count is None:
            if direction in ("ago", "earlier", "before"):
                t.value = "PAST_REF"
            elif direction in ("from now", "hence"):
                t.value = "FUTURE_REF"
            else:
                t.value = "XXXX-XX-XX"
            t.anchor = "published" if direction in ("ago", "from now", "hence") else None
            if direction in ("before", "after") and event_time is None:
                self._event_anchor(t, following)
            return t
        if direction in ("earlier", "later") and unit.grain in ("second", "minute", "hour", "day", "week"):
            # "three days later": TimeML reads a narrative offset as a duration
            t.type = "DURATION"
            t.value = duration_value(count, key(g["unit"]), self.lex)
            cut = re.search(r"\s+(?:or\s+so\s+)?(?:earlier|later)$", t.text, re.IGNORECASE)
            if cut:
                t.end = t.start + cut.start()
                t.text = t.text[: cut.start()]
            base_t = self.anaphor()
            t.anchor = base_t.id if base_t is not None else None
            return t
        grain = self._GRAIN_OF_UNIT.get(unit.grain)
        months = {"M": 1, "Q": 3, "Y": 12}.get(unit.code)
        n = count * unit.factor
        if direction in ("before", "after"):
            base_t = event_time or self._event_anchor(t, following)
            if base_t is None and t.anchor_text is None:  # "the day before": the last time talked about
                base_t = self.anaphor()
                if base_t is not None:
                    t.anchor = base_t.id
            base = base_t.point if base_t is not None and base_t.point is not None else None
            if base_t is None and t.anchor_text is not None and self._counted(g):
                # "twenty years after the first astronauts were chosen": TimeML marks the length
                # of time (DURATION P20Y); the event anchor stays recorded
                return self._offset_duration(t, count, g)
        elif (
            direction == "earlier" and unit.grain == "year" and count == 1 and self.comparison(t) is not None
        ):
            return self.comparison(t)
        elif direction in ("earlier", "later"):
            base_t = self.anaphor()
            base = base_t.point if base_t is not None else self.ref
            t.anchor = base_t.id if base_t is not None else "published"
            if base_t is not None and base_t.grain in ("quarter", "month") and unit.grain == "year":
                grain = base_t.grain
        else:
            base = self.ref
            t.anchor = "published"
            lq = self.quarter_context(t.start)
            if unit.grain == "year" and count == 1 and self.comparison(t, ago=True) is not None:
                return self.comparison(t, ago=True)
            if lq is not None and unit.grain == "year":
                base, grain, t.anchor = lq.point, "quarter", lq.id
        if unit.grain in ("hour", "minute", "second"):
            if self.ref_time is not None and direction in ("ago", "from now", "hence"):
                moment = self.ref_time + dt.timedelta(**{unit.grain + "s": sign * n})
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
        if (
            months is not None
            and abs(n * months - round(n * months)) < 1e-9
            and months < 12
            and grain == "year"
        ):
            grain = "month"
        return self.point(t, grain, moved, t.anchor)

    @staticmethod
    def _counted(g) -> bool:
        """An offset with a real count or a modifier ("two days", "at least 30 days", "one year"), as
        opposed to the indefinite "a day after", which reads as the point right after the event."""
        return bool(g.get("amod")) or key(g["num"]) not in ("a", "an", "the")

    def _offset_duration(self, t: Timex, count: float | None, g) -> Timex:
        """The length part of an offset as a DURATION; the direction word leaves the span."""
        t.type = "DURATION"
        t.value = duration_value(count, key(g["unit"]), self.lex)
        t.point = None
        t.grain = None
        cut = re.search(r"\s+(?:or\s+\w+\s+)?(?:earlier|later|before|after)$", t.text, re.IGNORECASE)
        if cut:
            t.end = t.start + cut.start()
            t.text = t.text[: cut.start()]
        return t

    def comparison(self, t: Timex, ago: bool = False) -> Timex | None:
        """'a year earlier', 'year-ago': a year before the time just talked about.

        Financial news compares a figure with the same period a year before: the period is the
        time expression right before (its granularity is kept); a comparison right after another
        comparison refers to the same earlier period. None when there is no such time nearby.
        """
        prev = self.previous
        if prev is None or t.start - prev.end > 300:
            return None
        if prev.extra.get("back") and prev.point is not None:
            t.extra["back"] = True
            return self.point(t, prev.grain, prev.point, prev.anchor)
        if prev.point is None or prev.type not in ("DATE", "TIME"):
            if ago or self.ref is None or prev.type != "DURATION":
                return None
            t.extra["back"] = True  # "the nine months ... a year earlier": the year before
            return self.point(t, "year", cal.shift("year", self.ref, -1), "published")
        grain = prev.grain if prev.grain != "weekend" else "week"
        if grain not in ("quarter", "month", "half", "day", "year") or (
            ago and grain not in ("quarter", "half")
        ):
            return None
        if grain == "day" and prev.anchor == "published" and not re.search(r"\d", prev.text):
            return None  # "yesterday ... a year earlier": a year before publication
        t.extra["back"] = True
        return self.point(t, grain, cal.shift("year", prev.point, -1), prev.id or "published")

    def quarter_context(self, start: int) -> Timex | None:
        """The quarter talked about just before (same or previous sentence), for 'a year ago'."""
        lq = self.last_quarter
        if lq is None or start - lq.end > 1000:
            return None
        return lq

    def _event_anchor(self, t: Timex, following: Timex | None) -> Timex | None:
        """After "before"/"after": a time expression (returned) or an event clause (recorded)."""
        text = self.text
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

    # -- durations, sets, vague -----------------------------------------------------------------

    def r_duration(self, t, g):
        unit_key = key(g["unit"])
        if unit_key not in self.lex.units:
            return None
        t.type = "DURATION"
        text = key(t.text)
        if g.get("long"):
            t.value = duration_value(None, unit_key, self.lex)
            return t
        num = g.get("num")
        if num is None:
            singular = not re.search(r"(?:s|ia)$", text)
            t.value = duration_value(1.0 if singular else None, unit_key, self.lex)
            return t
        if g.get("num2"):
            first = parse_number(num, self.lex)
            t.value = duration_value(first, unit_key, self.lex)
            return t
        if (
            unit_key.startswith("quarter")
            and re.match(
                r"\s+of\s+(?:the|a|an|its|their|his|her|all|those|these)\b", self.text[t.end : t.end + 12]
            )
            and parse_number(num, self.lex) is not None
        ):
            return None  # "three-quarters of the votes" (but "several quarters of losses")
        if (
            key(num) in ("a", "an")
            and unit_key in ("second", "minute")
            and not g.get("amod")
            and "half" not in text
        ):
            return None  # "a second time"
        count = parse_number(num, self.lex)
        if (
            text == "one day"
            and not re.search(
                r"\b(?:for|in|within|of|over|than|about|only|just|a|the|every|each)\s+$",
                self.text[max(0, t.start - 10) : t.start],
                re.I,
            )
            and self.tense(t.start, t.end) == "future"
        ):
            t.type, t.value = "DATE", "FUTURE_REF"  # "Islam will one day be ...": some day
            t.anchor = "published" if self.ref is not None else None
            return t
        if key(num) in ("a", "an", "one") and text.endswith("and a half"):
            count = 1.5
        if count is not None and count <= 0:
            return None
        t.value = duration_value(count, unit_key, self.lex)
        if count is None and key(num) in ("some", "many") and not g.get("rel"):
            if not unit_key.endswith("s") and unit_key not in ("centuries", "millennia"):
                return None
        return t

    def r_set(self, t, g):
        t.type = "SET"
        if g.get("setword"):
            t.value = self.lex.sets[key(g["setword"])]
            return t
        if g.get("weekday"):
            wd = self.lex.weekdays[key(g["weekday"])]
            pod = g.get("pod2")
            code = self.lex.parts_of_day.get(key(pod)) if pod else None
            t.value = f"XXXX-WXX-{wd}" + (f"T{code}" if code and ":" not in code else "")
            return t
        if g.get("month"):
            t.value = f"XXXX-{self._month(g['month']):02d}"
            return t
        if g.get("season"):
            t.value = f"XXXX-{self.lex.seasons[key(g['season'])]}"
            return t
        if g.get("pod"):
            code = self.lex.parts_of_day[key(g["pod"])]
            t.value = f"XXXX-XX-XXT{code}"
            return t
        unit_key = key(g["unit"])
        count = parse_number(g["num"], self.lex) if g.get("num") else 1.0
        if g.get("other"):
            count = 2.0
        if count is None:
            return None
        t.value = duration_value(count, unit_key, self.lex)
        return t

    def r_vague(self, t, g):
        phrase = key(g["vague"])
        found = self.lex.vague.get(phrase) or self.lex.vague.get("the " + phrase)
        if found is None:
            return None
        t.type, t.value = found
        if t.value.endswith("_REF"):
            t.anchor = "published" if self.ref is not None else None
        return t


# --------------------------------------------------------------------------------------------------
# Merging neighbours: "10 p.m. Wednesday", "Tuesday, 10 a.m.", "Sunday, March 8"


_JOIN = re.compile(r"[ \t]*,?[ \t]*(?:on[ \t]+)?$")


def merge(text: str, items: list[Timex]) -> list[Timex]:
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


def extract(text: str, published: str | None = None, doc=None) -> list[Timex]:
    """Every time expression in `text`, resolved against `published` (ISO date or None)."""
    lex = lexicon()
    if not text:
        return []
    chosen = select(find_candidates(text, lex))
    resolver = Resolver(text, published, doc, lex)
    results: list[Timex] = []
    pending: dict[int, Timex] = {}
    for i, m in enumerate(chosen):
        if i in pending:
            t = pending.pop(i)
            results.append(t)
            continue
        if m.rule == "offset" and key(m.groups.get("dir") or "") in ("before", "after"):
            following = None
            nxt = chosen[i + 1] if i + 1 < len(chosen) else None
            if nxt is not None and nxt.start - m.end <= 2:
                following = resolver.resolve(nxt)
                if following is not None:
                    following.id = f"t{len(results) + 2}"
                    pending[i + 1] = following
            t = Timex(m.start, m.end, text[m.start : m.end], "DATE", "")
            t = resolver.r_offset(t, m.groups, following)
            if t is not None and t.value:
                mod = m.groups.get("amod")
                if mod:
                    t.mod = lex.modifiers.get(key(mod))
                if t.anchor_text is not None and t.extra.get("clause"):
                    _anchor_from_clause(t, chosen, resolver, m)
        else:
            t = resolver.resolve(m)
        if t is None:
            continue
        t.id = f"t{len(results) + 1}"
        results.append(t)
    results = merge(text, results)
    # renumber in order, and point the anchors that named an old id at the new one (as a pass over all
    # the results for each would, renaming included, but through an index of who anchors on what)
    anchored: dict[str, list[Timex]] = {}
    for t in results:
        if t.anchor is not None:
            anchored.setdefault(t.anchor, []).append(t)
    for n, t in enumerate(results, 1):
        old = t.id
        t.id = f"t{n}"
        if t.id == old or old not in anchored:
            continue
        moved = [other for other in anchored[old] if other is not t]
        anchored[old] = [other for other in anchored[old] if other is t]
        for other in moved:
            other.anchor = t.id
        anchored.setdefault(t.id, []).extend(moved)
    return results


def _anchor_from_clause(t: Timex, chosen: list[Match], resolver: Resolver, m: Match) -> None:
    """If the anchoring clause itself holds a date ("after the vote on May 5"), resolve from it."""
    pos, end = t.extra["clause"]
    for other in chosen:
        if (
            pos <= other.start
            and other.end <= end
            and other.rule not in ("duration", "set", "vague", "offset")
        ):
            probe = Resolver(resolver.text, None, None, resolver.lex)
            probe.ref, probe.ref_time, probe.last = resolver.ref, resolver.ref_time, resolver.last
            inner = probe.resolve(other)
            if inner is not None and inner.point is not None and inner.grain == "day":
                t2 = Timex(t.start, t.end, t.text, "DATE", "")
                t2 = resolver.r_offset(t2, m.groups, None, event_time=inner)
                if t2 is not None and t2.point is not None:
                    t.type, t.value, t.point, t.grain = "DATE", t2.value, t2.point, t2.grain
            return
