"""Hostile local inputs: special files (FIFOs, devices), symbolic links in folders, JSONL edge cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecoder.ingest import IngestError, IngestOptions, iter_articles
from wirecoder.ingest.jsonl import parse_line
from wirecoder.ingest.sources import folder_entries, folder_files
from wirecoder.model import Article

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def within(seconds: float, sources, options: IngestOptions | None = None) -> list:
    """iter_articles over `sources`, failing (not hanging) if it takes longer than `seconds`."""
    out: list = []
    worker = threading.Thread(target=lambda: out.extend(iter_articles([str(s) for s in sources], options)))
    worker.daemon = True  # a reader that blocks forever must not keep the test run alive
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"reading {sources} blocked"
    return out


@needs_fifo
@pytest.mark.parametrize("name", ["news.txt", "feed.xml", "data.jsonl", "archive.warc.gz", "noext"])
def test_fifo_argument_skipped(tmp_path: Path, name: str):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("A plain article about the harbour.", encoding="utf-8")
    error, article = within(5, [fifo, good])
    assert isinstance(error, IngestError) and error.source == str(fifo)
    assert "FIFO" in error.reason and "not a regular file" in error.reason and "\n" not in error.reason
    assert isinstance(article, Article) and article.text.startswith("A plain article")


@needs_fifo
def test_folder_with_fifo(tmp_path: Path):
    os.mkfifo(tmp_path / "news.txt")
    (tmp_path / "other.txt").write_text("Other story.", encoding="utf-8")
    error, article = within(5, [tmp_path])
    assert isinstance(error, IngestError) and error.source == str(tmp_path / "news.txt")
    assert "FIFO" in error.reason
    assert isinstance(article, Article) and article.text == "Other story."


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_argument_skipped():
    [error] = within(5, ["/dev/zero"])
    assert isinstance(error, IngestError) and "character device" in error.reason


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A folder with links: to a file outside, to a device, to a folder outside, to itself (a loop),
    to a file inside, and a broken one."""
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text("Outside file.", encoding="utf-8")
    (outside / "deep" / "more.txt").write_text("Outside folder file.", encoding="utf-8")
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Inside file.", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("Inside sub file.", encoding="utf-8")
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    if os.path.exists("/dev/zero"):
        (root / "zero.txt").symlink_to("/dev/zero")
    (root / "elsewhere").symlink_to(outside / "deep", target_is_directory=True)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub" / "alias.txt").symlink_to(root / "a.txt")
    (root / "broken.txt").symlink_to(tmp_path / "missing.txt")
    return root


def test_links_out_of_folder_not_followed(linked: Path):
    out = within(10, [linked])
    by_source = {r.source: r for r in out}
    assert len(by_source) == len(out)  # each input once
    texts = sorted(r.text for r in out if isinstance(r, Article))
    assert texts == ["Inside file.", "Inside file.", "Inside sub file."]  # a.txt and sub/alias.txt
    errors = {Path(r.source).name: r.reason for r in out if isinstance(r, IngestError)}
    assert "outside the folder; not followed (--follow-links)" in errors["secret.txt"]
    assert "outside the folder" in errors["elsewhere"]
    assert "broken symbolic link" in errors["broken.txt"]
    if os.path.exists("/dev/zero"):
        assert "outside the folder" in errors["zero.txt"]
    assert "loop" not in errors  # a link back into the folder is walked as itself, not again


def test_follow_links_follows_without_looping(linked: Path):
    out = within(10, [linked], IngestOptions(follow_links=True))
    texts = sorted(r.text for r in out if isinstance(r, Article))
    assert texts == ["Inside file.", "Inside file.", "Inside sub file.", "Outside file.", "Outside folder file."]
    errors = {Path(r.source).name: r.reason for r in out if isinstance(r, IngestError)}
    if os.path.exists("/dev/zero"):
        assert "character device" in errors["zero.txt"]  # followed, but a device is never read
    assert set(errors) <= {"zero.txt", "broken.txt"}


def test_folder_entries_order_and_reasons(linked: Path):
    names = [Path(p).relative_to(linked).as_posix() for p in folder_files(str(linked))]
    assert names == ["a.txt", "sub/alias.txt", "sub/b.txt"]
    entries = [(Path(p).relative_to(linked).as_posix(), reason) for p, reason in folder_entries(str(linked))]
    assert [name for name, _ in entries] == sorted(name for name, _ in entries)  # one path order
    skipped = {name for name, reason in entries if reason}
    assert {"secret.txt", "elsewhere", "broken.txt"} <= skipped and "a.txt" not in skipped


# ---- JSONL edge cases -----------------------------------------------------------------------------


