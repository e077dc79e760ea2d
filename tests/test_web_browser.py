"""The pages in real Chromium (Debian's package, driven by Playwright by its executable path; no browser
download), against uvicorn on 127.0.0.1 serving the hand-built store of web_store. Skipped where
/usr/bin/chromium (or $WIRECODER_CHROMIUM) is absent."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from web_store import fill

CHROMIUM = os.environ.get("WIRECODER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """uvicorn in a thread, on a free loopback port."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from wirecoder.web import create_app

    db = str(tmp_path_factory.mktemp("web") / "store.db")
    ids = fill(db)
    with Served(create_app(db)) as url:
        yield url, ids


@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium):
    """A page that records console errors, page errors and dialogs; the test fails on any of them."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    problems = list(page.problems)
    context.close()
    assert problems == []


def rows(page) -> list[str]:
    return page.locator("#events-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.type)")


def test_events_table_filters_by_type_in_the_url(site, tab):
    url, ids = site
    tab.goto(url + "/")
    assert sorted(rows(tab)) == ["ASSAULT", "ASSAULT", "ASSAULT", "COERCE", "PROTEST"]
    with tab.expect_navigation():
        tab.select_option("select[name=type]", "PROTEST")
    assert parse_qs(urlsplit(tab.url).query) == {"type": ["PROTEST"]}  # the empty fields stay out
    assert rows(tab) == ["PROTEST"]
    assert tab.locator("a.button", has_text="CSV").get_attribute("href") == "/api/events.csv?type=PROTEST"
    tab.goto(url + "/events?type=ASSAULT&country=USA")
    assert rows(tab) == ["ASSAULT"] * 3
    assert tab.locator("select[name=type]").input_value() == "ASSAULT"


def test_map_shows_one_marker_per_located_event_and_opens_it(site, tab):
    url, ids = site
    tab.goto(url + "/map")
    tab.wait_for_selector("#map[data-ready=true]")
    assert tab.get_attribute("#map", "data-markers") == "4"  # the COERCE event has no place
    singles = tab.locator(".leaflet-marker-icon.pt").count()
    clustered = sum(int(t) for t in tab.locator(".leaflet-marker-icon.cluster").all_inner_texts())
    assert singles + clustered == 4
    assert tab.locator(".leaflet-overlay-pane path").count() > 100  # the bundled world outline
    moscow = tab.locator(f'.leaflet-marker-icon[title^="{ids["d"]} "]')
    with tab.expect_navigation():
        moscow.click()
    assert tab.url == f"{url}/events/{ids['d']}"
    assert tab.locator("h1").inner_text().endswith(ids["d"])


def test_map_keeps_the_filters(site, tab):
    url, _ = site
    tab.goto(url + "/map?type=PROTEST")
    tab.wait_for_selector("#map[data-ready=true]")
    assert tab.get_attribute("#map", "data-markers") == "1"


def test_timeline_brush_filters_the_list_and_links(site, tab):
    url, ids = site
    tab.goto(url + "/timeline")
    tab.wait_for_selector("#timeline[data-ready=true]")
    assert tab.get_attribute("#timeline", "data-bins") == "6"  # 2016-06-29 .. 2016-07-04
    box = tab.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    tab.mouse.move(box["x"] + 5, y)
    tab.mouse.down()
    tab.mouse.move(box["x"] + box["width"] - 5, y, steps=5)
    tab.mouse.up()
    tab.wait_for_selector("#selection[data-rows]")
    assert tab.get_attribute("#selection", "data-rows") == "5"
    # the first half only: 2016-06-29 .. 2016-07-01
    tab.click("#range-clear")
    tab.wait_for_selector("#timeline[data-ready=true]")
    plot_left = box["x"] + box["width"] * 44 / 1200
    bin_width = box["width"] * (1200 - 88) / 1200 / 6
    tab.mouse.move(plot_left + bin_width * 0.5, y)
    tab.mouse.down()
    tab.mouse.move(plot_left + bin_width * 2.5, y, steps=3)
    tab.mouse.up()
    tab.wait_for_selector('#selection[data-rows="2"]')  # (a string to evaluate: the CSP forbids it)
    link = tab.get_attribute("#range-table", "href")
    assert parse_qs(urlsplit(link).query) == {"since": ["2016-06-29"], "until": ["2016-07-01"]}
    with tab.expect_navigation():
        tab.click("#range-table")
    assert sorted(rows(tab)) == ["ASSAULT", "ASSAULT"]


def test_article_page_highlights_spans_with_hover_text_and_layers(site, tab):
    url, _ = site
    tab.goto(url + "/articles/a#event-e1")
    place = tab.locator("article .l-places").first
    assert place.inner_text() == "Nampa"
    place.hover()
    assert "43.5400, -116.5600" in place.get_attribute("title")
    assert "actor: John Smith" in tab.locator("article .l-actors", has_text="Chief").first.get_attribute("title")
    assert tab.locator("article .l-times").first.get_attribute("title").startswith("time: 2016-06-29")
    assert tab.locator("article .ev-e1.focus").inner_text() == "shot"  # the event named in the URL
    colour = "el => getComputedStyle(el).backgroundColor"
    before = place.evaluate(colour)
    tab.uncheck("#layers input[value=places]")
    assert place.evaluate(colour) == "rgba(0, 0, 0, 0)" != before
    tab.check("#layers input[value=places]")
    assert place.evaluate(colour) == before


def test_event_page_links_mentions_to_their_evidence(site, tab):
    url, ids = site
    tab.goto(f"{url}/events/{ids['a,b']}")
    with tab.expect_navigation():
        tab.locator("#mentions a").first.click()
    assert tab.url == f"{url}/articles/a#event-e1"
    assert tab.locator("article .focus").count() == 1


def test_hostile_article_runs_no_script(site, tab):
    url, ids = site
    for path in ("/articles/hostile", f"/events/{ids['hostile']}", "/events?place=boise", "/articles?q=breaking"):
        tab.goto(url + path)
        assert tab.evaluate("typeof window.__pwned") == "undefined", path
        assert tab.locator("article img, main img, main b").count() == 0, path
    tab.goto(url + "/articles/hostile")
    assert "<script>window.__pwned" in tab.locator("article").inner_text()
    tab.goto(url + "/map?place=boise")
    tab.wait_for_selector("#map[data-ready=true]")
    tab.locator(".leaflet-marker-icon").first.hover()
    assert tab.evaluate("typeof window.__pwned") == "undefined"


def test_every_page_loads_without_console_errors(site, tab):
    url, ids = site
    for path in ("/", "/events?sort=-killed", f"/events/{ids['c']}", "/articles", "/articles/c", "/timeline?bin=week",
                 "/api/docs"):  # fmt: skip
        response = tab.goto(url + path)
        assert response.status == 200, path
    tab.goto(url + "/map")
    tab.wait_for_selector("#map[data-ready=true]")


@pytest.mark.slow
def test_the_seed_article_shows_its_spans_and_hover_text(tmp_path, seed_text, tab):
    from wirecoder.corpus import Corpus
    from wirecoder.web import create_app

    db = str(tmp_path / "seed.db")
    with Corpus(db) as corpus:
        corpus.add([seed_text], published="2023-05-30")
        (doc,) = list(corpus.documents())
    with Served(create_app(db)) as url:
        tab.goto(f"{url}/articles/{doc['id']}")
        place_mentions = sum(len(p["mentions"]) for p in doc["places"])
        starts = tab.locator("article .l-places").evaluate_all(
            "spans => spans.filter(s => !s.previousSibling || !s.previousSibling.classList"
            " || !s.previousSibling.classList.contains('l-places')).length"
        )
        assert 0 < starts <= place_mentions
        moscow = tab.locator("article .l-places", has_text="Moscow").first
        moscow.hover()
        assert "place: Moscow · 55.7520, 37.6178" in moscow.get_attribute("title")
        putin = tab.locator("article .l-actors", has_text="Putin").first
        assert "actor: Vladimir Putin" in putin.get_attribute("title") and "RUS" in putin.get_attribute("title")
        assert tab.locator("article .l-times").count() >= len(doc["times"])
        assert tab.locator("article .l-events").count() >= len(doc["events"])
        event = doc["events"][0]["id"]
        tab.goto(f"{url}/articles/{doc['id']}#event-{event}")
        assert tab.locator("article .focus").count() >= 1
