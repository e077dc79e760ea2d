"""Publication dates in the forms sites, feeds and corpora write them (ingest.dates)."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cli import invoke

from wirecoder.ingest.dates import read_published
from wirecoder.model import Article


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2015-01-03", "2015-01-03"),
        ("2015-01-03T07:58:00Z", "2015-01-03T07:58:00+00:00"),
        ("2015-01-03T07:58:00-05:00", "2015-01-03T07:58:00-05:00"),
        ("20150103", "2015-01-03"),
        ("Sat, 03 Jan 2015 07:58:00 -0500", "2015-01-03T07:58:00-05:00"),
        ("Sat, 03 Jan 2015 07:58:00 GMT", "2015-01-03T07:58:00+00:00"),
        ("7:58 AM ET, Sat January 3, 2015", "2015-01-03T07:58:00-05:00"),
        ("7:58 AM ET, Fri July 3, 2015", "2015-07-03T07:58:00-04:00"),  # summer time in the zone
        ("10:15 p.m. PT Jan. 3, 2015", "2015-01-03T22:15:00-08:00"),
        ("Updated 10:15 PM CDT Jul 4, 2016", "2016-07-04T22:15:00-05:00"),
        ("Published: Jan. 3, 2015 at 7:58 p.m.", "2015-01-03T19:58:00"),  # no zone: none invented
        ("January 3, 2015", "2015-01-03"),
        ("3 Jan 2015", "2015-01-03"),
        ("  3   January  2015 ", "2015-01-03"),
        ("2015/01/03", "2015-01-03"),
        ("03/01/2015", "2015-03-01"),  # ambiguous: month first, as documented
        ("25/12/2015", "2015-12-25"),  # 25 cannot be a month
        ("1420289880", "2015-01-03T12:58:00+00:00"),
        (1420289880000, "2015-01-03T12:58:00+00:00"),
        (dt.date(2015, 1, 3), "2015-01-03"),
    ],
)
def test_common_written_forms(written, iso):
    assert read_published(written) == iso


@pytest.mark.parametrize(
    "written",
    [
        "yesterday",
        "2 hours ago",
        "January 2015",
        "2015",
        "January 3",
        "garbage",
        "3015-01-03",
        "x" * 500,
        True,
    ],
)
def test_unreadable_or_incomplete_values_raise_naming_the_value(written):
    with pytest.raises(ValueError, match="not a"):
        read_published(written)


def test_empty_is_no_date():
    assert read_published(None) is None
    assert read_published("   ") is None


def test_a_zone_letter_pair_away_from_a_time_is_no_zone():
    # 'CT' after a city is Connecticut, not Central Time: the value is no date, nothing is guessed
    with pytest.raises(ValueError):
        read_published("Jan 3, 2015, Hartford, CT")


@given(st.text(max_size=60))
def test_any_string_gives_iso_or_a_value_error(text):
    try:
        iso = read_published(text)
    except ValueError:
        return
    if iso is not None:
        parsed = dt.date.fromisoformat(iso) if len(iso) == 10 else dt.datetime.fromisoformat(iso)
        assert 1900 <= parsed.year <= 2100
        assert read_published(iso) == iso  # reading its own output changes nothing


@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2100, 12, 30)))
def test_rfc2822_round_trip(moment):
    moment = moment.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    written = moment.strftime("%a, %d %b %Y %H:%M:%S -0500")
    assert read_published(written) == moment.isoformat()


def test_article_set_published_keeps_the_article_and_warns():
    article = Article("x")
    article.set_published("sometime soon")
    assert article.published is None
    assert article.warnings and "'sometime soon'" in article.warnings[0]


# The shape of a real corpus that lost 78 of 118 articles: published in every form, some unreadable.
FORMS = [
    "2015-01-03",
    "7:58 AM ET, Sat January 3, 2015",
    "Sat, 03 Jan 2015 07:58:00 -0500",
    "January 3, 2015",
    "3 Jan 2015",
    "2015/01/03",
    "not a date at all",
    "",
    None,
    1420289880,
    {"date": "2015-01-03"},
]


def _mixed_corpus(path, count=118):
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            record = {"id": f"a{n}", "text": f"Protesters marched in Paris on Friday, story {n}."}
            form = FORMS[n % len(FORMS)]
            if form is not None:
                record["published"] = form
            handle.write(json.dumps(record) + "\n")
    return path


def test_jsonl_with_every_form_loses_no_article(tmp_path):
    path = _mixed_corpus(tmp_path / "mixed.jsonl")
    result = invoke("extract", str(path))
    assert result.exit_code == 0, result.stderr  # warnings do not count as failures
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == [f"a{n}" for n in range(118)]
    by_form = {FORMS[n % len(FORMS)].__repr__(): records[n]["published"] for n in range(len(FORMS))}
    assert by_form[repr("7:58 AM ET, Sat January 3, 2015")] == "2015-01-03T07:58:00-05:00"
    assert by_form[repr("not a date at all")] is None
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    unreadable = sum(1 for n in range(118) if FORMS[n % len(FORMS)] in ("not a date at all",))
    unreadable += sum(1 for n in range(118) if isinstance(FORMS[n % len(FORMS)], dict))
    assert len(warnings) == unreadable
    assert all(line.startswith(f"wirecoder: warning: {path}:") for line in warnings)
    assert "'not a date at all'" in warnings[0]


@pytest.mark.slow
def test_analyze_keeps_an_article_with_an_unreadable_date(tmp_path):
    path = _mixed_corpus(tmp_path / "mixed.jsonl", count=len(FORMS))
    result = invoke("analyze", str(path), "--published", "2015-01-05")
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == len(FORMS)
    unreadable = docs[FORMS.index("not a date at all")]
    assert unreadable["published"] == "2015-01-05"  # the --published fallback, as for an undated input
    assert docs[FORMS.index("3 Jan 2015")]["published"] == "2015-01-03"
    assert "Traceback" not in result.stderr
