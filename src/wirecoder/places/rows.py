"""The gazetteer index's rows as they are built: places (PlaceRow) and their names with a match quality."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from operator import attrgetter

from wirecoder.places.names import key_variants, name_key

# Kinds in the output contract.
KINDS = ("country", "admin1", "admin2", "city", "locality", "landmark", "region", "water", "other")
CITY_POPULATION = 15_000  # a populated place at least this large is a 'city', else a 'locality'
# Bits of PlaceRow.flags.
CAPITAL, SECONDARY = 1, 2


@dataclass(slots=True)
class PlaceRow:
    """One row of the index's place table; the fields are its columns, in order."""

    gid: int | None  # GeoNames id
    name: str | None  # None for a bare admin1 centre
    lat: float | None
    lon: float | None
    cc: str | None  # ISO-2
    a1code: str | None  # 'US.TX': country + GeoNames admin1 code
    a1name: str | None
    kind: str
    pop: int = 0
    # CAPITAL; SECONDARY for an area from the countrystatecity tables (a weaker prior than our own rows)
    flags: int = 0
    pid: int = -1  # set by IndexBuilder.add_place

    def __post_init__(self) -> None:
        self.pop = int(self.pop or 0)


# The place table's columns in PlaceRow's order, for the SQL and for reading rows back.
PLACE_COLUMNS = ("pid", *(f.name for f in dataclasses.fields(PlaceRow) if f.name != "pid"))
row_values = attrgetter(*PLACE_COLUMNS)


class IndexBuilder:
    """The place rows and the (name key, place) -> match quality table, as they are added."""

    def __init__(self) -> None:
        self.places: list[PlaceRow] = []
        self.names: dict[tuple[str, int], int] = {}

    def add_place(self, row: PlaceRow) -> int:
        """Add a place; returns its pid."""
        row.pid = len(self.places)
        self.places.append(row)
        return row.pid

    def add_name(self, name: str, pid: int, q: int) -> None:
        """Add a name of a place (and its Saint/St variant), keeping the best quality per name."""
        key = name_key(name)
        if not key or len(key) > 80:
            return
        for variant in key_variants(key):
            old = self.names.get((variant, pid), 0)
            if q > old:
                self.names[(variant, pid)] = q

    def add_names(self, names, pid: int, q: int) -> None:
        """Add several names of a place, all of one quality."""
        for name in names:
            self.add_name(name, pid, q)


def grid_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean of the distinct half-degree cells the points fall in: an area centre, not a population one."""
    cells = {(round(lat * 2), round(lon * 2)) for lat, lon in points}
    lat = sum(c[0] for c in cells) / (2 * len(cells))
    # Longitudes through a unit-vector mean, so areas on the date line do not land on the far side.
    x = sum(math.cos(math.radians(c[1] / 2)) for c in cells)
    y = sum(math.sin(math.radians(c[1] / 2)) for c in cells)
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)
