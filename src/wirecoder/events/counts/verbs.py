"""Where a verb or adjective trigger's count is: its object or subject (passive, reduced passive,
headline passive), a partner verb's argument, a number the parser hung elsewhere; and whether it is
fatal or not factual ('failed to kill')."""

from __future__ import annotations

from spacy.tokens import Span, Token

from wirecoder.events.counts.lexicon import CountLexicon, CountTrigger, Quantity, lexicon
from wirecoder.events.counts.numbers import read_quantity
from wirecoder.events.counts.phrases import in_headline, is_number_token, lower_words, np_quantity
from wirecoder.events.counts.triggers import match_trigger
from wirecoder.language.syntax import is_passive_or_bare_participle


def is_fatal(tok: Token, lex: CountLexicon) -> bool:
    """'fatally shot', 'the fatal shooting of': a count of people shot is a count of people killed."""
    fatal = lex.context.get("fatal", ())
    for c in tok.children:
        if c.dep_ in ("advmod", "amod") and c.lower_ in fatal:
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "death" for g in c.children):
            return True  # 'shot to death'
    return False


def fatal_share(sent: Span, lex: CountLexicon) -> Quantity | None:
    """'two people were shot, one fatally': the number a 'fatally' hangs from is a count of the killed."""
    for tok in sent:
        if (
            tok.lower_ in lex.context.get("fatal", ())
            and tok.head.i != tok.i
            and is_number_token(tok.head, lex)
        ):
            q = np_quantity(tok.head, "killed", lex)
            if q is not None:
                return q
    return None


