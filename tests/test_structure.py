from clauselint import structure
from clauselint.document import Document, Heading, from_pages


def parse(text, **kw):
    doc = Document("t", "txt", text, **kw)
    return doc, structure.parse(doc)


def test_line_numbered_sections_and_paths():
    text = (
        "ARTICLE 12 - GENERAL\n"
        "12.1 Notices. All notices shall be in writing.\n"
        "12.3 Change of Control. Customer may terminate on a Change of Control.\n"
        "(a) Provider shall give notice.\n"
    )
    doc, s = parse(text)
    sec = s.section_at(text.index("Customer may"))
    assert (sec.number, sec.title) == ("12.3", "Change of Control")
    assert sec.title_path == ("GENERAL", "Change of Control")
    item = s.section_at(text.index("Provider shall"))
    assert item.number == "12.3(a)"


def test_inline_headings_in_flattened_text():
    text = (
        "Payment is due monthly. 5.7 Instructions for Payment. All payments shall be made by wire."
    )
    _, s = parse(text)
    sec = s.section_at(text.index("All payments"))
    assert (sec.number, sec.title) == ("5.7", "Instructions for Payment")


def test_numbers_that_are_not_headings():
    _, s = parse("The term is\n12 months from the date hereof and renews.\n")
    assert not s.sections


def test_dates_and_section_references_are_not_headings():
    text = "Last updated: 9 January 2025\nSection 14 contains the fees.\nSection 15.\nTerm.\n"
    _, s = parse(text)
    assert [x.number for x in s.sections] == ["15"]


def test_a_reference_to_a_numbered_subsection_is_not_a_section_heading():
    text = (
        "3.3 Permitted Model Development. Section 3.2(c) does not prevent Customer from using "
        "Outputs to fine-tune models.\nSection 4.1 applies to Outputs.\n"
    )
    _, s = parse(text)
    assert [x.number for x in s.sections] == ["3.3"]
    sec = s.section_at(text.index("does not prevent"))
    assert (sec.number, sec.title) == ("3.3", "Permitted Model Development")


def test_list_items_nest_under_html_headings():
    from clauselint.htmltext import read_html

    html = (
        b"<h2>1. Billing</h2><ol><li><b>Refunds.</b> None are given.</li>"
        b"<li><b>Price changes.</b> We give notice.</li></ol>"
        b"<h2>2. Liability</h2><p>Our liability is capped.</p><h2>2A. Beta</h2><p>Use at will.</p>"
    )
    doc = read_html(html, "terms.html")
    s = structure.parse(doc)
    at = lambda words: s.section_at(doc.text.index(words)).title_path  # noqa: E731
    assert at("We give notice") == ("Billing", "Price changes")
    assert at("Our liability") == ("Liability",)  # not under the last list item
    assert s.section_at(doc.text.index("Use at will")).number == "2A"


def test_section_sign_before_the_number_of_a_format_heading():
    # a web page's anchor numbers in its headings: "<h3>§ 5.2 Updates</h3>" is section 5.2
    from clauselint.htmltext import read_html

    html = (
        "<h2>§ 5 Security</h2><h3>§ 5.2 Updates to the measures</h3><p>We may update them.</p>"
        "<h3>§5.3 Certifications</h3><p>We keep ISO 27001.</p>"
    ).encode()
    doc = read_html(html, "dpa.html")
    s = structure.parse(doc)
    sec = s.section_at(doc.text.index("We may update"))
    assert sec.number == "5.2"
    assert sec.title_path[-1] == "Updates to the measures"
    assert s.section_at(doc.text.index("We keep ISO")).number == "5.3"


def test_html_ol_right_after_a_numbered_heading_numbers_its_items_as_subclauses():
    """<h2>7. Service Levels</h2><ol><li>...: the page cites the items as "Section 7.1", so they
    are read as 7.1, 7.2 (a cross-reference to them is not broken); a list after text in the
    section, a nested list and an <ol start> keep their own numbers."""
    from clauselint.htmltext import read_html

    html = (
        b"<h2>7. Service Levels</h2><ol><li>We aim for 99.9% uptime.</li>"
        b"<li>Credits under Section 7.1 are the sole remedy.</li></ol>"
        b"<h2>8. Use</h2><p>You must not:</p><ol><li>resell the Services;</li><li>scrape.</li></ol>"
        b"<h2>Support</h2><ol><li>Email us.</li></ol>"
    )
    doc = read_html(html, "terms.html")
    assert "7.1 We aim for 99.9% uptime." in doc.text
    assert "7.2 Credits under Section 7.1" in doc.text
    assert "1. resell the Services;" in doc.text  # after text in the section: its own list
    assert "1. Email us." in doc.text  # an unnumbered heading
    s = structure.parse(doc)
    assert s.section_at(doc.text.index("Credits under")).number == "7.2"


def test_html_details_summary_and_definition_terms_are_headings():
    """Accordion pages: a <summary> titles its <details>; a <dt> titles only its <dd> (its
    term is not glued to the first sentence of the description, and the next numbered clause
    is not filed under it)."""
    from clauselint.htmltext import read_html

    html = (
        b"<h1>Customer Terms</h1>"
        b"<details open><summary>4. Data retention</summary><p>4.1 You choose how long transcripts are kept:</p>"
        b"<dl><dt>Short</dt><dd>Transcripts are kept for 30 days.</dd></dl>"
        b"<p>4.2 You may delete a chat at any time.</p></details>"
        b"<details><summary>5. Where your data is hosted</summary><p>5.1 Content is stored only in your region.</p></details>"
        b"<details><summary>15. General</summary><dl><dt>Assignment</dt>"
        b"<dd>You may not assign these terms.</dd></dl></details>"
    )
    doc = read_html(html, "terms.html")
    s = structure.parse(doc)
    at = lambda words: s.section_at(doc.text.index(words)).title_path  # noqa: E731
    assert at("Content is stored") == ("Customer Terms", "Where your data is hosted")
    assert at("Transcripts are kept") == ("Customer Terms", "Data retention", "Short")
    assert at("You may delete") == ("Customer Terms", "Data retention")
    assert at("You may not assign") == ("Customer Terms", "General", "Assignment")
    sentences = [doc.text[a:b] for a, b in s.sentences]
    assert "You may not assign these terms." in sentences


def test_html_div_headings_marked_by_class_or_aria_role():
    """A JavaScript-rendered page with no <h1>-<h6>: the title and the section headings are
    <div>s whose class names their level ("heading-1", "heading-2") or whose ARIA role says so.
    They are headings at that level (a nested <div> inside one does not end it early), the
    page's own title decides its kind over a sidebar link to a "Data Processing Addendum", and
    an ordinary <div> with a class is not a heading."""
    from clauselint.htmltext import read_html
    from clauselint.kinds import guess_kind

    html = (
        b'<div class="sidebar"><div><a href="/dpa">Data Processing Addendum</a></div></div>'
        b'<div class="heading-1" data-block="title">Acme API Terms of Use</div>'
        b'<div class="heading-2" id="s4"><span>4.</span> <div class="x">Data</div></div>'
        b'<div class="rt-paragraph"><span>4.1</span> We delete Inputs after 30 days.</div>'
        b'<div role="heading" aria-level="2">5. Liability</div>'
        b'<div class="rt-paragraph">5.1 Our liability is capped.</div>'
        b'<div class="rt-paragraph" style="font-weight:600">Contact us</div>'
    )
    doc = read_html(html, "terms.html")
    heads = {doc.text[h.start : h.end]: h.level for h in doc.headings}
    assert heads.get("Acme API Terms of Use") == 1
    assert heads.get("5. Liability") == 2
    assert "Contact us" not in heads
    s = structure.parse(doc)
    at = lambda words: s.section_at(doc.text.index(words)).title_path  # noqa: E731
    assert at("Our liability") == ("Acme API Terms of Use", "Liability")
    assert at("We delete Inputs")[0] == "Acme API Terms of Use"
    assert guess_kind(doc, s) == "services"