def test_jsonl_huge_integer(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    digits = "7" * 5000
    path.write_text(
        "\n".join(
            [
                '{"id": "a", "text": "First line.", "views": ' + digits + "}",
                '{"id": ' + digits + ', "text": "Huge integer id."}',
                '{"id": "c", "text": "Third line.", "title": ' + digits + "}",
                '{"id": "d", "text": "Fourth line."}',
            ]
        ),
        encoding="utf-8",
    )
    first, second, third, fourth = within(10, [path])
    assert isinstance(first, Article) and first.id == "a"  # an unused field does not matter
    assert isinstance(second, Article) and second.id == digits  # an integer id, as its digits
    assert isinstance(third, IngestError) and third.source == f"{path}:3"
    assert '"title" must be a string, not a number (an integer of 5,000 digits)' in third.reason
    assert isinstance(fourth, Article) and fourth.id == "d"


@pytest.mark.parametrize("field", ["text", "id", "title", "url", "html"])
def test_jsonl_lone_surrogate(tmp_path: Path, field: str):
    record = {"id": "x1", "text": "Body text of the story."}
    record[field] = "Before \\ud800 after" if field != "html" else "<p>Before \\udc00 after</p>"
    line = json.dumps(record).replace("\\\\u", "\\u")  # the escape itself, not an escaped backslash
    path = tmp_path / "s.jsonl"
    path.write_text(line + '\n{"id": "ok", "text": "Next line."}\n', encoding="utf-8")
    error, ok = within(10, [path])
    assert isinstance(error, IngestError) and error.source == f"{path}:1"
    assert f'"{field}"' in error.reason and "surrogate" in error.reason, error
    assert isinstance(ok, Article) and ok.id == "ok"


def test_jsonl_surrogate_pair_is_fine():
    article = parse_line(b'{"id": "e", "text": "Smile \\ud83d\\ude00 now"}', "x:1", IngestOptions())
    assert article.text == "Smile \U0001f600 now"


JSON_SCALARS = st.one_of(
    st.integers(min_value=4000, max_value=6000).map(lambda n: ("digits", n)),  # an integer of n digits
    st.integers(),
    st.text(alphabet=st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), max_size=5),
    st.text(max_size=20),
    st.floats(allow_nan=False),
)


def to_json_line(record: dict, ascii_only: bool) -> bytes:
    """The record as a JSON line; ("digits", n) becomes an integer of n digits, lone surrogates stay."""
    plain = {k: (f"@@{v[1]}@@" if isinstance(v, tuple) else v) for k, v in record.items()}
    line = json.dumps(plain, ensure_ascii=ascii_only)
    for value in record.values():
        if isinstance(value, tuple):
            line = line.replace(f'"@@{value[1]}@@"', "9" * value[1])
    return line.encode("utf-8", "surrogatepass")


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["id", "text", "title", "url", "extra", "published"]), JSON_SCALARS),
    st.booleans(),
)
def test_jsonl_line_never_raises_anything_else(record: dict, ascii_only: bool):
    # Any mix of huge integers, lone surrogates (escaped or raw bytes) and floats: an Article or an
    # IngestError naming the line, never another exception, and nothing unwritable in an Article.
    try:
        article = parse_line(to_json_line(record, ascii_only), "f.jsonl:1", IngestOptions())
    except IngestError as exc:
        assert exc.source == "f.jsonl:1" and "\n" not in exc.reason
        return
    for value in (article.text, article.id, article.title, article.url):
        if value is not None:
            value.encode("utf-8")  # writable: no lone surrogate survives


# ---- through the command line ---------------------------------------------------------------------


def _extract(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "wirecoder", "extract", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_cli_follow_links(linked: Path):
    plain = _extract(str(linked), "--quiet")
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    errors = plain.stderr.strip().splitlines()
    assert all(line.startswith("wirecoder: error: ") for line in errors)
    assert any("secret.txt: symbolic link to" in line and "--follow-links" in line for line in errors)
    assert len(plain.stdout.splitlines()) == 3
    followed = _extract(str(linked), "--quiet", "--follow-links")
    texts = sorted(json.loads(line)["text"] for line in followed.stdout.splitlines())
    assert texts == ["Inside file.", "Inside file.", "Inside sub file.", "Outside file.", "Outside folder file."]


@needs_fifo
def test_cli_fifo_does_not_block(tmp_path: Path):
    os.mkfifo(tmp_path / "news.txt")
    done = _extract(str(tmp_path / "news.txt"), str(tmp_path), "--quiet")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and all("news.txt: is a FIFO (named pipe), not a regular file" in line for line in lines)


def test_cli_options_reach_ingest():
    from wirecoder.cli import _ingest_options

    options = _ingest_options("1MB", False, False, 5.0, 60.0, True)
    assert (options.timeout, options.read_timeout, options.connect_timeout) == (5.0, 5.0, 5.0)
    assert options.feed_timeout == 60.0 and options.follow_links and options.max_bytes == 1024**2
