"""Quotes with no cue: the speaker of the previous direct quote goes on ('"...," she said.\n\n"..."'),
or the cue at the end of the quote's own sentence ('X is telling voters that "..."')."""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Token

from wirecoder.attribution.claims import Claims
from wirecoder.attribution.cues import is_cue
from wirecoder.attribution.parse import _cue_span, _speaker_phrase, _stance, _subject
from wirecoder.attribution.quotes import Quote
from wirecoder.attribution.sentences import _CLAUSE_BREAK, MAX_SENTENCE_CHARS, _embedded


class Uncued(Claims):
    """Pass 6 (last): quotes that no cue claimed."""

    def uncued(self, quotes: list[Quote]) -> None:
        """Pass 6: quotes no pass claimed: the previous speaker goes on, or the sentence's cue."""
        ordered = sorted(self.found, key=lambda a: a.content.start)
        # the last of `ordered` with a speaker whose content ends by a given offset: the ones with a
        # speaker by content end, with the latest place in `ordered` among those ending by each
        speaking = sorted((a.content.end, k) for k, a in enumerate(ordered) if a.speaker_actor or a.speaker)
        ends = [e for e, _ in speaking]
        latest: list[int] = []
        for _, k in speaking:
            latest.append(max(k, latest[-1]) if latest else k)
        for q in quotes:
            inner = q.inner(self.text)
            if inner[1] <= inner[0] or len(self.text[inner[0] : inner[1]].split()) < 4:
                continue
            if self.quote_taken(*inner):
                continue
            if _embedded(self.text, q.start):
                if self.sentence_goes_on(q):
                    continue  # a scare quote inside a running sentence: no quote of its own
                cue = self.sentence_cue(q)
                if cue is not None:  # 'X is telling voters that “...”': the end of X's sentence
                    self.used_cues.add(cue.i)
                    subj = _subject(cue)
                    speaker = _speaker_phrase(subj) if subj is not None else None
                    self.add("mixed", speaker, _cue_span(cue), inner, _stance(cue))
                    continue
            n = bisect.bisect_right(ends, q.start)
            prev = ordered[latest[n - 1]] if n else None
            if prev is not None and q.start - prev.content.end < 1500:
                # the speaker and cue of the quote before go on: '“...,” she said.\n\n“...”'
                self.add("direct", None, None, inner, "assert", actor=prev.speaker_actor)
                rec = self.found[-1]
                if prev.speaker:
                    rec.speaker = replace(prev.speaker)  # a copy: records share no spans
                if prev.cue:
                    rec.cue = replace(prev.cue)
            else:
                self.add("direct", None, None, inner, "assert")

    def sentence_goes_on(self, q: Quote) -> bool:
        """Whether words follow a quote in its sentence ('called it “a disgrace” on Friday')."""
        line_end = self.text.find("\n", q.end, q.end + MAX_SENTENCE_CHARS)
        rest = self.text[
            q.end : min(len(self.text), q.end + MAX_SENTENCE_CHARS) if line_end < 0 else line_end
        ]
        stop = _CLAUSE_BREAK.search(rest)
        rest = rest[: stop.start()] if stop else rest
        return any(ch.isalnum() for ch in rest)

    def sentence_cue(self, q: Quote) -> Token | None:
        """The nearest cue with a subject before a quote that ends its sentence."""
        i = self.token_at(q.start)
        if i >= len(self.doc):
            return None
        sent = self.doc[i].sent
        for tok in reversed(self.doc[max(sent.start, i - 40) : i]):
            if is_cue(tok) and tok.i not in self.used_cues and _subject(tok) is not None:
                return tok
        return None
