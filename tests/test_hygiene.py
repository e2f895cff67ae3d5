"""The drafting-hygiene detectors: unit cases, the clean contracts, and seeded defects.

The seeding test inserts one defect at a time, at a seeded random sentence boundary of a long
paragraph of each contract fixture, and asserts that the right detector reports it on the line
it was inserted on and that nothing else changes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from clauselint import structure
from clauselint.document import Document
from clauselint.extract import extract_path
from clauselint.hygiene import DETECTORS, norm_label, outline, words_to_number

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = sorted((ROOT / "tests" / "fixtures" / "contracts").iterdir()) + [
    ROOT / "examples" / f"ai-services-agreement.{ext}" for ext in ("md", "docx", "pdf")
]
SEEDABLE = [p for p in CONTRACTS if p.suffix in (".md", ".html")]


def findings(doc: Document, only: str | None = None) -> set[tuple[str, int, str]]:
    struct = structure.parse(doc)
    return {
        (name, doc.line_at(a), doc.text[a:b])
        for name, fn in DETECTORS.items()
        if only in (None, name)
        for a, b in fn(doc, struct)
    }


def run(text: str, name: str, fmt: str = "txt") -> list[str]:
    doc = Document("<t>", fmt, text)
    return [doc.text[a:b] for a, b in DETECTORS[name](doc, structure.parse(doc))]


# -- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words,value",
    [("thirty", 30), ("forty-eight", 48), ("one hundred twenty", 120),
     ("one hundred and eighty", 180), ("one million two hundred thousand", 1_200_000),
     ("five hundred", 500), ("ninety-nine", 99), ("thirty days", None)],
)  # fmt: skip
def test_number_words(words, value):
    assert words_to_number(words) == value


def test_labels_normalise():
    assert norm_label("2.01") == "2.1" and norm_label("IV") == "4" and norm_label("a.1") == "A.1"


def test_markdown_list_items_take_their_heading_number():
    text = "## 1. Use\n\n1. **Access.** a\n2. **Limits.** b\n\n## 2. Content\n\n1. **Own.** c\n"
    assert [n.label for n in outline(Document("x", "md", text))] == ["1", "1.1", "1.2", "2", "2.1"]


def test_html_nested_lists_are_read_from_restarts():
    text = "Terms\n1.\nWho\n2.\nContent\n1.\na\n2.\nb\n3.\nc\n3.\nAccount\n4.\nUse\n"
    assert [n.label for n in outline(Document("x", "html", text))] == [
        "1", "2", "2.1", "2.2", "2.3", "3", "4",
    ]  # fmt: skip


def test_a_bare_number_after_full_subsection_numbers_is_the_next_section():
    text = "3. Store\n3.1 Config. a\n3.2 Tier. b\n3.3 Archive. c\n4. Databases\n4.1 Backups. d\n5. AI\n"
    assert [n.label for n in outline(Document("x", "html", text))] == [
        "3", "3.1", "3.2", "3.3", "4", "4.1", "5",
    ]  # fmt: skip
    assert run(text, "numbering", "html") == []


def test_a_bare_number_after_three_level_full_numbers_is_the_next_section():
    """Round 31 (Stonebeck): "2.2.2 ..." then "3. CUSTOMER INSTRUCTIONS" is section 3, not
    "2.3" (a subsection there would be written in full too); so "5." after "4.3.1" is no gap."""
    text = (
        "1. DEFINITIONS\n\n1.1 Terms\n\n1.1.1 A means a.\n\n2. ROLES\n\n2.1 Roles\n\n"
        "2.1.1 B is b.\n\n2.2 Scope\n\n2.2.1 C is c.\n\n3. INSTRUCTIONS\n\n3.1 Processing\n\n"
        "3.1.1 D is d.\n\n4. SUBPROCESSORS\n\n4.1 Consent\n\n4.1.1 E is e.\n\n5. SECURITY\n"
    )
    top = [n.label for n in outline(Document("x", "txt", text)) if "." not in n.label]
    assert top == ["1", "2", "3", "4", "5"]
    assert run(text, "numbering") == []


def test_a_footnote_marker_after_the_full_stop_ends_the_line_before_a_clause_number():
    """Round 64 (Quenwold, PDF): "... unless the Order Form says otherwise.²" then "4.4 Taxes."
    on the next line is clause 4.4, not a wrapped line, so 4.5 is no skip."""
    long = "Prepaid credits expire at the end of the commitment period unless the Order Form"
    text = (
        f"4. Fees\n4.1 Fees. a.\n4.2 Tiers. b.\n4.3 Committed Spend. {long} says otherwise.\u00b2\n"
        "4.4 Taxes. Fees exclude taxes.\n4.5 Payment. Invoices are due within thirty days.\n"
    )
    labels = [n.label for n in outline(Document("x", "pdf", text))]
    assert "4.4" in labels
    assert run(text, "numbering", "pdf") == []


def test_reference_span_is_the_reference():
    text = (
        "1. Services. Provider provides them.\n2. Fees. Customer pays.\n"
        "3. Term. Except as set out in Section 9.4 and Section 2, one year."
    )
    assert run(text, "broken-xref") == ["Section 9.4"]


def test_a_section_of_a_state_statute_book_is_external():
    """Round 19: "Minnesota Statutes section 3.736" cites a statute book, not this document."""
    text = (
        "1. Services. Provider provides them.\n2. Fees. Customer pays.\n"
        "3. Liability. The University's liability is governed by Minnesota Statutes section 3.736"
        " and Wis. Stat. \u00a7 893.80, and Section 9 applies."
    )
    assert run(text, "broken-xref") == ["Section 9"]


def test_clause_references_in_a_table_under_an_scc_lead_in_are_external():
    """Table rows are sentences of their own (round 13); a row "Clause 17 (governing law) | ..."
    under a lead-in naming the Standard Contractual Clauses still points into the SCCs, not at
    a missing clause of this document."""
    text = (
        "1. Scope. These terms apply to processing.\n2. Fees. Customer pays.\n"
        "3. Transfers. The Standard Contractual Clauses apply with these selections:\n\n"
        "| Clause 13 (supervision) | The Dutch supervisory authority |\n"
        "| Clause 17 (governing law) | Option 1: the law of the Netherlands |\n\n"
        "4. Term. As stated in Section 9, one year.\n"
    )
    assert run(text, "broken-xref") == ["Section 9"]


def test_a_bare_reference_to_a_section_already_named_as_another_documents_is_external():
    """Round 32 (Ostrevan): "the indemnity in Section 11 of the Master Terms ..., subject to the
    exclusions in Section 11" - the second Section 11 is the Master Terms' too."""
    text = (
        "1. Services. Provider provides them.\n2. Fees. Customer pays.\n"
        "3. Indemnity. The indemnity in Section 11 of the Master Terms extends to Output, subject"
        " to the exclusions and procedure in Section 11. Section 9 applies.\n"
    )
    assert run(text, "broken-xref") == ["Section 9"]


