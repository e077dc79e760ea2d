"""Sentence starts the parser misses, set before it parses.

A subhead that lost its line break runs into the next sentence ('US doesn't endorse attacks inside
Russia The United States on Tuesday said ...'): the parser then reads one sentence with a subject that
is a clause, and every stage after it goes wrong. A capitalised sentence opener (data/language/
run_in_openers.tsv: 'The', 'A') straight after a capitalised word, with no punctuation between, starts a
sentence, when at least half the words before it since the last punctuation mark are in lower case:
Title Case headlines ('Groups Launch Ads Against The Donald') and names with a capital article ('told
The Associated Press', 'Winnie The Pooh') stay whole.

A paragraph break (a blank line) always ends a sentence: a headline without a full stop does not run
into the lead ('Three men shot in Fresno\n\nPolice were called ...').
"""

from __future__ import annotations

from functools import lru_cache

from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from wirecoder.resources import word_set

MAX_LOOK = 40  # words looked back for the start of a run-in part
MIN_RUN = 4  # words the run-in part must have: a headline, not a name such as 'Debating The Donald'


@lru_cache(maxsize=1)
def run_in_openers() -> frozenset[int]:
    """spaCy's string hashes of the opener words, as the Doc's ORTH column holds them."""
    return frozenset(hash_string(word) for word in word_set("language/run_in_openers.tsv", lower=False))


@Language.component("wirecoder_boundaries")
def set_boundaries(doc: Doc) -> Doc:
    ids = run_in_openers()
    # Token objects are slow: find the openers from the arrays, then look only around them
    orth = doc.to_array(ORTH).tolist()
    for i in [i for i, o in enumerate(orth) if o in ids and i >= MIN_RUN]:
        if _run_in(doc, i):
            doc[i].is_sent_start = True
    spaces = doc.to_array(IS_SPACE).tolist()
    for i in [i for i, s in enumerate(spaces[:-1]) if s and i > 0]:
        if doc[i].text.count("\n") >= 2 and not spaces[i + 1]:
            doc[i + 1].is_sent_start = True
    return doc


def _run_in(doc: Doc, i: int) -> bool:
    """Whether doc[i], an opener, starts a sentence run into the words before it."""
    prev, after = doc[i - 1], doc[i + 1] if i + 1 < len(doc) else None
    if not (
        prev.is_alpha
        and not prev.is_stop  # 'Race To The Top'
        and (prev.is_title or (prev.is_upper and len(prev) <= 3))  # 'Russia', 'US'; not shouting
        and after is not None
        and after.is_alpha  # 'Exhibit A, and'
    ):
        return False
    run = lower = 0  # words back to the last punctuation mark or line break, and how many are in lower case
    for k in range(i - 1, max(-1, i - 1 - MAX_LOOK), -1):
        tok = doc[k]
        if tok.is_punct or tok.is_space or "\n" in tok.whitespace_:
            break
        run += 1
        lower += tok.is_lower
        if tok.is_sent_start:
            break
    return run >= MIN_RUN and lower * 2 >= run
