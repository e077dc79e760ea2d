"""Times: TempEval-3 Task A scoring of the times stage on TimeBank and AQUAINT (TBAQ-cleaned), plus
speed of the stage alone, with a dateparser `search_dates` baseline measured in the same run.

Scoring (../shared/data/README.md section 2, as in TE3's evaluate_entities.py): a system TIMEX3 and
a gold one match *relaxed* when their characters overlap and *strict* when the extents are
identical (one-to-one, in text order); P/R/F1 for both; value accuracy = share of relaxed matches
whose value string equals gold's; value F1 = value accuracy x relaxed F1 (the TE3 ranking score);
type accuracy likewise. Each record is resolved against its own `published` (the DCT).

Speed: every document is parsed with spaCy first (not timed); then the stage is timed alone over
all documents (best of --runs), and dateparser's `search_dates` on the same texts.

    python benchmarks/times.py [--runs 3] [--no-baseline] [--errors 40]

Writes benchmarks/results/times.json and prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "times"
SETS = ("timebank", "aquaint")


def load(name: str) -> list[dict]:
    with (DATA / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def match(gold: list[dict], system: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one relaxed matches (any character overlap), in text order."""
    pairs = []
    used: set[int] = set()
    for s in sorted(system, key=lambda x: (x["start"], x["end"])):
        for i, g in enumerate(gold):
            if i in used:
                continue
            if s["start"] < g["end"] and g["start"] < s["end"]:
                pairs.append((g, s))
                used.add(i)
                break
    return pairs


class Score:
    def __init__(self) -> None:
        self.gold = self.system = self.relaxed = self.strict = self.value = self.type = 0
        self.errors: list[tuple] = []

    def add(self, record: dict, system: list[dict]) -> None:
        gold = record["gold"]
        pairs = match(gold, system)
        self.gold += len(gold)
        self.system += len(system)
        self.relaxed += len(pairs)
        self.strict += sum(1 for g, s in pairs if g["start"] == s["start"] and g["end"] == s["end"])
        self.value += sum(1 for g, s in pairs if g["value"] == s["value"])
        self.type += sum(1 for g, s in pairs if g["type"] == s["type"])
        matched_g = {id(g) for g, _ in pairs}
        matched_s = {id(s) for _, s in pairs}
        dct = record.get("published", "")[:10]
        for g, s in pairs:
            if g["value"] != s["value"]:
                self.errors.append(("value", record["id"], dct, g["text"], g["value"], s["text"], s["value"]))
        for g in gold:
            if id(g) not in matched_g:
                self.errors.append(("missed", record["id"], dct, g["text"], g["value"], "", ""))
        for s in system:
            if id(s) not in matched_s:
                self.errors.append(("spurious", record["id"], dct, "", "", s["text"], s["value"]))

    def merge(self, other: Score) -> None:
        for name in ("gold", "system", "relaxed", "strict", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def table(self) -> dict[str, float]:
        def prf(hits: int) -> tuple[float, float, float]:
            p = hits / self.system if self.system else 0.0
            r = hits / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        rp, rr, rf = prf(self.relaxed)
        sp, sr, sf = prf(self.strict)
        value_acc = self.value / self.relaxed if self.relaxed else 0.0
        type_acc = self.type / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold,
            "system": self.system,
            "relaxed_p": 100 * rp,
            "relaxed_r": 100 * rr,
            "relaxed_f1": 100 * rf,
            "strict_p": 100 * sp,
            "strict_r": 100 * sr,
            "strict_f1": 100 * sf,
            "value_acc": 100 * value_acc,
            "value_f1": 100 * value_acc * rf,
            "type_acc": 100 * type_acc,
            "type_f1": 100 * type_acc * rf,
        }


# --- dateparser baseline -------------------------------------------------------------------------

_YEAR_ONLY = re.compile(r"^\s*(?:1[5-9]|20)\d\d\s*$")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"


