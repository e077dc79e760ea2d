"""Cross-article merge: does a document event describe the same real-world event as a stored cluster?

Blocking (in the store's queries) keeps the clusters of the same event type whose date span meets the
new event's near its place, and those of articles published within TEXT_WINDOW_DAYS that share its
distinctive words (corpus.terms); `fit` then compares the new event with **every** member of a
candidate cluster:

* a hard conflict with any member (dates that cannot meet, places farther apart than their precision
  allows, different countries, the same document) rules the cluster out — weak links never chain;
* otherwise the evidence is scored per member and averaged: same day (1.5), same locality (2), the
  same people named (3; -1 when both name people and none is shared), the same counts (0.5 each;
  -0.5 when they differ), the same actors (0.5), and the articles' words (corpus.terms: TEXT_WEIGHT
  times the cosine of their leads, up to TEXT_CAP; NOTHING_SHARED_PENALTY when two texts of some
  length share next to nothing). A cluster is joined when that mean reaches MERGE_THRESHOLD; among
  several, the best one. A date alone is not enough, nor is the type.
* the words can outweigh an extraction error: two reports whose leads are clearly alike
  (TEXT_OVERRIDES) and that were published within TEXT_WINDOW_DAYS of each other are not kept
  apart by a date or a place that conflicts; the conflicting field then adds nothing.

An article's events are merged most confident first (they never share a cluster). When a new
report fits several clusters, it joins the best, and the next best that fits that one as a whole
(`join_fit`: every pair across the two, no conflict) joins it: reports that arrived before the one
that links them need not stay apart, and no weak link chains.

An event with no date of its own is placed by its article's publication date: the incident happened
on or before it, at most UNDATED_WINDOW_DAYS before.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from wirecoder.corpus.terms import similarity
from wirecoder.places.resolve import haversine

# Reports of one incident disagree by a day around midnight and across time zones.
DAY_TOLERANCE = 1
UNDATED_WINDOW_DAYS = 7
# How far apart two places of an event may be, by the coarser precision of the two (ACLED's codes).
PLACE_TOLERANCE_KM = {1: 30.0, 2: 120.0}
MERGE_THRESHOLD = 2.0
# Two clusters that a new report fits both join when they fit each other as a whole this well.
JOIN_THRESHOLD = MERGE_THRESHOLD
# What the articles around two events share (features.document_context).
CONTEXT_WEIGHTS = {"street": 3.0, "people": 1.5, "locality": 1.5}
# The articles' words (corpus.terms): a cosine of the leads' TF-IDF vectors, 0 to 1.
TEXT_WEIGHT = 6.0
TEXT_CAP = 3.0
# Below this cosine two texts of MIN_TERMS words or more describe different incidents.
NOTHING_SHARED = 0.04
NOTHING_SHARED_PENALTY = -3.0
MIN_TERMS = 20
# The cosine from which the words outweigh a conflicting date or place (extraction errors), for
# reports published within TEXT_WINDOW_DAYS of each other: a date is misread more easily than a lead
# is shared by chance, a place even more (another town of the same name, a suburb named for the city).
TEXT_OVERRIDES = {"date": 0.2, "place": 0.15}
TEXT_WINDOW_DAYS = 30


@dataclass
class Member:
    """One document event in a cluster."""

    document: int  # the document's pk
    event: str  # the event's id in its Document
    source: int  # the pk of the document's copy group: copies are one source
    features: dict[str, Any]


@dataclass
class Cluster:
    pk: int | None
    members: list[Member] = field(default_factory=list)


def span(features: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The days the event may have happened on: its date, or the week up to its article's
    publication; None when neither is known."""
    date = features.get("date")
    if date:
        return dt.date.fromisoformat(date["first"]), dt.date.fromisoformat(date["last"])
    published = features.get("published")
    if published:
        day = dt.date.fromisoformat(published)
        return day - dt.timedelta(UNDATED_WINDOW_DAYS), day
    return None


