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
"""

from __future__ import annotations

from spacy.tokens import Token

GOV_NOUNS = {
    "regime", "government", "authorities", "officials", "leadership", "administration", "rulers",
    "cabinet", "junta", "side", "establishment",
}  # fmt: skip
ACTOR_ATTRIBUTES = {
    "role", "position", "decision", "response", "claim", "claims", "policy", "policies", "demand",
    "demands", "refusal", "accusation", "accusations", "stance", "denial", "offer", "proposal", "plan",
    "involvement", "statement", "statements", "envoy", "ambassador", "diplomats", "invasion",
    "aggression", "allies", "sanctions", "threat", "threats", "warning", "approval", "consent",
    "permission", "reaction", "version", "narrative", "order", "orders", "request", "backing",
    "insistence", "intention", "intentions", "goal", "goals", "strategy", "objections", "objection",
    "interests", "relations", "ties", "talks", "negotiators", "delegation", "retaliation",
}  # fmt: skip
PLACE_NOUNS = {
    "capital", "city", "territory", "soil", "border", "borders", "region", "regions", "outskirts",
    "centre", "center", "streets", "suburbs", "airspace", "coast", "east", "west", "north", "south",
    "skies", "airport", "metro", "mayor", "residents", "population", "districts", "district", "area",
    "areas", "province", "provinces", "villages", "towns", "cities", "heart", "downtown", "map",
    "landscape", "economy", "weather", "climate", "land", "waters", "oblast",
}  # fmt: skip
LOCATIVE = {
    "in", "inside", "into", "across", "throughout", "within", "near", "around", "outside", "at",
    "via", "through", "over", "above", "beyond", "between", "off", "onto", "toward", "towards",
    "from", "to", "on", "of", "beside", "along", "past",
}  # fmt: skip
# Locative prepositions that still leave a country an actor (a recipient): 'aid to Ukraine', 'war on
# Ukraine', 'talks with Russia', 'pressure from China'. 'to' is locative only after motion verbs.
COUNTRY_LOCATIVE = {
    "in", "inside", "into", "across", "throughout", "within", "near", "around", "outside", "at",
    "via", "through", "over", "above", "beyond", "off", "onto", "toward", "towards", "of", "along",
}  # fmt: skip
MOTION_VERBS = {
    "go", "travel", "fly", "return", "move", "come", "flee", "arrive", "head", "trip", "journey", "drive",
    "sail", "deport", "relocate", "emigrate", "send", "evacuate", "transfer", "extradite", "bring", "take",
}  # fmt: skip
AIMED_VERBS = {
    "blame", "accuse", "urge", "warn", "tell", "ask", "criticize", "criticise", "condemn", "pressure",
    "support", "back", "sanction", "punish", "persuade", "convince", "push", "threaten", "thank",
    "praise", "trust", "help", "arm", "invite", "press", "force", "allow", "deter", "engage",
    "recognize", "recognise", "reassure", "fault", "implicate", "denounce", "rebuke", "slam", "lambast",
    "challenge", "defy", "call", "hold", "join", "oppose", "fight", "inform", "notify", "advise",
    "assure", "promise", "reject", "snub", "appease",
}  # fmt: skip
STATIVE_VERBS = {
    "be",
    "lie",
    "sit",
    "remain",
    "stand",
    "host",
    "become",
    "look",
    "seem",
    "appear",
    "border",
    "sprawl",
}


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def capital_sense(tok: Token) -> str:
    """'metonymic' or 'literal' for the root token of a capital (or other government city) mention."""
    return "metonymic" if _acts(tok, capital=True) else "literal"


def country_is_place(tok: Token) -> bool:
    """True when a country-name mention is used as a place, not as the state."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        prep = head.lower_
        if prep in COUNTRY_LOCATIVE:
            # 'the war in Ukraine' is a place; 'the president of Russia' is owned, handled elsewhere
            return True
        if prep == "to" and head.head.lemma_ in MOTION_VERBS:
            return True
        if prep == "from" and head.head.lemma_ in MOTION_VERBS | {"drone", "missile", "refugee", "flight"}:
            return True
        return False
    if tok.dep_ in ("poss", "compound", "nmod") and head.lower_ in PLACE_NOUNS:
        return True
    if tok.dep_ == "conj":
        first = tok
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        if first is not tok:
            return country_is_place(first)
    return False


def seat_is_place(tok: Token) -> bool:
    head = tok.head
    return tok.dep_ == "pobj" and head.lower_ in (
        "in",
        "at",
        "inside",
        "outside",
        "near",
        "into",
        "to",
        "around",
    )


def _acts(tok: Token, capital: bool) -> bool:
    dep, head = tok.dep_, tok.head
    if dep == "conj":
        first = tok
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        if first is not tok:
            return _acts(first, capital)
    if dep == "nsubj" and head.pos_ in ("VERB", "AUX"):
        if head.lemma_ in STATIVE_VERBS and not any(c.dep_ in ("xcomp", "ccomp") for c in head.children):
            return False
        return not _is_passive(head)
    if dep == "dobj" and head.lemma_ in AIMED_VERBS:
        return True
    if dep == "pobj" and head.dep_ == "prep":
        verb = head.head
        if head.lower_ == "by" and _is_passive(verb):
            return verb.lemma_ not in ("hit", "strike", "bomb", "shell", "attack", "target", "surround")
        if head.lower_ in ("on", "with", "against") and verb.lemma_ in AIMED_VERBS | {
            "call",
            "side",
            "agree",
            "negotiate",
            "talk",
        }:
            return True
        return False
    if dep in ("compound", "amod", "nmod") and head.lower_ in GOV_NOUNS:
        return True
    if dep == "poss" and head.lemma_.lower() in ACTOR_ATTRIBUTES | GOV_NOUNS:
        return True
    return False
