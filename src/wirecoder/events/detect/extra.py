"""Events only the ACLED lexicon knows: for a sentence whose ACLED event no detected mention carries,
the best-scoring anchor word (a grenade, 'claimed responsibility', 'regained control') becomes a mention
with the PLOVER type and mode of its sub-event type (acled_types.tsv). A second detector, so it lives
with detection; it scores candidates with the ACLED cues."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from wirecoder.events.acled.index import DocIndex, doc_index
from wirecoder.events.acled.lexicon import EVENT_WORD
from wirecoder.events.acled.lexicon import lexicon as acled_lexicon
from wirecoder.events.acled.score import best_sub_event
from wirecoder.events.detect.find import argument_finder
from wirecoder.events.detect.grammar import ANCHOR_TARGET_PREPS
from wirecoder.events.lexicon import lexicon as trigger_lexicon
from wirecoder.events.mention import EventMention
from wirecoder.language.syntax import clause_verb_within, noun_with_left_modifiers
from wirecoder.model import Document

USE_CLASS = "@use_verb"  # what makes an instrument an event: something done with it


EXTRA_SCORE = 0.4  # prior for a trigger the PLOVER lexicon did not know


CLIMB_DEPS = {  # from an instrument noun up to the word that says what was done with it
    "compound",
    "amod",
    "nmod",
    "nsubj",
    "nsubjpass",
    "dobj",
    "obj",
    "pobj",
    "prep",
    "agent",
    "conj",
    "appos",
    "npadvmod",
    "poss",
    "dative",
    "attr",
}


OBJECT_DEPS = {"dobj", "obj", "dative", "attr", "oprd"}


INSTRUMENT_DEPS = {"compound", "amod", "nmod", "pobj", "prep"}  # inside a noun phrase, up to its head noun


CORE_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "attr", "ROOT"}


PROPER_NAME_ENTITIES = {
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "WORK_OF_ART",
    "EVENT",
    "LAW",
    "PRODUCT",
}


def extra_mentions(doc: Doc, document: Document, mentions: list[EventMention]) -> list[EventMention]:
    """Mentions for sentences whose ACLED event no existing mention carries: the best-scoring anchor
    word of the sentence (a grenade, 'claimed responsibility', 'set up a base', 'regained control')
    becomes a trigger with the PLOVER type and mode of its sub-event type (acled_types.tsv)."""
    lex = acled_lexicon()
    index = doc_index(doc)
    covered: set[int] = set()
    coded_clauses: set[int] = set()  # clause heads of mentions that carry an ACLED reading
    for m in mentions:
        span = doc.char_span(m.trigger[0], m.trigger[1], alignment_mode="expand")
        covered.update(t.i for t in span or ())
        covered.add(m.head)
        name, _ = best_sub_event(doc, m, document)
        if name is not None:
            head = doc[m.head]
            clause = clause_verb_within(head)
            if _participation(head):
                coded_clauses.add(clause.i)  # 'forces were engaged in fighting': the verb tells that event
            if clause.i != m.head and head.dep_ not in CORE_DEPS:
                continue  # 'during a two-day offensive': the clause's own verb may tell another event
            coded_clauses.add(clause.i)
            # a participle hanging from it ('hurled a grenade, injuring nine') or the clause it hangs
            # from tells the same event
            coded_clauses.update(c.i for c in clause.children if _participle(c))
            if _participle(clause):
                coded_clauses.add(clause.head.i)
    talked_about = _talked_about(doc, mentions, lex.talk_types)
    extra: list[EventMention] = []
    arguments = None
    for sentence in index.sentences:
        best: tuple[float, EventMention, str] | None = None
        for first, last, classes in sentence.matches:
            kinds = {lex.anchors[c] for c in classes if c in lex.anchors}
            if not kinds or any(i in covered or i in talked_about for i in range(first, last + 1)):
                continue
            if EVENT_WORD not in kinds and not _used(doc, index, first, last):
                continue
            if any(doc[i].ent_type_ in PROPER_NAME_ENTITIES for i in range(first, last + 1)):
                continue  # 'Alliance' in a party's name, 'Rocket' as a person: no trigger
            if _modifies_covered(doc[first : last + 1].root, covered):
                continue  # 'a chlorine gas attack': the weapon of a coded event noun is its mode
            candidate = _candidate(doc, sentence.span, first, last)
            if _main_clause(doc[candidate.head]).i in coded_clauses:
                continue  # a clause whose event is already coded tells that event, and its instruments
            name, confidence = best_sub_event(doc, candidate, document)
            if name is None or not _trigger_supports(doc, candidate, name):
                continue
            if best is None or confidence > best[0]:
                best = (confidence, candidate, name, first, last)
        if best is not None:
            _, candidate, name, first, last = best
            kind = lex.types[name]
            candidate.type = kind.plover_type or ""
            candidate.mode = kind.plover_mode
            if candidate.type:
                # now that the type is known, its arguments as the detector reads them for such a trigger
                arguments = arguments or argument_finder(doc, document)
                actor, recipient = arguments(first, last, candidate.type)
                candidate.actor = actor or candidate.actor
                candidate.recipient = recipient or candidate.recipient
                extra.append(candidate)
    return extra


def _modifies_covered(tok: Token, covered: set[int]) -> bool:
    """Whether the word modifies a trigger word inside its noun phrase ('gas' of 'a gas attack', 'with
    grenades' of 'an attack with grenades')."""
    for _ in range(3):
        if tok.head is tok or tok.dep_ not in INSTRUMENT_DEPS:
            return False
        if tok.dep_ == "prep" and tok.lower_ != "with":
            return False
        tok = tok.head
        if tok.i in covered:
            return True
    return False


def _main_clause(tok: Token) -> Token:
    """The clause the token's own clause says more about: up from participle clauses ('aircraft using
    missiles killed ...': 'using' is a detail of 'killed')."""
    clause = clause_verb_within(tok)
    for _ in range(4):
        if not _participle(clause) or clause.head is clause:
            break
        clause = clause_verb_within(clause.head)
    return clause


def _participation(noun: Token) -> bool:
    """An event noun under 'in' of a verb of taking part ('were engaged in fighting', 'took part in')."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "in"
        and prep.head is not prep
        and prep.head.lemma_.lower() in trigger_lexicon().participation_verbs
    )


def _trigger_supports(doc: Doc, mention: EventMention, name: str) -> bool:
    """The anchor word is one the cues of the sub-event's event type look for (in any scope): 'take'
    in a sentence about a drone strike is no trigger for the strike, a helicopter that drops poison
    gas is one for the chemical attack."""
    words = doc_index(doc).token_words[mention.head]
    return not words.isdisjoint(_cue_words().get(acled_lexicon().types[name].event_type, ()))


@lru_cache(maxsize=1)
def _cue_words() -> dict[str, frozenset[str]]:
    """Event type -> the words and @classes the positive cues of its sub-event types require."""
    lex = acled_lexicon()
    out: dict[str, set[str]] = {}
    for cue in lex.cues:
        if cue.weight > 0:
            out.setdefault(lex.types[cue.sub_event].event_type, set()).update(
                w for wanted, scope, w in cue.atoms if wanted and scope in ("s", "c", "t", "a", "o", "d")
            )
    return {k: frozenset(v) for k, v in out.items()}


def _participle(tok: Token) -> bool:
    """An adverbial or adnominal participle clause without a conjunction of its own ('..., killing
    five'), which says more about the event of the clause it hangs from."""
    return (
        tok.dep_ in ("advcl", "xcomp", "acl")
        and tok.tag_ in ("VBG", "VBN")
        and not any(c.dep_ == "mark" for c in tok.children)
    )


def _talked_about(doc: Doc, mentions: list[EventMention], talk_types: frozenset[str]) -> set[int]:
    """Tokens inside the clause of a mention that talks about events ('demanded a truce'), apart
    from clauses coordinated with it ('..., and rebels shelled the town')."""
    out: set[int] = set()
    for m in mentions:
        if m.type not in talk_types:
            continue
        head = doc[m.head]
        out.update(t.i for t in head.subtree if t.i != head.i)
        for child in head.children:
            if child.dep_ in ("conj", "parataxis") and child.pos_ in ("VERB", "AUX"):
                out.difference_update(t.i for t in child.subtree)
    return out


def _used(doc: Doc, index: DocIndex, first: int, last: int) -> bool:
    """Something is done with the instrument: a word it hangs from (up to the clause's verb) is a
    use_verb ('warplanes bombed', 'a grenade exploded', 'a drone attack'); a headline noun counts."""
    tok = doc[first : last + 1].root
    if tok.pos_ == "VERB":
        return True  # 'shelled', 'bombarded': the instrument word is the act
    for _ in range(6):
        if tok.head is tok:
            return tok.pos_ in ("NOUN", "PROPN")
        if tok.dep_ not in CLIMB_DEPS:
            return False
        tok = tok.head
        if USE_CLASS in index.token_words[tok.i] and not first <= tok.i <= last:
            return True
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


def _candidate(doc: Doc, sent: Span, first: int, last: int) -> EventMention:
    words = doc[first : last + 1]
    head = words.root
    clause = head
    # a noun anchor ('grenade', 'ceasefire') takes its arguments from the verb it belongs to
    while (
        clause.pos_ in ("NOUN", "PROPN", "ADJ") and clause.dep_ not in ("ROOT",) and clause.head is not clause
    ):
        if clause.dep_ in ("compound", "amod", "nmod", "pobj", "prep", "nsubj", "nsubjpass", "dobj", "obj"):
            clause = clause.head
        else:
            break
    actor, recipient = _roles(clause)
    return EventMention(
        type="",
        trigger=(words.start_char, words.end_char),
        head=head.i,
        sentence=(sent.start_char, sent.end_char),
        actor=actor,
        recipient=recipient,
        nominal=head.pos_ in ("NOUN", "PROPN"),
        negated=any(c.dep_ == "neg" for c in clause.children)
        or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in head.children),
        score=EXTRA_SCORE,
    )


def _roles(verb: Token) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Actor and recipient spans from the syntax around a verb: the subject (or the passive's agent)
    and the object (or the passive's subject, or an 'at/on/against' object)."""
    actor = recipient = None
    for child in verb.children:
        if child.dep_ == "nsubj" and actor is None:
            actor = noun_with_left_modifiers(child)
        elif child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    actor = noun_with_left_modifiers(g)
        elif child.dep_ in OBJECT_DEPS or child.dep_ == "nsubjpass":
            recipient = recipient or noun_with_left_modifiers(child)
        elif child.dep_ == "prep" and child.lower_ in ANCHOR_TARGET_PREPS and recipient is None:
            for g in child.children:
                if g.dep_ == "pobj":
                    recipient = noun_with_left_modifiers(g)
    return actor, recipient
