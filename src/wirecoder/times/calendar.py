"""Calendar arithmetic and TIMEX3 value strings.

A resolved point is a (grain, date) pair: the date is any day inside the period, the grain says how
the value is written (2023-05-30, 2023-W22, 2023-05, 2023-Q2, 2023, 202, 20 ...).
"""

from __future__ import annotations

import datetime as dt

GRAINS = ("day", "weekend", "week", "month", "quarter", "half", "season", "year", "decade", "century")

# Rendering for a grain whose date is not known (no publication date to resolve against).
UNKNOWN = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "half": "XXXX-HX",
    "season": "XXXX-XX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}

SEASON_OF_MONTH = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_of(month: int) -> str:
    """The season code of a month (northern hemisphere, meteorological seasons)."""
    return SEASON_OF_MONTH.get(month, "FA")


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, its day clamped to the month's length (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, 1), 9999)
    return dt.date(year, month + 1, min(day.day, _month_length(year, month + 1)))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


# how many months one period of a grain spans (a season recurs once a year)
_MONTHS_OF_GRAIN = {
    "month": 1,
    "quarter": 3,
    "half": 6,
    "season": 12,
    "year": 12,
    "decade": 120,
    "century": 1200,
}


def shift(grain: str, day: dt.date, n: int) -> dt.date:
    """The same position n periods later (n < 0: earlier)."""
    try:
        if grain == "day":
            return day + dt.timedelta(days=n)
        if grain in ("week", "weekend"):
            return day + dt.timedelta(days=7 * n)
        return add_months(day, _MONTHS_OF_GRAIN.get(grain, 12) * n)
    except OverflowError:
        return day


def _iso_week(day: dt.date, season: str | None) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


# grain -> how the period around a day is written (any other grain: the year)
_RENDER = {
    "day": lambda day, season: day.isoformat(),
    "week": _iso_week,
    "weekend": lambda day, season: _iso_week(day, season) + "-WE",
    "month": lambda day, season: f"{day.year:04d}-{day.month:02d}",
    "quarter": lambda day, season: f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
    "half": lambda day, season: f"{day.year:04d}-H{1 if day.month <= 6 else 2}",
    "season": lambda day, season: f"{day.year:04d}-{season or season_of(day.month)}",
    "decade": lambda day, season: f"{day.year // 10:03d}",
    "century": lambda day, season: f"{day.year // 100:02d}",
}


def render(grain: str, day: dt.date, season: str | None = None) -> str:
    """The TIMEX3 value of the period of `grain` that contains `day`."""
    write = _RENDER.get(grain)
    return write(day, season) if write is not None else f"{day.year:04d}"


def weekday_near(ref: dt.date, weekday: int, direction: str) -> dt.date:
    """The day with ISO `weekday` near `ref`.

    direction: 'past' (the most recent, ref itself included), 'past_strict', 'future' (the next,
    ref included), 'future_strict', 'week' (inside ref's ISO week).
    """
    delta = weekday - ref.isoweekday()
    if direction == "week":
        return ref + dt.timedelta(days=delta)
    if direction.startswith("past"):
        back = (-delta) % 7
        if back == 0 and direction == "past_strict":
            back = 7
        return ref - dt.timedelta(days=back)
    ahead = delta % 7
    if ahead == 0 and direction == "future_strict":
        ahead = 7
    return ref + dt.timedelta(days=ahead)


def nth_weekday(year: int, month: int, n: int, weekday: int) -> dt.date:
    """The nth ISO weekday of a month (n = -1: the last)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, _month_length(year, month))
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def pick_year(ref: dt.date, make, tense: str | None, strict: bool = False) -> dt.date | None:
    """Choose the year for a date given without one.

    `make(year)` builds the candidate date (None if impossible). Past tense: the latest candidate on
    or before `ref`; future: the earliest on or after; 'news': the latest on or before `ref` unless
    one lies within NEAR_FUTURE_DAYS ahead; otherwise the nearest.
    """
    candidates = [d for d in (make(ref.year - 1), make(ref.year), make(ref.year + 1)) if d is not None]
    if not candidates:
        return None
    if tense == "past":
        past = [d for d in candidates if (d < ref if strict else d <= ref)]
        if past:
            return max(past)
    elif tense == "future":
        future = [d for d in candidates if (d > ref if strict else d >= ref)]
        if future:
            return min(future)
    if tense == "news":
        # the most recent one, unless the next one is close ahead (a deadline, a payment date)
        ahead = [d for d in candidates if d > ref]
        if ahead and (min(ahead) - ref).days <= NEAR_FUTURE_DAYS:
            return min(ahead)
        past = [d for d in candidates if d <= ref]
        if past:
            return max(past)
    return min(candidates, key=lambda d: (abs((d - ref).days), d > ref))


# A date without a year this close ahead of publication is read as upcoming, not as last year's.
NEAR_FUTURE_DAYS = 62


def parse_published(published: str | None) -> tuple[dt.date | None, dt.datetime | None]:
    """The publication date, and the datetime when a time of day is given."""
    if not published:
        return None, None
    text = str(published).strip()
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text[:10]), None
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.date(), moment
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10]), None
        except ValueError:
            return None, None
