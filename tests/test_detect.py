from pathlib import Path

import pytest

from clauselint import structure
from clauselint.detect import Detector
from clauselint.document import Document, from_pages
from clauselint.errors import RulePackError
from clauselint.packs import RuleSet
from clauselint.packschema import parse_pack


def detector_for(yaml_text: str) -> Detector:
    clauses, checks = parse_pack(yaml_text, "test.yaml")
    return Detector(RuleSet(tuple(clauses), tuple(checks), ("test.yaml",), "x"))


def found(det: Detector, text: str) -> dict:
    doc = Document("t", "txt", text)
    return {c.type: c for c in det.detect(doc, structure.parse(doc))}


# -- the foundation's clause types: positive, negative and negated ---------------------------

CASES = [
    (
        "change_of_control",
        "Customer may terminate this Agreement if Provider undergoes a Change of Control.",
        True,
    ),
    (
        "change_of_control",
        "Provider shall meet Customer quarterly to review quality control.",
        False,
    ),
    (
        "anti_assignment",
        "Neither party may assign this Agreement without the other party's prior written consent.",
        True,
    ),
    (
        "anti_assignment",
        "Consultant hereby assigns to Company all rights in the Work Product.",
        False,
    ),
    (
        "confidentiality",
        "Recipient shall hold all Confidential Information in strict confidence.",
        True,
    ),
    ("confidentiality", "The price list is public.", False),
    (
        "data_use_restriction",
        "Provider shall use Customer Data solely to provide the Services.",
        True,
    ),
    ("data_use_restriction", "Provider may use Customer Data for any purpose.", False),
    (
        "no_training_on_customer_data",
        "Provider will not use Customer Data or Outputs to train its models.",
        True,
    ),
    ("no_training_on_customer_data", "Provider may use Customer Data to train its models.", False),
    (
        "training_on_customer_data",
        "Provider may use Customer Data and Inputs to train and improve its models.",
        True,
    ),
    (
        "training_on_customer_data",
        "Provider will not use Customer Data to train or improve its models.",
        False,
    ),
    (
        "exclusivity",
        "Customer shall purchase the Services exclusively from Provider during the Term.",
        True,
    ),
    ("exclusivity", "Provider grants Customer a non-exclusive licence to the Platform.", False),
    (
        "non_compete",
        "Reseller shall not sell any products that are competitive with the Products.",
        True,
    ),
    ("non_compete", "Each party may develop its own products independently.", False),
    (
        "liability_cap",
        "Provider's aggregate liability shall not exceed the fees paid in the prior twelve months.",
        True,
    ),
    ("liability_cap", "Customer is liable for all fees.", False),
    (
        "uncapped_liability",
        "The limitations above shall not apply to breach of confidentiality or indemnification obligations.",
        True,
    ),
    ("uncapped_liability", "Provider's aggregate liability shall not exceed the fees paid.", False),
    (
        "indemnification",
        "Provider shall defend and indemnify Customer against any third-party claim of infringement.",
        True,
    ),
    ("indemnification", "Each party bears its own costs.", False),
    ("governing_law", "This Agreement is governed by the laws of the State of Delaware.", True),
    ("governing_law", "Each party shall comply with applicable laws.", False),
]


@pytest.mark.parametrize("type_,text,present", CASES)
def test_foundation_detectors(detect, type_, text, present):
    assert (type_ in detect(text)) is present


def test_negated_training_is_not_training(detect):
    got = detect(
        "Provider shall not use Customer Data, Inputs or Outputs to train or improve its models."
    )
    assert "no_training_on_customer_data" in got
    assert "training_on_customer_data" not in got


