"""The times driver: find the candidates, select, resolve, merge neighbours, number them.

See wirecoder.times.timex for the TIMEX3 value conventions.
"""

from __future__ import annotations

from spacy.tokens import Doc

from wirecoder.times.candidates import find_candidates, select
from wirecoder.times.lexicon import lexicon
from wirecoder.times.merge import merge
from wirecoder.times.resolve.dispatch import resolve_all
from wirecoder.times.resolve.state import Resolver
from wirecoder.times.timex import Timex


def extract(text: str, published: str | None = None, doc: Doc | None = None) -> list[Timex]:
    """Every time expression in `text`, resolved against `published` (ISO date or None)."""
    lex = lexicon()
    if not text:
        return []
    chosen = select(find_candidates(text, lex))
    results = merge(text, resolve_all(Resolver(text, published, doc, lex), chosen))
    _renumber(results)
    return results


def _renumber(results: list[Timex]) -> None:
    """Number the expressions t1, t2 ... in order, and point the anchors that named an old id at the
    new one (as a pass over all the results for each would, renaming included, but through an index
    of who anchors on what)."""
    anchored: dict[str, list[Timex]] = {}
    for t in results:
        if t.anchor is not None:
            anchored.setdefault(t.anchor, []).append(t)
    for n, t in enumerate(results, 1):
        old = t.id
        t.id = f"t{n}"
        if t.id == old or old not in anchored:
            continue
        moved = [other for other in anchored[old] if other is not t]
        anchored[old] = [other for other in anchored[old] if other is t]
        for other in moved:
            other.anchor = t.id
        anchored.setdefault(t.id, []).extend(moved)
