"""Sentence bounds in plain text for the attribution passes: where a sentence ends ('Sen.' and initials
do not end one), the words of the sentence before a position, whether a quote sits inside a running
sentence."""

from __future__ import annotations

import re

from wirecoder.actors.resolve import ABBREVIATIONS

_TERMINAL = re.compile(r"(\S*)[.!?]+[\"”’]?(?=\s|$)")
# How far back from a quote or cue the start of its sentence is looked for, and how far after a quote
# the rest of its sentence, in characters: a sentence longer than this (none in news text; a text
# without line breaks or full stops) is read from this far only, so that each look is bounded.
MAX_SENTENCE_CHARS = 2_000
_CLAUSE_BREAK = re.compile(r":[^\S\n]*$|[.!?…]+[\"”’)]*[^\S\n]+")


def _ends_sentence(gap: str) -> bool:
    """Whether a stretch of text between a quote and a cue crosses a sentence end ('Sen.' does not)."""
    for m in _TERMINAL.finditer(gap):
        word = m.group(1).lower().strip('("“')
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return True
    return False


def _sentence_prefix(text: str, pos: int) -> str:
    """The words of the sentence before `pos` (from the paragraph start or the last sentence end or
    colon; 'Sen.' is no sentence end)."""
    floor = max(0, pos - MAX_SENTENCE_CHARS)
    line = text[text.rfind("\n", floor, pos) + 1 or floor : pos]
    cut = 0
    # the end of the last break that counts (a colon, or a sentence end after no abbreviation), read
    # from the right: only the last few of the matches are looked at
    for m in reversed(list(_CLAUSE_BREAK.finditer(line))):
        if m.group(0).startswith(":"):
            cut = m.end()
            break
        # the last word before the mark (from the 100 characters before it: no abbreviation is longer)
        word = line[max(0, m.start() - 100) : m.start()].split()[-1:] or [""]
        word = word[0].lower().strip('("“')
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        cut = m.end()
        break
    return line[cut:]


def _sentence_ends(gap: str) -> int:
    """How many sentence ends a stretch of text crosses ('Sen.' and initials are none)."""
    count = 0
    for m in _TERMINAL.finditer(gap):
        word = m.group(1).lower().strip('("“')
        if not (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            count += 1
    return count


def _embedded(text: str, pos: int) -> bool:
    """Whether a quote at `pos` sits inside a running sentence ('he called it “a disgrace”'): words
    before it in its sentence, not ending in a colon, comma or dash that would set it off."""
    prefix = _sentence_prefix(text, pos).rstrip()
    if not any(ch.isalnum() for ch in prefix):
        return False
    return not prefix.endswith((":", ",", "—", "–", "-"))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without surrounding spaces and punctuation (, ; : and dashes)."""
    while start < end and (text[start].isspace() or text[start] in ",;:-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    return start, end
