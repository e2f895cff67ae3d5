"""The command line end to end: real files in, exit codes, JSON against the shipped schema."""

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from clirun import cli as run

from clauselint.extract import extract_path

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "tests" / "fixtures" / "contracts"
EXAMPLES = ROOT / "examples"
SCHEMA = json.loads((ROOT / "src" / "clauselint" / "schema" / "report.schema.json").read_text())


@pytest.fixture(scope="module")
def vendor_json():
    r = run("check", CONTRACTS / "vendor-friendly-ai-services.md", "--format", "json")
    return r, json.loads(r.stdout)


def test_missing_protections_exit_1_and_name_change_of_control():
    r = run("check", EXAMPLES / "ai-services-agreement.pdf")
    assert r.returncode == 1, r.stderr
    assert "coc.no-termination-right" in r.stdout and "No change-of-control protection" in r.stdout
    assert "Suggested clause" in r.stdout


def test_fail_on_never_exits_0():
    assert run("check", EXAMPLES / "ai-services-agreement.md", "--fail-on", "never").returncode == 0


def test_fail_on_threshold():
    # the customer-friendly contract still has low findings at most ... exit depends on threshold
    r = run(
        "check",
        CONTRACTS / "customer-friendly-ai-services.md",
        "--format",
        "json",
        "--fail-on",
        "info",
    )
    counts = json.loads(r.stdout)["summary"]["findings"]
    assert r.returncode == (1 if sum(counts.values()) else 0)


def test_missing_file_exits_2_with_one_line():
    r = run("check", "no/such/contract.pdf")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "no/such/contract.pdf" in lines[0] and "Traceback" not in r.stderr


def test_bad_file_in_a_batch_does_not_stop_the_rest(tmp_path):
    shutil.copy(CONTRACTS / "mutual-nda.md", tmp_path / "nda.md")
    (tmp_path / "broken.pdf").write_bytes(b"this is not a pdf")
    r = run("check", tmp_path, "--format", "json")
    assert r.returncode == 2
    rec = json.loads(r.stdout)
    by_name = {Path(d["path"]).name: d for d in rec["documents"]}
    assert by_name["broken.pdf"]["error"]["message"]
    assert by_name["nda.md"]["error"] is None and by_name["nda.md"]["clauses"]
    assert rec["summary"]["errors"] == 1
    assert "broken.pdf" in r.stderr and "Traceback" not in r.stderr


def test_json_validates_against_the_shipped_schema(vendor_json):
    r, rec = vendor_json
    jsonschema.validate(rec, SCHEMA)
    doc = rec["documents"][0]
    assert doc["format"] == "md" and doc["pages"] is None
    sev = [f["severity"] for f in doc["findings"]]
    order = ["critical", "high", "medium", "low", "info"]
    assert sev == sorted(sev, key=order.index)


def test_json_evidence_points_into_the_text(vendor_json):
    _, rec = vendor_json
    doc = extract_path(CONTRACTS / "vendor-friendly-ai-services.md")
    for c in rec["documents"][0]["clauses"]:
        for ev in c["evidence"]:
            assert " ".join(doc.text[ev["start"] : ev["end"]].split()) == ev["text"]
            assert doc.line_at(ev["start"]) == ev["line"]


def test_pdf_evidence_has_pages():
    rec = json.loads(run("check", EXAMPLES / "ai-services-agreement.pdf", "-f", "json").stdout)
    doc = rec["documents"][0]
    assert doc["pages"] > 1
    assert all(ev["page"] for c in doc["clauses"] for ev in c["evidence"])


def test_same_contract_as_markdown_and_docx_gives_same_inventory():
    rec = json.loads(
        run(
            "check",
            EXAMPLES / "ai-services-agreement.md",
            EXAMPLES / "ai-services-agreement.docx",
            "-f",
            "json",
        ).stdout
    )
    md, docx = ([c["type"] for c in d["clauses"]] for d in rec["documents"])
    assert md == docx and md


def test_stdin(tmp_path):
    text = (CONTRACTS / "mutual-nda.md").read_text()
    r = run("check", "-", "--format", "json", stdin=text)
    assert r.returncode in (0, 1)
    assert json.loads(r.stdout)["documents"][0]["path"] == "-"


def test_output_file(tmp_path):
    out = tmp_path / "report.json"
    r = run("check", CONTRACTS / "mutual-nda.md", "-f", "json", "-o", out, "--fail-on", "never")
    assert r.returncode == 0 and r.stdout == ""
    jsonschema.validate(json.loads(out.read_text()), SCHEMA)


