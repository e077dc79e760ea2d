"""The attribution stage: who said what, from quotation marks and the dependency parse.

Order of work, each step claiming what it finds so that later steps do not repeat it:
1. direct quotes (quotes.find_quotes) with a cue after the quote ('"...," he said'), before it
   ('X said: "..."'), or in the middle ('"...," he said, "..."'), or a dash ('"..." - X');
2. reported speech: a cue verb from the lexicon (data/attribution/cues.tsv) with a subject and a
   clause or object; content is the clause (a quote inside makes it 'mixed'); a cue verb joined to
   another ('said ... and blamed', 'noting that') takes that verb's speaker;
3. 'according to X';
4. headline style 'X: ...';
5. quotes with no cue: the speaker of the previous direct quote, when there is one.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from wirecoder.actors.stage import actor_at
from wirecoder.attribution.quotes import Quote, find_quotes
from wirecoder.model import Document
from wirecoder.resources import read_table, split_list, word_set

CUE_POS = {"VERB", "AUX"}
# Cues that report only with a quote in their content ('called X "Y"').
QUOTE_ONLY = {"call", "label", "dub", "term", "brand"}
CLAUSE_DEPS = {"ccomp", "xcomp"}
OBJECT_DEPS = {"dobj", "obj", "dative", "attr", "oprd"}
OBJECT_PREPS = {"for", "of", "about", "over", "against", "on"}
# Right-hand dependents kept in a speaker noun phrase (relative clauses, appositions are cut off).
SPEAKER_RIGHT = {"prep", "pobj", "compound", "amod", "nummod", "poss", "flat", "nmod", "case", "cc", "conj"}
SUBJECT_DEPS = {"nsubj"}
CONTRAST_MARKS = {"while", "whereas", "whilst"}  # 'X says ... while Y argues ...': two reports
# Dependents of a cue that open its reported clause before a quote ('says no matter what ..., "..."').
LEAD_DEPS = {"advmod", "advcl", "ccomp", "mark"}
_TERMINAL = re.compile(r"(\S*)[.!?]+[\"”’]?(?=\s|$)")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st", "jr", "sr",
    "prof", "rev", "hon", "pres", "u.s", "u.n", "u.k", "d-mo", "no", "vs", "inc", "co", "corp", "ltd",
}  # fmt: skip
_DASH = re.compile(r"[^\S\n]*[-–—―]+[^\S\n]*([^\n]{2,80}?)[^\S\n]*$", re.M)
_DASH_BEFORE = re.compile(r"[^\S\n]*([^\n―—–]{2,60}?)[^\S\n]*[―—–-]+[^\S\n]*$")
# How far back from a quote or cue the start of its sentence is looked for, and how far after a quote
# the rest of its sentence, in characters: a sentence longer than this (none in news text; a text
# without line breaks or full stops) is read from this far only, so that each look is bounded.
MAX_SENTENCE_CHARS = 2_000
_HEADLINE = re.compile(r"^([A-Z][^:\n]{1,60}?):[ \t]+(\S[^\n]*)$")


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, str]]:
    """lemma -> (stance, frame) from data/attribution/cues.tsv."""
    table = {}
    for row in read_table("attribution/cues.tsv"):
        lemma, stance, frame = (row + ["", "", ""])[:3]
        table[lemma.lower()] = (stance or "assert", frame or "both")
    return table


@lru_cache(maxsize=1)
def reporting_nouns() -> dict[str, tuple[str, set[str]]]:
    """noun -> (stance, prepositions that open its content) from data/attribution/noun_cues.tsv."""
    table = {}
    for row in read_table("attribution/noun_cues.tsv"):
        noun, stance, preps = (row + ["", "", ""])[:3]
        table[noun.lower()] = (stance or "assert", set(split_list(preps)))
    return table


@lru_cache(maxsize=1)
def noun_verbs() -> frozenset[str]:
    """Verbs whose subject voices the reporting noun they take ('made comments'): noun_cue_verbs.tsv."""
    return word_set("attribution/noun_cue_verbs.tsv")


@lru_cache(maxsize=1)
def cue_preps() -> dict[str, set[str]]:
    """lemma -> further prepositions that open its content ('refers to X'), cues.tsv's fourth column."""
    return {
        row[0].lower(): set(split_list(row[3])) for row in read_table("attribution/cues.tsv") if len(row) > 3
    }


