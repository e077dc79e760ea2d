"""The sense rules (places/sense.py) and the actors' metonymy rules (actors/metonymy.py) on Docs built by
hand, so that each rule is tested without depending on one model's parse."""

import pytest
from conftest import hand_doc

from wirecoder.actors import metonymy
from wirecoder.places.sense import LITERAL, METONYMIC, token_sense

# (words, heads, deps, pos, lemmas), the index of the place name, its sense
SENSE_CASES = [
    (  # the subject of an action verb acts
        ("Moscow has opened an investigation".split(), [2, 2, 2, 4, 2], ["nsubj", "aux", "ROOT", "det", "dobj"],
         ["PROPN", "AUX", "VERB", "DET", "NOUN"], ["Moscow", "have", "open", "an", "investigation"]),
        0, METONYMIC,
    ),
    (  # ... but the subject of 'be' is the place
        ("Moscow is calm".split(), [1, 1, 1], ["nsubj", "ROOT", "acomp"], ["PROPN", "AUX", "ADJ"],
         ["Moscow", "be", "calm"]),
        0, LITERAL,
    ),
    (  # a passive subject is the place ...
        ("Kyiv was shelled".split(), [2, 2, 2], ["nsubjpass", "auxpass", "ROOT"], ["PROPN", "AUX", "VERB"],
         ["Kyiv", "be", "shell"]),
        0, LITERAL,
    ),
    (  # ... unless the verb takes an actor
        ("Kyiv was blamed".split(), [2, 2, 2], ["nsubjpass", "auxpass", "ROOT"], ["PROPN", "AUX", "VERB"],
         ["Kyiv", "be", "blame"]),
        0, METONYMIC,
    ),
    (  # the object of blaming acts; the object of an attack is the place
        ("Russia blamed Kyiv".split(), [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["PROPN", "VERB", "PROPN"],
         ["Russia", "blame", "Kyiv"]),
        2, METONYMIC,
    ),
    (
        ("Russia bombarded Kyiv".split(), [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["PROPN", "VERB", "PROPN"],
         ["Russia", "bombard", "Kyiv"]),
        2, LITERAL,
    ),
    (  # the modifier of an actor noun
        ("the Kyiv regime".split(), [2, 2, 2], ["det", "compound", "ROOT"], ["DET", "PROPN", "NOUN"],
         ["the", "Kyiv", "regime"]),
        1, METONYMIC,
    ),
    (  # after 'according to'
        ("according to Moscow".split(), [0, 0, 1], ["ROOT", "prep", "pobj"], ["VERB", "ADP", "PROPN"],
         ["accord", "to", "Moscow"]),
        2, METONYMIC,
    ),
    (  # after a preposition hanging off a noun of dealing
        ("talks with Moscow".split(), [0, 0, 1], ["ROOT", "prep", "pobj"], ["NOUN", "ADP", "PROPN"],
         ["talk", "with", "Moscow"]),
        2, METONYMIC,
    ),
    (  # a place after 'in'
        ("drones hit homes in Moscow".split(), [1, 1, 1, 2, 3], ["nsubj", "ROOT", "dobj", "prep", "pobj"],
         ["NOUN", "VERB", "NOUN", "ADP", "PROPN"], ["drone", "hit", "home", "in", "Moscow"]),
        4, LITERAL,
    ),
    (  # a conjunct takes the first conjunct's role
        ("Russia and China said".split(), [3, 0, 0, 3], ["nsubj", "cc", "conj", "ROOT"],
         ["PROPN", "CCONJ", "PROPN", "VERB"], ["Russia", "and", "China", "say"]),
        2, METONYMIC,
    ),
    (  # the agent of a passive verb acts
        ("Kyiv was attacked by Russia".split(), [2, 2, 2, 2, 3], ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
         ["PROPN", "AUX", "VERB", "ADP", "PROPN"], ["Kyiv", "be", "attack", "by", "Russia"]),
        4, METONYMIC,
    ),
    (  # the owner of an action is an actor ...
        ("North Korea 's provocation".split(), [1, 3, 1, 3], ["compound", "poss", "case", "ROOT"],
         ["PROPN", "PROPN", "PART", "NOUN"], ["North", "Korea", "'s", "provocation"]),
        1, METONYMIC,
    ),
    (  # ... the owner of a part of the place is the place
        ("Tulsa 's north side".split(), [3, 0, 3, 3], ["poss", "case", "amod", "ROOT"],
         ["PROPN", "PART", "ADJ", "NOUN"], ["Tulsa", "'s", "north", "side"]),
        0, LITERAL,
    ),
    (
        ("Ukraine 's capital".split(), [2, 0, 2], ["poss", "case", "ROOT"], ["PROPN", "PART", "NOUN"],
         ["Ukraine", "'s", "capital"]),
        0, LITERAL,
    ),
    (  # the one addressed by a verb of saying or showing
        ("to demonstrate to Iran".split(), [1, 1, 1, 2], ["aux", "ROOT", "prep", "pobj"],
         ["PART", "VERB", "ADP", "PROPN"], ["to", "demonstrate", "to", "Iran"]),
        3, METONYMIC,
    ),
    (  # ... but not the goal of sending
        ("to send troops to Iran".split(), [1, 1, 1, 1, 3], ["aux", "ROOT", "dobj", "prep", "pobj"],
         ["PART", "VERB", "NOUN", "ADP", "PROPN"], ["to", "send", "troop", "to", "Iran"]),
        4, LITERAL,
    ),
]  # fmt: skip


@pytest.mark.parametrize("parse, index, sense", SENSE_CASES)
def test_token_sense(parse, index, sense):
    words, heads, deps, pos, lemmas = parse
    doc = hand_doc(words, heads, deps, pos, lemmas=lemmas)
    assert token_sense(doc[index]) == sense


def _doc(words, heads, deps, pos, lemmas):
    return hand_doc(words.split(), heads, deps, pos, lemmas=lemmas)


def test_capital_acts_as_subject_of_an_action_not_of_being():
    said = _doc("Moscow said", [1, 1], ["nsubj", "ROOT"], ["PROPN", "VERB"], ["Moscow", "say"])
    lies = _doc("Moscow lies east", [1, 1, 1], ["nsubj", "ROOT", "advmod"], ["PROPN", "VERB", "ADV"],
                ["Moscow", "lie", "east"])  # fmt: skip
    assert metonymy.capital_sense(said[0]) == METONYMIC
    assert metonymy.capital_sense(lies[0]) == LITERAL


def test_capital_acts_as_object_of_an_aimed_verb_and_owner_of_an_attribute():
    urged = _doc("they urged Washington", [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["PRON", "VERB", "PROPN"],
                 ["they", "urge", "Washington"])  # fmt: skip
    role = _doc("Kyiv 's role", [2, 0, 2], ["poss", "case", "ROOT"], ["PROPN", "PART", "NOUN"],
                ["Kyiv", "'s", "role"])  # fmt: skip
    streets = _doc("Kyiv 's streets", [2, 0, 2], ["poss", "case", "ROOT"], ["PROPN", "PART", "NOUN"],
                   ["Kyiv", "'s", "street"])  # fmt: skip
    assert metonymy.capital_sense(urged[2]) == METONYMIC
    assert metonymy.capital_sense(role[0]) == METONYMIC
    assert metonymy.capital_sense(streets[0]) == LITERAL


@pytest.mark.parametrize(
    "words, lemmas, is_place",
    [
        ("attacks inside Russia", ["attack", "inside", "Russia"], True),
        ("aid to Ukraine", ["aid", "to", "Ukraine"], False),
        ("fled to Poland", ["flee", "to", "Poland"], True),
        ("drones from Iran", ["drone", "from", "Iran"], True),
        ("pressure from China", ["pressure", "from", "China"], False),
    ],
)
def test_country_is_place_after_locative_prepositions(words, lemmas, is_place):
    doc = _doc(words, [0, 0, 1], ["ROOT", "prep", "pobj"], ["NOUN", "ADP", "PROPN"], lemmas)
    assert metonymy.country_is_place(doc[2]) is is_place


def test_country_owning_a_place_noun_is_a_place():
    doc = _doc("Ukraine 's capital", [2, 0, 2], ["poss", "case", "ROOT"], ["PROPN", "PART", "NOUN"],
               ["Ukraine", "'s", "capital"])  # fmt: skip
    assert metonymy.country_is_place(doc[0]) is True
    envoy = _doc("Ukraine 's envoy", [2, 0, 2], ["poss", "case", "ROOT"], ["PROPN", "PART", "NOUN"],
                 ["Ukraine", "'s", "envoy"])  # fmt: skip
    assert metonymy.country_is_place(envoy[0]) is False


def test_seat_is_place_only_after_a_locative_preposition():
    at = _doc(
        "met at Downing",
        [0, 0, 1],
        ["ROOT", "prep", "pobj"],
        ["VERB", "ADP", "PROPN"],
        ["meet", "at", "Downing"],
    )
    said = _doc("Downing said", [1, 1], ["nsubj", "ROOT"], ["PROPN", "VERB"], ["Downing", "say"])
    assert metonymy.seat_is_place(at[2]) is True
    assert metonymy.seat_is_place(said[0]) is False


def test_metonymy_word_lists_are_loaded():
    words = metonymy.words()
    assert {"regime", "government"} <= words["gov_nouns"] and "be" in words["stative_verbs"]
    assert "at" in words["seat_prepositions"] and "flee" in words["motion_verbs"]
