"""Event coreference: mentions merged into events ('the drone assault', 'the attack on Moscow', 'the
incident'): the same type with an anaphoric definite noun, the same target or place, or one mention
syntactically inside the other; arguments that conflict keep events apart. Then definite event nouns
that are arguments, not triggers, become evidence of the event they refer to."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from wirecoder.events.event import ANY, Event, Resolved, iso3, iso_day, rules
from wirecoder.events.lexicon import lexicon as trigger_lexicon
from wirecoder.events.resolve import DENY_STANCES, anaphor_types
from wirecoder.model import ActorRecord, Document, PlaceRecord

# A mention is linked to at most this many of the latest events it could join (those of its type or
# of a type it may refer back to): coreference of events further back is cut off so that a long text
# takes time linear in its length, not quadratic. No news article has this many events of one type.
MAX_LINK_EVENTS = 100


def merge_mentions(doc: Doc, resolved: list[Resolved]) -> list[Event]:
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
        return 2 if compatible(doc, _defence_view(r), event) else 0
    if not compatible(doc, r, event):
        return 0
    if _inside(doc, r, event):
        return 4  # 'bombarded Kyiv ..., killing ...'
    if r.anaphoric:
        return 3  # 'the attack', 'the incident', 'the early morning assault wounded two'
    if r.place and r.place.id in event.facts()["places"]:
        return 3  # the same kind of event at the same place (and no conflicting time or parties)
    if (
        r.recipient
        and r.recipient.kind != "country"
        and m.type == event.type
        and (r.recipient.id in event.facts()["recipients"])
    ):
        return 2  # the same kind of event against the same unit or person ('a base was hit')
    if (
        event.type in trigger_lexicon().verbal_types
        and r.actor
        and _same_party(r.actor, event.first("actor"))
    ):
        return 3  # the same side accusing/rejecting the same party again
    if not (r.actor or r.recipient or r.place or r.time) and m.sentence in event.facts()["by_sentence"]:
        return 2  # no arguments of its own, in a sentence about the event
    return 0


def _agreement(r: Resolved, event: Event) -> int:
    """Among events a mention could join, the one that shares its day, weapon and place."""
    score = 0
    time = event.first("time")
    if r.time and time and iso_day(r.time.value) and iso_day(r.time.value) == iso_day(time.value):
        score += 2
    if r.mention.mode and r.mention.mode in event.facts()["modes"]:
        score += 2
    if r.place and r.place.id in event.facts()["places"]:
        score += 2
    return score


def compatible(doc: Doc, r: Resolved, event: Event, people_apart: bool = True) -> bool:
    """No argument of the mention contradicts the event's (parties, target country, place, day, mode).
    `people_apart=False`: the event's people keep nothing apart either (see `impersonal`)."""
    actor = _party(event.first("actor"), people_apart)
    if r.actor and actor and r.actor.id != actor.id and not _same_country(r.actor, actor):
        return False
    recipient = _party(event.first("recipient"), people_apart)
    if (
        r.recipient
        and recipient
        and r.recipient.id != recipient.id
        and not _same_country(r.recipient, recipient)
    ):
        return False
    if (
        event.type not in trigger_lexicon().verbal_types
    ):  # the target of an attack is where it happened; of words, not
        mine = _target_country(r.recipient, r.place)
        theirs = _target_country(event.first("recipient"), event.first("place"))
        if mine and theirs and mine != theirs:
            return False
    place = event.first("place")
    if r.place and place and r.place.id != place.id:
        if r.place.country != place.country or "country" not in (
            r.place.kind,
            place.kind,
        ):
            return False  # Kyiv and Lviv, Kyiv and Moscow; Kyiv and Ukraine are fine
    time = event.first("time")
    if r.time and time and iso_day(r.time.value) and iso_day(time.value):
        if iso_day(r.time.value) != iso_day(time.value):
            return False
    modes = event.facts()["modes"]
    if r.mention.mode and modes and r.mention.mode not in modes and not _intercept_word(doc, r):
        return False  # a missile strike and a drone strike are two attacks
    return True


def impersonal(r: Resolved) -> Resolved:
    """The mention without its people: one incident's victims and shooters are named and described in
    many ways ('an Overton High School student', 'Jaheim Walker'), so people do not keep mentions of an
    incident apart; organisations and countries still do."""
    actor = None if r.actor and r.actor.kind == "person" else r.actor
    recipient = None if r.recipient and r.recipient.kind == "person" else r.recipient
    return replace(r, actor=actor, recipient=recipient)


def _party(party: ActorRecord | None, people_apart: bool) -> ActorRecord | None:
    """The event's actor or recipient as compared with a mention's: without its people when asked."""
    if party is not None and not people_apart and party.kind == "person":
        return None
    return party


def _same_country(a: ActorRecord | None, b: ActorRecord | None) -> bool:
    return bool(a and b and a.country and a.country == b.country)


def _same_party(a: ActorRecord, b: ActorRecord | None) -> bool:
    """The same actor, or the same state speaking through its government ('Russia', 'Putin')."""
    if b is None:
        return False
    if a.id == b.id:
        return True
    state = ("country",)
    return (
        _same_country(a, b)
        and (a.kind in state or a.sector == "GOV")
        and (b.kind in state or b.sector == "GOV")
    )


def _target_country(recipient: ActorRecord | None, place: PlaceRecord | None) -> str | None:
    if recipient and recipient.country:
        return recipient.country
    return iso3(place) if place else None


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


def add_references(doc: Doc, document: Document, events: list[Event]) -> None:
    """Definite event nouns that are arguments rather than triggers ('an investigation into the
    incident', "rejected Kyiv's role in the attack") refer to the latest event of a fitting type told
    before them: they become its evidence, and a denial that holds one is a denial of that event."""
    for event in events:
        for part in event.parts:
            span = part.mention.recipient
            if span and anaphor_types(doc, span):
                _refer(doc, events, span, exclude=event)
    for a in document.attributions:
        if a.stance not in DENY_STANCES:
            continue
        content = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
        for tok in content or ():
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in rules().anaphors:
                noun = (tok.left_edge.idx, tok.idx + len(tok.text))
                target = _refer(doc, events, noun, exclude=None)
                if target is not None and a.id not in target.denied_by:
                    target.denied_by.append(a.id)


def _refer(doc: Doc, events: list[Event], span: tuple[int, int], exclude: Event | None) -> Event | None:
    types = anaphor_types(doc, span)
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
