"""Property tests: arbitrary text and bytes through extraction, structure and the pipeline.

No exception escapes but ExtractionError from extraction, and every offset in a result maps
back into the text it came from (evidence quotes, pages, lines, sections, sentences).
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauselint import pipeline, structure
from clauselint.document import Document
from clauselint.errors import ExtractionError
from clauselint.extract import FORMATS, extract_bytes

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Contract-ish text: numbering, headings, definitions and the words the rule packs look for,
# mixed with arbitrary characters, so examples reach past the first regex.
WORDS = ["1.", "12.3", "(a)", "ARTICLE IV", "Section 2", "# Title", "\n", "\n\n", "\f", " ",
         "Change of Control", "terminate", "Customer Data", "shall", "not", "liability",
         "\"Affiliate\" means", "Provider", "Customer", "train", "exclusive", "Page 3 of 9",
         ".", ";", ":", "—", "\u00a0", "\r\n", "\t", "<p>", "</p>", "<h1>", "&amp;",
         "shall not:", "(b)", "(iv)", "; or", "competitive"]  # fmt: skip
contract_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=80).map(
    " ".join
)
any_text = st.one_of(contract_text, st.text(max_size=400))
MARKUP = [b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"<!DOCTYPE", b"<!--", b"<![CDATA[", b"\x00",
          b"\xef\xbb\xbf", b"\xff\xfe", b"obj", b"endobj", b"stream\n", b"xref", b"trailer"]  # fmt: skip
any_bytes = st.one_of(
    st.binary(max_size=600),
    st.lists(st.one_of(st.sampled_from(MARKUP), st.binary(max_size=20)), max_size=30).map(b"".join),
    any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def _norm(s: str) -> str:
    """Evidence whitespace: the regex module's \\s (Unicode White_Space; not \\x1c-\\x1f)."""
    return regex.sub(r"\s+", " ", s).strip()


def check_offsets(doc: Document, result) -> None:
    text = doc.text
    for item in (*result.clauses, *result.findings):
        for ev in item.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
            assert _norm(text[ev.start : ev.end]) == ev.text
            assert ev.line == doc.line_at(ev.start)
            assert ev.page == doc.page_at(ev.start)


@SETTINGS
@given(data=any_bytes, fmt=st.sampled_from([None, *FORMATS]))
def test_extract_bytes_raises_only_extraction_errors(data, fmt):
    try:
        doc = extract_bytes(data, "fuzz", fmt=fmt)
    except ExtractionError as e:
        assert e.file == "fuzz" and e.message and "\n" not in e.message
        return
    assert doc.text.strip() and "\r" not in doc.text
    for h in doc.headings:
        assert 0 <= h.start < h.end <= len(doc.text)
    assert list(doc.page_starts) == sorted(doc.page_starts)
    assert all(0 <= s <= len(doc.text) for s in doc.page_starts)


@SETTINGS
@given(text=any_text, fmt=st.sampled_from(["txt", "md", "html"]))
def test_text_formats_never_fail_on_text(text, fmt):
    data = text.encode("utf-8", "surrogatepass")
    try:
        extract_bytes(data, "fuzz", fmt=fmt)
    except ExtractionError as e:
        assert e.message in ("no text", "binary file, not text")


@SETTINGS
@given(text=any_text, fmt=st.sampled_from(["txt", "md", "html", "pdf", "docx"]))
def test_structure_offsets_stay_in_the_text(text, fmt):
    doc = Document("fuzz", fmt, text)
    s = structure.parse(doc)
    n = len(text)
    assert all(0 <= a <= b <= n for a, b in s.sentences)
    assert all(0 <= sec.start <= n for sec in s.sections)
    assert all(0 <= d.start <= d.end <= n for d in s.definitions)
    assert all(0 <= p.start <= p.end <= n for p in s.parties)


@SETTINGS
@given(text=any_text)
def test_list_items_lie_inside_their_sentence(text):
    from clauselint.sentences import list_items

    sents = structure.parse(Document("<text>", "txt", text)).sentences
    for si, (la, lb), (a, b) in list_items(text, sents):
        start, end = sents[si]
        assert start <= la <= lb <= a <= b <= end
        assert text[lb - 1] == ":"


@SETTINGS
@given(text=any_text)
def test_check_text_evidence_maps_back(text):
    result = pipeline.check_text(text)
    check_offsets(Document("<text>", "txt", text), result)


@SETTINGS
@given(data=any_bytes, name=st.sampled_from(["-", "x.txt", "x.md", "x.html", "x.pdf", "x.docx"]))
def test_check_bytes_reports_instead_of_raising(data, name):
    result = pipeline.check_bytes(data, name)
    if result.error is not None:
        kind, message = result.error
        assert kind in ("extraction", "unsupported-format") and message
        return
    check_offsets(extract_bytes(data, name), result)


@pytest.mark.parametrize("pages", [["One page.", "", "Third page text here."], ["a" * 50] * 3])
def test_page_map_is_consistent(pages):
    from clauselint.document import from_pages

    doc = from_pages("x", "pdf", pages)
    for page, start in enumerate(doc.page_starts, 1):
        assert doc.page_at(start) == page
