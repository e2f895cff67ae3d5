"""Placeholders and amounts in words that disagree with their figures: defects in the text itself.

Neither detector needs the document's outline or its defined terms; both read `Document.text`.
"""

from __future__ import annotations

import re
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
# ({{...}} is a merge field, but not a static-site shortcode, {{< note >}} or {{% alert %}}:
# round 101)
_OTHER_PLACEHOLDERS = re.compile(
    r"\{\{(?![<%])[^{}\n]{0,60}\}\}|\$\{[^{}\n]{1,40}\}|<<[^<>\n]{1,40}>>|«(?!\s)[^«»\n]{1,40}(?<!\s)»"
    r"|<(?:[A-Z][A-Z _-]{1,38}[A-Z]|insert [^<>\n]{1,40})>"
    r"|\((?:insert|enter|specify)\s[^()\n]{1,60}\)"
    r"|\b(?:TBD|TBC|TBA)\b"
    r"|\b(?:19|20)_{1,2}(?!\w)"
    r"|(?<![\w/])(?:X{2,}|x{3,})(?![\w/])"
    r"|(?<=[\s$€£(])_{3,}(?=[\s.,;:)%]|$)"
)
# Where a match of _OTHER_PLACEHOLDERS can begin (it is case-sensitive): see scan_starts(). (Plain
# literals, not factored into groups: the engine then skips to their first characters.)
_OTHER_STARTS = re.compile(
    r"\{\{|\$\{|<|«|\(insert|\(enter|\(specify|TBD|TBC|TBA|19_|20_|XX|xxx|___"
)
_SIGNATURE_LINE = re.compile(
    r"^\W*(?:by|name|title|date|dated|signature|signed|its|print(?:ed)? name|witness|address|"
    r"email|phone|per|for and on behalf of)\b",
    re.IGNORECASE,
)
_ROMAN_BEFORE = re.compile(r"(?:Article|Section|Part|Chapter|Title|Schedule|Annex)\s*$", re.I)


_MARKER_INTRO = re.compile(
    r"(?i)\b(?:marked|labell?ed|tagged|flagged)\s+(?:with\s+)?(?:an?\s+|the\s+)?\[([^\[\]\n]{1,80})\]"
)
_MARKER_STARTS = ("marked", "label", "tagged", "flagged")  # where _MARKER_INTRO can begin


def _declared_markers(text: str) -> set[str]:
    """Bracketed labels the document itself declares as markers ("Sections marked [BETA]
    apply only to ..."): each later use is the marker, not a blank to fill in."""
    found = scan(_MARKER_INTRO, _MARKER_STARTS, text, fold=True)
    return {m.group(1).strip().upper() for m in found}


def placeholders(doc: Document, struct: Structure) -> list[Span]:
    text, out = doc.text, []
    markers = _declared_markers(text) if "[" in text else set()
    for m in _BRACKET.finditer(text):
        inner = m.group(1).strip()
        if markers and any(
            inner.upper() == k or inner.upper().startswith(k + " ") for k in markers
        ):
            continue  # a marker the document declares, or a narrower form of one
        if _placeholder_bracket(inner) and not re.search(
            r"(?i)(?:sections?|articles?|clauses?)\s+[\d.]+\s*$",
            text[max(0, m.start() - 25) : m.start()],
        ):  # "Section 4.5 [PAYMENT TERMS]" names the section
            out.append(m.span())
    for m in scan_starts(_OTHER_PLACEHOLDERS, _OTHER_STARTS, text):
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


def scan(rx: re.Pattern, starts: tuple[str, ...], text: str, fold: bool = False):
    """rx.finditer(text), trying rx only where one of the literal `starts` occurs (found with
    str.find, far faster than the regex engine on a long alternation). `fold`: the starts
    are lower-case and may occur in any case, as under (?i)."""
    hay = text
    if fold:
        hay = folded(text)
        if len(hay) != len(text):  # a letter lowered to two: offsets would drift
            yield from rx.finditer(text)
            return
    found = []
    for s in starts:
        p = hay.find(s)
        while p != -1:
            found.append(p)
            p = hay.find(s, p + 1)
    last = 0
    for p in sorted(found):
        if p >= last:
            m = rx.match(text, p)
            if m:
                last = m.end()
                yield m


def scan_starts(rx: re.Pattern, starts: re.Pattern, text: str):
    """rx.finditer(text), trying rx only where `starts` (the literals a match may begin with)
    matches: one pass over the text for many literals, where scan() makes one for each."""
    p = 0
    while s := starts.search(text, p):
        m = rx.match(text, s.start())
        if m:
            p = m.end()
            yield m
        else:
            p = s.start() + 1


