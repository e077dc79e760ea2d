"""Annotation helper: print the context of PolNeAR dev attributions whose gold source is a
third-person singular pronoun (he/she/his/her), so a person can write down the antecedent.

    python benchmarks/pronoun_context.py [--start 0] [--count 20] [--before 700]

Prints article id, offsets, and the text around the pronoun (marked [[...]]); nothing is written.
The annotations themselves live in benchmarks/data/polnear_pronouns.tsv (offsets and names only).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "attribution" / "polnear_dev.jsonl"
PRONOUNS = {"he", "she", "his", "her"}


def pronoun_sources(path: Path = POLNEAR):
    """(article id, text, start, end, pronoun) in file order."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            seen = set()
            for gold in record["gold"]:
                source = gold["source"]
                if not source or source["text"].lower() not in PRONOUNS:
                    continue
                key = (source["start"], source["end"])
                if key in seen:
                    continue
                seen.add(key)
                yield record["id"], record["text"], source["start"], source["end"], source["text"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--before", type=int, default=700)
    args = parser.parse_args()
    items = sorted(pronoun_sources(), key=lambda x: (x[0], x[2]))
    for n, (aid, text, start, end, pronoun) in enumerate(items):
        if n < args.start or n >= args.start + args.count:
            continue
        left = text[max(0, start - args.before) : start].replace("\n", " / ")
        right = text[end : end + 120].replace("\n", " / ")
        print(f"#{n}\t{aid}\t{start}\t{end}\t{pronoun}\n...{left}[[{text[start:end]}]]{right}...\n")


if __name__ == "__main__":
    main()
