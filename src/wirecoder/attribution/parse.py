"""Parse helpers of the attribution passes: speaker noun phrases, subjects of cues, cue spans, where a
reported content ends, and the stance a cue gives. `_speaker_phrase` is the speaker's own noun-phrase
extent (relative clauses, appositions and paragraph breaks cut), not language.syntax's extents of an
event argument."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.attribution.cues import cues, is_cue, negated_stances

CLAUSE_DEPS = {"ccomp", "xcomp"}
OBJECT_DEPS = {"dobj", "obj", "dative", "attr", "oprd"}
OBJECT_PREPS = {"for", "of", "about", "over", "against", "on"}
# Right-hand dependents kept in a speaker noun phrase (relative clauses, appositions are cut off).
SPEAKER_RIGHT = {"prep", "pobj", "compound", "amod", "nummod", "poss", "flat", "nmod", "case", "cc", "conj"}
SUBJECT_DEPS = {"nsubj"}
CONTRAST_MARKS = {"while", "whereas", "whilst"}  # 'X says ... while Y argues ...': two reports
# Dependents of a cue that open its reported clause before a quote ('says no matter what ..., "..."').
LEAD_DEPS = {"advmod", "advcl", "ccomp", "mark"}


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
    """The subject of a cue, also through a conjoined, adverbial or participle verb ('After saying ...')."""
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
    """The cue verb's span with its auxiliaries, negation and particle ('did not say')."""
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
            and is_cue(tok)
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
    """Whether a clause opens with 'for' ('for the army to withdraw')."""
    return any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)


def _is_time(prep: Token) -> bool:
    """Whether a prepositional phrase is a date or time ('on Tuesday')."""
    return any(o.ent_type_ in ("DATE", "TIME") for o in prep.children if o.dep_ == "pobj")


def _stance(tok: Token) -> str:
    """The stance of a cue (lexicon, 'call for' as demand, negation)."""
    if tok.lemma_.lower() == "call" and (
        _for_clause(tok) or any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children)
    ):
        return "demand"
    stance = cues().get(tok.lemma_.lower(), ("assert", "both"))[0]
    if any(c.dep_ == "neg" for c in tok.children):
        return negated_stances().get(stance, stance)
    return stance


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
