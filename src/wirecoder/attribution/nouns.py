"""Reporting nouns: "X's claim that ...", "X's criticism of Y", 'X made comments about Y'
(data/attribution/noun_cues.tsv), with the speaker from the possessive or the verb's subject."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.attribution.claims import Claims
from wirecoder.attribution.cues import noun_verbs, reporting_nouns
from wirecoder.attribution.parse import _is_time, _speaker_phrase, _subject
from wirecoder.attribution.quotes import Quote
from wirecoder.attribution.sentences import _trim


class NounCues(Claims):
    """Pass 3: reports whose cue is a noun."""

    def noun_cues(self, _quotes: list[Quote]) -> None:
        """ "X's claim that ...", "X's criticism of Y", 'X made comments about Y': a reporting noun
        (data/attribution/noun_cues.tsv) with a speaker and a content."""
        nouns = reporting_nouns()
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nouns:
                continue
            stance, preps = nouns[tok.lemma_.lower()]
            content = self.noun_content(tok, preps)
            if content is None:
                continue
            start, end = _trim(self.text, *content)
            brk = self.text.find("\n", start, end)
            end = brk if brk > 0 else end
            if end - start < 2 or self.overlaps(start, end, 0.8):
                continue
            owner = self.noun_owner(tok)
            if owner is None or owner[1] <= owner[0]:
                continue
            self.add("indirect", owner, (tok.idx, tok.idx + len(tok.text)), (start, end), stance)

    def noun_content(self, tok: Token, preps: set[str]) -> tuple[int, int] | None:
        """The content of a reporting noun: a that-clause, a to-infinitive or a phrase opened by one
        of its prepositions ('claim that ...', 'call to ban ...', 'criticism of ...')."""
        for child in tok.rights:
            if child.dep_ in ("acl", "ccomp") and any(
                t.dep_ == "mark" and t.lower_ == "that" for t in child.children
            ):
                return child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
            if (
                child.dep_ == "acl"
                and "to" in preps
                and any(t.dep_ == "aux" and t.lower_ == "to" for t in child.children)
            ):
                return child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
            if child.dep_ == "prep" and child.lower_ in preps and not _is_time(child):
                objs = [o for o in child.children if o.dep_ in ("pobj", "pcomp")]
                if objs:
                    last = child.right_edge
                    return objs[0].left_edge.idx, last.idx + len(last.text)
        return None

    def noun_owner(self, tok: Token) -> tuple[int, int] | None:
        """Who voices a reporting noun: its possessive ("Trump's claim") or the subject of the verb
        it is the object of, for verbs that voice it ('Trump made the claim'; not 'drew criticism')."""
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if poss:
            owner = _speaker_phrase(poss[0])
            if self.text[owner[1] - 2 : owner[1]] in ("’s", "'s"):
                owner = (owner[0], owner[1] - 2)
            return owner
        verb = tok.head
        if tok.dep_ not in ("dobj", "obj") or verb.pos_ != "VERB" or verb.lemma_.lower() not in noun_verbs():
            return None
        subj = _subject(verb)
        if subj is None or subj.lower_ in ("it", "there", "that", "this"):
            return None
        return _speaker_phrase(subj)