VALUE_CASES = [
    ("governing_law", "This Agreement shall be governed by and construed in accordance with the laws"
     " of the State of New York.", "New York"),
    # no place named: no value, not "STATE"
    ("governing_law", "THIS AGREEMENT SHALL BE CONSTRUED UNDER THE LAWS OF THE STATE IN WHICH THE"
     " FRANCHISED RESTAURANT IS LOCATED.", None),
    ("governing_law", "This Agreement is governed by the laws of The Netherlands.", "Netherlands"),
    ("governing_law", "THIS AGREEMENT IS GOVERNED BY THE LAWS OF THE STATE OF DELAWARE.",
     "DELAWARE"),
    ("governing_law", "Any dispute shall be resolved under New York law.", "New York"),
    # a compound number whole, not its last word ("four (24) months")
    ("renewal_term", "The term shall be automatically extended for successive twenty-four (24)"
     " month periods unless either party gives notice of non-renewal.",
     "twenty-four (24) month periods"),
    # the renewal, not the notice period that comes first in the sentence
    ("renewal_term", "Unless either party gives written notice at least six (6) months prior to"
     " the end of the Initial Term, this Agreement shall continue on a year to year basis.",
     "year to year basis"),
    # "terms of five years" before a later "renew at least six months before"
    ("renewal_term", "You will have the right to renew the Franchise for two (2) additional"
     " successor terms of five (5) years, so long as you give us written notice of your choice to"
     " renew at least six (6) months before the end of the term.", "five (5) years"),
    # capitalised number words and units
    ("renewal_term", "Distributor shall have the option to renew this Agreement for an additional"
     " Three (3) Year period.", "Three (3) Year period"),
    # evergreen: no second term, runs until notice
    ("renewal_term", "This Agreement shall remain in effect until terminated by either party upon"
     " sixty (60) days' prior written notice.", "until terminated"),
    ("renewal_term", "At the end of such [*] ([*]) year period, Licensee shall have the right to"
     " renew the Agreement on the same terms.", "[*] ([*]) year"),
    ("notice_period_to_terminate_renewal", "This Agreement renews automatically for one-year terms"
     " unless either party gives ninety (90) days prior written notice of non-renewal.",
     "ninety (90) days"),
    ("notice_period_to_terminate_renewal", "This Agreement shall renew for successive one year"
     " periods unless either party notifies the other at least sixty (60) days before the end of"
     " the then-current term.", "sixty (60) days"),
    # the notice is redacted: no value, not the renewal term's "one (1) year"
    ("notice_period_to_terminate_renewal", "This Supply Agreement shall automatically renew for"
     " successive periods of one (1) year, unless a Party delivers written notice of non-renewal"
     " to the other Party [***] prior to the end of the applicable term.", None),
]  # fmt: skip


@pytest.mark.parametrize("type_,text,value", VALUE_CASES)
def test_value(detect, type_, text, value):
    assert detect(text)[type_].value == value


def test_evidence_has_offsets_page_line_and_section(detector):
    pages = [
        "1. Scope\nThe Services are described in each SOW.",
        "12.3 Change of Control.\nCustomer may terminate if Provider undergoes a Change of Control.",
    ]
    doc = from_pages("c.pdf", "pdf", pages)
    clauses = {c.type: c for c in detector.detect(doc, structure.parse(doc))}
    ev = clauses["change_of_control"].evidence[0]
    assert doc.text[ev.start : ev.end].endswith("Change of Control.")
    assert "Customer may terminate" in ev.text
    assert ev.page == 2
    assert ev.line == doc.line_at(ev.start)
    assert ev.section == "12.3" and ev.heading == "Change of Control"


# -- pattern kinds -----------------------------------------------------------------------------

PACK = """
clauses:
  - type: demo_tokens
    patterns:
      - tokens: [{LOWER: "source"}, {LOWER: "code"}, {LOWER: "escrow"}]
  - type: demo_phrases
    patterns:
      - phrases: ["most favoured nation", "most favored nation"]
  - type: demo_near
    patterns:
      - near: ['\\bterminat', '\\bacqui']
        within: 5
  - type: demo_all_unless
    patterns:
      - all: ['\\binsurance\\b', '\\bmaintain']
        unless: ['\\bnot required\\b']
  - type: demo_heading
    patterns:
      - heading: 'audit'
        regex: '\\brecords\\b'
"""