def test_references_an_interpretation_clause_points_into_another_agreement_are_external():
    """Round 39 (Quarrendon, Stavenor): "References to a Section or Exhibit are to a Section of or
    Exhibit to the Agreement" - an amendment's or addendum's Section / Exhibit references are the
    amended agreement's; a keyword the clause does not name ("Schedule") is still checked."""
    text = (
        "1. Interpretation. References to a Section or Exhibit are to a Section of or Exhibit to the"
        " Agreement unless this Amendment says otherwise.\n2. Fees. Customer pays.\n"
        "3. Credits. The credits in Section 8.2 and Exhibit C apply, measured under Schedule 4.\n"
    )
    assert run(text, "broken-xref") == ["Schedule 4"]


def test_sections_named_in_an_amending_instruction_are_the_amended_agreements():
    """Round 39 (Quarrendon): "Section 4.2 is deleted and replaced with the following", "The
    following is added as Section 6.5", "In Section 12.1, '$500,000' is replaced by '$2,000,000'"."""
    text = (
        "1. Scope. This Amendment amends the Agreement.\n2. Fees. Customer pays.\n"
        "3. Changes. Section 4.2 is deleted and replaced with the following. The following is added"
        " as Section 6.5. In Section 12.1, '$500,000' is replaced by '$2,000,000'. Section 9"
        " applies.\n"
    )
    assert run(text, "broken-xref") == ["Section 9"]


def test_its_section_after_a_named_transfer_instrument_is_external():
    """Round 32 (Westerlyn): "either party may end the UK Addendum as set out in its Section 19"
    is the UK Addendum's Section 19."""
    text = (
        "1. Scope. These terms apply.\n2. Fees. Customer pays.\n"
        "3. Transfers. In Table 4 either party may end the UK Addendum as set out in its Section 19."
        " Section 9 applies.\n"
    )
    assert run(text, "broken-xref") == ["Section 9"]


def test_a_transfer_instrument_named_across_a_line_break_still_makes_its_section_external():
    """Round 46 (Glasswick, a PDF): the wrapped line puts the break inside the name, "end the
    UK\nAddendum as set out in its Section 19"; it is still the UK Addendum's Section 19."""
    text = (
        "1. Scope. These terms apply.\n2. Fees. Customer pays.\n"
        "3. Transfers. In Table 4 neither party may end the UK\nAddendum as set out in its Section"
        " 19. Section 9 applies.\n"
    )
    assert run(text, "broken-xref") == ["Section 9"]


def test_articles_in_a_sentence_naming_a_data_protection_statute_by_short_name_are_external():
    """Round 48 (Brathwick): "... under Article 23 of the APPI, and will supervise its personnel
    as required by Articles 24 and 25" names Japan's statute by its short name; its Articles
    are the statute's. The same with Brazil's LGPD and China's PIPL; Section 9 is still checked."""
    for law in ("APPI", "LGPD", "PIPL"):
        text = (
            "1. Scope. These terms apply.\n2. Fees. Customer pays.\n"
            f"3. Transfers. Provider will take the measures required by Article 23 of the {law}"
            " and will supervise its staff as required by Articles 24 and 25. Section 9 applies.\n"
        )
        assert run(text, "broken-xref") == ["Section 9"], law


def test_articles_in_a_document_naming_a_data_protection_law_and_no_articles_of_its_own():
    """Round 48 (Brathwick): a DPA numbered by sections that says "so that Customer can meet its
    obligations under Article 28" means the GDPR's Article 28. A document with its own Articles
    is still checked, and so is one that names no data protection law."""
    body = (
        "1. Scope. This addendum applies to Customer Personal Data under the GDPR.\n"
        "2. Fees. Customer pays.\n"
        "3. Transfers. Provider will help Customer meet its obligations under Article 28. "
        "Section 9 applies.\n"
    )
    assert run(body, "broken-xref") == ["Section 9"]
    own = body.replace("1. Scope.", "ARTICLE 1\n1. Scope.")
    assert run(own, "broken-xref") == ["Article 28", "Section 9"]
    lawless = body.replace(" under the GDPR", "")
    assert run(lawless, "broken-xref") == ["Article 28", "Section 9"]


