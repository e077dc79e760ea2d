"""The corpus store and the cross-article merge, on hand-built Documents (no model), against SQLite
and, where WIRECODER_TEST_POSTGRES names a server (as .ci/run does), PostgreSQL too."""

import datetime as dt
import json
import os
import random
import uuid

import pytest
from sqlalchemy import create_engine, text

from wirecoder.corpus import Corpus
from wirecoder.corpus.merge import Member, pair_score
from wirecoder.store import StoreError, open_store, resolve_url

POSTGRES = os.environ.get("WIRECODER_TEST_POSTGRES")

PLACES = {
    "Nampa": {"lat": 43.54, "lon": -116.56, "country": "US", "admin1": "Idaho", "kind": "city"},
    "Boise": {"lat": 43.61, "lon": -116.20, "country": "US", "admin1": "Idaho", "kind": "city"},
    "Chicago": {"lat": 41.85, "lon": -87.65, "country": "US", "admin1": "Illinois", "kind": "city"},
    "Moscow": {"lat": 55.75, "lon": 37.62, "country": "RU", "admin1": None, "kind": "city"},
}


def document(doc_id, published, events, *, text=None, url=None, people=()):
    """A Document as the analysis would give it: each event (type, place, day, killed, injured)."""
    text = text or f"Report {doc_id}: " + " ".join(
        uuid.uuid5(uuid.NAMESPACE_URL, doc_id).hex for _ in range(3)
    )
    places, actors, out = [], [], []
    for n, person in enumerate(people, 1):
        actors.append({"id": f"a{n}", "name": person, "kind": "person", "country": None, "sector": None,
                       "mentions": [{"start": 0, "end": 1, "text": "x"}]})  # fmt: skip
    for n, (etype, place, day, killed, injured) in enumerate(events, 1):
        place_id = None
        if place:
            place_id = f"p{n}"
            places.append({"id": place_id, "name": place, **PLACES[place], "mentions": []})
        counts = {
            "killed": None if killed is None else {"low": killed, "best": killed, "high": killed},
            "injured": None if injured is None else {"low": injured, "best": injured, "high": injured},
        }
        out.append(
            {
                "id": f"e{n}",
                "type": etype,
                "mode": None,
                "acled_event_type": None,
                "acled_sub_event_type": None,
                "actor": None,
                "recipient": None,
                "place": place_id,
                "time": {"value": day} if day else None,
                "counts": counts,
                "status": "asserted",
                "claimed_by": [],
                "denied_by": [],
                "evidence": [{"start": 0, "end": 6, "text": text[:6]}],
                "confidence": 0.9 - 0.1 * n,
                "mentions": [
                    {
                        "trigger": {"start": 0, "end": 6, "text": text[:6]},
                        "sentence": {"start": 0, "end": len(text), "text": text},
                    }
                ],
            }  # fmt: skip
        )
    return {"schema": "wirecoder/1", "id": doc_id, "text": text, "published": published, "url": url,
            "site": f"site-{doc_id}", "title": None, "author": None, "language": "en", "entities": [],
            "actors": actors, "places": places, "times": [], "attributions": [], "events": out}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    if not POSTGRES:
        pytest.skip("no PostgreSQL server (set WIRECODER_TEST_POSTGRES, as .ci/run does)")
    engine = create_engine(resolve_url(POSTGRES))
    with engine.begin() as conn:  # a clean schema per test
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES


@pytest.fixture
def corpus(db_url):
    with Corpus(db_url) as corpus:
        yield corpus


def events_of(corpus):
    return sorted(corpus.events(), key=lambda e: e["documents"])


def test_new_store_records_its_schema_version(db_url):
    with open_store(db_url) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0003"


def test_reports_of_one_incident_merge_and_look_alikes_stay_apart(corpus):
    corpus.add_document(document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 0, 1)]))
    corpus.add_document(document("b", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 0, 1)]))
    corpus.add_document(
        document("c", "2016-07-02", [("ASSAULT", "Nampa", "2016-06-30", None, 1)])
    )  # a day off
    corpus.add_document(
        document("d", "2016-07-15", [("ASSAULT", "Nampa", "2016-07-14", 1, 0)])
    )  # two weeks on
    corpus.add_document(
        document("e", "2016-07-01", [("ASSAULT", "Chicago", "2016-06-29", 0, 1)])
    )  # elsewhere
    corpus.add_document(document("f", "2016-07-01", [("PROTEST", "Nampa", "2016-06-29", None, None)]))
    groups = [e["documents"] for e in events_of(corpus)]
    assert groups == [["a", "b", "c"], ["d"], ["e"], ["f"]]
    merged = events_of(corpus)[0]
    assert merged["sources"] == 3
    assert merged["place"]["name"] == "Nampa" and merged["place"]["country"] == "USA"
    assert merged["time"] == {"value": "2016-06-29", "precision": "day"}
    assert [m["document"] for m in merged["mentions"]] == ["a", "b", "c"]


