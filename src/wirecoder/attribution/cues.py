"""The cue lexicons of attribution: cue verbs (data/attribution/cues.tsv, also read by actors/coref.py
for its speech verbs), reporting nouns, the verbs that voice a reporting noun, negated stances."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from wirecoder.resources import read_records, word_set

CUE_POS = {"VERB", "AUX"}
# Cues that report only with a quote in their content ('called X "Y"').
QUOTE_ONLY = {"call", "label", "dub", "term", "brand"}


@dataclass(frozen=True)
class CueVerb:
    """One row of cues.tsv (see its header)."""

    lemma: str
    stance: str = "assert"
    frame: str = "both"  # clause | object | both: what the verb takes as its content
    preps: tuple[str, ...] = ()  # further prepositions that open its content ('refers to X')
    speech: bool = False  # a verb of saying, for coreference ('he said' continues the last speaker)


def cue_verbs() -> tuple[CueVerb, ...]:
    """The rows of data/attribution/cues.tsv."""
    return read_records("attribution/cues.tsv", CueVerb)


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, str]]:
    """lemma -> (stance, frame) from data/attribution/cues.tsv."""
    return {cue.lemma.lower(): (cue.stance, cue.frame) for cue in cue_verbs()}


@lru_cache(maxsize=1)
def cue_preps() -> dict[str, set[str]]:
    """lemma -> further prepositions that open its content ('refers to X'), cues.tsv's preps column."""
    return {cue.lemma.lower(): set(cue.preps) for cue in cue_verbs()}


def is_cue(tok: Token) -> bool:
    """Whether a token is a cue verb of the lexicon."""
    return tok.pos_ in CUE_POS and tok.lemma_.lower() in cues()


@dataclass(frozen=True)
class ReportingNoun:
    """One row of noun_cues.tsv: a reporting noun, its stance, the prepositions that open its content."""

    noun: str
    stance: str = "assert"
    preps: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def reporting_nouns() -> dict[str, tuple[str, set[str]]]:
    """noun -> (stance, prepositions that open its content) from data/attribution/noun_cues.tsv."""
    rows = read_records("attribution/noun_cues.tsv", ReportingNoun)
    return {row.noun.lower(): (row.stance, set(row.preps)) for row in rows}


@lru_cache(maxsize=1)
def noun_verbs() -> frozenset[str]:
    """Verbs whose subject voices the reporting noun they take ('made comments'): noun_cue_verbs.tsv."""
    return word_set("attribution/noun_cue_verbs.tsv")


@dataclass(frozen=True)
class NegatedStance:
    """One row of negated_stances.tsv: a stance and the stance of its cue under negation."""

    stance: str
    negated: str = ""


@lru_cache(maxsize=1)
def negated_stances() -> dict[str, str]:
    """stance -> the stance of the cue under negation, from data/attribution/negated_stances.tsv."""
    rows = read_records("attribution/negated_stances.tsv", NegatedStance)
    return {row.stance: row.negated for row in rows if row.negated}