def test_bad_option_is_a_usage_error():
    assert run("check", "x.md", "--fail-on", "sometimes").returncode == 2


def test_bad_rule_pack_exits_2_naming_file(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("clauses:\n  - type: x\n    patterns:\n      - regx: a\n")
    r = run("check", CONTRACTS / "mutual-nda.md", "--rules", pack)
    assert r.returncode == 2 and "bad.yaml" in r.stderr and "regx" in r.stderr
    assert "Traceback" not in r.stderr


def test_version_and_test_rules():
    assert run("--version").stdout.startswith("clauselint ")
    r = run("test-rules")
    assert r.returncode == 0, r.stdout


def test_test_rules_fails_on_a_wrong_example(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "clauses:\n  - type: demo\n    patterns: [{regex: 'escrow'}]\n"
        "    examples: {match: ['The code is held by a trustee.'], no_match: ['Nothing here.']}\n"
    )
    r = run("test-rules", pack)
    assert r.returncode == 1 and "The code is held by a trustee." in r.stdout


def test_explain():
    r = run("explain", "data.training-on-customer-data")
    assert r.returncode == 0 and "Suggested clause" in r.stdout
    r = run("explain", "no.such-rule")
    assert r.returncode == 2 and "see `clauselint rules`" in r.stderr
    r = run("explain", "coc.no-termination-rite")
    assert r.returncode == 2 and "did you mean 'coc.no-termination-right'?" in r.stderr


# -- atomic --output (in process: a failing renderer must not touch the previous report) -----


def _request(tmp_path, fmt, paths):
    from clauselint.config import Config
    from clauselint.run import Request

    return Request([str(p) for p in paths], Config(), fmt, output=tmp_path / "report.out")


def _broken_renderer(rec, rules):
    raise RuntimeError("renderer bug")


def _broken_after_first_document():
    calls = []

    def line(doc):  # the first document reaches the temp file, then the run dies
        calls.append(doc)
        if len(calls) > 1:
            raise RuntimeError("renderer bug")
        return "partial\n"

    return line


@pytest.mark.parametrize("fmt", ["sarif", "jsonl"])
def test_failed_render_leaves_the_previous_report(tmp_path, monkeypatch, fmt):
    from clauselint import run as run_mod

    out = tmp_path / "report.out"
    out.write_text("the good report\n")
    if fmt == "jsonl":
        monkeypatch.setitem(run_mod.STREAMING, fmt, _broken_after_first_document())
    else:
        monkeypatch.setitem(run_mod.RENDERERS, fmt, _broken_renderer)
    paths = [CONTRACTS / "mutual-nda.md", CONTRACTS / "dpa.md"]
    with pytest.raises(RuntimeError):
        run_mod.run_check(_request(tmp_path, fmt, paths), lambda msg: None)
    assert out.read_text() == "the good report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.out"]  # no temp file left


def test_atomic_write_replaces_and_cleans_up(tmp_path):
    from clauselint.files import atomic_write, atomic_writer

    target = tmp_path / "r.txt"
    atomic_write(target, "one\n")
    atomic_write(target, "two\n")
    assert target.read_text() == "two\n"
    with pytest.raises(ValueError), atomic_writer(target) as f:
        f.write("half")
        raise ValueError
    assert target.read_text() == "two\n" and len(list(tmp_path.iterdir())) == 1


def test_unwritable_output_exits_2_with_one_line(tmp_path):
    r = run("check", CONTRACTS / "mutual-nda.md", "-f", "sarif", "-o", tmp_path / "no" / "x.sarif")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "x.sarif" in r.stderr
    # said before any document is read, naming the file asked for (not the temp file beside it)
    target = tmp_path / "no" / "x.sarif"
    assert (
        r.stderr.strip()
        == f"clauselint: error: cannot write {target}: no directory {target.parent}"
    )


def test_a_failed_atomic_write_names_the_file_asked_for(tmp_path):
    from clauselint.files import atomic_write

    with pytest.raises(OSError) as e:
        atomic_write(tmp_path / "no" / "x.json", "{}")
    assert e.value.filename == str(tmp_path / "no" / "x.json") and e.value.strerror