def test_a_short_word_after_annexes_in_capitals_is_no_annex_label():
    """Round 32 (Westerlyn): "PART B - ANNEXES TO THE STANDARD CONTRACTUAL CLAUSES" refers to
    no Annex "TO"; a real missing Annex in capitals is still found."""
    text = (
        "1. Scope. These terms apply.\n2. Fees. Customer pays.\n\n"
        "PART B - ANNEXES TO THE STANDARD CONTRACTUAL CLAUSES\n\n"
        "ANNEX I\n\nA. LIST OF PARTIES\n\nThe parties are listed. SEE ANNEX Q.\n"
    )
    assert run(text, "broken-xref") == ["ANNEX Q"]


def test_a_number_after_a_column_aligned_table_starts_its_line():
    text = (
        "C.1 Service Levels. Supplier shall meet these targets:\n\n"
        "  Availability of the Services      99.9% of each month      5% of monthly Fees\n"
        "  Extraction accuracy (monthly      at least 97% of fields   5% of monthly Fees\n"
        "  sample of 500 loan documents)                 on Bank's validation sample\n\n"
        "C.2 Cap on Credits. Credits shall not exceed 20% of the monthly Fees.\n\n"
        "C.3 Reporting. Supplier shall report monthly.\n"
    )
    assert run(text, "numbering") == []


def test_the_next_document_of_a_bundle_numbers_afresh():
    """An order form's numbered special terms, then the agreement it incorporates: the
    agreement's "1." starts its own outline (round 17, Quellbrook), and a real repeat in the
    agreement is still reported."""
    form = "ORDER FORM\n\nSpecial Terms\n1. Data is hosted in the EU.\n2. Notice of a change.\n"
    form += "3. No training on Customer Data.\n\nMASTER SUBSCRIPTION AGREEMENT\n\n"
    msa = '1. Definitions\n"Data" means data.\n2. Subscription\n2.1 We grant access.\n'
    assert run(form + msa + "3. Fees\nCustomer pays.\n", "numbering") == []
    assert run(form + msa + "3. Fees\nCustomer pays.\n3. Taxes\nExtra.\n", "numbering") == ["3"]


def test_a_table_of_contents_then_the_sections_numbers_afresh():
    """A web page's "On this page" list (one short entry a line, 1 to 6), then the sections with
    their subsections: the first section's "1." is not nested under the contents' "6" (round
    30, Marlowrun, whose "19.1" was reported as a repeat), and a real repeat is still reported;
    a short list of three items is an ordinary list and still nests."""
    toc = "On this page\n" + "".join(f"{i}. Part {i}\n" for i in range(1, 7))
    body = "Developer Terms\nThese Terms apply.\n"
    body += "".join(f"{i}. Part {i}\n{i}.1 Text. a\n{i}.2 Text. b\n" for i in range(1, 7))
    doc = Document("x", "html", toc + body)
    assert [n.label for n in outline(doc)][6:9] == ["1", "1.1", "1.2"]
    assert run(toc + body, "numbering", "html") == []
    assert run(toc + body + "6.2 Again. c\n", "numbering", "html") == ["6.2"]
    short = "Steps\n1. Ask\n2. Wait\n3. Read\nThen:\n1. Next\n"
    assert [n.label for n in outline(Document("x", "html", short))] == ["1", "2", "3", "3.1"]


def test_a_plural_term_used_in_the_singular_is_used():
    text = (
        '"Bank Indemnitees" means the Bank and its officers. Supplier shall indemnify each Bank '
        'Indemnitee against Losses. "Open Items" means the items in Annex A.'
    )
    assert run(text, "unused-definition") == ['"Open Items"']


def test_a_defined_term_used_in_capitals_is_used():
    """An ALL-CAPS limitation clause uses its defined terms in capitals (round 15, Veloran:
    "EXCEPT FOR THE EXCLUDED CLAIMS, EACH PARTY'S TOTAL LIABILITY ..." with 11.2 defining
    "Excluded Claims"); a term used nowhere is still reported."""
    text = (
        "11.1 EXCEPT FOR THE EXCLUDED CLAIMS, EACH PARTY'S LIABILITY IS LIMITED TO THE FEES.\n"
        '11.2 "Excluded Claims" means each party\'s obligations under Section 10.\n'
        '11.3 "Spare Term" means nothing in particular.\n'
    )
    assert run(text, "unused-definition") == ['"Spare Term"']


def test_singular_term_in_y_used_in_the_plural_is_used():
    text = (
        '1.1 "Call Summary" means a summary generated at the end of a call; "Spare Entry" means '
        "an entry.\n7.1 The Customer owns the Transcripts and Call Summaries."
    )
    assert run(text, "unused-definition") == ['"Spare Entry"']


def test_wrapped_line_is_not_a_heading():
    text = (
        "5. Audit. Customer may audit compliance with this Article 5 and Article\n"
        "6. Audits take place in business hours.\n5.9 Deletion. Vendor deletes data.\n"
        "6. CONFIDENTIALITY\n6.1 Obligations. Recipient keeps it secret."
    )
    assert run(text, "numbering", "pdf") == []


