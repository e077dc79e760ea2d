"""Events: is `confidence` calibrated? Reliability of event confidences on the dev sets, and the map
that makes them so.

An event is right when
- PLOVER GSR (../shared/data/events/plover_gsr.jsonl): its type is one of the gold types of its sentence;
- CASE 2021 dev (case2021_dev.jsonl, gold.seen records): it carries an ACLED sub-event type and that type is
  the snippet's gold type (events without an ACLED type are not scored there).
The stage's confidence is `calibrate(raw score)`, a monotone map fitted here by isotonic regression (pool
adjacent violators) over the raw scores of all these events and written to
src/wirecoder/data/events/calibration.tsv (`--fit`). Because a map fitted and scored on the same events
looks better than it is, the reliability of the fitted map is reported by 2-fold cross-fitting: each
half is scored with the map fitted on the other half.

    python benchmarks/events_calibration.py [--fit] [--limit N]

Reports, for the raw scores and the cross-fitted map: expected calibration error (ECE, 10 equal-width
bins, weighted by events), Brier score, and the reliability table. Writes
benchmarks/results/events_calibration.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "events"
RESULTS = ROOT / "benchmarks" / "results" / "events_calibration.json"
TABLE = ROOT / "src" / "wirecoder" / "data" / "events" / "calibration.tsv"


def load(name: str, limit: int | None) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit] if limit else records


def outcomes(limit: int | None) -> list[tuple[float, bool, str]]:
    """(raw score, right, set) for every scored event."""
    from wirecoder.model import Article
    from wirecoder.pipeline import analyze_batch

    out: list[tuple[float, bool, str]] = []
    plover = load("plover_gsr.jsonl", limit)
    for rec, doc in zip(plover, analyze_batch(Article(text=r["text"], id=r["id"]) for r in plover), strict=True):
        gold = {g["type"] for g in rec["gold"]}
        for e in doc.to_dict()["events"]:
            out.append((e["raw_score"], e["type"] in gold, "plover"))
    case = [r for r in load("case2021_dev.jsonl", limit) if r["gold"]["seen"]]
    for rec, doc in zip(case, analyze_batch(Article(text=r["text"], id=r["id"]) for r in case), strict=True):
        for e in doc.to_dict()["events"]:
            if e["acled_sub_event_type"]:
                out.append((e["raw_score"], e["acled_sub_event_type"] == rec["gold"]["sub_event_type"], "case"))
    return out


def isotonic(points: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Pool adjacent violators: (score upper bound of each block, share right in it), increasing."""
    blocks: list[list[float]] = []  # [sum right, count, max score]
    for score, right in sorted(points):
        blocks.append([float(right), 1.0, score])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            right_sum, count, top = blocks.pop()
            blocks[-1][0] += right_sum
            blocks[-1][1] += count
            blocks[-1][2] = top
    return [(top, right_sum / count) for right_sum, count, top in blocks]


def apply(table: list[tuple[float, float]], score: float) -> float:
    from wirecoder.events.calibration import calibrated

    return calibrated(score, table)


def reliability(pairs: list[tuple[float, bool]], bins: int = 10) -> dict:
    rows = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, r) for p, r in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not inside:
            continue
        mean_p = sum(p for p, _ in inside) / len(inside)
        share = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(mean_p - share)
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside), "confidence": round(mean_p, 3), "right": round(share, 3)})
    brier = sum((p - r) ** 2 for p, r in pairs) / len(pairs)
    return {"events": len(pairs), "ece": round(ece, 4), "brier": round(brier, 4), "bins": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="write the fitted map to data/events/calibration.tsv")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    events = outcomes(args.limit)
    raw = [(s, r) for s, r, _ in events]
    halves = [raw[0::2], raw[1::2]]
    crossed = []
    for k in (0, 1):
        table = isotonic(halves[1 - k])
        crossed += [(apply(table, s), r) for s, r in halves[k]]
    result = {
        "raw": reliability(raw),
        "calibrated_cross_fitted": reliability(crossed),
        "by_set": {
            name: {"events": sum(1 for *_, n in events if n == name), "right": sum(r for _, r, n in events if n == name)}
            for name in ("plover", "case")
        },
    }
    if args.fit:
        table = isotonic(raw)
        with TABLE.open("w", encoding="utf-8") as handle:
            handle.write(
                "# Event confidence calibration: raw detector score (upper bound of a block) -> share of events\n"
                "# right on the dev sets (PLOVER GSR types, CASE 2021 sub-event types), isotonic fit written by\n"
                "# benchmarks/events_calibration.py --fit. Scores between blocks are interpolated.\n"
                "# raw_upper\tright\n"
            )
            for top, share in table:
                handle.write(f"{top:.4f}\t{share:.4f}\n")
        result["fitted_blocks"] = len(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name in ("raw", "calibrated_cross_fitted"):
        r = result[name]
        print(f"{name:24} events {r['events']:5}  ECE {r['ece']:.3f}  Brier {r['brier']:.3f}")
        for row in r["bins"]:
            print(f"    {row['bin']}  n={row['n']:4}  confidence {row['confidence']:.2f}  right {row['right']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
