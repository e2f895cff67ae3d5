"""What kind of document this is (services agreement, DPA, NDA, order form, licence), and
which side each party is on — so checks apply only where they fit and to the right party."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document
    from .structure import Structure

KINDS = ("services", "dpa", "nda", "order", "license", "contract")

# Title cues, most specific first: a DPA attached to an MSA is titled as a DPA.
_TITLE_CUES = [
    ("dpa", r"data processing (?:agreement|addendum|terms)|\bDPA\b|data protection (?:agreement|addendum)"
     # a translated German DPA: "Agreement on Commissioned Processing pursuant to Art. 28 GDPR"
     r"|commissioned (?:data )?processing|\bart(?:icle|\.)?\s*28\s*(?:\(\d\)\s*)?(?:of the\s+)?GDPR"),
    ("nda", r"non-?disclosure|confidentiality agreement|\bNDA\b|secrecy agreement"),
    ("order", r"order form|statement of work|purchase order|\bSOW\b|service order"),
    ("license", r"licen[cs]e agreement|licen[cs]ing agreement|end user licen[cs]e|\bEULA\b"
     r"|(?:model|software|community|open|weights?) licen[cs]e\b"),
    ("services", r"services? (?:agreement|contract)|terms (?:and conditions )?of (?:service|use)"
     r"|subscription agreement|master (?:\w+ )?agreement|\bMSA\b|enterprise agreement"
     r"|(?:commercial|business|developer|api|platform|online|customer|enterprise) terms"
     r"|customer agreement|usage policy|services? terms|(?:education|team|school) terms"
     r"|terms for (?:\w+ ){0,3}(?:customers|schools|universities|institutions|businesses"
     r"|organi[sz]ations|teams|developers|enterprises|education)\b"
     r"|consulting agreement|outsourcing agreement"
     # a HIPAA business associate agreement is read with the services checks, as an addendum is
     r"|business associate (?:agreement|addendum|contract)"
     # a developer or API agreement named as a title, at the end of its line ("QUARLTON PLATFORM
     # DEVELOPER AGREEMENT"), not one cited in a DPA's recitals ("supplement the ... API Agreement")
     r"|(?:developer|api) agreement(?=[ \t]*(?:\r?\n|$))"
     # UK public-sector call-off terms under a framework ("Call-Off Contract for ... Services")
     r"|call-?off (?:contract|terms|agreement)"
     # an addendum or supplement to a services agreement ("Zero Data Retention Addendum",
     # "Generative AI Addendum"), named in the title before its recitals cite a DPA
     r"|\baddendum\b|supplement(?:al|ary)? terms|agreement for the (?:supply|provision) of"),
]  # fmt: skip
_TITLE = 200  # where the title is
_HEAD = 1500  # where the recitals are

# Role words and the side they are on when the contract is read as a purchase.
CUSTOMER_SIDE = {
    "customer", "client", "licensee", "buyer", "purchaser", "subscriber", "controller", "you",
    "user", "member",
}  # fmt: skip
VENDOR_SIDE = {
    "provider", "vendor", "supplier", "licensor", "contractor", "consultant", "processor",
    "service provider", "seller", "we", "agency",
}  # fmt: skip
ROLE_SIDES = {w: "customer" for w in CUSTOMER_SIDE} | {w: "vendor" for w in VENDOR_SIDE}


def guess_kind(doc: Document, struct: Structure) -> str:
    # The title decides: the page's own title heading when the source marks one (a web page's
    # <h1> "Commercial Terms of Service" below a sidebar of legal links that lists the "Data
    # Processing Addendum"), then the first line (an "Enterprise Services Agreement" whose next
    # line says "Effective for Order Forms signed after ..." is a services agreement), then the
    # title block; failing that, the opening recitals.
    # A page that marks its own title (<h1>) below a sidebar of legal links that carries
    # headings of its own ("Legal documents") starts at that title: the links above it are
    # navigation, neither its title block nor its recitals.
    top = min((h for h in doc.headings if h.level == 1), key=lambda h: h.start, default=None)
    begin = top.start if top is not None and top.start < _HEAD else 0
    text = doc.text[begin:]
    first = next((line for line in text[:_TITLE].splitlines() if line.strip()), "")
    heads = [first, text[:_TITLE]]
    if top is not None and top.start < _HEAD:
        heads.insert(0, doc.text[top.start : top.end])
    for head in heads:
        for kind, cue in _TITLE_CUES:
            if re.search(cue, head, re.I):
                return kind
    # In the recitals a document names itself before the ones it cites ("This page summarises
    # the Business Terms and the Data Processing Addendum"): the earliest cue decides.
    found = [(m.start(), kind) for kind, cue in _TITLE_CUES
             if (m := re.search(cue, text[:_HEAD], re.I))]  # fmt: skip
    if found:
        return min(found)[1]
    if re.search(r"\bagreement\b", first, re.I):
        return "contract"  # an agreement titled as none of the kinds ("Model Distribution
        # Agreement") is a contract, however much of it deals with processors
    words = doc.text[:50000].lower()
    if words.count("processor") + words.count("sub-processor") >= 8 and "controller" in words:
        return "dpa"
    return "contract"


def sides(struct: Structure) -> dict[str, str]:
    """alias (lower-cased) -> 'customer' | 'vendor', for the aliases whose role tells."""
    out = dict(ROLE_SIDES)
    for p in struct.parties:
        # ("Aldermoor" or "Customer"): the name takes the role's side; "EHS" alone: unknown
        side = ROLE_SIDES.get(p.role.lower(), "unknown") if p.role else "unknown"
        out.setdefault(p.alias.lower(), side)
    # two parties, one of them named by its role: the other is on the other side ("Bank" facing
    # "Supplier" is the customer; "Pelleas" facing "Customer" is the vendor)
    aliases = list(dict.fromkeys(p.alias.lower() for p in struct.parties))
    if len(aliases) == 2:
        known = [out[a] for a in aliases if out[a] != "unknown"]
        if len(known) == 1:
            other = "vendor" if known[0] == "customer" else "customer"
            for a in aliases:
                if out[a] == "unknown":
                    out[a] = other
    return out


_MUTUAL = re.compile(
    r"^\W*(?:each|either|neither|both|the) part(?:y|ies)\b|^\W*(?:each|either|neither) of the parties",
    re.I,
)
_ASSENT = re.compile(
    r"^\W*(?:\w+\W+){1,3}?(?:acknowledges?|agrees?|understands?|accepts?|confirms?)"
    r"(?:\s+and\s+(?:acknowledges?|agrees?|understands?|accepts?))?\s+that\s+",
    re.I,
)
_STATE = re.compile(
    r"^\W*(?:if|where|when|while)\s+(?:\w+\s+){1,2}?(?:is|are)\b[^,;]{1,80},\s*", re.I
)
_MODAL = r"(?:'s)?[^.;]{0,60}?\b(?:shall|will|may|must|agrees?|covenants?|undertakes?|is|are)\b"


def bound_side(sentence: str, side_of: dict[str, str]) -> str | None:
    """The side the sentence's first obligation binds: 'customer', 'vendor', 'both' or None."""
    # (a dotted number whole: "9.1 If you are ..." loses "9.1 ", not only "9.")
    body = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?\s+|\(?[a-z0-9ivx]{1,4}[.)]\s*)", "", sentence)
    # "You agree that we may update these Terms": the power is in the clause after "that"
    body = _ASSENT.sub("", body, count=1)
    names = tuple(sorted(side_of, key=len, reverse=True))
    if _MUTUAL.match(body):
        # "Neither party may assign ..., except that Aldermoor may assign it to an affiliate":
        # the one power the sentence grants is the exception's
        m = _named("exception", names).search(body)
        side = side_of.get(m.group(1).lower()) if m else None
        return side if side in ("customer", "vendor") else "both"
    # "If you are on a Scale Plan, we will defend you": a condition that only states who or where
    # someone is binds no one; the clause after it does
    body = _STATE.sub("", body, count=1)
    # "If a Customer, or one of its users, is sued ..., Tinderwick will defend the Customer": a
    # claim against someone binds no one either; the main clause after it says who is bound
    c = _named("condition", names).match(body) if _CONDITION.match(body) else None
    if c:
        body = body[c.end() :]
    m = _named("subject", names).search(body)
    # "... may be updated by Aldermoor": the agent of the first modal verb acts, not the noun
    # before it ("Customer Materials may be disclosed by Vendor" is the vendor's power)
    p = _named("passive", names).search(body) if _BY.search(body) else None
    if p and (not m or p.start() <= m.end()):
        m = p
    if not m:
        return None
    side = side_of[m.group(1).lower()]
    return side if side != "unknown" else None


