"""The actors stage: every mention of a person, organisation, country or group -> one canonical actor.

One left-to-right pass over the article's mentions (named entities, role noun phrases, pronouns), so
anaphora only looks back (cataphora in quotes, '"I ...," Putin said', is a second pass). Each mention
is resolved by the first rule that applies:
- named people: earlier actors with the same name words ('Putin' after 'Vladimir Putin'), then the
  dictionary (with the office held on `published`), else a new person with the country and role that
  the text gives it ('Ukrainian presidential aide Mykhailo Podolyak');
- organisations: the dictionary, seats of government (the Kremlin -> Russian government), else a new
  organisation with country and sector from its name;
- countries and capitals: metonymy (see metonymy.py; the places stage's sense wins where present);
- role noun phrases ('Russian forensic experts', 'a State Department spokesperson', 'the Kyiv regime',
  'the president'): owner country/organisation from modifiers, 'of'-phrases and context, titles to the
  office holder on `published`, definite phrases ('the spokesperson') to the last actor in that role;
- pronouns: coref.py;
- peoples ('Palestinians', 'Iraqi Kurds', 'ethnic Albanians in Serbia'): a group of the country the
  text places them in (else their own state; an 'ethnic' group the text does not place: none), CVL
  when counted or described ('100 Palestinians'), no sector for the people as a side.
`country_at(document, start, end)` (for the events stage) gives the country of the actor on a span,
or, when no actor is there, of the literal place there ('a curfew in Algiers' -> DZA).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from wirecoder.actors import coref
from wirecoder.actors.dictionary import ActorDictionary, active_dictionary
from wirecoder.actors.index import ActorIndex
from wirecoder.actors.lookup import ActorLookup, actor_at, actor_spans, country_at
from wirecoder.actors.names import _entity, _named
from wirecoder.actors.roles import _chunk
from wirecoder.language.alternation import alternation
from wirecoder.model import ActorRecord, Document
from wirecoder.model import Span as TextSpan

__all__ = [
    "ActorLookup",
    "actor_at",
    "actor_spans",
    "actors_stage",
    "country_at",
]  # lookup: for old importers

PRONOUNS = coref.PERSONAL | coref.NEUTER | coref.PLURAL | coref.FIRST_PERSON


@dataclass
class _Resolution:
    """What resolving one mention may read, and the tokens that larger phrases have claimed."""

    index: ActorIndex
    places: dict[tuple[int, int], tuple[str, str | None]]
    claimed: set[int] = field(default_factory=set)  # tokens already resolved as part of a larger phrase


def _resolve_chunk(r: _Resolution, chunk: Span) -> None:
    """A noun phrase: a name with modifiers, or a role noun phrase."""
    _chunk(r.index, chunk, r.index.ent_at_token, r.claimed, r.places)


def _resolve_name(r: _Resolution, span: Span) -> None:
    """A dictionary name the entity recogniser missed."""
    _named(r.index, span)  # a dictionary name the entity recogniser missed


def _resolve_entity(r: _Resolution, ent: Span) -> None:
    """A named entity, unless a larger phrase already resolved it."""
    if ent.start not in r.claimed:
        _entity(r.index, ent, r.index.ent_at_token, r.places)


def _resolve_pronoun(r: _Resolution, tok: Token) -> None:
    """A pronoun (first-person pronouns wait for the second pass)."""
    coref.resolve_pronoun(r.index, tok)


# One resolver per kind of mention, as the driver below tags them.
MENTION_RESOLVERS: dict[str, Callable[[_Resolution, Any], None]] = {
    "chunk": _resolve_chunk,
    "name": _resolve_name,
    "ent": _resolve_entity,
    "pron": _resolve_pronoun,
}


def _mentions(doc: Doc, index: ActorIndex, d: ActorDictionary) -> list[tuple[int, int, str, Any]]:
    """(token start, order at that start, kind, mention) of every mention to resolve, in text order:
    at the same token a noun phrase (0) before a name (1) before a pronoun (2)."""
    items: list[tuple[int, int, str, Any]] = []
    ents = doc.ents  # a new tuple of new spans on every access: read once
    for ent in ents:
        items.append((ent.start, 1, "ent", ent))
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.lower_ in PRONOUNS and len(chunk) == 1:
            continue
        items.append((chunk.start, 0, "chunk", chunk))
    for tok in coref.tokens_in(doc, PRONOUNS):
        if tok.pos_ == "PRON" or tok.lower_ in ("his", "her", "its", "their"):
            items.append((tok.i, 2, "pron", tok))
    covered = {k for ent in ents for k in range(ent.start, ent.end)}
    for m in _surface_pattern(d).finditer(index.text):
        span = doc.char_span(m.start(), m.end())
        if span is not None and not any(k in covered for k in range(span.start, span.end)):
            items.append((span.start, 1, "name", span))
    items.sort(key=lambda x: (x[0], x[1]))  # stable: equal keys keep the order above
    return items


def actors_stage(doc: Doc, document: Document) -> None:
    """Pipeline stage: fill document.actors and set entity.actor on document.entities."""
    d = active_dictionary()
    index = ActorIndex(doc, document, d)
    resolution = _Resolution(index, _place_senses(document, d))
    for _start, _order, kind, mention in _mentions(doc, index, d):
        try:
            MENTION_RESOLVERS[kind](resolution, mention)
        except (IndexError, KeyError, ValueError):
            # A parse the rules do not expect (a head outside its sentence, a span that does not align
            # with the tokens: IndexError/ValueError from spaCy, KeyError from a table lookup) leaves
            # this one mention unresolved rather than losing the article's actors; other errors are bugs.
            continue
    coref.resolve_first_person(index)
    _write(index, document)


_PATTERNS: dict[int, re.Pattern] = {}


def _surface_pattern(d: ActorDictionary) -> re.Pattern:
    """People's names and aliases (and user organisations) as one pattern, built once per dictionary."""
    pattern = _PATTERNS.get(id(d))
    if pattern is None:
        surfaces = [s for s in d.people if len(s) >= 4 and s[:1].isupper()]
        surfaces += [
            s for s, org in d.organizations.items() if org.kind != "organization" or s in d.user_surfaces
        ]
        surfaces += [s for s in d.user_surfaces if len(s) >= 3]
        # A prefix tree of the names: the same matches as the flat list, longest first, much faster.
        alternatives = alternation(surfaces)
        pattern = re.compile(rf"(?<![\w-]){alternatives}(?![\w-])" if surfaces else r"(?!x)x")
        _PATTERNS.clear()
        _PATTERNS[id(d)] = pattern
    return pattern


