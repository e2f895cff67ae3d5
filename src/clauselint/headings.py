"""Headings of a Document, found from its text: numbered lines and clauses, articles, "§"
signs, schedules and exhibits after the body, and the headings the format itself marks
(HTML, Markdown, DOCX styles), each with its level and the titles of the sections it sits in.

Contract text often arrives flattened (PDF conversion puts "5.7 Payment. All payments ..." in
the middle of a paragraph), so headings are found inline as well as at line starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from string import ascii_letters, ascii_uppercase, digits

from .document import Document
from .parties import EMPHASIS
from .sentences import finditer_any


@dataclass(frozen=True)
class Section:
    start: int  # offset of the heading (or number)
    number: str | None  # "12.3", "IV", "(a)"
    title: str | None  # "Change of Control"
    level: int
    title_path: tuple[str, ...]  # titles of this section and its ancestors, outermost first


# -- headings ---------------------------------------------------------------------------------

# A title is either a run of capitalised words ending at "." / ":" / a line end, or a run of
# ALL-CAPS words (which may run straight into the body text, as in "ARTICLE 6 - TERM This ...").
_CAPS = r"[A-Z][A-Z0-9,&/'()\-]*"
_TITLE = (
    rf"(?:{_CAPS}(?:[ \t]+(?:{_CAPS}|and|of|the|or|for|to|in|on))*(?=[ \t]+\S|[ \t]*[.:]?[ \t]*(?:\n|$))|"
    r"[A-Z][A-Za-z0-9,&/'()\- ]{1,70}?(?=(?:\*\*|__|\*|_)?[.:](?:\*\*|__|\*|_)?\s|(?:\*\*|__|\*|_)?[ \t]*\n|$))"
)
# Markdown emphasis between a number and its title: "10. **Limitation of Liability.**",
# "10.2 *Cap.* Each party's ..." (list-numbered Markdown contracts)
_LINE_HEADINGS = [
    # ARTICLE IV -- TERM AND TERMINATION / Article 5: Fees; in US corporate forms the article
    # line may stand alone, centred, with its ALL-CAPS title on the next line:
    # "ARTICLE VIII\n   LIMITATION OF LIABILITY\n"
    (
        re.compile(
            r"(?:ARTICLE|Article)[ \t]+([IVXLC]+|\d{1,2})\b\.?(?:[ \t]*\n[ \t]*"
            r"([A-Z][A-Z0-9,;&/'()\-]*(?:[ \t]+[A-Z0-9,;&/'()\-]+){0,9})(?=[ \t]*\n)|[ \t]*(?:[-–—:.]+[ \t]*)?("
            + _TITLE
            + r")?)"
        ),
        "article",
    ),
    # Section 12. Assignment / SECTION 12 - ASSIGNMENT / Clause 4   DATA PROTECTION (English
    # drafting numbers its top-level headings as clauses); the number ends at a "." only if no
    # digit follows, so a reference "Section 3.2(c) does not ..." is not a heading "Section 3"
    (
        re.compile(
            r"(?:SECTION|Section|CLAUSE|Clause)[ \t]+(\d{1,2}(?:\.\d{1,2})*)\.?[ \t]*(?:[-–—:][ \t]*)?("
            + _TITLE
            + r")?(?=[ \t:\n]|\.(?!\d)|$)"
        ),
        "section",
    ),
    # 12.3 Change of Control. / 1. DEFINITIONS / A.1 Scope; a word processor's Markdown export
    # bolds the number alone and may put a non-breaking space after it: "**1.**\u00a0**Definitions**",
    # "**10.2** OUR TOTAL LIABILITY ..."
    (
        re.compile(
            r"((?:[A-Z]\.)?\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:\*\*|__)?[ \t\u00a0]+"
            + EMPHASIS
            + "("
            + _TITLE
            + r")?"
        ),
        "number",
    ),
    # g. Governing Law. / B. Definitions (a letter heading needs a title)
    (re.compile(r"([A-Za-z])\.[ \t]+(" + _TITLE + r")"), "letter"),
    # (a) lettered sub-clauses carry no title
    (re.compile(r"\(([a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s"), "item"),
]
# The heading forms that can start with a character (the others are not tried there).
_FIRST = {"article": "A", "section": "SC", "number": ascii_uppercase + digits,
          "letter": ascii_letters, "item": "("}  # fmt: skip
_BY_FIRST = {
    c: [(rx, kind) for rx, kind in _LINE_HEADINGS if c in _FIRST[kind]]
    for c in ascii_letters + digits + "("
}
# Where a heading may begin: a line start (after Markdown list/heading marks), or inline after
# the end of a sentence, as in flattened PDF text.
# A Markdown bold run may open the line: "**1.1 Access.** Subject to ...".
# (One pattern per first character, which the engine can skip ahead to: see finditer_any. A
# place is kept only where a heading form can open: most lines and sentences open with a word.)
_CAN_OPEN = r"(?=[0-9(§]|[A-Za-z]\.|ARTICLE|Article|SECTION|Section|CLAUSE|Clause)"
_HEAD_START = (
    re.compile(r"\n[ \t]*(?:[#*>+-]+[ \t]+)?(?:\*\*|__)?" + _CAN_OPEN),
    *(re.compile(re.escape(stop) + r" {1,4}(?=[A-Z(\d])" + _CAN_OPEN) for stop in ".:;"),
)
_TEXT_START = re.compile(r"[ \t]*(?:[#*>+-]+[ \t]+)?(?:\*\*|__)?")


def _level(kind: str, number: str) -> int:
    if kind == "article":
        return 1
    if kind == "item":
        return 5
    if kind == "letter":
        return 4
    return 1 + number.count(".")


def _clean_title(title: str | None, sentence_case: bool = False) -> str | None:
    if not title:
        return None
    if title.rstrip().endswith((",", ";")):
        return None  # "11.1 EXCEPT FOR THE EXCLUDED CLAIMS,\nEACH PARTY'S ...": the line runs on
    title = title.strip(" .:-–—")
    cut = title.rfind("(")
    if cut > 0 and ")" not in title[cut:] and " " not in title[cut:]:
        # "2. Integrity (Art. 32 GDPR): ...": an abbreviation's point cut the title short
        title = title[:cut].rstrip(" .:-–—")
    words = title.split()
    # A real heading is short; a long run of lowercase words is a sentence, not a title.
    if not words or len(words) > 10:
        return None
    capitals = sum(w[0].isupper() for w in words if w[0].isalpha())
    if capitals < (1 if sentence_case else max(1, len(words) // 2)):
        return None
    if _OBLIGATION.search(title) or _CAPS_CLAUSE.search(title):
        return None  # "The Distributor shall not" is a lead-in, not a heading; so is "THE
        # SERVICES ARE PROVIDED" opening a disclaimer in capitals
    if _CONDITION_OPENING.match(title) and len(_LOWER_WORD.findall(title)) >= 2:
        return None  # "6.2 If Tarnwick becomes aware of a Security": a sentence wrapped in a column
    return title


def _opens_first_child(text: str, hm: re.Match, number: str) -> bool:
    """A line "4. Rate limits and capacity" alone, with "4.1" opening the next (non-blank) line: a
    title in sentence case (a sentence would run on, not give way to its own first subsection)."""
    end = text.find("\n", hm.end())
    if end < 0 or text[hm.end() : end].strip(" \t."):
        return False
    child = f"{number}.1"
    nxt = text[end + 1 : end + 40].lstrip()  # (past blank lines and an indent)
    return nxt.startswith(child) and nxt[len(child) : len(child) + 1] in (" ", "\t", ".")


_CAPS_CLAUSE = re.compile(r"\b(?:SHALL|WILL|MUST|(?:IS|ARE)\s+PROVIDED)\b")
_OBLIGATION = re.compile(r"\b(?:shall|will|may|must|agrees?)\b")
# A title does not open with a condition in sentence case: "6.2 If Tarnwick becomes aware of a
# Security" is the first line of a paragraph wrapped in a narrow column (PDF text in two columns),
# the rest of the condition on the next line. ("If You Are a Consumer" stays a title.)
_CONDITION_OPENING = re.compile(r"(?:If|Unless|Although|Because|Whenever)\s")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]{4,}\b")
_MONTH = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
MARKUP_LEVELS = 6  # <h1>..<h6>


# Words that, ending a hard-wrapped line (hard-wrapped and PDF text), make the number opening the
# next line a reference, not a heading: "... under Section\n3.2 of the Agreement", "... share it
# with us under\nSection 5.2." (the hygiene outline reads wrapped lines by the same words)
REFERENCE_WORDS = (
    r"Sections?|Clauses?|Articles?|Paragraphs?|Exhibits?|Schedules?|Annex(?:es)?|Parts?|§§?"
)
LEAD_WORDS = (
    r"under|in|of|to|with|by|see|per|at|from|and|or|than|pursuant to|subject to|this|that|the"
)
_WRAPPED_REFERENCE = re.compile(rf"\b(?:{LEAD_WORDS})[ \t]*\n[ \t]*\Z")


def _ends_heading(text: str, m: re.Match) -> bool:
    """Does a bare "Section 14" stand as a heading: with a stop after it, or alone on its line?"""
    tail = m.group(0).rstrip(" \t")[-1:]
    return tail in (".", ":", "-", "–", "—") or text[m.end() : m.end() + 1] in ("", "\n", ".", ":")


# A row of a column-aligned plain-text table (an order form's fee or line-item table): its cells
# are set apart by runs of three or more spaces (or tabs), at least three times on the line, and
# at least two short cells after the first hold figures ("GBP 2.40", "4,000 M / yr"). A numbered
# heading has one such gap, or two when an ALL-CAPS title runs into its text; PDF-extracted and
# justified prose can have many gaps, but on long lines, with sentences or clause numbers in them.
_COLUMN_GAP = re.compile(r"(?<=\S)(?:[ ]{3,}|\t+)(?=\S)")


def _table_row(text: str, pos: int) -> bool:
    end = text.find("\n", pos)
    line = text[pos : len(text) if end < 0 else end].strip()
    if len(line) > 250 or _SENTENCE_IN_LINE.search(line):
        return False  # flattened prose: whole clauses on one line
    cells = _COLUMN_GAP.split(line)
    if len(cells) < 4:
        return False
    figures = [
        c for c in cells[1:]
        if len(c) <= 25 and any(ch.isdigit() for ch in c) and not _CLAUSE_NUMBER.match(c)
    ]  # fmt: skip
    return len(figures) >= 2


_SENTENCE_IN_LINE = re.compile(r"[a-z)]\.\s+[A-Z]")
_CLAUSE_NUMBER = re.compile(r"\(?\d{1,2}(?:\.\s?\d{1,2})*(?:[.)]?\s+[A-Z]|[.)]?$)")

# A line that ends on "Section" (or Clause, Schedule ...) runs on: the "3.2" opening the next line
# is the number it refers to, not a heading.
_WRAPPED_SECTION_WORD = re.compile(rf"(?<!\w)(?:{REFERENCE_WORDS})[ \t]*\n[ \t]*\Z", re.I)


def _after_line_break(text: str, pos: int) -> bool:
    """Only blanks between the last line break and pos (a test cheaper than the pattern's)."""
    return text[max(0, pos - 40) : pos].rstrip(" \t").endswith("\n")


# "thirty\n(30) days": a number in words and figures, hard-wrapped, not an item "(30)".
_COUNT = re.compile(
    r"\(\d{1,4}\)[ \t]+(?:calendar[ \t]+|business[ \t]+|working[ \t]+)?"
    r"(?:days?|weeks?|months?|years?|hours?|minutes?|percent)\b"
)


# German drafting numbers its top-level headings with a section sign, alone on their line and in
# sentence case: "§ 6 Notification of personal data breaches", "§ 3 Scope; instructions" ("§ 7
# para. 2 applies" is a reference: its "title" runs into a sentence).
_PARAGRAPH_SIGN_HEADING = re.compile(
    r"§[ \t]*(\d{1,3}[a-z]?)\.?[ \t]+([A-Z][A-Za-z0-9,;&/'()\- ]{1,80}?)[ \t]*(?=\n|\Z)"
)
# "Art. 82 GDPR", "Sec. 5 para. 3", "No. 12": the point of an abbreviation before a number is no
# sentence end, so what follows is a reference, not a heading "82 GDPR".
_ABBREVIATION_BEFORE = re.compile(
    r"\b(?:Arts?|Secs?|Sect|Nos?|Nr|paras?|Para|Abs|lit|cl|subs?|sent|Ch|Chap|Annex|Art)\.[ \t]*\Z"
)


def _paragraph_sign_heading(text: str, pos: int) -> tuple[str, str] | None:
    if pos and text[pos - 1] != "\n":
        return None  # a heading stands at a line start, not after a sentence on the line
    m = _PARAGRAPH_SIGN_HEADING.match(text, pos)
    if not m:
        return None
    title = m.group(2).strip()
    words = title.split()
    if len(words) > 10 or title.endswith((",", ";")) or _OBLIGATION.search(title):
        return None
    if re.search(r"\b(?:para|sentence|no|applies|apply)\b", title, re.I):
        return None  # "§ 7 para. 2 applies accordingly": a reference opening a wrapped line
    return m.group(1), title


# The key of a "Key: value" line of an order form or cover page, from the line start to the colon:
# "Provider Address: ", "Seats: ". What follows is the field's value, not an inline heading
# ("88 Harrison Street, Suite 400" used to open a section numbered 88).
_FIELD_KEY = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Za-z'’()/&-]*(?:[ \t]+[A-Za-z'’()/&-]+){0,5}: $")


