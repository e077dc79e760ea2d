"""Publication dates as sites, feeds and corpora write them, read into ISO 8601.

One reader for every place a `published` value comes from (JSONL lines, feed entries, HTML metadata,
`Article(published=...)`, `--published`):

* ISO 8601 dates and datetimes ('2015-01-03', '2015-01-03T07:58:00Z', '20150103');
* RFC 2822, as in RSS ('Sat, 03 Jan 2015 07:58:00 -0500');
* written dates, through dateparser with English month and day names: '7:58 AM ET, Sat January 3, 2015',
  'January 3, 2015', '3 Jan 2015', '2015/01/03', 'Updated 10:15 PM CDT Jul 4, 2016';
* Unix timestamps (10 digits: seconds; 13 digits: milliseconds), read in UTC.

The result is a date ('2015-01-03') when no time of day is written, else a datetime, with its UTC
offset when a zone is given ('2015-01-03T07:58:00-05:00'). Generic zone names ('ET', 'PT') are read in
their IANA zone on that date (data/ingest/time_zones.tsv), so summer time is right.

Numeric dates whose order is ambiguous ('03/01/2015') are read month first, as written in the US
(March 1); when the first number cannot be a month ('25/12/2015') it is the day. A year comes first only
when it is written with four digits ('2015/01/03').

Nothing is guessed: a value without a day, month and year ('January 2015', 'yesterday', '2 hours ago')
is not a publication date, and neither is a year outside 1900-2100. Such values raise ValueError with
a message that quotes them; callers decide whether that is a warning (metadata) or an error (the
user's own --published).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from wirecoder.resources import read_table

# Longer values are no date (a page's whole byline, or hostile input); dateparser is not asked.
MAX_DATE_CHARS = 120
YEAR_RANGE = (1900, 2100)

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*[ap]\.?\s?m\b\.?"
_TIME_OF_DAY = re.compile(_CLOCK, re.IGNORECASE)
_TIMESTAMP = re.compile(r"\d{10}(\d{3})?")


def read_published(value: str | int | float | dt.date | None) -> str | None:
    """The ISO 8601 form of a publication date, None for an empty value; ValueError if unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _checked(value).isoformat()
    if isinstance(value, dt.date):
        return _checked(value).isoformat()
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    if len(text) > MAX_DATE_CHARS:
        raise ValueError(f"not a date: {text[:40]!r}... ({len(text)} characters)")
    for reader in (_iso, _timestamp, _rfc2822, _written):
        moment = reader(text)
        if moment is not None:
            return _checked(moment, text).isoformat()
    raise ValueError(
        f"not a date: {text!r} (expected a day, month and year, e.g. 2015-01-03, "
        "'Sat, 03 Jan 2015 07:58:00 -0500' or 'January 3, 2015')"
    )


def _checked(moment: dt.date, text: str | None = None) -> dt.date:
    if not YEAR_RANGE[0] <= moment.year <= YEAR_RANGE[1]:
        shown = text if text is not None else moment.isoformat()
        raise ValueError(f"not a publication date: {shown!r} (year outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]})")
    return moment


def _iso(text: str) -> dt.date | None:
    try:
        if len(text) <= 10 and "T" not in text and ":" not in text:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return None


def _timestamp(text: str) -> dt.datetime | None:
    if not _TIMESTAMP.fullmatch(text):
        return None
    seconds = int(text) / (1000 if len(text) == 13 else 1)
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _rfc2822(text: str) -> dt.datetime | None:
    if not re.search(r"\d{1,2}:\d{2}", text):
        return None  # email.utils reads '3 Jan 2015' as midnight, inventing a time
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # parsedate_to_datetime gives a naive datetime for '-0000' (zone unknown): keep it naive
    return moment


def _written(text: str) -> dt.date | None:
    text = _strip_labels(text)
    zone, text = _generic_zone(text)
    parsed = _date_parser().get_date_data(text).date_obj
    if parsed is None:
        return None
    if not _TIME_OF_DAY.search(text):
        return parsed.date()
    if zone is not None:
        return parsed.replace(tzinfo=None).replace(tzinfo=zone)
    return parsed


@lru_cache(maxsize=1)
def _date_parser():
    from dateparser.date import DateDataParser  # costs 0.1 s to import: only when a written date comes

    return DateDataParser(
        languages=["en"],
        settings={
            # day, month and year must all be written: dateparser would otherwise fill them from today
            "REQUIRE_PARTS": ["day", "month", "year"],
            # no 'relative-time' ('2 hours ago' depends on when it runs), no bare-number timestamps
            "PARSERS": ["custom-formats", "absolute-time"],
            "DATE_ORDER": "MDY",
        },
    )


@lru_cache(maxsize=1)
def _labels() -> re.Pattern[str]:
    words = sorted((row[0] for row in read_table("ingest/date_labels.tsv")), key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"^(?:(?:{alternatives})\b\s*:?\s*)+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _zones() -> tuple[re.Pattern[str], dict[str, ZoneInfo]]:
    table = {row[0]: ZoneInfo(row[1]) for row in read_table("ingest/time_zones.tsv")}
    names = "|".join(sorted(table, key=len, reverse=True))
    # only right after a time of day: 'CT' alone is as likely Connecticut
    return re.compile(rf"(?i:{_CLOCK})\s*({names})\b"), table


def _strip_labels(text: str) -> str:
    return _labels().sub("", text) or text


def _generic_zone(text: str) -> tuple[ZoneInfo | None, str]:
    pattern, table = _zones()
    match = pattern.search(text)
    if match is None:
        return None, text
    return table[match.group(1)], (text[: match.start(1)] + text[match.end(1) :]).strip(" ,")
