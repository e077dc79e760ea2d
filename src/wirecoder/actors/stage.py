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
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from wirecoder.actors import coref, metonymy
from wirecoder.actors.dictionary import ActorDictionary, OrgEntry, PersonEntry, active_dictionary
from wirecoder.actors.resolve import HONORIFICS, name_tokens, org_sector, role_of
from wirecoder.language.alternation import alternation
from wirecoder.model import Document

# Role nouns that name weapons: an actor only when an owner is named ('Ukrainian drones').
WEAPONS = {
    "drones", "drone", "missiles", "warplanes", "jets", "fighter jets", "aircraft", "artillery",
    "warships", "tanks", "air defenses", "air defences", "anti-air defenses", "helicopters", "gunships",
}  # fmt: skip
# Collectives whose country may come from context (the last place named) when the text names none.
CONTEXT_COLLECTIVES = {"authorities", "officials", "police", "rescuers", "investigators", "prosecutors"}
# Collectives that are never actors without an owner (too generic).
NEED_OWNER = WEAPONS | {"people", "population", "citizens", "residents", "civilians", "workers", "businesses"}
DEFINITE = {"the", "this", "that"}
# Person nouns that fix the pronoun a person is referred to by ('the woman ... she').
GENDERED_NOUNS = {
    "woman": "f", "mother": "f", "wife": "f", "girl": "f", "daughter": "f", "sister": "f",
    "spokeswoman": "f", "businesswoman": "f", "congresswoman": "f", "chairwoman": "f", "queen": "f",
    "man": "m", "father": "m", "husband": "m", "boy": "m", "son": "m", "brother": "m",
    "spokesman": "m", "businessman": "m", "congressman": "m", "chairman": "m", "king": "m",
    "policeman": "m", "gunman": "m",
}  # fmt: skip
# Words that put a title in the past: the person is an elite (ELI), no longer the office.
FORMER = {"former", "ex", "ousted", "deposed", "exiled", "toppled", "overthrown", "late"}
# Offices that a title alone resolves to the holder of ('the Russian president' -> Putin); a
# spokesperson or adviser is one of many, so those titles never name a person from the dictionary.
HOLDER_OFFICES = {
    "president", "vice president", "prime minister", "chancellor", "monarch", "supreme leader",
    "crown prince", "foreign minister", "defence minister", "secretary-general",
}  # fmt: skip
PRONOUNS = coref.PERSONAL | coref.NEUTER | coref.PLURAL | coref.FIRST_PERSON


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
        self.quotes = coref.quote_spans(self.text)
        self.context_country: str | None = None
        self.country_counts: dict[str, int] = {}
        self.ent_at_token: dict[int, Span] = {k: ent for ent in doc.ents for k in range(ent.start, ent.end)}

    # -- bookkeeping
    def sent_of(self, char: int) -> int:
        return bisect.bisect_right(self.sent_starts, char) - 1

    def mentions_before(self, actor: Actor, char: int) -> int:
        """How many mentions of `actor` found so far start before `char`."""
        return bisect.bisect_left(self.starts_of.get(id(actor), ()), char)

    def get(self, key: tuple, **make: Any) -> Actor:
        actor = self.actors.get(key)
        if actor is None:
            actor = self.actors[key] = Actor(key=key, **make)
        return actor

    def mention(self, actor: Actor, start: int, end: int, tok: Token | None, pronoun: bool = False) -> None:
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
        if not self.country_counts:
            return None
        return max(self.country_counts.items(), key=lambda kv: kv[1])[0]

    # -- actor constructors
    def country_actor(self, iso3: str) -> Actor:
        return self.get(
            ("country", iso3),
            name=self.d.country_name(iso3) or iso3,
            kind="country",
            country=iso3,
            sector=None,
        )

    def government(self, iso3: str) -> Actor:
        adj = self.d.adjective(iso3)
        name = f"{adj} government" if adj else f"Government of {self.d.country_name(iso3)}"
        actor = self.get(("gov", iso3), name=name, kind="organization", country=iso3, sector="GOV")
        actor.role_keys.add("government")
        actor.plural = True
        return actor

    def person_from_entry(self, entry: PersonEntry) -> Actor:
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
        if entry.name in self.d.seats:
            return self.government(self.d.seats[entry.name])
        actor = self.get(
            ("org", entry.name), name=entry.name, kind=entry.kind, country=entry.country, sector=entry.sector
        )
        last = entry.name.split()[-1].lower()
        actor.role_keys.add(last)
        return actor


# ----------------------------------------------------------------------------------------------------


