"""The events stage: event mentions -> events with arguments, counts, time, place, status and claims.

Order of work:
1. mentions: PLOVER triggers with their argument spans (detect.py), plus the events only the ACLED
   lexicon knows (acled.extra_mentions); each gets its ACLED category (acled.classify);
2. counts in each sentence (counts.py) go to the mention they attach to in the parse, else to the
   sentence's mention that takes that kind of count (data/events/stage.tsv, kind=owner);
3. each mention is resolved: actor/recipient ids (actors stage), place (places stage), time (a time
   expression attached to the trigger's clause), and its status from the attribution stage (inside
   a quote or reported clause -> claimed by that attribution; a denial -> denied; promised/might ->
   planned/hypothetical; the reporter's own words -> asserted);
4. coreferent mentions are merged into one event ('the drone assault', 'the attack on Moscow',
   'the incident'): same type with an anaphoric definite noun, the same target or place, or one
   mention syntactically inside the other; arguments that conflict keep events apart;
5. chronology: 'A day after Russia bombarded Kyiv, the attack on Moscow occurred' dates either
   event from the other; an attack with no actor takes the attacker of the same target elsewhere in
   the article when there is exactly one (flagged actor_inferred).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from wirecoder.actors.dictionary import active_dictionary
from wirecoder.actors.stage import ActorLookup
from wirecoder.events.acled import classify, extra_mentions
from wirecoder.events.counts import find_counts
from wirecoder.events.detect import find_mentions
from wirecoder.events.incident import LEAD_SENTENCES, VICTIMS, gather, place_orphans, time_precision
from wirecoder.events.mention import Count, EventMention
from wirecoder.model import Document
from wirecoder.resources import read_table, split_list
from wirecoder.times.lexicon import key, lexicon
from wirecoder.times.numbers import parse_number

ANY = "*"
VERBAL_TYPES = {"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
DENY_STANCES = {"deny", "reject"}
PLAN_STANCES = {"promise", "threaten", "vow", "pledge", "plan"}
DEFINITE = {"the", "this", "that", "these", "those"}
TARGET_PREPOSITIONS = {"on", "in", "at", "against", "near", "inside"}
STATUS_ORDER = ("asserted", "claimed", "denied", "planned", "hypothetical")
# A mention is linked to at most this many of the latest events it could join (those of its type or
# of a type it may refer back to): coreference of events further back is cut off so that a long text
# takes time linear in its length, not quadratic. No news article has this many events of one type.
MAX_LINK_EVENTS = 100
_RELATIVE = re.compile(r"^(?P<num>.+?)\s+(?P<unit>[a-z]+?)s?\s+(?P<dir>after|before|later|earlier)$", re.I)


@dataclass(frozen=True)
class Rules:
    anaphors: dict[str, frozenset[str]]  # noun lemma -> PLOVER types it can refer back to
    owners: dict[str, tuple[str, ...]]  # count category -> PLOVER types that take it, preferred first
    material: frozenset[str]
    intercepts: frozenset[str]  # verbs of defence against a weapon ('shoot down', 'intercept')


@lru_cache(maxsize=1)
def rules() -> Rules:
    anaphors: dict[str, set[str]] = {}
    owners: dict[str, tuple[str, ...]] = {}
    material: frozenset[str] = frozenset()
    intercepts: set[str] = set()
    for kind, word, types in read_table("events/stage.tsv"):
        values = split_list(types)
        if kind == "anaphor":
            anaphors.setdefault(word, set()).update(values)
        elif kind == "owner":
            owners[word] = tuple(values)
        elif kind == "material":
            material = frozenset(values)
        elif kind == "intercept":
            intercepts.add(word)
    return Rules({k: frozenset(v) for k, v in anaphors.items()}, owners, material, frozenset(intercepts))


@dataclass
class Resolved:
    """One mention with its arguments resolved to ids, its time and its status."""

    mention: EventMention
    actor: dict | None
    recipient: dict | None
    place: dict | None
    time: dict | None
    status: str
    attribution: dict | None
    anaphoric: frozenset[str]  # the event types a definite noun may refer back to; empty: not anaphoric


@dataclass
class Event:
    type: str
    parts: list[Resolved] = field(default_factory=list)
    inferred_actor: dict | None = None  # the attacker named elsewhere, when the text gives none
    time: dict | None = None
    references: list[tuple[int, int]] = field(default_factory=list)  # 'the incident' as an argument
    denied_by: list[str] = field(default_factory=list)  # attributions denying a part ("Kyiv's role in the attack")
    # while _merge builds the event (its parts only grow, and are not changed): what first() and
    # facts() found, kept up to date by add(), so that comparing a mention with the event does not
    # read every part again
    memo: dict | None = field(default=None, repr=False, compare=False)
    extra_counts: list[Count] = field(default_factory=list)  # counts told in sentences without an event
    main: bool = False  # the incident the article is about (events/incident.py)
    context: bool = False  # another incident, told for context ('an earlier shooting', 'shootings this year')
    place: dict | None = None  # the incident's place, when gathered beyond its mentions
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
        for _merge's comparisons."""
        if self.memo is not None and "facts" in self.memo:
            return self.memo["facts"]
        facts: dict[str, Any] = {"modes": set(), "places": set(), "recipients": set(), "by_sentence": {}}
        for p in self.parts:
            _add_fact(facts, p)
        if self.memo is not None:
            self.memo["facts"] = facts
        return facts

    def building(self) -> Event:
        """Keep first() and facts() answers while _merge adds parts (until done())."""
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
        self.memo = None  # later steps change the parts

    @property
    def actor(self) -> dict | None:
        return self.first("actor") or self.inferred_actor


