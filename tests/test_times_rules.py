"""The times rule layer in parts, without the model: tense from a hand-built parse, the guards of
candidates, numbers, and the data files that the patterns and the handlers share."""

from __future__ import annotations

import pytest
from conftest import hand_doc

from wirecoder.resources import read_table
from wirecoder.times.candidates import find_candidates, select
from wirecoder.times.lexicon import lexicon
from wirecoder.times.numbers import duration_value, parse_number, spelled_year
from wirecoder.times.resolve.dispatch import HANDLERS
from wirecoder.times.tense import clause_tense, doc_tense, text_tense


def _span_of(doc, word: str) -> tuple[int, int]:
    tok = next(t for t in doc if t.text == word)
    return tok.idx, tok.idx + len(tok.text)


# --- tense from the parse: the verb the expression hangs from decides --------------------------


def test_future_auxiliary():
    doc = hand_doc(
        ["They", "will", "meet", "Friday"],
        heads=[2, 2, 2, 2],
        deps=["nsubj", "aux", "ROOT", "npadvmod"],
        pos=["PRON", "AUX", "VERB", "PROPN"],
        tags=["PRP", "MD", "VB", "NNP"],
    )
    assert doc_tense(doc, *_span_of(doc, "Friday"), lexicon()) == "future"


def test_past_form():
    doc = hand_doc(
        ["They", "met", "Friday"],
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "npadvmod"],
        pos=["PRON", "VERB", "PROPN"],
        tags=["PRP", "VBD", "NNP"],
        lemmas=["they", "meet", "friday"],
    )
    assert doc_tense(doc, *_span_of(doc, "Friday"), lexicon()) == "past"


def test_news_present_with_a_day_looks_ahead():
    doc = hand_doc(
        ["They", "meet", "separately", "Monday"],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "advmod", "npadvmod"],
        pos=["PRON", "VERB", "ADV", "PROPN"],
        tags=["PRP", "VBP", "RB", "NNP"],
    )
    assert doc_tense(doc, *_span_of(doc, "Monday"), lexicon()) == "future"
    said = hand_doc(
        ["He", "says", "Monday"],
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "npadvmod"],
        pos=["PRON", "VERB", "PROPN"],
        tags=["PRP", "VBZ", "NNP"],
        lemmas=["he", "say", "monday"],
    )
    assert doc_tense(said, *_span_of(said, "Monday"), lexicon()) is None  # 'say' gives no direction


def test_deadline_verb_before_until():
    doc = hand_doc(
        ["Officials", "postponed", "the", "vote", "until", "Friday"],
        heads=[1, 1, 3, 1, 1, 4],
        deps=["nsubj", "ROOT", "det", "dobj", "prep", "pobj"],
        pos=["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN"],
        tags=["NNS", "VBD", "DT", "NN", "IN", "NNP"],
        lemmas=["official", "postpone", "the", "vote", "until", "friday"],
    )
    assert "deadline" in lexicon().tense_verbs["postpone"]
    assert doc_tense(doc, *_span_of(doc, "Friday"), lexicon()) == "future"


def test_infinitive_takes_the_tense_of_its_head():
    doc = hand_doc(
        ["It", "had", "been", "scheduled", "to", "expire", "Friday"],
        heads=[3, 3, 3, 3, 5, 3, 5],
        deps=["nsubjpass", "aux", "auxpass", "ROOT", "aux", "xcomp", "npadvmod"],
        pos=["PRON", "AUX", "AUX", "VERB", "PART", "VERB", "PROPN"],
        tags=["PRP", "VBD", "VBN", "VBN", "TO", "VB", "NNP"],
        lemmas=["it", "have", "be", "schedule", "to", "expire", "friday"],
    )
    assert doc_tense(doc, *_span_of(doc, "Friday"), lexicon()) == "past"


def test_no_verb_no_tense():
    doc = hand_doc(["Friday", "morning"], heads=[1, 1], deps=["compound", "ROOT"], pos=["PROPN", "NOUN"])
    assert doc_tense(doc, 0, 6, lexicon()) is None
    assert doc_tense(doc, 40, 50, lexicon()) is None  # offsets outside the Doc


def test_tense_without_a_parse():
    lex = lexicon()
    text = "The company will pay the dividend on Friday."
    assert text_tense(text, text.index("Friday"), len(text) - 1, lex) == "future"
    text = "The company paid the dividend on Friday."
    assert text_tense(text, text.index("Friday"), len(text) - 1, lex) is None
    text = "as early as next Friday"
    assert clause_tense(text, text.index("next"), len(text), lex) == "future"


# --- candidates: the guards ------------------------------------------------------------------------


def _rules(text: str) -> list[tuple[str, str]]:
    return [(m.rule, text[m.start : m.end]) for m in select(find_candidates(text, lexicon()))]


def test_ordinary_words_are_no_times():
    assert _rules("You may go. We march on. Prices fall.") == []
    assert _rules("He left in May.") == [("month", "May")]
    assert _rules("They met in the fall.") == [("season", "the fall")]
    assert _rules("She arrived in March 1990.") == [("month", "March 1990")]


def test_capitalised_words_make_a_title():
    assert _rules("It aired on This Week.") == []
    assert _rules("It aired this week.") == [("relunit", "this week")]


def test_a_year_inside_a_number_is_no_year():
    assert _rules("The code was 41-1990.") == []
    assert _rules("It cost $1990.") == []
    assert _rules("Back in 1990, it began.") == [("year", "1990")]


# --- numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three", 3.0),
        ("twenty-one", 21.0),
        ("a dozen", 12.0),
        ("two and a half", 2.5),
        ("1 1/2", 1.5),
        ("half", 0.5),
        ("three hundred", 300.0),
        ("several", None),
        ("a few", None),
        ("", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text, lexicon()) == value


def test_duration_values():
    lex = lexicon()
    assert duration_value(3.0, "days", lex) == "P3D"
    assert duration_value(1.5, "hours", lex) == "PT1H30M"
    assert duration_value(None, "decades", lex) == "PXDE"
    assert duration_value(1.5, "quarters", lex) == "P4M15D"
    assert duration_value(2.0, "decades", lex) == "P20Y"


def test_spelled_years():
    lex = lexicon()
    assert spelled_year("nineteen ninety-four", lex) == 1994
    assert spelled_year("two thousand and one", lex) == 2001
    assert spelled_year("nineteen hundred", lex) == 1900


# --- the data files and the handler table ---------------------------------------------------------


def test_every_rule_of_the_patterns_has_a_handler():
    rules = {rule.name for rule in lexicon().rules}
    assert rules and rules <= set(HANDLERS)


def test_comparison_words_are_read_from_one_file():
    lex = lexicon()
    assert "year-ago" in lex.comparison_words and "corresponding" in lex.comparison_words
    assert "year-ago" in lex.year_back_words and "comparable" not in lex.year_back_words
    patterns = "\n".join(row[-1] for row in read_table("times/patterns.tsv"))
    assert "year-ago" not in patterns  # the patterns refer to the file through {COMPARISON} ...


def test_relation_shifts_and_decades():
    lex = lexicon()
    assert (lex.shifts["last"], lex.shifts["this"], lex.shifts["this coming"]) == (-1, 0, 1)
    assert lex.decades["eighties"] == 80