def find_headings(doc: Document) -> list[Section]:
    text = doc.text
    found: dict[int, tuple[str | None, str | None, int]] = {}
    starts = [_TEXT_START.match(text).end()] + [m.end() for m in finditer_any(_HEAD_START, text)]
    for pos in starts:
        c = text[pos : pos + 1]
        if c == "§" and not doc.headings:
            sign = _paragraph_sign_heading(text, pos)
            if sign:
                found[pos] = (f"§ {sign[0]}", sign[1], 1)
            continue
        if not (c.isascii() and (c.isalnum() or c == "(")):
            continue  # every heading form starts so (a blank line, most often)
        if text[pos - 1 : pos] != "\n" and _ABBREVIATION_BEFORE.search(text, max(0, pos - 12), pos):
            continue  # "... in accordance with Art. 82 GDPR": a reference after "Art."
        if text[pos - 2 : pos] == ": " and _FIELD_KEY.search(text, max(0, pos - 60), pos):
            continue  # "Provider Address: 88 Harrison Street": the value of an order form's field
        for rx, kind in _BY_FIRST[c]:
            hm = rx.match(text, pos)
            if not hm:
                continue
            number = hm.group(1)
            if (
                kind in ("number", "item")
                and _after_line_break(text, pos)
                and _WRAPPED_SECTION_WORD.search(text, max(0, pos - 40), pos)
            ):
                break  # hard-wrapped "... under Section\n3.2 of the Agreement": a reference
            if kind == "item" and _COUNT.match(text, pos):
                break  # "... at least thirty\n(30) days' notice": a number, not an item
            raw = next((g for g in hm.groups()[1:] if g), None)
            title = _clean_title(raw)
            if title is None and kind == "number" and _opens_first_child(text, hm, number):
                title = _clean_title(raw, sentence_case=True)
            if kind == "number" and title is None and "." not in number:
                continue  # "12 months" is not a heading; "2.1 The Supplier shall" is
            if kind == "number" and title and _MONTH.match(title):
                continue  # "Last updated: 9 January 2025"
            if kind == "number" and _table_row(text, pos):
                continue  # "1     ISO-TXT-L-IN     Large model, input tokens     GBP 2.40"
            if kind == "letter" and title is None:
                continue
            if kind == "section" and title is None and not _ends_heading(text, hm):
                continue  # "Section 14 contains ..." refers to a section; "Section 14." starts one
            if (
                kind == "section"
                and title is None
                and _WRAPPED_REFERENCE.search(text, max(0, pos - 40), pos)
            ):
                continue  # hard-wrapped "... share it with us under\nSection 5.2." is a reference
            if kind == "item":
                number = f"({number})"
            level = _level(kind, number.strip("()"))
            # Where the format marks headings (HTML, Markdown, DOCX styles), numbered lines
            # (e.g. <ol> items) sit below them, not beside them.
            found[pos] = (number, title, level + (MARKUP_LEVELS if doc.headings else 0))
            break
    found.update((p, h) for p, h in _attachment_headings(text).items() if p > _body_end(found))
    for h in doc.headings:  # the format's own headings win over what the regexes read in them
        for pos in [p for p in found if h.start <= p < h.end]:
            del found[pos]
    for h in doc.headings:
        # The format marks it a heading, so a title in sentence case ("## 13. Limitation of
        # liability") is still its title; only the Markdown marks are not part of it. A section
        # sign before the number ("<h3>§ 5.2 Updates</h3>", a web page's anchor numbers) is read
        # like "Section": the number is 5.2.
        raw = text[h.start : h.end].strip().lstrip("#* \t").rstrip("#* \t")
        title = _clean_title(raw) or raw or text[h.start : h.end].strip()
        m = re.match(
            r"\s*(?:ARTICLE\s+|Section\s+|§[ \t]*)?((?:[A-Z]\.)?\d{1,2}[A-Z]?(?:\.\d{1,2})*|[IVX]+)\.?\s+(.*)",
            title,
        )
        number, title = (m.group(1), m.group(2).strip(" .")) if m else (None, title)
        found[h.start] = (number, title[:120] or None, h.level)
    return _with_paths(found)


