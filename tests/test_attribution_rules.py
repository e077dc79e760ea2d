"""Attribution's parse rules on Docs built by hand (no model): each rule reads the parse it is given."""

from wirecoder.attribution.parse import _speaker_phrase, _subject
from wirecoder.attribution.stage import _Builder
from wirecoder.model import Document


def builder(doc):
    """The attribution passes over a hand-built Doc (no actors: speaker_actor stays None)."""
    return _Builder(doc, Document(id="hand", text=doc.text))


def quote_then_cue(make_doc, speaker_words, speaker_heads, speaker_deps, speaker_pos):
    """'“ We will win , ” <speaker> said .' with the speaker's own parse (its heads relative to it)."""
    n = len(speaker_words)
    said = 6 + n
    words = ["“", "We", "will", "win", ",", "”", *speaker_words, "said", "."]
    heads = [3, 3, 3, said, 3, 3, *[6 + h if h >= 0 else said for h in speaker_heads], said, said]
    deps = ["punct", "nsubj", "aux", "ccomp", "punct", "punct", *speaker_deps, "ROOT", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", *speaker_pos, "VERB", "PUNCT"]
    spaces = [False, True, True, False, False, True, *[True] * n, False, False]
    lemmas = [w.lower() for w in words]
    lemmas[said] = "say"
    return make_doc(words, heads, deps, pos, spaces=spaces, lemmas=lemmas)


def test_cue_after_the_quote_names_the_speaker(make_doc):
    doc = quote_then_cue(make_doc, ["she"], [-1], ["nsubj"], ["PRON"])
    (a,) = builder(doc).run()
    assert (a.kind, a.content.text, a.speaker.text, a.cue.text) == (
        "direct",
        "We will win",
        "she",
        "said",
    )
    assert a.stance == "assert"


def test_speaker_phrase_keeps_the_head_and_its_modifiers(make_doc):
    # 'the foreign minister said': determiner and modifiers stay in the speaker phrase
    doc = quote_then_cue(
        make_doc,
        ["the", "foreign", "minister"],
        [2, 2, -1],
        ["det", "amod", "nsubj"],
        ["DET", "ADJ", "NOUN"],
    )
    (a,) = builder(doc).run()
    assert a.speaker.text == "the foreign minister"


def test_speaker_phrase_cuts_a_relative_clause(make_doc):
    # 'The minister, who resigned, said' -> 'The minister'
    words = ["The", "minister", ",", "who", "resigned", ",", "said", "it", "failed", "."]
    heads = [1, 6, 1, 4, 1, 1, 6, 8, 6, 6]
    deps = ["det", "nsubj", "punct", "nsubj", "relcl", "punct", "ROOT", "nsubj", "ccomp", "punct"]
    pos = ["DET", "NOUN", "PUNCT", "PRON", "VERB", "PUNCT", "VERB", "PRON", "VERB", "PUNCT"]
    doc = make_doc(words, heads, deps, pos)
    subject = _subject(doc[6])
    assert subject is not None and subject.i == 1
    start, end = _speaker_phrase(subject)
    assert doc.text[start:end] == "The minister"


def test_reported_clause_is_the_content_of_its_cue(make_doc):
    # positive control for the rule below: 'The minister said it failed' is a report
    words = ["The", "minister", "said", "it", "failed", "."]
    heads = [1, 2, 2, 4, 2, 2]
    deps = ["det", "nsubj", "ROOT", "nsubj", "ccomp", "punct"]
    pos = ["DET", "NOUN", "VERB", "PRON", "VERB", "PUNCT"]
    lemmas = ["the", "minister", "say", "it", "fail", "."]
    (a,) = builder(make_doc(words, heads, deps, pos, lemmas=lemmas)).run()
    assert (a.kind, a.speaker.text, a.content.text) == (
        "indirect",
        "The minister",
        "it failed",
    )


def test_a_verb_outside_the_lexicon_reports_nothing(make_doc):
    words = ["The", "minister", "left", "the", "room", "."]
    heads = [1, 2, 2, 4, 2, 2]
    deps = ["det", "nsubj", "ROOT", "det", "dobj", "punct"]
    pos = ["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"]
    lemmas = ["the", "minister", "leave", "the", "room", "."]
    assert builder(make_doc(words, heads, deps, pos, lemmas=lemmas)).run() == []
