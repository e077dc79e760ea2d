"""The data-file loader: TSV rows read by their header into frozen records."""

from __future__ import annotations

import dataclasses

import pytest

from wirecoder import resources


@dataclasses.dataclass(frozen=True)
class Row:
    word: str
    weight: float
    forms: tuple[str, ...] = ()
    note: str | None = None
    rank: int = 0


@pytest.fixture
def table(tmp_path, monkeypatch):
    def write(text: str) -> str:
        (tmp_path / "t.tsv").write_text(text, encoding="utf-8")
        monkeypatch.setattr(resources, "data_path", lambda name: tmp_path / name)
        resources.read_records.cache_clear()
        return "t.tsv"

    yield write
    resources.read_records.cache_clear()


def test_rows_are_read_by_header_into_typed_records(table):
    name = table("# a comment\n\nweight\tword\tforms\tnote\n0.5\tkill\tkills|killed\t\n2\tshoot\n")
    rows = resources.read_records(name, Row)
    assert rows == (Row("kill", 0.5, ("kills", "killed"), None), Row("shoot", 2.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows[0].word = "x"  # type: ignore[misc]


def test_unknown_column_is_named(table):
    name = table("word\tcolour\nkill\tred\n")
    with pytest.raises(ValueError, match="colour"):
        resources.read_records(name, Row)


def test_bad_number_names_the_column_and_cell(table):
    name = table("word\tweight\nkill\theavy\n")
    with pytest.raises(ValueError, match="weight.*heavy"):
        resources.read_records(name, Row)


def test_missing_required_cell_is_an_error_not_a_silent_default(table):
    name = table("word\tweight\nkill\n")
    with pytest.raises(ValueError, match="weight"):
        resources.read_records(name, Row)


def test_hand_built_doc_has_the_given_parse(make_doc):
    doc = make_doc(["Police", "shot", "him"], [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["NOUN", "VERB", "PRON"])
    assert [(t.text, t.head.text, t.dep_, t.pos_, t.lemma_) for t in doc] == [
        ("Police", "shot", "nsubj", "NOUN", "police"),
        ("shot", "shot", "ROOT", "VERB", "shot"),
        ("him", "shot", "dobj", "PRON", "him"),
    ]
