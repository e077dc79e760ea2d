"""Literal or metonymic: does a place name name the place, or stand for an actor?

Rules over spaCy's dependency parse, with the word lists in data/places/sense.tsv:
- subject of a verb: metonymic ('Moscow has opened an investigation', 'Washington said', 'Russia
  bombarded Kyiv'), unless the verb is one whose subject is a place ('Moscow is', 'Moscow lies');
- passive subject: literal ('Kyiv was shelled'), unless the verb takes an actor ('Kyiv was blamed');
- object of a verb of blaming, urging, supporting and the like: metonymic ('blamed Kyiv');
- modifier or possessor of an actor noun: metonymic ('the Kyiv regime', "Moscow's envoy", "Kyiv's role");
  the owner of any other noun too ("North Korea's provocation"), unless the noun is a part or feature of
  the place ("Ukraine's capital", "Tulsa's north side");
- after 'to' with a verb of saying or showing: metonymic ('to demonstrate to North Korea');
- after 'according to', or after a preposition that hangs off a noun of dealing ('talks with Moscow',
  'pressure on Beijing'): metonymic;
- everything else (objects of attack verbs, places after 'in', 'at', 'on', 'near', ...): literal.
A name in a coordination ('Russia and China said') takes the role of the first conjunct.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.resources import word_lists

LITERAL, METONYMIC = "literal", "metonymic"
SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
PASSIVE_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj", "dative", "iobj"}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "npadvmod"}
DEALING_PREPOSITIONS = {"with", "on", "against", "between", "from", "toward", "towards", "to"}


def rules() -> dict[str, frozenset[str]]:
    """Rule name -> its words, lower-cased (data/places/sense.tsv)."""
    return word_lists("places/sense.tsv", lower=True)


def _word(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def token_sense(token: Token) -> str:
    """The sense of the place name whose syntactic head is `token`."""
    r = rules()
    # A conjunct takes its first conjunct's role.
    seen = 0
    while token.dep_ == "conj" and token.head is not token and seen < 10:
        token, seen = token.head, seen + 1
    dep, head = token.dep_, token.head
    if head is token:
        return LITERAL
    if dep in SUBJECT_DEPS:
        return LITERAL if _word(head) & r["literal_subject_verbs"] else METONYMIC
    if dep in PASSIVE_DEPS:
        return METONYMIC if _word(head) & r["metonymic_passive_verbs"] else LITERAL
    if dep in OBJECT_DEPS:
        return METONYMIC if _word(head) & r["metonymic_object_verbs"] else LITERAL
    if dep in MODIFIER_DEPS:
        return _modifier_sense(dep, head, r)
    if dep == "pobj":
        prep = head
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            return METONYMIC
        if prep.lower_ == "by" and prep.dep_ == "agent":
            return METONYMIC  # 'was attacked by Russia': the agent acts
        if prep.lower_ in DEALING_PREPOSITIONS and _word(prep.head) & r["metonymic_preposition_heads"]:
            return METONYMIC
        if prep.lower_ == "to" and prep.head.pos_ == "VERB" and _word(prep.head) & r["communication_verbs"]:
            return METONYMIC  # 'to demonstrate to North Korea': the one addressed
    return LITERAL


def _modifier_sense(dep: str, head: Token, r: dict[str, frozenset[str]]) -> str:
    """A name that modifies or owns a noun: literal for a part of the place ("Tulsa's north side"),
    metonymic for an actor noun ('the Kyiv regime'), and an owner is metonymic unless the noun is of the
    place itself ("North Korea's provocation", but "Ukraine's capital")."""
    if any(c.dep_ in ("amod", "compound") and c.lower_ in r["directions"] for c in head.children):
        return LITERAL
    if _word(head) & r["actor_nouns"]:
        return METONYMIC
    if dep == "poss" and head.pos_ == "NOUN" and not _word(head) & r["place_nouns"]:
        return METONYMIC
    return LITERAL


def span_sense(doc: Doc, start: int, end: int) -> str:
    """The sense of the name at characters [start, end) of the parsed doc; literal when unparsed."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return LITERAL
    if not doc.has_annotation("DEP"):
        return LITERAL
    return token_sense(span.root)