def dateparser_times(text: str, published: str) -> list[dict]:
    """search_dates, mapped to TIMEX3: a 4-digit year alone -> YYYY, a month without a day -> YYYY-MM,
    anything else -> YYYY-MM-DD; all DATE."""
    from dateparser.search import search_dates

    base = dt.datetime.fromisoformat(published[:19]) if published else None
    settings = {"RELATIVE_BASE": base} if base else {}
    found = search_dates(text, languages=["en"], settings=settings) or []
    out, pos = [], 0
    for phrase, moment in found:
        start = text.find(phrase, pos)
        if start < 0:
            continue
        pos = start + len(phrase)
        low = phrase.lower()
        if _YEAR_ONLY.match(phrase):
            value = f"{moment.year:04d}"
        elif re.search(_MONTHS, low) and not re.search(r"\d{1,2}(?!\d)", low.replace(str(moment.year), "")):
            value = f"{moment.year:04d}-{moment.month:02d}"
        else:
            value = moment.date().isoformat()
        out.append({"start": start, "end": pos, "text": phrase, "type": "DATE", "value": value})
    return out


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="speed: best of this many passes")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors per kind")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "times.json")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"data not found: {DATA}")

    from wirecoder.language import load_pipeline
    from wirecoder.model import Document
    from wirecoder.times.stage import times_stage

    nlp = load_pipeline()
    records = {name: load(name) for name in SETS}
    parsed = {
        name: list(nlp.pipe((r["text"] for r in recs), batch_size=16)) for name, recs in records.items()
    }

    scores: dict[str, dict[str, Score]] = {"wirecoder": {}, "dateparser": {}}
    stage_ms: dict[str, float] = {}
    outputs: dict[str, list[list[dict]]] = {}
    for name in SETS:
        best = float("inf")
        for _ in range(max(1, args.runs)):
            docs = [Document(id=r["id"], text=r["text"], published=r.get("published")) for r in records[name]]
            started = time.perf_counter()
            for doc, document in zip(parsed[name], docs, strict=True):
                times_stage(doc, document)
            best = min(best, time.perf_counter() - started)
        stage_ms[name] = 1000 * best / len(docs)
        outputs[name] = [[t.to_dict() for t in d.times] for d in docs]
        score = Score()
        for record, times in zip(records[name], outputs[name], strict=True):
            score.add(record, times)
        scores["wirecoder"][name] = score

    baseline_ms: dict[str, float] = {}
    if not args.no_baseline:
        for name in SETS:
            score = Score()
            started = time.perf_counter()
            results = [dateparser_times(r["text"], r.get("published") or "") for r in records[name]]
            baseline_ms[name] = 1000 * (time.perf_counter() - started) / len(records[name])
            for record, times in zip(records[name], results, strict=True):
                score.add(record, times)
            scores["dateparser"][name] = score

    report: dict = {"sets": {}, "speed_ms_per_doc": {"wirecoder_stage": stage_ms, "dateparser": baseline_ms}}
    header = (
        f"{'system':<11}{'set':<10}{'gold':>6}{'sys':>6}{'rel P':>7}{'rel R':>7}{'rel F1':>7}"
        f"{'str P':>7}{'str R':>7}{'str F1':>7}{'val acc':>8}{'val F1':>7}{'type acc':>9}{'ms/doc':>8}"
    )
    print(header)
    print("-" * len(header))
    for system, by_set in scores.items():
        if not by_set:
            continue
        combined = Score()
        for name in SETS:
            combined.merge(by_set[name])
        rows = [*((name, by_set[name]) for name in SETS), ("combined", combined)]
        speeds = stage_ms if system == "wirecoder" else baseline_ms
        total_docs = sum(len(records[n]) for n in SETS)
        for name, score in rows:
            row = score.table()
            if name == "combined":
                ms = sum(speeds[n] * len(records[n]) for n in SETS) / total_docs
            else:
                ms = speeds[name]
            row["ms_per_doc"] = ms
            report["sets"].setdefault(system, {})[name] = row
            print(
                f"{system:<11}{name:<10}{row['gold']:>6}{row['system']:>6}{row['relaxed_p']:>7.1f}"
                f"{row['relaxed_r']:>7.1f}{row['relaxed_f1']:>7.1f}{row['strict_p']:>7.1f}"
                f"{row['strict_r']:>7.1f}{row['strict_f1']:>7.1f}{row['value_acc']:>8.1f}"
                f"{row['value_f1']:>7.1f}{row['type_acc']:>9.1f}{ms:>8.2f}"
            )
    tb = len(records["timebank"])
    avg_chars = sum(len(r["text"]) for r in records["timebank"]) / tb
    print(
        f"\ntimes stage alone: {stage_ms['timebank']:.2f} ms per TimeBank article "
        f"(average {avg_chars:,.0f} characters; spaCy parsing not included)"
    )
    if baseline_ms:
        ratio = baseline_ms["timebank"] / stage_ms["timebank"] if stage_ms["timebank"] else 0
        print(
            f"dateparser search_dates: {baseline_ms['timebank']:.1f} ms per TimeBank article ({ratio:.0f}x)"
        )

    if args.errors:
        errors = [e for name in SETS for e in scores["wirecoder"][name].errors]
        for kind in ("value", "missed", "spurious"):
            chosen = [e for e in errors if e[0] == kind]
            print(f"\n{kind} ({len(chosen)}):")
            for e in chosen[: args.errors]:
                print("  ", " | ".join(str(x) for x in e[1:]))

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwrote {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}")


if __name__ == "__main__":
    main()
