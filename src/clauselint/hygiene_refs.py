"""Cross-references: sections, clauses, articles and attachments named but not in the document.

A reference counts as broken only when the document's own numbering (hygiene_outline) reads
completely; references to laws and other agreements are left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .document import Document
from .hygiene_outline import known_labels, norm_label
from .hygiene_text import folded, scan, scan_starts
from .structure import Structure

Span = tuple[int, int]


# -- sections, clauses, articles -------------------------------------------------------------

_LABEL = r"(?:[A-Z]\.)?\d{1,3}(?:\.\d{1,3}){0,4}(?:\s?\([a-zA-Z0-9]{1,4}\))*|[IVXL]{1,6}\b(?:\([a-z0-9]{1,4}\))*"
_REF = re.compile(
    rf"(?<![\w.])(?P<kw>(?i:sections?|clauses?|articles?)|§§?)\s*(?P<list>(?:{_LABEL})"
    rf"(?:(?:\s*,\s*|\s*,?\s+(?:and|or|and/or|to|through)\s+|\s*[-–]\s*)(?:{_LABEL}))*)"
    r"(?![\w%$])"
)
# Where _REF can begin, in any case: scan() tries _REF only there.
_REF_STARTS = ("section", "clause", "article", "§")
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
# "Minnesota Statutes section 3.736", "Cal. Civ. Code section 1542", "Wis. Stat. § 893.80":
# a section of a statute book, not of this document (round 19)
_EXTERNAL_HEAD = re.compile(rf"(?:{_LAWS}|U\.S\.C\.?|C\.F\.R\.?|Code|Act|Statutes|Stat\.),?\s*$")
# "Order Form, Annex 1": another document's attachment, named after it (round 68, a table cell)
_DOCUMENT_HEAD = re.compile(
    r"\b(?:Order\s+Form|Agreement|Terms|Addendum|DPA|SOW|Statement\s+of\s+Work|Polic(?:y|ies))"
    r"\s*,\s*$"
)
# (a name may be wrapped across a line of PDF text: "the UK\nAddendum", round 46)
_SENT_LAW = re.compile(
    r"\b(?:GDPR|General\s+Data\s+Protection\s+Regulation|Standard\s+Contractual\s+Clauses|SCCs?|"
    r"Regulation\s+\(EU\)|UK\s+Addendum|Data\s+Protection\s+Laws?|CCPA|HIPAA|Directive|"
    # other countries' data protection statutes by their usual short names (Brazil, Japan,
    # China, Canada, South Africa, Switzerland, Singapore): "under Article 23 of the APPI, and
    # ... as required by Articles 24 and 25" (round 48)
    r"LGPD|APPI|PIPL|PIPEDA|POPIA|FADP|PDPA)\b"
)
_OWN_ARTICLES = re.compile(
    r"^[ \t#*>_|-]*(?:\*\*|__)?(?i:article)\s+(?:\d|[IVXL]+\b)", re.MULTILINE
)
# The same after a newline: the engine skips to line ends instead of trying ^ everywhere.
_OWN_ARTICLES_NL = re.compile("\n" + _OWN_ARTICLES.pattern.removeprefix("^"))
# The first words of _SENT_LAW's names, plain literals: see scan_starts().
_LAW_STARTS = re.compile(
    r"GDPR|General|Standard|SCC|Regulation|UK|Data|CCPA|HIPAA|Directive|LGPD|APPI|PIPL|PIPEDA|"
    r"POPIA|FADP|PDPA"
)


def _names_law(text: str) -> bool:
    """_SENT_LAW.search(text), tried only where a name's first word occurs."""
    return next(scan_starts(_SENT_LAW, _LAW_STARTS, text), None) is not None


_PARTY_NAMES = re.compile(
    r"^(?:Customer|Provider|Vendor|Supplier|Client|Licensee|Licensor|Company)$"
)


def sentence_span(struct: Structure, pos: int) -> Span | None:
    """The sentence holding the offset (sentences do not overlap), or None."""
    i = bisect_right(struct.sentences, (pos, float("inf"))) - 1
    if i >= 0 and struct.sentences[i][0] <= pos < struct.sentences[i][1]:
        return struct.sentences[i]
    return None


def _sentence_at(struct: Structure, pos: int, text: str) -> str:
    span = sentence_span(struct, pos)
    return text[span[0] : span[1]] if span else text[max(0, pos - 200) : pos + 200]


