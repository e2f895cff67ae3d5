"""Runs the steps in order for one document or many: extract → structure → detect → check."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import Finding, hygiene_findings, run_checks
from .config import DEFAULT, Config
from .document import Document
from .errors import ClauselintError, ExtractionError
from .kinds import guess_kind, sides
from .packs import RuleSet
from .results import Clause, Evidence

if TYPE_CHECKING:  # the engine is imported on first use: a fully cached run needs none of it
    from .detect import Detector


@dataclass(frozen=True)
class DocumentResult:
    path: str
    format: str | None
    pages: int | None
    clauses: tuple[Clause, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: tuple[str, str] | None = None  # (kind, message)
    document_kind: str | None = None

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "format": self.format,
            "pages": self.pages,
            "document_kind": self.document_kind,
            "clauses": [c.to_dict() for c in self.clauses],
            "findings": [f.to_dict() for f in self.findings],
            "error": {"kind": self.error[0], "message": self.error[1]} if self.error else None,
        }

    @classmethod
    def from_dict(cls, d: dict) -> DocumentResult:
        """The inverse of to_dict (evidence beyond the quoted five is not kept)."""
        ev = lambda items: tuple(Evidence(**e) for e in items)  # noqa: E731
        clauses = tuple(
            Clause(c["type"], c["title"], ev(c["evidence"]), c.get("value")) for c in d["clauses"]
        )
        findings = tuple(
            Finding(**{**f, "evidence": ev(f["evidence"]), "references": tuple(f["references"]),
                       "missing": not f["evidence"]})
            for f in d["findings"]
        )  # fmt: skip
        err = d.get("error")
        error = (err["kind"], err["message"]) if err else None
        return cls(
            d["path"], d["format"], d["pages"], clauses, findings, error, d.get("document_kind")
        )


class Engine:
    """The loaded packs, and their compiled detector, built on first use: a run whose
    results all come from the cache never pays for spaCy or the regexes."""

    def __init__(self, rules: RuleSet, detector: Detector | None = None):
        self.rules = rules
        if detector is not None:
            self.__dict__["detector"] = detector

    @cached_property
    def detector(self) -> Detector:
        from .packcache import detector

        return detector(self.rules)


@lru_cache(maxsize=4)
def _engine(rule_paths: tuple[str, ...], builtin: bool) -> Engine:
    from .packcache import rules

    return Engine(rules(rule_paths, builtin))


_PRELOADED: dict[tuple, Engine] = {}


def engine(config: Config | None = None) -> Engine:
    """The compiled packs for a config, built once per process."""
    config = DEFAULT if config is None else config
    key = (tuple(config.rules), config.builtin_rules)
    return _PRELOADED.get(key) or _engine(*key)


def preload(config: Config, rules: RuleSet) -> None:
    """Compile packs loaded elsewhere (e.g. shipped to a cluster worker that may not have
    the pack files) as this process's engine for `config`."""
    key = (tuple(config.rules), config.builtin_rules)
    from .detect import Detector

    if key not in _PRELOADED or _PRELOADED[key].rules.digest != rules.digest:
        _PRELOADED[key] = Engine(rules, Detector(rules))


def selected(check, config: Config) -> bool:
    """Is the check chosen by --select/--ignore (rule id, id prefix or category)?"""

    def hit(sel: str) -> bool:
        return (
            check.id == sel or check.id.startswith(sel.rstrip(".") + ".") or check.category == sel
        )

    if config.select and not any(hit(s) for s in config.select):
        return False
    return not any(hit(s) for s in config.ignore)


def check_document(doc: Document, config: Config | None = None) -> DocumentResult:
    from . import structure

    config = DEFAULT if config is None else config
    eng = engine(config)
    struct = structure.parse(doc)
    clauses = eng.detector.detect(doc, struct)
    checks = [c for c in eng.rules.checks if selected(c, config)]
    kind = config.profile or guess_kind(doc, struct)
    findings = run_checks(
        checks,
        clauses,
        document_kind=kind,
        perspective=config.perspective,
        severity=config.severity,
        side_of=sides(struct),
        extra=hygiene_findings(checks, doc, struct),
    )
    return DocumentResult(doc.path, doc.format, doc.pages, clauses, findings, None, kind)


def _failed(path: str, err: ExtractionError) -> DocumentResult:
    return DocumentResult(path=path, format=None, pages=None, error=(err.kind, err.message))


def check_file(path: str | os.PathLike, config: Config | None = None) -> DocumentResult:
    """Check one file, or an fsspec URL (s3://, memory:// ...: needs clauselint[remote]); an
    unreadable input gives a result with `error` set, not an exception."""
    from . import remote
    from .extract import extract_bytes, extract_path

    config = DEFAULT if config is None else config
    try:
        if remote.is_url(path):
            data = remote.read_bytes(path)
            fmt = remote.check_format(path, data)
            doc = extract_bytes(data, path, fmt=fmt, pdf_engine=config.pdf_engine)
        else:
            doc = extract_path(path, pdf_engine=config.pdf_engine)
    except ExtractionError as e:
        return _failed(str(path), e)
    return check_document(doc, config)


def check_bytes(data: bytes, name: str, config: Config | None = None) -> DocumentResult:
    """Check a document's bytes; `name` is its path in the result and its suffix the format
    (else the content is sniffed, else read as text)."""
    from .extract import extract_bytes

    config = DEFAULT if config is None else config
    try:
        doc = extract_bytes(data, name, pdf_engine=config.pdf_engine)
    except ExtractionError as e:
        return _failed(name, e)
    return check_document(doc, config)


def check_text(
    text: str, config: Config | None = None, *, name: str = "<text>", fmt: str = "txt"
) -> DocumentResult:
    """Check text already extracted (no pages); `fmt` "md" reads Markdown headings."""
    return check_document(Document(path=name, format=fmt, text=text), config)


def expand_paths(paths, config: Config | None = None) -> list[str]:
    """Files as given, and directories (local or fsspec URLs) walked recursively for
    supported extensions, sorted."""
    from fnmatch import fnmatch

    from . import remote
    from .extract import SUFFIXES

    config = DEFAULT if config is None else config
    out: list[str] = []
    for p in map(str, paths):
        if remote.is_url(p):
            found = remote.expand(p, SUFFIXES)
        elif p != "-" and Path(p).is_dir():
            found = sorted(
                str(f) for f in Path(p).rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()
            )
        else:
            found = None
        if found is None:
            out.append(p)
        else:
            out += [f for f in found if not any(fnmatch(f, g) for g in config.exclude)]
    return out


# -- many documents --------------------------------------------------------------------------

_WORKER_CONFIG: Config | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_CONFIG
    _WORKER_CONFIG = config
    _ = engine(config).detector  # compile the packs once per worker, not once per document


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
        futures = [ex.submit(_work, p) for p in todo[done:]]
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
