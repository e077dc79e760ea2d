"""Reported speech and the layouts that are not plain quotes: own example sentences."""

import pytest
from conftest import analyze_attributions as attributions
from conftest import find_attribution as find

pytestmark = pytest.mark.slow  # every test here parses with the model


def test_mixed_quote_after_a_preposed_clause():
    text = "The mayor says no matter what the council does, “the bridge will be rebuilt this year.”"
    a = find(attributions(text), "the bridge will be rebuilt")
    assert a.kind == "mixed" and a.speaker.text == "The mayor"
    assert a.content.text.startswith("no matter what the council does")


def test_quote_ending_a_reported_clause_is_mixed():
    text = "The harbour master said the storm damage is “serious.” He spoke to reporters later."
    a = find(attributions(text), "serious")
    assert a.kind == "mixed" and a.speaker.text == "The harbour master"
    assert a.content.text.startswith("the storm damage is")


def test_speaker_does_not_cross_a_paragraph_break():
    text = "9:45 a.m.\n\nGovernor Ellen Marsh says the roads will reopen by noon."
    a = find(attributions(text), "the roads will reopen")
    assert a.speaker.text == "Governor Ellen Marsh"


def test_content_stops_before_a_joined_cue_verb():
    text = "Marsh says she would close the schools and tells the crowd the state is ready for the flood."
    doc = attributions(text)
    a = find(doc, "close the schools")
    assert "tells the crowd" not in a.content.text


def test_called_for_with_a_for_to_clause():
    doc = attributions("The senator is calling for the government to reopen the border crossing.")
    a = find(doc, "the government to reopen")
    assert a.speaker.text == "The senator" and a.stance == "demand"


def test_cue_after_a_preposition_takes_the_main_subject():
    text = "After saying the vote was rigged, the candidate left the hall."
    a = find(attributions(text), "the vote was rigged")
    assert a.speaker.text == "the candidate"


def test_participle_after_a_noun_takes_the_noun_as_speaker():
    text = "Police received several letters saying the factory would be attacked."
    a = find(attributions(text), "the factory would be attacked")
    assert "letters" in a.speaker.text


def test_reported_clause_ends_with_its_paragraph():
    text = "The coach says the team will win\nThe players trained hard all week in the rain."
    a = find(attributions(text), "the team will win")
    assert "players" not in a.content.text


def test_content_stops_before_a_participle_cue():
    text = "The union condemned the new contract rules, saying they would cut wages for nurses."
    doc = attributions(text)
    a = find(doc, "the new contract rules")
    assert "saying" not in a.content.text


def test_according_to_keeps_a_report_nested_in_it():
    text = "According to the new survey, most farmers say they will plant less wheat next year."
    doc = attributions(text)
    kinds = {a.kind for a in doc.attributions if "plant less wheat" in a.content.text}
    assert "according_to" in kinds


def test_cue_with_its_own_preposition():
    doc = attributions("The coach referred to the referee as a disgrace to the sport.")
    a = find(doc, "the referee as a disgrace")
    assert a.speaker.text == "The coach" and a.cue.text == "referred"


def test_hoping_is_a_cue():
    doc = attributions("The farmers are hoping the rain will come before the harvest.")
    a = find(doc, "the rain will come")
    assert a.speaker.text == "The farmers" and a.stance == "believe"


def test_reporting_noun_with_a_preposition():
    doc = attributions("The mayor renewed her criticism of the new stadium deal at the meeting.")
    a = find(doc, "the new stadium deal")
    assert a.cue.text == "criticism" and a.speaker.text == "her" and a.stance == "accuse"


def test_reporting_noun_voiced_by_the_subject_of_its_verb():
    doc = attributions("The general made several comments about the retreat from the northern front.")
    a = find(doc, "the retreat")
    assert a.speaker.text == "The general" and a.cue.text == "comments"


def test_reporting_noun_received_has_no_speaker():
    doc = attributions("The plan drew criticism of its cost from the opposition.")
    assert not any(a.cue and a.cue.text == "criticism" for a in doc.attributions)
    # control: a possessive voices the same noun
    doc = attributions("The mayor renewed her criticism of the new stadium deal at the meeting.")
    assert any(a.cue and a.cue.text == "criticism" for a in doc.attributions)


def test_time_stamp_is_not_the_speaker():
    text = "The Latest on the campaign (all times local):\n\n11:40 a.m.\n\nSenator Jane Ortiz says the debate was unfair."
    a = find(attributions(text), "the debate was unfair")
    assert a.speaker.text == "Senator Jane Ortiz"


def test_participle_after_a_comma_takes_the_clause_subject():
    text = "The governor won the county easily, calling the result a clear mandate for reform."
    a = find(attributions(text), "the result a clear mandate")
    assert a.speaker.text == "The governor"


def test_quote_opened_by_a_that_clause_stays_with_its_cue():
    text = "The captain says that “the ship will sail at dawn.” He added that the crew was ready."
    doc = attributions(text)
    a = find(doc, "the ship will sail")
    assert a.speaker.text == "The captain" and a.cue.text == "says"


def test_noted_takes_an_object():
    doc = attributions("The minister noted the drop in exports and the rise in fuel prices.")
    a = find(doc, "the drop in exports")
    assert a.speaker.text == "The minister" and a.cue.text == "noted"


def test_quote_before_a_relative_clause_is_mixed():
    text = "The mayor says he is “a builder” who wants to finish the tram line before winter."
    a = find(attributions(text), "a builder")
    assert a.speaker.text == "The mayor" and a.kind == "mixed"


def test_object_content_stops_before_an_apposition():
    doc = attributions("Voters in the north backed Maria Lopez, the former transport minister.")
    a = find(doc, "Maria Lopez")
    assert "former transport minister" not in a.content.text


def test_title_line_with_a_colon():
    text = "Survey: Most farmers expect a poor harvest this year\n\nThe survey was published on Monday."
    a = find(attributions(text), "Most farmers expect a poor harvest")
    assert a.speaker.text == "Survey"


def test_passive_cue_reports_the_whole_clause():
    doc = attributions("The new bridge is expected to open to traffic in the spring.")
    a = find(doc, "The new bridge is expected to open")
    assert a.speaker is None and a.cue.text == "is expected"


def test_passive_cue_with_an_agent():
    doc = attributions("The minister was urged by the farmers to lower the fuel tax.")
    a = find(doc, "to lower the fuel tax")
    assert a.speaker.text == "the farmers"


def test_content_keeps_a_joined_verb_of_its_own_clause():
    text = "The mayor says the council is wasting money and showing contempt for the voters."
    a = find(attributions(text), "wasting money")
    assert "contempt for the voters" in a.content.text


def test_participle_cue_after_a_comma_inside_the_quote_ends_the_content():
    text = "The mayor insisted that the city has “never been safer,” claiming that crime fell by a third."
    a = find(attributions(text), "never been safer")
    assert a.content.text == "that the city has “never been safer,”"


def test_contrasting_clause_with_its_own_speaker_is_its_own_report():
    text = "The union accuses the board of ignoring the workers while the board says wages rose by a tenth."
    found = attributions(text)
    a = find(found, "ignoring the workers")
    assert a.content.text == "the board of ignoring the workers"
    b = find(found, "wages rose")
    assert b.speaker.text == "the board" and b.cue.text == "says"
