"""Reading input files into a Document: the only module that knows file formats.

One reader per format (pdf, docx, txt, md, html), each returning the same ``Document``: the
text, the page map for PDFs and the headings the format marks. Bad input of any kind becomes
an ``ExtractionError`` naming the file; no third-party traceback escapes this module.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from clauselint.document import Document, Heading, from_pages
from clauselint.errors import ClauselintError, ExtractionError, UnsupportedFormatError

SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
FORMATS = ("pdf", "docx", "txt", "md", "html")
PDF_ENGINES = ("pdfium", "pdfplumber")

MAX_XML_BYTES = 200 * 1024 * 1024  # uncompressed size of one DOCX part; more is a zip bomb
MIN_PDF_CHARS = 20  # fewer non-space characters in a whole PDF means a scan without OCR
ENCRYPTED_PDF = "encrypted PDF: needs a password"
NO_TEXT_LAYER = "no text layer — run OCR first (e.g. ocrmypdf)"


def extract_path(path: str | os.PathLike, *, pdf_engine: str = "pdfium") -> Document:
    """Read a file into a Document; the format comes from the suffix (or, failing that, content)."""
    name = os.fsdecode(path)
    p = Path(name)
    try:
        if p.is_dir():
            raise ExtractionError("is a directory", file=name)
        data = p.read_bytes()
    except FileNotFoundError:
        raise ExtractionError("no such file", file=name) from None
    except PermissionError:
        raise ExtractionError("permission denied", file=name) from None
    except OSError as e:
        raise ExtractionError(f"cannot read ({e.strerror or e})", file=name) from None
    # A file with an unknown suffix is read only when its content is unmistakably a format.
    fmt = SUFFIXES.get(p.suffix.lower()) or _sniff(data)
    if fmt is None:
        supported = ", ".join(SUFFIXES)
        what = f"'{p.suffix}'" if p.suffix else "(no file suffix)"
        raise UnsupportedFormatError(
            f"unsupported format {what} (supported: {supported})", file=name
        )
    return _extract(data, name, fmt, pdf_engine)


def extract_bytes(
    data: bytes, name: str, *, fmt: str | None = None, pdf_engine: str = "pdfium"
) -> Document:
    """Read bytes (e.g. stdin, name "-"); without `fmt` or a known suffix, sniff, else text."""
    if fmt is not None and fmt not in FORMATS:
        raise UnsupportedFormatError(
            f"unsupported format '{fmt}' (one of {', '.join(FORMATS)})", file=name
        )
    fmt = fmt or SUFFIXES.get(Path(name).suffix.lower()) or _sniff(data) or "txt"
    return _extract(data, name, fmt, pdf_engine)


def _extract(data: bytes, name: str, fmt: str, pdf_engine: str) -> Document:
    if pdf_engine not in PDF_ENGINES:
        raise ExtractionError(
            f"unknown PDF engine '{pdf_engine}' (one of {', '.join(PDF_ENGINES)})", file=name
        )
    if not data.strip():
        raise ExtractionError("no text", file=name)
    if fmt == "pdf":
        doc = _pdf(data, name, pdf_engine)
    else:
        doc = {"docx": _docx, "txt": _txt, "md": _markdown, "html": _html}[fmt](data, name)
    if not doc.text.strip():
        raise ExtractionError("no text", file=name)
    return doc


def _sniff(data: bytes) -> str | None:
    """The format the content clearly is (pdf, docx, html), or None."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else None
        except Exception:  # a damaged archive is not clearly anything
            return None
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "html"
    return None


def _reason(e: BaseException) -> str:
    """A short, one-line reason from a third-party exception."""
    text = str(e) or type(e).__name__
    m = re.search(r"PDFium: ([^)]*)", text)
    if m:
        text = m.group(1)
    if e.args and isinstance(e.args[0], BaseException):  # pdfplumber wraps pdfminer's errors
        e = e.args[0]
        text = str(e) or type(e).__name__
    if type(e).__module__ == "builtins" and not isinstance(e, OSError):
        text = f"{type(e).__name__}: {text}"  # KeyError: 0 says more than 0
    return text.splitlines()[0].strip().rstrip(".")[:80]


# --- text: txt, markdown -----------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def _decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Text and warnings: UTF-8 (BOMs honoured), else cp1252, else latin-1; refuse binary."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            return _newlines(text), ()
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\0" in head or controls > 0.05 * len(head):
        raise ExtractionError("binary file, not text", file=name)
    try:
        return _newlines(data.decode("utf-8")), ()
    except UnicodeDecodeError:
        pass
    for codec in ("cp1252", "latin-1"):
        try:
            return _newlines(data.decode(codec)), (f"not valid UTF-8: decoded as {codec}",)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _txt(data: bytes, name: str) -> Document:
    text, warnings = _decode(data, name)
    return Document(path=name, format="txt", text=text, warnings=warnings)


