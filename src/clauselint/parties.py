"""Defined terms and parties of a contract, found from its text: '"Customer Data" means ...',
'(the "Platform")', and 'Northwind Analytics, Inc. ("Northwind" or "Customer")' with its role."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .sentences import finditer_any


@dataclass(frozen=True)
class Definition:
    term: str
    start: int  # the term, without its quotes
    end: int
    body: str = ""  # the words that define it (the words before it, for an alias in brackets)
    means: bool = True  # '"X" means ...', not '(the "X")'
    # '"X" has the meaning given in Section 4' or '"X" includes ...': not a whole definition here
    pointer: bool = False
    partner: str = ""  # '"Statement of Work" or "SOW" means': either name may be the one used


@dataclass(frozen=True)
class Party:
    name: str  # "Northwind Analytics, Inc."
    alias: str  # the name the contract uses for it: "Customer", "EHS"
    role: str | None  # the alias when it is a role word (Customer, Provider, Licensor, ...)
    start: int
    end: int


_Q = "[\"“”']"
# Markdown emphasis marks, which Markdown text keeps: '**"Operational Data"** means ...'
EMPHASIS = r"(?:\*\*|__|\*|_)?"
_TERM_CHAR = r"(?:[^\"“”\n]|\n(?=[^\n\"“”]))"
# (a term in lower case only where it takes a law's meaning: '"processing" has the meaning given
# in the GDPR'); a term may wrap onto the next line of PDF text ('"Customer\nPersonal Data" means').
# One pattern per opening quote, which the engine can skip ahead to (see finditer_any).
_MEANS = tuple(
    re.compile(
        re.escape(quote)
        + rf"(?P<term>[A-Z]{_TERM_CHAR}{{0,60}}?|[a-z]{_TERM_CHAR}{{0,60}}?(?={_Q}\s*(?:shall\s+)?ha(?:s|ve)\s+the\s+meaning))"
        rf"{_Q}{EMPHASIS}\s*(?:\)\s*)?(?:shall\s+)?"
        r"(?:means?|ha(?:s|ve) the meanings?|shall have the meanings?|refers to|includes)\b"
        # the body is read, not consumed: a flattened list's next definition may start inside it
        r"(?=(?P<body>[^\n]{0,80}))"
    )
    for quote in "\"“”'"
)
_POINTS = re.compile(
    r"\b(?:described|set out|set forth|specified|defined|given|identified|listed)\s+in\s+"
    r"(?:section|clause|article|schedule|exhibit|annex|appendix|paragraph)\b",
    re.IGNORECASE,
)
# the terms listed before the last one of '"A", "B" and "C" have the meanings ...'
_QUOTED = rf"{_Q}[A-Za-z][^\"“”\n]{{0,60}}?{_Q}"
_TERM_IN_RUN = re.compile(rf"{_Q}(?P<term>[A-Za-z][^\"“”\n]{{0,60}}?){_Q}")
_TERM_RUN = re.compile(rf"(?:{_QUOTED}{EMPHASIS}\s*(?:,|,?\s*and|,?\s*or)\s*{EMPHASIS})+$")
# (the "Platform"), ("Aldermoor" or "Customer"): the first name is the term
_ALIAS = re.compile(
    r"\((?:[^()]{0,80}?(?:the|each|a|an|hereinafter|collectively|together|individually)\s+)?"
    rf"(?:referred to as\s+)?(?:the\s+)?{_Q}(?P<term>[A-Z][^\"“”\n]{{0,60}}?){_Q}"
    rf"(?:\s*(?:,|or|and)\s*(?:the\s+)?{_Q}[^\"“”\n]{{0,40}}{_Q})*\)"
)
_ROLE_WORDS = (
    "Customer|Client|Provider|Vendor|Supplier|Licensor|Licensee|Company|Contractor|Consultant|"
    "Distributor|Reseller|Manufacturer|Purchaser|Buyer|Seller|Processor|Controller|Partner|"
    "Franchisee|Franchisor|Developer|Publisher|Sponsor|Agent|Recipient|Discloser|Disclosing Party|"
    "Receiving Party|Service Provider|Subscriber"
)
_ROLE = re.compile(rf"^(?:{_ROLE_WORDS})$")
_PARTY = re.compile(
    # (?=...): every match starts so; tried first, it spares the lazy repeat at other places
    r"(?=[A-Zp])((?:[A-Z][\w&.'-]*,?[ \t]+){0,6}?"
    r"(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corporation|Corp|Company|Co|GmbH|AG|S\.A|N\.V|B\.V|LP|L\.P|LLP|PLC|plc|Pty"
    # the same suffixes in capitals ("DUNMORE COGNITIVE SYSTEMS, INC.", "KELDERBY AI LIMITED"),
    # and a US national bank's "N.A."
    r"|INC|LTD|LIMITED|CORPORATION|CORP|COMPANY|N\.A)\b\.?)"
    # then the description (which may hold its own brackets) and the ("Alias") it goes by
    + rf"(?:[^()\"“”]|\([^()\"“”]{{0,80}}\)){{0,300}}?\((?:[^()]{{0,40}}?)?{_Q}([A-Z][^\"“”\n]{{0,40}}?){_Q}"
)
_ALIASES = re.compile(rf"{_Q}([A-Z][^\"“”\n]{{0,40}}?){_Q}")
_PREAMBLE = 4000


@lru_cache(maxsize=2)  # the structure pass and the hygiene checks both ask, for the same text
def all_definitions(text: str) -> tuple[Definition, ...]:
    """Every place a term is defined, in order: a term defined twice appears twice."""
    defs = []
    for m in finditer_any(_MEANS, text):
        body = " ".join(re.sub(r"[^\w\s]", " ", m.group("body").lower()).split()[:8])
        verb = m.group(0)[len(m.group("term")) + 2 :][:40]
        # '"X" has the meaning given in ...', '"X" means the purposes described in Section 3.1'
        pointer = "meaning" in verb or "includes" in verb or bool(_POINTS.search(m.group("body")))
        before = text[max(0, m.start() - 400) : m.start()]
        pair = re.search(rf"{_Q}([^\"“”\n]{{1,60}}){_Q}\s*or\s+$", before[-70:])
        defs.append(
            Definition(" ".join(m.group("term").split()), m.start("term"), m.end("term"), body, True,
                       pointer, pair.group(1) if pair else "")
        )  # fmt: skip
        if "meanings" in verb:  # '"Consumer", "Sell" and "Share" have the meanings given ...'
            run = _TERM_RUN.search(before)
            for t in _TERM_IN_RUN.finditer(run.group(0)) if run else ():
                a = m.start() - len(before) + run.start() + t.start("term")
                defs.append(
                    Definition(t.group("term"), a, a + len(t.group("term")), body, True, True)
                )
    pairs = {d.partner: d.term for d in defs if d.partner}
    defs = [replace(d, partner=pairs.get(d.term, d.partner)) for d in defs]
    for m in _ALIAS.finditer(text):
        lead = text[max(0, m.start() - 60) : m.start()].lower().split()[-4:]
        defs.append(
            Definition(
                m.group("term").strip(), m.start("term"), m.end("term"), " ".join(lead), False
            )
        )
    return tuple(sorted((d for d in defs if d.term), key=lambda d: d.start))


def find_definitions(text: str) -> list[Definition]:
    """Each defined term once: where it "means" something, else where it is first named."""
    first: dict[str, Definition] = {}
    for d in sorted(all_definitions(text), key=lambda d: (not d.means, d.start)):
        first.setdefault(d.term, d)
    return sorted(first.values(), key=lambda d: d.start)


_NOT_A_PARTY = re.compile(r"(?:Agreement|Effective Date|Part(?:y|ies)|Terms|Contract)$")


def find_parties(text: str) -> list[Party]:
    parties = []
    for m in _PARTY.finditer(text[:_PREAMBLE]):
        name = re.sub(
            r"^(?:by and )?(?:between|among|and)\s+", "", m.group(1).strip(" ,"), flags=re.I
        )
        alias = m.group(2).strip()
        if _NOT_A_PARTY.match(alias):
            continue  # a cover page's name, then the agreement's own alias: (this "Agreement")
        # ("Aldermoor" or "Customer"): the name it goes by, and the role it plays
        more = _ALIASES.findall(text[m.end(2) + 1 : text.find(")", m.end(2), m.end(2) + 80)])
        role = next((a for a in (alias, *more) if _ROLE.match(a)), None)
        parties.append(Party(name, alias, role, m.start(1), m.end(2)))
    return parties
