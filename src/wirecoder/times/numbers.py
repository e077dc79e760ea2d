"""Numbers in time expressions: counts in digits or words, durations (P3D, PT1H30M), spelled years.

Shared with the events stage (parse_number reads victim counts too).
"""

from __future__ import annotations

import re

from wirecoder.times.lexicon import TimeLexicon, key


def parse_number(text: str, lex: TimeLexicon) -> float | None:
    """A count written in digits or words; None for a vague count ("a few", "several")."""
    words = key(text).replace("-", " ").replace(",", "").split()
    if not words:
        return None
    if any(lex.numbers.get(w) == "X" and w not in ("a", "an") for w in words) and "couple" not in words:
        return None
    half = 0.0
    if words[-3:] == ["and", "a", "half"]:
        half, words = 0.5, words[:-3]
    if words[:1] == ["half"]:
        return 0.5
    if len(words) >= 2 and re.fullmatch(r"\d/\d", words[-1]) and words[0].replace(".", "").isdigit():
        a, b = words[-1].split("/")
        return float(words[0]) + int(a) / int(b) + half
    if len(words) == 1 and re.fullmatch(r"\d+(?:\.\d+)?", words[0]):
        return float(words[0]) + half
    if len(words) == 1 and re.fullmatch(r"\d/\d", words[0]):
        a, b = words[0].split("/")
        return int(a) / int(b)
    if len(words) > 1 and words[0] in ("a", "an") and lex.numbers.get(words[1], "X") != "X":
        words = words[1:]  # "a couple of", "a dozen": the article is not a count of its own
    total, current = 0, 0
    for w in words:
        if w in ("and", "of"):
            continue
        v = lex.numbers.get(w)
        if v is None or v == "X":
            if w.isdigit():
                current += int(w)
                continue
            return None
        n = int(v)
        if n in (100, 1000):
            current = max(current, 1) * n
            if n == 1000:
                total, current = total + current, 0
        elif w in ("a", "an") and current:
            return None
        else:
            current += n
    return float(total + current) + half


_FRACTIONS = {
    "Y": ("M", 12),
    "M": ("D", 30),
    "W": ("D", 7),
    "D": ("TH", 24),
    "TH": ("TM", 60),
    "TM": ("TS", 60),
}


def duration_value(count: float | None, unit_key: str, lex: TimeLexicon) -> str:
    """The TIMEX3 duration of `count` units (None: an unknown count, PXD); fractions in the next unit."""
    unit = lex.units[unit_key]
    if count is None:
        code = unit.vague
        return ("PT" + code[1:]) if code.startswith("T") else "P" + code
    count = count * unit.factor
    code = unit.code
    if code == "Q" and abs(count - round(count)) > 1e-9:
        count, code = count * 3, "M"  # "1 1/2 quarters": in months (P4M15D)
    whole = int(count)
    parts = []
    if whole:
        parts.append((whole, code))
    rest = count - whole
    if rest > 1e-9 and code in _FRACTIONS:
        sub, factor = _FRACTIONS[code]
        value = round(rest * factor)
        if value:
            parts.append((value, sub))
    if not parts:
        parts.append((0, code))
    date_part = "".join(f"{n}{c}" for n, c in parts if not c.startswith("T"))
    time_part = "".join(f"{n}{c[1:]}" for n, c in parts if c.startswith("T"))
    return "P" + date_part + ("T" + time_part if time_part else "")


def spelled_year(text: str, lex: TimeLexicon) -> int | None:
    """'nineteen ninety-four' -> 1994, 'two thousand and one' -> 2001."""
    words = key(text).replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(w for w in words[2:] if w != "and"), lex) if words[2:] else 0
        return 2000 + int(rest or 0)
    head = 19 if words[0] == "nineteen" else 20
    if words[1:] == ["hundred"]:
        return head * 100
    rest = parse_number(" ".join(words[1:]), lex)
    return None if rest is None else head * 100 + int(rest)
