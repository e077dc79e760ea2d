import pytest

from wirecoder.language import detect_language
from wirecoder.language.lexicon import load_lexicon

pytestmark = pytest.mark.slow  # every test here runs the spaCy model


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_capital_is_never_a_person(nlp):
    found = ents(nlp, "The Kyiv regime opted for a different way to scare Russians, he said.")
    assert ("Kyiv", "GPE") in found
    assert all(label != "PERSON" for text, label in found if text == "Kyiv")


def test_contraction_is_never_an_entity(nlp):
    for text in ["US doesn’t endorse attacks inside Russia", "The US doesn't endorse attacks in Moscow."]:
        assert all("n’t" not in t and "n't" not in t for t, _ in ents(nlp, text))


def test_landmark_from_our_table_is_a_facility(nlp):
    found = ents(nlp, "Russia had faced similar issues at Hmeimim air base during its intervention.")
    assert ("Hmeimim air base", "FAC") in found


def test_possessive_is_trimmed(nlp):
    found = ents(nlp, "It was in support of Bashar al-Assad’s regime in the Syrian war.")
    assert ("Bashar al-Assad", "PERSON") in found


def test_demonym_is_norp(nlp):
    found = ents(nlp, "Ukrainian presidential aide Mykhailo Podolyak rejected the claim.")
    assert ("Ukrainian", "NORP") in found
    assert ("Mykhailo Podolyak", "PERSON") in found


def test_longer_spacy_name_containing_a_place_is_kept(nlp):
    found = ents(nlp, "Students at Moscow State University protested on Friday.")
    assert not any(text == "Moscow" for text, _ in found)


def test_surname_of_a_named_person_stays_a_person(nlp):
    found = ents(nlp, "Michael Jordan scored 30 points. Later Jordan said he was tired.")
    assert ("Jordan", "GPE") not in found


def test_small_city_needs_locative_context(nlp):
    # 'Reading' is a town of 300,000 but also an English word: only added after a locative preposition.
    assert ("Reading", "GPE") in ents(nlp, "The protest took place in Reading on Saturday.")
    assert not any(t == "Reading" for t, _ in ents(nlp, "Reading the report, she frowned."))


def test_lexicon_contents():
    lex = load_lexicon()
    assert lex["Kyiv"].label == "GPE" and lex["Kyiv"].ref == "UKR"
    assert lex["State Department"].label == "ORG"
    assert lex["Syrian"].label == "NORP" and lex["Syrian"].ref == "SYR"
    assert lex["United States"].kind == "country"
    assert "of" not in lex and "The" not in lex


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Putin said on Tuesday that the missile strike on the agency provoked the assault.", "en"),
        ("Der Bundeskanzler sagte am Dienstag, dass die Regierung nicht zustimmen werde.", "de"),
        ("Le président a déclaré mardi que le gouvernement ne sera pas d'accord avec la proposition.", "fr"),
        ("Путин заявил во вторник, что это была атака на Москву и что он ответит.", "ru"),
        ("Путін заявив у вівторок, що це була атака на Москву і що він відповість.", "uk"),
        ("الرئيس قال يوم الثلاثاء إن الهجوم كان على العاصمة", "ar"),
        ("too short", None),
        ("Xqzt brrv klmnp wqrt zzxv plkt", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_words = st.sampled_from(
    [
        "Kyiv",
        "Moscow",
        "n't",
        "’s",
        "Putin",
        "said",
        "the",
        "U.S.",
        "Hmeimim",
        "air",
        "base",
        "Jordan",
        "Michael",
        "in",
        "Reading",
        ",",
        "“",
        "”",
        "-",
        "al",
        "Assad",
        "7",
        "%",
        "\xa0",
        "\n",
        "State",
        "Department",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_words, st.text(max_size=8)), max_size=40))
def test_entity_correction_never_breaks_offsets(nlp, words):
    text = " ".join(words)
    doc = nlp(text)
    previous_end = 0
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
        assert ent.start_char >= previous_end
        assert ent.text.strip() == ent.text and ent.text
        previous_end = ent.end_char
