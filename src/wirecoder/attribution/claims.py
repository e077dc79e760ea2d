"""The attributions found so far, shared by the passes: `Found` (the records, indexed by position)
and `Claims`, the state each pass reads and adds to (the text, the cues already used, `add`, and the
checks against what is found: `overlaps`, `covered`, `quote_taken`, `inside_direct`)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.tokens import Doc

from wirecoder.actors.lookup import actor_at
from wirecoder.attribution.quotes import Quote
from wirecoder.attribution.sentences import _trim
from wirecoder.model import AttributionRecord, Content, Document, Span


class _Found(list):
    """The attributions found so far, in the order found (a list), indexed by the start of their
    content and by the start of their cue, so that the checks against what is found (overlaps,
    covered, quote_taken, ...) read the attributions near a span rather than all of them. Changes go
    through append, extend, remove and recontent."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[int, int, AttributionRecord]] = []  # (content start, order, record), sorted
        self.order: dict[int, int] = {}  # id(record) -> its order (the list order: later ones after)
        self.cues: dict[int, list[AttributionRecord]] = {}  # cue start -> records, as added
        self.longest = 0  # the longest content ever added (a bound: never lowered)
        self.next = 0

    def _index(self, record: AttributionRecord) -> None:
        order = self.order[id(record)] = self.next
        self.next += 1
        c = record.content
        bisect.insort(self.rows, (c.start, order, record))
        self.longest = max(self.longest, c.end - c.start)
        if record.cue:
            self.cues.setdefault(record.cue.start, []).append(record)

    def _unindex(self, record: AttributionRecord) -> None:
        order = self.order.pop(id(record))
        row = (record.content.start, order)
        k = bisect.bisect_left(self.rows, row, key=lambda r: (r[0], r[1]))
        del self.rows[k]
        if record.cue:
            self.cues[record.cue.start].remove(record)

    def append(self, record: AttributionRecord) -> None:
        super().append(record)
        self._index(record)

    def extend(self, records: Iterable[AttributionRecord]) -> None:
        for record in records:
            self.append(record)

    def remove(self, record: AttributionRecord) -> None:
        k = self.index(record)  # as list.remove: the first record equal to it
        self._unindex(self[k])
        del self[k]

    def recontent(self, record: AttributionRecord, content: Content) -> None:
        """Give a found record another content span (its place in the list stays)."""
        order = self.order[id(record)]
        k = bisect.bisect_left(self.rows, (record.content.start, order), key=lambda r: (r[0], r[1]))
        del self.rows[k]
        record.content = content
        bisect.insort(self.rows, (content.start, order, record))
        self.longest = max(self.longest, content.end - content.start)

    def near(self, start: int, end: int) -> list[AttributionRecord]:
        """The records whose content overlaps [start, end) or touches it, in list order."""
        lo = bisect.bisect_left(self.rows, start - self.longest, key=lambda r: r[0])
        hi = bisect.bisect_right(self.rows, end, key=lambda r: r[0])
        rows = [r for r in self.rows[lo:hi] if r[2].content.end >= start]
        return [r[2] for r in sorted(rows, key=lambda r: r[1])]

    def starting_in(self, lo: int, hi: int) -> list[AttributionRecord]:
        """The records whose content starts in [lo, hi], in list order."""
        a = bisect.bisect_left(self.rows, lo, key=lambda r: r[0])
        b = bisect.bisect_right(self.rows, hi, key=lambda r: r[0])
        return [r[2] for r in sorted(self.rows[a:b], key=lambda r: r[1])]

    def with_cue_at(self, start: int) -> list[AttributionRecord]:
        """The records whose cue starts at `start` (as it was when they were added), in list order."""
        return sorted(self.cues.get(start, ()), key=lambda r: self.order[id(r)])


