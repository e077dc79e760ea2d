"""The one country table (data/countries.tsv) and its loader, wirecoder.countries."""

import pytest

from wirecoder.countries import Country, CountryRow, by_iso2, countries, iso3_of, merge
from wirecoder.resources import read_records

GEONAMES_ROWS = [
    {
        "geonameid": 1,
        "name": "Palestinian Territory",
        "iso": "PS",
        "iso3": "PSE",
        "capital": "East Jerusalem",
    },
    {
        "geonameid": 2,
        "name": "Curacao",
        "iso": "CW",
        "iso3": "CUW",
        "capital": " Willemstad",
        "population": 5,
    },
    {"geonameid": 3, "name": "Dunmor", "iso": "DM", "iso3": "DMR", "capital": ""},
]


def test_merge_takes_geonames_facts_and_our_overrides():
    rows = [
        CountryRow("PSE", adjectives=("Palestinian",), name_override="Palestine", capital_override="Ramallah",
                   other_capitals=("Gaza",)),
        CountryRow("CUW", lat=12.2, lon=-69.0),
    ]  # fmt: skip
    merged = merge(GEONAMES_ROWS, rows)
    assert list(merged) == ["PSE", "CUW", "DMR"]  # GeoNames' order, every GeoNames country
    pse = merged["PSE"]
    assert (pse.name, pse.capitals, pse.adjective) == ("Palestine", ("Ramallah", "Gaza"), "Palestinian")
    assert (pse.geonames_name, pse.geonames_capital) == ("Palestinian Territory", "East Jerusalem")
    cuw = merged["CUW"]
    assert cuw.capitals == ("Willemstad",) and (cuw.lat, cuw.lon) == (12.2, -69.0) and cuw.population == 5
    dmr = merged["DMR"]  # no row of ours: GeoNames only, the name as its adjective
    assert dmr.capitals == () and dmr.adjective == "Dunmor" and dmr.lat is None and dmr.aliases == ()


def test_table_rows_are_geonames_countries_and_unique():
    rows = read_records("countries.tsv", CountryRow)
    codes = [row.iso3 for row in rows]
    assert len(codes) == len(set(codes)) > 150
    assert set(codes) <= set(countries())


def test_table_holds_only_what_geonames_lacks():
    for country in countries().values():
        row = next((r for r in read_records("countries.tsv", CountryRow) if r.iso3 == country.iso3), None)
        if row is None:
            continue
        assert row.name_override != country.geonames_name.strip(), country.iso3
        assert row.capital_override != country.geonames_capital.strip(), country.iso3
        assert country.geonames_capital.strip() not in row.other_capitals, country.iso3


@pytest.mark.parametrize(
    "iso3, name, capital, adjective",
    [
        ("RUS", "Russia", "Moscow", "Russian"),
        ("PSE", "Palestine", "Ramallah", "Palestinian"),
        ("USA", "United States", "Washington", "American"),
        ("GBR", "United Kingdom", "London", "British"),
    ],
)
def test_loaded_countries(iso3, name, capital, adjective):
    country = countries()[iso3]
    assert isinstance(country, Country)
    assert (country.name, country.capitals[0], country.adjective) == (name, capital, adjective)


def test_seats_aliases_and_codes():
    assert "Kremlin" in countries()["RUS"].seats
    assert "Downing Street" in countries()["GBR"].seats
    assert "Kiev" in countries()["UKR"].capitals
    assert "UK" in countries()["GBR"].aliases
    assert by_iso2()["UA"].iso3 == "UKR"
    assert iso3_of("ua") == "UKR" and iso3_of("XX") is None and iso3_of(None) is None


def test_actor_dictionary_reads_the_table():
    from wirecoder.actors.dictionary import shipped_dictionary

    d = shipped_dictionary()
    assert d.capitals["Moscow"] == "RUS" and d.capitals["Kiev"] == "UKR"
    assert d.seats["Kremlin"] == "RUS" and d.seats["White House"] == "USA"
    assert d.demonyms["Serb"] == "SRB" and d.demonyms["Russians"] == "RUS" and "Russians" in d.people_nouns
    assert d.country_names["Philippines"] == "PHL"  # 'the Philippines' without 'the'
    assert d.country_name("PSE") == "Palestine" and d.adjective("RUS") == "Russian"


def test_entity_lexicon_reads_the_table():
    from wirecoder.language.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert lexicon["Russians"].ref == "RUS" and lexicon["Russians"].kind == "demonym"
    assert lexicon["DRC"].ref == "COD" and lexicon["DRC"].label == "GPE"
    assert "Serb" not in lexicon or lexicon["Serb"].kind != "demonym"  # an adjective for the actors only
