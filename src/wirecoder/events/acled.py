"""ACLED event type and sub-event type for event mentions.

One scoring mechanism: every sub-event type has weighted cues (data/events/acled_cues.tsv); a cue is a
conjunction of atoms that describe the mention and its sentence, for example `t:@arrest` (the trigger
is an arrest word), `s:@grenade` (a grenade word in the sentence), `a:@territory` (an argument of the
trigger names a place to hold), `p:ASSAULT` (the PLOVER type), `rs:CVL` (the recipient's sector). A
mention's score for a sub-event type is the sum of the weights of its cues whose atoms all hold; the
highest score wins when it reaches the type's min_score (data/events/acled_types.tsv), else the
mention has no ACLED category.

Atoms (X is a lemma or lower-case word, or @class from data/events/acled_words.tsv):
  t:X   the trigger (its words and head)          a:X   an argument of the trigger (subject, object,
  s:X   the trigger's sentence                           prepositional object, compound, modifier)
                                                  o:X   an object-side argument (what was hit or taken)
                                                  d:X   the direct object or passive subject
  c:X   the sentence and its neighbours            ax:X / rx:X  the actor / recipient span
  p:T   PLOVER type   m:M  PLOVER mode             as:S / rs:S  actor / recipient sector (or 'none')
  neg   negated trigger   mod:planned / mod:hypothetical   nominal (a noun trigger)
  gov:X a word governing the trigger's clause ('threatened to shell', 'could attack')
  o:@place  an object-side argument that is a named place
A cue atom written `!atom` holds when the atom does not.

The word classes are matched once per Doc (longest entry first, cached in doc.user_data), so a
mention costs a few set look-ups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from wirecoder.events.detect import argument_finder, in_background
from wirecoder.events.lexicon import lexicon as trigger_lexicon
from wirecoder.events.mention import EventMention
from wirecoder.language.syntax import clause_verb_within, noun_with_left_modifiers
from wirecoder.model import Document
from wirecoder.resources import read_table, split_list

ANY = "*"
EVENT_WORD, INSTRUMENT = "1", "2"  # anchor kinds in acled_words.tsv
USE_CLASS = "@use_verb"  # what makes an instrument an event: something done with it
MAX_GAP = 3  # other words allowed between the words of a multi-word entry
CACHE_KEY = "wirecoder.events.acled"
EXTRA_SCORE = 0.4  # prior for a trigger the PLOVER lexicon did not know
# weight of the detector's prior in a coded mention's score (the rest: the ACLED reading)
DETECTOR_SHARE = 0.3
ACLED_PRIOR = 0.6  # the least score of a mention with an ACLED reading, before the raise
RAISE = 0.8  # how far a clear ACLED reading moves a mention's score towards 1
BACKGROUND_WEIGHT = 0.3  # share of the score that depends on salience (main clause of the lead sentence)
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "pcomp"}  # a subordinate clause: background more often
CLAUSE_FACTOR = 0.85  # salience lost per clause boundary above the trigger
SENTENCE_STEP = 0.04  # salience lost per sentence after the first (news puts the event first)
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
ACTIVE_SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
OBJECT_DEPS = {"dobj", "obj", "dative", "attr", "oprd"}
COMPLEMENT_DEPS = {"xcomp", "ccomp", "acl", "advcl", "pcomp", "pobj", "prep", "dobj"}
INSTRUMENT_DEPS = {"compound", "amod", "nmod", "pobj", "prep"}  # inside a noun phrase, up to its head noun
CORE_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "attr", "ROOT"}
PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
NO_CLASS_ENTITIES = {"DATE", "TIME", "PERSON", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "MONEY", "PERCENT"}
NAME_ENTITIES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}
TARGET_PREPS = {"at", "on", "against", "in", "into", "upon", "toward", "towards", "of"}


@dataclass(frozen=True)
class SubEventType:
    name: str
    event_type: str
    plover_type: str | None
    plover_mode: str | None
    min_score: float
    specificity: float  # 1.0, lower for the fallback types (Armed clash, Attack, Peaceful protest, Other)


@dataclass(frozen=True)
class Cue:
    sub_event: str
    atoms: tuple[tuple[bool, str, str], ...]  # (must hold?, scope, word): all must be as required
    weight: float
    text: str  # the cue as written, for explain()


def _parse_atom(atom: str) -> tuple[bool, str, str]:
    """'s:@grenade' -> (True, 's', '@grenade'); '!s:@clash' -> (False, 's', '@clash'); 'neg' -> flag."""
    wanted = not atom.startswith("!")
    atom = atom.lstrip("!")
    scope, _, word = atom.partition(":")
    return (wanted, scope, word) if word else (wanted, "flag", scope)


@dataclass(frozen=True)
class Lexicon:
    types: dict[str, SubEventType]
    entries: dict[tuple[str, ...], frozenset[str]]  # word sequence -> its classes
    overrides: frozenset[tuple[str, ...]]  # multi-word entries whose words lose their own classes
    first_words: dict[str, list[tuple[str, ...]]]  # first word -> entries starting with it, longest first
    anchors: dict[str, str]  # class -> '1' (an event word) or '2' (an instrument) for extra mentions
    talk_types: frozenset[str]  # PLOVER types whose clause talks about events (acled_plover.tsv)
    uncoded: dict[str, float]  # PLOVER type -> score factor when no ACLED category fits
    cues: tuple[Cue, ...]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    types: dict[str, SubEventType] = {}
    for row in read_table("events/acled_types.tsv"):
        name, event_type, plover_type, plover_mode, min_score, specificity = row[:6]
        types[name] = SubEventType(
            name, event_type, plover_type or None, plover_mode or None, float(min_score), float(specificity)
        )
    entries: dict[tuple[str, ...], set[str]] = {}
    anchors: dict[str, str] = {}
    overrides: set[tuple[str, ...]] = set()
    for cls, anchor, words in read_table("events/acled_words.tsv"):
        if anchor in (EVENT_WORD, INSTRUMENT):
            anchors[cls] = anchor
        for entry in split_list(words):
            replaces = entry.startswith("=")
            seq = tuple(w for w in entry.lstrip("=").lower().replace("-", " - ").split() if w != "-")
            entries.setdefault(seq, set()).add(cls)
            if replaces and len(seq) > 1:
                overrides.add(seq)
    first_words: dict[str, list[tuple[str, ...]]] = {}
    for seq in entries:
        first_words.setdefault(seq[0], []).append(seq)
    for seqs in first_words.values():
        seqs.sort(key=len, reverse=True)
    event_types: dict[str, list[str]] = {}
    for t in types.values():
        event_types.setdefault(t.event_type, []).append(t.name)
    cues: list[Cue] = []
    for row in read_table("events/acled_cues.tsv"):
        target, expression, weight = row[:3]
        atoms = tuple(_parse_atom(a.strip()) for a in expression.split("&") if a.strip())
        if target == ANY:
            names = list(types)
        elif target in event_types:
            names = event_types[target]
        elif target in types:
            names = [target]
        else:
            raise ValueError(f"acled_cues.tsv: unknown sub-event or event type {target!r}")
        cues.extend(Cue(name, atoms, float(weight), expression) for name in names)
    plover = list(read_table("events/acled_plover.tsv"))
    return Lexicon(
        types=types,
        entries={k: frozenset(v) for k, v in entries.items()},
        overrides=frozenset(overrides),
        first_words=first_words,
        anchors=anchors,
        talk_types=frozenset(row[0] for row in plover if row[1] == "talk"),
        uncoded={row[0]: float(row[2]) for row in plover},
        cues=tuple(cues),
    )


# --------------------------------------------------------------------------------------------------
# Word classes in the Doc, matched once


@dataclass
class Sentence:
    index: int
    span: Span
    words: frozenset[str]  # lemmas, lower-case words and @classes in the sentence
    matches: list[tuple[int, int, frozenset[str]]]  # (first token, last token, classes) of each entry found
    relative_clauses: list[frozenset[int]] | None = None  # token indices of each relative clause, when asked


@dataclass
class DocIndex:
    sentences: list[Sentence]
    token_sentence: list[int]  # token index -> sentence index
    token_words: list[frozenset[str]]  # token index -> its lemma, word and the classes of its match
    match_of: dict[int, tuple[int, int]]  # token index -> (first, last) token of the entry covering it
    contexts: dict[int, frozenset[str]] = field(default_factory=dict)
    # scores of mentions already scored, by what scoring reads of them (extra_mentions and classify ask twice)
    scored: dict[tuple, dict[str, float]] = field(default_factory=dict)

    def context(self, n: int) -> frozenset[str]:
        """Words of sentence n and its neighbours."""
        if n not in self.contexts:
            words = set(self.sentences[n].words)
            for m in (n - 1, n + 1):
                if 0 <= m < len(self.sentences):
                    words |= self.sentences[m].words
            self.contexts[n] = frozenset(words)
        return self.contexts[n]


def _token_keys(doc: Doc) -> list[tuple[str, ...]]:
    """Each token's look-up keys: its lower-cased lemma, and its lower-case form when that differs.
    Read from the Doc's arrays with one string look-up per distinct pair (Token objects are slow)."""
    strings = doc.vocab.strings
    seen: dict[tuple[int, int], tuple[str, ...]] = {}
    out: list[tuple[str, ...]] = []
    for lemma_id, lower_id in doc.to_array([LEMMA, LOWER]).tolist():
        key = seen.get((lemma_id, lower_id))
        if key is None:
            lemma, lower = strings[lemma_id].lower(), strings[lower_id]
            key = seen[(lemma_id, lower_id)] = (lemma,) if lemma == lower else (lemma, lower)
        out.append(key)
    return out


