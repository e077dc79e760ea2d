import functools
import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "data" / "seed" / "moscow-drones.txt"
_SCHEMA = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)


def assert_valid_document(data: dict) -> None:
    """Every Document a test produces must keep the output contract, offsets included."""
    errors = [f"{list(e.path)}: {e.message}" for e in _VALIDATOR.iter_errors(data)]
    assert not errors, errors
    text = data["text"]
    for ent in data["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"], ent


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/data/seed is not beside the checkout")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    from wirecoder.language import load_pipeline

    return load_pipeline()


def analyze_attributions(text: str):
    """The Document of `text` (published 2023-05-30), checked against the schema, with every
    attribution span checked to be the text it says it is."""
    import wirecoder

    doc = wirecoder.analyze(text, published="2023-05-30")
    assert_valid_document(doc.to_dict())
    for a in doc.attributions:
        for role in ("speaker", "cue", "content"):
            span = getattr(a, role)
            if span is not None:
                assert text[span.start : span.end] == span.text
    return doc


def find_attribution(found, content_part: str):
    """The first attribution (of a Document or a list) whose content contains `content_part`."""
    found = getattr(found, "attributions", found)
    hits = [a for a in found if content_part in a.content.text]
    assert hits, (content_part, [a.content.text for a in found])
    return hits[0]


def hand_doc(words: list[str], heads: list[int], deps: list[str], pos: list[str], **attrs):
    """A spaCy Doc built by hand, for parse-rule tests that must not depend on one model's parse (as
    spaCy's own tests do). `heads` are absolute token indices (a root is its own head); further
    attributes (`tags`, `lemmas`, `ents`, `spaces`, `sent_starts`) pass to `Doc` as they are. Lemmas
    default to the lower-cased words."""
    from spacy.tokens import Doc

    attrs.setdefault("lemmas", [w.lower() for w in words])
    return Doc(_english_vocab(), words=words, heads=heads, deps=deps, pos=pos, **attrs)


@functools.cache
def _english_vocab():
    """A blank English vocabulary: the lexical attributes rules read (`lower_`, `is_punct`,
    `like_num`) are set, as in a parsed Doc; no model is loaded."""
    import spacy

    return spacy.blank("en").vocab


@pytest.fixture
def make_doc():
    """`hand_doc` as a fixture."""
    return hand_doc


@pytest.fixture(scope="session")
def seed_document(seed_text):
    """The seed article analysed once for the session (published 2023-05-30), checked against the schema."""
    import wirecoder

    doc = wirecoder.analyze(seed_text, published="2023-05-30")
    assert_valid_document(doc.to_dict())
    return doc


@pytest.fixture(autouse=True)
def _model_loading_tests_are_slow(request, monkeypatch):
    """A test that loads the spaCy model must carry the `slow` marker, so that `pytest -m "not slow"`
    stays a fast loop: an unmarked test that loads it (or asks for the `nlp` fixture) fails here."""
    if request.node.get_closest_marker("slow"):
        return
    for model_fixture in ("nlp", "seed_document"):
        if model_fixture in request.fixturenames:
            pytest.fail(f"uses the `{model_fixture}` fixture (the spaCy model): mark it slow", pytrace=False)
    import spacy

    def refuse(*args, **kwargs):
        pytest.fail("loads the spaCy model: mark it @pytest.mark.slow", pytrace=False)

    monkeypatch.setattr(spacy, "load", refuse)