def _add_fact(facts: dict[str, Any], p: Resolved) -> None:
    if p.mention.mode:
        facts["modes"].add(p.mention.mode)
    if p.place:
        facts["places"].add(p.place["id"])
    if p.recipient:
        facts["recipients"].add(p.recipient["id"])
    facts["by_sentence"].setdefault(p.mention.sentence, []).append(p)


def events_stage(doc: Doc, document: Document) -> None:
    mentions = find_mentions(doc, document)
    mentions += extra_mentions(doc, document, mentions)
    if not mentions:
        document.events = []
        return
    for mention in mentions:
        classify(doc, mention, document)
    mentions.sort(key=lambda m: m.trigger)
    orphans = _attach_counts(doc, mentions)
    triggers = [m.trigger for m in mentions]
    actor_at = ActorLookup.of(document)
    resolved = [_resolve(doc, document, m, triggers, actor_at) for m in mentions]
    events = _merge(doc, resolved)
    _references(doc, document, events)
    _chronology(document, events)
    _infer_attackers(document, events)
    place_orphans(events, orphans, rules().owners)
    main = gather(doc, document, events, lambda part, event: _compatible(doc, _impersonal(part), event))
    raws = [_raw_score(e, _lead(e)) for e in events]
    if main is not None and (len(main.parts) > 1 or _article(doc)):
        # the incident an article is about, or that a text tells again and again, ranks first;
        # incidents told for context rank lower (a snippet's one attack need not be what it is about)
        top = max((raw for e, raw in zip(events, raws, strict=True) if e is not main), default=0.0)
        raws = [
            round(min(max(raw, top + 0.01), 0.99), 3) if e is main else round(max(raw - 0.1, 0.01), 3) if e.context else raw
            for e, raw in zip(events, raws, strict=True)
        ]
    people = _people(document)
    document.events = [
        _write(document, i, event, raw, people) for i, (event, raw) in enumerate(zip(events, raws, strict=True), 1)
    ]


# --------------------------------------------------------------------------------------------------
# Counts


