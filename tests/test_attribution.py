import pytest
from conftest import analyze_attributions, find_attribution
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirecoder.attribution.cues import cues
from wirecoder.attribution.quotes import find_quotes


def attributions(text):
    return analyze_attributions(text)


find = find_attribution


def actor_name(doc, attribution):
    for actor in doc.actors:
        if actor.id == attribution.speaker_actor:
            return actor.name
    return None


# --- quote pairing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"We will win," he said.',
        "“We will win,” he said.",
        "«We will win», he said.",
        "„We will win“ he said.",
        "“We said ‘no’ to them,” he said.",
    ],
)
def test_quote_styles_pair(text):
    quotes = find_quotes(text)
    assert len(quotes) == 1
    start, end = quotes[0].inner(text)
    assert text[start:end].startswith("We")


@pytest.mark.parametrize("text", ['"', "“", "”", 'a " b', "“a ” b ”", "«a", '"a" "b', "\n\n“\n\n“x"])
def test_unbalanced_quotes_never_raise(text):
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)


def test_quote_continues_over_paragraphs():
    text = "“First paragraph of the quote.\n\n“Second paragraph ends it,” she said."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].closed and text[quotes[0].end - 1] == "”"


def test_unclosed_quote_ends_with_its_paragraph():
    text = "“No closing mark here\n\nA new paragraph."
    (quote,) = find_quotes(text)
    assert not quote.closed and text[quote.start : quote.end] == "“No closing mark here"


@given(st.text(alphabet=st.sampled_from(list("ab \"“”«»‘’'\n.,")), max_size=60))
def test_random_quote_marks(text):
    for q in find_quotes(text):
        start, end = q.inner(text)
        assert 0 <= q.start <= start <= end <= q.end <= len(text)


def test_cue_lexicon_has_stances():
    table = cues()
    assert table["say"][0] == "assert"
    assert table["deny"][0] == "deny"
    assert table["accuse"][0] == "accuse"
    assert table["threaten"][0] == "threaten"
    assert table["promise"][0] == "promise"
    assert table["demand"][0] == "demand"
    assert table["warn"][0] == "warn"


# --- layouts ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_quote_then_cue():
    doc = attributions("“We will not give up our land,” Zelensky said on Monday.")
    a = find(doc, "We will not give up our land")
    assert a.kind == "direct" and a.speaker.text == "Zelensky" and a.cue.text == "said"


@pytest.mark.slow
def test_cue_then_colon_quote():
    doc = attributions("The minister said: “The talks have failed and we will leave.”")
    a = find(doc, "The talks have failed")
    assert a.kind == "direct" and a.speaker.text == "The minister"


@pytest.mark.slow
def test_cue_in_the_middle():
    text = '"We are ready," the general said, "and we will defend every town."'
    doc = attributions(text)
    a = find(doc, "We are ready")
    assert a.speaker.text == "the general"
    assert "defend every town" in a.content.text


@pytest.mark.slow
def test_quote_dash_speaker():
    doc = attributions("The meeting ended late.\n\n“Nothing was agreed today.” - John Smith")
    a = find(doc, "Nothing was agreed today")
    assert a.speaker.text == "John Smith" and a.kind == "direct"


@pytest.mark.slow
def test_quote_over_two_paragraphs():
    text = (
        "“The army has lost three brigades this month and cannot hold the line.\n\n"
        "“We need more men before the winter comes,” the commander said."
    )
    doc = attributions(text)
    a = find(doc, "three brigades")
    assert "before the winter comes" in a.content.text
    assert a.speaker.text == "the commander"


@pytest.mark.slow
def test_uncued_quote_takes_previous_speaker():
    text = (
        "“We will not negotiate under fire,” Prime Minister John Carter said on Monday.\n\n"
        "“Our soldiers have held every position in the east for a month.”"
    )
    doc = attributions(text)
    first = find(doc, "not negotiate")
    second = find(doc, "held every position")
    assert second.speaker_actor is not None
    assert second.speaker_actor == first.speaker_actor


@pytest.mark.slow
def test_indirect_that_clause():
    text = "The foreign minister said that the talks had failed, and that a new round would start in June."
    doc = attributions(text)
    a = find(doc, "the talks had failed")
    assert a.kind == "indirect" and a.speaker.text == "The foreign minister"
    assert "new round would start in June" in a.content.text


@pytest.mark.slow
def test_indirect_stops_at_sentence_end():
    doc = attributions("Smith said the plan was dead. Jones denied that the plan was dead.")
    a = find(doc, "the plan was dead")
    assert a.speaker.text == "Smith" and "Jones" not in a.content.text
    b = [x for x in doc.attributions if x.speaker and x.speaker.text == "Jones"][0]
    assert b.stance == "deny"