def blocking_span(features: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The span widened by the tolerance: what a stored cluster's span must meet to be compared."""
    days = span(features)
    if days is None:
        return None
    return days[0] - dt.timedelta(DAY_TOLERANCE), days[1] + dt.timedelta(DAY_TOLERANCE)


def cluster_span(members: list[Member]) -> tuple[dt.date, dt.date] | None:
    spans = [s for s in (span(m.features) for m in members) if s is not None]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _gap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two spans (0 when they meet)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def pair_score(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """Evidence that two document events are one real-world event; None for a hard conflict."""
    if a.get("type") != b.get("type"):
        return None
    text = similarity(a.get("terms"), b.get("terms"))
    overrides = _overrides(a, b, text)
    date_score = _date_score(a, b)
    if date_score is None and "date" not in overrides:
        return None
    place_score = _place_score(a.get("place"), b.get("place"))
    if place_score is None and "place" not in overrides:
        return None
    score = (date_score or 0.0) + (place_score or 0.0) + _text_score(a, b, text)
    score += _people_score(a.get("people") or [], b.get("people") or [])
    score += _context_score(
        a.get("context") or {}, b.get("context") or {}, bool(a.get("place") and b.get("place"))
    )
    score += _counts_score(a.get("counts") or {}, b.get("counts") or {})
    score += _actor_score(a.get("actor"), b.get("actor")) + _actor_score(
        a.get("recipient"), b.get("recipient")
    )
    return score


def fit(cluster: Cluster, member: Member) -> float | None:
    """The mean evidence between the new member and each of the cluster's, None if any conflicts."""
    total = 0.0
    for other in cluster.members:
        if other.document == member.document:
            return None  # one article's events are distinct events by construction
        score = pair_score(member.features, other.features)
        if score is None:
            return None
        total += score
    return total / len(cluster.members) if cluster.members else None


def fitting_clusters(candidates: list[Cluster], member: Member) -> list[Cluster]:
    """The candidates the member fits (MERGE_THRESHOLD at least), the best first (ties: the first)."""
    scored = [(score, n, c) for n, c in enumerate(candidates) if (score := fit(c, member)) is not None]
    return [c for score, _, c in sorted(scored, key=lambda s: (-s[0], s[1])) if score >= MERGE_THRESHOLD]


def best_cluster(candidates: list[Cluster], member: Member) -> Cluster | None:
    """The cluster the member fits best, None when it fits none."""
    fitting = fitting_clusters(candidates, member)
    return fitting[0] if fitting else None


def join_fit(a: Cluster, b: Cluster) -> float | None:
    """The mean evidence over every pair of members across two clusters; None if any pair conflicts
    or one article is in both: two clusters join only when they fit as a whole."""
    if {m.document for m in a.members} & {m.document for m in b.members}:
        return None
    total = 0.0
    for x in a.members:
        for y in b.members:
            score = pair_score(x.features, y.features)
            if score is None:
                return None
            total += score
    return total / (len(a.members) * len(b.members))


def best_join(cluster: Cluster, candidates: list[Cluster]) -> Cluster | None:
    """The candidate cluster that fits this one best as a whole (JOIN_THRESHOLD at least), if any:
    a new report that fits two clusters can show that they, formed apart, describe one incident."""
    best, best_score = None, JOIN_THRESHOLD
    for other in candidates:
        if other.pk == cluster.pk:
            continue
        score = join_fit(cluster, other)
        if score is not None and (score > best_score or (best is None and score >= best_score)):
            best, best_score = other, score
    return best


def _overrides(a: dict[str, Any], b: dict[str, Any], text: float | None) -> set[str]:
    """The fields whose conflict the texts' likeness outweighs (TEXT_OVERRIDES)."""
    if text is None or not a.get("published") or not b.get("published"):
        return set()
    days = abs((dt.date.fromisoformat(a["published"]) - dt.date.fromisoformat(b["published"])).days)
    if days > TEXT_WINDOW_DAYS:
        return set()
    return {name for name, threshold in TEXT_OVERRIDES.items() if text >= threshold}


def _text_score(a: dict[str, Any], b: dict[str, Any], text: float | None) -> float:
    if text is None:
        return 0.0
    if text < NOTHING_SHARED and min(len(a["terms"]), len(b["terms"])) >= MIN_TERMS:
        return NOTHING_SHARED_PENALTY
    return min(TEXT_CAP, TEXT_WEIGHT * text)


def _date_score(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    date_a, date_b = a.get("date"), b.get("date")
    if date_a and date_b and date_a["precision"] == date_b["precision"] == "day":
        gap = abs((dt.date.fromisoformat(date_a["first"]) - dt.date.fromisoformat(date_b["first"])).days)
        return None if gap > DAY_TOLERANCE else (1.5 if gap == 0 else 0.75)
    span_a, span_b = span(a), span(b)
    if span_a is None or span_b is None:
        return 0.0
    if _gap_days(span_a, span_b) > DAY_TOLERANCE:
        return None
    return 0.5 if date_a and date_b else 0.0


def _place_score(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if not a or not b:
        return 0.0
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return None
    precision = max(a.get("precision") or 3, b.get("precision") or 3)
    if precision >= 3:  # an admin1 or a country says little about which incident
        return 0.5 if a.get("name") == b.get("name") else 0.0
    if None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return 1.0 if a.get("name") == b.get("name") else 0.0
    distance = haversine(a["lat"], a["lon"], b["lat"], b["lon"])
    if distance > PLACE_TOLERANCE_KM[precision]:
        return None
    if precision == 1 and (distance < 10 or a.get("name") == b.get("name")):
        return 2.0
    return 1.0


def _people_score(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(set(a) & set(b))
    return 3.0 if shared else -1.0


def _context_score(a: dict[str, list[str]], b: dict[str, list[str]], placed: bool) -> float:
    """What the two articles name around their events: a shared street is near proof, shared people
    strong evidence, a shared locality counts when the events themselves have no place to compare."""
    score = 0.0
    if set(a.get("streets") or []) & set(b.get("streets") or []):
        score += CONTEXT_WEIGHTS["street"]
    if set(a.get("people") or []) & set(b.get("people") or []):
        score += CONTEXT_WEIGHTS["people"]
    if not placed and set(a.get("localities") or []) & set(b.get("localities") or []):
        score += CONTEXT_WEIGHTS["locality"]
    return score


def _counts_score(a: dict[str, Any], b: dict[str, Any]) -> float:
    score = 0.0
    for name in ("killed", "injured"):
        best_a, best_b = (a.get(name) or {}).get("best"), (b.get(name) or {}).get("best")
        if best_a is None or best_b is None:
            continue
        score += 0.5 if best_a == best_b else -0.5
    return score


def _actor_score(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float:
    if not a or not b or not a.get("name") or not b.get("name"):
        return 0.0
    return 0.5 if a["name"] == b["name"] else 0.0


UNPLACED_CELL = -1  # the grid cell of clusters with no precise place: compared with every event


def grid_cell(place: dict[str, Any] | None) -> int:
    """A 1-degree grid cell of a precise place (precision 1 or 2), UNPLACED_CELL for any other."""
    if (
        not place
        or place.get("lat") is None
        or place.get("lon") is None
        or (place.get("precision") or 3) >= 3
    ):
        return UNPLACED_CELL
    return _cell(math.floor(place["lat"]), math.floor(place["lon"]))


def reach(place: dict[str, Any]) -> tuple[float, float, float, float]:
    """The box (lat_lo, lat_hi, lon_lo, lon_hi) within the widest place tolerance of a place: no
    precisely placed cluster outside it can match."""
    lat, lon = place["lat"], place["lon"]
    dlat = PLACE_TOLERANCE_KM[2] / 111.0
    dlon = min(180.0, dlat / max(0.05, math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def nearby_cells(place: dict[str, Any]) -> list[int]:
    """The grid cells that meet the place's reach, and UNPLACED_CELL."""
    lat_lo, lat_hi, lon_lo, lon_hi = reach(place)
    cells = {UNPLACED_CELL}
    for row in range(math.floor(lat_lo), math.floor(lat_hi) + 1):
        for column in range(math.floor(lon_lo), math.floor(lon_hi) + 1):
            cells.add(_cell(row, (column + 180) % 360 - 180))
    return sorted(cells)


def _cell(row: int, column: int) -> int:
    return (max(-90, min(89, row)) + 90) * 360 + (column + 180)
