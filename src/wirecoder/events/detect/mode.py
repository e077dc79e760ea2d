"""The mode of an event: the trigger's own, or the highest-ranked mode word among its modifiers
(trigger_modes.tsv)."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.events.detect.candidates import Candidate
from wirecoder.events.detect.grammar import MODE_DEPS_SKIP
from wirecoder.events.detect.index import DocumentSpans
from wirecoder.events.lexicon import TriggerLexicon


def event_mode(
    lex: TriggerLexicon, kind: str, own: str | None, cand: Candidate, ctx: DocumentSpans
) -> str | None:
    """The highest-ranked mode of the event's type among the trigger's own mode and the mode words
    that modify it (or its content): within three steps below it through phrase-internal relations, or
    in its subject ('suicide bombers killed', 'tanks fired')."""
    best, best_rank = None, 10**6
    if own is not None:
        best, best_rank = own, lex.mode_rank.get((kind, own), 10**5)
    roots = {cand.tok.i, *(c.tok.i for c in cand.content)}
    doc = cand.tok.doc
    for i in ctx.mode_words_near(cand.tok.i):
        tok = doc[i]
        if not _modifies(tok, roots):
            continue
        for found in _mode_of(lex, tok):
            if found[0] != kind:
                continue
            rank = lex.mode_rank.get(found, 10**6)
            if rank < best_rank:
                best, best_rank = found[1], rank
    return best


def _modifies(tok: Token, roots: set[int]) -> bool:
    """Whether a word hangs from one of the roots within three steps, through no clause or subject edge
    except a subject's own word ('suicide bombers' of 'killed')."""
    deps = []
    for _ in range(4):
        if tok.i in roots:
            if not deps:
                return True
            if deps[-1] == "nsubj":
                return len(deps) == 1 or len(deps) == 2 and deps[0] in ("compound", "amod")
            return len(deps) <= 3 and not any(d in MODE_DEPS_SKIP for d in deps)
        if tok.head.i == tok.i:
            return False
        deps.append(tok.dep_)
        tok = tok.head
    return False


def _mode_of(lex: TriggerLexicon, tok: Token) -> tuple[tuple[str, str], ...]:
    lemma = tok.lemma_.lower()
    found = lex.modes.get(lemma) or lex.modes.get(tok.lower_) or ()
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        pair = lex.mode_phrases.get((prev.lemma_.lower(), lemma)) or lex.mode_phrases.get(
            (prev.lower_, tok.lower_)
        )
        if pair:
            found = (pair, *found)
    return found
