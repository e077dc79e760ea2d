"""The hostile-input corpus (tests/hostile_corpus.py) through ingest and through `wirecoder analyze`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_corpus import CATEGORIES, Case, check, write_corpus

ROOT = Path(__file__).resolve().parents[1]
PER_INPUT_SECONDS = 20.0  # no input (file, line, record) may take longer than this to ingest
INGEST_PEAK_MB = 400
ANALYZE_PEAK_MB = 900  # the spaCy pipeline comes on top of ingest (about 400 MB measured)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    folder.mkdir()
    return folder, write_corpus(folder)


def test_corpus_covers_every_category(corpus):
    folder, cases = corpus
    assert {c.category for c in cases} == set(CATEGORIES)
    assert len(cases) >= 200
    assert len({c.source for c in cases}) == len(cases)
    texts = [c.text for c in cases if c.text is not None]
    assert len(set(texts)) == len(texts)  # so analyze's Documents can be told apart by their text


INGEST_CHILD = """
import json, sys, time
from wirecoder.ingest import IngestError, IngestOptions, iter_articles
def peak_mb():  # VmHWM: this process's own peak (ru_maxrss would count the pytest process that forked it)
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
out, slowest, last = [], [0.0, None], time.monotonic()
for result in iter_articles([sys.argv[1]], IngestOptions(fetch=False, timeout=2)):
    now = time.monotonic()
    if now - last > slowest[0]:
        slowest = [now - last, result.source]
    last = now
    if isinstance(result, IngestError):
        out.append({"source": result.source, "reason": result.reason})
    else:
        out.append({"source": result.source, "text": result.text})
print(json.dumps({"results": out, "slowest": slowest,
                  "peak_mb": peak_mb()}))
"""


def test_corpus_through_ingest(corpus):
    # In a child process, so that its peak RSS is the corpus's own, and a hang cannot stop the test run.
    folder, cases = corpus
    done = subprocess.run(
        [sys.executable, "-c", INGEST_CHILD, str(folder)],
        capture_output=True,
        text=True,
        timeout=60 + PER_INPUT_SECONDS * 10,
        env=_env(),
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    run = json.loads(done.stdout)
    documents = [(r["source"], r["text"]) for r in run["results"] if "text" in r]
    errors = [(r["source"], r["reason"]) for r in run["results"] if "reason" in r]
    problems = check(cases, documents, errors)
    assert not problems, "\n".join(problems[:40])
    assert run["slowest"][0] < PER_INPUT_SECONDS, run["slowest"]
    assert run["peak_mb"] < INGEST_PEAK_MB, run["peak_mb"]


PEAK_WRAPPER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[2:], timeout=float(sys.argv[1]))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, file=sys.stderr)
sys.exit(done.returncode)
"""


@pytest.mark.slow
def test_corpus_through_analyze(corpus, tmp_path: Path):
    folder, cases = corpus
    output = tmp_path / "out.jsonl"
    limit = 120 + PER_INPUT_SECONDS * 0.2 * len(cases)  # model loading, then a fraction of the per-input limit
    command = [sys.executable, "-m", "wirecoder", "analyze", str(folder), "--no-fetch", "--timeout", "2", "--quiet", "-o", str(output)]
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, str(limit), *command],
        capture_output=True,
        text=True,
        timeout=limit + 30,
        env=_env(),
    )
    *lines, peak = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1, done.stderr[-3000:]  # some inputs are bad, none is bad usage
    errors = []
    for line in lines:
        assert line.startswith("wirecoder: error: "), line
        source, _, reason = line.removeprefix("wirecoder: error: ").partition(": ")
        errors.append((source, reason))
    documents = [(None, json.loads(line)["text"]) for line in output.read_text(encoding="utf-8").splitlines()]
    problems = check(cases, documents, errors)
    assert not problems, "\n".join(problems[:40])
    assert float(peak) < ANALYZE_PEAK_MB, peak
