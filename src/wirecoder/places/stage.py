"""Pipeline stage: the article's place names, resolved, into Document.places and entities[].place.

Place names are the entities labelled GPE and LOC, FAC entities the gazetteer knows (air bases,
airports, landmarks), demonyms (NORP) that name a country ('Syrian' -> Syria, as in LGL's
convention), and place names that open an organisation's name ('Gainesville' in 'Gainesville Police
Department', 'Ohio' in 'Ohio Department of Health'; also an ORG entity that is just a country's or
state's name, a common tagging slip). All of them are resolved together, so each is the context of the
others. Mentions that resolve to the same gazetteer entry form one place; a GPE/LOC name with no good
candidate is still a place, with null coordinates; a name that is no place ('the West') and unknown
FAC/NORP/ORG names are left out. Each mention carries its sense (places/sense.py). An entity whose
whole text is a mention links to its place (entities[].place).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from wirecoder.countries import countries
from wirecoder.model import Document, Entity, PlaceMention, PlaceRecord
from wirecoder.places.geocode import get_resolver, resolve_spans
from wirecoder.places.names import Q_ALTERNATE, name_key
from wirecoder.places.recognize import STREET, Context, is_street, recognise
from wirecoder.places.resolve import Resolved
from wirecoder.places.sense import LITERAL, span_sense
from wirecoder.resources import read_records

PLACE_LABELS = {"GPE", "LOC"}
# Labels spaCy gives streets and roads ('Monument Avenue' FAC, 'Ann Road' PERSON).
STREET_LABELS = {"FAC", "ORG", "PERSON", "WORK_OF_ART", "PRODUCT"}
RESOLVED_ONLY_LABELS = {"FAC", "NORP"}
# A town at least this large may open an organisation's name as a place ('Gainesville Police').
EMBEDDED_TOWN_POPULATION = 5_000
EMBEDDED_KINDS = {"country", "admin1", "admin2", "city", "locality"}


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    entity: Entity | None  # the entity this mention is, when it is a whole entity


def places_stage(doc: Doc, document: Document) -> None:
    """Fill document.places with the article's place names, resolved, and link entities to them."""
    mentions = [
        _Mention(e.start, e.end, e.text, STREET if _street(e.text) else e.label, e)
        for e in document.entities
        if e.label in PLACE_LABELS
        or e.label in RESOLVED_ONLY_LABELS
        or (e.label in STREET_LABELS and _street(e.text))
    ]
    mentions += _embedded(document)
    mentions += _dateline(document, mentions)
    mentions += _repeated(document, mentions)
    mentions += _recognised(doc, document, mentions)
    mentions = [m for m in mentions if not _names_something_else(document.text, m)]
    mentions.sort(key=lambda m: m.start)
    streets = [m for m in mentions if m.label == STREET]
    mentions = [m for m in mentions if m.label != STREET]
    results = resolve_spans(document.text, [(m.start, m.end) for m in mentions])
    person_words = {w for e in document.entities if e.label == "PERSON" for w in e.text.split()}
    places: dict[tuple, PlaceRecord] = {}
    for mention, result in zip(mentions, results, strict=True):
        if (result is None or result.lat is None) and any(w in person_words for w in mention.text.split()):
            continue  # an unknown name that is part of a person's name here ('Farrin', 'Ms Izevbekhai')
        found = _place_fields(mention, result)
        if found is None:
            continue
        key, fields = found
        place = places.get(key)
        if place is None:
            place = places[key] = PlaceRecord(id=f"p{len(places) + 1}", **fields, mentions=[])
        sense = LITERAL if mention.label in ("ORG", DATELINE) else span_sense(doc, mention.start, mention.end)
        _add_mention(place, mention, sense)
    _place_streets(document.text, streets, places)
    document.places = list(places.values())


def _add_mention(place: PlaceRecord, mention: _Mention, sense: str) -> None:
    place.mentions.append(PlaceMention(mention.start, mention.end, mention.text, sense))
    if mention.entity is not None:
        mention.entity.place = place.id


_IN_TOWN = re.compile(r"(?:,[ ]*| in | of )$")


def _place_streets(text: str, streets: list[_Mention], places: dict[tuple, PlaceRecord]) -> None:
    """Streets and roads as mentions of the town they lie in: the town they are named with ('Hazel
    Street in Lansing', 'Main Street, Tipperary'), else the town the article names most; without a town
    they are left out. (The output has no kind for a street, and the events stage merges an incident's
    mentions by their place: 'in Toledo' and 'on Main Street' are one place.)"""
    towns = [p for p in places.values() if p.kind in ("city", "locality") and p.lat is not None]
    if not streets or not towns:
        return
    main = max(towns, key=lambda p: len(p.mentions))
    for street in streets:
        anchor = main
        for town in towns:
            if any(
                _IN_TOWN.search(text[street.end : m.start])
                for m in town.mentions
                if 0 < m.start - street.end <= 4
            ):
                anchor = town
        _add_mention(anchor, street, LITERAL)
        anchor.mentions.sort(key=lambda m: m.start)


