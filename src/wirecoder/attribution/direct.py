"""Direct quotes (quotes.find_quotes) and the layouts that name their speaker, tried in order:
a cue after the quote ('"...," he said'), before it ('X said: "..."'), closing the paragraph above
('Cruz continued:'), in the middle ('"...," he said, "..."', found from the cue after); else a speaker
with no cue: a name and a colon ('Pollster Dan Shaw: "..."'), a dash before ('Name ― "..."') or after
('"..." - X')."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from wirecoder.attribution.claims import Claims
from wirecoder.attribution.cues import CUE_POS, is_cue
from wirecoder.attribution.parse import SUBJECT_DEPS, _cue_span, _speaker_phrase, _stance, _subject
from wirecoder.attribution.quotes import Quote
from wirecoder.attribution.sentences import _embedded, _ends_sentence, _sentence_ends

_DASH = re.compile(r"[^\S\n]*[-–—―]+[^\S\n]*([^\n]{2,80}?)[^\S\n]*$", re.M)
_DASH_BEFORE = re.compile(r"[^\S\n]*([^\n―—–]{2,60}?)[^\S\n]*[―—–-]+[^\S\n]*$")
# Dependencies of a verb that make a clause of its own between a cue and its quote.
_CLAUSE_DEPS_BETWEEN = {"ccomp", "advcl", "conj", "xcomp", "csubj", "parataxis", "ROOT"}
# Parts of speech of a plain noun phrase ('the 43-year-old', 'Mr. Hale', 'one').
_NOUN_PHRASE_POS = {"DET", "NUM", "PROPN", "NOUN", "ADJ", "PRON", "PART", "PUNCT"}


class DirectQuotes(Claims):
    """Pass 1: direct quotes and their speakers."""

    def direct(self, quotes: list[Quote]) -> None:
        """Pass 1: each quote not yet part of another gets the first layout that names its speaker."""
        consumed: set[int] = set()  # quotes taken as later pieces of an earlier one
        for n, q in enumerate(quotes):
            if n in consumed:
                continue
            inner = q.inner(self.text)
            if inner[1] <= inner[0]:
                continue
            nxt = quotes[n + 1].start if n + 1 < len(quotes) else len(self.text)
            tok = next((cue for find in CUE_LAYOUTS if (cue := find(self, q, nxt)) is not None), None)
            if tok is not None:
                self.cued_quote(quotes, n, tok, consumed)
                continue
            for find in SPEAKER_LAYOUTS:
                named = find(self, q, nxt)
                if named is not None:
                    self.add("direct", named[0], named[1], inner, "assert")
                    break

    def cued_quote(self, quotes: list[Quote], n: int, tok: Token, consumed: set[int]) -> None:
        """Record quote `n` with its cue `tok`, with the quotes that go on across the cue as pieces."""
        q = quotes[n]
        inner = q.inner(self.text)
        pieces, kind = [inner], "direct"
        if tok.i > self.token_at(q.end) - 1:
            # the cue in the middle: '"...," he said, "..."' or '"...," he said. "..."'
            k = n + 1
            while k < len(quotes):
                if self.continues(quotes[k], pieces[-1][1], tok):
                    pieces.append(quotes[k].inner(self.text))
                    consumed.add(k)
                elif not (_embedded(self.text, quotes[k].start) and quotes[k].start < tok.sent.end_char):
                    break  # a title inside the cue's clause ('said on “Meet the Press.”') is skipped
                k += 1
        subj = _subject(tok)
        speaker = self.loose_speakers.get(tok.i) or (_speaker_phrase(subj) if subj is not None else None)
        if speaker and tok.idx >= q.end and speaker[0] < q.end < speaker[1]:
            # a parse that runs the speaker into the quote: keep the words after the quote
            after = [t for t in self.doc[self.token_at(q.end) : subj.i + 1] if not t.is_punct] if subj else []
            speaker = (after[0].idx, speaker[1]) if after else None
        self.used_cues.add(tok.i)
        if speaker and tok.i < self.token_at(q.start) and self.text[inner[0]].islower():
            lead = self.lead_in(speaker[0], q.start)
            if lead:  # 'So when Patriot signaled ..., Mr. Barrett said, "we were floored."'
                pieces.insert(0, lead)
                kind = "mixed"
        content = (pieces[0][0], pieces[-1][1])
        self.add(kind, speaker, _cue_span(tok), content, _stance(tok), pieces=pieces)

    def cue_after_quote(self, q: Quote, nxt: int) -> Token | None:
        """Layout '"...," he said' (or the cue in the middle of two quotes): a cue before the next quote."""
        return self.cue_after(q, nxt)

    def cue_before_quote(self, q: Quote, _nxt: int) -> Token | None:
        """Layout 'X said: "..."' / 'a man yelled "Stay there!"'."""
        return self.cue_before(q)

    def cue_above_quote(self, q: Quote, _nxt: int) -> Token | None:
        """Layout 'Cruz continued:' closing the paragraph above the quote."""
        return self.cue_above(q)

    def colon_speaker_layout(self, q: Quote, _nxt: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """Layout 'Pollster Dan Shaw: "..."': (speaker, colon as the cue)."""
        return self.colon_speaker(q)

    def dash_before_layout(self, q: Quote, _nxt: int) -> tuple[tuple[int, int], None] | None:
        """Layout 'Name ― "..."': (speaker, no cue)."""
        before = self.dash_before(q)
        return (before, None) if before else None

    def dash_after(self, q: Quote, nxt: int) -> tuple[tuple[int, int], None] | None:
        """Layout '"..." - X': a capitalised name after a dash closing the quote's line: (speaker, no cue)."""
        dash = _DASH.match(self.text, q.end, min(nxt, len(self.text)))
        return (dash.span(1), None) if dash and dash.group(1)[:1].isupper() else None

    def layout_verb(self, tok: Token, q: Quote) -> bool:
        """A verb outside the lexicon that still reports in the tight layout '“...,” the man shouted'
        (the quote closes on its own comma, ! or ?)."""
        closing = self.text[q.end - 2 : q.end - 1] if q.closed else ""
        main = tok.dep_ in ("ROOT", "parataxis")  # not 'X, wearing a hat, said' nor 'who served'
        return tok.pos_ == "VERB" and main and closing in (",", "!", "?") and tok.i not in self.used_cues

    def bare_speaker(self, q: Quote, i: int, j: int) -> tuple[int, int] | None:
        """A speaker the parser did not link to its cue in '“...,” <noun phrase> <cue>' or
        '“...,” <cue> <noun phrase>': the plain noun phrase between or after."""
        closing = self.text[q.end - 2 : q.end - 1] if q.closed else ""
        if closing not in (",", "!", "?"):
            return None
        words = [t for t in self.doc[i:j] if not t.is_punct]
        if not words:  # inverted: 'read one', 'said Mr. Hale'
            words = []
            for t in self.doc[j + 1 : j + 13]:
                if t.pos_ not in _NOUN_PHRASE_POS and t.text not in ".-":
                    break
                words.append(t)
            while words and words[-1].is_punct:
                words.pop()
        if (
            not words
            or len(words) > 12
            or any(t.pos_ not in _NOUN_PHRASE_POS for t in words if not t.is_punct)
        ):
            return None
        if not any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in words):
            return None
        return words[0].idx, words[-1].idx + len(words[-1].text)

    def cue_after(self, q: Quote, limit: int) -> Token | None:
        """The cue verb after a quote ('"...," he said'), before `limit` and in the same sentence, or None."""
        if _embedded(self.text, q.start):
            return None  # 'said it was “a disgrace,” adding ...': a mixed quote, left to reported()
        i = self.token_at(q.end)
        for j in range(i, min(len(self.doc), i + 40)):  # room for a long speaker with apposition
            tok = self.doc[j]
            if tok.idx >= limit:
                return None
            gap = self.text[q.end : tok.idx]
            if "\n" in gap or _ends_sentence(gap):
                return None
            if (is_cue(tok) and j not in self.used_cues) or self.layout_verb(tok, q):
                subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
                if tok.dep_ == "relcl" or (subj and subj[0].lower_ in ("who", "which", "that")):
                    continue  # '“...,” X, who served as ..., told': the cue is the main verb further on
                if not subj:
                    loose = self.bare_speaker(q, i, j)
                    if loose:  # the parser missed the subject: '“...?” the 43-year-old asked'
                        self.loose_speakers[tok.i] = loose
                        return tok
                    return None
                if subj[0].idx < q.end:
                    later = [c for c in subj if c.idx >= q.end]
                    if not later:
                        return None
                    # a subject inside the quote as well ('“...Or the mill,” the mayor said')
                    subj = later
                    self.loose_speakers[tok.i] = _speaker_phrase(subj[0])
                # '"...," he said' / '"..." he said': punctuation ends the quote, or only the
                # speaker stands between ('"...” and let them know' is no cue for the quote)
                closing = self.text[max(q.start, q.end - 3) : q.end] + gap[:2]
                between = {t.i for t in self.doc[i:j]}
                inside = {t.i for t in subj[0].subtree} | {c.i for c in tok.children if c.dep_ != "punct"}
                if self.introduces_next(q, tok):
                    return None
                if any(ch in closing for ch in ",.!?—–-") or between <= inside:
                    return tok
                return None
        return None

    def introduces_next(self, q: Quote, tok: Token) -> bool:
        """'“....” He added, “...”': after a quote closed on a full stop, a cue followed by a comma or
        colon and a quotation mark introduces the next quote, not this one."""
        if not q.closed or self.text[q.end - 2 : q.end - 1] not in (".", "!", "?"):
            return False
        after = self.text[_cue_span(tok)[1] : _cue_span(tok)[1] + 4].lstrip()
        return after[:1] in (",", ":") and after[1:].lstrip()[:1] in ("“", '"', "'")

    def shouted(self, q: Quote, i: int) -> Token | None:
        """'a man yelled “Stay there!”': a verb with its subject right before an exclamation or a
        question, whether the sentence goes on or not."""
        closing = self.text[q.end - 2 : q.end - 1] if q.closed else ""
        if closing not in ("!", "?") or i < 1:
            return None
        tok = self.doc[i - 1]
        if tok.idx + len(tok.text) > q.start or tok.i in self.used_cues:
            return None
        if tok.pos_ != "VERB":
            return None
        if any(c.dep_ in SUBJECT_DEPS for c in tok.children):
            return tok
        if tok.dep_ == "acl" and tok.head.i == tok.i - 1 and tok.head.pos_ in ("NOUN", "PROPN"):
            self.loose_speakers[tok.i] = _speaker_phrase(tok.head)  # parsed as 'a man (who) yelled'
            return tok
        return None

    def cue_before(self, q: Quote) -> Token | None:
        """The cue verb before a quote ('X said: "..."', 'a man yelled "...!"'), or None."""
        i = self.token_at(q.start)
        if i >= len(self.doc):
            return None
        sent = self.doc[min(i, len(self.doc) - 1)].sent
        shout = self.shouted(q, i)
        if shout is not None:
            return shout
        for j in range(i - 1, max(sent.start, i - 25) - 1, -1):
            tok = self.doc[j]
            colon_verb = j == i - 2 and self.doc[j + 1].text == ":" and tok.pos_ == "VERB"
            if not (is_cue(tok) or colon_verb) or j in self.used_cues:
                continue
            gap = self.text[_cue_span(tok)[1] : q.start]
            if "\n" in gap or _ends_sentence(gap):
                return None
            if self.clause_between(j, i):
                return None  # 'said that X had two choices: “...”' is a mixed quote
            if gap.rstrip().endswith(":"):
                if is_cue(tok) or any(c.dep_ in SUBJECT_DEPS for c in tok.children):
                    return tok
                return None
            if gap.strip() == "" or gap.rstrip().endswith(","):
                # the clause going on after the quote makes it a mixed quote, left to reported()
                rest = self.text[q.end : min(sent.end_char, q.end + 200)].split("\n")[0]
                if sum(1 for w in rest.split() if w[:1].isalnum()) >= 2:
                    return None
                return tok
            return None
        return None

    def clause_between(self, cue: int, quote: int) -> bool:
        """Whether a clause of its own stands between a cue and its quote ('says no matter what
        Obama takes on guns, “...”', 'adds that X has two choices: “...”')."""
        for t in self.doc[cue + 1 : quote]:
            if t.pos_ in CUE_POS and t.dep_ in _CLAUSE_DEPS_BETWEEN:
                return True
            if t.lower_ in ("that", "if", "whether") and t.dep_ == "mark":
                return True
        return False

    def cue_above(self, q: Quote) -> Token | None:
        """'Cruz continued:' closing the paragraph before a paragraph that opens with the quote."""
        line_start = self.text.rfind("\n", 0, q.start) + 1
        if self.text[line_start : q.start].strip():
            return None
        end = line_start
        while end > 0 and self.text[end - 1].isspace():
            end -= 1
        if end == 0 or self.text[end - 1] != ":":
            return None
        colon = self.token_at(end - 1)
        if colon >= len(self.doc) or self.doc[colon].idx != end - 1:
            return None
        for j in range(colon - 1, max(0, colon - 25) - 1, -1):
            tok = self.doc[j]
            gap = self.text[tok.idx + len(tok.text) : end - 1]
            if "\n" in gap or _ends_sentence(gap + " "):
                return None
            near = j == colon - 1 and tok.pos_ == "VERB" and any(c.dep_ in SUBJECT_DEPS for c in tok.children)
            if (is_cue(tok) or near) and j not in self.used_cues:
                return None if self.clause_between(j, colon) else tok
        return None

    def continues(self, q2: Quote, end: int, cue: Token) -> bool:
        """Whether quote q2 goes on the quote that ends at `end` across its cue ('," he said, "...')."""
        gap = self.text[end : q2.start]
        if len(gap) > 250 or "\n" in gap or self.text[q2.start] in "”»":
            return False
        if not (cue.idx >= end and cue.idx < q2.start):
            return False
        line_end = self.text.find("\n", q2.end)
        if self.cue_after(q2, len(self.text) if line_end < 0 else line_end) is not None:
            return False  # '“...,” she said. “...,” she said again': each quote has its own cue
        if _sentence_ends(gap[gap.find(cue.text) :]) > 1 or not gap.rstrip().endswith((",", ".", ":")):
            return False
        i, j = self.token_at(end), self.token_at(q2.start)
        # a cue in a relative clause of the speaker's own clause ('said X, who noted ...') is no new
        # report; 'said, adding that ...' is
        own = {t.i for t in cue.subtree} | {t.i for t in (_subject(cue) or cue).subtree}
        return not any(
            is_cue(t) and t.i != cue.i and not (t.i in own and t.dep_ in ("relcl", "acl"))
            for t in self.doc[i:j]
        )

    def lead_in(self, speaker_start: int, quote_start: int) -> tuple[int, int] | None:
        """The clause that opens a sentence before 'X said, "<lower-case quote>"': the quote goes on
        from it, so it is part of what X said."""
        sent = self.doc[self.token_at(quote_start)].sent
        start = sent.start_char
        before = self.text[start:speaker_start].rstrip()
        if not before.endswith(",") or len(before.split()) < 3 or _ends_sentence(before[:-1] + " "):
            return None
        return start, start + len(before) - 1

    def colon_speaker(self, q: Quote) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """'Pollster Dan Shaw: “...”' / 'From the report:' then the quote: the name before a colon
        that introduces the quote (on its line or closing the paragraph before); (speaker, colon)."""
        end = q.start
        while end > 0 and self.text[end - 1].isspace():
            end -= 1
        if end == 0 or self.text[end - 1] != ":" or self.text.count("\n", end, q.start) > 2:
            return None
        colon = self.token_at(end - 1)
        if colon < 1 or colon >= len(self.doc) or self.doc[colon].idx != end - 1:
            return None
        name = self.doc[colon - 1]
        source = name.dep_ in ("ROOT", "nsubj", "appos") or (
            name.dep_ == "pobj" and name.head.lower_ == "from"
        )
        if name.pos_ == "PROPN" or (name.pos_ == "NOUN" and source):  # 'the report:', 'From the study:'
            start, stop = _speaker_phrase(name)
            cuts = [m.end() for m in re.finditer(r"\s-+\s|[–—―\n]", self.text[start:stop])]
            start += cuts[-1] if cuts else 0  # not 'HEADLINE - Name'
            while start < stop and self.text[start].isspace():
                start += 1
            return (start, stop), (end - 1, end)
        return None

    def dash_before(self, q: Quote) -> tuple[int, int] | None:
        """'Name ― "..."': a speaker and a dash opening the paragraph before the quote."""
        line_start = self.text.rfind("\n", 0, q.start) + 1
        m = _DASH_BEFORE.match(self.text, line_start, q.start)
        if m and m.group(1)[:1].isupper() and len(m.group(1).split()) <= 6:
            return m.span(1)
        return None


# The layouts of a direct quote, tried in this order: first those with a cue verb (its token), then those
# with a speaker and no cue verb ((speaker span, cue span or None)). A finder may note a speaker the
# parser missed in `loose_speakers`.
CUE_LAYOUTS: tuple[Callable[[DirectQuotes, Quote, int], Token | None], ...] = (
    DirectQuotes.cue_after_quote,
    DirectQuotes.cue_before_quote,
    DirectQuotes.cue_above_quote,
)
SPEAKER_LAYOUTS: tuple[Callable[[DirectQuotes, Quote, int], tuple | None], ...] = (
    DirectQuotes.colon_speaker_layout,
    DirectQuotes.dash_before_layout,
    DirectQuotes.dash_after,
)