class Claims:
    """What the passes share: the Doc and its text, the attributions found, the cue tokens used."""

    def __init__(self, doc: Doc, document: Document):
        self.doc = doc
        self.document = document
        self.text = document.text
        self.starts = [t.idx for t in doc]
        self.found = _Found()
        self.quote_starts: list[int] | None = None  # for quotes_over
        self.used_cues: set[int] = set()
        # cue token -> its speaker where the parser missed the subject: written by the direct-quote cue
        # finders (cue_after, shouted, also while `continues` checks a later quote) and read when a
        # direct quote is recorded; it lives as long as the builder, as those checks rely on
        self.loose_speakers: dict[int, tuple[int, int]] = {}

    def token_at(self, char: int) -> int:
        """Index of the token at or after a character offset (len(doc) past the end)."""
        return bisect.bisect_left(self.starts, char)

    def overlaps(self, start: int, end: int, share: float = 0.5) -> bool:
        """Whether a found content overlaps [start, end) by at least `share` of the shorter of the two."""
        for a in self.found.near(start, end):  # inter > 0 below: only overlapping contents count
            c = a.content
            inter = min(end, c.end) - max(start, c.start)
            if inter > 0 and inter >= share * min(end - start, c.end - c.start):
                return True
        return False

    def add(
        self,
        kind: str,
        speaker: tuple[int, int] | None,
        cue: tuple[int, int] | None,
        content: tuple[int, int],
        stance: str,
        actor: str | None = None,
        pieces: list[tuple[int, int]] | None = None,
    ) -> AttributionRecord | None:
        """Record an attribution; `pieces` are the quoted stretches when the content is interrupted
        by its cue ('"...," he said, "..."'): the content span covers them all, the pieces each one."""
        start, end = _trim(self.text, *content)
        if end <= start:
            return None
        if actor is None and speaker:
            hit = actor_at(self.document, *speaker)
            actor = hit.id if hit else None
        record = AttributionRecord(
            id="",
            kind=kind,
            speaker=Span.of(self.text, *speaker) if speaker else None,
            speaker_actor=actor,
            cue=Span.of(self.text, *cue) if cue else None,
            content=Content.of(self.text, start, end),
            stance=stance,
        )
        if pieces and len(pieces) > 1:
            record.content.pieces = [Span.of(self.text, *_trim(self.text, *p)) for p in pieces]
        self.found.append(record)
        return record

    # 3. according to --------------------------------------------------------------------------
    def covered(self, start: int, end: int, share: float = 0.8) -> bool:
        """Whether a found content already covers most of this span (a report nested in it, as
        'Most voters say ...' in 'according to the poll, most voters say ...', does not)."""
        # with end > start only overlapping contents can cover; else any may (the bound is <= 0)
        candidates = self.found.near(start, end) if end > start else self.found
        return any(
            min(end, a.content.end) - max(start, a.content.start) >= share * (end - start) for a in candidates
        )

    def quote_taken(self, start: int, end: int) -> bool:
        """Whether an attribution found already takes half of a quote; a short one lying inside the
        quote ('“I think we can win it,” she said') is the quote's own words and does not count."""
        for a in self.found.near(start, end):  # inter > 0 below: only overlapping contents count
            c = a.content
            inter = min(end, c.end) - max(start, c.start)
            if inter <= 0:
                continue
            nested = start <= c.start and c.end <= end
            if inter >= 0.5 * (end - start) or (not nested and inter >= 0.5 * (c.end - c.start)):
                return True
        return False

    def inside_direct(self, char: int) -> bool:
        """Whether `char` lies inside the content of a direct quote found so far."""
        return any(
            a.kind == "direct" and a.content.start <= char < a.content.end
            for a in self.found.near(char, char + 1)
        )

    def quotes_over(self, quotes: list[Quote], start: int, end: int) -> list[Quote]:
        """The quotes overlapping [start, end) or starting at `end`, in order. find_quotes gives them in
        text order without overlaps, so they are found by bisection; otherwise all of them."""
        if self.quote_starts is None:
            ordered = all(a.end <= b.start for a, b in zip(quotes, quotes[1:], strict=False))
            self.quote_starts = [q.start for q in quotes] if ordered else []
        if len(self.quote_starts) != len(quotes):
            return quotes
        lo = max(0, bisect.bisect_left(self.quote_starts, start) - 1)  # the one before may reach in
        return quotes[lo : bisect.bisect_right(self.quote_starts, end)]
