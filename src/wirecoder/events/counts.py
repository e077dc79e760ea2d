"""Counts: how many were killed, injured, arrested, displaced, abducted; how many drones, missiles,
protesters.

`find_counts(doc, sent)` reads one parsed sentence and returns `Count`s (mention.py), each with the token
its number attaches to (`head`: the verb 'killing', 'wounded', the noun 'drones', 'toll') so the events
stage can hand it to the event it belongs to.

How a count is found: a trigger word (counts_triggers.tsv) says what is counted and where the number is —
the object of 'killed' (active), its subject when passive ('12 people were killed'), the subject of 'died',
the noun's own number ('15 fatalities', 'the death toll rose to 15'), the noun a participle or adjective
modifies ('12 people killed', 'two dead soldiers'). The number is then read off the words of that noun
phrase (counts_quantities.tsv, counts_modifiers.tsv, times/numbers.tsv): 'at least 12', 'dozens of',
'between 10 and 15', 'a soldier', 'no one'. Coordinated nouns add up ('a jawan and seven civilians' = 8).
'killed or wounded 50' is a casualties count (killed and injured together).

Cost: the trigger words of a whole Doc are found once (string hashes of forms and lemmas, a binary search
in numpy) and cached on the Doc; a sentence without one costs nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from wirecoder.events.mention import Count
from wirecoder.language.syntax import has_negation_child, is_passive_or_bare_participle
from wirecoder.resources import read_table, split_list

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_DIGIT_RANGE = re.compile(r"^(\d[\d,]*)[-–](\d[\d,]*)$")


@dataclass(frozen=True)
class Trigger:
    word: str
    pos: frozenset[str]
    category: str
    role: str
    weak: bool
    needs: frozenset[str]
    explicit: bool = False  # only a written number counts ('evacuated the building' is not one person)
    excludes: frozenset[str] = frozenset()  # it does not count with these words ('shot down the drones')


@dataclass(frozen=True)
class Modifier:
    low: str
    best: str
    high: str
    kind: str


@dataclass
class Quantity:
    low: int | None
    best: int | None
    high: int | None
    start: int  # token indices [start, stop)
    stop: int


class Lexicon:
    """The data tables of counts_*.tsv (and times/numbers.tsv), read once."""

    def __init__(self) -> None:
        self.person_categories: set[str] = set()
        self.covers: dict[str, frozenset[str]] = {}  # casualties -> {killed, injured}
        for row in read_table("events/counts_categories.tsv"):
            row += [""] * (3 - len(row))
            if row[1] == "person":
                self.person_categories.add(row[0])
            if row[2]:
                self.covers[row[0]] = frozenset(split_list(row[2]))
        self.triggers: dict[str, list[Trigger]] = {}
        for row in read_table("events/counts_triggers.tsv"):
            row += [""] * (6 - len(row))
            word, pos, category, role, flags, needs = row[:6]
            flag_set = set(split_list(flags))
            need_list = split_list(needs)
            trig = Trigger(
                word,
                frozenset(split_list(pos)),
                category,
                role,
                "weak" in flag_set,
                frozenset(w for w in need_list if not w.startswith("!")),
                "explicit" in flag_set,
                frozenset(w[1:] for w in need_list if w.startswith("!")),
            )
            self.triggers.setdefault(word, []).append(trig)
        self.numbers: dict[str, int] = {}
        for row in read_table("times/numbers.tsv"):
            if len(row) >= 2 and row[1].isdigit():
                self.numbers[row[0].lower()] = int(row[1])
        # 'a', 'an', 'single' are 1 only as 'a soldier' (a determiner), read by the noun-phrase rule;
        # 'couple' only as 'a couple of' (an a_number below)
        for word in ("a", "an", "single", "couple"):
            self.numbers.pop(word, None)
        self.a_numbers: dict[str, int] = {}
        self.multipliers: dict[str, int] = {}
        self.vague: dict[str, tuple[int, int]] = {}
        self.vague_words: dict[str, int] = {}
        self.zero: set[str] = set()
        self.negative_any: set[str] = set()
        for row in read_table("events/counts_quantities.tsv"):
            row += [""] * (4 - len(row))
            word, kind, value, unit = row[:4]
            if kind == "multiplier":
                self.multipliers[word] = int(value)
            elif kind == "number":
                self.numbers[word] = int(value)
            elif kind == "vague":
                self.vague[word] = (int(value), int(unit))
            elif kind == "vague_word":
                self.vague_words[word] = int(value)
            elif kind == "zero":
                self.zero.add(word)
            elif kind == "negative_any":
                self.negative_any.add(word)
            elif kind == "a_number":
                self.a_numbers[word] = int(value)
        self.modifiers: dict[tuple[str, ...], Modifier] = {}
        for row in read_table("events/counts_modifiers.tsv"):
            row += [""] * (5 - len(row))
            phrase, low, best, high, kind = row[:5]
            self.modifiers[tuple(phrase.lower().split())] = Modifier(low, best, high, kind)
        self.max_modifier = max(len(k) for k in self.modifiers)
        self.context: dict[str, set[str]] = {}
        for row in read_table("events/counts_context.tsv"):
            self.context.setdefault(row[1], set()).add(row[0])
        self.trigger_words = frozenset(self.triggers)
        # the prefilter compares string hashes of each token's form and lemma with these, for the whole
        # Doc at once; '-d' / '-ed' forms catch lemmatizer slips ('staged' -> 'stag')
        forms = {f for w in self.trigger_words for f in (w, w.capitalize(), w + "d", w + "ed")}
        self.trigger_hashes = numpy.array(sorted(hash_string(f) for f in forms), dtype=numpy.uint64)

    def joint_category(self, a: str, b: str) -> str | None:
        """The category that counts a and b together ('killed', 'injured' -> 'casualties')."""
        for joint, covered in self.covers.items():
            if a != b and {a, b} == covered:
                return joint
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


# --------------------------------------------------------------------------------------------------
# Reading a number off the words, from a token position onwards


def _digits_value(text: str) -> float | None:
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    return None


def _read_number(words: list[str], i: int, lex: Lexicon) -> tuple[int, bool, int] | None:
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
        low, _unit = lex.vague[w]
        j = i + 1
        if j + 1 < n and words[j] == "of" and words[j + 1] in lex.vague:
            low = low * lex.vague[words[j + 1]][1]
            j += 2
        return low, True, j
    # 'a few', 'several hundred', 'a handful'
    if w in ("a", "an") and i + 1 < n:
        nxt = words[i + 1]
        if nxt in lex.vague_words:
            i += 1
            w = nxt
        elif nxt in lex.multipliers:
            # 'a dozen', 'a hundred', 'a million'
            value = lex.multipliers[nxt]
            j = i + 2
            while j < n and words[j] in lex.multipliers:
                value *= lex.multipliers[words[j]]
                j += 1
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
        value = digits
        j = i + 1
        while j < n and words[j] in lex.multipliers:
            value *= lex.multipliers[words[j]]
            j += 1
        if value != int(value):
            return None
        return int(value), False, j
    # number words: 'twenty - three', 'two hundred and fifty', 'three thousand'
    if w not in lex.numbers:
        return None
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
    words: list[str], i: int, lex: Lexicon | None = None
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
    first = _read_number(words, j, lex)
    if first is None:
        return None
    value, vague, k = first
    # a range: 'between 10 and 15', '10 to 15', 'two or three', '10 - 15'
    if k + 1 < n and words[k] in lex.context.get("range_joiner", ()) and not vague:
        if words[k] != "and" or (modifier is not None and modifier.kind == "range"):
            second = _read_number(words, k + 1, lex)
            if second is not None and not second[1] and second[0] > value:
                return value, None, second[0], second[2]
    if vague:
        return value, None, None, k
    if modifier is None or modifier.kind == "range":
        return value, value, value, k
    return _apply(modifier.low, value), _apply(modifier.best, value), _apply(modifier.high, value), k


# --------------------------------------------------------------------------------------------------
# Which noun phrase holds the count


def _words(doc: Doc) -> list[str]:
    words = doc.user_data.get("_wirecoder_count_words") if doc.user_data is not None else None
    if words is None or len(words) != len(doc):
        words = [t.lower_ for t in doc]
        doc.user_data["_wirecoder_count_words"] = words
    return words


def _left_edge(noun: Token) -> int:
    """First token of the noun's pre-modifiers (its own, not those of a coordinated noun)."""
    left = noun.i
    for child in noun.lefts:
        if child.dep_ in ("conj", "cc", "punct", "appos", "preconj"):
            continue
        left = min(left, child.left_edge.i)
    # '58293 people were killed': the parser may hang a bare number on the verb instead of the noun
    before = noun.doc[left - 1] if left > 0 else None
    if (
        before is not None
        and before.like_num
        and before.head.i == noun.head.i
        and before.dep_ in ("advmod", "npadvmod")
    ):
        left = before.i
    return left