def test_integration_files_match_the_cli():
    import re

    import yaml

    from clauselint.extract import SUFFIXES

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "clauselint" and hook["entry"] == "clauselint check"
    assert all(re.search(hook["files"], f"dir/x{s.upper()}") for s in SUFFIXES)
    assert not re.search(hook["files"], "setup.py")
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert {"paths", "fail-on", "args"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    script = "\n".join(s.get("run", "") for s in steps)
    assert "--format sarif" in script and "GITHUB_STEP_SUMMARY" in script


def test_the_fast_help_is_typers_help():
    """`clauselint --help` is printed without loading typer; it must stay what typer prints."""
    from typer.testing import CliRunner

    from clauselint.__main__ import HELP
    from clauselint.cli import app

    assert CliRunner().invoke(app, ["--help"], terminal_width=80).output == HELP
    assert run("--help").stdout == run("-h").stdout == HELP


def test_a_piped_report_wraps_each_finding_under_its_title():
    # Piped (a CI log), rich wraps at 80 columns: a wrapped line stays in its finding's column,
    # and no line ends in spaces.
    r = run("check", EXAMPLES / "ai-services-agreement.md")
    lines = r.stdout.splitlines()
    assert lines and all(len(x) <= 80 and not x.endswith(" ") for x in lines)
    blocks = [b.splitlines() for b in "\n".join(lines).split("\n\n")]
    findings = [b for b in blocks if re.match(r"  (?:CRITICAL|HIGH|MEDIUM|LOW|INFO) ", b[0])]
    assert len(findings) == 20 and all(len(f) > 2 for f in findings)
    assert all(x.startswith(" " * 11) for f in findings for x in f[1:])
    # wrapped, not cut: the suggested clause reads whole once its lines are joined
    joined = " ".join(x.strip() for x in findings[0])
    assert "Suggested clause: Provider shall notify Customer in writing within ten (10) days" in (
        joined
    )


def test_a_folder_without_contracts_is_a_warning_not_silence(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    r = run("check", tmp_path)
    assert r.returncode == 0
    assert r.stderr.strip() == (
        f"clauselint: warning: no documents to check in {tmp_path} "
        "(looked for pdf, docx, txt, md, html)"
    )


def test_rules_lists_every_id_whole_when_piped():
    # ids are what --select, --ignore and `explain` take: a piped listing never cuts them
    ids = [r["id"] for r in json.loads(run("rules", "-f", "json").stdout)]
    out = run("rules").stdout
    assert "…" not in out
    assert all(re.search(rf"(?m)^\S\s+{re.escape(i)}\s", out) for i in ids)


def test_the_clause_inventory_names_every_type_whole_when_piped():
    path = EXAMPLES / "ai-services-agreement.md"
    types = [
        c["type"]
        for c in json.loads(run("check", path, "-f", "json").stdout)["documents"][0]["clauses"]
    ]
    out = run("check", path, "--show-clauses").stdout
    assert all(re.search(rf"│ {re.escape(t)}[ │]", out) for t in types)
    assert "Clause inventory" in out and not any(x.endswith(" ") for x in out.splitlines())


def test_the_clause_inventory_prints_contract_text_not_markup(tmp_path):
    # brackets in a value or a quote are the contract's text, not rich markup: a value "[one
    # (1) year]" vanished as an unknown style, and "[/s]" in a sentence raised a traceback
    path = tmp_path / "brackets.txt"
    path.write_text(
        "This Agreement renews automatically for successive one (1) year terms unless either"
        " party gives ninety (90) days notice of non-renewal [/s].\n\nThis Agreement is governed"
        " by the laws of the State of New York [and the rules at [bold]].\n"
    )
    r = run("check", path, "--show-clauses", "--fail-on", "never")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    out = " ".join(r.stdout.split())
    assert "renewal_term [one (1) year" in out and "[/s]" in out and "[bold]" in out


def test_rules_table_prints_a_packs_title_as_text(tmp_path):
    pack = tmp_path / "brackets.yaml"
    pack.write_text(
        "checks:\n  - id: t.brackets\n    kind: forbid\n    clause: exclusivity\n"
        "    severity: low\n    title: 'Fees [annual] and [/x] terms'\n    message: m\n"
        "    rationale: r\n    suggestion: s\n"
    )
    r = run("rules", "--rules", pack)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "Fees [annual] and [/x] terms" in r.stdout


def test_explain_a_value_type_shows_the_value_of_each_example():
    out = run("explain", "renewal_term").stdout
    assert "value: one (1) year periods" in out and "value: until terminated" in out
    # a type without values shows none
    assert "value:" not in run("explain", "exclusivity").stdout


def test_markdown_report_carries_the_inventory_with_show_clauses():
    path = EXAMPLES / "ai-services-agreement.md"
    plain = run("check", path, "-f", "markdown", "--fail-on", "never").stdout
    shown = run("check", path, "-f", "markdown", "--show-clauses", "--fail-on", "never").stdout
    assert "Clause inventory" not in plain
    assert "Clause inventory: " in shown and "| `governing_law` | New York |" in shown
