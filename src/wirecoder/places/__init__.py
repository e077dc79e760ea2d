"""Places: offline geoparsing — every toponym to a gazetteer entry, literal or metonymic.

`geocode(text, spans)` resolves given spans; `places_stage` fills Document.places in the pipeline;
`build_index` / `load_gazetteer` manage the cached gazetteer index.
"""

from __future__ import annotations

from wirecoder.lazy import lazy_exports

__all__ = ["build_index", "geocode", "load_gazetteer", "places_stage"]

_EXPORTS = {
    "build_index": "wirecoder.places.gazetteer",
    "load_gazetteer": "wirecoder.places.gazetteer",
    "geocode": "wirecoder.places.geocode",
    "places_stage": "wirecoder.places.stage",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)