def _attach_counts(doc: Doc, mentions: list[EventMention]) -> list[Count]:
    """Give each count to a mention of its sentence; return the victim counts that found none (in
    sentences with no event that takes them: 'The girl was taken to a local hospital')."""
    owners = rules().owners
    by_sentence: dict[tuple[int, int], list[EventMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    orphans: list[Count] = []
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        in_sentence = by_sentence.get((start, end))
        if in_sentence is None:
            in_sentence = [m for m in mentions if start <= m.trigger[0] < end]
        sent = sentence
        for count in find_counts(doc, sent):
            takers = in_sentence
            if count.category in VICTIMS:  # 'investigating the deaths of two people': the deaths are an attack's
                types = owners.get(count.category, owners.get(ANY, ()))
                takers = [m for m in in_sentence if m.type in types]
            owner = _syntactic_owner(doc, count, takers)
            if owner is None and in_sentence and _in_relative_clause(doc, count):
                continue  # 'where 28 people have been killed in riots this year': another story
            if owner is None:
                preferred = owners.get(count.category, owners.get(ANY, ()))
                ranked = [m for t in preferred for m in in_sentence if m.type == t]
                owner = ranked[0] if ranked else None
            if owner is not None:
                owner.counts.append(count)
            elif count.category in VICTIMS:
                orphans.append(count)
    return orphans


def _syntactic_owner(doc: Doc, count: Count, mentions: list[EventMention]) -> EventMention | None:
    """The mention whose trigger the count attaches to: the trigger itself, or the nearest trigger
    up the count's head chain ('bombarded ... killing at least one person' -> bombarded)."""
    if count.head is None:
        return None
    heads = {m.head: m for m in mentions}
    tok: Token = doc[count.head]
    for _ in range(8):
        if tok.i in heads:
            return heads[tok.i]
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _in_relative_clause(doc: Doc, count: Count) -> bool:
    """A count inside a relative clause tells about something else than the sentence's event."""
    if count.head is None:
        return False
    tok = doc[count.head]
    for _ in range(8):
        if tok.dep_ == "relcl":
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


# --------------------------------------------------------------------------------------------------
# One mention


def _resolve(
    doc: Doc, document: Document, m: EventMention, triggers: list[tuple[int, int]], actor_at: ActorLookup
) -> Resolved:
    anaphoric = _anaphoric(doc, m)
    actor_span = m.actor
    if actor_span:
        event_noun = _anaphor_types(doc, actor_span)
        if event_noun or _holds_trigger(triggers, actor_span, m.trigger):
            # 'the early morning assault wounded two people': the subject is the event, not its doer
            anaphoric = anaphoric | event_noun | {m.type}
            actor_span = None
    actor = actor_at(*actor_span) if actor_span else None
    recipient = actor_at(*m.recipient) if m.recipient else None
    place = _place_at(document, m.place) if m.place else None
    if place is None and m.recipient and m.type in rules().material:
        place = _place_at(document, m.recipient, whole=True)  # 'bombarded Kyiv', 'the attack on Moscow'
    if place is None:
        place = _where_clause_place(doc, document, m) or _next_place(doc, document, m)
    attribution = _attribution_of(document, m)
    return Resolved(
        mention=m,
        actor=actor,
        recipient=recipient,
        place=place,
        time=_time_of(doc, document, m),
        status=_status(m, attribution),
        attribution=attribution,
        anaphoric=anaphoric,
    )


def _holds_trigger(triggers: list[tuple[int, int]], span: tuple[int, int], own: tuple[int, int]) -> bool:
    """Whether another trigger than `own` lies inside the span (`triggers` sorted)."""
    for k in range(bisect.bisect_left(triggers, (span[0], -1)), len(triggers)):
        t = triggers[k]
        if t[0] > span[1]:
            break
        if t[1] <= span[1] and t != own:
            return True
    return False


class _Spans:
    """Spans of a document's places (or attributions) sorted by start, for the ones overlapping a span:
    (start, end, order of the item in its list, item). Built once per document and list."""

    def __init__(self, rows: list[tuple[int, int, int, Any]]):
        self.rows = sorted(rows, key=lambda r: (r[0], r[2]))
        self.starts = [r[0] for r in self.rows]
        self.longest = max((r[1] - r[0] for r in self.rows), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, int, Any]]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [r for r in self.rows[lo:hi] if r[0] < end and start < r[1]]

    def containing(self, start: int, end: int) -> list[tuple[int, int, int, Any]]:
        lo = bisect.bisect_left(self.starts, end - self.longest)
        hi = bisect.bisect_right(self.starts, start)
        return [r for r in self.rows[lo:hi] if r[0] <= start and end <= r[1]]

    @staticmethod
    def of(document: Document, name: str, rows) -> _Spans:
        items = getattr(document, name)
        key, slot = (id(items), len(items)), f"_spans_{rows.__name__}"
        cached = document.__dict__.get(slot)  # not a dataclass field: never serialised
        if cached is None or cached[0] != key:
            cached = document.__dict__[slot] = (key, _Spans(list(rows(items))))
        return cached[1]


def _place_rows(places: list[dict]):
    for order, place in enumerate(places):
        for mention in place.get("mentions", []):
            yield mention["start"], mention["end"], order, place


def _place_at(document: Document, span: tuple[int, int], whole: bool = False) -> dict | None:
    """The place mentioned in a span; with `whole`, only a place that is most of the span ('Kyiv',
    'the city of Kyiv'), not one inside it ('the Ukrainian drones'). The first such place in
    document.places."""
    start, end = span
    found = None
    for m_start, m_end, order, place in _Spans.of(document, "places", _place_rows).overlapping(start, end):
        if whole and (m_end - m_start) < 0.6 * (end - start):
            continue
        if found is None or order < found[0]:
            found = (order, place)
    return found[1] if found else None


def _next_place(doc: Doc, document: Document, m: EventMention) -> dict | None:
    """'the drone assault on Moscow': a place right after a material event noun and its preposition,
    whichever way the parser attached the preposition."""
    if not m.nominal or m.type not in rules().material:
        return None
    i = doc[m.head].i + 1
    if i >= len(doc) or doc[i].lower_ not in TARGET_PREPOSITIONS:
        return None
    j = i + 1
    while j < len(doc) and doc[j].dep_ == "det":
        j += 1
    if j >= len(doc):
        return None
    place = _place_at(document, (doc[j].idx, doc[j].idx + len(doc[j].text)))
    if place is None:
        return None
    # the whole noun phrase must be the place ('on Moscow', not 'on Moscow's defences')
    np_end = doc[j].head.i if doc[j].head.i > j and doc[j].dep_ in ("compound", "poss") else j
    return place if np_end == j or doc[np_end].ent_type_ in ("GPE", "LOC", "FAC") else None


def _where_clause_place(doc: Doc, document: Document, m: EventMention) -> dict | None:
    """'what happened in Moscow, where residential buildings were hit': a trigger in a 'where' clause
    happened at the place the clause describes."""
    tok = doc[m.head]
    if tok.dep_ != "relcl" or not any(c.lower_ == "where" for c in tok.children):
        return None
    noun = tok.head
    return _place_at(document, (noun.idx, noun.idx + len(noun.text)))


def _attribution_of(document: Document, m: EventMention) -> dict | None:
    """The innermost attribution whose content holds the trigger. A trigger that is the attribution's
    own cue ('Putin accused Kyiv') is the reporter's account of a speech act: no attribution."""
    start, end = m.trigger
    if _Spans.of(document, "attributions", _cue_rows).containing(start, end):
        return None
    best = None  # the shortest content holding the trigger, the first in document.attributions on a tie
    for c_start, c_end, order, a in _Spans.of(document, "attributions", _content_rows).containing(start, end):
        if best is None or (c_end - c_start, order) < best[0]:
            best = ((c_end - c_start, order), a)
    return best[1] if best else None


def _cue_rows(attributions: list[dict]):
    for order, a in enumerate(attributions):
        if a.get("cue"):
            yield a["cue"]["start"], a["cue"]["end"], order, a


def _content_rows(attributions: list[dict]):
    for order, a in enumerate(attributions):
        yield a["content"]["start"], a["content"]["end"], order, a


def _status(m: EventMention, attribution: dict | None) -> str:
    stance = (attribution or {}).get("stance")
    if m.modality in ("planned", "hypothetical"):
        return m.modality
    if attribution is not None and stance in PLAN_STANCES and m.type not in VERBAL_TYPES:
        return "planned"
    if m.negated or stance in DENY_STANCES:
        return "denied"
    if attribution is not None:
        return "claimed"
    return "asserted"


def _anaphoric(doc: Doc, m: EventMention) -> frozenset[str]:
    """A definite event noun ('the attack', 'the incident', "Kyiv's role in the attack") can refer to
    an event already told: the types it may refer to."""
    if not m.nominal:
        return frozenset()
    tok = doc[m.head]
    if any(c.dep_ == "det" and c.lower_ in DEFINITE or c.dep_ == "poss" for c in tok.children):
        return rules().anaphors.get(tok.lemma_.lower(), frozenset()) | {m.type}
    return frozenset()


def _anaphor_types(doc: Doc, span: tuple[int, int]) -> frozenset[str]:
    """The event types a definite event noun heading the span may refer to ('the attack' -> ASSAULT)."""
    words = doc.char_span(*span, alignment_mode="expand")
    if words is None or not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in words.root.children):
        return frozenset()
    return rules().anaphors.get(words.root.lemma_.lower(), frozenset())


