"""The HTML reader: text by blocks, headings and list numbers, with html.parser's worst cases
defused first."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from clauselint.document import Document
from clauselint.errors import ExtractionError
from clauselint.plaintext import decode, format_number, join_lines, reason

# <del> is text removed by a change (a published redline: "<del>We may train ...</del><ins>We do
# not train ...</ins>"): it is no longer part of the document, so it is dropped like a script;
# <ins> is current text and is read like any other (presentational <s>/<strike> are kept).
_DROP = {
    "script", "style", "head", "title", "nav", "footer", "noscript", "template", "svg", "del"
}  # fmt: skip
_BLOCK = {
    "p", "div", "li", "tr", "table", "section", "article", "main", "header", "aside", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption", "form",
    "fieldset", "hr", "caption", "center", "body", "h1", "h2", "h3", "h4", "h5", "h6",
    "details", "summary",
}  # fmt: skip
_OL_TYPES = {
    "1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"
}  # fmt: skip
_DT_LEVEL = 30  # below <h6> and every numbered level structure.py gives (MARKUP_LEVELS + n)
# Pages laid out before CSS (sections in table cells) title their sections with a line that is
# all bold - "<font><b>3. Prices and payment</b></font><br>" - and no <h1>-<h6>: such a line,
# short and not a sentence, is a heading at the level of an <h6>.
_BOLD = {"b", "strong"}
_BOLD_LEVEL = 6
_BOLD_MAX_WORDS = 12
# Pages rendered by JavaScript frameworks often have no <h1>-<h6>: a heading is a block element
# marked as one by ARIA (role="heading" aria-level="2") or by a class that names its level
# ("heading-2", "h2", "title-1"), and is read at that level.
_HEADING_CLASS = re.compile(r"(?:^|\s)(?:heading|h|title)[-_]?([1-6])(?:$|\s)", re.I)
# A decimal <ol> that opens right after a numbered heading ("<h2>7. Service Levels</h2><ol>")
# holds that section's numbered sub-clauses, which the page's text cites as "Section 7.1": its
# items are read as "7.1", "7.2" (a stylesheet's counters print them so), not "1.", "2.".
_HEADING_NUMBER = re.compile(r"(?:Section\s+)?(\d{1,2}[A-Z]?)\.?\s+[A-Za-z]")
_NUMBER = re.compile(r"-?[0-9]{1,9}")  # not str.isdigit(): "²" is a digit int() refuses
# Footnotes: a reference marker is a <sup> holding a short mark ("2", "*", "[iv]") that links
# into the page or is marked as a note reference; a back-link is an in-page link whose whole
# text is "Back", "↩" and the like. Both are navigation, not text: kept, "models<sup>2</sup>."
# read "models2." and a note's last sentence ended in "Back".
_MARK = re.compile(r"\[?(?:[0-9]{1,3}|[a-z]{1,4}|[*\u2020\u2021\u00a7]{1,3})\]?", re.I)
_NOTE_HINT = re.compile(r"foot|fnref|noteref|\bfn\b|\bnote", re.I)
_BACK = re.compile(
    r"(?:back(?: to (?:text|top|content))?|return(?: to (?:text|top))?|top|"
    r"[\u21a9\u2191\u21ba^]\ufe0e?)",
    re.I,
)


def _number(value: str | None, default: int) -> int:
    return int(value) if value and _NUMBER.fullmatch(value.strip()) else default


class _HTMLText(HTMLParser):
    """Collects (line, heading level) pairs: blocks end lines, <ol> items get their number."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, int]] = []
        self.parts: list[str] = []
        self.level = 0  # heading level of the line being collected
        self.skip = 0  # depth inside elements whose content is dropped
        self.lists: list[list] = []  # [tag, next number, numFmt, section prefix] per <ol>/<ul>
        self.head_number: str | None = None  # number of a heading no text has followed yet
        # Accordion pages put each section in <details> with its title in <summary>: a heading
        # one level below the last <h1>-<h6> outside any <details> (deeper when nested). A <dt>
        # titles only its own <dd>: a heading deeper than any heading or numbered clause
        # (_DT_LEVEL), so that the next one of those, or the next <dt>, ends it.
        self.details = 0  # depth of open <details>
        self.outer = 1  # level of the last <h1>-<h6> outside <details>
        self.sups: list[list] = []  # [parts list, start index, is a note reference] per <sup>
        self.links: list[tuple[list[str], int, bool]] = []  # [parts, start, in-page] per <a>
        self.bold = 0  # depth of open <b>/<strong>
        self.all_bold = True  # has every word of the line being collected been bold?
        self.marked: list[list] = []  # [tag, depth of the same tag inside] per heading block

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # an unclosed <head> must not swallow the document
            self.skip = 0
        if tag in _DROP:
            self.skip += 1
        if self.skip:
            return
        if tag in _BLOCK or tag == "br":
            self._flush(keep_empty=tag == "br")
        a = dict(attrs)
        if self.marked and tag == self.marked[-1][0]:
            self.marked[-1][1] += 1
        marked = _marked_level(tag, a) if not self.level else 0
        if marked:
            self.marked.append([tag, 0])
            self.level = marked
            if not self.details:
                self.outer = marked
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.level = int(tag[1])
            if not self.details:
                self.outer = self.level
        elif tag == "details":
            self.details += 1
        elif tag == "summary":
            self.level = min(6, self.outer + max(1, self.details))
        elif tag == "dt":
            self.level = _DT_LEVEL
        elif tag in ("ol", "ul"):
            first = _number(a.get("start"), 1)
            fmt = _OL_TYPES.get(a.get("type") or "1", "decimal")
            prefix = None
            if tag == "ol" and not self.lists and fmt == "decimal" and a.get("start") is None:
                prefix = self.head_number
            self.lists.append([tag, first, fmt, prefix])
        elif tag == "li" and self.lists and self.lists[-1][0] == "ol":
            lst = self.lists[-1]
            lst[1] = _number(a.get("value"), lst[1])
            if lst[3]:
                self.parts.append(f"{lst[3]}.{lst[1]} ")
            else:
                self.parts.append(f"{format_number(lst[1], lst[2])}. ")
            lst[1] += 1
        elif tag in ("td", "th") and "".join(self.parts).strip():
            self.parts.append(" | ")
            self.all_bold = False
        elif tag == "sup":
            hint = " ".join(a.get(k) or "" for k in ("class", "id", "role"))
            note = bool(_NOTE_HINT.search(hint)) or bool(self.links and self.links[-1][2])
            self.sups.append([self.parts, len(self.parts), note])  # <a href="#n"><sup>1</sup>
        elif tag == "a":
            inpage = (a.get("href") or "").startswith("#")
            hint = " ".join(a.get(k) or "" for k in ("class", "id", "role"))
            if self.sups and (inpage or _NOTE_HINT.search(hint)):
                self.sups[-1][2] = True
            self.links.append((self.parts, len(self.parts), inpage))
        elif tag in _BOLD:
            self.bold += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BLOCK:
            self._flush()
        if self.marked and tag == self.marked[-1][0]:
            if self.marked[-1][1]:
                self.marked[-1][1] -= 1
            else:
                self.marked.pop()
                self.level = 0
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt"):
            if tag[0] == "h" and self.lines and self.lines[-1][1] == int(tag[1]):
                m = _HEADING_NUMBER.match(self.lines[-1][0])
                self.head_number = m.group(1) if m else None
            self.level = 0
        elif tag == "details":
            self.details = max(0, self.details - 1)
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag == "sup" and self.sups:
            parts, start, note = self.sups.pop()
            self._drop_if(parts, start, note and _MARK.fullmatch(self._since(parts, start)))
        elif tag == "a" and self.links:
            parts, start, inpage = self.links.pop()
            self._drop_if(parts, start, inpage and _BACK.fullmatch(self._since(parts, start)))
        elif tag in _BOLD:
            self.bold = max(0, self.bold - 1)

    def _since(self, parts: list[str], start: int) -> str:
        return "".join(parts[start:]).strip() if parts is self.parts else ""

    def _drop_if(self, parts: list[str], start: int, drop) -> None:
        """Drop what an inline element added to the current line (nothing if a block ended)."""
        if drop and parts is self.parts:
            del self.parts[start:]

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)
            if data.strip() and not self.bold:
                self.all_bold = False

    def _flush(self, keep_empty: bool = False) -> None:
        line = " ".join("".join(self.parts).split())
        level = self.level
        if not level and line and self.all_bold and _bold_heading(line):
            level = _BOLD_LEVEL
        if line and not level:
            self.head_number = None  # text after the heading: a later <ol> is not its clauses
        if line or keep_empty:
            self.lines.append((line, level))
        self.parts = []
        self.all_bold = True


