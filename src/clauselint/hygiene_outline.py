"""The document's own numbering: the outline of numbered lines, and the `numbering` detector.

`outline` and `known_labels` are also what the cross-reference detector checks references against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .document import Document
from .headings import LEAD_WORDS, REFERENCE_WORDS
from .structure import Structure

Span = tuple[int, int]

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NUM_LINE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<md>#{1,6}[ \t]+)?(?:[*+-][ \t]+)?(?:\*\*|__)?"
    r"(?:(?P<kw>ARTICLE|Article|SECTION|Section|CLAUSE|Clause|PART|Part)[ \t]+)?"
    r"(?P<num>(?:[A-Z]\.)?\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z](?=[.)])|[IVXL]{1,6}(?=[.:)\s]|$))"
    r"(?P<dot>[.)])?(?:\*\*|__)?(?P<after>[ \t]+\S|[ \t]*$)",
    re.MULTILINE,
)
# a title in brackets that ends the line: "Article 12 (Prohibited Acts)" (not "Section 5 (a)
# applies" or "Section 5 (Fees) applies" wrapped onto a line start)
_BRACKET_TITLE = re.compile(r"\((?-i:[A-Z])[^()\n]{0,80}\)[ \t*_]*(?:\n|$)")
# The same after a newline: a literal first character lets the engine skip to line ends
# instead of trying ^ at every position. (?=...): the characters a number's line may open with
# after its indent, tried first: on other lines the engine would give the indent back one blank
# at a time, retrying the rest at each.
_NUM_AFTER_NL = re.compile(
    r"\n(?=[ \t]*[#*+\-_A-Z\d])" + _NUM_LINE.pattern.removeprefix("^"), re.MULTILINE
)


def _num_lines(text: str):
    """_NUM_LINE.finditer(text) (a match never holds a newline: the next starts after it)."""
    first = _NUM_LINE.match(text)
    if first:
        yield first
    yield from _NUM_AFTER_NL.finditer(text, first.end() if first else 0)


@dataclass(frozen=True)
class Num:
    start: int
    end: int
    label: str  # the full number, "7.1", "A.2", "4"
    parent: str  # "7" for "7.1"; "" at the top
    value: str  # the last part, "1"
    heading: bool  # numbered like a heading (not only a list item)
    part: int = 0  # which document of a bundle it numbers (an order form, then its MSA, ...)


def _roman(s: str) -> int | None:
    if not re.fullmatch(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", s):
        return None
    vals = [_ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


@lru_cache(maxsize=4096)  # the outline and each reference ask again for the same few labels
def norm_label(label: str) -> str:
    """'2.01' -> '2.1', 'IV' -> '4', 'a.1' -> 'A.1'."""
    parts = []
    for p in label.strip(".").split("."):
        if p.isdigit():
            parts.append(str(int(p)))
        elif (r := _roman(p.upper())) and (len(p) > 1 or p in ("I", "V", "X")):
            parts.append(str(r))
        else:
            parts.append(p.upper())
    return ".".join(parts)


@lru_cache(maxsize=8)
def outline(doc: Document) -> tuple[Num, ...]:
    """Every number that starts a line, placed in the document's hierarchy: dotted numbers
    ("7.1") and headings ("## 7.", "Article 7") are absolute; a bare list number ("1.")
    continues the current list or starts a new one nested under the last number, which is
    how Markdown/HTML/DOCX list numbering reads ("## 7. Fees" then "1. ..." is 7.1)."""
    text, md = doc.text, doc.format == "md"
    levels: list[list] = []  # [parent, last value, indent, written in full]
    out: list[Num] = []
    part, since = 0, 0  # since: where the text after the last number starts
    toc, line_end = 0, -1  # toc: short top-level entries "1." ... run line after line so far
    for m in _num_lines(text):
        num, kw, dot = m.group("num"), m.group("kw"), m.group("dot")
        after = m.group("after").strip()
        if not (kw or dot or "." in num or m.group("md")):
            continue  # "12 months" wrapped onto a line start
        if re.fullmatch(r"[IVXL]+|[A-Z]", num) and not (kw or m.group("md") or dot == "."):
            continue
        if after and not re.match(r"[A-Z\"“(\[*_#]", after) and not kw:
            continue  # "7.1 of the Order Form" wrapped onto a line start
        # (a heading whose title follows in brackets and ends the line is a heading, as in
        # translated Japanese terms: "Article 12 (Prohibited Acts)", round 56)
        if kw and after and not re.match(r"[A-Z\-–—:.]", after):
            if not _BRACKET_TITLE.match(text, m.end() - 1):
                continue  # "Section 5 applies" wrapped onto a line start
        if _wrapped(text, m.start("indent"), doc.format):  # the line start
            continue
        indent = len(m.group("indent").expandtabs(4))
        absolute = bool(kw or m.group("md") or "." in num.strip("."))
        label = norm_label(num)
        # a bundle's next document ("MASTER SUBSCRIPTION AGREEMENT" after an order form's
        # numbered special terms) numbers afresh: its "1." is not nested under the last number
        # (looked for only before a "1": a title search over the whole text is costly)
        if label == "1" and _PART_TITLE.search(text, since, m.start()):
            levels, part = [], part + 1
        # a table of contents (a web page's "On this page" list: "1. Definitions", "2. Accounts",
        # ... one short entry a line), then the sections themselves: the first section's "1." is
        # not nested under the contents' last number, it numbers afresh
        touching = not text[line_end : m.start("indent")].strip()
        if label == "1" and not absolute and toc >= _TOC_ENTRIES and not touching:
            levels, part = [], part + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        entry = not absolute and len(after) <= 1 and len(text[m.end() : line_end].strip()) <= 60
        toc = (toc + 1 if touching or toc == 0 else 0) if entry and (toc or label == "1") else 0
        since = m.start()
        if absolute:
            parts = label.split(".")
            levels = [[".".join(parts[:i]), p, indent, True] for i, p in enumerate(parts)]
        else:
            label = _place(levels, label, indent, md)
        parent, _, value = label.rpartition(".")
        # (a section kept only as a placeholder is a heading too: "12. [Intentionally omitted]")
        heading = absolute or bool(
            after and (re.match(r"[A-Z*_#]", after) or _PLACEHOLDER.match(text, m.end() - 1))
        )
        out.append(Num(m.start("num"), m.end("num"), label, parent, value, heading, part))
    return tuple(out)


# a numbered section left in place without its text, as in an execution copy from a redline
_PLACEHOLDER = re.compile(
    r"\[(?:reserved|intentionally\s+(?:omitted|left\s+blank|deleted)|deleted|not\s+used)\]",
    re.IGNORECASE,
)

_TOC_ENTRIES = 5  # fewer short entries in a row are an ordinary list, not a table of contents


# The title of a document in a bundle, on a line of its own (an order form, then the agreement it
# incorporates, then its schedules). Read only where the next number is a "1".
_PART_TITLE = re.compile(
    r"(?im)^[ \t#*_]*(?=[^\n]{0,100}$)[^\n.;:]{0,60}?\b(?:agreement|order form|statement of work|"
    r"schedule|exhibit|annex|appendix|addendum|attachment|terms and conditions|terms of (?:service|use)"
    r"|(?:general|service|platform|customer|commercial|business|enterprise|partner) terms)\b"
    r"[^\n.;:]{0,40}$"
)


def _wrapped(text: str, pos: int, fmt: str) -> bool:
    """A number that only starts a line because the previous line wrapped ("... and Article
    / 6. Audits will take place ...")."""
    prev = text[max(0, pos - 300) : pos].rstrip(" \t#*>-")
    if not prev.endswith("\n"):
        return False
    prev = prev.rstrip()
    last_line = prev[prev.rfind("\n") + 1 :]
    # the word must end the text: a search of its last characters is enough (and \b still
    # sees the character before them)
    if _LEAD_IN.search(prev, max(0, len(prev) - 12)):
        return True
    # an ASCII table's border ("+-----+-----+") or row ("| Clause 7 | ... |") ends no prose: the
    # number after the table starts its own line
    if _TABLE_RULE.fullmatch(last_line.strip()):
        return False
    # long in words, not in spaces: a column-aligned table row is not wrapped prose
    long = len(" ".join(last_line.split())) > 60
    # a footnote marker set in superscript after the full stop ("... says otherwise.²") still
    # ends the sentence: the number on the next line starts its own clause
    return fmt in ("pdf", "txt") and long and not prev.rstrip(_SUPERSCRIPTS).endswith(_STOPS)


_STOPS = tuple('.:;!?)"”')
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TABLE_RULE = re.compile(r"\+[-=+:]*\+|\|.*\|")

_LEAD_IN = re.compile(rf"(?i)(?<!\w)(?:{REFERENCE_WORDS}|{LEAD_WORDS})$")


def _place(levels: list[list], n: str, indent: int, md: bool) -> str:
    def label() -> str:
        return ".".join(str(lv[1]) for lv in levels)

    if md:
        while levels and indent < levels[-1][2]:
            levels.pop()
        if levels and indent > levels[-1][2] + 1:
            levels.append([label(), None, indent, False])
    if not levels:
        levels.append(["", None, indent, False])
    top = levels[-1]
    # subsections written in full ("3.3") are not continued by a bare "4.": that is section 4
    full = top[3] and len(levels) > 1
    if not full and (top[1] is None or _next(top[1], n)):
        top[1] = n
        return label()
    for i in range(len(levels) - 2, -1, -1):
        # below subsections written in full ("2.2.2"), a bare "3." is not "2.3" (that would be
        # written in full too) but section 3: only the top level is continued by a bare number
        if full and i > 0 and levels[i][3]:
            continue
        if _next(levels[i][1], n) and (not md or levels[i][2] == indent):
            del levels[i + 1 :]
            levels[-1][1] = n
            return label()
    if full and _next(top[1], n):
        top[1] = n
        return label()
    if n in ("1", "A"):
        levels.append([label(), n, indent, False])
        return label()
    top[1] = n  # a gap or a repeat: the numbering check reports it
    return label()


def _next(prev: str | None, n: str) -> bool:
    if prev is None:
        return True
    if prev.isdigit() and n.isdigit():
        return int(n) == int(prev) + 1
    return len(prev) == len(n) == 1 and ord(n) == ord(prev) + 1


def known_labels(doc: Document, struct: Structure) -> set[str]:
    labels = {n.label for n in outline(doc)}
    for sec in struct.sections:
        if sec.number and not sec.number.startswith("("):
            label = norm_label(sec.number.split("(")[0])
            labels.add(label)
            if label.startswith("§"):  # "§ 11" is referred to as "§ 11": the list part is "11"
                labels.add(label.lstrip("§ "))
    return labels


def numbering(doc: Document, struct: Structure) -> list[Span]:
    """A heading number that repeats or skips one (1, 2, 4 / 3.1, 3.1) within its parent."""
    last: dict[tuple[int, str], Num] = {}
    out = []
    for n in outline(doc):
        if not n.heading or not n.value.isdigit():
            continue
        prev = last.get((n.part, n.parent))
        last[(n.part, n.parent)] = n
        for k in [k for k in last if k[0] == n.part and k[1].startswith(n.label + ".")]:
            del last[k]  # a new section starts its subsections afresh
        if prev is None or not prev.value.isdigit():
            continue
        a, b = int(prev.value), int(n.value)
        if b == a or a + 1 < b <= a + 3:
            out.append((n.start, n.end))
    # more than two breaks means we misread the numbering (a table of contents, flattened
    # text), not that the drafter slipped that often
    return out if len(out) <= 2 else []
