"""The actors found in one article so far: `Actor`, `Mention` and `ActorIndex` (the bookkeeping that
resolution and coreference share; coref.py and the stage both import it, so neither imports the other)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from wirecoder.actors import coref
from wirecoder.actors.dictionary import ActorDictionary, OrgEntry, PersonEntry
from wirecoder.actors.resolve import name_tokens
from wirecoder.attribution.quotes import toggled_quote_spans
from wirecoder.model import Document


@dataclass
class Actor:
    key: tuple
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None = None
    gender: str | None = None
    role_keys: set[str] = field(default_factory=set)
    past_keys: set[str] = field(default_factory=set)
    name_words: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    plural: bool = False


@dataclass
class Mention:
    start: int
    end: int
    actor: Actor
    sent: int
    subject: bool
    in_quote: bool
    pronoun: bool = False
    speaker: bool = False  # subject of a speech verb ('X said', 'he added')


class ActorIndex:
    """The actors found so far, their mentions in text order, and what coreference needs."""

    def __init__(self, doc: Doc, document: Document, d: ActorDictionary):
        """An empty index over one article's Doc, with its sentences, quotations and entities."""
        self.doc = doc
        self.document = document
        self.d = d
        self.date = (document.published or "")[:10] or None
        self.actors: dict[tuple, Actor] = {}
        self.history: list[Mention] = []
        self.starts_of: dict[int, list[int]] = {}  # id(actor) -> the starts of its mentions, sorted
        # the actors by their latest mention in `history` (of any mention, and of a mention by name),
        # latest last: 'the actor of the latest mention that ...' without reading the whole history
        self.recent: dict[int, Actor] = {}
        self.recent_named: dict[int, Actor] = {}
        self.by_span: dict[tuple[int, int], Actor] = {}
        self.text = doc.text  # built from the tokens on every access: read once
        self.sent_starts = [s.start_char for s in doc.sents]
        self.quotes = toggled_quote_spans(self.text)
        self.context_country: str | None = None
        self.country_counts: dict[str, int] = {}
        self.ent_at_token: dict[int, Span] = {k: ent for ent in doc.ents for k in range(ent.start, ent.end)}

    # -- bookkeeping
    def sent_of(self, char: int) -> int:
        """The index of the sentence that character `char` is in."""
        return bisect.bisect_right(self.sent_starts, char) - 1

    def mentions_before(self, actor: Actor, char: int) -> int:
        """How many mentions of `actor` found so far start before `char`."""
        return bisect.bisect_left(self.starts_of.get(id(actor), ()), char)

    def get(self, key: tuple, **make: Any) -> Actor:
        """The actor with this key, created from `make` when there is none yet."""
        actor = self.actors.get(key)
        if actor is None:
            actor = self.actors[key] = Actor(key=key, **make)
        return actor

    def mention(self, actor: Actor, start: int, end: int, tok: Token | None, pronoun: bool = False) -> None:
        """Record a mention of `actor` at [start, end) (once per span), with its subject and quote flags."""
        if (start, end) in self.by_span:
            return
        subject = tok is not None and tok.dep_ in ("nsubj", "nsubjpass")
        m = Mention(
            start,
            end,
            actor,
            self.sent_of(start),
            subject,
            coref.inside(self.quotes, start),
            pronoun,
            subject and tok is not None and coref.is_speech_verb(tok.head),
        )
        actor.mentions.append(m)
        self.history.append(m)
        bisect.insort(self.starts_of.setdefault(id(actor), []), start)
        self.recent.pop(id(actor), None)
        self.recent[id(actor)] = actor
        if not pronoun:
            self.recent_named.pop(id(actor), None)
            self.recent_named[id(actor)] = actor
        self.by_span[(start, end)] = actor
        if actor.country:
            self.country_counts[actor.country] = self.country_counts.get(actor.country, 0) + 1

    def dominant_country(self) -> str | None:
        """The country most mentioned actors belong to so far, or None."""
        if not self.country_counts:
            return None
        return max(self.country_counts.items(), key=lambda kv: kv[1])[0]

    # -- actor constructors
    def country_actor(self, iso3: str) -> Actor:
        """The actor of a country as a state."""
        return self.get(
            ("country", iso3),
            name=self.d.country_name(iso3) or iso3,
            kind="country",
            country=iso3,
            sector=None,
        )

    def government(self, iso3: str) -> Actor:
        """The actor of a country's government (plural: 'they' may refer to it)."""
        adj = self.d.adjective(iso3)
        name = f"{adj} government" if adj else f"Government of {self.d.country_name(iso3)}"
        actor = self.get(("gov", iso3), name=name, kind="organization", country=iso3, sector="GOV")
        actor.role_keys.add("government")
        actor.plural = True
        return actor

    def person_from_entry(self, entry: PersonEntry) -> Actor:
        """The actor of a dictionary person, with the office held on the article's date."""
        office, current = entry.office_on(self.date)
        key = ("person", entry.name)
        actor = self.actors.get(key)
        if actor is None:
            country = office.country if office else None
            if office is None:
                sector, role = None, None
            elif current:
                sector, role = office.sector, office.role
            else:
                sector, role = "ELI", f"former {office.role}"
            actor = self.get(key, name=entry.name, kind="person", country=country, sector=sector, role=role)
            actor.gender = entry.gender
            actor.name_words = set(name_tokens(entry.name))
            for alias in entry.aliases:
                actor.name_words.update(name_tokens(alias))
            for off in entry.offices:
                if office is not None and off is office and current:
                    actor.role_keys.add(off.office)
                elif off.office:
                    actor.past_keys.add(off.office)
        return actor

    def organization(self, entry: OrgEntry) -> Actor:
        """The actor of a dictionary organisation (a seat of government is that government)."""
        if entry.name in self.d.seats:
            return self.government(self.d.seats[entry.name])
        actor = self.get(
            ("org", entry.name), name=entry.name, kind=entry.kind, country=entry.country, sector=entry.sector
        )
        last = entry.name.split()[-1].lower()
        actor.role_keys.add(last)
        return actor
