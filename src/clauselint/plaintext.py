"""Bytes to text: encodings and binary refusal, the txt and Markdown readers, and the line
helpers the markup readers share."""

from __future__ import annotations

import re
from collections import Counter

from clauselint.document import Document, Heading
from clauselint.errors import ExtractionError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Text and warnings: UTF-8 (BOMs honoured), else cp1252, else latin-1; refuse binary.
    Line ends are normalised and mojibake decoded again (repair_mojibake)."""
    text, warnings = _decoded(data, name)
    return repair_mojibake(newlines(text)), warnings


def _decoded(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), ()
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    # A NUL anywhere is binary: text with a binary tail (a corrupt download) is not a contract.
    if b"\0" in data or controls > 0.05 * len(head):
        raise ExtractionError("binary file, not text", file=name)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    for codec in ("cp1252", "latin-1"):
        try:
            return data.decode(codec), (f"not valid UTF-8: decoded as {codec}",)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Mojibake: UTF-8 bytes read as Windows-1252 (a web page scraped or saved with the wrong
# charset), so that "you’re" reads "youâ€™re", “x” reads "â€œxâ€", § reads "Â§". Each run is
# a lead character (a UTF-8 lead byte as cp1252) and its continuation characters; the closing
# quote's last byte (0x9D) is undefined in cp1252 and is often lost, leaving a bare "â€".
def _cp1252_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_MOJI_BYTE = {_cp1252_char(b): b for b in range(0x80, 0x100)}
_MOJI_CONT = "".join(re.escape(_cp1252_char(b)) for b in range(0x80, 0xC0))
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df][{_MOJI_CONT}]|[\u00e0-\u00ef][{_MOJI_CONT}]{{1,2}}"
    f"|[\u00f0-\u00f4][{_MOJI_CONT}]{{3}}"
)
_MOJI_SIGNS = re.compile(
    "\u00e2\u20ac[\u2122\u0153\u02dc\u201c\u201d\u00a6\u00a2]|\u00c2[\u00a0\u00a7\u00a3\u00a9\u00b7]"
)
_MOJI_MIN = 3  # signatures needed before a text is taken as mis-decoded


def _unmangle(m: re.Match) -> str:
    run = m.group()
    try:
        fixed = bytes(_MOJI_BYTE[c] for c in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        if run == "\u00e2\u20ac":  # the closing quote with its undefined last byte lost
            return "\u201d"
        return run
    return fixed


def repair_mojibake(text: str) -> str:
    """`text` with UTF-8-read-as-cp1252 runs decoded again, when it plainly has them (a few
    "â€™" / "Â§" signatures); any other text is returned unchanged."""
    head = text[:200_000]
    if "\u00e2\u20ac" not in head and "\u00c2" not in head:
        return text  # no signature at all: str's search is far faster than the regex's scan
    if len(_MOJI_SIGNS.findall(head)) < _MOJI_MIN:
        return text
    return _MOJIBAKE.sub(_unmangle, text)


def reason(e: BaseException) -> str:
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
    lines = text.splitlines() or [type(e).__name__]
    return lines[0].strip().rstrip(".")[:80]


def read_txt(data: bytes, name: str) -> Document:
    text, warnings = decode(data, name)
    return Document(
        path=name, format="txt", text=blank_anchor_marks(blank_furniture(text)), warnings=warnings
    )


# A documentation site's heading-anchor mark copied with the heading ("3. Fees¶", "Fees #"):
# furniture that keeps the line from reading as a numbered heading.
_ANCHOR_CHARS = ("¶", "\uf0c1", "🔗")
_ANCHOR_MARK = re.compile(rf"(?<=\w)[ \t]*[{''.join(_ANCHOR_CHARS)}][ \t]*$", re.M)


def blank_anchor_marks(text: str) -> str:
    """The text with a pilcrow or link mark ending a line turned into spaces (offsets kept)."""
    if not any(mark in text for mark in _ANCHOR_CHARS):
        return text  # the regex tries every position: 0.5 s over the 236 CUAD texts
    return _ANCHOR_MARK.sub(lambda m: " " * len(m.group()), text)


# Page furniture left in text converted from a PDF: "Page 2 of 5" / "- 3 -" lines, and a
# running header or footer line ("Source: ACME CORP, 10-K, 3/1/2019") repeated on every page.
_PAGE_LINE = re.compile(r"[ \t]*(?:(?:[Pp]age|PAGE)[ \t]+\d{1,4}(?:[ \t]+(?:of|OF)[ \t]+\d{1,4})?"
                        r"|[-–—][ \t]*\d{1,4}[ \t]*[-–—])[ \t]*")  # fmt: skip
_RUNNING = 3  # a paragraph of one line seen this often is a running header, not content
_NOT_RUNNING = re.compile(r"\s*[#|>*+-]|.*[.:;,]\s*$")
# Signature-block lines repeat at the foot of signature pages but are content, not furniture.
SIGNATURE_LINE = re.compile(r"^(?:by|name|title|its|date)\s*:|/s/", re.I)


def blank_furniture(text: str) -> str:
    """The text with page furniture standing alone between blank lines turned into spaces, so
    that a sentence broken by a page break reads on (offsets and line numbers are kept)."""
    lines = text.split("\n")
    n = len(lines)
    alone = [
        i
        for i, line in enumerate(lines)
        if line.strip() and (i == 0 or not lines[i - 1].strip())
        and (i + 1 == n or not lines[i + 1].strip())
    ]  # fmt: skip
    key = {i: " ".join(lines[i].split()) for i in alone}
    seen = Counter(key.values())
    drop = [
        i
        for i in alone
        if _PAGE_LINE.fullmatch(lines[i])
        or (
            seen[key[i]] >= _RUNNING
            and 10 <= len(key[i]) <= 120
            and " " in key[i]
            and not _NOT_RUNNING.match(key[i])
            and not SIGNATURE_LINE.search(key[i])
        )
    ]
    if drop and alone[0] == drop[0] and not _PAGE_LINE.fullmatch(lines[drop[0]]):
        drop = drop[1:]  # the first line is the title, even when it also heads every page
    if not drop:
        return text
    for i in drop:
        lines[i] = " " * len(lines[i])
    return "\n".join(lines)


_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t].*)?")
_SETEXT = re.compile(r" {0,3}(=+|-{2,})[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


# A line of raw HTML that is a <details> block's <summary> ("<summary>11.3 What happens if a
# claim is made</summary>", its title perhaps in <strong>): a heading, as in HTML, its tags blanked.
_SUMMARY = re.compile(
    r"(?i)( {0,3}<summary>(?:\s*<(?:strong|b|em|i)>)?)(.*?\S.*?)((?:</(?:strong|b|em|i)>\s*)?</summary>[ \t]*)"
)


# Backslash escapes ("1\\. Services", "\\*"), as HTML-to-Markdown converters write them.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def read_markdown(data: bytes, name: str) -> Document:
    """The text with backslash escapes resolved (lines keep their numbers); ATX (`# Title`)
    and setext (underlined) headings outside code fences, read on the escaped text ("1\\. Terms"
    underlined is a heading, not a list item); a `<details>` block's `<summary>` line is a
    heading one level below the last ATX heading, its tags blanked (offsets kept)."""
    text, warnings = decode(data, name)
    raw = blank_furniture(text).split("\n")
    lines = [_ESCAPE.sub(r"\1", line) for line in raw]
    headings, pos, fence, last = [], 0, None, 1
    for i, line in enumerate(raw):
        start, pos = pos, pos + len(lines[i]) + 1
        end = start + len(lines[i].rstrip())
        m = _FENCE.match(line)
        if m:
            fence = None if fence == m.group(1) else (fence or m.group(1))
        if m or fence:
            continue
        m = _ATX.fullmatch(line)
        if m and line.strip("# \t"):
            headings.append(Heading(start, end, len(m.group(1))))
            last = len(m.group(1))
            continue
        s = _SUMMARY.fullmatch(lines[i])
        if s:
            lines[i] = " " * len(s.group(1)) + s.group(2) + " " * len(s.group(3))
            headings.append(Heading(start + len(s.group(1)), start + s.end(2), min(6, last + 1)))
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        u = _SETEXT.fullmatch(nxt)
        if u and line.strip() and not line.startswith("    ") and not _LIST_ITEM.match(line):
            headings.append(Heading(start, end, 1 if u.group(1)[0] == "=" else 2))
    return Document(
        path=name, format="md", text="\n".join(lines), headings=tuple(headings), warnings=warnings
    )


def join_lines(lines: list[tuple[str, int]]) -> tuple[str, tuple[Heading, ...]]:
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


def format_number(n: int, fmt: str) -> str:
    """A list counter in a Word numFmt (decimal, lowerLetter, upperRoman, ...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        # Bounded: <ol start="99999999"> must not build a 4 MB label.
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if 0 < n < 2600 else str(n)
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
