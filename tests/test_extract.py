"""Tests for extract.py: one reader per format, sniffing, and every bad-input error."""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from clauselint import extract
from clauselint.errors import ExtractionError, UnsupportedFormatError
from clauselint.extract import SUFFIXES, extract_bytes, extract_path

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
ENGINES = ["pdfium", "pdfplumber"]


def heading_texts(doc) -> list[tuple[str, int]]:
    return [(doc.text[h.start : h.end], h.level) for h in doc.headings]


# --- pdf -------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_text_pages_and_cleanup(engine):
    doc = extract_path(FIXTURES / "multipage.pdf", pdf_engine=engine)
    assert doc.format == "pdf"
    assert doc.path == str(FIXTURES / "multipage.pdf")
    assert doc.pages == 3
    assert "\r" not in doc.text
    # Running header (digits differ per page), repeated footer and "Page N of 3" are gone.
    assert "ACME Corp." not in doc.text
    assert "Source:" not in doc.text
    assert "Page " not in doc.text
    # Page 1's unrepeated title stays, and so does a body line repeated mid-page.
    assert doc.text.startswith("MASTER SERVICES AGREEMENT\n")
    assert doc.text.count("The Supplier shall keep all Customer Data confidential.") == 3
    # Split words are joined; a real compound keeps its hyphen.
    assert "by termination notice of thirty days." in doc.text
    assert "a non-exclusive licence" in doc.text


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_every_char_maps_to_its_page(engine):
    doc = extract_path(FIXTURES / "multipage.pdf", pdf_engine=engine)
    markers = {1: "MASTER SERVICES", 2: "2. Termination.", 3: "3. Licence."}
    for page, marker in markers.items():
        assert doc.text[doc.page_starts[page - 1] :].startswith(marker)
    bounds = [*doc.page_starts, len(doc.text)]
    for page in (1, 2, 3):
        for offset in range(bounds[page - 1], bounds[page]):
            assert doc.page_at(offset) == page


def clean(*pages: str) -> list[str]:
    return extract._clean_pdf_pages(list(pages))


@pytest.mark.parametrize(
    "number", ["3", "- 3 -", "Page 3 of 12", "Page 3", "-3-", "3.", "PAGE 3/12", "ii", "- iv -"]
)
def test_pdf_bare_page_numbers_dropped(number):
    assert clean(f"Body text here.\r\n{number}", f"{number}\nMore body.") == [
        "Body text here.",
        "More body.",
    ]


def test_pdf_running_lines_need_three_pages_and_a_majority():
    two = clean("ACME header\nBody one.", "ACME header\nBody two.")
    assert two == ["ACME header\nBody one.", "ACME header\nBody two."]
    pages = [f"ACME header {n}\nBody {n}.\nmore\ntext\nhere\nend {n}" for n in range(1, 5)]
    assert all("ACME" not in p and "end" not in p for p in clean(*pages))
    minority = clean("Once\nBody a.", "Other\nBody b.", "Another\nBody c.")
    assert minority == ["Once\nBody a.", "Other\nBody b.", "Another\nBody c."]


def test_pdf_four_line_footer_goes_and_page_one_title_stays():
    footer = "Acme Master Agreement\nDS/CS-{n}/Issue 7\nPage {n}/3\nSource: ACME, 10-K, 3/3/2017"
    bodies = ["The Term.", "The Fees.", "The Law."]
    pages = [f"SERVICES AGREEMENT\n{b}\n" + footer.format(n=n) for n, b in enumerate(bodies, 1)]
    assert clean(*pages) == ["SERVICES AGREEMENT\nThe Term.", "The Fees.", "The Law."]


