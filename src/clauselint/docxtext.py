"""The DOCX reader: body paragraphs and tables in order, heading styles and Word's list
numbers; the archive is checked (zip bombs, entity declarations) before anything parses it."""

from __future__ import annotations

import io
import re
import zipfile

from clauselint.document import Document
from clauselint.errors import ClauselintError, ExtractionError
from clauselint.plaintext import format_number, join_lines, reason

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Run content that is not body text: deletions, drawings and text boxes, formatting.
_DOCX_SKIP = {_W + t for t in ("del", "moveFrom", "drawing", "pict", "object", "pPr", "rPr")}
_DOCX_SKIP.add(_MC + "AlternateContent")


def read_docx(data: bytes, name: str, *, max_part: int, max_total: int) -> Document:
    """A Document from DOCX bytes; `max_part` bounds one uncompressed XML part, `max_total`
    the whole uncompressed archive (python-docx holds all of it in memory)."""
    check_zip(data, name, max_part=max_part, max_total=max_total)
    import docx  # imported late, like the PDF libraries

    try:
        doc = docx.Document(io.BytesIO(data))
        lines = _docx_lines(doc)
    except ClauselintError:
        raise
    except Exception as e:  # any failure inside python-docx/lxml is a bad input file
        raise ExtractionError(f"not a readable DOCX ({reason(e)})", file=name) from None
    text, headings = join_lines(lines)
    return Document(path=name, format="docx", text=text, headings=headings)


MAX_ENTRIES = 10_000  # files in the archive; a real DOCX has tens
# Parsing and walking costs ~10 µs and ~200 bytes per element: this bounds a DOCX of a
# million empty paragraphs to ~40 s and ~1 GB. A 3,000-page contract has fewer tags.
MAX_XML_TAGS = 4_000_000
# Real DOCX parts never declare a DTD, and python-docx parses without resolving entities;
# refusing any declaration (in UTF-8 or UTF-16) keeps billion-laughs and XXE out entirely.
_DECLARATIONS = tuple(
    s.encode(codec)
    for s in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 << 20
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_DOCX = "encrypted DOCX: needs a password"


def check_zip(data: bytes, name: str, *, max_part: int, max_total: int) -> None:
    """Refuse what is not a DOCX, zip bombs and entity declarations, before parsing.

    The sizes in a zip's headers can lie, so every XML part is also inflated once as a
    stream, a chunk at a time, counting what comes out and stopping at the limit.
    """

    def fail(why: str):
        return ExtractionError(why, file=name)

    if data.startswith(_OLE):  # Word's encryption, and .doc, use the old compound file
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise fail(ENCRYPTED_DOCX if encrypted else "a Word 97-2003 file, not DOCX (save as .docx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise fail(f"not a readable DOCX ({len(infos)} files in the archive)")
            zf.getinfo("word/document.xml")
            if sum(i.file_size for i in infos) > max_total:
                raise fail(_BOMB)
            tags = 0
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    tags += _scan_part(zf, info, max_part, fail)
                if tags > MAX_XML_TAGS:
                    raise fail(f"DOCX too large (over {MAX_XML_TAGS:,} XML tags)")
    except ClauselintError:
        raise
    except zipfile.BadZipFile as e:
        what = "not a zip file" if "not a zip file" in str(e).lower() else reason(e)
        raise fail(f"not a readable DOCX ({what})") from None
    except KeyError:
        raise fail("not a readable DOCX (no word/document.xml)") from None
    except Exception as e:  # zlib, CRC, unsupported compression, encrypted members
        raise fail(f"not a readable DOCX ({reason(e)})") from None


_BOMB = "DOCX too large when uncompressed (possible zip bomb)"


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_part: int, fail) -> int:
    """The number of tags in one XML part, which it reads without parsing."""
    if info.file_size > max_part:
        raise fail(_BOMB)
    size, tags, tail = 0, 0, b""
    with zf.open(info) as f:
        while chunk := f.read(_CHUNK):
            size += len(chunk)
            tags += chunk.count(b"<")
            if size > max_part:
                raise fail(_BOMB)
            window = tail + chunk
            if any(d in window for d in _DECLARATIONS):
                raise fail("DOCX contains XML entity declarations (refused)")
            tail = window[-32:]
    return tags


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
            return format_number(counts.get(k, k_start), k_fmt)

        label = re.sub(r"%([1-9])", number, text).strip()
        return f"{label} " if label else ""
