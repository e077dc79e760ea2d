"""times/calendar.py: value strings per grain, calendar arithmetic, the year of a date given without one
and the publication date (no model, no text)."""

from __future__ import annotations

import datetime as dt

import pytest

from wirecoder.times import calendar as cal

DAY = dt.date(2023, 5, 30)  # a Tuesday in ISO week 22, second quarter, first half, spring


@pytest.mark.parametrize(
    ("grain", "value"),
    [
        ("day", "2023-05-30"),
        ("week", "2023-W22"),
        ("weekend", "2023-W22-WE"),
        ("month", "2023-05"),
        ("quarter", "2023-Q2"),
        ("half", "2023-H1"),
        ("season", "2023-SP"),
        ("year", "2023"),
        ("decade", "202"),
        ("century", "20"),
    ],
)
def test_render_every_grain(grain, value):
    assert cal.render(grain, DAY) == value


def test_render_edges():
    assert cal.render("half", dt.date(2023, 7, 1)) == "2023-H2"
    assert cal.render("quarter", dt.date(2023, 12, 31)) == "2023-Q4"
    assert cal.render("season", DAY, "WI") == "2023-WI"  # the season named wins over the month's
    assert cal.render("week", dt.date(2021, 1, 1)) == "2020-W53"  # the ISO year, not the calendar year
    assert cal.render("unknown grain", DAY) == "2023"  # anything else is written as the year


def test_every_grain_has_an_unknown_value():
    assert set(cal.GRAINS) == set(cal.UNKNOWN)
    assert cal.UNKNOWN["day"] == "XXXX-XX-XX" and cal.UNKNOWN["decade"] == "XXX"


def test_add_months_clamps_the_day():
    assert cal.add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert cal.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert cal.add_months(dt.date(2023, 3, 15), -15) == dt.date(2021, 12, 15)


def test_shift_by_grain():
    assert cal.shift("day", DAY, -1) == dt.date(2023, 5, 29)
    assert cal.shift("week", DAY, 1) == dt.date(2023, 6, 6)
    assert cal.shift("quarter", DAY, -1) == dt.date(2023, 2, 28)
    assert cal.shift("year", DAY, -1) == dt.date(2022, 5, 30)
    assert cal.shift("decade", DAY, 1) == dt.date(2033, 5, 30)
    assert cal.shift("day", dt.date.max, 1) == dt.date.max  # past the calendar: unchanged


@pytest.mark.parametrize(
    ("weekday", "direction", "day"),
    [
        (2, "past", dt.date(2023, 5, 30)),  # the reference day itself
        (2, "past_strict", dt.date(2023, 5, 23)),
        (2, "future", dt.date(2023, 5, 30)),
        (2, "future_strict", dt.date(2023, 6, 6)),
        (5, "past", dt.date(2023, 5, 26)),
        (5, "future", dt.date(2023, 6, 2)),
        (7, "week", dt.date(2023, 6, 4)),
        (1, "week", dt.date(2023, 5, 29)),
    ],
)
def test_weekday_near(weekday, direction, day):
    assert cal.weekday_near(DAY, weekday, direction) == day


def test_nth_weekday():
    assert cal.nth_weekday(2023, 11, 4, 4) == dt.date(2023, 11, 23)  # Thanksgiving
    assert cal.nth_weekday(2023, 5, -1, 1) == dt.date(2023, 5, 29)  # Memorial Day
    assert cal.nth_weekday(2023, 9, 1, 1) == dt.date(2023, 9, 4)  # Labor Day


def test_pick_year_by_tense():
    def make(y):
        return dt.date(y, 3, 1)

    assert cal.pick_year(DAY, make, "past") == dt.date(2023, 3, 1)
    assert cal.pick_year(DAY, make, "future") == dt.date(2024, 3, 1)
    assert cal.pick_year(DAY, make, "news") == dt.date(2023, 3, 1)
    # 'news': a date close ahead is the coming one (a deadline, a payment date)
    assert cal.pick_year(DAY, lambda y: dt.date(y, 7, 1), "news") == dt.date(2023, 7, 1)
    assert cal.pick_year(DAY, lambda y: dt.date(y, 9, 1), "news") == dt.date(2022, 9, 1)
    assert cal.pick_year(DAY, lambda y: dt.date(y, 5, 30), "past", strict=True) == dt.date(2022, 5, 30)
    assert cal.pick_year(DAY, lambda y: None, "past") is None


def test_pick_year_feb_29_takes_the_leap_year():
    def make(y):
        try:
            return dt.date(y, 2, 29)
        except ValueError:
            return None

    assert cal.pick_year(DAY, make, "news") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("published", "day", "moment"),
    [
        (None, None, None),
        ("", None, None),
        ("2023-05-30", DAY, None),
        ("2023-05-30T10:15:00Z", DAY, dt.datetime(2023, 5, 30, 10, 15, tzinfo=dt.UTC)),
        ("2023-05-30 garbage", DAY, None),  # the date part still counts
        ("not a date", None, None),
    ],
)
def test_parse_published(published, day, moment):
    assert cal.parse_published(published) == (day, moment)


def test_season_of():
    assert [cal.season_of(m) for m in (1, 4, 7, 10, 12)] == ["WI", "SP", "SU", "FA", "WI"]