def test_html_footnote_markers_and_back_links_are_not_text():
    """A <sup> footnote marker that links into the page (or is marked as a note reference) and
    a footnote's in-page "Back" link are navigation: "models<sup>2</sup>." must not read
    "models2.", which no word pattern matches. Other superscripts (m², 10th) stay."""
    from clauselint.htmltext import read_html

    html = (
        b"<p>5.2 We do not use Customer Content to train our models<sup><a href='#fn2'>2</a></sup>."
        b" Prices are per m<sup>2</sup> of the 10<sup>th</sup> floor.</p>"
        b"<p>3.3 No competing models<a href='#fn1'><sup>[1]</sup></a>; no resale"
        b"<sup class='footnote-ref'>*</sup>.</p>"
        b"<ol><li id='fn2'>Unless you opt in. <a href='#ref2'>Back</a></li>"
        b"<li>See <a href='#s5'>Section 5</a>. <a href='#ref1'>\xe2\x86\xa9</a></li></ol>"
    )
    doc = read_html(html, "terms.html")
    assert "train our models. Prices are per m2 of the 10th floor." in doc.text
    assert "No competing models; no resale." in doc.text
    assert "1. Unless you opt in.\n" in doc.text
    assert doc.text.endswith("\n2. See Section 5.")


def test_html_deleted_text_of_a_redline_is_not_read():
    """A page published with change markup shows removed text in <del> and added text in
    <ins>: the removed words are no longer terms, so they are not text; the inserted ones are."""
    from clauselint.htmltext import read_html

    html = (
        b"<p>5.3 <del>We may use API Content to train our models.</del><ins>We do not use API"
        b" Content to train our models.</ins></p>"
        b"<p>13.2 The cap is US$100.<del> <p>It does not apply to indemnities.</p></del></p>"
        b"<p>Prices were <s>$20</s> $15.</p>"
    )
    doc = read_html(html, "terms.html")
    assert "5.3 We do not use API Content to train our models." in doc.text
    assert "We may use" not in doc.text
    assert "indemnities" not in doc.text
    assert "Prices were $20 $15." in doc.text


def test_section_word_and_markdown_list_numbers():
    text = "Section 4. Fees\nCustomer pays.\n*   7.1. Data Use. Provider uses data only for the Services.\n"
    _, s = parse(text)
    assert [x.number for x in s.sections] == ["4", "7.1"]
    assert s.section_at(text.index("Provider uses")).title == "Data Use"


def test_format_headings_are_sections():
    text = "Intro\n\nConfidentiality\n\nEach party keeps secrets."
    start = text.index("Confidentiality")
    doc, s = parse(text, headings=(Heading(start, start + len("Confidentiality"), 1),))
    assert s.section_at(text.index("Each party")).title == "Confidentiality"


def test_sentences_split_but_not_after_abbreviations():
    text = "Acme Inc. shall deliver the Goods. Buyer shall pay within 30 days.\n\nNext paragraph"
    _, s = parse(text)
    sents = [text[a:b] for a, b in s.sentences]
    assert sents == [
        "Acme Inc. shall deliver the Goods.",
        "Buyer shall pay within 30 days.",
        "Next paragraph",
    ]


def test_long_sentences_are_capped():
    text = "word; " * 1000
    _, s = parse(text)
    assert all(b - a <= 1500 for a, b in s.sentences)


def test_definitions_and_parties():
    text = (
        "This Agreement is made by and between Northwind Analytics, Inc., a Delaware corporation "
        '(company no. 123) ("Customer"), and Larkspur Labeling Ltd. ("Vendor").\n'
        '"Customer Data" means all data provided by Customer. The platform (the "Platform") is hosted.'
    )
    _, s = parse(text)
    assert [(p.name, p.role) for p in s.parties] == [
        ("Northwind Analytics, Inc.", "Customer"),
        ("Larkspur Labeling Ltd.", "Vendor"),
    ]
    terms = [d.term for d in s.definitions]
    assert "Customer Data" in terms and "Platform" in terms


def test_a_party_named_and_given_a_role_in_one_bracket_has_both():
    text = (
        'This Agreement is made between Aldermoor AI, Inc. ("Aldermoor" or "Customer") and '
        'Cinderford Human Data, Inc., a Delaware corporation ("Cinderford" or "Vendor").\n'
    )
    _, s = parse(text)
    assert [(p.alias, p.role) for p in s.parties] == [
        ("Aldermoor", "Customer"),
        ("Cinderford", "Vendor"),
    ]


def test_parties_named_in_capitals_and_the_agreement_alias():
    """Corporate suffixes in capitals ("INC.", "LIMITED", a national bank's "N.A.") name parties
    too, and the agreement's own alias after a cover page ("(this "Agreement")") is not a party
    (round 13, Ravensworth: no party was found, so "Bank may terminate ..." was attributed to
    the "Supplier" later in the sentence)."""
    text = (
        "MASTER SERVICES AGREEMENT\n\nbetween\n\nRAVENSWORTH BANK, N.A.\n\nand\n\n"
        "DUNMORE SYSTEMS, INC.\n\n"
        'THIS MASTER SERVICES AGREEMENT (this "Agreement") is made by and between RAVENSWORTH '
        'BANK, N.A., a national banking association ("Bank"), and DUNMORE SYSTEMS, INC., a '
        'Delaware corporation ("Supplier"), and KELDERBY AI LIMITED ("Kelderby").\n'
    )
    _, s = parse(text)
    assert [p.alias for p in s.parties] == ["Bank", "Supplier", "Kelderby"]


def test_the_other_of_two_parties_takes_the_other_side():
    """With two parties, one named by its role ("Supplier"), the other ("Bank") is on the other
    side, so "Bank may assign ..." is not read as the vendor assigning (round 13, Ravensworth)."""
    from clauselint.kinds import bound_side, sides

    text = (
        'This Agreement is made by and between Ravensworth Bank, N.A. ("Bank") and Dunmore '
        'Systems, Inc. ("Supplier").\n'
    )
    _, s = parse(text)
    side_of = sides(s)
    assert side_of["bank"] == "customer" and side_of["supplier"] == "vendor"
    assert bound_side("Bank may assign this Agreement to any successor.", side_of) == "customer"


