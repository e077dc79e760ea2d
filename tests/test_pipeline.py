import pytest
from conftest import assert_valid_document

import wirecoder
from wirecoder.ingest.base import IngestError
from wirecoder.ingest.dates import read_published
from wirecoder.model import Article, Document
from wirecoder.pipeline import AnalysisError, Analyzer, analyze_stream

pytestmark = pytest.mark.slow  # every test here runs the spaCy model

SEED_ENTITIES = [
    ("Putin", "PERSON"),
    ("Ukraine", "GPE"),
    ("Moscow", "GPE"),
    ("Kyiv", "GPE"),
    ("Mykhailo Podolyak", "PERSON"),
    ("State Department", "ORG"),
    ("Hmeimim air base", "FAC"),
    ("Bashar al-Assad", "PERSON"),
    ("Syrian", "NORP"),
    ("Russia", "GPE"),
]


def test_seed_entities(seed_text):
    doc = wirecoder.analyze(seed_text, published="2023-05-30")
    data = doc.to_dict()
    assert_valid_document(data)
    found = {(e["text"], e["label"]) for e in data["entities"]}
    for expected in SEED_ENTITIES:
        assert expected in found, expected
    assert not any(e["label"] == "PERSON" and e["text"] == "Kyiv" for e in data["entities"])
    assert not any("n’t" in e["text"] or "n't" in e["text"] for e in data["entities"])
    assert data["published"] == "2023-05-30"
    assert data["language"] == "en"
    assert data["text"] == seed_text
    for key in ("actors", "places", "times", "attributions", "events"):
        assert isinstance(data[key], list)  # filled by their own stages


def test_same_input_same_output(seed_text):
    first = wirecoder.analyze(seed_text).to_json()
    second = wirecoder.analyze(seed_text).to_json()
    assert first == second


def test_given_id_is_kept_and_own_date_wins():
    article = Article(text="Protesters marched in Paris on Monday.", id="a-1", published="2021-03-01")
    doc = wirecoder.analyze(article, published="2023-05-30")
    assert doc.id == "a-1"
    assert doc.published == "2021-03-01"
    assert wirecoder.analyze("Protesters marched in Paris.", published="2023-05-30").published == "2023-05-30"
    assert wirecoder.analyze("Protesters marched in Paris.").published is None


def test_bad_published_date_is_refused():
    with pytest.raises(ValueError, match="not a date: 'sometime in May'"):
        wirecoder.analyze("text", published="sometime in May")
    assert read_published("2023-05-30T10:00:00Z") == "2023-05-30T10:00:00+00:00"
    assert wirecoder.analyze("text", published="30/05/2023").published == "2023-05-30"


def test_unreadable_date_of_an_article_is_a_warning_and_the_article_is_kept():
    article = Article("Protesters marched in Paris.", published="7:58 AM ET, Sat January 3, 2015")
    assert wirecoder.analyze(article).published == "2015-01-03T07:58:00-05:00"
    with pytest.warns(wirecoder.MetadataWarning, match="publication date ignored: not a date: 'last week'"):
        doc = wirecoder.analyze(Article("Protesters marched in Paris.", published="last week"), "2023-05-30")
    assert doc.published == "2023-05-30"  # the fallback the caller gave


def test_empty_text_gives_a_valid_empty_document():
    data = wirecoder.analyze("").to_dict()
    assert_valid_document(data)
    assert data["entities"] == []


def test_batch_keeps_order_and_matches_single():
    texts = [f"Officials in Kyiv said {n} drones were shot down over Moscow." for n in range(5)]
    docs = list(wirecoder.analyze_batch(texts))
    assert [d.text for d in docs] == texts
    assert docs[3].to_dict() == wirecoder.analyze(texts[3]).to_dict()


def test_stream_passes_errors_through_in_place():
    items = [
        Article(text="Moscow is large."),
        IngestError("bad.html", "no article"),
        Article(text="Kyiv too."),
    ]
    results = list(analyze_stream(items))
    assert isinstance(results[0], Document) and results[0].text == "Moscow is large."
    assert isinstance(results[1], IngestError) and results[1].source == "bad.html"
    assert isinstance(results[2], Document)


def test_workers_give_the_same_documents():
    texts = [f"Russia said it shot down {n} Ukrainian drones aimed at Moscow." for n in range(20)]
    one = [d.to_dict() for d in wirecoder.analyze_batch(texts)]
    two = [d.to_dict() for d in wirecoder.analyze_batch(texts, workers=2)]
    assert one == two


def test_overlong_text_is_an_error_not_a_crash():
    analyzer = Analyzer()
    text = "word " * (analyzer.nlp.max_length // 5 + 10)
    [result] = list(analyzer.stream([Article(text=text, source="big.txt")]))
    assert isinstance(result, AnalysisError) and "too long" in result.reason


def test_document_round_trip():
    doc = wirecoder.analyze("Putin visited Kyiv.")
    assert Document.from_dict(doc.to_dict()).to_dict() == doc.to_dict()
