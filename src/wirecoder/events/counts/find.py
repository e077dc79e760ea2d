"""Counts in one sentence: each count trigger read by the reader of its role (ROLE_READERS), in the
manner of a handler table; the sentence's counts are collected in a `SentenceCounts`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from wirecoder.events.counts.lexicon import CountLexicon, CountTrigger, Quantity, lexicon
from wirecoder.events.counts.nouns import noun_quantity, tally_quantity
from wirecoder.events.counts.phrases import arg_quantity, is_number_token, np_quantity
from wirecoder.events.counts.triggers import match_trigger, trigger_candidates
from wirecoder.events.counts.verbs import (
    adj_argument,
    fatal_share,
    following_quantity,
    is_fatal,
    nonfactive,
    preceding_quantity,
    shared_argument,
    verb_argument,
)
from wirecoder.events.mention import Count
from wirecoder.language.syntax import has_negation_child, is_passive_or_bare_participle

# what a role reader found for the common tail: (category, quantity, head token index)
Reading = tuple[str, Quantity, int]


@dataclass
class SentenceCounts:
    """The counts found so far in one sentence, and the words and triggers already used."""

    doc: Doc
    lex: CountLexicon
    by_index: dict[int, CountTrigger]  # the sentence's triggers by token index
    found: list[tuple[Count, CountTrigger]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # token indices of numbers already given to a count
    done: set[int] = field(default_factory=set)  # triggers already handled (as a coordinated pair)

    def emit(self, category: str, q: Quantity, head: int, trig: CountTrigger) -> None:
        """Add a count, unless its number was read already for another count of this category."""
        doc = self.doc
        if category != "shot" and any(i in self.used for i in range(q.start, q.stop)):
            # people shot are also counted as killed or injured ('shot and killed a man')
            # the same number read twice (a noun inside a verb's argument); 'nobody was killed or
            # injured' reads one zero for each
            if not q.is_zero or any(
                c.category == category and c.start == doc[q.start].idx for c, _ in self.found
            ):
                return
        start, end = _evidence(doc, q)
        perpetrator = _perpetrators(doc, q, self.lex)
        count = Count(category, q.low, q.best, q.high, start, end, head, trig.weak, perpetrator)
        self.found.append((count, trig))

    def emit_used(self, category: str, q: Quantity, head: int, trig: CountTrigger) -> None:
        """emit, and mark the number's words used whether or not it was added."""
        self.emit(category, q, head, trig)
        self.used.update(range(q.start, q.stop))


def _perpetrators(doc: Doc, q: Quantity, lex: CountLexicon) -> bool:
    """Whether the counted people are the attackers: a reflexive ('killed himself') or an attacker noun
    heading the counted words ('the gunman', 'both suspects'; counts_context.tsv, role=perpetrator)."""
    words = doc[q.start : q.stop]
    heads = [t for t in words if t.head.i == t.i or not (q.start <= t.head.i < q.stop)]
    attackers = lex.context.get("perpetrator", ())
    return any(t.lower_ in lex.context.get("reflexive", ()) or t.lemma_.lower() in attackers for t in heads)


def _evidence(doc: Doc, q: Quantity) -> tuple[int, int]:
    first, last = doc[q.start], doc[q.stop - 1]
    return first.idx, last.idx + len(last.text)