# "SCHEDULE 2 - SECURITY MEASURES", "Exhibit A: Service Levels", "Annex: Model withdrawal form",
# "EXHIBIT C" (its title, if any, in capitals on the next line): on a line of its own
_ATTACHMENT_WORD = (
    r"(?:SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment)"
)
_ATTACHMENT = re.compile(
    r"[ \t]*(?:\*\*|__)?("
    + _ATTACHMENT_WORD
    + r"(?:[ \t]+(?:[A-Z]{1,2}(?:-\d{1,2})?|\d{1,2}(?:\.\d{1,2}){0,2}|[IVX]{1,5})(?:\([a-z0-9]{1,3}\))?)?)"
    r"(?![\w-])[ \t]*(?:[-–—:.][ \t]*)?([^\n]{0,80}?)(?:[ \t.]|\*\*|__)*(?:\n|\Z)",
)
# (the look-ahead for the keywords' first letters lets the engine skip most line starts)
_ATTACHMENT_LINE = re.compile(
    rf"\n(?=[ \t*_]*[SEAsea])[ \t]*(?:\*\*|__)?{_ATTACHMENT_WORD}(?![\w-])"
)
_PAGE_NUMBER = re.compile(r"(?:\s|\.{2,})(?:\d{1,3}|[ivx]{1,4})$")
_CAPS_LINE = re.compile(r"[ \t]*([A-Z][A-Z0-9,&/'()\- ]{2,80}?)[ \t]*(?:\n|\Z)")