def test_token_and_phrase_patterns_use_spacy():
    det = detector_for(PACK)
    assert "demo_tokens" in found(
        det, "The Licensor shall deposit the Source Code Escrow materials."
    )
    assert "demo_tokens" not in found(det, "The source of the code is escrowed.")
    assert "demo_phrases" in found(det, "Buyer gets Most Favored Nation pricing.")


def test_near_respects_the_window():
    det = detector_for(PACK)
    assert "demo_near" in found(det, "Customer may terminate if Provider is acquired.")
    assert "demo_near" not in found(
        det,
        "Customer may terminate this Agreement for any reason at all, and separately Provider may be acquired.",
    )


def test_all_and_unless():
    det = detector_for(PACK)
    assert "demo_all_unless" in found(det, "Supplier shall maintain insurance of $1m.")
    assert "demo_all_unless" not in found(
        det, "Supplier shall maintain records; insurance is not required."
    )
    assert "demo_all_unless" not in found(det, "Insurance is described in Exhibit A.")


def test_heading_cue():
    det = detector_for(PACK)
    assert "demo_heading" in found(det, "7. Audit Rights\nCustomer may inspect the records.")
    assert "demo_heading" not in found(det, "7. Fees\nCustomer may inspect the records.")


def test_invalid_token_pattern_names_file_and_key():
    with pytest.raises(RulePackError) as e:
        detector_for(
            'clauses:\n  - type: x\n    patterns:\n      - tokens: [{LOWER: "a", BOGUS: 1}]\n'
        )
    assert "test.yaml" in str(e.value) and "patterns[0]" in str(e.value)


def test_catastrophic_regex_is_bounded(monkeypatch):
    import clauselint.compiled as d

    monkeypatch.setattr(d, "REGEX_TIMEOUT", 0.2)
    det = detector_for("clauses:\n  - type: slow\n    patterns:\n      - regex: '(a|aa)+$'\n")
    with pytest.raises(RulePackError) as e:
        found(det, "a" * 60 + "!")
    assert "too long" in str(e.value) and "test.yaml" in str(e.value)


def test_the_word_prefilter_changes_no_result(rules):
    """Running every regex on every sentence gives exactly what the prefiltered run gives."""
    from pathlib import Path

    from clauselint.extract import extract_path

    root = Path(__file__).resolve().parent.parent
    docs = [extract_path(p) for p in sorted((root / "tests" / "fixtures" / "contracts").iterdir())]
    docs.append(extract_path(root / "examples" / "ai-services-agreement.pdf"))
    fast, slow = Detector(rules), Detector(rules)
    for cp in slow.patterns:
        cp.conjuncts = []  # no required words: every sentence is a candidate
    for doc in docs:
        struct = structure.parse(doc)
        assert fast.detect(doc, struct) == slow.detect(doc, struct), doc.path


def test_required_words_survive_the_parsers_prefix_factoring():
    from clauselint.literals import required_keys

    # "laws?|legislation" parses as "l" + "aws?|egislation": the words must come back whole
    assert required_keys(r"\b(?:laws?|legislation)\b") == [frozenset({"law*", "legislation"})]
    assert required_keys(r"\bfoo|\bbar") == [frozenset({"foo*", "bar*"})]


def test_branches_needing_several_words_keep_them_all():
    from clauselint.literals import required_keys

    (need,) = required_keys(r"\bas[- ]is\b|\bwith all faults\b")
    assert need == (
        (frozenset({"as"}), frozenset({"is"})),
        (frozenset({"with"}), frozenset({"all"}), frozenset({"faults"})),
    )
    assert required_keys(r"\bSLAs?\b|\b99(?:\.\d+)?\s?%") == [frozenset({"sla*", "99*"})]
    # short words count too: "as is" needs both, which most sentences do not hold
    assert required_keys(r'["“](?:as[- ]is|as[- ]available)["”]') == [
        frozenset({"as"}),
        frozenset({"is", "available"}),
    ]
    # an optional hyphen hides a word: both spellings are tried ("no hire" or "nohire")
    assert required_keys(r"\bno-?hire\b") == [
        ((frozenset({"no"}), frozenset({"hire"})), (frozenset({"nohire"}),))
    ]
    assert required_keys(r"\bnon-?compet") == [
        ((frozenset({"non"}), frozenset({"compet*"})), (frozenset({"noncompet*"}),))
    ]


