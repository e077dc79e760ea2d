"""Places benchmark: geoparsing on LGL and GeoVirus (../shared/data/places), scored as in its README.

    .venv/bin/python benchmarks/places.py [--limit N] [--sets lgl,geovirus] [--no-e2e] [--no-build]

Gold spans (`wirecoder geocode`): accuracy@161 km over all gold toponyms with coordinates
(unresolved = miss), mean / median error (unresolved = 20,039 km), AUC of the log-error curve (lower is
better), with the population-prior baseline over the same gazetteer in the same run.
End to end (`wirecoder analyze`): toponym P/R/F1 on span matches (overlap, one-to-one; exact too),
accuracy@161 on matched toponyms, and over all gold toponyms with misses counted wrong.
Also: spans/s resolved on one core after load, gazetteer load time and build time, RSS.
Every figure is given for the whole set and for its two parts, split by a hash of the document id:
'tune' (where errors may be looked at and rules tuned) and 'held_out' (never looked at; it shows
whether what was tuned generalises). --misses writes the tune part's misses only.
Writes benchmarks/results/places.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "places"
RESULTS = ROOT / "benchmarks" / "results" / "places.json"
MISS_KM = 20039.0

sys.path.insert(0, str(ROOT / "src"))

from wirecoder.places.gazetteer import load_gazetteer, name_key  # noqa: E402
from wirecoder.places.geocode import resolve_spans  # noqa: E402
from wirecoder.places.resolve import haversine  # noqa: E402

PARTS = ("tune", "held_out")


def part_of(record_id: str) -> str:
    """The part a document belongs to: half of each set by a hash of its id, fixed across runs."""
    return PARTS[int(hashlib.sha256(record_id.encode("utf-8")).hexdigest(), 16) % 2]


def load_set(name: str, limit: int | None) -> list[dict]:
    with open(DATA / f"{name}.jsonl", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit] if limit else records


def error_stats(errors: list[float]) -> dict:
    if not errors:
        return {"n": 0}
    ordered = sorted(errors)
    logs = [math.log(e + 1) for e in ordered]
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
    auc = area / (math.log(MISS_KM + 1) * max(1, len(logs) - 1))
    return {
        "n": len(errors),
        "acc161": round(100 * sum(e <= 161 for e in errors) / len(errors), 2),
        "mean_km": round(statistics.fmean(errors), 1),
        "median_km": round(statistics.median(errors), 1),
        "auc": round(auc, 4),
    }


def gold_points(record: dict) -> list[dict]:
    return [g for g in record["gold"] if g.get("lat") is not None]


_KIND_ORDER = {"country": 3, "admin1": 2, "admin2": 1}


def population_prior(gazetteer, text: str, start: int, end: int):
    candidates = [c for c in gazetteer.lookup(name_key(text[start:end])) if c.lat is not None]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.population, _KIND_ORDER.get(c.kind, 0)))
    return best.lat, best.lon


def gold_span_run(records: list[dict], gazetteer) -> tuple[dict, dict, float, int, list[dict]]:
    errors, baseline, misses = [], [], []
    elapsed, n_spans = 0.0, 0
    for record in records:
        text = record["text"]
        spans = [(g["start"], g["end"]) for g in record["gold"]]
        t0 = time.perf_counter()
        results = resolve_spans(text, spans, gazetteer)
        elapsed += time.perf_counter() - t0
        n_spans += len(spans)
        for gold, result in zip(record["gold"], results, strict=True):
            if gold.get("lat") is None:
                continue
            if result is None or result.lat is None:
                err = MISS_KM
            else:
                err = haversine(gold["lat"], gold["lon"], result.lat, result.lon)
            errors.append(err)
            if err > 161:
                misses.append(
                    {
                        "id": record["id"],
                        "text": gold["text"],
                        "gold": [gold["lat"], gold["lon"], gold.get("name")],
                        "pred": None
                        if result is None
                        else [result.lat, result.lon, result.name, result.kind],
                        "km": round(err),
                    }
                )
            point = population_prior(gazetteer, text, gold["start"], gold["end"])
            baseline.append(MISS_KM if point is None else haversine(gold["lat"], gold["lon"], *point))
    return error_stats(errors), error_stats(baseline), elapsed, n_spans, misses


def end_to_end(records: list[dict]) -> dict:
    from wirecoder.model import Article
    from wirecoder.pipeline import analyze_batch

    tp_overlap = tp_exact = n_pred = n_gold = 0
    matched_errors, all_errors = [], []
    t0 = time.perf_counter()
    articles = [Article(text=r["text"], id=r["id"]) for r in records]
    for record, doc in zip(records, analyze_batch(articles), strict=True):
        predicted = []
        for place in doc.places:
            for m in place.mentions:
                predicted.append((m.start, m.end, place.lat, place.lon))
        predicted.sort()
        gold = record["gold"]
        n_pred += len(predicted)
        n_gold += len(gold)
        used = set()
        for g in gold:
            match = None
            for k, (s, e, _lat, _lon) in enumerate(predicted):
                if k not in used and s < g["end"] and g["start"] < e:
                    match = k
                    if (s, e) == (g["start"], g["end"]):
                        break
            if match is not None:
                used.add(match)
                tp_overlap += 1
                s, e, lat, lon = predicted[match]
                tp_exact += (s, e) == (g["start"], g["end"])
            if g.get("lat") is None:
                continue
            if match is None:
                all_errors.append(MISS_KM)
                continue
            err = MISS_KM if lat is None else haversine(g["lat"], g["lon"], lat, lon)
            matched_errors.append(err)
            all_errors.append(err)
    seconds = time.perf_counter() - t0

    def prf(tp: int) -> dict:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}

    return {
        "docs": len(records),
        "seconds": round(seconds, 1),
        "gold_toponyms": n_gold,
        "predicted": n_pred,
        "overlap": prf(tp_overlap),
        "exact": prf(tp_exact),
        "matched": error_stats(matched_errors),
        "misses_counted_wrong": error_stats(all_errors),
    }


def measure_load() -> dict:
    """Load time and peak RSS (VmHWM: ru_maxrss would count the forking parent) of a fresh process that
    opens the (already built) index and resolves a text."""
    code = (
        "import time, resource; t = time.perf_counter();"
        "from wirecoder.places.gazetteer import load_gazetteer; g = load_gazetteer();"
        "load = time.perf_counter() - t;"
        "from wirecoder.places.geocode import geocode;"
        "geocode('Drones hit Moscow, and Russia blamed Kyiv.', [(11, 17), (23, 29), (38, 42)]);"
        "print(load, [int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    load, rss = map(float, out.stdout.split())
    return {"load_seconds": round(load, 3), "process_rss_mb": round(rss, 1)}


def measure_build() -> dict:
    """A fresh index build in a separate process (into a temporary directory): seconds and peak RSS."""
    code = (
        "import sys, time, resource; from pathlib import Path;"
        "from wirecoder.places.gazetteer import build_index; t = time.perf_counter();"
        "p = build_index(Path(sys.argv[1]) / 'gazetteer.sqlite');"
        "print(time.perf_counter() - t,"
        " [int(l.split()[1]) / 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0],"
        " p.stat().st_size / 1024 ** 2)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, tmp], capture_output=True, text=True, check=True)
    seconds, rss, size = map(float, out.stdout.split())
    return {"build_seconds": round(seconds, 2), "build_rss_mb": round(rss, 1), "index_mb": round(size, 1)}


def _brief(e2e: dict) -> dict:
    """The end-to-end figures the issue's bars name."""
    return {
        "docs": e2e["docs"],
        "overlap": e2e["overlap"],
        "exact_f1": e2e["exact"]["f1"],
        "matched_acc161": e2e["matched"].get("acc161"),
        "acc161_misses_wrong": e2e["misses_counted_wrong"].get("acc161"),
    }


