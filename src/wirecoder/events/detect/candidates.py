"""Trigger candidates: every token whose lemma heads a trigger in the lexicon, with the phrase whose
other words hang from it; then content folded into the candidate it belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from wirecoder.events.detect.context import backgrounded
from wirecoder.events.detect.grammar import (
    AIM_TYPES,
    CLAUSAL,
    CONTENT_DEPS,
    CONTENT_PREPS,
    LIGHT_CONTENT_DEPS,
    NOUN_ARG_PREPS,
    TIME_ENTITIES,
)
from wirecoder.events.lexicon import NO_EVENT, Trigger, lexicon
from wirecoder.language.syntax import (
    clause_verb_through_arguments,
    is_passive,
)

# how far the words of a trigger phrase may stand from its head ('lifted a decades-old ban')
MAX_PHRASE_GAP = 8


@dataclass
class Candidate:
    tok: Token
    entry: Trigger
    words: list[Token]  # the phrase's tokens
    content: list[Candidate] = field(default_factory=list)
    folded: bool = False  # part of another candidate's event


def match_candidate(tok: Token, entries: tuple[Trigger, ...]) -> Candidate | None:
    """The first trigger entry whose phrase, part of speech and object needs the token meets."""
    pos = tok.pos_
    for entry in entries:
        if not entry.fits_pos(pos):
            continue
        words = [tok]
        ok = True
        for other in entry.others:
            found = _find_word(tok, other)
            if found is not None and found.dep_ != "prt" and abs(found.i - tok.i) > MAX_PHRASE_GAP:
                found = None  # 'giving a speech in Toledo' is no 'give in'
            if found is None:
                ok = False
                break
            words.append(found)
        if not ok:
            continue
        if entry.type == NO_EVENT:
            return None
        if (
            entry.needs_object
            and not any(c.dep_ in ("dobj", "dative") for c in tok.children)
            and not is_passive(tok)
        ):
            return None
        if pos != "VERB" and not _noun_is_event(tok, entry):
            return None
        if pos == "VERB" and tok.dep_ == "amod":
            return None  # 'the long-threatened invasion', 'wounded soldiers', 'armed groups'
        return Candidate(tok, entry, words)
    return None


def _find_word(head: Token, lemma: str) -> Token | None:
    """A word of the phrase hanging from the head: a child, or a child's child (prep -> object)."""
    for child in head.children:
        if child.dep_ in CLAUSAL or _time_phrase(child):
            continue  # 'called on Friday for ...' is no 'call on'
        if child.lemma_.lower() == lemma or child.lower_ == lemma:
            return child
    for child in head.children:
        if child.dep_ in CLAUSAL:
            continue
        for grand in child.children:
            if grand.dep_ in CLAUSAL:
                continue
            if grand.lemma_.lower() == lemma or grand.lower_ == lemma:
                return grand
    return None


def _time_phrase(tok: Token) -> bool:
    """A preposition whose object is a date or time ('on Friday')."""
    return tok.pos_ == "ADP" and any(g.dep_ == "pobj" and g.ent_type_ in TIME_ENTITIES for g in tok.children)


def _noun_is_event(tok: Token, entry: Trigger) -> bool:
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
        # 'attack helicopter', 'aid workers': a modifier of another noun, unless that noun only frames
        # the event ('a mediation effort')
        return lexicon().modality.get(("light", tok.head.lemma_.lower())) == "event"
    if entry.bare_noun:
        return True
    for child in tok.children:
        if child.dep_ == "poss":
            return True
        if child.dep_ == "prep" and child.lower_ in NOUN_ARG_PREPS:
            return True
        if child.dep_ in ("amod", "compound") and child.pos_ in ("ADJ", "PROPN", "NOUN"):
            return True
    return tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX")


def depths(relative_heads, candidates: dict[int, Candidate]) -> dict[int, int]:
    """Each candidate's depth in its sentence's tree, from the Doc's head offsets."""
    out = {}
    for i in candidates:
        d, j = 0, i
        while d < 50:
            step = int(relative_heads[j])
            if step == 0:
                break
            j += step
            d += 1
        out[i] = d
    return out


def fold(candidates: dict[int, Candidate], depth: dict[int, int]) -> None:
    """Fold content into the candidate it belongs to (innermost first, so chains fold upwards)."""
    for cand in sorted(candidates.values(), key=lambda c: -depth[c.tok.i]):
        if cand.folded:
            continue
        owner = _owner(cand, candidates)
        if owner is not None:
            owner.content.append(cand)
            cand.folded = True
    # one event told twice in a clause: 'began a hunger strike to protest', 'staged a rally in protest'
    first: dict[tuple[int, str], Candidate] = {}
    for cand in sorted(candidates.values(), key=lambda c: c.tok.i):
        if cand.folded:
            continue
        if cand.tok.dep_ in ("nsubj", "nsubjpass"):
            continue  # 'the strike provoked the assault': subject and object are two events
        if backgrounded(lexicon(), cand.tok, "sequence"):
            continue  # 'recaptured the town after two days of fighting': an earlier event
        key = (_anchor(cand.tok).i, cand.entry.type)
        aim = (
            (_anchor(cand.tok).i, "PROTEST")
            if cand.entry.type in AIM_TYPES and cand.tok.pos_ == "VERB"
            else None
        )
        if key in first or aim in first:
            first[key if key in first else aim].content.append(cand)  # 'staged a rally to demand ...'
            cand.folded = True
        else:
            first[key] = cand