_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t].*)?")
_SETEXT = re.compile(r" {0,3}(=+|-{2,})[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _markdown(data: bytes, name: str) -> Document:
    """The text as is; ATX (`# Title`) and setext (underlined) headings outside code fences."""
    text, warnings = _decode(data, name)
    lines = text.split("\n")
    headings, pos, fence = [], 0, None
    for i, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        m = _FENCE.match(line)
        if m:
            fence = None if fence == m.group(1) else (fence or m.group(1))
        if m or fence:
            continue
        m = _ATX.fullmatch(line)
        if m and line.strip("# \t"):
            headings.append(Heading(start, start + len(line.rstrip()), len(m.group(1))))
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        u = _SETEXT.fullmatch(nxt)
        if u and line.strip() and not line.startswith("    ") and not _LIST_ITEM.match(line):
            level = 1 if u.group(1)[0] == "=" else 2
            headings.append(Heading(start, start + len(line.rstrip()), level))
    return Document(path=name, format="md", text=text, headings=tuple(headings), warnings=warnings)


def _join_lines(lines: list[tuple[str, int]]) -> tuple[str, tuple[Heading, ...]]:
    """Join (line, heading level) pairs; no leading, trailing or repeated blank lines."""
    out: list[str] = []
    headings, pos, blank = [], 0, True
    for line, level in lines:
        line = line.rstrip()
        if not line.strip():
            if blank:
                continue
            line = ""
        blank = not line
        if level and line:
            headings.append(Heading(pos, pos + len(line), level))
        out.append(line)
        pos += len(line) + 1
    return "\n".join(out).rstrip(), tuple(headings)


_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"),
        strict=True,
    )
)


def _format_number(n: int, fmt: str) -> str:
    """A list counter in a Word numFmt (decimal, lowerLetter, upperRoman, ...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = ""
        for value, numeral in _ROMAN:
            count, n = divmod(n, value)
            roman += numeral * count
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return "" if fmt == "none" else str(n)


# --- html --------------------------------------------------------------------------------

_HTML_DROP = {"script", "style", "head", "title", "nav", "footer", "noscript", "template", "svg"}
_HTML_BLOCK = {
    "p", "div", "li", "tr", "table", "section", "article", "main", "header", "aside", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption", "form",
    "fieldset", "hr", "caption", "center", "body", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_OL_TYPES = {
    "1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"
}  # fmt: skip


class _HTMLText(HTMLParser):
    """Collects (line, heading level) pairs: blocks end lines, <ol> items get their number."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, int]] = []
        self.parts: list[str] = []
        self.level = 0  # heading level of the line being collected
        self.skip = 0  # depth inside elements whose content is dropped
        self.lists: list[list] = []  # [tag, next number, numFmt] per open <ol>/<ul>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # an unclosed <head> must not swallow the document
            self.skip = 0
        if tag in _HTML_DROP:
            self.skip += 1
        if self.skip:
            return
        if tag in _HTML_BLOCK or tag == "br":
            self._flush(keep_empty=tag == "br")
        a = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.level = int(tag[1])
        elif tag in ("ol", "ul"):
            start = a.get("start") or "1"
            first = int(start) if start.lstrip("-").isdigit() else 1
            self.lists.append([tag, first, _OL_TYPES.get(a.get("type") or "1", "decimal")])
        elif tag == "li" and self.lists and self.lists[-1][0] == "ol":
            lst = self.lists[-1]
            value = a.get("value") or ""
            lst[1] = int(value) if value.lstrip("-").isdigit() else lst[1]
            self.parts.append(f"{_format_number(lst[1], lst[2])}. ")
            lst[1] += 1
        elif tag in ("td", "th") and "".join(self.parts).strip():
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_DROP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _HTML_BLOCK:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.level = 0
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def _flush(self, keep_empty: bool = False) -> None:
        line = " ".join("".join(self.parts).split())
        if line or keep_empty:
            self.lines.append((line, self.level))
        self.parts = []


def _html(data: bytes, name: str) -> Document:
    text, warnings = _decode(data, name)
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as e:  # html.parser is lenient; this is belt and braces
        raise ExtractionError(f"not readable HTML ({_reason(e)})", file=name) from None
    parser._flush()
    text, headings = _join_lines(parser.lines)
    return Document(path=name, format="html", text=text, headings=headings, warnings=warnings)