def test_pages_and_lines_map_back():
    doc = from_pages("x.pdf", "pdf", ["first page\nline two", "second page"])
    off = doc.text.index("second")
    assert doc.page_at(off) == 2 and doc.page_at(0) == 1
    assert doc.line_at(doc.text.index("line two")) == 2
    assert doc.pages == 2
    assert Document("x", "txt", "a").pages is None


def test_markdown_as_converters_write_it():
    """Escaped numbers under setext underlines, bold numbered paragraphs, and an ATX heading
    whose number the line regexes would read again (Markdown from HTML-to-Markdown tools)."""
    from clauselint.plaintext import read_markdown

    md = (
        "Terms\n=====\n\n1\\. Use of Services\n-------------------\n\n"
        "**1.1 Access.** We grant you a right to use the Services.\n\n"
        "### 1.2 Security\n\nWe keep your data safe.\n\n"
        "2\\. Fees\n--------\n\nYou pay monthly.\n"
    )
    doc = read_markdown(md.encode(), "t.md")
    assert "1. Use of Services" in doc.text and "\\" not in doc.text
    s = structure.parse(doc)
    at = lambda words: s.section_at(doc.text.index(words))  # noqa: E731
    assert at("We grant").title_path == ("Terms", "Use of Services", "Access")
    assert at("We keep").title_path == ("Terms", "Use of Services", "Security")
    assert at("You pay").title_path == ("Terms", "Fees")
    assert [x.number for x in s.sections].count("1.2") == 1


def test_markdown_headings_in_sentence_case_keep_their_number_and_title():
    """An ATX heading whose title is in sentence case ("## 13. Limitation of liability") is still
    the format's heading: its number and title are read without the "##" marks."""
    from clauselint.plaintext import read_markdown

    md = (
        "# Service Terms\n\n## 12. Indemnities\n\n12.1 We defend you.\n\n"
        "## 13. Limitation of liability\n\n13.1 Our liability is capped.\n"
    )
    doc = read_markdown(md.encode(), "t.md")
    s = structure.parse(doc)
    at = lambda words: s.section_at(doc.text.index(words))  # noqa: E731
    assert at("Our liability").title_path == ("Service Terms", "Limitation of liability")
    assert "13" in [x.number for x in s.sections]
    assert not any((x.title or "").startswith("#") for x in s.sections)


def test_markdown_list_numbered_sections_with_emphasised_titles():
    """A Markdown contract written as a numbered list: "10. **Title.**" opens a section and
    "   10.2 *Cap.* ..." a titled sub-section (the emphasis marks used to hide both titles)."""
    from clauselint.plaintext import read_markdown

    md = (
        "# Acme Services Agreement\n\n"
        "9. **Indemnities.**\n\n   9.1 *By Acme.* Acme will defend Customer.\n\n"
        "10. **Limitation of Liability.**\n\n"
        "   10.2 *Cap.* Each party's liability will not exceed the fees.\n\n"
        "   10.3 _Exceptions_: Sections 10.1 and 10.2 do not apply to indemnities.\n\n"
        "11. __Term.__ This Agreement continues.\n"
    )
    doc = read_markdown(md.encode(), "t.md")
    s = structure.parse(doc)
    at = lambda words: s.section_at(doc.text.index(words))  # noqa: E731
    assert at("Acme will defend").title_path[-2:] == ("Indemnities", "By Acme")
    assert at("Each party").title_path[-2:] == ("Limitation of Liability", "Cap")
    assert at("Sections 10.1").title_path[-2:] == ("Limitation of Liability", "Exceptions")
    assert at("This Agreement continues").title_path[-1] == "Term"


def test_markdown_exported_from_a_word_processor_with_bold_numbers():
    """A word processor's Markdown export bolds the number alone, "**1.**", puts a non-breaking
    space before a bold title, "**2.**\u00a0**Fees**", and runs clause text on after a bold
    sub-number, "**2.1** OUR TOTAL ...": each opens its section (none used to be found)."""
    from clauselint.plaintext import read_markdown

    md = (
        "# Image API Terms\n\n**1.** **Definitions**\n\n"
        "**1.1** \u201cImage\u201d means an image that the API generates.\n\n"
        "**2.**\u00a0**Limitation of liability**\n\n"
        "**2.1** OUR TOTAL LIABILITY IS LIMITED TO US$100.\n\n"
        "**2.2** Nothing in these Terms limits any liability that cannot be limited by law.\n"
    )
    doc = read_markdown(md.encode(), "t.md")
    s = structure.parse(doc)
    at = lambda words: s.section_at(doc.text.index(words))  # noqa: E731
    assert at("means an image").number == "1.1"
    assert at("means an image").title_path[-1] == "Definitions"
    assert at("OUR TOTAL").number == "2.1"
    assert "Limitation of liability" in at("OUR TOTAL").title_path
    assert at("Nothing in these").number == "2.2"


def test_hard_wrapped_clause_with_inline_title_is_one_sentence():
    # Plain text wrapped at ~80 columns: the title runs into the body on the heading's line, so
    # the line end is not the end of a heading line and must not end the sentence.
    text = (
        "4.2 Provider's Use. Provider will process Customer Content only to provide,\n"
        "secure and support the Services for Customer.\n"
        "4.3 Retention. Under the Standard setting, Provider keeps Inputs\n"
        "and Outputs for up to thirty days.\n"
        "\n"
        "5. SECURITY\n"
        "Provider maintains safeguards.\n"
    )
    _, s = parse(text)
    sents = [" ".join(text[a:b].split()) for a, b in s.sentences]
    assert any(x.endswith("only to provide, secure and support the Services for Customer.")
               for x in sents)  # fmt: skip
    assert not any(x.endswith("only to provide,") for x in sents)
    assert not any(x.startswith("and Outputs") for x in sents)
    assert "5. SECURITY" in sents  # a heading alone on its line still ends at the line end


def test_bullet_items_on_consecutive_lines_are_separate_sentences():
    """Markdown bullets (nested or not) follow one another with no blank line; an item that
    ends a sentence must not run on into the next item ("... the service. - The cloud ...")."""
    from clauselint.plaintext import read_markdown

    md = (
        "## 5. Security\n\n"
        "- We encrypt Training Data at rest and in transit.\n"
        "- The cloud providers that host jobs are listed on our Sub-processors page.\n"
        "  - We treat Training Data as your Confidential Information.\n"
        "- You may not:\n  - share API keys;\n  - resell access.\n"
        "- **Free tier.**\n  - On the free tier we may use your text to improve our models.\n"
    )
    doc = read_markdown(md.encode(), "t.md")
    s = structure.parse(doc)
    sents = [" ".join(doc.text[a:b].split()) for a, b in s.sentences]
    assert any(x.endswith("at rest and in transit.") for x in sents), sents
    assert any(x.startswith(("The cloud", "- The cloud")) and x.endswith("page.") for x in sents)
    assert any(x.endswith("Confidential Information.") and "cloud" not in x for x in sents)
    assert any("You may not:" in x and "resell access." in x for x in sents), sents
    assert not any("Free tier" in x and "improve" in x for x in sents), sents


