"""Machine-readable renderers: one record dict per run, many thin formats chosen from a dict.

Every renderer is a pure function `(record, rules) -> str`, where `rules` is the RuleSet
whose checks ran (or None: then what the findings carry is used).
"""

from __future__ import annotations

import json

from . import __version__
from .baseline import doc_path
from .config import SEVERITIES
from .results import clip, section_ref
from .sarif import render_sarif

SCHEMA_VERSION = 1
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # critical=0 ... info=4
GITHUB_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "notice",
                "info": "notice"}  # fmt: skip


def record(results) -> dict:
    """The one record every format renders: the JSON contract documented in the README."""
    return record_of([r.to_dict() for r in results])


def record_of(docs: list[dict]) -> dict:
    counts = dict.fromkeys(SEVERITIES, 0)
    for d in docs:
        for f in d["findings"]:
            counts[f["severity"]] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "clauselint", "version": __version__},
        "documents": docs,
        "summary": {
            "documents": len(docs),
            "errors": sum(1 for d in docs if d["error"]),
            "findings": counts,
        },
    }


def fails(rec: dict, fail_on: str) -> bool:
    """True when some finding is at or above `fail_on` (the exit-1 gate)."""
    if fail_on == "never":
        return False
    limit = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[s] <= limit and n for s, n in rec["summary"]["findings"].items())


def line_of(f: dict) -> int:
    """Where a finding is: its first evidence, or line 1 for a missing clause."""
    return f["evidence"][0]["line"] if f["evidence"] else 1


def render_json(rec: dict, rules=None) -> str:
    return json.dumps(rec, indent=2, ensure_ascii=False) + "\n"


def jsonl_line(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False) + "\n"


def render_jsonl(rec: dict, rules=None) -> str:
    return "".join(jsonl_line(d) for d in rec["documents"])


# -- GitHub workflow commands --------------------------------------------------------------


def gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(s: str) -> str:
    return gh_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(rec: dict, rules=None) -> str:
    out = []
    for d in rec["documents"]:
        if d["error"]:
            msg = f"could not be read: {d['error']['message']}"
            out.append(
                f"::error file={gh_property(doc_path(d['path']))},title=clauselint::{gh_data(msg)}"
            )
        for f in d["findings"]:
            props = f"file={gh_property(doc_path(d['path']))},line={line_of(f)}"
            title = gh_property(f"{f['title']} ({f['rule_id']})")
            msg = f"[{f['severity']}] {f['message']}"
            if not f["evidence"]:
                msg += f"\nSuggested clause: {f['suggestion']}"
            out.append(f"::{GITHUB_LEVEL[f['severity']]} {props},title={title}::{gh_data(msg)}")
    return "".join(line + "\n" for line in out)


# -- Markdown (PR comment, $GITHUB_STEP_SUMMARY) --------------------------------------------


def md_text(s: str) -> str:
    """Contract text made inert in Markdown/HTML: no tags, no tables broken, no emphasis."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return " ".join(s.replace("*", "\\*").replace("_", "\\_").replace("`", "\\`").split())


def _md_location(ev: dict) -> str:
    bits = [f"p. {ev['page']}"] if ev.get("page") else []
    bits += [section_ref(ev["section"])] if ev.get("section") else []
    return ", ".join([*bits, f"line {ev['line']}"])


def _md_where(d: dict, f: dict) -> str:
    where = _md_location(f["evidence"][0]) if f["evidence"] else "missing clause"
    return f"`{doc_path(d['path'])}`, {where}"


def _md_finding(d: dict, f: dict) -> list[str]:
    lines = [f"- **{md_text(f['title'])}** `{f['rule_id']}` — {_md_where(d, f)}",
             f"  {md_text(f['message'])}", "  <details><summary>Evidence and suggestion</summary>",
             ""]  # fmt: skip
    for ev in f["evidence"][:3]:
        lines.append(f"  > {md_text(ev['text'])}\n")
    lines += [f"  **Suggested clause:** {md_text(f['suggestion'])}", "",
              f"  **Why it matters:** {md_text(f['rationale'])}", "  </details>"]  # fmt: skip
    return lines


def _md_inventory(d: dict) -> list[str]:
    """A document's clause inventory, folded: type, value, where, and the first evidence."""
    lines = ["", f"<details><summary>Clause inventory: {md_text(doc_path(d['path']))}"
             f" ({len(d['clauses'])} types)</summary>", "",
             "| clause type | value | where | evidence |", "|---|---|---|---|"]  # fmt: skip
    for c in d["clauses"]:
        ev = c["evidence"][0]
        lines.append(f"| `{c['type']}` | {md_text(c.get('value') or '')} | {_md_location(ev)} |"
                     f" {md_text(clip(ev['text'], 160))} |")  # fmt: skip
    return [*lines, "", "</details>"]


def render_markdown(rec: dict, rules=None, *, show_clauses: bool = False) -> str:
    counts = rec["summary"]["findings"]
    total = sum(counts.values())
    docs = rec["summary"]["documents"]
    lines = ["## clauselint", "",
             f"{docs} document{'s' if docs != 1 else ''} checked, "
             f"{total} finding{'s' if total != 1 else ''}.", "",
             "| severity | findings |", "|---|---:|"]  # fmt: skip
    lines += [f"| {s} | {counts[s]} |" for s in SEVERITIES]
    if not total:
        lines += ["", "No findings."]
    errors = [d for d in rec["documents"] if d["error"]]
    if errors:
        lines += ["", "**Could not be read:**"]
        lines += [f"- `{d['path']}`: {md_text(d['error']['message'])}" for d in errors]
    if show_clauses:
        for d in rec["documents"]:
            lines += _md_inventory(d) if d["clauses"] else []
    for sev in SEVERITIES:
        found = [(d, f) for d in rec["documents"] for f in d["findings"] if f["severity"] == sev]
        if found:
            lines += ["", f"### {sev.capitalize()} ({len(found)})", ""]
            for d, f in found:
                lines += _md_finding(d, f)
    return "\n".join(lines) + "\n"


