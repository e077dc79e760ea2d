"""Count attachment: each count found in a sentence (counts) goes to the mention it attaches to in the
parse, else to the sentence's mention that takes that kind of count (data/events/stage.tsv,
kind=owner)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.events.counts import find_counts
from wirecoder.events.event import ANY, rules
from wirecoder.events.incident import VICTIMS
from wirecoder.events.mention import Count, EventMention


def assign_counts(doc: Doc, mentions: list[EventMention]) -> list[Count]:
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
            # 'investigating the deaths of two people': the deaths are an attack's
            if count.category in VICTIMS:
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
