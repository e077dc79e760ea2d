"""Corpus speed and memory: what storing and merging add to the analysis, and whether it grows.

    python benchmarks/corpus_speed.py [--articles N] [--sizes 1000,10000,100000] [--new 300]

1. **ingest vs analyze** (same run, same articles: the first N GVA development articles, else the
   seed repeated with its numbers changed): documents/s of `analyze_stream` alone, then of
   `Corpus.add` into a fresh SQLite store (analysis + store + merge); the ratio is the bar (>= 0.9).
2. **merge cost vs store size**: a store filled with S synthetic merged events (1k, 10k, 100k: look-
   alike shootings in 50 cities over ten years, written straight into the tables), then the time
   per article to add `--new` synthetic articles on shootings in the same cities and years through
   `Corpus.add_document` (copy look-up, features, blocking query, cluster fit, record, one
   transaction each). Flat is the bar; the candidates per article grow with the density of events
   (per city and day), which grows with S here.
3. **memory**: with --memory N, N synthetic articles (as in 2) stored one by one through
   `Corpus.add_document` into a fresh store, with the process's RSS at each tenth: the store side
   of an ingest of N articles (the analysis side streams, see benchmarks/length.py).
Writes benchmarks/results/corpus_speed.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
GVA = ROOT.parent / "shared" / "data" / "corpus" / "gva_dev.jsonl"
SEED = ROOT.parent / "shared" / "data" / "seed" / "moscow-drones.txt"
RESULTS = ROOT / "benchmarks" / "results"
CITIES = [(f"City{n}", 30 + (n % 10) * 1.5, -120 + (n // 10) * 8.0) for n in range(50)]


def articles(count: int):
    import wirecoder

    if GVA.exists():
        records = [json.loads(line) for _, line in zip(range(count), GVA.open(encoding="utf-8"), strict=False)]
        return [wirecoder.Article(r["text"], id=r["id"], published=r["published"]) for r in records]
    text = SEED.read_text(encoding="utf-8")
    return [wirecoder.Article(text.replace("eight", str(n)), id=f"seed-{n}", published="2023-05-30") for n in range(count)]


def ingest_vs_analyze(count: int) -> dict:
    from wirecoder.corpus import Corpus
    from wirecoder.pipeline import analyze_stream, get_analyzer

    items = articles(count)
    get_analyzer()  # the model loads outside both timings
    started = time.perf_counter()
    for _ in analyze_stream(iter(items)):
        pass
    analyse_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder, Corpus(str(Path(folder) / "c.db")) as corpus:
        started = time.perf_counter()
        summary = corpus.add(iter(items))
        ingest_s = time.perf_counter() - started
    return {
        "articles": count,
        "analyze_docs_per_s": round(count / analyse_s, 2),
        "ingest_docs_per_s": round(count / ingest_s, 2),
        "ratio": round(analyse_s / ingest_s, 3),
        "stored": summary.new,
    }


def synthetic_features(rng: random.Random, day: dt.date, city: tuple[str, float, float]) -> dict:
    name, lat, lon = city
    killed = rng.randint(0, 2)
    return {
        "type": "ASSAULT", "mode": "firearms", "acled_event_type": None, "acled_sub_event_type": None,
        "status": "asserted", "confidence": 0.8,
        "date": {"first": day.isoformat(), "last": day.isoformat(), "precision": "day"},
        "published": (day + dt.timedelta(1)).isoformat(),
        "place": {"name": name, "lat": lat, "lon": lon, "country": "USA", "admin1": None, "kind": "city", "precision": 1},
        "counts": {"killed": {"low": killed, "best": killed, "high": killed}},
        "actor": None, "recipient": None, "people": [f"victim{rng.randint(0, 10**6)}"], "words": ["shot"],
        "claims": [], "evidence": [], "sentence": None,
    }  # fmt: skip


def fill(corpus, size: int, rng: random.Random) -> None:
    """`size` stored one-report events written straight into the tables (the merge is what is timed)."""
    from sqlalchemy import insert

    from wirecoder.corpus.merge import Member, cluster_span, grid_cell
    from wirecoder.corpus.record import DocumentInfo, merged_record
    from wirecoder.store.tables import documents, events, mentions

    start = dt.date(2010, 1, 1)
    batch = 5000
    with corpus.store.engine.begin() as conn:
        for first in range(0, size, batch):
            doc_rows, event_rows, mention_rows = [], [], []
            for n in range(first, min(size, first + batch)):
                pk = n + 1
                day = start + dt.timedelta(rng.randrange(3650))
                features = synthetic_features(rng, day, rng.choice(CITIES))
                member = Member(pk, "e1", pk, features)
                info = {pk: DocumentInfo(f"syn-{n}", features["published"], "site", None, pk)}
                record = merged_record(f"ev-{pk}", [member], info)
                days = cluster_span([member])
                doc_rows.append({"pk": pk, "doc_id": f"syn-{n}", "version": 1, "current": True, "content_hash": str(n),
                                 "copy_of": pk, "document": "{}", "stored_at": "2020-01-01", "published": features["published"]})  # fmt: skip
                event_rows.append({"pk": pk, "type": "ASSAULT", "day": days[0].isoformat(), "last_day": days[1].isoformat(),
                                   "lat": features["place"]["lat"], "lon": features["place"]["lon"], "country": "USA", "precision": 1,
                                   "cell": grid_cell(features["place"]),
                                   "sources": 1, "disputed": False, "confidence": 0.8, "record": json.dumps(record)})  # fmt: skip
                mention_rows.append({"event_pk": pk, "document_pk": pk, "doc_event": "e1", "features": json.dumps(features)})
            conn.execute(insert(documents), doc_rows)
            conn.execute(insert(events), event_rows)
            conn.execute(insert(mentions), mention_rows)


def new_document(rng: random.Random, n: int) -> dict:
    """A new article on a shooting in one of the stored events' cities, on one of their days: the
    merge has real candidates to compare with."""
    from test_corpus import document

    day = dt.date(2010, 1, 1) + dt.timedelta(rng.randrange(3650))
    doc = document(f"new-{n}", (day + dt.timedelta(1)).isoformat(), [("ASSAULT", "Nampa", day.isoformat(), 1, 0)])
    name, lat, lon = rng.choice(CITIES)
    doc["places"][0].update(name=name, lat=lat, lon=lon)
    return doc


def merge_cost(sizes: list[int], new: int) -> list[dict]:
    from wirecoder.corpus import Corpus

    rows = []
    for size in sizes:
        rng = random.Random(size)
        with tempfile.TemporaryDirectory() as folder, Corpus(str(Path(folder) / "c.db")) as corpus:
            fill(corpus, size, rng)
            docs = [new_document(rng, n) for n in range(new)]
            started = time.perf_counter()
            for doc in docs:
                corpus.add_document(doc)
            elapsed = time.perf_counter() - started
        rows.append({"stored_events": size, "ms_per_article": round(1000 * elapsed / new, 2)})
        print(f"  {size:>7} stored events: {rows[-1]['ms_per_article']} ms per new article", flush=True)
    return rows


def rss_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def memory(count: int) -> list[dict]:
    from wirecoder.corpus import Corpus

    rng = random.Random(count)
    rows = []
    with tempfile.TemporaryDirectory() as folder, Corpus(str(Path(folder) / "c.db")) as corpus:
        started = time.perf_counter()
        for n in range(count):
            corpus.add_document(new_document(rng, n))
            if (n + 1) % max(1, count // 10) == 0:
                rows.append({"articles": n + 1, "rss_mib": round(rss_mib(), 1), "seconds": round(time.perf_counter() - started, 1)})
                print(f"  {n + 1:>7} articles stored: RSS {rows[-1]['rss_mib']} MiB", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--new", type=int, default=300)
    parser.add_argument("--memory", type=int, default=0, help="also store this many synthetic articles, RSS as they go")
    args = parser.parse_args()
    report = {"ingest_vs_analyze": ingest_vs_analyze(args.articles)}
    r = report["ingest_vs_analyze"]
    print(f"analyze {r['analyze_docs_per_s']} docs/s, ingest {r['ingest_docs_per_s']} docs/s: ratio {r['ratio']}")
    report["merge_cost"] = merge_cost([int(s) for s in args.sizes.split(",")], args.new)
    if args.memory:
        report["memory"] = memory(args.memory)
    report["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"peak RSS {report['peak_rss_mib']} MiB")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "corpus_speed.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