def test_reference_wrapped_after_this_or_the_is_not_a_heading():
    # Markdown converted from a PDF, hard-wrapped mid-sentence: "only in accordance with this\n
    # Section 8." is a reference to the section it stands in, not a second heading "8"
    text = (
        "## 7. Sub-processors\n\n7.1 Customer authorises Sub-processors.\n\n"
        "## 8. International transfers\n\n8.1 Vendor stores Customer Content in the EEA.\n"
        "Vendor may process Customer Personal Data outside the EEA only in accordance with this\n"
        "Section 8.\n\n8.2 The SCCs apply to Restricted Transfers, as set out in the\n"
        "Section 8.3 table.\n\n8.3 The UK Addendum applies.\n\n## 9. Assistance\n\n9.1 Vendor assists."
    )
    assert [n.label for n in outline(Document("x.md", "md", text)) if n.heading].count("8") == 1
    assert run(text, "numbering", "md") == []


def test_number_after_an_ascii_table_starts_its_own_line():
    # a plain-text table's border or row ends no prose: "8.3" after it is a clause, not wrapped
    border = "+" + "-" * 30 + "+" + "-" * 40 + "+"
    text = (
        "8. TRANSFERS\n\n8.1 The SCCs apply.\n\n8.2 The options are chosen as follows.\n\n"
        f"   {border}\n   | Clause 7{' ' * 22}| The docking clause is included.{' ' * 9}|\n"
        f"   {border}\n\n8.3 The UK Addendum applies.\n\n   {border}\n"
        f"   | Table 4 (Ending the Addendum){' ' * 1}| Neither party may end it.{' ' * 15}|\n"
        f"   {border}\n\n8.4 The Swiss adaptation applies.\n\n8.5 The parties cooperate."
    )
    assert [n.label for n in outline(Document("x.txt", "txt", text)) if n.label.startswith("8.")] == [
        "8.1", "8.2", "8.3", "8.4", "8.5",
    ]  # fmt: skip
    assert run(text, "numbering", "txt") == []


@pytest.mark.parametrize(
    "text",
    ["Processor complies with Articles 32 to 36 GDPR.",
     "In Clause 9 Option 2 of the Standard Contractual Clauses applies, and in Clause 17 the law of Ireland applies.",
     "The Fees are in Section 5 of the Order Form.",
     "No offer is made under Section 275(1A) or Section 276(4)(i)(B) of the SFA."],
)  # fmt: skip
def test_references_to_other_documents_are_not_checked(text):
    doc = "1. A. a.\n2. B. b.\n3. C. " + text
    assert run(doc, "broken-xref") == []


# -- the clean contracts ----------------------------------------------------------------------

# Every finding left on the clean fixtures, each a real defect of the fixture text: the
# schedules the agreement relies on are not attached, and "DPA" is defined but never used.
EXPECTED_CLEAN = {
    "customer-friendly-ai-services.md": {
        ("broken-xref", 21, "Schedule A"), ("broken-xref", 35, "Schedule B"),
        ("broken-xref", 37, "Schedule C"), ("undefined-term", 7, "Personal Data"),
    },
    "model-provider-business-terms.md": {("unused-definition", 28, '"DPA"')},
    "model-provider-dpa.md": {("broken-xref", 7, "Schedule 1"), ("broken-xref", 21, "Schedule 2")},
}  # fmt: skip


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.name)
def test_clean_contracts(path):
    assert findings(extract_path(path)) == EXPECTED_CLEAN.get(path.name, set())


def test_clean_contracts_average_at_most_one_finding():
    total = sum(len(findings(extract_path(p))) for p in CONTRACTS)
    assert total / len(CONTRACTS) <= 1.0


# -- seeded defects ---------------------------------------------------------------------------


def _roman(n: int) -> str:
    out = ""
    for v, s in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _defects(doc: Document) -> list[tuple[str, str]]:
    """(detector, sentence) pairs that are defects in this document."""
    struct = structure.parse(doc)
    tops = [int(n.label) for n in outline(doc) if n.label.isdigit()] or [12]
    top = max(tops)
    out = [
        ("placeholder", "Notices to Customer go to [Customer Name] at its registered office."),
        ("placeholder", "The credit applies for [●] days after the incident."),
        ("placeholder", "Each party pays its own costs within ____ days of the request."),
        ("placeholder", "The renewal price is {{renewal_price}} per seat."),
        ("placeholder", "Support hours are TBD and will be set out later."),
        ("placeholder", "This schedule is effective as of January 1, 20__ for all orders."),
        ("placeholder", "The annual fee is [insert amount] unless agreed otherwise."),
        ("placeholder", "Reports are sent to <CUSTOMER CONTACT> each month."),
        ("broken-xref", f"The exclusions in Section {top + 3}.2 apply to this paragraph."),
        ("broken-xref", f"Any dispute is handled under clause {top + 2}(a) of this Agreement."),
        ("broken-xref", f"The survival terms in Article {_roman(top + 4)} apply to these rights."),
        ("broken-xref", "The pricing for this usage is set out in Exhibit Q."),
        ("broken-xref", "The measures listed in Schedule 9 apply to this processing."),
        ("amount-mismatch", "Notice must be given thirty (45) days in advance."),
        ("amount-mismatch", "A fee of five hundred dollars ($50) applies per request."),
        ("amount-mismatch", "The commitment lasts two (3) years from signature."),
        ("amount-mismatch", "Rates may rise by ten percent (15%) each year."),
        ("amount-mismatch", "Credits are capped at one hundred twenty (102) hours."),
    ]
    means = [
        d for d in struct.definitions if re.search(rf'"{re.escape(d.term)}"\s+means', doc.text)
    ]
    if means:
        out.append(
            ("duplicate-definition", f'"{means[0].term}" means anything Provider says it is.')
        )
    roles = {p.role for p in struct.parties if p.role}
    for mine, other in (("Provider", "Vendor"), ("Vendor", "Supplier"), ("Customer", "Client")):
        if mine in roles:
            out.append(("party-name", f"The {other} shall keep records of this work."))
    return out


