"""'X said Y must ...': a REQUEST by the speaker, found apart from the trigger lexicon."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.events.detect.arguments import shared_subject
from wirecoder.events.detect.candidates import Candidate
from wirecoder.events.detect.choose import pick_span
from wirecoder.events.detect.grammar import SUBJECTS
from wirecoder.events.detect.index import DocumentSpans
from wirecoder.events.detect.mention import build_mention
from wirecoder.events.lexicon import TriggerLexicon
from wirecoder.events.mention import EventMention

REQUEST_SCORE = 0.6  # a demand read from 'must/should' under a speech verb: no lexicon prior to take


def obliged_verbs(
    doc: Doc, lex: TriggerLexicon, candidates: dict[int, Candidate], musts: list[int]
) -> list[Token]:
    """Verbs under 'must/should' in a that-clause of a speaker: a demand by the speaker."""
    found = []
    for i in musts:
        tok = doc[i]
        if tok.dep_ != "aux" or lex.modality.get(("aux", tok.lower_)) != "obliged":
            continue
        verb = tok.head
        speech = _speech_verb(verb)
        if speech is None or speech.i in candidates:
            continue
        if shared_subject(speech) is None or not any(c.dep_ in SUBJECTS for c in verb.children):
            continue
        if verb.i in candidates:
            candidates[verb.i].folded = True
        found.append(verb)
    return found


def _speech_verb(verb: Token) -> Token | None:
    """The verb whose that-clause holds `verb`: 'said [Y must ...]', 'issued a reminder [that Y must ...]'."""
    if verb.dep_ not in ("ccomp", "acl"):
        return None
    speech = verb.head
    if speech.pos_ == "NOUN":
        # only a message to someone: 'issued a reminder to Iraq that it must ...' (not 'the belief that')
        speech = speech.head
        if not any(
            c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in (*verb.head.children, *speech.children)
        ):
            return None
    return speech if speech.pos_ == "VERB" else None


def request_mention(verb: Token, ctx: DocumentSpans) -> EventMention:
    """The REQUEST mention of a verb under 'must/should' in a speaker's that-clause."""
    speech = _speech_verb(verb)
    speaker = shared_subject(speech) if speech is not None else None
    subj = next(c for c in verb.children if c.dep_ in SUBJECTS)
    aux = next(c for c in verb.children if c.dep_ == "aux")
    actor = pick_span(ctx, [speaker]) if speaker is not None else None
    recipient = pick_span(ctx, [subj])
    start, end = min(aux.idx, verb.idx), max(aux.idx + len(aux.text), verb.idx + len(verb.text))
    return build_mention(
        ctx, verb, (start, end), "REQUEST", actor=actor, recipient=recipient, score=REQUEST_SCORE
    )
