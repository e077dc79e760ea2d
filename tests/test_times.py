"""The times stage: the rule layer on its own (fast), the seed article through the pipeline, and a
property test on offsets."""

from __future__ import annotations

import pytest
from conftest import assert_valid_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirecoder.times import normalize_times

WED = "2023-05-31"  # a Wednesday
TUE = "2023-05-30"  # the seed's publication day, a Tuesday


def values(text: str, published: str | None = WED) -> list[tuple[str, str, str]]:
    return [(t["text"], t["type"], t["value"]) for t in normalize_times(text, published)]


def one(text: str, published: str | None = WED) -> dict:
    found = normalize_times(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("He arrived on Tuesday.", "2023-05-30"),  # the most recent one
        ("They met on Wednesday.", "2023-05-31"),  # the article's own weekday is that day
        ("He arrived on Friday.", "2023-05-26"),
        ("He will arrive on Friday.", "2023-06-02"),  # future tense looks ahead
        ("The talks resume next Friday.", "2023-06-02"),
        ("The talks ended last Friday.", "2023-05-26"),
        ("last Wednesday", "2023-05-24"),
    ],
)
def test_weekdays(text, value):
    assert one(text)["value"] == value


@pytest.mark.parametrize(
    ("text", "typ", "value"),
    [
        ("early on Tuesday morning", "TIME", "2023-05-30TMO"),
        ("last night", "TIME", "2023-05-30TNI"),
        ("yesterday afternoon", "TIME", "2023-05-30TAF"),
        ("this morning", "TIME", "2023-05-31TMO"),
        ("tonight", "TIME", "2023-05-31TNI"),
        ("10 p.m. Wednesday", "TIME", "2023-05-31T22:00"),
        ("yesterday", "DATE", "2023-05-30"),
        ("tomorrow", "DATE", "2023-06-01"),
    ],
)
def test_days_and_parts_of_day(text, typ, value):
    t = one(text)
    assert (t["type"], t["value"]) == (typ, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("last week", "2023-W21"),
        ("this week", "2023-W22"),
        ("next week", "2023-W23"),
        ("earlier this month", "2023-05"),
        ("last month", "2023-04"),
        ("last year", "2022"),
        ("next year", "2024"),
        ("last summer", "2022-SU"),
        ("this spring", "2023-SP"),
        ("the spring of 2021", "2021-SP"),
        ("the 1990s", "199"),
        ("the nineties", "199"),
        ("the 20th century", "19"),
        ("three years ago", "2020"),
    ],
)
def test_relative_periods(text, value):
    assert one(text, TUE)["value"] == value


def test_quarters_against_the_publication_date():
    assert one("the third quarter", "1989-11-02")["value"] == "1989-Q3"
    assert one("the fourth quarter", "1998-01-26")["value"] == "1997-Q4"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a few days ago", "PAST_REF"),
        ("recently", "PAST_REF"),
        ("now", "PRESENT_REF"),
        ("the future", "FUTURE_REF"),
    ],
)
def test_vague(text, value):
    assert one(text)["value"] == value


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("the fourth assault in three days", "three days", "P3D"),
        ("for two weeks", "two weeks", "P2W"),
        ("2 1/2 years", "2 1/2 years", "P2Y6M"),
        ("a minute and a half", "a minute and a half", "PT1M30S"),
        ("five hours", "five hours", "PT5H"),
        ("a two-year plan", "two-year", "P2Y"),
        ("a few days", "a few days", "PXD"),
        ("two decades", "two decades", "P20Y"),
    ],
)
def test_durations(text, span, value):
    t = one(text)
    assert (t["text"], t["type"], t["value"]) == (span, "DURATION", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("every Friday", "XXXX-WXX-5"), ("daily", "P1D"), ("every two weeks", "P2W"), ("each July", "XXXX-07")],
)
def test_sets(text, value):
    t = one(text)
    assert (t["type"], t["value"]) == ("SET", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It happened on May 5.", "2023-05-05"),  # the nearest one in the past
        ("The deadline is June 10.", "2023-06-10"),  # close ahead: upcoming
        ("payable Dec. 15", "2022-12-15"),
        ("He will visit on May 5.", "2024-05-05"),  # future tense: the next one
        ("It rained in March.", "2023-03"),
    ],
)
def test_dates_without_a_year(text, value):
    assert one(text, TUE)["value"] == value