def actors_stage(doc: Doc, document: Document) -> None:
    """Pipeline stage: fill document.actors and set entity.actor on document.entities."""
    d = active_dictionary()
    index = ActorIndex(doc, document, d)
    places = _place_senses(document, d)
    ent_at_token = index.ent_at_token
    claimed: set[int] = set()  # tokens already resolved as part of a larger phrase
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
    items.sort(key=lambda x: (x[0], x[1]))
    for _start, _order, what, obj in items:
        try:
            if what == "chunk":
                _chunk(index, obj, ent_at_token, claimed, places)
            elif what == "name":  # a dictionary name the entity recogniser missed
                _named(index, obj)
            elif what == "ent":
                if obj.start in claimed:
                    continue
                _entity(index, obj, ent_at_token, places)
            else:
                coref.resolve_pronoun(index, obj)
        except (IndexError, KeyError, ValueError):  # a malformed parse must not lose the article
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


def _named(index: ActorIndex, span: Span) -> None:
    d = index.d
    entry = d.people.get(span.text)
    if entry is not None:
        actor = _match_known_person(index, name_tokens(span.text)) or index.person_from_entry(entry)
        index.mention(actor, span.start_char, span.end_char, span.root)
        return
    org = d.organizations.get(span.text)
    if org is not None:
        index.mention(index.organization(org), span.start_char, span.end_char, span.root)


def _place_senses(document: Document, d: ActorDictionary) -> dict[tuple[int, int], tuple[str, str | None]]:
    """(start, end) -> (sense, ISO-3) from the places stage's output, when it ran."""
    senses: dict[tuple[int, int], tuple[str, str | None]] = {}
    for place in document.places or []:
        iso3 = d.iso2_to_iso3.get(place.get("country") or "")
        for m in place.get("mentions") or []:
            sense = m.get("sense")
            if sense in ("literal", "metonymic"):
                senses[(m["start"], m["end"])] = (sense, iso3)
    return senses


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _entity(index: ActorIndex, ent: Span, ent_at_token: dict[int, Span], places: dict) -> None:
    d = index.d
    text = _strip_the(ent.text)
    label = ent.label_
    root = ent.root
    start, end = ent.start_char, ent.end_char
    if label == "PERSON":
        if text.split()[-1] in d.people_nouns and _people_group(index, ent, text, places):
            return  # 'Bosnian Serbs' mislabelled as a person
        _person(index, ent)
        return
    if text in d.people:  # a known person the recogniser mislabelled ('Olena Testenko' as ORG)
        _named(index, ent)
        return
    if label in ("ORG", "NORP", "FAC", "GPE", "LOC"):
        if text in d.seats:
            if not metonymy.seat_is_place(root):
                index.mention(index.government(d.seats[text]), start, end, root)
            return
        org = d.organizations.get(text)
        if org is not None and label != "GPE":
            index.mention(index.organization(org), start, end, root)
            return
    if label == "GPE" or (label == "LOC" and text in d.country_names):
        sense = places.get((start, end))
        country = d.country_names.get(text)
        capital = d.capitals.get(text)
        if sense is not None:
            iso3 = country or capital or sense[1]
            if sense[0] == "literal":
                _note_place(index, iso3)
            if (sense[0] == "literal" and not country) or iso3 is None:
                return
            if country:
                index.mention(index.country_actor(country), start, end, root)
            else:
                index.mention(index.government(iso3), start, end, root)
            return
        if country:
            # A country named as a place is still the state it names (the places stage records the
            # place); only capitals and seats need a metonymic reading to be actors.
            if metonymy.country_is_place(root):
                _note_place(index, country)
            index.mention(index.country_actor(country), start, end, root)
            return
        if capital:
            if metonymy.capital_sense(root) == "metonymic":
                index.mention(index.government(capital), start, end, root)
            else:
                _note_place(index, capital)
            return
        lex = _lexicon_country(text, d)
        if lex:
            _note_place(index, lex)
        return
    if label == "NORP":
        iso3 = d.demonyms.get(text)
        if root.dep_ not in ("compound", "amod", "nmod") and _people_group(index, ent, text, places):
            return
        org = d.organizations.get(text)
        if org is not None:
            index.mention(index.organization(org), start, end, root)
        elif iso3:
            # 'an Israeli proposal', 'French mediation': the state; ethnic and religious groups have
            # no entry and are left alone.
            index.mention(index.country_actor(iso3), start, end, root)
        return
    if label == "ORG":
        _unknown_org(index, ent, text)