def doc_index(doc: Doc) -> DocIndex:
    cached = doc.user_data.get(CACHE_KEY)
    if cached is not None and len(cached.token_words) == len(doc):
        return cached
    lex = lexicon()
    keys = _token_keys(doc)
    skip = [punct or space for punct, space in doc.to_array([IS_PUNCT, IS_SPACE]).tolist()]
    token_words: list[set[str]] = [set(k) for k in keys]
    token_sentence = [0] * len(doc)
    match_of: dict[int, tuple[int, int]] = {}
    sentences: list[Sentence] = []
    for n, sent in enumerate(doc.sents):
        toks = [doc[i] for i in range(sent.start, sent.end) if not skip[i]]
        tok_keys = [keys[t.i] for t in toks]
        token_sentence[sent.start : sent.end] = [n] * (sent.end - sent.start)
        matches: list[tuple[int, int, frozenset[str]]] = []
        consumed: set[int] = set()
        for pos in range(len(toks)):
            if pos in consumed:
                continue
            found = _match_at(tok_keys, pos, lex, consumed)
            if found is None:
                continue
            used, classes, keep = found
            consumed.update(used)
            if any(toks[u].ent_type_ in NO_CLASS_ENTITIES for u in used):
                continue  # 'March' the month, 'Rocket' the person, 'Mine Street'
            first, last = toks[used[0]].i, toks[used[-1]].i
            matches.append((first, last, classes))
            for u in used:
                own = token_words[toks[u].i]
                own.update("@" + c for c in classes)
                if keep and len(used) > 1:
                    for key in tok_keys[u]:
                        own.update("@" + c for c in lex.entries.get((key,), ()))
                match_of[toks[u].i] = (first, last)
        words: set[str] = set().union(*token_words[sent.start : sent.end])
        sentences.append(Sentence(n, sent, frozenset(words), matches))
    index = DocIndex(sentences, token_sentence, [frozenset(w) for w in token_words], match_of)
    doc.user_data[CACHE_KEY] = index
    return index