def _clause_owner(tok: Token) -> Token:
    """The token whose clause a nominal trigger belongs to: the verb it is subject or object of
    ('the drone attack on Moscow occurred'); a verb trigger is its own clause."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and tok.head.i != tok.i:
        return tok.head
    return tok


def _time_of(doc: Doc, document: Document, m: EventMention) -> dict | None:
    """A time expression inside the trigger's clause: its words hang from the trigger (or the verb a
    nominal trigger is subject of) without passing through another verb."""
    owner = _clause_owner(doc[m.head])
    s_start, s_end = m.sentence
    found = None
    spans = _Spans.of(document, "times", _time_rows)  # the times starting in the sentence, in list order
    lo, hi = bisect.bisect_left(spans.starts, s_start), bisect.bisect_left(spans.starts, s_end)
    for t in [r[3] for r in sorted(spans.rows[lo:hi], key=lambda r: r[2])]:
        if not (s_start <= t["start"] < s_end) or t["type"] not in ("DATE", "TIME"):
            continue
        if t.get("anchor_text") is not None:  # relative to another event: the chronology step
            continue
        span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
        if span is None:
            continue
        if _hangs_from(span.root, owner, doc[m.head]):
            found = t
            break
    return found


def _time_rows(times: list[dict]):
    for order, t in enumerate(times):
        yield t["start"], t["end"], order, t


def _hangs_from(tok: Token, owner: Token, trigger: Token) -> bool:
    for _ in range(10):
        if tok.i in (owner.i, trigger.i):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.i not in (owner.i, trigger.i):
            return False
    return False


# --------------------------------------------------------------------------------------------------
# Coreference


def _merge(doc: Doc, resolved: list[Resolved]) -> list[Event]:
    """Each mention joins the event it is most clearly linked to (ties: the latest), else starts one."""
    events: list[Event] = []
    by_type: dict[str, list[int]] = {}  # event type -> indexes of its events, ascending
    material = rules().material
    for r in resolved:
        best, best_link = None, 0
        # only events of a type the mention can link to (_link's first test), the latest
        # MAX_LINK_EVENTS of them, in the order they were found (a tie goes to the later)
        types = {r.mention.type} | set(r.anaphoric)
        if ANY in r.anaphoric:
            types |= material
        candidates = sorted(i for t in types for i in by_type.get(t, ())[-MAX_LINK_EVENTS:])
        for i in candidates[-MAX_LINK_EVENTS:]:
            event = events[i]
            link = _link(doc, r, event)
            if link > 0:
                link = 10 * link + _agreement(r, event)
            if link >= best_link and link > 0:
                best, best_link = event, link
        if best is None:
            by_type.setdefault(r.mention.type, []).append(len(events))
            events.append(Event(type=r.mention.type, parts=[r]).building())
        else:
            best.add(_defence_view(r) if _intercepts(doc, r, best) else r)
    for event in events:
        event.done()
    return events


def _link(doc: Doc, r: Resolved, event: Event) -> int:
    """How clearly a mention refers to an event already found: 0 not at all; higher is clearer."""
    m = r.mention
    types = r.anaphoric
    if m.type != event.type and not (event.type in types or ANY in types and event.type in rules().material):
        return 0
    if _intercepts(doc, r, event):
        return 2 if _compatible(doc, _defence_view(r), event) else 0
    if not _compatible(doc, r, event):
        return 0
    if _inside(doc, r, event):
        return 4  # 'bombarded Kyiv ..., killing ...'
    if r.anaphoric:
        return 3  # 'the attack', 'the incident', 'the early morning assault wounded two'
    if r.place and r.place["id"] in event.facts()["places"]:
        return 3  # the same kind of event at the same place (and no conflicting time or parties)
    if r.recipient and r.recipient["kind"] != "country" and m.type == event.type and (
        r.recipient["id"] in event.facts()["recipients"]
    ):
        return 2  # the same kind of event against the same unit or person ('a base was hit')
    if event.type in VERBAL_TYPES and r.actor and _same_party(r.actor, event.first("actor")):
        return 3  # the same side accusing/rejecting the same party again
    if not (r.actor or r.recipient or r.place or r.time) and m.sentence in event.facts()["by_sentence"]:
        return 2  # no arguments of its own, in a sentence about the event
    return 0


def _agreement(r: Resolved, event: Event) -> int:
    """Among events a mention could join, the one that shares its day, weapon and place."""
    score = 0
    time = event.first("time")
    if r.time and time and _day(r.time["value"]) and _day(r.time["value"]) == _day(time["value"]):
        score += 2
    if r.mention.mode and r.mention.mode in event.facts()["modes"]:
        score += 2
    if r.place and r.place["id"] in event.facts()["places"]:
        score += 2
    return score


def _compatible(doc: Doc, r: Resolved, event: Event) -> bool:
    """No argument of the mention contradicts the event's (parties, target country, place, day, mode)."""
    actor = event.first("actor")
    if r.actor and actor and r.actor["id"] != actor["id"] and not _same_country(r.actor, actor):
        return False
    recipient = event.first("recipient")
    if r.recipient and recipient and r.recipient["id"] != recipient["id"] and not _same_country(r.recipient, recipient):
        return False
    if event.type not in VERBAL_TYPES:  # the target of an attack is where it happened; of words, not
        mine = _target_country(r.recipient, r.place)
        theirs = _target_country(event.first("recipient"), event.first("place"))
        if mine and theirs and mine != theirs:
            return False
    place = event.first("place")
    if r.place and place and r.place["id"] != place["id"]:
        if r.place.get("country") != place.get("country") or "country" not in (r.place.get("kind"), place.get("kind")):
            return False  # Kyiv and Lviv, Kyiv and Moscow; Kyiv and Ukraine are fine
    time = event.first("time")
    if r.time and time and _day(r.time["value"]) and _day(time["value"]):
        if _day(r.time["value"]) != _day(time["value"]):
            return False
    modes = event.facts()["modes"]
    if r.mention.mode and modes and r.mention.mode not in modes and not _intercept_word(doc, r):
        return False  # a missile strike and a drone strike are two attacks
    return True