def _is_year(tok: Token) -> bool:
    """'the 1948 killing', 'its 2014 offensive': a year after a determiner (not '1948 people died')."""
    if not (tok.ent_type_ == "DATE" and len(tok.text) == 4 and tok.text.isdigit()):
        return False
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return before is not None and (before.pos_ == "DET" or before.tag_ in ("PRP$", "POS"))


def _is_number_token(tok: Token, lex: Lexicon) -> bool:
    return (
        tok.pos_ == "NUM"
        or tok.lower_ in lex.vague
        or tok.lower_ in lex.vague_words
        or tok.lower_ in lex.zero
    )


def _np_quantity(noun: Token, category: str, lex: Lexicon, negated: bool = False) -> Quantity | None:
    """The count a noun phrase gives: '12 people', 'at least three civilians', 'a soldier', 'no one',
    'dozens (of them)', 'all eight (of the drones)', 'he'."""
    doc = noun.doc
    words = _words(doc)
    lower = noun.lower_
    # 'one of whom was taken to hospital': part of a group already counted
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            if any(g.lower_ in lex.context.get("partitive_skip", ()) for g in child.children):
                return None
    if lower in lex.zero:
        return Quantity(0, 0, 0, noun.i, noun.i + 1)
    if lower in lex.negative_any:
        return Quantity(0, 0, 0, noun.i, noun.i + 1) if negated else None
    left = _left_edge(noun)
    is_num = _is_number_token(noun, lex)
    if (category in lex.person_categories or category == "number") and noun.lemma_.lower() in lex.context.get(
        "group", ()
    ):
        if _partitive_noun(noun) is None:
            return None  # 'several student groups', 'two families': groups, not people counted
    last = noun.i + 1 if is_num else noun.i
    for p in range(left, max(last, left)):
        if p < last and words[p] in lex.negative_any and negated:
            return Quantity(0, 0, 0, p, noun.i + 1)
        got = read_quantity(words, p, lex)
        if got is None:
            continue
        if _is_year(doc[p]):
            continue  # 'the 1948 killing of 24 civilians': a year
        low, best, high, stop = got
        if stop > noun.i + 1 and not is_num and not p <= noun.i:
            continue
        elif stop < noun.i and doc[stop].text in ("-", "–"):
            continue  # 'a three-year-old boy'
        # the number must modify this noun, not another noun inside the phrase ('two-storey house')
        number_tok = doc[min(stop, noun.i + 1) - 1] if is_num else doc[stop - 1]
        head = number_tok.head
        # the noun is part of the number: 'a total of 12 civilians', 'a couple of journalists'
        through = not is_num and p <= noun.i < stop
        if (
            not is_num
            and not through
            and head.i != noun.i
            and not (p <= head.i < stop)
            and head.pos_ in ("NOUN", "PROPN")
        ):
            continue
        start = p
        if start > 0 and words[start - 1] == "all" and start - 1 >= left:
            start -= 1
        if low == best == high and low:
            # 'close to 350 people' with 'close to' parsed outside the noun phrase
            ahead = _modifier_before(words, p, noun.sent.start, lex)
            if ahead is not None:
                got = read_quantity(words, ahead, lex)
                if got is not None and got[3] == stop:
                    low, best, high, stop = got
                    start = ahead
        stop = max(stop, noun.i + 1)
        if through:
            counted = _partitive_noun(noun)
            if counted is not None and counted.i >= stop:
                stop = counted.i + 1
        return Quantity(low, best, high, start, stop)
    if is_num:
        return None
    if noun.lemma_.lower() in lex.context.get("of_holder", ()):
        # 'the lives of six soldiers', 'a group of 12 activists', 'a family of five'
        counted = _partitive_noun(noun)
        if counted is not None:
            q = _np_quantity(counted, "number", lex, negated)
            if q is not None:
                return Quantity(q.low, q.best, q.high, left, q.stop)
    if left < noun.i:
        summed = _surface_sum(doc, left, noun, category, lex)
        if summed is not None:
            return summed
    # no number: 'a soldier', 'the deputy chief', 'he' count one person
    if category not in lex.person_categories:
        return None
    if not _may_be_person(noun, lex):
        return None
    if lower in lex.context.get("singular", ()):
        return Quantity(1, 1, 1, noun.i, noun.i + 1)
    if _age_phrase(noun) and any(c.dep_ in ("det", "poss") for c in noun.children):
        return Quantity(1, 1, 1, left, noun.i + 1)  # 'a 15-year-old was shot'
    if noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN"):
        if noun.lemma_.lower() in lex.context.get("collective", ()) or lower in lex.context.get(
            "collective", ()
        ):
            return None
        dets = [c for c in noun.lefts if c.dep_ in ("det", "poss")]
        if any(d.lower_ in lex.context.get("not_one", ()) for d in dets):
            return None
        if not dets and noun.dep_ == "conj":
            # 'a schoolboy and watchman': the determiner of the first noun covers the second
            dets = [c for c in _conj_first(noun).lefts if c.dep_ in ("det", "poss")]
        if (
            noun.pos_ == "NOUN"
            and not dets
            and not (noun.i == noun.sent.start and _headline(noun))
            and not _aged(noun)
        ):
            # a bare singular noun is a mass or a title, not a person; 'Teen killed in crash' is one
            return None
        if noun.pos_ == "PROPN" and not dets and noun.ent_type_ != "PERSON":
            return None  # a bare name that is not a person's ('CHARSADDA: ...')
        return Quantity(1, 1, 1, left, noun.i + 1)
    return None


