"""The corpus end to end: `wirecoder ingest`, `merge` and `export` through the command line, the seed
with other outlets' reports of the same attack, and a SIGKILL in the middle of an ingest."""

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT
from test_cli import invoke

import wirecoder
from wirecoder.corpus import Corpus
from wirecoder.corpus.export import acled_columns

DATA = Path(__file__).parent / "data" / "corpus"
EVENT_SCHEMA = jsonschema.Draft202012Validator(json.loads((ROOT / "schema" / "events.schema.json").read_text()))
WIRECODER = [sys.executable, "-m", "wirecoder"]

CITIES = ["Nampa", "Boise", "Denver", "Austin", "Tulsa", "Omaha"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def short_articles(path: Path, count: int) -> Path:
    """Distinct short shooting reports, fast to analyse."""
    rng = random.Random(5)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            city, day = rng.choice(CITIES), rng.choice(WEEKDAYS)
            text = (
                f"Man shot in {city}\n\nPolice said a {20 + n % 50}-year-old man was shot and wounded in "
                f"{city} on {day} night. Officers found him near a store on Main Street, report {n}."
            )
            published = f"2016-0{1 + n % 9}-{10 + n % 18}"
            handle.write(json.dumps({"id": f"art-{n:04d}", "text": text, "published": published}) + "\n")
    return path


def assert_valid_events(lines):
    for line in lines:
        errors = [e.message for e in EVENT_SCHEMA.iter_errors(json.loads(line))]
        assert not errors, errors


@pytest.mark.slow
def test_ingest_twice_adds_nothing_and_exports_read(tmp_path):
    source = short_articles(tmp_path / "news.jsonl", 12)
    db = str(tmp_path / "store.db")
    first = invoke("ingest", str(source), "--db", db)
    assert first.exit_code == 0, first.stderr
    assert "12 new, 0 already stored" in first.stderr
    again = invoke("ingest", str(source), "--db", db)
    assert again.exit_code == 0 and "0 new, 12 already stored" in again.stderr

    events = invoke("export", "--db", db, "--format", "events-jsonl")
    assert events.exit_code == 0, events.stderr
    lines = events.stdout.splitlines()
    assert lines
    assert_valid_events(lines)
    documents = {d for line in lines for d in json.loads(line)["documents"]}
    assert documents == {f"art-{n:04d}" for n in range(12)}

    geo = json.loads(invoke("export", "--db", db, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(lines)
    located = [f for f in geo["features"] if f["geometry"]]
    for feature in located:  # RFC 7946: [lon, lat]
        lon, lat = feature["geometry"]["coordinates"]
        assert (lat, lon) == (feature["properties"]["place"]["lat"], feature["properties"]["place"]["lon"])

    rows = list(csv.DictReader(io.StringIO(invoke("export", "--db", db, "--format", "acled-csv").stdout)))
    assert len(rows) == len(lines) and list(rows[0]) == acled_columns()
    assert acled_columns()[:4] == ["data_id", "iso", "event_id_cnty", "event_id_no_cnty"]

    plover = [json.loads(x) for x in invoke("export", "--db", db, "--format", "plover-jsonl").stdout.splitlines()]
    assert {p["event_type"] for p in plover} >= {"ASSAULT"}

    docs = invoke("export", "--db", db, "--format", "documents-jsonl").stdout.splitlines()
    assert sorted(json.loads(d)["id"] for d in docs) == sorted(documents)

    import pyarrow.parquet as pq

    folder = tmp_path / "parquet"
    assert invoke("export", "--db", db, "--format", "parquet", "--output", str(folder)).exit_code == 0
    assert pq.read_table(folder / "events.parquet").num_rows == len(lines)
    assert pq.read_table(folder / "documents.parquet").num_rows == 12

    remerged = invoke("merge", "--db", db)
    assert remerged.exit_code == 0 and f"{len(lines)} merged events from 12 documents" in remerged.stderr

    filtered = invoke("export", "--db", db, "--since", "2016-05-01", "--type", "assault")
    for line in filtered.stdout.splitlines():
        record = json.loads(line)
        assert record["type"] == "ASSAULT"


def test_export_usage_errors(tmp_path):
    db = str(tmp_path / "none.db")
    missing = invoke("export", "--db", db)
    assert missing.exit_code == 2 and "no such store" in missing.stderr
    assert invoke("export", "--db", db, "--since", "2016-13-01").exit_code == 2
    assert invoke("export", "--db", db, "--country", "Ukraine").exit_code == 2
    assert invoke("export", "--db", db, "--format", "xml").exit_code == 2
    with Corpus(str(tmp_path / "empty.db")):
        pass
    parquet = invoke("export", "--db", str(tmp_path / "empty.db"), "--format", "parquet")
    assert parquet.exit_code == 2 and "--output FOLDER" in parquet.stderr


@pytest.mark.slow
def test_seed_and_other_reports_of_the_moscow_attack(tmp_path, seed_text):
    def article(name, published):
        return wirecoder.Article((DATA / f"{name}.txt").read_text(encoding="utf-8"), published=published, url=f"https://{name}.example/")

    with Corpus(str(tmp_path / "store.db")) as corpus:
        summary = corpus.add(
            [
                wirecoder.Article(seed_text, published="2023-05-30", url="https://seed.example/"),
                article("moscow-other-outlet", "2023-05-30"),
                article("moscow-follow-up", "2023-05-31"),
                article("krasnodar-attack", "2023-06-01"),
            ]
        )
        assert summary.new == 4 and summary.failed == 0
        events = list(corpus.events(type="ASSAULT"))
    moscow = [e for e in events if (e["place"] or {}).get("name") == "Moscow" and e["sources"] > 1]
    assert len(moscow) == 1, [(e["place"], e["documents"]) for e in events]
    [attack] = moscow
    assert attack["sources"] == 3
    assert attack["time"] == {"value": "2023-05-30", "precision": "day"}
    assert attack["counts"]["injured"]["low"] == 2 and attack["counts"]["injured"]["high"] == 3
    assert any(d["field"] == "injured" for d in attack["disputes"])
    krasnodar = article("krasnodar-attack", "2023-06-01").stable_id()
    assert krasnodar not in attack["documents"]


def _rows(db: str) -> tuple[int, int, int, int, str]:
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        expected = sum(len(json.loads(d)["events"]) for (d,) in conn.execute("SELECT document FROM documents"))
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return docs[0], docs[1], mentions, expected, check


@pytest.mark.slow
def test_sigkill_during_ingest_then_rerun_stores_each_article_once(tmp_path):
    source = short_articles(tmp_path / "news.jsonl", 300)
    db = str(tmp_path / "store.db")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    rng = random.Random(17)
    for _ in range(3):
        proc = subprocess.Popen([*WIRECODER, "ingest", str(source), "--db", db, "--quiet"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(4.0, 9.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if Path(db).exists():
            docs, distinct, mentions, expected, check = _rows(db)
            assert docs == distinct and mentions == expected and check == "ok"
    done = subprocess.run([*WIRECODER, "ingest", str(source), "--db", db, "--quiet"], env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    docs, distinct, mentions, expected, check = _rows(db)
    assert (docs, distinct) == (300, 300)
    assert mentions == expected  # every document event in exactly one merged event
    assert check == "ok"
    assert "already stored" in done.stderr
