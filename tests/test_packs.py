"""The examples in every shipped pack are tests, and malformed packs fail with file and key."""

import pytest

from clauselint.errors import RulePackError
from clauselint.packs import builtin_pack_files, load_rules
from clauselint.packschema import parse_pack
from clauselint.selftest import run_examples


def test_every_shipped_example_passes(rules, detector):
    failures = run_examples(rules, detector)
    assert not failures, "\n".join(
        f"{f.where}: {f.kind}: {f.detail}: {f.example!r}" for f in failures
    )


def test_every_detector_and_check_has_both_kinds_of_example(rules):
    for c in rules.clauses:
        assert c.match and c.no_match, c.where
    for k in rules.checks:
        assert k.fail and k.passes, k.where


def test_checks_are_documented(rules):
    for k in rules.checks:
        assert k.title and k.message and k.rationale and k.suggestion, k.where


def test_shipped_packs_are_found():
    names = {p.name for p in builtin_pack_files()}
    assert {"ai-vendor.yaml", "data.yaml", "assignment.yaml"} <= names


GOOD_CHECK = """
checks:
  - id: demo.rule
    kind: require
    clause: confidentiality
    severity: high
    title: t
    message: m
    rationale: r
    suggestion: s
"""


@pytest.mark.parametrize(
    "text,key,words",
    [
        ("clauses: [\n", "line", "not valid YAML"),
        (
            "clauses:\n  - type: x\n    patterns:\n      - regx: 'a'\n",
            "clauses[0](x).patterns[0].regx",
            "unknown key",
        ),
        (
            "clauses:\n  - type: x\n    patterns:\n      - regex: '(a'\n",
            "clauses[0](x).patterns[0].regex[0]",
            "invalid regex",
        ),
        (
            "clauses:\n  - type: x\n    patterns: []\n",
            "clauses[0](x).patterns",
            "at least one pattern",
        ),
        (
            "clauses:\n  - type: Bad-Type\n    patterns: [{regex: a}]\n",
            "clauses[0].type",
            "clause-type id",
        ),
        (
            GOOD_CHECK.replace("severity: high", "severity: severe"),
            "checks[0](demo.rule).severity",
            "severity must be",
        ),
        (
            GOOD_CHECK.replace("kind: require", "kind: demand"),
            "checks[0](demo.rule).kind",
            "kind must be",
        ),
        (GOOD_CHECK.replace("    title: t\n", ""), "checks[0].title", "missing"),
        (GOOD_CHECK.replace("id: demo.rule", "id: Demo"), "checks[0].id", "namespaced"),
        (GOOD_CHECK + "    colour: red\n", "checks[0].colour", "unknown key"),
        ("rules: []\n", "rules", "unknown key"),
    ],
)
def test_malformed_packs_name_file_and_key(text, key, words):
    with pytest.raises(RulePackError) as e:
        parse_pack(text, "my-pack.yaml")
    msg = str(e.value)
    assert msg.startswith("my-pack.yaml") and key in msg and words in msg


def test_duplicate_check_ids_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD_CHECK)
    (tmp_path / "b.yaml").write_text(GOOD_CHECK)
    with pytest.raises(RulePackError, match="also defined"):
        load_rules([tmp_path], builtin=False)


def test_user_pack_folder_loads(tmp_path):
    (tmp_path / "mine.yaml").write_text(GOOD_CHECK)
    rs = load_rules([tmp_path])
    assert rs.check("demo.rule") is not None
    assert str(tmp_path / "mine.yaml") in rs.sources