def _read_verb(counts: SentenceCounts, tok: Token, trig: CountTrigger) -> Reading | None:
    """A verb whose count is its object ('killed 12') or subject ('3 soldiers died')."""
    lex = counts.lex
    if tok.pos_ not in ("VERB", "AUX") or nonfactive(tok, lex):
        return None
    category = trig.category
    negated = has_negation_child(tok)
    arg = verb_argument(tok, trig)
    partner = None
    if arg is None and trig.role == "object":
        q = preceding_quantity(tok, lex)
        if q is None and not is_passive_or_bare_participle(tok):
            q = following_quantity(tok, lex)
        if q is not None:
            counts.emit_used(category, q, tok.i, trig)
            return None
    if arg is None:
        shared = shared_argument(tok, trig, lex)
        if shared is None:
            return None
        arg, partner = shared
    q = arg_quantity(arg, "number" if trig.explicit else category, lex, negated, tok.i)
    fatal_self = category == "killed" or (category == "shot" and is_fatal(tok, lex))
    if q is None and fatal_self and arg.lower_ in lex.context.get("reflexive", ()) and arg.dep_ == "dobj":
        q = Quantity(1, 1, 1, arg.i, arg.i + 1)  # 'the gunman then killed himself'
    if (
        q is None
        and category == "shot"
        and arg.lower_ in lex.context.get("reflexive", ())
        and arg.dep_ == "dobj"
    ):
        q = Quantity(1, 1, 1, arg.i, arg.i + 1)  # 'a boy accidentally shot himself': one person shot
    if q is None:
        # 'three of the victims died': the number is the argument itself
        return None
    if negated and not q.is_zero:
        return None  # 'two soldiers were not hurt' counts nobody
    head = tok.i
    if partner is not None and partner.i in counts.by_index:
        joint = lex.joint_category(category, counts.by_index[partner.i].category)
        if joint is not None and not q.is_zero:
            # 'killing or wounding 50', 'were killed and wounded': one count for both
            counts.found[:] = [f for f in counts.found if f[0].head != partner.i]
            counts.used.difference_update(range(q.start, q.stop))
            counts.done.add(partner.i)
            category, head = joint, min(tok.i, partner.i)
    return category, q, head


def _read_adjective(counts: SentenceCounts, tok: Token, trig: CountTrigger) -> Reading | None:
    """'two dead soldiers', '15 dead', 'left two guards dead'."""
    lex = counts.lex
    arg = adj_argument(tok)
    if arg is None:
        return None
    if arg.i == tok.i:
        q = np_quantity(tok, trig.category, lex) or tally_quantity(tok, lex)
    else:
        q = arg_quantity(arg, trig.category, lex, has_negation_child(tok.head), tok.i)
    head = tok.i
    if tok.dep_ not in ("amod",) and tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
        head = tok.head.i
    return (trig.category, q, head) if q is not None else None


def _read_noun(counts: SentenceCounts, tok: Token, trig: CountTrigger) -> Reading | None:
    """A noun that carries its number: '15 fatalities', 'the death toll rose to 15'."""
    lex = counts.lex
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
        return None
    q = noun_quantity(tok, trig, lex)
    if q is not None and trig.category in lex.covers and q.is_zero:
        for covered in sorted(lex.covers[trig.category]):  # 'no casualties': none killed, none injured
            counts.emit(covered, q, tok.i, trig)
        counts.used.update(range(q.start, q.stop))
        return None
    return (trig.category, q, tok.i) if q is not None else None


def _read_counted(counts: SentenceCounts, tok: Token, trig: CountTrigger) -> Reading | None:
    """A noun that is itself counted: '3 drones', 'thousands of protesters', 'a crowd of 5,000'."""
    lex, category = counts.lex, trig.category
    if tok.pos_ != "NOUN" or tok.dep_ == "compound":
        return None
    holder = tok
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and is_number_token(tok.head.head, lex):
        holder = tok.head.head  # 'thousands of protesters', 'all eight of the drones'
    q = np_quantity(holder, category, lex) if holder.i != tok.i else np_quantity(tok, category, lex)
    if q is None:
        for child in tok.rights:  # 'a crowd of 5,000'
            if child.dep_ == "prep" and child.lower_ == "of":
                for g in child.children:
                    if g.dep_ == "pobj" and is_number_token(g, lex):
                        q = np_quantity(g, category, lex)
    if q is None or q.is_zero:
        return None  # 'no drones' is not a report of drones
    if holder.i != tok.i:
        q = Quantity(q.low, q.best, q.high, q.start, max(q.stop, tok.i + 1))
    return category, q, tok.i


