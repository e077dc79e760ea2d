"""Reported speech: a cue verb from the lexicon (data/attribution/cues.tsv) with a subject and a clause
or object; the content is the clause (a quote inside makes it 'mixed'); a cue verb joined to another
('said ... and blamed', 'noting that') takes that verb's speaker; a passive cue with a to-clause
('is expected to win') reports the clause."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.attribution.claims import Claims
from wirecoder.attribution.cues import QUOTE_ONLY, cue_preps, cues, is_cue
from wirecoder.attribution.parse import (
    CLAUSE_DEPS,
    LEAD_DEPS,
    OBJECT_DEPS,
    OBJECT_PREPS,
    _before_aside,
    _before_next_cue,
    _cue_span,
    _gerund_end,
    _gerund_objects,
    _is_time,
    _marked_for,
    _names_or_asks,
    _speaker_of,
    _speaker_phrase,
    _stance,
    _subject,
)
from wirecoder.attribution.quotes import Quote
from wirecoder.attribution.sentences import _trim
from wirecoder.model import AttributionRecord, Content


class ReportedSpeech(Claims):
    """Pass 2: reported speech from the cue verbs."""

    def reported(self, quotes: list[Quote]) -> None:
        """Pass 2: each cue verb with a subject and a content not yet claimed."""
        for tok in self.doc:
            if not is_cue(tok):
                continue
            if tok.i in self.used_cues:
                self.widen_direct(tok)
                continue
            subj = _subject(tok)
            if subj is None:
                self.passive(tok)
                continue
            if subj.lower_ in ("there", "that"):
                continue
            if subj.lower_ in ("i", "we", "you") and self.inside_direct(tok.idx):
                continue  # 'I think' inside a quote is the quoted speaker's own words
            content = self.content_of(tok)
            if content is None or content[0] < tok.idx:
                content = self.parenthetical(tok, subj) or content
            if content is None:
                continue
            start, end = content
            for q in self.quotes_over(quotes, start, end):
                # a quote that starts inside the content belongs to it whole (in its paragraph)
                if start <= q.start < end < q.end and "\n" not in self.text[end : q.end]:
                    end = q.end
                if q.start < start < q.end <= end and "\n" not in self.text[q.start : start]:
                    start = q.start
            start, end = _trim(self.text, start, end)
            if end - start < 3:
                continue
            absorbed = self.absorbed(start, end, tok)
            for a in absorbed:
                self.found.remove(a)
            has_quote = any(
                start <= q.start and q.end <= end + 1 for q in self.quotes_over(quotes, start, end + 1)
            )
            if self.overlaps(start, end, 0.8) or (
                tok.lemma_.lower() in QUOTE_ONLY and not has_quote and not _names_or_asks(tok)
            ):  # 'called the police' is no report; 'called it a "rant"' / 'called for' are
                self.found.extend(absorbed)
                continue
            for a in absorbed:  # the clause makes them mixed: their own cue, if any, is free again
                if a.cue:
                    self.used_cues.discard(self.token_at(a.cue.start))
            self.used_cues.add(tok.i)
            self.add(
                "mixed" if has_quote else "indirect",
                _speaker_of(subj, tok),
                _cue_span(tok),
                (start, end),
                _stance(tok),
            )

    def content_of(self, tok: Token) -> tuple[int, int] | None:
        """The content span of a cue verb: its clause or object (by its frame), to its paragraph's end."""
        frame = cues()[tok.lemma_.lower()][1]
        comps = []
        for child in tok.children:
            dep = child.dep_
            if dep in CLAUSE_DEPS and frame in ("clause", "both"):
                comps.append(child)
            elif dep in OBJECT_DEPS and frame in ("object", "both") and child.i > tok.i:
                comps.append(child)
            elif dep == "advcl" and child.i > tok.i and _marked_for(child):  # 'called for the army to go'
                comps.append(child)
            elif (
                dep == "prep"
                and child.i > tok.i
                and (
                    child.lower_ in OBJECT_PREPS
                    or (comps and child.lower_ in ("in", "to"))
                    or child.lower_ == "as"
                    or child.lower_ in cue_preps().get(tok.lemma_.lower(), ())
                )
                and frame in ("object", "both")
                and not _is_time(child)  # 'voted on Tuesday'
            ):
                comps.append(child)
        if not comps:
            return None
        gerunds = _gerund_objects(tok, comps) if any(c.dep_ == "prep" for c in comps) else []
        right = [c for c in comps if c.i > tok.i]
        chosen = right or comps
        start = min(c.left_edge.idx for c in chosen)
        if right:
            start = max(start, tok.idx + len(tok.text))
        last = max((c.right_edge for c in chosen), key=lambda t: t.i)
        if gerunds:
            last = max(last, _gerund_end(gerunds[-1]), key=lambda t: t.i)
        last = _before_next_cue(tok, chosen, last)
        last = _before_aside(chosen, last)
        end = last.idx + len(last.text)
        if right:  # a reported clause ends with its paragraph
            brk = self.text.find("\n", start, end)
            end = brk if brk > 0 else end
        else:
            start = max(start, self.text.rfind("\n", start, end) + 1)
        return start, end

    def parenthetical(self, tok: Token, subj: Token) -> tuple[int, int] | None:
        """'X, he said, Y.' / 'X, he said.': the cue set off by a comma; content is the sentence
        around it (the outer span) or the part before it."""
        sent = tok.sent
        first = min(subj.left_edge.i, tok.i)
        last = max(tok.i, subj.right_edge.i)
        for child in tok.rights:
            if child.dep_ in ("punct", "ccomp", "conj", "cc", "advcl", "xcomp"):
                break
            last = max(last, child.right_edge.i)
        if first - sent.start < 3:
            return None
        prev = self.doc[first - 1]
        if prev.text not in (",", "”", "’", "''", '"', "—", "–"):
            return None
        after = self.doc[last + 1] if last + 1 < sent.end else None
        if after is not None and after.text == "," and sent.end - last > 4:
            return sent.start_char, sent.end_char
        if after is None or after.is_punct:
            return sent.start_char, prev.idx
        return None

    def absorbed(self, start: int, end: int, tok: Token) -> list[AttributionRecord]:
        """Direct quotes lying inside the reported clause of cue `tok` that the clause makes mixed
        ('Baker said the probe is "ongoing."'): quotes with no cue or a cue outside the clause, when
        at least two words of the clause stand outside them."""
        inside = [
            a
            for a in self.found.starting_in(start, end + 2)
            if a.kind == "direct"
            and a.content.pieces is None
            and start <= a.content.start
            and a.content.end <= end + 2
            and (
                a.cue is None
                or not start - 1 <= a.cue.start < end + 2
                # 'he is "a unifier" who wanted ...': a relative clause in the content is no speaker
                or (a.speaker is not None and a.speaker.text.lower() in ("who", "which", "that"))
            )
        ]
        if not inside:
            return []
        if all(a.cue and a.cue.start >= end for a in inside):
            # 'Cruz says that "...." He added ...': a cue after the quote, past the clause, came
            # too late to claim a quote this clause opens
            return inside
        spans = [(a.content.start - 1, a.content.end + 1) for a in inside]
        outside = [
            t
            for t in self.doc[self.token_at(start) : self.token_at(end)]
            if not (t.is_punct or t.is_space or t.lower_ == "that")
            and not any(s <= t.idx < e for s, e in spans)
        ]
        return inside if len(outside) >= 2 else []

    def widen_direct(self, tok: Token) -> None:
        """'Ryan says no matter what Obama does, "his word does not trump the Constitution."': the
        quote found from cue `tok` is the end of its reported clause, so the clause is the content."""
        cue_start = _cue_span(tok)[0]
        record = next(
            (
                a
                for a in self.found.with_cue_at(cue_start)
                if a.cue and a.cue.start == cue_start and a.kind == "direct"
            ),
            None,
        )
        if record is None or record.content.pieces is not None or record.content.start < tok.idx:
            return
        q_start = record.content.start
        for child in tok.children:
            if child.dep_ not in CLAUSE_DEPS or not child.left_edge.idx <= q_start <= child.right_edge.idx:
                continue
            # a clause put before the quote hangs from the cue too ('says no matter what ..., "..."')
            lead = [c.left_edge.idx for c in tok.rights if c.idx < q_start and c.dep_ in LEAD_DEPS]
            start = max(min([child.left_edge.idx, *lead]), tok.idx + len(tok.text))
            last = _before_next_cue(tok, [child], child.right_edge)
            end = max(last.idx + len(last.text), record.content.end)
            start, end = _trim(self.text, start, end)
            if start < q_start - 1 and self._outside(start, q_start) >= 2:
                record.kind = "mixed"
                self.found.recontent(record, Content.of(self.text, start, end))
            return

    def _outside(self, start: int, end: int) -> int:
        """Words between two offsets, punctuation and a 'that' left out."""
        return sum(
            1
            for t in self.doc[self.token_at(start) : self.token_at(end)]
            if not (t.is_punct or t.is_space or t.lower_ == "that")
        )

    def passive(self, tok: Token) -> None:
        """'Trump is expected to win Ohio': a passive cue with a to-clause reports the whole clause;
        its speaker is the 'by' agent, when there is one."""
        subj = next((c for c in tok.lefts if c.dep_ == "nsubjpass"), None)
        comp = next((c for c in tok.rights if c.dep_ == "xcomp"), None)
        if subj is None or comp is None or not any(c.dep_ == "auxpass" for c in tok.children):
            return
        if self.inside_direct(tok.idx) or subj.lower_ in ("who", "which", "that"):
            return
        agent = next((c for c in tok.rights if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        last = _before_next_cue(tok, [comp], comp.right_edge)
        start, end = _trim(self.text, subj.left_edge.idx, last.idx + len(last.text))
        if end - start < 3 or "\n" in self.text[start:end] or self.overlaps(start, end, 0.8):
            return
        self.used_cues.add(tok.i)
        self.add(
            "indirect",
            _speaker_phrase(by) if by is not None else None,
            _cue_span(tok),
            (start, end),
            _stance(tok),
        )
