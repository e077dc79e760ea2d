"""Resolving one mention: actor and recipient ids (actors stage), place (places stage), time (a time
expression in the trigger's clause), attribution and status (attribution stage), and whether a
definite event noun may refer back to an event already told."""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc, Token

from wirecoder.actors.lookup import ActorLookup
from wirecoder.events.event import Resolved, rules
from wirecoder.events.lexicon import lexicon as trigger_lexicon
from wirecoder.events.mention import EventMention
from wirecoder.language.syntax import clause_owner_one_step
from wirecoder.model import AttributionRecord, Document, PlaceRecord, TimeRecord

DENY_STANCES = {"deny", "reject"}


PLAN_STANCES = {"promise", "threaten", "vow", "pledge", "plan"}


def resolve_mention(
    doc: Doc, document: Document, m: EventMention, triggers: list[tuple[int, int]], actor_at: ActorLookup
) -> Resolved:
    """The mention with its arguments resolved to ids, its time, attribution and status."""
    anaphoric = _anaphoric(doc, m)
    actor_span = m.actor
    if actor_span:
        event_noun = anaphor_types(doc, actor_span)
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
        """The rows whose span overlaps [start, end)."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [r for r in self.rows[lo:hi] if r[0] < end and start < r[1]]

    def containing(self, start: int, end: int) -> list[tuple[int, int, int, Any]]:
        """The rows whose span contains [start, end)."""
        lo = bisect.bisect_left(self.starts, end - self.longest)
        hi = bisect.bisect_right(self.starts, start)
        return [r for r in self.rows[lo:hi] if r[0] <= start and end <= r[1]]

    @staticmethod
    def of(document: Document, name: str, rows) -> _Spans:
        """The document's rows for one of its lists, built once while the list stays the same."""
        items = getattr(document, name)
        key, slot = (id(items), len(items)), f"_spans_{rows.__name__}"
        cached = document.__dict__.get(slot)  # not a dataclass field: never serialised
        if cached is None or cached[0] != key:
            cached = document.__dict__[slot] = (key, _Spans(list(rows(items))))
        return cached[1]


def _place_rows(places: list[PlaceRecord]):
    for order, place in enumerate(places):
        for mention in place.mentions:
            yield mention.start, mention.end, order, place


def _place_at(document: Document, span: tuple[int, int], whole: bool = False) -> PlaceRecord | None:
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


def _next_place(doc: Doc, document: Document, m: EventMention) -> PlaceRecord | None:
    """'the drone assault on Moscow': a place right after a material event noun and its preposition,
    whichever way the parser attached the preposition."""
    if not m.nominal or m.type not in rules().material:
        return None
    i = doc[m.head].i + 1
    if i >= len(doc) or doc[i].lower_ not in rules().place_prepositions:
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


def _where_clause_place(doc: Doc, document: Document, m: EventMention) -> PlaceRecord | None:
    """'what happened in Moscow, where residential buildings were hit': a trigger in a 'where' clause
    happened at the place the clause describes."""
    tok = doc[m.head]
    if tok.dep_ != "relcl" or not any(c.lower_ == "where" for c in tok.children):
        return None
    noun = tok.head
    return _place_at(document, (noun.idx, noun.idx + len(noun.text)))


def _attribution_of(document: Document, m: EventMention) -> AttributionRecord | None:
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


def _cue_rows(attributions: list[AttributionRecord]):
    for order, a in enumerate(attributions):
        if a.cue:
            yield a.cue.start, a.cue.end, order, a


def _content_rows(attributions: list[AttributionRecord]):
    for order, a in enumerate(attributions):
        yield a.content.start, a.content.end, order, a


def _status(m: EventMention, attribution: AttributionRecord | None) -> str:
    stance = attribution.stance if attribution is not None else None
    if m.modality in ("planned", "hypothetical"):
        return m.modality
    if attribution is not None and stance in PLAN_STANCES and m.type not in trigger_lexicon().verbal_types:
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
    if any(c.dep_ == "det" and c.lower_ in rules().definite or c.dep_ == "poss" for c in tok.children):
        return rules().anaphors.get(tok.lemma_.lower(), frozenset()) | {m.type}
    return frozenset()


def anaphor_types(doc: Doc, span: tuple[int, int]) -> frozenset[str]:
    """The event types a definite event noun heading the span may refer to ('the attack' -> ASSAULT)."""
    words = doc.char_span(*span, alignment_mode="expand")
    if words is None or not any(
        c.dep_ == "det" and c.lower_ in rules().definite for c in words.root.children
    ):
        return frozenset()
    return rules().anaphors.get(words.root.lemma_.lower(), frozenset())


def _time_of(doc: Doc, document: Document, m: EventMention) -> TimeRecord | None:
    """A time expression inside the trigger's clause: its words hang from the trigger (or the verb a
    nominal trigger is subject of) without passing through another verb."""
    owner = clause_owner_one_step(doc[m.head])
    s_start, s_end = m.sentence
    found = None
    spans = _Spans.of(document, "times", _time_rows)  # the times starting in the sentence, in list order
    lo, hi = bisect.bisect_left(spans.starts, s_start), bisect.bisect_left(spans.starts, s_end)
    for t in [r[3] for r in sorted(spans.rows[lo:hi], key=lambda r: r[2])]:
        if not (s_start <= t.start < s_end) or t.type not in ("DATE", "TIME"):
            continue
        if t.anchor_text is not None:  # relative to another event: the chronology step
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        if _hangs_from(span.root, owner, doc[m.head]):
            found = t
            break
    return found


def _time_rows(times: list[TimeRecord]):
    for order, t in enumerate(times):
        yield t.start, t.end, order, t


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
