"""Places: gazetteer index, toponym resolution, senses, the stage on the seed, and `wirecoder geocode`."""

import json
import math
import sys
import types

import pytest
from conftest import assert_valid_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wirecoder.cli import app
from wirecoder.countries import CountryRow, merge
from wirecoder.places import build, cache, names, sources
from wirecoder.places import gazetteer as gz
from wirecoder.places.geocode import geocode, geocode_lines, resolve_spans
from wirecoder.resources import read_records


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.fixture(scope="session")
def gaz():
    """The real gazetteer (built into the user cache on first use, as in production)."""
    return gz.load_gazetteer()


def one(text, name, gazetteer, occurrence=0):
    """Geocode the n-th occurrence of `name` in `text` with every capitalised run as context spans."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return geocode(text, [(start, start + len(name))], gazetteer)[0]


# --- names and the index -------------------------------------------------------------------------


def test_name_key_folds_case_accents_dots_and_the():
    assert names.name_key("U.S.") == names.name_key("US") == "us"
    assert names.name_key("Québec") == "quebec"
    assert names.name_key("the Middle East") == "middle east"
    assert names.name_key("Winston-Salem") == "winston salem"
    assert names.key_variants("st louis") == ["st louis", "saint louis"]


def test_cache_location_honours_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WIRECODER_CACHE", str(tmp_path / "wc"))
    assert cache.cache_dir() == tmp_path / "wc"
    monkeypatch.delenv("WIRECODER_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "wirecoder"
    path = cache.index_path()
    assert path.parent == tmp_path / "xdg" / "wirecoder"
    assert cache.data_fingerprint() in path.name and "0." in path.name


TINY_CITIES = {
    "1": {
        "geonameid": 1,
        "name": "Paris",
        "latitude": 48.85,
        "longitude": 2.35,
        "countrycode": "FR",
        "population": 2_000_000,
        "admin1code": "11",
        "alternatenames": ["Lutetia", "PAR", "Парис"],
    },
    "2": {
        "geonameid": 2,
        "name": "Paris",
        "latitude": 33.66,
        "longitude": -95.56,
        "countrycode": "US",
        "population": 25_000,
        "admin1code": "TX",
        "alternatenames": [],
    },
    "3": {
        "geonameid": 3,
        "name": "Dallas",
        "latitude": 32.78,
        "longitude": -96.81,
        "countrycode": "US",
        "population": 1_300_000,
        "admin1code": "TX",
        "alternatenames": [],
    },
}
TINY = {
    "cities500.json": TINY_CITIES,
    "countries.json": {
        "FR": {
            "geonameid": 10,
            "name": "France",
            "iso": "FR",
            "iso3": "FRA",
            "capital": "Paris",
            "population": 1,
        },
        "US": {
            "geonameid": 11,
            "name": "United States",
            "iso": "US",
            "iso3": "USA",
            "capital": "",
            "population": 1,
        },
    },
    "continents.json": {},
    "us_states.json": {"TX": {"code": "TX", "name": "Texas", "geonameid": 4736286}},
}


def test_index_builds_atomically_from_a_tiny_fixture(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "_geonames_data", lambda name: TINY[name])
    tiny_countries = merge(TINY["countries.json"].values(), read_records("countries.tsv", CountryRow))
    monkeypatch.setattr(build, "_countries", lambda: list(tiny_countries.values()))
    monkeypatch.setattr(sources, "add_world_areas", lambda builder, ours: None)
    zips = [{"country": "US", "county": "Lamar County", "state": "TX", "lat": "33.6", "long": "-95.5"}]
    monkeypatch.setitem(sys.modules, "zipcodes", types.SimpleNamespace(list_all=lambda: zips))
    path = build.build_index(tmp_path / "tiny.sqlite")
    assert path.exists() and not list(tmp_path.glob(".gazetteer-*"))  # no temporary file left behind
    g = gz.Gazetteer(path)
    paris = g.lookup("paris")
    assert [(p.country, p.capital) for p in paris] == [("FR", True), ("US", False)]
    assert paris[1].admin1 == "Texas" and paris[1].admin1_code == "US.TX"
    assert [p.name for p in g.lookup("lutetia")] == ["Paris"]
    assert g.lookup("par") == ()  # airport-code-like alternate names are dropped
    assert g.lookup("lamar county")[0].kind == "admin2"
    assert g.lookup("lamar co")[0].name == "Lamar County"
    assert g.countries["US"].kind == "country" and g.lookup("usa")  # our alias table
    assert g.lookup("texas")[0].geonames_id == 4736286
    g.close()


def test_real_index_loads_fast_and_small(gaz):
    assert len(gaz.countries) > 200
    assert gaz.lookup("kyiv")[0].country == "UA"
    assert {p.country for p in gaz.lookup("kiev")} >= {"UA"}


# --- resolution ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, country, admin1",
    [
        ("He grew up in Paris, Texas, before moving on.", "Paris", "US", "Texas"),
        ("The plant in Paris, France, closed.", "Paris", "FR", None),
        ("Officials in Springfield, Ill., said so.", "Springfield", "US", "Illinois"),
        ("Officials in Springfield, Mass., said so.", "Springfield", "US", "Massachusetts"),
        ("Dublin police said the Irish capital was calm.", "Dublin", "IE", None),
    ],
)
def test_qualifiers_and_priors_pick_the_candidate(gaz, text, name, country, admin1):
    place = one(text, name, gaz)
    assert place["country"] == country
    assert admin1 is None or place["admin1"] == admin1


def test_context_of_other_places_disambiguates(gaz):
    text = "Gainesville police said the crash on Interstate 985 near Hall County and Buford closed lanes."
    names = ["Gainesville", "Hall County", "Buford"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    places = geocode(text, spans, gaz)
    assert [p["admin1"] for p in places] == ["Georgia"] * 3


def test_areas_from_area_words(gaz):
    kharkiv = one("Shelling continued in the Kharkiv region overnight.", "Kharkiv region", gaz)
    assert kharkiv["kind"] == "admin1" and kharkiv["country"] == "UA"
    latakia = one("The base lies in Latakia Governorate.", "Latakia Governorate", gaz)
    assert latakia["country"] == "SY" and latakia["kind"] == "admin1"
    county = one("Deputies in Laurel County arrested him.", "Laurel County", gaz)
    assert county["kind"] == "admin2" and county["admin1"] == "Kentucky"


def test_unresolved_names_stay_null_and_do_not_empty_the_rest(gaz):
    text = "Troops moved from Xqzvbergh to Kyiv while the West watched and Zzyzxqa said nothing."
    names = ["Xqzvbergh", "Kyiv", "the West", "Zzyzxqa"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    places = geocode(text, spans, gaz)
    assert places[0] is None and places[2] is None and places[3] is None
    assert places[1]["country"] == "UA" and places[1]["lat"] is not None


def test_bad_spans_give_null_not_errors(gaz):
    out = geocode("Moscow", [(0, 6), (4, 2), (-1, 3), (0, 99), (3, 3)], gaz)
    assert out[0]["name"] == "Moscow" and out[1:] == [None] * 4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(
        st.sampled_from(
            [*"ParisTexasKyiv ,.'-’USA\n", "é", "ß", "Москва", "the ", "Paris", ", Texas", "County"]
        ),
        max_size=30,
    ).map("".join),
    spans=st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=8),
)
def test_geocode_never_raises_and_returns_one_result_per_span(gaz, text, spans):
    out = geocode(text, spans, gaz)
    assert len(out) == len(spans)
    for (s, e), place in zip(spans, out, strict=True):
        if place is not None:
            assert place["text"] == text[s:e] and -90 <= place["lat"] <= 90


# --- senses ----------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence, name, sense",
    [
        ("Moscow has opened an investigation into the incident.", "Moscow", "metonymic"),
        ("A day after Russia bombarded Kyiv with aerial strikes, talks stalled.", "Kyiv", "literal"),
        ("A day after Russia bombarded Kyiv with aerial strikes, talks stalled.", "Russia", "metonymic"),
        ("The Kyiv regime opted for a different way.", "Kyiv", "metonymic"),
        ("Russia said that it blamed Kyiv for the assault.", "Kyiv", "metonymic"),
        ("Washington said it would respond.", "Washington", "metonymic"),
        ("Drones hit residential zones in Moscow early on Tuesday.", "Moscow", "literal"),
        ("The drone attack on Moscow occurred on Tuesday.", "Moscow", "literal"),
    ],
)
def test_senses(sentence, name, sense):
    import wirecoder

    doc = wirecoder.analyze(sentence, published="2023-05-30")
    start = sentence.index(name)
    mentions = [m for p in doc.places for m in p.mentions if m.start == start]
    assert mentions, (name, doc.places, [(e.text, e.label) for e in doc.entities])
    assert mentions[0].sense == sense


# --- the stage on the seed -----------------------------------------------------------------------

SEED_PLACES = {
    "Moscow": (55.7558, 37.6173),
    "Kyiv": (50.4501, 30.5234),
    "Ukraine": (49.0, 32.0),
    "Russia": (60.0, 100.0),
    "Syria": (35.0, 38.0),
    "United States": (39.76, -98.5),
    "Hmeimim air base": (35.4011, 35.9487),
}


@pytest.fixture(scope="module")
def seed_doc(seed_text):
    import wirecoder

    return wirecoder.analyze(seed_text, published="2023-05-30")


@pytest.mark.slow
def test_seed_places_within_161_km(seed_doc):
    data = seed_doc.to_dict()
    assert_valid_document(data)
    by_name = {p["name"]: p for p in data["places"]}
    for name, (lat, lon) in SEED_PLACES.items():
        assert name in by_name, (name, sorted(by_name))
        place = by_name[name]
        assert km(lat, lon, place["lat"], place["lon"]) <= 161, place
    assert by_name["Hmeimim air base"]["country"] == "SY"
    assert by_name["Kyiv"]["country"] == "UA" and by_name["Moscow"]["kind"] == "city"
    assert "West" not in by_name  # 'the West' names no place


@pytest.mark.slow
def test_seed_senses_and_entity_links(seed_doc, seed_text):
    def sense_at(phrase, name):
        start = seed_text.index(phrase) + phrase.index(name)
        found = [m.sense for p in seed_doc.places for m in p.mentions if m.start == start]
        assert found, phrase
        return found[0]

    assert sense_at("Moscow has opened an investigation", "Moscow") == "metonymic"
    assert sense_at("bombarded Kyiv", "Kyiv") == "literal"
    assert sense_at("The Kyiv regime", "Kyiv") == "metonymic"
    assert sense_at("drone assault on Moscow", "Moscow") == "literal"
    ids = {p.id for p in seed_doc.places}
    assert len(ids) == len(seed_doc.places)
    for entity in seed_doc.entities:
        if entity.label == "GPE" and entity.text in ("Moscow", "Kyiv", "Russia", "Ukraine"):
            assert entity.place in ids
        for place in seed_doc.places:
            for m in place.mentions:
                assert seed_text[m.start : m.end] == m.text


# --- the command line ------------------------------------------------------------------------------

runner = CliRunner()


def test_geocode_cli_end_to_end_with_bad_lines(tmp_path, gaz):
    text = "Drones hit Moscow, and Russia blamed Kyiv. Paris, Texas."
    lines = [
        json.dumps({"id": "a", "text": text, "spans": [[11, 17], [23, 29], [37, 41], [43, 48]]}),
        "not json",
        json.dumps({"id": "b", "text": "x", "spans": [[0, 5]]}),
        json.dumps({"id": "c", "text": "the West and Nowhereville", "spans": [[0, 8], [13, 25]]}),
        json.dumps({"id": "d", "text": "ok", "spans": "nope"}),
        "",
        json.dumps({"id": "e", "text": "In Kyiv.", "spans": []}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["geocode", str(src), "--output", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 3 and all("line " in e for e in errors)
    assert "line 2" in errors[0] and "line 3" in errors[1] and "line 5" in errors[2]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "c", "e"]
    first = records[0]["places"]
    assert [p["name"] for p in first] == ["Moscow", "Russia", "Kyiv", "Paris"]
    assert first[3]["admin1"] == "Texas" and first[0]["start"] == 11 and first[0]["text"] == "Moscow"
    assert records[1]["places"] == [None, None]
    assert records[2]["places"] == []


def test_geocode_cli_stdin_ok_exit_0(gaz):
    line = json.dumps(
        {"id": 7, "text": "Flooding in Queensland and New South Wales.", "spans": [[12, 22], [27, 42]]}
    )
    result = runner.invoke(app, ["geocode", "-"], input=line + "\n")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["id"] == 7 and [p["country"] for p in record["places"]] == ["AU", "AU"]


def test_gazetteer_build_command_reports_the_cached_index(gaz):
    result = runner.invoke(app, ["gazetteer", "build"])
    assert result.exit_code == 0
    assert cache.index_path().name in result.stdout


def test_geocode_lines_is_the_library_behind_the_cli():
    results = list(geocode_lines(['{"id": 1, "text": "Kyiv", "spans": [[0, 4]]}', "[1]"]))
    assert results[0]["places"][0]["country"] == "UA"
    assert "line 2" in str(results[1])
    assert resolve_spans("Kyiv", [(0, 4)])[0].kind == "city"


def test_fallbacks_for_names_the_gazetteer_lacks_as_written(gaz):
    text = "Gwinnett officials and Ohioans met in Hamilton Township near the Kabul airport."
    names = ["Gwinnett", "Ohioans", "Hamilton Township", "Kabul airport"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    gwinnett, ohioans, hamilton, kabul = geocode(text, spans, gaz)
    assert gwinnett["kind"] == "admin2" and gwinnett["admin1"] == "Georgia"
    assert ohioans["name"] == "Ohio"
    assert hamilton is not None and hamilton["name"] == "Hamilton"
    assert kabul["country"] == "AF" and kabul["kind"] == "landmark"


@pytest.mark.slow
def test_place_names_opening_organisation_names():
    import wirecoder

    text = "The Gainesville Police Department said the Ohio Department of Health was told."
    doc = wirecoder.analyze(text)
    found = {m.text: p for p in doc.places for m in p.mentions}
    assert "Ohio" in found and found["Ohio"].kind == "admin1"
    org = [e for e in doc.entities if e.label == "ORG" and "Ohio" in e.text]
    assert org and org[0].place is None  # the organisation is not the place


def test_stage_one_reading_per_name_and_names_of_other_things(gaz):
    import spacy

    from wirecoder.model import Document, Entity
    from wirecoder.places.stage import places_stage

    text = "The Reston ebolavirus reached Gainesville, Ga. Later Gainesville said that Gainesville was calm."

    def ent(word, label, occurrence=0):
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(word, start + 1)
        return Entity(start=start, end=start + len(word), text=word, label=label)

    entities = [ent("Reston", "GPE"), ent("Gainesville", "GPE"), ent("Gainesville", "PERSON", 1)]
    document = Document(id="t", text=text, entities=entities)
    places_stage(spacy.blank("en")(text), document)
    assert [p.name for p in document.places] == ["Gainesville"]  # not the virus
    place = document.places[0]
    assert place.admin1 == "Georgia"
    assert [m.start for m in place.mentions] == [text.index("Gainesville", s) for s in (0, 40, 60)]
    assert entities[0].place is None and entities[1].place == entities[2].place == place.id

def test_long_runs_of_names_resolve_in_linear_time(gaz):
    import time

    text = (
        "Crews from " + ", ".join(f"Town{k} Hill{k} Lake{k}" for k in range(40)) + " came, not from counties."
    )
    start = text.index("Town0")
    t0 = time.perf_counter()
    geocode(text, [(start, start + 5)], gaz)
    assert time.perf_counter() - t0 < 1.0  # a list of areas is read without backtracking


def test_a_list_of_areas_resolves_as_counties(gaz):
    text = "Rain fell on Barrow and Jackson counties."
    barrow, jackson = geocode(text, [(13, 19), (24, 31)], gaz)
    assert barrow["kind"] == jackson["kind"] == "admin2"
    assert barrow["admin1"] == jackson["admin1"] == "Georgia"