def _match_at(
    toks: list[tuple[str, ...]], pos: int, lex: Lexicon, consumed: set[int]
) -> tuple[list[int], frozenset[str], bool] | None:
    """The longest lexicon entry starting at toks[pos], by lemma or by word form: (positions of its
    words, its classes, whether its words keep their own classes); entries of the same length found by
    both forms pool their classes."""
    best: list[int] | None = None
    classes: set[str] = set()
    keep = True
    for key in toks[pos]:
        for seq in lex.first_words.get(key, ()):
            if best is not None and len(seq) < len(best):
                break
            used = _follow(toks, pos, seq, consumed)
            if used is None:
                continue
            if best is None or len(used) > len(best):
                best, classes, keep = used, set(lex.entries[seq]), seq not in lex.overrides
            else:
                classes |= lex.entries[seq]
                keep = keep and seq not in lex.overrides
            break
    return (best, frozenset(classes), keep) if best is not None else None


def _follow(
    toks: list[tuple[str, ...]], pos: int, seq: tuple[str, ...], consumed: set[int]
) -> list[int] | None:
    """Positions of seq's words from toks[pos] on, each within MAX_GAP words of the one before."""
    used = [pos]
    at = pos
    for word in seq[1:]:
        nxt = None
        for k in range(at + 1, min(at + 2 + MAX_GAP, len(toks))):
            if k not in consumed and word in toks[k]:
                nxt = k
                break
        if nxt is None:
            return None
        used.append(nxt)
        at = nxt
    return used


# --------------------------------------------------------------------------------------------------
# Atoms of one mention


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
    from wirecoder.actors.stage import ActorLookup  # the actors package imports spaCy models lazily

    actor = ActorLookup.of(document)(*span)
    return actor.get("sector") if actor else None


# --------------------------------------------------------------------------------------------------
# Scoring


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


# --------------------------------------------------------------------------------------------------
# Events only the ACLED lexicon knows


def extra_mentions(doc: Doc, document: Document, mentions: list[EventMention]) -> list[EventMention]:
    """Mentions for sentences whose ACLED event no existing mention carries: the best-scoring anchor
    word of the sentence (a grenade, 'claimed responsibility', 'set up a base', 'regained control')
    becomes a trigger with the PLOVER type and mode of its sub-event type (acled_types.tsv)."""
    lex = lexicon()
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
            if any(doc[i].ent_type_ in NAME_ENTITIES for i in range(first, last + 1)):
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
    return not words.isdisjoint(_cue_words().get(lexicon().types[name].event_type, ()))


@lru_cache(maxsize=1)
def _cue_words() -> dict[str, frozenset[str]]:
    """Event type -> the words and @classes the positive cues of its sub-event types require."""
    lex = lexicon()
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
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS and recipient is None:
            for g in child.children:
                if g.dep_ == "pobj":
                    recipient = noun_with_left_modifiers(g)
    return actor, recipient
