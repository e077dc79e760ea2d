"""The web app's read queries (SQLAlchemy Core, bound parameters only), over the store's tables and
the read indexes of migration 0002 (event_facets; documents_fts on SQLite, documents_search on
PostgreSQL)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    func,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.engine import Connection

from wirecoder.corpus import EVENT_ID_PREFIX, event_record
from wirecoder.store.tables import documents, events, mentions
from wirecoder.web.filters import EventFilters, decode_cursor, encode_cursor

_metadata = MetaData()
facets = Table(
    "event_facets",
    _metadata,
    Column("event_pk", Integer, primary_key=True),
    Column("type", String(40)),
    Column("day_key", String(10)),
    Column("last_day", String(10)),
    Column("country", String(3)),
    Column("sources", Integer),
    Column("disputed", Boolean),
    Column("confidence", Float),
    Column("lat", Float),
    Column("lon", Float),
    Column("mode", Text),
    Column("acled_event_type", Text),
    Column("acled_sub_event_type", Text),
    Column("status", Text),
    Column("actor", Text),
    Column("recipient", Text),
    Column("place", Text),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("killed_key", Integer),
)

_SORT_KEYS = {
    "date": (facets.c.day_key, str),
    "killed": (facets.c.killed_key, int),
    "sources": (facets.c.sources, int),
    "id": (facets.c.event_pk, int),
}


def event_id(pk: int) -> str:
    return f"{EVENT_ID_PREFIX}{pk}"


def event_pk(value: str) -> int | None:
    match = re.fullmatch(re.escape(EVENT_ID_PREFIX) + r"(\d{1,18})", value)
    return int(match.group(1)) if match else None


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(f: EventFilters) -> list:
    c = facets.c
    where = []
    for name in ("type", "mode", "acled_event_type", "acled_sub_event_type", "status", "country"):
        value = getattr(f, name)
        if value is not None:
            where.append(c[name] == value)
    if f.actor is not None:
        pattern = _like(f.actor)
        where.append(or_(c.actor.like(pattern, escape="\\"), c.recipient.like(pattern, escape="\\")))
    if f.place is not None:
        where.append(c.place.like(_like(f.place), escape="\\"))
    if f.since is not None:
        where.append(c.last_day >= f.since)
    if f.until is not None:
        where.append(and_(c.day_key != "", c.day_key <= f.until))
    if f.min_sources is not None:
        where.append(c.sources >= f.min_sources)
    if f.disputed is not None:
        where.append(c.disputed.is_(f.disputed))
    return where


def _ordered(query, sort: str, after: tuple[Any, int] | None):
    descending = sort.startswith("-")
    column, _ = _SORT_KEYS[sort.lstrip("-")]
    if after is not None:
        key, pk = after
        pair, bound = tuple_(column, facets.c.event_pk), tuple_(key, pk)
        query = query.where(pair < bound if descending else pair > bound)
    if column is facets.c.event_pk:
        return query.order_by(column.desc() if descending else column)
    if descending:
        return query.order_by(column.desc(), facets.c.event_pk.desc())
    return query.order_by(column, facets.c.event_pk)


def list_events(
    conn: Connection, f: EventFilters, *, sort: str, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of merged event records and the cursor of the next page (None on the last)."""
    column, key_type = _SORT_KEYS[sort.lstrip("-")]
    after = decode_cursor(cursor, sort, key_type)
    query = select(facets.c.event_pk, column.label("sort_key")).where(*_conditions(f))
    rows = conn.execute(_ordered(query, sort, after).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    records = _records(conn, [r.event_pk for r in rows])
    items = [records[r.event_pk] for r in rows if r.event_pk in records]
    following = encode_cursor(sort, rows[-1].sort_key, rows[-1].event_pk) if more and rows else None
    return items, following


def count_events(conn: Connection, f: EventFilters) -> int:
    return conn.execute(select(func.count()).select_from(facets).where(*_conditions(f))).scalar_one()


def _records(conn: Connection, pks: list[int]) -> dict[int, dict[str, Any]]:
    if not pks:
        return {}
    rows = conn.execute(select(events.c.pk, events.c.record).where(events.c.pk.in_(pks)))
    return {row.pk: event_record(row.pk, row.record) for row in rows}


def iter_events(conn: Connection, f: EventFilters, *, sort: str) -> Iterator[dict[str, Any]]:
    """Every event of the filter, in the sort order (for the downloads)."""
    query = _ordered(
        select(events.c.pk, events.c.record)
        .select_from(facets.join(events, events.c.pk == facets.c.event_pk))
        .where(*_conditions(f)),
        sort,
        None,
    )
    for row in conn.execution_options(yield_per=500).execute(query):
        yield event_record(row.pk, row.record)


def points(conn: Connection, f: EventFilters, *, limit: int) -> tuple[list[list[Any]], bool]:
    """Located events as [id, lat, lon, type, killed, label] for the map; True when cut at limit."""
    query = (
        select(facets.c.event_pk, facets.c.lat, facets.c.lon, facets.c.type, facets.c.killed, facets.c.day_key)
        .where(*_conditions(f), facets.c.lat.is_not(None), facets.c.lon.is_not(None))
        .order_by(facets.c.event_pk)
        .limit(limit + 1)
    )
    rows = conn.execute(query).all()
    return [
        [event_id(r.event_pk), r.lat, r.lon, r.type, r.killed, r.day_key or None] for r in rows[:limit]
    ], len(rows) > limit


def timeline(conn: Connection, f: EventFilters, *, bin: str) -> list[dict[str, Any]]:
    """Per day (or week, starting Monday) and type: events, killed, injured."""
    rows = conn.execute(
        select(
            facets.c.day_key,
            facets.c.type,
            func.count().label("events"),
            func.coalesce(func.sum(facets.c.killed), 0).label("killed"),
            func.coalesce(func.sum(facets.c.injured), 0).label("injured"),
        )
        .where(*_conditions(f), facets.c.day_key != "")
        .group_by(facets.c.day_key, facets.c.type)
        .order_by(facets.c.day_key, facets.c.type)
    ).all()
    import datetime as dt

    out: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        day = row.day_key
        if bin == "week":
            date = dt.date.fromisoformat(day)
            day = (date - dt.timedelta(days=date.weekday())).isoformat()
        entry = out.setdefault((day, row.type), {"start": day, "type": row.type, "events": 0, "killed": 0, "injured": 0})
        entry["events"] += row.events
        entry["killed"] += int(row.killed)
        entry["injured"] += int(row.injured)
    return sorted(out.values(), key=lambda e: (e["start"], e["type"] or ""))


def get_event(conn: Connection, pk: int) -> dict[str, Any] | None:
    """The merged record and what each mention's source says (its compared features)."""
    row = conn.execute(select(events.c.pk, events.c.record).where(events.c.pk == pk)).first()
    if row is None:
        return None
    record = event_record(row.pk, row.record)
    rows = conn.execute(
        select(
            mentions.c.doc_event,
            mentions.c.features,
            documents.c.doc_id,
            documents.c.title,
            documents.c.site,
            documents.c.url,
            documents.c.published,
            documents.c.copy_of,
            documents.c.pk.label("document_pk"),
        )
        .select_from(mentions.join(documents, documents.c.pk == mentions.c.document_pk))
        .where(mentions.c.event_pk == pk)
        .order_by(documents.c.published, documents.c.doc_id, mentions.c.doc_event)
    ).all()
    originals = {r.document_pk: r.doc_id for r in rows}
    missing = {r.copy_of for r in rows if r.copy_of and r.copy_of not in originals}
    if missing:
        for doc in conn.execute(select(documents.c.pk, documents.c.doc_id).where(documents.c.pk.in_(missing))):
            originals[doc.pk] = doc.doc_id
    sources = []
    for r in rows:
        features = json.loads(r.features)
        counts = features.get("counts") or {}
        sources.append(
            {
                "document": r.doc_id,
                "event": r.doc_event,
                "title": r.title,
                "site": r.site,
                "url": r.url,
                "published": r.published,
                "copy_of": originals.get(r.copy_of) if r.copy_of and r.copy_of != r.document_pk else None,
                "values": {
                    "mode": features.get("mode"),
                    "acled_event_type": features.get("acled_event_type"),
                    "acled_sub_event_type": features.get("acled_sub_event_type"),
                    "actor": (features.get("actor") or {}).get("name"),
                    "recipient": (features.get("recipient") or {}).get("name"),
                    "place": (features.get("place") or {}).get("name"),
                    "date": _date_text(features.get("date")),
                    "killed": (counts.get("killed") or {}).get("best"),
                    "injured": (counts.get("injured") or {}).get("best"),
                    "status": features.get("status"),
                },
                "confidence": features.get("confidence"),
                "sentence": features.get("sentence"),
            }
        )
    return {"event": record, "sources": sources}


def _date_text(date: dict[str, Any] | None) -> str | None:
    if not date:
        return None
    if date.get("precision") == "day" or date.get("first") == date.get("last"):
        return date.get("first")
    return f"{date.get('first')}/{date.get('last')}"


# ---- articles ----------------------------------------------------------------------------------


def search_terms(q: str) -> list[str]:
    """The words of a search (letters and digits); operators and punctuation are not syntax here."""
    return re.findall(r"\w+", q.lower())[:20]


def list_articles(
    conn: Connection, *, q: str | None, site: str | None, offset: int, limit: int
) -> tuple[list[dict[str, Any]], bool]:
    """Current articles (newest first, or by relevance for a search) and whether more follow."""
    d = documents.c
    columns = [d.pk, d.doc_id, d.title, d.site, d.url, d.published]
    where = [d.current.is_(True)]
    if site:
        where.append(d.site == site)
    terms = search_terms(q) if q else []
    if q and not terms:
        return [], False
    paged = False  # whether the query below has its own offset and limit
    if terms and conn.dialect.name == "sqlite":
        match = " ".join('"' + t + '"' for t in terms)
        if site:
            query = (
                select(*columns)
                .select_from(documents.join(text("documents_fts"), text("documents_fts.rowid = documents.pk")))
                .where(*where, text("documents_fts MATCH :match").bindparams(match=match))
                .order_by(text("documents_fts.rank"), d.pk.desc())
            )
        else:
            # the best matches first, inside FTS5 (only current documents are in the index: the
            # triggers take old versions out), then their rows
            hits = (
                text(
                    "SELECT rowid AS pk, rank FROM documents_fts WHERE documents_fts MATCH :match "
                    "ORDER BY rank LIMIT :hit_limit OFFSET :hit_offset"
                )
                .bindparams(match=match, hit_limit=limit + 1, hit_offset=offset)
                .columns(pk=Integer, rank=Float)
                .subquery("hits")
            )
            query = (
                select(*columns)
                .select_from(documents.join(hits, hits.c.pk == d.pk))
                .where(*where)
                .order_by(hits.c.rank, d.pk.desc())
            )
            paged = True
    elif terms:
        tsquery = func.plainto_tsquery("english", " ".join(terms))
        search = text("documents_search")
        query = (
            select(*columns)
            .select_from(documents.join(search, text("documents_search.document_pk = documents.pk")))
            .where(*where, text("documents_search.tsv @@ plainto_tsquery('english', :terms)").bindparams(terms=" ".join(terms)))
            .order_by(func.ts_rank(text("documents_search.tsv"), tsquery).desc(), d.pk.desc())
        )
    else:
        query = select(*columns).where(*where).order_by(d.published.desc(), d.pk.desc())
    rows = conn.execute(query if paged else query.offset(offset).limit(limit + 1)).all()
    items = []
    for row in rows[:limit]:
        items.append(
            {"id": row.doc_id, "title": row.title, "site": row.site, "url": row.url, "published": row.published}
        )
    if terms and items:
        texts = dict(
            conn.execute(
                select(d.doc_id, func.coalesce(d.document, "")).where(
                    d.current.is_(True), d.doc_id.in_([i["id"] for i in items])
                )
            ).all()
        )
        for item in items:
            item["snippet"] = snippet(json.loads(texts[item["id"]]).get("text") or "", terms)
    return items, len(rows) > limit


def snippet(body: str, terms: list[str], width: int = 90) -> str:
    """Plain text around the first word of the search found in the body."""
    lowered = body.lower()
    found = [m.start() for t in terms for m in [re.search(r"\b" + re.escape(t), lowered)] if m]
    at = min(found) if found else 0
    start = max(0, at - width // 2)
    end = min(len(body), start + width * 2)
    return ("…" if start else "") + " ".join(body[start:end].split()) + ("…" if end < len(body) else "")


def get_article(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """The current version of an article: metadata, its Document and the merged events it reports."""
    d = documents.c
    row = conn.execute(
        select(d.pk, d.doc_id, d.version, d.title, d.site, d.url, d.published, d.copy_of, d.stored_at, d.document)
        .where(d.doc_id == doc_id, d.current.is_(True))
        .order_by(d.pk.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    linked = conn.execute(
        select(mentions.c.doc_event, mentions.c.event_pk).where(mentions.c.document_pk == row.pk)
    ).all()
    copy_of = None
    if row.copy_of and row.copy_of != row.pk:
        copy_of = conn.execute(select(d.doc_id).where(d.pk == row.copy_of)).scalar()
    return {
        "id": row.doc_id,
        "version": row.version,
        "title": row.title,
        "site": row.site,
        "url": row.url,
        "published": row.published,
        "stored_at": row.stored_at,
        "copy_of": copy_of,
        "events": {m.doc_event: event_id(m.event_pk) for m in sorted(linked)},
        "document": json.loads(row.document),
    }


def article_places(conn: Connection, *, q: str | None, site: str | None, limit: int) -> Iterator[dict[str, Any]]:
    """GeoJSON features of the located places the matching articles name."""
    offset = 0
    while True:
        items, more = list_articles(conn, q=q, site=site, offset=offset, limit=200)
        if not items:
            return
        docs = dict(
            conn.execute(
                select(documents.c.doc_id, documents.c.document).where(
                    documents.c.current.is_(True), documents.c.doc_id.in_([i["id"] for i in items])
                )
            ).all()
        )
        for item in items:
            for place in json.loads(docs[item["id"]]).get("places") or []:
                if place.get("lat") is None or place.get("lon") is None:
                    continue
                yield {
                    "type": "Feature",
                    "id": f"{item['id']}#{place.get('id')}",
                    "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                    "properties": {"article": item["id"], **{k: v for k, v in place.items() if k != "mentions"}},
                }
                limit -= 1
                if limit <= 0:
                    return
        if not more:
            return
        offset += 200
