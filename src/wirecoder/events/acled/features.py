"""The atoms of one mention: scope -> the words and @classes that hold there (see the package
docstring)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.actors.lookup import ActorLookup
from wirecoder.events.acled.index import DocIndex, Sentence, doc_index
from wirecoder.events.mention import EventMention
from wirecoder.model import Document

ARG_DEPS = {
    "nsubj",
    "nsubjpass",
    "dobj",
    "obj",
    "attr",
    "dative",
    "oprd",
    "compound",
    "amod",
    "nmod",
    "poss",
    "npadvmod",
    "appos",
    "acomp",
    "prt",
    "pcomp",
    "conj",
}


PREP_DEPS = {"prep", "agent"}


ACTIVE_SUBJECT_DEPS = {"nsubj", "csubj", "expl"}


COMPLEMENT_DEPS = {"xcomp", "ccomp", "acl", "advcl", "pcomp", "pobj", "prep", "dobj"}


PLACE_ENTITIES = {"GPE", "LOC", "FAC"}


def _span_words(doc: Doc, index: DocIndex, span: tuple[int, int] | None) -> set[str]:
    if span is None:
        return set()
    chars = doc.char_span(span[0], span[1], alignment_mode="expand")
    words: set[str] = set()
    if chars is not None:
        for t in chars:
            words |= index.token_words[t.i]
    return words


def _governors(head: Token, index: DocIndex) -> set[str]:
    """Words of the verbs and nouns whose clause the trigger is the complement of ('threatened to
    shell', 'asked NATO to help patrol', 'an attempt to seize'), up to three clauses up."""
    words: set[str] = set()
    tok = head
    for _ in range(3):
        if tok.dep_ not in COMPLEMENT_DEPS or tok.head is tok:
            break
        tok = tok.head
        words |= index.token_words[tok.i]
    for child in head.children:  # 'could attack', 'would withdraw'
        if child.dep_ == "aux":
            words |= index.token_words[child.i]
    return words


def _background(sentence: Sentence, head: Token) -> set[int]:
    """Tokens of relative clauses that do not hold the trigger: background to the event told ('a town
    that was the scene of a chemical attack' says nothing about how the town was taken)."""
    if sentence.relative_clauses is None:
        sentence.relative_clauses = [
            frozenset(t.i for t in tok.subtree) for tok in sentence.span if tok.dep_ == "relcl"
        ]
    out: set[int] = set()
    for subtree in sentence.relative_clauses:
        if head.i not in subtree:  # a clause that does not hold the trigger
            out |= subtree
    return out


def _arguments(head: Token) -> tuple[list[Token], list[Token]]:
    """The trigger's arguments and, among them, the object side (what was hit, taken, seized: objects,
    passive subjects, prepositional objects other than a passive's agent). Arguments are subject,
    objects, prepositional objects, compounds and modifiers (and theirs, one level), plus the noun a
    nominal trigger modifies ('grenade' in 'grenade attack')."""
    args: list[tuple[Token, bool]] = []
    for child in head.children:
        if child.dep_ in PREP_DEPS:
            by = child.dep_ == "agent" or (child.lower_ == "by" and head.tag_ == "VBN")
            args.extend((g, not by) for g in child.children if g.dep_ in ("pobj", "pcomp"))
        elif child.dep_ in ARG_DEPS:
            args.append((child, child.dep_ not in ACTIVE_SUBJECT_DEPS))
    if head.dep_ in ("compound", "amod", "nmod") and head.head is not head:
        args.append((head.head, False))
    more = []
    for a, is_object in args:
        for c in a.children:
            if c.dep_ in ("compound", "amod", "nmod", "conj", "appos"):
                more.append((c, is_object))
            elif c.dep_ == "prep" and c.lower_ == "of":
                more.extend((g, is_object) for g in c.children if g.dep_ == "pobj")
    every = args + more
    return [t for t, _ in every], [t for t, is_object in every if is_object]


def _direct_objects(head: Token) -> list[Token]:
    """What the trigger acts on directly: its object or passive subject ('seized the town', 'the town
    was seized'), or a nominal trigger's 'of' object ('the capture of the town'), with their conjuncts."""
    found = [c for c in head.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    # 'established control over an area': the prepositional phrase may hang from the verb
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "over":
            found.extend(g for g in c.children if g.dep_ == "pobj")
    if head.pos_ in ("NOUN", "PROPN"):
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                found.extend(g for g in c.children if g.dep_ == "pobj")
    more = [c for f in found for c in f.children if c.dep_ in ("conj", "appos", "compound")]
    for f in found:  # 'took control of the town', 'established control over an area'
        for c in f.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "over"):
                more.extend(g for g in c.children if g.dep_ == "pobj")
    return found + more


def features(
    doc: Doc, mention: EventMention, document: Document | None
) -> dict[str, set[str] | frozenset[str]]:
    """Scope -> the words and @classes that hold there for the mention (see the module docstring)."""
    index = doc_index(doc)
    head = doc[mention.head]
    sent_no = index.token_sentence[head.i]
    sentence = index.sentences[sent_no]
    background = _background(sentence, head)
    own: set[str] | frozenset[str] = sentence.words
    if background:
        own = set()
        for t in sentence.span:
            if t.i not in background:
                own |= index.token_words[t.i]
    trigger = _span_words(doc, index, mention.trigger) | index.token_words[head.i]
    first_last = index.match_of.get(head.i)
    if first_last:
        for i in range(first_last[0], first_last[1] + 1):
            trigger |= index.token_words[i]
    arguments, objects = _arguments(head)
    args: set[str] = set()
    for a in arguments:
        args |= index.token_words[a.i]
    objs: set[str] = set()
    for o in objects:
        objs |= index.token_words[o.i]
        if o.ent_type_ in PLACE_ENTITIES:
            objs.add("@place")
    direct: set[str] = set()
    for o in _direct_objects(head):
        direct |= index.token_words[o.i]
        if o.ent_type_ in PLACE_ENTITIES:
            direct.add("@place")
    flags = {name for name, on in (("neg", mention.negated), ("nominal", mention.nominal)) if on}
    return {
        "s": own,
        "c": index.context(sent_no),
        "t": trigger,
        "a": args,
        "o": objs,
        "d": direct,
        "gov": _governors(head, index),
        "ax": _span_words(doc, index, mention.actor),
        "rx": _span_words(doc, index, mention.recipient),
        "p": {mention.type} if mention.type else set(),
        "m": {mention.mode} if mention.mode else set(),
        "as": {_sector(document, mention.actor) or "none"},
        "rs": {_sector(document, mention.recipient) or "none"},
        "mod": {mention.modality} if mention.modality else set(),
        "flag": flags,
    }


def atoms(doc: Doc, mention: EventMention, document: Document | None) -> set[str]:
    """Every atom that holds for the mention, written as in acled_cues.tsv (for tests and debugging)."""
    out: set[str] = set()
    for scope, words in features(doc, mention, document).items():
        out |= set(words) if scope == "flag" else {f"{scope}:{w}" for w in words}
    return out


def _sector(document: Document | None, span: tuple[int, int] | None) -> str | None:
    if document is None or span is None:
        return None
    actor = ActorLookup.of(document)(*span)
    return actor.sector if actor else None