def _impersonal(r: Resolved) -> Resolved:
    """The mention without its people: one incident's victims and shooters are named and described in
    many ways ('an Overton High School student', 'Jaheim Walker'), so people do not keep mentions of an
    incident apart; organisations and countries still do."""
    actor = None if r.actor and r.actor.get("kind") == "person" else r.actor
    recipient = None if r.recipient and r.recipient.get("kind") == "person" else r.recipient
    return replace(r, actor=actor, recipient=recipient)


def _same_country(a: dict | None, b: dict | None) -> bool:
    return bool(a and b and a.get("country") and a.get("country") == b.get("country"))


def _same_party(a: dict, b: dict | None) -> bool:
    """The same actor, or the same state speaking through its government ('Russia', 'Putin')."""
    if b is None:
        return False
    if a["id"] == b["id"]:
        return True
    state = ("country",)
    return _same_country(a, b) and (a["kind"] in state or a.get("sector") == "GOV") and (
        b["kind"] in state or b.get("sector") == "GOV"
    )


def _target_country(recipient: dict | None, place: dict | None) -> str | None:
    if recipient and recipient.get("country"):
        return recipient["country"]
    return _iso3(place) if place else None


def _intercepts(doc: Doc, r: Resolved, event: Event) -> bool:
    """A shoot-down or interception whose target is the weapon of an attack ('shot down all eight of
    the Ukrainian drones') belongs to that attack when the weapon (mode) is the same."""
    if not _intercept_word(doc, r):
        return False
    return bool(r.mention.mode and r.mention.mode in event.facts()["modes"])


def _defence_view(r: Resolved) -> Resolved:
    """'Russia shot down all eight of the Ukrainian drones' as a mention of the drone attack: the
    weapons' owner is the attacker; the defender is no party to it, and where it was shot down is not
    where the attack struck."""
    return replace(r, actor=r.recipient, recipient=None, place=None)


def _intercept_word(doc: Doc, r: Resolved) -> bool:
    return doc[r.mention.head].lemma_.lower() in rules().intercepts


def _inside(doc: Doc, r: Resolved, event: Event) -> bool:
    """One trigger hangs directly from another's in the same sentence (an adverbial participle or an
    apposition says more about the same event)."""
    tok = doc[r.mention.head]
    for part in event.facts()["by_sentence"].get(r.mention.sentence, ()):
        other = doc[part.mention.head]
        if tok.head.i == other.i and tok.dep_ in ("advcl", "appos", "npadvmod", "acl", "xcomp"):
            return True
        if other.head.i == tok.i and other.dep_ in ("advcl", "appos", "npadvmod", "acl", "xcomp"):
            return True
        if tok.dep_ == "appos" and tok.head.head.i == other.i:
            return True
    return False