def test_pdf_signature_lines_are_not_footers():
    pages = [f"Signature page {n}\nBy: /s/ Jane Roe\nName: Jane Roe\nTitle: CEO" for n in "abc"]
    assert all("Name: Jane Roe" in p and "Title: CEO" in p for p in clean(*pages))


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_page_furniture_is_blanked_and_the_sentence_reads_on(suffix):
    # Text converted from a PDF (round 37, Ellerbeck): a page number and a running header
    # inside a sentence turn to spaces, so offsets and lines stay and the sentence is whole.
    header = "Acme AI B.V. | Data Processing Agreement | v3.1"
    body = (
        f"Data Processing Agreement\n\n1.1 Acme will notify Customer within 48 hours,\n\n"
        f"Page 2 of 5\n\n{header}\n\nafter becoming aware of a breach.\n\n"
        f"Page 3 of 5\n\n{header}\n\n1.2 Acme keeps records.\n\nPage 4 of 5\n\n{header}\n"
    )
    doc = extract_bytes(body.encode(), "dpa" + suffix)
    assert len(doc.text) == len(body) and doc.text.count("\n") == body.count("\n")
    assert "Page 2" not in doc.text and header not in doc.text
    assert doc.text.startswith("Data Processing Agreement")  # a lone first line is not furniture
    from clauselint import structure

    texts = [doc.text[a:b] for a, b in structure.parse(doc).sentences]
    assert any("48 hours" in t and "after becoming aware" in t for t in texts)


def test_text_lines_said_twice_or_ending_a_sentence_are_not_furniture():
    body = "Terms\n\nSee Annex A\n\nSee Annex A\n\nNo refunds.\n\nNo refunds.\n\nNo refunds.\n"
    assert extract_bytes(body.encode(), "t.txt").text == body


def test_pdf_hyphen_join_uses_the_documents_words():
    (text,) = clean(
        "The termi-\nnation of interest-\nbearing then-current third-\nparty Know-\nHow "
        "and the\ufffebased words interest bearing based the"
    )
    assert "termination of interest-bearing then-current third-party Know-How" in text
    assert "the-\nbased" not in text and "the-based" in text


def test_pdf_footnotes_at_a_page_foot_are_set_apart_and_their_marks_taken_out():
    (text,) = clean(
        "4.3 No Training. Provider will not use Customer Content to train any model.3\n"
        "4.4 Usage Information. Provider may collect Usage Information,4 and use it.\n"
        "3 A Customer that wishes to contribute Customer Content may do so only by\n"
        "signing a separate addendum.\n"
        "4 Usage Information never includes Prompts."
    )
    assert text.split("\n") == [
        "4.3 No Training. Provider will not use Customer Content to train any model.",
        "4.4 Usage Information. Provider may collect Usage Information, and use it.",
        "",
        "[3] A Customer that wishes to contribute Customer Content may do so only by signing a "
        "separate addendum.",
        "",
        "[4] Usage Information never includes Prompts.",
    ]
    # a numbered line at the foot with no mark above it is body text (a list, a heading)
    plain = "The parties agree as follows.\n1 Definitions\n2 Term of the agreement"
    assert clean(plain) == [plain]


