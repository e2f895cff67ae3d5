"""Issue 4's acceptance on AI-vendor documents written for the purpose (business terms, API
service terms as HTML, a DPA, an order form bundle; then developer platform terms as
list-numbered Markdown, a data-annotation master agreement as DOCX, assistant terms of service
as HTML and a DPA incorporating the SCCs as plain text; then an enterprise services agreement
as list-numbered Markdown, developer terms of use as a full HTML web page, a DPA with annexes as
plain text and consumer assistant terms as Markdown; then a data-labelling MSA with an SOW as PDF,
an enterprise order form with general terms as plain text, a cloud provider's service specific
terms as HTML and short-form data protection terms as Markdown; then a generative AI addendum to
an MSA as Markdown, a UK-drafted supply of AI services agreement as DOCX, a downloadable model
weights licence as plain text and chatbot platform customer terms as HTML with <details> and
<dl>; then an enterprise privacy FAQ page as HTML, a zero data retention addendum as numbered
Markdown, a data-labelling order form with incorporated terms as plain text and fine-tuning and
embeddings service terms as Markdown with nested bullets; then consumer image/video generation
terms of use as HTML, a Master Cloud Agreement in ALL-CAPS US corporate form as plain text, data
processing terms with an SCC selection table and agentic features supplemental terms as Markdown; then
speech-to-text API terms as HTML with pricing and retention tables, marketplace end customer terms
for a third-party model and an AI coding assistant data use policy as Markdown, and a model
evaluation and red-teaming services agreement as plain text; then a mutual NDA for a model pilot
as DOCX, a bank's customer-paper MSA with an AI Services Schedule as old-style US plain text,
hosted agents enterprise terms as Markdown with unnumbered headings and bullets only, and a CRM
vendor's AI features addendum as a two-level numbered PDF), labelled by a lawyer before clauselint
was run on them: the inventory must agree on at least 95% of (document, clause type) labels."""

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
    assert len(LABELS) == 40
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
