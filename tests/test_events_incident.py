"""One incident, one event (events/incident.py): gathering an article's incident, its counts, date and
place; the counting helpers of the stage; datelines of the places stage."""

from __future__ import annotations

import pytest
from conftest import assert_valid_document

from wirecoder.events import incident
from wirecoder.events.mention import Count
from wirecoder.events.tally import combine_counts
from wirecoder.model import TimeRecord
from wirecoder.places.stage import DATELINE_PATTERN

# -- fast: no model --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        ("2016-06-29", "day"),
        ("2016-06-29TNI", "day"),
        ("2016-06-29T22:15", "day"),
        ("2016-W26", "week"),
        ("2016-06", "month"),
        ("2016", "year"),
        ("PAST_REF", None),
        ("2016-SU", None),
        (None, None),
    ],
)
def test_time_precision(value, precision):
    assert incident.time_precision(value) == precision


def test_aggregate_times_are_other_incidents():
    assert incident._aggregate("2016", "2016-06-29")  # 'shootings this year'
    assert incident._aggregate("2016-06", None)
    assert not incident._aggregate("2016-06-29", None)
    assert not incident._aggregate("2016-W26", "2016-06-29")  # 'last week', the incident's week
    assert incident._aggregate("2016-W20", "2016-06-29")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Title\n\nNAMPA -- The Nampa Police Department", "NAMPA"),
        ("Title\n\nNampa, Idaho — Police said", "Nampa"),
        ("Title\n\nKYIV (Reuters) - Russia said", "KYIV"),
        ("Title\n\nSPRINGFIELD, Ill. (AP) — A man", "SPRINGFIELD"),
        ("Title\n\nNEW YORK — A man", "NEW YORK"),
    ],
)
def test_dateline_pattern(text, name):
    match = DATELINE_PATTERN.search(text)
    assert match is not None
    assert (match.group(1) or match.group(2)) == name


@pytest.mark.parametrize(
    "text", ["Second suspect identified - Local News\n\nThe man", "Police said the man - who"]
)
def test_no_dateline(text):
    assert DATELINE_PATTERN.search(text) is None


def _count(text: str, words: str, category: str, n: int, **flags) -> Count:
    start = text.index(words)
    return Count(category, n, n, n, start, start + len(words), **flags)


def test_people_shot_and_not_killed_are_injured():
    text = "Two people were shot, one fatally."
    counts = combine_counts(text, [_count(text, "Two people", "shot", 2), _count(text, "one", "killed", 1)])
    assert counts["killed"]["best"] == 1
    assert counts["injured"]["best"] == 1
    assert counts["shot"]["best"] == 2


def test_a_hospital_cue_without_a_number_is_told_of_the_dead():
    text = "A man was shot. He was taken to a hospital, where he died."
    found = [
        _count(text, "A man", "shot", 1),
        _count(text, "He", "injured", 1, weak=True),
        _count(text, "he died", "killed", 1),
    ]
    counts = combine_counts(text, found)
    assert counts["killed"]["best"] == 1
    assert counts["injured"]["best"] == 0


def test_one_person_wounded_then_dead_by_coreference():
    text = "Hawkingberry suffered a gunshot wound. She was pronounced dead."
    people = {(0, 12): "a1", (text.index("She"), text.index("She") + 3): "a1"}
    found = [_count(text, "Hawkingberry", "injured", 1), _count(text, "She", "killed", 1)]
    assert combine_counts(text, found, people)["injured"] is None
    other = {(0, 12): "a1", (text.index("She"), text.index("She") + 3): "a2"}
    assert combine_counts(text, found, other)["injured"]["best"] == 1