def test_pdf_lettered_clause_number_is_not_a_footnote_mark():
    """A schedule's clause number ("A.1 Model access") is not a word carrying footnote mark 1,
    so a wrapped line at the page foot that starts "1 (production down) ..." is body text and
    "A.1" keeps its number."""
    page = (
        "Schedule A - AI Services Description\n"
        "A.1 Model access. The AI Services include access to the models.\n"
        "A.2 Support. Rookhallow will respond within the following times: Severity\n"
        "1 (production down) within 1 hour, at all times."
    )
    (text,) = clean(page)
    assert text == page


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_encrypted(engine):
    with pytest.raises(ExtractionError, match="encrypted PDF: needs a password") as e:
        extract_path(FIXTURES / "encrypted.pdf", pdf_engine=engine)
    assert e.value.file == str(FIXTURES / "encrypted.pdf")


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_without_text_layer(engine):
    with pytest.raises(ExtractionError, match="no text layer — run OCR first"):
        extract_path(FIXTURES / "no_text.pdf", pdf_engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("cut", [100, 0.5, -200])
def test_pdf_truncated(tmp_path, engine, cut):
    data = (FIXTURES / "multipage.pdf").read_bytes()
    end = int(len(data) * cut) if isinstance(cut, float) else cut
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[:end])
    with pytest.raises(ExtractionError, match=r"not a readable PDF \(.+\)"):
        extract_path(path, pdf_engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_random_bytes(tmp_path, engine):
    path = tmp_path / "random.pdf"
    path.write_bytes(random.Random(1).randbytes(4000))
    with pytest.raises(ExtractionError, match="not a readable PDF"):
        extract_path(path, pdf_engine=engine)


def test_unknown_pdf_engine():
    with pytest.raises(ExtractionError, match="unknown PDF engine 'ocr'"):
        extract_path(FIXTURES / "multipage.pdf", pdf_engine="ocr")


# --- docx ------------------------------------------------------------------------------

NUMBERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%4)"/></w:lvl>
</w:abstractNum>
"""


def add_numbering(document) -> None:
    """Add list 90 (1. / 1.1 / (a) / (i)) and list 91, the same list restarted at 5."""
    root = document.part.numbering_part.element
    root.insert(0, parse_xml(NUMBERING))
    root.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    root.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        )
    )


def numbered(document, text: str, level: int, num_id: int = 90) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_docx(tmp_path, build) -> Path:
    path = tmp_path / "contract.docx"
    path.write_bytes(docx_bytes(build))
    return path


def test_docx_paragraphs_tables_headings_in_order(tmp_path):
    def build(d):
        d.add_heading("Services Agreement", 0)
        d.add_paragraph("This Agreement is made between the parties below.")
        table = d.add_table(rows=2, cols=2)
        for (r, c), text in {
            (0, 0): "Party",
            (0, 1): "Role",
            (1, 0): "ACME",
            (1, 1): "Supplier",
        }.items():
            table.cell(r, c).text = text
        d.add_heading("Scope", 1)
        d.add_paragraph("The Supplier provides the Services.")
        d.add_heading("Service levels", 2)
        d.sections[0].header.paragraphs[0].text = "RUNNING HEADER"
        d.sections[0].footer.paragraphs[0].text = "RUNNING FOOTER"

    doc = extract_path(write_docx(tmp_path, build))
    assert doc.format == "docx"
    assert doc.pages is None
    assert doc.text == (
        "Services Agreement\n"
        "This Agreement is made between the parties below.\n"
        "Party | Role\n"
        "ACME | Supplier\n"
        "Scope\n"
        "The Supplier provides the Services.\n"
        "Service levels"
    )
    assert heading_texts(doc) == [("Services Agreement", 1), ("Scope", 1), ("Service levels", 2)]


def test_docx_list_numbering_is_computed(tmp_path):
    def build(d):
        add_numbering(d)
        numbered(d, "Definitions.", 0)
        numbered(d, "Affiliate means an entity.", 1)
        numbered(d, "first limb;", 2)
        numbered(d, "second limb:", 2)
        numbered(d, "sub-limb.", 3)
        numbered(d, "Change of Control means a merger.", 1)
        numbered(d, "Term.", 0)
        numbered(d, "This Agreement starts today.", 1)
        numbered(d, "Restarted list.", 0, num_id=91)
        d.add_paragraph("Plain paragraph.")
        d.add_paragraph("Style-numbered item.", style="List Number")
        d.add_paragraph("A bullet.", style="List Bullet")

    lines = extract_path(write_docx(tmp_path, build)).text.split("\n")
    assert lines == [
        "1. Definitions.",
        "1.1 Affiliate means an entity.",
        "(a) first limb;",
        "(b) second limb:",
        "(i) sub-limb.",
        "1.2 Change of Control means a merger.",
        "2. Term.",
        "2.1 This Agreement starts today.",
        "5. Restarted list.",
        "Plain paragraph.",
        "1. Style-numbered item.",
        "A bullet.",
    ]


def test_docx_content_controls_and_odd_numbering_values(tmp_path):
    def build(d):
        root = d.part.numbering_part.element
        root.insert(
            0,
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="x">'
                '<w:start w:val="abc"/><w:numFmt w:val="upperRoman"/></w:lvl></w:abstractNum>'
            ),
        )
        root.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
        )
        numbered(d, "Odd list.", 0, num_id=77)
        numbered(d, "Unknown list.", 0, num_id=999)
        numbered(d, "Numbering switched off.", 0, num_id=0)
        sdt = parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>In a content control.</w:t></w:r>"
            "<w:ins><w:r><w:t> Inserted.</w:t></w:r></w:ins>"
            "<w:del><w:r><w:delText>Deleted.</w:delText></w:r></w:del></w:p></w:sdtContent></w:sdt>"
        )
        d.element.body.insert(0, sdt)

    text = extract_path(write_docx(tmp_path, build)).text
    assert text.split("\n") == [
        "In a content control. Inserted.",
        "Odd list.",
        "Unknown list.",
        "Numbering switched off.",
    ]


def test_docx_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("this is not a zip file")
    with pytest.raises(ExtractionError, match=r"not a readable DOCX \(not a zip file\)"):
        extract_path(path)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_docx_zip_without_document_xml():
    data = zip_bytes({"hello.txt": b"hello"})
    with pytest.raises(ExtractionError, match=r"no word/document.xml"):
        extract_bytes(data, "x.docx")


def test_docx_entity_declarations_refused():
    data = docx_bytes(lambda d: d.add_paragraph("x"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    xml = files["word/document.xml"]
    files["word/document.xml"] = xml.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaa">]>', 1)
    with pytest.raises(ExtractionError, match=r"entity declarations \(refused\)"):
        extract_bytes(zip_bytes(files), "x.docx")


def test_docx_zip_bomb_refused(monkeypatch):
    data = docx_bytes(lambda d: d.add_paragraph("x"))
    monkeypatch.setattr(extract, "MAX_XML_BYTES", 100)
    with pytest.raises(ExtractionError, match=r"too large when uncompressed \(possible zip bomb\)"):
        extract_bytes(data, "x.docx")


def test_docx_broken_parts_are_extraction_errors():
    data = docx_bytes(lambda d: d.add_paragraph("x"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    files["word/document.xml"] = b"<w:document><unclosed>"
    with pytest.raises(ExtractionError, match=r"not a readable DOCX \(.+\)"):
        extract_bytes(zip_bytes(files), "x.docx")


# --- html, markdown, txt ---------------------------------------------------------------

HTML = b"""<!DOCTYPE html>
<html><head><title>Page title</title><style>p { color: red }</style></head>
<body>
<nav>Home | About</nav>
<script>var x = "<p>not text</p>";</script>
<h1>Master   Services
Agreement</h1>
<p>Fees &amp; payment: &euro;100 &ldquo;net&rdquo;.<br>Second line.</p>
<h2>Term</h2>
<ol start="3"><li>Third item</li><li>Fourth <b>item</b>
  <ol type="a"><li>nested</li></ol></li></ol>
