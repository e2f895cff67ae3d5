"""Typer commands only: parse options, call the pipeline, render, pick the exit code."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer

from . import __version__
from .errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

app = typer.Typer(
    name="clauselint",
    help="Lint contracts for missing and risky clauses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's markdown and syntax modules cost ~190 ms of start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FailOn(str, Enum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"
    never = "never"


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sarif = "sarif"
    markdown = "markdown"
    github = "github"
    junit = "junit"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class Profile(str, Enum):
    services = "services"
    dpa = "dpa"
    nda = "nda"
    order = "order"
    license = "license"
    contract = "contract"


class PdfEngine(str, Enum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


class Perspective(str, Enum):
    customer = "customer"
    vendor = "vendor"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clauselint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Lint contracts for missing and risky clauses."""


def _err(msg: str) -> None:
    typer.echo(f"clauselint: {msg}", err=True)


def _fail(e: Exception, debug: bool) -> typer.Exit:
    if debug:
        raise e
    _err(f"error: {e}")
    return typer.Exit(EXIT_ERROR)


def _interactive() -> bool:
    """A progress bar only for a person at a terminal: not when piped, not in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _given(**options) -> dict:
    """The flags layer: only the options given on the command line."""
    out = {}
    for name, v in options.items():
        if v is None or v == []:
            continue
        out[name] = tuple(str(x) for x in v) if isinstance(v, list) else getattr(v, "value", v)
    return out


@app.command()
def check(
    paths: list[str] = typer.Argument(
        ..., help="Contract files or folders (PDF, DOCX, TXT, MD, HTML); '-' reads stdin."
    ),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to FILE (atomically) instead of stdout."
    ),
    fail_on: FailOn | None = typer.Option(
        None,
        "--fail-on",
        help="Exit 1 if any finding is at or above this severity. (default: high)",
        show_default=False,
    ),
    rules: list[Path] = typer.Option(
        [], "--rules", help="Extra rule pack file or folder (repeatable)."
    ),
    select: list[str] = typer.Option(
        [], "--select", help="Only these rule ids, id prefixes or categories."
    ),
    ignore: list[str] = typer.Option(
        [], "--ignore", help="Skip these rule ids, id prefixes or categories."
    ),
    perspective: Perspective | None = typer.Option(
        None, "--perspective", help="Whose side to read the contract from. (default: customer)"
    ),
    profile: Profile | None = typer.Option(
        None,
        "--profile",
        help="Document kind, instead of guessing it (decides which checks apply).",
    ),
    show_clauses: bool = typer.Option(
        False, "--show-clauses", help="Also print the clause inventory (text and markdown)."
    ),
    pdf_engine: PdfEngine | None = typer.Option(
        None, "--pdf-engine", help="PDF text engine. (default: pdfium)"
    ),
    config_file: Path | None = typer.Option(
        None,
        "--config",
        help="Config file (default: clauselint.toml or pyproject.toml found upwards).",
    ),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore any config file."),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Report and gate only findings not in this baseline file."
    ),
    write_baseline: Path | None = typer.Option(
        None, "--write-baseline", help="Record the current findings in FILE and exit 0."
    ),
    timeout: float | None = typer.Option(
        None,
        "--timeout",
        min=0,
        help="Seconds per document before it is reported as an error; 0: no limit. (default: 60)",
        show_default=False,
    ),
    max_size: float | None = typer.Option(
        None,
        "--max-size",
        min=0,
        help="Largest input file in MB; 0: no limit. (default: 100)",
        show_default=False,
    ),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        help="Worker processes (default: one per CPU).",
        show_default=False,
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Neither read nor write the result cache."
    ),
    cache_dir: Path | None = typer.Option(
        None, "--cache-dir", help="Result cache folder (default: the user cache directory)."
    ),
    dask: str | None = typer.Option(
        None,
        "--dask",
        metavar="ADDRESS",
        help="Run on the Dask scheduler at ADDRESS, or 'local' for a LocalCluster of --jobs "
        "workers (default 2). Needs clauselint[dask].",
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Check contracts and report missing or risky clauses."""
    from .config import load
    from .errors import ClauselintError
    from .run import Request, run_check

    flags = _given(rules=rules, select=select, ignore=ignore, fail_on=fail_on,
                   perspective=perspective, profile=profile, pdf_engine=pdf_engine,
                   timeout=timeout, max_size=max_size)  # fmt: skip
    try:
        config, _ = load(flags, config_file, isolated=isolated)
        req = Request(paths, config, format.value, output, baseline, write_baseline,
                      show_clauses, debug, jobs=jobs or (2 if dask else os.cpu_count() or 1),
                      cache_dir=cache_dir, use_cache=not no_cache, progress=_interactive(),
                      dask=dask)  # fmt: skip
        code = run_check(req, _err)
    except ClauselintError as e:
        raise _fail(e, debug) from None
    except OSError as e:  # --output or --write-baseline not writable
        if e.filename and e.strerror and not debug:
            raise _fail(
                ClauselintError(f"cannot write {e.filename}: {e.strerror}"), debug
            ) from None
        raise _fail(e, debug) from None
    raise typer.Exit(code)