def _seed_positions(text: str, rng: random.Random, n: int) -> list[int]:
    """Sentence boundaries inside long paragraphs (never a line start, so lines keep their
    numbers)."""
    spots = [
        m.end()
        for line in re.finditer(r"[^\n]{200,}", text)
        for m in re.finditer(r"[.;] (?=[A-Z])", line.group(0))
        for m in [type("M", (), {"end": lambda self, m=m, s=line.start(): s + m.end()})()]
    ]
    return [rng.choice(spots) for _ in range(n)] if spots else []


def test_seeded_defects_are_caught_on_their_line():
    rng = random.Random(8)
    caught = total = 0
    misses, noise = [], []
    for path in SEEDABLE:
        base = extract_path(path)
        before = findings(base)
        defects = _defects(base)
        for (name, sentence), pos in zip(
            defects, _seed_positions(base.text, rng, len(defects)), strict=False
        ):
            text = base.text[:pos] + sentence + " " + base.text[pos:]
            doc = Document(
                base.path, base.format, text, headings=_shift(base, pos, len(sentence) + 1)
            )
            line = doc.line_at(pos)
            after = findings(doc)
            total += 1
            if any(f[0] == name and f[1] == line for f in after):
                caught += 1
            else:
                misses.append((path.name, name, sentence))
            noise += [(path.name, f) for f in after - before if f[1] != line]
    assert total >= 100
    assert caught / total >= 0.95, misses
    assert not noise


def _shift(doc: Document, pos: int, n: int):
    from clauselint.document import Heading

    return tuple(
        Heading(
            h.start + n if h.start >= pos else h.start, h.end + n if h.end > pos else h.end, h.level
        )
        for h in doc.headings
    )


def test_prefiltered_scans_find_what_a_full_scan_finds():
    """The hygiene pass tries its slow regexes only where a match can begin; that must not
    change a single match, even for a run of number words longer than the look-back window."""
    from pathlib import Path

    from clauselint import hygiene_outline as O
    from clauselint import hygiene_refs as R
    from clauselint import hygiene_terms as T
    from clauselint import hygiene_text as H

    fixtures = Path(__file__).parent / "fixtures" / "contracts"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(fixtures.iterdir())]
    texts += [
        "five (5) " + "one two " * 200 + "three (3) days, one hundred dollars ($100) and "
        "US$ (1,000) XX xxx ___ TBD 19__ {{name}} ${x} <<y>> «z» <NAME> (insert date) "
        "Exhibits A, B and C; schedule 2; Annex I-II; appendix 3.1; Attachment X; ſchedule 4; "
        "Sections 2.1, 3 and 4(a); clause 7-9; ARTICLE IV; §§ 12, 13; ſection 5; SeCtIoN 6",
        "İstanbul: Section 3 and Exhibit B",  # lower-cases to a longer text: the full scan
        "Ten (10) (11) twelve (12,000) million, twenty-one (21) percent (21%)",
        "5 5 (five), x5 (five), 1,000 (one thousand), 12\t(Twelve) million, (3 (three)), 7,(seven)",
        "the Big Data and your  Big Data, xthe Foo Data, of Ab Cd Ef Gh Data, the Customer Data "
        'Services Fees (the "Fees"); Sections marked [BETA] and items flagged [DRAFT ONLY]',
        "Exhibit A\n  **Schedule\n2** terms\n\tannex I\n   ARTICLE 4 Fees\n  1. One\n   ## 2. Two\n",
        "the UK\nAddendum, xGDPR, Data  Protection Laws, SCCs, PDPA. Regulation (EU) 2016/679",
    ]
    heads = R.ATT_HEAD.finditer
    own = R._OWN_ARTICLES
    num_lines = re.compile("\n" + O._NUM_LINE.pattern.removeprefix("^"), re.MULTILINE)
    for text in texts:
        assert [m.span() for m in H._amounts(text)] == [m.span() for m in H._AMOUNT.finditer(text)]
        assert [m.span() for m in H.scan_starts(H._OTHER_PLACEHOLDERS, H._OTHER_STARTS, text)] == [
            m.span() for m in H._OTHER_PLACEHOLDERS.finditer(text)
        ]
        assert [m.span() for m in H.scan(R._ATT_REF, R._ATT_REF_STARTS, text, fold=True)] == [
            m.span() for m in R._ATT_REF.finditer(text)
        ]
        assert [m.span() for m in H.scan(R._REF, R._REF_STARTS, text, fold=True)] == [
            m.span() for m in R._REF.finditer(text)
        ]
        assert [m.span() for m in H._amounts_rev(text)] == [
            m.span() for m in H._AMOUNT_REV.finditer(text)
        ]
        assert [m.span() for m in T._used_terms(text)] == [
            m.span() for m in T._USED_TERM.finditer(text)
        ]
        assert H._declared_markers(text) == {
            m.group(1).strip().upper() for m in H._MARKER_INTRO.finditer(text)
        }
        assert list(R.att_heads(text)) == [(m.start(), m["kw"], m["label"]) for m in heads(text)]
        assert R._names_law(text) == bool(R._SENT_LAW.search(text))
        assert bool(own.match(text) or R._OWN_ARTICLES_NL.search(text)) == bool(own.search(text))
        assert [m.span() for m in O._NUM_AFTER_NL.finditer(text)] == [
            m.span() for m in num_lines.finditer(text)
        ]


