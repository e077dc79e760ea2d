"""Place senses: literal or metonymic, on our own annotations of PolNeAR dev (benchmarks/data/place_senses.jsonl).

    python benchmarks/place_senses.py

The annotation file holds offsets and labels only ({"set", "id", "start", "end", "sense"}); the texts are
read from ../shared/data. 140 place mentions of 83 political news articles, sampled at random (at most two
a document, then 70 more mentions of country names, where metonymy is common), each labelled by reading
its sentence: metonymic when the name stands for an actor (the state, its government or people: 'Russia
carried out a maneuver', 'a complaint by Vermont', 'Charlotte officials should release', 'retaliation on
Russia'); literal when it names the place ('in Tulsa', 'U.S. growth', 'D-Ohio', 'Former Pennsylvania
Gov.'). Left out: names inside organisation names ('USA Today'), demonyms, non-places, and unclear cases.
Scores: accuracy on the gold literal and on the gold metonymic mentions (a mention the pipeline does not
find counts wrong), for the tune and held-out halves (places.part_of) and the whole; plus the seed's
senses as tests/test_places.py checks them. Writes benchmarks/results/place_senses.json.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from places import PARTS, part_of  # noqa: E402

ANNOTATIONS = ROOT / "benchmarks" / "data" / "place_senses.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "place_senses.json"
SETS = {"polnear_dev": ROOT.parent / "shared" / "data" / "attribution" / "polnear_dev.jsonl"}
SEED = ROOT.parent / "shared" / "data" / "seed" / "moscow-drones.txt"
SEED_SENSES = [  # (phrase, name, sense), as tests/test_places.py checks them
    ("Moscow has opened an investigation", "Moscow", "metonymic"),
    ("bombarded Kyiv", "Kyiv", "literal"),
    ("The Kyiv regime", "Kyiv", "metonymic"),
    ("drone assault on Moscow", "Moscow", "literal"),
]


def predicted_senses(documents) -> dict[tuple[str, int, int], str]:
    return {
        (doc.id, m.start, m.end): m.sense
        for doc in documents
        for p in doc.places
        for m in p.mentions
    }


def score(gold: list[dict], predicted: dict) -> dict:
    right, total = Counter(), Counter()
    for g in gold:
        total[g["sense"]] += 1
        found = [
            s
            for (doc, start, end), s in predicted.items()
            if doc == g["id"] and start < g["end"] and g["start"] < end
        ]
        right[g["sense"]] += bool(found) and found[0] == g["sense"]
    return {
        sense: {
            "n": total[sense],
            "accuracy": round(100 * right[sense] / total[sense], 1) if total[sense] else None,
        }
        for sense in ("literal", "metonymic")
    }


def main() -> None:
    from wirecoder.model import Article
    from wirecoder.pipeline import analyze_batch

    gold = [json.loads(line) for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = {g["id"] for g in gold}
    records = [
        json.loads(line)
        for line in SETS["polnear_dev"].read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    articles = [
        Article(text=r["text"], id=r["id"], published=r.get("published")) for r in records if r["id"] in ids
    ]
    predicted = predicted_senses(analyze_batch(articles))
    report = {"all": score(gold, predicted)}
    for part in PARTS:
        report[part] = score([g for g in gold if part_of(g["id"]) == part], predicted)
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        seed = predicted_senses(analyze_batch([Article(text=text, id="seed", published="2023-05-30")]))
        checks = []
        for phrase, name, sense in SEED_SENSES:
            start = text.index(phrase) + phrase.index(name)
            checks.append(seed.get(("seed", start, start + len(name))) == sense)
        report["seed"] = {"checks": len(checks), "right": sum(checks)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
