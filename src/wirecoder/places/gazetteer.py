"""The offline gazetteer: read-only lookups over the index that places/build.py builds.

The index lives in a user cache directory (places/cache.py), named after the package version and a
hash of the data it was built from, so a change of data or code version builds a new one. Opening it
costs milliseconds; lookups read only the pages they need, so a process holds a few MB of it, not the
whole gazetteer.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from wirecoder.places.build import build_index
from wirecoder.places.cache import build_lock, cache_dir, data_fingerprint, index_path
from wirecoder.places.names import Q_ALIAS, Q_ALTERNATE, Q_PRIMARY, key_variants, name_key
from wirecoder.places.rows import CAPITAL, PLACE_COLUMNS, SECONDARY

# The names other modules have imported from here since before the split.
__all__ = [
    "Q_ALIAS", "Q_ALTERNATE", "Q_PRIMARY", "Gazetteer", "Place", "build_index", "cache_dir",
    "data_fingerprint", "index_path", "key_variants", "load_gazetteer", "name_key",
]  # fmt: skip

# Candidate lists are capped (by match quality, then population): 'San Jose' has hundreds.
MAX_CANDIDATES = 60
# Names whose candidate lists stay cached in a process (bounds memory in long runs).
CACHE_NAMES = 50_000


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


# --- load and look up --------------------------------------------------------------------------

_COLUMNS = ", ".join(f"p.{column}" for column in PLACE_COLUMNS)


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
        """Close the index file."""
        self._db.close()


def _place(row, q: int) -> Place:
    """A Place from a row of the place table (PLACE_COLUMNS) and the match quality of its name."""
    *columns, pop, flags = row
    flags = flags or 0
    return Place(*columns, pop or 0, bool(flags & CAPITAL), bool(flags & SECONDARY), q)


_LOADED: dict[str, Gazetteer] = {}
_LOAD_LOCK = threading.Lock()


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer, opened once per process; built first if the cache has none for this data."""
    path = Path(path) if path else index_path()
    key = str(path)
    with _LOAD_LOCK:
        if key not in _LOADED:
            if not path.exists():
                with build_lock(path):
                    if not path.exists():  # another process may have built it while we waited
                        build_index(path)
            _LOADED[key] = Gazetteer(path)
        return _LOADED[key]
