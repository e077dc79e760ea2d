"""Web app latency on a synthetic store of 100,000 events, a bounded loopback load test, and the events
page's first render in Chromium.

    python benchmarks/web_latency.py [--events 100000] [--rounds 30] [--clients 20] [--requests 2000]
                                     [--db PATH (reused when it exists)]

1. builds (or reuses) a SQLite store of N synthetic one-report events (types, modes, ACLED sub-event
   types, places in 200 cities of 40 countries, ten years of days, killed/injured, some disputed),
   each with a short article, written straight into the tables: the migration's triggers fill the
   event facets and the full-text index as they would for the corpus writer;
2. starts `wirecoder serve` on 127.0.0.1 (a subprocess, a free port) and times, over HTTP, each of a
   set of filtered event lists (`--rounds` times each: p50/p95), one event (random ids), article
   searches;
3. a load test: `--clients` concurrent clients sending `--requests` requests in all (a mix of lists,
   single events, pages), 127.0.0.1 only: errors, p50/p95, requests/s;
4. Chromium (Debian's, when present): the events page's first render (navigation start to load
   event), median of 5.

Bars (issue 17): filtered lists p95 <= 100 ms, one event p95 <= 50 ms, first render <= 1 s, 0 errors.
`--db postgresql://...` builds the store in that (empty) PostgreSQL database instead.
Writes benchmarks/results/web_latency.json (web_latency_postgres.json for PostgreSQL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
CHROMIUM = "/usr/bin/chromium"
TYPES = ["ASSAULT"] * 10 + ["PROTEST"] * 4 + ["COERCE"] * 2 + ["MOBILIZE", "THREATEN", "ACCUSE", "AID", "SANCTION"]
MODES = {"ASSAULT": ["firearms", "heavy-weapons", "drone", "explosives", "aerial"], "PROTEST": ["demo", "riot"],
         "COERCE": ["arrest", "seize", "restrict"]}  # fmt: skip
SUB_TYPES = {"ASSAULT": ["Armed clash", "Attack", "Air/drone strike", "Shelling/artillery/missile attack"],
             "PROTEST": ["Peaceful protest", "Violent demonstration"], "COERCE": ["Arrests"]}  # fmt: skip
ACLED_EVENT = {"Armed clash": "Battles", "Attack": "Violence against civilians", "Air/drone strike": "Explosions/Remote violence",
               "Shelling/artillery/missile attack": "Explosions/Remote violence", "Peaceful protest": "Protests",
               "Violent demonstration": "Riots", "Arrests": "Strategic developments"}  # fmt: skip
COUNTRIES = ["USA", "UKR", "RUS", "SYR", "NGA", "MEX", "IND", "PAK", "BRA", "COL", "IRQ", "AFG", "SOM", "YEM", "SDN",
             "MLI", "BFA", "ETH", "COD", "MMR", "PHL", "FRA", "DEU", "GBR", "TUR", "IRN", "ISR", "PSE", "LBN", "LBY",
             "EGY", "KEN", "CMR", "NER", "TCD", "VEN", "PER", "CHL", "ARG", "ZAF"]  # fmt: skip
ACTORS = ["police", "army", "protesters", "gunmen", "militia", "Russian forces", "Ukrainian military", "rebels"]


def build(db: str, count: int, seed: int = 17) -> None:
    from sqlalchemy import insert

    from wirecoder.corpus.merge import Member, cluster_span
    from wirecoder.corpus.record import DocumentInfo, merged_record
    from wirecoder.store import open_store
    from wirecoder.store.tables import documents, events, mentions

    rng = random.Random(seed)
    cities = [(f"City{n}", rng.uniform(-45, 60), rng.uniform(-120, 140), COUNTRIES[n % len(COUNTRIES)]) for n in range(200)]
    start = dt.date(2014, 1, 1)
    with open_store(db) as store, store.engine.begin() as conn:
        for first in range(0, count, 5000):
            docs, evs, ments = [], [], []
            for n in range(first, min(count, first + 5000)):
                pk = n + 1
                etype = rng.choice(TYPES)
                sub = rng.choice(SUB_TYPES.get(etype, [None]))
                name, lat, lon, country = rng.choice(cities)
                day = start + dt.timedelta(rng.randrange(3650))
                killed = rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 12]) if etype == "ASSAULT" else None
                injured = rng.choice([0, 1, 2, 4]) if etype in ("ASSAULT", "PROTEST") else None
                actor = rng.choice(ACTORS)
                features = {
                    "type": etype, "mode": rng.choice(MODES.get(etype, [None])), "acled_event_type": ACLED_EVENT.get(sub),
                    "acled_sub_event_type": sub, "status": rng.choice(["asserted"] * 6 + ["claimed", "denied"]),
                    "confidence": round(rng.uniform(0.4, 0.99), 3),
                    "date": {"first": day.isoformat(), "last": day.isoformat(), "precision": "day"},
                    "published": (day + dt.timedelta(1)).isoformat(),
                    "place": {"name": name, "lat": lat, "lon": lon, "country": country, "admin1": None, "kind": "city", "precision": 1},
                    "counts": {"killed": None if killed is None else {"low": killed, "best": killed, "high": killed},
                               "injured": None if injured is None else {"low": injured, "best": injured, "high": injured}},
                    "actor": {"name": actor, "kind": "organization", "country": country, "sector": None}, "recipient": None,
                    "people": [], "words": [], "claims": [], "evidence": [{"start": 0, "end": 6, "text": "Report"}],
                    "sentence": f"Report {n}: {etype.lower()} in {name}.",
                }  # fmt: skip
                text = (f"Report {n}: {actor} and a {etype.lower()} in {name} on {day.isoformat()}; "
                        f"{killed or 0} killed and {injured or 0} injured, officials said. Word{n % 997}.")  # fmt: skip
                doc_id = f"syn-{n}"
                info = {pk: DocumentInfo(doc_id, features["published"], f"site{n % 50}.example", None, pk)}
                member = Member(pk, "e1", pk, features)
                record = merged_record("", [member], info)
                del record["schema"], record["id"]
                disputed = rng.random() < 0.05
                if disputed:
                    record["disputes"] = [{"field": "killed", "values": [{"value": killed, "documents": [doc_id]},
                                                                          {"value": (killed or 0) + 1, "documents": [doc_id]}]}]  # fmt: skip
                days = cluster_span([member])
                document = {"schema": "wirecoder/1", "id": doc_id, "text": text, "published": features["published"],
                            "url": None, "site": info[pk].site, "title": f"{etype.title()} in {name}", "author": None,
                            "language": "en", "entities": [], "actors": [], "places": [], "times": [], "attributions": [],
                            "events": []}  # fmt: skip
                docs.append({"pk": pk, "doc_id": doc_id, "version": 1, "current": True, "url": None, "site": info[pk].site,
                             "title": document["title"], "published": features["published"], "content_hash": str(n),
                             "copy_of": pk, "signature": None, "document": json.dumps(document), "stored_at": "2026-01-01"})  # fmt: skip
                evs.append({"pk": pk, "type": etype, "day": days[0].isoformat(), "last_day": days[1].isoformat(), "lat": lat,
                            "lon": lon, "country": country, "precision": 1, "sources": 1 + (n % 7 == 0), "disputed": disputed,
                            "confidence": record["confidence"], "record": json.dumps(record)})  # fmt: skip
                ments.append({"event_pk": pk, "document_pk": pk, "doc_event": "e1", "features": json.dumps(features)})
            conn.execute(insert(documents), docs)
            conn.execute(insert(events), evs)
            conn.execute(insert(mentions), ments)
            print(f"  {first + len(evs)} events", file=sys.stderr, end="\r")
    print(file=sys.stderr)


LISTS = [
    "", "type=ASSAULT", "type=PROTEST&country=UKR", "country=NGA", "place=city17", "actor=militia",
    "since=2020-01-01&until=2020-03-31", "type=ASSAULT&since=2019-06-01&until=2019-06-30", "min_sources=2",
    "disputed=true", "status=denied", "mode=drone", "acled_sub_event_type=Armed clash", "acled_event_type=Riots",
    "sort=-killed", "sort=killed&type=ASSAULT", "sort=-sources&country=USA", "type=AID&country=FRA", "limit=200",
    "type=ASSAULT&country=SYR&mode=aerial&since=2018-01-01",
]  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1),
            "max_ms": round(max(values), 1)}  # fmt: skip


def timed(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code} {response.text[:200]}")
    return elapsed


def serve(db: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "wirecoder", "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/api/events?limit=1", timeout=2)
            return proc, base
        except httpx.TransportError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("wirecoder serve did not start") from None
            time.sleep(0.2)


def load_test(base: str, count: int, clients: int, rng: random.Random) -> dict:
    urls = []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            urls.append("/api/events?" + LISTS[n % len(LISTS)])
        elif kind == 1:
            urls.append(f"/api/events/ev-{rng.randint(1, 100_000)}")
        elif kind == 2:
            urls.append("/events?" + LISTS[n % len(LISTS)])
        else:
            urls.append(f"/events/ev-{rng.randint(1, 100_000)}")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    position = iter(range(count))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                with lock:
                    n = next(position, None)
                if n is None:
                    return
                started = time.perf_counter()
                try:
                    response = client.get(urls[n])
                    ok = response.status_code in (200, 404)
                    detail = f"{urls[n]}: HTTP {response.status_code}"
                except httpx.HTTPError as err:
                    ok, detail = False, f"{urls[n]}: {err}"
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(detail)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"clients": clients, "requests": count, "errors": len(errors), "error_examples": errors[:5],
            "requests_per_s": round(count / wall, 1), **summary(latencies)}  # fmt: skip


def first_render(base: str) -> dict | None:
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for query in ["", "?type=ASSAULT", "?country=UKR&sort=-killed", "", "?since=2020-01-01"]:
            page.goto(base + "/events" + query, wait_until="load")
            timing = page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])")
            entry = json.loads(timing)
            times.append(entry["loadEventEnd"] - entry["startTime"])
        browser.close()
    return {"runs": len(times), "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--db", help="store to build (or reuse when it exists)")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))

    folder = tempfile.mkdtemp(prefix="wirecoder-web-")
    db = options.db or str(Path(folder) / "web.db")
    if "://" in db or not Path(db).exists():
        started = time.perf_counter()
        build(db, options.events)
        print(f"built {options.events} events in {time.perf_counter() - started:.0f} s: {db}", file=sys.stderr)
    proc, base = serve(db)
    rng = random.Random(5)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for query in LISTS:  # warm the page cache and the statements once
                timed(client, "/api/events?" + query)
            lists = {}
            every = []
            for query in LISTS:
                values = [timed(client, "/api/events?" + query) for _ in range(options.rounds)]
                lists[query or "(no filter)"] = summary(values)
                every += values
            body = client.get("/api/events?type=ASSAULT&limit=50").json()
            paged = [timed(client, f"/api/events?type=ASSAULT&cursor={body['next']}") for _ in range(options.rounds)]
            one = [timed(client, f"/api/events/ev-{rng.randint(1, options.events)}") for _ in range(options.rounds * 10)]
            pages = [timed(client, f"/events/ev-{rng.randint(1, options.events)}") for _ in range(options.rounds)]
            table = [timed(client, "/events?" + LISTS[n % len(LISTS)]) for n in range(options.rounds * 2)]
            search = [timed(client, f"/api/articles?q={w}") for w in ("militia", "City42 killed", "Word17", "protest")
                      for _ in range(options.rounds // 2)]  # fmt: skip
            timeline = [timed(client, "/api/timeline?type=PROTEST&bin=week") for _ in range(5)]
        load = load_test(base, options.requests, options.clients, rng)
        render = first_render(base)
    finally:
        proc.terminate()
        proc.wait(10)
    result = {
        "events": options.events,
        "filtered_lists": {**summary(every), "by_query": lists},
        "next_page": summary(paged),
        "one_event": summary(one),
        "event_page": summary(pages),
        "events_page": summary(table),
        "article_search": summary(search),
        "timeline_week_all": summary(timeline),
        "load_test": load,
        "events_page_first_render_chromium": render,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    result["database"] = "postgresql" if "://" in db and not db.startswith("sqlite") else "sqlite"
    name = "web_latency_postgres.json" if result["database"] == "postgresql" else "web_latency.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "filtered_lists"}, indent=1))
    print("filtered lists:", json.dumps(summary(every)))
    worst = max(lists.items(), key=lambda kv: kv[1]["p95_ms"])
    print("slowest list:", worst[0], worst[1])


if __name__ == "__main__":
    main()
