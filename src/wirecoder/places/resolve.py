"""Toponym resolution: candidates from the gazetteer, ranked by priors and by the article's context.

For each mention the gazetteer gives candidates (same name or alias). A candidate's score adds:
- a prior from its kind and size (countries and states outrank towns; a town by log population;
  capitals get a bonus), less a penalty when only a GeoNames alternate name matched;
- a qualifier right after the mention ('Paris, Texas', 'Springfield, Ill.', 'Pandi, Bulacan'): a
  candidate inside the named state or country gets a large bonus, others a penalty;
- the article's context: countries and states named anywhere in the text (names, aliases,
  demonyms), and the places chosen for the other mentions — same country, same state, and distance
  (a town near the other places of a local story beats a bigger one far away).
Choices are made in rounds: first from priors and the text's countries and states, then again with the
other mentions' choices as context. A mention whose best candidate is a 'none' entry ('the West') or
that has no candidate stays unresolved; one mention never affects whether another is resolved.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from wirecoder.places.gazetteer import Gazetteer, Place
from wirecoder.places.names import Q_ALTERNATE, Q_PRIMARY, name_key
from wirecoder.resources import read_records

EARTH_RADIUS_KM = 6371.0
# Kinds whose point is precise enough to support nearby candidates of other mentions.
POINT_KINDS = frozenset({"city", "locality", "admin2", "landmark"})
_EMPTY: Counter = Counter()
# Grid cell size for finding nearby candidates (3x3 cells cover every point within 150 km).
GRID_DEGREES = 2.0
# Candidates less likely than this give no context to other names.
MIN_SUPPORT_P = 0.02


def _softmax(results: list[tuple[float, Place]]) -> list[tuple[float, float, Place]]:
    if not results:
        return []
    top = results[0][0]
    weights = [math.exp(s - top) for s, _c in results]
    total = sum(weights)
    return [(s, w / total, c) for (s, c), w in zip(results, weights, strict=True)]


def _freeze(qualifier):
    return None if qualifier is None else (frozenset(qualifier[0]), frozenset(qualifier[1]))


@dataclass(frozen=True, slots=True)
class Prior:
    """A row of data/places/priors.tsv: a feature-type prior or a context weight."""

    name: str
    value: float


@dataclass(frozen=True, slots=True)
class SurfaceAlias:
    """A row of data/places/aliases.tsv: a surface form looked up under another name."""

    surface: str
    lookup: str  # '-': the surface names no place
    iso2: str | None = None  # only candidates in this country


@lru_cache(maxsize=1)
def priors() -> dict[str, float]:
    """Feature-type priors and context weights (data/places/priors.tsv)."""
    return {row.name: row.value for row in read_records("places/priors.tsv", Prior)}


@lru_cache(maxsize=1)
def surface_aliases() -> dict[str, tuple[str, str | None]]:
    """Exact surface -> (name to look up, country or None); '-' as the name means 'not a place'."""
    return {row.surface: (row.lookup, row.iso2) for row in read_records("places/aliases.tsv", SurfaceAlias)}


@dataclass(slots=True)
class Resolved:
    """A mention's resolution: the gazetteer entry, or an area derived from it ('Kharkiv region')."""

    place: Place
    name: str
    kind: str
    lat: float | None
    lon: float | None
    score: float
    confidence: float

    @property
    def key(self) -> tuple:
        """Identity for merging mentions into one place."""
        return (self.place.pid, self.kind)

    def to_dict(self) -> dict:
        """The place fields of the output contract."""
        return {
            "name": self.name,
            "geonames_id": self.place.geonames_id,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.place.country,
            "admin1": self.place.admin1 if self.kind not in ("country", "region", "water") else None,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
        }


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# Words after a name that make it an area: 'Kharkiv region', 'Latakia Governorate', 'Hall County'.
AREA_WORDS = {
    "region": "admin1",
    "oblast": "admin1",
    "province": "admin1",
    "governorate": "admin1",
    "prefecture": "admin1",
    "state": "admin1",
    "krai": "admin1",
    "kray": "admin1",
    "voivodeship": "admin1",
    "county": "admin2",
    "parish": "admin2",
    "borough": "admin2",
    "district": "admin2",
}
# Words dropped from a name the gazetteer lacks: 'Readington Township' -> 'Readington'.
STRIP_WORDS = {"township", "twp", "station", "town", "village", "city", "municipality", "borough"}
FACILITY_WORDS = (
    "airport",
    "international airport",
    "air base",
    "airbase",
    "airfield",
    "port",
    "harbor",
    "harbour",
)
_DEMONYM_ENDINGS = (
    ("ians", "ia"),
    ("ians", "io"),
    ("ans", ""),
    ("ns", ""),
    ("an", "a"),
    ("an", "as"),
    ("n", ""),
    ("i", ""),
    ("ers", ""),
    ("er", ""),
    ("ites", ""),
    ("ite", ""),
    ("ese", ""),
    ("ish", ""),
)