def test_an_optional_prefix_does_not_start_a_word():
    from clauselint.literals import required_keys

    # "(?:sub-?)?licen" matches "sublicense": the hyphen may be left out, so no word "licen..."
    # is required (the prefilter had kept such sentences from the regex: cuad-style round 3)
    assert required_keys(r"\b(?:sub-?)?licen") == []
    assert required_keys(r"\b(?:non-?)?exclusive\b") == []
    # an optional word before a space still ends where the space is
    assert required_keys(r"\b(?:the\s+)?licen") == [frozenset({"licen*"})]


def test_a_word_followed_by_a_non_word_is_whole():
    from clauselint.literals import required_keys

    # "not" must not select every sentence with "notice" or "notwithstanding"
    assert required_keys(r"\b(?:shall|will)\s+not\b") == [
        frozenset({"shall", "will"}),
        frozenset({"not"}),
    ]
    assert required_keys(r"\bassign") == [frozenset({"assign*"})]  # may go on: "assignment"
    assert required_keys(r"\blaws?\b") == [frozenset({"law*"})]


def test_spacy_is_imported_only_for_packs_with_token_patterns(tmp_path):
    import subprocess
    import sys

    pack = tmp_path / "tokens.yaml"
    pack.write_text(
        "clauses:\n  - type: coc\n    patterns:\n"
        "      - tokens: [{LOWER: change}, {LOWER: of}, {LOWER: control}]\n"
    )
    code = (
        "import sys; from clauselint.config import Config; "
        "from clauselint.pipeline import check_text; "
        "r = check_text('On a change of control the Customer may terminate.', "
        "config=Config(rules=tuple(sys.argv[1:]))); "
        "print('spacy' in sys.modules, [c.type for c in r.clauses if c.type == 'coc'])"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, *extra], capture_output=True, text=True)
        for extra in ([], [str(pack)])
    ]
    assert [r.stdout.strip() for r in runs] == ["False []", "True ['coc']"], runs[1].stderr


def test_a_clause_window_does_not_stop_at_a_number_or_abbreviation():
    from clauselint.regexes import compile_pattern

    rx = compile_pattern(r"\brestrictions\b[^.;]{0,80}\bdo not apply\b")
    assert rx.search(
        "The restrictions in Clause 12.1 (e.g., 2.5% of U.S.A sales) do not apply to X."
    )
    assert not rx.search("The restrictions end. Clause 4 does not apply. They do not apply.")


AFTER_PACK = """clauses:
  - type: restriction
    patterns:
      - regex: '\\bshall not sell competing\\b'
  - type: carve_out
    patterns:
      - regex: '\\bnotwithstanding\\b'
        after: [restriction]
"""


def test_after_finds_a_carve_out_only_next_to_its_restriction():
    det = detector_for(AFTER_PACK)
    near = (
        "1. Exclusivity\n\nX shall not sell competing goods. Notwithstanding that, X may sell Y.\n"
    )
    assert "carve_out" in found(det, near)
    alone = "1. Fees\n\nNotwithstanding that, X may sell Y. X pays monthly.\n"
    assert "carve_out" not in found(det, alone)
    far = near.replace("Notwithstanding", "It is red. It is blue. It is big. Notwithstanding")
    assert "carve_out" not in found(det, far)  # more than three sentences on
    other_section = near.replace(" Notwithstanding", "\n\n2. Fees\n\nNotwithstanding")
    assert "carve_out" not in found(det, other_section)


