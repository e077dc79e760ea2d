"""Length: how analysis time and memory grow with the length of one text.

Each case is one text analysed by the full pipeline (`wirecoder.analyze`, every stage, output
serialised to JSON) in a child process of its own, so that the peak RSS of the case is its own (the
child's VmHWM; the model alone takes about 300 MiB). The child loads the model and analyses a short
warm-up text first; only the analysis of the case's text is timed, in wall-clock and in CPU seconds
(µs per character and its ratio are of CPU time: the machine may be shared, and CPU time is what the
code costs). A case that runs past --timeout seconds, or whose RSS passes --max-rss MiB (watched by
the parent), is killed and reported as such. --src measures another source tree (an older commit's).

The bar (always run): the seed article repeated 1, 10, 100 and 300 times in one text (paragraphs
separated by a blank line). Reported: characters, seconds, µs per character, the ratio of µs/char to
the 1x case (which carries the cost of a document besides its length), and peak RSS. The goal: µs/char within 2x of the 1x case, and peak RSS at most 1 GiB at
1 MB of text.

With --polnear, a text of varied news: the PolNeAR dev articles (different people, places and quotes
in each) one after the other in one text, the first 10 and all of them.

With --pathological, texts built to hit super-linear code (sizes as in issue 12, scaled where the
original would pass spaCy's 1,000,000-character limit): many short lines, 100,000 quotation marks of
each style, 100,000 '!' and '…', one 50,000-token sentence, floods of 'he said "…"' and of weekday
names, one 200,000-character line, and one 200,000-character word.

    python benchmarks/length.py [--repeats 1,10,100,300] [--polnear] [--pathological] [--only NAME,...]
                                [--timeout 120] [--max-rss 3000] [--src DIR] [--json FILE]

Writes benchmarks/results/length.json (or --json FILE) and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed" / "moscow-drones.txt"
POLNEAR = ROOT.parent / "shared" / "data" / "attribution" / "polnear_dev.jsonl"
PUBLISHED = "2023-05-30"

CHILD = r"""
import json, sys, time
from wirecoder.pipeline import get_analyzer

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

analyzer = get_analyzer()
analyzer.analyze("Warm-up. Officials said on Monday that \"it works\", according to Reuters.", sys.argv[2])
loaded = hwm()
text = open(sys.argv[1], encoding="utf-8", newline="").read()
start, cpu = time.perf_counter(), time.process_time()
doc = analyzer.analyze(text, sys.argv[2])
size = len(doc.to_json())
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rss_loaded": loaded, "rss_peak": hwm(), "output_chars": size,
                  "counts": {k: len(getattr(doc, k)) for k in ("entities", "actors", "places", "times",
                                                               "attributions", "events")}}))
