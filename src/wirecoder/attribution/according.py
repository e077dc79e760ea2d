"""'according to X': the rest of the sentence (the longer side of the phrase) is what X says."""

from __future__ import annotations

from wirecoder.attribution.claims import Claims
from wirecoder.attribution.parse import _speaker_phrase
from wirecoder.attribution.quotes import Quote
from wirecoder.attribution.sentences import _trim


class AccordingTo(Claims):
    """Pass 4: 'according to X'."""

    def according_to(self, _quotes: list[Quote]) -> None:
        """Pass 4: 'according to X' with the longer side of its sentence as the content."""
        for tok in self.doc[:-1]:
            if tok.lower_ != "according" or self.doc[tok.i + 1].lower_ != "to":
                continue
            to = self.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if not objs:
                continue
            speaker = _speaker_phrase(objs[0])
            sent = tok.sent
            phrase_end = max(objs[0].right_edge.idx + len(objs[0].right_edge.text), speaker[1])
            before = _trim(self.text, sent.start_char, tok.idx)
            after = _trim(self.text, phrase_end, sent.end_char)
            content = before if before[1] - before[0] >= after[1] - after[0] else after
            if content[1] - content[0] < 3 or self.covered(*content):
                continue
            self.add("according_to", speaker, (tok.idx, to.idx + len(to.text)), content, "assert")