AGE_UNITS = frozenset({"year", "month", "week", "day"})


def _aged(noun: Token) -> bool:
    """'2-year-old girl' with no determiner (a headline's 'shooting death of 2-year-old girl'): a person."""
    return any(c.dep_ == "amod" and _age_phrase(c) for c in noun.children)


def _age_phrase(tok: Token) -> bool:
    """'a 15-year-old' with no noun after it: 'old' heads the phrase, 'year' hangs from it."""
    return tok.lower_ == "old" and any(c.lemma_.lower() in AGE_UNITS for c in tok.children)


def _modifier_before(words: list[str], p: int, floor: int, lex: Lexicon) -> int | None:
    for size in range(lex.max_modifier, 0, -1):
        a = p - size
        if (
            a >= floor
            and tuple(words[a:p]) in lex.modifiers
            and lex.modifiers[tuple(words[a:p])].kind != "range"
        ):
            return a
    return None


def _may_be_person(noun: Token, lex: Lexicon) -> bool:
    """Whether a singular noun can stand for one person: not 'the bill', 'the plan', 'the economy'."""
    lemma = noun.lemma_.lower()
    if lemma in lex.context.get("nonperson", ()) or noun.lower_ in lex.context.get("nonperson", ()):
        return False
    if noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "NORP"):
        return True
    return not any(lemma.endswith(suffix) for suffix in lex.context.get("nonperson_suffix", ()))


