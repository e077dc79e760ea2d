"""The web app's API and pages with FastAPI's TestClient, on a store of hand-built Documents (SQLite,
and PostgreSQL where WIRECODER_TEST_POSTGRES names a server), and (slow) on the seed."""

from __future__ import annotations

import csv
import io
import json
import warnings
from html.parser import HTMLParser

import pytest
from sqlalchemy import text
from test_cli import invoke
from test_corpus import POSTGRES, db_url, document  # noqa: F401 - db_url is a fixture
from web_store import HOSTILE_PLACE, HOSTILE_TEXT, fill, layered

from wirecoder.corpus import Corpus
from wirecoder.web import create_app
from wirecoder.web.filters import STATUSES

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette asks for httpx2 instead of httpx
    from fastapi.testclient import TestClient


@pytest.fixture
def store(db_url):  # noqa: F811
    ids = fill(db_url)
    return db_url, ids


@pytest.fixture
def client(store):
    db, _ = store
    app = create_app(db)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def ids(store):
    return store[1]


def all_ids(client, query=""):
    return {e["id"] for e in client.get(f"/api/events?limit=500&{query}").json()["items"]}


# ---- the events API ---------------------------------------------------------------------------------


def test_events_list_has_items_and_next(client, ids):
    body = client.get("/api/events").json()
    assert set(body) == {"items", "next"} and body["next"] is None
    assert {e["id"] for e in body["items"]} == set(ids.values())
    assert all(e["schema"] == "wirecoder/events/1" for e in body["items"])
    # newest first by default
    days = [e["time"]["value"] for e in body["items"]]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("type=ASSAULT", {"a,b", "c", "hostile"}),
        ("type=assault", {"a,b", "c", "hostile"}),
        ("type=PROTEST", {"d"}),
        ("country=usa", {"a,b", "c", "hostile"}),
        ("country=RUS", {"d"}),
        ("place=nAMPA", {"a,b"}),
        ("place=boise", {"hostile"}),
        ("since=2016-07-02", {"d", "e", "hostile"}),
        ("until=2016-07-01", {"a,b", "c"}),
        ("since=2016-07-01&until=2016-07-02", {"c", "d"}),
        ("status=asserted", {"c", "d", "e"}),
        ("status=claimed", {"a,b", "hostile"}),
        ("min_sources=2", set()),
        ("actor=smith", set()),
        ("disputed=false", {"a,b", "c", "d", "e", "hostile"}),
        ("disputed=true", set()),
        ("type=ASSAULT&country=USA&place=chic", {"c"}),
        ("place=%25", set()),  # a LIKE wildcard is a plain character
        ("type=", {"a,b", "c", "d", "e", "hostile"}),  # an empty field is no filter
    ],
)
def test_event_filters(client, ids, query, expected):
    assert all_ids(client, query) == {ids[k] for k in expected}


@pytest.mark.parametrize("sort", ["-date", "date", "-killed", "killed", "-sources", "sources", "-id", "id"])
def test_keyset_pages_cover_every_event_once_in_order(client, ids, sort):
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "sort": sort, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        assert len(body["items"]) <= 2
        seen += body["items"]
        cursor = body["next"]
        if cursor is None:
            break
    assert sorted(e["id"] for e in seen) == sorted(ids.values())
    key = {
        "date": lambda e: (e["time"] or {}).get("value") or "",
        "killed": lambda e: -1 if e["counts"]["killed"] is None else e["counts"]["killed"]["best"],
        "sources": lambda e: e["sources"],
        "id": lambda e: int(e["id"][3:]),
    }[sort.lstrip("-")]
    keys = [(key(e), int(e["id"][3:])) for e in seen]
    assert keys == sorted(keys, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    "query, parameter, expected",
    [
        ("type=ASSAUL", "type", "one of"),
        ("since=2016-02-30", "since", "YYYY-MM-DD"),
        ("until=yesterday", "until", "YYYY-MM-DD"),
        ("since=2016-07-05&until=2016-07-01", "until", "on or after"),
        ("country=US", "country", "alpha-3"),
        ("min_sources=0", "min_sources", "whole number"),
        ("min_sources=two", "min_sources", "whole number"),
        ("disputed=maybe", "disputed", "true or false"),
        ("status=rumoured", "status", "one of"),
        ("mode=Drone%20strike", "mode", "lower-case"),
        ("acled_sub_event_type=Bombing", "acled_sub_event_type", "one of"),
        ("acled_event_type=War", "acled_event_type", "one of"),
        ("sort=killed_desc", "sort", "one of"),
        ("limit=0", "limit", "whole number"),
        ("limit=501", "limit", "whole number"),
        ("cursor=bm90IGEgY3Vyc29y", "cursor", "next"),
        ("actor=" + "x" * 201, "actor", "at most"),
    ],
)
def test_invalid_filter_values_get_a_422_naming_the_parameter(client, query, parameter, expected):
    for path in ("/api/events", "/api/events.csv", "/api/points", "/api/timeline"):
        if path != "/api/events" and parameter in ("sort", "limit", "cursor"):
            continue
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, query)
        detail = response.json()["detail"][0]
        assert detail["loc"] == ["query", parameter]
        assert expected in detail["msg"]
    page = client.get(f"/events?{query}")
    assert page.status_code == 422 and parameter in page.text