def coverage(records: list[dict], gazetteer) -> float:
    """Percent of gold toponyms with coordinates that get a place at all (given spans)."""
    given = returned = 0
    for record in records:
        spans = [(g["start"], g["end"]) for g in record["gold"]]
        for gold, result in zip(record["gold"], resolve_spans(record["text"], spans, gazetteer), strict=True):
            if gold.get("lat") is None:
                continue
            given += 1
            returned += result is not None and result.lat is not None
    return round(100 * returned / given, 2) if given else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, help="first N documents of each set")
    parser.add_argument("--sets", default="lgl,geovirus")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end (spaCy) part")
    parser.add_argument("--no-build", action="store_true", help="skip timing a fresh index build")
    parser.add_argument("--misses", help="write gold-span misses (> 161 km) to this JSONL file")
    args = parser.parse_args()

    t0 = time.perf_counter()
    gazetteer = load_gazetteer()
    first_load = time.perf_counter() - t0
    report: dict = {"limit": args.limit, "sets": {}}
    total_spans, total_seconds, all_misses = 0, 0.0, []
    for name in args.sets.split(","):
        records = load_set(name, args.limit)
        ours, baseline, seconds, n_spans, misses = gold_span_run(records, gazetteer)
        # Speed on a second, warm pass (candidate lists cached as in a long-running process).
        _o, _b, warm_seconds, _n, _m = gold_span_run(records, gazetteer)
        total_spans += n_spans
        total_seconds += warm_seconds
        tune_ids = {r["id"] for r in records if part_of(r["id"]) == "tune"}
        all_misses += [{"set": name, **m} for m in misses if m["id"] in tune_ids]
        report["sets"][name] = {
            "docs": len(records),
            "gold_spans": {"wirecoder": ours, "population_prior": baseline},
            "spans_per_second_cold": round(n_spans / seconds) if seconds else None,
            "spans_per_second_warm": round(n_spans / warm_seconds) if warm_seconds else None,
        }
        print(f"{name}: gold spans {ours} | population prior {baseline}", flush=True)
        for part in PARTS:
            subset = [r for r in records if part_of(r["id"]) == part]
            ours_part, _b, _s, _n, _m = gold_span_run(subset, gazetteer)
            report["sets"][name][f"gold_spans_{part}"] = ours_part
            ours_part["coverage"] = coverage(subset, gazetteer)
            print(f"{name} [{part}, {len(subset)} docs]: gold spans {ours_part}", flush=True)
    report["spans_per_second"] = round(total_spans / total_seconds) if total_seconds else None
    report["gold_span_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["first_load_seconds"] = round(first_load, 3)
    report.update(measure_load())
    if not args.no_build:
        report.update(measure_build())
    if not args.no_e2e:
        for name in args.sets.split(","):
            records = load_set(name, args.limit)
            for part in PARTS:
                subset = [r for r in records if part_of(r["id"]) == part]
                report["sets"][name][f"end_to_end_{part}"] = e2e = end_to_end(subset)
                print(f"{name} [{part}]: end to end {_brief(e2e)}", flush=True)
        report["rss_mb_with_spacy"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as handle:
            for m in all_misses:
                handle.write(json.dumps(m, ensure_ascii=False) + "\n")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "sets"}, indent=2))
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