def _surface_sum(doc: Doc, left: int, noun: Token, category: str, lex: Lexicon) -> Quantity | None:
    """'a jawan and seven civilians' when the parser has put both inside one noun phrase: read each
    part between 'and's on its own ('a <noun>' is one) and add them up."""
    words = _words(doc)
    cuts = [i for i in range(left, noun.i) if words[i] == "and"]
    if not cuts or category not in lex.person_categories:
        return None
    parts: list[Quantity] = []
    bounds = [left, *[c + 1 for c in cuts]]
    ends = [*cuts, noun.i + 1]
    for a, b in zip(bounds, ends, strict=True):
        if a >= b:
            return None
        got = read_quantity(words, a, lex)
        if got is not None and got[3] < b:
            low, best, high, _stop = got
            parts.append(Quantity(low, best, high, a, b))
        elif words[a] in ("a", "an") and b - a >= 2 and doc[b - 1].tag_ in ("NN", "NNP"):
            parts.append(Quantity(1, 1, 1, a, b))
        else:
            return None
    return _sum_quantities(parts)


def _partitive_noun(quantity_tok: Token) -> Token | None:
    """'eight of the drones' -> 'drones'."""
    for child in quantity_tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _conjuncts(noun: Token) -> list[Token]:
    out = [noun]
    for child in noun.rights:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            out.extend(_conjuncts(child))
    return out


def _sum_quantities(parts: list[Quantity]) -> Quantity:
    def total(values: list[int | None]) -> int | None:
        return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]

    known = [q for q in parts]
    return Quantity(
        total([q.low for q in known]),
        total([q.best for q in known]),
        total([q.high for q in known]),
        min(q.start for q in known),
        max(q.stop for q in known),
    )


def _arg_quantity(
    arg: Token, category: str, lex: Lexicon, negated: bool = False, owner: int | None = None
) -> Quantity | None:
    """The count of an argument, adding up coordinated nouns ('a jawan and seven civilians' = 8).
    A relative pronoun stands for its antecedent ('two people who were killed'); a reflexive one
    ('killing himself and six others') is the attacker, not counted."""
    if arg.lower_ in lex.context.get("relative", ()) and arg.head.dep_ == "relcl":
        arg = arg.head.head
    parts = []
    unknown = 0
    candidates = set(_candidates(arg.doc, lex)) if owner is not None else set()
    for noun in _conjuncts(arg):
        if (
            noun is not arg
            and noun.i + 1 < len(noun.doc)
            and noun.doc[noun.i + 1].tag_ in ("VBD", "VBZ", "VBP", "MD")
        ):
            nxt = noun.doc[noun.i + 1]
            own_verb = owner is not None and (nxt.head.i == owner or nxt.i == noun.doc[owner].head.i)
            if not own_verb:
                continue  # 'killed a soldier and the army launched strikes': the army starts a new clause
            # 'a baby and an adult male were shot': 'were' is the trigger's own auxiliary
        if (
            noun is not arg
            and noun.i + 1 in candidates
            and noun.i + 1 != owner
            and noun.doc[noun.i + 1].pos_ in ("VERB", "ADJ")
        ):
            continue  # 'left one dead and three injured': the three belong to 'injured'
        q = _np_quantity(noun, category, lex, negated)
        if q is None:
            if noun is arg and not (
                noun.lower_ in lex.context.get("reflexive", ()) and len(_conjuncts(arg)) > 1
            ):
                return None
            # '233 leaders and activists' (one number for both), 'as well as themselves'
            if noun.pos_ == "PRON" or (
                noun.tag_ in ("NNS", "NNPS") and not any(c.dep_ == "det" for c in noun.children)
            ):
                continue
            unknown += 1  # 'two civilians and soldiers': at least the part we know
            continue
        parts.append(q)
    if not parts:
        return None
    if not unknown:
        return _sum_quantities(parts)
    summed = _sum_quantities(parts)
    return Quantity(summed.low, None, None, summed.start, summed.stop)