def test_attackers_count_among_the_killed():
    text = "He shot his wife and then killed himself."
    found = [_count(text, "his wife", "killed", 1), _count(text, "himself", "killed", 1, perpetrator=True)]
    counts = combine_counts(text, found)
    assert counts["killed"]["best"] == 2
    assert counts["killed_perpetrators"]["best"] == 1
    # 'four people were killed, including the gunman': the figure holds the attacker already
    text = "Four people were killed, including the gunman who died."
    found = [
        _count(text, "Four people", "killed", 4),
        _count(text, "the gunman", "killed", 1, perpetrator=True),
    ]
    counts = combine_counts(text, found)
    assert counts["killed"]["best"] == 4
    assert counts["killed_perpetrators"]["best"] == 1


def test_no_one_hurt_is_zero():
    text = "No one was hurt."
    counts = combine_counts(text, [_count(text, "No one", "injured", 0)])
    assert counts["injured"] == {
        "low": 0,
        "best": 0,
        "high": 0,
        "evidence": {"start": 0, "end": 6, "text": "No one"},
    }


# -- end to end: the model -------------------------------------------------------------------------

WALMART = """Girl, 10, hurt in Walmart parking lot shooting

NAMPA, Idaho -- Two men opened fire in the parking lot of a Walmart store on Wednesday night, police said.

A bullet struck a 10-year-old girl in the shoulder. The girl was taken to a local hospital for surgery, but her injuries are not considered life-threatening.

The shooting happened at about 10:15 p.m. Police are still investigating the incident.

Another shooting in Nampa last year killed two people."""

TOLEDO = """Man killed, woman wounded in Toledo shooting

TOLEDO, Ohio -- A man was shot and killed and a woman was wounded early Sunday on Main Street, police said.

The man was pronounced dead at the scene. The woman is in critical condition at a hospital.

The gunman then turned the gun on himself and died."""


def _analyze(text: str, published: str):
    import wirecoder

    doc = wirecoder.analyze(text, published=published)
    assert_valid_document(doc.to_dict())
    return doc


def _main(doc) -> dict:
    mains = [e for e in doc.events if e.incident == "main"]
    assert len(mains) == 1
    assert mains[0] is max(doc.events, key=lambda e: e.confidence)
    return mains[0]


def _place_name(doc, event) -> str | None:
    return next((p.name for p in doc.places if p.id == event.place), None)


@pytest.mark.slow
def test_one_incident_one_event_and_its_context():
    doc = _analyze(WALMART, "2016-07-01")
    main = _main(doc)
    triggers = {m.trigger.text for m in main.mentions}
    assert {"opened fire", "struck", "shooting"} <= triggers
    assert sum(1 for e in doc.events if e.type == "ASSAULT" and e.incident != "context") == 1
    assert main.counts["injured"].best == 1
    assert getattr(main.counts["killed"], "best", None) in (None, 0)  # last year's two dead stay apart
    assert main.time.value == "2016-06-29" and main.time.precision == "day"  # Wednesday night
    assert _place_name(doc, main) == "Nampa" and main.place_precision == 1  # the dateline
    context = [e for e in doc.events if e.incident == "context"]
    assert any(e.counts["killed"] and e.counts["killed"].best == 2 for e in context)
    assert all(e.confidence < main.confidence for e in context)


@pytest.mark.slow
def test_outcomes_of_people_and_the_attacker():
    doc = _analyze(TOLEDO, "2016-07-05")
    main = _main(doc)
    assert main.counts["killed"].best == 2  # the man and the gunman
    assert main.counts["killed_perpetrators"].best == 1
    assert main.counts["injured"].best == 1  # the woman
    assert main.time.value == "2016-07-03"  # early Sunday, in a Tuesday article
    assert _place_name(doc, main) == "Toledo"


@pytest.mark.slow
def test_no_date_is_invented():
    doc = _analyze("A man was shot in Boise, police said. He was taken to a hospital.", "2016-07-05")
    main = _main(doc)
    assert main.time is None
    assert main.counts["injured"].best == 1
    assert _place_name(doc, main) == "Boise"