@pytest.mark.parametrize(
    "text", ["30 May 2023", "May 30, 2023", "2023-05-30", "30/05/2023", "05/30/2023", "Tuesday, May 30, 2023"]
)
def test_absolute_dates(text):
    t = one(text, None)
    assert (t["text"], t["value"], t["anchor"]) == (text, "2023-05-30", None)


def test_absolute_forms_with_time_and_month():
    assert values("on 2023-05-30T14:05", None) == [("2023-05-30T14:05", "TIME", "2023-05-30T14:05")]
    assert values("in May 2023", None) == [("May 2023", "DATE", "2023-05")]
    assert values("in 1998", None) == [("1998", "DATE", "1998")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on Tuesday", "XXXX-WXX-2"),
        ("last week", "XXXX-WXX"),
        ("yesterday", "XXXX-XX-XX"),
        ("May 5", "XXXX-05-05"),
        ("last year", "XXXX"),
        ("early on Tuesday morning", "XXXX-WXX-2TMO"),
    ],
)
def test_unresolved_without_publication_date(text, value):
    t = one(text, None)
    assert t["value"] == value
    assert t["anchor"] is None


def test_anchors():
    found = normalize_times("On May 5 they met. The next day they left.", WED)
    assert [t["value"] for t in found] == ["2023-05-05", "2023-05-06"]
    assert found[0]["anchor"] == "published" and found[1]["anchor"] == found[0]["id"]
    after = normalize_times("Two days after May 5, the talks resumed.", WED)
    assert after[0]["value"] == "2023-05-07" and after[0]["anchor"] == after[1]["id"]


def test_event_anchor_records_the_clause():
    text = "A day after Russia bombarded Kyiv with aerial strikes, the drone attack occurred."
    t = normalize_times(text, TUE)[0]
    assert t["text"] == "A day after"
    assert t["anchor_text"] == "Russia bombarded Kyiv with aerial strikes"
    assert text[t["anchor_start"] : t["anchor_end"]] == t["anchor_text"]
    assert t["value"] == "XXXX-XX-XX"  # the strikes' own date is not in the text


def test_ids_and_offsets():
    text = "On Tuesday, three days after the vote, officials met; they meet again next week."
    found = normalize_times(text, TUE)
    assert [(t["id"], t["text"]) for t in found] == [
        ("t1", "Tuesday"),
        ("t2", "three days"),
        ("t3", "next week"),
    ]
    for t in found:
        assert text[t["start"] : t["end"]] == t["text"]


def test_no_false_friends():
    assert values("You may go. We march on. The market may fall.", TUE) == []
    assert values("He won 1,998 votes and $2000.", TUE) == []


