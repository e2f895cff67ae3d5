"""Defined terms and parties of a contract, found from its text: '"Customer Data" means ...',
'(the "Platform")', and 'Northwind Analytics, Inc. ("Northwind" or "Customer")' with its role."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Definition:
    term: str
    start: int
    end: int


@dataclass(frozen=True)
class Party:
    name: str  # "Northwind Analytics, Inc."
    alias: str  # the name the contract uses for it: "Customer", "EHS"
    role: str | None  # the alias when it is a role word (Customer, Provider, Licensor, ...)
    start: int
    end: int


_Q = "[\"“”']"
_DEFINES = re.compile(
    rf"{_Q}([A-Z][^\"“”\n]{{0,60}}?){_Q}\s*(?:\)\s*)?(?:shall\s+)?"
    r"(?:means?|has the meaning|shall have the meaning|refers to|includes)\b"
)
_ALIAS = re.compile(
    r"\((?:[^()]{0,80}?(?:the|each|a|an|hereinafter|collectively|together)\s+)?"
    rf"(?:referred to as\s+)?(?:the\s+)?{_Q}([A-Z][^\"“”\n]{{0,60}}?){_Q}\)"
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


def find_definitions(text: str) -> list[Definition]:
    seen: dict[str, Definition] = {}
    for rx in (_DEFINES, _ALIAS):
        for m in rx.finditer(text):
            term = m.group(1).strip()
            if term and term not in seen:
                seen[term] = Definition(term, m.start(1), m.end(1))
    return sorted(seen.values(), key=lambda d: d.start)


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
