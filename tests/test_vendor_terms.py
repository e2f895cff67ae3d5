"""Issue 4's acceptance on AI-vendor documents written for the purpose, labelled by a lawyer
before clauselint was run on them: business, developer and consumer terms, DPAs and security
addenda, order forms, MSAs and NDAs, as PDF, DOCX, HTML, Markdown and plain text (the documents,
their rounds and every judgement call: fixtures/vendor-terms/README.md). The inventory must agree
on at least 95% of (document, clause type) labels."""

import json
from pathlib import Path

import pytest

from clauselint.pipeline import check_file

FIXTURES = Path(__file__).parent / "fixtures" / "vendor-terms"
LABELS = json.loads((FIXTURES / "labels.json").read_text())
TYPES = [
    "conflict_of_interest", "ai_output_indemnity", "warranty_disclaimer", "data_deletion",
    "breach_notification", "security_measures", "subprocessors", "data_location",
    "unilateral_amendment", "service_levels", "output_ownership", "change_of_control",
    "anti_assignment", "confidentiality", "data_use_restriction",
    "no_training_on_customer_data", "training_on_customer_data", "exclusivity", "non_compete",
    "liability_cap", "uncapped_liability", "indemnification", "governing_law",
]  # fmt: skip


@pytest.fixture(scope="module")
def inventories() -> dict[str, set[str]]:
    out = {}
    for name in LABELS:
        r = check_file(FIXTURES / name).to_dict()
        assert r["error"] is None, r["error"]
        out[name] = {c["type"] for c in r["clauses"]}
    return out


def test_labels_cover_every_type_for_every_document():
    assert len(LABELS) == 408
    for name, labels in LABELS.items():
        assert (FIXTURES / name).is_file()
        assert sorted(labels) == sorted(TYPES), name


def test_inventory_agrees_with_the_labels_on_at_least_95_percent(inventories):
    total = agree = 0
    misses = []
    for name, labels in LABELS.items():
        for t, present in labels.items():
            total += 1
            if (t in inventories[name]) == present:
                agree += 1
            else:
                misses.append(f"{name}: {t} labelled {present}")
    assert agree / total >= 0.95, f"{agree}/{total} = {agree / total:.3f}; misses: {misses}"
