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

from wirecoder.places.gazetteer import Q_ALTERNATE, Gazetteer, Place, name_key
from wirecoder.resources import read_table

EARTH_RADIUS_KM = 6371.0
# Kinds whose point is precise enough to support nearby candidates of other mentions.
POINT_KINDS = frozenset({"city", "locality", "admin2", "landmark"})
_EMPTY: Counter = Counter()


@lru_cache(maxsize=1)
def priors() -> dict[str, float]:
    """Feature-type priors and context weights (data/places/priors.tsv)."""
    return {row[0]: float(row[1]) for row in read_table("places/priors.tsv")}


@lru_cache(maxsize=1)
def surface_aliases() -> dict[str, tuple[str, str | None]]:
    """Exact surface -> (name to look up, country or None); '-' as the name means 'not a place'."""
    return {row[0]: (row[1], (row + [""])[2] or None) for row in read_table("places/aliases.tsv")}


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
_AFTER_WORD = re.compile(r"\s+([A-Za-z]+)")
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
        # Names of countries and admin1 areas (with aliases and demonyms) for scanning the text.
        self._area_names: dict[str, list[Place]] = {}

    # -- mentions --

    def _areas_for(self, key: str) -> list[Place]:
        found = self._area_names.get(key)
        if found is None:
            found = [c for c in self.gaz.lookup(key) if c.kind in ("country", "admin1") and c.name]
            if len(self._area_names) > 100_000:
                self._area_names.clear()
            self._area_names[key] = found
        return found

    def mention(self, text: str, start: int, end: int) -> Mention:
        surface = text[start:end].strip()
        surface = _POSSESSIVE.sub("", surface).strip(" \t\n\"'“”‘’()[],.;:!?") or surface
        if surface.endswith(".") and len(surface) > 4 and surface.count(".") == 1:
            surface = surface[:-1]
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
            if not candidates:
                candidates = self.gaz.lookup(key) if key else ()
        if not candidates and key.startswith(("north ", "south ", "east ", "west ", "central ")):
            candidates = self.gaz.lookup(key.split(" ", 1)[1])
        return Mention(start, end, surface, key, candidates, area, self._qualifier(text, end))

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
                    phrase = " ".join(words[i : i + n]).rstrip(".,")
                    if n == 1 and (len(phrase) <= 2 or phrase.isupper() and len(phrase) <= 3):
                        if not (
                            n == 1
                            and phrase.isupper()
                            and text[max(0, run.start() - 2) : run.start()] == ", "
                        ):
                            continue
                    key = name_key(phrase)
                    areas = self._areas_for(key)
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
        p = self.p
        if c.kind in ("city", "locality"):
            score = math.log10(c.population + 10) * p["city_log_population"] + (
                p["capital"] if c.capital else 0
            )
        elif c.kind == "admin1":
            score = p["admin1"] if c.name else p["admin1_unnamed"]
        else:
            score = p.get(c.kind, p["other"])
        if c.q == Q_ALTERNATE:
            score -= p["alternate_name"]
        return score

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[Resolved | None]:
        mentions = [self.mention(text, s, e) for s, e in spans]
        scanned = self.text_context(text)
        text_countries: Counter = Counter()
        text_admin1: Counter = Counter()
        for countries, admin1 in scanned.values():
            text_countries.update(countries)
            text_admin1.update(admin1)
        chosen: list[Place | None] = [None] * len(mentions)
        scored: list[list[tuple[float, Place]]] = [[] for _ in mentions]
        for round_ in range(3):
            # Context from the mentions' current choices, by name, so a name never supports itself.
            m_countries: dict[str, Counter] = {}
            m_admin1: dict[str, Counter] = {}
            points: list[tuple[str, float, float]] = []
            if round_:
                for m, c in zip(mentions, chosen, strict=True):
                    if c is None:
                        continue
                    if c.country:
                        m_countries.setdefault(m.key, Counter())[c.country] += 1
                    if c.admin1_code:
                        m_admin1.setdefault(m.key, Counter())[c.admin1_code] += 1
                    if c.kind in POINT_KINDS and c.lat is not None:
                        points.append((m.key, c.lat, c.lon))
            all_m_countries = sum(m_countries.values(), Counter())
            all_m_admin1 = sum(m_admin1.values(), Counter())
            for k, m in enumerate(mentions):
                own_text = scanned.get(m.key, (_EMPTY, _EMPTY))
                countries = text_countries - own_text[0] + (all_m_countries - m_countries.get(m.key, _EMPTY))
                admin1 = text_admin1 - own_text[1] + (all_m_admin1 - m_admin1.get(m.key, _EMPTY))
                others = [(la, lo) for key, la, lo in points if key != m.key]
                scored[k] = results = self.score(m, countries, admin1, others)
                chosen[k] = results[0][1] if results and results[0][1].kind != "none" else None
        return [self._result(m, results) for m, results in zip(mentions, scored, strict=True)]

    def score(
        self, m: Mention, countries: Counter, admin1: Counter, points: list[tuple[float, float]]
    ) -> list[tuple[float, Place]]:
        """The mention's candidates with their scores, best first."""
        p = self.p
        total_countries = sum(countries.values())
        results = []
        for c in m.candidates:
            s = self.prior(c)
            if m.area is not None and c.kind == m.area:
                s += p["area_word_match"]
            if m.qualifier is not None:
                q_countries, q_admin1 = m.qualifier
                if c.admin1_code in q_admin1 or (c.country in q_countries and c.kind != "country"):
                    s += p["qualifier_match"]
                else:
                    s -= p["qualifier_mismatch"]
            if c.country:
                n_cc = countries.get(c.country, 0)
                if n_cc > 0:
                    s += p["context_country"] * math.log1p(n_cc)
                elif total_countries > 0 and c.kind != "country":
                    s -= p["context_country_missing"]
            if c.admin1_code and c.kind != "admin1":
                n_a1 = admin1.get(c.admin1_code, 0)
                if n_a1 > 0:
                    s += p["context_admin1"] * math.log1p(n_a1)
            if points and c.lat is not None and c.kind in POINT_KINDS:
                near = min(haversine(c.lat, c.lon, la, lo) for la, lo in points)
                if near < 50:
                    s += p["near_50km"]
                elif near < 150:
                    s += p["near_150km"]
                elif near < 400:
                    s += p["near_400km"]
            results.append((s, c))
        results.sort(key=lambda r: -r[0])
        return results

    def _result(self, m: Mention, results: list[tuple[float, Place]]) -> Resolved | None:
        if not results:
            return None
        score, best = results[0]
        if best.kind == "none" or best.lat is None:
            return None
        runner = results[1][0] if len(results) > 1 else score - 5.0
        confidence = 1.0 / (1.0 + math.exp(-(score - runner)))
        kind, name, lat, lon, place = best.kind, best.name, best.lat, best.lon, best
        if m.area == "admin1" and best.kind in ("city", "locality") and best.admin1_code:
            area = self.gaz.admin1.get(best.admin1_code)
            if area is not None and area.lat is not None:
                place = area if area.name else best
                kind, lat, lon = "admin1", area.lat, area.lon
                name = area.name or m.surface
        return Resolved(place, name or m.surface, kind, lat, lon, score, confidence)
