"""Writers: where analysed records go, chosen by name (wirecoder.registry.WRITERS).

    with open_writer("jsonl", "out.jsonl") as writer:
        for document in wirecoder.analyze_batch(texts):
            writer.write(document)

Each writer takes records one at a time (a Document, an Article, or their dict) and is closed once:
`jsonl` writes a line per record as it comes; `json` writes the record itself when there is exactly
one, else an array; `db` stores Documents in a corpus (wirecoder.corpus.Corpus.add_document: one
transaction per Document, its events merged as it arrives). The CLI's `--format` is this name.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from wirecoder import registry


def _as_dict(record: Any) -> dict[str, Any]:
    return record if isinstance(record, dict) else record.to_dict()


class _TextWriter:
    """A writer on a text handle: a path (opened now, UTF-8), a handle, or None / '-' for stdout."""

    def __init__(self, output: str | IO[str] | None = None):
        if output is None or output == "-":
            self.handle, self._owned = sys.stdout, False
        elif isinstance(output, str):
            self.handle, self._owned = open(output, "w", encoding="utf-8"), True  # noqa: SIM115 (closed by close())
        else:
            self.handle, self._owned = output, False
        self.count = 0

    def close(self) -> None:
        self.finish()
        if self._owned:
            self.handle.close()

    def finish(self) -> None:
        """Write what the format needs at the end."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class JsonLinesWriter(_TextWriter):
    """One JSON object per line, flushed as written (a reader downstream sees each at once)."""

    def write(self, record: Any) -> None:
        self.count += 1
        self.handle.write(json.dumps(_as_dict(record), ensure_ascii=False) + "\n")
        self.handle.flush()


class JsonWriter(_TextWriter):
    """The record itself when there is exactly one, else a JSON array of them (indented)."""

    def __init__(self, output: str | IO[str] | None = None):
        super().__init__(output)
        self.pending: dict[str, Any] | None = None

    def write(self, record: Any) -> None:
        self.count += 1
        if self.count == 1:
            self.pending = _as_dict(record)  # held until we know whether a second record follows
            return
        if self.pending is not None:
            self.handle.write("[\n" + json.dumps(self.pending, ensure_ascii=False, indent=2))
            self.pending = None
        self.handle.write(",\n" + json.dumps(_as_dict(record), ensure_ascii=False, indent=2))

    def finish(self) -> None:
        if self.count == 0:
            self.handle.write("[]\n")
        elif self.pending is not None:
            self.handle.write(json.dumps(self.pending, ensure_ascii=False, indent=2) + "\n")
        else:
            self.handle.write("\n]\n")


class StoreWriter:
    """Documents into a corpus store: `output` is its database (a SQLite path or a postgresql:// URL;
    default wirecoder.db or $WIRECODER_DB). Each Document and the merge of its events is one
    transaction; one already stored is skipped (`outcomes` tells what happened to each)."""

    def __init__(self, output: str | None = None):
        from wirecoder.corpus import Corpus

        self.corpus = Corpus(None if output in (None, "-") else output)
        self.count = 0
        self.outcomes: list[Any] = []

    def write(self, record: Any) -> None:
        if not (isinstance(record, dict) or hasattr(record, "events")):
            raise TypeError(f"the db writer stores analysed Documents, not {type(record).__name__}")
        self.count += 1
        self.outcomes.append(self.corpus.add_document(record))

    def close(self) -> None:
        self.corpus.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_writer(name: str, output: Any = None):
    """The writer registered as `name` on `output` (ValueError names the formats)."""
    return registry.writer(name).load()(output)


def write_records(records: Iterable[Any], name: str, output: Any = None) -> int:
    """Write every record with the named writer; returns how many were written."""
    with open_writer(name, output) as writer:
        for record in records:
            writer.write(record)
        return writer.count
