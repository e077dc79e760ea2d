"""The article's words as merge evidence (corpus.terms), cluster joining and the order of an
article's events, on hand-built Documents (no model), against SQLite and, where
WIRECODER_TEST_POSTGRES names a server, PostgreSQL too."""

import math
from collections import Counter

import pytest
import test_corpus
from sqlalchemy import func, select
from test_corpus import document, events_of

from wirecoder.corpus import merge, terms
from wirecoder.corpus.merge import Cluster, Member, best_join, join_fit, pair_score
from wirecoder.store.tables import document_terms, term_counts

# the store fixtures (SQLite, and PostgreSQL where one runs) of the corpus tests
db_url, corpus = test_corpus.db_url, test_corpus.corpus

GENERIC = (
    "Police said the shooting happened late on the night and officers found a man with gunshot "
    "wounds; he was taken to a hospital, and detectives asked anyone with information to call. "
)


def lead(*details: str) -> str:
    """A news lead: the generic words of a shooting report around an incident's own details."""
    return GENERIC + " ".join(details) + " " + GENERIC


HERON = lead(
    "Marlon Quibbert, 34, was wounded outside the Blue Heron tavern on Alder Lane after an argument",
    "over a parking space; witnesses described a silver pickup and a tattooed gunman named Ostrander.",
)
QUARRY = lead(
    "Teenagers fishing near the old Pellham quarry heard shots and found Darnell Voskuijlen slumped",
    "beside a rowing boat; a kayak instructor and a fisherman told deputies about a green motorcycle.",
)
BACKGROUND = [
    lead(f"Case {n}: a {word} incident near the {place} was reported by neighbours.")
    for n, (word, place) in enumerate(
        [("robbery", "station"), ("dispute", "school"), ("drive-by", "market"), ("domestic", "bridge")]
    )
]


def add_background(corpus, day="2016-05-01"):
    """Other shooting reports, weeks before: the generic words of a shooting become common."""
    for n, text in enumerate(BACKGROUND):
        corpus.add_document(document(f"bg{n}", day, [("ASSAULT", "Chicago", day, 1, 0)], text=text))


def test_lead_terms_drop_stop_words_and_read_only_the_lead():
    counts = terms.lead_terms("The man was shot on Alder Lane. " + "x" * terms.LEAD_CHARS + " Ostrander")
    assert counts["alder"] == 1 and counts["shot"] == 1
    assert "the" not in counts and "was" not in counts and "on" not in counts
    assert "ostrander" not in counts  # past the lead


def test_weights_favour_rare_words_and_have_unit_length():
    vector = terms.weigh(Counter({"police": 1, "ostrander": 1}), {"police": 90, "ostrander": 1}, 100)
    assert vector["ostrander"] > vector["police"] > 0
    assert math.isclose(sum(x * x for x in vector.values()), 1.0, abs_tol=1e-3)
    many = Counter({f"w{n}": 1 for n in range(3 * terms.VECTOR_TERMS)})
    assert len(terms.weigh(many, {}, 10)) == terms.VECTOR_TERMS


def test_similarity_of_texts():
    a = terms.weigh(Counter({"heron": 2, "alder": 1}), {}, 10)
    assert terms.similarity(a, a) == pytest.approx(1.0, abs=1e-3)
    assert terms.similarity(a, terms.weigh(Counter({"quarry": 1}), {}, 10)) == 0.0
    assert terms.similarity(a, {}) is None and terms.similarity(None, a) is None
    assert terms.key_terms(a)[0] == "heron"


def features(day, place=None, vector=None, published="2016-06-05"):
    return {
        "type": "ASSAULT",
        "date": {"first": day, "last": day, "precision": "day"},
        "published": published,
        "place": place,
        "counts": {},
        "terms": vector,
    }


NAMPA = {"name": "Nampa", "lat": 43.54, "lon": -116.56, "country": "USA", "precision": 1}
CHICAGO = {"name": "Chicago", "lat": 41.85, "lon": -87.65, "country": "USA", "precision": 1}


def test_alike_texts_outweigh_a_misread_date_or_place_but_not_both_alone():
    alike = terms.weigh(Counter({"heron": 2, "alder": 1, "quibbert": 1}), {}, 50)
    assert pair_score(features("2016-06-01"), features("2016-06-05")) is None  # four days apart
    assert pair_score(features("2016-06-01", vector=alike), features("2016-06-05", vector=alike)) >= 2
    assert pair_score(features("2016-06-01", NAMPA), features("2016-06-01", CHICAGO)) is None
    assert pair_score(features("2016-06-01", NAMPA, alike), features("2016-06-01", CHICAGO, alike)) >= 2
    # published months apart: the words no longer outweigh the conflict
    late = features("2016-09-01", vector=alike, published="2016-09-02")
    assert pair_score(features("2016-06-01", vector=alike), late) is None


def test_two_long_texts_that_share_nothing_are_kept_apart():
    a = terms.weigh(Counter({f"a{n}": 1 for n in range(30)}), {}, 50)
    b = terms.weigh(Counter({f"b{n}": 1 for n in range(30)}), {}, 50)
    same_day_same_city = pair_score(features("2016-06-01", NAMPA), features("2016-06-01", NAMPA))
    assert same_day_same_city >= merge.MERGE_THRESHOLD
    assert (
        pair_score(features("2016-06-01", NAMPA, a), features("2016-06-01", NAMPA, b)) < merge.MERGE_THRESHOLD
    )
    short = terms.weigh(Counter({"a1": 1}), {}, 50)  # a short text says too little to keep apart
    assert pair_score(features("2016-06-01", NAMPA, short), features("2016-06-01", NAMPA, b)) >= 2


