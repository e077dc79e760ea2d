"""The events stage (issue 7): assembly, status and claims, coreference, chronology; the seed article."""

import pytest
from conftest import assert_valid_document

import wirecoder


def analyze(text, published="2023-05-30"):
    doc = wirecoder.analyze(text, published=published)
    data = doc.to_dict()
    assert_valid_document(data)
    for event in doc.events:
        for span in event.evidence:
            assert text[span.start : span.end] == span.text
        for count in event.counts.values():
            if count is not None:
                ev = count.evidence
                assert text[ev.start : ev.end] == ev.text
    return doc


def actor(doc, actor_id):
    return next((a for a in doc.actors if a.id == actor_id), None)


def place(doc, place_id):
    return next((p for p in doc.places if p.id == place_id), None)


def attribution(doc, attribution_id):
    return next(a for a in doc.attributions if a.id == attribution_id)


def evidence_text(event):
    return " | ".join(span.text for span in event.evidence)


def has_evidence_in(doc, event, phrase):
    """Some evidence span of the event lies inside an occurrence of the phrase in the text."""
    start = doc.text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if any(start <= s.start and s.end <= end for s in event.evidence):
            return True
        start = doc.text.find(phrase, start + 1)
    return False


# -- small texts ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_no_events_in_empty_or_plain_text():
    assert analyze("").events == []
    assert analyze("The weather was mild and the shops were open.").events == []
    assert analyze("Gunmen attacked a market in Kano on Sunday.").events  # positive control


@pytest.mark.slow
def test_reported_attack_is_claimed_by_its_speaker():
    doc = analyze("The army said rebels attacked a checkpoint in Mosul on Monday, killing three soldiers.")
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(attacks) == 1
    event = attacks[0]
    assert event.status == "claimed"
    speaker = attribution(doc, event.claimed_by[0])
    assert speaker.speaker.text == "The army"
    assert event.counts["killed"].best == 3
    assert place(doc, event.place).name == "Mosul"
    assert event.time.value == "2023-05-29"


@pytest.mark.slow
def test_repeated_mentions_are_one_event():
    text = (
        "Gunmen attacked a market in Kano on Sunday. "
        "The attack killed five people. Police said the incident is under investigation."
    )
    doc = analyze(text)
    attacks = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(attacks) == 1, [evidence_text(e) for e in attacks]
    assert "attack" in evidence_text(attacks[0]).lower()
    assert attacks[0].counts["killed"].best == 5


@pytest.mark.slow
def test_promise_to_retaliate_is_planned():
    doc = analyze("The president promised to strike back at the militants.")
    assert doc.events
    assert {e.status for e in doc.events} <= {"planned", "asserted"}
    assert any(e.status == "planned" for e in doc.events)


@pytest.mark.slow
def test_day_after_chain_dates_the_earlier_event():
    text = "A day after troops shelled the village, a drone attack hit the city on Tuesday."
    doc = analyze(text, "2023-05-31")
    by_day = sorted(getattr(e.time, "value", None) or "" for e in doc.events if e.type == "ASSAULT")
    assert by_day == ["2023-05-29", "2023-05-30"]


# -- the seed article --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc(seed_text):
    return analyze(seed_text, "2023-05-30")


def events_at(doc, name, type_="ASSAULT"):
    return [
        e for e in doc.events if e.type == type_ and e.place and place(doc, e.place).name == name
    ]


@pytest.mark.slow
def test_seed_drone_attack_on_moscow(seed_doc):
    doc = seed_doc
    attacks = events_at(doc, "Moscow")
    assert len(attacks) == 1, [evidence_text(e) for e in attacks]  # one real-world event, many mentions
    e = attacks[0]
    assert e.acled_sub_event_type == "Air/drone strike"
    assert e.time.value == "2023-05-30"
    assert e.counts["injured"].best == 2
    assert (e.counts["killed"].low, e.counts["killed"].best, e.counts["killed"].high) == (
        0,
        0,
        0,
    )
    assert e.counts["drones"].best == 8
    for phrase in (
        "drone assault on Moscow",
        "drone attack on Moscow",
        "the incident",
        "early morning assault",
    ):
        assert has_evidence_in(doc, e, phrase), (phrase, evidence_text(e))
    claimers = {actor(doc, attribution(doc, a).speaker_actor).name for a in e.claimed_by}
    assert "Russia" in claimers
    deniers = [attribution(doc, a) for a in e.denied_by]
    assert any(actor(doc, a.speaker_actor).name == "Mykhailo Podolyak" for a in deniers)


