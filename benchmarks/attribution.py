"""Attribution benchmark (issue 4): PolNeAR dev, scored as ../shared/data/README.md section 1 says.

    python benchmarks/attribution.py [--split dev|train] [--offset N] [--limit N] [--threshold 0.5] [--show N]

`--split train` scores PolNeAR's train split (840 articles) instead: rules are tuned on dev, so train is
the check that a change generalises (use `--limit` there; the whole split takes minutes).

Every dev article goes through the full `wirecoder` pipeline in one process (the docs/s figure is that
run, model loading excluded). Scoring, per article: content-anchored one-to-one matching; overlap is
counted on characters of the spans' pieces after dropping whitespace, quotation marks and `, . : ;`;
a gold/prediction pair matches when |gold∩pred|/|gold| >= t and |gold∩pred|/|pred| >= 0.5 (pairs are
taken greedily, best summed share first). Gold without content is skipped. On a matched pair the
source (and the cue) is right when the spans overlap, or when both are absent. Reports attribution
and triple (content + source + cue) P/R/F1 at t = 0.5 (and 0.3 / 0.8), recall on the subsets
`direct` (gold content has a double quotation mark), `speech_cue` (gold cue is a speech verb) and
`pronoun_source` (gold source is a pronoun). Writes benchmarks/results/attribution.json (attribution_train.json for the train split).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "attribution"
SPLITS = {"dev": DATA / "polnear_dev.jsonl", "train": DATA / "polnear_train.jsonl.gz"}
RESULTS = ROOT / "benchmarks" / "results"

DROP = set("\"“”„«»‘’'‹›,.:;")
DOUBLE = set('"“”„«»')
SPEECH = {
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added",
    "note", "notes", "noted", "state", "states", "stated", "explain", "explained", "explains",
    "announce", "announced", "claim", "claimed", "claims", "argue", "argued", "insist", "insisted",
    "write", "wrote", "writes", "tweet", "tweeted", "ask", "asked", "reply", "replied", "declare",
    "declared", "respond", "responded", "continue", "continued", "deny", "denied", "warn", "warned",
}  # fmt: skip
PRONOUNS = {"he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "his", "their"}


def chars(text: str, pieces: list[dict]) -> set[int]:
    return {
        i
        for p in pieces
        for i in range(p["start"], p["end"])
        if not text[i].isspace() and text[i] not in DROP
    }


def pieces_of(span: dict | None) -> list[dict]:
    if not span:
        return []
    return span.get("pieces") or [{"start": span["start"], "end": span["end"]}]


def overlaps(a: list[dict], b: list[dict]) -> bool:
    return any(x["start"] < y["end"] and y["start"] < x["end"] for x in a for y in b)


def match(text: str, gold: list[dict], pred: list[dict], t: float) -> list[tuple[int, int]]:
    gsets = [chars(text, pieces_of(g["content"])) for g in gold]
    psets = [chars(text, pieces_of(p["content"])) for p in pred]
    pairs = []
    for gi, gs in enumerate(gsets):
        for pi, ps in enumerate(psets):
            if not gs or not ps:
                continue
            inter = len(gs & ps)
            if inter / len(gs) >= t and inter / len(ps) >= 0.5:
                pairs.append((inter / len(gs) + inter / len(ps), gi, pi))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def role_right(gold: dict | None, pred: dict | None) -> bool:
    if not gold:
        return not pred
    return bool(pred) and overlaps(pieces_of(gold), pieces_of(pred))


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "P": round(100 * p, 1),
        "R": round(100 * r, 1),
        "F1": round(200 * p * r / (p + r), 1) if p + r else 0.0,
    }


def score(records: list[dict], predictions: list[list[dict]], t: float) -> dict:
    n_gold = n_pred = tp = tp3 = 0
    subsets = {"direct": [0, 0], "speech_cue": [0, 0], "pronoun_source": [0, 0]}
    for rec, pred in zip(records, predictions, strict=True):
        gold = [g for g in rec["gold"] if g["content"]]
        text = rec["text"]
        pairs = match(text, gold, pred, t)
        found = {gi: pi for gi, pi in pairs}
        n_gold += len(gold)
        n_pred += len(pred)
        tp += len(pairs)
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if role_right(g["source"], p["source"]) and role_right(g["cue"], p["cue"]):
                tp3 += 1
        for gi, g in enumerate(gold):
            tags = []
            if DOUBLE & set(g["content"]["text"]):
                tags.append("direct")
            if g["cue"] and g["cue"]["text"].lower().split()[-1] in SPEECH:
                tags.append("speech_cue")
            if g["source"] and g["source"]["text"].lower() in PRONOUNS:
                tags.append("pronoun_source")
            for tag in tags:
                subsets[tag][1] += 1
                subsets[tag][0] += gi in found
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "attribution": prf(tp, n_pred, n_gold),
        "triple": prf(tp3, n_pred, n_gold),
        "recall": {k: round(100 * a / b, 1) if b else None for k, (a, b) in subsets.items()},
        "subset_sizes": {k: b for k, (_, b) in subsets.items()},
    }


def as_prediction(attribution: dict) -> dict:
    return {"source": attribution["speaker"], "cue": attribution["cue"], "content": attribution["content"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=sorted(SPLITS), default="dev")
    parser.add_argument("--offset", type=int, default=0, help="skip the first N articles")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--show", type=int, default=0, help="print N missed gold attributions")
    parser.add_argument("--false", type=int, default=0, help="print N predictions that match no gold")
    args = parser.parse_args()
    path = SPLITS[args.split]
    if not path.exists():
        print(f"no PolNeAR {args.split} data at {path}", file=sys.stderr)
        return 2
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle][args.offset :]
    records = records[: args.limit]

    from wirecoder.model import Article
    from wirecoder.pipeline import Analyzer

    analyzer = Analyzer()
    analyzer.analyze("Warm-up. He said it was fine.")
    articles = [Article(text=r["text"], id=r["id"], published=r["published"]) for r in records]
    start = time.perf_counter()
    documents = list(analyzer.stream(articles))
    elapsed = time.perf_counter() - start
    predictions = [[as_prediction(a) for a in d.to_dict()["attributions"]] for d in documents]

    result = {"threshold": args.threshold, **score(records, predictions, args.threshold)}
    result["at_threshold"] = {
        str(t): score(records, predictions, t)["attribution"]["F1"] for t in (0.3, 0.8) if t != args.threshold
    }
    result["docs_per_second"] = round(len(records) / elapsed, 2)
    result["documents"] = len(records)

    a, t3 = result["attribution"], result["triple"]
    print(f"PolNeAR {args.split}: {len(records)} articles, {result['gold']} gold, {result['predicted']} predicted")
    print(f"attribution P/R/F1 {a['P']} / {a['R']} / {a['F1']}")
    print(f"triple      P/R/F1 {t3['P']} / {t3['R']} / {t3['F1']}")
    print(
        "recall " + ", ".join(f"{k} {v} (n={result['subset_sizes'][k]})" for k, v in result["recall"].items())
    )
    print("attribution F1 at t=" + ", ".join(f"{k}: {v}" for k, v in result["at_threshold"].items()))
    print(f"speed: {result['docs_per_second']} docs/s (full analyze, one process)")

    if args.show:
        shown = 0
        for rec, pred in zip(records, predictions, strict=True):
            gold = [g for g in rec["gold"] if g["content"]]
            found = {gi for gi, _ in match(rec["text"], gold, pred, args.threshold)}
            for gi, g in enumerate(gold):
                if gi not in found and shown < args.show:
                    shown += 1
                    src = g["source"]["text"] if g["source"] else None
                    cue = g["cue"]["text"] if g["cue"] else None
                    print(f"MISS [{src} | {cue}] {g['content']['text'][:160]!r}")

    if args.false:
        shown = 0
        for rec, pred in zip(records, predictions, strict=True):
            gold = [g for g in rec["gold"] if g["content"]]
            used = {pi for _, pi in match(rec["text"], gold, pred, args.threshold)}
            for pi, p in enumerate(pred):
                if pi not in used and shown < args.false:
                    shown += 1
                    src = p["source"]["text"] if p["source"] else None
                    cue = p["cue"]["text"] if p["cue"] else None
                    print(f"FALSE [{src} | {cue}] {p['content']['text'][:160]!r}")

    out = RESULTS / ("attribution.json" if args.split == "dev" else f"attribution_{args.split}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