def _ends_sentence(gap: str) -> bool:
    """Whether a stretch of text between a quote and a cue crosses a sentence end ('Sen.' does not)."""
    for m in _TERMINAL.finditer(gap):
        word = m.group(1).lower().strip('("“')
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return True
    return False


# Dependencies of a verb that make a clause of its own between a cue and its quote.
_CLAUSE_DEPS_BETWEEN = {"ccomp", "advcl", "conj", "xcomp", "csubj", "parataxis", "ROOT"}
# Parts of speech of a plain noun phrase ('the 43-year-old', 'Mr. Hale', 'one').
_NOUN_PHRASE_POS = {"DET", "NUM", "PROPN", "NOUN", "ADJ", "PRON", "PART", "PUNCT"}
_CLAUSE_BREAK = re.compile(r":[^\S\n]*$|[.!?…]+[\"”’)]*[^\S\n]+")


def _sentence_prefix(text: str, pos: int) -> str:
    """The words of the sentence before `pos` (from the paragraph start or the last sentence end or
    colon; 'Sen.' is no sentence end)."""
    floor = max(0, pos - MAX_SENTENCE_CHARS)
    line = text[text.rfind("\n", floor, pos) + 1 or floor : pos]
    cut = 0
    # the end of the last break that counts (a colon, or a sentence end after no abbreviation), read
    # from the right: only the last few of the matches are looked at
    for m in reversed(list(_CLAUSE_BREAK.finditer(line))):
        if m.group(0).startswith(":"):
            cut = m.end()
            break
        # the last word before the mark (from the 100 characters before it: no abbreviation is longer)
        word = line[max(0, m.start() - 100) : m.start()].split()[-1:] or [""]
        word = word[0].lower().strip('("“')
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        cut = m.end()
        break
    return line[cut:]