# The regexes that name the document's parties, compiled per document (each one costs about as
# much to compile as to run on all of a contract's evidence), so only when a sentence could
# match: a leading condition, "by" for a passive agent, a mutual clause for an exception.
_CONDITION = re.compile(r"\W*(?:if|where|when|in\s+the\s+event\s+(?:that\s+)?)\b", re.I)
_BY = re.compile(r"\bby\s", re.I)
_NAMED = {
    # a name as the subject of a modal verb
    "subject": r"\b({alt})\b" + _MODAL,
    # the agent of a passive one
    "passive": r"\b(?:shall|will|may|must|can)\s+(?:not\s+|only\s+)?be\s+\w+(?:ed|en|wn|de)\b"
    r"[^.;]{0,40}?\bby\s+(?:the\s+)?({alt})\b",
    # the party an exception empowers ("except that X may")
    "exception": r"\b(?:except|save|provided)\s+that\s+(?:the\s+)?({alt})\s+may\b",
    # a leading condition that someone is sued or claimed against, followed by a main clause
    # whose subject is a name
    "condition": _CONDITION.pattern + r"[^.;]{1,80}?\b(?:is|are)\s+"
    r"(?:sued|named|served|threatened|(?:made\s+)?(?:the\s+)?subject\s+(?:to|of))\b"
    r"[^.;]{1,300}?,\s*(?:then\s+)?"
    r"(?=(?:the\s+)?(?:{alt})\b\s*(?:shall|will|may|must)\b)",
}


@lru_cache(maxsize=256)
def _named(kind: str, names: tuple[str, ...]) -> re.Pattern:
    """_NAMED[kind] with these party names for its {alt}."""
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(_NAMED[kind].replace("{alt}", alt), re.I)
