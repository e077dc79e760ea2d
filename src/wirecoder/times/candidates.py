"""Finding time expressions: every match of the patterns in data/times/patterns.tsv that passes the
guards, then the longest non-overlapping ones (select)."""

from __future__ import annotations

import re

from wirecoder.times.lexicon import TimeLexicon, key
from wirecoder.times.scan import Text
from wirecoder.times.timex import Match

_CAPITALISED = ("month", "weekday")  # groups whose word must be written with a capital (May, not may)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n_|>*•]|[\"'`“‘(\[—–-])[\s\"'`“‘(]*$")
# a bare number in year range is no year inside a number, an amount or a code
_NUMBER_BEFORE = re.compile(r"[\d$#/:-]\s?$")
_NUMBER_AFTER = re.compile(r"\s?[/:]\d|[-–]\d|\.\d|,\d")


def _titled(text: str, m: re.Match) -> bool:
    """A capitalised word inside the match, not opening a sentence ("This Week", "60 Minutes")."""
    for w in re.finditer(r"[A-Za-z]+", m.group()):
        if not w.group()[0].isupper() or w.group().isupper():
            continue
        start = m.start() + w.start()
        if w.start() == 0 and _SENTENCE_START.search(text[max(0, start - 4) : start]):
            continue
        return True
    return False


def _lower_case_word(groups: dict) -> bool:
    """A month or weekday written in lower case ("may", "sun"): an ordinary word."""
    for name in _CAPITALISED:
        word = groups.get(name)
        if word and word[0].isalpha() and not word[0].isupper():
            return True
    return False


def _ordinary_word(text: str, m: re.Match, rule: str, lex: TimeLexicon) -> bool:
    """'May', 'March', 'fall' without the context that makes them a time (guarded_words.tsv)."""
    for (guarded_rule, word), guard in lex.guarded.items():
        if guarded_rule != rule:
            continue
        found = m.groupdict().get(guard.group)
        if not found or key(found) != word or any(m.groupdict().get(g) for g in guard.exempt):
            continue
        start = m.start(guard.group)
        if not guard.context.search(text[max(0, start - 12) : start]):
            return True
    return False


def _inside_a_number(text: str, m: re.Match, rule: str) -> bool:
    """A bare year ("1990") that is part of a number, an amount or a code."""
    groups = m.groupdict()
    if rule != "year" or not groups.get("year") or groups.get("fiscal") or groups.get("mod"):
        return False
    before = text[max(0, m.start("year") - 2) : m.start("year")]
    after = text[m.end("year") : m.end("year") + 2]
    return bool(_NUMBER_BEFORE.search(before) or _NUMBER_AFTER.match(after))


def _acceptable(text: str, m: re.Match, rule: str, lowercase: bool, lex: TimeLexicon) -> bool:
    if lowercase and _titled(text, m):
        return False
    if _lower_case_word(m.groupdict()):
        return False
    return not _ordinary_word(text, m, rule, lex) and not _inside_a_number(text, m, rule)


def find_candidates(text: str, lex: TimeLexicon) -> list[Match]:
    """Every acceptable match of every pattern, with its reported span (the `span` group if any)."""
    found: list[Match] = []
    indexed = Text(text)  # lowered and indexed once for all the rules
    for order, rule in enumerate(lex.rules):
        for m in rule.scanner.finditer(indexed):
            if m.end() == m.start():
                continue
            if not _acceptable(text, m, rule.name, rule.lowercase, lex):
                continue
            groups = m.groupdict()
            if "span" in groups and groups["span"] is not None:
                start, end = m.span("span")
            else:
                start, end = m.span()
            # never end on a dot that closes a sentence unless it belongs to an abbreviation
            while end > start and text[end - 1] in " ,\n\t":
                end -= 1
            if end <= start:
                continue
            found.append(Match(start, end, rule.name, order, groups, m.end() - m.start()))
    return found


def select(found: list[Match]) -> list[Match]:
    """Longest reported span first, then the longer full match, then the earlier rule; no overlaps."""
    found.sort(key=lambda c: (-(c.end - c.start), -c.full, c.order, c.start))
    taken: list[Match] = []
    # the characters of the spans taken (every candidate has end > start, so two spans overlap exactly
    # when they share a character): a check costs the candidate's length, not the number taken
    occupied: set[int] = set()
    for cand in found:
        if any(c in occupied for c in range(cand.start, cand.end)):
            continue
        taken.append(cand)
        occupied.update(range(cand.start, cand.end))
    taken.sort(key=lambda c: c.start)
    return taken
