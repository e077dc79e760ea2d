"""Reading a number off the lower-cased words from a position on: '12', '1.5 million', 'two hundred and
fifty', 'dozens', with its modifier: 'at least 12', 'between 10 and 15', 'no one'."""

from __future__ import annotations

import re

from wirecoder.events.counts.lexicon import CountLexicon, lexicon

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


_DIGIT_RANGE = re.compile(r"^(\d[\d,]*)[-–](\d[\d,]*)$")


def _digits_value(text: str) -> float | None:
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    return None


def _times_multipliers(words: list[str], j: int, value: float, lex: CountLexicon) -> tuple[float, int]:
    """The value times the multiplier words from words[j] on ('1.5 million', 'a hundred thousand'), and
    the position after them."""
    while j < len(words) and words[j] in lex.multipliers:
        value *= lex.multipliers[words[j]]
        j += 1
    return value, j


def read_number(words: list[str], i: int, lex: CountLexicon) -> tuple[int, bool, int] | None:
    """The number starting at words[i]: (value, vague, next position) or None.

    Exact: '12', '2,500', '1.5 million', 'twenty - three', 'two hundred and fifty', 'a dozen', 'two dozen'.
    Vague (a lower bound): 'dozens', 'tens of thousands', 'hundreds of', 'several hundred', 'a few'.
    """
    n = len(words)
    if i >= n:
        return None
    w = words[i]
    # vague plurals: 'dozens', 'tens of thousands', 'hundreds of thousands'
    if w in lex.vague:
        return _vague_plural(words, i, lex)
    # 'a few', 'several hundred', 'a handful'
    if w in ("a", "an") and i + 1 < n:
        nxt = words[i + 1]
        if nxt in lex.vague_words:
            i += 1
            w = nxt
        elif nxt in lex.multipliers:
            # 'a dozen', 'a hundred', 'a million'
            value, j = _times_multipliers(words, i + 2, lex.multipliers[nxt], lex)
            return value, False, j
        elif nxt in lex.a_numbers and i + 2 < n and words[i + 2] == "of":
            return lex.a_numbers[nxt], False, i + 3
        else:
            return None
    if w in lex.vague_words:
        value = lex.vague_words[w]
        j = i + 1
        if j < n and words[j] in lex.multipliers:
            value *= lex.multipliers[words[j]]
            j += 1
        return value, True, j
    # digits, then multipliers: '2,500', '1.5 million'
    digits = _digits_value(w)
    if digits is not None:
        value, j = _times_multipliers(words, i + 1, digits, lex)
        if value != int(value):
            return None
        return int(value), False, j
    # number words: 'twenty - three', 'two hundred and fifty', 'three thousand'
    if w not in lex.numbers:
        return None
    return _number_words(words, i, lex)


def _vague_plural(words: list[str], i: int, lex: CountLexicon) -> tuple[int, bool, int]:
    """'dozens', 'tens of thousands': the lower bound, vague, and the position after."""
    n = len(words)
    low, _unit = lex.vague[words[i]]
    j = i + 1
    if j + 1 < n and words[j] == "of" and words[j + 1] in lex.vague:
        low = low * lex.vague[words[j + 1]][1]
        j += 2
    return low, True, j


def _number_words(words: list[str], i: int, lex: CountLexicon) -> tuple[int, bool, int] | None:
    """Spelled-out numbers from words[i]: 'twenty - three', 'two hundred and fifty', 'three thousand'."""
    n = len(words)
    total = current = 0
    j = i
    seen = False
    while j < n:
        word = words[j]
        if word in lex.multipliers and seen:
            factor = lex.multipliers[word]
            if factor >= 1000:
                total += max(current, 1) * factor
                current = 0
            else:
                current = max(current, 1) * factor
            j += 1
            continue
        if word in lex.numbers and word not in lex.multipliers:
            value = lex.numbers[word]
            rem = current % 100
            if seen and rem and (value >= 10 or rem % 10):
                break  # 'two three', 'twenty thirty' are two numbers
            current += value
            seen = True
            j += 1
            continue
        if word in lex.multipliers and not seen:
            current = lex.multipliers[word]
            seen = True
            j += 1
            continue
        # 'twenty - three', 'two hundred and fifty'
        if (
            word in ("-", "and")
            and seen
            and j + 1 < n
            and words[j + 1] in lex.numbers
            and words[j + 1] not in lex.multipliers
        ):
            if word == "-" and not (current % 100 and current % 10 == 0):
                break
            if word == "and" and current % 100 != 0:
                break
            j += 1
            continue
        break
    if not seen:
        return None
    return total + current, False, j


def _apply(expr: str, n: int) -> int | None:
    if not expr:
        return None
    if expr == "N":
        return n
    if expr == "N+1":
        return n + 1
    if expr == "N-1":
        return max(n - 1, 0)
    raise ValueError(f"counts_modifiers.tsv: bad bound {expr!r}")


def read_quantity(
    words: list[str], i: int, lex: CountLexicon | None = None
) -> tuple[int | None, int | None, int | None, int] | None:
    """The count that starts at words[i] (lower-case token texts): (low, best, high, next position) or None.

    'at least 12' -> 12/12/None; 'more than 20' -> 21/None/None; 'up to 30' -> None/None/30;
    'about 50' -> None/50/None; 'between 10 and 15' -> 10/None/15; '12' -> 12/12/12; 'dozens' -> 24/None/None;
    'no' -> 0/0/0.
    """
    lex = lex or lexicon()
    n = len(words)
    if i >= n:
        return None
    modifier = None
    j = i
    for size in range(min(lex.max_modifier, n - i), 0, -1):
        key = tuple(words[i : i + size])
        if key in lex.modifiers:
            modifier = lex.modifiers[key]
            j = i + size
            break
    if modifier is None and words[i] in lex.zero:
        return 0, 0, 0, i + 1  # 'no one', 'none' (but 'no fewer than 5' is a modifier)
    m = _DIGIT_RANGE.match(words[j]) if j < n else None
    if m:
        a, b = (int(x.replace(",", "")) for x in m.groups())
        if a <= b:
            return a, None, b, j + 1
    first = read_number(words, j, lex)
    if first is None:
        return None
    value, vague, k = first
    # a range: 'between 10 and 15', '10 to 15', 'two or three', '10 - 15'
    if k + 1 < n and words[k] in lex.context.get("range_joiner", ()) and not vague:
        if words[k] != "and" or (modifier is not None and modifier.kind == "range"):
            second = read_number(words, k + 1, lex)
            if second is not None and not second[1] and second[0] > value:
                return value, None, second[0], second[2]
    if vague:
        return value, None, None, k
    if modifier is None or modifier.kind == "range":
        return value, value, value, k
    return _apply(modifier.low, value), _apply(modifier.best, value), _apply(modifier.high, value), k
