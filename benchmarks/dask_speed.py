"""Scale-out: the same analysis in one process, in `--workers 2`, and on Dask LocalClusters.

    python benchmarks/dask_speed.py [--articles 1000] [--batch-size 100]

Articles: PolNeAR dev and train articles (news of PolNeAR length), cycled to --articles. In the same
run, documents/s of: one process (InProcess), local processes (Processes, 2), Dask LocalCluster with
1 worker and with 2 workers (model load and cluster start excluded: each executor analyses a warm-up
batch first). Reports the ratios the issue asks for (Dask 2 / Dask 1 >= 1.8; Dask 2 within 10 % of
--workers 2) and each Dask worker's peak RSS (VmHWM, read on the workers). Output is checked to be
identical across executors. Writes benchmarks/results/dask_speed.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "attribution"
RESULTS = ROOT / "benchmarks" / "results"


def load(count: int):
    from wirecoder.model import Article

    records = [json.loads(line) for line in (DATA / "polnear_dev.jsonl").open(encoding="utf-8")]
    with gzip.open(DATA / "polnear_train.jsonl.gz", "rt", encoding="utf-8") as handle:
        records += [json.loads(line) for line in islice(handle, max(0, count - len(records)))]
    return [
        Article(r["text"], id=f"{r['id']}-{n}", published=r.get("published"))
        for n, r in enumerate(islice(cycle(records), count))
    ]


def peak_mib() -> float:
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmHWM")) / 1024


def timed(executor, items, batch_size: int) -> tuple[float, str]:
    from wirecoder.pipeline import analyze_stream

    list(analyze_stream(iter(items[:batch_size]), executor=executor, chunk_size=batch_size))  # warm-up
    started = time.perf_counter()
    digest = hashlib.sha256()
    for doc in analyze_stream(iter(items), executor=executor, chunk_size=batch_size):
        digest.update(doc.to_json().encode("utf-8", "surrogatepass"))
    return len(items) / (time.perf_counter() - started), digest.hexdigest()


def main() -> None:
    from wirecoder.executors import DaskExecutor, InProcess, Processes
    from wirecoder.language import DEFAULT_MODEL

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    items = load(args.articles)
    rows, digests = {}, {}
    runs = [
        ("one process", lambda: InProcess(DEFAULT_MODEL)),
        ("--workers 2", lambda: Processes(DEFAULT_MODEL, 2)),
        ("dask local:1", lambda: DaskExecutor("local:1", DEFAULT_MODEL, batch_size=args.batch_size)),
        ("dask local:2", lambda: DaskExecutor("local:2", DEFAULT_MODEL, batch_size=args.batch_size)),
    ]
    worker_rss = []
    for name, make in runs:
        executor = make()
        try:
            rows[name], digests[name] = timed(executor, items, args.batch_size)
            if name == "dask local:2":
                worker_rss = sorted(executor.client.run(peak_mib).values())
        finally:
            executor.close()
        print(f"{name:14} {rows[name]:6.2f} docs/s", flush=True)
    report = {
        "articles": len(items),
        "batch_size": args.batch_size,
        "docs_per_s": {k: round(v, 2) for k, v in rows.items()},
        "dask2_over_dask1": round(rows["dask local:2"] / rows["dask local:1"], 3),
        "dask2_over_workers2": round(rows["dask local:2"] / rows["--workers 2"], 3),
        "dask_worker_peak_rss_mib": [round(x, 1) for x in worker_rss],
        "identical_output": len(set(digests.values())) == 1,
    }
    print(json.dumps(report, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dask_speed.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
