"""HTML extraction benchmark: wirecoder's extract_html against plain trafilatura and htmldate, same run.

Data: /work/shared/data/extraction/ (see /work/shared/data/README.md, section 5). Never copied into the repo.

    .venv/bin/python benchmarks/extraction.py                # full run (all three sets, 2 processes)
    .venv/bin/python benchmarks/extraction.py --limit 50     # first 50 pages of each set
    .venv/bin/python benchmarks/extraction.py --sets naeb --jobs 1

Prints a table and writes benchmarks/results/extraction.json (summary) and extraction_pages.jsonl.gz
(per-page outputs, for error analysis). Metrics:

* naeb: AEB body metric (4-gram shingles of \\w+ tokens, per-page precision/recall from multiset overlap,
  averaged over pages, F1 of the means); title exact / lenient after normalisation; date exact YYYY-MM-DD.
* trafilatura_eval: snippet test (whitespace collapsed; "with" found = TP, missing = FN; "without" found =
  FP); P, R, F1 = 2TP / (2TP + FP + FN), accuracy; date exact.
* htmldate_eval: date accuracy per subset.
* boilerplate: outputs, over every page of every set, that contain a comment-form or share-bar phrase.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

DATA = Path("/work/shared/data/extraction")
RESULTS = Path(__file__).resolve().parent / "results"
SETS = ("naeb", "trafilatura_eval", "htmldate_eval")
TEXT_SYSTEMS = ("wirecoder", "trafilatura", "trafilatura_precision")
DATE_SYSTEMS = ("wirecoder", "trafilatura", "htmldate", "htmldate_original")
TITLE_SYSTEMS = ("wirecoder", "trafilatura")

# Comment-form and share-bar phrases that must never reach an article text.
BOILERPLATE_PHRASES = (
    "Leave a Reply",
    "Leave a comment",
    "Your email address will not be published",
    "Post Comment",
    "Share on Facebook",
    "Share on Twitter",
    "Share on LinkedIn",
    "Share on WhatsApp",
    "Click to share",
    "Share this article",
    "Share this story",
    "Notify me of follow-up comments",
    "Notify me of new posts",
    "Save my name, email, and website",
    "Schreibe einen Kommentar",
    "E-Mail-Adresse wird nicht veröffentlicht",
    "Laisser un commentaire",
    "ne sera pas publiée",
    "Deja una respuesta",
    "Lascia un commento",
    "Auf Facebook teilen",
    "Partager sur Facebook",
)
_BOILERPLATE_RE = re.compile("|".join(re.escape(p) for p in BOILERPLATE_PHRASES), re.IGNORECASE)


# ---------------------------------------------------------------------------------------------- systems


def _http_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


def run_page(record: dict[str, Any]) -> dict[str, Any]:
    """Run every system on one page; return the outputs (text/title/date per system) and timings."""
    import trafilatura
    from htmldate import find_date

    from wirecoder.ingest.base import IngestError
    from wirecoder.ingest.html import extract_html

    warnings.simplefilter("ignore")
    html, url = record["html"], _http_url(record.get("url"))
    out: dict[str, dict[str, Any]] = {}
    seconds: dict[str, float] = {}

    def timed(name: str, fn) -> None:
        start = time.perf_counter()
        try:
            out[name] = fn()
        except Exception as err:  # a baseline crashing on a page counts as an empty output
            out[name] = {"error": f"{type(err).__name__}: {err}"}
        seconds[name] = time.perf_counter() - start

    def wirecoder() -> dict[str, Any]:
        try:
            art = extract_html(html, url=url, source=record["id"])
        except IngestError as err:
            return {"text": "", "error": err.reason}
        return {"text": art.text, "title": art.title, "date": art.published, "url": art.url}

    def traf_default() -> dict[str, Any]:
        text = trafilatura.extract(html, url=url) or ""
        meta = trafilatura.extract_metadata(html, default_url=url)
        return {"text": text, "title": meta.title, "date": meta.date}

    def traf_precision() -> dict[str, Any]:
        return {"text": trafilatura.extract(html, url=url, favor_precision=True) or ""}

    timed("wirecoder", wirecoder)
    timed("trafilatura", traf_default)
    timed("trafilatura_precision", traf_precision)
    timed("htmldate", lambda: {"date": find_date(html, extensive_search=True, url=url)})
    timed(
        "htmldate_original",
        lambda: {"date": find_date(html, extensive_search=True, original_date=True, url=url)},
    )
    return {"id": record["id"], "out": out, "seconds": seconds}


# ---------------------------------------------------------------------------------------------- metrics


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def aeb_precision_recall(gold: str, pred: str) -> tuple[float, float]:
    """Per-page precision and recall of 4-gram shingles (multiset overlap)."""
    g, p = _shingles(gold), _shingles(pred)
    tp = sum((g & p).values())
    fp, fn = sum(p.values()) - tp, sum(g.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _norm_ws(text: str | None) -> str:
    return " ".join((text or "").split())


def _norm_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).strip().casefold()


def title_scores(gold: str | None, pred: str | None) -> tuple[bool, bool]:
    g, p = _norm_title(gold), _norm_title(pred)
    if not g:
        return False, False
    return g == p, bool(p) and (g in p or p in g)


def date_ok(gold: str | None, pred: str | None) -> bool:
    return bool(gold) and bool(pred) and str(pred)[:10] == gold[:10]


# ---------------------------------------------------------------------------------------------- driver


def read_set(name: str, limit: int | None) -> Iterator[dict[str, Any]]:
    with gzip.open(DATA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def _strip_html(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "html"}


def run_set(name: str, limit: int | None, jobs: int, pages_out) -> dict[str, Any]:
    golds: dict[str, dict[str, Any]] = {}

    def records() -> Iterator[dict[str, Any]]:
        for rec in read_set(name, limit):
            golds[rec["id"]] = _strip_html(rec)
            yield rec

    results: list[dict[str, Any]] = []
    start = time.perf_counter()
    if jobs > 1:
        with Pool(jobs, maxtasksperchild=200) as pool:
            for res in pool.imap(run_page, records(), chunksize=2):
                results.append(res)
                _progress(name, len(results), start)
    else:
        for rec in records():
            results.append(run_page(rec))
            _progress(name, len(results), start)
    for res in results:
        pages_out.write(json.dumps({"set": name, **golds[res["id"]], **res}, ensure_ascii=False) + "\n")
    return score_set(name, [(golds[r["id"]], r) for r in results], time.perf_counter() - start)


def _progress(name: str, done: int, start: float) -> None:
    if done % 100 == 0:
        rate = done / (time.perf_counter() - start)
        print(f"{name}: {done} pages ({rate:.1f} pages/s)", file=sys.stderr, flush=True)


def score_set(name: str, pairs: list[tuple[dict[str, Any], dict[str, Any]]], wall: float) -> dict[str, Any]:
    summary: dict[str, Any] = {"pages": len(pairs), "wall_seconds": round(wall, 1), "systems": {}}
    systems = sorted({s for _, r in pairs for s in r["out"]})
    for system in systems:
        outs = [(gold, r["out"].get(system, {}), r["seconds"].get(system, 0.0)) for gold, r in pairs]
        s: dict[str, Any] = {"seconds_per_page": round(sum(t for *_, t in outs) / max(1, len(outs)), 4)}
        s["errors"] = sum(1 for _, o, _ in outs if "error" in o)
        if system in TEXT_SYSTEMS and name == "naeb":
            prs = [aeb_precision_recall(g["gold"]["text"] or "", o.get("text") or "") for g, o, _ in outs]
            p = sum(x for x, _ in prs) / len(prs)
            r = sum(y for _, y in prs) / len(prs)
            s.update(body_precision=p, body_recall=r, body_f1=_f1(p, r))
        if system in TEXT_SYSTEMS and name == "trafilatura_eval":
            tp = fn = fp = tn = 0
            for g, o, _ in outs:
                text = _norm_ws(o.get("text"))
                for snip in g["gold"].get("with") or []:
                    if _norm_ws(snip) in text:
                        tp += 1
                    else:
                        fn += 1
                for snip in g["gold"].get("without") or []:
                    if _norm_ws(snip) in text:
                        fp += 1
                    else:
                        tn += 1
            s.update(
                snippet_precision=tp / max(1, tp + fp),
                snippet_recall=tp / max(1, tp + fn),
                snippet_f1=2 * tp / max(1, 2 * tp + fp + fn),
                snippet_accuracy=(tp + tn) / max(1, tp + tn + fp + fn),
                tp=tp,
                fp=fp,
                fn=fn,
                tn=tn,
            )
        if system in TITLE_SYSTEMS and name in ("naeb", "trafilatura_eval"):
            scored = [
                title_scores(g["gold"].get("title"), o.get("title"))
                for g, o, _ in outs
                if g["gold"].get("title")
            ]
            if scored:
                s.update(
                    title_n=len(scored),
                    title_exact=sum(e for e, _ in scored) / len(scored),
                    title_lenient=sum(le for _, le in scored) / len(scored),
                )
        if system in DATE_SYSTEMS:
            dated = [(g, o) for g, o, _ in outs if g["gold"].get("date")]
            if dated:
                s.update(
                    date_n=len(dated),
                    date_accuracy=sum(date_ok(g["gold"]["date"], o.get("date")) for g, o in dated)
                    / len(dated),
                )
                if name == "htmldate_eval":
                    for subset in sorted({g.get("subset") for g, _ in dated}):
                        sub = [(g, o) for g, o in dated if g.get("subset") == subset]
                        s[f"date_accuracy_{subset}"] = sum(
                            date_ok(g["gold"]["date"], o.get("date")) for g, o in sub
                        ) / len(sub)
                        s[f"date_n_{subset}"] = len(sub)
        if system in TEXT_SYSTEMS:
            hits = []
            for g, o, _ in outs:
                m = _BOILERPLATE_RE.search(o.get("text") or "")
                if m:
                    hits.append({"id": g["id"], "phrase": m.group(0), "context": _context(o["text"], m)})
            s["boilerplate_pages"] = len(hits)
            s["boilerplate_examples"] = hits[:10]
        summary["systems"][system] = s
    gold_hits = sum(1 for g, _ in pairs if _BOILERPLATE_RE.search(g["gold"].get("text") or ""))
    summary["gold_texts_with_boilerplate_phrases"] = gold_hits
    return summary


def _context(text: str, m: re.Match) -> str:
    return " ".join(text[max(0, m.start() - 60) : m.end() + 60].split())


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_table(report: dict[str, Any]) -> None:
    sets = report["sets"]
    rows = [
        ("naeb body P", "naeb", "body_precision", TEXT_SYSTEMS),
        ("naeb body R", "naeb", "body_recall", TEXT_SYSTEMS),
        ("naeb body F1", "naeb", "body_f1", TEXT_SYSTEMS),
        ("naeb title exact", "naeb", "title_exact", TITLE_SYSTEMS),
        ("naeb title lenient", "naeb", "title_lenient", TITLE_SYSTEMS),
        ("naeb date", "naeb", "date_accuracy", DATE_SYSTEMS),
        ("trafeval snippet P", "trafilatura_eval", "snippet_precision", TEXT_SYSTEMS),
        ("trafeval snippet R", "trafilatura_eval", "snippet_recall", TEXT_SYSTEMS),
        ("trafeval snippet F1", "trafilatura_eval", "snippet_f1", TEXT_SYSTEMS),
        ("trafeval title exact", "trafilatura_eval", "title_exact", TITLE_SYSTEMS),
        ("trafeval date", "trafilatura_eval", "date_accuracy", DATE_SYSTEMS),
        ("htmldate bbaw date", "htmldate_eval", "date_accuracy_bbaw", DATE_SYSTEMS),
        ("htmldate mediacloud date", "htmldate_eval", "date_accuracy_mediacloud_2020", DATE_SYSTEMS),
        ("s/page naeb", "naeb", "seconds_per_page", None),
        ("s/page trafeval", "trafilatura_eval", "seconds_per_page", None),
        ("s/page htmldate_eval", "htmldate_eval", "seconds_per_page", None),
    ]
    systems = ("wirecoder", "trafilatura", "trafilatura_precision", "htmldate", "htmldate_original")
    header = f"{'metric':<26}" + "".join(f"{s:>23}" for s in systems)
    print(header)
    print("-" * len(header))
    for label, set_name, key, allowed in rows:
        if set_name not in sets:
            continue
        cells = []
        for system in systems:
            value = (
                sets[set_name]["systems"].get(system, {}).get(key)
                if (allowed is None or system in allowed)
                else None
            )
            cells.append(f"{_fmt(value):>23}")
        print(f"{label:<26}" + "".join(cells))
    total = {
        s: sum(sets[n]["systems"].get(s, {}).get("boilerplate_pages", 0) for n in sets) for s in TEXT_SYSTEMS
    }
    pages = sum(sets[n]["pages"] for n in sets)
    print(
        f"{'boilerplate pages':<26}"
        + "".join(f"{_fmt(total.get(s)):>23}" for s in systems)
        + f"   (of {pages} pages)"
    )
    report["boilerplate_total"] = total
    for set_name in sets:
        for ex in sets[set_name]["systems"]["wirecoder"]["boilerplate_examples"][:5]:
            print(f"  wirecoder boilerplate: {ex['id']}: {ex['phrase']!r}: ...{ex['context']}...")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--out", type=Path, default=RESULTS / "extraction.json")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"limit": args.limit, "jobs": args.jobs, "sets": {}}
    try:
        import htmldate
        import trafilatura

        report["versions"] = {"trafilatura": trafilatura.__version__, "htmldate": htmldate.__version__}
    except Exception:
        pass
    with gzip.open(args.out.with_name(args.out.stem + "_pages.jsonl.gz"), "wt", encoding="utf-8") as pages:
        for name in args.sets:
            report["sets"][name] = run_set(name, args.limit, args.jobs, pages)
    print_table(report)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
