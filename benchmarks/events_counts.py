"""Event counts: dead and injured against the PLOVER gold-standard records, plus speed.

Every PLOVER GSR sentence is parsed with the project's spaCy pipeline (not timed) and
`wirecoder.events.counts.find_counts` is run on each sentence. Per record, the gold `dead` / `injured`
of its events (../shared/data/README.md section 4a) are compared with the predicted `killed` / `injured`
count (the first one in the sentence with a number; a 'casualties' count — killed and injured together,
'killing or wounding 50' — is neither):

* exact best: predicted best == gold best; also low and high separately. The GSR writes every figure as
  low = best = high ('at least 156' -> 156/156/156); the project's contract keeps 'at least' open above
  (156/156/null), so high differs by design there.
* false alarms: records with no gold dead (injured) where a killed (injured) count is predicted.
* size (informative): gold `size` (crowds, arrests, expulsions) found as any bound of another count.

Speed: find_counts alone over all sentences of all GSR records and of the CASE 2021 dev snippets, and
per article on the seed article (../shared/data/seed/moscow-drones.txt), best of --runs.

    python benchmarks/events_counts.py [--limit N] [--errors 40] [--runs 5]

Writes benchmarks/results/events_counts.json and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GSR = DATA / "events" / "plover_gsr.jsonl"
CASE = DATA / "events" / "case2021_dev.jsonl"
SEED = DATA / "seed" / "moscow-drones.txt"
OUT = ROOT / "benchmarks" / "results" / "events_counts.json"

GOLD_TO_CATEGORY = {"dead": "killed", "injured": "injured"}


def load(path: Path, limit: int | None = None) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    rows = [r for r in rows if r.get("text")]
    return rows[:limit] if limit else rows


def predict(nlp, text: str):
    from wirecoder.events.counts import find_counts

    doc = nlp(text)
    counts = []
    for sent in doc.sents:
        counts.extend(find_counts(doc, sent))
    return doc, counts


def first_of(counts, category: str):
    for c in counts:
        if c.category == category:
            return c
    return None


def score_gsr(nlp, records: list[dict], max_errors: int) -> dict:
    fields = {}
    for gold_field, category in GOLD_TO_CATEGORY.items():
        fields[gold_field] = {"category": category, "gold": 0, "found": 0, "best": 0, "low": 0, "high": 0,
                              "any_bound": 0, "false_alarms": 0, "no_gold_records": 0}
    size = {"gold": 0, "found_any_bound": 0}
    size_missed: list[tuple] = []
    errors = []
    for record in records:
        doc, counts = predict(nlp, record["text"])
        for gold_field, stats in fields.items():
            gold = next((e[gold_field] for e in record["gold"] if e.get(gold_field)), None)
            pred = first_of(counts, stats["category"])
            if gold is None or gold.get("best") is None:
                stats["no_gold_records"] += 1
                if pred is not None:
                    stats["false_alarms"] += 1
                    errors.append(("false_alarm", gold_field, record["id"], record["text"], None,
                                   [pred.low, pred.best, pred.high], doc.text[pred.start : pred.end]))
                continue
            stats["gold"] += 1
            if pred is None:
                errors.append(("missed", gold_field, record["id"], record["text"],
                               [gold["low"], gold["best"], gold["high"]], None, None))
                continue
            stats["found"] += 1
            stats["best"] += pred.best == gold["best"]
            stats["low"] += pred.low == gold["low"]
            stats["high"] += pred.high == gold["high"]
            hit = gold["best"] in (pred.low, pred.best, pred.high)
            stats["any_bound"] += hit
            if pred.best != gold["best"]:
                errors.append(("wrong", gold_field, record["id"], record["text"],
                               [gold["low"], gold["best"], gold["high"]], [pred.low, pred.best, pred.high],
                               doc.text[pred.start : pred.end]))
        sizes = [e["size"] for e in record["gold"] if e.get("size")]
        for gold in sizes:
            if gold.get("best") is None and gold.get("low") is None:
                continue
            size["gold"] += 1
            value = gold["best"]
            others = [c for c in counts if c.category not in ("killed", "injured")]
            if any(value in (c.low, c.best, c.high) for c in others):
                size["found_any_bound"] += 1
            else:
                size_missed.append((record["id"], gold["raw"], [(c.category, c.low, c.best, c.high) for c in others],
                                    record["text"]))
    for stats in fields.values():
        n = stats["gold"] or 1
        for key in ("best", "low", "high", "any_bound", "found"):
            stats[f"{key}_rate"] = round(stats[key] / n, 4)
    size["missed"] = size_missed[:max_errors]
    return {"fields": fields, "size": size, "errors": errors[:max_errors], "error_count": len(errors)}


def forget(docs) -> None:
    """Drop what find_counts caches on a Doc, so every timed run pays the whole cost."""
    for doc in docs:
        for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("_wirecoder_count")]:
            del doc.user_data[key]


def speed(nlp, runs: int) -> dict:
    from wirecoder.events.counts import find_counts

    texts = [r["text"] for r in load(GSR)]
    if CASE.exists():
        texts += [r["text"] for r in load(CASE)]
    docs = [nlp(t) for t in texts]
    sents = [(d, s) for d in docs for s in d.sents]
    find_counts(docs[0], next(iter(docs[0].sents)))  # load the lexicons
    best = float("inf")
    for _ in range(runs):
        forget(docs)
        t0 = time.perf_counter()
        for d, s in sents:
            find_counts(d, s)
        best = min(best, time.perf_counter() - t0)
    out = {"sentences": len(sents), "us_per_sentence": round(best / len(sents) * 1e6, 1)}
    if SEED.exists():
        doc = nlp(SEED.read_text(encoding="utf-8"))
        seed_sents = list(doc.sents)
        best = float("inf")
        for _ in range(runs * 20):
            forget([doc])
            t0 = time.perf_counter()
            for s in seed_sents:
                find_counts(doc, s)
            best = min(best, time.perf_counter() - t0)
        out["seed_article_sentences"] = len(seed_sents)
        out["seed_article_ms"] = round(best * 1e3, 3)
    return out


def case_summary(nlp, limit: int | None) -> dict:
    """CASE 2021 snippets have no gold counts: how often each category is found (a sanity check)."""
    if not CASE.exists():
        return {}
    found: dict[str, int] = {}
    records = load(CASE, limit)
    for record in records:
        _doc, counts = predict(nlp, record["text"])
        for c in {c.category for c in counts}:
            found[c] = found.get(c, 0) + 1
    return {"snippets": len(records), "snippets_with_category": dict(sorted(found.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N GSR records only")
    parser.add_argument("--errors", type=int, default=40, help="errors kept in the results file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    if not GSR.exists():
        print(f"{GSR} is missing", file=sys.stderr)
        return 1
    from wirecoder.language import load_pipeline

    nlp = load_pipeline()
    records = load(GSR, args.limit)
    result = {"records": len(records), "gsr": score_gsr(nlp, records, args.errors)}
    result["case2021"] = case_summary(nlp, args.limit)
    if not args.no_speed:
        result["speed"] = speed(nlp, args.runs)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, stats in result["gsr"]["fields"].items():
        print(f"{name:<8} gold {stats['gold']:>3}  found {stats['found']:>3}  best exact {stats['best_rate']:.1%}  "
              f"low {stats['low_rate']:.1%}  high {stats['high_rate']:.1%}  any bound {stats['any_bound_rate']:.1%}  "
              f"false alarms {stats['false_alarms']}/{stats['no_gold_records']}")
    size = result["gsr"]["size"]
    print(f"size     gold {size['gold']:>3}  found (any bound of another count) {size['found_any_bound']}")
    for missed in size["missed"]:
        print("   size missed", missed[0], repr(missed[1]), missed[2], "|", missed[3][:120])
    if "speed" in result:
        print("speed", result["speed"])
    if result["case2021"]:
        print("case2021", result["case2021"])
    for err in result["gsr"]["errors"]:
        print("  ", err[0], err[1], err[2], "gold", err[4], "pred", err[5], repr(err[6]), "|", err[3][:140])
    return 0


if __name__ == "__main__":
    sys.exit(main())
