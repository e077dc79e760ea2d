"""Query-string filters of the event lists, parsed and checked in one place (API and pages alike).

Every value comes from the URL; a value that is not of the expected form raises FilterError naming
the parameter and the form, which the app answers with a 422. Empty values (a form's blank field)
mean "no filter".
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from wirecoder.resources import read_table

# The statuses the events stage gives (events.stage.STATUS_ORDER; a test keeps the two equal).
STATUSES = ("asserted", "claimed", "denied", "planned", "hypothetical")
SORTS = ("-date", "date", "-killed", "killed", "-sources", "sources", "-id", "id")
DEFAULT_SORT = "-date"
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_TEXT = 200
TRUE = ("true", "1", "yes", "on")
FALSE = ("false", "0", "no", "off")


class FilterError(ValueError):
    """A query parameter that is not of the expected form."""

    def __init__(self, parameter: str, expected: str, value: Any):
        super().__init__(f"{parameter}: expected {expected}")
        self.parameter = parameter
        self.expected = expected
        self.value = value

    def detail(self) -> list[dict[str, Any]]:
        """The 422 body's detail, in the shape FastAPI gives its own validation errors."""
        return [
            {
                "loc": ["query", self.parameter],
                "msg": f"{self.parameter} must be {self.expected}",
                "type": "value_error",
                "input": self.value,
            }
        ]


@lru_cache(maxsize=1)
def plover_types() -> tuple[str, ...]:
    return tuple(sorted({row[0] for row in read_table("events/acled_plover.tsv")}))


@lru_cache(maxsize=1)
def acled_types() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(event types, sub-event types), as the ACLED table names them."""
    rows = list(read_table("events/acled_types.tsv"))
    return tuple(sorted({r[1] for r in rows})), tuple(r[0] for r in rows)


@dataclass(frozen=True)
class EventFilters:
    type: str | None = None
    mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    min_sources: int | None = None
    disputed: bool | None = None

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as URL query items (for links and download buttons)."""
        items = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                items.append((f.name, ("true" if value else "false") if isinstance(value, bool) else str(value)))
        return items

    def active(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


FILTER_NAMES = tuple(f.name for f in fields(EventFilters))


def _choice(name: str, value: str, choices: tuple[str, ...], *, show: int = 6) -> str:
    by_fold = {c.casefold(): c for c in choices}
    found = by_fold.get(value.casefold())
    if found is None:
        listed = ", ".join(choices[:show]) + (", ..." if len(choices) > show else "")
        raise FilterError(name, f"one of {listed}", value)
    return found


def _day(name: str, value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise FilterError(name, "a date YYYY-MM-DD", value)
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise FilterError(name, "a date YYYY-MM-DD", value) from None


def _text(name: str, value: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT or any(ord(c) < 32 for c in value):
        raise FilterError(name, f"text of at most {MAX_TEXT} printable characters", value)
    return value


def _boolean(name: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise FilterError(name, "true or false", value)


def _integer(name: str, value: str, low: int, high: int | None = None) -> int:
    if not re.fullmatch(r"\d{1,9}", value) or int(value) < low or (high is not None and int(value) > high):
        bound = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise FilterError(name, f"a whole number {bound}", value)
    return int(value)


def parse_filters(params: Mapping[str, str]) -> EventFilters:
    """EventFilters from query parameters (unknown parameters are ignored); FilterError if one is bad."""
    got = {k: params.get(k) for k in FILTER_NAMES}
    values: dict[str, Any] = {}
    for name, raw in got.items():
        if raw is None or raw.strip() == "":
            continue
        raw = raw.strip()
        if name == "type":
            values[name] = _choice(name, raw, plover_types())
        elif name == "mode":
            if not re.fullmatch(r"[a-z][a-z-]{0,39}", raw.lower()):
                raise FilterError(name, "a PLOVER mode: a lower-case word such as drone or firearms", raw)
            values[name] = raw.lower()
        elif name == "acled_event_type":
            values[name] = _choice(name, raw, acled_types()[0])
        elif name == "acled_sub_event_type":
            values[name] = _choice(name, raw, acled_types()[1])
        elif name == "status":
            values[name] = _choice(name, raw, STATUSES)
        elif name == "country":
            if not re.fullmatch(r"[A-Za-z]{3}", raw):
                raise FilterError(name, "an ISO 3166-1 alpha-3 country code such as UKR", raw)
            values[name] = raw.upper()
        elif name in ("since", "until"):
            values[name] = _day(name, raw)
        elif name == "min_sources":
            values[name] = _integer(name, raw, 1)
        elif name == "disputed":
            values[name] = _boolean(name, raw)
        else:  # actor, place: free text
            values[name] = _text(name, raw)
    if values.get("since") and values.get("until") and values["since"] > values["until"]:
        raise FilterError("until", f"a date on or after since ({values['since']})", values["until"])
    return EventFilters(**values)


def parse_sort(value: str | None) -> str:
    if value is None or value.strip() == "":
        return DEFAULT_SORT
    if value.strip() not in SORTS:
        raise FilterError("sort", "one of " + ", ".join(SORTS), value)
    return value.strip()


def parse_limit(value: str | None, default: int = DEFAULT_LIMIT) -> int:
    if value is None or value.strip() == "":
        return default
    return _integer("limit", value.strip(), 1, MAX_LIMIT)


def encode_cursor(sort: str, key: Any, pk: int) -> str:
    raw = json.dumps([sort, key, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str | None, sort: str, key_type: type) -> tuple[Any, int] | None:
    """(sort key, pk) after which the next page starts; FilterError for a cursor not of this sort."""
    if value is None or value == "":
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        got_sort, key, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise FilterError("cursor", "the `next` value of a previous page", value) from None
    if got_sort != sort or not isinstance(key, key_type) or isinstance(key, bool) or type(pk) is not int:
        raise FilterError("cursor", f"the `next` value of a previous page sorted by {sort}", value)
    return key, pk
