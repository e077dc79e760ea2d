"""The Document's actor mentions (actors.stage.ActorLookup), place and time spans, indexed once per call
of the detector, with the argument spans found so far."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from spacy.tokens import Doc

from wirecoder.actors.lookup import ActorLookup
from wirecoder.model import Document


class DocumentSpans:
    """The Document's actor mentions (actors.stage.ActorLookup) and place spans, indexed once per
    call, and the argument spans found so far."""

    def __init__(self, doc: Doc, document: Document, mode_words: list[int]):
        self.mode_words = mode_words  # indices of tokens that are mode words, ascending
        sents = [(sent.start, sent.start_char, sent.end_char) for sent in doc.sents] if len(doc) else []
        self.sent_starts = [s[0] for s in sents]
        self.sent_chars = [(s[1], s[2]) for s in sents]
        self.lookup = ActorLookup.of(document)
        self.places = sorted((m.start, m.end) for p in document.places or [] for m in p.mentions)
        self.times = sorted((t.start, t.end) for t in document.times or [])
        self.time_starts = [t[0] for t in self.times]
        self.longest_time = max((e - s for s, e in self.times), default=0)
        self.cache: dict[tuple[int, int], dict[str, Any] | None] = {}
        self.spans: dict[tuple[int, bool], list[tuple[int, int]]] = {}  # argument spans per token

    def actor_at(self, span: tuple[int, int]) -> dict[str, Any] | None:
        """The actor mentioned on a span (cached per span)."""
        if span not in self.cache:
            self.cache[span] = self.lookup(*span)
        return self.cache[span]

    def mode_words_near(self, i: int) -> list[int]:
        """The mode words of token i's sentence."""
        k = bisect_right(self.sent_starts, i) - 1
        start = self.sent_starts[k]
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else 1 << 30
        lo = bisect_left(self.mode_words, start)
        hi = bisect_left(self.mode_words, end)
        return self.mode_words[lo:hi]

    def sentence(self, i: int) -> tuple[int, int]:
        """The character span of token i's sentence."""
        return self.sent_chars[bisect_right(self.sent_starts, i) - 1]

    def is_time(self, offset: int) -> bool:
        """Whether a character offset lies in a time expression."""
        lo = bisect_left(self.time_starts, offset - self.longest_time)
        hi = bisect_right(self.time_starts, offset)
        return any(s <= offset < e for s, e in self.times[lo:hi])

    def place_in(self, span: tuple[int, int]) -> tuple[int, int] | None:
        """The first place mention overlapping the span."""
        i = bisect_left(self.places, (span[0] - 200, 0))
        for s, e in self.places[i:]:
            if s >= span[1]:
                break
            if span[0] < e:
                return (s, e)
        return None

    def is_place(self, span: tuple[int, int]) -> bool:
        """Whether a place mention overlaps the span."""
        i = bisect_left(self.places, (span[0] - 200, 0))
        for s, e in self.places[i:]:
            if s >= span[1]:
                break
            if span[0] < e:
                return True
        return False
