"""The PDF reader: page texts from pdfium (or pdfplumber), cleaned of running headers,
footers, page numbers and words split at line ends."""

from __future__ import annotations

import io
import re
from collections import Counter

from clauselint.document import Document, from_pages
from clauselint.errors import ClauselintError, ExtractionError
from clauselint.plaintext import SIGNATURE_LINE, newlines, reason, repair_mojibake

MIN_PDF_CHARS = 20  # fewer non-space characters in a whole PDF means a scan without OCR
ENCRYPTED_PDF = "encrypted PDF: needs a password"
NO_TEXT_LAYER = "no text layer — run OCR first (e.g. ocrmypdf)"

# Running headers/footers live in the first and last lines of a page. Four, not three:
# some CUAD PDFs have four-line footers (title, reference, "Page 2/110", "Source: ...").
_ZONE = 4
_PAGE_NUMBER = re.compile(
    r"(?:[Pp]age\s*|PAGE\s*)?[-–—]?\s*(?:\d{1,4}|[ivx]{1,5})\s*[-–—]?(?:\s*(?:of|OF|/)\s*\d{1,4})?\.?"
)
_DIGITS = re.compile(r"\d+")
# A footnote's first line at a page's foot: its number, a space, its text.
_FOOTNOTE_START = re.compile(r"(\d{1,2}) (?=\S)")
_FOOTNOTE_ZONE = 12  # lines from the foot of a page where footnotes may start
_SOFT_HYPHEN = re.compile("[\ufffe\xad]\n?")
_BLANK_RUN = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_TOKEN = re.compile(r"[a-z]+(?:-\n?[a-z]+)*")
_BREAK = re.compile(r"-\n(?=[A-Za-z])")  # where a word may be split at a line end
_WORD_END = re.compile(r"[A-Za-z]+\Z")
_WORD_START = re.compile(r"[A-Za-z]+")
_KEEP_HYPHEN = {"non", "self", "cross", "third", "anti", "multi", "semi", "quasi"}


def read_pdf(data: bytes, name: str, engine: str, max_pages: int) -> Document:
    """A Document with a page map; ExtractionError for anything that is not a readable PDF."""
    read = _pdfium_pages if engine == "pdfium" else _pdfplumber_pages
    try:
        raw = read(data, name, max_pages)
    except ClauselintError:
        raise
    except Exception as e:  # any failure inside the PDF library is a bad input file
        raise ExtractionError(f"not a readable PDF ({reason(e)})", file=name) from None
    if not raw:
        raise ExtractionError("not a readable PDF (no pages)", file=name)
    if sum(len("".join(page.split())) for page in raw) < MIN_PDF_CHARS:
        raise ExtractionError(NO_TEXT_LAYER, file=name)
    blank = [str(i) for i, page in enumerate(raw, 1) if not page.strip()]
    warnings = (f"no text on page(s) {', '.join(blank)}: scanned? run OCR",) if blank else ()
    return from_pages(name, "pdf", clean_pages(raw), warnings=warnings)


def _too_many(n: int, name: str, max_pages: int) -> None:
    if n > max_pages:
        raise ExtractionError(f"too many pages ({n}; the limit is {max_pages})", file=name)


def _pdfium_pages(data: bytes, name: str, max_pages: int) -> list[str]:
    import pypdfium2 as pdfium  # imported late: loading PDF libraries slows every CLI start
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(ENCRYPTED_PDF, file=name) from None
        raise
    try:
        _too_many(len(pdf), name, max_pages)
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


def _pdfplumber_pages(data: bytes, name: str, max_pages: int) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _too_many(len(pdf.pages), name, max_pages)
            pages = []
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()
            return pages
    except ClauselintError:
        raise
    except Exception as e:
        if isinstance(e.args[0] if e.args else e, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ExtractionError(ENCRYPTED_PDF, file=name) from None
        raise


def clean_pages(raw: list[str]) -> list[str]:
    """Normalised page texts without running headers/footers, page numbers or split words."""
    pages = [[" ".join(line.split()) for line in _pdf_text(page).split("\n")] for page in raw]
    pages = [_footnotes(lines) for lines in _drop_running_lines(pages)]
    texts = [_blank_runs("\n".join(lines)).strip("\n") for lines in pages]
    return _join_split_words(texts)


def _blank_runs(text: str) -> str:
    """Runs of blank lines as one blank line."""
    return _BLANK_RUN.sub("\n\n", text) if "\n\n\n" in text else text


def _pdf_text(page: str) -> str:
    # pdfium marks a hyphen that ended a visual line as U+FFFE and drops the line break;
    # putting the break back lets headers/footers be found line by line.
    # No-break and other Unicode spaces need no mapping: lines are re-spaced by str.split().
    text = repair_mojibake(newlines(page))
    if "\ufffe" in text or "\xad" in text:  # on few pages: str's search skips the regex's scan
        text = _SOFT_HYPHEN.sub("-\n", text)
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
        repeated = {k for k in repeated if not SIGNATURE_LINE.search(k)}
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


def _footnotes(lines: list[str]) -> list[str]:
    """A page's footnotes, printed at its foot under the body ("3 A Customer that wishes ..."),
    set apart as "[3] A Customer that wishes ..." paragraphs, and their reference marks, glued to
    the body text by the extraction ("... Addendum.3 No Order Form"), taken out of it.

    A foot line counts as a footnote only if the body above holds its mark: the same number right
    after a word, bracket or quote (and any punctuation), before a space. Footnotes of a page are
    numbered one after another; a line between two footnote starts continues the one before.
    Without this, a footnote reads as a numbered heading ("§ 3, A") that takes over the sections
    after it, and a glued mark hides a sentence end (".5 If").
    """
    filled = [i for i, line in enumerate(lines) if line]
    for start in filled[-_FOOTNOTE_ZONE:]:
        first = _FOOTNOTE_START.match(lines[start])
        if not first:
            continue
        body = "\n".join(lines[:start])
        number, notes = int(first.group(1)), []
        for i in range(start, len(lines)):
            m = _FOOTNOTE_START.match(lines[i])
            if m and int(m.group(1)) == number and _mark(number).search(body):
                notes.append([f"[{number}] {lines[i][m.end() :]}"])
                number += 1
            elif m and int(m.group(1)) == number:  # a numbered line without a mark above
                break
            elif lines[i]:
                notes[-1].append(lines[i])
        else:
            for n in range(int(first.group(1)), number):
                body = _mark(n).sub(r"\1", body, count=1)
            return [*body.split("\n"), *(x for note in notes for x in ("", " ".join(note)))]
    return lines


def _mark(number: int) -> re.Pattern:
    # not the number of a lettered clause ("A.1 Model access", "(B.2)"): a capital letter standing
    # alone before the dot is a schedule's clause number, not a word carrying a footnote mark
    return re.compile(
        rf"(?<![\s(][A-Z])(?<!^[A-Z])(?<=[A-Za-z)\]\"”’'])([.,;:]?){number}(?=[ \t\n]|$)", re.M
    )


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