def _law_context(struct: Structure, pos: int, text: str) -> str:
    """The text that says which instrument a reference points into: its sentence with the
    sentences before it on its line ("SCC options. Clause 7 (docking) applies; ... Clause 17
    Option 1"; a paragraph in HTML, DOCX and Markdown), and for a table row (each row is a
    sentence) also the table's lead-in, from the start of its section ("... the SCCs apply
    with these selections:" above "| Clause 17 (governing law) | ... |")."""
    span = sentence_span(struct, pos)
    if span is None:
        return _sentence_at(struct, pos, text)  # (the text around it)
    sentence = text[span[0] : span[1]]
    if " | " not in sentence and not sentence.lstrip().startswith("|"):
        lo = max(0, span[0] - 1000)
        line = text.rfind("\n", lo, span[0])
        return text[(line + 1 if line >= 0 else lo) : span[0]] + sentence
    sec = struct.section_at(pos)
    start = max(sec.start if sec else 0, pos - 2000)
    return text[start:pos] + sentence


_CHAIN = re.compile(
    rf"(?:\s*,\s*|\s*,?\s+(?:and|or|and/or)\s+)(?i:sections?|clauses?|articles?|§§?)\s*(?:{_LABEL})"
)


_KWS = r"(?:sections?|clauses?|articles?|exhibits?|schedules?|annex(?:es)?|appendi(?:x|ces)|attachments?)"
# an interpretation clause saying whose sections a reference means: "References to a Section or
# Exhibit are to a Section of or Exhibit to the Agreement" (an amendment), "References to clauses
# are to clauses of the Agreement and references to paragraphs are to paragraphs of this
# Addendum" (an addendum): those keywords point into the other agreement (round 39)
_DECLARED = re.compile(
    rf"\breferences?\s+(?:in\s+this\s+\w+\s+)?to\s+(?P<kws>(?:(?:an?|the|any)\s+)?{_KWS}"
    rf"(?:\s*(?:,|or|and|and/or)\s*(?:(?:an?|the|any)\s+)?{_KWS})*)\s+(?:are|mean|shall\s+be|will\s+be)"
    r"\s+(?:references\s+)?to\s+[^.;]{0,80}?\s(?:of|to|in)\s+(?:the|that)\s+(?!extent\b)(?-i:[A-Z])",
    re.IGNORECASE,
)
# an amending instruction: "Section 4.2 is deleted and replaced with the following", "The following
# is added as Section 6.5", "In Section 12.1, '$500,000' is replaced by '$2,000,000'" - the
# sections named are the amended agreement's (round 39)
_AMENDING = re.compile(
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:deleted|amended|restated|replaced\s+(?:by|with)\b)"
    r"|\b(?:is|are)\s+(?:hereby\s+)?(?:added|inserted)\s+(?:to\s+[^.;]{0,40}?\s+)?as\s+(?:a\s+new\s+)?"
    r"(?:sections?|clauses?|articles?|paragraphs?|exhibits?|schedules?|annex(?:es)?)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=2)  # the section and the attachment checks both ask
def declared_external(text: str) -> frozenset[str]:
    """The reference keywords ("sec", "cla", "art"; "exhibit", "schedule", ...) that the
    document's interpretation clause says point into another agreement."""
    out: set[str] = set()
    for m in scan(_DECLARED, ("reference",), text, fold=True):  # tried only at "reference"
        for kw in re.findall(_KWS, m.group("kws"), re.IGNORECASE):
            kw = kw.lower()
            out.add(kw[:3] if kw.startswith(("sec", "cla", "art")) else _att_kw(kw))
    return frozenset(out)


# _AMENDING cannot match a sentence without one of these: most sentences are skipped unsearched
_AMEND_WORDS = ("delet", "amend", "restat", "replac", "add", "insert")


def _amending(struct: Structure, pos: int, text: str) -> bool:
    a, b = sentence_span(struct, pos) or (max(0, pos - 200), pos + 200)  # see _sentence_at
    low = folded(text)  # the text lowered once for all its sentences
    if len(low) != len(text):  # a letter lowered to two: offsets would drift
        low, a, b = text[a:b].lower().replace("ſ", "s"), 0, b - a  # (?i:s) matches the long s
    return any(low.find(w, a, b) != -1 for w in _AMEND_WORDS) and bool(
        _AMENDING.search(_sentence_at(struct, pos, text))
    )


_THIS_DOC = re.compile(r"\b(?:of|in|under|to)\s+this\b|\bhereof\b|\bherein\b", re.IGNORECASE)
_OF_THIS = re.compile(rf"\s*(?:{_THIS_DOC.pattern})", re.IGNORECASE)  # right after a reference


