"""The detector's driver: candidates, folding, mentions, and the argument reader acled reuses."""

from __future__ import annotations

import numpy
from spacy.attrs import HEAD, LEMMA, LOWER
from spacy.tokens import Doc

from wirecoder.events.detect.arguments import mention_arguments
from wirecoder.events.detect.candidates import Candidate, depths, fold, match_candidate
from wirecoder.events.detect.context import backgrounded
from wirecoder.events.detect.grammar import NAME_OR_TIME_ENTITIES
from wirecoder.events.detect.index import DocumentSpans
from wirecoder.events.detect.mention import mention_of
from wirecoder.events.detect.request import obliged_verbs, request_mention
from wirecoder.events.lexicon import Trigger, lexicon
from wirecoder.events.mention import EventMention
from wirecoder.model import Document


def find_mentions(doc: Doc, document: Document) -> list[EventMention]:
    """The PLOVER event mentions of a Doc, sorted by trigger."""
    if len(doc) == 0:
        return []
    lex = lexicon()
    candidates: dict[int, Candidate] = {}
    arrays = doc.to_array([LEMMA, LOWER, HEAD])  # one pass over the Doc in C; Tokens only for hits
    lemmas, lowers = arrays[:, 0], arrays[:, 1]
    heads = lex.head_array
    for i in numpy.flatnonzero(numpy.isin(lemmas, heads) | numpy.isin(lowers, heads)).tolist():
        tok = doc[i]
        if tok.ent_type_ in NAME_OR_TIME_ENTITIES:
            continue  # 'last March', 'Asia-Pacific Economic Cooperation': part of a name or a date
        lemma, lower = tok.lemma_.lower(), tok.lower_
        cand = match_candidate(tok, lex.triggers.get(lemma, ()))
        if cand is None and lower != lemma:  # 'fighting' (noun) is no 'fight' (verb)
            cand = match_candidate(tok, lex.triggers.get(lower, ()))
        if cand is not None:
            candidates[i] = cand
    musts = numpy.flatnonzero(numpy.isin(lowers, lex.obliged_array)).tolist()
    obliged = obliged_verbs(doc, lex, candidates, musts) if musts else []
    relative_heads = arrays[:, 2].astype("int64")  # head offsets are signed
    depth = depths(relative_heads, candidates)
    fold(candidates, depth)
    mode_words = numpy.isin(lemmas, lex.mode_array) | numpy.isin(lowers, lex.mode_array)
    ctx = DocumentSpans(doc, document, numpy.flatnonzero(mode_words).tolist())
    # a noun for the doers ('inspectors', 'demonstrators') is no event of its own
    mentions = [
        mention_of(lex, c, ctx) for c in candidates.values() if not c.folded and not c.entry.agent_noun
    ]
    mentions += [request_mention(tok, ctx) for tok in obliged]
    mentions = [m for m in mentions if m is not None]
    mentions.sort(key=lambda m: m.trigger)
    return mentions


def argument_finder(doc: Doc, document: Document):
    """A function (first, last, kind) -> (actor span, recipient span) that reads the arguments of the
    words doc[first:last + 1] as a trigger of PLOVER type `kind` would have them: for event words
    the trigger lexicon does not know (acled.extra_mentions: 'a military operation against X',
    'a cease-fire with Y'). The Document's actors and places are indexed once per call of this."""
    ctx = DocumentSpans(doc, document, [])

    def find(first: int, last: int, kind: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """The (actor, recipient) spans of doc[first:last + 1] read as a trigger of `kind`."""
        words = list(doc[first : last + 1])
        root = doc[first : last + 1].root
        lemma = root.lemma_.lower()
        entry = Trigger((lemma,), lemma, (), "*", kind, None, 0.5)
        cand = Candidate(root, entry, words)
        return mention_arguments(ctx, cand, None, backgrounded(lexicon(), root))

    return find


# --------------------------------------------------------------------------------------------------
# Candidates


# --------------------------------------------------------------------------------------------------
# One mention


# --------------------------------------------------------------------------------------------------
# Arguments


# --------------------------------------------------------------------------------------------------
# 'X said Y must ...'