# --- pdf ---------------------------------------------------------------------------------

# Running headers/footers live in the first and last lines of a page. Four, not three:
# some CUAD PDFs have four-line footers (title, reference, "Page 2/110", "Source: ...").
_ZONE = 4
_PAGE_NUMBER = re.compile(
    r"(?:[Pp]age\s*|PAGE\s*)?[-–—]?\s*(?:\d{1,4}|[ivx]{1,5})\s*[-–—]?(?:\s*(?:of|OF|/)\s*\d{1,4})?\.?"
)
_DIGITS = re.compile(r"\d+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_TOKEN = re.compile(r"[a-z]+(?:-\n?[a-z]+)*")
# Signature-block lines repeat at the foot of signature pages but are content, not footers.
_SIGNATURE_LINE = re.compile(r"^(?:by|name|title|its|date)\s*:|/s/", re.I)
_BREAK = re.compile(r"-\n(?=[A-Za-z])")  # where a word may be split at a line end
_WORD_END = re.compile(r"[A-Za-z]+\Z")
_WORD_START = re.compile(r"[A-Za-z]+")
_KEEP_HYPHEN = {"non", "self", "cross", "third", "anti", "multi", "semi", "quasi"}


def _pdf(data: bytes, name: str, engine: str) -> Document:
    read = _pdfium_pages if engine == "pdfium" else _pdfplumber_pages
    try:
        raw = read(data, name)
    except ClauselintError:
        raise
    except Exception as e:  # any failure inside the PDF library is a bad input file
        raise ExtractionError(f"not a readable PDF ({_reason(e)})", file=name) from None
    if not raw:
        raise ExtractionError("not a readable PDF (no pages)", file=name)
    if sum(len("".join(page.split())) for page in raw) < MIN_PDF_CHARS:
        raise ExtractionError(NO_TEXT_LAYER, file=name)
    blank = [str(i) for i, page in enumerate(raw, 1) if not page.strip()]
    warnings = (f"no text on page(s) {', '.join(blank)}: scanned? run OCR",) if blank else ()
    return from_pages(name, "pdf", _clean_pdf_pages(raw), warnings=warnings)


def _pdfium_pages(data: bytes, name: str) -> list[str]:
    import pypdfium2 as pdfium  # imported late: loading PDF libraries slows every CLI start
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(ENCRYPTED_PDF, file=name) from None
        raise
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                pages.append(textpage.get_text_range())
            finally:
                textpage.close()
                page.close()
        return pages
    finally:
        pdf.close()


def _pdfplumber_pages(data: bytes, name: str) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()
            return pages
    except Exception as e:
        if isinstance(e.args[0] if e.args else e, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ExtractionError(ENCRYPTED_PDF, file=name) from None
        raise


def _clean_pdf_pages(raw: list[str]) -> list[str]:
    """Normalised page texts without running headers/footers, page numbers or split words."""
    pages = [[" ".join(line.split()) for line in _pdf_text(page).split("\n")] for page in raw]
    pages = _drop_running_lines(pages)
    texts = [re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") for lines in pages]
    return _join_split_words(texts)


def _pdf_text(page: str) -> str:
    # pdfium marks a hyphen that ended a visual line as U+FFFE and drops the line break;
    # putting the break back lets headers/footers be found line by line.
    # No-break and other Unicode spaces need no mapping: lines are re-spaced by str.split().
    text = re.sub("[\ufffe\xad]\n?", "-\n", _newlines(page))
    return _CONTROL.sub("", text)


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop bare page numbers, and lines repeated at the top or bottom of most pages.

    Only a run of such lines from the page edge goes, so body text repeated near the edge
    stays; page 1 keeps an upper-case title at its top even when it is also the running header.
    """
    zones = []
    for lines in pages:
        filled = [i for i, line in enumerate(lines) if line]
        zones.append((filled[:_ZONE], filled[::-1][:_ZONE]))
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts = Counter(
            k
            for lines, (top, bottom) in zip(pages, zones, strict=True)
            for k in {_line_key(lines[i]) for i in top + bottom}
        )
        repeated = {k for k, n in counts.items() if n > len(pages) / 2}
        repeated = {k for k in repeated if not _SIGNATURE_LINE.search(k)}
    kept = []
    for page, (lines, (top, bottom)) in enumerate(zip(pages, zones, strict=True)):
        drop = set()
        for edge in (top, bottom):
            for i in edge:
                title = (
                    page == 0
                    and edge is top
                    and lines[i].isupper()
                    and not _DIGITS.search(lines[i])
                )
                running = _line_key(lines[i]) in repeated and not title
                if not (running or _PAGE_NUMBER.fullmatch(lines[i])):
                    break
                drop.add(i)
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _line_key(line: str) -> str:
    """A line with digits normalised, so "Page 3 of 12" and "Page 4 of 12" count as one."""
    return _DIGITS.sub("#", line.lower())


def _join_split_words(pages: list[str]) -> list[str]:
    """Join words split at line ends ("termi-\\nnation"), keeping real compounds' hyphens.

    The document's own words decide: the joined form used elsewhere wins, then a hyphenated
    form used elsewhere, then two halves that are both words ("interest-bearing").
    """
    if not any("-\n" in page for page in pages):
        return pages
    words: set[str] = set()
    compounds: set[str] = set()
    for token in set(_TOKEN.findall("\n".join(pages).lower())):
        if "-" not in token:
            words.add(token)
        elif "-\n" not in token:
            parts = token.split("-")
            compounds.update(f"{a}-{b}" for a, b in zip(parts, parts[1:], strict=False))

    def join(m: re.Match) -> str:
        left = _WORD_END.search(m.string, max(0, m.start() - 64), m.start())
        if not left:
            return m.group()
        right = _WORD_START.match(m.string, m.end()).group()
        a, b = left.group().lower(), right.lower()
        if right[0].isupper() or (
            a + b not in words
            and (f"{a}-{b}" in compounds or (a in words and b in words) or a in _KEEP_HYPHEN)
        ):
            return "-"
        return ""

    return [_BREAK.sub(join, page) for page in pages]


# --- docx --------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Run content that is not body text: deletions, drawings and text boxes, formatting.
_DOCX_SKIP = {_W + t for t in ("del", "moveFrom", "drawing", "pict", "object", "pPr", "rPr")}
_DOCX_SKIP.add(_MC + "AlternateContent")


def _docx(data: bytes, name: str) -> Document:
    _check_docx_zip(data, name)
    import docx  # imported late, like the PDF libraries

    try:
        doc = docx.Document(io.BytesIO(data))
        lines = _docx_lines(doc)
    except ClauselintError:
        raise
    except Exception as e:  # any failure inside python-docx/lxml is a bad input file
        raise ExtractionError(f"not a readable DOCX ({_reason(e)})", file=name) from None
    text, headings = _join_lines(lines)
    return Document(path=name, format="docx", text=text, headings=headings)


def _check_docx_zip(data: bytes, name: str) -> None:
    """Refuse what is not a DOCX, and zip bombs and entity declarations, before parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            parts = [i for i in zf.infolist() if i.filename.endswith((".xml", ".rels"))]
            too_big = any(i.file_size > MAX_XML_BYTES for i in parts)
            head = b""
            if not too_big:
                with zf.open(info) as f:
                    head = f.read(4096)
    except zipfile.BadZipFile:
        raise ExtractionError("not a readable DOCX (not a zip file)", file=name) from None
    except KeyError:
        raise ExtractionError("not a readable DOCX (no word/document.xml)", file=name) from None
    except Exception as e:  # zlib, CRC and compression errors from a damaged archive
        raise ExtractionError(f"not a readable DOCX ({_reason(e)})", file=name) from None
    if too_big:
        raise ExtractionError("DOCX too large when uncompressed (possible zip bomb)", file=name)
    # python-docx parses with resolve_entities=False; real DOCX never declare any, so refuse.
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ExtractionError("DOCX contains XML entity declarations (refused)", file=name)


def _docx_lines(doc) -> list[tuple[str, int]]:
    """(line, heading level) for body paragraphs and table rows, in document order."""
    heading_levels, style_numbering = _docx_styles(doc)
    numbers = _ListNumbers(doc, style_numbering)
    lines: list[tuple[str, int]] = []
    for el in _body_blocks(doc.element.body):
        if el.tag == _W + "p":
            style = _val(el.find(_W + "pPr"), "pStyle")
            lines.append((numbers.label(el, style) + _para_text(el), heading_levels.get(style, 0)))
        else:
            lines.extend((row, 0) for row in _table_rows(el, numbers))
    return lines


def _body_blocks(body):
    """w:p and w:tbl children of the body, looking inside content controls (w:sdt)."""
    for el in body:
        if el.tag in (_W + "p", _W + "tbl"):
            yield el
        elif el.tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                yield from _body_blocks(content)


def _para_text(p) -> str:
    """A paragraph's text: runs, hyperlinks, insertions, inline content controls; tabs, breaks."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag not in _DOCX_SKIP:
                walk(child)

    walk(p)
    return "".join(parts)


def _table_rows(tbl, numbers: _ListNumbers) -> list[str]:
    """One line per table row, cells joined with " | " (merged cells appear once)."""
    rows = []
    for tr in tbl.iter(_W + "tr"):
        if tr.getparent() is not tbl and tr.getparent().tag != _W + "sdtContent":
            continue  # rows of nested tables are read as part of their cell
        cells = []
        for tc in tr.iter(_W + "tc"):
            if tc.getparent() is tr or tc.getparent().tag == _W + "sdtContent":
                paras = tc.iter(_W + "p")
                text = " ".join(
                    numbers.label(p, _val(p.find(_W + "pPr"), "pStyle")) + _para_text(p)
                    for p in paras
                )
                cells.append(" ".join(text.split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _val(el, child: str, default: str | None = None) -> str | None:
    """The w:val of `el`'s child element `child`, else `default`."""
    c = el.find(_W + child) if el is not None else None
    return c.get(_W + "val", default) if c is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _docx_styles(doc) -> tuple[dict[str, int], dict[str, tuple[str | None, int | None]]]:
    """Per paragraph style id: heading level ("Heading 1".."Heading 9", "Title"), numPr."""
    raw = {}
    for s in doc.styles.element.findall(_W + "style"):
        if s.get(_W + "type") == "paragraph":
            numpr = s.find(f"{_W}pPr/{_W}numPr")
            num = (
                (_val(numpr, "numId"), _int(_val(numpr, "ilvl"), 0)) if numpr is not None else None
            )
            raw[s.get(_W + "styleId")] = ((_val(s, "name") or "").lower(), _val(s, "basedOn"), num)
    levels, numbering = {}, {}
    for style_id in raw:
        chain, sid = [], style_id
        while sid in raw and len(chain) < 10:  # basedOn chain; the bound stops cycles
            chain.append(raw[sid])
            sid = raw[sid][1]
        for style_name, _, _ in chain:
            m = re.fullmatch(r"heading ([1-9])|(title)", style_name)
            if m:
                levels[style_id] = int(m.group(1) or 1)
                break
        numbering[style_id] = next((num for _, _, num in chain if num), (None, None))
    return levels, numbering


class _ListNumbers:
    """Word's automatic list numbers, which python-docx does not render.

    Counters belong to the abstract definition (lists that share one continue each other);
    a w:num with a startOverride restarts them the first time it is used.
    """

    def __init__(self, doc, style_numbering: dict[str, tuple[str | None, int | None]]):
        self.style_numbering = style_numbering
        self.abstracts: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for a in root.findall(_W + "abstractNum"):
            self.abstracts[a.get(_W + "abstractNumId")] = {
                _int(lvl.get(_W + "ilvl"), 0): (
                    _val(lvl, "numFmt", "decimal"),
                    _val(lvl, "lvlText", ""),
                    _int(_val(lvl, "start"), 1),
                )
                for lvl in a.findall(_W + "lvl")
            }
        for n in root.findall(_W + "num"):
            overrides = {
                _int(o.get(_W + "ilvl"), 0): _int(_val(o, "startOverride"), 1)
                for o in n.findall(_W + "lvlOverride")
                if o.find(_W + "startOverride") is not None
            }
            self.nums[n.get(_W + "numId")] = (_val(n, "abstractNumId"), overrides)

    def label(self, p, style: str | None) -> str:
        """The rendered number plus a space ("12.3. "), or "" for unnumbered paragraphs."""
        num_id, ilvl = self.style_numbering.get(style, (None, None))
        numpr = p.find(f"{_W}pPr/{_W}numPr")
        if numpr is not None:
            num_id = _val(numpr, "numId", num_id)
            ilvl = _int(_val(numpr, "ilvl"), ilvl or 0)
        if num_id not in self.nums:  # includes numId 0: numbering switched off
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstracts.get(abstract_id, {})
        ilvl = ilvl or 0
        if ilvl not in levels:
            return ""
        counts = self.counts.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counts[level] = start - 1
        fmt, text, start = levels[ilvl]
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if fmt == "bullet":
            return ""

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            k_fmt, _, k_start = levels.get(k, ("decimal", "", 1))
            return _format_number(counts.get(k, k_start), k_fmt)

        label = re.sub(r"%([1-9])", number, text).strip()
        return f"{label} " if label else ""