def test_a_cursor_of_another_sort_is_refused(client):
    cursor = client.get("/api/events?limit=1&sort=killed").json()["next"]
    response = client.get(f"/api/events?limit=1&sort=date&cursor={cursor}")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_one_event_with_what_each_source_says(client, ids):
    body = client.get(f"/api/events/{ids['a,b']}").json()
    assert body["event"]["id"] == ids["a,b"] and body["event"]["documents"] == ["a", "b"]
    assert [s["document"] for s in body["sources"]] == ["a", "b"]
    assert body["sources"][1]["copy_of"] == "a"
    assert body["sources"][0]["values"]["place"] == "Nampa" and body["sources"][0]["values"]["injured"] == 1
    assert body["event"]["claimed_by"][0]["speaker"] == "John Smith"
    for missing in ("ev-999999", "999", "ev-x", "ev-1;drop"):
        assert client.get(f"/api/events/{missing}").status_code == 404


def test_disputes_are_shown_on_the_event_page(db_url):  # noqa: F811
    with Corpus(db_url) as corpus:
        corpus.add_document(document("x", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 1, 1)]))
        corpus.add_document(document("y", "2016-07-02", [("ASSAULT", "Nampa", "2016-06-29", 3, 1)]))
        (event,) = list(corpus.events())
    assert [d["field"] for d in event["disputes"]] == ["killed"]
    with TestClient(create_app(db_url)) as client:
        assert all_ids(client, "disputed=true") == {event["id"]}
        page = client.get(f"/events/{event['id']}").text
        assert '<tr class="dispute"><th>Killed</th>' in page
        assert page.count('<td class="dispute">') == 2  # the killed column of each source's row


def test_downloads_are_exactly_the_current_filter(client, ids):
    wanted = {ids["a,b"], ids["c"], ids["hostile"]}
    jsonl = client.get("/api/events.jsonl?type=ASSAULT")
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert {json.loads(line)["id"] for line in jsonl.text.splitlines()} == wanted
    geo = client.get("/api/events.geojson?type=ASSAULT").json()
    assert geo["type"] == "FeatureCollection" and {f["id"] for f in geo["features"]} == wanted
    nampa = next(f for f in geo["features"] if f["id"] == ids["a,b"])
    assert nampa["geometry"]["coordinates"] == [-116.56, 43.54]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv?type=ASSAULT").text)))
    assert {r["id"] for r in rows} == wanted
    assert "attachment" in client.get("/api/events.csv").headers["content-disposition"]
    assert client.get("/api/events.xml").status_code == 404
    # every event when there is no filter; none for a filter nothing matches
    assert len(client.get("/api/events.jsonl").text.splitlines()) == len(ids)
    assert client.get("/api/events.geojson?type=AID").json()["features"] == []


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(client, db_url):  # noqa: F811
    with Corpus(db_url) as corpus:
        doc = document("formula", "2016-08-01", [("ASSAULT", "Nampa", "2016-07-30", 1, 0)])
        doc["places"][0]["name"] = '=HYPERLINK("http://evil.example","x")'
        corpus.add_document(doc)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv?since=2016-07-30").text)))
    assert [r["place"] for r in rows] == ["'=HYPERLINK(\"http://evil.example\",\"x\")"]
    assert rows[0]["lon"] == "-116.56"  # numbers are left alone


def test_points_and_timeline(client, ids):
    points = client.get("/api/points").json()
    assert {p[0] for p in points["items"]} == {ids[k] for k in ("a,b", "c", "d", "hostile")}  # e has no place
    assert points["truncated"] is False
    days = client.get("/api/timeline?type=ASSAULT").json()["items"]
    assert [(d["start"], d["events"], d["killed"]) for d in days] == [
        ("2016-06-29", 1, 0), ("2016-07-01", 1, 3), ("2016-07-03", 1, 2)
    ]  # fmt: skip
    weeks = client.get("/api/timeline?bin=week").json()["items"]
    assert {w["start"] for w in weeks} == {"2016-06-27", "2016-07-04"}  # Mondays
    assert sum(w["events"] for w in weeks) == len(ids)
    assert client.get("/api/timeline?bin=month").json()["detail"][0]["loc"] == ["query", "bin"]


