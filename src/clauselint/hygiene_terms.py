"""Defined terms and party names: duplicate, unused and undefined terms, and party-name variants."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from itertools import chain

from .document import Document
from .hygiene_refs import att_heads, sentence_span
from .parties import Definition, all_definitions
from .structure import Structure

Span = tuple[int, int]

# -- definitions ------------------------------------------------------------------------------

_PRONOUNS = {"we", "us", "our", "you", "your", "i", "me"}


@lru_cache(maxsize=2)  # four checks ask, for the same text
def _all_definitions(text: str) -> tuple[Definition, ...]:
    """The definitions in double quotes, each spanning its quotes (the span a finding quotes).
    A single quote may be an apostrophe: those count only as terms known to be defined."""
    return tuple(
        replace(d, start=d.start - 1, end=d.end + 1)
        for d in all_definitions(text)
        if "'" not in (text[d.start - 1], text[d.end])
    )


_DPA_TITLE = re.compile(
    r"^[ \t#*]*(?:[A-Z][A-Za-z ]{0,40})?(?:DATA PROCESSING|Data Processing) (?:Addendum|Agreement|ADDENDUM|AGREEMENT)",
    re.MULTILINE,
)


def _scope_starts(doc: Document) -> list[int]:
    """Where a new document begins inside the file (a top heading or an exhibit/annex), so
    that an addendum may define its own terms."""
    starts = [h.start for h in doc.headings if h.level == 1]
    starts += [start for start, _, _ in att_heads(doc.text)]
    if "DATA PROCESSING " in doc.text or "Data Processing " in doc.text:  # else no match
        starts += [m.start() for m in _DPA_TITLE.finditer(doc.text)]
    return sorted(set(starts))


def _scope(starts: list[int], pos: int) -> int:
    return sum(1 for s in starts if s <= pos)


def duplicate_definitions(doc: Document, struct: Structure) -> list[Span]:
    """A term defined twice in one document with different definitions. The definition
    outside the definitions section (or else the later one) is reported."""
    starts = _scope_starts(doc)
    groups: dict[tuple[int, str], list[Definition]] = {}
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
    span = sentence_span(struct, a)
    return span is not None and span[0] <= b < span[1]


def _odd_one(doc: Document, struct: Structure, defs: list[Definition]) -> Span:
    def in_definitions(d: Definition) -> bool:
        sec = struct.section_at(d.start)
        return bool(
            sec and any(re.search(r"(?i)definition|interpretation", t) for t in sec.title_path)
        )

    def home(d: Definition) -> bool:
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
    inside = _union([(d.start, d.end) for d in defs])
    for d in defs:
        if d.term in seen or d.term.lower() in _PRONOUNS:
            continue
        seen.add(d.term)
        names = [d.term, *_singular(d.term), *_plural(d.term)] + ([d.partner] if d.partner else [])
        borrowed = d.pointer and not _PART.search(d.body)  # given in a law, not in Section 4
        if not any(_used(text, n, inside, borrowed, d.end) for n in names):
            out.append((d.start, d.end))
    return out


_PART = re.compile(r"\b(?:section|clause|article|schedule|exhibit|annex|appendix|paragraph)\b")


def _singular(term: str) -> list[str]:
    """A plural term is used in the singular too: "Bank Indemnitees" -> "Bank Indemnitee"."""
    for plural, one in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if term.endswith(plural) and len(term) > len(plural) + 2:
            return [term[: -len(plural)] + one]
    if term.endswith("s") and not term.endswith(("ss", "us", "is")) and len(term) > 3:
        return [term[:-1]]
    return []


def _plural(term: str) -> list[str]:
    """A singular term in -y is used in the plural too: "Call Summary" -> "Call Summaries"
    (a plain "s" plural is matched as the term's ending already)."""
    if len(term) > 3 and term.endswith("y") and term[-2].lower() not in "aeiou":
        return [term[:-1] + "ies"]
    return []


def _union(spans: list[Span]) -> tuple[list[int], list[int]]:
    """Sorted, merged spans as (starts, ends), for membership by bisect."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


_TERM_END = re.compile(r"(?:s|es|'s|’s|\(s\))?(?![\w\"”])")  # a plural or possessive may follow
_SPACES = re.compile(r"\s+")


def _uses(text: str, term: str, start: int = 0, stop: int | None = None):
    """Offsets from start (to stop) where the term occurs as a whole term, its words spaced any
    way. Found with str.find: a regex per term cost more to compile than to run."""
    words = re.sub(r"\(s\)$", "", term).split()
    if not words:
        return
    p = text.find(words[0], start)
    while p != -1 and (stop is None or p < stop):
        q = p + len(words[0])
        for w in words[1:]:
            m = _SPACES.match(text, q)
            if not m or not text.startswith(w, m.end()):
                break
            q = m.end() + len(w)
        else:
            if _TERM_END.match(text, q) and not (
                p and (text[p - 1].isalnum() or text[p - 1] in '_"“')
            ):
                yield p
        p = text.find(words[0], p + 1)


def _used(
    text: str, term: str, inside: tuple[list[int], list[int]], borrowed: bool = False, near: int = 0
) -> bool:
    """Is the term used outside its definitions? Also in capitals: an ALL-CAPS limitation
    clause ("EXCEPT FOR THE EXCLUDED CLAIMS, ...") uses the term "Excluded Claims". A term that
    takes its meaning from elsewhere is used in lower case too ('"Controller", "processor" ...
    have the meanings given in the GDPR' opens a sentence with "Controller").
    Looked for from `near` (its definition) on first, then before it: a term is mostly used
    soon after it is defined, and a search from the start would read up to there each time."""
    starts, ends = inside
    for form in dict.fromkeys((term, term.upper(), *([term.lower()] if borrowed else []))):
        for p in chain(_uses(text, form, near), _uses(text, form, 0, near)):
            i = bisect_right(starts, p) - 1
            if i < 0 or p >= ends[i]:
                return True
    return False


# -- terms and party names --------------------------------------------------------------------

_HEADWORDS = (
    r"Data|Information|Services?|Materials?|Fees|Date|Period|Term|Products?|Software|"
    r"Documentation|Content|Outputs?|Inputs?|Models?|Polic(?:y|ies)|Claims?|Losses|Deliverables|"
    r"Order|Incident|Breach|Measures"
)
_USED_TERM = re.compile(  # (?=[...]): the lead words' first letters, tried first
    rf"(?=[taseiyo])\b(?:the|any|such|all|each|its|your|our|of) (?P<t>(?:[A-Z][a-z]+ ){{1,3}}(?:{_HEADWORDS}))\b(?! [A-Z(])"
)
# _USED_TERM from the space after its lead word: the engine skips to spaces, and a capital
# must follow, so it tries far fewer places than at every lead-word letter
_TERM_AFTER_SPACE = re.compile(rf" (?:[A-Z][a-z]+ ){{1,3}}(?:{_HEADWORDS})\b(?! [A-Z(])")
_LEADS = ("the", "any", "such", "all", "each", "its", "your", "our", "of")


def _used_terms(text: str):
    """_USED_TERM.finditer(text), tried only before each term that follows a space. (The
    words before a term's space are capitalised, never a lead word: no match starts inside
    another candidate.)"""
    for c in _TERM_AFTER_SPACE.finditer(text):
        p = c.start()  # the space after the lead word
        for lead in _LEADS:
            a = p - len(lead)
            if a >= 0 and text.startswith(lead, a, p) and (m := _USED_TERM.match(text, a)):
                yield m
                break


_PROPER = re.compile(
    r"\b(?:Act|Regulation|Law|Clauses|States|Union|Area|Kingdom|Court|Commission|Authority|"
    r"Council|Office|Shield|Framework|Privacy|Security Rule|Code)\b"
)


def undefined_terms(doc: Document, struct: Structure) -> list[Span]:
    """A capitalised term used as if defined ("the Customer Materials") that nothing defines,
    when a term with the same head word is defined: a likely misnamed defined term."""
    text = doc.text
    defined = {d.term for d in all_definitions(text)}
    if not defined:
        return []
    heads = {t.split()[-1].rstrip("s") for t in defined}
    firsts = {t.split()[0] for t in defined if len(t.split()) > 1}
    heading_starts = {h.start for h in doc.headings}
    out, seen = [], set()
    for m in _used_terms(text):
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
