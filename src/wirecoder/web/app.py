"""The web app: a read-only JSON API under /api and server-rendered pages over a corpus store.

`create_app(db_url)` opens the store read-only (connections refuse writes: SQLite `query_only`,
PostgreSQL read-only transactions), bringing its schema to the newest revision first when it is
behind (the read indexes of migration 0002). Every response carries a Content-Security-Policy that
allows only the app's own scripts, styles and images; templates autoescape every value.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import event as sa_event
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from wirecoder import __version__
from wirecoder.corpus.export import geojson_feature
from wirecoder.store import SCHEMA_REVISION, Store, StoreError, open_store
from wirecoder.web import queries
from wirecoder.web.filters import (
    MAX_LIMIT,
    SORTS,
    STATUSES,
    EventFilters,
    FilterError,
    acled_types,
    parse_filters,
    parse_limit,
    parse_sort,
    plover_types,
)
from wirecoder.web.spans import LAYERS, segments

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
FORMATS = ("csv", "geojson", "jsonl")
MAX_POINTS = 50_000
CSV_COLUMNS = (
    "id", "type", "mode", "acled_event_type", "acled_sub_event_type", "actor", "actor_country", "recipient",
    "recipient_country", "place", "country", "admin1", "lat", "lon", "precision", "time", "time_precision",
    "killed", "injured", "status", "sources", "disputed", "confidence", "first_report", "last_report", "documents",
)  # fmt: skip
TYPE_COLOURS = (
    "#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
)  # fmt: skip

_DESCRIPTIONS = {
    "type": "PLOVER event type, e.g. ASSAULT",
    "mode": "PLOVER mode, e.g. drone",
    "acled_event_type": "ACLED event type, e.g. Battles",
    "acled_sub_event_type": "ACLED sub-event type, e.g. Armed clash",
    "actor": "text in the actor's or the recipient's name (case-insensitive)",
    "country": "ISO 3166-1 alpha-3 country code of the place, e.g. UKR",
    "place": "text in the place's name (case-insensitive)",
    "since": "events on or after this day (YYYY-MM-DD)",
    "until": "events on or before this day (YYYY-MM-DD)",
    "status": "one of " + ", ".join(STATUSES),
    "min_sources": "at least this many independent sources (1 or more)",
    "disputed": "true: only events whose sources disagree; false: only the others",
}


def _event_filters(
    type: Annotated[str | None, Query(description=_DESCRIPTIONS["type"])] = None,
    mode: Annotated[str | None, Query(description=_DESCRIPTIONS["mode"])] = None,
    acled_event_type: Annotated[str | None, Query(description=_DESCRIPTIONS["acled_event_type"])] = None,
    acled_sub_event_type: Annotated[str | None, Query(description=_DESCRIPTIONS["acled_sub_event_type"])] = None,
    actor: Annotated[str | None, Query(description=_DESCRIPTIONS["actor"])] = None,
    country: Annotated[str | None, Query(description=_DESCRIPTIONS["country"])] = None,
    place: Annotated[str | None, Query(description=_DESCRIPTIONS["place"])] = None,
    since: Annotated[str | None, Query(description=_DESCRIPTIONS["since"])] = None,
    until: Annotated[str | None, Query(description=_DESCRIPTIONS["until"])] = None,
    status: Annotated[str | None, Query(description=_DESCRIPTIONS["status"])] = None,
    min_sources: Annotated[str | None, Query(description=_DESCRIPTIONS["min_sources"])] = None,
    disputed: Annotated[str | None, Query(description=_DESCRIPTIONS["disputed"])] = None,
) -> EventFilters:
    return parse_filters({k: v for k, v in locals().items() if v is not None})


Filters = Annotated[EventFilters, Depends(_event_filters)]
SortParam = Annotated[str | None, Query(description="order: " + ", ".join(SORTS) + " (default -date)")]
CursorParam = Annotated[str | None, Query(description="the `next` value of the previous page")]
LimitParam = Annotated[str | None, Query(description=f"events per page, 1 to {MAX_LIMIT} (default 50)")]
ArticleQ = Annotated[str | None, Query(description="full-text search (words, all of them must occur)")]
SiteParam = Annotated[str | None, Query(description="the site the articles come from")]
OffsetCursor = Annotated[str | None, Query(description="the `next` value of the previous page")]


def _connect(request: Request) -> Iterator[Any]:
    with request.app.state.store.engine.connect() as conn:
        yield conn


Conn = Annotated[Any, Depends(_connect)]


def open_read_only(db_url: str | None, *, migrate: bool = True) -> Store:
    """The store for reading; its schema brought to the newest revision first when behind."""
    store = open_store(db_url, writer=False)
    if _revision(store) != SCHEMA_REVISION:
        store.close()
        if not migrate:
            raise StoreError(f"{db_url}: the store's schema is older than {SCHEMA_REVISION}; open it for writing once")
        open_store(db_url, writer=True).close()  # applies the migrations
        store = open_store(db_url, writer=False)
    if store.is_sqlite:
        sa_event.listen(store.engine, "connect", _sqlite_read_only)
    else:
        sa_event.listen(store.engine, "connect", _postgres_read_only)
    store.engine.dispose()  # connections made before the listeners were added
    return store


def _revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # noqa: BLE001 - no version table: a store from before Alembic
            return None


def _sqlite_read_only(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def _postgres_read_only(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(
    db_url: str | None = None,
    *,
    migrate: bool = True,
    allowed_hosts: list[str] | None = None,
    ingest_token: str | None = None,
) -> FastAPI:
    """The app over the store at db_url. allowed_hosts: the Host header values to answer (others get a
    400: a page elsewhere cannot reach a loopback server by renaming it, DNS rebinding); None: any.
    ingest_token: turns on `POST /api/articles` for requests that carry it (web.ingest); off when None."""
    store = open_read_only(db_url, migrate=migrate)
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()
        if getattr(_app.state, "ingest_corpus", None) is not None:
            _app.state.ingest_corpus.close()

    app = FastAPI(
        lifespan=lifespan,
        title="wirecoder",
        version=__version__,
        description="Read-only API over a wirecoder corpus: merged events, their sources and the articles.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    package = resources.files("wirecoder.web")
    # every value escaped, in every template (not only *.html): article text is hostile input
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package / "templates")), autoescape=True, undefined=jinja2.Undefined
    )
    templates = Jinja2Templates(env=environment)
    templates.env.globals.update(
        version=__version__,
        layers=LAYERS,
        plover_types=plover_types(),
        acled_event_types=acled_types()[0],
        acled_sub_event_types=acled_types()[1],
        statuses=STATUSES,
        sorts=SORTS,
        type_colour=lambda t: TYPE_COLOURS[plover_types().index(t) % len(TYPE_COLOURS)] if t in plover_types() else "#555",
        type_index=lambda t: plover_types().index(t) if t in plover_types() else "x",
    )
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.mount("/static", StaticFiles(directory=str(package / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api")

    @app.exception_handler(FilterError)
    async def filter_error(request: Request, err: FilterError):
        if is_api(request):
            return JSONResponse({"detail": err.detail()}, status_code=422)
        return templates.TemplateResponse(
            request, "error.html", {"status": 422, "message": str(err), "title": "Invalid filter"}, status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException):
        if is_api(request):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code)
        return templates.TemplateResponse(
            request, "error.html", {"status": err.status_code, "message": str(err.detail), "title": "Error"},
            status_code=err.status_code,
        )  # fmt: skip

    # ---- API -----------------------------------------------------------------------------------

    @app.get("/api/events", tags=["events"], summary="Merged events, filtered, one page at a time")
    def api_events(conn: Conn, filters: Filters, sort: SortParam = None, cursor: CursorParam = None,
                   limit: LimitParam = None) -> dict[str, Any]:  # fmt: skip
        items, following = queries.list_events(
            conn, filters, sort=parse_sort(sort), cursor=cursor, limit=parse_limit(limit)
        )
        return {"items": items, "next": following}

    @app.get("/api/events.{fmt}", tags=["events"], summary="Every event of the filter as CSV, GeoJSON or JSONL")
    def api_events_download(fmt: str, filters: Filters, sort: SortParam = None) -> Response:
        if fmt not in FORMATS:
            raise HTTPException(404, f"no such format: .{fmt} (formats: {', '.join(FORMATS)})")
        order = parse_sort(sort)

        def records() -> Iterator[dict[str, Any]]:
            with store.engine.connect() as conn:
                yield from queries.iter_events(conn, filters, sort=order)

        return _download(fmt, records(), "events", _event_row, geojson_feature)

    @app.get("/api/events/{event_id}", tags=["events"], summary="One merged event, with what each source says")
    def api_event(event_id: str, conn: Conn) -> dict[str, Any]:
        pk = queries.event_pk(event_id)
        found = queries.get_event(conn, pk) if pk is not None else None
        if found is None:
            raise HTTPException(404, f"no event {event_id} (event ids look like ev-12)")
        return found

    @app.get("/api/points", tags=["events"], summary="Located events of the filter, compact, for the map")
    def api_points(conn: Conn, filters: Filters) -> dict[str, Any]:
        items, truncated = queries.points(conn, filters, limit=MAX_POINTS)
        return {"fields": ["id", "lat", "lon", "type", "killed", "day"], "items": items, "truncated": truncated}

    @app.get("/api/timeline", tags=["events"], summary="Events, killed and injured per day or week and type")
    def api_timeline(conn: Conn, filters: Filters,
                     bin: Annotated[str, Query(description="day or week")] = "day") -> dict[str, Any]:  # fmt: skip
        if bin not in ("day", "week"):
            raise FilterError("bin", "day or week", bin)
        return {"bin": bin, "items": queries.timeline(conn, filters, bin=bin)}

    def _article_query(q: str | None, site: str | None) -> tuple[str | None, str | None]:
        if q is not None and len(q) > 500:
            raise FilterError("q", "search text of at most 500 characters", q[:40] + "…")
        if site is not None and len(site) > 300:
            raise FilterError("site", "a site name of at most 300 characters", site[:40] + "…")
        return (q or None), (site or None)

    @app.get("/api/articles", tags=["articles"], summary="Current articles, newest first or by relevance to q")
    def api_articles(conn: Conn, q: ArticleQ = None, site: SiteParam = None, cursor: OffsetCursor = None,
                     limit: LimitParam = None) -> dict[str, Any]:  # fmt: skip
        q, site = _article_query(q, site)
        offset = _offset(cursor)
        size = parse_limit(limit)
        items, more = queries.list_articles(conn, q=q, site=site, offset=offset, limit=size)
        return {"items": items, "next": str(offset + size) if more else None}

    @app.get("/api/articles.{fmt}", tags=["articles"], summary="The matching articles as CSV or JSONL; their places as GeoJSON")
    def api_articles_download(fmt: str, q: ArticleQ = None, site: SiteParam = None) -> Response:
        if fmt not in FORMATS:
            raise HTTPException(404, f"no such format: .{fmt} (formats: {', '.join(FORMATS)})")
        q, site = _article_query(q, site)

        def rows() -> Iterator[dict[str, Any]]:
            with store.engine.connect() as conn:
                if fmt == "geojson":
                    yield from queries.article_places(conn, q=q, site=site, limit=MAX_POINTS)
                    return
                offset = 0
                while True:
                    items, more = queries.list_articles(conn, q=q, site=site, offset=offset, limit=500)
                    yield from items
                    if not more:
                        return
                    offset += 500

        return _download(fmt, rows(), "articles", lambda a: a, lambda f: f,
                         columns=("id", "title", "site", "url", "published", "snippet"))  # fmt: skip

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article: its Document and the merged events it reports")
    def api_article(article_id: str, conn: Conn) -> dict[str, Any]:
        found = queries.get_article(conn, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for it on pages without the icon link (JSON, errors)
        icon = (package / "static" / "favicon.svg").read_bytes()
        return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request):
        return templates.TemplateResponse(request, "docs.html", {"title": "API", "spec": app.openapi()})

    # ---- pages ---------------------------------------------------------------------------------

    def page_context(request: Request, filters: EventFilters, **extra: Any) -> dict[str, Any]:
        query = urlencode(filters.query_items())
        return {"filters": filters, "query": query, "qs": ("?" + query) if query else "", **extra}

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    @app.get("/events", include_in_schema=False, response_class=HTMLResponse)
    def events_page(request: Request, conn: Conn, filters: Filters, sort: SortParam = None,
                    cursor: CursorParam = None, limit: LimitParam = None):  # fmt: skip
        order = parse_sort(sort)
        items, following = queries.list_events(conn, filters, sort=order, cursor=cursor, limit=parse_limit(limit))
        context = page_context(request, filters, title="Events", items=items, sort=order, cursor=cursor,
                               total=queries.count_events(conn, filters))  # fmt: skip
        base = filters.query_items() + ([("sort", order)] if order != "-date" else [])
        context["next_url"] = "/events?" + urlencode([*base, ("cursor", following)]) if following else None
        context["first_url"] = "/events?" + urlencode(base) if cursor else None
        context["sort_links"] = {
            key: "/events?" + urlencode([*filters.query_items(), ("sort", key if order == "-" + key else "-" + key)])
            for key in ("id", "date", "killed", "sources")
        }
        return templates.TemplateResponse(request, "events.html", context)

    @app.get("/events/{event_id}", include_in_schema=False, response_class=HTMLResponse)
    def event_page(request: Request, event_id: str, conn: Conn):
        pk = queries.event_pk(event_id)
        found = queries.get_event(conn, pk) if pk is not None else None
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        record = found["event"]
        disputed = {d["field"] for d in record.get("disputes") or []}
        return templates.TemplateResponse(
            request, "event.html",
            {"title": f"Event {record['id']}", "event": record, "sources": found["sources"], "disputed": disputed},
        )  # fmt: skip

    @app.get("/articles", include_in_schema=False, response_class=HTMLResponse)
    def articles_page(request: Request, conn: Conn, q: ArticleQ = None, site: SiteParam = None,
                      cursor: OffsetCursor = None):  # fmt: skip
        q, site = _article_query(q, site)
        offset = _offset(cursor)
        items, more = queries.list_articles(conn, q=q, site=site, offset=offset, limit=50)
        params = [(k, v) for k, v in (("q", q), ("site", site)) if v]
        return templates.TemplateResponse(
            request, "articles.html",
            {"title": "Articles", "items": items, "q": q or "", "site": site or "",
             "next_url": "/articles?" + urlencode([*params, ("cursor", offset + 50)]) if more else None,
             "download_query": urlencode(params)},
        )  # fmt: skip

    @app.get("/articles/{article_id}", include_in_schema=False, response_class=HTMLResponse)
    def article_page(request: Request, article_id: str, conn: Conn):
        found = queries.get_article(conn, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        doc = found["document"]
        return templates.TemplateResponse(
            request, "article.html",
            {"title": found["title"] or found["id"], "article": found, "doc": doc, "segments": segments(doc)},
        )  # fmt: skip

    @app.get("/map", include_in_schema=False, response_class=HTMLResponse)
    def map_page(request: Request, filters: Filters):
        return templates.TemplateResponse(request, "map.html", page_context(request, filters, title="Map"))

    @app.get("/timeline", include_in_schema=False, response_class=HTMLResponse)
    def timeline_page(request: Request, filters: Filters):
        return templates.TemplateResponse(request, "timeline.html", page_context(request, filters, title="Timeline"))

    if ingest_token is not None:
        from wirecoder.web.ingest import add_ingest

        try:
            add_ingest(app, db_url, ingest_token)
        except BaseException:
            store.close()
            raise
    return app


def _offset(cursor: str | None) -> int:
    if cursor is None or cursor == "":
        return 0
    if not cursor.isdigit() or len(cursor) > 9:
        raise FilterError("cursor", "the `next` value of a previous page", cursor)
    return int(cursor)


def _spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _event_row(record: dict[str, Any]) -> dict[str, Any]:
    actor, recipient = record.get("actor") or {}, record.get("recipient") or {}
    place, time, counts = record.get("place") or {}, record.get("time") or {}, record.get("counts") or {}
    return {
        "id": record["id"], "type": record.get("type"), "mode": record.get("mode"),
        "acled_event_type": record.get("acled_event_type"), "acled_sub_event_type": record.get("acled_sub_event_type"),
        "actor": actor.get("name"), "actor_country": actor.get("country"), "recipient": recipient.get("name"),
        "recipient_country": recipient.get("country"), "place": place.get("name"), "country": place.get("country"),
        "admin1": place.get("admin1"), "lat": place.get("lat"), "lon": place.get("lon"), "precision": place.get("precision"),
        "time": time.get("value"), "time_precision": time.get("precision"),
        "killed": (counts.get("killed") or {}).get("best"), "injured": (counts.get("injured") or {}).get("best"),
        "status": record.get("status"), "sources": record.get("sources"), "disputed": bool(record.get("disputes")),
        "confidence": record.get("confidence"), "first_report": record.get("first_report"),
        "last_report": record.get("last_report"), "documents": " ".join(record.get("documents") or []),
    }  # fmt: skip


def _download(fmt: str, items: Iterator[dict[str, Any]], name: str, row, feature, columns=CSV_COLUMNS) -> Response:
    if fmt == "jsonl":
        body = (json.dumps(item, ensure_ascii=False) + "\n" for item in items)
        media = "application/x-ndjson"
    elif fmt == "geojson":
        body = _geojson(feature(item) for item in items)
        media = "application/geo+json"
    else:
        body = _csv(columns, (row(item) for item in items))
        media = "text/csv; charset=utf-8"
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return StreamingResponse(body, media_type=media, headers=headers)


def _geojson(features: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for n, feature in enumerate(features):
        yield ("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False)
    yield "\n]}\n"


def _csv(columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for n, item in enumerate(rows, 1):
        writer.writerow({k: _spreadsheet_safe(v) for k, v in item.items()})
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
