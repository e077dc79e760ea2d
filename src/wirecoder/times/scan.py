"""A faster `finditer` for the time patterns, with the same matches.

Python's `re` tries a case-insensitive pattern at every position of the text; for the long patterns of
patterns.tsv (optional modifiers, word lists) that costs about a microsecond a character and pattern,
some 50 ms for a long article. Yet a match can only begin where the text starts with one of a few
short strings: 'last ', 'next ', '0000' (a year, digits folded to 0), 'may 0' ... `prefixes` reads
that set off the parsed pattern (see `fold`; PREFIXES characters long, shorter for a match that can end
sooner). A `Scanner` then tries the pattern only at such places: for a pattern that opens with `\b`
and a word character, at the word starts whose first characters are in the set (looked up once per
text for all patterns, see `Text`); for the few others, where `_finder` finds a prefix.

Same matches: a non-empty match always begins with one of the prefixes, and any window with a
character outside ASCII is tried (case folding there is left to `re`). Should the pattern match the
empty string at a tried place, the rest of the scan is the stock `finditer` from there on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

PREFIXES = (5, 3)  # characters of the prefix sets: the longer where the set stays small
MAX_PREFIXES = 60_000  # past this many, the shorter length is tried, then no prefilter at all
SENTINEL = "?"  # stands for any non-ASCII character in the folded text; windows with it are tried
_WORD_CHARS = {chr(c) for c in range(128) if re.fullmatch(r"\w", chr(c))}
_ASCII = [chr(c) for c in range(128)]


def _fold_char(c: int) -> int:
    ch = chr(c)
    if ch.isdigit():
        return ord("0")
    if ch.isspace():
        return ord(" ")
    return ord(ch.lower())


# Text and prefixes are compared folded: lower case, every digit '0', every space ' ' (fewer prefixes
# to list; a folded match is a superset of the real ones, so no place is missed).
_FOLD = bytes(_fold_char(c) if c < 128 else c for c in range(256))


def fold(text: str) -> str:
    """`text` folded, one character for one: non-ASCII characters become SENTINEL."""
    return text.encode("ascii", "replace").translate(_FOLD).decode("ascii")


class _Unknown(Exception):
    """The analysis cannot bound the prefixes (a group reference, or too many): no prefilter."""


class _Prefixes:
    """Prefix sets of the parts of one parsed pattern."""

    def __init__(self, state, flags: int):
        self.state = state
        self.flags = flags
        self._chars: dict[tuple, frozenset[str]] = {}

    def chars(self, op, av) -> frozenset[str]:
        """The ASCII characters (lowered) one single-character item matches, asked of `re` itself."""
        if op is sre.LITERAL and av < 128 and not chr(av).isalnum() and not chr(av).isspace():
            return frozenset(chr(av))
        key = (op, repr(av))
        if key not in self._chars:
            probe = sre_compile.compile(sre_parse.SubPattern(self.state, [(op, av)]), self.flags)
            self._chars[key] = frozenset(chr(_FOLD[ord(a)]) for a in _ASCII if probe.fullmatch(a))
        return self._chars[key]

    def sequence(self, items, k: int) -> set[str]:
        """Lowered strings of up to k characters that a match of `items` can begin with; a shorter
        one is a whole match."""
        out = {""}
        for op, av in items:
            done = {s for s in out if len(s) >= k}
            growing = out - done
            if not growing:
                break
            out = done
            by_need: dict[int, list[str]] = {}
            for s in growing:
                by_need.setdefault(k - len(s), []).append(s)
            for need, heads in by_need.items():
                tails = self.node(op, av, need)
                out.update(h + t for h in heads for t in tails)
            if len(out) > MAX_PREFIXES:
                raise _Unknown
        return out

    def node(self, op, av, k: int) -> set[str]:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
            return set(self.chars(op, av))
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return {""}  # zero width
        if op is sre.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                out |= self.sequence(branch, k)
            return out
        if op is sre.SUBPATTERN:
            return self.sequence(av[3], k)
        if op is sre.ATOMIC_GROUP:
            return self.sequence(av, k)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, item = av
            out = set()
            level = {""}
            # Repetitions past max(low, k) add no new prefix of k characters (see the module notes).
            for count in range(min(high, max(low, k)) + 1):
                if count >= low:
                    out |= level
                if count == min(high, max(low, k)):
                    break
                tails: dict[int, set[str]] = {}
                grown = {s for s in level if len(s) >= k}
                for h in level:
                    if len(h) < k:
                        need = k - len(h)
                        if need not in tails:
                            tails[need] = self.sequence(item, need)
                        grown.update(h + t for t in tails[need])
                level = grown
                if len(level) > MAX_PREFIXES:
                    raise _Unknown
            return out
        raise _Unknown


def prefixes(pattern: re.Pattern, k: int, parsed=None) -> set[str] | None:
    """Folded ASCII strings of k characters (or whole shorter matches) every non-empty match of
    `pattern` begins with, as far as it lies in ASCII; None when that cannot be told."""
    if parsed is None:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    try:
        found = _Prefixes(parsed.state, pattern.flags).sequence(parsed.data, k)
    except _Unknown:
        return None
    found.discard("")
    return found


def _opens_word(items) -> bool:
    """Every match begins at `\\b` (before any character is consumed)."""
    for op, av in items:
        if op is sre.AT:
            if av is sre.AT_BOUNDARY:
                return True
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            continue
        if op is sre.BRANCH:
            return all(_opens_word(branch) for branch in av[1])
        if op is sre.SUBPATTERN:
            return _opens_word(av[3])
        return False
    return False


def _finder(found: set[str], k: int) -> re.Pattern:
    """A pattern over the lowered text that matches one character where one of `found` (or a window
    with SENTINEL) begins: 'a(?=bc|bd|\\?|[\\s\\S]\\?)|b...'. Each branch opens with its first
    character, so `re` skips quickly to the next place worth a look."""
    rests: dict[str, set[str]] = {}
    for s in found:
        rests.setdefault(s[0], set()).add(s[1:])
    unknown = [r"[\s\S]" * n + re.escape(SENTINEL) for n in range(k - 1)]
    branches = [re.escape(SENTINEL)]
    for first, rest in sorted(rests.items()):
        if first == SENTINEL:
            continue
        if "" in rest:
            branches.append(re.escape(first))
        else:
            branches.append(
                re.escape(first) + "(?=" + "|".join([re.escape(r) for r in sorted(rest)] + unknown) + ")"
            )
    return re.compile("|".join(branches))


class Text:
    """One text, lowered and indexed by the first characters of its words, shared by all patterns."""

    def __init__(self, text: str):
        self.text = text
        self.lowered = fold(text)
        self._levels: dict[int, dict[str, list[int]]] = {}
        self.unknown: list[int] = []  # word starts with a non-ASCII character in their window

    def level(self, n: int) -> dict[str, list[int]]:
        """The first n folded characters from each word start -> where such words begin."""
        longest = max(PREFIXES)
        if longest not in self._levels:
            windows: dict[str, list[int]] = {}
            low = self.lowered
            for m in re.finditer(r"\w+", self.text):
                i = m.start()
                windows.setdefault(low[i : i + longest], []).append(i)
            self.unknown = [i for key, where in windows.items() if SENTINEL in key for i in where]
            self._levels[longest] = windows
        if n not in self._levels:
            shorter: dict[str, list[int]] = {}
            for key, where in self._levels[longest].items():
                shorter.setdefault(key[:n], []).extend(where)
            self._levels[n] = shorter
        return self._levels[n]


class Scanner:
    """`finditer` of one pattern, trying it only where a match can begin."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.by_length: list[frozenset[str]] | None = None
        self.finder: re.Pattern | None = None
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        for k in PREFIXES:
            found = prefixes(pattern, k, parsed)
            if found is not None:
                break
        else:
            return
        if _opens_word(parsed.data) and all(s[0] in _WORD_CHARS for s in found):
            by_length: list[set[str]] = [set() for _ in range(k + 1)]
            for s in found:
                by_length[len(s)].add(s)
            self.by_length = [frozenset(s) for s in by_length]
        else:
            self.finder = _finder(found, k)

    def candidates(self, text: Text) -> list[int] | None:
        """Where a match can begin, in order; None for everywhere."""
        if self.by_length is not None:
            places: set[int] = set()
            for n, wanted in enumerate(self.by_length):
                if not wanted:
                    continue
                words = text.level(n)
                if len(wanted) < len(words):
                    keys = [key for key in wanted if key in words]
                else:
                    keys = [key for key in words if key in wanted]
                for key in keys:
                    places.update(words[key])
            places.update(text.unknown)
            return sorted(places)
        if self.finder is not None:
            return [m.start() for m in self.finder.finditer(text.lowered)]
        return None

    def finditer(self, text: str | Text) -> Iterator[re.Match]:
        if not isinstance(text, Text):
            text = Text(text)
        places = self.candidates(text)
        raw = text.text
        if places is None:
            yield from self.pattern.finditer(raw)
            return
        match = self.pattern.match
        pos = 0
        for i in places:
            if i < pos:
                continue
            m = match(raw, i)
            if m is None:
                continue
            if m.end() == i:  # an empty match: from here on, exactly the stock scan
                yield from self.pattern.finditer(raw, i)
                return
            yield m
            pos = m.end()
