"""Run-in headlines: sentence starts set before the parser (language/boundaries.py)."""

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from wirecoder.language.boundaries import set_boundaries


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def starts(nlp, text: str) -> list[str]:
    doc = set_boundaries(nlp(text))
    return [t.text for t in doc if t.is_sent_start and t.i > 0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels seize key town in northern Mali The army said on Monday the town had fallen.", ["The"]),
        ("EU rejects new tariffs on steel from China A spokesman said talks would go on.", ["A"]),
        # names and titles with a capital article stay whole
        ("He told The Associated Press that the talks had failed.", []),
        ("The minister arrived in The Hague on Monday.", []),
        ("Groups Launch Ads in Indiana Against The Donald", []),  # Title Case headline
        ("funds for his signature Race To The Top grant program", []),
        ("The report is Exhibit A, and it proves the case.", []),
        ("Protesters marched through the capital The", []),  # nothing after the opener
        ("Kyiv The", []),  # too short to be a headline
    ],
)
def test_run_in_headline(blank, text, expected):
    assert starts(blank, text) == expected


@pytest.mark.slow
def test_the_parser_keeps_the_start():
    from wirecoder.language import load_pipeline

    doc = load_pipeline()("Rebels seize key town in northern Mali The army said on Monday the town had fallen.")
    assert [s.text for s in doc.sents][1].startswith("The army said")


@given(st.text(max_size=200))
def test_never_raises(blank, text):
    set_boundaries(blank(text))
