"""What `clauselint check` does once its options are parsed: config, engine, documents,
baseline, render, exit code. The CLI turns ClauselintError into exit 2."""

from __future__ import annotations

import dataclasses
import sys
from contextlib import nullcontext
from pathlib import Path

from .baseline import new_findings, read_baseline, write_baseline
from .config import Config, check_ids
from .errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, ClauselintError
from .files import atomic_write, atomic_writer
from .formats import RENDERERS, STREAMING, fails, record_of


@dataclasses.dataclass(frozen=True)
class Request:
    paths: list[str]
    config: Config
    format: str = "text"
    output: Path | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    show_clauses: bool = False
    debug: bool = False
    jobs: int = 1
    cache_dir: Path | None = None
    use_cache: bool = True
    progress: bool = False
    dask: str | None = None  # a scheduler address, or "local"


def _run_one(path: str, config: Config, debug: bool):
    from .batch import safe_check_file, too_large
    from .pipeline import DocumentResult, check_bytes, check_file

    if path != "-":
        return check_file(path, config) if debug else safe_check_file(path, config)
    limit = int(config.max_size * 1e6) if config.max_size else -1
    data = sys.stdin.buffer.read(limit + 1 if limit >= 0 else -1)
    if limit >= 0 and len(data) > limit:
        return too_large(path, config)
    try:
        return check_bytes(data, "-", config)
    except Exception as e:  # a bug on one document must not take the batch down
        if debug:
            raise
        return DocumentResult(path, None, None, error=("internal", f"{type(e).__name__}: {e}"))


def _documents(req: Request, known, sink, warn) -> tuple[list[dict], list[dict]]:
    """Check every path: (all records, records to report). Each record to report goes to
    `sink` (streaming formats) as soon as its document is done."""
    from .pipeline import expand_paths

    everything, shown = [], []
    paths = expand_paths(req.paths, req.config)
    if not paths:  # e.g. a folder with no contracts in it (or all of them excluded)
        from .extract import FORMATS

        kinds = ", ".join(FORMATS)
        warn(f"warning: no documents to check in {', '.join(req.paths)} (looked for {kinds})")
    for result in _progress(_results(req, paths), len(paths), req.progress):
        doc = result.to_dict()
        if doc["error"]:
            warn(f"{doc['path']}: {doc['error']['message']}")
        everything.append(doc)
        shown.append(new_findings(doc, known) if known is not None else doc)
        if sink is not None:
            sink(shown[-1])
    return everything, shown


def _results(req: Request, paths: list[str]):
    """Results in input order: in this process when reading stdin or debugging (so a bug
    raises), otherwise on the batch runner with its worker pool and cache."""
    if req.debug or "-" in paths:
        for path in paths:
            yield _run_one(path, req.config, req.debug)
        return
    from .batch import run_batch, settle
    from .cache import Cache
    from .pipeline import engine

    cache = None
    if req.use_cache:
        cache = Cache.for_run(req.cache_dir, engine(req.config).rules.digest, req.config)
    if req.dask is not None:
        from .distributed import require

        require()  # even when every result is cached: --dask without the extra is an error
    settled = False
    for result in run_batch(paths, req.config, jobs=req.jobs, cache=cache, dask=req.dask):
        if not settled and engine(req.config).loaded:
            settle()  # once the engine is loaded (never, when every result came from the cache)
            settled = True
        yield result


def _progress(results, total: int, show: bool):
    if not show or total < 2:
        yield from results
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("checking", total=total)
        for r in results:
            bar.advance(task)
            yield r


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _selected_rules(rules, config: Config):
    from .pipeline import selected

    return dataclasses.replace(rules, checks=tuple(c for c in rules.checks if selected(c, config)))


def run_check(req: Request, warn) -> int:
    """Run a check as requested; returns the exit code. Raises ClauselintError on bad input."""
    from .pipeline import engine

    known = read_baseline(req.baseline) if req.baseline else None
    for target in (req.output, req.write_baseline):  # before reading a whole batch
        if target is not None and not Path(target).parent.is_dir():
            raise ClauselintError(f"cannot write {target}: no directory {Path(target).parent}")
    eng = engine(req.config)  # a bad pack stops the run before any document is read
    check_ids(req.config, eng.rules.checks)
    stream = STREAMING.get(req.format)
    if stream is None:
        everything, docs = _documents(req, known, None, warn)
    else:
        target = atomic_writer(req.output) if req.output else nullcontext(sys.stdout)
        with target as out:
            sink = lambda d: (out.write(stream(d)), out.flush())  # noqa: E731
            everything, docs = _documents(req, known, sink, warn)
    rec = record_of(docs)
    rules = _selected_rules(eng.rules, req.config)
    if stream is None:
        _emit(render(rec, rules, req), req.output)
    hidden = _count(everything) - _count(docs)
    if hidden:
        warn(f"{hidden} finding{'s' if hidden != 1 else ''} in the baseline not reported")
    if req.write_baseline:
        n = write_baseline(req.write_baseline, everything)
        warn(f"wrote {n} baseline entr{'y' if n == 1 else 'ies'} to {req.write_baseline}")
    if rec["summary"]["errors"]:
        return EXIT_ERROR
    if req.write_baseline:
        return EXIT_OK
    return EXIT_FINDINGS if fails(rec, req.config.fail_on) else EXIT_OK


def render(rec: dict, rules, req: Request) -> str | None:
    """The report as text; None for the terminal report, which rich prints itself."""
    if req.format == "markdown":  # a PR comment may carry the inventory too
        return RENDERERS["markdown"](rec, rules, show_clauses=req.show_clauses)
    if req.format != "text":
        return RENDERERS[req.format](rec, rules)
    from .report import render_text

    if req.output is not None:
        return render_text(rec, rules, show_clauses=req.show_clauses)
    from rich.console import Console

    from .report import render as render_terminal

    render_terminal(rec, Console(highlight=False), rules=rules, show_clauses=req.show_clauses)
    return None


def _emit(text: str | None, output: Path | None) -> None:
    if text is None:
        return
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)


def _count(docs: list[dict]) -> int:
    return sum(len(d["findings"]) for d in docs)