def test_after_names_known_clause_types():
    from clauselint.packs import load_rules

    bad = AFTER_PACK.replace("after: [restriction]", "after: [no_such_type]")
    with pytest.raises(RulePackError) as e:
        clauses, _ = parse_pack(bad, "test.yaml")
        from clauselint.packschema import known_after_types

        known_after_types(clauses)
    assert "no_such_type" in str(e.value)
    assert load_rules()  # the shipped packs' after: lists name real types


UNLESS_DEFINED_PACK = r"""
pack: t
clauses:
  - type: training
    patterns:
      - regex: '\bmay\s+use\b[^.]{0,60}\bto\s+improve\b'
        all: ['(?-i:\b[A-Z]\w+\s+(?:Data|Content)\b)']
    unless_defined:
      - '(?-i:(?P<term>[A-Z]\w+\s+Data))\s+does\s+not\s+include\s+customer\s+content'
"""


def test_unless_defined_reads_a_term_the_document_defines_as_excluded():
    """Round 26 (Kilnworth): "Service Data does not include Customer Content" makes a later
    "may use Service Data ... to improve" no evidence, wherever it is; a sentence that also
    names other data, or a document without the definition, still is."""
    det = detector_for(UNLESS_DEFINED_PACK)
    use = "Acme may use Service Data to improve the Services."
    assert "training" in found(det, f"1. Data\n\n{use}\n")
    defined = "1. Data\n\nService Data does not include Customer Content.\n\n9. Use\n\n"
    assert "training" not in found(det, defined + use + "\n")
    both = "Acme may use Service Data and Customer Content to improve the Services."
    assert "training" in found(det, defined + both + "\n")


def test_unless_defined_needs_a_term_group():
    bad = UNLESS_DEFINED_PACK.replace("(?P<term>", "(")
    with pytest.raises(RulePackError, match="term"):
        parse_pack(bad, "test.yaml")


def test_a_lettered_list_items_marker_does_not_hide_the_clause():
    # vendor-terms round 45 (Threlkeld): "a."-lettered sub-items of a Markdown numbered list; the
    # marker's full stop ended rules' "^[^.;]{0,60}" lead, so the provider-named clause was missed
    from clauselint.pipeline import check_text

    text = (
        "3. Training Data.\n"
        "   c. Threlkeld may keep Flagged Examples for up to 12 months.\n"
        "   d. Threlkeld will use Training Data only to perform the Project for you.\n"
    )
    found = {c["type"]: c for c in check_text(text).to_dict()["clauses"]}
    assert "data_use_restriction" in found
    ev = found["data_use_restriction"]["evidence"][0]["text"]
    assert ev.startswith("d. Threlkeld will use Training Data")  # the evidence keeps its marker


def test_operative_evidence_comes_before_a_definition():
    # vendor-terms round 50 (Cindervale): "Minimum commitment binding you" quoted the definition of
    # "Reservation Order" (which names "any Minimum Commitment") rather than the clause that binds
    det = detector_for(
        """
clauses:
  - type: demo_commitment
    patterns:
      - regex: '\\bminimum\\s+commitment\\b'
"""
    )
    text = (
        '1.8 "Reservation Order" means an order that states a Reservation and any Minimum '
        "Commitment.\n\n"
        "3.2 Customer will pay the Minimum Commitment whether or not it uses the capacity.\n"
    )
    ev = found(det, text)["demo_commitment"].evidence
    assert [e.section for e in ev] == ["3.2", "1.8"]


def test_unless_lists_match_as_one_alternation():
    from clauselint.compiled import Unless, alternation, compile_rx

    unless = [r"^(?![^;]*\bcredits?\b)[^;]*\bno uptime\b", r"\bbest efforts\b", r"^\W*SLA\W*$"]
    whole = compile_rx(alternation(unless), "test")
    split = Unless(unless, "test")
    assert len(split.worded) == 3 and not split.always  # each is tried only with its words
    sentences = [
        "We offer no uptime commitment.",
        "We offer no uptime commitment; credits apply.",
        "Service credits apply where we offer no uptime commitment.",
        "We will use best efforts to restore the Service.",
        "  SLA  ",
        "The SLA is in Schedule 2.",
    ]
    assert [bool(split.search(s)) for s in sentences] == [bool(whole.search(s)) for s in sentences]
    assert [bool(split.search(s)) for s in sentences] == [True, True, False, True, True, False]


