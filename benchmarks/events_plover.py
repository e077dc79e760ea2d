"""PLOVER event benchmark (README section 4a): the full pipeline over the PLOVER gold-standard records.

    python benchmarks/events_plover.py [--limit N] [--errors K] [--adapter]

Each record is one sentence. Predicted events are `document.events` when the events stage is in the
pipeline; until then the detector's mentions (wirecoder.events.detect.find_mentions) are read through
a small adapter (actor/recipient spans resolved with actor_at, the place span with the places stage),
each mention one event. Scoring, per sentence, multi-label:

* gold and predicted events are paired one-to-one by type (of several predicted events of the type,
  the one whose evidence is nearest the gold evidence, then overlaps it most);
* type_accuracy = paired gold events / gold events; precision = paired predicted / predicted;
  per-type P/R/F1 and their macro average over the 16 types; a confusion matrix of unpaired gold
  types against the sentence's unpaired predicted types ('-' = none left);
* on paired events: actor / recipient country accuracy (the predicted actor's ISO-3 equals the iso3 of
  any gold actor; a recipient with no actor takes the event place's country, as country_at does in
  benchmarks/actors.py: 'a curfew in Algiers' -> DZA; a gold IGO/NGO (iso3 null) wants an actor with no country; no predicted actor is
  wrong; events with no gold actor/recipient are not counted); sector agreement (sector of the
  predicted actor == any gold sector, reduced as in benchmarks/actors.py); span overlap (a mention of
  the predicted actor overlaps a gold span); mode accuracy where gold has a mode; location overlap
  where gold has a located location; dead/injured exact where gold has them.
Writes benchmarks/results/events_plover.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLOVER = ROOT.parent / "shared" / "data" / "events" / "plover_gsr.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "events_plover.json"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from actors import gold_sector  # noqa: E402  (the GSR sector reduction, shared with the actors benchmark)

from wirecoder.actors.dictionary import active_dictionary  # noqa: E402

TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def analyse(records: list[dict], adapter: bool = False) -> tuple[list, list[list[dict]], str]:
    """Documents and their events (the stage's, or the detector's through the adapter)."""
    from wirecoder import pipeline, registry
    from wirecoder.model import Article, Document

    analyzer = pipeline.get_analyzer()
    staged = "events" in registry.STAGE_NAMES and not adapter
    docs, events = [], []
    articles = [Article(text=r["text"], id=r["id"]) for r in records]
    for doc, article in analyzer.nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=16):
        document = Document.from_article(article)
        for _name, run in analyzer.stages:
            run(doc, document)
        docs.append(document)
        events.append(document.to_dict()["events"] if staged else _adapt(doc, document))
    return docs, events, "document.events" if staged else "find_mentions adapter"


def _adapt(doc, document) -> list[dict]:
    from wirecoder.actors import actor_at
    from wirecoder.events.detect import find_mentions

    out = []
    for m in find_mentions(doc, document):
        actor = actor_at(document, *m.actor) if m.actor else None
        recipient = actor_at(document, *m.recipient) if m.recipient else None
        place = _place_id(document, m.place) if m.place else None
        if place is None and m.recipient:  # as the stage does: 'curfew in Algiers', 'bombarded Kyiv'
            place = _place_id(document, m.recipient)
        out.append(
            {
                "type": m.type,
                "mode": m.mode,
                "actor": actor.id if actor else None,
                "recipient": recipient.id if recipient else None,
                "place": place,
                "counts": {"killed": None, "injured": None},
                "evidence": [{"start": m.trigger[0], "end": m.trigger[1]}],
            }
        )
    return out


def _place_id(document, span) -> str | None:
    for p in document.places:
        for x in p.mentions:
            if x.start < span[1] and span[0] < x.end:
                return p.id
    return None


def _by_id(items) -> dict[str, dict]:
    return {item["id"]: item for item in items or []}


def _country_ok(actor: dict | None, place: dict | None, golds: list[dict]) -> bool:
    """As country_at in the actors benchmark: the actor's country, else (no actor) the event place's."""
    if actor is not None:
        country = actor.get("country")
    elif place is not None and place.get("country"):
        country = active_dictionary().iso2_to_iso3.get(place["country"])
    else:
        return False
    return any(country == g["iso3"] for g in golds)


def _sector_ok(actor: dict | None, golds: list[dict]) -> bool | None:
    wants = []
    for g in golds:
        if g["sector"] == "***":
            continue
        want = gold_sector(g["sector"])
        if want is None and g["code"] in ("IGO", "NGO"):
            want = g["code"]
        wants.append(want)
    if not wants:
        return None
    return actor is not None and actor.get("sector") in wants


def _span_ok(actor: dict | None, golds: list[dict]) -> bool | None:
    located = [g for g in golds if g["start"] is not None]
    if not located:
        return None
    if actor is None:
        return False
    return any(m["start"] < g["end"] and g["start"] < m["end"] for m in actor["mentions"] for g in located)


def _pair(gold: dict, same_type: list[dict]) -> dict | None:
    """Of the predicted events of the gold event's type, the one whose evidence is nearest the gold
    evidence (overlapping first), else the first."""
    if not same_type:
        return None
    marks = [(e["start"], e["end"]) for e in gold.get("evidence") or [] if e.get("start") is not None]
    if not marks:
        return same_type[0]

    def distance(p: dict) -> tuple[int, int]:
        spans = [(e["start"], e["end"]) for e in p.get("evidence") or []]
        gap = min((max(0, max(s, gs) - min(e, ge)) for s, e in spans for gs, ge in marks), default=1 << 30)
        overlap = sum(max(0, min(e, ge) - max(s, gs)) for s, e in spans for gs, ge in marks)
        return gap, -overlap

    return min(same_type, key=distance)


def score(records: list[dict], docs: list, events: list[list[dict]], show: int) -> dict:
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[str] = []
    n_gold = n_pred = paired_total = 0
    for record, document, predicted in zip(records, docs, events, strict=True):
        data = document.to_dict()  # scored on the JSON form
        actors, places = _by_id(data["actors"]), _by_id(data["places"])
        gold = record["gold"]
        n_gold += len(gold)
        n_pred += len(predicted)
        left = list(predicted)
        unpaired_gold = []
        for g in gold:
            match = _pair(g, [p for p in left if p["type"] == g["type"]])
            if match is None:
                unpaired_gold.append(g)
                fn[g["type"]] += 1
                continue
            left.remove(match)
            tp[g["type"]] += 1
            paired_total += 1
            for role in ("actor", "recipient"):
                golds = g[role]
                if not golds:
                    continue
                mine = actors.get(match[role]) if match[role] else None
                where = places.get(match.get("place")) if role == "recipient" and match.get("place") else None
                ok = _country_ok(mine, where, golds)
                tallies[f"{role}_country"][0] += ok
                tallies[f"{role}_country"][1] += 1
                sector = _sector_ok(mine, golds)
                if sector is not None:
                    tallies[f"{role}_sector"][0] += sector
                    tallies[f"{role}_sector"][1] += 1
                span = _span_ok(mine, golds)
                if span is not None:
                    tallies[f"{role}_span_overlap"][0] += span
                    tallies[f"{role}_span_overlap"][1] += 1
                if not ok and len(errors) < show * 4:
                    errors.append(
                        f"{record['id']} {g['type']} {role}: gold {[a['iso3'] for a in golds]} "
                        f"got {(mine or {}).get('name')}/{(mine or {}).get('country')} | {record['text'][:120]}"
                    )
            if g["mode"]:
                tallies["mode"][0] += match["mode"] == g["mode"]
                tallies["mode"][1] += 1
            loc = g.get("location")
            if loc and loc.get("start") is not None:
                place = places.get(match["place"]) if match.get("place") else None
                ok = place is not None and any(
                    m["start"] < loc["end"] and loc["start"] < m["end"] for m in place.get("mentions", [])
                )
                tallies["location_overlap"][0] += ok
                tallies["location_overlap"][1] += 1
            for key, name in (("dead", "killed"), ("injured", "injured")):
                if g.get(key) and g[key].get("best") is not None:
                    got = (match.get("counts") or {}).get(name)
                    tallies[f"{key}_exact"][0] += bool(got) and got["best"] == g[key]["best"]
                    tallies[f"{key}_exact"][1] += 1
        for p in left:
            fp[p["type"]] += 1
        extra = [p["type"] for p in left]
        for g in unpaired_gold:
            confusion[g["type"]][extra.pop(0) if extra else "-"] += 1
            if len(errors) < show * 4:
                errors.append(f"{record['id']} missed {g['type']} ({g['event_text']}): got {[p['type'] for p in predicted]} | {record['text'][:120]}")
    per_type = {}
    f1s = []
    for t in TYPES:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f)
        per_type[t] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "gold": tp[t] + fn[t]}
    return {
        "records": len(records),
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "type_accuracy": round(paired_total / n_gold, 4) if n_gold else None,
        "precision": round(paired_total / n_pred, 4) if n_pred else None,
        "macro_f1": round(sum(f1s) / len(f1s), 4),
        **{k: round(v[0] / v[1], 4) for k, v in sorted(tallies.items()) if v[1]},
        "counted": {k: v[1] for k, v in sorted(tallies.items())},
        "per_type": per_type,
        "confusion": {k: dict(v.most_common()) for k, v in sorted(confusion.items())},
        "errors": errors[: show * 4],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--adapter", action="store_true", help="score find_mentions alone, not document.events")
    parser.add_argument("--errors", type=int, default=10, help="error lines to keep (x4)")
    args = parser.parse_args()
    if not PLOVER.exists():
        sys.exit(f"missing {PLOVER}")
    records = [json.loads(line) for line in PLOVER.open(encoding="utf-8")][: args.limit]
    started = time.perf_counter()
    docs, events, source = analyse(records, args.adapter)
    result = {"source": source, **score(records, docs, events, args.errors)}
    result["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    keys = ("type_accuracy", "precision", "macro_f1", "actor_country", "recipient_country", "actor_sector",
            "recipient_sector", "actor_span_overlap", "recipient_span_overlap", "mode", "location_overlap",
            "dead_exact", "injured_exact")
    print(f"PLOVER GSR ({source}): {result['records']} sentences, {result['gold_events']} gold, {result['predicted_events']} predicted")
    for k in keys:
        if k in result:
            print(f"  {k:24s} {result[k]:.3f}  (n={result['counted'].get(k, result['gold_events'])})")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
