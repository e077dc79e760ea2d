"""Recognition backed by the gazetteer (places/recognize.py), on a stub gazetteer: each finder's cue."""

from types import SimpleNamespace

import pytest

from wirecoder.places import recognize as rz
from wirecoder.places.names import Q_ALTERNATE, Q_PRIMARY, name_key

KNOWN = {"dunmor": "locality", "kessa": "city", "reading": "city", "licking county": "admin2",
         "otter tail county": "admin2", "clay county": "admin2", "ohio": "admin1", "march": "locality"}  # fmt: skip
ALTERNATE_ONLY = {"vell"}


class StubGazetteer:
    def lookup(self, key):
        if key in KNOWN:
            return (SimpleNamespace(q=Q_PRIMARY, kind=KNOWN[key]),)
        if key in ALTERNATE_ONLY:
            return (SimpleNamespace(q=Q_ALTERNATE, kind="locality"),)
        return ()


def context(taken=()):
    spans = list(taken)
    return rz.Context(
        gazetteer=StubGazetteer(),
        taken=lambda s, e: any(a < e and s < b for a, b in spans),
        is_name=lambda s, e: True,
        area_names=lambda name: name_key(name) in ("ohio", "s c"),
        state_code=lambda code: code == "KY",
    )


def names(found, text):
    return [text[s:e] for s, e, _label in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shelling continued in Dunmor overnight.", ["Dunmor"]),
        ("Police said 10 miles north of Kessa a car burned.", ["Kessa"]),
        ("He lives in the Village of Dunmor now.", ["Dunmor"]),
        ("It rained in March and in Vell.", []),  # a month; a name known only as an alternate name
        ("They met in Dunmor Hall on Friday.", []),  # part of a longer name
    ],
)
def test_after_cue(text, expected):
    assert names(rz.find_after_cue(text, context()), text) == expected


def test_qualified_by_a_state():
    text = "Volunteers came from Dunmor, Ohio, and from Paris, Ohio."
    assert names(rz.find_qualified(text, context()), text) == ["Dunmor"]


def test_area_word_and_area_lists():
    text = "Licking County Prosecutor Ken Oswalt spoke for Otter Tail and Clay counties."
    assert names(rz.find_areas(text, context()), text) == ["Licking County"]
    assert names(rz.find_area_lists(text, context()), text) == ["Otter Tail", "Clay"]


def test_name_before_a_cue_word():
    text = "A Kessa native and the Dunmor-based firm met Reading Festival staff."
    assert names(rz.find_before_cue(text, context()), text) == ["Kessa", "Dunmor"]


def test_list_with_a_place_in_it():
    text = "Crews from Dunmor, Kessa and Brannock came."
    start = text.index("Dunmor")
    found = rz.find_in_lists(text, context(taken=[(start, start + 6)]))
    assert names(found, text) == ["Kessa"]  # Brannock is unknown
    assert rz.find_in_lists(text, context()) == []  # no place in the list yet: no evidence


def test_party_state_and_dateline():
    text = "Rep. Jo Smith, D-Ohio, spoke. Teachers strike. DUNMOR — The union said."
    assert names(rz.find_party_state(text, context()), text) == ["Ohio"]
    assert names(rz.find_titled_dateline(text, context()), text) == ["DUNMOR"]


def test_streets_and_roads():
    text = "Crews closed Hazel Street and County Road 109; a crash on KY 52 near Virginia L. Lane's home."
    assert names(rz.find_streets(text, context()), text) == ["Hazel Street", "County Road 109", "KY 52"]
    assert rz.is_street("Monument Avenue") and not rz.is_street("On Monument Avenue")


def test_recognise_takes_each_span_once():
    text = "Shelling continued in Licking County overnight."
    taken = []
    ctx = context()
    ctx.taken = lambda s, e: any(a < e and s < b for a, b in taken)
    found = rz.recognise(text, ctx, lambda s, e: taken.append((s, e)))
    assert names(found, text) == ["Licking County"]