def _demonym_stems(word: str) -> list[str]:
    """Possible place names behind a demonym: 'Ohioans' -> 'Ohio', 'Texan' -> 'Texas'."""
    stems = []
    for ending, replacement in _DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stems.append(word[: -len(ending)] + replacement)
    return stems


_AFTER_WORD = re.compile(r"\s+([A-Za-z]+)")
# A list of areas that ends in their plural word: 'Barrow[ and Jackson counties]'.
LIST_AREA_WORDS = {"counties": "county", "parishes": "parish"}
_LIST_AREA_WORD = re.compile(r"\b(counties|parishes)\b")


def _listed_area(text: str, end: int) -> str | None:
    """'county' or 'parish' when the name opens or is in a list of names that ends in 'counties' or
    'parishes' (only capitalised names, commas, 'and' and 'or' between them); else None."""
    window = text[end : end + 160]
    match = _LIST_AREA_WORD.search(window)
    if match is None:
        return None
    words = window[: match.start()].replace(",", " ").split()
    if len(words) <= 16 and all(w in ("and", "or") or w[:1].isupper() for w in words):
        return LIST_AREA_WORDS[match.group(1)]
    return None


_QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z][\w.'’]*\.?)(?:\s+[A-Z][\w.'’]*\.?){0,2})")
_CAPS_RUN = re.compile(r"[A-Z][\w.'’\-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w.'’\-]*)*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    surface: str
    key: str
    candidates: tuple[Place, ...]
    area: str | None  # 'admin1' / 'admin2' when an area word is part of or follows the name
    qualifier: tuple[set[str], set[str]] | None  # (countries, admin1 codes) named after a comma


class Resolver:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.p = priors()

    # -- mentions --

    def _areas_for(self, key: str) -> tuple[Place, ...]:
        return self.gaz.area_names().get(key, ())

    def mention(self, text: str, start: int, end: int) -> Mention:
        """The name at [start, end) of the text with its candidates, area word and qualifier."""
        raw = _POSSESSIVE.sub("", text[start:end].strip()).strip()
        surface = raw.strip(" \t\n\"'“”‘’()[],;:!?") or raw
        if surface.endswith(".") and surface[:-1].count(".") == 0:
            surface = surface[:-1]  # a sentence's full stop, not an abbreviation's ('L.A.')
        key = name_key(surface)
        alias = surface_aliases().get(surface)
        if alias is not None:
            name, country = alias
            if name == "-":
                return Mention(start, end, surface, key, (), None, None)
            found = self.gaz.lookup(name_key(name))
            found = tuple(c for c in found if country is None or c.country == country)
            if found:
                return Mention(start, end, surface, key, found, None, self._qualifier(text, end))
        area = None
        candidates: tuple[Place, ...] = ()
        words = key.split()
        if len(words) > 1 and words[-1] in AREA_WORDS:
            area = AREA_WORDS[words[-1]]
            candidates = self.gaz.lookup(key)
            if not candidates:
                candidates = self.gaz.lookup(" ".join(words[:-1]))
        else:
            after = _AFTER_WORD.match(text, end)
            if after and after.group(1).lower() in AREA_WORDS and after.group(1)[0].isupper():
                word = after.group(1).lower()
                candidates = self.gaz.lookup(f"{key} {word}")
                if candidates:
                    area = AREA_WORDS[word]
            listed = _listed_area(text, end) if not candidates and key else None
            if listed:
                candidates = self.gaz.lookup(f"{key} {listed}")
                area = "admin2" if candidates else None
            if not candidates:
                candidates = self.gaz.lookup(key) if key else ()
        if not candidates and key:
            candidates, area = self._fallback(key, area)
        return Mention(start, end, surface, key, candidates, area, self._qualifier(text, end))

    def _fallback(self, key: str, area: str | None) -> tuple[tuple[Place, ...], str | None]:
        """Candidates for a name the gazetteer lacks as written: 'Gwinnett' (a county named without
        the word), 'Readington Township', 'Ohioans' and 'Texan' (demonyms of areas), 'North Ossetia'."""
        words = key.split()
        for suffix in (" county", " parish"):
            found = self.gaz.lookup(key + suffix)
            if found:
                return found, "admin2"
        for facility in FACILITY_WORDS:
            if key.endswith(" " + facility) and len(key) > len(facility) + 3:
                found = self.gaz.lookup(key[: -len(facility) - 1])
                if found:
                    return found, area  # 'Latakia air base' at least gets Latakia
        if len(words) > 1 and words[-1] in STRIP_WORDS:
            found = self.gaz.lookup(" ".join(words[:-1]))
            if found:
                return found, area
        if len(words) == 1:
            for stem in _demonym_stems(key):
                found = tuple(
                    c
                    for c in self.gaz.lookup(stem)
                    if c.q > Q_ALTERNATE
                    and (c.kind in ("country", "admin1", "region") or c.population >= 100_000)
                )
                if found:
                    return found, area
        if len(words) > 1 and words[0] in (
            "north",
            "south",
            "east",
            "west",
            "central",
            "northern",
            "southern",
        ):
            return self.gaz.lookup(" ".join(words[1:])), area
        return (), area

    def _qualifier(self, text: str, end: int) -> tuple[set[str], set[str]] | None:
        match = _QUALIFIER.match(text, end)
        if not match:
            return None
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            phrase = " ".join(words[:n])
            areas = self._areas_for(name_key(phrase))
            if areas and not (len(phrase) <= 2 and not phrase.isupper()):
                countries = {a.country for a in areas if a.kind == "country"}
                admin1 = {a.admin1_code for a in areas if a.kind == "admin1" and a.admin1_code}
                return countries, admin1
        return None

    # -- document context --

    def text_context(self, text: str) -> dict[str, tuple[Counter, Counter]]:
        """Countries and admin1 areas named anywhere in the text, by the key of the name that named them
        (so that a mention's own name can be left out of its context); ambiguous names split their weight.
        """
        by_key: dict[str, tuple[Counter, Counter]] = {}
        for run in _CAPS_RUN.finditer(text):
            words = run.group().split()
            i = 0
            while i < len(words):
                matched = 0
                for n in range(min(4, len(words) - i), 0, -1):
                    raw = " ".join(words[i : i + n]).rstrip(",")
                    phrase = raw.rstrip(".") if raw.count(".") == 1 else raw
                    short = n == 1 and len(phrase.replace(".", "")) <= 4
                    if short and phrase.isupper() and text[max(0, run.start() - 2) : run.start()] != ", ":
                        continue  # 'IN', 'OR', 'ME' count only as 'Springfield, IL'
                    key = name_key(phrase)
                    areas = self._areas_for(key)
                    if short and not phrase.isupper() and not phrase.endswith("."):
                        # 'Iowa', 'Chad' by their own name; not 'Man' or 'Act' by an abbreviation's letters.
                        areas = [a for a in areas if a.q == Q_PRIMARY]
                    if areas:
                        countries, admin1 = by_key.setdefault(key, (Counter(), Counter()))
                        weight = 1.0 / len(areas)
                        for a in areas:
                            if a.kind == "country":
                                countries[a.country] += weight
                            else:
                                admin1[a.admin1_code] += weight
                                countries[a.country] += weight * 0.5
                        matched = n
                        break
                i += matched or 1
        return by_key

    # -- scoring --

    def prior(self, c: Place) -> float:
        """A candidate's score before context: by kind and size, less a penalty for an alternate name."""
        p = self.p
        if c.kind in ("city", "locality"):
            score = math.log10(c.population + 10) * p["city_log_population"] + (
                p["capital"] if c.capital else 0
            )
        elif c.secondary:
            score = p["world_area"] if c.kind == "admin1" else p["world_area2"]
        elif c.kind == "admin1":
            score = p["admin1"] if c.name else p["admin1_unnamed"]
        else:
            score = p.get(c.kind, p["other"])
        if c.q == Q_ALTERNATE:
            score -= p["alternate_name"]
        return score

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[Resolved | None]:
        """One resolution (or None) per span of the text, all chosen together."""
        mentions = [self.mention(text, s, e) for s, e in spans]
        _share_qualifiers(mentions)
        # Distinct names: a name's mentions share one choice unless a qualifier sets one apart.
        groups: dict[tuple, list[int]] = {}
        for k, m in enumerate(mentions):
            groups.setdefault((m.key, m.area, _freeze(m.qualifier), m.candidates[:1]), []).append(k)
        scanned = self.text_context(text)
        text_countries: Counter = Counter()
        text_admin1: Counter = Counter()
        for countries, admin1 in scanned.values():
            text_countries.update(countries)
            text_admin1.update(admin1)
        reps = [mentions[ks[0]] for ks in groups.values()]
        dists: list[list[tuple[float, float, Place]]] = [[] for _ in reps]  # (score, p, place)
        for round_ in range(3):
            choices = _Choices(reps, dists if round_ else None)
            for k, m in enumerate(reps):
                own_text = scanned.get(m.key, (_EMPTY, _EMPTY))
                countries = text_countries - own_text[0] + choices.countries_besides(m.key)
                admin1 = text_admin1 - own_text[1] + choices.admin1_besides(m.key)
                dists[k] = _softmax(self.score(m, countries, admin1, choices.grid))
        out: list[Resolved | None] = [None] * len(mentions)
        for ks, m, dist in zip(groups.values(), reps, dists, strict=True):
            for k in ks:
                out[k] = self._result(m, dist)
        return out

    def score(self, m: Mention, countries: Counter, admin1: Counter, grid: dict) -> list[tuple[float, Place]]:
        """The mention's candidates with their scores, best first."""
        p = self.p
        total_countries = sum(countries.values())
        # A name that is itself a country's or state's name ('Canada', 'California', 'Iraq') keeps that
        # reading unless a town of the name has strong evidence; in a list ('China, Japan, Ukraine') the
        # comma is no qualifier.
        shadowing = any(
            c.kind in ("country", "admin1") and c.name and c.q > Q_ALTERNATE and not c.secondary
            for c in m.candidates
        )
        qualifier = None if shadowing else m.qualifier
        results = []
        for c in m.candidates:
            s = self.prior(c)
            if shadowing and c.kind not in ("country", "admin1") and not c.capital:
                s -= p["shadowed"]
            if m.area is not None and c.kind == m.area:
                s += p["area_word_match"]
            if qualifier is not None and c.kind not in ("country", "admin1"):
                q_countries, q_admin1 = qualifier
                if c.admin1_code in q_admin1 or c.country in q_countries:
                    s += p["qualifier_match"]
                else:
                    s -= p["qualifier_mismatch"]
            if c.country:
                n_cc = countries.get(c.country, 0)
                if n_cc > 0:
                    s += p["context_country"] * math.log1p(n_cc)
                elif total_countries > 0 and c.kind != "country":
                    s -= p["context_country_missing"]
            if c.admin1_code:
                n_a1 = admin1.get(c.admin1_code, 0)
                if n_a1 > 0:
                    s += p["context_admin1"] * math.log1p(n_a1)
            if grid and c.lat is not None and c.kind in POINT_KINDS and c.q != Q_ALTERNATE:
                s += min(p["near_max"], self._support(m.key, c, grid))
            results.append((s, c))
        results.sort(key=lambda r: -r[0])
        return results

    def _support(self, key: str, c: Place, grid: dict) -> float:
        """Other names' candidates near this one, each name counted once at its best (weight x p)."""
        p = self.p
        best: dict[str, float] = {}
        ci, cj = int(c.lat // GRID_DEGREES), int(c.lon // GRID_DEGREES)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for other, la, lo, prob in grid.get((ci + di, cj + dj), ()):
                    if other == key:
                        continue
                    d = haversine(c.lat, c.lon, la, lo)
                    w = p["near_50km"] if d < 50 else p["near_150km"] if d < 150 else 0.0
                    if w and w * prob > best.get(other, 0.0):
                        best[other] = w * prob
        return sum(best.values())

    def _result(self, m: Mention, dist: list[tuple[float, float, Place]]) -> Resolved | None:
        if not dist:
            return None
        score, confidence, best = dist[0]
        if best.kind == "none":
            return Resolved(best, best.name or m.surface, "none", None, None, score, confidence)
        if best.lat is None:
            return None
        # Confidence: the probability of the candidates that put the name where the best one does
        # (duplicates of one place in two sources do not split it).
        confidence = sum(
            prob
            for _s, prob, c in dist
            if c.lat is not None and (c is best or haversine(best.lat, best.lon, c.lat, c.lon) <= 161)
        )
        kind, name, lat, lon, place = best.kind, best.name, best.lat, best.lon, best
        if m.area == "admin1" and best.kind in ("city", "locality") and best.admin1_code:
            area = self.gaz.admin1.get(best.admin1_code)
            if area is not None and area.lat is not None:
                place = area if area.name else best
                kind, lat, lon = "admin1", area.lat, area.lon
                name = area.name or m.surface
        return Resolved(place, name or m.surface, kind, lat, lon, score, confidence)


def _share_qualifiers(mentions: list[Mention]) -> None:
    """'Gainesville, Ga.' once, then 'Gainesville': the bare mentions take the one qualifier given."""
    qualifiers: dict[str, set] = {}
    for m in mentions:
        if m.qualifier is not None:
            qualifiers.setdefault(m.key, set()).add(_freeze(m.qualifier))
    for m in mentions:
        if m.qualifier is None and len(qualifiers.get(m.key, ())) == 1:
            countries, admin1 = next(iter(qualifiers[m.key]))
            m.qualifier = (set(countries), set(admin1))


class _Choices:
    """Context from the names' current (soft) choices, by name, so that a name never supports itself:
    the countries and admin1 areas they put weight on, and their points on a grid (none before the first
    round's choices, `dists` None)."""

    def __init__(self, reps: list[Mention], dists: list[list[tuple[float, float, Place]]] | None) -> None:
        self.countries: dict[str, Counter] = {}
        self.admin1: dict[str, Counter] = {}
        self.grid: dict[tuple[int, int], list[tuple[str, float, float, float]]] = {}
        for m, dist in zip(reps, dists or (), strict=False):
            for _s, prob, c in dist:
                if prob < MIN_SUPPORT_P or c.kind == "none":
                    continue
                if c.country:
                    self.countries.setdefault(m.key, Counter())[c.country] += prob
                if c.admin1_code:
                    self.admin1.setdefault(m.key, Counter())[c.admin1_code] += prob
                if c.kind in POINT_KINDS and c.lat is not None and c.q != Q_ALTERNATE:
                    cell = (int(c.lat // GRID_DEGREES), int(c.lon // GRID_DEGREES))
                    self.grid.setdefault(cell, []).append((m.key, c.lat, c.lon, prob))
        self.all_countries = sum(self.countries.values(), Counter())
        self.all_admin1 = sum(self.admin1.values(), Counter())

    def countries_besides(self, key: str) -> Counter:
        return self.all_countries - self.countries.get(key, _EMPTY)

    def admin1_besides(self, key: str) -> Counter:
        return self.all_admin1 - self.admin1.get(key, _EMPTY)
