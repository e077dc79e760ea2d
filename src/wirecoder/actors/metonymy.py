"""Metonymy: when a country, capital or seat of government names an actor rather than a place.

The places stage (when it runs first) marks each toponym mention `sense: literal|metonymic`; its
decision is read and kept. These rules cover what it does not: seats of government ('the Kremlin',
'the White House'), phrases such as 'the Kyiv regime', and every decision when the places stage is
absent.
- A capital is a place unless it acts: subject of an active verb ('Moscow has opened an
  investigation'), object of a verb aimed at an actor ('blamed Kyiv', 'urged Washington'), modifier of
  a governmental noun ('the Kyiv regime'), or owner of an actor's attribute ('Kyiv's role').
- A country name is an actor (the state) unless it is a place: object of a locative preposition
  ('attacks inside Russia'), or owner or modifier of a place noun ('Ukraine's capital').
- A seat of government is the government unless it is a place ('at the White House').
The word lists are in data/places/metonymy.tsv.
"""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.language.syntax import is_passive
from wirecoder.resources import word_lists


def words() -> dict[str, frozenset[str]]:
    """Rule name -> its words (data/places/metonymy.tsv)."""
    return word_lists("places/metonymy.tsv")


def capital_sense(tok: Token) -> str:
    """'metonymic' or 'literal' for the root token of a capital (or other government city) mention."""
    return "metonymic" if _acts(tok, capital=True) else "literal"


def country_is_place(tok: Token) -> bool:
    """True when a country-name mention is used as a place, not as the state."""
    w = words()
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        prep = head.lower_
        if prep in w["country_locative"]:
            # 'the war in Ukraine' is a place; 'the president of Russia' is owned, handled elsewhere
            return True
        if prep == "to" and head.head.lemma_ in w["motion_verbs"]:
            return True
        if prep == "from" and head.head.lemma_ in w["motion_verbs"] | w["from_nouns"]:
            return True
        return False
    if tok.dep_ in ("poss", "compound", "nmod") and head.lower_ in w["place_nouns"]:
        return True
    if tok.dep_ == "conj":
        first = tok
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        if first is not tok:
            return country_is_place(first)
    return False


def seat_is_place(tok: Token) -> bool:
    """True when a seat-of-government mention is used as a place ('at the White House')."""
    return tok.dep_ == "pobj" and tok.head.lower_ in words()["seat_prepositions"]


def _acts(tok: Token, capital: bool) -> bool:
    w = words()
    dep, head = tok.dep_, tok.head
    if dep == "conj":
        first = tok
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        if first is not tok:
            return _acts(first, capital)
    if dep == "nsubj" and head.pos_ in ("VERB", "AUX"):
        if head.lemma_ in w["stative_verbs"] and not any(c.dep_ in ("xcomp", "ccomp") for c in head.children):
            return False
        return not is_passive(head)
    if dep == "dobj" and head.lemma_ in w["aimed_verbs"]:
        return True
    if dep == "pobj" and head.dep_ == "prep":
        verb = head.head
        if head.lower_ == "by" and is_passive(verb):
            return verb.lemma_ not in w["strike_verbs"]
        if head.lower_ in ("on", "with", "against") and verb.lemma_ in w["aimed_verbs"] | w["dealing_verbs"]:
            return True
        return False
    if dep in ("compound", "amod", "nmod") and head.lower_ in w["gov_nouns"]:
        return True
    if dep == "poss" and head.lemma_.lower() in w["actor_attributes"] | w["gov_nouns"]:
        return True
    return False