def _people_group(index: ActorIndex, ent: Span, text: str, places: dict) -> bool:
    """A people named by nationality or ethnicity ('Palestinians', 'Iraqi Kurds', 'Bosnian Serbs',
    'ethnic Albanians in Serbia'): a civilian group (CVL) of the country the text places it in: the
    country of an 'in'/'of' phrase, else a demonym before it, else (not for 'ethnic ...') its own
    state. An ethnic group the text does not place stays without a country, unless its sentence names
    exactly one other country. Returns False when `ent` is not such a people."""
    d = index.d
    doc = ent.doc
    words = text.split()
    kin = d.demonyms.get(text) if text in d.people_nouns else None
    prefix = None  # 'Bosnian Serbs' tagged as one name
    if kin is None and len(words) > 1 and words[-1] in d.people_nouns:
        prefix = d.demonyms.get(" ".join(words[:-1])) or d.country_names.get(" ".join(words[:-1]))
    before = doc[ent.start - 1] if ent.start > 0 else None
    if prefix is None and before is not None and before.dep_ in ("amod", "compound", "nmod"):
        prev = index.ent_at_token.get(before.i)
        if prev is not None and prev.label_ in ("NORP", "GPE") and before.head.i >= ent.start:
            prefix = d.demonyms.get(_strip_the(prev.text)) or d.country_names.get(_strip_the(prev.text))
    plural_name = text[:1].isupper() and text.endswith("s") and " " not in text
    if (
        kin is None
        and prefix is None
        and not (plural_name and before is not None and before.lower_ == "ethnic")
    ):
        return False
    ethnic = before is not None and before.lower_ == "ethnic"
    residence = _residence(index, ent.root, places)
    country = residence or prefix
    if country is None and ethnic:
        others = {
            c
            for e in ent.sent.ents
            if e.label_ in ("GPE", "LOC") and e.start != ent.start
            for c in [
                d.country_names.get(_strip_the(e.text))
                or places.get((e.start_char, e.end_char), (0, None))[1]
            ]
            if c and c != kin
        }
        country = others.pop() if len(others) == 1 else None
    elif country is None:
        country = kin
    begin = before.idx if ethnic or (prefix and before is not None and not len(words) > 1) else ent.start_char
    if prefix and len(words) == 1 and before is not None:
        prev = index.ent_at_token.get(before.i)
        begin = prev.start_char if prev is not None else begin
    # Counted or described people ('100 Palestinians', 'thousands of Nigerians', 'young Algerians',
    # 'Iraqi Kurds') are civilians; 'the Palestinians' / 'Palestinians blamed Israel' is the people as
    # a political side: the country with no sector.
    sector = "CVL" if ethnic or prefix or residence or _counted(ent.root) else None
    actor = index.get(
        ("group", country, "people", words[-1], sector),
        name=text,
        kind="group",
        country=country,
        sector=sector,
    )
    actor.plural = True
    index.mention(actor, begin, ent.end_char, ent.root)
    return True


QUANTITY_NOUNS = {
    "thousands", "hundreds", "dozens", "scores", "millions", "tens", "group", "groups", "crowd",
    "crowds", "number", "some", "many", "most", "all", "several", "few", "handful", "majority",
}  # fmt: skip


def _counted(root: Token) -> bool:
    if any(
        c.dep_ in ("nummod", "amod", "quantmod") or (c.dep_ == "compound" and not c.ent_type_)
        for c in root.children
    ):
        return True
    head = root.head
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in QUANTITY_NOUNS


def _residence(index: ActorIndex, head: Token, places: dict) -> str | None:
    """The country of an 'in'/'of'/'inside' place phrase on `head` ('Albanians in south Serbia')."""
    d = index.d
    children = list(head.children)
    for child in list(children):
        if child.dep_ == "acl":  # 'Palestinians living in the West Bank'
            children.extend(child.children)
    for child in children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "inside", "throughout", "across"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                for k in range(pobj.left_edge.i, pobj.right_edge.i + 1):
                    e = index.ent_at_token.get(k)
                    if e is None or e.label_ not in ("GPE", "LOC"):
                        continue
                    c = (
                        d.country_names.get(_strip_the(e.text))
                        or places.get((e.start_char, e.end_char), (0, None))[1]
                    )
                    if c:
                        return c
    return None


def _lexicon_country(text: str, d: ActorDictionary) -> str | None:
    from wirecoder.language.lexicon import load_lexicon

    entry = load_lexicon().get(text)
    if entry is None:
        return None
    if entry.kind in ("country", "capital", "demonym"):
        return entry.ref
    if entry.kind == "admin1":
        return entry.ref
    return d.geonameid_to_iso3.get(entry.ref)


def _note_place(index: ActorIndex, iso3: str | None) -> None:
    if iso3:
        index.context_country = iso3


def _leading_country(text: str, d: ActorDictionary) -> str | None:
    """The country of a demonym or country name that a longer name starts with ('British Defence',
    "Nigeria's Union of ...")."""
    words = text.split()
    for n in (3, 2, 1):
        head = " ".join(words[:n]).rstrip("'’s").rstrip("'’")
        if len(words) > n and (head in d.demonyms or head in d.country_names):
            return d.demonyms.get(head) or d.country_names.get(head)
    return None


