"""Which actor a span of the text refers to, for the stages after the actors stage (attribution,
events). Reads only the Document's `actors` and `places`: no spaCy."""

from __future__ import annotations

import bisect

from wirecoder.actors.dictionary import active_dictionary
from wirecoder.model import ActorRecord, Document


def overlap_score(start: int, end: int, other_start: int, other_end: int) -> float:
    """How well two overlapping spans match: overlap / union (1.0 for the same span)."""
    overlap = min(end, other_end) - max(start, other_start)
    union = max(end, other_end) - min(start, other_start)
    return overlap / union


def actor_at(document: Document, start: int, end: int) -> ActorRecord | None:
    """The actor that a span of the text refers to, or None: of the actor mentions overlapping the
    span, the one that matches it best (overlap / union; ties go to the shorter mention). For the
    attribution and events stages: `actor_at(document, *source_span)`."""
    return ActorLookup.of(document)(start, end)  # the mentions indexed once per document


class ActorLookup:
    """`actor_at` for many spans of one document: the mentions indexed once by start (the events stage
    asks for every argument of every mention). Same answers as actor_at, ties included."""

    def __init__(self, document: Document):
        """Index the document's actor mentions by start."""
        rows = [
            (m.start, m.end, order, actor)
            for order, actor in enumerate(a for a in document.actors)
            for m in actor.mentions
        ]
        rows.sort(key=lambda r: (r[0], r[2]))
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.longest = max((r[1] - r[0] for r in rows), default=0)

    @classmethod
    def of(cls, document: Document) -> ActorLookup:
        """The document's lookup, built once while its actors stay as they are (the events stage
        asks from several places)."""
        key = (id(document.actors), len(document.actors), sum(len(a.mentions) for a in document.actors))
        cached = document.__dict__.get("_actor_lookup")  # not a dataclass field: never serialised
        if cached is None or cached[0] != key:
            cached = document.__dict__["_actor_lookup"] = (key, cls(document))
        return cached[1]

    def __call__(self, start: int, end: int) -> ActorRecord | None:
        """The actor that [start, end) refers to, as `actor_at`."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        found, best = None, (0.0, 0, 0)
        for m_start, m_end, order, actor in self.rows[lo:hi]:
            if m_start < end and start < m_end:
                # actor_at keeps the first best in actor order: a lower order wins a tie
                score = (overlap_score(start, end, m_start, m_end), -(m_end - m_start), -order)
                if score > best:
                    found, best = actor, score
        return found


def actor_spans(document: Document) -> dict[tuple[int, int], str]:
    """(start, end) of every actor mention -> actor id."""
    return {(m.start, m.end): a.id for a in document.actors for m in a.mentions}


def country_at(document: Document, start: int, end: int) -> str | None:
    """ISO-3 country for a span of the text, for event coding: the country of the actor that
    `actor_at` finds there (None when that actor has none: an IGO, a person of unknown country); when
    no actor overlaps the span, the country of a place mention overlapping it (a populated place
    targeted by an event stands for its population: 'a curfew in Algiers' -> DZA). None when neither."""
    actor = actor_at(document, start, end)
    if actor is not None:
        return actor.country
    iso2_to_iso3 = active_dictionary().iso2_to_iso3
    best, best_score = None, 0.0
    for place in document.places or []:
        iso3 = iso2_to_iso3.get(place.country or "")
        if iso3 is None:
            continue
        for m in place.mentions:
            if m.start < end and start < m.end:
                score = overlap_score(start, end, m.start, m.end)
                if score > best_score:
                    best, best_score = iso3, score
    return best
