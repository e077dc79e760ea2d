"""ACLED sub-event types for event mentions (events/acled.py), on invented sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirecoder.events.acled import (
    atoms,
    best_sub_event,
    classify,
    doc_index,
    explain,
    lexicon,
)
from wirecoder.events.detect.extra import _roles, extra_mentions
from wirecoder.events.mention import EventMention
from wirecoder.model import Article, Document
from wirecoder.pipeline import get_analyzer, stages
from wirecoder.registry import STAGE_NAMES

CASE_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "case2021_dev.jsonl"


def parse(text: str):
    analyzer = get_analyzer()
    doc = analyzer.nlp(text)
    document = Document.from_article(Article(text=text))
    for _name, run in stages(tuple(n for n in STAGE_NAMES if n != "events")):
        run(doc, document)
    return doc, document


def mention_at(doc, word: str, plover_type: str, mode: str | None = None) -> EventMention:
    tok = next(t for t in doc if t.text == word)
    actor, recipient = _roles(tok)
    return EventMention(
        type=plover_type,
        trigger=(tok.idx, tok.idx + len(tok.text)),
        head=tok.i,
        sentence=(tok.sent.start_char, tok.sent.end_char),
        mode=mode,
        actor=actor,
        recipient=recipient,
        nominal=tok.pos_ in ("NOUN", "PROPN"),
    )


def code(text: str, word: str, plover_type: str, mode: str | None = None) -> EventMention:
    doc, document = parse(text)
    mention = mention_at(doc, word, plover_type, mode)
    classify(doc, mention, document)
    return mention


CASES = [
    (
        "Armed clash",
        "Rebel fighters clashed with government troops near the town of Karvelo on Sunday.",
        "clashed",
        "ASSAULT",
    ),
    (
        "Armed clash",
        "Militants attacked an army outpost near Dunmor overnight, killing two soldiers.",
        "attacked",
        "ASSAULT",
    ),
    (
        "Government regains territory",
        "Government forces recaptured the town of Dalmora from the insurgents on Tuesday.",
        "recaptured",
        "ASSAULT",
    ),
    (
        "Non-state actor overtakes territory",
        "Insurgents seized control of the district capital of Orvane on Friday.",
        "seized",
        "ASSAULT",
    ),
    (
        "Chemical weapon",
        "Dozens of villagers suffered breathing problems after a chlorine gas attack on the village of Semla.",
        "attack",
        "ASSAULT",
    ),
    (
        "Air/drone strike",
        "Warplanes bombed a market in the northern town of Kessa, killing twelve people.",
        "bombed",
        "ASSAULT",
    ),
    (
        "Air/drone strike",
        "A drone strike hit a car on the road to Farrow, killing its three occupants.",
        "strike",
        "ASSAULT",
    ),
    (
        "Suicide bomb",
        "A suicide bomber blew himself up at a checkpoint outside Tarvik, killing four policemen.",
        "blew",
        "ASSAULT",
    ),
    (
        "Shelling/artillery/missile attack",
        "Artillery shells fired by the army hit residential areas of Balovo overnight.",
        "hit",
        "ASSAULT",
    ),
    (
        "Remote explosive/landmine/IED",
        "A roadside bomb exploded near a military convoy on the highway to Mirza, wounding three soldiers.",
        "exploded",
        "ASSAULT",
    ),
    (
        "Grenade",
        "Unknown attackers hurled a grenade into a crowded bar in Lusato, injuring nine people.",
        "hurled",
        "ASSAULT",
    ),
    (
        "Peaceful protest",
        "Thousands of teachers marched peacefully through the capital to demand higher wages.",
        "marched",
        "PROTEST",
        "demo",
    ),
    (
        "Protest with intervention",
        "Police fired tear gas and water cannon to disperse hundreds of students protesting against tuition fees.",
        "disperse",
        "COERCE",
    ),
    (
        "Excessive force against protesters",
        "Security forces opened fire with live ammunition on peaceful protesters in Dorvan, killing six demonstrators.",
        "opened",
        "ASSAULT",
    ),
    (
        "Violent demonstration",
        "Rioters torched cars and threw stones at police during a protest over fuel prices in Nerat.",
        "torched",
        "PROTEST",
        "riot",
    ),
    (
        "Mob violence",
        "An angry mob lynched two men accused of stealing cattle in the village of Ubani.",
        "lynched",
        "ASSAULT",
    ),
    (
        "Agreement",
        "The government and the rebel movement signed a ceasefire agreement in Kastel on Friday.",
        "signed",
        "AGREE",
    ),
    (
        "Arrests",
        "Police arrested twenty opposition activists in dawn raids in the capital on Monday.",
        "arrested",
        "COERCE",
        "arrest",
    ),
    (
        "Change to group/activity",
        "The army deployed thousands of troops and armoured vehicles to the northern border region.",
        "deployed",
        "MOBILIZE",
        "troops",
    ),
    (
        "Disrupted weapons use",
        "Soldiers discovered a large arms cache containing rifles and ammunition in a forest near Polda.",
        "discovered",
        "COERCE",
    ),
    (
        "Disrupted weapons use",
        "Bomb disposal experts defused an explosive device found under a bridge in Corran.",
        "defused",
        "COERCE",
    ),
    (
        "Headquarters or base established",
        "The militia set up a new base in the hills above the town of Vardo.",
        "set",
        "MOBILIZE",
    ),
    (
        "Looting/property destruction",
        "Looters ransacked dozens of shops in the market district of Telmo overnight.",
        "ransacked",
        "ASSAULT",
        "destroy",
    ),
    (
        "Non-violent transfer of territory",
        "The rebels withdrew from the town of Osta without a fight, handing it over to the army.",
        "withdrew",
        "RETREAT",
    ),
    (
        "Sexual violence",
        "Soldiers raped several women during a raid on the village of Kaledi, witnesses said.",
        "raped",
        "ASSAULT",
        "sexual",
    ),
    (
        "Attack",
        "Gunmen opened fire on a bus carrying civilians near Ramdi, killing eleven passengers.",
        "opened",
        "ASSAULT",
    ),
    (
        "Abduction/forced disappearance",
        "Armed men kidnapped a local priest from his home in Ogunde on Sunday night.",
        "kidnapped",
        "ASSAULT",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("expected", "text", "word", "plover_type", "mode"), [c if len(c) == 5 else (*c, None) for c in CASES]
)
def test_sub_event_types(expected, text, word, plover_type, mode):
    mention = code(text, word, plover_type, mode)
    assert mention.acled_sub_event_type == expected
    assert mention.acled_event_type == lexicon().types[expected].event_type
    assert mention.score > 0.5  # a clear ACLED reading raises the confidence


def test_every_sub_event_type_has_a_case_or_is_the_residual():
    covered = {c[0] for c in CASES}
    assert set(lexicon().types) - covered == {"Other"}
    assert len(lexicon().types) == 25
    assert {t.event_type for t in lexicon().types.values()} == {
        "Battles",
        "Explosions/Remote violence",
        "Protests",
        "Riots",
        "Strategic developments",
        "Violence against civilians",
    }


@pytest.mark.slow
def test_diplomatic_agreement_is_no_acled_event():
    mention = code("The two governments signed a trade agreement in Geneva on Tuesday.", "signed", "AGREE")
    assert mention.acled_sub_event_type is None
    assert mention.acled_event_type is None
    assert mention.score == 0.5


@pytest.mark.slow
def test_talk_is_no_acled_event():
    mention = code(
        "The foreign minister visited the capital to discuss the grenade attack.", "visited", "CONSULT"
    )
    assert mention.acled_sub_event_type is None


@pytest.mark.slow
def test_negated_event_is_not_coded():
    from wirecoder.events.detect import find_mentions

    # the detector reads the negation; the coding then leaves the event uncoded
    doc, document = parse("The army did not shell the village of Rusk.")
    shell = next(m for m in find_mentions(doc, document) if doc[m.head].text == "shell")
    assert shell.negated
    classify(doc, shell, document)
    assert shell.acled_sub_event_type is None
    # positive control: the same act told as done is coded
    doc, document = parse("The army shelled the village of Rusk.")
    shelled = next(m for m in find_mentions(doc, document) if doc[m.head].text == "shelled")
    assert not shelled.negated
    classify(doc, shelled, document)
    assert shelled.acled_sub_event_type is not None


@pytest.mark.slow
def test_same_word_different_objects():
    weapons = code(
        "Police seized rifles, pistols and ammunition in a raid near Kovel.", "seized", "COERCE", "seize"
    )
    assert weapons.acled_sub_event_type == "Disrupted weapons use"
    town = code("Government troops seized the town of Kovel after the rebels fled.", "seized", "ASSAULT")
    assert town.acled_sub_event_type == "Government regains territory"


@pytest.mark.slow
def test_civilian_or_armed_target():
    civilians = code(
        "Gunmen attacked a church in the village of Amsa, killing nine worshippers.", "attacked", "ASSAULT"
    )
    assert civilians.acled_sub_event_type == "Attack"
    soldiers = code(
        "Gunmen attacked a police checkpoint in Amsa, killing nine policemen.", "attacked", "ASSAULT"
    )
    assert soldiers.acled_sub_event_type == "Armed clash"


@pytest.mark.slow
def test_stun_grenade_is_no_grenade_attack():
    mention = code(
        "Police threw stun grenades to disperse the protesters outside parliament.", "threw", "COERCE"
    )
    assert mention.acled_sub_event_type == "Protest with intervention"


@pytest.mark.slow
def test_extra_mentions_for_missed_triggers():
    doc, document = parse(
        "The group claimed responsibility for the blast. Troops discovered an arms cache near Valk on Monday."
    )
    extra = extra_mentions(doc, document, [])
    assert extra, "the arms cache is an event even without a PLOVER trigger"
    for m in extra:
        classify(doc, m, document)
    by_type = {m.acled_sub_event_type: m for m in extra}
    assert "Disrupted weapons use" in by_type
    cache = by_type["Disrupted weapons use"]
    assert (cache.type, cache.mode) == (lexicon().types["Disrupted weapons use"].plover_type, "seize")
    assert document.text[cache.sentence[0] : cache.sentence[1]].startswith("Troops")


@pytest.mark.slow
def test_extra_mentions_skip_sentences_already_coded():
    doc, document = parse("Unknown attackers hurled a grenade into a bar in Lusato, injuring nine people.")
    existing = mention_at(doc, "hurled", "ASSAULT")
    assert extra_mentions(doc, document, [existing]) == []
    assert extra_mentions(doc, document, [])  # without it, the grenade gives an event


@pytest.mark.slow
def test_no_anchor_inside_a_name():
    doc, document = parse("The Democratic Alliance held its congress in Port Elin.")
    assert extra_mentions(doc, document, []) == []
    doc, document = parse("Unknown attackers hurled a grenade into a bar in Lusato.")
    assert extra_mentions(doc, document, [])  # positive control: an anchor outside a name


@pytest.mark.slow
def test_empty_and_odd_input():
    doc, document = parse("")
    assert extra_mentions(doc, document, []) == []
    doc, document = parse("   \n ")
    assert extra_mentions(doc, document, []) == []
    doc, document = parse("Grenade!")
    mention = mention_at(doc, "Grenade", "ASSAULT")
    classify(doc, mention, document)  # a one-word text must not fail; no context, no actor
    assert mention.acled_sub_event_type in (None, "Grenade")
    mention = mention_at(doc, "Grenade", "")
    assert isinstance(best_sub_event(doc, mention, None), tuple)  # no Document: no sectors, no failure


@pytest.mark.slow
def test_atoms_describe_the_mention():
    doc, document = parse("Government forces recaptured the town of Dalmora.")
    mention = mention_at(doc, "recaptured", "ASSAULT")
    present = atoms(doc, mention, document)
    assert {"t:@territory_take", "a:@territory", "p:ASSAULT", "s:recapture"} <= present
    assert "as:MIL" in present


@pytest.mark.slow
def test_index_covers_every_token_and_sentence():
    doc, _ = parse("Rebels shelled the town. Troops withdrew.")
    index = doc_index(doc)
    assert len(index.token_words) == len(doc)
    assert [index.token_sentence[t.i] for t in doc] == [0] * 5 + [1] * 3
    assert "shell" in index.token_words[1]  # a token's lemma and form are among its words
    # another Doc gets its own index, not the last one's
    other, _ = parse("Police arrested three men.")
    assert len(doc_index(other).token_words) == len(other)


@pytest.mark.slow
@pytest.mark.skipif(not CASE_DEV.exists(), reason="development data not available")
def test_case_dev_smoke():
    """A few development snippets run through the full pipeline: every event's ACLED types are ones
    the lexicon has, and protest news gets coded at all (scores: benchmarks/events_case.py)."""
    with CASE_DEV.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle][:10]
    analyzer = get_analyzer()
    coded = 0
    for record in records:
        document = analyzer.analyze(record["text"])
        for event in document.events:
            sub_event = event.acled_sub_event_type
            assert sub_event is None or sub_event in lexicon().types
            if sub_event is not None:
                assert lexicon().types[sub_event].event_type == event.acled_event_type
                coded += 1
    assert coded > 0


@pytest.mark.slow
def test_figurative_fight_is_no_battle():
    def battles(text):
        doc, document = parse(text)
        extra = extra_mentions(doc, document, [])
        for m in extra:
            classify(doc, m, document)
        return [m for m in extra if m.acled_event_type == "Battles"]

    assert battles("The government pledged new funds to fight the epidemic in the northern provinces.") == []
    # positive control: the same word of a fight between armed groups is a battle
    assert battles("Rebel fighters fought government troops near the town of Karvelo on Sunday.")


@pytest.mark.slow
def test_threatened_or_requested_act_is_not_coded():
    assert (
        code("The rebels threatened to shell the capital.", "shell", "ASSAULT").acled_sub_event_type is None
    )
    assert (
        code(
            "Greece asked its allies to deploy troops along the border.", "deploy", "MOBILIZE"
        ).acled_sub_event_type
        is None
    )


@pytest.mark.slow
def test_release_is_no_arrest():
    mention = code("Authorities released twenty detained activists on Monday.", "released", "CONCEDE")
    assert mention.acled_sub_event_type != "Arrests"


@pytest.mark.slow
def test_diplomatic_protest_is_no_demonstration():
    mention = code(
        "The foreign ministry summoned the ambassador to protest the border incident.", "protest", "PROTEST"
    )
    assert mention.acled_event_type not in ("Protests", "Riots")


@pytest.mark.slow
def test_withdrawn_bill_is_no_territory():
    mention = code("The government withdrew the bill after weeks of criticism.", "withdrew", "RETREAT")
    assert mention.acled_sub_event_type is None


@pytest.mark.slow
def test_other_clause_gets_its_own_extra_mention():
    doc, document = parse("A day after troops shelled the village, a drone attack hit the city on Tuesday.")
    existing = mention_at(doc, "attack", "ASSAULT", "drone")
    extra = extra_mentions(doc, document, [existing])
    for m in extra:
        classify(doc, m, document)
    assert [m.acled_sub_event_type for m in extra] == ["Shelling/artillery/missile attack"]
    assert document.text[extra[0].trigger[0] : extra[0].trigger[1]] == "shelled"


@pytest.mark.slow
def test_explain_lists_the_cues():
    doc, document = parse("A roadside bomb exploded near a convoy, wounding three soldiers.")
    mention = mention_at(doc, "exploded", "ASSAULT")
    best = explain(doc, mention, document)[0]
    assert best[0] == "Remote explosive/landmine/IED"
    assert any("@ied" in cue for cue in best[2])


def extra_codes(text: str) -> list[str | None]:
    doc, document = parse(text)
    extra = extra_mentions(doc, document, [])
    for m in extra:
        classify(doc, m, document)
    return [m.acled_sub_event_type for m in extra]


@pytest.mark.slow
def test_extra_mentions_for_strategic_developments():
    assert "Agreement" in extra_codes(
        "The government and the rebels exchanged 40 prisoners under a deal reached last week."
    )
    assert "Change to group/activity" in extra_codes(
        "Two rival armed factions announced they had merged under a single commander."
    )
    assert "Government regains territory" in extra_codes(
        "Army units established control over an area of 120 square kilometres near Tessa."
    )


@pytest.mark.slow
def test_lynching_of_suspected_kidnappers_is_mob_violence():
    mention = code("Vigilantes lynched two suspected kidnappers in the town square.", "lynched", "ASSAULT")
    assert mention.acled_sub_event_type == "Mob violence"


@pytest.mark.slow
def test_truce_signed_whatever_the_plover_type():
    mention = code("The warring parties signed a truce brokered by regional mediators.", "signed", "SUPPORT")
    assert mention.acled_sub_event_type == "Agreement"


@pytest.mark.slow
def test_handover_read_as_aid():
    mention = code(
        "Government forces handed over control of the airport to the peacekeepers.", "handed", "AID"
    )
    assert mention.acled_sub_event_type == "Non-violent transfer of territory"


@pytest.mark.slow
def test_phrase_keeps_its_words_classes_unless_marked():
    doc, _ = parse("Police defused a bomb near the police station while riot police used a water cannon.")
    words = doc_index(doc).token_words
    by_text = {t.text + str(t.i): words[t.i] for t in doc}
    bomb = next(k for k in by_text if k.startswith("bomb"))
    assert "@weapon_obj" in by_text[bomb]
    station_police = next(k for k in by_text if k.startswith("police") and k != "Police0")
    assert "@state_force" in by_text[station_police] or "@armed_target" in by_text[station_police]
    cannon = next(k for k in by_text if k.startswith("cannon"))
    assert "@artillery" not in by_text[cannon]
    riot = next(k for k in by_text if k.startswith("riot"))
    assert "@riot" not in by_text[riot]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "plover_type"),
    [
        ("The film bombed at the box office despite a famous cast.", "bombed", "ASSAULT"),
        ("Doctors said the patient suffered a cardiac arrest but recovered.", "arrest", "COERCE"),
        ("Investors staged a rally that pushed the stock index higher.", "rally", "PROTEST"),
        ("A gas explosion at a restaurant injured four cooks.", "explosion", "ASSAULT"),
        ("The striker led a fierce attack in the second half of the match.", "attack", "ASSAULT"),
    ],
)
def test_no_conflict_event(text, word, plover_type):
    assert code(text, word, plover_type).acled_sub_event_type is None


@pytest.mark.slow
def test_instrument_or_participation_verb_of_a_coded_event_is_no_extra_event():
    # the weapon of a participle clause on the subject belongs to the coded event of the main verb
    doc, document = parse("Army helicopters using rockets killed four villagers near Marsa on Friday.")
    killed = mention_at(doc, "killed", "ASSAULT")
    assert extra_mentions(doc, document, [killed]) == []
    assert extra_mentions(doc, document, [])  # positive control: uncoded, the rockets give an event
    # 'X were engaged in fighting': X is the fighting's actor, not the target of an extra event
    doc, document = parse("Rebel units were engaged in heavy fighting near the village of Tarno on Monday.")
    fighting = mention_at(doc, "fighting", "ASSAULT")
    assert extra_mentions(doc, document, [fighting]) == []


@pytest.mark.slow
def test_background_event_scores_below_the_sentence_event_after_coding():
    from wirecoder.events.detect import find_mentions

    doc, document = parse("The foreign minister visited Kasane amid clashes between rival militias.")
    found = find_mentions(doc, document)
    for m in found:
        classify(doc, m, document)
    by_word = {doc.text[m.trigger[0] : m.trigger[1]]: m for m in found}
    assert by_word["clashes"].acled_sub_event_type is not None  # still a real event
    assert by_word["clashes"].score < by_word["visited"].score
    # with no other event in its sentence, an event under 'after' is the news and keeps its raise
    doc, document = parse("Dozens of villagers fell ill after a chlorine gas attack on the village of Semla.")
    attack = next(
        m for m in find_mentions(doc, document) if doc.text[m.trigger[0] : m.trigger[1]].startswith("attack")
    )
    classify(doc, attack, document)
    assert attack.score > 0.6


@pytest.mark.slow
def test_weapon_modifying_a_coded_event_noun_is_no_extra_event():
    doc, document = parse("Several families fled after a sarin attack on the town of Harvo.")
    attack = mention_at(doc, "attack", "ASSAULT", "CBRN")
    assert extra_mentions(doc, document, [attack]) == []
    assert extra_mentions(doc, document, [])  # positive control: uncoded, the attack gives an event
