"""Output regression: one hash of the full pipeline's Documents per development set.

Runs `analyze` over the seed and every development set in ../shared/data (PLOVER GSR, CASE dev,
CAMEO, TimeBank, AQUAINT, LGL, GeoVirus, PolNeAR dev, GVA dev), one process, and prints per set the
number of Documents and the SHA-256 of their JSON lines (sorted keys). A refactoring that must not
change the output is checked by running this before and after and comparing the hashes; `--save`
keeps one hash per document so that `--compare` can name the documents that differ.

    python benchmarks/regression.py [--sets seed,lgl] [--limit N] [--save FILE] [--compare FILE]
                                    [--documents FILE.jsonl]

Exit status 1 when --compare finds a difference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SEED_PUBLISHED = "2023-05-30"

# name -> file under ../shared/data; the seed is plain text, the others JSONL with id/text/published.
SETS: dict[str, str] = {
    "seed": "seed/moscow-drones.txt",
    "plover_gsr": "events/plover_gsr.jsonl",
    "case_dev": "events/case2021_dev.jsonl",
    "cameo": "events/cameo_train.jsonl",
    "timebank": "times/timebank.jsonl",
    "aquaint": "times/aquaint.jsonl",
    "lgl": "places/lgl.jsonl",
    "geovirus": "places/geovirus.jsonl",
    "polnear_dev": "attribution/polnear_dev.jsonl",
    "gva_dev": "corpus/gva_dev.jsonl",
}


def articles(name: str, limit: int | None):
    """The set's articles, as the CLI would read them: id, text and the record's own published date."""
    from wirecoder.model import Article
    from wirecoder.pipeline import as_article

    path = DATA / SETS[name]
    if name == "seed":
        yield as_article(Article(text=path.read_text(encoding="utf-8"), id="seed"), SEED_PUBLISHED)
        return
    with path.open(encoding="utf-8") as src:
        records = (json.loads(line) for line in src if line.strip())
        for index, record in enumerate(records):
            if limit is not None and index >= limit:
                return
            yield as_article(Article(text=record["text"], id=record["id"], published=record.get("published")))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names (default: all)")
    parser.add_argument("--limit", type=int, help="at most N documents per set (a quick check)")
    parser.add_argument("--save", type=Path, help="write {set: {document id: hash}} to this JSON file")
    parser.add_argument("--compare", type=Path, help="a file written by --save: name what differs")
    parser.add_argument("--documents", type=Path, help="also write every Document here, one JSON line each")
    args = parser.parse_args()
    names = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = [name for name in names if name not in SETS]
    if unknown:
        sys.exit(f"regression: unknown set(s) {', '.join(unknown)}; the sets are {', '.join(SETS)}")
    if not DATA.is_dir():
        sys.exit(f"regression: {DATA} not found; the development sets live beside the repository")
    from wirecoder.pipeline import Analyzer

    analyzer = Analyzer()
    saved: dict[str, dict[str, str]] = {}
    dump = args.documents.open("wb") if args.documents else None
    print(f"{'set':<12} {'documents':>9} {'seconds':>8}  sha256")
    for name in names:
        started = time.perf_counter()
        whole = hashlib.sha256()
        per_document: dict[str, str] = {}
        for document in analyzer.stream(articles(name, args.limit)):
            if not hasattr(document, "to_dict"):
                sys.exit(f"regression: {name}: not analysed: {document}")
            line = json.dumps(document.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"
            whole.update(line)
            if dump is not None:
                dump.write(line)
            key = document.id if document.id not in per_document else f"{document.id}#{len(per_document)}"
            per_document[key] = hashlib.sha256(line).hexdigest()
        saved[name] = per_document | {"*": whole.hexdigest()}
        print(
            f"{name:<12} {len(per_document):>9} {time.perf_counter() - started:>8.1f}  {whole.hexdigest()}",
            flush=True,
        )
    if dump is not None:
        dump.close()
    if args.save:
        args.save.write_text(json.dumps(saved, indent=1, sort_keys=True), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = []
        for name, hashes in saved.items():
            old = before.get(name)
            if old is None:
                continue
            for doc_id, digest in hashes.items():
                if doc_id != "*" and old.get(doc_id) != digest:
                    differ.append(f"{name}:{doc_id}")
            if set(old) - set(hashes) and args.limit is None:
                differ.append(f"{name}: {len(set(old) - set(hashes))} documents missing")
        print(f"{len(differ)} differ" + (": " + ", ".join(differ[:50]) if differ else ""))
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
