"""Data model: the Article that ingest produces and the Document that analysis returns.

The Document's JSON form is the public contract (schema/document.schema.json). Stages that are not
built yet leave their lists empty; fields may be added, never renamed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, ClassVar

SCHEMA_VERSION = "wirecoder/1"


@dataclass
class Article:
    """One input, after ingest: the text to analyse and what is known about it."""

    text: str
    id: str | None = None
    url: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None
    source: str | None = None  # where it came from (path, path:line, URL, WARC record), for messages
    # problems with the metadata that did not stop the article (an unreadable date), for messages
    warnings: list[str] = field(default_factory=list, compare=False, repr=False)

    def set_published(self, value: Any) -> None:
        """`published` from a value in any common written form (ingest.dates); an unreadable one leaves
        the article without a date and says so in `warnings`."""
        from wirecoder.ingest.dates import read_published

        try:
            self.published = read_published(value)
        except ValueError as err:
            self.published = None
            self.warnings.append(f"publication date ignored: {err}")

    def stable_id(self) -> str:
        """The given id, else one derived from the content, so the same input always gets the same id."""
        if self.id:
            return self.id
        digest = hashlib.sha256()
        digest.update((self.url or "").encode("utf-8"))
        digest.update(b"\0")
        digest.update(self.text.encode("utf-8", "surrogatepass"))
        return "wc-" + digest.hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.stable_id(),
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "source": self.source,
        }


# ---- the stage outputs ------------------------------------------------------------------------------
# Each is a dataclass whose `to_dict` is its JSON form in the contract (keys in field order; a field
# made with `optional()` is left out while it is None) and whose `from_dict` reads that form back.


def optional(default: Any = None) -> Any:
    """A field that the JSON leaves out while it is None (keys the contract adds only when they apply)."""
    return field(default=default, metadata={"omit_if_none": True})


class Record:
    """Base of the output records. `nested` says which fields hold records: field -> the record type
    of its value, of each item of a list, or (with `dict_of`) of each value of a mapping."""

    nested: ClassVar[dict[str, Any]] = {}

    def to_dict(self) -> dict[str, Any]:
        """The record's JSON form: its fields in order, optional ones left out while None."""
        out: dict[str, Any] = {}
        for name, omit_if_none in _layout(type(self)):
            value = getattr(self, name)
            if value is None:
                if not omit_if_none:
                    out[name] = None
            elif isinstance(value, _SCALARS):
                out[name] = value
            else:
                out[name] = _plain(value)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        """The record of its JSON form (the nested records built by `nested`)."""
        values = {}
        for name, value in data.items():
            kind = cls.nested.get(name)
            values[name] = value if kind is None or value is None else _build(kind, value)
        return cls(**values)


@dataclass(frozen=True)
class dict_of:  # noqa: N801 (reads as a type in the `nested` tables)
    """In a `nested` table: a mapping whose values are records of this type (or None)."""

    record: type


_SCALARS = (str, int, float)  # bool is an int


