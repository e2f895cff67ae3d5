"""The renderers, in process: SARIF against the official schema, Markdown, GitHub, JUnit, JSONL."""

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from clauselint.formats import (
    RENDERERS,
    fails,
    gh_data,
    gh_property,
    record,
    render_github,
    render_json,
    render_jsonl,
    render_junit,
    render_markdown,
)
from clauselint.pipeline import check_file, check_text, engine
from clauselint.sarif import render_sarif

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTRACTS = FIXTURES / "contracts"
SARIF_SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())
REPORT_SCHEMA = json.loads(
    (FIXTURES.parent.parent / "src" / "clauselint" / "schema" / "report.schema.json").read_text()
)


@pytest.fixture(scope="module")
def rules():
    return engine().rules


@pytest.fixture(scope="module")
def rec():
    paths = [CONTRACTS / "vendor-friendly-ai-services.md", CONTRACTS / "mutual-nda.md"]
    rec = record([check_file(os.path.relpath(p)) for p in paths])
    assert rec["documents"][0]["findings"], "the vendor-friendly contract has findings"
    return rec


def test_sarif_validates_and_has_one_result_per_finding(rec, rules):
    sarif = json.loads(render_sarif(rec, rules))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    findings = [(d["path"], f) for d in rec["documents"] for f in d["findings"]]
    assert len(run["results"]) == len(findings)
    for (path, f), res in zip(findings, run["results"], strict=True):
        assert res["ruleId"] == f["rule_id"] and rule_ids[res["ruleIndex"]] == f["rule_id"]
        assert res["properties"]["severity"] == f["severity"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == Path(path).as_posix()
        assert not loc["artifactLocation"]["uri"].startswith(("/", "file:"))
        if f["evidence"]:
            assert loc["region"]["startLine"] == f["evidence"][0]["line"]
            assert loc["region"]["snippet"]["text"] == f["evidence"][0]["text"]
        else:
            assert loc["region"] == {"startLine": 1}
    for r in run["tool"]["driver"]["rules"]:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert "Suggested clause" in r["help"]["text"]


def test_sarif_levels_and_no_timestamps(rec, rules):
    text = render_sarif(rec, rules)
    assert text == render_sarif(rec, rules)
    assert "Time" not in text  # no startTimeUtc / endTimeUtc
    level = {
        "critical": "error",
        "high": "error",
        "medium": "warning",
        "low": "note",
        "info": "note",
    }
    for res in json.loads(text)["runs"][0]["results"]:
        assert res["level"] == level[res["properties"]["severity"]]


def test_sarif_without_a_ruleset_still_describes_every_rule(rec):
    sarif = json.loads(render_sarif(rec, None))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    ids = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert ids == {f["rule_id"] for d in rec["documents"] for f in d["findings"]}


def _prints(text: str) -> dict:
    sarif = json.loads(render_sarif(record([check_text(text, name="c.md", fmt="md")])))
    return {
        (r["ruleId"], r["partialFingerprints"]["clauselint/v1"])
        for r in sarif["runs"][0]["results"]
    }


def test_sarif_fingerprints_survive_edits_above_the_finding():
    text = (CONTRACTS / "vendor-friendly-ai-services.md").read_text()
    head, _, rest = text.partition("\n\n")
    moved = (
        f"{head}\n\nA new recital.\n\nAnd another paragraph that moves everything down.\n\n{rest}"
    )
    assert _prints(text) == _prints(moved)


def test_json_is_the_documented_contract(rec):
    out = json.loads(render_json(rec))
    jsonschema.validate(out, REPORT_SCHEMA)
    assert out == rec


def test_jsonl_is_one_document_record_per_line(rec):
    lines = render_jsonl(rec).splitlines()
    assert [json.loads(x) for x in lines] == rec["documents"]


def test_markdown_summary_groups_by_severity(rec):
    md = render_markdown(rec)
    counts = rec["summary"]["findings"]
    assert "| severity | findings |" in md
    assert all(f"| {sev} | {n} |" in md for sev, n in counts.items())
    headings = [f"### {sev.capitalize()} ({n})" for sev, n in counts.items() if n]
    assert [md.index(h) for h in headings] == sorted(md.index(h) for h in headings)
    assert md.count("<details>") == md.count("</details>") == sum(counts.values())
    quote = next(
        f["evidence"][0]["text"] for d in rec["documents"] for f in d["findings"] if f["evidence"]
    )
    assert f"> {quote[:40]}" in md and "**Suggested clause:**" in md


def test_markdown_makes_contract_text_inert():
    f = {"rule_id": "x.y", "severity": "low", "title": "T", "message": "m <b>", "rationale": "r",
         "suggestion": "s | t", "evidence": [{"text": "<script>x</script> *a*", "line": 3}]}  # fmt: skip
    md = render_markdown({"summary": {"documents": 1, "errors": 0, "findings": {
        "critical": 0, "high": 0, "medium": 0, "low": 1, "info": 0}},
        "documents": [{"path": "a.md", "error": None, "findings": [f]}]})  # fmt: skip
    assert "<script>" not in md and "<b>" not in md and "s \\| t" in md and "\\*a\\*" in md


def test_markdown_inventory_only_when_asked(rec):
    assert "Clause inventory" not in render_markdown(rec)
    md = render_markdown(rec, show_clauses=True)
    docs = [d for d in rec["documents"] if d["clauses"]]
    assert md.count("<summary>Clause inventory: ") == len(docs)
    assert md.count("<details>") == md.count("</details>")
    for d in docs:
        for c in d["clauses"]:
            value = c.get("value") or ""
            assert f"| `{c['type']}` | {value} | " in md, (d["path"], c["type"])


def test_markdown_inventory_makes_contract_text_inert():
    text = "This Agreement is governed by the laws of the State of New York | <b>x</b>."
    d = check_text(text).to_dict()
    md = render_markdown({"summary": {"documents": 1, "errors": 0, "findings": {
        "critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}},
        "documents": [d]}, show_clauses=True)  # fmt: skip
    assert "| `governing_law` | New York |" in md and "<b>" not in md and "York \\| " in md


def test_github_escaping():
    assert gh_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert gh_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(rec):
    lines = render_github(rec).splitlines()
    assert len(lines) == sum(len(d["findings"]) for d in rec["documents"])
    doc = rec["documents"][0]
    for line, f in zip(lines, doc["findings"], strict=False):
        line_no = f["evidence"][0]["line"] if f["evidence"] else 1
        assert f"file={doc['path']},line={line_no},title=" in line
        assert gh_property(f["rule_id"]) in line
    assert all(
        "\n" not in x and x.startswith(("::error ", "::warning ", "::notice ")) for x in lines
    )


def test_junit_one_testcase_per_document_and_check(rec, rules):
    root = ET.fromstring(render_junit(rec, rules))
    suites = root.findall("testsuite")
    assert len(suites) == len(rec["documents"])
    for suite, doc in zip(suites, rec["documents"], strict=True):
        cases = suite.findall("testcase")
        assert len(cases) == len(rules.checks)
        failed = {c.get("name") for c in cases if c.find("failure") is not None}
        assert failed == {f["rule_id"] for f in doc["findings"]}
    assert int(root.get("failures")) == sum(
        len({f["rule_id"] for f in d["findings"]}) for d in rec["documents"]
    )


def test_unreadable_document_in_every_format(rules):
    rec = record([check_file("no/such/file.md")])
    for name, render in RENDERERS.items():
        out = render(rec, rules)
        assert "no/such/file.md" in out or name in ("markdown",), name
    jsonschema.validate(json.loads(render_sarif(rec, rules)), SARIF_SCHEMA)
    ET.fromstring(render_junit(rec, rules))


def test_fail_on_gate():
    rec = {"summary": {"findings": {"critical": 0, "high": 0, "medium": 1, "low": 0, "info": 0}}}
    assert fails(rec, "medium") and fails(rec, "info")
    assert not fails(rec, "high") and not fails(rec, "never")
