"""Headline and lead counts read from hand-built parses ('2 shot, 1 dead', 'Man killed, 3 shot', 'One
Dead, Three Injured'), and how self-inflicted shootings and anaphors of the dead are tallied. No model
is loaded: the parses are the ones the model gives these headlines, written out by hand."""

from __future__ import annotations

import pytest

from wirecoder.events.counts import find_counts
from wirecoder.events.mention import Count
from wirecoder.events.tally import combine_counts


def _found(doc) -> dict[str, tuple[int, bool]]:
    """category -> (best, perpetrator) of the counts of the Doc's only sentence."""
    (sent,) = list(doc.sents)
    return {c.category: (c.best, c.perpetrator) for c in find_counts(doc, sent)}


def test_a_headline_participle_tagged_as_a_noun_counts(make_doc):
    doc = make_doc(
        ["2", "shot", ",", "1", "dead"],
        heads=[1, 1, 1, 4, 1],
        deps=["nummod", "ROOT", "punct", "nsubj", "appos"],
        pos=["NUM", "NOUN", "PUNCT", "NUM", "ADJ"],
        tags=["CD", "NN", ",", "CD", "JJ"],
    )
    assert _found(doc) == {"shot": (2, False), "killed": (1, False)}


def test_shots_fired_are_no_count(make_doc):
    doc = make_doc(
        ["He", "fired", "two", "shots", "."],
        heads=[1, 1, 3, 1, 1],
        deps=["nsubj", "ROOT", "nummod", "dobj", "punct"],
        pos=["PRON", "VERB", "NUM", "NOUN", "PUNCT"],
        tags=["PRP", "VBD", "CD", "NNS", "."],
        lemmas=["he", "fire", "two", "shot", "."],
    )
    assert _found(doc) == {}


def test_a_headline_passive_parsed_as_a_complement(make_doc):
    doc = make_doc(
        ["Man", "killed", ",", "3", "shot"],
        heads=[1, 4, 4, 4, 4],
        deps=["nsubj", "ccomp", "punct", "nummod", "ROOT"],
        pos=["NOUN", "VERB", "PUNCT", "NUM", "NOUN"],
        tags=["NN", "VBD", ",", "CD", "NN"],
        lemmas=["man", "kill", ",", "3", "shot"],
    )
    assert _found(doc) == {"killed": (1, False), "shot": (3, False)}


def test_title_case_number_words(make_doc):
    doc = make_doc(
        ["One", "Dead", ",", "Three", "Injured"],
        heads=[1, 1, 1, 4, 1],
        deps=["nummod", "ROOT", "punct", "compound", "appos"],
        pos=["NUM", "PROPN", "PUNCT", "PROPN", "VERB"],
        tags=["CD", "NNP", ",", "NNP", "VBN"],
        lemmas=["one", "dead", ",", "three", "injure"],
    )
    assert _found(doc) == {"killed": (1, False), "injured": (3, False)}


def test_shot_himself_is_one_person_shot(make_doc):
    doc = make_doc(
        ["A", "boy", "accidentally", "shot", "himself", "."],
        heads=[1, 3, 3, 3, 3, 3],
        deps=["det", "nsubj", "advmod", "ROOT", "dobj", "punct"],
        pos=["DET", "NOUN", "ADV", "VERB", "PRON", "PUNCT"],
        tags=["DT", "NN", "RB", "VBD", "PRP", "."],
        lemmas=["a", "boy", "accidentally", "shoot", "himself", "."],
    )
    assert _found(doc) == {"shot": (1, True)}


def _count(text: str, words: str, category: str, n: int, **flags) -> Count:
    start = text.index(words)
    return Count(category, n, n, n, start, start + len(words), **flags)


def _best(counts: dict, category: str) -> int | None:
    return (counts.get(category) or {}).get("best")


def test_an_accidental_self_shooting_is_the_victim_told():
    text = "He was shot in the head. He had accidentally shot himself."
    found = [_count(text, "He", "shot", 1), _count(text, "himself", "shot", 1, perpetrator=True)]
    counts = combine_counts(text, found)
    assert (_best(counts, "shot"), _best(counts, "injured"), _best(counts, "killed")) == (1, 1, None)


@pytest.mark.parametrize(
    "text, victim, killed",
    [
        ("A boy fatally shot himself. The boy was pronounced dead.", "The boy", 1),
        ("He killed his wife and then himself.", "his wife", 2),  # another victim in the sentence
    ],
)
def test_a_reflexive_death_is_one_more_only_beside_another_victim(text, victim, killed):
    found = [_count(text, victim, "killed", 1), _count(text, "himself", "killed", 1, perpetrator=True)]
    counts = combine_counts(text, found)
    assert _best(counts, "killed") == killed
    assert _best(counts, "killed_perpetrators") == 1


@pytest.mark.parametrize(
    "text, wounded, injured",
    [
        ("A toddler was fatally wounded. Deputies found the wounded girl.", "the wounded girl", None),
        ("A toddler was fatally wounded. Deputies found a wounded girl.", "a wounded girl", 1),
    ],
)
def test_an_anaphor_of_the_wounded_may_be_the_dead(text, wounded, injured):
    found = [_count(text, "A toddler", "killed", 1), _count(text, wounded, "injured", 1)]
    assert _best(combine_counts(text, found), "injured") == injured
