"""The context of a trigger: whether it is the setting of another event ('after two days of fighting'),
its negation, and its modality from auxiliaries, governing verbs and 'if' clauses
(trigger_modality.tsv)."""

from __future__ import annotations

from spacy.tokens import Token

from wirecoder.events.lexicon import NO_EVENT, TriggerLexicon, lexicon
from wirecoder.language.syntax import is_negated


def in_background(tok: Token) -> bool:
    """Whether an event word is told as the setting of another event of its sentence ('arrested ...
    amid clashes'); with no other trigger word it is the sentence's news ('suffered ... after a gas
    attack')."""
    lex = lexicon()
    if not backgrounded(lex, tok):
        return False
    inside = {t.i for t in tok.subtree}
    for t in tok.sent:
        if t.i in inside:
            continue
        entries = lex.triggers.get(t.lemma_.lower(), ()) + lex.triggers.get(t.lower_, ())
        if any(e.type != NO_EVENT and not e.agent_noun and e.fits_pos(t.pos_) for e in entries):
            return True
    return False


def backgrounded(lex: TriggerLexicon, noun: Token, kind: str = "background") -> bool:
    """A noun under 'after/amid/during ...', directly or through 'of' ('after two days of fighting');
    with kind 'sequence' only under a preposition that sets it apart in time ('after', 'before')."""
    for _ in range(2):
        if noun.dep_ != "pobj":
            return False
        prep = noun.head
        if lex.modality.get((kind, prep.lower_)) in ("background", "apart"):
            return True
        if prep.lower_ != "of":
            return False
        noun = prep.head
    return False


def modality_of(lex: TriggerLexicon, verb: Token) -> str | None:
    """planned / hypothetical / obliged from the verb's auxiliaries, the verb it is the infinitive of,
    or an 'if' it stands under."""
    tok = verb
    for _ in range(3):
        for c in tok.children:
            if c.dep_ == "aux" or c.dep_ == "auxpass":
                value = lex.modality.get(("aux", c.lower_)) or lex.modality.get(("aux", c.lemma_.lower()))
                if value and tok.dep_ == "ccomp":  # 'said they would meet him'
                    value = lex.modality.get(("reported", c.lower_), value)
                if value:
                    return value
            if c.dep_ == "mark":
                value = lex.modality.get(("mark", c.lower_))
                if value == "conditional":  # inside an if-clause
                    return "hypothetical"
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            gov = tok.head
            value = lex.modality.get(("governor", gov.lemma_.lower())) or lex.modality.get(
                ("governor", gov.lower_)
            )
            if value:
                return value
            tok = gov  # 'said it would be ready to send': look further up
            continue
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head  # 'will withdraw and release': the auxiliary is on the first verb
            continue
        break
    return None


def has_condition(lex: TriggerLexicon, verb: Token) -> bool:
    """A trigger with an 'if'/'unless' clause of its own: a conditional promise or threat."""
    for c in verb.children:
        if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and lex.modality.get(("mark", m.lower_)) == "conditional" for m in c.children
        ):
            return True
    return False


def trigger_negated(tok: Token, clause: Token, nominal: bool) -> bool:
    """'did not attack', 'no attack'; a noun trigger also by its clause's verb ('did not launch an
    attack'), unless it is that verb's subject ('the attack did not kill anyone')."""
    return is_negated(tok) or (nominal and clause.i != tok.i and is_negated(clause) and tok.dep_ != "nsubj")
