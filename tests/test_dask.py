"""The same analysis and ingest on a Dask LocalCluster of two worker processes."""

import json
import os
import signal

import pytest
from test_cli import invoke
from test_corpus_cli import short_articles

from wirecoder.corpus import Corpus
from wirecoder.executors import DaskExecutor, InProcess
from wirecoder.language import DEFAULT_MODEL
from wirecoder.model import Article
from wirecoder.pipeline import analyze_stream

pytest.importorskip("distributed")


def articles(path):
    return [Article(r["text"], id=r["id"], published=r["published"]) for r in map(json.loads, path.open())]


@pytest.fixture(scope="module")
def cluster():
    executor = DaskExecutor("local:2", DEFAULT_MODEL, batch_size=5)
    yield executor
    executor.close()


@pytest.mark.slow
def test_documents_are_identical_to_one_process(cluster, tmp_path):
    items = articles(short_articles(tmp_path / "news.jsonl", 23))
    on_dask = [d.to_json() for d in analyze_stream(iter(items), executor=cluster, chunk_size=5)]
    here = [d.to_json() for d in analyze_stream(iter(items), executor=InProcess(DEFAULT_MODEL))]
    assert on_dask == here and len(here) == 23
    assert cluster.dashboard and cluster.dashboard.startswith("http://127.0.0.1:")


@pytest.mark.slow
def test_a_worker_killed_mid_ingest_loses_nothing_and_duplicates_nothing(cluster, tmp_path):
    items = articles(short_articles(tmp_path / "news.jsonl", 60))
    pids = list(cluster.client.run(os.getpid).values())
    assert len(pids) == 2
    seen = []
    with Corpus(str(tmp_path / "store.db")) as corpus:
        for n, outcome in enumerate(corpus.add_stream(iter(items), executor=cluster, batch_size=5)):
            seen.append(outcome.status)
            if n == 6:  # batches are out on both workers: kill one of them
                os.kill(pids[0], signal.SIGKILL)
        counts = corpus.counts()
    assert seen.count("new") == 60 and counts["documents"] == 60 and counts["versions"] == 60
    assert "failed" not in seen


def test_bad_dask_address_is_a_usage_error(tmp_path):
    source = short_articles(tmp_path / "news.jsonl", 1)
    result = invoke("analyze", str(source), "--dask", "somewhere")
    assert result.exit_code == 2 and "expected local:N" in result.stderr
    assert invoke("analyze", str(source), "--dask", "local:zero").exit_code == 2