# --------------------------------------------------------------------------------------------------
# Triggers


def _trigger_keys(tok: Token) -> tuple[str, ...]:
    """The lemma, the word, and the word less a past-tense ending (the lemmatizer gives 'staged' -> 'stag')."""
    lower = tok.lower_
    keys = [tok.lemma_.lower(), lower]
    if lower.endswith("ed"):
        keys += [lower[:-1], lower[:-2]]
    return tuple(keys)


def _match_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    if tok.ent_type_ == "PERSON":
        return None  # 'Judge John Hurt'
    candidates = next((lex.triggers[k] for k in _trigger_keys(tok) if k in lex.triggers), None)
    if not candidates:
        return None
    pos = {"AUX": "VERB", "PROPN": "NOUN"}.get(tok.pos_, tok.pos_)  # 'Death Toll' in a title-case headline
    fitting = [t for t in candidates if pos in t.pos]
    if not fitting:
        return None
    needing = [t for t in fitting if t.needs or t.excludes]
    if needing:
        near = set()
        for child in tok.children:
            if child.dep_ in ("dobj", "prt", "xcomp", "acomp", "oprd", "advmod", "dative", "attr"):
                near.add(child.lemma_.lower())
            if child.dep_ in ("prep", "agent"):
                near.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
            if child.dep_ == "nsubj":  # 'a bullet struck a girl'
                near.add(child.lemma_.lower())
        # 'shot down the drone', 'down' parsed as a preposition
        kids = near | {c.lower_ for c in tok.children}
        fitting = [t for t in fitting if not t.excludes & kids]
        needing = [t for t in fitting if t.needs]
        for trig in needing:
            if trig.needs & near:
                return trig
    plain = [t for t in fitting if not t.needs]
    return plain[0] if plain else None


def _perpetrators(doc: Doc, q: Quantity, lex: Lexicon) -> bool:
    """Whether the counted people are the attackers: a reflexive ('killed himself') or an attacker noun
    heading the counted words ('the gunman', 'both suspects'; counts_context.tsv, role=perpetrator)."""
    words = doc[q.start : q.stop]
    heads = [t for t in words if t.head.i == t.i or not (q.start <= t.head.i < q.stop)]
    attackers = lex.context.get("perpetrator", ())
    return any(t.lower_ in lex.context.get("reflexive", ()) or t.lemma_.lower() in attackers for t in heads)


def _fatal(tok: Token, lex: Lexicon) -> bool:
    """'fatally shot', 'the fatal shooting of': a count of people shot is a count of people killed."""
    fatal = lex.context.get("fatal", ())
    for c in tok.children:
        if c.dep_ in ("advmod", "amod") and c.lower_ in fatal:
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "death" for g in c.children):
            return True  # 'shot to death'
    return False


def _fatal_share(sent: Span, lex: Lexicon) -> Quantity | None:
    """'two people were shot, one fatally': the number a 'fatally' hangs from is a count of the killed."""
    for tok in sent:
        if (
            tok.lower_ in lex.context.get("fatal", ())
            and tok.head.i != tok.i
            and _is_number_token(tok.head, lex)
        ):
            q = _np_quantity(tok.head, "killed", lex)
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
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ != "ROOT":
        return False
    deps = {c.dep_ for c in verb.children}
    if "nsubj" not in deps or deps & {"aux", "auxpass", "dobj", "nsubjpass"}:
        return False
    return _headline(verb)


def _headline(tok: Token) -> bool:
    """The token's sentence ends without a full stop: a headline or a caption."""
    sent = tok.sent
    last = next((sent[k] for k in range(len(sent) - 1, -1, -1) if not sent[k].is_space), None)
    return last is not None and last.text not in (".", "!", "?", '"', "”", "'", "’", ":")


def _nonfactive(verb: Token, lex: Lexicon) -> bool:
    """'failed to kill', 'tried to arrest', 'nearly lynched'."""
    if any(c.dep_ == "advmod" and c.lower_ in lex.context.get("nonfactive", ()) for c in verb.children):
        return True
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head.i != head.i:
        head = head.head
        if head.lemma_.lower() in lex.context.get("nonfactive", ()):
            return True
    return False


