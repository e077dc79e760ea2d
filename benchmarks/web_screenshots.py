"""Screenshots of every page of `wirecoder serve` at 1280x800, in Debian's Chromium (Playwright).

    python benchmarks/web_screenshots.py [--db STORE] [--out docs/screenshots]

Without --db, a store is built from the seed article (../shared/data/seed/moscow-drones.txt,
published 2023-05-30; this runs the analysis). Serves it on 127.0.0.1 (a free port) and writes
events.png, event.png, article.png, map.png, timeline.png, articles.png and api.png to --out.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed" / "moscow-drones.txt"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def seed_store() -> str:
    from wirecoder.corpus import Corpus

    db = str(Path(tempfile.mkdtemp(prefix="wirecoder-shots-")) / "seed.db")
    with Corpus(db) as corpus:
        print("ingest:", corpus.add([SEED.read_text(encoding="utf-8")], published="2023-05-30"), file=sys.stderr)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="the store to show (default: the seed, analysed into a new store)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import httpx
    import uvicorn
    from playwright.sync_api import sync_playwright

    from wirecoder.web import create_app

    if not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    db = options.db or seed_store()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    # the event with the most sources (then the most claims) and an article that reports it
    events = httpx.get(base + "/api/events?sort=-sources&limit=50").json()["items"]
    event = max(events, key=lambda e: (e["sources"], len(e["claimed_by"]) + len(e["denied_by"]), e["place"] is not None))
    article = event["documents"][0]
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = {
        "events": "/events",
        "event": f"/events/{event['id']}",
        "article": f"/articles/{article}",
        "articles": "/articles?q=drone",
        "map": "/map",
        "timeline": "/timeline",
        "api": "/api/docs",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for name, path in pages.items():
            page.goto(base + path, wait_until="load")
            if name == "map":
                page.wait_for_selector("#map[data-ready=true]")
                page.wait_for_timeout(400)  # the zoom animation to the markers
            if name == "timeline":
                page.wait_for_selector("#timeline[data-ready=true]")
            page.screenshot(path=str(out / f"{name}.png"))
            print(f"{out / name}.png  {path}", file=sys.stderr)
        browser.close()
    server.should_exit = True
    thread.join(10)


if __name__ == "__main__":
    main()
