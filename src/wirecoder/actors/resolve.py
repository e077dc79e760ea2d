"""Resolving one mention on its own: person names and their variants, organisations, countries,
demonyms, and role noun phrases ('Ukrainian presidential aide', 'a State Department spokesperson')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from wirecoder.actors.dictionary import ActorDictionary, OrgEntry, RoleNoun
from wirecoder.resources import read_records


@dataclass(frozen=True)
class NameWord:
    """One row of data/actors/name_words.tsv: a word around names and what it is (see the file)."""

    word: str
    gender: str = ""
    honorific: bool = False
    title: bool = False
    abbreviation: bool = False


_NAME_WORDS = read_records("actors/name_words.tsv", NameWord)
# Words that precede or decorate a name but are not part of it -> the gender they give.
HONORIFICS = {w.word: w.gender for w in _NAME_WORDS if w.honorific}
TITLE_WORDS = {w.word for w in _NAME_WORDS if w.title}
# Words a full stop does not end a sentence after ('Sen.', 'U.S.'), without that full stop.
ABBREVIATIONS = {w.word for w in _NAME_WORDS if w.abbreviation}
_WORD = re.compile(r"[\w.'’-]+")

# Keywords in an organisation's name that give its sector (checked in this order).
ORG_SECTOR_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("COP", ("police", "gendarmerie", "constabulary")),
    ("SPY", ("intelligence", "security service")),
    (
        "MIL",
        (
            "army",
            "armed forces",
            "military",
            "navy",
            "air force",
            "brigade",
            "battalion",
            "regiment",
            "corps",
            "defence ministry",
            "defense ministry",
            "ministry of defence",
            "ministry of defense",
            "national guard",
            "marines",
            "forces",
        ),
    ),
    ("JUD", ("court", "tribunal", "prosecutor", "judiciary", "justice department")),
    ("LEG", ("parliament", "senate", "congress", "assembly", "duma", "legislature", "house of")),
    ("PTY", ("party",)),
    ("REB", ("liberation", "front", "jihad", "militia", "rebels", "resistance", "movement for")),
    (
        "MED",
        (
            "times",
            "news",
            "post",
            "tv",
            "television",
            "radio",
            "journal",
            "press",
            "media",
            "daily",
            "telegraph",
            "gazette",
            "herald",
            "tribune",
            "broadcasting",
            "magazine",
        ),
    ),
    ("EDU", ("university", "college", "school", "institute", "academy")),
    ("REL", ("church", "patriarchate", "diocese", "mosque", "synagogue", "vatican")),
    (
        "GOV",
        (
            "ministry",
            "department",
            "government",
            "office",
            "agency",
            "council",
            "commission",
            "cabinet",
            "administration",
            "presidency",
            "embassy",
            "consulate",
            "bureau",
            "authority",
            "service",
        ),
    ),
    (
        "BUS",
        (
            "inc",
            "inc.",
            "corp",
            "corp.",
            "company",
            "co.",
            "ltd",
            "llc",
            "plc",
            "bank",
            "airlines",
            "group",
            "holdings",
            "industries",
            "motors",
            "energy",
            "oil",
        ),
    ),
    (
        "NGO",
        (
            "foundation",
            "coalition",
            "association",
            "society",
            "federation",
            "union",
            "committee",
            "watch",
            "institute",
            "fund",
            "center",
            "centre",
            "network",
            "alliance",
        ),
    ),
]


def name_tokens(text: str) -> list[str]:
    """Lower-case name words without honorifics and titles: 'Mr. Obama' -> ['obama']."""
    words = [w.strip(".'’").lower() for w in _WORD.findall(text)]
    words = [w for w in words if w]
    while words and (words[0] in HONORIFICS or words[0] + "." in HONORIFICS or words[0] in TITLE_WORDS):
        words = words[1:]
    return words


def honorific_gender(doc_tokens_before: list[Token]) -> str | None:
    for tok in doc_tokens_before[-2:]:
        gender = HONORIFICS.get(tok.lower_)
        if gender:
            return gender
    return None


def org_sector(name: str) -> str | None:
    low = " " + name.lower() + " "
    for sector, words in ORG_SECTOR_WORDS:
        for w in words:
            if f" {w} " in low or f" {w}," in low or low.endswith(f" {w} "):
                return sector
    return None


@dataclass
class Owner:
    """What a role noun phrase says about its actor: country, owning organisation, role words."""

    country: str | None = None
    org: OrgEntry | None = None
    org_text: str | None = None
    role_text: str | None = None
    role: RoleNoun | None = None
    start: int | None = None  # char offset where the modifiers begin


def role_of(span_tokens: list[Token], d: ActorDictionary) -> tuple[RoleNoun | None, int]:
    """The role noun a phrase ends with (longest multi-word match first) and how many words it has."""
    words = [t.lower_ for t in span_tokens]
    lemmas = [t.lemma_.lower() for t in span_tokens]
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        for seq in (words[-n:], lemmas[-n - 1 : -1] + words[-1:] if n > 1 else None, lemmas[-n:]):
            if not seq:
                continue
            key = " ".join(seq)
            role = d.roles.get(key)
            if role is not None:
                return role, n
    return None, 0


def surface_country(text: str, d: ActorDictionary) -> str | None:
    """ISO-3 of a country name, demonym, capital or seat written exactly as `text`."""
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return d.country_names.get(text) or d.demonyms.get(text)


def modifiers_left(head: Token, stop: int) -> list[Token]:
    """The pre-modifiers of `head` inside its phrase (compound, amod, nmod, poss and their parts),
    from the left edge of the phrase up to `stop` (exclusive token index)."""
    left = head.left_edge.i
    doc = head.doc
    return [doc[k] for k in range(left, stop) if doc[k].dep_ not in ("det", "punct", "cc", "predet")]