def _day(value: str | None) -> str | None:
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _references(doc: Doc, document: Document, events: list[Event]) -> None:
    """Definite event nouns that are arguments rather than triggers ('an investigation into the
    incident', "rejected Kyiv's role in the attack") refer to the latest event of a fitting type told
    before them: they become its evidence, and a denial that holds one is a denial of that event."""
    for event in events:
        for part in event.parts:
            span = part.mention.recipient
            if span and _anaphor_types(doc, span):
                _refer(doc, events, span, exclude=event)
    for a in document.attributions:
        if a.get("stance") not in DENY_STANCES:
            continue
        content = doc.char_span(a["content"]["start"], a["content"]["end"], alignment_mode="expand")
        for tok in content or ():
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in rules().anaphors:
                noun = (tok.left_edge.idx, tok.idx + len(tok.text))
                target = _refer(doc, events, noun, exclude=None)
                if target is not None and a["id"] not in target.denied_by:
                    target.denied_by.append(a["id"])


def _refer(doc: Doc, events: list[Event], span: tuple[int, int], exclude: Event | None) -> Event | None:
    types = _anaphor_types(doc, span)
    if not types:
        return None
    best, best_at = None, -1
    for event in events:
        if event is exclude or not (event.type in types or ANY in types and event.type in rules().material):
            continue
        if any(p.mention.trigger[0] <= span[0] < p.mention.trigger[1] for p in event.parts):
            return None  # the noun is a trigger of its own: already counted
        told = [p.mention.trigger[0] for p in event.parts if p.mention.trigger[0] < span[0]]
        if told and max(told) > best_at:
            best, best_at = event, max(told)
    if best is not None and span not in best.references:
        best.references.append(span)
    return best


# --------------------------------------------------------------------------------------------------
# Chronology and inferred attackers


def _chronology(document: Document, events: list[Event]) -> None:
    for event in events:
        event.time = _event_time(event)
    for t in document.times:
        if t.get("anchor_start") is None:
            continue
        offset = _offset_days(t["text"])
        if offset is None:
            continue
        inner = [e for e in events if any(t["anchor_start"] <= p.mention.trigger[0] < t["anchor_end"] for p in e.parts)]
        outer = [
            e
            for e in events
            if e not in inner
            and any(
                p.mention.sentence[0] <= t["start"] < p.mention.sentence[1]
                and not (t["anchor_start"] <= p.mention.trigger[0] < t["anchor_end"])
                for p in e.parts
            )
        ]
        if len(inner) != 1 or not outer:
            continue
        before, after = inner[0], outer[0]  # 'A day after <before>, <after> occurred'
        b_day, a_day = _day((before.time or {}).get("value")), _day((after.time or {}).get("value"))
        if a_day and not b_day:
            before.time = {"value": _shift(a_day, -offset), "time": t["id"], "relative_to": after}
        elif b_day and not a_day:
            after.time = {"value": _shift(b_day, offset), "time": t["id"], "relative_to": before}


def _event_time(event: Event) -> dict | None:
    """The most precise date among the parts' times (a day beats a vague reference)."""
    times = [p.time for p in event.parts if p.time]
    if not times:
        return None
    best = max(times, key=lambda t: (bool(_day(t["value"])), not t["value"].endswith("_REF")))
    value = _day(best["value"]) or best["value"]
    return {"value": value, "time": best["id"]}


def _offset_days(text: str) -> int | None:
    """'A day after' -> 1, 'two weeks before' -> -14 (signed: where the outer event lies)."""
    match = _RELATIVE.match(text.strip())
    if not match:
        return None
    lex = lexicon()
    unit = lex.units.get(key(match["unit"]))
    count = parse_number(match["num"], lex)
    if unit is None or count is None or unit.grain not in ("day", "week"):
        return None
    days = int(count * unit.factor * (7 if unit.grain == "week" else 1))
    return days if match["dir"].lower() in ("after", "later") else -days


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def _infer_attackers(document: Document, events: list[Event]) -> None:
    """An attack told without its attacker ('a base was hit') takes the attacker of the other attacks on
    the same country in the article, when all of those come from one country."""
    countries: dict[str, set[str]] = {}
    actor_of: dict[str, dict] = {}
    for e in events:
        actor, recipient = e.actor, e.first("recipient") or e.first("place")
        if e.type == "ASSAULT" and actor and actor.get("country") and recipient and recipient.get("country"):
            target = _iso3(recipient)
            countries.setdefault(target, set()).add(actor["country"])
            actor_of.setdefault(actor["country"], actor)
    for e in events:
        recipient = e.first("recipient") or e.first("place")
        if e.type != "ASSAULT" or e.actor is not None or not recipient:
            continue
        attackers = countries.get(_iso3(recipient), set())
        if len(attackers) == 1:
            iso3 = next(iter(attackers))
            country = next((a for a in document.actors if a["kind"] == "country" and a["country"] == iso3), None)
            e.inferred_actor = country or actor_of[iso3]


def _iso3(item: dict) -> str | None:
    """Actors carry ISO-3 countries, places ISO-2: compare them as ISO-3."""
    code = item.get("country")
    if code and len(code) == 2:
        return active_dictionary().iso2_to_iso3.get(code)
    return code


# --------------------------------------------------------------------------------------------------
# Output


def _article(doc: Doc) -> bool:
    """A whole article (a headline and paragraphs, or a lead and more), not a snippet of a few sentences."""
    return "\n\n" in doc.text.strip() or sum(1 for _ in doc.sents) > 2 * LEAD_SENTENCES