def test_attachment_titles_and_list_numbered_headings_are_not_references():
    """A schedule's title after a dash ("SCHEDULE 7 - AI SERVICES") is not a range of schedules
    7 to "AI", and a heading that ends on "Annexes" does not refer to the clause number that
    opens the next line ("12. Annexes\\n12.1 Annex A ..."); a real missing schedule still is."""
    text = (
        "SCHEDULE 7 - AI SERVICES\n"
        "1. General\n"
        "1.1 Schedule 5 applies to the AI Services.\n"
        "12. Annexes\n"
        "12.1 The annexes listed in Schedule 7 form part of this Schedule.\n"
    )
    assert run(text, "broken-xref") == ["Schedule 5"]
    # the same with letters of another length (round 50, Rookhallow): "A - AI" is no range
    lettered = text.replace("SCHEDULE 7 - AI SERVICES", "Schedule A - AI Services Description")
    assert run(lettered.replace("Schedule 7", "Schedule A"), "broken-xref") == ["Schedule 5"]
    assert run("1. Terms.\n2. Fees.\n3. See Schedules A - C.\n", "broken-xref") == [
        "Schedules A",
        "C",
    ]


def test_a_roman_annex_title_after_a_dash_is_not_a_range():
    """ "ANNEX IV - UK ADDENDUM INFORMATION" heads Annex IV, titled "UK Addendum Information": not
    a range of annexes IV to "UK" (round 95, Quillbeck); "Annexes II - IV" is still a range."""
    text = (
        "1. Terms.\n2. Annexes.\n3. Annexes I - IV form part of this DPA.\n"
        "ANNEX I - DETAILS\nANNEX II - MEASURES\nANNEX III - SUB-PROCESSORS\n"
        "ANNEX IV - UK ADDENDUM INFORMATION\n"
    )
    assert run(text, "broken-xref") == []
    assert (
        run(
            text.replace("ANNEX IV - UK", "ANNEX V - UK").replace("I - IV", "II - V"), "broken-xref"
        )
        == []
    )
    assert run(text.replace("Annexes I - IV", "Annexes I - VI"), "broken-xref") == ["VI"]


def test_a_lettered_attachment_title_after_a_dash_is_not_a_range():
    """ "EXHIBIT A - AI SERVICES" heads Exhibit A, titled "AI Services": not a range of exhibits
    A to "AI" (round 53, Tambrook); "Exhibits A - C are attached" is still a range, so a missing
    Exhibit C is still reported."""
    text = (
        "1. General\n"
        "1.1 Exhibit A applies to the AI Services.\n"
        "1.2 Exhibits A - C are attached to this Agreement.\n\n"
        "EXHIBIT A - AI SERVICES\n"
        "1. The Service Provider shall build the AI Solution.\n"
    )
    assert run(text, "broken-xref") == []
    assert run(text.replace(" are attached to this Agreement", " apply"), "broken-xref") == ["C"]


def test_a_lettered_part_of_an_annex_is_not_another_annex():
    """ "see Annex I, B.7" is paragraph B.7 of Annex I; "Annexes I, B" still names Annex B."""
    text = "ANNEX I\nB.7 Audio is kept in memory.\n\n1. Audio is processed in memory (see Annex I, B.7).\n"
    assert run(text, "broken-xref") == []
    assert run(text + "2. Annexes I, B and C apply.\n", "broken-xref") == ["B", "C"]


def test_a_term_that_includes_more_is_not_defined_twice():
    text = (
        '"Technology" means all know-how of Supplier relating to the Product.\n'
        '"Technology" includes the CliniMax System and its successors.\n'
        "Supplier licenses the Technology to Customer.\n"
    )
    assert run(text, "duplicate-definition") == []
    assert run(text.replace("includes", "means"), "duplicate-definition") != []


def test_a_term_defined_twice_on_one_flattened_line_is_found():
    text = (
        '(a) "Fees" means the amounts in Schedule 1. (b) "Fees" means the amounts in each Order.\n'
        "Customer pays the Fees.\n"
    )
    assert run(text, "duplicate-definition") == ['"Fees"']


def test_definitions_in_markdown_bold_lists_and_pointers():
    """Markdown keeps its emphasis: '**"Operational Data"** means' defines the term (round 49,
    Ombrelac); '"A", "B" and "C" have the meanings given' defines all three (round 48); and a
    definition that points to the clause defining it ("means the period set forth in Section
    15.1") does not define the term twice with that clause's ("the Initial Term")."""
    md = (
        '**"Operational Data"** means metadata about your use of the API.\n\n'
        "1. Ombrelac controls Operational Data and its Operational Information.\n"
    )
    assert run(md, "undefined-term", "md") == ["Operational Information"]
    listed = (
        '"Customer Personal Information" means personal information from Customer.\n'
        '"Consumer", "Personal Information" and "Sell" have the meanings given in the CCPA.\n'
        "1. Provider will not Sell any Personal Information of a Consumer, or any Seller "
        "Information.\n"
    )
    assert run(listed, "undefined-term") == ["Seller Information"]
    pointer = (
        '"Initial Term" means the period set forth in Section 2.\n'
        '2. Term. This Agreement runs for ten years (the "Initial Term").\n'
    )
    assert run(pointer, "duplicate-definition") == []
    assert run(pointer.replace("set forth in Section 2", "of ten years"), "duplicate-definition")