@pytest.mark.slow
def test_seed_through_the_pipeline(seed_text):
    import wirecoder

    document = wirecoder.analyze(seed_text, published=TUE)
    data = document.to_dict()
    assert_valid_document(data)
    by_text = {}
    for t in data["times"]:
        assert seed_text[t["start"] : t["end"]] == t["text"]
        by_text.setdefault(t["text"], t)
    assert by_text["Tuesday"]["value"] == "2023-05-30"
    assert seed_text[by_text["Tuesday"]["start"] - 3 : by_text["Tuesday"]["start"]] == "on "
    assert by_text["early on Tuesday morning"]["value"] == "2023-05-30TMO"
    assert by_text["a few days ago"]["value"] == "PAST_REF"
    day_after = by_text["A day after"]
    assert day_after["anchor_text"] == "Russia bombarded Kyiv with aerial strikes"
    assert day_after["value"] == "XXXX-XX-XX"
    assert by_text["three days"]["value"] == "P3D"
    assert seed_text[by_text["three days"]["start"] - 3 : by_text["three days"]["start"]] == "in "


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=20),
            st.sampled_from(
                [
                    "on Tuesday",
                    "May 5",
                    "last week",
                    "3 days ago",
                    "a day after",
                    "10 p.m.",
                    "the 1990s",
                    "every",
                    " ",
                    ", ",
                    "Feb. 30",
                    "31/02/2023",
                    "nineteen ninety-nine",
                    "the next day",
                    "\n",
                ]
            ),
        ),
        max_size=12,
    ).map("".join),
    st.sampled_from([None, TUE, "1989-11-02T10:00:00", "not a date"]),
)
def test_any_text_never_raises_and_spans_hold(text, published):
    for t in normalize_times(text, published):
        assert text[t["start"] : t["end"]] == t["text"]
        assert t["type"] in ("DATE", "TIME", "DURATION", "SET")
        assert t["value"]


def test_counted_offset_from_an_event_is_a_duration_with_its_anchor():
    text = "Retaliation came twenty years after the first astronauts were chosen."
    t = normalize_times(text, TUE)[0]
    assert (t["text"], t["type"], t["value"]) == ("twenty years", "DURATION", "P20Y")
    assert t["anchor_text"] == "the first astronauts were chosen"
    assert values("They must wait at least 30 days before closing.", TUE)[0][1:] == ("DURATION", "P30D")
    # the indefinite "a day after <event>" stays a point anchored to the event (the seed)
    assert values("A day after the strikes, drones hit.", TUE)[0] == ("A day after", "DATE", "XXXX-XX-XX")


@pytest.mark.parametrize(
    ("text", "span", "typ", "value"),
    [
        ("For the year ended Sept. 30, it earned $4 million.", "the year", "DURATION", "P1Y"),
        ("Sales for the full year rose.", "the full year", "DATE", "2023"),
        ("It broadcast on ABC's This Week program.", None, None, None),
        ("in the winter of nineteen ninety-four", "the winter of nineteen ninety-four", "DATE", "1994-WI"),
        ("the offer in today's editions", "today", "DATE", "2023-05-30"),
        ("The talks are set for April 24 and 25, 2024.", "25, 2024", "DATE", "2024-04-25"),
        ("It's the second day of the offensive.", "the second day", "DATE", "2023-05-30"),
        ("losses in the past two quarters", "the past two quarters", "DURATION", "P2Q"),
        ("a couple of years", "a couple of years", "DURATION", "P2Y"),
    ],
)
def test_conventions(text, span, typ, value):
    found = values(text, TUE)
    if span is None:
        assert found == []
    else:
        assert (span, typ, value) in found


def test_plan_and_deadline_verbs_look_ahead():
    assert one("The league plans to hold a news conference on Thursday.", TUE)["value"] == "2023-06-01"
    assert one("Officials postponed the vote until Friday.", TUE)["value"] == "2023-06-02"


def test_more_conventions():
    assert values("the trend of the last half of the '80s", TUE) == [
        ("the last half of the '80s", "DATE", "198")
    ]
    assert values("Islam will one day be the largest religion.", TUE) == [("one day", "DATE", "FUTURE_REF")]
    found = values("He was shot last October. The site was closed that same day.", TUE)
    assert found[-1] == ("same day", "DATE", "2022-10-XX")
    found = values("Shares fell Friday, hit by overnight losses in New York.", TUE)
    assert found == [("Friday", "DATE", "2023-05-26"), ("overnight", "TIME", "2023-05-25TNI")]
    assert values("in the last decade", TUE) == [("the last decade", "DATE", "201")]