def _unknown_org(index: ActorIndex, ent: Span, text: str) -> None:
    d = index.d
    words = text.split()
    country = _leading_country(text, d)
    if country is None and " of " in text:
        tail = text.rsplit(" of ", 1)[1]
        country = d.country_names.get(_strip_the(tail))
    if country is None:
        country = _owner_country(index, ent.root)
    sector = org_sector(text)
    actor = index.get(("org", text), name=text, kind="organization", country=country, sector=sector)
    actor.role_keys.add(words[-1].lower())
    index.mention(actor, ent.start_char, ent.end_char, ent.root)


def _owner_country(index: ActorIndex, head: Token) -> str | None:
    """A country named in a modifier or 'of'/'in'/'from' phrase of `head`."""
    d = index.d
    for child in head.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < head.i:
            ent = index.ent_at_token.get(child.i)
            text = _strip_the(ent.text) if ent is not None else child.text
            c = d.demonyms.get(text) or d.country_names.get(text) or d.capitals.get(text)
            if c:
                return c
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "for"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    span_text = _strip_the(" ".join(t.text for t in pobj.subtree if t.dep_ != "det"))
                    c = (
                        d.country_names.get(span_text)
                        or d.capitals.get(span_text)
                        or d.country_names.get(pobj.text)
                    )
                    if c:
                        return c
    return None


# -- people ----------------------------------------------------------------------------------------


def _person(index: ActorIndex, ent: Span, pre: list[Token] | None = None) -> Actor:
    d = index.d
    text = ent.text
    words = name_tokens(text)
    start, end, root = ent.start_char, ent.end_char, ent.root
    if not words:
        words = [text.lower()]
    actor = _match_known_person(index, words)
    if actor is None:
        entry = d.people.get(text) or d.people.get(
            " ".join(text.split()[1:]) if len(text.split()) > 2 else ""
        )
        if entry is None:
            entry = d.people.get(_strip_honorific(text))
        if entry is None and len(words) >= 2:
            # 'Omar Hassan al-Bashir', 'Omar El Bashir': a variant with a middle name or another
            # spelling of the particle, when its surname is a known alias and the first names agree.
            candidate = d.people.get(text.split()[-1])
            if candidate is not None and name_tokens(candidate.name)[:1] == words[:1]:
                entry = candidate
        if entry is not None:
            actor = index.person_from_entry(entry)
    if actor is None:
        name = " ".join(text.split()) if len(words) > 0 else text
        actor = index.get(("person", name), name=name, kind="person", country=None, sector=None)
        actor.name_words = set(words)
        first = text.split()[0]
        actor.gender = d.first_names.get(first)
    elif (
        len(words) > len(name_tokens(actor.name))
        and actor.key[0] == "person"
        and actor.key[1] not in d.people
    ):
        actor.name = " ".join(text.split())  # a fuller form of a name seen before
        actor.name_words.update(words)
    if actor.key[0] == "person" and actor.key[1] not in d.people and actor.gender is None:
        # 'Clinton' first, then 'Hillary Clinton': the fuller name's entry or first name gives the gender
        entry = d.people.get(" ".join(text.split()))
        actor.gender = entry.gender if entry is not None else d.first_names.get(text.split()[0])
    # Honorifics and role words before the name, appositions after it.
    doc = ent.doc
    before = [doc[k] for k in range(max(ent.sent.start, ent.start - 2), ent.start)]
    if actor.gender is None:
        for tok in before:
            g = HONORIFICS.get(tok.lower_)
            if g:
                actor.gender = g
    info = _person_modifiers(index, ent, pre)
    if info is not None:
        role, country, org_actor, role_text = info
        if actor.country is None and country is None and org_actor is not None:
            country = org_actor.country
        if actor.key[1] not in d.people:
            if actor.country is None and country:
                actor.country = country
            if actor.sector is None and role is not None:
                sector = role.sector
                if role.inherit and org_actor is not None and org_actor.sector:
                    sector = org_actor.sector
                if role_text and set(role_text.split()) & FORMER and sector in ("GOV", "LEG", "MIL"):
                    sector = "ELI"  # 'former prime minister X', 'ousted president X': an elite, not the state
                actor.sector = sector
            if actor.role is None and role_text:
                actor.role = role_text
        elif index.date is None and role_text and set(role_text.split()) & FORMER and actor.sector == "GOV":
            actor.sector = "ELI"  # an undated article that calls a known office holder 'former'
        if role is not None:
            actor.role_keys.add(role.office or role.noun)
        if actor.country is None and role is not None and role.office and actor.key[1] not in d.people:
            # 'President Bush': every president in the dictionary with that surname held office in
            # one country (the two Presidents Bush) -> that country, though not which person.
            actor.country = _office_surname_country(d, words[-1], role.office)
    index.mention(actor, start, end, root)
    return actor


_SURNAMES: dict[int, dict[str, list[PersonEntry]]] = {}


