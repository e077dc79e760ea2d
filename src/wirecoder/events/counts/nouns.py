"""A count noun's number: '15 fatalities', 'no casualties', 'the death toll rose to 15', 'the deaths of
15 people'."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.events.counts.lexicon import CountLexicon, CountTrigger, Quantity
from wirecoder.events.counts.numbers import read_quantity
from wirecoder.events.counts.phrases import arg_quantity, first_conjunct, left_edge, lower_words, np_quantity
from wirecoder.language.syntax import has_negation_child


def _denial_start(noun: Token, lex: CountLexicon) -> int | None:
    """Where the words that deny a count noun start: 'no casualties', 'no reports of casualties',
    'without casualties'; None when nothing denies it."""
    if any(c.dep_ == "det" and c.lower_ in lex.zero for c in noun.children):
        return left_edge(noun)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in lex.context.get("zero_preposition", ()):
        return head.i
    if noun.dep_ == "pobj" and head.lower_ == "of":
        gov = head.head
        if gov.lemma_.lower() in lex.context.get("report", ()) and any(
            c.lower_ in lex.zero for c in gov.children if c.dep_ == "det"
        ):
            return left_edge(gov)
    return None


def _governing_negation(tok: Token) -> bool:
    head = tok.head
    return (
        has_negation_child(head)
        or (tok.dep_ == "pobj" and head.lower_ == "without")
        or has_negation_child(head.head)
    )


def noun_quantity(noun: Token, trig: CountTrigger, lex: CountLexicon) -> Quantity | None:
    """A count noun's number: '15 fatalities', 'no casualties', 'the death toll rose to 15', 'a death toll
    of 15', 'the deaths of 15 people', 'the only fatalities were the four bombers'."""
    first = first_conjunct(noun)
    denied = _denial_start(first, lex)
    if denied is not None:
        return Quantity(0, 0, 0, denied, noun.i + 1)
    negated = _governing_negation(first)
    q = np_quantity(noun, "noun", lex, negated)
    if q is not None:
        return q
    # 'the deaths of 15 people', 'a death toll of 15', 'the arrest of 12 activists'
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "at"):
            for g in child.children:
                if g.dep_ == "pobj":
                    # 'the deaths of 15 people'; 'the killing of a journalist' (one person, as a verb's
                    # object would be)
                    got = arg_quantity(g, "noun", lex) or (
                        arg_quantity(g, trig.category, lex) if child.lower_ == "of" else None
                    )
                    if got is not None:
                        return got
    return tally_quantity(noun, lex)


def _tally(noun: Token, lex: CountLexicon) -> Token | None:
    """The noun that carries the figure: 'the death toll', 'the number of dead' ('dead' -> 'number')."""
    tallies = lex.context.get("tally", ())
    if noun.lemma_.lower() in tallies:
        return noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in tallies:
        return noun.head.head
    return None


def tally_quantity(noun: Token, lex: CountLexicon) -> Quantity | None:
    """'the death toll rose to 15', 'officials put the toll at 40', 'the number of dead reached 25', and,
    for any count noun, a copula or 'include': 'the only fatalities were the four bombers'."""
    words = lower_words(noun.doc)
    tally = _tally(noun, lex)
    subject = tally or noun
    if subject.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    verb = subject.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if tally is None and verb.lemma_.lower() not in lex.context.get("tally_verb", ()):
        return None
    for child in verb.children:
        if child.i == subject.i:
            continue
        if child.dep_ in ("attr", "dobj", "oprd") and subject.dep_ != "dobj":
            got = arg_quantity(child, "noun", lex)
            if got is not None:
                return got
        if (
            tally is not None
            and child.dep_ == "prep"
            and child.lower_ in ("to", "at", "of")
            and child.i > subject.i
        ):
            got = read_quantity(words, child.i + 1, lex)
            if got is not None:
                low, best, high, stop = got
                return Quantity(low, best, high, child.i + 1, stop)
    return None