def test_reports_with_one_lead_merge_across_a_misread_date_and_place(corpus):
    add_background(corpus)
    corpus.add_document(document("a", "2016-06-02", [("ASSAULT", "Nampa", "2016-06-01", 0, 1)], text=HERON))
    # the second outlet's date is misread (four days off) and its place resolved to another city
    other = (  # another outlet's own report (not a copy): the same names, other sentences
        "A tattooed gunman identified as Ostrander opened fire on Marlon Quibbert, 34, in front of the "
        "Blue Heron tavern on Alder Lane, in a quarrel about a parking space. He fled in a silver pickup. "
        "Quibbert was treated at a hospital for wounds that were not life-threatening, deputies said."
    )
    corpus.add_document(document("b", "2016-06-05", [("ASSAULT", "Chicago", "2016-06-05", 0, 1)], text=other))
    corpus.add_document(document("c", "2016-06-02", [("ASSAULT", "Nampa", "2016-06-01", 0, 1)], text=QUARRY))
    groups = [e["documents"] for e in events_of(corpus) if not e["documents"][0].startswith("bg")]
    assert groups == [["a", "b"], ["c"]]
    [event] = [e for e in corpus.events() if e["documents"] == ["a", "b"]]
    assert {d["field"] for d in event["disputes"]} >= {"place", "date"}  # the misreadings stay visible


def test_key_terms_are_indexed_and_counted_per_text(corpus):
    add_background(corpus)
    with corpus.store.engine.connect() as conn:
        texts = conn.execute(
            select(term_counts.c.documents).where(term_counts.c.term == terms.TEXTS_ROW)
        ).scalar()
        police = conn.execute(select(term_counts.c.documents).where(term_counts.c.term == "police")).scalar()
        keys = conn.execute(select(func.count()).select_from(document_terms)).scalar()
    assert texts == len(BACKGROUND) and police == len(BACKGROUND)
    assert keys == len(BACKGROUND) * terms.KEY_TERMS
    before = sorted(e["documents"] for e in corpus.events())
    corpus.merge()  # recounts in publication order
    with corpus.store.engine.connect() as conn:
        assert conn.execute(select(term_counts.c.documents).where(term_counts.c.term == "")).scalar() == texts
    assert sorted(e["documents"] for e in corpus.events()) == before


def member(n, people, day="2016-06-01"):
    return Member(n, "e1", n, {**features(day), "people": people, "published": "2016-06-02"})


def test_clusters_join_when_they_fit_as_a_whole():
    garza, lee = member(1, ["garza"]), member(2, ["lee"])
    both = member(3, ["garza", "lee"])
    assert pair_score(garza.features, lee.features) < merge.MERGE_THRESHOLD  # apart on their own
    first, second = Cluster(1, [garza, both]), Cluster(2, [lee])
    assert join_fit(first, second) >= merge.JOIN_THRESHOLD
    assert best_join(first, [second]) is second
    # one member two days off conflicts: the clusters never join, however well the rest fit
    far = Cluster(3, [member(4, ["lee"], day="2016-06-04")])
    assert join_fit(first, far) is None and best_join(first, [far]) is None


def test_a_report_that_fits_two_clusters_joins_them(corpus):
    corpus.add_document(
        document("a", "2016-07-01", [("ASSAULT", None, "2016-06-30", 1, 0)], people=["Mario Garza"])
    )
    corpus.add_document(
        document("b", "2016-07-01", [("ASSAULT", None, "2016-06-30", 1, 0)], people=["Ann Lee"])
    )
    assert len(events_of(corpus)) == 2
    people = ["Mario Garza", "Ann Lee"]
    corpus.add_document(document("c", "2016-07-02", [("ASSAULT", None, "2016-06-30", 1, 0)], people=people))
    assert [e["documents"] for e in events_of(corpus)] == [["a", "b", "c"]]


def test_an_articles_most_confident_event_picks_its_cluster_first(corpus):
    corpus.add_document(document("a", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-30", 1, 0)]))
    two = document("b", "2016-07-01", [("ASSAULT", "Nampa", "2016-06-30", 1, 0)] * 2)
    two["events"][0]["confidence"], two["events"][1]["confidence"] = 0.3, 0.9  # the main event is e2
    corpus.add_document(two)
    [shared] = [e for e in corpus.events() if e["documents"] == ["a", "b"]]
    assert {(m["document"], m["event"]) for m in shared["mentions"]} == {("a", "e1"), ("b", "e2")}


def test_a_new_version_replaces_the_key_words_of_the_old(corpus):
    first = document(
        "a", "2016-06-02", [("ASSAULT", "Nampa", "2016-06-01", 0, 1)], text=HERON, url="https://x.example/1"
    )
    corpus.add_document(first)
    update = document(
        "a2", "2016-06-03", [("ASSAULT", "Nampa", "2016-06-01", 0, 1)], text=QUARRY, url="https://x.example/1"
    )
    assert corpus.add_document(update).status == "version"
    with corpus.store.engine.connect() as conn:
        rows = conn.execute(select(document_terms.c.term)).scalars().all()
    assert len(rows) == terms.KEY_TERMS and "quibbert" not in rows
