"""What the event detectors find in one sentence, before the stage turns mentions into events.

An EventMention is one trigger (a verb like 'bombarded', a noun like 'attack') with its PLOVER type
and the argument spans found around it. The stage fills the rest: ACLED sub-event type (acled.py),
counts (counts.py), status and claims from the attribution stage, place and time, and merges
coreferent mentions into one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Char = tuple[int, int]  # (start, end) character offsets into the Document text


@dataclass
class Count:
    """A reported number: 'at least one person' -> 1/1/None; 'no fatalities' -> 0/0/0; 'dozens' -> 24/None/None."""

    category: str  # killed, injured, arrested, displaced, missiles, drones, participants, ...
    low: int | None
    best: int | None
    high: int | None
    start: int  # evidence span: the words that give the number ('at least one person')
    end: int
    head: int | None = None  # token index the count attaches to (the verb 'killing', the noun 'drones')
    weak: bool = False  # read off a weak cue ('taken to hospital', 'in critical condition')
    perpetrator: bool = False  # the people counted are the attackers ('the gunman died', 'killed himself')

    def to_dict(self, text: str) -> dict:
        return {
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "evidence": {"start": self.start, "end": self.end, "text": text[self.start : self.end]},
        }


@dataclass
class EventMention:
    type: str  # one of the 16 PLOVER types
    trigger: Char  # the trigger word(s)
    head: int  # token index of the trigger's head word in the Doc
    sentence: Char  # the sentence the trigger is in
    mode: str | None = None  # PLOVER mode (ASSAULT: aerial, drone, heavy-weapons, ...)
    actor: Char | None = None  # who does it: a span that actors.actor_at can resolve
    recipient: Char | None = None  # to whom / what
    place: Char | None = None  # where it happened (a place mention's span), when the syntax says so
    nominal: bool = False  # a noun trigger ('the attack') rather than a verb
    negated: bool = False  # 'did not attack', 'no attack'
    # None (it happened / happens), 'planned' (promised to, will), 'hypothetical' (might, could, if)
    modality: str | None = None
    score: float = 0.5  # how sure the detector is of the type (lexicon prior, adjusted by context)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    counts: list[Count] = field(default_factory=list)
