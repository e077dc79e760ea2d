"""The ACLED lexicon: sub-event types (acled_types.tsv), word classes (acled_words.tsv), cues
(acled_cues.tsv) and the PLOVER types' factors (acled_plover.tsv), read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from wirecoder.resources import read_table, split_list

ANY = "*"


EVENT_WORD, INSTRUMENT = "1", "2"  # anchor kinds in acled_words.tsv


@dataclass(frozen=True)
class SubEventType:
    name: str
    event_type: str
    plover_type: str | None
    plover_mode: str | None
    min_score: float
    specificity: float  # 1.0, lower for the fallback types (Armed clash, Attack, Peaceful protest, Other)


@dataclass(frozen=True)
class Cue:
    sub_event: str
    atoms: tuple[tuple[bool, str, str], ...]  # (must hold?, scope, word): all must be as required
    weight: float
    text: str  # the cue as written, for explain()


def _parse_atom(atom: str) -> tuple[bool, str, str]:
    """'s:@grenade' -> (True, 's', '@grenade'); '!s:@clash' -> (False, 's', '@clash'); 'neg' -> flag."""
    wanted = not atom.startswith("!")
    atom = atom.lstrip("!")
    scope, _, word = atom.partition(":")
    return (wanted, scope, word) if word else (wanted, "flag", scope)


@dataclass(frozen=True)
class AcledLexicon:
    types: dict[str, SubEventType]
    entries: dict[tuple[str, ...], frozenset[str]]  # word sequence -> its classes
    overrides: frozenset[tuple[str, ...]]  # multi-word entries whose words lose their own classes
    first_words: dict[str, list[tuple[str, ...]]]  # first word -> entries starting with it, longest first
    anchors: dict[str, str]  # class -> '1' (an event word) or '2' (an instrument) for extra mentions
    talk_types: frozenset[str]  # PLOVER types whose clause talks about events (acled_plover.tsv)
    uncoded: dict[str, float]  # PLOVER type -> score factor when no ACLED category fits
    cues: tuple[Cue, ...]


@lru_cache(maxsize=1)
def lexicon() -> AcledLexicon:
    """The ACLED lexicon, read once."""
    types: dict[str, SubEventType] = {}
    for row in read_table("events/acled_types.tsv"):
        name, event_type, plover_type, plover_mode, min_score, specificity = row[:6]
        types[name] = SubEventType(
            name, event_type, plover_type or None, plover_mode or None, float(min_score), float(specificity)
        )
    entries: dict[tuple[str, ...], set[str]] = {}
    anchors: dict[str, str] = {}
    overrides: set[tuple[str, ...]] = set()
    for cls, anchor, words in read_table("events/acled_words.tsv"):
        if anchor in (EVENT_WORD, INSTRUMENT):
            anchors[cls] = anchor
        for entry in split_list(words):
            replaces = entry.startswith("=")
            seq = tuple(w for w in entry.lstrip("=").lower().replace("-", " - ").split() if w != "-")
            entries.setdefault(seq, set()).add(cls)
            if replaces and len(seq) > 1:
                overrides.add(seq)
    first_words: dict[str, list[tuple[str, ...]]] = {}
    for seq in entries:
        first_words.setdefault(seq[0], []).append(seq)
    for seqs in first_words.values():
        seqs.sort(key=len, reverse=True)
    event_types: dict[str, list[str]] = {}
    for t in types.values():
        event_types.setdefault(t.event_type, []).append(t.name)
    cues: list[Cue] = []
    for row in read_table("events/acled_cues.tsv"):
        target, expression, weight = row[:3]
        atoms = tuple(_parse_atom(a.strip()) for a in expression.split("&") if a.strip())
        if target == ANY:
            names = list(types)
        elif target in event_types:
            names = event_types[target]
        elif target in types:
            names = [target]
        else:
            raise ValueError(f"acled_cues.tsv: unknown sub-event or event type {target!r}")
        cues.extend(Cue(name, atoms, float(weight), expression) for name in names)
    plover = list(read_table("events/acled_plover.tsv"))
    return AcledLexicon(
        types=types,
        entries={k: frozenset(v) for k, v in entries.items()},
        overrides=frozenset(overrides),
        first_words=first_words,
        anchors=anchors,
        talk_types=frozenset(row[0] for row in plover if row[1] == "talk"),
        uncoded={row[0]: float(row[2]) for row in plover},
        cues=tuple(cues),
    )
