"""What the cross-article merge compares of one Document event: its features.

`event_features(document, event)` reads one event of a Document (schema wirecoder/1) with its place,
time, actors and attributions inlined, into a plain JSON dict that the store keeps beside the mention.
The merge and the merged record are computed from these alone, so a re-merge never re-reads Documents.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wirecoder.countries import iso3_of
from wirecoder.events.incident import LOCALITY_KINDS
from wirecoder.events.incident import rules as incident_rules
from wirecoder.resources import read_records

MAX_SENTENCE_CHARS = 600
# A time value's grain: a day (2023-05-30, also with a time of day), an ISO week (2023-W22), a month.
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T.*)?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def document_context(document: dict[str, Any]) -> dict[str, list[str]]:
    """What the whole article names, for each of its events: localities, people, streets. Two reports
    of one incident share them far more often than two reports of look-alike incidents do."""
    localities = sorted(
        {p["name"] for p in document.get("places") or [] if p.get("kind") in LOCALITY_KINDS and p.get("name")}
    )
    people = sorted(
        {
            _surname(a["name"])
            for a in document.get("actors") or []
            if a.get("kind") == "person"
            and (a.get("name") or "")[:1].isupper()
            and len(_surname(a["name"])) > 2
        }
    )
    streets = sorted(
        {" ".join(m.group(0).lower().split()) for m in _street_pattern().finditer(document.get("text") or "")}
    )
    return {"localities": localities, "people": people, "streets": streets}


def event_features(
    document: dict[str, Any], event: dict[str, Any], context: dict | None = None
) -> dict[str, Any]:
    places = {p["id"]: p for p in document.get("places") or []}
    actors = {a["id"]: a for a in document.get("actors") or []}
    attributions = {a["id"]: a for a in document.get("attributions") or []}
    published = _day(document.get("published"))
    return {
        "type": event.get("type"),
        "mode": event.get("mode"),
        "acled_event_type": event.get("acled_event_type"),
        "acled_sub_event_type": event.get("acled_sub_event_type"),
        "status": event.get("status"),
        "confidence": event.get("confidence"),
        "date": event_date(event.get("time")),
        "published": published,
        "place": _place(places.get(event.get("place")), event.get("place_precision")),
        "counts": _counts(event.get("counts") or {}),
        "actor": _actor(actors.get(event.get("actor"))),
        "recipient": _actor(actors.get(event.get("recipient"))),
        "people": _people(document, event, actors),
        "words": sorted(
            {m["trigger"]["text"].lower() for m in event.get("mentions") or [] if m.get("trigger")}
        ),
        "claims": _claims(event, attributions, actors),
        "evidence": [
            {"start": s["start"], "end": s["end"], "text": s["text"]} for s in event.get("evidence") or []
        ],
        "sentence": _sentence(event),
        "context": context if context is not None else document_context(document),
    }


def _surname(name: str) -> str:
    return name.split()[-1].lower() if name.split() else ""


@dataclass(frozen=True)
class StreetSuffix:
    """A word that ends a street name (data/corpus/street_suffixes.tsv)."""

    suffix: str


@lru_cache(maxsize=1)
def _street_pattern() -> re.Pattern[str]:
    rows = read_records("corpus/street_suffixes.tsv", StreetSuffix)
    suffixes = "|".join(re.escape(row.suffix) for row in rows)
    # one or two capitalised words or an ordinal before the suffix: 'Main Street', '5th Avenue'
    return re.compile(rf"\b(?:[A-Z][a-z]+ |\d+(?:st|nd|rd|th) ){{1,2}}(?:{suffixes})(?=\W|$)")


def _sentence(event: dict[str, Any]) -> str | None:
    """The first sentence that reports the event, for notes (ACLED's `notes`, PLOVER's anchor quote)."""
    for mention in event.get("mentions") or []:
        sentence = mention.get("sentence")
        if sentence and sentence.get("text"):
            return " ".join(sentence["text"].split())[:MAX_SENTENCE_CHARS]
    return None


def event_date(time: dict[str, Any] | None) -> dict[str, str] | None:
    """{first, last, precision} of an event's time value, None when it names no calendar span."""
    value = (time or {}).get("value")
    if not isinstance(value, str):
        return None
    if match := _DAY.fullmatch(value):
        return {"first": match.group(1), "last": match.group(1), "precision": "day"}
    if match := _WEEK.fullmatch(value):
        try:
            monday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            return None
        return {
            "first": monday.isoformat(),
            "last": (monday + dt.timedelta(6)).isoformat(),
            "precision": "week",
        }
    if match := _MONTH.fullmatch(value):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            return None
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(32)).replace(day=1) - dt.timedelta(1)
        return {"first": first.isoformat(), "last": last.isoformat(), "precision": "month"}
    return None


def iso3(iso2: str | None) -> str | None:
    if not iso2:
        return None
    if len(iso2) == 3:
        return iso2
    return iso3_of(iso2)


def _day(value: str | None) -> str | None:
    match = _DAY.fullmatch(value or "")
    return match.group(1) if match else None


def _place(place: dict[str, Any] | None, precision: int | None) -> dict[str, Any] | None:
    """The event's place with its ACLED geo_precision: the events stage's, else by the place's kind
    (the events stage's table, data/events/incident.tsv)."""
    if place is None:
        return None
    if precision is None:
        precision = incident_rules().precision.get(place.get("kind") or "other", 3)
    return {
        "name": place.get("name"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "country": iso3(place.get("country")),
        "admin1": place.get("admin1"),
        "kind": place.get("kind"),
        "precision": precision,
    }


def _counts(counts: dict[str, Any]) -> dict[str, dict[str, int | None]]:
    out = {}
    for name, value in counts.items():
        if isinstance(value, dict):
            out[name] = {k: value.get(k) for k in ("low", "best", "high")}
    return out


def _actor(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {k: actor.get(k) for k in ("name", "kind", "country", "sector")}


def _people(document: dict[str, Any], event: dict[str, Any], actors: dict[str, dict]) -> list[str]:
    """Surnames of the persons named in the event's sentences (victims, suspects, officials): two
    reports that name the same people are about the same incident far more often than not."""
    sentences = [m["sentence"] for m in event.get("mentions") or [] if m.get("sentence")]
    names = set()
    for actor in actors.values():
        name = actor.get("name") or ""
        # a name, not a role noun standing for an unnamed person ('man', 'officers')
        if actor.get("kind") != "person" or not name[:1].isupper():
            continue
        for mention in actor.get("mentions") or []:
            if any(s["start"] <= mention["start"] < s["end"] for s in sentences):
                surname = _surname(actor["name"])
                if len(surname) > 2:
                    names.add(surname)
                break
    return sorted(names)


def _claims(event: dict[str, Any], attributions: dict[str, dict], actors: dict[str, dict]) -> list[dict]:
    out = []
    for role in ("claimed_by", "denied_by"):
        for attribution_id in event.get(role) or []:
            attribution = attributions.get(attribution_id)
            if attribution is None:
                continue
            speaker = attribution.get("speaker") or {}
            actor = actors.get(attribution.get("speaker_actor"))
            out.append(
                {
                    "role": role,
                    "attribution": attribution_id,
                    "speaker": (actor or {}).get("name") or speaker.get("text"),
                    "quote": (attribution.get("content") or {}).get("text"),
                }
            )
    return out