def _external(text: str, m: re.Match, struct: Structure, context: str) -> bool:
    end = m.end()
    while chain := _CHAIN.match(text, end):
        end = chain.end()  # "Section 275(1A) or Section 276(4) of the SFA"
    if _OF_THIS.match(text, end):
        return False  # "Clause 14 of this Addendum": this document's, whatever its line names
    tail = _EXTERNAL_TAIL.match(text, end)
    if tail:
        word = re.match(r"\s*(?:of|under|in|to|from|within)\s+(\w+)", text[end : end + 40])
        if not (word and _PARTY_NAMES.match(word.group(1))):
            return True
    if _EXTERNAL_HEAD.search(text, max(0, m.start() - 40), m.start()):
        return True
    # a clause or article, or "... may end the UK Addendum as set out in its Section 19" (round
    # 32), in a context that names a law (looked for last: it reads the most text)
    its = re.search(r"\b(?:its|their)\s+$", text[max(0, m.start() - 8) : m.start()])
    if not (its or m.group("kw").lower().startswith(("clause", "article", "§"))):
        return False
    return _names_law(context)


def broken_xrefs(doc: Document, struct: Structure) -> list[Span]:
    """A reference to a section, clause or article of this document that is not in it.
    Silent where the document's own numbering could not be read completely (flattened
    PDF text, a table of contents only): a missing heading there is our miss, not theirs."""
    text = doc.text
    known = known_labels(doc, struct)
    out: list[Span] = []
    # labels a section has already named as another document's ("Section 11 of the Master
    # Terms"): a later bare "Section 11" in the same section means the same one (round 32)
    elsewhere: set[tuple[int, str, str]] = set()
    # a keyword a section has already used for another document's parts ("In Clause 17, ... the
    # Standard Contractual Clauses are governed by ..."): a later "In Clause 18(b), ..." in the same
    # section, its sentence naming no instrument and not "this" document, is that one's (round 59)
    kw_elsewhere: set[tuple[int, str]] = set()
    declared = declared_external(text)
    law_articles = None  # decided at the first Article reference
    # a number far past the document's own last section is a statute's ("the Section 508
    # standards at 36 C.F.R. Part 1194" in a document of 20 sections)
    tops = [int(k) for k in known if k.isdigit()]
    beyond = max(2 * max(tops), max(tops) + 30) if tops else None
    if _reliable(known):
        for m in scan(_REF, _REF_STARTS, text, fold=True):
            if struct.in_history(m.start()):  # "Removed the former Section 6.4": gone, rightly
                continue
            sec = struct.section_at(m.start())
            where = sec.start if sec else -1
            kw = m.group("kw").lower()[:3]
            if kw == "art" and law_articles is None:
                # a document that names a data protection law and numbers none of its own parts
                # "Article" means the law's: "... its obligations under Article 28" (round 48)
                own = _OWN_ARTICLES.match(text) or _OWN_ARTICLES_NL.search(text)
                law_articles = not own and _names_law(text)
            if (
                kw in declared
                or (kw == "art" and law_articles)
                or _amending(struct, m.start(), text)
            ):
                continue
            found = list(_ONE.finditer(m.group("list")))
            labels = [norm_label(re.sub(r"\s?\(.*", "", lm.group(0))) for lm in found]
            sentence = _law_context(struct, m.start(), text)
            if _external(text, m, struct, sentence):
                elsewhere.update((where, kw, label) for label in labels)
                kw_elsewhere.add((where, kw))
                continue
            if (where, kw) in kw_elsewhere and kw != "sec" and not _THIS_DOC.search(sentence):
                continue
            for i, (lm, label) in enumerate(zip(found, labels, strict=True)):
                if (where, kw, label) in elsewhere or not _missing(label, known, doc.format):
                    continue
                top = label.split(".")[0]
                if beyond is not None and top.isdigit() and int(top) > beyond:
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


# -- exhibits, schedules, annexes ------------------------------------------------------------

_ATT_KW = r"(?i:exhibits?|schedules?|annex(?:es|e)?|appendi(?:x|ces)|attachments?)"
# (in ALL-CAPS text a short word is no label: "PART B - ANNEXES TO THE STANDARD CONTRACTUAL
# CLAUSES" names no Annex "TO", round 32)
_CAPS_WORD = r"(?:TO|OF|IN|ON|AT|BY|OR|AS|IS|IT|AN|BE|NO|SO|UP|US|WE|IF|DO)(?![\w-])"
_ALAB = (
    rf"(?!{_CAPS_WORD})"
    r"(?:[A-Z]{1,2}(?:-\d{1,2})?|\d{1,2}(?:\.\d{1,2})?|[IVX]{1,4})(?![\w-])"
)
# "Annex I, B.7" is part B of Annex I, not Annex B: a later label is not one before ".7"
_ATT_REF = re.compile(
    rf"(?<![\w.])(?P<kw>{_ATT_KW})\s+(?P<list>{_ALAB}(?:(?:\s*,\s*|\s*,?\s+(?:and|or|to|through)\s+"
    rf"|\s*[-–]\s*)(?:{_ALAB})(?!\.\d))*)"
)
_DASH = re.compile(r"\s*[-–]\s*")
_ATT_REF_STARTS = ("exhibit", "schedule", "annex", "appendi", "attachment")  # as _REF_STARTS
ATT_HEAD = re.compile(
    rf"^[ \t#*>_|-]*(?:\*\*|__)?(?P<kw>{_ATT_KW})\s+(?P<label>{_ALAB})", re.MULTILINE
)


