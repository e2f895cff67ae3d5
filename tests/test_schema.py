"""The JSON report schema: valid itself, accepts a valid report, rejects broken ones."""

import copy
import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_PATH = Path(__file__).parents[1] / "src" / "clauselint" / "schema" / "report.schema.json"

EVIDENCE = {
    "text": "Vendor may assign this Agreement to a successor by merger without consent.",
    "start": 1234,
    "end": 1308,
    "page": 3,
    "line": 88,
    "section": "12.3",
    "heading": "Assignment",
}

VALID = {
    "schema_version": 1,
    "tool": {"name": "clauselint", "version": "0.1.0"},
    "documents": [
        {
            "path": "contracts/msa.pdf",
            "format": "pdf",
            "pages": 12,
            "document_kind": "services",
            "clauses": [
                {
                    "type": "governing_law",
                    "title": "Governing law",
                    "value": "New York",
                    "evidence": [EVIDENCE],
                },
                {
                    "type": "training_on_customer_data",
                    "title": "Training on customer data",
                    "value": None,
                    "evidence": [dict(EVIDENCE, page=None, section=None, heading=None)],
                },
            ],
            "findings": [
                {
                    "rule_id": "coc.no-termination-right",
                    "severity": "high",
                    "category": "change-of-control",
                    "title": "No change-of-control protection",
                    "message": "Customer cannot terminate if Vendor is acquired.",
                    "clause_type": "change_of_control",
                    "evidence": [],
                    "suggestion": "Customer may terminate on notice if Vendor undergoes a "
                    "Change of Control.",
                    "rationale": "A vendor bought by a competitor can keep your data.",
                    "references": ["CUAD: Change Of Control"],
                },
                {
                    "rule_id": "data.training-on-customer-data",
                    "severity": "critical",
                    "category": "data-protection",
                    "title": "Vendor may train on customer data",
                    "message": "Vendor may use Customer Data to train its models.",
                    "clause_type": None,
                    "evidence": [EVIDENCE],
                },
            ],
            "error": None,
        },
        {
            "path": "contracts/scan.pdf",
            "format": "pdf",
            "pages": None,
            "clauses": [],
            "findings": [],
            "error": {"kind": "ExtractionError", "message": "no text layer"},
        },
    ],
    "summary": {
        "documents": 2,
        "errors": 1,
        "findings": {"critical": 1, "high": 1, "medium": 0, "low": 0, "info": 0},
    },
    "extra": "additional properties are allowed",
}


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _set(path, value):
    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path):
    def mutate(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


FINDING = ("documents", 0, "findings", 0)
DOC = ("documents", 0)
EVIDENCE_PATH = ("documents", 0, "clauses", 0, "evidence", 0)

INVALID = {
    "bad severity": _set((*FINDING, "severity"), "severe"),
    "missing rule_id": _delete((*FINDING, "rule_id")),
    "rule_id not namespaced": _set((*FINDING, "rule_id"), "CL001"),
    "rule_id uppercase": _set((*FINDING, "rule_id"), "CoC.No-Termination"),
    "pages as string": _set((*DOC, "pages"), "12"),
    "wrong schema_version": _set(("schema_version",), 2),
    "wrong tool name": _set(("tool", "name"), "other"),
    "missing summary": _delete(("summary",)),
    "summary missing a severity": _delete(("summary", "findings", "info")),
    "negative offset": _set((*EVIDENCE_PATH, "start"), -1),
    "line as null": _set((*EVIDENCE_PATH, "line"), None),
    "evidence missing page": _delete((*EVIDENCE_PATH, "page")),
    "clause without evidence": _set(("documents", 0, "clauses", 0, "evidence"), []),
    "error without message": _set((*DOC, "error"), {"kind": "ExtractionError"}),
    "error with findings": _set(
        ("documents", 1, "findings"), copy.deepcopy(VALID["documents"][0]["findings"])
    ),
}


def test_schema_is_valid_draft_2020_12(validator):
    schema = validator.schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["properties"]["schema_version"]["const"] == 1


def test_every_property_is_documented(validator):
    def walk(node, where):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "$ref" not in sub:
                    assert sub.get("description"), f"{where}.{name} has no description"
            for key, sub in node.items():
                # if/then restate properties as constraints, not as documentation
                if key not in ("if", "then"):
                    walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}[{i}]")

    walk(validator.schema, "$")


def test_valid_sample_passes(validator):
    validator.validate(VALID)


def test_minimal_report_passes(validator):
    validator.validate(
        {
            "schema_version": 1,
            "tool": {"name": "clauselint", "version": "0.1.0"},
            "documents": [],
            "summary": {
                "documents": 0,
                "errors": 0,
                "findings": {"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0},
            },
        }
    )


@pytest.mark.parametrize("mutate", INVALID.values(), ids=INVALID.keys())
def test_invalid_sample_fails(validator, mutate):
    doc = copy.deepcopy(VALID)
    mutate(doc)
    assert list(validator.iter_errors(doc)), "sample should have been rejected"
