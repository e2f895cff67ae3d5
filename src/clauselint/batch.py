"""Many documents: size and time limits per document, the result cache, and the order-keeping
runners (this process, a process pool or Dask)."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager

from .config import DEFAULT, Config
from .errors import ClauselintError
from .pipeline import DocumentResult, check_file, engine

_WORKER_CONFIG: Config | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config
    _ = engine(config).detector  # compile the packs once per worker, not once per document
    settle()


def settle() -> None:
    """Take the objects alive now (the compiled packs, the modules) out of the cyclic garbage
    collector's sight: it would otherwise walk all of them again at each full collection, and
    in a forked worker its walk writes to (and so copies) every page of the parent's engine.
    Young objects are collected less often too: a document's many short-lived objects mostly
    go by reference counting anyway. For processes that run a batch and exit: the CLI and
    the pool's workers."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _work(path: str) -> DocumentResult:
    return safe_check_file(path, _WORKER_CONFIG or DEFAULT)


def too_large(path: str, config: Config) -> DocumentResult:
    msg = f"larger than --max-size ({config.max_size:g} MB)"
    return DocumentResult(path, None, None, error=("too-large", msg))


def safe_check_file(path: str, config: Config) -> DocumentResult:
    """check_file within the config's size and time limits, with a bug on one document
    reported for that document only."""
    if config.max_size and (_size(path) or 0) > config.max_size * 1e6:
        return too_large(path, config)
    try:
        with time_limit(config.timeout):
            return check_file(path, config)
    except DocumentTimeout:
        return DocumentResult(
            path,
            None,
            None,
            error=("timeout", f"took longer than --timeout ({config.timeout:g} s)"),
        )
    except ClauselintError as e:  # e.g. a user's regex that ran too long: names pack and key
        return DocumentResult(path, None, None, error=(e.kind, str(e)))
    except Exception as e:
        return DocumentResult(path, None, None, error=("internal", f"{type(e).__name__}: {e}"))


def _size(path: str) -> int | None:
    from . import remote

    if remote.is_url(path):
        return remote.size(path)
    try:
        return os.path.getsize(path)
    except OSError:
        return None  # missing or unreadable: extraction says which


class DocumentTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Interrupt the block after `seconds` (Unix main thread; elsewhere no limit applies)."""
    import signal
    import threading

    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_batch(
    paths: list[str], config: Config | None = None, *, jobs: int = 1, cache=None, dask=None
):
    """Results for `paths` in the order given, streamed as soon as each one (and every one
    before it) is done. Uncached documents run on `jobs` worker processes, or on the Dask
    cluster at `dask` (a scheduler address, "local" for a LocalCluster of `jobs` workers, or
    a distributed.Client). `cache` is a clauselint.cache.Cache or None."""
    config = DEFAULT if config is None else config
    paths = [str(p) for p in paths]
    keys = [cache.key(p) if cache else None for p in paths]
    hits = {i: cache.get(k) for i, k in enumerate(keys) if cache and k}
    hits = {i: r for i, r in hits.items() if r is not None}
    todo = [p for i, p in enumerate(paths) if i not in hits]
    with _runner(todo, config, jobs, dask) as fresh:
        for i, path in enumerate(paths):
            if i in hits:
                yield DocumentResult.from_dict({**hits[i], "path": path})
                continue
            result = next(fresh)
            if cache and result.error is None:
                cache.put(keys[i], result.to_dict())
            yield result


def _largest_first(paths: list[str]) -> list[int]:
    """Indices of `paths`, largest file first: the pool then ends on small files instead of
    one worker still reading a long contract while the others wait. (One worker keeps the
    given order, so that after a crash the document it was reading is the next in line.)"""

    def size(path: str) -> int:
        try:
            return os.path.getsize(path)
        except OSError:
            return 0  # a URL or a missing file: its place does not matter

    return sorted(range(len(paths)), key=lambda i: -size(paths[i]))


@contextmanager
def _runner(todo: list[str], config: Config, jobs: int, dask):
    """The results for `todo`, in order: in this process, a process pool or Dask."""
    if dask is not None and todo:
        from .distributed import dask_results

        with dask_results(todo, config, dask, workers=jobs) as fresh:
            yield fresh
        return
    if jobs <= 1 or len(todo) <= 1:
        yield (safe_check_file(p, config) for p in todo)
        return
    yield _pool_results(todo, config, jobs)


def _pool_results(todo: list[str], config: Config, jobs: int):
    """Results from worker processes, in order. A worker that dies (a crash in a C library)
    or hangs past the time limit costs only the document it was reading: the pool is
    rebuilt, and after a crash the rest runs one worker at a time until the culprit shows."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import TimeoutError as Waited
    from concurrent.futures.process import BrokenProcessPool

    # fork shares the already-compiled packs with the workers; spawn is the portable fallback
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    _ = engine(config).detector  # compiled before the fork, so every worker shares it
    if ctx.get_start_method() == "fork" and config.pdf_engine == "pdfium":
        if any(p.lower().endswith(".pdf") for p in todo):
            import pypdfium2  # noqa: F401  loaded once here, not once in every worker
    wait = config.timeout * 2 + 30 if config.timeout else None  # the worker's own alarm first
    done, workers = 0, min(jobs, len(todo))
    while done < len(todo):
        ex = ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(config,)
        )
        rest = todo[done:]
        futures = [None] * len(rest)
        for i in _largest_first(rest) if workers > 1 else range(len(rest)):
            futures[i] = ex.submit(_work, rest[i])
        finished = False
        try:
            for f in futures:
                yield f.result(timeout=wait)
                done += 1
            finished = True
        except (BrokenProcessPool, Waited) as e:
            hung = isinstance(e, Waited)
            if hung or workers == 1:  # the document this worker was reading
                why = (
                    ("timeout", "the reader hung on this file")
                    if hung
                    else ("crash", "the reader crashed on this file")
                )
                yield DocumentResult(todo[done], None, None, error=why)
                done += 1
            workers = 1 if not hung and workers > 1 else min(jobs, max(1, len(todo) - done))
            for proc in list(getattr(ex, "_processes", {}).values()):
                proc.terminate()
        finally:
            # all done: let the workers exit before the interpreter does; otherwise (a broken
            # pool, or a caller that stopped reading) there is nothing left worth waiting for
            ex.shutdown(wait=finished, cancel_futures=not finished)
