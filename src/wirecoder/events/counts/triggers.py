"""Count triggers in a Doc: the tokens whose form or lemma is a trigger word (found once per Doc), and
the trigger entry that fits a token's part of speech and neighbours."""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from wirecoder.events.counts.lexicon import CountLexicon, CountTrigger


def _trigger_keys(tok: Token) -> tuple[str, ...]:
    """The lemma, the word, and the word less a past-tense ending (the lemmatizer gives 'staged' -> 'stag')."""
    lower = tok.lower_
    keys = [tok.lemma_.lower(), lower]
    if lower.endswith("ed"):
        keys += [lower[:-1], lower[:-2]]
    return tuple(keys)


def match_trigger(tok: Token, lex: CountLexicon) -> CountTrigger | None:
    """The count trigger entry that fits the token's part of speech and the words it needs, if any."""
    if tok.ent_type_ == "PERSON":
        return None  # 'Judge John Hurt'
    candidates = next((lex.triggers[k] for k in _trigger_keys(tok) if k in lex.triggers), None)
    if not candidates:
        return None
    pos = {"AUX": "VERB", "PROPN": "NOUN"}.get(tok.pos_, tok.pos_)  # 'Death Toll' in a title-case headline
    fitting = [t for t in candidates if pos in t.pos]
    if not fitting:
        return None
    needing = [t for t in fitting if t.needs or t.excludes]
    if needing:
        near = set()
        for child in tok.children:
            if child.dep_ in ("dobj", "prt", "xcomp", "acomp", "oprd", "advmod", "dative", "attr"):
                near.add(child.lemma_.lower())
            if child.dep_ in ("prep", "agent"):
                near.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
            if child.dep_ == "nsubj":  # 'a bullet struck a girl'
                near.add(child.lemma_.lower())
        # 'shot down the drone', 'down' parsed as a preposition
        kids = near | {c.lower_ for c in tok.children}
        fitting = [t for t in fitting if not t.excludes & kids]
        needing = [t for t in fitting if t.needs]
        for trig in needing:
            if trig.needs & near:
                return trig
    plain = [t for t in fitting if not t.needs]
    return plain[0] if plain else None


_CANDIDATES_KEY = "_wirecoder_count_candidates"


def trigger_candidates(doc: Doc, lex: CountLexicon) -> list[int]:
    """Indices of the Doc's tokens whose form or lemma is a trigger word (computed once per Doc)."""
    cached = doc.user_data.get(_CANDIDATES_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    if len(doc):
        table = doc.to_array([LOWER, LEMMA]).astype(numpy.uint64).ravel()
        hashes = lex.trigger_hashes  # sorted: a binary search per token, no Python loop
        at = numpy.minimum(numpy.searchsorted(hashes, table), len(hashes) - 1)
        mask = (hashes[at] == table).reshape(-1, 2).any(axis=1)
        found = numpy.flatnonzero(mask).tolist()
    else:
        found = []
    doc.user_data[_CANDIDATES_KEY] = (len(doc), found)
    return found
