"""Reading the data files shipped in wirecoder/data (lexicons, gazetteer tables)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypeVar

R = TypeVar("R")


def data_path(name: str):
    return resources.files("wirecoder").joinpath("data", name)


def read_table(name: str) -> Iterator[list[str]]:
    """Rows of a tab-separated data file; '#' lines and blank lines are comments. Missing cells are ''."""
    with data_path(name).open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield [cell.strip() for cell in line.split("\t")]


def split_list(cell: str) -> list[str]:
    """A '|'-separated list cell."""
    return [item.strip() for item in cell.split("|") if item.strip()]


def word_set(name: str, lower: bool = True) -> frozenset[str]:
    """The first column of a one-word-per-row data file (lower-cased unless `lower` is False)."""
    return frozenset((row[0].lower() if lower else row[0]) for row in read_table(name) if row and row[0])


def _cell_reader(annotation: object, name: str, field: str):
    """How a cell becomes a field value, from the field's annotation: str, int, float, bool (1/0, yes/no),
    `tuple[str, ...]` (a '|' list) or an optional of one of these (an empty cell is None)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if args and type(None) in args:  # X | None
        inner = _cell_reader(next(a for a in args if a is not type(None)), name, field)
        return lambda cell: inner(cell) if cell else None
    if origin is tuple:
        return lambda cell: tuple(split_list(cell))
    if annotation is bool:
        return lambda cell: cell.lower() in ("1", "yes", "true", "y")
    if annotation in (int, float):

        def number(cell: str, kind=annotation):
            try:
                return kind(cell)
            except ValueError:
                raise ValueError(f"{name}: column {field!r} wants {kind.__name__}, got {cell!r}") from None

        return number
    if annotation is str:
        return str
    raise TypeError(f"{name}: column {field!r} has an unsupported type {annotation!r}")


@cache
def read_records(name: str, record: type[R]) -> tuple[R, ...]:
    """The rows of a data file with a header, as frozen `record` dataclasses.

    The file's first line that is neither blank nor a '#' comment names the columns; each must be a
    field of `record` (extra fields take their defaults, so columns can be added at the end). A missing
    trailing cell takes the field's default, or '' / 0 / () by type."""
    hints = typing.get_type_hints(record)
    fields = {f.name: f for f in dataclasses.fields(record)}  # type: ignore[arg-type]
    rows = read_table(name)
    header = next(rows, None)
    if header is None:
        return ()
    unknown = [column for column in header if column not in fields]
    if unknown:
        raise ValueError(f"{name}: column(s) {', '.join(unknown)} are not fields of {record.__name__}")
    readers = [_cell_reader(hints[column], name, column) for column in header]
    records = []
    for row in rows:
        values = {}
        for column, reader, cell in zip(header, readers, row + [""] * (len(header) - len(row)), strict=False):
            spec = fields[column]
            has_default = (
                spec.default is not dataclasses.MISSING or spec.default_factory is not dataclasses.MISSING
            )
            if cell == "" and has_default:
                continue
            values[column] = reader(cell)
        records.append(record(**values))
    return tuple(records)


@dataclass(frozen=True, slots=True)
class WordList:
    """A row of a word-list table: a rule's (or cue's) name and its words ('|' list)."""

    rule: str
    words: tuple[str, ...]


@cache
def word_lists(name: str, lower: bool = False) -> dict[str, frozenset[str]]:
    """Rule name -> its words, from a table with the header `rule  words` (lower-cased if `lower`)."""
    return {
        row.rule: frozenset(w.lower() if lower else w for w in row.words)
        for row in read_records(name, WordList)
    }