# -- JUnit XML -----------------------------------------------------------------------------


def _check_ids(rec: dict, rules) -> list[str]:
    ids = {c.id for c in rules.checks} if rules is not None else set()
    ids |= {f["rule_id"] for d in rec["documents"] for f in d["findings"]}
    return sorted(ids)


def _testsuite(d: dict, ids: list[str]) -> list[str]:
    # imported here: saxutils loads urllib.request, http.client and ssl (25 ms on every start)
    from xml.sax.saxutils import escape as xml_escape
    from xml.sax.saxutils import quoteattr

    by_rule: dict[str, list[dict]] = {}
    for f in d["findings"]:
        by_rule.setdefault(f["rule_id"], []).append(f)
    name = quoteattr(d["path"])
    if d["error"]:
        msg = quoteattr(d["error"]["message"])
        return [f"  <testsuite name={name} tests=\"1\" failures=\"0\" errors=\"1\">",
                f"    <testcase classname={name} name=\"read\"><error message={msg}/></testcase>",
                "  </testsuite>"]  # fmt: skip
    out = [f'  <testsuite name={name} tests="{len(ids)}" failures="{len(by_rule)}" errors="0">']
    for rid in ids:
        fs = by_rule.get(rid)
        case = f"    <testcase classname={name} name={quoteattr(rid)}"
        if not fs:
            out.append(case + "/>")
            continue
        body = "\n".join(
            f"{d['path']}:{line_of(f)}: {f['message']}"
            + (f"\n  \u201c{f['evidence'][0]['text']}\u201d" if f["evidence"] else "")
            for f in fs
        )
        attrs = f"message={quoteattr(fs[0]['title'])} type={quoteattr(fs[0]['severity'])}"
        out.append(f"{case}>\n      <failure {attrs}>{xml_escape(body)}</failure>\n    </testcase>")
    return out + ["  </testsuite>"]


def render_junit(rec: dict, rules=None) -> str:
    """One testcase per (document, check); a failure when the check fired."""
    ids = _check_ids(rec, rules)
    suites = [_testsuite(d, ids) for d in rec["documents"]]
    tests = sum(1 if d["error"] else len(ids) for d in rec["documents"])
    failures = sum(len({f["rule_id"] for f in d["findings"]}) for d in rec["documents"])
    errors = rec["summary"]["errors"]
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="clauselint" '
            f'tests="{tests}" failures="{failures}" errors="{errors}">')  # fmt: skip
    return "\n".join([head, *(line for s in suites for line in s), "</testsuites>"]) + "\n"


# -- CSV clause matrix ---------------------------------------------------------------------

MATRIX_HEAD = ("path", "format", "pages", "document_kind", "error")


def clause_types(rec: dict, rules=None) -> list[str]:
    """The matrix columns: every clause type in the packs (not the data, so runs line up)."""
    if rules is not None:
        return sorted({c.type for c in rules.clauses})
    return sorted({c["type"] for d in rec["documents"] for c in d["clauses"]})


def value_types(rec: dict, rules=None) -> set[str]:
    """The clause types that carry a value (governing law's jurisdiction, a renewal term)."""
    if rules is not None:
        return {c.type for c in rules.clauses if c.value}
    return {c["type"] for d in rec["documents"] for c in d["clauses"] if c.get("value")}


def matrix_rows(rec: dict, rules=None) -> list[list]:
    """Header, then one row per document: per clause type present (1/0), the page of its
    first evidence and, for a type that carries one, its value; then the findings per
    severity. An unreadable document has its error and empty cells."""
    types, valued = clause_types(rec, rules), value_types(rec, rules)
    cols = [(t, f"{t}_page", f"{t}_value") if t in valued else (t, f"{t}_page") for t in types]
    rows = [[*MATRIX_HEAD, *(x for c in cols for x in c), *SEVERITIES]]
    for d in rec["documents"]:
        row = [d["path"], d["format"], d["pages"], d["document_kind"],
               d["error"]["message"] if d["error"] else None]  # fmt: skip
        if d["error"]:
            rows.append(row + [None] * (len(rows[0]) - len(row)))
            continue
        found = {c["type"]: c for c in d["clauses"]}
        for t in types:
            ev = found[t]["evidence"] if t in found else []
            row += [1 if t in found else 0, ev[0]["page"] if ev else None]
            if t in valued:
                row.append(found[t].get("value") if t in found else None)
        sev = [f["severity"] for f in d["findings"]]
        rows.append(row + [sev.count(s) for s in SEVERITIES])
    return rows


def render_csv(rec: dict, rules=None) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in matrix_rows(rec, rules):
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


RENDERERS = {
    "json": render_json,
    "csv": render_csv,
    "jsonl": render_jsonl,
    "sarif": render_sarif,
    "markdown": render_markdown,
    "github": render_github,
    "junit": render_junit,
}
STREAMING = {"jsonl": jsonl_line}  # formats written document by document as each finishes


def render(rec: dict, fmt: str = "json", rules=None, *, show_clauses: bool = False) -> str:
    """A record (from `record` or `record_of`) in any output format, as the CLI writes it to
    a file: "text" or a key of RENDERERS. `rules` is the RuleSet whose checks ran."""
    if fmt == "text":
        from .report import render_text

        return render_text(rec, rules, show_clauses=show_clauses)
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r} (one of text, {', '.join(RENDERERS)})")
    return RENDERERS[fmt](rec, rules)