def _verb_argument(verb: Token, trig: Trigger) -> Token | None:
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
        and (verb.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON") or _is_number_token(verb.head, lexicon()))
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


def _preceding_quantity(verb: Token, lex: Lexicon) -> Quantity | None:
    """'... killed and more than 1,200 injured', '23 others wounded' when the parser has hung the number
    elsewhere: the count right before a participle that has no argument of its own."""
    if verb.tag_ != "VBN":
        return None
    doc, words = verb.doc, _words(verb.doc)
    floor = verb.sent.start
    k = verb.i - 1
    if k > floor and words[k] in ("others", "more"):
        k -= 1
    if k < floor or not (doc[k].pos_ == "NUM" or words[k] in lex.vague or words[k] in lex.multipliers):
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


def _following_quantity(verb: Token, lex: Lexicon) -> Quantity | None:
    """'kidnapped up to 16 advisers' when the parser has read 'up to' as a particle and preposition."""
    words = _words(verb.doc)
    got = read_quantity(words, verb.i + 1, lex)
    if got is None or got[3] >= verb.sent.end:
        return None
    low, best, high, stop = got
    if (
        stop + 1 < len(verb.doc)
        and verb.doc[stop].text in ("-", "–")
        and verb.doc[stop + 1].lemma_.lower() in AGE_UNITS
    ):
        return None  # 'Shooting 4-Month-Old': an age, not a count
    head = verb.doc[stop - 1].head
    if head.pos_ in ("NOUN", "PROPN") and head.i >= stop and head.i - stop <= 4:
        return Quantity(low, best, high, verb.i + 1, head.i + 1)
    return None


def _shared_argument(verb: Token, trig: Trigger, lex: Lexicon) -> tuple[Token, Token] | None:
    """A coordinated verb with no argument of its own takes its partner's: 'were killed and wounded'
    (subject of the first), 'killing or wounding 50' (object of the second). Returns (argument, partner)."""
    partners = []
    if verb.dep_ == "conj":
        partners.append(verb.head)
    partners.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    for partner in partners:
        ptrig = _match_trigger(partner, lex)
        if trig.role == "subject" and partner.i == verb.head.i:
            # 'he shot himself and died': coordinated verbs share their subject
            arg = next((c for c in partner.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        elif ptrig is not None:
            arg = _verb_argument(partner, ptrig)
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


def _denial_start(noun: Token, lex: Lexicon) -> int | None:
    """Where the words that deny a count noun start: 'no casualties', 'no reports of casualties',
    'without casualties'; None when nothing denies it."""
    if any(c.dep_ == "det" and c.lower_ in lex.zero for c in noun.children):
        return _left_edge(noun)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in lex.context.get("zero_preposition", ()):
        return head.i
    if noun.dep_ == "pobj" and head.lower_ == "of":
        gov = head.head
        if gov.lemma_.lower() in lex.context.get("report", ()) and any(
            c.lower_ in lex.zero for c in gov.children if c.dep_ == "det"
        ):
            return _left_edge(gov)
    return None


def _conj_first(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _governing_negation(tok: Token) -> bool:
    head = tok.head
    return (
        has_negation_child(head)
        or (tok.dep_ == "pobj" and head.lower_ == "without")
        or has_negation_child(head.head)
    )


def _noun_quantity(noun: Token, trig: Trigger, lex: Lexicon) -> Quantity | None:
    """A count noun's number: '15 fatalities', 'no casualties', 'the death toll rose to 15', 'a death toll
    of 15', 'the deaths of 15 people', 'the only fatalities were the four bombers'."""
    first = _conj_first(noun)
    denied = _denial_start(first, lex)
    if denied is not None:
        return Quantity(0, 0, 0, denied, noun.i + 1)
    negated = _governing_negation(first)
    q = _np_quantity(noun, "noun", lex, negated)
    if q is not None:
        return q
    # 'the deaths of 15 people', 'a death toll of 15', 'the arrest of 12 activists'
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "at"):
            for g in child.children:
                if g.dep_ == "pobj":
                    # 'the deaths of 15 people'; 'the killing of a journalist' (one person, as a verb's
                    # object would be)
                    got = _arg_quantity(g, "noun", lex) or (
                        _arg_quantity(g, trig.category, lex) if child.lower_ == "of" else None
                    )
                    if got is not None:
                        return got
    return _tally_quantity(noun, lex)


def _tally(noun: Token, lex: Lexicon) -> Token | None:
    """The noun that carries the figure: 'the death toll', 'the number of dead' ('dead' -> 'number')."""
    tallies = lex.context.get("tally", ())
    if noun.lemma_.lower() in tallies:
        return noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in tallies:
        return noun.head.head
    return None


def _tally_quantity(noun: Token, lex: Lexicon) -> Quantity | None:
    """'the death toll rose to 15', 'officials put the toll at 40', 'the number of dead reached 25', and,
    for any count noun, a copula or 'include': 'the only fatalities were the four bombers'."""
    words = _words(noun.doc)
    tally = _tally(noun, lex)
    subject = tally or noun
    if subject.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    verb = subject.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if tally is None and verb.lemma_.lower() not in lex.context.get("tally_verb", ()):
        return None
    for child in verb.children:
        if child.i == subject.i:
            continue
        if child.dep_ in ("attr", "dobj", "oprd") and subject.dep_ != "dobj":
            got = _arg_quantity(child, "noun", lex)
            if got is not None:
                return got
        if (
            tally is not None
            and child.dep_ == "prep"
            and child.lower_ in ("to", "at", "of")
            and child.i > subject.i
        ):
            got = read_quantity(words, child.i + 1, lex)
            if got is not None:
                low, best, high, stop = got
                return Quantity(low, best, high, child.i + 1, stop)
    return None


def _adj_argument(adj: Token) -> Token | None:
    """'two dead soldiers', '15 dead', 'left two guards dead', 'one person is dead', 'shot dead'."""
    if adj.dep_ == "amod":
        return adj.head
    for child in adj.children:
        if child.dep_ == "nsubj" and adj.dep_ == "ccomp":
            return child  # 'they found a man dead' parsed as a small clause
    for child in adj.children:
        if child.dep_ == "nummod":
            return child
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


def _evidence(doc: Doc, q: Quantity) -> tuple[int, int]:
    first, last = doc[q.start], doc[q.stop - 1]
    return first.idx, last.idx + len(last.text)


_CANDIDATES_KEY = "_wirecoder_count_candidates"


def _candidates(doc: Doc, lex: Lexicon) -> list[int]:
    """Indices of the Doc's tokens whose form or lemma is a trigger word (computed once per Doc)."""
    cached = doc.user_data.get(_CANDIDATES_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    if len(doc):
        table = doc.to_array([LOWER, LEMMA]).astype(numpy.uint64).ravel()
        hashes = lex.trigger_hashes  # sorted: a binary search per token, no Python loop
        at = numpy.minimum(numpy.searchsorted(hashes, table), len(hashes) - 1)
        mask = (hashes[at] == table).reshape(-1, 2).any(axis=1)
        found = numpy.flatnonzero(mask).tolist()
    else:
        found = []
    doc.user_data[_CANDIDATES_KEY] = (len(doc), found)
    return found


def find_counts(doc: Doc, sent: Span) -> list[Count]:
    """Counts reported in one sentence of a parsed Doc (see the module docstring)."""
    lex = lexicon()
    hits: list[tuple[Token, Trigger]] = []
    for i in _candidates(doc, lex):
        if sent.start <= i < sent.end:
            tok = doc[i]
            trig = _match_trigger(tok, lex)
            if trig is not None:
                hits.append((tok, trig))
    if not hits:
        return []
    found: list[tuple[Count, Trigger]] = []
    used: set[int] = set()  # token indices of numbers already given to a count
    done: set[int] = set()  # triggers already handled (as a coordinated pair)
    by_index = {tok.i: trig for tok, trig in hits}

    def emit(category: str, q: Quantity, head: int, trig: Trigger) -> None:
        if category != "shot" and any(i in used for i in range(q.start, q.stop)):
            # people shot are also counted as killed or injured ('shot and killed a man')
            # the same number read twice (a noun inside a verb's argument); 'nobody was killed or
            # injured' reads one zero for each
            if not (q.low == q.best == q.high == 0) or any(
                c.category == category and c.start == doc[q.start].idx for c, _ in found
            ):
                return
        start, end = _evidence(doc, q)
        perpetrator = _perpetrators(doc, q, lex)
        found.append((Count(category, q.low, q.best, q.high, start, end, head, trig.weak, perpetrator), trig))

    # people shot last: their words may be read again ('shot and killed a man' is one shot, one killed)
    ordered = sorted(hits, key=lambda h: (h[1].category == "shot", h[1].role == "counted", h[1].weak, h[0].i))
    for tok, trig in ordered:
        if tok.i in done:
            continue
        q: Quantity | None = None
        head = tok.i
        category = trig.category
        if trig.role in ("object", "subject"):
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            if _nonfactive(tok, lex):
                continue
            negated = has_negation_child(tok)
            arg = _verb_argument(tok, trig)
            partner = None
            if arg is None and trig.role == "object":
                q = _preceding_quantity(tok, lex)
                if q is not None:
                    emit(category, q, head, trig)
                    used.update(range(q.start, q.stop))
                    continue
            if arg is None and trig.role == "object" and not is_passive_or_bare_participle(tok):
                q = _following_quantity(tok, lex)
                if q is not None:
                    emit(category, q, head, trig)
                    used.update(range(q.start, q.stop))
                    continue
            if arg is None:
                shared = _shared_argument(tok, trig, lex)
                if shared is not None:
                    arg, partner = shared
            if arg is None:
                continue
            q = _arg_quantity(arg, "number" if trig.explicit else category, lex, negated, tok.i)
            fatal_self = category == "killed" or (category == "shot" and _fatal(tok, lex))
            if (
                q is None
                and fatal_self
                and arg.lower_ in lex.context.get("reflexive", ())
                and arg.dep_ == "dobj"
            ):
                q = Quantity(1, 1, 1, arg.i, arg.i + 1)  # 'the gunman then killed himself'
            if q is None:
                # 'three of the victims died': the number is the argument itself
                continue
            if negated and not (q.low == q.best == q.high == 0):
                continue  # 'two soldiers were not hurt' counts nobody
            if partner is not None and partner.i in by_index:
                ptrig = by_index[partner.i]
                joint = lex.joint_category(category, ptrig.category)
                if joint is not None and not (q.low == q.best == q.high == 0):
                    # 'killing or wounding 50', 'were killed and wounded': one count for both
                    found[:] = [f for f in found if f[0].head != partner.i]
                    used.difference_update(range(q.start, q.stop))
                    done.add(partner.i)
                    category, head = joint, min(tok.i, partner.i)
        elif trig.role == "adj":
            arg = _adj_argument(tok)
            if arg is None:
                continue
            if arg.i == tok.i:
                q = _np_quantity(tok, category, lex) or _tally_quantity(tok, lex)
            else:
                q = _arg_quantity(arg, category, lex, has_negation_child(tok.head), tok.i)
            if tok.dep_ not in ("amod",) and tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
                head = tok.head.i
        elif trig.role == "noun":
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
                continue
            q = _noun_quantity(tok, trig, lex)
            if q is not None and category in lex.covers and q.low == q.best == q.high == 0:
                for covered in sorted(lex.covers[category]):  # 'no casualties': none killed, none injured
                    emit(covered, q, head, trig)
                used.update(range(q.start, q.stop))
                continue
        elif trig.role == "counted":
            if tok.pos_ != "NOUN" or tok.dep_ == "compound":
                continue
            holder = tok
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and _is_number_token(tok.head.head, lex):
                holder = tok.head.head  # 'thousands of protesters', 'all eight of the drones'
            q = _np_quantity(holder, category, lex) if holder.i != tok.i else _np_quantity(tok, category, lex)
            if q is None:
                for child in tok.rights:  # 'a crowd of 5,000'
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for g in child.children:
                            if g.dep_ == "pobj" and _is_number_token(g, lex):
                                q = _np_quantity(g, category, lex)
            if q is not None and q.low == q.best == q.high == 0:
                q = None  # 'no drones' is not a report of drones
            if q is not None and holder.i != tok.i:
                q = Quantity(q.low, q.best, q.high, q.start, max(q.stop, tok.i + 1))
        if q is None:
            continue
        if category in ("shot", "injured") and _fatal(tok, lex):
            category = "killed"  # 'fatally shot', 'fatally wounded', 'suffered a fatal gunshot wound'
        elif category == "injured" and any(
            c.dep_ in ("dobj", "pobj", "prep")
            and _fatal(c, lex)
            or c.dep_ == "prep"
            and any(_fatal(g, lex) for g in c.children)
            for c in tok.children
        ):
            category = "killed"
        before = len(found)
        emit(category, q, head, trig)
        if len(found) > before:
            used.update(range(q.start, q.stop))
    shot = next((c for c, _t in found if c.category == "shot"), None)
    if shot is not None and not any(c.category == "killed" for c, _t in found):
        q = _fatal_share(sent, lex)
        if q is not None:
            start, end = _evidence(doc, q)
            found.append(
                (
                    Count("killed", q.low, q.best, q.high, start, end, shot.head),
                    next(t for c, t in found if c is shot),
                )
            )
    # a weak trigger ('taken to hospital') gives way to a strong one of the same category
    strong = {c.category for c, t in found if not t.weak}
    return [c for c, t in found if not (t.weak and c.category in strong)]


def attach_counts(doc: Doc, counts: list[Count], event_heads: list[int]) -> dict[int, dict[str, Count]]:
    """Give each count to an event: the event whose head word is the count's head or its nearest
    ancestor ('killing' in 'shelled the town, killing 12'; 'strike' for 'the strike that killed 12'),
    else, for killed / injured / casualties counts with no event above them ('the death toll rose to
    15'), the nearest event head in the same sentence. Returns {event head: {category: count}}; when an
    event gets two counts of one category, the first one with a number (not a zero) wins.
    """
    heads = set(event_heads)
    victims = {"killed", "injured"} | set(lexicon().covers)
    out: dict[int, dict[str, Count]] = {}
    for count in counts:
        if count.head is None:
            continue
        owner = None
        tok = doc[count.head]
        while True:
            if tok.i in heads:
                owner = tok.i
                break
            if tok.head.i == tok.i:  # the root
                break
            tok = tok.head
        if owner is None and count.category in victims:
            sent = doc[count.head].sent
            near = [h for h in heads if sent.start <= h < sent.end]
            if near:
                owner = min(near, key=lambda h: abs(h - count.head))
        if owner is None:
            continue
        slot = out.setdefault(owner, {})
        held = slot.get(count.category)
        if held is None or (held.best == held.low == 0 and count.low):
            slot[count.category] = count
    return out