def _marked_level(tag: str, attrs: dict[str, str | None]) -> int:
    """The heading level a block element other than <h1>-<h6> is marked with (0: none)."""
    if tag not in _BLOCK or tag.startswith("h") and tag[1:].isdigit():
        return 0
    if (attrs.get("role") or "").strip().lower() == "heading":
        return min(6, max(1, _number(attrs.get("aria-level"), 2)))
    m = _HEADING_CLASS.search(attrs.get("class") or "")
    return int(m.group(1)) if m else 0


def _bold_heading(line: str) -> bool:
    """Is an all-bold line a title ("3. Prices and payment"), not a bold sentence or a list
    marker alone ("1.")?"""
    words = line.split()
    return (
        len(words) <= _BOLD_MAX_WORDS
        and any(c.isalpha() for c in line)
        and not line.endswith((".", ",", ";"))
    )


# html.parser (before Python 3.13.4) rescans to the end of the input for every tag, comment
# or marked section that is never closed: 80 KB of "<a" took 40 s, of "<a b='" minutes.
# What it makes of such a construct is text, so escaping its "<" first gives the same text
# in linear time.
_COMMENT_END = re.compile(r"--\s*>")
_SECTION_END = re.compile(r"\]\s*\]\s*>")  # <![CDATA[ ... ]]>
_MS_SECTION_END = re.compile(r"\]\s*>")  # Word's <![if ...]> ... <![endif]>
_DECLARATION = re.compile(r"<!(--)|<!\[([a-zA-Z][-_.a-zA-Z0-9]*)?")  # html.parser's names
_SECTIONS = {"cdata": _SECTION_END, "temp": _SECTION_END, "ignore": _SECTION_END,
             "include": _SECTION_END, "rcdata": _SECTION_END, "if": _MS_SECTION_END,
             "else": _MS_SECTION_END, "endif": _MS_SECTION_END}  # fmt: skip