def test_article_title_on_the_next_line_heads_its_sections():
    """US corporate forms centre "ARTICLE VIII" on a line of its own with the ALL-CAPS title on
    the next line; the title must head the article, so "Section 8.04" sits under "LIMITATION OF
    LIABILITY" (round 8, Thornbury: the liability carve-out was missed without it)."""
    text = (
        "                              ARTICLE VIII\n"
        "                       LIMITATION OF LIABILITY\n\n"
        "Section 8.01 GENERAL CAP. EACH PARTY'S LIABILITY SHALL NOT EXCEED THE FEES PAID.\n\n"
        "Section 8.04 Exceptions. Sections 8.01 and 8.02 shall not apply to a party's\n"
        "obligations under Article VII.\n\n"
        "                              ARTICLE IX\n"
        "                         TERM AND TERMINATION\n\n"
        "Section 9.01 Term. This Agreement continues until all Orders have expired.\n"
    )
    doc = Document(text=text, format="txt", path="t.txt")
    s = structure.parse(doc)
    at = text.index("Sections 8.01 and 8.02")
    assert s.section_at(at).title_path == ("LIMITATION OF LIABILITY", "Exceptions")
    assert (
        s.section_at(text.index("This Agreement continues")).title_path[0] == "TERM AND TERMINATION"
    )
    arts = [x for x in s.sections if x.level == 1]
    assert [x.title for x in arts] == ["LIMITATION OF LIABILITY", "TERM AND TERMINATION"]


def test_bold_run_in_title_ends_its_sentence():
    """A Markdown paragraph opening with a bold run-in title ("**4.3 Use.** We use ...") must
    not glue the title and its closing "**" to the first sentence."""
    from clauselint.plaintext import read_markdown

    md = "## 4. Data\n\n**4.3 Use.** We use Agent Transcripts only to run Agents.\n\n*Note.* It ends.\n"
    doc = read_markdown(md.encode(), "t.md")
    s = structure.parse(doc)
    sents = [" ".join(doc.text[a:b].split()) for a, b in s.sentences]
    assert "We use Agent Transcripts only to run Agents." in sents, sents
    assert "It ends." in sents, sents


def test_table_rows_are_sentences_of_their_own():
    """Table rows (cells joined by " | " in HTML and DOCX, "| a | b |" in Markdown) have no full
    stop: each row must be a sentence, and the paragraph after the table must not be glued to the
    last row (round 11, Penhallow: the whole service table and "Beta features are labelled in the
    product." were one sentence)."""
    from clauselint.htmltext import read_html

    html = (
        "<h2>3. Services</h2><p>The table below describes each feature.</p>"
        "<table><tr><th>Feature</th><th>Processing region</th></tr>"
        "<tr><td>Assist</td><td>The workspace's data region (US or EU)</td></tr>"
        "<tr><td>Code Helper</td><td>United States only</td></tr></table>"
        "<p>Beta features are labelled in the product.</p>"
    )
    doc = read_html(html.encode(), "t.html")
    s = structure.parse(doc)
    sents = [doc.text[a:b] for a, b in s.sentences]
    assert "Feature | Processing region" in sents, sents
    assert "Assist | The workspace's data region (US or EU)" in sents, sents
    assert "Code Helper | United States only" in sents, sents
    assert "Beta features are labelled in the product." in sents, sents
    md = "Selections:\n\n| Clause | Option |\n|---|---|\n| Clause 17 | Irish law |\nThe end.\n"
    doc, s = parse(md)
    sents = [doc.text[a:b] for a, b in s.sentences]
    assert "| Clause 17 | Irish law |" in sents and "The end." in sents, sents


def test_wrapped_section_reference_at_a_line_start_is_not_a_heading():
    """In hard-wrapped (PDF) text a cross-reference can open a line: "... share it with us
    under\\nSection 5.2.\\n2.3 Retention." is the end of 2.2, not a section 5.2 (round 11,
    Halloran)."""
    text = (
        "2.2 No training. We do not use API Content to train our models, unless you choose to\n"
        "share it with us under\nSection 5.2.\n"
        "2.3 Retention. We keep API Content for thirty days.\n"
        "Section 6.\nTerm.\n"
    )
    _, s = parse(text)
    assert [x.number for x in s.sections] == ["2.2", "2.3", "6"]


def test_numbered_rows_of_a_column_aligned_table_are_not_headings():
    """An order form's fee table numbers its lines ("1     ISO-TXT-L-IN     ..."); with the
    cells set apart by runs of spaces, a row is not a section titled by its SKU (round 12,
    Isolde: the rows became sections 1-5 and the terms below sat under "5 CSL-SUP-GOLD")."""
    text = (
        "PART B - FEES\n\n"
        "  Line  SKU            Description                     Unit price   Annual amount\n"
        "  ----  -------------  ------------------------------  -----------  -------------\n"
        "  1     ISO-TXT-L-IN   Large model, input tokens       GBP 2.40     GBP 9,600.00\n"
        "  2     CSL-SUP-GOLD   Reseller support (UK hours)     GBP 6,500    GBP 6,500.00\n\n"
        "Usage above the committed quantity is billed monthly in arrears.\n\n"
        "1.   DEFINITIONS\n\n"
        '1.1 "Inputs" means prompts and files that Customer submits.\n\n'
        "2.   ACCESS AND RESTRICTIONS\tSubject to payment, Provider will make the API available.\n"
    )
    doc = Document(text=text, format="txt", path="t.txt")
    s = structure.parse(doc)
    assert [x.number for x in s.sections] == ["1", "1.1", "2"]
    titles = [x.title for x in s.sections if x.level == 1]
    assert titles == ["DEFINITIONS", "ACCESS AND RESTRICTIONS"]
    assert s.section_at(text.index("Usage above")) is None


def test_table_rows_are_separate_sentences():
    """DOCX and HTML tables come as one line per row, cells joined by " | ", and Markdown rows as
    "| a | b |"; rows rarely end in a full stop, so a whole table read as one sentence and one
    row's wording (a pilot's "Success measures | ... accuracy of at least 95%") was taken for the
    whole table (round 13, Merrowfield). Each row of a table is now a sentence of its own."""
    text = (
        "SCHEDULE 1 - PILOT DETAILS\n"
        "Item | Details\n"
        "Pilot Environment region | Frankfurt, Germany\n"
        "Success measures | Field extraction accuracy of at least 95%\n"
        "Fees | None\n"
        "The success measures are not commitments.\n\n"
        "The SCCs apply with these selections:\n\n"
        "| Clause 17 (governing law) | Option 1: the law of the Netherlands |\n"
        "| Clause 18(b) (forum) | The courts of Amsterdam |\n\n"
        "Prices are in euro | see the order form.\n"
    )
    doc, s = parse(text)
    sents = [doc.text[a:b].strip() for a, b in s.sentences]
    assert "Pilot Environment region | Frankfurt, Germany" in sents, sents
    assert "Success measures | Field extraction accuracy of at least 95%" in sents, sents
    assert "The success measures are not commitments." in sents, sents
    assert "| Clause 17 (governing law) | Option 1: the law of the Netherlands |" in sents, sents
    # a single line with a pipe is not a table
    assert any(x.startswith("Prices are in euro | see") for x in sents), sents


