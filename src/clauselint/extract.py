"""Reading input files into a Document: the one entry point for every file format.

This module chooses the reader (by suffix, or by sniffing the content), enforces the limits
that keep hostile input bounded in time and memory, and names the file in every error; the
readers are ``plaintext`` (txt, md), ``htmltext``, ``pdftext`` and ``docxtext``. Bad input
of any kind becomes an ``ExtractionError``; no third-party traceback escapes.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from clauselint.document import Document
from clauselint.docxtext import read_docx
from clauselint.errors import ExtractionError, UnsupportedFormatError
from clauselint.htmltext import read_html
from clauselint.pdftext import ENCRYPTED_PDF, MIN_PDF_CHARS, NO_TEXT_LAYER, read_pdf
from clauselint.pdftext import clean_pages as _clean_pdf_pages
from clauselint.plaintext import decode, read_markdown, read_txt

__all__ = ["SUFFIXES", "FORMATS", "PDF_ENGINES", "extract_path", "extract_bytes"]
__all__ += ["ENCRYPTED_PDF", "MIN_PDF_CHARS", "NO_TEXT_LAYER", "_clean_pdf_pages"]

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

# Limits: generous for real contracts (a 3,000-page bundle is ~12 MB of text), and what
# keeps one hostile file within about a minute and 1.5 GB.
MAX_FILE_BYTES = 512 * 1024 * 1024  # read from disk
MAX_XML_BYTES = 200 * 1024 * 1024  # one uncompressed DOCX part; more is a zip bomb
MAX_DOCX_BYTES = 512 * 1024 * 1024  # the whole uncompressed DOCX
MAX_PDF_PAGES = 20_000
MAX_TEXT_CHARS = 24 * 1024 * 1024  # about 6,000 pages; checking more takes minutes


def extract_path(path: str | os.PathLike, *, pdf_engine: str = "pdfium") -> Document:
    """Read a file into a Document; the format comes from the suffix (or, failing that, content)."""
    name = os.fsdecode(path)
    p = Path(name)
    data = _read(name)
    # A file with an unknown suffix is read only when its content is unmistakably a format.
    fmt = SUFFIXES.get(p.suffix.lower()) or _sniff(data)
    if fmt is None:
        supported = ", ".join(SUFFIXES)
        what = f"'{p.suffix}'" if p.suffix else "(no file suffix)"
        raise UnsupportedFormatError(
            f"unsupported format {what} (supported: {supported})", file=name
        )
    return _extract(data, name, fmt, pdf_engine)


def _read(name: str) -> bytes:
    """The file's bytes, refusing directories, devices, pipes and files over the limit."""
    try:
        st = os.stat(name)
        if stat.S_ISDIR(st.st_mode):
            raise ExtractionError("is a directory", file=name)
        if not stat.S_ISREG(st.st_mode):  # /dev/zero or a FIFO would never end
            raise ExtractionError("not a regular file", file=name)
        with open(name, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ExtractionError("no such file", file=name) from None
    except PermissionError:
        raise ExtractionError("permission denied", file=name) from None
    except OSError as e:
        raise ExtractionError(f"cannot read ({e.strerror or e})", file=name) from None
    if len(data) > MAX_FILE_BYTES:
        raise ExtractionError(f"file too large (over {MAX_FILE_BYTES >> 20} MB)", file=name)
    return data


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
        _expect(b"%PDF-" in data[:1024], data, name, "not a readable PDF (no PDF header)")
        doc = read_pdf(data, name, pdf_engine, MAX_PDF_PAGES)
    elif fmt == "docx":
        is_zip = zipfile.is_zipfile(io.BytesIO(data)) or data.startswith(_OLE)
        _expect(is_zip, data, name, "not a readable DOCX (not a zip file)")
        doc = read_docx(data, name, max_part=MAX_XML_BYTES, max_total=MAX_DOCX_BYTES)
    else:
        doc = {"txt": read_txt, "md": read_markdown, "html": read_html}[fmt](data, name)
    if not doc.text.strip():
        raise ExtractionError("no text", file=name)
    if len(doc.text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            f"too much text ({len(doc.text):,} characters; the limit is {MAX_TEXT_CHARS:,})",
            file=name,
        )
    return doc


def _expect(ok: bool, data: bytes, name: str, message: str) -> None:
    """Raise `message`, plus what the content looks like, unless `ok`."""
    if ok:
        return
    seen = _sniff(data)
    if seen is None:
        try:
            decode(data[:8192], name)
            seen = "text"
        except ExtractionError:
            pass
    what = {"pdf": "a PDF", "docx": "a DOCX", "html": "HTML", "text": "plain text"}.get(seen)
    raise ExtractionError(
        f"{message}; the content looks like {what}" if what else message, file=name
    )


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and encrypted .docx: read_docx names them


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