def _body_end(found: dict[int, tuple[str | None, str | None, int]]) -> int:
    """Where the body's last top-level section starts (the last "16." of a body numbered to 16):
    attachments follow it. Before it, "Exhibit 10.7" is a filing's label and "Schedule 6.1
    Initial Product Supply" a line of the contents."""
    tops = [(int(n), p) for p, (n, _, _) in found.items() if n and n.isdigit()]
    return max(tops)[1] if tops else min(found, default=0)


def _attachment_headings(text: str) -> dict[int, tuple[str, str | None, int]]:
    """Headings of the schedules, exhibits and annexes after the body, at the top level (0), so
    that a schedule's own "1.", "2." sit below it and evidence there is not filed under the
    body's last section. A line of its own after a blank line or a finished sentence: "... as
    set out in\nSchedule 2." runs on."""
    out = {}
    for w in _ATTACHMENT_LINE.finditer(text):  # (the text's first line is never one: no body)
        line = w.start() + 1
        end = text.find("\n", line)
        if (end if end >= 0 else len(text)) - line > 160:
            continue  # a heading's line is short; a column-aligned table's is not
        m = _ATTACHMENT.match(text, line)
        if not m:
            continue
        pos = m.start(1)
        before = text[max(0, line - 300) : line]
        ended = before.rstrip()
        if not (not ended or ended[-1] in '.:;!?)"”' or before[len(ended) :].count("\n") > 1):
            continue
        if m.group(2):
            title = _clean_title(m.group(2))
            if title is None or _PAGE_NUMBER.search(title):
                continue  # a sentence, or "Schedule 6.1 Initial Product Supply 54" (contents)
        else:
            nxt = _CAPS_LINE.match(text, m.end())
            title = _clean_title(nxt.group(1)) if nxt else None
        kw, *label = m.group(1).split()
        out[pos] = (" ".join([kw.capitalize(), *label]), title, 0, line, m.end())
    # a run of them, one a line, is a list of the attachments (contents), not their headings
    listed = set()
    for a, b in pairwise(sorted(out)):
        if not text[out[a][4] : out[b][3]].strip():
            listed.update((a, b))
    return {p: h[:3] for p, h in out.items() if p not in listed}


def _with_paths(found: dict[int, tuple[str | None, str | None, int]]) -> list[Section]:
    sections: list[Section] = []
    stack: list[tuple[int, str | None, str | None]] = []  # (level, number, title)
    for start in sorted(found):
        number, title, level = found[start]
        while stack and stack[-1][0] >= level:
            stack.pop()
        if number and number.startswith("(") and stack and stack[-1][1]:
            number = stack[-1][1] + number  # "(a)" under 12.3 is "12.3(a)"
        stack.append((level, number, title))
        path = tuple(t for _, _, t in stack if t)
        sections.append(Section(start, number, title, level, path))
    return sections