@pytest.mark.slow
def test_near_a_locality_is_precision_two():
    doc = _analyze(
        "Deputies said a man was shot outside Nampa on Tuesday night. He suffered non-life-threatening injuries.",
        "2016-07-07",
    )
    main = _main(doc)
    assert _place_name(doc, main) == "Nampa"
    assert main.place_precision == 2
    assert main.counts["injured"].best == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "category", "best"),
    [
        ("A 15-year-old was shot on Sunday.", "shot", 1),
        ("Police are investigating the fatal shooting of a 15-year-old.", "killed", 1),
        ("Two people were shot, one fatally.", "killed", 1),
        ("He was pronounced dead at the scene.", "killed", 1),
        ("The victim was listed in stable condition.", "injured", 1),
        ("She was treated for a gunshot wound to the leg.", "injured", 1),
        ("A bullet struck a 10-year-old girl in the shoulder.", "shot", 1),
        ("A 16-year-old was robbed and shot to death.", "killed", 1),
        ("When police arrived, they found a 16-year-old male dead at the scene.", "killed", 1),
    ],
)
def test_outcome_counts(nlp, text, category, best):
    from wirecoder.events.counts import find_counts

    doc = nlp(text)
    found = [c for s in doc.sents for c in find_counts(doc, s) if c.category == category]
    assert found and found[0].best == best, [
        (c.category, c.best) for s in doc.sents for c in find_counts(doc, s)
    ]


@pytest.mark.slow
def test_shot_down_is_no_person_shot(nlp):
    from wirecoder.events.counts import find_counts

    doc = nlp("Air defences shot down the drone over the city.")
    assert not [c for s in doc.sents for c in find_counts(doc, s) if c.category == "shot"]


@pytest.mark.slow
def test_headline_does_not_run_into_the_lead(nlp):
    doc = nlp("Three men shot in Fresno\n\nPolice were called at 9:15 Wednesday night.")
    assert len(list(doc.sents)) == 2


KHARKIV = """Russian drones strike Kharkiv

KYIV (Reuters) - Russian drones hit residential buildings in Kharkiv overnight, killing two people, officials in Kyiv said on Tuesday.

Air defences over Kyiv shot down most of the drones, the Kyiv city administration said."""


@pytest.mark.slow
def test_a_wire_dateline_does_not_beat_where_it_happened():
    doc = _analyze(KHARKIV, "2023-05-30")
    attacks = [e for e in doc.events if e.type == "ASSAULT" and e.counts["killed"]]
    assert attacks and all(_place_name(doc, e) == "Kharkiv" for e in attacks)
    assert all(
        e.time is None or e.time.value != "2023-05-30" for e in attacks
    )  # not 'said on Tuesday'


# --------------------------------------------------------------------------------------------------
# The incident's date: rules over time expressions and hand-built parses (no model)


def _time(text: str, whole: str, value: str, at: int = 0) -> TimeRecord:
    start = whole.index(text, at)
    return TimeRecord("t1", start, start + len(text), text, "DATE", value, None)


@pytest.mark.parametrize(
    "whole, text",
    [
        ("Teen shot\n\nBy: WCTV News\n\nMay 16, 2016\n\nA teen is dead.", "May 16, 2016"),
        ("June 17, 2013 - Houston police are investigating a shooting.", "June 17, 2013"),
        ("JAY COUNTY, Ind. (Nov. 18, 2015)— A boy was shot.", "Nov. 18, 2015"),
        ("UPDATE @ 4:29 p.m. (Nov. 2)\n\nFour juveniles arrived.", "Nov. 2"),
        ("Fresno news\n\n3:31 Charleston shooting survivors at DNC", "3:31"),
    ],
)
def test_the_report_s_own_date_is_no_incident_date(whole, text):
    assert incident.dateline_date(whole, _time(text, whole, "2016-05-16"))


@pytest.mark.parametrize(
    "whole, text",
    [
        ("A man was shot on Saturday, May 14, 2016 in Jackson County.", "May 14, 2016"),
        ("The body was found on May 14.\n\nDeputies say the boy was alone.", "May 14"),
        ("Police were called at 3:31 to the home.", "3:31"),
        ("Teen shot\n\nSaturday\n\nA teen is dead.", "Saturday"),  # no calendar date: not a dateline
    ],
)
def test_dates_in_the_text_are_not_datelines(whole, text):
    assert not incident.dateline_date(whole, _time(text, whole, "2016-05-14"))