def test_weak_links_never_chain(corpus):
    # b is a day from a and a day from c, but a and c are two days apart: c cannot join a's cluster
    corpus.add_document(document("a", "2016-07-05", [("ASSAULT", "Nampa", "2016-07-01", 1, 0)]))
    corpus.add_document(document("b", "2016-07-05", [("ASSAULT", "Nampa", "2016-07-02", 1, 0)]))
    corpus.add_document(document("c", "2016-07-05", [("ASSAULT", "Nampa", "2016-07-03", 1, 0)]))
    assert [e["documents"] for e in events_of(corpus)] == [["a", "b"], ["c"]]


def test_counts_across_sources_and_disputes(corpus):
    corpus.add_document(document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-30", 2, 1)]))
    corpus.add_document(document("b", "2016-07-02", [("ASSAULT", "Nampa", "2016-06-30", 3, 1)]))
    [event] = corpus.events()
    assert event["counts"]["killed"] == {"low": 2, "best": 3, "high": 3}  # the later report's toll
    assert event["counts"]["injured"] == {"low": 1, "best": 1, "high": 1}
    assert event["disputes"] == [
        {"field": "killed", "values": [{"value": 2, "documents": ["a"]}, {"value": 3, "documents": ["b"]}]}
    ]
    assert [e["id"] for e in corpus.events(disputed=True)] == [event["id"]]
    assert list(corpus.events(disputed=False)) == []


def test_the_same_people_named_join_reports_without_a_place(corpus):
    corpus.add_document(document("a", "2016-07-01", [("ASSAULT", None, None, 1, 0)], people=["Mario Garza"]))
    corpus.add_document(document("b", "2016-07-02", [("ASSAULT", None, None, 1, 0)], people=["Mario Garza"]))
    corpus.add_document(document("c", "2016-07-02", [("ASSAULT", None, None, 1, 0)], people=["Ann Lee"]))
    assert [e["documents"] for e in events_of(corpus)] == [["a", "b"], ["c"]]


def test_events_of_one_article_never_merge_with_each_other(corpus):
    corpus.add_document(
        document(
            "a",
            "2016-07-01",
            [("ASSAULT", "Nampa", "2016-06-30", 1, 0), ("ASSAULT", "Nampa", "2016-06-30", 1, 0)],
        )
    )
    assert len(list(corpus.events())) == 2


def test_copies_are_one_source(corpus):
    story = (
        "The police said a man was shot dead on Main Street in Nampa late on Wednesday night. Officers "
        "found the victim, a 34-year-old father of two, lying near a parked car outside a bakery. "
        "Neighbours told reporters they heard four shots shortly before eleven and saw a dark sedan "
        "drive away towards the interstate. Detectives have not named a suspect and asked anyone with "
        "camera footage from the area to call the department. The mayor said the city would add "
        "patrols downtown through the weekend while the investigation continues."
    )
    corpus.add_document(document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 1, 0)], text=story))
    copy = story.replace("late on Wednesday", "on Wednesday") + " Copyright 2016 Wire Service."
    corpus.add_document(document("b", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 1, 0)], text=copy))
    [event] = corpus.events()
    assert event["documents"] == ["a", "b"] and event["sources"] == 1
    assert {m["document"]: m["copy_of"] for m in event["mentions"]} == {"a": None, "b": "a"}


def test_a_changed_text_is_a_new_version_and_its_events_are_remerged(corpus):
    first = document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 1, 0)], url="https://x.example/1")
    corpus.add_document(first)
    corpus.add_document(document("b", "2016-07-01", [("ASSAULT", "Boise", "2016-06-29", 0, 2)]))
    assert corpus.add_document(first).status == "stored"
    # the page was updated: same URL, new text, the toll has risen and the place is now Boise
    update = document(
        "a2", "2016-07-02", [("ASSAULT", "Boise", "2016-06-29", 0, 2)], url="https://x.example/1"
    )
    assert corpus.add_document(update).status == "version"
    assert corpus.counts() == {"documents": 2, "versions": 3, "events": 1, "mentions": 2}
    [event] = corpus.events()
    assert event["documents"] == ["a2", "b"]


def test_remerge_rebuilds_the_same_events(corpus):
    rng = random.Random(7)
    docs = incident_documents(rng, incidents=12, reports=3)
    for doc in docs:
        corpus.add_document(doc)
    before = sorted(e["documents"] for e in corpus.events())
    assert corpus.merge() == len(before)
    assert sorted(e["documents"] for e in corpus.events()) == before


