"""SARIF 2.1.0 for code scanning: one result per finding, rules in tool.driver.rules."""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from . import __version__
from .baseline import fingerprint

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference relative to the working directory (absolute only when outside it)."""
    if path == "-":
        return "stdin"
    p = os.path.normpath(path)
    if os.path.isabs(p):
        rel = os.path.relpath(p)
        if rel.startswith(".."):
            return "file://" + quote(p.replace(os.sep, "/"))
        p = rel
    return quote(p.replace(os.sep, "/"))


def _rule(d: dict) -> dict:
    """A reportingDescriptor from a Check or a finding dict (same field names)."""
    get = d.get if isinstance(d, dict) else lambda k, default=None: getattr(d, k, default)
    rid = get("id") or get("rule_id")
    return {
        "id": rid,
        "name": rid,
        "shortDescription": {"text": get("title")},
        "fullDescription": {"text": get("message")},
        "help": {"text": f"{get('rationale')}\n\nSuggested clause: {get('suggestion')}",
                 "markdown": f"{get('rationale')}\n\n**Suggested clause:** {get('suggestion')}"},
        "defaultConfiguration": {"level": LEVEL[get("severity")]},
        "properties": {"severity": get("severity"), "category": get("category"),
                       "tags": [get("category")]},
    }  # fmt: skip


def _rules(rec: dict, rules) -> list[dict]:
    by_id = {}
    for d in rec["documents"]:
        for f in d["findings"]:
            by_id.setdefault(f["rule_id"], f)
    if rules is not None:
        by_id.update({c.id: c for c in rules.checks})
    return [_rule(by_id[i]) for i in sorted(by_id)]


def _location(path: str, ev: dict | None) -> dict:
    region: dict = {"startLine": ev["line"] if ev else 1}
    if ev:
        region["snippet"] = {"text": ev["text"]}
    loc = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}}
    if ev and (ev.get("page") or ev.get("section")):
        loc["properties"] = {"page": ev.get("page"), "section": ev.get("section"),
                             "heading": ev.get("heading")}  # fmt: skip
    return loc


def _result(d: dict, f: dict, index: dict[str, int]) -> dict:
    first = f["evidence"][0] if f["evidence"] else None
    res = {
        "ruleId": f["rule_id"],
        "ruleIndex": index[f["rule_id"]],
        "level": LEVEL[f["severity"]],
        "message": {"text": f"{f['title']}: {f['message']}"},
        "locations": [_location(d["path"], first)],
        # rule id + normalised evidence text: stable across edits elsewhere and re-numbering
        "partialFingerprints": {"clauselint/v1": fingerprint(f["rule_id"], None, first and first["text"])},
        "properties": {"severity": f["severity"], "category": f["category"],
                       "page": first.get("page") if first else None,
                       "missingClause": first is None},
    }  # fmt: skip
    if len(f["evidence"]) > 1:
        res["relatedLocations"] = [
            {"id": i, **_location(d["path"], ev)} for i, ev in enumerate(f["evidence"][1:], 1)
        ]
    return res


def _notifications(rec: dict) -> list[dict]:
    return [
        {"level": "error", "message": {"text": f"{d['path']}: {d['error']['message']}"},
         "locations": [_location(d["path"], None)]}
        for d in rec["documents"] if d["error"]
    ]  # fmt: skip


def render_sarif(rec: dict, rules=None) -> str:
    descriptors = _rules(rec, rules)
    index = {r["id"]: i for i, r in enumerate(descriptors)}
    results = [_result(d, f, index) for d in rec["documents"] for f in d["findings"]]
    run = {
        "tool": {"driver": {"name": "clauselint", "version": __version__,
                            "semanticVersion": __version__, "rules": descriptors}},
        "invocations": [{"executionSuccessful": not rec["summary"]["errors"],
                         "toolExecutionNotifications": _notifications(rec)}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }  # fmt: skip
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