def _office_surname_country(d: ActorDictionary, surname: str, office: str) -> str | None:
    table = _SURNAMES.get(id(d))
    if table is None:
        table = {}
        for entry in {id(e): e for e in d.people.values()}.values():
            tokens = name_tokens(entry.name)
            if tokens:
                table.setdefault(tokens[-1], []).append(entry)
        _SURNAMES.clear()
        _SURNAMES[id(d)] = table
    countries = {o.country for e in table.get(surname, []) for o in e.offices if o.office == office}
    return countries.pop() if len(countries) == 1 else None


def _strip_honorific(text: str) -> str:
    parts = text.split()
    while parts and (parts[0].lower() in HONORIFICS or parts[0].lower().rstrip(".") + "." in HONORIFICS):
        parts = parts[1:]
    return " ".join(parts)


def _match_known_person(index: ActorIndex, words: list[str]) -> Actor | None:
    """The most recently mentioned person whose name contains these words (or whose words these contain,
    same surname)."""
    wset = set(words)
    # the latest mention by name of each actor, latest first: as reading the history backwards
    for a in reversed(index.recent_named.values()):
        if a.kind != "person" or not a.name_words:
            continue
        if wset <= a.name_words:
            return a
        own = name_tokens(a.name)
        if own and set(own) <= wset and own[-1] == words[-1]:
            return a
    return None


def _person_modifiers(index: ActorIndex, ent: Span, pre: list[Token] | None):
    """(role noun, country, owner org actor, role text) from words before the name in its phrase, or an
    apposition ('Josh Earnest, the White House press secretary')."""
    doc = ent.doc
    d = index.d
    root = ent.root
    tokens = pre
    if tokens is None:
        left = root.left_edge.i
        tokens = [
            doc[k] for k in range(left, ent.start) if doc[k].dep_ not in ("det", "punct", "cc", "predet")
        ]
    role, _n = role_of(tokens, d) if tokens else (None, 0)
    phrase = tokens
    if role is None:
        for child in root.children:
            if child.dep_ == "appos" and child.i > ent.end - 1:
                ap = [t for t in child.subtree if t.i <= child.i and t.dep_ not in ("det", "punct", "cc")]
                r, _ = role_of(ap, d)
                if r is not None:
                    role, phrase = r, [t for t in child.subtree if t.dep_ not in ("det", "punct")]
                    break
    if role is None and not tokens:
        return None
    country, org_actor, role_words = None, None, []
    for tok in phrase:
        ent2 = index.ent_at_token.get(tok.i)
        if ent2 is not None and ent2.label_ in ("NORP", "GPE") and ent2.start != ent.start:
            c = (
                d.demonyms.get(ent2.text)
                or d.country_names.get(_strip_the(ent2.text))
                or d.capitals.get(ent2.text)
            )
            if c:
                country = country or c
                continue
        if ent2 is not None and ent2.label_ == "ORG":
            org = d.organizations.get(_strip_the(ent2.text))
            if org is not None and org_actor is None:
                org_actor = index.organization(org)
                index.mention(org_actor, ent2.start_char, ent2.end_char, ent2.root)
            elif org is None:  # 'British Defence' tagged as one name: its leading demonym
                country = country or _leading_country(_strip_the(ent2.text), d)
            continue
        if ent2 is not None and ent2.label_ == "PERSON":
            continue
        if tok.lower_ in ("'s", "’s", "of", "for", "to", "the", "a", "an", ",") or tok.is_punct:
            continue
        if ent2 is None:
            role_words.append(tok.text if tok.text.isupper() else tok.text.lower())
    if country is None:
        for child in root.children:  # 'King Hassan of Morocco'
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    c = d.country_names.get(pobj.text) if pobj.dep_ == "pobj" else None
                    if c:
                        country = c
    role_text = " ".join(role_words) if role is not None and role_words else None
    return role, country, org_actor, role_text


# -- role noun phrases -------------------------------------------------------------------------------