def _reduced_passive(verb: Token) -> bool:
    """'two were killed and six others injured': a participle with a subject, no auxiliary, no object."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("conj", "advcl", "ccomp"):
        return False
    deps = {c.dep_ for c in verb.children}
    return "nsubj" in deps and not deps & {"aux", "auxpass", "dobj"}


def _headline_passive(verb: Token) -> bool:
    """'Three men shot in Fresno', 'Teen killed in crash': a headline drops the passive's auxiliary. A
    past verb with a subject and no object or auxiliary, in a sentence that ends without a full stop."""
    # 'Man killed, 3 other shot': the first clause parsed as a complement of the second
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return False
    deps = {c.dep_ for c in verb.children}
    if "nsubj" not in deps or deps & {"aux", "auxpass", "dobj", "nsubjpass"}:
        return False
    return in_headline(verb)


def nonfactive(verb: Token, lex: CountLexicon) -> bool:
    """'failed to kill', 'tried to arrest', 'nearly lynched'."""
    if any(c.dep_ == "advmod" and c.lower_ in lex.context.get("nonfactive", ()) for c in verb.children):
        return True
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head.i != head.i:
        head = head.head
        if head.lemma_.lower() in lex.context.get("nonfactive", ()):
            return True
    return False


def verb_argument(verb: Token, trig: CountTrigger) -> Token | None:
    """The token whose noun phrase holds the count of a verb trigger."""
    kids = list(verb.children)
    if trig.role == "object":
        wanted = ("nsubjpass",) if is_passive_or_bare_participle(verb) else ("dobj",)
        if _reduced_passive(verb) or _headline_passive(verb):
            wanted = ("nsubj",)  # 'and six others injured'; the headline 'Three men shot in Fresno'
    else:
        wanted = ("nsubj", "nsubjpass")
    for child in kids:
        if child.dep_ in wanted:
            if trig.role == "subject" and child.lemma_.lower() in trig.needs:
                continue  # 'lost their lives': 'lives' is part of the trigger, the count is the subject
            return child
    if trig.role == "object" and not is_passive_or_bare_participle(verb):
        # 'wounding 12' parsed with the number as an attribute or npadvmod
        for child in kids:
            if child.dep_ in ("attr", "npadvmod", "oprd") and child.pos_ == "NUM":
                return child
    # '12 people killed', 'others injured' (a participle after its noun), 'people fleeing'
    if (
        verb.dep_ in ("acl", "amod")
        and verb.tag_ in ("VBN", "VBG")
        and (verb.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON") or is_number_token(verb.head, lexicon()))
    ):
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if (
            before is not None
            and before.i != verb.head.i
            and before.pos_ in ("NOUN", "PROPN", "NUM")
            and before.dep_ == "pobj"
            and verb.head.is_ancestor(before)
        ):
            return before  # 'the release of demonstrators detained': the participle goes with the nearer noun
        return verb.head
    # 'one person was confirmed killed', 'was reported wounded'
    if verb.dep_ in ("xcomp", "oprd", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
        for child in verb.head.children:
            if child.dep_ == "nsubjpass":
                return child
    # 'up to 20 injured' (the number hangs on the participle)
    for child in kids:
        if child.dep_ == "nummod":
            return child
    # 'forcing thousands to flee'
    if trig.role == "subject" and verb.dep_ == "xcomp":
        for child in verb.head.children:
            if child.dep_ == "dobj":
                return child
    return None


def preceding_quantity(verb: Token, lex: CountLexicon) -> Quantity | None:
    """'... killed and more than 1,200 injured', '23 others wounded' when the parser has hung the number
    elsewhere: the count right before a participle that has no argument of its own."""
    if verb.tag_ != "VBN":
        return None
    doc, words = verb.doc, lower_words(verb.doc)
    floor = verb.sent.start
    k = verb.i - 1
    if k > floor and words[k] in ("others", "more"):
        k -= 1
    # a number word tagged as a name in a title-case headline ('One Dead, Three Injured')
    numeric = doc[k].pos_ == "NUM" or words[k] in lex.numbers
    if k < floor or not (numeric or words[k] in lex.vague or words[k] in lex.multipliers):
        return None
    for a in range(max(floor, k - 5), k + 1):
        got = read_quantity(words, a, lex)
        if got is None or got[3] != k + 1:
            continue
        if a > floor and words[a - 1] not in ("and", ",", "while", "with", "another"):
            return None
        low, best, high, _stop = got
        return Quantity(low, best, high, a, verb.i)
    return None


def following_quantity(verb: Token, lex: CountLexicon) -> Quantity | None:
    """'kidnapped up to 16 advisers' when the parser has read 'up to' as a particle and preposition."""
    words = lower_words(verb.doc)
    got = read_quantity(words, verb.i + 1, lex)
    if got is None or got[3] >= verb.sent.end:
        return None
    low, best, high, stop = got
    if (
        stop + 1 < len(verb.doc)
        and verb.doc[stop].text in ("-", "–")
        and verb.doc[stop + 1].lemma_.lower() in lex.context.get("age_unit", ())
    ):
        return None  # 'Shooting 4-Month-Old': an age, not a count
    head = verb.doc[stop - 1].head
    if head.pos_ in ("NOUN", "PROPN") and head.i >= stop and head.i - stop <= 4:
        return Quantity(low, best, high, verb.i + 1, head.i + 1)
    return None


def shared_argument(verb: Token, trig: CountTrigger, lex: CountLexicon) -> tuple[Token, Token] | None:
    """A coordinated verb with no argument of its own takes its partner's: 'were killed and wounded'
    (subject of the first), 'killing or wounding 50' (object of the second). Returns (argument, partner)."""
    partners = []
    if verb.dep_ == "conj":
        partners.append(verb.head)
    partners.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    for partner in partners:
        ptrig = match_trigger(partner, lex)
        if trig.role == "subject" and partner.i == verb.head.i:
            # 'he shot himself and died': coordinated verbs share their subject
            arg = next((c for c in partner.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif ptrig is not None:
            arg = verb_argument(partner, ptrig)
        elif partner.i == verb.head.i:
            # '5 were shot and killed': only the subject is shared with a verb that counts nothing
            # 'was robbed and shot' (tagged VBD)
            passive = verb.tag_ == "VBN" or is_passive_or_bare_participle(partner)
            wanted = "nsubjpass" if trig.role == "object" and passive else "nsubj"
            arg = next((c for c in partner.children if c.dep_ == wanted), None)
            if trig.role == "object" and wanted == "nsubj":
                arg = None
        else:
            arg = None
        if arg is not None and arg.i != verb.i:
            return arg, partner
    return None


def adj_argument(adj: Token) -> Token | None:
    """'two dead soldiers', '15 dead', 'left two guards dead', 'one person is dead', 'shot dead'."""
    if adj.dep_ == "amod":
        return adj.head
    for child in adj.children:
        if child.dep_ == "nsubj" and adj.dep_ == "ccomp":
            return child  # 'they found a man dead' parsed as a small clause
    for child in adj.children:
        if child.dep_ == "nummod":
            return child
    for child in adj.children:
        if child.dep_ == "nsubj" and child.pos_ == "NUM" and adj.dep_ in ("appos", "ROOT", "conj"):
            return child  # '2 shot, 1 dead': a headline's number parsed as the adjective's subject
    head = adj.head
    if adj.dep_ in ("acomp", "oprd", "ccomp", "xcomp", "advmod", "conj") and head.i != adj.i:
        deps = ("dobj", "nsubjpass", "nsubj") if adj.dep_ != "conj" else ("nsubj", "nsubjpass")
        for dep in deps:
            for child in head.children:
                if child.dep_ == dep:
                    return child
    if adj.pos_ == "NOUN" or adj.dep_ in ("nsubj", "dobj", "nsubjpass", "pobj", "attr", "ROOT"):
        return adj
    return None
