"""One candidate becomes an event mention: its type (after frames, negation, territory and
modality shifts), mode, arguments, place and score."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.events.detect.arguments import mention_arguments
from wirecoder.events.detect.candidates import Candidate, main_content
from wirecoder.events.detect.choose import place_of
from wirecoder.events.detect.context import backgrounded, has_condition, modality_of, trigger_negated
from wirecoder.events.detect.grammar import PLACE_PREPS
from wirecoder.events.detect.index import DocumentSpans
from wirecoder.events.detect.mode import event_mode
from wirecoder.events.lexicon import TriggerLexicon
from wirecoder.events.mention import EventMention
from wirecoder.language.syntax import (
    clause_verb_through_arguments,
    noun_phrase_with_name_parts,
)

BACKGROUND_PENALTY = 0.2


RELATIVE_PENALTY = 0.15


def _takes_ground(lex: TriggerLexicon, verb: Token, ctx: DocumentSpans) -> bool:
    """Whether the verb's object (or passive subject) is ground held by force: a territory noun,
    directly or after 'part/most/control of', or a place that names no actor."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    for _ in range(2):
        if obj is None:
            return False
        if obj.lemma_.lower() in lex.territory_words:
            return True
        span = noun_phrase_with_name_parts(obj)
        if ctx.is_place(span) and ctx.actor_at(span) is None:
            return True
        obj = next(
            (
                g
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )
    return False


def mention_of(lex: TriggerLexicon, cand: Candidate, ctx: DocumentSpans) -> EventMention | None:
    """The event mention of a candidate, or None when its object names no one where it must."""
    tok, entry = cand.tok, cand.entry
    nominal = tok.pos_ != "VERB"
    clause = clause_verb_through_arguments(tok)
    modality = _mention_modality(lex, cand, clause, nominal)
    words = [*cand.words]
    content = main_content(cand)
    kind, mode, negated = _type_and_mode(
        lex, cand, ctx, content, clause, trigger_negated(tok, clause, nominal), modality, words
    )
    mode = event_mode(lex, kind, mode, cand, ctx)

    # 'after two days of fighting': the setting of another event, whose clause lends it nothing
    background = backgrounded(lex, tok)  # a noun or gerund ('after a week of shelling')
    actor, recipient = mention_arguments(ctx, cand, content, background)
    if entry.actor_object:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if (
            obj is not None
            and ctx.actor_at(noun_phrase_with_name_parts(obj)) is None
            and ctx.actor_at(recipient or noun_phrase_with_name_parts(obj)) is None
        ):
            return None  # 'did not meet the threshold', 'the clip was released' ('the leaders met' stays)
    verbal = entry.type in lex.verbal_types  # the word's own type: a planned evacuation stays a thing done
    place = _mention_place(tok, tok if background else clause, ctx, verbal, recipient)
    start = min(w.idx for w in words)
    end = max(w.idx + len(w.text) for w in words)
    return build_mention(
        ctx,
        tok,
        (start, end),
        kind,
        mode=mode,
        actor=actor,
        recipient=recipient,
        place=place,
        nominal=nominal,
        negated=negated,
        modality=modality if modality in ("planned", "hypothetical") else None,
        score=_mention_score(entry.score, modality, background, clause),
    )


def _mention_modality(lex: TriggerLexicon, cand: Candidate, clause: Token, nominal: bool) -> str | None:
    """planned / hypothetical / obliged: a verb's own, a noun's clause's when it is a core argument
    ('plans an attack'); a promise frame with content is planned ('promised to strike back')."""
    tok, entry = cand.tok, cand.entry
    core = not nominal or tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd")
    modality = modality_of(lex, clause if nominal else tok) if core else None
    if entry.frame and cand.content and lex.modality.get(("governor", tok.lemma_.lower())) == "planned":
        modality = modality or "planned"  # 'promised to strike back': the content is planned
    return modality


def _type_and_mode(
    lex: TriggerLexicon,
    cand: Candidate,
    ctx: DocumentSpans,
    content: Candidate | None,
    clause: Token,
    negated: bool,
    modality: str | None,
    words: list[Token],
) -> tuple[str, str | None, bool]:
    """The mention's type, its own mode and its negation after the shifts: a frame's content
    (trigger_shifts.tsv), a negated type ('did not accept' -> REJECT), ground taken, a condition or a
    plan. A frame's infinitive joins the trigger words (`words`, in place: 'promised to strike')."""
    tok, entry = cand.tok, cand.entry
    kind, mode = entry.type, entry.mode
    nominal = tok.pos_ != "VERB"
    if entry.frame:
        shifted = (
            lex.shift(f"frame:{entry.frame}", content.entry.type, content.entry.mode) if content else None
        )
        if shifted:
            kind, mode = shifted
        if content and content.tok.dep_ == "xcomp" and 0 < content.tok.i - tok.i <= 4:
            words.append(content.tok)  # 'promised to strike'
    elif content and content.entry.type == kind and mode is None:
        mode = content.entry.mode
    if negated and entry.negated_type:
        kind, mode, negated = entry.negated_type, None, False
    if entry.territory_type and _takes_ground(lex, tok, ctx):
        kind, mode = entry.territory_type, None
    if not entry.frame:
        shifted = (
            lex.shift("conditional", kind, mode) if has_condition(lex, clause if nominal else tok) else None
        )
        if shifted is None and modality == "planned":
            shifted = lex.shift("planned", kind, mode)
        kind, mode = shifted or (kind, mode)
    return kind, mode, negated


def _mention_place(
    tok: Token, clause: Token, ctx: DocumentSpans, verbal: bool, recipient: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The trigger's place (place_of), else a target known only by its place ('a curfew in Algiers')."""
    place = place_of(tok, clause, ctx, verbal)
    if (
        place is None
        and recipient is not None
        and ctx.actor_at(recipient) is None
        and ctx.is_place(recipient)
        and not (verbal and _object_locative(tok, recipient))
    ):
        place = recipient  # a target known only by its place locates the event ('a curfew in Algiers')
    return place


def _mention_score(prior: float, modality: str | None, background: bool, clause: Token) -> float:
    """The trigger's lexicon prior, lowered for a hypothetical, a background event or a relative clause."""
    score = prior - (0.1 if modality == "hypothetical" else 0.0)
    if background:
        score -= BACKGROUND_PENALTY  # 'after two days of fighting': told as the setting of another event
    elif clause.dep_ in ("relcl", "acl"):
        score -= RELATIVE_PENALTY  # 'farmers who were killed in ...': told to say who someone is
    return round(max(0.05, min(score, 0.99)), 3)


def _object_locative(tok: Token, span: tuple[int, int]) -> bool:
    """Whether the span lies in an 'in/at/inside X' of the trigger's own object: where the thing talked
    about happens ('does not endorse attacks in Moscow'), not where the words were said. The object of
    a promised act keeps its place ('threatened to impose a curfew in Algiers')."""
    for obj in tok.children:
        if obj.dep_ != "dobj":
            continue
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                start, end = c.idx, c.right_edge.idx + len(c.right_edge.text)
                if start <= span[0] and span[1] <= end:
                    return True
    return False


def build_mention(
    ctx: DocumentSpans,
    head: Token,
    trigger: tuple[int, int],
    kind: str,
    *,
    actor: tuple[int, int] | None,
    recipient: tuple[int, int] | None,
    score: float,
    place: tuple[int, int] | None = None,
    mode: str | None = None,
    nominal: bool = False,
    negated: bool = False,
    modality: str | None = None,
) -> EventMention:
    """The one place the detector makes an EventMention: the trigger's head word and span, its
    sentence (from the index), type and the rest as found."""
    return EventMention(
        type=kind,
        trigger=trigger,
        head=head.i,
        sentence=ctx.sentence(head.i),
        mode=mode,
        actor=actor,
        recipient=recipient,
        place=place,
        nominal=nominal,
        negated=negated,
        modality=modality,
        score=score,
    )
