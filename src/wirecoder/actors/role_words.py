"""The word classes of role noun phrases, from data/actors/role_words.tsv (see its header)."""

from __future__ import annotations

from dataclasses import dataclass

from wirecoder.resources import read_records


@dataclass(frozen=True)
class RoleWord:
    """One row of role_words.tsv: a word (or phrase) of a class, with a gender for 'gendered'."""

    word_class: str
    word: str
    gender: str = ""


def _words(word_class: str) -> frozenset[str]:
    """The words of one class of role_words.tsv."""
    return frozenset(
        r.word for r in read_records("actors/role_words.tsv", RoleWord) if r.word_class == word_class
    )


WEAPONS = _words("weapon")
CONTEXT_COLLECTIVES = _words("context_collective")
NEED_OWNER = WEAPONS | _words("needs_owner")
GENDERED_NOUNS = {
    r.word: r.gender for r in read_records("actors/role_words.tsv", RoleWord) if r.word_class == "gendered"
}
PAST_TITLE_WORDS = _words("past_title")
HOLDER_OFFICES = _words("holder_office")