@pytest.mark.slow
def test_accuse_and_blame():
    doc = attributions("Moscow accused Washington of arming the rebels. Kyiv blamed Russia for the blackout.")
    a = find(doc, "Washington of arming the rebels")
    assert a.stance == "accuse" and a.speaker.text == "Moscow"
    b = find(doc, "Russia for the blackout")
    assert b.stance == "accuse" and b.speaker.text == "Kyiv"


@pytest.mark.slow
def test_promise_to():
    doc = attributions("The president promised to raise pensions next year.")
    a = find(doc, "to raise pensions")
    assert a.stance == "promise"


@pytest.mark.slow
def test_mixed_quote():
    doc = attributions("The general said the defences were “adequate” for now.")
    a = find(doc, "adequate")
    assert a.kind == "mixed" and a.speaker.text == "The general"


@pytest.mark.slow
def test_according_to():
    doc = attributions("Three soldiers were killed in the attack, according to the Interior Ministry.")
    a = find(doc, "Three soldiers were killed")
    assert a.kind == "according_to" and a.speaker.text == "the Interior Ministry"
    assert "according" not in a.content.text


@pytest.mark.slow
def test_headline_style():
    doc = attributions("Zelensky: Ukraine will not give up Crimea\n\nThe talks went on for hours.")
    a = find(doc, "Ukraine will not give up Crimea")
    assert a.speaker.text == "Zelensky"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab said he “”\"«»'’:,.-\n")), max_size=80))
@pytest.mark.slow
def test_random_text_never_raises(text):
    attributions(text)


# --- the seed ----------------------------------------------------------------------------------

SEED_EXPECTED = [
    # (part of the content, speaker as written or None, resolved actor name part, stance or None)
    ("the missile strike on Ukraine’s spy agency", "Putin", "Putin", "assert"),
    ("Ukraine for “terrorist acts”", "Putin", "Putin", "accuse"),
    ("intimidating Russian citizens", "he", "Putin", "assert"),
    ("military intelligence base was hit", "He", "Putin", "assert"),
    ("The Kyiv regime opted for a different way", "he", "Putin", "assert"),
    ("to strike back", "He", "Putin", "promise"),
    ("anti-air defenses were “adequate”", "Putin", "Putin", None),
    ("there is still room for improvement", "Putin", "Putin", None),
    ("Russia had faced similar issues at Hmeimim", "Putin", "Putin", None),
    ("shot down all eight of the Ukrainian drones", "Russia", "Russia", None),
    ("the early morning assault wounded two people", "authorities", None, None),
    ("Kyiv’s role in the attack", "Ukrainian presidential aide Mykhailo Podolyak", "Podolyak", "deny"),
    ("it doesn’t endorse attacks in Moscow", "The United States", "United States", None),
    ("Russia was accountable for the war", "The United States", "United States", None),
    (
        "We do not support attacks inside of Russia",
        "a State Department spokesperson",
        "State Department",
        None,
    ),
    ("the United States was still evaluating", "The spokesperson", "State Department", None),
    ("Kyiv", "President Vladimir Putin", "Putin", "accuse"),
]


def _check_seed(doc, content, speaker, actor, stance):
    exact = len(content.split()) == 1  # a one-word content ('Kyiv') must be the whole content
    hits = [
        a
        for a in doc.attributions
        if (a.content.text == content if exact else content in a.content.text)
    ]
    assert hits, content
    a = hits[0]
    if speaker is not None:
        assert a.speaker is not None and a.speaker.text == speaker
    if actor is not None:
        assert actor in (actor_name(doc, a) or "")
    if stance is not None:
        assert a.stance == stance


@pytest.mark.parametrize(
    "content,speaker,actor,stance", SEED_EXPECTED, ids=[c[:30] for c, *_ in SEED_EXPECTED]
)
@pytest.mark.slow
def test_seed_attributions(seed_document, content, speaker, actor, stance):
    _check_seed(seed_document, content, speaker, actor, stance)


@pytest.mark.slow
def test_seed_blame_covers_both_quoted_charges(seed_document):
    a = [x for x in seed_document.attributions if x.cue and x.cue.text == "blamed"][0]
    assert (
        a.content.text == "Ukraine for “terrorist acts” and “provoking us to take reciprocal actions”"
    )


@pytest.mark.slow
def test_seed_direct_quote_with_continuation(seed_document):
    a = [x for x in seed_document.attributions if "We do not support attacks" in x.content.text][0]
    assert a.kind == "direct"
    assert "reclaim their own sovereign territory" in a.content.text
    assert a.cue.text == "said"


# --- later layouts ---------------------------------------------------------------------------


