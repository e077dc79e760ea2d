"""The counts lexicon: count triggers, categories, number words, quantity modifiers and context
words (data/events/counts_*.tsv and times/numbers.tsv), read once; and the Quantity a phrase gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.strings import hash_string

from wirecoder.resources import read_records, read_table


@dataclass(frozen=True)
class CountTrigger:
    word: str
    pos: frozenset[str]
    category: str
    role: str
    weak: bool
    needs: frozenset[str]
    explicit: bool = False  # only a written number counts ('evacuated the building' is not one person)
    excludes: frozenset[str] = frozenset()  # it does not count with these words ('shot down the drones')


@dataclass(frozen=True)
class TriggerRow:
    """A row of counts_triggers.tsv; `needs` entries with '!' are words it must not stand with."""

    word: str
    pos: tuple[str, ...]
    category: str
    role: str
    flags: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()

    def trigger(self) -> CountTrigger:
        """The count trigger this row describes."""
        return CountTrigger(
            self.word,
            frozenset(self.pos),
            self.category,
            self.role,
            "weak" in self.flags,
            frozenset(w for w in self.needs if not w.startswith("!")),
            "explicit" in self.flags,
            frozenset(w[1:] for w in self.needs if w.startswith("!")),
        )


@dataclass(frozen=True)
class CategoryRow:
    """A row of counts_categories.tsv."""

    category: str
    kind: str  # person / thing
    covers: tuple[str, ...] = ()  # the categories this one counts together
    note: str = ""


@dataclass(frozen=True)
class QuantityRow:
    """A row of counts_quantities.tsv (its comment explains the kinds)."""

    word: str
    kind: str
    value: int | None = None
    unit: int | None = None


@dataclass(frozen=True)
class QuantityModifier:
    """A row of counts_modifiers.tsv: how 'at least N', 'about N', 'between' bound a number."""

    phrase: str
    low: str = ""
    best: str = ""
    high: str = ""
    kind: str = ""


@dataclass(frozen=True)
class ContextRow:
    """A row of counts_context.tsv: a word and the role it plays around a count."""

    word: str
    role: str


@dataclass
class Quantity:
    low: int | None
    best: int | None
    high: int | None
    start: int  # token indices [start, stop)
    stop: int

    @property
    def is_zero(self) -> bool:
        """'no one', 'no casualties': a count of none."""
        return self.low == self.best == self.high == 0


class CountLexicon:
    """The data tables of counts_*.tsv (and times/numbers.tsv), read once."""

    def __init__(self) -> None:
        categories = read_records("events/counts_categories.tsv", CategoryRow)
        self.person_categories: set[str] = {row.category for row in categories if row.kind == "person"}
        # casualties -> {killed, injured}
        self.covers: dict[str, frozenset[str]] = {
            r.category: frozenset(r.covers) for r in categories if r.covers
        }
        self.triggers: dict[str, list[CountTrigger]] = {}
        for row in read_records("events/counts_triggers.tsv", TriggerRow):
            self.triggers.setdefault(row.word, []).append(row.trigger())
        self._read_quantities()
        self.modifiers: dict[tuple[str, ...], QuantityModifier] = {
            tuple(row.phrase.lower().split()): row
            for row in read_records("events/counts_modifiers.tsv", QuantityModifier)
        }
        self.max_modifier = max(len(k) for k in self.modifiers)
        self.context: dict[str, set[str]] = {}
        for row in read_records("events/counts_context.tsv", ContextRow):
            self.context.setdefault(row.role, set()).add(row.word)
        self.trigger_words = frozenset(self.triggers)
        # the prefilter compares string hashes of each token's form and lemma with these, for the whole
        # Doc at once; '-d' / '-ed' forms catch lemmatizer slips ('staged' -> 'stag')
        forms = {f for w in self.trigger_words for f in (w, w.capitalize(), w + "d", w + "ed")}
        self.trigger_hashes = numpy.array(sorted(hash_string(f) for f in forms), dtype=numpy.uint64)

    def _read_quantities(self) -> None:
        """The number words: times/numbers.tsv (read by position: the times stage keeps it headerless)
        less the not_number words, then counts_quantities.tsv by kind (QUANTITY_KINDS)."""
        self.numbers: dict[str, int] = {}
        for row in read_table("times/numbers.tsv"):
            if len(row) >= 2 and row[1].isdigit():
                self.numbers[row[0].lower()] = int(row[1])
        self.a_numbers: dict[str, int] = {}
        self.multipliers: dict[str, int] = {}
        self.vague: dict[str, tuple[int, int]] = {}
        self.vague_words: dict[str, int] = {}
        self.zero: set[str] = set()
        self.negative_any: set[str] = set()
        rows = read_records("events/counts_quantities.tsv", QuantityRow)
        for row in rows:
            if row.kind == "not_number":
                self.numbers.pop(row.word, None)
        for row in rows:
            if row.kind not in QUANTITY_KINDS:
                raise ValueError(f"counts_quantities.tsv: unknown kind {row.kind!r} for {row.word!r}")
            QUANTITY_KINDS[row.kind](self, row)

    def joint_category(self, a: str, b: str) -> str | None:
        """The category that counts a and b together ('killed', 'injured' -> 'casualties')."""
        for joint, covered in self.covers.items():
            if a != b and {a, b} == covered:
                return joint
        return None


# kind of a counts_quantities.tsv row -> how it enters the lexicon
QUANTITY_KINDS: dict[str, Callable[[CountLexicon, QuantityRow], None]] = {
    "multiplier": lambda lex, row: lex.multipliers.__setitem__(row.word, row.value),
    "number": lambda lex, row: lex.numbers.__setitem__(row.word, row.value),
    "vague": lambda lex, row: lex.vague.__setitem__(row.word, (row.value, row.unit)),
    "vague_word": lambda lex, row: lex.vague_words.__setitem__(row.word, row.value),
    "a_number": lambda lex, row: lex.a_numbers.__setitem__(row.word, row.value),
    "zero": lambda lex, row: lex.zero.add(row.word),
    "negative_any": lambda lex, row: lex.negative_any.add(row.word),
    "not_number": lambda lex, row: None,  # taken out of the numbers before the other kinds
}


@lru_cache(maxsize=1)
def lexicon() -> CountLexicon:
    """The counts lexicon, read once."""
    return CountLexicon()
