"""Place names that spaCy's NER misses, found with the gazetteer and a cue in the text around them.

A capitalised name is taken as a place when the gazetteer knows it by its own name (not only by an
alternate name) and the text gives evidence that a place is meant (the name alone is no evidence:
'Mobile', 'Reading', 'Nice', 'Bath' are words too):
- a locative word before it: 'in/near/outside/across/around X', 'north of X', 'miles from X';
- a state or country after it: 'X, Ohio', 'X, S.C.', 'X (Syria)';
- an area word that is part of it: 'X County', 'X Parish', 'X Township', 'the X region/oblast';
- a list of such areas: 'Becker, Clay and Otter Tail counties';
- a party and state after a politician's name: 'D-Pleasanton', 'R-Texas';
- a dateline after the headline: 'Teachers strike. HARTFORD — ...'.
Streets and roads ('Main Street', 'Monument Avenue', 'County Road 109') are found by their own shape;
the stage places them in the town the article is about.
Each finder is a function (text, context) -> [(start, end, label)]; `FINDERS` lists them in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wirecoder.places.gazetteer import Gazetteer
from wirecoder.places.names import Q_PRIMARY, name_key
from wirecoder.resources import word_lists

CUE = "CUE"  # a name the gazetteer knows, with a cue
STREET = "STREET"  # a street or road
TITLED_DATELINE = "DATELINE"

# Kinds a cue may find (a landmark or 'none' entry needs spaCy's tag: 'at Columbia' is a university).
CUE_KINDS = frozenset({"country", "admin1", "admin2", "city", "locality", "region", "water"})
AREA_WORDS = ("County", "Parish", "Township", "Borough", "Province", "Region", "Oblast", "Governorate",
              "District", "Municipality", "Prefecture")  # fmt: skip

_WORD = r"[A-Z][\w'’.-]*"
_RUN = re.compile(rf"{_WORD}(?:[ ]{_WORD}){{0,3}}")


def cue_words() -> dict[str, frozenset[str]]:
    """Cue kind -> its words (data/places/cues.tsv)."""
    return word_lists("places/cues.tsv")


@dataclass
class Context:
    """What the finders share: the gazetteer, the spans taken so far, and the POS of each character's
    token ('PROPN' for names), when the text is parsed."""

    gazetteer: Gazetteer
    taken: Callable[[int, int], bool]
    is_name: Callable[[int, int], bool]
    area_names: Callable[[str], bool]  # a state's or country's name or abbreviation ('Ohio', 'S.C.')
    state_code: Callable[[str], bool]  # a US state's postal code ('KY')


def _known(context: Context, text: str) -> bool:
    """The gazetteer knows the name by its own name, as a place a cue may find."""
    return any(c.q == Q_PRIMARY and c.kind in CUE_KINDS for c in context.gazetteer.lookup(name_key(text)))


def _names_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Capitalised runs in text[start:end] and their word-wise prefixes, longest first at each start."""
    spans = []
    for run in _RUN.finditer(text, start, end):
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", run.group())]
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                s, e = run.start() + words[i][0], run.start() + words[j - 1][1]
                while e > s and text[e - 1] in ".,'’":  # a sentence's stop, a possessive
                    e -= 1
                spans.append((s, e))
    return spans


_NAME_GOES_ON = re.compile(r"[ –—-]?[A-Z]")


def _accept(text: str, context: Context, s: int, e: int, next_word: bool = False) -> bool:
    """A name not yet taken, written as a name (no month or weekday), that the gazetteer knows, and the
    whole of the name written: not the start or the end of a longer one ('Killeen' in 'Killeen Police
    Department', 'Oxford' in 'Mahidol–Oxford'); `next_word` allows the cue word after it ('Woodstock Mayor')."""
    name = text[s:e]
    if e - s < 3 or context.taken(s, e) or name in cue_words()["not_places"]:
        return False
    if not next_word and _NAME_GOES_ON.match(text, e):
        return False
    if s and text[s - 1] in "–—-":
        return False
    before = re.search(r"([A-Z][\w'’.]*)[ ]$", text[max(0, s - 30) : s])
    if before and before.group(1) not in cue_words()["openers"]:
        return False
    return context.is_name(s, e) and _known(context, name)