def _place_senses(document: Document, d: ActorDictionary) -> dict[tuple[int, int], tuple[str, str | None]]:
    """(start, end) -> (sense, ISO-3) from the places stage's output, when it ran."""
    senses: dict[tuple[int, int], tuple[str, str | None]] = {}
    for place in document.places or []:
        iso3 = d.iso2_to_iso3.get(place.country or "")
        for m in place.mentions:
            if m.sense in ("literal", "metonymic"):
                senses[(m.start, m.end)] = (m.sense, iso3)
    return senses


# -- output ----------------------------------------------------------------------------------------


def _write(index: ActorIndex, document: Document) -> None:
    """document.actors from the index (ids a1, a2, ... by first mention) and entity.actor on each entity."""
    text = document.text
    actors = [a for a in index.actors.values() if a.mentions]
    actors.sort(key=lambda a: min(m.start for m in a.mentions))
    out: list[ActorRecord] = []
    ids: dict[int, str] = {}
    for n, actor in enumerate(actors, 1):
        aid = f"a{n}"
        ids[id(actor)] = aid
        mentions = sorted(actor.mentions, key=lambda m: (m.start, m.end))
        out.append(
            ActorRecord(
                id=aid,
                name=actor.name,
                kind=actor.kind,
                country=actor.country,
                sector=actor.sector,
                role=actor.role,
                mentions=[TextSpan(m.start, m.end, text[m.start : m.end]) for m in mentions],
            )
        )
    document.actors = out
    spans = {span: ids[id(a)] for span, a in index.by_span.items() if id(a) in ids}
    # an entity with no mention of its own takes the first mention (in `spans` order) that contains
    # it: the mentions are sorted by start, so only those starting within `longest` before it are read
    order = sorted((s, e, n) for n, (s, e) in enumerate(spans))
    starts = [s for s, _, _ in order]
    longest = max((e - s for s, e, _ in order), default=0)
    values = list(spans.values())
    for ent in document.entities:
        aid = spans.get((ent.start, ent.end))
        if aid is None:
            lo = bisect.bisect_left(starts, ent.start - longest)
            hi = bisect.bisect_right(starts, ent.start)
            first = min(
                (
                    n
                    for s, e, n in order[lo:hi]
                    if s <= ent.start and ent.end <= e and (s, e) != (ent.start, ent.end)
                ),
                default=None,
            )
            aid = values[first] if first is not None else None
        ent.actor = aid
