"""What resolution keeps while it goes through a text: the publication date, the last point talked
about (for anaphora: "the next day"), the last quarter and the last expression, and the helpers the
handlers share (relation words, the year of a date without one, parts of day)."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

import wirecoder.times.calendar as cal
from wirecoder.times.lexicon import TimeLexicon, key, lexicon
from wirecoder.times.tense import clause_tense, sentence
from wirecoder.times.timex import Timex

_ANAPHORIC_REL = {"following", "same", "that"}
_AHEAD = re.compile(
    r"\b(?:by|until|till|through|effective|starting|beginning)\s+(?:early\s+|mid-?|late\s+)?$", re.I
)


def relation(text: str | None) -> tuple[str | None, bool]:
    """The relation word and whether it is anaphoric ('the following', 'the same', 'that')."""
    if not text:
        return None, False
    k = key(text)
    has_the = k.startswith("the ")
    word = k[4:] if has_the else k
    anaphoric = word in _ANAPHORIC_REL or (has_the and word in ("next", "previous", "preceding", "prior"))
    return word, anaphoric


class Resolver:
    """The state of resolving the selected candidates of one text, left to right."""

    def __init__(
        self, text: str, published: str | None, doc: Doc | None = None, lex: TimeLexicon | None = None
    ):
        self.text = text
        self.lex = lex or lexicon()
        self.ref, self.ref_time = cal.parse_published(published)
        self.doc = doc
        self.last: Timex | None = None  # the last resolved point (DATE/TIME), for anaphora
        self.last_quarter: Timex | None = None
        self.previous: Timex | None = None  # the last resolved expression of any kind

    # -- context ------------------------------------------------------------------------------

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The character bounds of the sentence around a span."""
        return sentence(self.text, start, end)

    def tense(self, start: int, end: int) -> str | None:
        """'future', 'past' or None for the clause around a span."""
        return clause_tense(self.text, start, end, self.lex, self.doc)

    def anaphor(self) -> Timex | None:
        """The last resolved point, which 'the next day', 'that week' refer to."""
        if self.last is not None and self.last.point is not None:
            return self.last
        return None

    def remember(self, result: Timex) -> None:
        """Keep a resolved expression as the context of the next ones."""
        self.previous = result
        if result.type in ("DATE", "TIME") and result.point is not None and not result.extra.get("back"):
            self.last = result
            if result.grain == "quarter" and not result.extra.get("back"):
                self.last_quarter = result

    # -- output helpers -------------------------------------------------------------------------

    def point(
        self, t: Timex, grain: str, day: dt.date | None, anchor: str | None, season: str | None = None
    ) -> Timex:
        """`t` as the period of `grain` around `day` (unknown: XXXX-style), with its anchor."""
        t.grain = grain
        t.point = day
        t.anchor = anchor
        t.value = cal.render(grain, day, season) if day is not None else cal.UNKNOWN[grain]
        return t

    def part_of_day(self, t: Timex, word: str | None, day: dt.date | None, anchor: str | None) -> Timex:
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

    # -- parts of dates -------------------------------------------------------------------------

    def month_number(self, word: str) -> int:
        """'Sept.' -> 9."""
        return self.lex.months[key(word).rstrip(".")]

    def day_number(self, word: str) -> int:
        """'5th', 'fifth' -> 5."""
        k = key(word)
        if k in self.lex.ordinals:
            return self.lex.ordinals[k]
        return int(re.sub(r"\D", "", k))

    def year_number(self, word: str) -> int:
        """A four-digit year, or a two-digit one in the century of the publication date."""
        k = key(word).lstrip("'")
        if len(k) == 2:
            y = int(k)
            if self.ref is not None:
                century = self.ref.year // 100 * 100
                return century + y if century + y <= self.ref.year + 10 else century - 100 + y
            return 1900 + y if y > 30 else 2000 + y
        return int(k)

    def dated(
        self, t: Timex, year: int | None, month: int, day: int, weekday: int | None = None
    ) -> Timex | None:
        """A day; without a year, the year that fits the weekday given, or the tense."""
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

        def make(y: int) -> dt.date | None:
            try:
                return dt.date(y, month, day)
            except ValueError:  # February 29 in a year without one
                return None

        if weekday is not None:
            fitting = [make(y) for y in (self.ref.year, self.ref.year - 1, self.ref.year + 1)]
            fitting = [d for d in fitting if d is not None and d.isoweekday() == weekday]
            if fitting:
                return self.point(t, "day", fitting[0], "published")
        d = cal.pick_year(self.ref, make, self.future_only(t))
        if d is None:
            return None
        return self.point(t, "day", d, "published")

    def future_only(self, t: Timex) -> str | None:
        """Tense for a date without a year: the nearest one, unless the clause is future.

        (A past verb does not move a date back: "declared a dividend, payable Dec. 15".)
        """
        tense = self.tense(t.start, t.end)
        if tense != "past" and _AHEAD.search(self.text, max(0, t.start - 24), t.start):
            return "nearest"  # "pay down the loan by February", "effective Feb. 1": not last year's
        return "future" if tense == "future" else "news"
