"""Places: offline geoparsing — every toponym to a gazetteer entry, literal or metonymic.

`geocode(text, spans)` resolves given spans; `places_stage` fills Document.places in the pipeline;
`build_index` / `load_gazetteer` manage the cached gazetteer index.
"""

from __future__ import annotations

__all__ = ["build_index", "geocode", "load_gazetteer", "places_stage"]

_EXPORTS = {
    "build_index": "wirecoder.places.gazetteer",
    "load_gazetteer": "wirecoder.places.gazetteer",
    "geocode": "wirecoder.places.geocode",
    "places_stage": "wirecoder.places.stage",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'wirecoder.places' has no attribute {name!r}")
