"""The PLOVER trigger lexicon: trigger words and phrases, mode words, type shifts and modality cues.

Everything is read once from data/events/triggers.tsv and trigger_*.tsv and indexed by the lemma of
the word that heads it, so detection costs one dict look-up per token.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.strings import hash_string

from wirecoder.resources import read_table, split_list, word_set

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
NO_EVENT = "-"
KEEP_MODE = "="
ANY = "*"


@dataclass(frozen=True)
class Trigger:
    phrase: tuple[str, ...]  # lemmas as written
    head: str  # the lemma that heads the phrase
    others: tuple[str, ...]  # the phrase's other lemmas, which must hang from the head
    pos: str  # V, N or *
    type: str  # PLOVER type or NO_EVENT
    mode: str | None
    score: float
    frame: str | None = None  # content-taking group (commit, threaten, refuse, request)
    negated_type: str | None = None  # the type when negated ('not accept' -> REJECT)
    needs_object: bool = False
    bare_noun: bool = False  # a noun that is an event even without determiner or argument
    actor_object: bool = False  # only with an object or target that names an actor
    agent_noun: bool = False  # 'demonstrators': the doers, the actor of a verb trigger of its type
    stative_passive: bool = False  # 'is opposed to', 'is committed to': the subject is the actor
    territory_type: str | None = None  # the type when its object is ground ('captured the town')

    def fits_pos(self, pos: str) -> bool:
        if self.pos == ANY:
            return pos in ("VERB", "NOUN", "PROPN")
        return (self.pos == "V") == (pos == "VERB") and pos in ("VERB", "NOUN", "PROPN")


@dataclass(frozen=True)
class Shift:
    kind: str
    from_type: str
    to_type: str
    to_mode: str | None  # None = no mode, KEEP_MODE = keep


@dataclass(frozen=True)
class TriggerLexicon:
    triggers: dict[str, tuple[Trigger, ...]]  # head lemma -> its triggers, most words first
    head_array: numpy.ndarray  # spaCy string hashes of the head lemmas, to scan a Doc's arrays
    other_words: frozenset[str]  # every non-head word of a phrase (cheap pre-check)
    modes: dict[str, tuple[tuple[str, str], ...]]  # modifier lemma -> ((type, mode), ...) in table order
    mode_phrases: dict[tuple[str, str], tuple[str, str]]  # ('car', 'bomb') -> (type, mode)
    mode_rank: dict[tuple[str, str], int]  # (type, mode) -> table row (earlier rows win)
    mode_array: numpy.ndarray  # string hashes of every mode word (last word of a pair), a quick pre-check
    shifts: dict[str, tuple[Shift, ...]]  # kind -> rows in order
    modality: dict[tuple[str, str], str]  # (kind, word) -> planned / hypothetical / obliged / conditional
    obliged_array: numpy.ndarray  # string hashes of the 'must'-like auxiliaries
    participation_verbs: frozenset[str]  # 'X engaged/took part in <event>': X is its actor
    nonagent_verbs: frozenset[str]  # verbs whose subject is not the actor of their event-noun object
    stative_passives: frozenset[str]  # triggers whose 'be + participle' is a state of the subject
    verbal_types: frozenset[str]  # PLOVER types of things said: located only where they were said
    territory_words: frozenset[str]  # ground held by force: 'captured the town' is no arrest
    message_nouns: frozenset[str]  # nouns whose author an event on them is aimed at ('denied the charges')
    means_nouns: frozenset[str]  # nouns of backing that make a 'with' phrase no target ('with US help')
    beneficiary_verbs: frozenset[str]  # purpose-clause verbs whose object an event is for ('to assist Kenya')
    responsibility_verbs: frozenset[str]  # 'claimed/took/accepted (responsibility for)'
    responsibility_nouns: frozenset[str]  # 'responsibility', 'credit'

    def shift(self, kind: str, from_type: str, mode: str | None) -> tuple[str, str | None] | None:
        """(type, mode) after the first shift of that kind that applies to from_type, or None."""
        for row in self.shifts.get(kind, ()):
            if row.from_type in (ANY, from_type):
                return row.to_type, (mode if row.to_mode == KEEP_MODE else row.to_mode)
        return None


def _hashes(words) -> numpy.ndarray:
    """spaCy's string hashes of the words, as the array a Doc's to_array columns are compared with."""
    return numpy.array(sorted({hash_string(w) for w in words}), dtype=numpy.uint64)


def _head_of(words: tuple[str, ...], pos: str) -> int:
    """The head word's index: the word marked '*', else the first for a verb phrase, else the word
    before 'of' or the last for a noun."""
    for i, w in enumerate(words):
        if w.endswith("*"):
            return i
    if pos == "V":
        return 0
    if "of" in words:
        return max(words.index("of") - 1, 0)
    return len(words) - 1


@lru_cache(maxsize=1)
def lexicon() -> TriggerLexicon:
    by_head: dict[str, list[Trigger]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    others: set[str] = set()
    for row in read_table("events/triggers.tsv"):
        row += [""] * (6 - len(row))
        phrase, pos, kind, mode, score, flags = row[:6]
        marked = tuple(phrase.lower().split())
        if (marked, pos) in seen:
            raise ValueError(f"events/triggers.tsv: {phrase!r} ({pos}) twice")
        if kind != NO_EVENT and kind not in PLOVER_TYPES:
            raise ValueError(f"events/triggers.tsv: unknown PLOVER type {kind!r} for {phrase!r}")
        seen.add((marked, pos))
        options = [f.strip() for f in flags.split(",") if f.strip()]
        values = dict(f.split("=", 1) for f in options if "=" in f)
        h = _head_of(marked, pos)
        words = tuple(w.rstrip("*") for w in marked)
        rest = tuple(w for i, w in enumerate(words) if i != h and w != "of")
        others.update(rest)
        by_head.setdefault(words[h], []).append(
            Trigger(
                phrase=words,
                head=words[h],
                others=rest,
                pos=pos,
                type=kind,
                mode=mode or None,
                score=float(score),
                frame=values.get("frame"),
                negated_type=values.get("neg"),
                needs_object="obj" in options,
                bare_noun="noarg" in options,
                stative_passive="stative" in options,
                agent_noun="agent" in options,
                actor_object="actorobj" in options,
                territory_type=values.get("territory"),
            )
        )
    triggers = {k: tuple(sorted(v, key=lambda t: -len(t.others))) for k, v in by_head.items()}

    modes: dict[str, list[tuple[str, str]]] = {}
    mode_phrases: dict[tuple[str, str], tuple[str, str]] = {}
    mode_rank: dict[tuple[str, str], int] = {}
    for rank, (kind, mode, words) in enumerate(read_table("events/trigger_modes.tsv")):
        mode_rank[(kind, mode)] = rank
        for word in split_list(words):
            parts = word.lower().split()
            if len(parts) == 2:
                mode_phrases.setdefault((parts[0], parts[1]), (kind, mode))
            else:
                modes.setdefault(word.lower(), []).append((kind, mode))

    shifts: dict[str, list[Shift]] = {}
    for row in read_table("events/trigger_shifts.tsv"):
        row += [""] * (4 - len(row))
        kind, from_type, to_type, to_mode = row[:4]
        shifts.setdefault(kind, []).append(Shift(kind, from_type, to_type, to_mode or None))

    modality = {
        (kind, word.lower()): value for kind, word, value in read_table("events/trigger_modality.tsv")
    }
    responsibility = list(read_table("events/trigger_responsibility.tsv"))
    return TriggerLexicon(
        triggers=triggers,
        head_array=_hashes(triggers),
        other_words=frozenset(others),
        modes={k: tuple(v) for k, v in modes.items()},
        mode_phrases=mode_phrases,
        mode_rank=mode_rank,
        mode_array=_hashes([*modes, *(pair[1] for pair in mode_phrases)]),
        shifts={k: tuple(v) for k, v in shifts.items()},
        modality=modality,
        stative_passives=frozenset(t.head for ts in triggers.values() for t in ts if t.stative_passive),
        participation_verbs=word_set("events/trigger_participation_verbs.tsv"),
        nonagent_verbs=word_set("events/trigger_nonagent_verbs.tsv"),
        verbal_types=word_set("events/trigger_verbal_types.tsv", lower=False),
        territory_words=word_set("events/trigger_territory_words.tsv"),
        message_nouns=word_set("events/trigger_message_nouns.tsv"),
        means_nouns=word_set("events/trigger_means_nouns.tsv"),
        beneficiary_verbs=word_set("events/trigger_beneficiary_verbs.tsv"),
        responsibility_verbs=frozenset(w.lower() for kind, w in responsibility if kind == "verb"),
        responsibility_nouns=frozenset(w.lower() for kind, w in responsibility if kind == "noun"),
        obliged_array=_hashes(w for (k, w), v in modality.items() if k == "aux" and v == "obliged"),
    )