# -- list items read with their lead-in --------------------------------------------------------


def _shipped(text: str) -> dict:
    from clauselint.pipeline import check_text

    return {c.type: c for c in check_text(text).clauses}


# Read whole, each list holds a breach (its last item), which makes no termination for
# convenience; its items marked "(b)" or "10.2.2" are read one by one.
@pytest.mark.parametrize(
    "text,quote",
    [
        (
            "15. Termination.\n\nThis Agreement may be terminated as follows:\n\n(a) by mutual "
            "written agreement of the parties;\n\n(b) by Distributor, upon ninety (90) days' "
            "prior written notice to Supplier; or\n\n(c) by either party if the other party "
            "materially breaches this Agreement and fails to cure the breach within thirty (30) "
            "days.\n",
            "by Distributor, upon ninety (90) days' prior written notice to Supplier; or",
        ),
        (
            "10. Term and Termination.\n\nThis Supply Agreement may be terminated:\n"
            "10.2.1 by mutual written consent of the Parties;\n"
            "10.2.2 by Buyer upon ninety (90) days' prior written notice to Supplier; or\n"
            "10.2.3 by either Party if the other Party materially breaches this Supply Agreement "
            "and fails to cure the breach within thirty (30) days.\n",
            "by Buyer upon ninety (90) days' prior written notice to Supplier; or",
        ),
    ],
)
def test_a_list_item_is_read_with_its_lead_in_and_quoted_alone(text, quote):
    clause = _shipped(text)["termination_for_convenience"]
    assert [e.text for e in clause.evidence] == [quote]


def test_a_list_item_is_no_evidence_for_what_its_lead_in_says_alone():
    # the termination right is the lead-in's: the items that list what is then paid are not
    # termination rights, and are not quoted as such
    text = (
        "2. Term.\n\n2.9 Customer shall have the right to terminate this Agreement at any time "
        "upon thirty (30) days' written notice, in which case Vendor shall be entitled to:\n\n"
        "(1) the fees for Services performed up to the date of termination; and\n\n(2) damages "
        "for any breach by Customer of its payment obligations.\n"
    )
    clause = _shipped(text).get("termination_for_convenience")
    assert clause is None or not any(e.text.startswith("the fees") for e in clause.evidence)
    # an item with a subject of its own is read from its own start, as the packs' `unless`
    # expects: the customer's own right to train is no vendor training on customer data
    text = (
        "3. Use.\n\n3.2 Restrictions. Customer will not, and will not permit any third party "
        "to:\n\n3.2.1 reverse engineer or decompile the Services;\n\n3.2.2 use the Services, or "
        "any Output, to develop, train or improve any artificial intelligence model that competes "
        "with the Services, except that:\n\n(a) Customer may fine-tune Acme models through the "
        "fine-tuning features of the Services; and\n\n(b) Customer may use Outputs to train "
        "classification, ranking or retrieval models used only within Customer Applications;\n\n"
        "3.2.3 resell or sublicense access to the Services as a standalone product.\n"
    )
    assert "training_on_customer_data" not in _shipped(text)


def test_a_bulleted_list_is_read_item_by_item():
    # a consumer terms' list of prohibited uses, one of them the competing-model ban; read whole,
    # the list's other bullets keep the ban from being read
    from clauselint.pipeline import check_file

    path = Path(__file__).parent / "fixtures" / "vendor-terms" / "lindquay-terms-of-use.txt"
    clause = {c.type: c for c in check_file(path).clauses}["customer_lock_in"]
    assert any(
        e.text.startswith("use what Lindquay produces to build a rival") for e in clause.evidence
    )


TITLE_PACK = """
pack: titles
clauses:
  - type: demo_titled
    patterns:
      - regex: '\\binsurance\\b'
        unless: ['\\bshipment\\b']
    unless: ['\\bno\\s+insurance\\s+requirements?\\b']
"""


