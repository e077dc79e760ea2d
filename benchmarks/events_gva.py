"""Main event of US local news on shootings (../shared/data/README.md section 6, corpus/gva_dev.jsonl).

    python benchmarks/events_gva.py [--part tune|check|all] [--limit N] [--errors K] [--cache DIR]

The 1,658 articles are split by a stable hash of their **gold incident id** (sha1 of the id, first
8 hex digits as an integer, mod 100): below 50 is the **tune** part (rules may be tuned by looking at
its articles), 50 and above is the **check** part (never looked at; reported beside tune). Whole
incidents fall on one side, so no incident has articles in both parts.

Per article, the main event is the event with the highest confidence (ties: the first). Scored:

* killed / injured exact: the main event's count `best` (else `low`) equals the gold number; a null
  count (the text says nothing) is read as 0 — 'killed (strict)' counts a null as wrong;
* both exact: killed and injured exact;
* date exact: the main event's `time.value` (first 10 characters) equals the gold incident date;
* city right: the main event's place `name`, or one of that place's mention texts, equals one of the
  gold `city_names` (case-insensitive);
* coords: the share of main events whose place has coordinates; no event: all of these wrong.

Documents come from the library's Analyzer. `--cache DIR` keeps each article's spaCy Doc and the
Document as the stages before `events` left it, so reruns only run the events stage (for tuning;
final figures are run without it). Writes benchmarks/results/events_gva.json.

Figures, tune / check (main event, %):

                    killed  injured  both  date  city  coords  events/article
  before issue 14   54.1/54.8  40.9/41.8  14.6/15.8  28.0/30.1  16.1/16.5  27.1/29.2  7.25/7.17
  incident stage    81.2/78.5  68.2/70.0  59.8/61.2  68.3/70.9  65.2/64.8  91.1/93.0  5.51/5.46
  incident date     81.2/78.5  68.2/70.0  59.8/61.2  70.7/74.7  65.2/64.8  91.1/93.0  5.50/5.46
  casualty counts   82.3/80.3  70.4/71.1  62.7/63.1  71.3/75.1  65.1/65.0  91.1/93.0  5.43/5.37
  + places (#15)    82.3/80.1  70.2/71.4  62.6/63.2  71.2/75.1  69.6/68.0  93.7/94.3  5.42/5.36
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "data" / "corpus" / "gva_dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "events_gva.json"
METRICS = ("killed", "killed_strict", "injured", "both", "date", "city", "coords")


def part_of(incident: str) -> str:
    """tune or check, from a stable hash of the gold incident id."""
    return "tune" if int(hashlib.sha1(incident.encode()).hexdigest()[:8], 16) % 100 < 50 else "check"


def load(part: str, limit: int | None) -> list[dict]:
    with GVA.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if part != "all":
        rows = [r for r in rows if part_of(r["gold"]["incident"]) == part]
    return rows[:limit] if limit else rows


def _articles(rows: list[dict]):
    from wirecoder.model import Article

    return [Article(text=r["text"], id=r["id"], url=r.get("url"), published=r.get("published")) for r in rows]


def documents(rows: list[dict], cache: Path | None) -> list:
    """The analysed Documents, in order (None where the analysis failed)."""
    from wirecoder import pipeline

    if cache is None:
        from wirecoder.pipeline import AnalysisError

        results = pipeline.analyze_batch(_articles(rows), workers=1)
        return [None if isinstance(r, AnalysisError) else r for r in results]
    return _cached_documents(rows, cache)


def _cached_documents(rows: list[dict], cache: Path) -> list:
    from spacy.tokens import Doc

    from wirecoder import pipeline
    from wirecoder.model import Document

    analyzer = pipeline.get_analyzer()
    before = [(n, run) for n, run in analyzer.stages if n != "events"]
    events = dict(analyzer.stages)["events"]
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    missing = [(i, a) for i, a in enumerate(_articles(rows)) if not (cache / f"{a.id}.pkl").exists()]
    if missing:
        for doc, (_i, article) in analyzer.nlp.pipe(((a.text, (i, a)) for i, a in missing), as_tuples=True):
            document = Document.from_article(article)
            for _n, run in before:
                run(doc, document)
            doc.user_data.clear()
            with (cache / f"{article.id}.pkl").open("wb") as handle:
                pickle.dump((doc.to_bytes(), document), handle)
    for r in rows:
        with (cache / f"{r['id']}.pkl").open("rb") as handle:
            data, document = pickle.load(handle)
        doc = Doc(analyzer.nlp.vocab).from_bytes(data)
        document = copy.deepcopy(document)
        try:
            events(doc, document)
        except Exception as err:  # reported like the Analyzer does: one failure does not stop the run
            print(f"{r['id']}: {type(err).__name__}: {err}", file=sys.stderr)
            document = None
        out.append(document)
    return out


def main_event(document) -> dict | None:
    events = document.to_dict()["events"] if document is not None else []  # scored on the JSON form
    if not events:
        return None
    return max(events, key=lambda e: (e.get("confidence") or 0, -events.index(e)))


def _count(event: dict | None, name: str) -> int | None:
    c = ((event or {}).get("counts") or {}).get(name)
    if not c:
        return None
    return c["best"] if c.get("best") is not None else c.get("low")


def score(row: dict, document) -> dict:
    gold = row["gold"]
    event = main_event(document)
    place = None
    if event and event.get("place"):
        place = next((p for p in document.to_dict()["places"] if p["id"] == event["place"]), None)
    killed, injured = _count(event, "killed"), _count(event, "injured")
    names = {n.lower() for n in gold.get("city_names") or []}
    place_names = set()
    if place:
        place_names = {(place.get("name") or "").lower()} | {
            m["text"].lower() for m in place.get("mentions", [])
        }
    value = (((event or {}).get("time")) or {}).get("value") or ""
    out = {
        "killed": event is not None and (killed if killed is not None else 0) == gold["killed"],
        "killed_strict": killed == gold["killed"],
        "injured": event is not None and (injured if injured is not None else 0) == gold["injured"],
        "date": value[:10] == gold["date"],
        "city": bool(names & place_names),
        "coords": bool(place and place.get("lat") is not None),
    }
    out["both"] = out["killed"] and out["injured"]
    out["pred"] = {
        "killed": killed,
        "injured": injured,
        "date": value or None,
        "place": place.get("name") if place else None,
        "events": len(document.events) if document is not None else 0,
    }
    return out


def summarise(rows: list[dict], scores: list[dict]) -> dict:
    n = len(rows)
    out = {"articles": n}
    for m in METRICS:
        out[m] = round(100 * sum(s[m] for s in scores) / n, 1) if n else 0.0
    out["events_per_article"] = round(sum(s["pred"]["events"] for s in scores) / n, 2) if n else 0.0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("tune", "check", "all"), default="all")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each part")
    ap.add_argument("--errors", type=int, default=0, help="print K wrong tune-part articles")
    ap.add_argument("--only", choices=METRICS, default=None, help="errors of this metric only")
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()

    parts = ("tune", "check") if args.part == "all" else (args.part,)
    started = time.time()
    results = {}
    for part in parts:
        rows = load(part, args.limit)
        docs = documents(rows, args.cache)
        scores = [score(r, d) for r, d in zip(rows, docs, strict=True)]
        results[part] = summarise(rows, scores)
        if part == "tune" and args.errors:
            shown = 0
            for r, s in zip(rows, scores, strict=True):
                wrong = [m for m in ("killed", "injured", "date", "city") if not s[m]]
                if args.only:
                    wrong = [m for m in wrong if m == args.only]
                if not wrong or shown >= args.errors:
                    continue
                shown += 1
                g = r["gold"]
                print(f"--- {r['id']} published {r.get('published')} wrong: {', '.join(wrong)}")
                print(
                    f"  gold: killed {g['killed']} injured {g['injured']} date {g['date']} city {g['city_names']}"
                )
                print(f"  pred: {s['pred']}")
                print("  " + r["text"][:600].replace("\n", " | "))
    elapsed = time.time() - started

    print(f"{'':24}" + "".join(f"{p:>10}" for p in parts))
    for m in ("articles",) + METRICS + ("events_per_article",):
        print(f"{m:24}" + "".join(f"{results[p][m]:>10}" for p in parts))
    print(f"({elapsed:.0f} s)")
    if args.limit is None and args.part == "all" and args.cache is None:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