"""

QUOTE_MARKS = {
    "straight-double": '"',
    "left-double": "\u201c",
    "right-double": "\u201d",
    "guillemet-left": "\u00ab",
    "guillemet-right": "\u00bb",
    "low-double": "\u201e",
    "straight-single": "'",
    "left-single": "\u2018",
    "right-single": "\u2019",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LIMIT = 1_000_000  # spaCy's nlp.max_length: the pathological texts stay below it


def seed_cases(seed: str, repeats: list[int]) -> dict[str, str]:
    body = seed.strip("\n")
    return {f"seed x{n}": "\n\n".join([body] * n) + "\n" for n in repeats}


def fill(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters at most (whole units)."""
    return unit * max(1, size // len(unit))


def polnear_cases(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as src:
        texts = [json.loads(line)["text"].strip() for line in src if line.strip()]
    return {
        f"PolNeAR dev x{len(part)} articles": "\n\n".join(part) + "\n" for part in (texts[:10], texts)
    }


def pathological_cases(seed: str) -> dict[str, str]:
    words = seed.split()
    plain = [re.sub(r"[^\w-]", "", w).lower() for w in words]
    plain = [w for w in plain if w]
    cases: dict[str, str] = {}
    # 1,000,000 short lines in the issue (6.5 GB); scaled to stay under the limit: 400,000 lines
    lines = [words[i % len(words)] for i in range(400_000)]
    cases["400k short lines"] = "\n".join(lines)[: LIMIT - 1]
    for name, mark in QUOTE_MARKS.items():
        cases[f"100k {name} quotes"] = mark * 100_000
    cases["100k '!'"] = "!" * 100_000
    cases["100k '…'"] = "\u2026" * 100_000
    cases["one 50k-token sentence"] = " ".join(plain[i % len(plain)] for i in range(50_000)) + "."
    cases["flood of he said \"…\""] = fill('He said "We will not stop." ', 500_000)
    cases["flood of weekday names"] = " ".join(WEEKDAYS[i % 7] for i in range(100_000))
    line = " ".join(seed.split())
    cases["one 200k-char line"] = (fill(line + " ", 200_000) + line)[:200_000]
    cases["one 200k-char word"] = "a" * 200_000
    return cases


def rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_case(text: str, timeout: float, max_rss: float, src: Path = ROOT / "src") -> dict:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False, newline="") as f:
        f.write(text)
        path = f.name
    try:
        env = dict(os.environ, PYTHONPATH=str(src) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, path, PUBLISHED],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        killed: list[str] = []
        done = threading.Event()

        def watch() -> None:
            start = time.monotonic()
            while not done.wait(0.2):
                if time.monotonic() - start > timeout:
                    killed.append(f"timeout {timeout:.0f} s")
                elif rss_mib(proc.pid) > max_rss:
                    killed.append(f"RSS > {max_rss:.0f} MiB")
                else:
                    continue
                proc.kill()
                return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        out, err = proc.communicate()
        done.set()
        watcher.join()
        if killed:
            return {"failed": killed[0]}
        if proc.returncode != 0:
            return {"failed": f"exit {proc.returncode}: {err.decode(errors='replace').strip()[-300:]}"}
        return json.loads(out.decode().strip().splitlines()[-1])
    finally:
        os.unlink(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", default="1,10,100,300", help="seed repetitions (comma-separated)")
    parser.add_argument("--polnear", action="store_true", help="also run the PolNeAR dev articles as one text")
    parser.add_argument("--pathological", action="store_true", help="also run the pathological texts")
    parser.add_argument("--only", help="run only the cases whose name contains one of these (comma-separated)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per case before it is killed")
    parser.add_argument("--max-rss", type=float, default=3000.0, help="MiB per case before it is killed")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument(
        "--src", type=Path, default=ROOT / "src", help="the wirecoder source tree to measure (e.g. an older commit's)"
    )
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "length.json", help="where to write the results"
    )
    args = parser.parse_args()
    if not args.seed.exists():
        sys.exit(f"seed article not found: {args.seed}")
    seed = args.seed.read_text(encoding="utf-8")
    cases = seed_cases(seed, [int(n) for n in args.repeats.split(",") if n.strip()])
    if args.polnear:
        if not POLNEAR.exists():
            sys.exit(f"PolNeAR dev file not found: {POLNEAR}")
        cases.update(polnear_cases(POLNEAR))
    if args.pathological:
        cases.update(pathological_cases(seed))
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        cases = {name: text for name, text in cases.items() if any(w in name for w in wanted)}

    console = Console()
    results = []
    base = None  # µs per character of the first seed case
    for name, text in cases.items():
        result = run_case(text, args.timeout, args.max_rss, args.src)
        result.update(case=name, chars=len(text))
        if "seconds" in result:
            result["us_per_char"] = result["cpu_seconds"] / len(text) * 1e6
            if name.startswith("seed") and base is None:
                base = result["us_per_char"]
            result["ratio"] = result["us_per_char"] / base if base else None
        results.append(result)
        console.print(f"{name}: " + (result.get("failed") or f"{result['seconds']:.2f} s, peak {result['rss_peak']:.0f} MiB"))

    table = Table(title=f"analyze, one text per case (timeout {args.timeout:.0f} s, RSS cap {args.max_rss:.0f} MiB)")
    for column in ("case", "chars", "wall s", "CPU s", "CPU µs/char", "ratio to seed x1", "peak RSS MiB", "model RSS MiB"):
        table.add_column(column, justify="left" if column == "case" else "right")
    for r in results:
        if "failed" in r:
            table.add_row(r["case"], f"{r['chars']:,}", r["failed"], "", "", "", "", "")
            continue
        table.add_row(
            r["case"],
            f"{r['chars']:,}",
            f"{r['seconds']:.2f}",
            f"{r['cpu_seconds']:.2f}",
            f"{r['us_per_char']:.1f}",
            f"{r['ratio']:.2f}" if r.get("ratio") is not None else "",
            f"{r['rss_peak']:.0f}",
            f"{r['rss_loaded']:.0f}",
        )
    console.print(table)
    if args.json:  # benchmarks/results/length.json by default
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
