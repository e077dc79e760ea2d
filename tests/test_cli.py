"""End-to-end tests through the command line."""

import json
import subprocess
import sys

import pytest
from conftest import SEED, assert_valid_document
from typer.testing import CliRunner

from wirecoder.cli import app

runner = CliRunner()
WIRECODER = [sys.executable, "-m", "wirecoder"]


def run(*args, input=None):
    return subprocess.run([*WIRECODER, *args], input=input, capture_output=True, text=True, timeout=300)


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_seed_through_the_real_entry_point(seed_text):
    proc = run("analyze", str(SEED), "--published", "2023-05-30", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    assert_valid_document(doc)
    assert doc["text"] == seed_text
    assert doc["published"] == "2023-05-30"
    texts = {(e["text"], e["label"]) for e in doc["entities"]}
    for expected in [
        "Putin",
        "Ukraine",
        "Moscow",
        "Mykhailo Podolyak",
        "State Department",
        "Syria",
        "Bashar al-Assad",
    ]:
        assert any(t == expected or t.startswith(expected) for t, _ in texts), expected
    assert ("Kyiv", "GPE") in texts and ("Kyiv", "PERSON") not in texts
    assert any(t.startswith("Hmeimim") for t, _ in texts)
    assert not any("n’t" in t for t, _ in texts)


@pytest.mark.slow
def test_jsonl_in_order_ids_kept_and_bad_lines_reported(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "b", "text": "Protesters gathered in Kyiv.", "published": "2022-02-01"}),
        "{not json",
        json.dumps(
            {
                "id": "a",
                "html": "<html><body><article><p>"
                + "Troops entered Moscow today. " * 20
                + "</p></article></body></html>",
            }
        ),
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"id": "d", "text": "Officials in Damascus said nothing."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("analyze", str(path), "--published", "2023-05-30")
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in docs] == ["b", "a", "d"]
    assert docs[0]["published"] == "2022-02-01"
    assert docs[2]["published"] == "2023-05-30"
    for doc in docs:
        assert_valid_document(doc)
    assert f"{path}:2" in result.stderr and f"{path}:4" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_stdin_text_is_kept_verbatim():
    text = "Russia said it shot down eight drones.\r\nKyiv denied it.  \n"
    result = invoke("analyze", "-", input=text)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["text"] == text
    assert_valid_document(doc)


@pytest.mark.slow
def test_json_format_several_documents_is_an_array(tmp_path):
    for name, text in [("one.txt", "Putin spoke in Moscow."), ("two.txt", "Zelensky spoke in Kyiv.")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = invoke("analyze", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    docs = json.loads(result.stdout)
    assert [d["text"] for d in docs] == ["Putin spoke in Moscow.", "Zelensky spoke in Kyiv."]


@pytest.mark.slow
def test_bad_files_each_get_one_line_and_the_rest_is_written(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "good.txt").write_text("NATO met in Brussels on Monday.", encoding="utf-8")
    (tmp_path / "nav.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    result = invoke("analyze", str(tmp_path), "--max-bytes", "2000")
    assert result.exit_code == 1
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [
        "NATO met in Brussels on Monday."
    ]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 4, errors
    for name in ["empty.txt", "binary.txt", "nav.html", "big.txt"]:
        assert sum(name in line for line in errors) == 1, name
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_usage_errors_exit_2(tmp_path):
    assert invoke("analyze", "-", "--published", "the day before yesterday", input="x").exit_code == 2
    assert invoke("analyze", "-", "--format", "xml", input="x").exit_code == 2
    assert invoke("analyze", "-", "--model", "no_such_model_xyz", input="x").exit_code == 2
    assert invoke("analyze", "-", "--max-bytes", "lots", input="x").exit_code == 2


@pytest.mark.slow
def test_missing_file_is_reported_not_raised(tmp_path):
    result = invoke("analyze", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_output_file_and_quiet(tmp_path):
    out = tmp_path / "out.jsonl"
    result = invoke("analyze", "-", "--output", str(out), "--quiet", input="Kyiv was hit again.")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == "Kyiv was hit again."


def test_extract_gives_text_and_metadata(tmp_path):
    page = tmp_path / "page.html"
    body = "".join(
        f"<p>Paragraph {i}: the council met in Paris to discuss the budget and the strike.</p>"
        for i in range(6)
    )
    page.write_text(
        "<html><head><title>Council meets</title><meta name='author' content='Jane Roe'>"
        "<meta property='article:published_time' content='2023-05-29T10:00:00Z'></head>"
        f"<body><article><h1>Council meets</h1>{body}</article>"
        "<div class='comments'><h3>Leave a Reply</h3><form><textarea></textarea></form></div></body></html>",
        encoding="utf-8",
    )
    result = invoke("extract", str(page), "--format", "json")
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)
    assert "Paragraph 5" in article["text"]
    assert "Leave a Reply" not in article["text"]
    assert article["published"] == "2023-05-29"
    assert article["title"] == "Council meets"
    assert article["language"] == "en"


def test_workers_match_one_process(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": str(i), "text": f"Strike number {i} hit Kharkiv."}) + "\n" for i in range(12)
        ),
        encoding="utf-8",
    )
    one = run("analyze", str(path), "--quiet")
    two = run("analyze", str(path), "--quiet", "--workers", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["extract", "--help"], ["--version"]])
def test_help(args):
    result = invoke(*args)
    assert result.exit_code == 0


@pytest.mark.slow
def test_user_actor_file(tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text(
        "name,kind,country,sector,aliases\nOlena Testenko,person,UKR,GOV,Testenko\n", encoding="utf-8"
    )
    result = invoke(
        "analyze", "-", "--actors", str(actors), input="Olena Testenko said on Monday that talks failed."
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    [actor] = [a for a in doc["actors"] if a["name"] == "Olena Testenko"]
    assert (actor["country"], actor["sector"]) == ("UKR", "GOV")
    bad = tmp_path / "bad.csv"
    bad.write_text("kind\nperson\n", encoding="utf-8")
    result = invoke("analyze", "-", "--actors", str(bad), input="text")
    assert result.exit_code == 2 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_stages_option_runs_only_the_named_stages():
    result = invoke("analyze", "-", "--stages", "entities,times", input="Putin spoke in Moscow on Tuesday.")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert_valid_document(doc)
    assert doc["entities"] and doc["times"]
    assert doc["places"] == [] and doc["actors"] == [] and doc["attributions"] == []
    bad = invoke("analyze", "-", "--stages", "entities,nonsense", input="x")
    assert bad.exit_code == 2 and "nonsense" in bad.stderr
