"""Where batches of articles are analysed: in this process, in local processes, or on a Dask cluster.

There is one batch function, `analyze_batch_here` (a list of Articles and ingest errors in, a list of
Document dicts and errors out, in order, by the process's own Analyzer), and three executors that map
it over a stream of batches and yield the results in input order:

* `InProcess`: here (the default);
* `Processes(n)`: n local processes (`--workers N`), each building the pipeline once;
* `DaskExecutor(address)`: a dask.distributed cluster (`--dask local:N` starts a LocalCluster of N
  worker processes, `--dask tcp://HOST:8786` uses a running scheduler). A worker plugin builds the
  pipeline and the gazetteer index once per worker; a batch lost with a killed worker is run again
  elsewhere by the scheduler.

The input is streamed: at most `in_flight` batches are out at once, so a WARC of any size never sits
in memory. The results come back in input order to one consumer (the CLI's writer or the store's one
writer).
"""

from __future__ import annotations

import ctypes
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

DEFAULT_DASK_BATCH = 100
# For the workers of a LocalCluster: no statistical profiler (it samples the analysing thread every
# 10 ms and takes the GIL to do it) and glibc's own malloc trimming (Dask's 64 KiB threshold makes the
# many small allocations of spaCy slower). Measured on 200 PolNeAR articles, one worker: 6.2 docs/s
# with Dask's defaults, 7.3 without, 7.7 in one plain process.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
_PLUGIN = "wirecoder-analyzer"


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    return iter(lambda: list(islice(iterator, size)), [])


# ---- the batch function -------------------------------------------------------------------------


def build_analyzer(config):
    """This process's analyzer for an AnalyzerConfig, built once (by a pool initializer or a Dask
    worker plugin)."""
    from wirecoder.pipeline import get_analyzer, settle_for_batch

    analyzer = get_analyzer(config)
    settle_for_batch()
    return analyzer


def analyze_batch_here(batch: list[Any], config, as_dicts: bool = True) -> list[Any]:
    """The Documents (as dicts for another process) or the errors in their place, for one batch,
    by this process's Analyzer for `config` (an AnalyzerConfig)."""
    from wirecoder.model import Document
    from wirecoder.pipeline import get_analyzer

    results = get_analyzer(config).stream(batch)
    out = [r.to_dict() if as_dicts and isinstance(r, Document) else r for r in results]
    _release_memory()
    return out


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


def _release_memory() -> None:
    """Give the batch's freed memory back to the system (glibc keeps it otherwise): once per batch
    keeps a worker's peak down without the cost of trimming on every free."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _dask_batch(batch: list[Any], config) -> list[Any]:
    return analyze_batch_here(batch, config)


# ---- executors ----------------------------------------------------------------------------------


class InProcess:
    batch_size = 16

    def __init__(self, config=None):
        self.config = _config(config)

    def map(self, batches: Iterable[list[Any]]) -> Iterator[list[Any]]:
        for batch in batches:
            yield analyze_batch_here(batch, self.config, as_dicts=False)

    def close(self) -> None:
        pass


class Processes:
    """n spawned processes (a fork would copy the parent's loaded model and its locks)."""

    batch_size = 16

    def __init__(self, config, workers: int):
        import multiprocessing

        self.config = _config(config)
        context = multiprocessing.get_context("spawn")
        self.pool = context.Pool(workers, initializer=build_analyzer, initargs=(self.config,))
        self.in_flight = 2 * workers

    def map(self, batches: Iterable[list[Any]]) -> Iterator[list[Any]]:
        pending: deque = deque()
        for batch in batches:
            pending.append(self.pool.apply_async(analyze_batch_here, (batch, self.config)))
            if len(pending) >= self.in_flight:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


class DaskExecutor:
    """Batches as Dask tasks; results in input order, `in_flight` batches per worker at most."""

    def __init__(
        self,
        address: str,
        config=None,
        batch_size: int = DEFAULT_DASK_BATCH,
    ):
        import dask
        from distributed import Client, LocalCluster

        self.batch_size = batch_size
        self.cluster = None
        if address.startswith("local:"):
            try:
                workers = int(address.split(":", 1)[1])
            except ValueError:
                raise ValueError(f"--dask {address!r}: expected local:N with N a number of workers") from None
            if workers < 1:
                raise ValueError(f"--dask {address!r}: N must be at least 1")
            with dask.config.set(LOCAL_WORKER_CONFIG):
                self.cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
                )
            self.client = Client(self.cluster)
        elif address.startswith("tcp://"):
            try:
                self.client = Client(address, timeout=10)
            except OSError as err:
                raise ValueError(f"--dask {address}: cannot reach the scheduler ({err})") from None
        else:
            raise ValueError(f"--dask {address!r}: expected local:N or tcp://HOST:PORT")
        self.config = _config(config)
        self.client.register_plugin(_analyzer_plugin(self.config), name=_PLUGIN)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    @property
    def dashboard(self) -> str | None:
        return getattr(self.client, "dashboard_link", None)

    def map(self, batches: Iterable[list[Any]]) -> Iterator[list[Any]]:
        pending: deque = deque()
        run = uuid.uuid4().hex[:8]
        for number, batch in enumerate(batches):
            future = self.client.submit(
                _dask_batch, batch, self.config, key=f"wirecoder-{run}-{number}", retries=2
            )
            pending.append((future, batch))
            if len(pending) >= 2 * self.workers:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    @staticmethod
    def _result(future, batch: list[Any]) -> list[Any]:
        from wirecoder.model import Article
        from wirecoder.pipeline import AnalysisError

        try:
            return future.result()
        except Exception as err:  # the batch failed on the cluster: each input is reported, the run goes on
            reason = f"analysis failed on the cluster: {type(err).__name__}: {err}"
            return [
                AnalysisError(item.source or item.stable_id(), reason) if isinstance(item, Article) else item
                for item in batch
            ]

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _analyzer_plugin(config):
    """A worker plugin that builds the pipeline once per Dask worker (also on a worker that replaces
    a killed one), before its first batch."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class AnalyzerPlugin(WorkerPlugin):
        idempotent = True

        def setup(self, worker) -> None:
            build_analyzer(config)

    return AnalyzerPlugin()


def _config(config):
    """An AnalyzerConfig: the one given, one for a model name, or the default."""
    from wirecoder.pipeline import AnalyzerConfig

    if config is None or isinstance(config, str):
        return AnalyzerConfig.of(config)
    return config


def make_executor(config=None, workers: int = 1, dask: str | None = None, batch_size: int | None = None):
    """The executor the options ask for: Dask when an address is given, else processes, else here.
    `config` is an AnalyzerConfig (or a model name)."""
    if dask:
        return DaskExecutor(dask, config, batch_size or DEFAULT_DASK_BATCH)
    if workers > 1:
        return Processes(config, workers)
    return InProcess(config)