def test_french_guillemet_quotations_are_not_merge_field_placeholders():
    """French typography quotes with spaced guillemets (« client », « TELS QUELS »): that is a
    quotation, not a Word merge field; an unspaced «CustomerName» still is a placeholder."""
    text = (
        "Intelligence Borealith Inc. (« Borealith », « nous ») et le client (le « client »).\n"
        "LES SERVICES SONT FOURNIS « TELS QUELS ».\n"
        "This Order is made with «CustomerName» on «EffectiveDate».\n"
    )
    assert run(text, "placeholder") == ["«CustomerName»", "«EffectiveDate»"]


def test_static_site_shortcodes_are_not_merge_field_placeholders():
    """Round 101 (Harrowgill, terms kept in a docs repository): Hugo-style shortcodes left in
    the Markdown ({{< note >}}, {{< /note >}}, {{% alert %}}) are site markup, not blanks; a
    template merge field such as {{customer_name}} still is a placeholder."""
    text = (
        "{{< note >}}\nThis page is the source of the published terms.\n{{< /note >}}\n\n"
        '{{< changelog version="5.2" >}}\nAdded a region.\n{{< /changelog >}}\n\n'
        "{{% alert %}}Read carefully.{{% /alert %}}\n\n"
        "This Order is made with {{customer_name}} on {{ effective_date }}.\n"
    )
    assert run(text, "placeholder", "md") == ["{{customer_name}}", "{{ effective_date }}"]


def test_an_article_heading_with_its_title_in_brackets_is_a_heading():
    """Round 56 (Hoshimura, Japanese terms in translation): "### Article 12 (Prohibited Acts)"
    is a heading, so "Article 12" exists and its numbered paragraphs are 12.1, 12.2; a reference
    to a missing Article is still found, and a reference wrapped onto a line start ("Section 5
    (Fees) applies ...") is still no heading."""
    text = (
        "### Article 1 (Application)\n\n1. These Terms apply.\n2. Rules form part of them.\n\n"
        "### Article 2 (Definitions)\n\n1. Service means the API.\n\n"
        "### Article 3 (Prohibited Acts)\n\n1. Users shall not do what Article 2 forbids.\n\n"
        "### Article 4 (Suspension)\n\n1. The Company may suspend a User who breaches Article 3"
        " or Article 9.\n"
    )
    assert run(text, "broken-xref", "md") == ["Article 9"]
    labels = [n.label for n in outline(Document("<t>", "md", text))]
    assert "3" in labels and "3.1" in labels
    wrapped = (
        "1. Scope. These terms apply and the fees in\nSection 5 (Fees) applies to them.\n"
        "2. Fees. Customer pays.\n3. Term. One year.\n"
    )
    assert "5" not in [n.label for n in outline(Document("<t>", "txt", wrapped))]


def test_a_later_clause_reference_in_a_section_already_pointing_into_the_sccs_is_external():
    """Round 59 (Thackwray 9.2): the module selections in prose, "In Clause 17, Option 1 applies
    and the Standard Contractual Clauses are governed by the law of Ireland. In Clause 18(b),
    disputes are resolved before the courts of Ireland." - the second sentence names no
    instrument but is the SCCs' Clause 18 too; a reference to this document's own clause is
    still checked."""
    text = (
        "1. Scope. These terms apply to processing.\n2. Fees. Customer pays.\n"
        "3. Transfers. In Clause 17, Option 1 applies and the Standard Contractual Clauses are"
        " governed by the law of Ireland. In Clause 18(b), disputes are resolved before the courts"
        " of Ireland. Clause 14 of this Addendum applies.\n"
        "4. Term. As stated in Section 9, one year.\n"
    )
    assert run(text, "broken-xref") == ["Clause 14", "Section 9"]


def test_references_after_a_run_in_label_naming_the_sccs_are_external():
    """Rounds 82 and 51 (Ostley, Pendrevan): a paragraph opened by "SCC options." or "For the
    SCCs:" goes on in sentences that name no instrument ("Clause 17 Option 1, the law of Ireland;
    Clause 18 the courts of Ireland. Annex I lists the parties.") - the SCCs' clauses and
    annexes; a reference in another section is still checked."""
    text = (
        "1. Scope. These terms apply to processing.\n2. Fees. Customer pays.\n"
        "3. Transfers.\nSCC options. Clause 7 (docking) applies; Clause 17 Option 1, the law of"
        " Ireland; Clause 18 the courts of Ireland. Annex I lists the parties.\n"
        "4. Term. Clause 19 applies to notices. As stated in Section 9, one year.\n"
    )
    assert run(text, "broken-xref") == ["Clause 19", "Section 9"]


def test_a_schedule_attached_to_another_document_is_not_missing():
    """Round 82 (Drumcastle): "the data processing agreement attached to the Order as Schedule 4"
    names a schedule of the Order; a later "breach of Schedule 4" is not a broken reference."""
    text = (
        "1. Scope. These terms apply.\n2. Data. The data processing agreement attached to the Order"
        " as Schedule 4 forms part of this Agreement.\n3. Indemnity. Provider indemnifies Customer"
        " for any breach of Article 2 or Schedule 4. Schedule 5 applies.\n"
    )
    assert run(text, "broken-xref") == ["Schedule 5"]


def test_a_section_number_far_past_the_documents_own_is_a_statutes():
    """Round 91 (Thistlemoor): "the Section 508 standards at 36 C.F.R. Part 1194" in a document
    of a few sections is the Rehabilitation Act's; a near miss is still checked."""
    text = (
        "1. Scope. These terms apply.\n2. Fees. Customer pays.\n"
        "3. Accessibility. The interfaces conform to the Section 508 standards. Section 9 applies.\n"
    )
    assert run(text, "broken-xref") == ["Section 9"]