# The same after a newline: a literal first character lets the engine skip to line ends
# instead of trying ^ at every position.
_ATT_HEAD_NL = re.compile("\n" + ATT_HEAD.pattern.removeprefix("^"))


@lru_cache(maxsize=2)  # the attachment and the defined-term checks both read them
def att_heads(text: str) -> tuple[tuple[int, str, str], ...]:
    """Each ATT_HEAD match in the text as (its line start, keyword, label)."""
    first = ATT_HEAD.match(text)
    out = [(0, first["kw"], first["label"])] if first else []
    for m in _ATT_HEAD_NL.finditer(text, first.end() if first else 0):
        out.append((m.start() + 1, m["kw"], m["label"]))
    return tuple(out)


_ATTACHED = re.compile(
    r"[\s)]*(?:\([^()\n]{0,60}\)\s*)?,?\s*(?:(?:is|are|will\s+be|shall\s+be)\s+)?(?:hereto\s+)?"
    r"(?:attached|annexed|appended|incorporated|available|posted|located|published|found|set\s+out\s+at|at\s+https?:)",
    re.IGNORECASE,
)
# ("attached to the Order as Schedule 4": a schedule of another document, round 82)
_ATTACHED_HEAD = re.compile(
    r"(?:attached|annexed|appended)\s+(?:hereto\s+|to\s+(?:this|these|the|that)\s+\w+\s+)?(?:as|in)\s*$",
    re.IGNORECASE,
)


def _range(a: str, b: str) -> bool:
    """Whether "a - b" can be a range of labels: both numbers, both roman numerals, or letters
    of one length ("Schedule A - AI Services Description" is a title after a dash)."""
    if a[0].isdigit() or b[0].isdigit():
        return a[0].isdigit() and b[0].isdigit()
    # a roman numeral of two or more letters and a word that is not one ("ANNEX IV - UK
    # ADDENDUM INFORMATION", round 95): a title after a dash, whatever the lengths
    roman_a, roman_b = set(a) <= set("IVX"), set(b) <= set("IVX")
    if max(len(a), len(b)) > 1 and roman_a != roman_b:
        return False
    return len(a) == len(b) or set(a + b) <= set("IVX")


def _att_kw(kw: str) -> str:
    kw = kw.lower()
    for stem in ("exhibit", "schedule", "annex", "append", "attachment"):
        if kw.startswith(stem):
            return stem
    return kw


def _broken_attachments(doc: Document, struct: Structure) -> list[Span]:
    text = doc.text
    known = {(_att_kw(kw), norm_label(label)) for _, kw, label in att_heads(text)}
    refs = []
    heading_lines = None  # the line starts of section headings, found on first use
    for m in scan(_ATT_REF, _ATT_REF_STARTS, text, fold=True):
        kw = _att_kw(m.group("kw"))
        if "\n" in text[m.end("kw") : m.start("list")]:
            if heading_lines is None:
                heading_lines = {text.rfind("\n", 0, sec.start) + 1 for sec in struct.sections}
            if text.rfind("\n", 0, m.start()) + 1 in heading_lines:
                continue  # "12. Annexes\n12.1 Annex A ...": a heading's title, then the next clause
        previous = None
        for i, lm in enumerate(re.finditer(_ALAB, m.group("list"))):
            if (
                previous is not None
                and _DASH.fullmatch(m.group("list"), previous.end(), lm.start())
                and not _range(previous.group(0), lm.group(0))
            ):
                break  # "SCHEDULE 7 - AI SERVICES": a title after a dash, not a range 7-AI
            previous = lm
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
    declared = declared_external(text)
    for kw, label, a, b, m in refs:
        if kw in declared or _amending(struct, m.start(), text):
            continue
        if (kw, label) in known or (
            kw in ("annex", "append") and (("annex", label) in known or ("append", label) in known)
        ):
            continue
        if (
            _EXTERNAL_TAIL.match(text, m.end())
            or _EXTERNAL_HEAD.search(text, max(0, m.start() - 40), m.start())
            or _DOCUMENT_HEAD.search(text, max(0, m.start() - 40), m.start())
        ):
            continue
        if kw in ("annex", "append") and _names_law(_law_context(struct, m.start(), text)):
            continue
        out.append((a, b))
    return out
