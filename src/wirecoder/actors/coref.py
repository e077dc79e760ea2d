"""Pronoun anaphora by rules over the parse (no model; fast).

- he/she (him, his, her, himself, herself): the person actor with the best salience among those
  mentioned up to six sentences back: recency, subject position, how often it was mentioned, gender
  agreement (from the dictionary, honorifics, a first-name list, or pronouns already linked to it);
  people mentioned only inside a quotation are less salient for a pronoun outside it; a pronoun that is
  the subject of a speech verb ('he said') prefers a same-gender person who was the subject of a speech
  verb (news convention: the attribution continues the last speaker, not the last name mentioned).
- it/its: an organisation, country or government that is a subject in the same or previous sentence
  ('Russia said that it shot down ...').
- they/them/their outside quotations: a collective actor (organisation, group, country) in the same or
  previous sentence.
- I/me/my/we/us/our inside a quotation (second pass, so cataphora works): the quotation's speaker, the
  subject of the speech verb right after the quotation ('"...," he continued') or just before it.
"""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from wirecoder.attribution.cues import cue_verbs

if TYPE_CHECKING:
    from wirecoder.actors.index import Actor, ActorIndex, Mention

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
PERSONAL = MALE | FEMALE
NEUTER = {"it", "its"}
PLURAL = {"they", "them", "their"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
# The verbs of saying: the cue verbs marked 'speech' in data/attribution/cues.tsv, and 'counter', which
# is no cue there (as a cue it would make reports of 'countered the attack').
SPEECH_VERBS = frozenset(cue.lemma.lower() for cue in cue_verbs() if cue.speech) | {"counter"}
MAX_SENTENCES_BACK = 6
# How far back a personal pronoun looks for an antecedent at all, in sentences: past MAX_SENTENCES_BACK a
# candidate only wins when nothing nearer fits (with a penalty of 100); past this, not at all. Without
# it a pronoun with no fitting candidate read every mention back to the start of the text, and a long
# text took time quadratic in its length.
MAX_SENTENCES_FAR = 60


def tokens_in(doc: Doc, words: set[str]) -> list[Token]:
    """The tokens whose lower-case form is one of `words`, in order (without making a Token object
    for every word of the article, which is what costs in a loop over the Doc)."""
    hashes = numpy.array([doc.vocab.strings[w] for w in words], dtype="uint64")
    lowers = doc.to_array([LOWER]).reshape(-1)
    return [doc[int(i)] for i in numpy.flatnonzero(numpy.isin(lowers, hashes))]


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies strictly inside one of the sorted, non-overlapping (open, close) spans."""
    k = bisect.bisect_right(spans, (pos, 10**12)) - 1
    return k >= 0 and spans[k][0] < pos < spans[k][1]


def _quote_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The (open, close) span that `pos` lies strictly inside, or None."""
    k = bisect.bisect_right(spans, (pos, 10**12)) - 1
    if k >= 0 and spans[k][0] < pos < spans[k][1]:
        return spans[k]
    return None


def resolve_pronoun(index: ActorIndex, tok: Token) -> None:
    """Resolve a third-person pronoun to an earlier actor and mention it (first person: second pass)."""
    low = tok.lower_
    start, end = tok.idx, tok.idx + len(tok.text)
    if low in PERSONAL:
        actor = _personal(index, tok, "m" if low in MALE else "f")
    elif low in NEUTER:
        actor = _collective(index, tok, kinds=("organization", "country"), need_subject=True)
    elif low in PLURAL:
        if inside(index.quotes, start):
            return
        actor = _collective(
            index, tok, kinds=("organization", "group", "country"), need_subject=True, plural=True
        )
    else:
        return  # first person: second pass
    if actor is not None:
        if low in PERSONAL and actor.gender is None:
            actor.gender = "m" if low in MALE else "f"
        index.mention(actor, start, end, tok, pronoun=True)


def _personal(index: ActorIndex, tok: Token, gender: str) -> Actor | None:
    """The most salient earlier person for he/she (see the module docstring for the scores)."""
    pos = tok.idx
    sent = index.sent_of(pos)
    in_quote = inside(index.quotes, pos)
    speaking = tok.dep_ in ("nsubj", "nsubjpass") and is_speech_verb(tok.head)
    seen: set[int] = set()
    best, best_score = None, -math.inf
    for m in reversed(index.history):
        if sent - m.sent > MAX_SENTENCES_FAR:
            break
        if m.start >= pos:
            continue
        a = m.actor
        if a.kind != "person" or id(a) in seen:
            continue
        seen.add(id(a))
        distance = sent - m.sent
        if distance > MAX_SENTENCES_BACK and best is not None:
            break
        if a.gender is not None and a.gender != gender:
            continue
        score = -12.0 * distance
        if m.subject:
            score += 25
        if a.gender == gender:
            score += 15
        if m.in_quote and not in_quote:
            score -= 30
        if m.speaker and speaking and a.gender == gender:
            # news convention: 'he said' continues the last speaker, not the last name mentioned
            score += 20
        if distance == 0 and _same_clause_object(m, tok):
            score -= 20
        score += 3 * min(index.mentions_before(a, pos), 10)
        if distance > MAX_SENTENCES_BACK:
            score -= 100
        if score > best_score:
            best, best_score = a, score
    return best


def is_speech_verb(verb: Token) -> bool:
    """Whether a token is a verb of saying."""
    return verb.lemma_ in SPEECH_VERBS and verb.pos_ in ("VERB", "AUX")


def _same_clause_object(m: Mention, tok: Token) -> bool:
    """A candidate that is the object of the verb the pronoun is the subject of ('X told Y he ...' is
    left to salience, but 'Y praised X as he' rarely binds to X)."""
    doc = tok.doc
    cand = doc.char_span(m.start, m.end, alignment_mode="expand")
    if cand is None:
        return False
    root = cand.root
    return root.dep_ in ("dobj", "pobj", "dative") and root.head == tok.head


def _collective(
    index: ActorIndex, tok: Token, kinds: tuple[str, ...], need_subject: bool, plural: bool = False
) -> Actor | None:
    """For it/they: a subject (or same-sentence) actor of the given kinds in this or the previous sentence."""
    if need_subject and tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
        return None
    pos = tok.idx
    sent = index.sent_of(pos)
    for m in reversed(index.history):
        if m.start >= pos:
            continue
        if sent - m.sent > 1:
            break
        a = m.actor
        if a.kind not in kinds:
            continue
        if plural and a.kind == "organization" and not a.plural and not m.subject:
            continue
        if m.subject or sent == m.sent:
            return a
    return None


def resolve_first_person(index: ActorIndex) -> None:
    """Second pass: first-person pronouns inside quotations -> the quotation's speaker."""
    doc = index.doc
    speakers: dict[tuple[int, int], Actor | None] = {}
    for tok in tokens_in(doc, FIRST_PERSON):
        low = tok.lower_
        quote = _quote_of(index.quotes, tok.idx)
        if quote is None:
            continue
        if quote not in speakers:
            speakers[quote] = _speaker(index, quote)
        actor = speakers[quote]
        if actor is None:
            continue
        if low in ("we", "us", "our") and actor.kind == "person":
            continue
        if low in ("i", "me", "my") and actor.kind != "person":
            continue
        index.mention(actor, tok.idx, tok.idx + len(tok.text), tok, pronoun=True)
    index.history.sort(key=lambda m: m.start)


def _speaker(index: ActorIndex, quote: tuple[int, int]) -> Actor | None:
    """The speaker of a quotation: the subject of a speech verb right after it, else just before it."""
    doc = index.doc
    _open, close = quote
    after = doc.char_span(close, min(len(index.text), close + 80), alignment_mode="expand")
    if after is not None:
        for tok in list(after)[:8]:
            if tok.lemma_ in SPEECH_VERBS:
                actor = _subject_actor(index, tok)
                if actor is not None:
                    return actor
    before = doc.char_span(max(0, _open - 120), _open, alignment_mode="expand")
    if before is not None:
        for tok in reversed(list(before)[-10:]):
            if tok.lemma_ in SPEECH_VERBS:
                actor = _subject_actor(index, tok)
                if actor is not None:
                    return actor
    return None


def _subject_actor(index: ActorIndex, verb: Token) -> Actor | None:
    """The actor of the earliest mention inside the subject phrase of `verb`, or None."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            for k in range(child.left_edge.i, child.right_edge.i + 1):
                t = verb.doc[k]
                for m in index.history:
                    if m.start <= t.idx < m.end:
                        return m.actor
    return None