def test_hard_wrapped_reference_or_count_is_not_a_heading():
    """In hard-wrapped text a line may open with the number of a reference ("... consents under
    Section\\n3.2 of the Agreement") or a count ("at least thirty\\n(30) days'"); neither starts a
    section (round 13, Ravensworth: "3.2" sat between B.1 and B.2, and Orrisfield's "this
    Section\\nC4 permits" was a section C4)."""
    text = (
        "B.1 Approved Providers. As of the Effective Date, Bank consents under Section\n"
        "3.2 of the Agreement to the following providers.\n\n"
        "B.2 New Providers. Supplier shall give Bank at least thirty\n"
        "(30) days' prior written notice of any new provider.\n\n"
        "B.3 Zero Retention. Nothing in this Section\n"
        "C4 permits retention.\n"
    )
    doc, s = parse(text)
    assert [x.number for x in s.sections] == ["B.1", "B.2", "B.3"]
    assert s.section_at(text.index("of the Agreement")).number == "B.1"


def test_revision_history_is_not_terms():
    """A document's own revision history quotes terms that no longer apply: no clause evidence
    and no broken cross-reference comes from it, while "Changes to these Terms" stays terms."""
    from clauselint.pipeline import check_text

    text = (
        "1. Services\n1.1 We provide the API.\n2. Data\n2.1 We keep logs for 30 days.\n"
        "3. Changes to these Terms\n3.1 We may modify these Terms on 30 days' notice.\n"
        "4. Revision history\n"
        "| Date | Section | Change |\n"
        "| 1 May 2026 | 2 | Removed the former Section 2.4, under which we notified you within"
        " 72 hours of a security incident affecting Customer Content. |\n"
        "| 1 May 2026 | 1 | Removed the commitment to 99.5% monthly availability with service"
        " credits of 10% of monthly fees. |\n"
    )
    _, s = parse(text)
    assert s.in_history(text.index("Removed the commitment"))
    assert not s.in_history(text.index("We may modify"))
    r = check_text(text, fmt="md").to_dict()
    types = {c["type"] for c in r["clauses"]}
    assert "unilateral_amendment" in types
    assert not types & {"breach_notification", "service_levels"}
    assert not [f for f in r["findings"] if "2.4" in str(f)]


def test_bold_only_lines_title_sections_in_table_layout_html():
    """Pages laid out in tables before CSS have no <h1>-<h6>: each section's title is a bold line
    ("<font><b>4. Your photos and who owns them</b></font><br>") in a table cell, often in
    sentence case, which the numbered-line regexes do not take as a title. A bold run inside a
    sentence, or a bold sentence, is not a heading."""
    from clauselint.htmltext import read_html

    html = (
        "<table><tr><td><font size=2><b>Legal</b><br><a href='/t'>Terms</a></font></td><td>"
        "<table><tr><td><font><b>3. Prices, credits and payment</b></font><br>"
        "<font><b>Note:</b> prices include VAT.</font></td></tr>"
        "<tr><td><font><b>4. Your photos and who owns them</b></font><br>"
        "<font>You own the Restorations we make for you.<br><b>Read this part carefully.</b>"
        "</font></td></tr></table></td></tr></table>"
    )
    doc = read_html(html.encode(), "t.html")
    s = structure.parse(doc)
    assert [(x.number, x.title) for x in s.sections] == [
        (None, "Legal"),
        ("3", "Prices, credits and payment"),
        ("4", "Your photos and who owns them"),
    ]
    sec = s.section_at(doc.text.index("You own"))
    assert (sec.number, sec.title) == ("4", "Your photos and who owns them")
    assert s.section_at(doc.text.index("prices include")).number == "3"


def test_clause_headings_of_english_drafting():
    """'Clause 11   LIMITATION OF LIABILITY' heads a clause as 'Section 11' does, and an ALL-CAPS
    title at the end of its line keeps its last word."""
    text = (
        "Clause 5   OWNERSHIP\n\n"
        "5.1   As between the parties, Halverd owns the Job Outputs.\n\n"
        "Clause 11  LIMITATION OF LIABILITY\n\n"
        "11.1   Each party's total liability is limited to the fees paid.\n\n"
        "SECTION 12 ASSIGNMENT AND TRANSFER\n\n"
        "12.1 Neither party may assign this Agreement. See Clause 5 for ownership.\n"
    )
    doc, s = parse(text)
    assert [(x.number, x.title) for x in s.sections if x.level == 1] == [
        ("5", "OWNERSHIP"),
        ("11", "LIMITATION OF LIABILITY"),
        ("12", "ASSIGNMENT AND TRANSFER"),
    ]
    sec = s.section_at(text.index("Each party's"))
    assert sec.title_path == ("LIMITATION OF LIABILITY",)


def test_a_numbered_line_ending_in_a_comma_runs_on():
    """A hard-wrapped ALL-CAPS clause whose first line ends in a comma is not a heading with a
    title: "11.1 EXCEPT FOR THE EXCLUDED CLAIMS," was cut off from the rest of its sentence (round
    15, the two-column Veloran PDF, where the narrow column wraps every few words)."""
    text = (
        "11. LIMITATION OF LIABILITY\n"
        "11.1 EXCEPT FOR THE EXCLUDED CLAIMS,\n"
        "EACH PARTY'S TOTAL LIABILITY IS LIMITED TO\n"
        "THE FEES PAID IN THE TWELVE MONTHS BEFORE THE CLAIM.\n"
        "11.2 Other limits. Neither party is liable for indirect loss.\n"
    )
    doc, s = parse(text)
    sec = s.section_at(text.index("EACH PARTY"))
    assert (sec.number, sec.title) == ("11.1", None)
    sentence = next(doc.text[a:b] for a, b in s.sentences if a <= text.index("EXCEPT") < b)
    assert sentence.startswith("11.1 EXCEPT FOR") and sentence.endswith("BEFORE THE CLAIM.")


def test_checkbox_options_each_a_sentence_and_unchecked_ones_not_read():
    """An order form's options, one checkbox to a line: each line is a sentence of its own, and
    an unchecked option ("[ ]", "☐") is not part of the contract, nor is the note that opens with
    its name (round 15, Oxley Reach: "☐ Premium support" and its note "Where selected, Provider
    commits to 99.9% ..." were read as a service level)."""
    text = (
        "3. OPTIONS SELECTED FOR THIS ORDER\n\n"
        "  [X] Zero Data Retention (API)\n"
        "  [ ] Model improvement programme\n"
        "  \u2612 EU data residency\n"
        "  \u2610 Premium support\n\n"
        "(a) Zero Data Retention. Where selected, Inputs are not stored.\n\n"
        "(b) Model improvement programme. Where selected, Provider may use conversations\n"
        "to train its models. Not selected for this order.\n\n"
        "(g) Premium support. Where selected, Provider commits to 99.9% monthly\n"
        "availability with service credits.\n\n"
        "4. AVAILABILITY. Premium support is not part of the standard plan.\n"
    )
    doc, s = parse(text)
    sentences = [doc.text[a:b] for a, b in s.sentences]
    assert "[X] Zero Data Retention (API)" in sentences
    assert "\u2612 EU data residency" in sentences
    assert not any("Premium support" in x and "Where selected" in x for x in sentences)
    assert not any("99.9%" in x or "train its models" in x for x in sentences)
    assert not any(x.startswith(("[ ]", "\u2610")) for x in sentences)
    assert any(x.startswith("Where selected, Inputs") for x in sentences)
    assert any("not part of the standard plan" in x for x in sentences)


