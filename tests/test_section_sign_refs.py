"""German-style "§ n" numbering: references such as "§ 11" or "§ 9 (2)" name the document's own
"§ n Title" sections, including those whose title carries a semicolon (vendor-terms round 79)."""

from clauselint import structure
from clauselint.document import Document
from clauselint.hygiene_refs import broken_xrefs

TEXT = """\
§ 1 Subject matter

(1) Obligations under § 3 and § 5 (2) continue.

§ 2 Definitions

(1) Terms have the meaning in Article 4 GDPR.

§ 3 Scope of the processing; instructions

(1) The Processor processes data only on instructions, subject to § 4 (1).

§ 4 Deletion

(1) Data is deleted at the end of the agreement, as § 2 and § 3 provide.

§ 5 Liability; indemnity

(1) Liability follows the Main Agreement. (2) Each party indemnifies the other for fines.

(3) Amendments follow § 19.
"""


def _refs(text: str) -> list[str]:
    doc = Document("<t>", "txt", text)
    return [text[a:b] for a, b in broken_xrefs(doc, structure.parse(doc))]


def test_section_sign_references_to_existing_sections_are_not_broken():
    assert _refs(TEXT) == ["§ 19"]


def test_the_round_79_dpa_has_no_broken_section_sign_references():
    from pathlib import Path

    from clauselint.pipeline import check_file

    path = Path(__file__).parent / "fixtures" / "vendor-terms" / "eisvogel-dpa.txt"
    rules = [f["rule_id"] for f in check_file(path).to_dict()["findings"]]
    assert "hygiene.broken-xref" not in rules