def _lead(event: Event) -> Resolved:
    return max(event.parts, key=lambda p: (p.mention.acled_sub_event_type is not None, p.mention.score))


_NUMBERED = re.compile(r"\d")


def _numbered(text: str, count: Count) -> bool:
    """The count's words give a number ('two people', '3'), not just a person ('the girl', 'he')."""
    from wirecoder.events.counts import lexicon as count_lexicon

    words = text[count.start : count.end].lower().split()
    return bool(_NUMBERED.search(text[count.start : count.end])) or any(w in count_lexicon().numbers for w in words)


_PRONOUNS = {"he", "she", "him", "her", "they", "them"}
_SPEAKERS = {"i", "me", "we", "us", "you"}
_SENTENCE_END = re.compile(r"[.!?]\s")


def _someone_else(text: str, count: Count, found: list[Count]) -> bool:
    """'A man was shot and killed and a woman was wounded': a wounded person named beside a dead one in
    the same sentence, neither a pronoun, is someone else."""
    if text[count.start : count.end].lower() in _PRONOUNS:
        return False
    for other in found:
        if other.category != "killed" or text[other.start : other.end].lower() in _PRONOUNS:
            continue
        a, b = sorted([(count.start, count.end), (other.start, other.end)])
        if (a[0], a[1]) != (b[0], b[1]) and not _SENTENCE_END.search(text[a[1] : b[0]]):
            return True
    return False


def _people(document: Document) -> dict[tuple[int, int], str]:
    """Each mention span of a person actor -> the actor's id ('Hawkingberry', 'She' -> one person)."""
    return {
        (m["start"], m["end"]): a["id"] for a in document.actors if a.get("kind") == "person" for m in a.get("mentions", [])
    }


def _person_of(people: dict[tuple[int, int], str], count: Count) -> str | None:
    if count.best != 1:
        return None
    return next((a for (s, e), a in people.items() if s < count.end and count.start < e), None)


def _combine_counts(text: str, counts_found: list[Count], people: dict[tuple[int, int], str] | None = None) -> dict[str, Any]:
    """One figure per category, the largest told; people shot and not killed are injured ('two people
    were shot, one fatally': killed 1, injured 1). One person told wounded and then dead is one killed:
    by the actors' coreference ('She suffered a gunshot wound. She was pronounced dead'), or when
    everyone shot died."""
    # 'They killed me!', 'Please don't let me die': a speaker's words about themselves, not a count
    counts_found = [c for c in counts_found if text[c.start : c.end].lower() not in _SPEAKERS]
    if people:
        dead = {p for c in counts_found if c.category == "killed" and (p := _person_of(people, c))}
        counts_found = [c for c in counts_found if not (c.category == "injured" and _person_of(people, c) in dead)]
    if any(c.category == "killed" and c.low for c in counts_found):
        # 'was taken to a hospital, where he died': a weak cue without a number is told of the dead
        counts_found = [c for c in counts_found if not (c.category == "injured" and c.weak and not _numbered(text, c))]

    def largest(found: list[Count]) -> dict[str, Any]:
        counts: dict[str, Any] = {"killed": None, "injured": None}
        for c in found:
            current = counts.get(c.category)
            if current is None or (c.low or 0) > (current["low"] or 0):
                counts[c.category] = c.to_dict(text)
        return counts

    counts = largest([c for c in counts_found if not c.perpetrator])
    attackers = largest([c for c in counts_found if c.perpetrator])
    reflexive = _reflexives()
    for category in ("killed", "shot"):
        # attackers killed count among the killed. Added to the victims only when the text sets them
        # apart: 'shot his wife and then himself' is two; 'the suspect ... he died' and 'four people
        # were killed, including the gunman' are not more than told
        mine, theirs = counts.get(category), attackers.get(category)
        if mine is not None and theirs is not None and _apart(mine, theirs, reflexive):
            counts[category] = _add(mine, theirs)
        elif theirs is not None and (mine is None or (theirs["low"] or 0) > (mine["low"] or 0)):
            counts[category] = theirs
    if attackers["killed"] is not None:
        counts["killed_perpetrators"] = attackers["killed"]
    shot = counts.get("shot")
    if shot is not None and shot["best"] is not None:
        killed = counts["killed"]
        dead = 0 if killed is None else killed["best"]
        suicide = attackers["killed"]
        if dead and suicide is not None and suicide["evidence"]["text"].lower() in reflexive:
            dead -= suicide["best"] or 0  # 'shot her son before killing herself': she is not among those shot
        if dead is not None and shot["best"] <= dead:
            # everyone shot died: 'taken to hospital' or 'suffered a gunshot wound' told of one of the dead
            counts["injured"] = largest(
                [
                    c
                    for c in counts_found
                    if c.category == "injured" and not c.weak and (_numbered(text, c) or _someone_else(text, c, counts_found))
                ]
            )["injured"]
        injured = counts["injured"]
        if dead is not None and shot["best"] >= dead:
            rest = shot["best"] - dead
            if injured is None or (injured["low"] or 0) < rest:
                counts["injured"] = {"low": rest, "best": rest, "high": rest, "evidence": shot["evidence"]}
    return counts


