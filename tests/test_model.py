"""The output records: to_dict is the contract's JSON (keys in order, optional keys left out), and
from_dict reads it back."""

from __future__ import annotations

import json

from wirecoder.model import (
    AttributionRecord,
    Content,
    Count,
    EventMentionRecord,
    EventRecord,
    EventTime,
    PlaceMention,
    PlaceRecord,
    Span,
    TimeRecord,
)


def test_time_leaves_out_optional_keys_while_none():
    time = TimeRecord("t1", 14, 21, "Tuesday", "DATE", "2023-05-30", "published")
    assert list(time.to_dict()) == ["id", "start", "end", "text", "type", "value", "anchor"]
    time.mod = "START"
    assert time.to_dict()["mod"] == "START"
    assert TimeRecord.from_dict(time.to_dict()) == time


def test_nested_records_round_trip_in_key_order():
    said = Span(0, 2, "He")
    attribution = AttributionRecord(
        "a1",
        "direct",
        said,
        "x1",
        Span(3, 7, "said"),
        Content(8, 20, "it was over", [Span(8, 12, "it w")]),
        "assert",
    )
    data = attribution.to_dict()
    assert list(data) == ["id", "kind", "speaker", "speaker_actor", "cue", "content", "stance"]
    assert data["content"]["pieces"] == [{"start": 8, "end": 12, "text": "it w"}]
    assert AttributionRecord.from_dict(json.loads(json.dumps(data))) == attribution


def test_event_counts_map_names_to_counts_or_none():
    event = EventRecord(
        "e1", "ASSAULT", None, None, None, None, None, "p1", 1,
        EventTime("2023-05-30", "t1", "day"),
        {"killed": Count(1, 1, None, Span(0, 3, "one")), "injured": None},
        "asserted", [], [], [Span(4, 8, "shot")], 0.9, 0.8,
        [EventMentionRecord(Span(4, 8, "shot"), Span(0, 20, "One was shot dead."), "asserted", None)],
        incident="main",
    )  # fmt: skip
    data = event.to_dict()
    assert "actor_inferred" not in data and data["incident"] == "main"
    assert data["counts"] == {
        "killed": {"low": 1, "best": 1, "high": None, "evidence": {"start": 0, "end": 3, "text": "one"}},
        "injured": None,
    }
    back = EventRecord.from_dict(data)
    assert back == event and isinstance(back.counts["killed"], Count) and back.counts["injured"] is None


def test_place_mentions_carry_their_sense():
    place = PlaceRecord(
        "p1",
        "Kyiv",
        703448,
        50.45,
        30.52,
        "UA",
        "Kyiv City",
        "city",
        [PlaceMention(0, 4, "Kyiv", "metonymic")],
    )
    assert place.to_dict()["mentions"] == [{"start": 0, "end": 4, "text": "Kyiv", "sense": "metonymic"}]
    assert PlaceRecord.from_dict(place.to_dict()) == place


def test_document_builds_records_from_its_json_and_writes_the_same_json():
    from wirecoder.model import ActorRecord, Document

    kyiv = PlaceRecord("p1", "Kyiv", 703448, 50.45, 30.52, "UA", None, "city", [PlaceMention(0, 4, "Kyiv")])
    document = Document(
        id="d1",
        text="Kyiv was hit on Tuesday, he said.",
        actors=[ActorRecord("a1", "Volodymyr Zelensky", "person", "UKR", "GOV", None, [Span(25, 27, "he")])],
        places=[kyiv],
        times=[TimeRecord("t1", 16, 23, "Tuesday", "DATE", "2023-05-30", "published")],
        attributions=[
            AttributionRecord("at1", "indirect", Span(25, 27, "he"), "a1", Span(28, 32, "said"),
                              Content(0, 23, "Kyiv was hit on Tuesday"), "assert")
        ],
    )  # fmt: skip
    data = json.loads(document.to_json())
    assert list(data)[:2] == ["schema", "id"] and data["places"][0]["mentions"][0]["sense"] == "literal"
    back = Document.from_dict(data)
    assert back == document and isinstance(back.places[0].mentions[0], PlaceMention)
    assert isinstance(back.attributions[0].content, Content) and back.attributions[0].content.pieces is None
    assert back.to_dict() == document.to_dict()


def test_timex_record_is_its_dict():
    from wirecoder.times.timex import Timex

    plain = Timex(0, 7, "Tuesday", "DATE", "2023-05-30", mod="", anchor="published", id="t1")
    relative = Timex(0, 11, "A day after", "DATE", "XXXX-XX-XX", mod="AFTER", id="t2",
                     anchor_text="Russia bombarded Kyiv", anchor_start=12, anchor_end=33)  # fmt: skip
    for timex in (plain, relative):
        assert timex.to_record().to_dict() == timex.to_dict()
        assert list(timex.to_record().to_dict()) == list(timex.to_dict())
    assert "mod" not in plain.to_record().to_dict()  # an empty mod is left out, as to_dict does
    # the contract's JSON, spelled out (to_dict is the record's JSON, so this is what both give)
    assert plain.to_dict() == {
        "id": "t1", "start": 0, "end": 7, "text": "Tuesday", "type": "DATE", "value": "2023-05-30",
        "anchor": "published",
    }  # fmt: skip
    assert list(relative.to_dict()) == [
        "id", "start", "end", "text", "type", "value", "anchor", "mod", "anchor_text", "anchor_start", "anchor_end",
    ]  # fmt: skip