def test_a_forms_labelled_fields_run_together_are_not_placeholders():
    """Round 62 (Lannamore, EU consumer terms PDF): the model withdrawal form's fields, run
    together in one paragraph, are for the consumer to fill in, not blanks left in drafting; a
    blank in a sentence is still one."""
    form = (
        "Annex: Model withdrawal form\n"
        "I hereby give notice that I withdraw from my contract for the following service: "
        "Lannamore subscription (plan: ____). Ordered on: ____. Name of consumer: ____. "
        "Signature of consumer (only if this form is sent on paper): ____. Date: ____.\n"
        "Received on: ____ / Name of consumer: ____\n"
    )
    assert run(form, "placeholder") == []
    gap = "The annual fee payable by the Customer under this Agreement is: ____ per year.\n"
    assert run(gap, "placeholder") == ["____"]


def test_terms_a_law_defines_may_be_listed_and_used_in_lower_case():
    """Round 61 (Vennacombe) and Hollowfen: '"Personal Data", "Controller", "processor" ... have
    the meanings given in the GDPR' defines them all, though the last is in lower case; and a
    borrowed term is used when the text writes it in lower case ("for the controller")."""
    text = (
        '"Customer Personal Data" means Personal Data contained in Customer Content.\n'
        '"Personal Data", "Controller", "processor" and "supervisory authority" have the meanings '
        "given in the GDPR.\n"
        "1. Provider processes any Personal Data only as processor for the controller, and tells "
        "the supervisory authority.\n"
    )
    assert run(text, "undefined-term") == []
    assert run(text, "unused-definition") == ['"Customer Personal Data"']
    pointer = '"Minimum Fees" has the meaning given in Section 4.\n4. The minimum fees are due.\n'
    assert run(pointer, "unused-definition") == ['"Minimum Fees"']


def test_another_documents_attachment_named_after_it_is_not_broken():
    """Round 68 (Ottermead, a table of order particulars): "Order Form, Annex 1" is the order
    form's annex, not one this addendum lacks; a bare "Annex 2" still is."""
    text = (
        "1. Particulars\n"
        "Approved Subprocessors | Order Form, Annex 1 | those listed on the effective date\n"
        "The security measures are in Annex 2.\n"
    )
    assert run(text, "broken-xref") == ["Annex 2"]


def test_a_defined_term_wrapped_across_a_pdf_line_is_defined():
    """Round 69 (Thornwyck, PDF): '"Customer\\nPersonal Data" means ...' broke at the line end,
    and "Customer Personal Data" was reported as never defined; '“FH”or “Flight Hour”' (no
    space before "or", cuad-045) pairs the two names."""
    text = (
        '2.1 "Customer Content" means your inputs. This DPA applies to any Customer Personal '
        'Data.\n2.2 "Customer\nPersonal Data" means personal data in Customer Content.\n'
        "“FH”or “Flight\nHour” means an airborne hour. Fees are per FH.\n"
    )
    assert run(text, "undefined-term") == []
    assert run(text, "unused-definition") == []


def test_bracketed_markers_the_document_declares_are_not_placeholders():
    """Round 80 (Ingleborne): audience markers such as "[ORGANISATIONS]" that the terms
    declare up front ("Sections marked [ORGANISATIONS] apply ...") are not blanks; an
    undeclared "[CUSTOMER NAME]" in the same document still is."""
    text = (
        "HOW THESE TERMS WORK\n\nSections marked [BUSINESSES] apply to organisations, and those "
        "labelled [CONSUMERS] apply to individuals.\n\n1. FEES\n\n1.1 [BUSINESSES] Fees are "
        "invoiced monthly.\n\n1.2 [CONSUMERS IN CANADA] Taxes are shown at checkout.\n\n1.3 "
        "Notices go to [CUSTOMER NAME] at its registered office.\n"
    )
    doc = Document("x", "txt", text)
    found = [text[a:b] for a, b in DETECTORS["placeholder"](doc, structure.parse(doc))]
    assert found == ["[CUSTOMER NAME]"]


def test_a_placeholder_section_keeps_the_numbering_in_sequence():
    # an execution copy from a redline keeps a deleted section as "12. [Intentionally omitted]"
    # (round 94): 13 follows it, nothing is skipped
    text = (
        "11. Audits\n11.1 Processor will allow audits.\n"
        "12. [Intentionally omitted]\n[Drafting note: indemnity withdrawn.]\n"
        "13. Liability\n13.1 Liability is limited.\n"
        "14. [Reserved]\n15. General\n15.1 English law applies.\n"
    )
    assert run(text, "numbering", "docx") == []
    assert "14" in run(text.replace("13. Liability", "14. Liability"), "numbering", "docx")


def test_a_terms_use_is_found_wherever_the_search_starts():
    """unused-definition looks for a term's uses from its definition on first, then before it:
    a use before the definition still counts, and so does one after it."""
    from clauselint import hygiene_terms as T

    text = 'The Fees are due. "Fees" means the fees. "Credits" means credits. "Term" means a year.'
    inside = T._union([(18, 24), (41, 50), (66, 72)])
    assert T._used(text, "Fees", inside, near=24)  # used before its definition only
    assert T._used(text, "Fees", inside)
    assert not T._used(text, "Credits", inside, near=50)  # only where it is defined
    assert not T._used(text, "Term", inside, near=72)
    fixtures = Path(__file__).parent / "fixtures" / "contracts"
    for path in sorted(fixtures.iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        defs = T._all_definitions(text)
        inside = T._union([(d.start, d.end) for d in defs])
        for d in defs:
            assert T._used(text, d.term, inside, near=d.end) == T._used(text, d.term, inside)