@app.command()
def init(
    force: bool = typer.Option(False, "--force", help="Overwrite an existing clauselint.toml."),
) -> None:
    """Write a commented starter clauselint.toml in the current directory."""
    from .config import CONFIG_NAME, STARTER
    from .files import atomic_write

    target = Path(CONFIG_NAME)
    if target.exists() and not force:
        _err(f"error: {CONFIG_NAME} already exists (use --force to overwrite it)")
        raise typer.Exit(EXIT_ERROR)
    atomic_write(target, STARTER)
    typer.echo(f"wrote {CONFIG_NAME}")


def _load(rules: list[Path], debug: bool, builtin: bool = True):
    from .errors import ClauselintError
    from .packs import load_rules

    try:
        return load_rules([str(r) for r in rules], builtin=builtin)
    except ClauselintError as e:
        if debug:
            raise
        _err(f"error: {e}")
        raise typer.Exit(EXIT_ERROR) from None


@app.command("rules")
def list_rules(
    format: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="Output format."),
    rules: list[Path] = typer.Option(
        [], "--rules", help="Extra rule pack file or folder (repeatable)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """List the checks: id, severity, category, kind and title."""
    import json

    rs = _load(rules, debug)
    rows = [
        {"id": c.id, "title": c.title, "severity": c.severity, "category": c.category, "kind": c.kind,
         "clause": list(c.clause)}
        for c in rs.checks
    ]  # fmt: skip
    if format is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Column, Table

    # an id is what --select, --ignore and `explain` take: never cut short with "…"
    widest = max((len(r["id"]) for r in rows), default=2)
    table = Table(
        Column("id", no_wrap=True, min_width=widest), "severity", "category", "kind", "title"
    )
    for r in rows:
        # a user pack's title is text, not markup ("Fees [annual]")
        table.add_row(*map(escape, (r["id"], r["severity"], r["category"], r["kind"], r["title"])))
    # piped (to grep, to a file), the whole table at its natural width; on a terminal, its width
    Console(width=None if sys.stdout.isatty() else 1000).print(table)


@app.command()
def explain(
    rule_id: str = typer.Argument(
        ..., help="A check id (see `clauselint rules`) or a clause type."
    ),
    rules: list[Path] = typer.Option(
        [], "--rules", help="Extra rule pack file or folder (repeatable)."
    ),
) -> None:
    """Explain a check: why it matters, what it looks for, the suggested clause, examples."""
    rs = _load(rules, False)
    check = rs.check(rule_id)
    if check is None:
        clause = next((c for c in rs.clauses if c.type == rule_id), None)
        if clause is None:
            from .config import did_you_mean

            names = {c.id for c in rs.checks} | {c.type for c in rs.clauses}
            hint = did_you_mean(rule_id, names) or " (see `clauselint rules`)"
            _err(f"error: no check or clause type '{rule_id}'{hint}")
            raise typer.Exit(EXIT_ERROR)
        typer.echo(f"{clause.type}: {clause.title}\n\n{clause.description}\n")
        found = clause.match
        if clause.value:  # show what the value reads off each example
            typer.echo("Each clause also carries a value (`value` in JSON), as below.\n")
            found = [
                f"{t}\n    value: {v or '(none)'}"
                for t, v in zip(found, _example_values(rs, clause), strict=True)
            ]
        _examples("Found in", found, "Not found in", clause.no_match)
        return
    typer.echo(f"{check.id}: {check.title}  [{check.severity}, {check.category}, {check.kind}]\n")
    typer.echo(f"{check.message}\n\nWhy it matters\n  {check.rationale}\n")
    if check.looks_for:
        typer.echo(f"What it looks for\n  {check.looks_for} (clause: {', '.join(check.clause)})\n")
    typer.echo(f"Suggested clause\n  {check.suggestion}\n")
    if check.references:
        typer.echo("References\n" + "".join(f"  - {r}\n" for r in check.references))
    _examples("Fires on", check.fail, "Does not fire on", check.passes)


def _example_values(rs, clause) -> list[str | None]:
    """The value the packs read off each of a clause type's `match` examples."""
    from . import structure
    from .document import Document
    from .packcache import detector

    det, out = detector(rs), []
    for text in clause.match:
        doc = Document(path="<example>", format="txt", text=text)
        values = {c.type: c.value for c in det.detect(doc, structure.parse(doc))}
        out.append(values.get(clause.type))
    return out


def _examples(yes_title: str, yes, no_title: str, no) -> None:
    for title, items in ((yes_title, yes), (no_title, no)):
        if items:
            typer.echo(title + "\n" + "".join(f"  - {t}\n" for t in items))


@app.command("test-rules")
def test_rules(
    paths: list[Path] = typer.Argument(
        None, help="Rule pack files or folders (default: the shipped packs)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Run every example in the rule packs; exit 1 listing any that fail."""
    from .selftest import run_examples

    paths = paths or []
    rs = _load(paths, debug, builtin=not paths)
    failures = run_examples(rs)
    for f in failures:
        typer.echo(
            f"{f.where}: {f.kind} example: {f.detail}" + (f": {f.example!r}" if f.example else "")
        )
    n_ex = sum(len(c.match) + len(c.no_match) for c in rs.clauses)
    n_ex += sum(len(c.fail) + len(c.passes) for c in rs.checks)
    typer.echo(f"{n_ex} examples in {len(rs.sources)} pack(s): {len(failures)} failed")
    raise typer.Exit(EXIT_FINDINGS if failures else EXIT_OK)


def main() -> None:
    app()