def _apart(victims: dict, attackers: dict, reflexive: frozenset[str]) -> bool:
    """The attackers are not among the victims' figure: 'killed himself'; 'a man was killed ... the
    gunman died' (one person each, no pronoun that could be either)."""
    theirs, mine = attackers["evidence"]["text"].lower(), victims["evidence"]["text"].lower()
    if theirs in reflexive:
        return True
    return (
        victims["best"] == 1
        and not _NUMBERED.search(mine)
        and mine.split()[0] not in ("one",)
        and mine not in _PRONOUNS
        and theirs not in _PRONOUNS
    )


@lru_cache(maxsize=1)
def _reflexives() -> frozenset[str]:
    from wirecoder.events.counts import lexicon as count_lexicon

    return frozenset(count_lexicon().context.get("reflexive", ()))


def _add(a: dict | None, b: dict | None) -> dict | None:
    if a is None or b is None:
        return a or b

    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return {"low": plus(a["low"], b["low"]) or a["low"] or b["low"], "best": plus(a["best"], b["best"]),
            "high": plus(a["high"], b["high"]), "evidence": a["evidence"]}


def _write(
    document: Document, number: int, event: Event, raw: float | None = None, people: dict | None = None
) -> dict[str, Any]:
    text = document.text
    parts = event.parts
    statuses = {p.status for p in parts}
    status = next(s for s in STATUS_ORDER if s in statuses)
    claimed_by = _unique(p.attribution["id"] for p in parts if p.attribution and p.status != "denied")
    denied_by = _unique(
        [p.attribution["id"] for p in parts if p.attribution and p.status == "denied"] + event.denied_by
    )
    lead = _lead(event)
    mode = lead.mention.mode or next((p.mention.mode for p in parts if p.mention.mode), None)
    counts = _combine_counts(text, [c for p in parts for c in p.mention.counts] + event.extra_counts, people)
    evidence = sorted(
        {p.mention.trigger for p in parts}
        | {(c.start, c.end) for p in parts for c in p.mention.counts}
        | {(c.start, c.end) for c in event.extra_counts}
        | set(event.references)
    )
    if raw is None:
        raw = _raw_score(event, lead)
    time = None
    if event.time:
        time = {"value": event.time["value"], "time": event.time["time"], "precision": time_precision(event.time["value"])}
    place = event.place or event.first("place")
    out: dict[str, Any] = {
        "id": f"e{number}",
        "type": event.type,
        "mode": mode,
        "acled_event_type": lead.mention.acled_event_type,
        "acled_sub_event_type": lead.mention.acled_sub_event_type,
        "actor": (event.actor or {}).get("id"),
        "recipient": (event.first("recipient") or {}).get("id"),
        "place": (place or {}).get("id"),
        "place_precision": event.place_precision if event.place is not None else _place_precision(place),
        "time": time,
        "counts": counts,
        "status": status,
        "claimed_by": claimed_by,
        "denied_by": denied_by,
        "evidence": [{"start": s, "end": e, "text": text[s:e]} for s, e in evidence],
        "confidence": calibrated(raw),
        "raw_score": raw,
        "mentions": [
            {
                "trigger": _span(text, p.mention.trigger),
                "sentence": _span(text, p.mention.sentence),
                "status": p.status,
                "attribution": p.attribution["id"] if p.attribution else None,
            }
            for p in parts
        ],
    }
    if event.inferred_actor is not None and event.first("actor") is None:
        out["actor_inferred"] = True
    if event.main or event.context:
        out["incident"] = "main" if event.main else "context"
    return out


def _place_precision(place: dict | None) -> int | None:
    from wirecoder.events.incident import rules as incident_rules

    return incident_rules().precision.get(place.get("kind") or "other", 3) if place else None


def _raw_score(event: Event, lead: Resolved) -> float:
    """The detector's score for the event: its best mention's, a little more for each further mention
    of an event with an ACLED reading (an uncoded event told often must not outrank a coded one)."""
    score = lead.mention.score
    if lead.mention.acled_sub_event_type:
        score += 0.05 * min(len(event.parts) - 1, 4)
    if lead.status == "hypothetical":
        score -= 0.15
    return round(min(max(score, 0.01), 0.99), 3)


@lru_cache(maxsize=1)
def calibration_table() -> tuple[tuple[float, float], ...]:
    """(raw score, share right) points fitted on the dev sets by benchmarks/events_calibration.py."""
    return tuple((float(raw), float(right)) for raw, right in read_table("events/calibration.tsv"))


def calibrated(score: float, table: tuple[tuple[float, float], ...] | list | None = None) -> float:
    """The raw score mapped onto the share of such events that are right: linear between the fitted
    points, so a higher raw score never gets a lower confidence."""
    table = calibration_table() if table is None else table
    if not table:
        return score
    value = table[-1][1]
    if score <= table[0][0]:
        value = table[0][1]
    else:
        for (x0, y0), (x1, y1) in zip(table, table[1:], strict=False):
            if score <= x1:
                value = y0 + (y1 - y0) * (score - x0) / (x1 - x0) if x1 > x0 else y1
                break
    return round(min(max(value, 0.01), 0.99), 3)


def _span(text: str, span: tuple[int, int]) -> dict[str, Any]:
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def _unique(items) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
