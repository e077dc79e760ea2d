"""Data model: the Article that ingest produces and the Document that analysis returns.

The Document's JSON form is the public contract (schema/document.schema.json). Stages that are not
built yet leave their lists empty; fields may be added, never renamed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any

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


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Entity(Span):
    label: str
    actor: str | None = None
    place: str | None = None


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
    actors: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    times: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

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
        # Not dataclasses.asdict: it deep-copies every stage's output (about 3 ms an article). The
        # stage outputs are already plain JSON values; only the entities are dataclasses.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["entities"] = [vars(e).copy() for e in self.entities]
        # Key order: the contract's version first, then metadata, then text and the stage outputs.
        return {"schema": SCHEMA_VERSION, **data}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        fields = {k: v for k, v in data.items() if k != "schema"}
        fields["entities"] = [Entity(**e) for e in fields.get("entities", [])]
        return cls(**fields)
