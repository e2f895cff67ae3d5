"""Typer commands only: parse options, call the pipeline, render, pick the exit code."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer

from . import __version__

app = typer.Typer(
    name="clauselint",
    help="Lint contracts for missing and risky clauses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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


def _fails(rec: dict, fail_on: str) -> bool:
    from .checks import SEVERITY_RANK

    if fail_on == "never":
        return False
    limit = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[s] <= limit and n for s, n in rec["summary"]["findings"].items())


def _run_one(path: str, config, debug: bool):
    from .pipeline import DocumentResult, check_bytes, check_file

    try:
        if path == "-":
            return check_bytes(sys.stdin.buffer.read(), "-", config)
        return check_file(path, config)
    except Exception as e:  # a bug on one document must not take the batch down
        if debug:
            raise
        return DocumentResult(path, None, None, error=("internal", f"{type(e).__name__}: {e}"))


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    # Atomic: a failed run never leaves a truncated file where a good one was.
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)


@app.command()
def check(
    paths: list[str] = typer.Argument(
        ..., help="Contract files or folders (PDF, DOCX, TXT, MD, HTML); '-' reads stdin."
    ),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to FILE instead of stdout."
    ),
    fail_on: FailOn = typer.Option(
        FailOn.high, "--fail-on", help="Exit 1 if any finding is at or above this severity."
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
    perspective: Perspective = typer.Option(
        Perspective.customer, "--perspective", help="Whose side to read the contract from."
    ),
    profile: Profile | None = typer.Option(
        None,
        "--profile",
        help="Document kind, instead of guessing it (decides which checks apply).",
    ),
    show_clauses: bool = typer.Option(
        False, "--show-clauses", help="Also print the clause inventory."
    ),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    """Check contracts and report missing or risky clauses."""
    from .config import Config
    from .errors import ClauselintError
    from .formats import RENDERERS, record
    from .pipeline import engine, expand_paths

    config = Config(
        rules=tuple(str(r) for r in rules),
        select=tuple(select),
        ignore=tuple(ignore),
        fail_on=fail_on.value,
        perspective=perspective.value,
        profile=profile.value if profile else None,
        pdf_engine=pdf_engine.value,
    )
    try:
        eng = engine(config)  # a bad pack stops the run before any document is read
    except ClauselintError as e:
        if debug:
            raise
        _err(f"error: {e}")
        raise typer.Exit(EXIT_ERROR) from None
    results = [_run_one(p, config, debug) for p in expand_paths(paths, config)]
    for r in results:
        if r.error:
            _err(f"{r.path}: {r.error[1]}")
    rec = record(results)
    if format is Format.text:
        _text_report(rec, eng.rules, show_clauses, output)
    else:
        _write(RENDERERS[format.value](rec, eng.rules), output)
    if rec["summary"]["errors"]:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if _fails(rec, fail_on.value) else EXIT_OK)


def _text_report(rec: dict, rules, show_clauses: bool, output: Path | None) -> None:
    from rich.console import Console

    from .report import render

    if output is None:
        render(rec, Console(highlight=False), rules=rules, show_clauses=show_clauses)
        return
    console = Console(record=True, file=open(os.devnull, "w"), width=100, no_color=True)
    render(rec, console, rules=rules, show_clauses=show_clauses)
    _write(console.export_text(), output)


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
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
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
    if format is Format.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "severity", "category", "kind", "title")
    for r in rows:
        table.add_row(r["id"], r["severity"], r["category"], r["kind"], r["title"])
    Console().print(table)


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
            _err(f"error: no check or clause type '{rule_id}' (see `clauselint rules`)")
            raise typer.Exit(EXIT_ERROR)
        typer.echo(f"{clause.type}: {clause.title}\n\n{clause.description}\n")
        _examples("Found in", clause.match, "Not found in", clause.no_match)
        return
    typer.echo(f"{check.id}: {check.title}  [{check.severity}, {check.category}, {check.kind}]\n")
    typer.echo(f"{check.message}\n\nWhy it matters\n  {check.rationale}\n")
    if check.looks_for:
        typer.echo(f"What it looks for\n  {check.looks_for} (clause: {', '.join(check.clause)})\n")
    typer.echo(f"Suggested clause\n  {check.suggestion}\n")
    if check.references:
        typer.echo("References\n" + "".join(f"  - {r}\n" for r in check.references))
    _examples("Fires on", check.fail, "Does not fire on", check.passes)


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