def test_a_lone_checkbox_line_is_left_alone():
    """One "[ ]" line is not an options list: nothing is dropped."""
    text = "1. Fees.\n\n[ ] Fees are payable within 30 days of invoice.\n"
    doc, s = parse(text)
    assert any("payable within 30 days" in doc.text[a:b] for a, b in s.sentences)


def test_a_table_of_contents_gives_no_sentences():
    """A word processor's contents page ("7. Data Residency ........ 4") names the headings; the
    clauses are the text under them, so no contents line is read as a sentence (round 17)."""
    text = (
        "TABLE OF CONTENTS\n"
        "1. Definitions ................................................ 2\n"
        "7. Data Residency ............................................. 4\n"
        "13. Limitation of Liability . . . . . . . . . . . . . . . . . . . 6\n"
        "1. Definitions\n"
        '"Prompt" means any input.\n'
        "7. Data Residency\n"
        "Provider stores Customer Content in the selected Region.\n"
        "Total price ........ 40\n"
    )
    doc, s = parse(text)
    sentences = [doc.text[a:b] for a, b in s.sentences]
    assert not any(("...." in x or ". . ." in x) and "Total price" not in x for x in sentences)
    assert any(x.startswith("Provider stores Customer Content") for x in sentences)
    assert any(
        "Total price" in x for x in sentences
    )  # one dotted line alone is not a contents page


def test_lettered_and_roman_items_on_new_lines_start_sentences():
    """HTML's <ol type="a"> / <ol type="i"> items are written "a. ..." and "ii. ..." on their
    own lines; a full stop before one ends the sentence (round 17), while items after a lead-in
    colon or semicolon stay with it."""
    from clauselint.extract import extract_bytes

    html = (
        b"<html><body><h1>AI Addendum</h1><ol>"
        b"<li><strong>Model Providers.</strong><ol type='a'>"
        b"<li>We may use Model Providers. They are listed on our sub-processor page.</li>"
        b"<li>We will notify Customer before adding a new Model Provider.</li>"
        b"<li>We process Prompts in the EU, except:<ol type='i'>"
        b"<li>during an emergency; or</li><li>where a User invokes web search.</li></ol></li>"
        b"</ol></li></ol></body></html>"
    )
    doc = extract_bytes(html, "t.html")
    s = structure.parse(doc)
    sentences = [doc.text[a:b] for a, b in s.sentences]
    assert any(x.startswith("b. We will notify Customer") for x in sentences), sentences
    assert not any("sub-processor page" in x and "notify" in x for x in sentences)
    assert any("i. during" in x and "ii. where" in x for x in sentences)


def test_an_admonition_title_line_ends_the_sentence_before_it():
    # a documentation site's "🔥 Caution" box title opens with an icon, not a capital letter: the
    # sentence before the box must not run on into the box's text (vendor-terms round 20)
    from clauselint.sentences import split_sentences

    text = (
        "We will defend you against the claim and pay the damages awarded.\n"
        "\U0001f525 Caution\n"
        "Section 9.1 does not apply if you modified the Output.\n"
        "\u2139\ufe0f Note\n"
        "This page is a binding contract."
    )
    got = [text[a:b] for a, b in split_sentences(text, set())]
    assert got == [
        "We will defend you against the claim and pay the damages awarded.",
        "\U0001f525 Caution",
        "Section 9.1 does not apply if you modified the Output.",
        "\u2139\ufe0f Note",
        "This page is a binding contract.",
    ]


def test_paragraph_sign_headings_and_references_after_abbreviations():
    """German drafting: "§ 6 Title" on its own line is a section (in sentence case); "Art. 82 GDPR",
    "para. 1" and a wrapped "§ 7 para. 2 applies" are references, not headings."""
    text = (
        "§ 5 Technical and organisational measures\n"
        "(1) The Processor shall implement the measures set out in Annex 2.\n"
        "§ 6 Notification of personal data breaches\n"
        "(1) The Processor shall notify the Controller within 36 hours (Art. 4 No. 12 GDPR).\n"
        "(2) The Parties are liable in accordance with Art. 82 GDPR. The limitation in para. 1\n"
        "§ 7 para. 2 applies accordingly to subsequent processors.\n"
    )
    _, s = parse(text)
    sec = s.section_at(text.index("The Processor shall notify"))
    assert sec.number == "§ 6(1)"
    assert sec.title_path == ("Notification of personal data breaches",)
    assert [x.number for x in s.sections] == ["§ 5", "§ 5(1)", "§ 6", "§ 6(1)", "§ 6(2)"]


def test_paragraph_sign_heading_with_a_semicolon_in_its_title():
    """ "§ 3 Scope of the processing; instructions" is a heading (its paragraphs were filed under
    the section before); a "§ 7;" opening a wrapped line is still a reference."""
    text = (
        "§ 2 Definitions\n"
        "(1) Terms have the meaning given in the GDPR.\n"
        "§ 3 Scope of the processing; instructions\n"
        "(1) The Processor processes personal data only on documented instructions, as set out in\n"
        "§ 7; the Controller may give further instructions in text form.\n"
    )
    _, s = parse(text)
    sec = s.section_at(text.index("The Processor processes"))
    assert sec.number == "§ 3(1)"
    assert sec.title_path == ("Scope of the processing; instructions",)
    assert [x.number for x in s.sections] == ["§ 2", "§ 2(1)", "§ 3", "§ 3(1)"]


def test_run_in_title_cut_by_an_abbreviation_in_parentheses():
    """ "2. Integrity (Art. 32 GDPR): encryption ...": the title is "Integrity", not "Integrity (Art"
    (the abbreviation's point ends the run-in title); a wrapped sentence with an open parenthesis
    ("2.1 For Customer Data, Customer is the controller (or a processor") still is no title."""
    text = (
        "Annex 2 - Technical and organisational measures\n\n"
        "1. Confidentiality (Art. 32 GDPR): physical access control to data centres.\n"
        "2. Integrity (Art. 32 GDPR): encryption of all data in transit.\n\n"
        "2.1 For Customer Personal Data, Customer is the controller (or a processor\n"
        "acting for its own customers) and the Provider is the processor.\n"
    )
    _, s = parse(text)
    titles = {x.number: x.title for x in s.sections}
    assert titles["1"] == "Confidentiality"
    assert titles["2"] == "Integrity"
    assert titles.get("2.1") is None