def _anchor(tok: Token) -> Token:
    """The verb a trigger's clause hangs from: a noun's verb, the main verb of a purpose clause."""
    if tok.pos_ != "VERB":
        return clause_verb_through_arguments(tok)
    if tok.dep_ in ("advcl", "xcomp") and tok.head.i != tok.i:
        return tok.head
    return tok


def _owner(cand: Candidate, candidates: dict[int, Candidate]) -> Candidate | None:
    tok = cand.tok
    for c in tok.children:  # 'the attack killed five': the noun (which can refer back) carries the event
        if c.dep_ == "nsubj" and c.i in candidates and candidates[c.i].entry.type == cand.entry.type:
            if not candidates[c.i].folded and not candidates[c.i].entry.agent_noun:
                return candidates[c.i]
    host = _participle_host(tok)
    if host is not None and host.i in candidates and candidates[host.i].entry.type == cand.entry.type:
        return candidates[host.i]  # 'rebels firing rockets shelled the town': how the doers did it
    event_head = tok.head.i in candidates and not candidates[tok.head.i].entry.agent_noun
    if tok.dep_ == "relcl" and event_head and tok.head.pos_ != "VERB":
        return candidates[tok.head.i]  # 'a general strike that shut down the capital': told of that event
    if cand.entry.type in AIM_TYPES and tok.dep_ in ("acl", "advcl", "xcomp") and event_head:
        if candidates[tok.head.i].entry.type == "PROTEST":
            return candidates[tok.head.i]  # 'a demonstration calling for ...': the protest's aim
    if cand.entry.agent_noun and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in candidates:
        return candidates[tok.head.i]  # 'demonstrators blocked roads': the doers of that event
    dep, head = tok.dep_, tok.head
    via_prep = False
    if dep in ("pobj", "pcomp") and head.dep_ in ("prep", "agent") and head.head.i != head.i:
        head, via_prep = head.head, True
    if dep == "ccomp" and head.i not in candidates:
        # 'reiterated its demand that Israel ease ...': the clause hangs from the verb, not the noun
        noun = next((c for c in head.children if c.dep_ == "dobj" and c.i in candidates), None)
        if noun is not None and candidates[noun.i].entry.frame:
            return candidates[noun.i]
    if (
        head.i != tok.i
        and head.i not in candidates
        and head.pos_ == "VERB"
        and (dep in CONTENT_DEPS or via_prep)
    ):
        # 'threatened to hold a strike', 'agreed to allow the return of ...': a frame one verb up
        upper = head
        for _ in range(2):
            if upper.dep_ not in ("xcomp", "ccomp") or upper.head.i == upper.i:
                break
            upper = upper.head
            if upper.i in candidates:
                if candidates[upper.i].entry.frame:
                    return candidates[upper.i]
                break
    if head.i == tok.i or head.i not in candidates or candidates[head.i].entry.agent_noun:
        return None  # nothing folds into a doer noun, which is no event of its own
    owner = candidates[head.i]
    if owner.entry.frame and (via_prep or dep in CONTENT_DEPS or dep == "acl" and owner.tok.pos_ != "VERB"):
        return owner  # 'threatened to attack', 'demanded the withdrawal', 'accused X of violating'
    background = via_prep and lexicon().modality.get(("sequence", tok.head.lower_)) == "apart"
    if (
        cand.entry.type == owner.entry.type
        and not background
        and (via_prep or dep in ("advcl", "xcomp", "dobj", "acl", "appos", "npadvmod", "conj"))
    ):
        return owner  # 'bombarded Kyiv ..., killing', 'wounded ... in a bomb attack'
    if tok.pos_ != "VERB" and owner.tok.pos_ == "VERB":
        if dep in LIGHT_CONTENT_DEPS or via_prep and tok.head.lower_ in CONTENT_PREPS:
            return owner  # 'suspended aid', 'lifted the blockade on', 'denied the accusation'
    return None


def _participle_host(tok: Token) -> Token | None:
    """The verb whose subject a participle clause describes, for the participle or its object:
    'police using tear gas dispersed ...' -> 'dispersed'."""
    if tok.pos_ != "VERB" and tok.dep_ == "dobj":
        tok = tok.head
    if tok.dep_ != "acl" or tok.tag_ not in ("VBG", "VBN") or any(c.dep_ == "mark" for c in tok.children):
        return None
    noun = tok.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.i == noun.i or noun.head.pos_ != "VERB":
        return None
    return noun.head


def main_content(cand: Candidate) -> Candidate | None:
    """The content most directly governed by the candidate (an infinitive, clause or object first)."""
    if not cand.content:
        return None
    return min(
        cand.content, key=lambda c: (c.tok.dep_ not in ("xcomp", "ccomp", "dobj"), abs(c.tok.i - cand.tok.i))
    )


def all_content(cand: Candidate) -> list[Candidate]:
    """The candidates folded into this one, and those folded into them."""
    found, stack = [], list(cand.content)
    while stack:
        other = stack.pop(0)
        found.append(other)
        stack.extend(other.content)
    return found