@lru_cache(maxsize=1)
def _seats() -> frozenset[str]:
    return frozenset(seat for country in countries().values() for seat in country.seats)


def _street(name: str) -> bool:
    """A street's or road's name, but not a seat of government's ('Downing Street' is the government)."""
    return is_street(name) and name not in _seats()


def _recognised(doc: Doc, document: Document, mentions: list[_Mention]) -> list[_Mention]:
    """Place names spaCy's NER missed, found by the gazetteer and a cue (places/recognize.py)."""
    text = document.text
    taken = _Taken((m.start, m.end) for m in mentions)
    other = [e for e in document.entities if e.label not in PLACE_LABELS]
    resolver = get_resolver()

    def is_name(start: int, end: int) -> bool:
        # Part of another entity ('Jordan' in 'Michael Jordan') is no place; a whole one may be, with a
        # cue: spaCy tags single town names PERSON or ORG ('volunteers from Brampton').
        for e in other:
            if e.start < end and start < e.end and (e.start, e.end) != (start, end):
                return False
        if not doc.has_annotation("POS"):
            return True
        span = doc.char_span(start, end, alignment_mode="expand")
        return span is not None and all(t.pos_ == "PROPN" for t in span)

    def area_names(name: str) -> bool:
        return bool(resolver._areas_for(name_key(name))) and not (len(name) <= 2 and not name.isupper())

    def state_code(code: str) -> bool:
        return any(a.country == "US" and a.kind == "admin1" for a in resolver._areas_for(name_key(code)))

    context = Context(resolver.gaz, taken.overlaps, is_name, area_names, state_code)
    found = []
    for start, end, label in recognise(text, context, taken.add):
        if label == STREET and text[start:end] in _seats():
            continue
        found.append(_Mention(start, end, text[start:end], label, None))
    return found


def _place_fields(mention: _Mention, result: Resolved | None) -> tuple[tuple, dict] | None:
    """The identity and the fields of the place a mention names; None when it names none: a name that
    is no place ('the West'), an unknown FAC/NORP/ORG name, or a demonym of no country ('Sunni')."""
    if result is not None and result.kind == "none":
        return None
    if result is None or result.lat is None:
        if mention.label not in PLACE_LABELS:
            return None
        fields = {"name": mention.text, "geonames_id": None, "lat": None, "lon": None, "country": None,
                  "admin1": None, "kind": "other"}  # fmt: skip
        return ("unresolved", name_key(mention.text)), fields
    if mention.label == "NORP" and result.kind != "country":
        return None
    fields = result.to_dict()
    fields.pop("confidence", None)
    return result.key, fields


# Entities of these labels that repeat a place name of the same article are that place ('Gainesville'
# tagged PERSON in one sentence and GPE in another).
RELABEL = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "NORP"}
_WORD = re.compile(r"\w")


def _repeated(document: Document, mentions: list[_Mention]) -> list[_Mention]:
    """One name, one reading per article: other occurrences of a GPE/LOC name are mentions too,
    whether the tagger gave them another label or none (capitalised as written, whole words only)."""
    # Words of multi-word person names stay people: 'Jordan' after 'Michael Jordan'.
    person_words = {
        w for e in document.entities if e.label == "PERSON" and " " in e.text for w in e.text.split()
    }
    names = sorted(
        {
            m.text
            for m in mentions
            if m.label in PLACE_LABELS
            and len(m.text) >= 4
            and m.text[:1].isupper()
            and m.text not in person_words
        },
        key=lambda name: (-len(name), name),  # longest first ('Boulder County' before 'Boulder'), fixed order
    )
    if not names:
        return []
    # the characters of the spans taken so far, and the entities sorted by start with their longest
    # length: each occurrence is checked against the spans near it, not all of them
    taken = _Taken((m.start, m.end) for m in mentions)
    covered = sorted((e.start, e.end, e) for e in document.entities)
    starts = [s for s, _, _ in covered]
    longest = max((e_ - s for s, e_, _ in covered), default=0)
    text = document.text
    found = []
    for name in names:
        for match in re.finditer(re.escape(name), text):
            start, end = match.start(), match.end()
            if (start and _WORD.match(text[start - 1])) or (end < len(text) and _WORD.match(text[end])):
                continue
            if taken.overlaps(start, end):
                continue
            near = covered[bisect.bisect_left(starts, start - longest) : bisect.bisect_left(starts, end)]
            owner = [e for s, e_, e in near if s < end and start < e_]
            if not owner:
                if start and not _sentence_start(text, start):
                    found.append(_Mention(start, end, name, "GPE", None))
            elif (
                len(owner) == 1
                and owner[0].label in RELABEL
                and (owner[0].start, owner[0].end) == (start, end)
            ):
                found.append(_Mention(start, end, name, "GPE", owner[0]))
            taken.add(start, end)
    return found