def test_order_form_key_value_lines_are_sentences_and_values_are_not_headings():
    """An order form's "Key: value" lines: each line of a run of three or more is a sentence of
    its own (a block used to read as one sentence, so that "Uptime Commitment: not applicable
    ...; ... 99.9% SLA is available as an upgrade" and "Limitation of Liability: as set out in
    the Master Terms" lent their words to each other), and a value that opens with a number
    ("Provider Address: 88 Harrison Street") opens no section."""
    from clauselint.sentences import split_sentences

    text = (
        "ENTERPRISE ORDER FORM\n\n"
        "PROVIDER DETAILS\n"
        "Provider: Pellmoor AI, Inc.\n"
        "Provider Address: 88 Harrison Street, Suite 400, San Francisco, CA 94105, USA\n"
        "Account Executive: Daniel Okafor\n\n"
        "GOVERNING DOCUMENTS\n"
        "Master Terms: Enterprise Master Terms, version 2026-09\n"
        "Limitation of Liability: as set out in the Master Terms\n"
        "Governing Law: the laws of England and Wales\n\n"
        "1. Fixed Terms. Updates to the Master Terms will not apply to this Order Form.\n"
    )
    doc, s = parse(text)
    assert s.section_at(text.index("Harrison")) is None
    assert s.section_at(text.index("Limitation of")) is None
    assert s.section_at(text.index("Updates to")).number == "1"
    spans = [text[a:b] for a, b in split_sentences(text, set())]
    assert "Limitation of Liability: as set out in the Master Terms" in spans
    assert "Governing Law: the laws of England and Wales" in spans
    # a wrapped paragraph with one "Note: ..." line stays one sentence
    para = "The parties agree as follows\nNote: the fees below exclude tax\nand are payable in advance."
    assert len(split_sentences(para, set())) == 1


def test_definitions_run_together_on_one_line_are_each_found():
    """A flattened definitions list: the text after one "means" holds the next definition."""
    text = (
        '(m) "Licensed Marks" means the marks in Schedule 1. (n) "Licence Term" means the period '
        "from the Effective Date. (o) 'Field' means veterinary use.\n"
    )
    _, s = parse(text)
    assert [d.term for d in s.definitions] == ["Licensed Marks", "Licence Term", "Field"]


def test_a_condition_wrapped_in_a_narrow_column_is_not_a_heading():
    # two-column PDF text (tarnwick-business-terms.pdf): the first line of "6.2" is cut after
    # "a Security" and the defined term's second word opens the next line
    text = (
        "Section 6 - Security and Privacy\n"
        "6.2 If Tarnwick becomes aware of a Security\n"
        "Incident, it will notify Customer without undue\n"
        "delay and in any event within 72 hours.\n"
        "6.3 If You Are a Consumer\n"
        "Consumers have further rights.\n"
    )
    doc, s = parse(text)
    sec = s.section_at(text.index("Incident, it"))
    assert sec.number == "6.2" and sec.title is None
    sentence = next(text[a:b] for a, b in s.sentences if a <= text.index("Incident") < b)
    assert sentence.startswith("6.2 If Tarnwick") and "72 hours" in sentence
    # a title-case condition still stands as a heading
    assert s.section_at(text.index("Consumers have")).title == "If You Are a Consumer"


def test_mojibake_from_a_mis_decoded_web_page_is_repaired():
    # UTF-8 read as Windows-1252 and saved again (a scraped page): "don’t" arrives as "donâ€™t",
    # quotes as "â€œ" / "â€" (the closing quote's last byte lost), "§" as "Â§"; read as written,
    # "We don't use ... to train" was not a no-training promise (vendor-terms round 41)
    from clauselint.pipeline import check_bytes
    from clauselint.plaintext import read_txt, repair_mojibake

    page = (
        "4.2 Training. We donâ€™t use your conversations to train our AI models unless you "
        "choose to share them with us (â€œContributeâ€ is off by default). See Â§ 4.3 and "
        "Â§ 5, and Settings â€º Privacy â€“ it costs Â£0.\n"
    )
    doc = read_txt(page.encode("utf-8"), "terms.txt")
    assert "We don’t use your conversations" in doc.text
    assert "(“Contribute” is off" in doc.text and "See § 4.3" in doc.text and "£0" in doc.text
    assert "no_training_on_customer_data" in {
        c.type for c in check_bytes(page.encode("utf-8"), "terms.txt").clauses
    }
    # text without the signatures, or with one stray sequence, is left alone
    assert repair_mojibake("Café Â§ only once") == "Café Â§ only once"
    assert repair_mojibake("Plain text, no damage.") == "Plain text, no damage."


def test_heading_anchor_marks_copied_from_a_docs_site_do_not_hide_the_heading():
    # A documentation page copied as text: each heading ends in the pilcrow of its anchor link
    # and is followed by a "Copy link" line. With the mark, "15. Liability¶" was no heading, so
    # 15.3's carve-out (which names no liability itself) lost its Liability heading and was not
    # read as uncapped liability (vendor-terms round 48).
    from clauselint.pipeline import check_bytes
    from clauselint.plaintext import read_txt

    page = (
        "15. Liability¶\nCopy link\n\n"
        "15.1 Each party's total liability under these Terms is limited to the fees paid in the "
        "12 months before the claim.\n\n"
        "15.2 The exclusions and limits in Section 15.1 do not apply to your obligations under "
        "Section 14 or to your obligation to pay fees.\n"
    )
    doc = read_txt(page.encode("utf-8"), "terms.txt")
    assert doc.text.startswith("15. Liability \n") and len(doc.text) == len(page.rstrip("\n")) + 1
    result = check_bytes(page.encode("utf-8"), "terms.txt")
    assert "uncapped_liability" in {c.type for c in result.clauses}
    # a pilcrow inside a line is text, not furniture
    assert "¶ 4" in read_txt("See ¶ 4 of the Order.\n".encode(), "t.txt").text


def test_a_docs_site_sidebar_copied_with_the_page_is_not_one_sentence():
    # A sidebar of link titles, one to a line, read as one sentence: its "Sub-processors" link
    # was taken as a sub-processor clause (vendor-terms round 48). Each line of a run of six or
    # more short title lines is a sentence of its own; a bare title states no rule.
    from clauselint.pipeline import check_text
    from clauselint.sentences import split_sentences

    menu = (
        "Get started\nOverview\nQuickstart\nAPI reference\nLegal\nDeveloper Terms\n"
        "Data Processing Addendum\nSub-processors\nChangelog\nStatus\n"
    )
    spans = split_sentences(menu, set())
    assert [menu[a:b] for a, b in spans][:3] == ["Get started", "Overview", "Quickstart"]
    assert "subprocessors" not in {c.type for c in check_text(menu).clauses}
    # five short lines (an address block) are left as they were
    address = "Acme Corp\nAttn Legal\n1 Main Street\nSpringfield\nUnited States\n"
    assert len(split_sentences(address, set())) == 1


def test_markdown_details_summary_line_is_a_numbered_heading():
    """A `<details>` block embedded in Markdown carries its clause's number and title in its
    `<summary>` line ("<summary>11.3 What happens if a claim is made</summary>"): it is read as a
    heading one level below the last ATX heading, tags blanked with offsets kept, so 11.3 exists
    and what follows is under it (round 52, Wraybrook)."""
    from clauselint.plaintext import read_markdown

    md = (
        "# Enterprise Terms\n\n## 11. Indemnification\n\n11.2 **Exclusions.** None apply.\n\n"
        "<details>\n<summary>11.3 What happens if a claim is made</summary>\n\n"
        "We may modify the Services so that they are non-infringing.\n\n</details>\n\n"
        "11.4 **By Customer.** Customer will defend us.\n"
    )
    doc = read_markdown(md.encode(), "t.md")
    assert len(doc.text) == len(md)
    s = structure.parse(doc)
    assert "11.3" in [x.number for x in s.sections]
    sec = s.section_at(doc.text.index("We may modify"))
    assert sec.number == "11.3" and sec.title == "What happens if a claim is made"
    assert "<summary>" not in doc.text


