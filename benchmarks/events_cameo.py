"""CAMEO pentaclass event benchmark (README section 4b): the full pipeline over the ConfliBERT CAMEO
training sentences.

    python benchmarks/events_cameo.py [--limit N] [--offset K] [--errors 30]

Records [offset, offset + limit) of ../shared/data/events/cameo_train.jsonl are analysed, each sentence
one Document. The event with the highest `confidence` is the sentence's prediction; its PLOVER type is
mapped onto the 5 CAMEO classes by their roots (no event -> 0 'make a statement'):

    AGREE CONSULT SUPPORT -> 1;  COOPERATE AID CONCEDE RETREAT -> 2;
    REQUEST ACCUSE REJECT THREATEN SANCTION -> 3;  PROTEST MOBILIZE COERCE ASSAULT -> 4.

Scores:
* on records with a class (`gold.pentaclass` not null): accuracy, per-class P/R/F1, macro-F1 over the
  5 classes, and the confusion matrix;
* on records with spans (`has_spans`): the top event's actor against the gold source spans, its
  recipient against the target spans, as events_plover.py reads arguments (the event's actor id ->
  that actor's mentions; an argument is right when one of its mentions overlaps a gold span).
  Precision = top events whose argument overlaps a gold span / top events with that argument (in
  sentences with gold spans of that role); recall = gold spans overlapped / gold spans; F1. The
  relation spans (R: both parties of a reciprocal event, 'X held talks with Y') are scored the same
  way against the actor and the recipient together (arguments_relation_precision/recall/f1).
Writes benchmarks/results/events_cameo.json (the figures, the error lines).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "events" / "cameo_train.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "events_cameo.json"

CLASSES = ("statement", "verbal-coop", "material-coop", "verbal-conflict", "material-conflict")
TYPE_CLASS = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "CONCEDE", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
ROLES = (("actor", "source"), ("recipient", "target"))


def load(limit: int | None, offset: int) -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    records = records[offset:]
    return records[:limit] if limit is not None else records


def predict(records: list[dict]) -> list[dict]:
    """Per record: the top event (highest confidence) with its actor's and recipient's mention spans."""
    from wirecoder.model import Article
    from wirecoder.pipeline import analyze_batch

    articles = (Article(text=r["text"], id=r["id"]) for r in records)
    out = []
    for document in analyze_batch(articles):
        data = document.to_dict()  # scored on the JSON form
        events = data["events"]
        top = max(events, key=lambda e: e.get("confidence") or 0.0) if events else None
        actors = {a["id"]: a for a in data["actors"]}
        row: dict = {"type": None, "class": 0, "trigger": None, "evidence": [], "events": len(events)}
        if top is not None:
            row["type"] = top["type"]
            row["class"] = TYPE_CLASS.get(top["type"], 0)
            row["evidence"] = [(e["start"], e["end"]) for e in top.get("evidence") or []]
            row["trigger"] = (top.get("evidence") or [{}])[0].get("text")
        for role, _ in ROLES:
            actor = actors.get(top[role]) if top is not None and top.get(role) else None
            row[role] = None
            if actor is not None:
                row[role] = {
                    "name": actor.get("name"),
                    "country": actor.get("country"),
                    "spans": [(m["start"], m["end"]) for m in actor.get("mentions") or []],
                }
        out.append(row)
    return out


def _overlaps(spans: list[tuple[int, int]], gold: dict) -> bool:
    return any(s < gold["end"] and gold["start"] < e for s, e in spans)


def score(records: list[dict], predictions: list[dict], show: int) -> dict:
    pairs = [(r["gold"]["pentaclass"], p["class"]) for r, p in zip(records, predictions, strict=True)
             if r["gold"]["pentaclass"] is not None]
    per_class = {}
    f1s = []
    for k, name in enumerate(CLASSES):
        tp = sum(1 for g, p in pairs if g == k and p == k)
        fp = sum(1 for g, p in pairs if g != k and p == k)
        fn = sum(1 for g, p in pairs if g == k and p != k)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        per_class[name] = {"support": tp + fn, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
    confusion: dict[str, Counter] = defaultdict(Counter)
    for g, p in pairs:
        confusion[CLASSES[g]][CLASSES[p]] += 1

    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[str] = []
    for record, pred in zip(records, predictions, strict=True):
        gold = record["gold"]
        klass = gold["pentaclass"]
        if klass is not None and klass != pred["class"] and len(errors) < show * 3:
            errors.append(f"{record['id']} class {klass} got {pred['class']} ({pred['type']} '{pred['trigger']}') | {record['text'][:140]}")
        if not record["has_spans"]:
            continue
        for role, gold_role in ROLES:
            spans = gold[gold_role]
            if not spans:
                continue
            mine = pred[role]
            got = mine["spans"] if mine else []
            right = [g for g in spans if _overlaps(got, g)]
            tallies[f"{role}_{gold_role}_recall"][0] += len(right)
            tallies[f"{role}_{gold_role}_recall"][1] += len(spans)
            if mine is not None:
                tallies[f"{role}_{gold_role}_precision"][0] += bool(right)
                tallies[f"{role}_{gold_role}_precision"][1] += 1
            if not right and len(errors) < show * 3:
                errors.append(
                    f"{record['id']} {role}: gold {[g['text'] for g in spans]} got "
                    f"{(mine or {}).get('name')}/{(mine or {}).get('country')} ({pred['type']} '{pred['trigger']}') | {record['text'][:140]}"
                )
        relation = gold["relation"]
        if relation:
            parties = [pred[role] for role, _ in ROLES if pred[role] is not None]
            right = [g for g in relation if any(_overlaps(p["spans"], g) for p in parties)]
            tallies["arguments_relation_recall"][0] += len(right)
            tallies["arguments_relation_recall"][1] += len(relation)
            for party in parties:
                tallies["arguments_relation_precision"][0] += any(_overlaps(party["spans"], g) for g in relation)
                tallies["arguments_relation_precision"][1] += 1
    figures = {k: round(v[0] / v[1], 4) for k, v in sorted(tallies.items()) if v[1]}
    for name in [f"{role}_{gold_role}" for role, gold_role in ROLES] + ["arguments_relation"]:
        p = figures.get(f"{name}_precision")
        r = figures.get(f"{name}_recall")
        if p is not None and r is not None:
            figures[f"{name}_f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {
        "records": len(records),
        "classified": len(pairs),
        "accuracy": round(sum(1 for g, p in pairs if g == p) / len(pairs), 4) if pairs else None,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if pairs else None,
        **figures,
        "counted": {k: v[1] for k, v in sorted(tallies.items())},
        "per_class": per_class,
        "confusion": {k: dict(v.most_common()) for k, v in confusion.items()},
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only N records (after --offset)")
    parser.add_argument("--offset", type=int, default=0, help="skip the first K records")
    parser.add_argument("--errors", type=int, default=0, help="error lines to print (x3 kept in the JSON)")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    records = load(args.limit, args.offset)
    started = time.perf_counter()
    predictions = predict(records)
    result = {"offset": args.offset, "limit": args.limit,
              **score(records, predictions, max(args.errors, 30))}
    result["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    print(f"CAMEO pentaclass (records {args.offset}..{args.offset + result['records']}): "
          f"{result['classified']} classified  ({result['seconds']} s)")
    names = [f"{role}_{g}" for role, g in ROLES] + ["arguments_relation"]
    keys = ["accuracy", "macro_f1"] + [f"{n}_{m}" for n in names for m in ("precision", "recall", "f1")]
    for k in keys:
        if result.get(k) is not None:
            n = result["counted"].get(k, result["classified"]) if not k.endswith("_f1") else ""
            print(f"  {k:30s} {result[k]:.3f}  {f'(n={n})' if n != '' else ''}")
    print(f"  {'class':18} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for name, d in result["per_class"].items():
        print(f"  {name:18} {d['support']:>4} {d['precision']:>6.2f} {d['recall']:>6.2f} {d['f1']:>6.2f}")
    for line in result["errors"][: args.errors]:
        print("-", line)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
