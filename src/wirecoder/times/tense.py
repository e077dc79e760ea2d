"""The tense of the clause around a time expression: 'future', 'past' or None.

A date without a year or a bare weekday resolves forward in a future clause ("will meet Friday") and
back otherwise. With a spaCy Doc the verb governing the expression decides (doc_tense); without one,
words of the sentence do (text_tense).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from wirecoder.times.lexicon import TimeLexicon

_SOON = re.compile(r"\bas\s+(?:early|soon|late)\s+as\s+(?:next\s+)?$", re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:until|till)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}
_VERB = ("VERB", "AUX")


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The character bounds of the sentence around a span (at most 300 characters each side)."""
    lo = max(0, start - 300)
    cut = max(text.rfind("\n", lo, start), *(text.rfind(p, lo, start) for p in (". ", "? ", "! ")))
    s = cut + 1 if cut >= 0 else lo
    hi = min(len(text), end + 300)
    ends = [
        i for i in (text.find("\n", end, hi), text.find(". ", end, hi), text.find("? ", end, hi)) if i >= 0
    ]
    e = min(ends) if ends else hi
    return s, e


def clause_tense(text: str, start: int, end: int, lex: TimeLexicon, doc: Doc | None = None) -> str | None:
    """'future', 'past' or None for the clause around a span."""
    if _SOON.search(text, max(0, start - 16), start):
        return "future"
    if doc is not None:
        return doc_tense(doc, start, end, lex)
    return text_tense(text, start, end, lex)


def text_tense(text: str, start: int, end: int, lex: TimeLexicon) -> str | None:
    """Without a parse: 'as soon as', a deadline verb before 'until', or a future trigger word."""
    s, e = sentence(text, start, end)
    if _SOON.search(text, max(s, start - 16), start):
        return "future"
    if _UNTIL.search(text, max(s, start - 24), start):
        stems = [v[:-1] if v.endswith("e") else v for v, c in lex.tense_verbs.items() if "deadline" in c]
        if re.search(r"\b(?:" + "|".join(w for w in stems if len(w) > 3) + r")\w*", text[s:start], re.I):
            return "future"
    if lex.future.search(text, s, e):
        return "future"
    return None


def _governing_verb(span: Span) -> Token | None:
    """The verb (or auxiliary) the span hangs from, at most six steps up."""
    tok = span.root
    for _ in range(6):
        if tok.pos_ in _VERB or tok.head is tok:
            break
        tok = tok.head
    return tok if tok.pos_ in _VERB else None


def doc_tense(doc: Doc, start: int, end: int, lex: TimeLexicon) -> str | None:
    """The tense from the parse: the auxiliaries and tag of the governing verb, then its head's."""
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except (ValueError, IndexError):
        # spaCy's Span refuses bounds that do not fit the Doc (start after end, a Doc of another
        # text): no tense from the parse then, as when no span is found
        return None
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {c.lower_ for c in auxes}
    for step in (_modal_future, _deadline_future, _past_or_planned, _head_tense, _present_with_a_day):
        found = step(doc, span, verb, auxes, lowers, lex)
        if found is not None:
            return found
    return None


def _modal_future(doc, span, verb, auxes, lowers, lex) -> str | None:
    """'will meet', 'could meet', 'is going to meet'."""
    if lowers & FUTURE_AUX or verb.lower_ in ("will", "shall"):
        return "future"
    if lowers & {"could", "might", "may"} and verb.tag_ == "VB" and "have" not in lowers:
        return "future"
    if "going" in lowers or (verb.lower_ == "going" and any(c.lower_ == "to" for c in verb.children)):
        return "future"
    return None


def _deadline_future(doc, span, verb, auxes, lowers, lex) -> str | None:
    """'postponed until Tuesday morning', 'has given them until Tuesday'."""
    preps = {t.lower_ for t in span.root.ancestors if t.dep_ == "prep" and t.i < span.start}
    preps |= {c.lower_ for c in span.root.children if c.dep_ == "case"}
    if span.start > 0 and doc[span.start - 1].lower_ in ("until", "till"):
        preps.add("until")
    if (
        preps & {"until", "till"}
        and "deadline" in lex.tense_verbs.get(verb.lemma_, ())
        and "had" not in lowers
    ):
        return "future"
    return None


def _past_or_planned(doc, span, verb, auxes, lowers, lex) -> str | None:
    """A past form is past; 'plans to hold ... Tuesday', 'has scheduled ... Thursday' look ahead."""
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if (
        "plan" in lex.tense_verbs.get(verb.lemma_, ())
        and "had" not in lowers
        and (verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBN" and lowers & {"has", "have"}))
    ):
        return "future"
    return None


def _head_tense(doc, span, verb, auxes, lowers, lex) -> str | None:
    """An infinitive under another verb takes that verb's tense; then a present perfect is past."""
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp", "advcl") and head is not verb and verb.tag_ == "VB":
        head_aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass", "cop")}
        if head_aux & FUTURE_AUX:
            return "future"
        if "had" in head_aux:
            return "past"  # "had been scheduled to expire Friday"
        if "plan" in lex.tense_verbs.get(head.lemma_, ()):
            return "future"  # "were planning to drive ... on Monday"
        if head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP") and verb.dep_ == "xcomp":
            return "future"  # "is to resume trading Tuesday"
    if verb.tag_ == "VBN" and lowers & {"has", "have", "'ve"}:
        return "past"
    return None


def _present_with_a_day(doc, span, verb, auxes, lowers, lex) -> str | None:
    """News present with a day: "They meet separately Monday"."""
    root = span.root
    adverbial = root.dep_ == "npadvmod" or (
        root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head is verb
    )
    if (
        adverbial
        and root.head in (verb, *verb.children)
        and verb.tag_ in ("VBZ", "VBP")
        and not auxes
        and verb.lemma_ not in ("be", "have", "say")
        and "invariant" not in lex.tense_verbs.get(verb.lower_, ())
    ):
        return "future"
    return None
