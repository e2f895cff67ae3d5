"""Running the per-document work on a Dask distributed cluster (`pip install clauselint[dask]`).

The client loads and validates the packs once and ships them to every worker in a
WorkerPlugin, which compiles them once per worker process; documents are then submitted as
one task each, in a bounded window, and collected with `as_completed`, re-ordered into the
input order so the output is byte-identical to a local run. Workers read the documents
themselves: give paths they can see (fsspec URLs, or a shared mount).
"""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager

from .config import Config
from .errors import ClauselintError

try:
    from distributed import WorkerPlugin
except ImportError:  # the module still imports; dask_results says what to install
    WorkerPlugin = object

IN_FLIGHT_PER_WORKER = 8  # tasks queued per worker thread: enough to keep it busy, bounded


class EnginePlugin(WorkerPlugin):
    """Compiles the client's packs once per worker process, before any document arrives."""

    name = "clauselint-engine"

    def __init__(self, config: Config, rules):
        self.config = config
        self.rules = rules

    def setup(self, worker=None):
        from .pipeline import preload

        preload(self.config, self.rules)


def check_task(path: str, config: Config):
    """The work of one document on a worker: a DocumentResult, errors included."""
    from .batch import safe_check_file

    return safe_check_file(path, config)


def require() -> None:
    """Fail early, with one line, when the dask extra is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClauselintError(
            "running on Dask needs `pip install clauselint[dask]`", key="--dask"
        ) from None


@contextmanager
def dask_results(paths: list[str], config: Config, address, *, workers: int = 2):
    """The results for `paths`, in order, computed on the cluster at `address`: a scheduler
    address, "local" for a LocalCluster of `workers` processes, or a distributed.Client."""
    require()
    from .pipeline import engine

    rules = engine(config).rules  # a bad pack fails here, before the cluster starts
    with _client(address, workers) as client:
        _register(client, EnginePlugin(config, rules))
        yield _in_order(client, paths, config)


@contextmanager
def _client(address, workers: int):
    from distributed import Client, LocalCluster

    if isinstance(address, Client):
        yield address
        return
    if address == "local":
        with warnings.catch_warnings():
            # the scheduler's HTTP server wants port 8787 even with no dashboard, and warns when
            # another cluster holds it before taking a free one: not the user's concern
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                # CRITICAL, not ERROR: a worker whose heartbeat races the scheduler's shutdown
                # logs a traceback at ERROR (seen under load in CI); every failure that matters
                # reaches the user as its document's error, through the task's future
                silence_logs=logging.CRITICAL,
            )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="30s")
    except OSError as e:
        raise ClauselintError(f"cannot reach the Dask scheduler: {e}", key="--dask") from None
    with client:
        yield client


def _register(client, plugin) -> None:
    if hasattr(client, "register_plugin"):
        client.register_plugin(plugin)
    else:  # distributed < 2023.9
        client.register_worker_plugin(plugin)


def _in_order(client, paths: list[str], config: Config):
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    window = max(4, IN_FLIGHT_PER_WORKER * threads)
    pending = iter(enumerate(paths))
    where: dict[str, tuple[int, str]] = {}
    running = as_completed()

    def submit_next() -> None:
        item = next(pending, None)
        if item is not None:
            fut = client.submit(check_task, item[1], config, pure=False, retries=0)
            where[fut.key] = item
            running.add(fut)

    for _ in range(window):
        submit_next()
    done: dict[int, object] = {}
    want = 0
    for fut in running:
        i, path = where.pop(fut.key)
        done[i] = _outcome(fut, path)
        fut.release()
        submit_next()
        while want in done:
            yield done.pop(want)
            want += 1


def _outcome(fut, path: str):
    """The task's result; a task that failed outright (a worker killed by a document, say)
    becomes an error for that document only."""
    from .pipeline import DocumentResult

    try:
        return fut.result()
    except Exception as e:
        return DocumentResult(path, None, None, error=("internal", f"{type(e).__name__}: {e}"))
