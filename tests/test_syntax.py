"""The shared parse helpers (wirecoder.language.syntax), on Docs built by hand: no model, no parse."""

from __future__ import annotations

from wirecoder.language.syntax import (
    agent_of,
    clause_owner_one_step,
    clause_verb_through_arguments,
    clause_verb_within,
    has_negation_child,
    is_negated,
    is_passive,
    is_passive_or_bare_participle,
    noun_phrase_with_name_parts,
    noun_with_left_modifiers,
)


def _passive(make_doc):
    # 'The man was killed by soldiers'
    return make_doc(
        ["The", "man", "was", "killed", "by", "soldiers"],
        [1, 3, 3, 3, 3, 4],
        ["det", "nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
        ["DET", "NOUN", "AUX", "VERB", "ADP", "NOUN"],
        tags=["DT", "NN", "VBD", "VBN", "IN", "NNS"],
    )


def _active(make_doc):
    # 'Rebels killed him'
    return make_doc(
        ["Rebels", "killed", "him"],
        [1, 1, 1],
        ["nsubj", "ROOT", "dobj"],
        ["NOUN", "VERB", "PRON"],
        tags=["NNS", "VBD", "PRP"],
    )


def _reduced_passive(make_doc):
    # 'two people killed in the blast'
    return make_doc(
        ["two", "people", "killed", "in", "the", "blast"],
        [1, 1, 1, 2, 5, 3],
        ["nummod", "ROOT", "acl", "prep", "det", "pobj"],
        ["NUM", "NOUN", "VERB", "ADP", "DET", "NOUN"],
        tags=["CD", "NNS", "VBN", "IN", "DT", "NN"],
    )


def _fired_on(make_doc):
    # 'Troops fired on the town'
    return make_doc(
        ["Troops", "fired", "on", "the", "town"],
        [1, 1, 1, 4, 2],
        ["nsubj", "ROOT", "prep", "det", "pobj"],
        ["NOUN", "VERB", "ADP", "DET", "NOUN"],
    )


def test_passive_by_auxiliary_and_subject(make_doc):
    doc = _passive(make_doc)
    assert is_passive(doc[3])
    assert not is_passive(_active(make_doc)[1])


def test_bare_participle_is_passive_only_in_the_wider_reading(make_doc):
    doc = _reduced_passive(make_doc)
    assert is_passive_or_bare_participle(doc[2])
    assert not is_passive(doc[2])  # no passive auxiliary or subject of its own
    assert is_passive_or_bare_participle(_passive(make_doc)[3])  # a full passive is one too
    assert not is_passive_or_bare_participle(_active(make_doc)[1])


def test_negation_by_not(make_doc):
    # 'They did not attack'
    doc = make_doc(
        ["They", "did", "not", "attack"],
        [3, 3, 3, 3],
        ["nsubj", "aux", "neg", "ROOT"],
        ["PRON", "AUX", "PART", "VERB"],
    )
    assert has_negation_child(doc[3])
    assert is_negated(doc[3])
    assert not is_negated(_active(make_doc)[1])


def test_negation_by_determiner_no_is_only_in_is_negated(make_doc):
    # 'There was no attack'
    doc = make_doc(
        ["There", "was", "no", "attack"],
        [1, 1, 3, 1],
        ["expl", "ROOT", "det", "attr"],
        ["PRON", "AUX", "DET", "NOUN"],
    )
    assert is_negated(doc[3])
    assert not has_negation_child(doc[3])


def test_negated_governor_of_be_complement(make_doc):
    # 'It is not to happen': the complement of a negated 'be'
    doc = make_doc(
        ["It", "is", "not", "to", "happen"],
        [1, 1, 1, 4, 1],
        ["nsubj", "ROOT", "neg", "aux", "xcomp"],
        ["PRON", "AUX", "PART", "PART", "VERB"],
        lemmas=["it", "be", "not", "to", "happen"],
    )
    assert is_negated(doc[4])
    # the same shape under another verb ('wants not to happen' is no negated happening)
    other = make_doc(
        ["It", "wants", "not", "to", "happen"],
        [1, 1, 1, 4, 1],
        ["nsubj", "ROOT", "neg", "aux", "xcomp"],
        ["PRON", "VERB", "PART", "PART", "VERB"],
        lemmas=["it", "want", "not", "to", "happen"],
    )
    assert not is_negated(other[4])


def test_clause_verb_within_climbs_any_head(make_doc):
    doc = _fired_on(make_doc)
    assert clause_verb_within(doc[4]).text == "fired"
    assert clause_verb_within(doc[1]).text == "fired"  # a verb is its own clause
    assert clause_verb_within(doc[4], steps=1).text == "on"  # where the climb stopped


def test_clause_verb_through_arguments_stops_at_a_modifier(make_doc):
    doc = _fired_on(make_doc)
    assert clause_verb_through_arguments(doc[4]).text == "fired"  # pobj -> the preposition's head
    # 'a deadly attack happened': 'deadly' modifies the noun, it is no argument of the verb
    attack = make_doc(
        ["a", "deadly", "attack", "happened"],
        [2, 2, 3, 3],
        ["det", "amod", "nsubj", "ROOT"],
        ["DET", "ADJ", "NOUN", "VERB"],
    )
    assert clause_verb_through_arguments(attack[1]).text == "deadly"
    assert clause_verb_within(attack[1]).text == "happened"


def test_clause_owner_is_one_step_up_for_a_subject_or_object_noun(make_doc):
    doc = make_doc(
        ["The", "attack", "occurred"], [1, 2, 2], ["det", "nsubj", "ROOT"], ["DET", "NOUN", "VERB"]
    )
    assert clause_owner_one_step(doc[1]).text == "occurred"
    assert clause_owner_one_step(doc[2]).text == "occurred"
    town = _fired_on(make_doc)[4]
    assert clause_owner_one_step(town).text == "town"  # a pobj is its own clause here


def test_agent_of_passive(make_doc):
    doc = _passive(make_doc)
    assert agent_of(doc[3]).text == "soldiers"
    assert agent_of(_active(make_doc)[1]) is None


def test_noun_phrase_with_name_parts_takes_following_name_words(make_doc):
    # 'the Biden Jr spoke'
    doc = make_doc(
        ["the", "Biden", "Jr", "spoke"],
        [1, 3, 1, 3],
        ["det", "nsubj", "flat", "ROOT"],
        ["DET", "PROPN", "PROPN", "VERB"],
    )
    start, end = noun_phrase_with_name_parts(doc[1])
    assert doc.text[start:end] == "the Biden Jr"
    # a verb keeps none of its left dependents
    start, end = noun_phrase_with_name_parts(doc[3])
    assert doc.text[start:end] == "spoke"


def test_noun_with_left_modifiers_ends_at_the_noun(make_doc):
    # 'the two Ukrainian drones of Kyiv'
    doc = make_doc(
        ["the", "two", "Ukrainian", "drones", "of", "Kyiv"],
        [3, 3, 3, 3, 3, 4],
        ["det", "nummod", "amod", "ROOT", "prep", "pobj"],
        ["DET", "NUM", "ADJ", "NOUN", "ADP", "PROPN"],
    )
    start, end = noun_with_left_modifiers(doc[3])
    assert doc.text[start:end] == "the two Ukrainian drones"
    start, end = noun_phrase_with_name_parts(doc[3])
    assert doc.text[start:end] == "the two Ukrainian drones"  # 'of Kyiv' is no name part