@pytest.mark.parametrize(
    "text, present",
    [
        ("12. INSURANCE:\nSupplier shall keep the Goods covered.\n", True),
        # the section's body says it holds nothing
        ("12. INSURANCE:\nNot applicable.\n\n13. TERM\nOne year.\n", False),
        ("12. Insurance.\n[Reserved]\n", False),
        ("12. Insurance\nIntentionally omitted.\n", False),
        ("Section 12 Insurance\nNot applicable.\n", False),
        # the rule's unless reads the title with the sentence its evidence quotes
        ("6. Insurance.\nThe Producer has no insurance requirement.\n", False),
        # the pattern's own unless speaks of its match only: a title still stands
        ("6. Insurance.\nThe shipment is covered by the carrier.\n", True),
    ],
)
def test_a_section_title_is_read_with_the_sentence_after_it(text, present):
    assert ("demo_titled" in found(detector_for(TITLE_PACK), text)) is present


def test_a_short_first_sentence_that_is_no_title_is_read_alone():
    det = detector_for(TITLE_PACK)
    text = "9.2 Supplier shall carry insurance.\nThe Producer has no insurance requirement.\n"
    assert "demo_titled" in found(det, text)


def test_padding_in_a_column_laid_text_does_not_count_against_a_bounded_gap():
    det = detector_for(
        "pack: pad\nclauses:\n  - type: demo_gap\n    patterns:\n"
        "      - regex: '\\brights\\b[^.;]{0,40}\\bsole\\s+property\\b'\n"
    )
    text = "Any rights thereof                              are the sole property of Client."
    assert "demo_gap" in found(det, text)
    # the same with line breaks and indentation, as a PDF or a text file lays it out
    assert "demo_gap" in found(
        det, "Any rights thereof\n\n                 are the sole property of Client."
    )
    assert "demo_gap" not in found(
        det, "Any rights " + "and more words " * 3 + "are the sole property."
    )


def test_curly_quotes_read_as_straight_ones():
    det = detector_for(
        "pack: quotes\nclauses:\n  - type: demo_quote\n    patterns:\n"
        "      - regex: '\\barm''s\\s+length\\b'\n"
    )
    assert "demo_quote" in found(det, "The price shall be set at arm’s length.")
    assert "demo_quote" in found(det, "The price shall be set at arm's length.")


def test_a_table_of_contents_is_quoted_after_the_clause_it_lists():
    det = detector_for(
        "pack: toc\nclauses:\n  - type: demo_toc\n    patterns:\n"
        "      - regex: '\\btermination\\b'\n      - regex: '\\bconvenience\\b'\n"
    )
    contents = (
        "8.1 Term 48 8.2 Renewal 48 8.3 Termination for Cause 48 "
        "8.4 Termination for Convenience 49 8.5 Effect of Termination 50\n\n"
    )
    body = "Either party may end this Agreement for convenience on notice.\n"
    ev = found(det, contents + body)["demo_toc"].evidence
    assert ev[0].text.startswith("Either party may end")
    assert any(e.text.startswith("8.1 Term") for e in ev)  # still quoted, after the body


def test_words_that_need_only_co_occur_must_meet_in_one_listed_item():
    det = detector_for(
        "pack: co\nclauses:\n  - type: demo_co\n    patterns:\n"
        "      - all: ['\\bduring the term\\b', '\\bwill not\\b', '\\bcompeting products?\\b']\n"
    )
    apart = (
        "Supplier represents that: (1) during the Term it will not enter into any obligation "
        "that would impair its ability to perform; and (2) its products do not infringe, and "
        "it has made no sales of competing products to the Customer."
    )
    assert "demo_co" not in found(det, apart)
    together = (
        "Supplier covenants that: (1) during the Term it will not sell competing products; "
        "and (2) it will keep its records."
    )
    assert "demo_co" in found(det, together)
    # a sentence without listed items is read whole, as before
    assert "demo_co" in found(det, apart.replace("(1) ", "").replace("(2) ", ""))
