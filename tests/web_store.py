"""A small store for the web tests, filled from hand-built Documents (no model): merged and single
events of several types and places, an article with every span layer, and a hostile article whose
text, title, place name and quote carry markup and script."""

from __future__ import annotations

from test_corpus import document

from wirecoder.corpus import Corpus

HOSTILE_TEXT = (
    'Breaking <script>window.__pwned = "script";</script> news: a shooting in '
    '<img src=x onerror="window.__pwned = \'img\'"> Boise left 2 dead. '
    "Officials said \"<b onmouseover=alert(1)>it was awful</b>\"."
)
HOSTILE_PLACE = '<img src=x onerror="window.__pwned=\'place\'">Boise'
HOSTILE_TITLE = "<script>window.__pwned='title'</script>Title"


def span(text: str, words: str, after: int = 0) -> dict:
    start = text.index(words, after)
    return {"start": start, "end": start + len(words), "text": words}


def layered(doc_id: str, published: str, day: str) -> dict:
    """A Nampa shooting report with entities, actors, places, times, an attribution and a claim."""
    text = "Police said a gunman shot a man in Nampa on Tuesday. Chief John Smith said the gunman fled."
    doc = document(doc_id, published, [("ASSAULT", "Nampa", day, 0, 1)], text=text, people=("John Smith",))
    doc["entities"] = [
        {**span(text, "Nampa"), "label": "GPE", "actor": None, "place": "p1"},
        {**span(text, "John Smith"), "label": "PERSON", "actor": "a1", "place": None},
    ]
    doc["actors"][0].update(country="USA", sector="GOV", mentions=[span(text, "Chief John Smith")])
    doc["actors"].append({"id": "a2", "name": "police", "kind": "organization", "country": "USA", "sector": "COP",
                          "mentions": [span(text, "Police")]})  # fmt: skip
    doc["places"][0]["mentions"] = [{**span(text, "Nampa"), "sense": "literal"}]
    doc["times"] = [{"id": "t1", **span(text, "Tuesday"), "type": "DATE", "value": day, "anchor": "published"}]
    doc["attributions"] = [
        {"id": "at1", "kind": "indirect", "speaker": span(text, "Chief John Smith"), "speaker_actor": "a1",
         "cue": span(text, "said", 20), "content": span(text, "the gunman fled"), "stance": "assert"}
    ]  # fmt: skip
    event = doc["events"][0]
    event["actor"] = None
    event["evidence"] = [span(text, "shot")]
    event["mentions"] = [{"trigger": span(text, "shot"), "sentence": span(text, text[:52])}]
    event["claimed_by"] = ["at1"]
    event["status"] = "claimed"
    return doc


def hostile() -> dict:
    doc = document("hostile", "2016-07-04", [("ASSAULT", "Boise", "2016-07-03", 2, 0)], text=HOSTILE_TEXT)
    doc["title"] = HOSTILE_TITLE
    doc["places"][0]["name"] = HOSTILE_PLACE
    doc["places"][0]["mentions"] = [{**span(HOSTILE_TEXT, "Boise"), "sense": "literal"}]
    doc["entities"] = [{**span(HOSTILE_TEXT, "<script>"), "label": "ORG", "actor": None, "place": None}]
    doc["attributions"] = [
        {"id": "at1", "kind": "direct", "speaker": span(HOSTILE_TEXT, "Officials"), "speaker_actor": None,
         "cue": span(HOSTILE_TEXT, "said"), "content": span(HOSTILE_TEXT, "<b onmouseover=alert(1)>it was awful</b>"),
         "stance": "assert"}
    ]  # fmt: skip
    event = doc["events"][0]
    event["evidence"] = [span(HOSTILE_TEXT, "shooting")]
    event["mentions"] = [{"trigger": span(HOSTILE_TEXT, "shooting"), "sentence": span(HOSTILE_TEXT, HOSTILE_TEXT[:60])}]
    event["claimed_by"] = ["at1"]
    event["status"] = "claimed"
    return doc


def fill(db: str) -> dict[str, str]:
    """Fill the store; the event ids of the named events."""
    with Corpus(db) as corpus:
        corpus.add_document(layered("a", "2016-07-01", "2016-06-29"))
        corpus.add_document(layered("b", "2016-07-01", "2016-06-29"))
        corpus.add_document(document("c", "2016-07-02", [("ASSAULT", "Chicago", "2016-07-01", 3, 2)]))
        corpus.add_document(document("d", "2016-07-03", [("PROTEST", "Moscow", "2016-07-02", None, None)]))
        corpus.add_document(document("e", "2016-07-05", [("COERCE", None, "2016-07-04", None, None)]))
        corpus.add_document(hostile())
        ids = {}
        for record in corpus.events():
            ids[",".join(record["documents"])] = record["id"]
    return ids
