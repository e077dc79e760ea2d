"""Which noun phrase holds a count, and the count it gives: '12 people', 'a soldier', 'all eight of the
drones', coordinated nouns added up ('a jawan and seven civilians' = 8)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirecoder.events.counts.lexicon import CountLexicon, Quantity, lexicon
from wirecoder.events.counts.numbers import read_quantity
from wirecoder.events.counts.triggers import trigger_candidates


def lower_words(doc: Doc) -> list[str]:
    """The Doc's lower-case token texts, computed once and kept in doc.user_data."""
    words = doc.user_data.get("_wirecoder_count_words") if doc.user_data is not None else None
    if words is None or len(words) != len(doc):
        words = [t.lower_ for t in doc]
        doc.user_data["_wirecoder_count_words"] = words
    return words


def left_edge(noun: Token) -> int:
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


def is_number_token(tok: Token, lex: CountLexicon) -> bool:
    """A number word or digits ('12', 'dozens', 'several', 'no')."""
    return (
        tok.pos_ == "NUM"
        or tok.lower_ in lex.vague
        or tok.lower_ in lex.vague_words
        or tok.lower_ in lex.zero
    )


def np_quantity(noun: Token, category: str, lex: CountLexicon, negated: bool = False) -> Quantity | None:
    """The count a noun phrase gives: '12 people', 'at least three civilians', 'a soldier', 'no one',
    'dozens (of them)', 'all eight (of the drones)', 'he'."""
    doc = noun.doc
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
    left = left_edge(noun)
    is_num = is_number_token(noun, lex)
    if (category in lex.person_categories or category == "number") and noun.lemma_.lower() in lex.context.get(
        "group", ()
    ):
        if partitive_noun(noun) is None:
            return None  # 'several student groups', 'two families': groups, not people counted
    last = noun.i + 1 if is_num else noun.i
    numbered = _numbered_quantity(noun, left, last, is_num, lex, negated)
    if numbered is not None:
        return numbered
    if is_num:
        return None
    if noun.lemma_.lower() in lex.context.get("of_holder", ()):
        # 'the lives of six soldiers', 'a group of 12 activists', 'a family of five'
        counted = partitive_noun(noun)
        if counted is not None:
            q = np_quantity(counted, "number", lex, negated)
            if q is not None:
                return Quantity(q.low, q.best, q.high, left, q.stop)
    if left < noun.i:
        summed = _surface_sum(doc, left, noun, category, lex)
        if summed is not None:
            return summed
    # no number: 'a soldier', 'the deputy chief', 'he' count one person
    if category not in lex.person_categories:
        return None
    return _one_person(noun, left, lex)


def _numbered_quantity(
    noun: Token, left: int, last: int, is_num: bool, lex: CountLexicon, negated: bool
) -> Quantity | None:
    """The first number in the noun's phrase (from `left`, before `last`) that counts the noun itself:
    not a year, an age or another noun's number ('two-storey house')."""
    doc = noun.doc
    words = lower_words(doc)
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
            counted = partitive_noun(noun)
            if counted is not None and counted.i >= stop:
                stop = counted.i + 1
        return Quantity(low, best, high, start, stop)
    return None


def _one_person(noun: Token, left: int, lex: CountLexicon) -> Quantity | None:
    """A noun phrase with no number that counts one person ('a soldier', 'the deputy chief', 'he'),
    or None for a thing, a group, a bare mass noun or a name that is not a person's."""
    lower = noun.lower_
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
            dets = [c for c in first_conjunct(noun).lefts if c.dep_ in ("det", "poss")]
        if (
            noun.pos_ == "NOUN"
            and not dets
            and not ((noun.i == noun.sent.start or noun.dep_ == "dobj") and in_headline(noun))
            and not _aged(noun)
        ):
            # a bare singular noun is a mass or a title, not a person; 'Teen killed in crash' and
            # 'shooting that killed girlfriend' (a headline drops its articles) are one
            return None
        if noun.pos_ == "PROPN" and not dets and noun.ent_type_ != "PERSON":
            return None  # a bare name that is not a person's ('CHARSADDA: ...')
        return Quantity(1, 1, 1, left, noun.i + 1)
    return None


def _aged(noun: Token) -> bool:
    """'2-year-old girl' with no determiner (a headline's 'shooting death of 2-year-old girl'): a person."""
    return any(c.dep_ == "amod" and _age_phrase(c) for c in noun.children)


def _age_phrase(tok: Token) -> bool:
    """'a 15-year-old' with no noun after it: 'old' heads the phrase, 'year' hangs from it."""
    return tok.lower_ == "old" and any(
        c.lemma_.lower() in lexicon().context.get("age_unit", ()) for c in tok.children
    )


def _modifier_before(words: list[str], p: int, floor: int, lex: CountLexicon) -> int | None:
    for size in range(lex.max_modifier, 0, -1):
        a = p - size
        if (
            a >= floor
            and tuple(words[a:p]) in lex.modifiers
            and lex.modifiers[tuple(words[a:p])].kind != "range"
        ):
            return a
    return None


def _may_be_person(noun: Token, lex: CountLexicon) -> bool:
    """Whether a singular noun can stand for one person: not 'the bill', 'the plan', 'the economy'."""
    lemma = noun.lemma_.lower()
    if lemma in lex.context.get("nonperson", ()) or noun.lower_ in lex.context.get("nonperson", ()):
        return False
    if noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "NORP"):
        return True
    return not any(lemma.endswith(suffix) for suffix in lex.context.get("nonperson_suffix", ()))


def _surface_sum(doc: Doc, left: int, noun: Token, category: str, lex: CountLexicon) -> Quantity | None:
    """'a jawan and seven civilians' when the parser has put both inside one noun phrase: read each
    part between 'and's on its own ('a <noun>' is one) and add them up."""
    words = lower_words(doc)
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
    return sum_quantities(parts)


def partitive_noun(quantity_tok: Token) -> Token | None:
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


def sum_quantities(parts: list[Quantity]) -> Quantity:
    """Coordinated quantities added up; a bound unknown in any part is unknown in the sum."""

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


def arg_quantity(
    arg: Token, category: str, lex: CountLexicon, negated: bool = False, owner: int | None = None
) -> Quantity | None:
    """The count of an argument, adding up coordinated nouns ('a jawan and seven civilians' = 8).
    A relative pronoun stands for its antecedent ('two people who were killed'); a reflexive one
    ('killing himself and six others') is the attacker, not counted."""
    if arg.lower_ in lex.context.get("relative", ()) and arg.head.dep_ == "relcl":
        arg = arg.head.head
    parts = []
    unknown = 0
    candidates = set(trigger_candidates(arg.doc, lex)) if owner is not None else set()
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
        q = np_quantity(noun, category, lex, negated)
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
        return sum_quantities(parts)
    summed = sum_quantities(parts)
    return Quantity(summed.low, None, None, summed.start, summed.stop)


def in_headline(tok: Token) -> bool:
    """The token's sentence ends without a full stop: a headline or a caption."""
    sent = tok.sent
    last = next((sent[k] for k in range(len(sent) - 1, -1, -1) if not sent[k].is_space), None)
    return last is not None and last.text not in (".", "!", "?", '"', "”", "'", "’", ":")


def first_conjunct(tok: Token) -> Token:
    """The first noun of a coordination ('a schoolboy and watchman' -> schoolboy)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok
