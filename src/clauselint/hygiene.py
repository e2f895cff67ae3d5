"""Drafting hygiene: document-level detectors for defects no clause type describes
(placeholders, broken cross-references, words and figures that disagree, ...).

A `kind: hygiene` check in a pack names one of DETECTORS; each detector reads the Document
and its Structure and returns the span of each defect it finds (the placeholder, the
reference, the mismatched amount), so the finding quotes the defect on its own line.
Every detector leans towards silence: a false alarm on a clean contract costs more trust
than a rare miss.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from .document import Document
from .structure import Structure

Span = tuple[int, int]

# -- placeholders -----------------------------------------------------------------------------

_BRACKET = re.compile(r"\[([^\[\]\n]{0,80})\](?!\s*[(\[:])")
_FILL_NOUN = (
    r"Name|Date|Address|Amount|Number|No\.|Title|Entity|Jurisdiction|State|Country|City|County|"
    r"Percentage|Price|Fees?|Term|Period|E-?mail|Phone|Signatory|Representative|Contact|Company|"
    r"Party|Customer|Client|Vendor|Supplier|Provider|Licensee|Licensor|Currency|Days|Months|Years|"
    r"Counterparty|Figure|Value|Details|Description|Product|Location|Year"
)
_FILL_BRACKET = re.compile(
    r"^\s*(?:[●•■▪◼_]+.*|\.{3,}|…|[Xx]{2,}|(?:insert|enter|specify|add|complete|include|fill in|"
    r"name of|amount of|date of|number of|tbd|tbc|tba|to be (?:confirmed|determined|agreed|"
    r"inserted|completed)|placeholder|drafting note|note to draft|ntd)\b.*)\s*$",
    re.IGNORECASE,
)
_TITLE_FILL = re.compile(
    rf"^(?:(?:[A-Z][A-Za-z'’]*|of|the|and|or|/|&)\s+){{0,4}}(?:{_FILL_NOUN})$"
    rf"|^(?:Name of|Customer's|Vendor's|Provider's|Client's|Company's|Supplier's)\b"
)
_CAPS_FILL = re.compile(r"^[A-Z][A-Z'’/&\- ]{1,40}$")
_KEEP_BRACKET = re.compile(
    r"RESERVED|INTENTIONALLY|OMITTED|REDACTED|SIGNATURE|REMAINDER|BLANK|CONFIDENTIAL|SIC|"
    r"DELETED|LOGO|TEXT|NOTE|CONTINUED|FOLLOWS|PAGE|ILLEGIBLE|SEAL|STAMP",
    re.IGNORECASE,
)
_OTHER_PLACEHOLDERS = re.compile(
    r"\{\{[^{}\n]{0,60}\}\}|\$\{[^{}\n]{1,40}\}|<<[^<>\n]{1,40}>>|«[^«»\n]{1,40}»"
    r"|<(?:[A-Z][A-Z _-]{1,38}[A-Z]|insert [^<>\n]{1,40})>"
    r"|\((?:insert|enter|specify)\s[^()\n]{1,60}\)"
    r"|\b(?:TBD|TBC|TBA)\b"
    r"|\b(?:19|20)_{1,2}(?!\w)"
    r"|(?<![\w/])(?:X{2,}|x{3,})(?![\w/])"
    r"|(?<=[\s$€£(])_{3,}(?=[\s.,;:)%]|$)"
)
_SIGNATURE_LINE = re.compile(
    r"^\W*(?:by|name|title|date|dated|signature|signed|its|print(?:ed)? name|witness|address|"
    r"email|phone|per|for and on behalf of)\b",
    re.IGNORECASE,
)
_ROMAN_BEFORE = re.compile(r"(?:Article|Section|Part|Chapter|Title|Schedule|Annex)\s*$", re.I)


def placeholders(doc: Document, struct: Structure) -> list[Span]:
    text, out = doc.text, []
    for m in _BRACKET.finditer(text):
        inner = m.group(1).strip()
        if _placeholder_bracket(inner) and not re.search(
            r"(?i)(?:sections?|articles?|clauses?)\s+[\d.]+\s*$",
            text[max(0, m.start() - 25) : m.start()],
        ):  # "Section 4.5 [PAYMENT TERMS]" names the section
            out.append(m.span())
    for m in _OTHER_PLACEHOLDERS.finditer(text):
        s = m.group(0)
        if s.startswith("_") and _form_blank(text, m.start()):
            continue
        if s[0] in "Xx" and _ROMAN_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if s.startswith(("TB",)) and re.match(r"[\"“”]?\s*(?:means|refers)", text[m.end() :]):
            continue
        if not any(a <= m.start() < b for a, b in out):
            out.append(m.span())
    return sorted(out)


def _placeholder_bracket(inner: str) -> bool:
    if not inner or inner in ("x", "X", "✓", "*") or set(inner) <= {"*", " "}:
        return False  # checkbox or a redaction mark
    if re.search(r"[\"“”]", inner) or re.fullmatch(r"\d+|[a-z]|[ivx]+", inner):
        return False  # a defined-term bracket, a footnote, an alteration like [t]he
    if _FILL_BRACKET.match(inner):
        return True
    if _TITLE_FILL.match(inner):
        return True
    return bool(_CAPS_FILL.match(inner) and len(inner) >= 3 and not _KEEP_BRACKET.search(inner))


def _form_blank(text: str, pos: int) -> bool:
    """Blanks on a signature block or form line are meant to be filled in at signing."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    line = text[a : b if b != -1 else len(text)]
    prose = re.sub(r"_{2,}", "", line)
    return bool(_SIGNATURE_LINE.match(line)) or len(prose.split()) < 6


# -- numbers written as words -----------------------------------------------------------------

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SMALL = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SMALL |= {"a": 1, "an": 1, "fourty": 40}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_ORDINAL = {
    "first": 1, "second": 2, "third": 3, "fifth": 5, "eighth": 8, "ninth": 9, "twelfth": 12,
}  # fmt: skip
_NUMWORD = "|".join(sorted(list(_SMALL) + list(_SCALE), key=len, reverse=True))
_WORDS = rf"(?:(?:{_NUMWORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMWORD}))*)"
_MONEY = r"(?:(?:United\s+States|U\.?S\.?|US|Canadian|Australian)\s+)?(?:dollars?|euros?|pounds(?:\s+sterling)?|USD|EUR|GBP)"
_FIGURE = (
    r"\(\s*(?P<cur>US\s?\$|USD\s?|EUR\s?|GBP\s?|[$€£])?\s*(?P<fig>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?P<dec>\.\d+)?\s*(?P<mag>million|thousand|billion|[mMkK]\b)?\s*(?P<pct>%|percent|per\s?cent)?"
    r"(?:\s*(?:USD|EUR|GBP|dollars|days?|months?|years?|hours?|weeks?))?\s*\)"
)
_AMOUNT = re.compile(
    rf"(?<![\w-])(?P<words>{_WORDS})(?P<unit>\s+(?:{_MONEY}|percent|per\s?cent))?\s+{_FIGURE}",
    re.IGNORECASE,
)
_AMOUNT_REV = re.compile(
    rf"(?<![\w.,(§])(?P<fig>\d{{1,3}}(?:,\d{{3}})+|\d+)[ \t]*\((?P<words>(?!an?\))(?:{_WORDS}))\)"
    r"(?![ \t]*(?:million|thousand|billion))",
    re.IGNORECASE,
)


def words_to_number(words: str) -> int | None:
    """'one hundred twenty' -> 120, 'forty-eight' -> 48; None when not a plain cardinal."""
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", words.lower()):
        if w == "and":
            continue
        if w in _SMALL:
            if w in ("a", "an") and seen:
                return None
            current += _SMALL[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALE:
            total += (current or 1) * _SCALE[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def amount_mismatches(doc: Document, struct: Structure) -> list[Span]:
    out = []
    for m in _AMOUNT.finditer(doc.text):
        words = m.group("words")
        if words.lower() in ("a", "an"):
            continue
        said = words_to_number(words)
        fig = float(m.group("fig").replace(",", "") + (m.group("dec") or ""))
        mag = (m.group("mag") or "").lower()
        fig *= {"million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "billion": 1e9}.get(mag, 1)
        if re.match(r"\s*(?:million|thousand|billion)", doc.text[m.end() : m.end() + 12], re.I):
            continue  # "six (6,000,000) million shares" restates the words another way
        if 1900 <= fig <= 2100 and (said or 0) < 100:
            continue  # "Year One (1998)"
        if said is not None and abs(said - fig) > 1e-6 and not m.group("dec"):
            start = m.start("words")
            if re.match(r"(?i)an?\s", words) and words_to_number(words[2:].strip()) == fig:
                continue
            out.append((start, m.end()))
    for m in _AMOUNT_REV.finditer(doc.text):
        said = words_to_number(m.group("words"))
        if said is not None and said != int(m.group("fig").replace(",", "")):
            out.append(m.span())
    return sorted(out)


# -- the document's own numbering -------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_NUM_LINE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<md>#{1,6}[ \t]+)?(?:[*+-][ \t]+)?(?:\*\*|__)?"
    r"(?:(?P<kw>ARTICLE|Article|SECTION|Section|CLAUSE|Clause|PART|Part)[ \t]+)?"
    r"(?P<num>(?:[A-Z]\.)?\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z](?=[.)])|[IVXL]{1,6}(?=[.:)\s]|$))"
    r"(?P<dot>[.)])?(?:\*\*|__)?(?P<after>[ \t]+\S|[ \t]*$)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Num:
    start: int
    end: int
    label: str  # the full number, "7.1", "A.2", "4"
    parent: str  # "7" for "7.1"; "" at the top
    value: str  # the last part, "1"
    heading: bool  # numbered like a heading (not only a list item)


def _roman(s: str) -> int | None:
    if not re.fullmatch(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", s):
        return None
    vals = [_ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


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
    levels: list[list] = []  # [parent, last value, indent]
    out: list[Num] = []
    for m in _NUM_LINE.finditer(text):
        num, kw, dot = m.group("num"), m.group("kw"), m.group("dot")
        after = m.group("after").strip()
        if not (kw or dot or "." in num or m.group("md")):
            continue  # "12 months" wrapped onto a line start
        if re.fullmatch(r"[IVXL]+|[A-Z]", num) and not (kw or m.group("md") or dot == "."):
            continue
        if after and not re.match(r"[A-Z\"“(\[*_#]", after) and not kw:
            continue  # "7.1 of the Order Form" wrapped onto a line start
        if kw and after and not re.match(r"[A-Z\-–—:.]", after):
            continue  # "Section 5 applies" wrapped onto a line start
        if _wrapped(text, m.start(), doc.format):
            continue
        indent = len(m.group("indent").expandtabs(4))
        absolute = bool(kw or m.group("md") or "." in num.strip("."))
        label = norm_label(num)
        if absolute:
            parts = label.split(".")
            levels = [[".".join(parts[:i]), p, indent] for i, p in enumerate(parts)]
        else:
            label = _place(levels, label, indent, md)
        parent, _, value = label.rpartition(".")
        heading = absolute or bool(after and re.match(r"[A-Z*_#]", after))
        out.append(Num(m.start("num"), m.end("num"), label, parent, value, heading))
    return tuple(out)


def _wrapped(text: str, pos: int, fmt: str) -> bool:
    """A number that only starts a line because the previous line wrapped ("... and Article
    / 6. Audits will take place ...")."""
    prev = text[max(0, pos - 300) : pos].rstrip(" \t#*>-")
    if not prev.endswith("\n"):
        return False
    prev = prev.rstrip()
    last_line = prev[prev.rfind("\n") + 1 :]
    if re.search(r"(?i)\b(?:articles?|sections?|clauses?|and|or|to|of|in|under|with|than)$", prev):
        return True
    return fmt in ("pdf", "txt") and len(last_line) > 60 and not re.search(r"[.:;!?)\"”]$", prev)


def _place(levels: list[list], n: str, indent: int, md: bool) -> str:
    def label() -> str:
        return ".".join(str(lv[1]) for lv in levels)

    if md:
        while levels and indent < levels[-1][2]:
            levels.pop()
        if levels and indent > levels[-1][2] + 1:
            levels.append([label(), None, indent])
    if not levels:
        levels.append(["", None, indent])
    top = levels[-1]
    if top[1] is None or _next(top[1], n):
        top[1] = n
        return label()
    for i in range(len(levels) - 2, -1, -1):
        if _next(levels[i][1], n) and (not md or levels[i][2] == indent):
            del levels[i + 1 :]
            levels[-1][1] = n
            return label()
    if n in ("1", "A"):
        levels.append([label(), n, indent])
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
            labels.add(norm_label(sec.number.split("(")[0]))
    return labels


def numbering(doc: Document, struct: Structure) -> list[Span]:
    """A heading number that repeats or skips one (1, 2, 4 / 3.1, 3.1) within its parent."""
    last: dict[str, Num] = {}
    out = []
    for n in outline(doc):
        if not n.heading or not n.value.isdigit():
            continue
        prev = last.get(n.parent)
        last[n.parent] = n
        for k in [k for k in last if k.startswith(n.label + ".")]:
            del last[k]  # a new section starts its subsections afresh
        if prev is None or not prev.value.isdigit():
            continue
        a, b = int(prev.value), int(n.value)
        if b == a or a + 1 < b <= a + 3:
            out.append((n.start, n.end))
    # more than two breaks means we misread the numbering (a table of contents, flattened
    # text), not that the drafter slipped that often
    return out if len(out) <= 2 else []


# -- cross-references -------------------------------------------------------------------------

_LABEL = r"(?:[A-Z]\.)?\d{1,3}(?:\.\d{1,3}){0,4}(?:\s?\([a-zA-Z0-9]{1,4}\))*|[IVXL]{1,6}\b(?:\([a-z0-9]{1,4}\))*"
_REF = re.compile(
    rf"(?<![\w.])(?P<kw>(?i:sections?|clauses?|articles?)|§§?)\s*(?P<list>(?:{_LABEL})"
    rf"(?:(?:\s*,\s*|\s*,?\s+(?:and|or|and/or|to|through)\s+|\s*[-–]\s*)(?:{_LABEL}))*)"
    r"(?![\w%$])"
)
_ONE = re.compile(_LABEL)
_LAWS = (
    r"GDPR|UK\s+GDPR|CCPA|CPRA|HIPAA|U\.?S\.?C|C\.?F\.?R|USC|CFR|FAR|DFARS|PIPEDA|LGPD|TFEU|"
    r"ERISA|UCC|DPA\s+2018|Data\s+Protection\s+Act|Bankruptcy\s+Code|Code|Act\b|Regulations?\b|"
    r"Directive|SCCs?|Standard\s+Contractual\s+Clauses|Clauses"
)
_EXTERNAL_TAIL = re.compile(
    r"\s*(?:\([^()\n]{0,60}\)\s*)?(?:,\s*)?(?:"
    rf"(?:{_LAWS})"
    r"|(?:of|under|in|to|from|within)\s+(?!this\b|these\b|here|the\s+extent|the\s+event|the\s+case)"
    r"(?:(?:the|an?|each|any|such|its|their|that|applicable|relevant|our|your)\s+)*"
    r"(?:[A-Z0-9]|U\.S|[a-z]+\s+(?:Act|Code|Regulations?|Directive|agreement|terms|form)\b)"
    r")"
)
_EXTERNAL_HEAD = re.compile(rf"(?:{_LAWS}|U\.S\.C\.?|C\.F\.R\.?|Code|Act),?\s*$")
_SENT_LAW = re.compile(
    r"\b(?:GDPR|General Data Protection Regulation|Standard Contractual Clauses|SCCs?|"
    r"Regulation \(EU\)|UK Addendum|Data Protection Laws?|CCPA|HIPAA|Directive)\b"
)
_PARTY_NAMES = re.compile(
    r"^(?:Customer|Provider|Vendor|Supplier|Client|Licensee|Licensor|Company)$"
)


def _sentence_at(struct: Structure, pos: int, text: str) -> str:
    for a, b in struct.sentences:
        if a <= pos < b:
            return text[a:b]
    return text[max(0, pos - 200) : pos + 200]


_CHAIN = re.compile(
    rf"(?:\s*,\s*|\s*,?\s+(?:and|or|and/or)\s+)(?i:sections?|clauses?|articles?|§§?)\s*(?:{_LABEL})"
)


def _external(text: str, m: re.Match, struct: Structure, sentence_law: bool) -> bool:
    end = m.end()
    while chain := _CHAIN.match(text, end):
        end = chain.end()  # "Section 275(1A) or Section 276(4) of the SFA"
    tail = _EXTERNAL_TAIL.match(text, end)
    if tail:
        word = re.match(r"\s*(?:of|under|in|to|from|within)\s+(\w+)", text[end : end + 40])
        if not (word and _PARTY_NAMES.match(word.group(1))):
            return True
    if _EXTERNAL_HEAD.search(text, max(0, m.start() - 40), m.start()):
        return True
    kw = m.group("kw").lower()
    return sentence_law and kw.startswith(("clause", "article", "§"))


def broken_xrefs(doc: Document, struct: Structure) -> list[Span]:
    """A reference to a section, clause or article of this document that is not in it.
    Silent where the document's own numbering could not be read completely (flattened
    PDF text, a table of contents only): a missing heading there is our miss, not theirs."""
    text = doc.text
    known = known_labels(doc, struct)
    out: list[Span] = []
    if _reliable(known):
        for m in _REF.finditer(text):
            sentence = _sentence_at(struct, m.start(), text)
            if _external(text, m, struct, bool(_SENT_LAW.search(sentence))):
                continue
            for i, lm in enumerate(_ONE.finditer(m.group("list"))):
                label = norm_label(re.sub(r"\s?\(.*", "", lm.group(0)))
                if not _missing(label, known, doc.format):
                    continue
                a = m.start("list") + lm.start()
                out.append((m.start() if i == 0 else a, m.start("list") + lm.end()))
    return out + _broken_attachments(doc, struct)


def _children(known: set[str], parent: str) -> list[int]:
    depth = parent.count(".") + 1
    prefix = parent + "."
    return sorted(
        int(k.rsplit(".", 1)[1])
        for k in known
        if k.startswith(prefix) and k.count(".") == depth and k.rsplit(".", 1)[1].isdigit()
    )


def _complete(nums: list[int]) -> bool:
    return (
        bool(nums) and nums[0] <= 1 and nums[-1] - nums[0] + 1 <= len(set(nums)) + len(nums) // 10
    )


def _reliable(known: set[str]) -> bool:
    tops = sorted({int(k.split(".")[0]) for k in known if k.split(".")[0].isdigit()})
    return len(tops) >= 3 and _complete(tops)


def _missing(label: str, known: set[str], fmt: str) -> bool:
    if label in known or any(k.startswith(label + ".") for k in known):
        return False
    parts = label.split(".")
    if not parts[-1].isdigit():
        return False  # lettered sub-items are not checked strictly
    if len(parts) == 1:
        return parts[0].isdigit() or any(k.split(".")[0] == parts[0] for k in known)
    parent = ".".join(parts[:-1])
    if parent not in known and len(parts) == 2:
        return parts[0].isdigit()
    siblings = _children(known, parent)
    if not siblings:
        return fmt in ("md", "html", "docx")  # flattened PDF/text may hide inline subsections
    return _complete(siblings)


_ATT_KW = r"(?i:exhibits?|schedules?|annex(?:es|e)?|appendi(?:x|ces)|attachments?)"
_ALAB = r"(?:[A-Z]{1,2}(?:-\d{1,2})?|\d{1,2}(?:\.\d{1,2})?|[IVX]{1,4})(?![\w-])"
_ATT_REF = re.compile(
    rf"(?<![\w.])(?P<kw>{_ATT_KW})\s+(?P<list>{_ALAB}(?:(?:\s*,\s*|\s*,?\s+(?:and|or|to|through)\s+"
    rf"|\s*[-–]\s*)(?:{_ALAB}))*)"
)
_ATT_HEAD = re.compile(
    rf"^[ \t#*>_|-]*(?:\*\*|__)?(?P<kw>{_ATT_KW})\s+(?P<label>{_ALAB})", re.MULTILINE
)
_ATTACHED = re.compile(
    r"[\s)]*(?:\([^()\n]{0,60}\)\s*)?,?\s*(?:(?:is|are|will\s+be|shall\s+be)\s+)?(?:hereto\s+)?"
    r"(?:attached|annexed|appended|incorporated|available|posted|located|published|found|set\s+out\s+at|at\s+https?:)",
    re.IGNORECASE,
)
_ATTACHED_HEAD = re.compile(
    r"(?:attached|annexed|appended)\s+(?:hereto\s+|to\s+(?:this|these)\s+\w+\s+)?(?:as|in)\s*$",
    re.IGNORECASE,
)


def _att_kw(kw: str) -> str:
    kw = kw.lower()
    for stem in ("exhibit", "schedule", "annex", "append", "attachment"):
        if kw.startswith(stem):
            return stem
    return kw


def _broken_attachments(doc: Document, struct: Structure) -> list[Span]:
    text = doc.text
    known = {
        (_att_kw(m.group("kw")), norm_label(m.group("label"))) for m in _ATT_HEAD.finditer(text)
    }
    refs = []
    for m in _ATT_REF.finditer(text):
        kw = _att_kw(m.group("kw"))
        for i, lm in enumerate(re.finditer(_ALAB, m.group("list"))):
            a = m.start("list") + lm.start()
            refs.append(
                (kw, norm_label(lm.group(0)), m.start() if i == 0 else a, a + len(lm.group(0)), m)
            )
    # a label the document says is attached or published elsewhere counts as present
    for kw, label, _, _, m in refs:
        if _ATTACHED.match(text, m.end()) or _ATTACHED_HEAD.search(
            text, max(0, m.start() - 50), m.start()
        ):
            known.add((kw, label))
    out = []
    for kw, label, a, b, m in refs:
        if (kw, label) in known or (
            kw in ("annex", "append") and (("annex", label) in known or ("append", label) in known)
        ):
            continue
        if _EXTERNAL_TAIL.match(text, m.end()) or _EXTERNAL_HEAD.search(
            text, max(0, m.start() - 40), m.start()
        ):
            continue
        if kw in ("annex", "append") and _SENT_LAW.search(_sentence_at(struct, m.start(), text)):
            continue
        out.append((a, b))
    return out


# -- definitions ------------------------------------------------------------------------------

_Q = '["“”]'
_MEANS = re.compile(
    rf"{_Q}(?P<term>[A-Z][^\"“”\n]{{0,60}}?){_Q}\s*(?:\)\s*)?(?:shall\s+)?"
    r"(?:means?|has the meaning|shall have the meaning|refers to)\b(?P<body>[^\n]{0,80})"
)
_ALIAS = re.compile(
    r"\((?:[^()]{0,80}?(?:the|each|a|an|hereinafter|collectively|together|individually)\s+)?"
    rf"(?:referred to as\s+)?(?:the\s+)?{_Q}(?P<term>[A-Z][^\"“”\n]{{0,60}}?){_Q}"
    rf"(?:\s*(?:,|or|and)\s*(?:the\s+)?{_Q}[^\"“”\n]{{0,40}}{_Q})*\)"
)
_PRONOUNS = {"we", "us", "our", "you", "your", "i", "me"}


@dataclass(frozen=True)
class _Def:
    term: str
    start: int
    end: int
    body: str  # the words that define it (the words before it, for an alias in brackets)
    means: bool
    pointer: bool = False  # '"X" has the meaning given in Section 4': defined elsewhere
    partner: str = ""  # '"Statement of Work" or "SOW" means': either name may be the one used


def _all_definitions(text: str) -> list[_Def]:
    defs = []
    for m in _MEANS.finditer(text):
        body = " ".join(re.sub(r"[^\w\s]", " ", m.group("body").lower()).split()[:8])
        pointer = "meaning" in m.group(0)[len(m.group("term")) + 2 :][:40]
        pair = re.search(
            r"[\"“”]([^\"“”\n]{1,60})[\"“”]\s+or\s+$", text[max(0, m.start() - 70) : m.start()]
        )
        defs.append(
            _Def(m.group("term").strip(), m.start("term") - 1, m.end("term") + 1, body, True,
                 pointer, pair.group(1) if pair else "")
        )  # fmt: skip
    pairs = {d.partner: d.term for d in defs if d.partner}
    defs = [replace(d, partner=pairs.get(d.term, d.partner)) for d in defs]
    for m in _ALIAS.finditer(text):
        lead = text[max(0, m.start() - 60) : m.start()].lower().split()[-4:]
        defs.append(
            _Def(
                m.group("term").strip(),
                m.start("term") - 1,
                m.end("term") + 1,
                " ".join(lead),
                False,
            )
        )
    return sorted(defs, key=lambda d: d.start)


def _scope_starts(doc: Document) -> list[int]:
    """Where a new document begins inside the file (a top heading or an exhibit/annex), so
    that an addendum may define its own terms."""
    starts = [h.start for h in doc.headings if h.level == 1]
    starts += [m.start() for m in _ATT_HEAD.finditer(doc.text)]
    starts += [
        m.start()
        for m in re.finditer(
            r"^[ \t#*]*(?:[A-Z][A-Za-z ]{0,40})?(?:DATA PROCESSING|Data Processing) (?:Addendum|Agreement|ADDENDUM|AGREEMENT)",
            doc.text,
            re.MULTILINE,
        )
    ]
    return sorted(set(starts))


def _scope(starts: list[int], pos: int) -> int:
    return sum(1 for s in starts if s <= pos)


def duplicate_definitions(doc: Document, struct: Structure) -> list[Span]:
    """A term defined twice in one document with different definitions. The definition
    outside the definitions section (or else the later one) is reported."""
    starts = _scope_starts(doc)
    groups: dict[tuple[int, str], list[_Def]] = {}
    for d in _all_definitions(doc.text):
        if d.term.lower() in _PRONOUNS:
            continue
        groups.setdefault((_scope(starts, d.start), d.term), []).append(d)
    out = []
    for defs in groups.values():
        means = [d for d in defs if d.means and not d.pointer]
        if len(means) >= 2 and len({d.body for d in means}) > 1:
            out.append(_odd_one(doc, struct, means))
        elif len(means) == 1 and len(defs) >= 2:
            alias = [d for d in defs if not d.means]
            if not alias:
                continue
            first = min(defs, key=lambda d: d.start)
            if first.means or not _same_sentence(struct, first.start, means[0].start):
                out.append(_odd_one(doc, struct, [means[0], alias[0]]))
    return sorted(set(out))


def _same_sentence(struct: Structure, a: int, b: int) -> bool:
    return any(s <= a < e and s <= b < e for s, e in struct.sentences)


def _odd_one(doc: Document, struct: Structure, defs: list[_Def]) -> Span:
    def in_definitions(d: _Def) -> bool:
        sec = struct.section_at(d.start)
        return bool(
            sec and any(re.search(r"(?i)definition|interpretation", t) for t in sec.title_path)
        )

    def home(d: _Def) -> bool:
        # a definitions section, or a line that opens with the definition ("1.2 "X" means")
        lead = doc.text[doc.text.rfind("\n", 0, d.start) + 1 : d.start]
        return in_definitions(d) or bool(
            re.fullmatch(r"[\s#*>\d.()\-]*(?:\*\*[^*]{0,40}\*\*)?\s*", lead)
        )

    inside = [d for d in defs if home(d)]
    rest = [d for d in defs if not home(d)]
    pick = rest[-1] if inside and rest else max(defs, key=lambda d: d.start)
    return (pick.start, pick.end)


def unused_definitions(doc: Document, struct: Structure) -> list[Span]:
    text = doc.text
    out = []
    seen = set()
    defs = _all_definitions(text)
    spans = [(d.start, d.end) for d in defs]
    for d in defs:
        if d.term in seen or d.term.lower() in _PRONOUNS:
            continue
        seen.add(d.term)
        names = [d.term] + ([d.partner] if d.partner else [])
        if not any(_used(text, n, spans) for n in names):
            out.append((d.start, d.end))
    return out


def _used(text: str, term: str, spans: list[Span]) -> bool:
    words = re.sub(r"\(s\)$", "", term).split()
    core = r"\s+".join(re.escape(w) for w in words)
    rx = re.compile(rf"(?<![\w\"“]){core}(?:s|es|'s|’s|\(s\))?(?![\w\"”])")
    return any(not any(a <= m.start() < b for a, b in spans) for m in rx.finditer(text))


# -- terms and party names --------------------------------------------------------------------

_HEADWORDS = (
    r"Data|Information|Services?|Materials?|Fees|Date|Period|Term|Products?|Software|"
    r"Documentation|Content|Outputs?|Inputs?|Models?|Polic(?:y|ies)|Claims?|Losses|Deliverables|"
    r"Order|Incident|Breach|Measures"
)
_USED_TERM = re.compile(
    rf"\b(?:the|any|such|all|each|its|your|our|of) (?P<t>(?:[A-Z][a-z]+ ){{1,3}}(?:{_HEADWORDS}))\b(?! [A-Z(])"
)
_PROPER = re.compile(
    r"\b(?:Act|Regulation|Law|Clauses|States|Union|Area|Kingdom|Court|Commission|Authority|"
    r"Council|Office|Shield|Framework|Privacy|Security Rule|Code)\b"
)


def undefined_terms(doc: Document, struct: Structure) -> list[Span]:
    """A capitalised term used as if defined ("the Customer Materials") that nothing defines,
    when a term with the same head word is defined: a likely misnamed defined term."""
    text = doc.text
    defined = {d.term for d in _all_definitions(text)} | {d.term for d in struct.definitions}
    if not defined:
        return []
    heads = {t.split()[-1].rstrip("s") for t in defined}
    firsts = {t.split()[0] for t in defined if len(t.split()) > 1}
    heading_starts = {h.start for h in doc.headings}
    out, seen = [], set()
    for m in _USED_TERM.finditer(text):
        term = m.group("t")
        if term in defined or term.rstrip("s") in defined or term + "s" in defined or term in seen:
            continue
        related = term.split()[-1].rstrip("s") in heads or term.split()[0] in firsts
        if not related or _PROPER.search(term):
            continue
        if any(term.endswith(" " + d) or term.startswith(d + " ") for d in defined):
            continue  # "Monthly Customer Data" still uses a defined term
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start in heading_starts or text[line_start : m.start()].lstrip().startswith("#"):
            continue
        seen.add(term)
        out.append(m.span("t"))
    return out


_VENDOR_SIDE = ("Provider", "Vendor", "Supplier", "Licensor", "Contractor", "Consultant", "Seller")
_CUSTOMER_SIDE = ("Customer", "Client", "Licensee", "Purchaser", "Buyer", "Subscriber")


def party_name_variants(doc: Document, struct: Structure) -> list[Span]:
    """A party defined as "Provider" and later called "the Vendor" or "Supplier"."""
    text = doc.text
    aliases = {p.alias for p in struct.parties}
    defined = aliases | {d.term for d in _all_definitions(text)}
    out = []
    for side in (_VENDOR_SIDE, _CUSTOMER_SIDE):
        mine = [a for a in aliases if a in side]
        if len(mine) != 1:
            continue
        first = min(p.start for p in struct.parties if p.alias == mine[0])
        others = [w for w in side if w not in defined and w != mine[0]]
        if not others:
            continue
        rx = re.compile(
            rf"(?<![\w\"“-])(?P<w>{'|'.join(others)})(?:'s|’s)?"
            r"(?= (?:shall|will|may|must|agrees|is|has|warrants|represents|acknowledges)\b|'s|’s)"
        )
        for m in rx.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()].split()
            compound = before and before[-1][:1].isupper() and before[-1][-1:].isalpha()
            if compound and before[-1].lower() in ("the", "a", "an", "each", "such", "any"):
                compound = False
            if m.start() > first and not compound:
                out.append(m.span("w"))  # "Cloud Provider" is a different thing
    return sorted(out)


DETECTORS: dict[str, Callable[[Document, Structure], list[Span]]] = {
    "placeholder": placeholders,
    "broken-xref": broken_xrefs,
    "amount-mismatch": amount_mismatches,
    "duplicate-definition": duplicate_definitions,
    "unused-definition": unused_definitions,
    "undefined-term": undefined_terms,
    "numbering": numbering,
    "party-name": party_name_variants,
}