class _Taken:
    """Spans of the text, for 'does any of them overlap this one?' in time proportional to the span's
    length: the characters they cover are kept in a set (spans without characters in a list)."""

    def __init__(self, spans=()):
        self.chars: set[int] = set()
        self.empty: list[int] = []
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        """Take a span."""
        if end > start:
            self.chars.update(range(start, end))
        else:
            self.empty.append(start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span taken."""
        # [s, e) and [start, end) overlap when s < end and start < e: for s < e, when they share a
        # character; an empty span [s, s) when start < s < end
        return any(c in self.chars for c in range(start, end)) or any(start < s < end for s in self.empty)


@dataclass(frozen=True, slots=True)
class NonplaceFollowers:
    """A row of data/places/nonplace.tsv: words after a place name that make it name something else."""

    followers: tuple[str, ...]


@lru_cache(maxsize=1)
def _nonplace_followers() -> frozenset[str]:
    return frozenset(
        w for row in read_records("places/nonplace.tsv", NonplaceFollowers) for w in row.followers
    )


_NEXT_WORD = re.compile(r"[\s-]*([\w']+)")


def _names_something_else(text: str, mention: _Mention) -> bool:
    """'Reston' in 'Reston ebolavirus', 'West Nile' in 'West Nile virus'; codes such as 'H5N1'."""
    if mention.label == STREET:
        return False  # 'County Road 109', 'KY 52'
    if any(ch.isdigit() for ch in mention.text):
        return True
    following = _NEXT_WORD.match(text, mention.end)
    return bool(following) and following.group(1).lower() in _nonplace_followers()


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?"“”\n:'


# A dateline opens a paragraph near the top: 'NAMPA --', 'NAMPA, Idaho —', 'KYIV (Reuters) -',
# 'Springfield, Ill. (AP) —'. The place name is group 1; a state or country may follow it.
DATELINE = "DATELINE"
DATELINE_PATTERN = re.compile(
    # upper-case name ('NAMPA --', 'NEW YORK (AP) —'), or a name with its state or agency ('Nampa, Idaho —')
    r"(?:^|\n)[ \t]*(?:([A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3})"
    r"(?:,[ ]*[A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*){0,2})?"
    r"|([A-Z][a-z.'’-]+(?:[ ][A-Z][a-z.'’-]+){0,3})"
    r"(?:,[ ]*[A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*){0,2}|[ ]*\([A-Za-z .&-]{1,30}\))"
    r"(?:[ ]*\([A-Za-z .&-]{1,30}\))?)"
    r"[ ]*(?:\([A-Za-z .&-]{1,30}\))?[ ]*(?:--|—|–|-)[ ]"
)
DATELINE_WINDOW = 600  # characters from the start of the text


def _dateline(document: Document, mentions: list[_Mention]) -> list[_Mention]:
    """The place of a dateline, unless an entity already covers it; kept only if the gazetteer knows it."""
    match = DATELINE_PATTERN.search(document.text[:DATELINE_WINDOW])
    if match is None:
        return []
    group = 1 if match.group(1) else 2
    start, end = match.span(group)
    if any(m.start < end and start < m.end for m in mentions):
        return []
    return [_Mention(start, end, match.group(group), DATELINE, None)]


def _embedded(document: Document) -> list[_Mention]:
    """Place names at the start of ORG entities ('Hall County Sheriff's Office' -> 'Hall County')."""
    gaz = get_resolver().gaz
    text = document.text
    found = []
    for entity in document.entities:
        if entity.label != "ORG":
            continue
        words = entity.text.split()
        offset = 0
        if words and words[0].lower() == "the":
            offset = entity.text.index(words[0]) + len(words[0])
            offset += len(entity.text[offset:]) - len(entity.text[offset:].lstrip())
            words = words[1:]
        for n in range(min(3, len(words)), 0, -1):
            whole = n == len(words)
            if not whole and not words[n][:1].isupper():
                continue
            prefix = " ".join(words[:n])
            if not prefix[:1].isupper() or len(prefix) < 3:
                continue
            candidates = [c for c in gaz.lookup(name_key(prefix)) if c.q > Q_ALTERNATE]
            if whole:
                ok = any(c.kind in ("country", "admin1") and not c.secondary for c in candidates)
            else:
                ok = any(
                    c.kind in EMBEDDED_KINDS
                    and (c.kind not in ("city", "locality") or c.population >= EMBEDDED_TOWN_POPULATION)
                    for c in candidates
                )
            if ok:
                start = entity.start + offset
                end = start + len(prefix)
                if text[start:end] == prefix:
                    found.append(
                        _Mention(start, end, prefix, "ORG", entity if whole and not offset else None)
                    )
                break
    return found