def _chunk(index: ActorIndex, chunk: Span, ent_at_token: dict, claimed: set[int], places: dict) -> None:
    d = index.d
    root = chunk.root
    ent_root = ent_at_token.get(root.i)
    if ent_root is not None and ent_root.label_ == "PERSON":
        # A name with its modifiers ('Ukrainian presidential aide Mykhailo Podolyak'): the person,
        # with the whole phrase as one more mention of it.
        pre = [t for t in chunk if t.i < ent_root.start and t.dep_ not in ("det", "predet", "punct", "cc")]
        if pre and ent_root.start not in claimed:
            actor = _person(index, ent_root, pre)
            index.mention(actor, pre[0].idx, ent_root.end_char, ent_root.root)
            for tok in pre:
                ent = ent_at_token.get(tok.i)
                if ent is None or ent.label_ in ("NORP", "GPE", "PERSON"):
                    claimed.add(tok.i)
            for k in range(ent_root.start, ent_root.end):
                claimed.add(k)
        return
    if ent_root is not None:
        return  # the phrase is a name (organisation, place): the entity resolves it
    body = [t for t in chunk if t.dep_ not in ("det", "predet", "punct") and t.i <= root.i]
    role, n = role_of(body, d)
    if role is None:
        # 'Israeli army bulldozers', 'U.S. border patrol agents': an organisation noun modifying the
        # head is the actor ('Israeli army')
        for k in range(len(body) - 2, -1, -1):
            tok = body[k]
            if tok.dep_ != "compound" or ent_at_token.get(tok.i) is not None:
                continue
            r, n2 = role_of(body[: k + 1], d)
            if r is not None and r.kind == "organization" and r.sector in ("MIL", "COP", "SPY"):
                role, n, body, root = r, n2, body[: k + 1], tok
                break
    if role is None:
        return
    if role.noun in GENDERED_NOUNS and root.tag_ in ("NNS", "NNPS"):
        return  # 'men', 'women': not one person
    if role.kind == "person" and root.dep_ == "appos":
        # 'Fowler, a former party chairman, said': the apposition is the named person again
        head = ent_at_token.get(root.head.i)
        named = index.by_span.get((head.start_char, head.end_char)) if head is not None else None
        if named is not None and named.kind == "person":
            index.mention(named, chunk.start_char, chunk.end_char, root)
            return
    det = [t for t in chunk if t.dep_ == "det"]
    mods = body[: len(body) - n]
    # owners: entities among the modifiers, possessives, of/for/in/from phrases
    country, org_actor, owner_ents = None, None, []
    metonymic_owner = False
    for tok in mods:
        ent = ent_at_token.get(tok.i)
        if ent is None:
            if tok.lower_ in ("former", "ex", "then"):
                pass
            continue
        if ent in owner_ents:
            continue
        owner_ents.append(ent)
        text = _strip_the(ent.text)
        c = d.demonyms.get(text) or d.country_names.get(text)
        place_iso3 = places.get((ent.start_char, ent.end_char), (None, None))[1]
        if ent.label_ in ("NORP", "GPE") and not c and place_iso3 and not d.capitals.get(text):
            country = country or place_iso3  # 'Darfur rebels': a region's country
        elif ent.label_ in ("NORP", "GPE") and (c or d.capitals.get(text)):
            country = country or c or place_iso3 or d.capitals.get(text)
            sense = places.get((ent.start_char, ent.end_char))
            if not c and role.group == "government" and (sense is None or sense[0] == "metonymic"):
                metonymic_owner = True
        elif text in d.seats:
            country = country or d.seats[text]
        elif ent.label_ == "PERSON":
            if role.group == "government":  # "Assad's regime" -> that person's government
                person = _person(index, ent)
                country = country or person.country
            for k in range(ent.start, ent.end):
                claimed.add(k)
        elif ent.label_ in ("ORG", "NORP", "FAC"):
            org = d.organizations.get(text)
            if org is not None:
                org_actor = index.organization(org)
                index.mention(org_actor, ent.start_char, ent.end_char, ent.root)
            else:
                sector = org_sector(text)
                org_actor = index.get(
                    ("org", text), name=text, kind="organization", country=None, sector=sector
                )
                org_actor.role_keys.add(text.split()[-1].lower())
                index.mention(org_actor, ent.start_char, ent.end_char, ent.root)
            country = country or org_actor.country
    pp_end = None  # 'rebels in Darfur': the place phrase is part of the mention
    if country is None and org_actor is None:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in (
                "of",
                "for",
                "from",
                "in",
                "at",
                "throughout",
                "across",
                "inside",
            ):
                for pobj in child.children:
                    ent = ent_at_token.get(pobj.i)
                    if pobj.dep_ != "pobj" or ent is None:
                        continue
                    text = _strip_the(ent.text)
                    if ent.label_ in ("GPE", "NORP", "LOC"):
                        country = (
                            d.country_names.get(text)
                            or places.get((ent.start_char, ent.end_char), (None, None))[1]
                            or d.capitals.get(text)
                            or d.demonyms.get(text)
                        )
                        if country and role.kind != "person":
                            pp_end = ent.end_char
                    elif ent.label_ == "ORG":
                        org = d.organizations.get(text)
                        if org is not None:
                            org_actor = index.organization(org)
                            country = org_actor.country
    noun_text = " ".join(t.text.lower() for t in body[-n:])
    others = [e for e in owner_ents if e.label_ in ("NORP", "GPE") and e.root.dep_ == "conj"]
    conj_first = None
    if others and country is not None:
        # 'U.S. and Russian negotiators': one actor per country, each mentioned by its own word.
        for ent in others:
            text = _strip_the(ent.text)
            c = d.demonyms.get(text) or d.country_names.get(text)
            if c and c != country:
                last = ent is others[-1]
                stop = root.idx + len(root.text) if last else ent.end_char
                _collective(index, role, c, None, ent.start_char, stop, ent.root, noun_text)
                owner_ents.remove(ent)
                for k in range(ent.start, ent.end):
                    claimed.add(k)
        conj_first = owner_ents[0] if owner_ents else None
    former = any(t.lower_ in ("former", "ex") for t in mods)
    definite = bool(det) and det[0].lower_ in DEFINITE
    start = (mods[0] if mods else body[-n]).idx
    end = root.idx + len(root.text)
    if pp_end is not None and pp_end > end:
        end = pp_end
    span_tok = root
    key_name = role.office or role.noun

    actor: Actor | None = None
    # 1. titles: 'the Russian president', "Russia's foreign minister", 'the president' -> office holder
    if role.kind == "person" and role.office in HOLDER_OFFICES and not former and org_actor is None:
        if definite and country is None and org_actor is None:
            actor = _last_with_role(index, key_name, past=False)
            if actor is None:
                holder_country = index.dominant_country()
                entry = d.holder(holder_country, role.office, index.date) if holder_country else None
                if entry is not None:
                    actor = index.person_from_entry(entry)
        elif country is not None:
            entry = d.holder(country, role.office, index.date)
            if entry is not None:
                actor = index.person_from_entry(entry)
    # 2. definite anaphora: 'the spokesperson', 'the ministry', 'the former president'
    if actor is None and definite and country is None and org_actor is None and len(mods) <= 1:
        if not mods or former:
            actor = _last_with_role(index, key_name, past=former) or _last_with_role(
                index, role.noun, past=former
            )
    if actor is None:
        if role.kind == "person":
            owner_key = org_actor.key if org_actor is not None else country
            group = role.office or role.noun
            if owner_key is None and not definite and not mods:
                owner_key = ("anon", chunk.start)  # 'an official said': a person of its own
            actor = index.get(
                ("role", owner_key, group),
                name=_owned_name(d, org_actor, country, noun_text, noun_text),
                kind="person",
                country=country,
                sector=_role_sector(role, org_actor),
                role=noun_text,
            )
            actor.role_keys.update({group, role.noun})
            if actor.gender is None:
                actor.gender = GENDERED_NOUNS.get(role.noun)
        else:
            if country is None and org_actor is None:
                if noun_text in NEED_OWNER or role.noun in NEED_OWNER:
                    return
                if role.noun in CONTEXT_COLLECTIVES:
                    country = index.context_country
            if noun_text in WEAPONS and country is None and org_actor is None:
                return
            actor = _collective(index, role, country, org_actor, None, None, None, noun_text)
    if others and conj_first is not None and country is not None:
        start, end = conj_first.start_char, conj_first.end_char  # the first country's own word
    index.mention(actor, start, end, span_tok)
    # Demonyms and capitals that own the phrase are mentions of the same actor ('Russian' in 'Russian
    # forensic experts', 'Kyiv' in 'the Kyiv regime'); country names and organisations keep their own.
    for ent in owner_ents:
        text = _strip_the(ent.text)
        if ent.label_ == "NORP" or (metonymic_owner and d.capitals.get(text)):
            index.mention(actor, ent.start_char, ent.end_char, ent.root)
            for k in range(ent.start, ent.end):
                claimed.add(k)
        elif ent.label_ in ("ORG", "FAC") or text in d.seats:
            for k in range(ent.start, ent.end):
                claimed.add(k)


