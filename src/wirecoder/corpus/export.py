"""Exports of a corpus: one writer per format, chosen by name (declared in wirecoder.registry.EXPORTS).

* `events-jsonl`: the merged events, one per line (schema/events.schema.json);
* `documents-jsonl`: the stored Documents (schema/document.schema.json);
* `geojson`: an RFC 7946 FeatureCollection of the events ([lon, lat]; null geometry when unplaced);
* `acled-csv`: ACLED's columns in ACLED's order (data/corpus/acled_columns.tsv), ours where we have
  a value, empty where we do not;
* `plover-jsonl`: PLOVER's event fields;
* `parquet`: a folder with events.parquet, mentions.parquet and documents.parquet (pyarrow).

Filters (`since`, `until`, `country`, `type`, `min_sources`, `disputed`) apply to the events and,
for the documents, keep those that report a kept event.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from wirecoder import registry
from wirecoder.countries import countries
from wirecoder.resources import read_table


class ExportError(Exception):
    """The export cannot be written as asked; the message says why."""


def export(corpus, format: str, output: str | Path | IO | None = None, **filters: Any) -> int:
    writers = formats()
    if format not in writers:
        raise ExportError(f"unknown format {format!r}; the formats are {', '.join(writers)}")
    writer = writers[format]
    if format == "parquet":
        if output is None or not isinstance(output, str | Path):
            raise ExportError("parquet writes a folder of three files: give it with --output FOLDER")
        return writer(corpus, Path(output), filters)
    with _opened(output) as handle:
        return writer(corpus, handle, filters)


@contextmanager
def _opened(output):
    if output is None or output == "-":
        yield sys.stdout
    elif isinstance(output, str | Path):
        try:
            handle = open(output, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise ExportError(f"cannot write {output}: {err.strerror}") from None
        with handle:
            yield handle
    else:
        yield output


def export_events_jsonl(corpus, handle: IO, filters: dict) -> int:
    count = 0
    for record in corpus.events(**filters):
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def export_documents_jsonl(corpus, handle: IO, filters: dict) -> int:
    wanted = _wanted_documents(corpus, filters)
    count = 0
    for document in corpus.documents():
        if wanted is None or document["id"] in wanted:
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
            count += 1
    return count


def _wanted_documents(corpus, filters: dict) -> set[str] | None:
    if not any(v is not None for v in filters.values()):
        return None
    return {doc for record in corpus.events(**filters) for doc in record["documents"]}


def geojson_feature(record: dict[str, Any]) -> dict[str, Any]:
    place = record.get("place") or {}
    located = place.get("lat") is not None and place.get("lon") is not None
    return {
        "type": "Feature",
        "id": record["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]} if located else None,
        "properties": {k: v for k, v in record.items() if k != "schema"},
    }


def export_geojson(corpus, handle: IO, filters: dict) -> int:
    handle.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for record in corpus.events(**filters):
        handle.write(
            ("\n" if count == 0 else ",\n") + json.dumps(geojson_feature(record), ensure_ascii=False)
        )
        count += 1
    handle.write("\n]}\n")
    return count


@lru_cache(maxsize=1)
def acled_columns() -> list[str]:
    return [row[0] for row in read_table("corpus/acled_columns.tsv")]


_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}


def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    number = record["id"].rsplit("-", 1)[-1]
    place = record.get("place") or {}
    iso3 = place.get("country")
    country = countries().get(iso3 or "")
    time = record.get("time") or {}
    day = time.get("value") if time.get("precision") == "day" else None
    if day is None and time.get("value"):
        day = str(time["value"]).split("/")[0][:10]
        day = day if len(day) == 10 else None
    killed = (record.get("counts") or {}).get("killed") or {}
    last = record.get("last_report")
    timestamp = ""
    if last:
        moment = dt.datetime.fromisoformat(last if "T" in last else f"{last}T00:00:00")
        timestamp = int((moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp())
    values = {
        "data_id": number,
        "iso": country.numeric if country else "",
        "event_id_cnty": f"{iso3 or 'XXX'}{number}",
        "event_id_no_cnty": number,
        "event_date": f"{day[8:10]}-{day[5:7]}-{day[:4]}" if day else "",
        "year": day[:4] if day else "",
        "time_precision": _TIME_PRECISION.get(time.get("precision"), ""),
        "event_type": record.get("acled_event_type") or "",
        "sub_event_type": record.get("acled_sub_event_type") or "",
        "actor1": (record.get("actor") or {}).get("name") or "",
        "actor2": (record.get("recipient") or {}).get("name") or "",
        "country": country.geonames_name if country else "",
        "admin1": place.get("admin1") or "",
        "location": place.get("name") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "geo_precision": place.get("precision") or "",
        "source": "; ".join(record.get("sites") or []),
        "notes": record.get("notes") or "",
        "fatalities": killed.get("best") if killed.get("best") is not None else "",
        "timestamp": timestamp,
        "iso3": iso3 or "",
    }
    return {column: values.get(column, "") for column in acled_columns()}


def export_acled_csv(corpus, handle: IO, filters: dict) -> int:
    writer = csv.DictWriter(handle, fieldnames=acled_columns(), lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in corpus.events(**filters):
        writer.writerow(acled_row(record))
        count += 1
    return count


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    def party(actor):
        return None if not actor else {k: actor.get(k) for k in ("name", "country", "sector")}

    counts = record.get("counts") or {}
    place = record.get("place")
    return {
        "id": record["id"],
        "event_type": record.get("type"),
        "mode": record.get("mode"),
        "context": [],
        "actor": party(record.get("actor")),
        "recipient": party(record.get("recipient")),
        "date": (record.get("time") or {}).get("value"),
        "location": None
        if not place
        else {k: place.get(k) for k in ("name", "lat", "lon", "country", "admin1")},
        "anchor_quote": record.get("notes"),
        "dead": ((counts.get("killed") or {}).get("best")),
        "injured": ((counts.get("injured") or {}).get("best")),
        "sources": record.get("sources"),
        "documents": record.get("documents"),
    }


def export_plover_jsonl(corpus, handle: IO, filters: dict) -> int:
    count = 0
    for record in corpus.events(**filters):
        handle.write(json.dumps(plover_record(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def export_parquet(corpus, folder: Path, filters: dict) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"cannot create {folder}: {err.strerror}") from None
    event_rows, mention_rows = [], []
    for record in corpus.events(**filters):
        place, time, counts = record.get("place") or {}, record.get("time") or {}, record.get("counts") or {}
        event_rows.append(
            {
                "id": record["id"],
                "type": record.get("type"),
                "mode": record.get("mode"),
                "acled_event_type": record.get("acled_event_type"),
                "acled_sub_event_type": record.get("acled_sub_event_type"),
                "actor": (record.get("actor") or {}).get("name"),
                "recipient": (record.get("recipient") or {}).get("name"),
                "place": place.get("name"),
                "lat": place.get("lat"),
                "lon": place.get("lon"),
                "country": place.get("country"),
                "geo_precision": place.get("precision"),
                "time": time.get("value"),
                "time_precision": time.get("precision"),
                "killed": (counts.get("killed") or {}).get("best"),
                "injured": (counts.get("injured") or {}).get("best"),
                "status": record.get("status"),
                "confidence": record.get("confidence"),
                "sources": record.get("sources"),
                "disputed": bool(record.get("disputes")),
                "record": json.dumps(record, ensure_ascii=False),
            }
        )
        for mention in record.get("mentions") or []:
            mention_rows.append(
                {
                    "event": record["id"],
                    "document": mention["document"],
                    "document_event": mention["event"],
                    "confidence": mention.get("confidence"),
                    "copy_of": mention.get("copy_of"),
                }
            )
    wanted = {m["document"] for m in mention_rows} if any(v is not None for v in filters.values()) else None
    document_rows = [
        {
            "id": d["id"],
            "url": d.get("url"),
            "site": d.get("site"),
            "title": d.get("title"),
            "published": d.get("published"),
            "text": d["text"],
            "document": json.dumps(d, ensure_ascii=False),
        }
        for d in corpus.documents()
        if wanted is None or d["id"] in wanted
    ]
    for name, rows, schema in (
        ("events", event_rows, _EVENT_SCHEMA),
        ("mentions", mention_rows, _MENTION_SCHEMA),
        ("documents", document_rows, _DOCUMENT_SCHEMA),
    ):
        table = pa.Table.from_pylist(rows, schema=pa.schema(schema))
        pq.write_table(table, folder / f"{name}.parquet")
    return len(event_rows)


_EVENT_SCHEMA = [
    ("id", "string"), ("type", "string"), ("mode", "string"), ("acled_event_type", "string"),
    ("acled_sub_event_type", "string"), ("actor", "string"), ("recipient", "string"), ("place", "string"),
    ("lat", "float64"), ("lon", "float64"), ("country", "string"), ("geo_precision", "int64"),
    ("time", "string"), ("time_precision", "string"), ("killed", "int64"), ("injured", "int64"),
    ("status", "string"), ("confidence", "float64"), ("sources", "int64"), ("disputed", "bool"),
    ("record", "string"),
]  # fmt: skip
_MENTION_SCHEMA = [
    ("event", "string"), ("document", "string"), ("document_event", "string"), ("confidence", "float64"),
    ("copy_of", "string"),
]  # fmt: skip
_DOCUMENT_SCHEMA = [
    ("id", "string"), ("url", "string"), ("site", "string"), ("title", "string"), ("published", "string"),
    ("text", "string"), ("document", "string"),
]  # fmt: skip


def formats() -> dict[str, Callable[..., int]]:
    """The export writers by format name, as the registry declares them (wirecoder.registry.EXPORTS)."""
    return {component.name: component.load() for component in registry.EXPORTS}
