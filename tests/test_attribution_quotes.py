"""Direct quotes: the layouts of quote, cue and speaker (issue 4), on example sentences of our own."""

import pytest
from conftest import analyze_attributions, find_attribution

pytestmark = pytest.mark.slow  # every test here parses with the model

find = find_attribution


def attributions(text):
    return analyze_attributions(text).attributions


def text_of(span):
    return span.text if span else None


def pieces(a):
    return [p.text for p in (a.content.pieces or [a.content])]


def test_cue_closing_the_paragraph_before():
    found = attributions(
        "The minister spoke for an hour.\n\nThe minister continued:\n\n"
        "“Our harbours are open again. Every ship that waits will be unloaded by Monday.”\n"
    )
    a = find(found, "Our harbours are open again")
    assert text_of(a.speaker) == "The minister" and text_of(a.cue) == "continued"
    assert a.kind == "direct"


def test_colon_paragraph_without_cue_verb_is_no_cue():
    found = attributions(
        "It gets worse for the farmers:\n\n“The wells have run dry in four villages this week.”\n"
    )
    a = find(found, "The wells have run dry")
    assert a.cue is None


def test_verb_outside_the_lexicon_after_the_quote():
    found = attributions("The crowd grew restless.\n\n“Open the gates now,” the old farmer shouted.\n")
    a = find(found, "Open the gates now")
    assert text_of(a.speaker) == "the old farmer" and text_of(a.cue) == "shouted"


def test_verb_outside_the_lexicon_before_a_colon():
    found = attributions("The fisherman retorted: “Nobody asked us about the new quotas at all.”")
    a = find(found, "Nobody asked us")
    assert text_of(a.speaker) == "The fisherman" and text_of(a.cue) == "retorted"


def test_long_speaker_with_apposition_after_the_quote():
    found = attributions(
        "Nobody expected the vote.\n\n“The council will not survive another winter like this one,” Maria Lopez, "
        "a historian at the regional university in the north, told the local paper.\n"
    )
    a = find(found, "The council will not survive")
    assert text_of(a.speaker) == "Maria Lopez" and text_of(a.cue) == "told"


@pytest.mark.parametrize(
    "text",
    [
        "“We will rebuild the bridge,” said Mr. Hale, a planner in the city. “The cost will be high.”",
        "“We will rebuild the bridge,” Mr. Hale said during an interview on the show “Morning Talk” on Sunday. "
        "“The cost will be high.”",
        "“We will rebuild the bridge,” said Mr. Hale, who noted the delays. “The cost will be high.”",
    ],
)
def test_quote_goes_on_after_the_cue_sentence(text):
    a = find(attributions(text), "We will rebuild the bridge")
    assert text_of(a.speaker) == "Mr. Hale"
    assert pieces(a) == ["We will rebuild the bridge", "The cost will be high."]


def test_a_new_cue_between_quotes_ends_the_quote():
    found = attributions(
        "“We will rebuild the bridge,” the mayor said, adding that the city had the money. “The cost will be high.”"
    )
    a = find(found, "We will rebuild the bridge")
    assert pieces(a) == ["We will rebuild the bridge"]
    assert any(x.cue and x.cue.text == "adding" for x in found)


def test_quote_of_its_own_paragraph_takes_the_speaker_and_cue_before():
    found = attributions(
        "“We will rebuild the bridge,” the mayor said on Tuesday.\n\n“The cost will be high, and we know it.”\n"
    )
    a = find(found, "The cost will be high")
    assert text_of(a.speaker) == "the mayor" and text_of(a.cue) == "said"


def test_scare_quote_inside_a_sentence_is_no_quote():
    found = attributions("The agency ran this kind of “cover-up in broad daylight” for years before.")
    assert not any("cover-up" in a.content.text for a in found)


def test_quote_ending_a_sentence_takes_the_sentence_cue():
    found = attributions(
        "The senator is telling diners at a busy breakfast place in the old town that “I need every one of you.”"
    )
    a = find(found, "I need every one of you")
    assert text_of(a.speaker) == "The senator"


def test_clause_between_cue_and_quote_is_no_direct_layout():
    found = attributions(
        "The governor says no matter what happens to taxes, “the schools will stay open all year.”"
    )
    a = find(found, "the schools will stay open")
    assert a.kind != "direct"


def test_speaker_the_parser_misses():
    found = attributions(
        "A video was posted.\n\n“What if the mayor had a plan?” the 43-year-old asked in the video."
    )
    a = find(found, "What if the mayor had a plan?")
    assert text_of(a.cue) == "asked" and "43-year-old" in text_of(a.speaker)


def test_verb_right_before_an_exclamation():
    found = attributions("As the minister spoke, a man yelled “Stay where you are!”")
    a = find(found, "Stay where you are!")
    assert text_of(a.speaker) == "a man" and text_of(a.cue) == "yelled"


def test_name_before_a_colon_is_the_speaker():
    found = attributions(
        "POLLS CAME TOO EARLY - Anna Berg: “Two weeks ago the strongest region had been the coast.”"
    )
    a = find(found, "Two weeks ago the strongest region")
    assert text_of(a.speaker) == "Anna Berg" and text_of(a.cue) == ":"


def test_relative_clause_in_the_speaker_is_not_the_cue():
    found = attributions(
        "Nobody expected it.\n\n“This job has always been a hard one,” Mary Verde, who served as the "
        "mayor’s chief of staff, told the radio station.\n"
    )
    a = find(found, "This job has always been a hard one")
    assert text_of(a.speaker) == "Mary Verde" and text_of(a.cue) == "told"


def test_subject_after_the_quote_when_the_parser_finds_one_inside():
    found = attributions(
        "The mayor spoke of the harbour first.\n“Like the old port. Or the mill,” the mayor said. "
        "“The crime numbers are worse.”"
    )
    a = find(found, "Like the old port")
    assert text_of(a.speaker) == "the mayor" and text_of(a.cue) == "said"


def test_cue_introducing_the_next_quote_is_not_the_cue_of_the_one_before():
    found = attributions(
        "The lawyer said, “The zeal in this case is unusual for any case we know.” He added, "
        "“In this case things happened that are not ordinary.”"
    )
    a = find(found, "The zeal in this case")
    assert text_of(a.speaker) == "The lawyer" and pieces(a) == [a.content.text]
    b = find(found, "In this case things happened")
    assert text_of(b.speaker) == "He" and text_of(b.cue) == "added"


def test_quotes_with_a_cue_each_stay_apart():
    found = attributions(
        "“Some people feel the mayor will bring change at once,” she said. "
        "“If he gets in, then things will really explode,” she said."
    )
    a = find(found, "Some people feel")
    assert "explode" not in a.content.text