<ul><li>bullet</li></ul>
<table><tr><td>Party</td><td>Role</td></tr><tr><td>ACME</td><td>Supplier</td></tr></table>
<footer>Copyright footer</footer>
</body></html>"""


def test_html_text_headings_and_lists():
    doc = extract_bytes(HTML, "contract.html")
    assert doc.format == "html"
    assert doc.text == (
        "Master Services Agreement\n"
        "Fees & payment: €100 “net”.\n"
        "Second line.\n"
        "Term\n"
        "3. Third item\n"
        "4. Fourth item\n"
        "a. nested\n"
        "bullet\n"
        "Party | Role\n"
        "ACME | Supplier"
    )
    assert heading_texts(doc) == [("Master Services Agreement", 1), ("Term", 2)]


def test_html_unclosed_head_does_not_swallow_body():
    doc = extract_bytes(b"<html><head><title>T<body><p>Body text.</p>", "x.htm")
    assert doc.text == "Body text."


def test_html_blank_lines_collapse():
    doc = extract_bytes(b"<p>One<br><br><br><br>Two</p>", "x.html")
    assert doc.text == "One\n\nTwo"


MARKDOWN = """# Agreement
Intro text.

## 1. Term
Setext title
============
Another
-------
```
# not a heading
```
- item
---
#nospace is not a heading
"""


def test_markdown_headings_and_text_as_is():
    doc = extract_bytes(MARKDOWN.replace("\n", "\r\n").encode(), "README.md")
    assert doc.format == "md"
    assert doc.text == MARKDOWN
    assert heading_texts(doc) == [
        ("# Agreement", 1),
        ("## 1. Term", 2),
        ("Setext title", 1),
        ("Another", 2),
    ]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbfUTF-8 with BOM \xe2\x80\x94 ok", "UTF-8 with BOM — ok"),
        ("UTF-16 “quoted”".encode("utf-16"), "UTF-16 “quoted”"),
        (b"line one\r\nline two\rline three", "line one\nline two\nline three"),
    ],
)
def test_txt_decoding(data, text):
    doc = extract_bytes(data, "contract.txt")
    assert (doc.format, doc.text, doc.warnings) == ("txt", text, ())


def test_txt_cp1252_fallback(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The “Licensee” pays €5 — café.".encode("cp1252"))
    doc = extract_path(path)
    assert doc.text == "The “Licensee” pays €5 — café."
    assert doc.warnings == ("not valid UTF-8: decoded as cp1252",)


def test_txt_latin1_fallback():
    # 0x81 is undefined in cp1252, so only latin-1 can decode this.
    doc = extract_bytes(b"caf\xe9 \x81", "x.txt")
    assert doc.text == "café \x81"
    assert doc.warnings == ("not valid UTF-8: decoded as latin-1",)


@pytest.mark.parametrize("data", [b"text\x00with a NUL", bytes(range(1, 32)) * 20 + b"abc"])
def test_txt_binary_refused(tmp_path, data):
    path = tmp_path / "binary.txt"
    path.write_bytes(data)
    with pytest.raises(ExtractionError, match="binary file, not text"):
        extract_path(path)


# --- sniffing and format choice --------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        ((FIXTURES / "multipage.pdf").read_bytes(), "pdf"),
        (docx_bytes(lambda d: d.add_paragraph("Hello from Word.")), "docx"),
        (b"  <!DOCTYPE html><p>Hello</p>", "html"),
        (b"<HTML><body>Hello</body></HTML>", "html"),
        (b"Just plain text.", "txt"),
    ],
)
def test_extract_bytes_sniffs_stdin(data, fmt):
    doc = extract_bytes(data, "-")
    assert (doc.path, doc.format) == ("-", fmt)


def test_extract_bytes_suffix_and_fmt_win_over_sniffing():
    assert extract_bytes(b"<html><p>x</p></html>", "page.txt").format == "txt"
    assert extract_bytes(b"# Title", "-", fmt="md").headings
    with pytest.raises(UnsupportedFormatError, match="unsupported format 'rtf'"):
        extract_bytes(b"text", "-", fmt="rtf")


def test_suffixes():
    assert SUFFIXES[".pdf"] == "pdf" and SUFFIXES[".htm"] == "html"
    assert SUFFIXES[".markdown"] == "md" and SUFFIXES[".text"] == "txt"


def test_unknown_suffix(tmp_path):
    path = tmp_path / "contract.xyz"
    path.write_text("some text")
    with pytest.raises(
        UnsupportedFormatError, match=r"unsupported format '.xyz' \(supported: .pdf,"
    ):
        extract_path(path)


def test_unknown_suffix_with_clear_content_is_read(tmp_path):
    path = tmp_path / "contract.bin"
    path.write_bytes((FIXTURES / "multipage.pdf").read_bytes())
    assert extract_path(path).format == "pdf"


# --- errors common to all formats ------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(ExtractionError, match="no such file") as e:
        extract_path(tmp_path / "missing.pdf")
    assert e.value.file == str(tmp_path / "missing.pdf")


def test_directory(tmp_path):
    with pytest.raises(ExtractionError, match="is a directory"):
        extract_path(tmp_path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("text")
    path.chmod(0)
    with pytest.raises(ExtractionError, match="permission denied"):
        extract_path(path)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".pdf", ".docx"])
@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_and_whitespace_only(tmp_path, suffix, content):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match="no text$") as e:
        extract_path(path)
    assert e.value.message == "no text"


def test_markup_without_text():
    with pytest.raises(ExtractionError, match="no text"):
        extract_bytes(b"<html><script>x()</script><p>  </p></html>", "x.html")
    with pytest.raises(ExtractionError, match="no text"):
        extract_bytes(docx_bytes(lambda d: d.add_paragraph("   ")), "x.docx")
