"""Snapshot of the full pipeline's output on normal text, to check that a change leaves it unchanged.

Writes one JSON line per document (sorted keys) for the seed article, the first --polnear PolNeAR dev
articles and every PLOVER GSR sentence, in one process. Run it before and after a change and compare
the two files byte for byte (`cmp before.jsonl after.jsonl`, or --compare to name the differing ids):

    python benchmarks/snapshot.py OUT.jsonl [--polnear 40] [--compare BEFORE.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SEED = DATA / "seed" / "moscow-drones.txt"
POLNEAR = DATA / "attribution" / "polnear_dev.jsonl"
PLOVER = DATA / "events" / "plover_gsr.jsonl"


def articles(polnear: int):
    from wirecoder.model import Article
    from wirecoder.pipeline import as_article

    yield as_article(Article(text=SEED.read_text(encoding="utf-8"), id="seed"), "2023-05-30")
    for path, limit in ((POLNEAR, polnear), (PLOVER, None)):
        with path.open(encoding="utf-8") as src:
            records = [json.loads(line) for line in src if line.strip()]
        for record in records[:limit]:
            article = Article(text=record["text"], id=record["id"], published=record.get("published"))
            yield as_article(article, "2023-05-30")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("--polnear", type=int, default=40, help="how many PolNeAR dev articles (default 40)")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot: name the documents that differ")
    args = parser.parse_args()
    from wirecoder.pipeline import analyze_stream

    with args.output.open("w", encoding="utf-8") as out:
        for doc in analyze_stream(articles(args.polnear)):
            if not hasattr(doc, "to_dict"):
                sys.exit(f"not analysed: {doc}")
            out.write(json.dumps(doc.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")
    if args.compare:
        old = [json.loads(line) for line in args.compare.open(encoding="utf-8")]
        new = [json.loads(line) for line in args.output.open(encoding="utf-8")]
        differ = [a.get("id") for a, b in zip(old, new, strict=False) if a != b]
        if len(old) != len(new):
            differ.append(f"(count {len(old)} -> {len(new)})")
        print(f"{len(new)} documents; {len(differ)} differ" + (": " + ", ".join(map(str, differ)) if differ else ""))
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
