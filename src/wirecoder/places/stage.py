"""Pipeline stage: the article's place names, resolved, into Document.places and entities[].place.

Place names are the entities labelled GPE and LOC, FAC entities the gazetteer knows (air bases,
airports, landmarks), and demonyms (NORP) that name a country ('Syrian' -> Syria, as in LGL's
convention). All of them are resolved together, so each is the context of the others. Mentions that
resolve to the same gazetteer entry form one place; a GPE/LOC name with no good candidate is still a
place, with null coordinates; a name that is no place ('the West') and unknown FAC/NORP names are
left out. Each mention carries its sense (places/sense.py).
"""

from __future__ import annotations

from spacy.tokens import Doc

from wirecoder.model import Document
from wirecoder.places.gazetteer import name_key
from wirecoder.places.geocode import resolve_spans
from wirecoder.places.sense import span_sense

PLACE_LABELS = {"GPE", "LOC"}
RESOLVED_ONLY_LABELS = {"FAC", "NORP"}


def places_stage(doc: Doc, document: Document) -> None:
    picked = [e for e in document.entities if e.label in PLACE_LABELS or e.label in RESOLVED_ONLY_LABELS]
    results = resolve_spans(document.text, [(e.start, e.end) for e in picked])
    places: dict[tuple, dict] = {}
    for entity, result in zip(picked, results, strict=True):
        if result is not None and result.kind == "none":
            continue
        if result is None or result.lat is None:
            if entity.label not in PLACE_LABELS:
                continue
            key: tuple = ("unresolved", name_key(entity.text))
            fields = {
                "name": entity.text,
                "geonames_id": None,
                "lat": None,
                "lon": None,
                "country": None,
                "admin1": None,
                "kind": "other",
            }
        else:
            if entity.label == "NORP" and result.kind != "country":
                continue  # a demonym names a country; 'Sunni' is no place
            key = result.key
            fields = result.to_dict()
            fields.pop("confidence", None)
        place = places.get(key)
        if place is None:
            place = places[key] = {"id": f"p{len(places) + 1}", **fields, "mentions": []}
        place["mentions"].append(
            {
                "start": entity.start,
                "end": entity.end,
                "text": entity.text,
                "sense": span_sense(doc, entity.start, entity.end),
            }
        )
        entity.place = place["id"]
    document.places = list(places.values())