# ---- articles -----------------------------------------------------------------------------------------


def test_full_text_search_follows_new_versions(client, db_url):  # noqa: F811
    found = client.get("/api/articles?q=gunman fled").json()["items"]
    assert {a["id"] for a in found} == {"a", "b"}
    assert "gunman" in found[0]["snippet"]
    assert client.get("/api/articles?q=Chicago").json()["items"] == []  # hand-built c names no place in its text
    assert client.get('/api/articles?q="AND OR NOT (*').json()["items"] == []  # no query syntax to break
    assert {a["id"] for a in client.get("/api/articles?q=breaking").json()["items"]} == {"hostile"}
    with Corpus(db_url) as corpus:  # a new version of a: the index follows the triggers
        corpus.add_document(document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 0, 1)],
                                     text="A completely different report about a zeppelin."))  # fmt: skip
    assert {a["id"] for a in client.get("/api/articles?q=gunman").json()["items"]} == {"b"}
    assert {a["id"] for a in client.get("/api/articles?q=zeppelin").json()["items"]} == {"a"}
    assert client.get("/api/articles/a").json()["version"] == 2


def test_article_list_pages_and_downloads(client):
    first = client.get("/api/articles?limit=4").json()
    second = client.get(f"/api/articles?limit=4&cursor={first['next']}").json()
    ids = [a["id"] for a in first["items"] + second["items"]]
    assert sorted(ids) == ["a", "b", "c", "d", "e", "hostile"] and second["next"] is None
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles.csv?q=gunman").text)))
    assert {r["id"] for r in rows} == {"a", "b"}
    assert len(client.get("/api/articles.jsonl").text.splitlines()) == 6
    places = client.get("/api/articles.geojson?q=gunman").json()["features"]
    assert {(f["properties"]["article"], f["properties"]["name"]) for f in places} == {("a", "Nampa"), ("b", "Nampa")}
    assert client.get("/api/articles?cursor=-1").status_code == 422


def test_one_article_with_its_document_and_events(client, ids):
    body = client.get("/api/articles/a").json()
    assert body["document"]["id"] == "a" and body["document"]["actors"][0]["name"] == "John Smith"
    assert body["events"] == {"e1": ids["a,b"]}
    assert client.get("/api/articles/b").json()["copy_of"] == "a"
    assert client.get("/api/articles/nope").status_code == 404


# ---- pages ------------------------------------------------------------------------------------------------


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.tags, self.titles = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs.get("src"))
        self.handlers += [name for name in attrs if name.startswith("on")]
        if "title" in attrs:
            self.titles.append(attrs["title"])


def markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", ["/", "/events", "/events/{hostile}", "/articles/hostile", "/articles?q=breaking",
                                  "/map", "/timeline", "/api/docs", "/events?type=ASSAUL", "/events/ev-0"])  # fmt: skip
def test_pages_run_only_the_apps_own_scripts(client, ids, path):
    response = client.get(path.format(hostile=ids["hostile"]))
    assert response.status_code in (200, 404, 422)
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    parsed = markup(response.text)
    assert all(src and src.startswith("/static/") for src in parsed.scripts), parsed.scripts
    assert "<script>" not in response.text and "<script >" not in response.text
    assert parsed.handlers == [] and "img" not in parsed.tags and "b" not in parsed.tags


def test_hostile_values_are_shown_as_text(client, ids):
    article = client.get("/articles/hostile").text
    assert "&lt;script&gt;window.__pwned" in article and "onerror=&#34;window.__pwned" in article
    parsed = markup(article)
    assert any(line.startswith("place: " + HOSTILE_PLACE) for t in parsed.titles for line in t.split("\n"))  # hover, as text
    event = client.get(f"/events/{ids['hostile']}").text
    assert "&lt;img src=x onerror=" in event and "&lt;b onmouseover=alert(1)&gt;" in event
    table = client.get("/events?place=boise").text
    assert "&lt;img src=x" in table and "<img" not in table