def _read_participle(counts: SentenceCounts, tok: Token, trig: CountTrigger) -> Reading | None:
    """'2 shot, 1 dead', 'Three shot in Upton': a headline's participle that the tagger took for a noun
    with a number. Only the bare singular form ('fired two shots', 'a shot' are no count)."""
    if tok.tag_ != "NN" or tok.lower_ != trig.word or tok.dep_ in ("dobj", "pobj", "compound"):
        return None
    if any(c.dep_ in ("det", "poss") or c.dep_ == "amod" and c.lower_ != "other" for c in tok.children):
        return None  # '3 other shot' counts; 'one fatal shot' does not
    number = next((c for c in tok.children if c.dep_ == "nummod"), None)
    if number is None:
        return None
    q = np_quantity(number, trig.category, counts.lex)
    return (trig.category, q, tok.i) if q is not None else None


# trigger role (counts_triggers.tsv) -> its reader; a reader emits itself what needs no common tail
ROLE_READERS: dict[str, Callable[[SentenceCounts, Token, CountTrigger], Reading | None]] = {
    "object": _read_verb,
    "subject": _read_verb,
    "adj": _read_adjective,
    "noun": _read_noun,
    "counted": _read_counted,
    "participle": _read_participle,
}


def _fatal_category(category: str, tok: Token, lex: CountLexicon) -> str:
    """'fatally shot', 'fatally wounded', 'suffered a fatal gunshot wound': a count of the killed."""
    if category in ("shot", "injured") and is_fatal(tok, lex):
        return "killed"
    if category == "injured" and any(
        c.dep_ in ("dobj", "pobj", "prep")
        and is_fatal(c, lex)
        or c.dep_ == "prep"
        and any(is_fatal(g, lex) for g in c.children)
        for c in tok.children
    ):
        return "killed"
    return category


def _sentence_triggers(doc: Doc, sent: Span, lex: CountLexicon) -> list[tuple[Token, CountTrigger]]:
    hits = []
    for i in trigger_candidates(doc, lex):
        if sent.start <= i < sent.end:
            tok = doc[i]
            trig = match_trigger(tok, lex)
            if trig is not None:
                hits.append((tok, trig))
    return hits


def find_counts(doc: Doc, sent: Span) -> list[Count]:
    """Counts reported in one sentence of a parsed Doc (see the package docstring)."""
    lex = lexicon()
    hits = _sentence_triggers(doc, sent, lex)
    if not hits:
        return []
    counts = SentenceCounts(doc, lex, {tok.i: trig for tok, trig in hits})
    # people shot last: their words may be read again ('shot and killed a man' is one shot, one killed)
    ordered = sorted(hits, key=lambda h: (h[1].category == "shot", h[1].role == "counted", h[1].weak, h[0].i))
    for tok, trig in ordered:
        if tok.i in counts.done:
            continue
        reader = ROLE_READERS.get(trig.role)
        reading = reader(counts, tok, trig) if reader is not None else None
        if reading is None:
            continue
        category, q, head = reading
        before = len(counts.found)
        counts.emit(_fatal_category(category, tok, lex), q, head, trig)
        if len(counts.found) > before:
            counts.used.update(range(q.start, q.stop))
    found = counts.found
    shot = next((c for c, _t in found if c.category == "shot"), None)
    if shot is not None and not any(c.category == "killed" for c, _t in found):
        q = fatal_share(sent, lex)
        if q is not None:
            start, end = _evidence(doc, q)
            trig = next(t for c, t in found if c is shot)
            found.append((Count("killed", q.low, q.best, q.high, start, end, shot.head), trig))
    # a weak trigger ('taken to hospital') gives way to a strong one of the same category
    strong = {c.category for c, t in found if not t.weak}
    return [c for c, t in found if not (t.weak and c.category in strong)]
