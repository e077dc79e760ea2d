"""Index sources beyond GeoNames: US counties (zipcodes), the states, provinces and counties of every
country (countrystatecity-countries; ODbL) and airports (airportsdata; MIT).

Each is a declared dependency; if one is missing the index still builds, without its places.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from wirecoder.places.names import Q_ALIAS, Q_PRIMARY, is_latin, name_key
from wirecoder.places.rows import SECONDARY, IndexBuilder, PlaceRow

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
_AIRPORT_WORDS = re.compile(r"\b(International|Intl\.?|Regional|Municipal)\s+")


def add_us_counties(b: IndexBuilder, admin1_names: dict[str, str]) -> None:
    """US counties (and parishes, boroughs), placed at the mean of their ZIP code points."""
    try:
        import zipcodes
    except ImportError:  # pragma: no cover - a declared dependency; the index still builds without it
        return
    counties: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    spelled: dict[tuple[str, str], str] = {}
    for z in zipcodes.list_all():
        if z.get("country") != "US" or not z.get("county") or not z.get("lat"):
            continue
        key = (name_key(z["county"]), z["state"])
        counties[key].append((float(z["lat"]), float(z["long"])))
        if "." in z["county"] or key not in spelled:
            spelled[key] = z["county"]
    for (key, state), points in counties.items():
        lat = round(sum(p[0] for p in points) / len(points), 4)
        lon = round(sum(p[1] for p in points) / len(points), 4)
        a1code = f"US.{state}"
        name = spelled[(key, state)]
        pid = b.add_place(PlaceRow(None, name, lat, lon, "US", a1code, admin1_names.get(a1code), "admin2"))
        b.add_name(name, pid, Q_PRIMARY)
        for word, short in (("County", "Co"), ("Parish", "Par")):
            if name.endswith(" " + word):
                b.add_name(name[: -len(word)] + short, pid, Q_ALIAS)


def add_world_areas(b: IndexBuilder, ours: set[tuple[str, str]]) -> None:
    """States, provinces, regions and counties of every country but the US, unless our admin1 table
    has them (`ours`: (ISO-2, name key))."""
    try:
        import countrystatecity_countries
    except ImportError:  # pragma: no cover - a declared dependency; the index still builds without it
        return
    root = Path(countrystatecity_countries.__file__).parent / "data" / "by-country"
    for states_file in sorted(root.glob("*/states.json")):
        with open(states_file, encoding="utf-8") as handle:
            states = json.load(handle)
        for state in states:
            cc, name = state.get("country_code"), state.get("name") or ""
            kind = (state.get("type") or "").lower()
            if cc == "US" or kind in _SKIP_TYPES or not state.get("latitude") or (cc, name_key(name)) in ours:
                continue
            try:
                lat, lon = float(state["latitude"]), float(state["longitude"])
            except (TypeError, ValueError):  # a malformed point in the package: the area is left out
                continue
            kind = "admin2" if kind in _ADMIN2_TYPES else "region" if "geographical" in kind else "admin1"
            row = PlaceRow(None, name, round(lat, 4), round(lon, 4), cc, None, name, kind, flags=SECONDARY)
            pid = b.add_place(row)
            b.add_name(name, pid, Q_PRIMARY)
            native = state.get("native") or ""
            if native and native != name and is_latin(native):
                b.add_name(native, pid, Q_ALIAS)


def add_airports(b: IndexBuilder) -> None:
    """Airports with an IATA code: full name, name without 'International', and '<city> airport' for
    each city's main airport."""
    try:
        import airportsdata
    except ImportError:  # pragma: no cover - a declared dependency; the index still builds without it
        return
    by_city: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for airport in airportsdata.load("IATA").values():
        name, cc, city = airport.get("name") or "", airport.get("country"), airport.get("city") or ""
        if not name or airport.get("lat") is None:
            continue
        lat, lon = round(airport["lat"], 5), round(airport["lon"], 5)
        pid = b.add_place(PlaceRow(None, name, lat, lon, cc, None, airport.get("subd") or None, "landmark"))
        b.add_name(name, pid, Q_PRIMARY)
        short = _AIRPORT_WORDS.sub("", name)
        if short != name:
            b.add_name(short, pid, Q_ALIAS)
        if city and name.startswith(city + " ") and name.endswith(" Airport") and len(name) > len(city) + 9:
            b.add_name(name[len(city) + 1 :], pid, Q_ALIAS)  # 'London Heathrow Airport' -> 'Heathrow Airport'
        if city:
            rank = 2 if "International" in name else 1 if "Airport" in name else 0
            by_city[(cc, city)].append((rank, pid))
    for (_cc, city), ranked in by_city.items():
        b.add_name(f"{city} airport", max(ranked)[1], Q_ALIAS)