def test_events_page_keeps_the_filters_in_links(client, ids):
    page = client.get("/events?type=ASSAULT&country=USA&sort=killed").text
    assert 'href="/api/events.csv?type=ASSAULT&amp;country=USA"' in page
    assert 'href="/api/events.geojson?type=ASSAULT&amp;country=USA"' in page
    assert '<option value="ASSAULT" selected>' in page
    assert page.count("<tr data-type=") == 3
    paged = client.get("/events?limit=2").text
    assert 'rel="next"' in paged and "cursor=" in paged


def test_article_page_has_a_layer_per_kind_of_span(client):
    page = client.get("/articles/a").text
    parsed = markup(page)
    parsed.titles = [line for title in parsed.titles for line in title.split("\n")]  # a line per covering span
    for layer in ("entities", "actors", "places", "times", "attributions", "events"):
        assert f'class="l-{layer}' in page or f" l-{layer}" in page, layer
    assert any("actor: John Smith" in t and "USA" in t and "GOV" in t for t in parsed.titles)
    assert any(t.startswith("place: Nampa · 43.5400, -116.5600") and "sense literal" in t for t in parsed.titles)
    assert any(t.startswith("time: 2016-06-29") for t in parsed.titles)
    assert any(t.startswith("attribution at1: speaker Chief John Smith") and "cue “said”" in t for t in parsed.titles)
    assert any(t.startswith("event e1: ASSAULT") and "place Nampa" in t for t in parsed.titles)
    assert 'id="event-e1"' in page and 'id="attribution-at1"' in page


def test_the_event_page_links_each_mention_to_its_evidence(client, ids):
    page = client.get(f"/events/{ids['a,b']}").text
    assert 'href="/articles/a#event-e1"' in page and 'href="/articles/b#event-e1"' in page
    assert "John Smith" in page and "the gunman fled" in page and 'href="/articles/a#attribution-at1"' in page


def test_openapi_document_validates(client):
    from openapi_spec_validator import validate

    spec = client.get("/api/openapi.json").json()
    validate(spec)
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "mode", "acled_event_type", "acled_sub_event_type", "actor", "country", "place", "since", "until",
            "status", "min_sources", "disputed", "sort", "cursor", "limit"} <= params  # fmt: skip
    assert {"/api/events", "/api/events/{event_id}", "/api/events.{fmt}", "/api/articles", "/api/articles/{article_id}"} <= set(spec["paths"])
    docs = client.get("/api/docs").text
    assert "/api/events" in docs and "min_sources" in docs


def test_the_store_is_read_only_through_the_app(client):
    store = client.app.state.store
    with pytest.raises(Exception) as raised, store.engine.connect() as conn:  # noqa: B017, PT011
        conn.execute(text("DELETE FROM events"))
        conn.commit()
    assert "read" in str(raised.value).lower()
    assert len(all_ids(client)) == 5


def test_facets_follow_a_full_merge(store):
    db, _ = store
    with Corpus(db) as corpus:
        corpus.merge()
        events = {e["id"] for e in corpus.events(type="ASSAULT")}
    with TestClient(create_app(db)) as client:
        assert all_ids(client, "type=ASSAULT") == events
        assert len(all_ids(client)) == 5


def test_an_older_store_is_migrated_and_its_indexes_filled(tmp_path):
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    from wirecoder.store import open_store

    db = str(tmp_path / "old.db")
    fill(db)
    with open_store(db) as store:  # back to revision 0001, as a store made before the web app
        config = Config()
        config.set_main_option("script_location", str(resources.files("wirecoder.store") / "migrations"))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    with TestClient(create_app(db)) as client:
        assert len(all_ids(client, "country=USA")) == 3
        assert {a["id"] for a in client.get("/api/articles?q=gunman").json()["items"]} == {"a", "b"}


def test_a_loopback_server_answers_only_loopback_names(store):
    from wirecoder.web.app import LOOPBACK_NAMES

    app = create_app(store[0], allowed_hosts=list(LOOPBACK_NAMES))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/events").status_code == 200
    with TestClient(app, base_url="http://localhost:8000") as client:
        assert client.get("/events").status_code == 200
    with TestClient(app, base_url="http://rebound.example:8000") as client:  # DNS rebinding
        assert client.get("/api/events").status_code == 400


def test_events_page_counts_the_filter(client):
    assert '<strong id="total">5 events</strong>' in client.get("/events").text
    assert '<strong id="total">1 event</strong>' in client.get("/events?type=PROTEST").text


