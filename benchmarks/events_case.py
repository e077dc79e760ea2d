"""Events: ACLED sub-event types on CASE 2021 task 2 (development part), subtask 1.

Each `{id, text}` of ../shared/data/events/case2021_dev.jsonl is analysed with wirecoder; the event
with the highest confidence in the snippet gives the predicted `acled_sub_event_type` (no event, or an
event without an ACLED category, counts as wrong). Scored on the records whose gold class is one of
the 25 ACLED sub-event types (gold.seen): per-class P/R/F1, weighted F1 (by gold support) and macro
F1 over those classes, accuracy, and the confusions (../shared/data/README.md section 4d).

    python benchmarks/events_case.py [--limit N] [--errors 40]

Writes benchmarks/results/events_case.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "events" / "case2021_dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "events_case.json"
NONE = "(none)"


def load(limit: int | None) -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit] if limit else records


def predict(records: list[dict]) -> dict[str, dict]:
    """The most confident event of each snippet, as wirecoder.analyze gives it."""
    from wirecoder.model import Article
    from wirecoder.pipeline import analyze_batch

    articles = (Article(text=r["text"], id=r["id"]) for r in records)
    out: dict[str, dict] = {}
    for record, document in zip(records, analyze_batch(articles), strict=True):
        events = document.to_dict()["events"]  # scored on the JSON form
        best = max(events, key=lambda e: e.get("confidence") or 0.0) if events else None
        out[record["id"]] = {
            "sub_event_type": best.get("acled_sub_event_type") if best else None,
            "confidence": best.get("confidence") if best else None,
            "trigger": best["evidence"][0]["text"] if best and best.get("evidence") else None,
            "type": best.get("type") if best else None,
        }
    return out


# -- scoring ---------------------------------------------------------------------------------------


def score(records: list[dict], predictions: dict[str, dict]) -> dict:
    seen = [r for r in records if r["gold"]["seen"]]
    classes = sorted({r["gold"]["sub_event_type"] for r in seen})
    pairs = [(r["gold"]["sub_event_type"], predictions[r["id"]]["sub_event_type"] or NONE) for r in seen]
    per_class = {}
    for c in classes:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = {"support": tp + fn, "precision": precision, "recall": recall, "f1": f1}
    support = sum(v["support"] for v in per_class.values())
    weighted = sum(v["f1"] * v["support"] for v in per_class.values()) / support if support else 0.0
    macro = sum(v["f1"] for v in per_class.values()) / len(per_class) if per_class else 0.0
    accuracy = sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0
    confusions = Counter((g, p) for g, p in pairs if g != p)
    return {
        "records": len(records),
        "scored": len(pairs),
        "weighted_f1": round(100 * weighted, 1),
        "macro_f1": round(100 * macro, 1),
        "accuracy": round(100 * accuracy, 1),
        "no_prediction": sum(1 for _, p in pairs if p == NONE),
        "per_class": {c: {k: round(v, 3) if isinstance(v, float) else v for k, v in d.items()} for c, d in per_class.items()},
        "confusions": [{"gold": g, "predicted": p, "n": n} for (g, p), n in confusions.most_common()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N records")
    parser.add_argument("--errors", type=int, default=30, help="wrong records to print")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"missing {DATA}", file=sys.stderr)
        return 1
    records = load(args.limit)
    started = time.perf_counter()
    predictions = predict(records)
    elapsed = time.perf_counter() - started
    result = score(records, predictions)
    result["seconds"] = round(elapsed, 1)
    errors = [
        {"id": r["id"], "gold": r["gold"]["sub_event_type"], **predictions[r["id"]], "text": r["text"][:200]}
        for r in records
        if r["gold"]["seen"] and predictions[r["id"]]["sub_event_type"] != r["gold"]["sub_event_type"]
    ]
    result["errors"] = errors
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    print(f"CASE 2021 task 2 dev, subtask 1: {result['scored']} scored of {result['records']}")
    print(f"weighted F1 {result['weighted_f1']}  macro F1 {result['macro_f1']}  accuracy {result['accuracy']}"
          f"  no prediction {result['no_prediction']}  ({result['seconds']} s)")
    print(f"{'class':40} {'n':>3} {'P':>6} {'R':>6} {'F1':>6}")
    for c, d in sorted(result["per_class"].items(), key=lambda kv: -kv[1]["support"]):
        print(f"{c:40} {d['support']:>3} {d['precision']:>6.2f} {d['recall']:>6.2f} {d['f1']:>6.2f}")
    print("confusions (gold -> predicted):")
    for c in result["confusions"][:25]:
        print(f"  {c['n']:>2}  {c['gold']} -> {c['predicted']}")
    for e in errors[: args.errors]:
        print(f"- {e['id']}: {e['gold']} -> {e['sub_event_type']} [{e['type']} '{e['trigger']}' {e['confidence']}]  {e['text'][:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
