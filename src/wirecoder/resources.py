"""Reading the data files shipped in wirecoder/data (lexicons, gazetteer tables)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources


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
