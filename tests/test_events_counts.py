"""Counts of killed, injured, arrested, displaced, weapons and participants (wirecoder.events.counts).

The sentences here are written for these tests (none comes from the development data)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirecoder.events.counts import find_counts, read_quantity
from wirecoder.events.mention import Count


def words(text: str) -> list[str]:
    return text.lower().split()


def run(nlp, text: str) -> tuple[object, list[Count]]:
    doc = nlp(text)
    found: list[Count] = []
    for sent in doc.sents:
        found.extend(find_counts(doc, sent))
    return doc, found


def values(nlp, text: str) -> dict[str, tuple[int | None, int | None, int | None]]:
    """category -> (low, best, high) of the first count of each category."""
    _doc, found = run(nlp, text)
    out: dict[str, tuple[int | None, int | None, int | None]] = {}
    for c in found:
        out.setdefault(c.category, (c.low, c.best, c.high))
    return out


# ------------------------------------------------------------------------------------------------
# Reading a number (no parser needed)


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("12 people", (12, 12, 12)),
        ("at least one person", (1, 1, None)),
        ("at least 156", (156, 156, None)),
        ("more than 20", (21, None, None)),
        ("over 20", (21, None, None)),
        ("up to 30", (None, None, 30)),
        ("as many as 30", (None, None, 30)),
        ("nearly 40", (None, None, 39)),
        ("almost 40", (None, None, 39)),
        ("fewer than 10", (None, None, 9)),
        ("about 50", (None, 50, None)),
        ("some 500,000 workers", (None, 500000, None)),
        ("between 10 and 15", (10, None, 15)),
        ("10 to 15", (10, None, 15)),
        ("two or three", (2, None, 3)),
        ("10-15", (10, None, 15)),
        ("dozens of", (24, None, None)),
        ("hundreds", (200, None, None)),
        ("thousands", (2000, None, None)),
        ("tens of thousands", (20000, None, None)),
        ("hundreds of thousands", (200000, None, None)),
        ("scores of", (40, None, None)),
        ("several", (3, None, None)),
        ("several hundred", (300, None, None)),
        ("a few", (2, None, None)),
        ("a dozen", (12, 12, 12)),
        ("two dozen", (24, 24, 24)),
        ("a couple of", (2, 2, 2)),
        ("a hundred", (100, 100, 100)),
        ("2,500", (2500, 2500, 2500)),
        ("1.5 million", (1500000, 1500000, 1500000)),
        ("twenty - three", (23, 23, 23)),
        ("two hundred and fifty", (250, 250, 250)),
        ("three thousand", (3000, 3000, 3000)),
        ("ninety - nine", (99, 99, 99)),
        ("no", (0, 0, 0)),
        ("nobody", (0, 0, 0)),
        ("a total of 41", (41, 41, 41)),
        ("all eight", (8, 8, 8)),
        ("about a dozen", (None, 12, None)),
        ("more than a dozen", (13, None, None)),
        ("no fewer than 5", (5, 5, None)),
        ("no more than 3", (None, None, 3)),
        ("a pair of", (2, 2, 2)),
        ("two million five hundred thousand", (2500000, 2500000, 2500000)),
    ],
)
def test_read_quantity(phrase, expected):
    got = read_quantity(words(phrase), 0)
    assert got is not None, phrase
    assert got[:3] == expected


@pytest.mark.parametrize(
    "phrase", ["people", "the", "a soldier", "some people", "over the weekend", "", "and 5"]
)
def test_read_quantity_none(phrase):
    assert read_quantity(words(phrase), 0) is None


def test_two_numbers_are_not_one():
    low, best, high, stop = read_quantity(words("two three"), 0)
    assert (low, best, high, stop) == (2, 2, 2, 1)


# ------------------------------------------------------------------------------------------------
# Counts in sentences (the output contract)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, category, expected",
    [
        ("Shelling hit the town overnight, killing at least one person.", "killed", (1, 1, None)),
        ("A soldier was killed in the ambush.", "killed", (1, 1, 1)),
        ("12 people were killed when the bus was bombed.", "killed", (12, 12, 12)),
        ("3 soldiers died after the convoy was hit.", "killed", (3, 3, 3)),
        ("The death toll rose to 15 on Monday.", "killed", (15, 15, 15)),
        ("Officials said the death toll had climbed to 2,500.", "killed", (2500, 2500, 2500)),
        ("Hospital staff counted 15 dead after the raid.", "killed", (15, 15, 15)),
        ("Five were injured in the blast.", "injured", (5, 5, 5)),
        ("The mine exploded under a truck, injuring a farmer and seven villagers.", "injured", (8, 8, 8)),
        ("Dozens of people were wounded in the clashes.", "injured", (24, None, None)),
        ("Hundreds of villagers fled the fighting.", "displaced", (200, None, None)),
        ("More than 20 people were arrested after the march.", "arrested", (21, None, None)),
        ("Over 20 civilians died in the airstrike.", "killed", (21, None, None)),
        ("Up to 30 protesters were detained.", "arrested", (None, None, 30)),
        ("Nearly 40 people were hurt in the stampede.", "injured", (None, None, 39)),
        ("About 50 fighters were killed in the offensive.", "killed", (None, 50, None)),
        ("Between 10 and 15 guards were wounded in the assault.", "injured", (10, None, 15)),
        ("The rebels killed 23 villagers and wounded four others.", "killed", (23, 23, 23)),
        ("The rebels killed 23 villagers and wounded four others.", "injured", (4, 4, 4)),
        ("Seven policemen died and 19 others were injured in the bombing.", "injured", (19, 19, 19)),
        ("Two soldiers were killed and six others wounded in the raid.", "injured", (6, 6, 6)),
        (
            "The strike killed 1.5 million chickens and a dozen farmers.",
            "killed",
            (1500012, 1500012, 1500012),
        ),
        ("Gunmen kidnapped twenty-three students from a school.", "abducted", (23, 23, 23)),
        ("Police arrested a couple of journalists near the square.", "arrested", (2, 2, 2)),
        ("Two people lost their lives in the flooding.", "killed", (2, 2, 2)),
        ("Four workers sustained injuries in the explosion.", "injured", (4, 4, 4)),
        ("The attack claimed 15 lives.", "killed", (15, 15, 15)),
        ("The gunmen shot dead three guards at the gate.", "killed", (3, 3, 3)),
        ("The shelling left two children dead.", "killed", (2, 2, 2)),
        ("One man is dead after the stabbing.", "killed", (1, 1, 1)),
        ("Authorities deported 120 migrants on Sunday.", "expelled", (120, 120, 120)),
        ("The flooding forced thousands to flee their homes.", "displaced", (2000, None, None)),
        (
            "Tens of thousands of demonstrators marched through the capital.",
            "participants",
            (20000, None, None),
        ),
        ("Some 300 workers staged a protest outside the ministry.", "participants", (None, 300, None)),
        ("The rebels fired 12 rockets at the base.", "rockets", (12, 12, 12)),
        ("The army said it shot down all six of the hostile drones over the city.", "drones", (6, 6, 6)),
        ("Three missiles struck the port.", "missiles", (3, 3, 3)),
        ("Police said 2,000 protesters gathered in the square.", "participants", (2000, 2000, 2000)),
        ("The soldiers detained him at a checkpoint.", "arrested", (1, 1, 1)),
        ("A total of nine miners died in the collapse.", "killed", (9, 9, 9)),
        ("Militants killed the mayor of the town.", "killed", (1, 1, 1)),
        ("At least 14 people, including five children, were wounded.", "injured", (14, 14, None)),
        ("Police detained 40 students and teachers at the campus.", "arrested", (40, 40, 40)),
    ],
)
def test_counts(nlp, text, category, expected):
    got = values(nlp, text)
    assert got.get(category) == expected, (text, got)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, zero_categories",
    [
        ("There were no reports of fatalities after the strike.", {"killed"}),
        ("No one was hurt when the shell landed near the school.", {"injured"}),
        ("Nobody was killed in the fire.", {"killed"}),
        ("The rocket attack caused no casualties.", {"killed", "injured"}),
        ("There were no injuries.", {"injured"}),
        ("No one was killed or injured in the blast.", {"killed", "injured"}),
        ("The grenade did not injure anyone.", {"injured"}),
        ("No arrests were made.", {"arrested"}),
        ("The raid ended without casualties.", {"killed", "injured"}),
        ("There were no immediate reports of injuries.", {"injured"}),
        ("No deaths or injuries were reported.", {"killed", "injured"}),
        ("None of the passengers was hurt.", {"injured"}),
        ("No one was reported injured.", {"injured"}),
    ],
)
def test_zero_counts(nlp, text, zero_categories):
    got = values(nlp, text)
    for category in zero_categories:
        assert got.get(category) == (0, 0, 0), (text, got)
    assert not {c for c, v in got.items() if v != (0, 0, 0)}, got


@pytest.mark.slow
def test_hospital_clause_is_not_a_second_injured_count(nlp):
    text = "The drone strike wounded two people, one of whom was taken to hospital."
    _doc, found = run(nlp, text)
    injured = [c for c in found if c.category == "injured"]
    assert [(c.low, c.best, c.high) for c in injured] == [(2, 2, 2)]


@pytest.mark.slow
def test_hospital_alone_is_an_injured_count(nlp):
    assert values(nlp, "Eleven people were taken to hospital after the blast.")["injured"] == (11, 11, 11)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The warplanes struck the village, killing or wounding 50 people.",
        "Thirty people were killed and wounded in the shelling.",
        "The explosion killed and injured several passengers.",
    ],
)
def test_killed_or_wounded_is_casualties(nlp, text):
    got = values(nlp, text)
    assert "casualties" in got and "killed" not in got and "injured" not in got, got


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The bombers failed to kill their target.",
        "The gang tried to kidnap two engineers.",
        "The crowd nearly lynched four men.",
        "Two soldiers were not hurt.",
        "The report was released on Monday.",
        "The company cut 300 jobs this year.",
        "A three-year-old boy celebrated his birthday.",
        "The 1994 killing shocked the country.",
    ],
)
def test_no_count(nlp, text):
    got = values(nlp, text)
    assert not {c: v for c, v in got.items() if c in ("killed", "injured", "arrested", "abducted")}, got


@pytest.mark.slow
def test_head_is_the_verb_or_the_counted_noun(nlp):
    doc, found = run(nlp, "The attack killed five soldiers, and the army fired 20 missiles in response.")
    heads = {c.category: doc[c.head].text for c in found}
    assert heads == {"killed": "killed", "missiles": "missiles"}


@pytest.mark.slow
def test_evidence_span(nlp):
    doc, found = run(nlp, "Shelling hit the town overnight, killing at least one person.")
    (count,) = found
    assert doc.text[count.start : count.end] == "at least one person"
    assert count.to_dict(doc.text)["evidence"]["text"] == "at least one person"


@pytest.mark.slow
def test_a_number_used_once(nlp):
    """'12 protesters were killed' is a killed count, not also a participants count."""
    got = values(nlp, "12 protesters were killed by the police.")
    assert got == {"killed": (12, 12, 12)}


@pytest.mark.slow
def test_seed_article(nlp, seed_text):
    """The seed article's casualty sentences (read, not copied): at least one killed in Kyiv, eight drones,
    no fatalities, two wounded (one of them in hospital: not a separate count)."""
    doc = nlp(seed_text)
    found = [c for sent in doc.sents for c in find_counts(doc, sent)]
    triples = {(c.category, c.low, c.best, c.high) for c in found}
    assert ("killed", 1, 1, None) in triples
    assert ("drones", 8, 8, 8) in triples
    assert ("killed", 0, 0, 0) in triples
    injured = [c for c in found if c.category == "injured"]
    assert [(c.low, c.best, c.high) for c in injured] == [(2, 2, 2)]


# ------------------------------------------------------------------------------------------------
# Properties

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n: int) -> list[str]:
    """English words for 0 <= n < 1,000,000 as the tokenizer splits them ('twenty - three')."""
    if n < 20:
        return [_UNITS[n]]
    if n < 100:
        tens, unit = divmod(n, 10)
        return [_TENS[tens]] + (["-", _UNITS[unit]] if unit else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [_UNITS[hundreds], "hundred"] + (["and", *spell(rest)] if rest else [])
    thousands, rest = divmod(n, 1000)
    return [*spell(thousands), "thousand"] + (spell(rest) if rest else [])


@given(st.integers(min_value=0, max_value=999_999))
def test_spelled_numbers_round_trip(n):
    got = read_quantity(spell(n), 0)
    assert got is not None and got[:3] == (n, n, n)


@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_digits_round_trip(n, commas):
    text = f"{n:,}" if commas else str(n)
    assert read_quantity([text, "people"], 0)[:3] == (n, n, n)


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_and_modifiers_round_trip(a, b):
    low, high = min(a, b), max(a, b) + 1
    assert read_quantity(["between", str(low), "and", str(high)], 0)[:3] == (low, None, high)
    assert read_quantity(["at", "least", str(a)], 0)[:3] == (a, a, None)
    assert read_quantity(["more", "than", f"{a:,}"], 0)[:3] == (a + 1, None, None)
    assert read_quantity(["up", "to", str(a)], 0)[:3] == (None, None, a)
    assert read_quantity(["about", str(a)], 0)[:3] == (None, a, None)


@given(st.lists(st.text(max_size=12), max_size=8))
def test_read_quantity_never_raises(tokens):
    for i in range(len(tokens) + 1):
        read_quantity([t.lower() for t in tokens], i)


_TEMPLATES = [
    ("{n} people were killed in the attack.", "killed"),
    ("The bombing killed {n} people on Friday.", "killed"),
    ("Police said {n} protesters were arrested.", "arrested"),
    ("The blast wounded {n} workers at the plant.", "injured"),
    ("{n} civilians died in the shelling, officials said.", "killed"),
]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(min_value=2, max_value=999_999),
    st.sampled_from(_TEMPLATES),
    st.sampled_from(["digits", "commas", "words"]),
)
def test_sentence_templates_round_trip(nlp, n, template, style):
    text_template, category = template
    if style == "digits":
        number = str(n)
    elif style == "commas":
        number = f"{n:,}"
    else:
        number = " ".join(spell(n)).replace(" - ", "-")
    text = text_template.format(n=number)
    text = text[0].upper() + text[1:]
    got = values(nlp, text)
    assert got.get(category) == (n, n, n), (text, got)


_VOCAB = [
    "killed",
    "killing",
    "were",
    "wounded",
    "no",
    "one",
    "at",
    "least",
    "more",
    "than",
    "up",
    "to",
    "dozens",
    "of",
    "people",
    "soldiers",
    "drones",
    "and",
    "or",
    "a",
    "the",
    "death",
    "toll",
    "rose",
    "dead",
    "12",
    "2,500",
    "between",
    "whom",
    "hospital",
    "taken",
    "casualties",
    "reports",
    "fled",
    "arrested",
    "all",
    "eight",
    ",",
    ".",
    "twenty",
    "-",
    "three",
    "million",
    "1.5",
    "nearly",
    "about",
    "others",
    "injured",
    "not",
    "nobody",
    "protesters",
]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_VOCAB), max_size=30).map(" ".join)))
def test_find_counts_never_raises(nlp, text):
    doc, found = run(nlp, text)
    for c in found:
        assert 0 <= c.start <= c.end <= len(doc.text)
        assert c.head is None or 0 <= c.head < len(doc)
        for v in (c.low, c.best, c.high):
            assert v is None or (isinstance(v, int) and v >= 0)
        bounds = [v for v in (c.low, c.best, c.high) if v is not None]
        assert bounds == sorted(bounds), c


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The storm left one dead and three injured.", {"killed": (1, 1, 1), "injured": (3, 3, 3)}),
        (
            "The clashes left 12 people dead and 30 injured.",
            {"killed": (12, 12, 12), "injured": (30, 30, 30)},
        ),
        (
            "Seven people were killed and 20 were wounded on Sunday.",
            {"killed": (7, 7, 7), "injured": (20, 20, 20)},
        ),
        ("The bombing killed nine and wounded 31.", {"killed": (9, 9, 9), "injured": (31, 31, 31)}),
        ("One guard was killed and more than 40 hurt.", {"killed": (1, 1, 1), "injured": (41, None, None)}),
        ("The sniper killed one soldier and wounded another.", {"killed": (1, 1, 1), "injured": (1, 1, 1)}),
    ],
)
def test_killed_and_injured_in_one_sentence(nlp, text, expected):
    got = values(nlp, text)
    assert {k: v for k, v in got.items() if k in expected} == expected, got


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, category, expected",
    [
        ("The number of dead rose to 25.", "killed", (25, 25, 25)),
        ("Officials put the death toll at 40.", "killed", (40, 40, 40)),
        ("The dead included two children.", "killed", (2, 2, 2)),
        ("The attack claimed the lives of six soldiers.", "killed", (6, 6, 6)),
        ("Close to 350 people have been hospitalized.", "injured", (None, None, 349)),
    ],
)
def test_tallies(nlp, text, category, expected):
    assert values(nlp, text).get(category) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The Senate killed the bill on Tuesday.",
        "Police evacuated the building after the threat.",
        "The scandal hurt the economy.",
        "The regime executed the plan.",
    ],
)
def test_things_are_not_people(nlp, text):
    assert values(nlp, text) == {}


@pytest.mark.slow
def test_a_year_before_the_noun_is_not_a_count(nlp):
    assert values(nlp, "A court ruled on the 1948 killing of 24 villagers.") == {"killed": (24, 24, 24)}
    assert values(nlp, "1948 people were killed in the attack.") == {"killed": (1948, 1948, 1948)}


@pytest.mark.slow
def test_attach_counts_to_events(nlp):
    from wirecoder.events.counts import attach_counts

    text = "Rebels shelled the town on Monday, killing 12 people. The death toll later rose to 15."
    doc, found = run(nlp, text)
    shelled = next(t.i for t in doc if t.text == "shelled")
    killing = next(t.i for t in doc if t.text == "killing")
    # the verb 'killing' is an event of its own: its count goes to it
    attached = attach_counts(doc, found, [shelled, killing])
    assert attached[killing]["killed"].best == 12
    # with only 'shelled' as an event, the count climbs to it; the toll in the next sentence has no event
    attached = attach_counts(doc, found, [shelled])
    assert attached == {shelled: {"killed": next(c for c in found if c.best == 12)}}


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Several student groups held a rally at the university.", {}),
        ("Two families were displaced by the fighting.", {}),
        ("A family of five was killed in the airstrike.", {"killed": (5, 5, 5)}),
        ("Police arrested a group of 12 activists.", {"arrested": (12, 12, 12)}),
    ],
)
def test_groups_are_not_people(nlp, text, expected):
    assert values(nlp, text) == expected