def _sentence_ends(gap: str) -> int:
    """How many sentence ends a stretch of text crosses ('Sen.' and initials are none)."""
    count = 0
    for m in _TERMINAL.finditer(gap):
        word = m.group(1).lower().strip('("“')
        if not (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            count += 1
    return count


def _embedded(text: str, pos: int) -> bool:
    """Whether a quote at `pos` sits inside a running sentence ('he called it “a disgrace”'): words
    before it in its sentence, not ending in a colon, comma or dash that would set it off."""
    prefix = _sentence_prefix(text, pos).rstrip()
    if not any(ch.isalnum() for ch in prefix):
        return False
    return not prefix.endswith((":", ",", "—", "–", "-"))


def _is_cue(tok: Token) -> bool:
    return tok.pos_ in CUE_POS and tok.lemma_.lower() in cues()


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    return start, end


def _speaker_phrase(head: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by `head` (relative clauses and appositions cut)."""
    left = head.left_edge
    for tok in head.doc[left.i : head.i]:  # a paragraph break ends the phrase ('10:10 a.m.\n\nJeb Bush')
        if "\n" in tok.text or "\n" in tok.whitespace_:
            left = tok.doc[tok.i + 1]
    while left.i < head.i and (left.is_punct or left.is_space):
        left = left.doc[left.i + 1]
    right = head.i
    for child in head.rights:
        if child.dep_ in SPEAKER_RIGHT:
            right = child.right_edge.i
        else:
            break
    last = head.doc[right]
    while last.i > head.i and last.is_punct:
        last = head.doc[last.i - 1]
    return left.idx, last.idx + len(last.text)


def _subject(tok: Token, depth: int = 0) -> Token | None:
    for child in tok.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if depth < 3 and tok.dep_ in ("conj", "advcl", "xcomp", "acomp") and tok.head is not tok:
        return _subject(tok.head, depth + 1)  # 'are more likely to say': through the adjective
    if depth < 3 and tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head is not tok.head:
        return _subject(tok.head.head, depth + 1)  # 'After saying ..., the man left'
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
        if tok.doc[tok.i - 1].text != ",":
            return tok.head  # 'a letter saying ...', 'voters saying ...'
        verb = tok.head  # 'Trump won Iowa, calling it ...': the participle goes with the clause
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return _subject(verb, depth + 1) if depth < 3 and verb.pos_ in ("VERB", "AUX") else None
    if tok.i > 0 and tok.doc[tok.i - 1].text == ",":  # 'He criticized X, said Y': a comma splice
        for child in tok.lefts:
            if child.dep_ == "ccomp" and child.right_edge.i == tok.i - 2 and child.pos_ == "VERB":
                return next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
    return None


def _speaker_of(subj: Token, cue: Token) -> tuple[int, int]:
    """The speaker phrase of a cue's subject; when the parser takes a time stamp or a dateline
    for the subject ('12:15 p.m.\n\nPresident Obama says', 'WASHINGTON (AP) — Ryan said'), the
    words between that break and the cue."""
    if subj.i < cue.i:
        between = subj.doc[subj.i : cue.i].text_with_ws  # not doc.text: that is rebuilt on every access
        brk = max(between.rfind("\n"), between.rfind(" — "))
        if brk >= 0:
            brk += subj.idx
            words = [t for t in subj.doc[subj.i : cue.i] if t.idx > brk and not (t.is_space or t.is_punct)]
            heads = [t for t in words if t.pos_ in ("NOUN", "PROPN", "PRON")]
            if heads:
                last = max(t.i for t in heads)
                first = words[0]
                end = subj.doc[last]
                return first.idx, end.idx + len(end.text)
    return _speaker_phrase(subj)


def _cue_span(tok: Token) -> tuple[int, int]:
    start, end = tok.idx, tok.idx + len(tok.text)
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") and abs(child.i - tok.i) <= 3:
            start = min(start, child.idx)
            end = max(end, child.idx + len(child.text))
    return start, end


def _before_next_cue(cue: Token, comps: list[Token], last: Token) -> Token:
    """The last token of a content that stops before a cue verb joined to it ('he'd sit Putin down
    and tell him "no more nonsense" and tells the crowd he ...', '..., saying ...', 'while X argues
    ...'): that verb reports its own content."""
    inside = {t.i for c in comps for t in c.subtree}
    for tok in cue.doc[min(inside) if inside else cue.i : last.i + 1]:
        if (
            tok.i in inside
            and tok.dep_ in ("conj", "advcl")
            and tok.head.i != cue.i
            and _is_cue(tok)
            and any(c.dep_ in CLAUSE_DEPS or c.dep_ in OBJECT_DEPS for c in tok.children)
            and (
                # 'says he would ... and tells the crowd': a speech verb in the cue's own form
                (
                    cue.doc[tok.left_edge.i - 1].dep_ == "cc"
                    and tok.tag_ == cue.tag_
                    and cues()[tok.lemma_.lower()][0] == "assert"
                )
                or (_after_comma(cue.doc, tok.left_edge.i) and tok.tag_ == "VBG")
                # 'accuses X of ... while Sanders suggests ...': a contrasting clause with its own speaker
                or (
                    any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in tok.children)
                    and any(c.dep_ in SUBJECT_DEPS for c in tok.children)
                )
            )
        ):
            cut = tok.left_edge.i - 1
            while cut > cue.i and (cue.doc[cut].is_punct or cue.doc[cut].dep_ == "cc"):
                cut -= 1
            if cut > cue.i and cut >= min(inside):
                return cue.doc[cut]
    return last


def _after_comma(doc: Doc, i: int) -> bool:
    """Whether doc[i] follows a comma, also one inside a closing quotation mark ('party,” claiming')."""
    k = i - 1
    if k > 0 and doc[k].is_quote:
        k -= 1
    return k >= 0 and doc[k].text == ","


def _before_aside(comps: list[Token], last: Token) -> Token:
    """The last token of an object content before an aside that ends it: a relative clause or
    apposition set off by a comma ('backed Bush, the former governor' -> 'Bush')."""
    first = min(c.i for c in comps)
    for comp in comps:
        if comp.dep_ not in OBJECT_DEPS:
            continue
        for child in comp.rights:
            comma = child.left_edge.i - 1
            if (
                child.dep_ in ("relcl", "appos")
                and comma > first
                and child.doc[comma].text == ","
                and child.right_edge.i >= last.i - 1
                and not any(t.is_quote for t in child.subtree)  # a quote in it makes it part of the report
            ):
                return child.doc[comma - 1]
    return last


def _names_or_asks(tok: Token) -> bool:
    """'called X a Y' (a predicate after the object) or 'called for / on ...'."""
    if any(c.dep_ in ("dobj", "obj") for c in tok.children):  # 'called the police on Friday'
        return any(c.dep_ in ("oprd", "ccomp") for c in tok.children)
    return _for_clause(tok) or any(
        c.dep_ in ("oprd", "ccomp")
        or (c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i > tok.i and not _is_time(c))
        for c in tok.children
    )


def _for_clause(tok: Token) -> bool:
    """'called for the army to withdraw': a for-to clause the parser hangs on the cue as an advcl."""
    return any(c.dep_ == "advcl" and c.i > tok.i and _marked_for(c) for c in tok.children)


def _marked_for(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)


def _is_time(prep: Token) -> bool:
    return any(o.ent_type_ in ("DATE", "TIME") for o in prep.children if o.dep_ == "pobj")


def _stance(tok: Token) -> str:
    if tok.lemma_.lower() == "call" and (
        _for_clause(tok) or any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children)
    ):
        return "demand"
    stance = cues().get(tok.lemma_.lower(), ("assert", "both"))[0]
    if any(c.dep_ == "neg" for c in tok.children):
        return negated_stances().get(stance, stance)
    return stance


@lru_cache(maxsize=1)
def negated_stances() -> dict[str, str]:
    """stance -> the stance of the cue under negation, from data/attribution/negated_stances.tsv."""
    return {row[0]: row[1] for row in read_table("attribution/negated_stances.tsv") if len(row) >= 2}


def _gerund_objects(tok: Token, comps: list[Token]) -> list[Token]:
    """'blamed Ukraine for "terrorist acts" and "provoking us ..."': a subjectless gerund joined to the
    cue after its prepositional content is a second object of the preposition the parser hung on the
    cue (a finite cue and a gerund are no pair of verbs)."""
    last = max(c.i for c in comps)
    return [
        c
        for c in tok.children
        if c.dep_ == "conj"
        and c.tag_ == "VBG"
        and c.i > last
        and not any(g.dep_ in SUBJECT_DEPS or g.dep_ == "nsubjpass" for g in c.children)
    ]


def _gerund_end(gerund: Token) -> Token:
    """Last token of a gerund object: its closing quotation mark when a quote opens right before it
    (what follows the quote is the sentence's, not the object's), else its own object."""
    doc = gerund.doc
    if gerund.i > 0 and doc[gerund.i - 1].is_quote:
        for k in range(gerund.i + 1, gerund.sent.end):
            if doc[k].is_quote:
                return doc[k]
    objects = [c for c in gerund.children if c.dep_ in ("dobj", "xcomp", "ccomp", "dative", "prt")]
    return max((c.right_edge for c in objects), key=lambda t: t.i, default=gerund)


class _Found(list):
    """The attributions found so far, in the order found (a list), indexed by the start of their
    content and by the start of their cue, so that the checks against what is found (overlaps,
    covered, quote_taken, ...) read the attributions near a span rather than all of them. Changes go
    through append, extend, remove and recontent."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[int, int, dict[str, Any]]] = []  # (content start, order, record), sorted
        self.order: dict[int, int] = {}  # id(record) -> its order (the list order: later ones after)
        self.cues: dict[int, list[dict[str, Any]]] = {}  # cue start -> records, as added
        self.longest = 0  # the longest content ever added (a bound: never lowered)
        self.next = 0

    def _index(self, record: dict[str, Any]) -> None:
        order = self.order[id(record)] = self.next
        self.next += 1
        c = record["content"]
        bisect.insort(self.rows, (c["start"], order, record))
        self.longest = max(self.longest, c["end"] - c["start"])
        if record["cue"]:
            self.cues.setdefault(record["cue"]["start"], []).append(record)

    def _unindex(self, record: dict[str, Any]) -> None:
        order = self.order.pop(id(record))
        row = (record["content"]["start"], order)
        k = bisect.bisect_left(self.rows, row, key=lambda r: (r[0], r[1]))
        del self.rows[k]
        if record["cue"]:
            self.cues[record["cue"]["start"]].remove(record)

    def append(self, record: dict[str, Any]) -> None:
        super().append(record)
        self._index(record)

    def extend(self, records) -> None:
        for record in records:
            self.append(record)

    def remove(self, record: dict[str, Any]) -> None:
        k = self.index(record)  # as list.remove: the first record equal to it
        self._unindex(self[k])
        del self[k]

    def recontent(self, record: dict[str, Any], content: dict[str, Any]) -> None:
        """Give a found record another content span (its place in the list stays)."""
        order = self.order[id(record)]
        k = bisect.bisect_left(self.rows, (record["content"]["start"], order), key=lambda r: (r[0], r[1]))
        del self.rows[k]
        record["content"] = content
        bisect.insort(self.rows, (content["start"], order, record))
        self.longest = max(self.longest, content["end"] - content["start"])

    def near(self, start: int, end: int) -> list[dict[str, Any]]:
        """The records whose content overlaps [start, end) or touches it, in list order."""
        lo = bisect.bisect_left(self.rows, start - self.longest, key=lambda r: r[0])
        hi = bisect.bisect_right(self.rows, end, key=lambda r: r[0])
        rows = [r for r in self.rows[lo:hi] if r[2]["content"]["end"] >= start]
        return [r[2] for r in sorted(rows, key=lambda r: r[1])]

    def starting_in(self, lo: int, hi: int) -> list[dict[str, Any]]:
        """The records whose content starts in [lo, hi], in list order."""
        a = bisect.bisect_left(self.rows, lo, key=lambda r: r[0])
        b = bisect.bisect_right(self.rows, hi, key=lambda r: r[0])
        return [r[2] for r in sorted(self.rows[a:b], key=lambda r: r[1])]

    def with_cue_at(self, start: int) -> list[dict[str, Any]]:
        """The records whose cue starts at `start` (as it was when they were added), in list order."""
        return sorted(self.cues.get(start, ()), key=lambda r: self.order[id(r)])


class _Builder:
    def __init__(self, doc: Doc, document: Document):
        self.doc = doc
        self.document = document
        self.text = document.text
        self.starts = [t.idx for t in doc]
        self.found = _Found()
        self.quote_starts: list[int] | None = None  # for quotes_over
        self.used_cues: set[int] = set()

    def token_at(self, char: int) -> int:
        """Index of the token at or after a character offset (len(doc) past the end)."""
        return bisect.bisect_left(self.starts, char)

    def overlaps(self, start: int, end: int, share: float = 0.5) -> bool:
        for a in self.found.near(start, end):  # inter > 0 below: only overlapping contents count
            c = a["content"]
            inter = min(end, c["end"]) - max(start, c["start"])
            if inter > 0 and inter >= share * min(end - start, c["end"] - c["start"]):
                return True
        return False

    def add(self, kind, speaker, cue, content, stance, actor=None, pieces=None) -> dict[str, Any] | None:
        """Record an attribution; `pieces` are the quoted stretches when the content is interrupted
        by its cue ('"...," he said, "..."'): the content span covers them all, the pieces each one."""
        start, end = _trim(self.text, *content)
        if end <= start:
            return None
        spk = _span(self.text, *speaker) if speaker else None
        if actor is None and speaker:
            hit = actor_at(self.document, *speaker)
            actor = hit["id"] if hit else None
        record = {
            "id": "",
            "kind": kind,
            "speaker": spk,
            "speaker_actor": actor,
            "cue": _span(self.text, *cue) if cue else None,
            "content": _span(self.text, start, end),
            "stance": stance,
        }
        if pieces and len(pieces) > 1:
            record["content"]["pieces"] = [_span(self.text, *_trim(self.text, *p)) for p in pieces]
        self.found.append(record)
        return record

    # 1. direct quotes -------------------------------------------------------------------------
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
            if (_is_cue(tok) and j not in self.used_cues) or self.layout_verb(tok, q):
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
            if not (_is_cue(tok) or colon_verb) or j in self.used_cues:
                continue
            gap = self.text[_cue_span(tok)[1] : q.start]
            if "\n" in gap or _ends_sentence(gap):
                return None
            if self.clause_between(j, i):
                return None  # 'said that X had two choices: “...”' is a mixed quote
            if gap.rstrip().endswith(":"):
                if _is_cue(tok) or any(c.dep_ in SUBJECT_DEPS for c in tok.children):
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
            if (_is_cue(tok) or near) and j not in self.used_cues:
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
            _is_cue(t) and t.i != cue.i and not (t.i in own and t.dep_ in ("relcl", "acl"))
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

    def direct(self, quotes: list[Quote]) -> None:
        consumed: set[int] = set()
        self.loose_speakers: dict[int, tuple[int, int]] = {}  # cue token -> speaker the parser missed
        for n, q in enumerate(quotes):
            if n in consumed:
                continue
            inner = q.inner(self.text)
            if inner[1] <= inner[0]:
                continue
            nxt = quotes[n + 1].start if n + 1 < len(quotes) else len(self.text)
            tok = self.cue_after(q, nxt)
            content = inner
            if tok is None:
                tok = self.cue_before(q)
            if tok is None:
                tok = self.cue_above(q)
            if tok is None:
                named = self.colon_speaker(q)
                if named:  # 'Pollster Dan Shaw: “...”'
                    self.add("direct", named[0], named[1], inner, "assert")
                    continue
                dash = _DASH.match(self.text, q.end, min(nxt, len(self.text)))
                before = self.dash_before(q)
                if before:
                    self.add("direct", before, None, inner, "assert")
                    continue
                if dash and dash.group(1)[:1].isupper():
                    self.add("direct", dash.span(1), None, inner, "assert")
                    continue
                continue
            pieces, kind = [content], "direct"
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
                after = (
                    [t for t in self.doc[self.token_at(q.end) : subj.i + 1] if not t.is_punct] if subj else []
                )
                speaker = (after[0].idx, speaker[1]) if after else None
            self.used_cues.add(tok.i)
            if speaker and tok.i < self.token_at(q.start) and self.text[inner[0]].islower():
                lead = self.lead_in(speaker[0], q.start)
                if lead:  # 'So when Patriot signaled ..., Mr. Barrett said, "we were floored."'
                    pieces.insert(0, lead)
                    kind = "mixed"
            content = (pieces[0][0], pieces[-1][1])
            self.add(kind, speaker, _cue_span(tok), content, _stance(tok), pieces=pieces)

    # 2. reported speech -----------------------------------------------------------------------
    def content_of(self, tok: Token) -> tuple[int, int] | None:
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

    def inside_direct(self, char: int) -> bool:
        return any(
            a["kind"] == "direct" and a["content"]["start"] <= char < a["content"]["end"]
            for a in self.found.near(char, char + 1)
        )

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

    def absorbed(self, start: int, end: int, tok: Token) -> list[dict[str, Any]]:
        """Direct quotes lying inside the reported clause of cue `tok` that the clause makes mixed
        ('Baker said the probe is "ongoing."'): quotes with no cue or a cue outside the clause, when
        at least two words of the clause stand outside them."""
        inside = [
            a
            for a in self.found.starting_in(start, end + 2)
            if a["kind"] == "direct"
            and "pieces" not in a["content"]
            and start <= a["content"]["start"]
            and a["content"]["end"] <= end + 2
            and (
                a["cue"] is None
                or not start - 1 <= a["cue"]["start"] < end + 2
                # 'he is "a unifier" who wanted ...': a relative clause in the content is no speaker
                or (a["speaker"] is not None and a["speaker"]["text"].lower() in ("who", "which", "that"))
            )
        ]
        if not inside:
            return []
        if all(a["cue"] and a["cue"]["start"] >= end for a in inside):
            # 'Cruz says that "...." He added ...': a cue after the quote, past the clause, came
            # too late to claim a quote this clause opens
            return inside
        spans = [(a["content"]["start"] - 1, a["content"]["end"] + 1) for a in inside]
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
                if a["cue"] and a["cue"]["start"] == cue_start and a["kind"] == "direct"
            ),
            None,
        )
        if record is None or "pieces" in record["content"] or record["content"]["start"] < tok.idx:
            return
        q_start = record["content"]["start"]
        for child in tok.children:
            if child.dep_ not in CLAUSE_DEPS or not child.left_edge.idx <= q_start <= child.right_edge.idx:
                continue
            # a clause put before the quote hangs from the cue too ('says no matter what ..., "..."')
            lead = [c.left_edge.idx for c in tok.rights if c.idx < q_start and c.dep_ in LEAD_DEPS]
            start = max(min([child.left_edge.idx, *lead]), tok.idx + len(tok.text))
            last = _before_next_cue(tok, [child], child.right_edge)
            end = max(last.idx + len(last.text), record["content"]["end"])
            start, end = _trim(self.text, start, end)
            if start < q_start - 1 and self._outside(start, q_start) >= 2:
                record["kind"] = "mixed"
                self.found.recontent(record, _span(self.text, start, end))
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

    def reported(self, quotes: list[Quote]) -> None:
        for tok in self.doc:
            if not _is_cue(tok):
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
            has_quote = any(start <= q.start and q.end <= end + 1 for q in self.quotes_over(quotes, start, end + 1))
            if self.overlaps(start, end, 0.8) or (
                tok.lemma_.lower() in QUOTE_ONLY and not has_quote and not _names_or_asks(tok)
            ):  # 'called the police' is no report; 'called it a "rant"' / 'called for' are
                self.found.extend(absorbed)
                continue
            for a in absorbed:  # the clause makes them mixed: their own cue, if any, is free again
                if a["cue"]:
                    self.used_cues.discard(self.token_at(a["cue"]["start"]))
            self.used_cues.add(tok.i)
            self.add(
                "mixed" if has_quote else "indirect",
                _speaker_of(subj, tok),
                _cue_span(tok),
                (start, end),
                _stance(tok),
            )

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

    def noun_cues(self) -> None:
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

    # 3. according to --------------------------------------------------------------------------
    def covered(self, start: int, end: int, share: float = 0.8) -> bool:
        """Whether a found content already covers most of this span (a report nested in it, as
        'Most voters say ...' in 'according to the poll, most voters say ...', does not)."""
        # with end > start only overlapping contents can cover; else any may (the bound is <= 0)
        candidates = self.found.near(start, end) if end > start else self.found
        return any(
            min(end, a["content"]["end"]) - max(start, a["content"]["start"]) >= share * (end - start)
            for a in candidates
        )

    def according_to(self) -> None:
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

    # 4. headline style ------------------------------------------------------------------------
    def headlines(self) -> None:
        for para in re.finditer(r"[^\n]+", self.text):
            m = _HEADLINE.match(para.group(0))
            if not m or len(m.group(1).split()) > 6 or len(m.group(2).split()) < 3:
                continue
            s0 = para.start()
            speaker = (s0 + m.start(1), s0 + m.end(1))
            name = m.group(1)
            entity = any(e.start < speaker[1] and speaker[0] < e.end for e in self.document.entities)
            # the title line: a short capitalised name before the colon ('Poll: ...', 'Lynch: ...')
            title = s0 == 0 and len(name.split()) <= 3
            if not (entity or title or name.isupper() or actor_at(self.document, *speaker) is not None):
                continue
            content = (s0 + m.start(2), s0 + m.end(2))
            if self.covered(*content):
                continue
            colon = s0 + m.end(1)
            self.add("direct", speaker, (colon, colon + 1), content, "assert")

    # 5. quotes with no cue --------------------------------------------------------------------
    def uncued(self, quotes: list[Quote]) -> None:
        ordered = sorted(self.found, key=lambda a: a["content"]["start"])
        # the last of `ordered` with a speaker whose content ends by a given offset: the ones with a
        # speaker by content end, with the latest place in `ordered` among those ending by each
        speaking = sorted(
            (a["content"]["end"], k) for k, a in enumerate(ordered) if a["speaker_actor"] or a["speaker"]
        )
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
            if prev is not None and q.start - prev["content"]["end"] < 1500:
                # the speaker and cue of the quote before go on: '“...,” she said.\n\n“...”'
                self.add("direct", None, None, inner, "assert", actor=prev["speaker_actor"])
                rec = self.found[-1]
                if prev["speaker"]:
                    rec["speaker"] = dict(prev["speaker"])
                if prev["cue"]:
                    rec["cue"] = dict(prev["cue"])
            else:
                self.add("direct", None, None, inner, "assert")

    def sentence_goes_on(self, q: Quote) -> bool:
        """Whether words follow a quote in its sentence ('called it “a disgrace” on Friday')."""
        line_end = self.text.find("\n", q.end, q.end + MAX_SENTENCE_CHARS)
        rest = self.text[q.end : min(len(self.text), q.end + MAX_SENTENCE_CHARS) if line_end < 0 else line_end]
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
            if _is_cue(tok) and tok.i not in self.used_cues and _subject(tok) is not None:
                return tok
        return None

    def quote_taken(self, start: int, end: int) -> bool:
        """Whether an attribution found already takes half of a quote; a short one lying inside the
        quote ('“I think we can win it,” she said') is the quote's own words and does not count."""
        for a in self.found.near(start, end):  # inter > 0 below: only overlapping contents count
            c = a["content"]
            inter = min(end, c["end"]) - max(start, c["start"])
            if inter <= 0:
                continue
            nested = start <= c["start"] and c["end"] <= end
            if inter >= 0.5 * (end - start) or (not nested and inter >= 0.5 * (c["end"] - c["start"])):
                return True
        return False

    def run(self) -> list[dict[str, Any]]:
        quotes = find_quotes(self.text)
        self.direct(quotes)
        self.reported(quotes)
        self.noun_cues()
        self.according_to()
        self.headlines()
        self.uncued(quotes)
        self.found.sort(key=lambda a: (a["content"]["start"], a["content"]["end"]))
        for n, a in enumerate(self.found, 1):
            a["id"] = f"at{n}"
        return list(self.found)  # a plain list: the index is done with


def attribution_stage(doc: Doc, document: Document) -> None:
    document.attributions = _Builder(doc, document).run()