def find_before_cue(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'X native', 'X residents', 'X Mayor', 'X-based': a known name before a word for a place's people."""
    words = cue_words()["after"]
    found = []
    for match in re.finditer(r"(?<=[\w.])[ -]([A-Za-z]+)\b", text):
        if match.group(1) not in words:
            continue
        end = match.start()
        for s, e in _names_in(text, max(0, end - 60), end):
            if e == end and _accept(text, context, s, e, next_word=True):
                found.append((s, e, CUE))
                break
    return found


_LIST = re.compile(
    rf"{_WORD}(?:[ ]{_WORD}){{0,2}}(?:(?:,[ ](?:and[ ]|or[ ])?|[ ](?:and|or)[ ]){_WORD}(?:[ ]{_WORD}){{0,2}})+"
)


def find_in_lists(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'Harwinton, Bantam, Litchfield, Winsted': the known names of a list that holds a place already."""
    found = []
    for match in _LIST.finditer(text):
        spans, at = [], match.start()
        for part in re.split(r",[ ](?:and[ ]|or[ ])?|[ ](?:and|or)[ ]", match.group()):
            s = text.index(part, at)
            at = s + len(part)
            spans.append((s, s + len(part.rstrip(".'’"))))
        if not any(context.taken(s, e) for s, e in spans):
            continue
        for s, e in spans:
            if _accept(text, context, s, e):
                found.append((s, e, CUE))
    return found


def find_after_cue(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'in X', 'near X', 'north of X', 'miles from X', 'the Village of X'."""
    words = cue_words()
    found = []
    for match in re.finditer(r"\b([A-Za-z]+)(?: of)? (?=[A-Z])", text):
        cue = match.group(1).lower()
        if cue not in words["before"] and not (match.group(0).endswith(" of ") and cue in words["before_of"]):
            continue
        for s, e in _names_in(text, match.end(), min(len(text), match.end() + 60)):
            if s != match.end():
                break
            if _accept(text, context, s, e):
                found.append((s, e, CUE))
                break
    return found


_QUALIFIED = re.compile(rf"({_WORD}(?:[ ]{_WORD}){{0,2}}),[ ]((?:{_WORD})(?:[ ]{_WORD})?)")


def find_qualified(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'Ravenel, S.C.', 'Pandi, Bulacan': a known name with a state or country after a comma."""
    found = []
    for match in _QUALIFIED.finditer(text):
        qualifier = match.group(2).rstrip(",")
        if not context.area_names(qualifier):
            continue
        s, e = match.span(1)
        if _accept(text, context, s, e):
            found.append((s, e, CUE))
    return found


_AREA = re.compile(rf"\b((?:{_WORD}[ ]){{1,3}}(?:{'|'.join(AREA_WORDS)}))\b")


def find_areas(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'Licking County', 'Avoyelles Parish', 'Readington Township', 'Kharkiv Oblast'."""
    found = []
    for match in _AREA.finditer(text):
        s, e = match.span(1)
        for start, _end in _names_in(text, s, e):
            if context.taken(start, e):
                continue
            if _known(context, text[start:e]) or _known(
                context, text[start : e - len(text[s:e].split()[-1]) - 1]
            ):
                found.append((start, e, CUE))
                break
    return found


_AREA_LIST = re.compile(
    rf"((?:{_WORD}(?:[ ]{_WORD})?,[ ])*{_WORD}(?:[ ]{_WORD})?,?[ ]and[ ]{_WORD}(?:[ ]{_WORD})?)[ ](counties|parishes)\b"
)


def find_area_lists(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'Becker, Clay, Douglas and Otter Tail counties': each name of the list."""
    found = []
    for match in _AREA_LIST.finditer(text):
        word = "county" if match.group(2) == "counties" else "parish"
        for part in re.finditer(r"[^,]+", match.group(1)):
            piece = re.sub(r"^(?:\s*and\s+|\s+)", "", part.group())
            for name in re.split(r"\s+and\s+", piece):
                s = match.start(1) + part.start() + part.group().index(name)
                e = s + len(name.rstrip())
                if (
                    e > s
                    and not context.taken(s, e)
                    and context.gazetteer.lookup(f"{name_key(text[s:e])} {word}")
                ):
                    found.append((s, e, CUE))
    return found


_PARTY_STATE = re.compile(r"\b[DRI]-((?:[A-Z][a-z]+\.?)(?:[ ][A-Z][a-z]+\.?)?|[A-Z]\.[A-Z]\.)")


def find_party_state(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'Rep. Charles Rangel, D-N.Y.', 'Rep. Jerry McNerney, D-Pleasanton'."""
    found = []
    for match in _PARTY_STATE.finditer(text):
        s, e = match.span(1)
        name = text[s:e]
        if not context.taken(s, e) and (context.area_names(name) or _known(context, name.rstrip("."))):
            found.append((s, e, CUE))
    return found


# After the headline's full stop: an upper-case name, perhaps its state, perhaps an agency, a dash.
_DATELINE = re.compile(
    r"(?:[.!?]|\b\d{4})[ ]+([A-Z][A-Za-z'’-]*[A-Z](?:[ ][A-Z][A-Z'’-]+){0,3})(?:,[ ][A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*)?)?"
    r"[ ]*(?:\([A-Za-z .&-]{1,30}\))?[ ]*(?:--|—|–|\x97)[ ]"
)
DATELINE_WINDOW = 600


def find_titled_dateline(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'Lawmakers consider apologizing for slavery. HARTFORD — Connecticut legislators ...'."""
    match = _DATELINE.search(text[:DATELINE_WINDOW])
    if match is None:
        return []
    s, e = match.span(1)
    return [] if context.taken(s, e) else [(s, e, TITLED_DATELINE)]


# A street's words: capitalised, no full stop but an abbreviation's ('S.W.', 'N.'); no initial of a
# person's name ('Virginia L. Lane').
_STREET_WORD = r"(?:[A-Z][\w'’-]*|[NSEW]\.|[NS][EW]\.|[NS]\.[EW]\.|St\.|Mt\.|Dr\.)"
_STREET = re.compile(
    r"\b((?:County|State)[ ](?:Road|Route|Highway)[ ]\d+|(?:Route|Highway|Interstate|US|U\.S\.|SR|I)[ -]\d+\b|"
    rf"(?:{_STREET_WORD}[ ]){{1,3}}(?:Street|Avenue|Road|Drive|Boulevard|Lane|Parkway|Highway|Square|"
    r"Plaza|Circle|Terrace|Pike)\b)"
)
# A state's road: 'KY 52', 'NJ-17' (the letters a US state's postal code).
_STATE_ROAD = re.compile(r"\b([A-Z]{2})[ -]\d{1,3}\b")


def is_street(name: str) -> bool:
    """The whole name is a street's or road's ('Hazel Street', 'County Road 109')."""
    match = _STREET.fullmatch(name)
    return match is not None and name.split()[0] not in cue_words()["openers"]


def find_streets(text: str, context: Context) -> list[tuple[int, int, str]]:
    """'Main Street', 'Monument Avenue', 'County Road 109', 'Highway 108'."""
    found = []
    for match in _STREET.finditer(text):
        s, e = match.span(1)
        words = text[s:e].split()
        if words[0] in cue_words()["openers"]:
            s += len(words[0]) + 1
        if e - s > 4 and not context.taken(s, e):
            found.append((s, e, STREET))
    for match in _STATE_ROAD.finditer(text):
        s, e = match.span()
        if context.state_code(match.group(1)) and not context.taken(s, e):
            found.append((s, e, STREET))
    return found


FINDERS = (
    find_titled_dateline,
    find_streets,
    find_areas,
    find_area_lists,
    find_qualified,
    find_party_state,
    find_after_cue,
    find_before_cue,
    find_in_lists,
)


def recognise(text: str, context: Context, add: Callable[[int, int], None]) -> list[tuple[int, int, str]]:
    """Every finder's spans, in FINDERS' order; a span found is taken (`add`) before the next finder."""
    found = []
    for finder in FINDERS:
        for s, e, label in finder(text, context):
            if not context.taken(s, e):
                add(s, e)
                found.append((s, e, label))
    return found