def test_a_sentence_case_title_followed_by_its_first_subsection_is_a_heading():
    # vendor-terms round 61 (quillhurst-api-platform-terms.pdf): "4. Rate limits and capacity" on
    # a line of its own, "4.1" opening the next; sections 4.x were filed under section 3's title
    text = (
        "3. Use of the Platform\n"
        "3.1 You may use the Platform.\n"
        "4. Rate limits and capacity\n"
        "4.1 Your use is subject to rate limits.\n"
        "5. The fees are due monthly\n"
        "and are not refundable.\n"
    )
    doc, s = parse(text)
    sec = s.section_at(text.index("Your use"))
    assert sec.number == "4.1" and sec.title_path == ("Rate limits and capacity",)
    # a sentence that runs on to the next line (no "5.1" after it) is still no title
    assert s.section_at(text.index("and are not")).title is None


def test_schedules_exhibits_and_annexes_after_the_body_are_top_level_sections():
    # vendor-terms round 62 (Lannamore): the model withdrawal form of "Annex: Model withdrawal
    # form" was filed under the body's last section, § 17.4 Point of contact
    text = (
        "Exhibit 10.7\n\n"
        "Schedule 1 Fees 14\n"
        "Schedule 2 Security Measures 15\n\n"
        "1. Services\n"
        "1.1 Provider supplies the Services set out in\n"
        "Schedule 2.\n"
        "2. General\n"
        "2.1 This Agreement is governed by Irish law.\n\n"
        "SCHEDULE 2 - SECURITY MEASURES\n"
        "1. Encryption\n"
        "Provider encrypts Customer Data at rest.\n\n"
        "EXHIBIT A\n"
        "SERVICE LEVELS\n"
        "Uptime is 99.9% each month.\n\n"
        "Annex: Model withdrawal form\n"
        "I withdraw from my contract.\n"
    )
    doc, s = parse(text)
    enc = s.section_at(text.index("Provider encrypts"))
    assert enc.number == "1" and enc.title_path == ("SECURITY MEASURES", "Encryption")
    assert s.section_at(text.index("Uptime")).number == "Exhibit A"
    assert s.section_at(text.index("Uptime")).title == "SERVICE LEVELS"
    assert s.section_at(text.index("I withdraw")).title_path == ("Model withdrawal form",)
    # a filing's exhibit label, the contents' lines and a wrapped reference are no headings
    assert all(sec.level > 0 for sec in s.sections if sec.start < text.index("SCHEDULE 2 -"))


def test_a_sentence_case_title_then_a_blank_line_and_an_indented_first_subsection():
    # vendor-terms round 65 (solbrenna-api-terms.txt, a lynx dump): "10. Availability and changes
    # to the Services", a blank line, then "   10.1 ..." indented; 10.x was filed under section 9
    text = (
        "9. Confidentiality\n\n   9.1 Keep it secret.\n\n"
        "10. Availability and changes to the Services\n\n"
        "   10.1 We work to keep the Services available.\n"
    )
    doc, s = parse(text)
    assert s.section_at(text.index("We work")).title_path == (
        "Availability and changes to the Services",
    )


def test_a_disclaimer_in_capitals_is_no_title():
    # "12.1 THE PLATFORM, THE MODELS AND ALL OUTPUTS ARE PROVIDED "AS IS" ...": the paragraph's
    # first words, not a heading; the section's title stays "Disclaimers"
    text = (
        "12. Disclaimers\n"
        '12.1 THE PLATFORM AND ALL OUTPUTS ARE PROVIDED "AS IS" WITHOUT WARRANTY OF ANY KIND.\n'
        "12.2 IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR LOST PROFITS.\n"
    )
    doc, s = parse(text)
    for phrase in ("THE PLATFORM", "IN NO EVENT"):
        sec = s.section_at(text.index(phrase))
        assert sec.title is None and sec.title_path == ("Disclaimers",)


def test_a_lettered_item_after_a_lead_in_cut_mid_sentence_stays_with_it():
    # vendor-terms round 68 (ottermead-public-sector-addendum.pdf): the PDF line breaks before
    # "(a)" after "alleging that", and the defend clause lost its "(b) any Output ... infringe"
    text = (
        "4.2 Ottermead will defend Customer against any claim brought by a third party alleging "
        "that\n(a) the Services, or (b) any Output, infringe that third party's rights.\n"
        "4.3 Customer shall not:\n(a) resell the Services.\n"
        "4.4 The fees are due.\n(a) Late fees accrue monthly.\n"
    )
    doc, s = parse(text)
    sentence = next(text[a:b] for a, b in s.sentences if a <= text.index("Ottermead") < b)
    assert "infringe" in sentence
    late = next(text[a:b] for a, b in s.sentences if a <= text.index("Late fees") < b)
    assert late.startswith("(a) Late fees")


def test_list_items_inside_a_sentence_carry_their_lead_in():
    from clauselint.sentences import list_items

    text = (
        "2. Distribution.\n\n2.4 The Distributor shall not:\n\n(a) pledge the Supplier's credit; "
        "or\n\n(b) act as agent for any goods competitive with the Products; and\n\n"
        "2.5 It shall make no promises beyond those:\n\n(a) agreed in writing; and\n\n"
        "(b) in the Supplier's material.\n\nA single item: (a) is no list."
    )
    doc = Document("t", "txt", text)
    items = list_items(text, structure.parse(doc).sentences)
    got = [(text[slice(*lead)], text[slice(*item)].strip()) for _, lead, item in items]
    assert got == [
        ("2.4 The Distributor shall not:", "pledge the Supplier's credit; or"),
        ("2.4 The Distributor shall not:", "act as agent for any goods competitive with the Products; and"),
        ("2.5 It shall make no promises beyond those:", "agreed in writing; and"),
        ("2.5 It shall make no promises beyond those:", "in the Supplier's material."),
    ]  # fmt: skip


def test_list_items_read_per_document_are_bounded(monkeypatch):
    from clauselint import sentences

    lead = "The Distributor shall not do any of the following in the Territory" * 4
    text = "".join(
        lead + ":\n" + "".join(f"({chr(97 + i)}) x;\n" for i in range(20)) + "\n\n"
        for _ in range(800)
    )
    sents = structure.parse(Document("t", "txt", text)).sentences

    def read(items):
        return sum(lb - la + b - a for _, (la, lb), (a, b) in items)

    items = sentences.list_items(text, sents)
    assert 0 < read(items) <= sentences.MAX_ITEM_TEXT
    assert [si for si, _, _ in items] == sorted(si for si, _, _ in items)  # the first lists
    monkeypatch.setattr(sentences, "MAX_ITEM_TEXT", 10**9)
    assert read(sentences.list_items(text, sents)) > 2 * read(items)
