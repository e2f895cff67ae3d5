"""Baselines: fingerprints that survive re-numbering, and a gate on new findings only."""

import json
import re
import shutil
from pathlib import Path

import pytest
from clirun import cli as run

from clauselint.baseline import (
    entries,
    fingerprint,
    new_findings,
    normalise,
    read_baseline,
    write_baseline,
)
from clauselint.errors import ConfigError

CONTRACTS = Path(__file__).resolve().parent / "fixtures" / "contracts"
RISKY = "Provider may use Customer Data to train and improve its models."


@pytest.mark.parametrize(
    "a, b",
    [
        ("3.1 Exclusivity. During the Term, Customer shall", "4.1  EXCLUSIVITY. During the\nTerm, Customer shall"),
        ("(a) as set out in Section 12.3(b), thirty (30) days", "(c) as set out in Section 14.1(a), thirty (30) days"),
        ("ARTICLE IV Provider may assign", "Article VI Provider may assign"),
        ("12. Provider may use the data", "13. Provider may use the data"),
    ],
)  # fmt: skip
def test_normalise_ignores_numbering_case_and_whitespace(a, b):
    assert normalise(a) == normalise(b)


def test_normalise_keeps_the_words():
    assert normalise("Provider may use 5 items") != normalise("Provider may use 6 pieces")


def _doc(path, *findings):
    return {"path": path, "findings": list(findings), "error": None}


def _f(rule, *texts):
    return {"rule_id": rule, "evidence": [{"text": t, "line": 1} for t in texts]}


def test_fingerprints_depend_on_rule_path_and_text_only():
    assert fingerprint("a.b", "x.md", "1.1 Foo bar.") == fingerprint(
        "a.b", "./x.md", "2.3 FOO  bar."
    )
    assert fingerprint("a.b", "x.md") != fingerprint("a.b", "y.md")
    assert fingerprint("a.b", "x.md") != fingerprint("a.c", "x.md")


def test_new_findings_keeps_only_unseen_evidence_and_missing_clauses():
    old = [_doc("c.md", _f("x.missing"), _f("x.risky", "Old text."))]
    known = frozenset(e["fingerprint"] for e in entries(old))
    now = _doc("c.md", _f("x.missing"), _f("x.risky", "Old text.", "New text."), _f("y.new"))
    kept = new_findings(now, known)["findings"]
    assert [f["rule_id"] for f in kept] == ["x.risky", "y.new"]
    assert [e["text"] for e in kept[0]["evidence"]] == ["New text."]


def test_baseline_file_is_sorted_stable_and_round_trips(tmp_path):
    docs = [_doc("b.md", _f("z.z", "Two.")), _doc("a.md", _f("a.a"), _f("z.z", "One."))]
    write_baseline(tmp_path / "1.json", docs)
    write_baseline(tmp_path / "2.json", list(reversed(docs)))
    text = (tmp_path / "1.json").read_text()
    assert text == (tmp_path / "2.json").read_text()
    paths = [e["path"] for e in json.loads(text)["findings"]]
    assert paths == sorted(paths)
    assert read_baseline(tmp_path / "1.json") == {e["fingerprint"] for e in entries(docs)}


@pytest.mark.parametrize("content", ["{not json", '{"findings": 3}', "[]", ""])
def test_corrupt_baseline_names_the_file(tmp_path, content):
    bad = tmp_path / "base.json"
    bad.write_text(content)
    with pytest.raises(ConfigError) as e:
        read_baseline(bad)
    assert "base.json" in str(e.value) and "\n" not in str(e.value)


def _renumber(text: str) -> str:
    """Insert a section at the top and shift every section number by one."""
    text = re.sub(r"^(## )(\d+)\.", lambda m: f"{m[1]}{int(m[2]) + 1}.", text, flags=re.M)
    text = re.sub(r"^(\d+)\.(\d+) ", lambda m: f"{int(m[1]) + 1}.{m[2]} ", text, flags=re.M)
    head, _, rest = text.partition("\n\n")
    preamble = "## 1. Background\n\nThe parties have worked together since 2019 and wish to\nrecord the terms below.\n\n"
    return f"{head}\n\n{preamble}{rest}"


def test_baseline_gates_only_new_findings_even_after_renumbering(tmp_path):
    # Two contracts: one with many findings (re-numbered later: none may come back as new),
    # one that gets a new risky paragraph.
    (tmp_path / "c").mkdir()
    vendor, customer = tmp_path / "c" / "vendor.md", tmp_path / "c" / "customer.md"
    shutil.copy(CONTRACTS / "vendor-friendly-ai-services.md", vendor)
    shutil.copy(CONTRACTS / "customer-friendly-ai-services.md", customer)
    r = run("check", "c", "--write-baseline", "base.json", "-f", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["documents"][1]["findings"]  # the baseline is not empty

    r = run("check", "c", "--baseline", "base.json", "--fail-on", "info", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr

    vendor.write_text(_renumber(vendor.read_text()))
    original = customer.read_text()
    for text in (original + f"\n{RISKY}\n", _renumber(original) + f"\n{RISKY}\n"):
        customer.write_text(text)
        r = run(
            "check", "c", "--baseline", "base.json", "-f", "json", "--fail-on", "info", cwd=tmp_path
        )
        assert r.returncode == 1, r.stderr
        findings = [f for d in json.loads(r.stdout)["documents"] for f in d["findings"]]
        assert [e["text"] for f in findings for e in f["evidence"]] == [RISKY], findings
        assert len(findings) == 1


def test_corrupt_baseline_exits_2_with_one_line(tmp_path):
    (tmp_path / "base.json").write_text("{oops")
    shutil.copy(CONTRACTS / "mutual-nda.md", tmp_path / "nda.md")
    r = run("check", "nda.md", "--baseline", "base.json", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "base.json" in lines[0] and "Traceback" not in r.stderr