def _last_end(pattern: re.Pattern, text: str) -> int:
    last = -1
    for m in pattern.finditer(text):
        last = m.end()
    return last


def _defuse(text: str) -> str:
    """`text` with every construct html.parser would find unterminated escaped as text."""
    stop = text.rfind(">") + 1  # after the last ">", nothing can be a complete tag
    head, tail = text[:stop], text[stop:].replace("<", "&lt;")
    if "<!" not in head:
        return head + tail
    ends = {p: _last_end(p, head) for p in (_COMMENT_END, _SECTION_END, _MS_SECTION_END)}

    def escape(m: re.Match) -> str:
        if m.group(1):
            closer = _COMMENT_END
        else:  # an unknown or missing section keyword makes html.parser raise
            closer = _SECTIONS.get((m.group(2) or "").lower())
        closed = closer is not None and m.start() < ends[closer]
        return m.group() if closed else "&lt;" + m.group()[1:]

    return _DECLARATION.sub(escape, head) + tail


def read_html(data: bytes, name: str) -> Document:
    text, warnings = decode(data, name)
    parser = _HTMLText()
    try:
        parser.feed(_defuse(text))
        parser.close()
    except Exception as e:  # html.parser is lenient; this is belt and braces
        raise ExtractionError(f"not readable HTML ({reason(e)})", file=name) from None
    parser._flush()
    text, headings = join_lines(parser.lines)
    return Document(path=name, format="html", text=text, headings=headings, warnings=warnings)
