"""Parse helpers shared by the stages: passive, negation, the clause of a token, noun-phrase extents
and output spans (kept once here, as spaCy keeps `noun_chunks` once in `lang/en/syntax_iterators.py`).

Where two stages need truly different readings, both are here under names that say how they differ
(`clause_verb_within` climbs any head, `clause_verb_through_arguments` only argument links).
This module needs spaCy only, never another wirecoder stage, so every stage may import it.
"""

from __future__ import annotations

from spacy.tokens import Token

PASSIVE_DEPS = ("auxpass", "nsubjpass")
PARTICIPLE_CLAUSE_DEPS = ("acl", "conj", "advcl", "ccomp", "relcl")
ACTIVE_MARKER_DEPS = ("aux", "nsubj", "dobj")  # a bare participle with any of these is active
ARGUMENT_LINK_DEPS = ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "prep")
OWNED_NOUN_DEPS = ("nsubj", "nsubjpass", "dobj", "attr")
NAME_PART_DEPS = ("compound", "flat", "appos")
NOUN_LEFT_MODIFIER_DEPS = ("compound", "amod", "det", "nummod", "poss", "nmod")
VERB_POS = ("VERB", "AUX")


def is_passive(verb: Token) -> bool:
    """A passive auxiliary or passive subject hangs from the verb ('was killed', 'they were shot')."""
    return any(c.dep_ in PASSIVE_DEPS for c in verb.children)


def is_passive_or_bare_participle(verb: Token) -> bool:
    """`is_passive`, or a past participle heading a clause with no auxiliary, subject or object: the
    reduced passive of 'two people killed in the blast'."""
    if is_passive(verb):
        return True
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in PARTICIPLE_CLAUSE_DEPS
        and not any(c.dep_ in ACTIVE_MARKER_DEPS for c in verb.children)
    )


def has_negation_child(tok: Token) -> bool:
    """A 'neg' dependent hangs from the token ('did not attack')."""
    return any(c.dep_ == "neg" for c in tok.children)


def is_negated(tok: Token) -> bool:
    """Negated by its own 'not'/'never', by a determiner 'no' ('no attack'), or, for the complement of
    'be'/'have', by the governor's negation ('there was not to be an attack')."""
    for c in tok.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ == "det" and c.lower_ == "no":
            return True
    if tok.dep_ == "xcomp" and has_negation_child(tok.head):
        return tok.head.lemma_.lower() in ("be", "have")
    return False


def clause_verb_within(tok: Token, steps: int = 12) -> Token:
    """The verb whose clause the token is in, climbing any head for at most `steps` steps (the token
    itself for a verb; the root, or where the climb stopped, when none is found)."""
    for _ in range(steps):
        if tok.pos_ in VERB_POS or tok.head is tok:
            return tok
        tok = tok.head
    return tok


def clause_verb_through_arguments(tok: Token, steps: int = 4) -> Token:
    """The verb a word is an argument of: itself for a verb, else up through object, subject and
    prepositional links only (a noun's own modifier stops the climb at that noun)."""
    for _ in range(steps):
        if tok.pos_ in VERB_POS or tok.head.i == tok.i:
            return tok
        if tok.dep_ == "pobj":
            tok = tok.head.head
        elif tok.dep_ in ARGUMENT_LINK_DEPS:
            tok = tok.head
        else:
            return tok
    return tok


def clause_owner_one_step(tok: Token) -> Token:
    """The token whose clause a noun belongs to, one step up: the verb it is subject or object of
    ('the drone attack on Moscow occurred'); any other token is its own clause."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in OWNED_NOUN_DEPS and tok.head.i != tok.i:
        return tok.head
    return tok


def agent_of(verb: Token) -> Token | None:
    """The object of a passive verb's 'by' phrase ('killed by soldiers' -> soldiers)."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def noun_phrase_with_name_parts(tok: Token) -> tuple[int, int]:
    """Character extent of a word's noun phrase without its trailing phrases: its left dependents
    (determiners, modifiers, possessors; none for a verb) and the name parts directly after it."""
    start = tok.left_edge
    if start.i < tok.i and tok.pos_ in VERB_POS:
        start = tok
    end = tok
    doc = tok.doc
    while end.i + 1 < len(doc):
        nxt = doc[end.i + 1]
        if nxt.head.i != tok.i or nxt.dep_ not in NAME_PART_DEPS:
            break
        end = nxt
    return (start.idx, end.idx + len(end.text))


def noun_with_left_modifiers(tok: Token) -> tuple[int, int]:
    """Character extent from a noun's furthest direct left modifier (compound, adjective, determiner,
    number, possessor) to the noun itself: nothing after the noun."""
    modifiers = [c for c in tok.lefts if c.dep_ in NOUN_LEFT_MODIFIER_DEPS]
    left = min([tok] + modifiers, key=lambda t: t.i)
    return left.idx, tok.idx + len(tok.text)