@cache
def _layout(cls: type) -> tuple[tuple[str, bool], ...]:
    """(field name, left out while None) of a record type, read once: `fields()` is slow to call for
    every record of every Document."""
    return tuple((f.name, bool(f.metadata.get("omit_if_none"))) for f in fields(cls))


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _build(kind: Any, value: Any) -> Any:
    if isinstance(kind, dict_of):
        return {k: None if v is None else kind.record.from_dict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [kind.from_dict(v) for v in value]
    return kind.from_dict(value)


@dataclass
class Span(Record):
    """A stretch of the text: Python string offsets, end exclusive, and the text itself."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int, **more: Any):
        """The span [start, end) of `text` (with the other fields of a subclass in `more`)."""
        return cls(start, end, text[start:end], **more)


@dataclass
class Entity(Span):
    label: str
    actor: str | None = None
    place: str | None = None


@dataclass
class ActorRecord(Record):
    """A person, organisation, country or group, once, with every mention of it."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None
    mentions: list[Span]
    nested: ClassVar[dict[str, Any]] = {"mentions": Span}


@dataclass
class PlaceMention(Span):
    sense: str = "literal"  # literal | metonymic


@dataclass
class PlaceRecord(Record):
    """A place of the gazetteer (or an unresolved name), once, with its mentions."""

    id: str
    name: str
    geonames_id: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    kind: str
    mentions: list[PlaceMention]
    nested: ClassVar[dict[str, Any]] = {"mentions": PlaceMention}


@dataclass
class TimeRecord(Record):
    """A time expression with its TIMEX3 value."""

    id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    anchor: str | None
    mod: str | None = optional()
    anchor_text: str | None = optional()
    anchor_start: int | None = optional()
    anchor_end: int | None = optional()


@dataclass
class Content(Span):
    """What was said; `pieces` are the quoted stretches when the cue interrupts the quote."""

    pieces: list[Span] | None = optional()
    nested: ClassVar[dict[str, Any]] = {"pieces": Span}


@dataclass
class AttributionRecord(Record):
    """Who said what."""

    id: str
    kind: str  # direct | indirect | mixed | according_to
    speaker: Span | None
    speaker_actor: str | None
    cue: Span | None
    content: Content
    stance: str | None
    nested: ClassVar[dict[str, Any]] = {"speaker": Span, "cue": Span, "content": Content}


@dataclass
class Count(Record):
    """A reported number: 'at least one person' -> low 1, best 1, high None."""

    low: int | None
    best: int | None
    high: int | None
    evidence: Span | None
    nested: ClassVar[dict[str, Any]] = {"evidence": Span}


@dataclass
class EventTime(Record):
    value: str
    time: str | None  # id in times
    precision: str | None  # day | week | month | year


@dataclass
class EventMentionRecord(Record):
    trigger: Span
    sentence: Span
    status: str
    attribution: str | None
    nested: ClassVar[dict[str, Any]] = {"trigger": Span, "sentence": Span}


@dataclass
class EventRecord(Record):
    """One event of the article, gathered from all its mentions."""

    id: str
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actor: str | None
    recipient: str | None
    place: str | None
    place_precision: int | None
    time: EventTime | None
    counts: dict[str, Count | None]
    status: str
    claimed_by: list[str]
    denied_by: list[str]
    evidence: list[Span]
    confidence: float
    raw_score: float
    mentions: list[EventMentionRecord]
    actor_inferred: bool | None = optional()
    incident: str | None = optional()  # main | context
    nested: ClassVar[dict[str, Any]] = {
        "time": EventTime,
        "counts": dict_of(Count),
        "evidence": Span,
        "mentions": EventMentionRecord,
    }


@dataclass
class Document:
    """One analysed article (schema wirecoder/1)."""

    id: str
    text: str
    published: str | None = None
    url: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    language: str | None = None
    entities: list[Entity] = field(default_factory=list)
    actors: list[ActorRecord] = field(default_factory=list)
    places: list[PlaceRecord] = field(default_factory=list)
    times: list[TimeRecord] = field(default_factory=list)
    attributions: list[AttributionRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)

    @classmethod
    def from_article(cls, article: Article) -> Document:
        return cls(
            id=article.stable_id(),
            text=article.text,
            published=article.published,
            url=article.url,
            site=article.site,
            title=article.title,
            author=article.author,
            language=article.language,
        )

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies (about 3 ms an article). Each record writes its own
        # JSON form instead; the entities' is their attributes.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["entities"] = [vars(e).copy() for e in self.entities]
        for name in _STAGE_RECORDS:
            data[name] = [record.to_dict() for record in data[name]]
        # Key order: the contract's version first, then metadata, then text and the stage outputs.
        return {"schema": SCHEMA_VERSION, **data}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        fields = {k: v for k, v in data.items() if k != "schema"}
        fields["entities"] = [Entity(**e) for e in fields.get("entities", [])]
        for name, record in _STAGE_RECORDS.items():
            fields[name] = [record.from_dict(item) for item in fields.get(name, [])]
        return cls(**fields)


# The Document's stage outputs and the record type of each item.
_STAGE_RECORDS: dict[str, type[Record]] = {
    "actors": ActorRecord,
    "places": PlaceRecord,
    "times": TimeRecord,
    "attributions": AttributionRecord,
    "events": EventRecord,
}
