"""Choosing an argument's span among the candidate words: the first that names an actor of a known
country or a place wins; and the place of a trigger ('in/at/near' a place mention)."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.events.detect.grammar import (
    CLAUSAL,
    MODIFIER_DEPS,
    PARTITIVE_PREPS,
    PLACE_PREPS,
    TIME_ENTITIES,
)
from wirecoder.events.detect.index import DocumentSpans
from wirecoder.events.lexicon import lexicon
from wirecoder.language.syntax import (
    noun_phrase_with_name_parts,
)
from wirecoder.model import ActorRecord


def pick_span(
    ctx: DocumentSpans,
    toks: list[Token],
    trigger: int = -1,
    exclude: ActorRecord | None = None,
    named_ok: frozenset[int] = frozenset(),
    kinds: tuple[str, ...] = ("organization", "person"),
    names_first: bool = False,
) -> tuple[int, int] | None:
    """The span of the first candidate naming an actor of a known country (or a place), else the first
    naming any actor, else the noun phrase of the first candidate that is no mere modifier. Tight spans
    of every candidate are tried before whole subtrees. A candidate in `named_ok` (the trigger's direct
    object, or subject) that is itself the name of an actor of one of `kinds` wins even with no
    country ('urged the UN to', 'called on NATO to'). With `names_first` a name in apposition to a
    candidate is tried before the candidate ('the then president, Goodluck Jonathan' -> the person)."""
    first = any_actor = None
    toks = [t for t in toks if t.ent_type_ not in TIME_ENTITIES and not ctx.is_time(t.idx)]
    for wide in (False, True):
        for tok in toks:
            key = (tok.i, wide)
            spans = ctx.spans.get(key)
            if spans is None:
                spans = ctx.spans[key] = list(_spans(tok, wide))
            if names_first and not wide:
                spans = _appositive_names(tok) + spans
            for span in spans:
                if span[0] <= trigger < span[1]:
                    continue  # 'a demonstration calling for ...' is not the actor of 'calling'
                actor = ctx.actor_at(span)
                if actor is not None and exclude is not None and _same_side(actor, exclude):
                    continue  # 'Denmark settled its dispute': the doer is not its own target
                if first is None and tok.dep_ not in MODIFIER_DEPS and tok.pos_ in ("PROPN", "NOUN", "PRON"):
                    first = span
                if actor is not None and (
                    actor.country or not wide and tok.i in named_ok and _names(tok, actor, kinds)
                ):
                    return span
                if actor is None:
                    place = ctx.place_in(span)
                    if place is not None:
                        return place  # 'power lines leading into Kabul': the target is located by Kabul
                if actor is not None and any_actor is None:
                    any_actor = span
    return any_actor or first


def _names(tok: Token, actor: ActorRecord, kinds: tuple[str, ...]) -> bool:
    """Whether the word is part of a proper name (ORG/PERSON) that is a mention of the actor, of one
    of the kinds: 'the UN', not 'troops' or 'an appeal from X'."""
    if actor.kind not in kinds or tok.ent_type_ not in ("ORG", "PERSON"):
        return False
    return any(m.start <= tok.idx < m.end for m in actor.mentions)


def _same_side(actor: ActorRecord, doer: ActorRecord) -> bool:
    """The doer itself, or one of its own kind ('a Ukrainian official rejected Kyiv's role': one
    government)."""
    if actor.id == doer.id:
        return True
    return all(
        mine and mine == theirs
        for mine, theirs in ((actor.country, doer.country), (actor.sector, doer.sector))
    )


def _appositive_names(tok: Token) -> list[tuple[int, int]]:
    """The noun phrases of proper names in apposition after a word ('the then president, Goodluck Jonathan')."""
    return [
        noun_phrase_with_name_parts(c)
        for c in tok.children
        if c.dep_ == "appos" and c.i > tok.i and c.pos_ == "PROPN" and c.ent_type_ in ("PERSON", "ORG")
    ]


def _spans(tok: Token, wide: bool):
    """Spans to try for an argument word. Tight: its noun phrase (without trailing phrases), the phrase
    with its modifiers up to a clause ('leaders of the coalition'), the noun after 'of/from/in' alone.
    Wide: the whole subtree ('refugees fleeing the war in Liberia')."""
    if wide:
        if not any(c.dep_ in ("advcl", "relcl", "ccomp") for c in tok.children):  # no other event's clause
            yield (tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text))
        return
    yield noun_phrase_with_name_parts(tok)
    last = tok
    for c in tok.rights:  # up to a clause ('a declaration demanding ...')
        if c.dep_ in CLAUSAL or c.dep_ in ("acl", "relcl", "advcl", "ccomp", "xcomp"):
            break
        last = c.right_edge
    yield (tok.left_edge.idx, last.idx + len(last.text))
    for prep in PARTITIVE_PREPS:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == prep:
                for g in c.children:
                    if g.dep_ == "pobj":
                        yield noun_phrase_with_name_parts(g)


def place_of(tok: Token, clause: Token, ctx: DocumentSpans, verbal: bool = False) -> tuple[int, int] | None:
    """The 'in/at/near X' of the trigger (or of the verb a noun trigger hangs from) when X is a place;
    of a thing done also its object's ('attacked a post in Kandahar'), of words not ('rejected attacks
    in Moscow' was said elsewhere)."""
    if not ctx.places:
        return None
    if tok.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in tok.children):
        span = noun_phrase_with_name_parts(tok.head)  # 'Moscow, where buildings were hit'
        if ctx.is_place(span):
            return span
    owners = [tok, clause] if clause.i != tok.i else [tok]
    if not verbal:
        owners += [c for c in tok.children if c.dep_ == "dobj"]  # 'attacked a post in Kandahar'
    owners += [
        c
        for owner in list(owners)
        for c in owner.children
        if c.dep_ == "advcl"
        and any(
            m.dep_ in ("mark", "advmod") and lexicon().modality.get(("mark", m.lower_)) == "simultaneous"
            for m in c.children
        )
    ]
    for owner in owners:
        for c in owner.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                for g in c.children:
                    if g.dep_ != "pobj":
                        continue
                    for span in (
                        noun_phrase_with_name_parts(g),
                        (g.left_edge.idx, g.right_edge.idx + len(g.right_edge.text)),
                    ):
                        if ctx.is_place(span):
                            return span
    return None