def test_the_icon_is_served_for_pages_without_its_link(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"


def test_statuses_are_those_the_events_stage_gives():
    from wirecoder.events.write import STATUS_ORDER

    assert set(STATUSES) == set(STATUS_ORDER)


def test_serve_refuses_a_missing_store(tmp_path):
    result = invoke("serve", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no such store" in result.output


def test_a_layered_document_keeps_its_offsets():
    doc = layered("z", "2016-07-01", "2016-06-29")
    for layer in ("entities", "times"):
        for item in doc[layer]:
            assert doc["text"][item["start"] : item["end"]] == item["text"]
    assert HOSTILE_TEXT.count("<script>") == 1


@pytest.mark.slow
def test_seed_store_serves_its_article_and_events(tmp_path, seed_text):
    db = str(tmp_path / "seed.db")
    with Corpus(db) as corpus:
        corpus.add([seed_text], published="2023-05-30")
        records = list(corpus.events())
        (doc,) = list(corpus.documents())
    with TestClient(create_app(db)) as client:
        assert {e["id"] for e in client.get("/api/events?limit=500").json()["items"]} == {r["id"] for r in records}
        assert [a["id"] for a in client.get("/api/articles?q=drones Moscow").json()["items"]] == [doc["id"]]
        page = client.get(f"/articles/{doc['id']}").text
        parsed = markup(page)
        parsed.titles = [line for title in parsed.titles for line in title.split("\n")]
        assert any(t.startswith("actor: Vladimir Putin") for t in parsed.titles)
        assert any(t.startswith("place: Moscow") for t in parsed.titles)
        assert sum(t.startswith("time: ") for t in parsed.titles) >= len(doc["times"])
        drone = client.get("/api/events?acled_sub_event_type=Air/drone strike&place=moscow").json()["items"]
        assert drone and all(e["place"]["name"] == "Moscow" for e in drone)
        for record in records:
            assert client.get(f"/events/{record['id']}").status_code == 200


# ---- the optional ingest endpoint -----------------------------------------------------------------------

TOKEN = "a-test-token-of-32-characters-xx"


def test_ingest_is_off_by_default(client):
    response = client.post("/api/articles", json={"text": "Police said a man was shot in Nampa."})
    assert response.status_code == 405
    assert "post" not in client.get("/api/openapi.json").json()["paths"]["/api/articles"]


@pytest.fixture
def ingesting(tmp_path):
    db = str(tmp_path / "ingest.db")
    fill(db)
    app = create_app(db, ingest_token=TOKEN)
    with TestClient(app) as client:
        yield client


def test_ingest_needs_the_token(ingesting):
    article = {"text": "Police said a man was shot in Nampa on Tuesday.", "published": "2016-07-01"}
    assert ingesting.post("/api/articles", json=article).status_code == 401
    for wrong in ("Bearer nope", f"Bearer {TOKEN}x", TOKEN, f"Basic {TOKEN}"):
        assert ingesting.post("/api/articles", json=article, headers={"Authorization": wrong}).status_code == 403
    bad = {"text": "x", "published": "1 July"}
    response = ingesting.post("/api/articles", json=bad, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "published"]
    assert len(all_ids(ingesting)) == 5  # nothing was stored


def test_ingest_refuses_a_store_being_written(tmp_path):
    from wirecoder.store import StoreError

    db = str(tmp_path / "busy.db")
    fill(db)
    with Corpus(db), pytest.raises(StoreError, match="another wirecoder process"):
        create_app(db, ingest_token=TOKEN)
    with pytest.raises(ValueError, match="16 characters"):
        create_app(db, ingest_token="short")


def test_serve_ingest_needs_a_token_in_the_environment(tmp_path, monkeypatch):
    db = str(tmp_path / "s.db")
    fill(db)
    monkeypatch.delenv("WIRECODER_INGEST_TOKEN", raising=False)
    result = invoke("serve", "--db", db, "--ingest")
    assert result.exit_code == 2 and "WIRECODER_INGEST_TOKEN" in result.output


@pytest.mark.slow
def test_ingest_analyses_stores_and_serves_an_article(ingesting, seed_text):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    article = {"text": seed_text, "id": "seed", "published": "2023-05-30", "title": "<b>Drones</b> over Moscow"}
    response = ingesting.post("/api/articles", json=article, headers=headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "new" and body["id"] == "seed" and body["events"] > 0
    assert ingesting.post("/api/articles", json=article, headers=headers).json()["status"] == "stored"
    assert [a["id"] for a in ingesting.get("/api/articles?q=drones Moscow").json()["items"]] == ["seed"]
    assert len(ingesting.get("/api/articles/seed").json()["events"]) == body["events"]
    assert "&lt;b&gt;Drones&lt;/b&gt;" in ingesting.get("/articles/seed").text