@lru_cache(maxsize=2)  # the scans of each document fold it once
def folded(text: str) -> str:
    return text.lower().replace("ſ", "s")  # (?i:s) also matches the long s


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
    """Blanks on a signature block or form line are meant to be filled in at signing, and so
    are a form's labelled fields run together in a paragraph ("Ordered on: ____. Name of
    consumer: ____."), as in a model withdrawal form for the consumer to complete."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    line = text[a : b if b != -1 else len(text)]
    prose = re.sub(r"_{2,}", "", line)
    if _SIGNATURE_LINE.match(line) or len(prose.split()) < 6:
        return True
    m = _FIELD_LABEL.search(text, max(0, pos - 80), pos)
    if m is None:
        return False
    label = re.sub(r"\([^()]*\)", "", m.group(1)).split()
    return len(label) <= 6 and not _VERB.intersection(w.lower() for w in label)


# A field's label right before its blank: up to six words after a sentence or bracket start
# and before a colon ("Name of consumer: ____"); with a verb it is a sentence ("The fee is: ____").
_FIELD_LABEL = re.compile(r"(?:^|\n|[.;/|]\s+|\()([A-Za-z][^.;:]{0,70}):\s*\Z")  # (wraps in PDFs)
_VERB = {"is", "are", "was", "were", "be", "shall", "will", "must", "may", "means"}


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
_FIRSTS = "".join(sorted({w[0] for w in _NUMWORD.split("|")}))
_AMOUNT = re.compile(
    # (?=[...]): the first letter of a number word, tried before everything else
    rf"(?=[{_FIRSTS}])(?<![\w-])(?P<words>{_WORDS})(?P<unit>\s+(?:{_MONEY}|percent|per\s?cent))?\s+{_FIGURE}",
    re.IGNORECASE,
)
# A figure not after a word, point, comma or bracket. The look-behind follows the first digit
# so that the pattern starts with \d: the engine then skips to digits instead of trying
# every position (the same matches, in a third of the time).
_AMOUNT_REV = re.compile(
    rf"(?P<fig>\d(?<![\w.,(§]\d)(?:\d{{0,2}}(?:,\d{{3}})+|\d*))[ \t]*\((?P<words>(?!an?\))(?:{_WORDS}))\)"
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


_PAREN_FIGURE = re.compile(r"\(\s*(?:US\s?\$|USD\s?|EUR\s?|GBP\s?|[$€£])?\s*\d", re.IGNORECASE)
_WORDS_BACK = 300  # chars of number words and currency before a figure: ample


def _amounts(text: str):
    """_AMOUNT.finditer(text), run only just before each "(figure": the same matches, since
    every amount holds one, in a tenth of the time."""
    last = 0
    for f in _PAREN_FIGURE.finditer(text):
        close = text.find(")", f.start())
        if f.start() < last or close < 0:
            continue
        back = _WORDS_BACK
        while True:
            a = max(last, f.start() - back)
            m = next((m for m in _AMOUNT.finditer(text, a, close + 1) if m.end() > f.start()), None)
            if m is None or m.start() > a + 40 or a == last:
                break
            back *= 4  # a match near the window's edge may reach further back: widen it
        if m is not None:
            last = m.end()
            yield m


# A bracket that may open a number in words: where each _AMOUNT_REV match has its own.
_PAREN_WORD = re.compile(rf"\((?=[{_FIRSTS}])", re.IGNORECASE)


def _amounts_rev(text: str):
    """_AMOUNT_REV.finditer(text), tried only at the figure before each "(" that opens a word:
    the figure's digits and commas run back from the bracket to a character that may not precede
    it, so each bracket has one place to try."""
    last = 0
    for b in _PAREN_WORD.finditer(text):
        a = b.start()
        while a > last and text[a - 1] in " \t":
            a -= 1
        while a > last and (text[a - 1].isdecimal() or text[a - 1] == ","):
            a -= 1
        if a < b.start() and text[a].isdecimal() and (m := _AMOUNT_REV.match(text, a)):
            last = m.end()
            yield m


def amount_mismatches(doc: Document, struct: Structure) -> list[Span]:
    out = []
    for m in _amounts(doc.text):
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
    for m in _amounts_rev(doc.text):
        said = words_to_number(m.group("words"))
        if said is not None and said != int(m.group("fig").replace(",", "")):
            out.append(m.span())
    return sorted(out)