@pytest.mark.parametrize(
    "text, value, night",
    [
        ("overnight", "2017-02-07TNI", True),
        ("last night", "2017-02-07TNI", True),
        ("Friday night", "2017-02-03TNI", False),  # names its day
        ("just before midnight Thursday", "2017-03-16T24:00", False),
        ("Saturday", "2017-02-04", False),
    ],
)
def test_a_night_that_names_no_day(text, value, night):
    assert incident._night(TimeRecord("t1", 0, len(text), text, "TIME", value, None)) is night


def _said_friday(make_doc, verb: str):
    """'Police <verb> Friday': the time hangs from the verb."""
    return make_doc(
        ["Police", verb, "Friday", "."],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "npadvmod", "punct"],
        pos=["NOUN", "VERB", "PROPN", "PUNCT"],
    )


@pytest.mark.parametrize(
    "verb, lemma, foreign, elsewhere",
    [
        ("arrested", "arrest", True, True),  # another event's trigger
        ("arraigned", "arraign", False, True),  # a follow-up
        ("identified", "identify", False, True),
        ("responded", "respond", True, False),  # the police's response: the incident's own time
        ("investigated", "investigate", True, False),
        ("fired", "fire", False, False),
    ],
)
def test_which_words_a_time_may_date_the_incident_by(make_doc, verb, lemma, foreign, elsewhere):
    doc = _said_friday(make_doc, verb)
    doc[1].lemma_ = lemma
    head = incident._governor(doc, doc[2].idx, doc[2].idx + len("Friday"))
    assert head is not None and head.i == 1
    assert incident._elsewhere(head, {1} if foreign else set(), []) is elsewhere


def test_a_report_cue_dates_the_telling(make_doc):
    doc = _said_friday(make_doc, "said")
    doc[1].lemma_ = "say"
    cue = (doc[1].idx, doc[1].idx + 4)
    assert incident._elsewhere(doc[1], set(), [cue])
    assert not incident._elsewhere(doc[1], set(), [])


@pytest.mark.slow
def test_overnight_in_the_small_hours_is_the_next_day():
    text = (
        "Police: Three shot in Upton neighborhood overnight\n\n"
        "Three people were found with gunshot wounds in Baltimore overnight, police said.\n\n"
        "At about 12:49 a.m. Wednesday, officers heard gunshots and found the three men wounded."
    )
    main = _main(_analyze(text, "2017-02-08"))
    assert main.time.value == "2017-02-08"  # after midnight on Wednesday, not Tuesday night


@pytest.mark.slow
def test_a_bare_clock_time_yields_to_the_day_named():
    text = (
        "Man shot in Bristol\n\n"
        "BRISTOL, Tenn. -- A man was shot around 5:45 p.m. outside a store, police said.\n\n"
        "The shooting happened Saturday evening on State Street, police said."
    )
    main = _main(_analyze(text, "2015-08-31"))
    assert main.time.value == "2015-08-29"  # Saturday in a Monday article


@pytest.mark.slow
def test_a_court_date_is_no_incident_date():
    text = (
        "Man charged in shooting of daughter\n\n"
        "TOLEDO, Ohio -- A man accidentally shot his 3-year-old daughter Saturday, police said.\n\n"
        "He is to be arraigned this morning in Toledo Municipal Court."
    )
    main = _main(_analyze(text, "2015-02-23"))
    assert main.time.value == "2015-02-21"


def test_related_video_lines_tell_other_stories():
    from wirecoder.events.teasers import teaser_lines

    text = (
        "Man shoots himself\n\n1:17 Woman killed in crash Pause\n\n6:30 p.m. Two people were shot\n\n5:03\n"
    )
    assert [text[a:b] for a, b in teaser_lines(text)] == ["1:17 Woman killed in crash Pause"]
