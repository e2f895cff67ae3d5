"""The terminal report (rich): a summary line, then findings most severe first."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .packs import SEVERITIES
from .results import clip, section_ref

STYLES = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
QUOTE_MAX = 400


def summary_line(rec: dict) -> str:
    s = rec["summary"]
    counts = s["findings"]
    total = sum(counts.values())
    parts = [f"{counts[k]} {k}" for k in SEVERITIES if counts[k]]
    docs = s["documents"]
    line = f"{docs} document{'s' if docs != 1 else ''}, {total} finding{'s' if total != 1 else ''}"
    if parts:
        line += f" ({', '.join(parts)})"
    if s["errors"]:
        line += f", {s['errors']} could not be read"
    return line


def _where(ev: dict) -> str:
    bits = []
    if ev.get("page"):
        bits.append(f"p. {ev['page']}")
    if ev.get("section"):
        bits.append(section_ref(ev["section"]))
    if ev.get("heading"):
        bits.append(ev["heading"])
    bits.append(f"line {ev['line']}")
    return ", ".join(bits)


def _quote(text: str) -> str:
    return f"“{clip(text, QUOTE_MAX)}”"


INDENT = " " * 11  # a finding's lines start under its title, after "  HIGH     "


def _hanging(
    console: Console, first: str, markup: str, style: str = "", under: str = INDENT
) -> None:
    """`markup` wrapped to the console's width, its first line after `first` (markup as wide
    as `under`), the others after `under`: the text keeps its column in a narrow terminal or
    a log piped at 80 columns, and no line ends in spaces."""
    lead = Text.from_markup(first)
    text = Text.from_markup(markup, style=style)
    for i, line in enumerate(text.wrap(console, max(20, console.width - len(under)))):
        line.rstrip()
        console.print(Text.assemble(lead if i == 0 else under, line), soft_wrap=True)


def _finding(console: Console, f: dict, check_looks_for: str) -> None:
    sev = f["severity"]
    head = f"[bold]{escape(f['title'])}[/]  [dim]{f['rule_id']}[/]"
    _hanging(console, f"  [{STYLES[sev]}]{sev.upper():<8}[/] ", head)
    _hanging(console, INDENT, escape(f["message"]))
    if f["evidence"]:
        ev = f["evidence"][0]
        _hanging(console, INDENT, f"[dim]{escape(_where(ev))}[/]")
        _hanging(console, INDENT, escape(_quote(ev["text"])), style="italic")
    else:
        if check_looks_for:
            _hanging(console, INDENT, f"[dim]Looked for: {escape(check_looks_for)}[/]")
        _hanging(console, INDENT, f"[green]Suggested clause:[/] {escape(f['suggestion'])}")
    console.print()


def _clauses(console: Console, doc: dict) -> None:
    console.print("[italic]Clause inventory[/]")  # not the table's title: rich pads that
    table = Table(show_lines=False)
    # a clause type is an id (JSON, --select): never cut short with "…"
    widest = max(
        len(c["type"]) + len(f" [{c['value']}]" if c.get("value") else "") for c in doc["clauses"]
    )
    table.add_column("clause type", no_wrap=True, min_width=min(widest, 40))
    table.add_column("where")
    table.add_column("evidence", overflow="fold")
    for c in doc["clauses"]:
        ev = c["evidence"][0]
        value = f" [{c['value']}]" if c.get("value") else ""
        # contract text is not markup: "[one (1) year]" would vanish as a style, "[/s]" raise
        cells = (c["type"] + value, _where(ev), _quote(ev["text"][:160]))
        table.add_row(*map(escape, cells))
    console.print(table)
    console.print()


def render(rec: dict, console: Console, *, rules=None, show_clauses: bool = False) -> None:
    looks_for = {c.id: c.looks_for for c in rules.checks} if rules else {}
    console.print(f"[bold]{escape(summary_line(rec))}[/]")
    console.print()
    for doc in rec["documents"]:
        if doc["error"]:
            continue  # errors are reported on stderr, one line each
        n = len(doc["findings"])
        pages = f", {doc['pages']} pages" if doc["pages"] else ""
        kind = f", {doc['document_kind']}" if doc.get("document_kind") else ""
        _hanging(
            console,
            "",
            f"[bold underline]{escape(doc['path'])}[/] ({doc['format']}{pages}{kind}): "
            f"{len(doc['clauses'])} clause types found, {n} finding{'s' if n != 1 else ''}",
            under="",
        )
        console.print()
        if show_clauses and doc["clauses"]:
            _clauses(console, doc)
        for f in doc["findings"]:
            _finding(console, f, looks_for.get(f["rule_id"], ""))


def render_text(rec: dict, rules=None, *, show_clauses: bool = False, width: int = 100) -> str:
    """The terminal report as plain text (for --output FILE)."""
    import io

    console = Console(record=True, file=io.StringIO(), width=width, no_color=True)
    render(rec, console, rules=rules, show_clauses=show_clauses)
    return console.export_text()
