"""What the events stage builds: a resolved mention (`Resolved`), an event of merged mentions
(`Event`), and the stage's rule table (data/events/stage.tsv: anaphors, count owners, material types,
interception verbs)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from wirecoder.actors.dictionary import active_dictionary
from wirecoder.events.mention import Count, EventMention
from wirecoder.model import ActorRecord, AttributionRecord, PlaceRecord, TimeRecord
from wirecoder.resources import read_records

ANY = "*"


@dataclass(frozen=True)
class Rules:
    anaphors: dict[str, frozenset[str]]  # noun lemma -> PLOVER types it can refer back to
    owners: dict[str, tuple[str, ...]]  # count category -> PLOVER types that take it, preferred first
    material: frozenset[str]
    intercepts: frozenset[str]  # verbs of defence against a weapon ('shoot down', 'intercept')
    definite: frozenset[str]  # determiners of a definite event noun ('the attack')
    place_prepositions: frozenset[str]  # 'the drone assault on Moscow': the noun's place may follow


@dataclass(frozen=True)
class StageRow:
    """A row of stage.tsv (its comment explains the kinds)."""

    kind: str
    word: str = ""
    types: tuple[str, ...] = ()


# kind of a stage.tsv row -> how it enters the tables being built (name -> collection)
STAGE_KINDS: dict[str, Callable[[dict[str, Any], StageRow], None]] = {
    "anaphor": lambda tables, row: tables["anaphors"].setdefault(row.word, set()).update(row.types),
    "owner": lambda tables, row: tables["owners"].__setitem__(row.word, row.types),
    "material": lambda tables, row: tables.__setitem__("material", frozenset(row.types)),
    "intercept": lambda tables, row: tables["intercepts"].add(row.word),
    "definite": lambda tables, row: tables["definite"].add(row.word),
    "place_preposition": lambda tables, row: tables["place_prepositions"].add(row.word),
}


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The stage's rule table (data/events/stage.tsv), read once."""
    tables: dict[str, Any] = {
        "anaphors": {},
        "owners": {},
        "material": frozenset(),
        "intercepts": set(),
        "definite": set(),
        "place_prepositions": set(),
    }
    for row in read_records("events/stage.tsv", StageRow):
        if row.kind not in STAGE_KINDS:
            raise ValueError(f"stage.tsv: unknown kind {row.kind!r}")
        STAGE_KINDS[row.kind](tables, row)
    return Rules(
        anaphors={k: frozenset(v) for k, v in tables["anaphors"].items()},
        owners=tables["owners"],
        material=tables["material"],
        intercepts=frozenset(tables["intercepts"]),
        definite=frozenset(tables["definite"]),
        place_prepositions=frozenset(tables["place_prepositions"]),
    )


@dataclass
class Resolved:
    """One mention with its arguments resolved to ids, its time and its status."""

    mention: EventMention
    actor: ActorRecord | None
    recipient: ActorRecord | None
    place: PlaceRecord | None
    time: TimeRecord | None
    status: str
    attribution: AttributionRecord | None
    anaphoric: frozenset[str]  # the event types a definite noun may refer back to; empty: not anaphoric


@dataclass
class Event:
    type: str
    parts: list[Resolved] = field(default_factory=list)
    inferred_actor: ActorRecord | None = None  # the attacker named elsewhere, when the text gives none
    time: dict | None = None
    references: list[tuple[int, int]] = field(default_factory=list)  # 'the incident' as an argument
    # attributions denying a part ("Kyiv's role in the attack")
    denied_by: list[str] = field(default_factory=list)
    # while merge_mentions builds the event (its parts only grow, and are not changed): what first() and
    # facts() found, kept up to date by add(), so that comparing a mention with the event does not
    # read every part again
    memo: dict | None = field(default=None, repr=False, compare=False)
    extra_counts: list[Count] = field(default_factory=list)  # counts told in sentences without an event
    main: bool = False  # the incident the article is about (events/incident.py)
    context: bool = False  # another incident, told for context ('an earlier shooting', 'shootings this year')
    place: PlaceRecord | None = None  # the incident's place, when gathered beyond its mentions
    place_precision: int | None = None  # ACLED geo_precision of that place

    def first(self, name: str) -> Any:
        """The first non-empty argument among the parts, the reporter's own words before claims."""
        memo = self.memo
        if memo is not None and name in memo["first"]:
            return memo["first"][name][0]
        value, asserted = None, False
        for wanted in (True, False):  # the parts in order, asserted ones first
            for part in self.parts:
                if (part.status == "asserted") == wanted and (value := getattr(part, name)) is not None:
                    asserted = wanted
                    break
            if value is not None:
                break
        if memo is not None:
            memo["first"][name] = (value, asserted)
        return value

    def facts(self) -> dict[str, Any]:
        """Sets over the parts (mode words, place and recipient ids, sentences and the parts in each),
        for merge_mentions's comparisons."""
        if self.memo is not None and "facts" in self.memo:
            return self.memo["facts"]
        facts: dict[str, Any] = {"modes": set(), "places": set(), "recipients": set(), "by_sentence": {}}
        for p in self.parts:
            _add_fact(facts, p)
        if self.memo is not None:
            self.memo["facts"] = facts
        return facts

    def building(self) -> Event:
        """Keep first() and facts() answers while merge_mentions adds parts (until done())."""
        self.memo = {"first": {}}
        return self

    def add(self, part: Resolved) -> None:
        """A part more; what first() and facts() keep is updated for it."""
        self.parts.append(part)
        memo = self.memo
        if memo is None:
            return
        here = part.status == "asserted"
        first = memo["first"]
        for name, (value, asserted) in first.items():
            new = getattr(part, name)
            # the first value of an asserted part stands; a later asserted one beats a claimed one
            if new is not None and (value is None or (here and not asserted)):
                first[name] = (new, here)
        if "facts" in memo:
            _add_fact(memo["facts"], part)

    def done(self) -> None:
        """Stop keeping answers: later steps change the parts."""
        self.memo = None

    @property
    def actor(self) -> ActorRecord | None:
        """The first actor among the parts, else the one inferred from other attacks."""
        return self.first("actor") or self.inferred_actor


def _add_fact(facts: dict[str, Any], p: Resolved) -> None:
    if p.mention.mode:
        facts["modes"].add(p.mention.mode)
    if p.place:
        facts["places"].add(p.place.id)
    if p.recipient:
        facts["recipients"].add(p.recipient.id)
    facts["by_sentence"].setdefault(p.mention.sentence, []).append(p)


def iso_day(value: str | None) -> str | None:
    """The YYYY-MM-DD day a time value starts with, if it names a day."""
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def iso3(item: ActorRecord | PlaceRecord) -> str | None:
    """Actors carry ISO-3 countries, places ISO-2: compare them as ISO-3."""
    code = item.country
    if code and len(code) == 2:
        return active_dictionary().iso2_to_iso3.get(code)
    return code