def _owned_name(d, org_actor, country: str | None, label: str, bare: str) -> str:
    """'State Department spokesperson', 'Russian forensic experts'; `bare` when nothing owns it."""
    if org_actor is not None:
        return f"{org_actor.name} {label}"
    if country is not None:
        return f"{d.adjective(country) or d.country_name(country)} {label}"
    return bare


def _role_sector(role, org_actor) -> str | None:
    """The role noun's sector, or its organisation's where the role inherits it (a ministry's officials)."""
    if role.inherit and org_actor is not None and org_actor.sector:
        return org_actor.sector
    return role.sector


def _collective(index: ActorIndex, role, country, org_actor, start, end, tok, noun_text: str) -> Actor:
    """The collective actor (government, military, 'Russian forensic experts') for a role noun with
    its owner; mentioned at (start, end) when given."""
    d = index.d
    group = role.group or role.noun
    sector = _role_sector(role, org_actor)
    if group == "government" and country is not None and org_actor is None:
        actor = index.government(country)
    elif org_actor is not None and not role.group and role.kind == "organization":
        actor = index.get(
            ("org", f"{org_actor.name} {noun_text}"),
            name=f"{org_actor.name} {noun_text}",
            kind="organization",
            country=org_actor.country,
            sector=sector,
        )
    else:
        owner = org_actor.key if org_actor is not None else country
        label = group if role.group else noun_text
        name = _owned_name(d, org_actor, country, label, noun_text)
        kind = "organization" if role.kind == "organization" else "group"
        actor = index.get(("group", owner, group), name=name, kind=kind, country=country, sector=sector)
    actor.role_keys.update({group, role.noun, noun_text.split()[-1]})
    actor.plural = True
    if start is not None:
        index.mention(actor, start, end, tok)
    return actor


