"""Dispatch: each selected candidate to a TIMEX3 type and value, by the handler of its rule.

HANDLERS is the table from a rule name of patterns.tsv to its handler `(resolver, timex, groups)`;
`resolve_all` goes through a text's candidates left to right, keeping the context (Resolver) that
anaphora and comparisons read.
"""

from __future__ import annotations

from collections.abc import Callable

from wirecoder.times.lexicon import key
from wirecoder.times.resolve import dates, offsets, periods, relative, spans
from wirecoder.times.resolve.state import Resolver
from wirecoder.times.timex import Groups, Match, Timex

Handler = Callable[[Resolver, Timex, Groups], "Timex | None"]

HANDLERS: dict[str, Handler] = {
    "iso": dates.resolve_iso,
    "numeric": dates.resolve_numeric,
    "mdy": dates.resolve_mdy,
    "dmy": dates.resolve_mdy,
    "month": dates.resolve_month,
    "year": dates.resolve_year,
    "decade": dates.resolve_decade,
    "century": dates.resolve_century,
    "holiday": dates.resolve_holiday,
    "half": periods.resolve_half,
    "quarter": periods.resolve_quarter,
    "theyear": periods.resolve_theyear,
    "ordday": periods.resolve_ordday,
    "season": periods.resolve_season,
    "weekday": relative.resolve_weekday,
    "deictic": relative.resolve_deictic,
    "clock": relative.resolve_clock,
    "relunit": relative.resolve_relunit,
    "weekend": relative.resolve_weekend,
    "offset": offsets.resolve_offset,
    "duration": spans.resolve_duration,
    "set": spans.resolve_set,
    "vague": spans.resolve_vague,
}

# rules whose expressions are no point in time: not a time inside an event clause
_NO_POINT = ("duration", "set", "vague", "offset")


def resolve(r: Resolver, m: Match) -> Timex | None:
    """One candidate resolved (None if it is no time expression after all), kept as context."""
    t = Timex(m.start, m.end, r.text[m.start : m.end], "DATE", "")
    handler = HANDLERS.get(m.rule)
    if handler is None:
        return None
    result = handler(r, t, m.groups)
    if result is None or not result.value:
        return None
    mod = m.groups.get("mod") or m.groups.get("mod2") or m.groups.get("amod")
    if m.groups.get("mid"):
        mod = "mid"
    if mod and not result.mod:
        result.mod = r.lex.modifiers.get(key(mod)) or r.lex.modifiers.get(key(mod) + "-")
    if r.ref is None and result.anchor == "published":
        result.anchor = None
    r.remember(result)
    return result


def resolve_all(r: Resolver, chosen: list[Match]) -> list[Timex]:
    """The selected candidates of a text resolved left to right, numbered t1, t2, ..."""
    results: list[Timex] = []
    pending: dict[int, Timex] = {}  # the time right after "before"/"after", resolved ahead
    for i, m in enumerate(chosen):
        if i in pending:
            results.append(pending.pop(i))
            continue
        if _around_an_anchor(m):
            t = _event_offset(r, chosen, i, len(results), pending)
        else:
            t = resolve(r, m)
        if t is None:
            continue
        t.id = f"t{len(results) + 1}"
        results.append(t)
    return results


def _around_an_anchor(m: Match) -> bool:
    """'a day after ...', 'two weeks before ...': an offset from what follows it."""
    return m.rule == "offset" and key(m.groups.get("dir") or "") in ("before", "after")


def _event_offset(
    r: Resolver, chosen: list[Match], i: int, done: int, pending: dict[int, Timex]
) -> Timex | None:
    """An offset before/after a time expression (resolved first, kept in `pending` for its turn) or an
    event clause. It is resolved outside `resolve`: it does not become the context of the next
    expressions, and only its own approximation modifier applies. Kept even without a value (as it
    always was: changing that would change the output)."""
    m = chosen[i]
    following = None
    nxt = chosen[i + 1] if i + 1 < len(chosen) else None
    if nxt is not None and nxt.start - m.end <= 2:
        following = resolve(r, nxt)
        if following is not None:
            following.id = f"t{done + 2}"
            pending[i + 1] = following
    t = Timex(m.start, m.end, r.text[m.start : m.end], "DATE", "")
    t = offsets.resolve_offset(r, t, m.groups, following)
    if t is not None and t.value:
        mod = m.groups.get("amod")
        if mod:
            t.mod = r.lex.modifiers.get(key(mod))
        if t.anchor_text is not None and t.extra.get("clause"):
            _anchor_from_clause(r, t, chosen, m)
    return t


def _anchor_from_clause(r: Resolver, t: Timex, chosen: list[Match], m: Match) -> None:
    """If the anchoring clause itself holds a date ("after the vote on May 5"), resolve from it."""
    pos, end = t.extra["clause"]
    for other in chosen:
        if pos <= other.start and other.end <= end and other.rule not in _NO_POINT:
            # a probe with the same context, so that resolving the inner time leaves r unchanged
            probe = Resolver(r.text, None, None, r.lex)
            probe.ref, probe.ref_time, probe.last = r.ref, r.ref_time, r.last
            inner = resolve(probe, other)
            if inner is not None and inner.point is not None and inner.grain == "day":
                t2 = Timex(t.start, t.end, t.text, "DATE", "")
                t2 = offsets.resolve_offset(r, t2, m.groups, None, event_time=inner)
                if t2 is not None and t2.point is not None:
                    t.type, t.value, t.point, t.grain = "DATE", t2.value, t2.point, t2.grain
            return
