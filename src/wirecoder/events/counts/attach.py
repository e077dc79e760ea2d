"""Counts given to events by the parse, for callers that have only event heads (tests, tools); the
events stage attaches counts itself (events/attach.py)."""

from __future__ import annotations

from spacy.tokens import Doc

from wirecoder.events.counts.lexicon import lexicon
from wirecoder.events.mention import Count


def attach_counts(doc: Doc, counts: list[Count], event_heads: list[int]) -> dict[int, dict[str, Count]]:
    """Give each count to an event: the event whose head word is the count's head or its nearest
    ancestor ('killing' in 'shelled the town, killing 12'; 'strike' for 'the strike that killed 12'),
    else, for killed / injured / casualties counts with no event above them ('the death toll rose to
    15'), the nearest event head in the same sentence. Returns {event head: {category: count}}; when an
    event gets two counts of one category, the first one with a number (not a zero) wins.
    """
    heads = set(event_heads)
    victims = {"killed", "injured"} | set(lexicon().covers)
    out: dict[int, dict[str, Count]] = {}
    for count in counts:
        if count.head is None:
            continue
        owner = None
        tok = doc[count.head]
        while True:
            if tok.i in heads:
                owner = tok.i
                break
            if tok.head.i == tok.i:  # the root
                break
            tok = tok.head
        if owner is None and count.category in victims:
            sent = doc[count.head].sent
            near = [h for h in heads if sent.start <= h < sent.end]
            if near:
                owner = min(near, key=lambda h: abs(h - count.head))
        if owner is None:
            continue
        slot = out.setdefault(owner, {})
        held = slot.get(count.category)
        if held is None or (held.best == held.low == 0 and count.low):
            slot[count.category] = count
    return out
