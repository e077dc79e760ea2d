"""The registry: every stage and writer of wirecoder, declared once with what it requires and assigns.

Three kinds of component, in the manner of spaCy's `Language.factory(name, requires=, assigns=)`:

* **document stages** run over one article: `run(doc, document)` fills its part of the Document
  (`assigns`) from the spaCy Doc and the parts earlier stages filled (`requires`). They run in the
  order of DOCUMENT_STAGES.
* **corpus stages** see many Documents: they run in the store as each Document arrives (wirecoder.corpus).
* **writers** take a stream of records (Documents, Articles) and write them somewhere, chosen by name:
  `open_writer("jsonl", handle)`; the CLI's `--format` choices are WRITERS' names. EXPORTS write a
  corpus store's merged events in the formats other tools read.

Targets are "module:attribute" strings imported on first use, so that reading the registry (the
CLI's help, `wirecoder stages`) costs no spaCy import. The `--stages` help, the README's stage table and
the schema's field notes are made from here (`stage_table()`, tests/test_registry.py checks them).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Component:
    """One registered stage or writer."""

    name: str
    target: str  # "module:attribute" of the function (stages) or class (writers)
    description: str
    requires: tuple[str, ...] = ()  # Document fields it reads, filled by earlier stages
    assigns: tuple[str, ...] = ()  # what it fills
    kind: str = "document"  # document | corpus | writer

    def load(self) -> Any:
        """The function or class behind the entry (imported now)."""
        module, attribute = self.target.split(":")
        return getattr(importlib.import_module(module), attribute)


# The document stages, in the order they run. A new stage is one module and one entry here.
DOCUMENT_STAGES: tuple[Component, ...] = (
    Component(
        "entities",
        "wirecoder.language.entities:entities_stage",
        "named entities: spaCy's, corrected by the gazetteer and our tables",
        assigns=("entities",),
    ),
    Component(
        "places",
        "wirecoder.places.stage:places_stage",
        "toponyms resolved to gazetteer places with coordinates, and their sense",
        requires=("entities",),
        assigns=("places", "entities.place"),
    ),
    Component(
        "actors",
        "wirecoder.actors.stage:actors_stage",
        "people, organisations, countries and groups, each once with all its mentions",
        requires=("entities", "places"),
        assigns=("actors", "entities.actor"),
    ),
    Component(
        "attribution",
        "wirecoder.attribution.stage:attribution_stage",
        "who said what: direct and reported speech, with speaker, cue, content and stance",
        requires=("entities", "actors"),
        assigns=("attributions",),
    ),
    Component(
        "times",
        "wirecoder.times.stage:times_stage",
        "time expressions normalised to TIMEX3 values, anchored on the publication date",
        assigns=("times",),
    ),
    Component(
        "events",
        "wirecoder.events.stage:events_stage",
        "what happened: type (PLOVER, ACLED), actors, place, date, casualty counts, claims and denials",
        requires=("entities", "places", "actors", "attributions", "times"),
        assigns=("events",),
    ),
)

# The corpus stages, run by wirecoder.corpus.Corpus for each stored Document, in this order.
CORPUS_STAGES: tuple[Component, ...] = (
    Component(
        "copies",
        "wirecoder.corpus.copies:signature",
        "near-identical articles (MinHash over shingles) linked as copies: one independent source",
        requires=("text",),
        assigns=("copy_of",),
        kind="corpus",
    ),
    Component(
        "merge",
        "wirecoder.corpus.merge:best_cluster",
        "each event merged into the stored event it fits as a whole (family, date, place, people)",
        requires=("events", "copy_of"),
        assigns=("merged events",),
        kind="corpus",
    ),
)

# Writers of analysed records, chosen by name (`--format`).
WRITERS: tuple[Component, ...] = (
    Component("jsonl", "wirecoder.writers:JsonLinesWriter", "one JSON object per line", kind="writer"),
    Component(
        "json", "wirecoder.writers:JsonWriter", "one JSON object, or an array of several", kind="writer"
    ),
    Component(
        "db",
        "wirecoder.writers:StoreWriter",
        "Documents stored and merged in a corpus (a SQLite file or a postgresql:// URL)",
        kind="writer",
    ),
)

# Exports of a corpus store's merged events (wirecoder export --format NAME; Corpus.export(NAME)).
EXPORTS: tuple[Component, ...] = tuple(
    Component(name, f"wirecoder.corpus.export:export_{name.replace('-', '_')}", description, kind="export")
    for name, description in (
        ("events-jsonl", "the merged events, one per line (schema/events.schema.json)"),
        ("documents-jsonl", "the stored Documents, one per line (schema/document.schema.json)"),
        ("geojson", "an RFC 7946 FeatureCollection of the events"),
        ("acled-csv", "ACLED's columns in ACLED's order"),
        ("plover-jsonl", "PLOVER's event fields, one event per line"),
        ("parquet", "a folder with events, mentions and documents tables (pyarrow)"),
    )
)

STAGE_NAMES: tuple[str, ...] = tuple(stage.name for stage in DOCUMENT_STAGES)
WRITER_NAMES: tuple[str, ...] = tuple(writer.name for writer in WRITERS)
EXPORT_NAMES: tuple[str, ...] = tuple(export.name for export in EXPORTS)


class StageError(ValueError):
    """A stage list names stages that do not exist."""


def select_stages(names: Iterable[str] | None = None) -> tuple[Component, ...]:
    """The document stages to run, in registry order: all of them, or the named ones (StageError
    names the unknown ones)."""
    if names is None:
        return DOCUMENT_STAGES
    wanted = set(names)
    unknown = sorted(wanted - set(STAGE_NAMES))
    if unknown:
        raise StageError(f"unknown stage(s) {', '.join(unknown)}; the stages are {', '.join(STAGE_NAMES)}")
    return tuple(stage for stage in DOCUMENT_STAGES if stage.name in wanted)


def missing_requirements(selected: Iterable[Component]) -> dict[str, tuple[str, ...]]:
    """For each selected stage, the Document fields it requires that no earlier selected stage assigns
    (as spaCy's `nlp.analyze_pipes` reports). Such a stage still runs, with less to go on."""
    assigned: set[str] = set()
    missing: dict[str, tuple[str, ...]] = {}
    for stage in selected:
        lacking = tuple(field for field in stage.requires if field not in assigned)
        if lacking:
            missing[stage.name] = lacking
        assigned.update(field.split(".")[0] for field in stage.assigns)
    return missing


def assigned_by(field: str) -> Component | None:
    """The document stage that fills a Document field (None for the article's own fields)."""
    return next((s for s in DOCUMENT_STAGES if field in (a.split(".")[0] for a in s.assigns)), None)


@cache
def load_stage(name: str):
    """The run(doc, document) function of a document stage."""
    return next(stage for stage in DOCUMENT_STAGES if stage.name == name).load()


def writer(name: str) -> Component:
    """The writer registered under `name` (ValueError names the writers)."""
    for component in WRITERS:
        if component.name == name:
            return component
    raise ValueError(f"unknown output format {name!r}; the formats are {', '.join(WRITER_NAMES)}")


def stage_table() -> str:
    """The stages as a Markdown table (the README's list is this text; `wirecoder stages` prints it)."""
    lines = ["| stage | kind | requires | assigns | what it does |", "|---|---|---|---|---|"]
    for stage in (*DOCUMENT_STAGES, *CORPUS_STAGES):
        requires = ", ".join(stage.requires) or "—"
        lines.append(
            f"| `{stage.name}` | {stage.kind} | {requires} | {', '.join(stage.assigns)} | {stage.description} |"
        )
    return "\n".join(lines)


def schema_note(field: str) -> str | None:
    """The schema's description of a Document field a stage fills (schema/document.schema.json)."""
    stage = assigned_by(field)
    if stage is None:
        return None
    return f"Filled by the {stage.name} stage: {stage.description}. Empty when that stage did not run."
