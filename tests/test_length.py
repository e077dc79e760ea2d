"""Long and odd texts: the parts that made analysis super-linear, and the caps that bound them.

Timing is benchmarks/length.py's business; these tests check behaviour: pieces join back into the text
verbatim, indexes answer as the scans they replace, and the caps hold.
"""

from __future__ import annotations

import random
import re

import pytest
import spacy
from tests.conftest import assert_valid_document

from wirecoder.attribution.claims import _Found
from wirecoder.attribution.sentences import MAX_SENTENCE_CHARS, _sentence_prefix
from wirecoder.language import chunks
from wirecoder.language.longwords import MAX_RUN, split_long_runs
from wirecoder.model import AttributionRecord, Content, Span


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def test_long_runs_split_into_bounded_parts_that_join_verbatim():
    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice(['"', "!", "a", " ", "\n", "…", "  ", "Mr.", "\t"]) for _ in range(rng.randint(0, 60)))
        for size in (1, 3, 7):
            parts = split_long_runs(text, size)
            assert "".join(parts) == text
            assert "" not in parts
            # a part is a stretch between long runs, or a piece of one: no part holds a run over `size`
            assert all(len(run) <= size for part in parts for run in re.split(r"[ \t\n\r\f\v]+", part))
    text = "x" * (3 * MAX_RUN + 5) + " tail"
    parts = split_long_runs(text)
    assert [len(p) for p in parts] == [MAX_RUN, MAX_RUN, MAX_RUN, 6, 4]


def test_pieces_join_into_the_text_and_prefer_paragraph_breaks(blank):
    paragraph = "The mayor said the drones hit two buildings. Nobody was hurt.\n\n"
    text = paragraph * 40 + "word " * 300 + "end."
    doc = blank(text)
    cuts = chunks.cut_points(doc, size=500, tokens=10_000)
    parts = list(chunks.pieces(doc, size=500, tokens=10_000))
    assert "".join(p.text for p in parts) == text
    assert len(parts) == len(cuts) + 1
    for part in parts:
        assert len(part.text) <= 500 + max(len(t.text_with_ws) for t in part)
    # in the paragraphs, every cut falls just after a paragraph break
    for cut in cuts:
        if doc[cut].idx < len(paragraph) * 40:
            assert doc[cut - 1].text == "\n\n"
    # by tokens too: no piece has more tokens than the limit
    assert all(len(p) <= 50 for p in chunks.pieces(doc, size=10**6, tokens=50))


def test_a_huge_token_ends_its_piece(blank):
    doc = blank("a b " + "x" * 900 + " c d " + "y" * 300 + " e")
    parts = list(chunks.pieces(doc, size=100, tokens=1000))
    assert "".join(p.text for p in parts) == doc.text
    assert [t.text for p in parts for t in p] == [t.text for t in doc]
    # a piece is at most `size` characters before its last token
    assert all(len(p.text) - len(p[-1].text_with_ws) <= 100 for p in parts)
    assert [p[-1].text[:1] for p in parts] == ["x", "y", "e"]


def test_found_index_answers_as_a_scan():
    rng = random.Random(5)
    found = _Found()
    plain: list[AttributionRecord] = []
    for step in range(600):
        op = rng.random()
        if op < 0.55 or not plain:
            s = rng.randint(0, 500)
            rec = AttributionRecord("", "direct", None, None, None, Content(s, s + rng.randint(0, 60), ""), None)
            if rng.random() < 0.5:
                c = rng.randint(0, 500)
                rec.cue = Span(c, c + 4, "")
            found.append(rec)
            plain.append(rec)
        elif op < 0.75:
            rec = rng.choice(plain)
            found.remove(rec)
            plain.remove(rec)
            if rng.random() < 0.5:
                found.extend([rec])
                plain.append(rec)
        else:
            rec = rng.choice(plain)
            s = rng.randint(0, 500)
            found.recontent(rec, Content(s, s + rng.randint(0, 300), ""))
        assert list(found) == plain
        a = rng.randint(0, 560)
        b = a + rng.randint(0, 80)
        near = found.near(a, b)
        assert [r for r in plain if r.content.start <= b and r.content.end >= a] == near
        assert [r for r in plain if a <= r.content.start <= b] == found.starting_in(a, b)
        c = rng.randint(0, 500)
        assert [r for r in plain if r.cue and r.cue.start == c] == found.with_cue_at(c), step


def test_sentence_prefix_looks_back_a_bounded_stretch():
    text = "word " * 100_000 + "and then he said"
    prefix = _sentence_prefix(text, len(text))
    assert prefix.endswith("and then he said") and len(prefix) <= MAX_SENTENCE_CHARS
    # a sentence of ordinary length is found whole, its start after the last full stop
    assert _sentence_prefix("First one. Mr. Smith said", 25) == "Mr. Smith said"


@pytest.mark.slow
def test_long_words_are_tokenised_in_bounded_pieces(nlp):
    text = 'He said "no". ' + '"' * (3 * MAX_RUN) + " " + "!" * 2500 + " The end."
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert max(len(t) for t in doc) <= MAX_RUN
    assert [t.text for t in doc[:6]] == [t.text for t in nlp.tokenizer.tokenizer('He said "no". ')][:6]


@pytest.mark.slow
def test_a_long_text_is_parsed_in_pieces_with_exact_offsets(nlp, seed_text, monkeypatch):
    import wirecoder

    text = "\n\n".join([seed_text.strip()] * 3) + "\n"
    whole = nlp(text)
    pieced = chunks.parse_long(nlp, text)
    assert pieced.text == text
    assert [t.text for t in pieced] == [t.text for t in whole]
    # the pieces are cut at paragraph breaks: each copy of the article is parsed as on its own
    monkeypatch.setattr(chunks, "CHUNK_CHARS", len(seed_text) + 10)
    pieced = chunks.parse_long(nlp, text)
    one = nlp(seed_text.strip() + "\n\n")
    n = len(one)
    assert [(t.dep_, t.head.i, t.ent_type_) for t in pieced[:n]] == [(t.dep_, t.head.i, t.ent_type_) for t in one]
    # a text over WHOLE_CHARS goes through parse_long in analyze, and every offset points at its words
    monkeypatch.setattr("wirecoder.pipeline.WHOLE_CHARS", 5_000)
    doc = wirecoder.pipeline.Analyzer().analyze(text, published="2023-05-30")
    data = doc.to_dict()
    assert_valid_document(data)
    assert data["text"] == text
    assert len({e["text"] for e in data["entities"]}) > 5
    for a in data["attributions"]:
        assert text[a["content"]["start"] : a["content"]["end"]] == a["content"]["text"]


@pytest.mark.slow
def test_pathological_texts_analyse(nlp):
    import wirecoder

    texts = [
        '"' * 3000,
        "“" * 2000 + "”" * 2000,
        "!" * 3000 + " " + "…" * 3000,
        'He said "We will not stop." ' * 300,
        " ".join(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] * 400),
        "\n".join(["Kyiv", "said", "Monday"] * 2000),
        "a" * 5000,
    ]
    for text in texts:
        data = wirecoder.analyze(text, published="2023-05-30").to_dict()
        assert data["text"] == text
        assert_valid_document(data)
