"""The registry: stages and writers declared once; the help, README, schema and writers agree with it."""

from __future__ import annotations

import dataclasses
import io
import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirecoder import registry
from wirecoder.cli import app
from wirecoder.model import Article, Document
from wirecoder.writers import open_writer, write_records

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_FIELDS = {f.name for f in dataclasses.fields(Document)} - {
    name for stage in registry.DOCUMENT_STAGES for name in (a.split(".")[0] for a in stage.assigns)
}


def test_every_target_imports_and_is_callable():
    for component in (
        *registry.DOCUMENT_STAGES,
        *registry.CORPUS_STAGES,
        *registry.WRITERS,
        *registry.EXPORTS,
    ):
        assert callable(component.load()), component.name


def test_no_stage_requires_what_only_a_later_stage_assigns():
    assert registry.missing_requirements(registry.DOCUMENT_STAGES) == {}
    assigned = set(ARTICLE_FIELDS)
    for stage in registry.DOCUMENT_STAGES:
        assert set(stage.requires) <= assigned, stage.name
        assigned |= {a.split(".")[0] for a in stage.assigns}


def test_every_assigned_field_is_a_document_field():
    fields = {f.name for f in dataclasses.fields(Document)}
    for stage in registry.DOCUMENT_STAGES:
        assert {a.split(".")[0] for a in stage.assigns} <= fields, stage.name


def test_selecting_stages_keeps_registry_order_and_names_unknown_ones():
    assert [s.name for s in registry.select_stages(["events", "entities"])] == ["entities", "events"]
    with pytest.raises(registry.StageError, match="nonsense.*the stages are entities"):
        registry.select_stages(["entities", "nonsense"])


def test_a_stage_alone_is_told_what_it_lacks():
    missing = registry.missing_requirements(registry.select_stages(["events"]))
    assert missing == {"events": ("entities", "places", "actors", "attributions", "times")}
    assert registry.missing_requirements(registry.select_stages(["entities", "times"])) == {}


def test_readme_stage_table_is_the_registry_table():
    assert registry.stage_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_schema_notes_come_from_the_registry():
    schema = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    for stage in registry.DOCUMENT_STAGES:
        for field in {a.split(".")[0] for a in stage.assigns}:
            assert schema["properties"][field]["description"] == registry.schema_note(field)


def test_cli_lists_the_registry():
    runner = CliRunner()
    listed = runner.invoke(app, ["stages"])
    assert listed.exit_code == 0 and listed.output.strip() == registry.stage_table()
    import typer.main

    analyze = typer.main.get_command(app).commands["analyze"]
    options = {p.name: p for p in analyze.params}
    assert ",".join(registry.STAGE_NAMES) in options["stage_list"].help
    formats = options["output_format"].type_descriptor.annotation
    assert [f.value for f in formats] == list(registry.WRITER_NAMES)
    export = typer.main.get_command(app).commands["export"]
    formats = next(p for p in export.params if p.name == "export_format").type_descriptor.annotation
    assert [f.value for f in formats] == list(registry.EXPORT_NAMES)


# ---- writers ----------------------------------------------------------------------------------------


def _records(n: int) -> list[Article]:
    return [Article(text=f"text {i}", id=f"a{i}") for i in range(n)]


@pytest.mark.parametrize("n", [0, 1, 3])
def test_json_writer_writes_one_record_or_an_array(n):
    out = io.StringIO()
    assert write_records(_records(n), "json", out) == n
    parsed = json.loads(out.getvalue())
    if n == 1:
        assert parsed["id"] == "a0"
    else:
        assert [r["id"] for r in parsed] == [f"a{i}" for i in range(n)]


def test_jsonl_writer_writes_a_line_per_record_to_a_file(tmp_path):
    path = tmp_path / "out.jsonl"
    assert write_records(_records(3), "jsonl", str(path)) == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a0", "a1", "a2"]


def test_unknown_writer_names_the_formats():
    with pytest.raises(ValueError, match="unknown output format 'xml'; the formats are jsonl, json, db"):
        open_writer("xml")


def test_db_writer_stores_documents_once(tmp_path):
    document = Document(id="d1", text="Nothing happened.")
    db = str(tmp_path / "w.db")
    with open_writer("db", db) as writer:
        writer.write(document)
        writer.write(document)
        assert [o.status for o in writer.outcomes] == ["new", "stored"]
        with pytest.raises(TypeError, match="stores analysed Documents"):
            writer.write(Article(text="x"))
    from wirecoder.corpus import Corpus

    with Corpus(db, writer=False) as corpus:
        assert corpus.counts()["documents"] == 1


@pytest.mark.slow
def test_analyze_stages_alone_warns_and_runs_with_less():
    from wirecoder.pipeline import Analyzer, StageWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analyzer = Analyzer(stage_names=["entities", "events"])
    assert any(
        issubclass(w.category, StageWarning) and "events requires places" in str(w.message) for w in caught
    )
    doc = analyzer.analyze("Gunmen shot dead two people in Kessa on Tuesday.", published="2023-05-30")
    assert doc.entities and doc.events and not doc.actors and not doc.places


@pytest.mark.slow
def test_cli_stages_warning_names_what_is_lacking():
    result = CliRunner().invoke(app, ["analyze", "-", "--stages", "events", "-q"], input="Police shot a man.")
    assert result.exit_code == 0, result.output
    assert "warning: --stages: stage events requires entities, places" in result.output
    assert json.loads(result.output.strip().splitlines()[-1])["entities"] == []


@pytest.mark.slow
def test_cli_format_db_stores_the_documents(tmp_path):
    db = tmp_path / "a.db"
    text = "Gunmen shot dead two people in Kessa on Tuesday."
    result = CliRunner().invoke(app, ["analyze", "-", "-f", "db", "-o", str(db), "-q"], input=text)
    assert result.exit_code == 0, result.output
    from wirecoder.corpus import Corpus

    with Corpus(str(db), writer=False) as corpus:
        assert corpus.counts()["documents"] == 1


def test_every_command_is_in_the_readme_and_has_help():
    import typer.main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = readme[readme.index("## Command line") :].split("```")[1]
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, name
        if hasattr(command, "commands"):  # a command group: its subcommands
            for sub in command.commands:
                assert f"wirecoder {name} {sub}" in usage, f"{name} {sub}"
        else:
            assert f"wirecoder {name}" in usage, name