@pytest.mark.slow
def test_two_apostrophes_as_quote_marks():
    text = "''It is more tinkering at the edges,'' said Alan Cole, an economist."
    (quote,) = find_quotes(text)
    assert text[slice(*quote.inner(text))] == "It is more tinkering at the edges"
    doc = attributions(text)
    a = find(doc, "more tinkering at the edges")
    assert a.kind == "direct" and a.speaker.text.startswith("Alan Cole")


def test_closing_mark_typed_as_opener():
    text = "”Fortunately, the plan is transparent,” she wrote."
    (quote,) = find_quotes(text)
    assert text[slice(*quote.inner(text))] == "Fortunately, the plan is transparent"


def test_missing_closing_mark_does_not_swallow_next_quote():
    text = "He called it “a disaster. Later “We will win,” he said."
    quotes = find_quotes(text)
    assert any(text[slice(*q.inner(text))] == "We will win" for q in quotes)


def test_continuation_needs_the_same_mark():
    text = '"A stray mark opens here\n\n“A real quote,” she said.'
    quotes = find_quotes(text)
    assert any(text[slice(*q.inner(text))] == "A real quote" for q in quotes)


@pytest.mark.slow
def test_quote_cue_quote_across_sentence():
    text = "“We are ready,” she said. “The army will hold the line this winter.”"
    doc = attributions(text)
    a = find(doc, "We are ready")
    assert "hold the line" in a.content.text and a.speaker.text == "she"


@pytest.mark.slow
def test_name_dash_before_quote():
    doc = attributions("Carla Sanchez ― “The candidate must stop insulting our families.”")
    a = find(doc, "must stop insulting")
    assert a.speaker.text == "Carla Sanchez"


@pytest.mark.slow
def test_parenthetical_cue():
    text = "The museum, Mr. Bush said, celebrated several of his heroes from the South."
    doc = attributions(text)
    a = find(doc, "celebrated several of his heroes")
    assert a.speaker.text == "Mr. Bush" and a.cue.text == "said"


@pytest.mark.slow
def test_reporting_noun():
    doc = attributions(
        "Reporters checked Trump’s claim that there had been thousands of shootings in the city."
    )
    a = find(doc, "thousands of shootings")
    assert a.cue.text == "claim" and a.speaker.text.startswith("Trump")


@pytest.mark.slow
def test_quoted_first_person_cue_is_not_a_new_speaker():
    text = "“I think the deal is dead and we should walk away,” the senator said."
    doc = attributions(text)
    assert all(a.speaker is None or a.speaker.text != "I" for a in doc.attributions)


@pytest.mark.slow
def test_called_it_a_quote_is_mixed():
    doc = attributions("Clinton called half of Trump’s supporters “deplorables” on Friday.")
    a = find(doc, "deplorables")
    assert a.kind == "mixed" and a.speaker.text == "Clinton" and a.cue.text == "called"


@pytest.mark.slow
def test_called_without_a_quote_is_no_report():
    doc = attributions("The neighbours called the police on Friday.")
    assert not any(a.cue and a.cue.text == "called" for a in doc.attributions)
    # control: with a quote in its content the same verb reports
    doc = attributions("Clinton called half of Trump’s supporters “deplorables” on Friday.")
    assert any(a.cue and a.cue.text == "called" for a in doc.attributions)


@pytest.mark.slow
def test_called_for_is_a_demand():
    doc = attributions("Trump has called for steep new tariffs on goods from China.")
    a = find(doc, "steep new tariffs")
    assert a.stance == "demand" and a.speaker.text == "Trump"


@pytest.mark.slow
def test_quote_inside_a_reported_clause_is_mixed():
    text = "Ditto said that, “Of course Mr. Trump is going to defend himself” against what the campaign sees."
    a = find(attributions(text), "defend himself")
    assert a.kind == "mixed" and a.speaker.text == "Ditto" and "against what" in a.content.text


@pytest.mark.slow
def test_cue_in_the_middle_keeps_the_quoted_pieces():
    text = '"The plan is dead," said Ann Lee, a lawyer for the union. "We will sue."'
    doc = attributions(text)
    a = find(doc, "The plan is dead")
    assert a.kind == "direct"
    assert [p.text for p in a.content.pieces] == ["The plan is dead", "We will sue."]


@pytest.mark.slow
def test_lower_case_quote_goes_on_from_the_opening_clause():
    text = 'When the company asked for a delay last summer, Mr. Barr said, "we were stunned."'
    doc = attributions(text)
    a = find(doc, "we were stunned")
    assert a.kind == "mixed"
    assert a.content.pieces[0].text == "When the company asked for a delay last summer"
    assert a.speaker.text == "Mr. Barr"
