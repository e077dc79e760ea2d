"""A time expression found in a text (Match) and resolved to a TIMEX3 type and value (Timex).

Conventions (TimeML / TIMEX3):
- DATE 2023-05-30, 2023-W21, 2023-W21-WE, 2023-05, 2023-Q2, 2023-H1, 2023-SU, 2023, 202 (decade),
  20 (century); TIME 2023-05-30TMO (part of day), 2023-05-30T22:00; DURATION P3D, PT5H, P2Y6M, PXY
  (unknown count); SET P1D, XXXX-WXX-5; vague PAST_REF, PRESENT_REF, FUTURE_REF.
- What the text and the publication date do not fix is written with X (XXXX-05-30, XXXX-WXX-2).
- `anchor` is "published" for expressions resolved against the publication date, the id of the
  time expression an anaphoric expression is resolved against ("the next day"), and None for
  absolute ones. An expression relative to an event ("a day after Russia bombarded Kyiv") gets
  `anchor_text` and its offsets (the clause); its value is only resolved when that clause contains
  a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from wirecoder.model import TimeRecord

Groups = dict[str, str | None]  # a pattern's named groups


@dataclass
class Match:
    start: int
    end: int
    rule: str
    order: int
    groups: Groups
    full: int  # length of the whole regex match (context included), for ranking


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None
    anchor_text: str | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    id: str = ""
    grain: str | None = None  # for anaphora: the granularity of a resolved point
    point: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> TimeRecord:
        """The output record (its JSON is `to_dict`)."""
        record = TimeRecord(self.id, self.start, self.end, self.text, self.type, self.value, self.anchor)
        record.mod = self.mod or None  # to_dict leaves out an empty mod too
        if self.anchor_text is not None:
            record.anchor_text = self.anchor_text
            record.anchor_start = self.anchor_start
            record.anchor_end = self.anchor_end
        return record

    def to_dict(self) -> dict[str, Any]:
        return self.to_record().to_dict()
