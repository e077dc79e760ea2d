"""Scoring a mention's sub-event types by its fired cues, and classifying it: its ACLED types and the
score change a clear reading (or none) brings, weighed by salience."""

from __future__ import annotations

import math
from functools import lru_cache

from spacy.tokens import Doc

from wirecoder.events.acled.features import features
from wirecoder.events.acled.index import doc_index
from wirecoder.events.acled.lexicon import Cue, lexicon
from wirecoder.events.detect import in_background
from wirecoder.events.mention import EventMention
from wirecoder.model import Document

# weight of the detector's prior in a coded mention's score (the rest: the ACLED reading)
DETECTOR_SHARE = 0.3


ACLED_PRIOR = 0.6  # the least score of a mention with an ACLED reading, before the raise


RAISE = 0.8  # how far a clear ACLED reading moves a mention's score towards 1


BACKGROUND_WEIGHT = 0.3  # share of the score that depends on salience (main clause of the lead sentence)


CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "pcomp"}  # a subordinate clause: background more often


CLAUSE_FACTOR = 0.85  # salience lost per clause boundary above the trigger


SENTENCE_STEP = 0.04  # salience lost per sentence after the first (news puts the event first)


def _fired(present: dict[str, set[str] | frozenset[str]]) -> list[Cue]:
    """The cues whose atoms all hold; cues are grouped by their first required atom, so a group whose
    key is absent costs one look-up."""
    empty: frozenset[str] = frozenset()
    out: list[Cue] = []
    for (scope, word), group in _cue_groups().items():
        if scope and word not in present.get(scope, empty):
            continue
        for cue in group:
            if all((w in present.get(sc, empty)) == wanted for wanted, sc, w in cue.atoms):
                out.append(cue)
    return out


@lru_cache(maxsize=1)
def _cue_groups() -> dict[tuple[str, str], list[Cue]]:
    groups: dict[tuple[str, str], list[Cue]] = {}
    for cue in lexicon().cues:
        key = next(((sc, w) for wanted, sc, w in cue.atoms if wanted), ("", ""))
        groups.setdefault(key, []).append(cue)
    return groups


def scores(doc: Doc, mention: EventMention, document: Document | None) -> dict[str, float]:
    """Sub-event type -> cue score for the mention."""
    index = doc_index(doc)
    key = (
        id(document), mention.head, mention.trigger, mention.actor, mention.recipient, mention.type,
        mention.mode, mention.modality, mention.negated, mention.nominal,
    )  # fmt: skip
    total = index.scored.get(key)
    if total is None:
        total = dict.fromkeys(lexicon().types, 0.0)
        for cue in _fired(features(doc, mention, document)):
            total[cue.sub_event] += cue.weight
        index.scored[key] = total
    return dict(total)


def explain(
    doc: Doc, mention: EventMention, document: Document | None, top: int = 3
) -> list[tuple[str, float, list[str]]]:
    """The best `top` sub-event types with their scores and the cues that fired (for debugging)."""
    fired: dict[str, list[str]] = {}
    total: dict[str, float] = dict.fromkeys(lexicon().types, 0.0)
    for cue in _fired(features(doc, mention, document)):
        total[cue.sub_event] += cue.weight
        fired.setdefault(cue.sub_event, []).append(f"{cue.text} {cue.weight:+g}")
    ranked = sorted(total.items(), key=lambda kv: kv[1], reverse=True)[:top]
    return [(name, round(value, 2), fired.get(name, [])) for name, value in ranked]


def best_sub_event(doc: Doc, mention: EventMention, document: Document | None) -> tuple[str | None, float]:
    """(sub-event type or None, its confidence 0..1) without changing the mention."""
    lex = lexicon()
    total = scores(doc, mention, document)
    ranked = sorted(total.items(), key=lambda kv: kv[1], reverse=True)
    name, value = ranked[0]
    threshold = lex.types[name].min_score
    if value < threshold:
        return None, 0.0
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # sure when far above the bar and clear of the next reading
    confidence = 1.0 / (1.0 + math.exp(-(value - threshold) / 2.0 - min(value - runner_up, 3.0) / 2.0))
    return name, confidence


def classify(doc: Doc, mention: EventMention, document: Document) -> None:
    """Set the mention's ACLED event type and sub-event type (None when none applies). A clear ACLED
    reading raises the mention's score; material conflict with no ACLED reading lowers it
    (acled_plover.tsv). Call once per mention: the score change is not idempotent."""
    lex = lexicon()
    name, confidence = best_sub_event(doc, mention, document)
    background = 1.0 - BACKGROUND_WEIGHT * (1.0 - salience(doc, mention))
    if name is None:
        mention.acled_event_type = None
        mention.acled_sub_event_type = None
        mention.score = round(mention.score * lex.uncoded.get(mention.type, 1.0) * background, 4)
        return
    kind = lex.types[name]
    mention.acled_sub_event_type = name
    mention.acled_event_type = kind.event_type
    # the ACLED reading's own confidence, mixed with the detector's prior for the trigger word
    reading = ACLED_PRIOR + (1.0 - ACLED_PRIOR) * RAISE * confidence * kind.specificity
    prior = max(mention.score, ACLED_PRIOR)
    mixed = DETECTOR_SHARE * (prior + (1.0 - prior) * RAISE * confidence * kind.specificity)
    raised = mixed + (1.0 - DETECTOR_SHARE) * reading
    if in_background(doc[mention.head]):
        raised = min(raised, mention.score)  # 'amid clashes': the setting is never raised above the news
    mention.score = round(raised * background, 4)


def salience(doc: Doc, mention: EventMention) -> float:
    """How much the mention looks like the event the text reports rather than background to it: the
    lead sentence's main clause is 1.0; each clause boundary between the trigger and its sentence's
    root, and each later sentence (up to four), lowers it; a relative clause counts twice."""
    index = doc_index(doc)
    tok = doc[mention.head]
    crossings = 0.0
    for _ in range(12):
        if tok.dep_ in CLAUSE_DEPS:
            crossings += 2.0 if tok.dep_ == "relcl" else 1.0
        if tok.head is tok:
            break
        tok = tok.head
    position = min(index.token_sentence[mention.head], 4)
    return CLAUSE_FACTOR**crossings * (1.0 - SENTENCE_STEP * position)