def _last_with_role(index: ActorIndex, key: str, past: bool) -> Actor | None:
    for actor in reversed(index.recent.values()):  # by latest mention, as reading the history backwards
        keys = actor.past_keys | actor.role_keys if past else actor.role_keys
        if key in keys:
            return actor
    return None


# -- output ----------------------------------------------------------------------------------------


def _write(index: ActorIndex, document: Document) -> None:
    text = document.text
    actors = [a for a in index.actors.values() if a.mentions]
    actors.sort(key=lambda a: min(m.start for m in a.mentions))
    out: list[dict[str, Any]] = []
    ids: dict[int, str] = {}
    for n, actor in enumerate(actors, 1):
        aid = f"a{n}"
        ids[id(actor)] = aid
        mentions = sorted(actor.mentions, key=lambda m: (m.start, m.end))
        out.append(
            {
                "id": aid,
                "name": actor.name,
                "kind": actor.kind,
                "country": actor.country,
                "sector": actor.sector,
                "role": actor.role,
                "mentions": [
                    {"start": m.start, "end": m.end, "text": text[m.start : m.end]} for m in mentions
                ],
            }
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
                (n for s, e, n in order[lo:hi] if s <= ent.start and ent.end <= e and (s, e) != (ent.start, ent.end)),
                default=None,
            )
            aid = values[first] if first is not None else None
        ent.actor = aid


def actor_at(document: Document, start: int, end: int) -> dict[str, Any] | None:
    """The actor that a span of the text refers to, or None: of the actor mentions overlapping the
    span, the one that matches it best (overlap / union; ties go to the shorter mention). For the
    attribution and events stages: `actor_at(document, *source_span)`."""
    return ActorLookup.of(document)(start, end)  # the mentions indexed once per document


class ActorLookup:
    """`actor_at` for many spans of one document: the mentions indexed once by start (the events stage
    asks for every argument of every mention). Same answers as actor_at, ties included."""

    def __init__(self, document: Document):
        rows = [
            (m["start"], m["end"], order, actor)
            for order, actor in enumerate(a for a in document.actors)
            for m in actor["mentions"]
        ]
        rows.sort(key=lambda r: (r[0], r[2]))
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.longest = max((r[1] - r[0] for r in rows), default=0)

    @classmethod
    def of(cls, document: Document) -> ActorLookup:
        """The document's lookup, built once while its actors stay as they are (the events stage
        asks from several places)."""
        key = (id(document.actors), len(document.actors), sum(len(a["mentions"]) for a in document.actors))
        cached = document.__dict__.get("_actor_lookup")  # not a dataclass field: never serialised
        if cached is None or cached[0] != key:
            cached = document.__dict__["_actor_lookup"] = (key, cls(document))
        return cached[1]

    def __call__(self, start: int, end: int) -> dict[str, Any] | None:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        found, best = None, (0.0, 0, 0)
        for m_start, m_end, order, actor in self.rows[lo:hi]:
            if m_start < end and start < m_end:
                overlap = min(end, m_end) - max(start, m_start)
                union = max(end, m_end) - min(start, m_start)
                # actor_at keeps the first best in actor order: a lower order wins a tie
                score = (overlap / union, -(m_end - m_start), -order)
                if score > best:
                    found, best = actor, score
        return found


def actor_spans(document: Document) -> dict[tuple[int, int], str]:
    """(start, end) of every actor mention -> actor id."""
    return {(m["start"], m["end"]): a["id"] for a in document.actors for m in a["mentions"]}


def country_at(document: Document, start: int, end: int) -> str | None:
    """ISO-3 country for a span of the text, for event coding: the country of the actor that
    `actor_at` finds there (None when that actor has none: an IGO, a person of unknown country); when
    no actor overlaps the span, the country of a place mention overlapping it (a populated place
    targeted by an event stands for its population: 'a curfew in Algiers' -> DZA). None when neither."""
    actor = actor_at(document, start, end)
    if actor is not None:
        return actor["country"]
    iso2_to_iso3 = active_dictionary().iso2_to_iso3
    best, best_score = None, 0.0
    for place in document.places or []:
        iso3 = iso2_to_iso3.get(place.get("country") or "")
        if iso3 is None:
            continue
        for m in place.get("mentions") or []:
            if m["start"] < end and start < m["end"]:
                overlap = min(end, m["end"]) - max(start, m["start"])
                score = overlap / (max(end, m["end"]) - min(start, m["start"]))
                if score > best_score:
                    best, best_score = iso3, score
    return best
