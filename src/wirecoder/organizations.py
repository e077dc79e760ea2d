"""Organisations of our own table (data/gazetteer/organizations.tsv): one loader for the entity ruler
(language/lexicon.py) and the actor dictionary (actors/dictionary.py)."""

from __future__ import annotations

from dataclasses import dataclass

from wirecoder.resources import read_records


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    """An organisation: its name, other names, country (ISO-3; none for an international one) and
    sector (PLOVER/CAMEO code)."""

    name: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    sector: str | None = None


def organizations() -> tuple[OrganizationRow, ...]:
    return read_records("gazetteer/organizations.tsv", OrganizationRow)