def incident_documents(rng, incidents, reports):
    """Look-alike shootings: the same few cities within weeks, several reports each, some reports
    without a place or with a toll that changed."""
    docs = []
    for n in range(incidents):
        city = rng.choice(["Nampa", "Boise", "Chicago"])
        day = dt.date(2016, 7, 1) + dt.timedelta(2 * n)
        killed, injured = rng.randint(0, 2), rng.randint(0, 3)
        for r in range(reports):
            published = (day + dt.timedelta(r)).isoformat()
            place = city if rng.random() > 0.2 else None
            event = ("ASSAULT", place, day.isoformat(), killed, injured)
            docs.append(document(f"i{n:02d}r{r}", published, [event]))
    return docs


def bcubed_f1(predicted: dict[str, int], gold: dict[str, int]) -> float:
    def clusters(assign):
        out = {}
        for item, label in assign.items():
            out.setdefault(label, set()).add(item)
        return out

    pred, true = clusters(predicted), clusters(gold)
    precision = sum(len(pred[predicted[i]] & true[gold[i]]) / len(pred[predicted[i]]) for i in gold) / len(
        gold
    )
    recall = sum(len(pred[predicted[i]] & true[gold[i]]) / len(true[gold[i]]) for i in gold) / len(gold)
    return 2 * precision * recall / (precision + recall)


def assignment(corpus):
    return {m["document"]: event["id"] for event in corpus.events() for m in event["mentions"]}


def test_arrival_order_barely_matters(tmp_path):
    rng = random.Random(11)
    docs = incident_documents(rng, incidents=30, reports=4)
    with Corpus(str(tmp_path / "ordered.db")) as ordered:
        for doc in docs:
            ordered.add_document(doc)
        original = assignment(ordered)
    shuffled_docs = docs[:]
    random.Random(3).shuffle(shuffled_docs)
    with Corpus(str(tmp_path / "shuffled.db")) as shuffled:
        for doc in shuffled_docs:
            shuffled.add_document(doc)
        other = assignment(shuffled)
    assert bcubed_f1(other, original) >= 0.99
    gold = {doc["id"]: doc["id"][:3] for doc in docs}
    assert bcubed_f1(original, gold) >= 0.95


def test_pair_score_conflicts():
    def features(**kw):
        base = {"type": "ASSAULT", "date": None, "published": "2016-07-02", "place": None, "counts": {}}
        return {**base, **kw}

    day = {"first": "2016-07-01", "last": "2016-07-01", "precision": "day"}
    far = {"first": "2016-07-10", "last": "2016-07-10", "precision": "day"}
    assert pair_score(features(date=day), features(date=far)) is None
    assert pair_score(features(type="PROTEST"), features()) is None
    moscow = {"name": "Moscow", "lat": 55.75, "lon": 37.62, "country": "RUS", "precision": 1}
    nampa = {"name": "Nampa", "lat": 43.54, "lon": -116.56, "country": "USA", "precision": 1}
    assert pair_score(features(place=moscow), features(place=nampa)) is None
    assert pair_score(features(date=day, place=moscow), features(date=day, place=moscow)) == 3.5
    assert Member(1, "e1", 1, features()).source == 1


def test_second_writer_is_refused(tmp_path):
    path = str(tmp_path / "store.db")
    with Corpus(path):
        with pytest.raises(StoreError, match="another wirecoder process"):
            Corpus(path)
        with Corpus(path, writer=False) as reader:  # readers need no lock
            assert list(reader.events()) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x@y/z", "only SQLite files and postgresql"),
        ("sqlite:///:memory:", "in-memory"),
        ("/no/such/folder/store.db", "does not exist"),
        ("://missing-scheme", "not a database URL"),
        ("postgresql://u@h:port/d", "not a database URL"),
    ],
)
def test_bad_store_urls_say_what_is_wrong(url, message):
    with pytest.raises(StoreError, match=message):
        open_store(url)


def test_not_a_store(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("hello")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(str(path))


def test_records_survive_json_round_trip(corpus):
    corpus.add_document(document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 1, 0)]))
    [event] = corpus.events()
    assert json.loads(json.dumps(event)) == event
    [doc] = corpus.documents()
    assert doc["id"] == "a"


def test_copies_are_found_after_a_restart(db_url):
    story = " ".join(f"word{n} sentence{n % 7} part{n % 3}" for n in range(60))
    with Corpus(db_url) as corpus:
        corpus.add_document(
            document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 1, 0)], text=story)
        )
    with Corpus(db_url) as corpus:  # a new process reads the stored signatures back
        corpus.add_document(
            document("b", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-29", 1, 0)], text=story + " end")
        )
        [event] = corpus.events()
    assert event["sources"] == 1 and event["documents"] == ["a", "b"]
