"""The pipeline stage: fills Document.times."""

from __future__ import annotations

from spacy.tokens import Doc

from wirecoder.model import Document
from wirecoder.times.extract import extract


def times_stage(doc: Doc, document: Document) -> None:
    document.times = [t.to_record() for t in extract(document.text, document.published, doc)]