@pytest.mark.slow
def test_seed_missile_strike_on_intelligence_base(seed_doc):
    doc = seed_doc
    hits = [e for e in doc.events if e.type == "ASSAULT" and "missile strike" in evidence_text(e)]
    assert len(hits) == 1
    e = hits[0]
    assert "was hit" in evidence_text(e) or "hit" in evidence_text(e)
    assert actor(doc, e.actor).country == "RUS"
    assert actor(doc, e.recipient).country == "UKR"
    assert next(t for t in doc.times if t.id == e.time.time).text == "a few days ago"
    assert e.status == "claimed"
    assert {actor(doc, attribution(doc, a).speaker_actor).name for a in e.claimed_by} == {
        "Vladimir Putin"
    }


@pytest.mark.slow
def test_seed_strikes_on_kyiv(seed_doc):
    doc = seed_doc
    strikes = events_at(doc, "Kyiv")
    assert len(strikes) == 1, [evidence_text(e) for e in strikes]
    e = strikes[0]
    assert actor(doc, e.actor).name == "Russia"
    assert e.time.value == "2023-05-29"
    killed = e.counts["killed"]
    assert (killed.low, killed.best, killed.high) == (1, 1, None)
    assert has_evidence_in(doc, e, "the fourth assault on Ukraine")
    assert e.status == "asserted"


@pytest.mark.slow
def test_seed_moscow_investigation(seed_doc):
    doc = seed_doc
    probes = [e for e in doc.events if e.type == "ACCUSE" and e.mode == "investigate"]
    assert len(probes) == 1
    assert actor(doc, probes[0].actor).country == "RUS"


@pytest.mark.slow
def test_seed_putin_accuses_and_promises(seed_doc):
    doc = seed_doc
    putin = next(a.id for a in doc.actors if a.name == "Vladimir Putin")
    accusations = [e for e in doc.events if e.type == "ACCUSE" and e.actor == putin]
    assert len(accusations) == 1, [evidence_text(e) for e in accusations]
    assert actor(doc, accusations[0].recipient).country == "UKR"
    assert accusations[0].status == "asserted"
    planned = [e for e in doc.events if e.actor == putin and e.status == "planned"]
    assert (
        planned
        and "strike back" in " ".join(evidence_text(e) for e in planned)
        or any("strike" in evidence_text(e) for e in planned)
    )


@pytest.mark.slow
def test_seed_us_does_not_support_attacks_inside_russia(seed_doc):
    doc = seed_doc
    us = [
        e
        for e in doc.events
        if e.actor and actor(doc, e.actor).country == "USA" and e.type in ("REJECT", "SUPPORT")
    ]
    assert us
    assert all(e.type == "REJECT" or e.status == "denied" for e in us)


@pytest.mark.slow
def test_seed_no_duplicate_events(seed_doc):
    doc = seed_doc
    keys = [
        (e.type, e.actor, e.recipient, e.place, getattr(e.time, "value", None))
        for e in doc.events
    ]
    assert len(keys) == len(set(keys)), keys


@pytest.mark.slow
def test_events_through_the_command_line(tmp_path):
    import json
    import subprocess
    import sys

    lines = [
        {
            "id": "a",
            "text": "Police arrested 12 opposition activists in Lagos on Friday.",
            "published": "2024-03-10",
        },
        {"id": "b", "text": ""},
        {"id": "c", "text": "\x00\x01 \ufffd" * 50},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "wirecoder", "analyze", str(path)], capture_output=True, text=True, timeout=300
    )
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["id"] for d in out] == ["a", "c"]  # the empty line is reported, the others go on
    assert proc.returncode == 1 and "empty text" in proc.stderr
    assert out[1]["events"] == []
    arrests = [e for e in out[0]["events"] if e["type"] == "COERCE"]
    assert arrests and arrests[0]["counts"]["arrested"]["best"] == 12
    assert arrests[0]["acled_sub_event_type"] == "Arrests"
    assert arrests[0]["time"]["value"] == "2024-03-08"
    for document in out:
        assert_valid_document(document)
