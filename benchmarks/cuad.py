"""Shared CUAD helpers for the benchmarks: labels.csv loading, the taxonomy mapping, the split.

CUAD v1 is by The Atticus Project (arXiv 2103.06268), licensed CC BY 4.0. Nothing here
copies the data; every function reads it from a folder given at run time.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# The default data folder: ../shared/data/cuad next to the repository checkout.
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "cuad"

# Taxonomy id -> CUAD category (from shared/clause-taxonomy.md). Yes/no categories only.
YES_NO_TYPES: dict[str, str] = {
    "change_of_control": "Change Of Control",
    "anti_assignment": "Anti-Assignment",
    "exclusivity": "Exclusivity",
    "non_compete": "Non-Compete",
    "no_solicit_customers": "No-Solicit Of Customers",
    "no_solicit_employees": "No-Solicit Of Employees",
    "competitive_restriction_exception": "Competitive Restriction Exception",
    "non_disparagement": "Non-Disparagement",
    "most_favored_nation": "Most Favored Nation",
    "rofr_rofo_rofn": "Rofr/Rofo/Rofn",
    "liability_cap": "Cap On Liability",
    "uncapped_liability": "Uncapped Liability",
    "liquidated_damages": "Liquidated Damages",
    "insurance": "Insurance",
    "warranty_duration": "Warranty Duration",
    "covenant_not_to_sue": "Covenant Not To Sue",
    "audit_rights": "Audit Rights",
    "termination_for_convenience": "Termination For Convenience",
    "post_termination_services": "Post-Termination Services",
    "source_code_escrow": "Source Code Escrow",
    "ip_ownership_assignment": "Ip Ownership Assignment",
    "joint_ip_ownership": "Joint Ip Ownership",
    "license_grant": "License Grant",
    "non_transferable_license": "Non-Transferable License",
    "affiliate_license_licensor": "Affiliate License-Licensor",
    "affiliate_license_licensee": "Affiliate License-Licensee",
    "unlimited_license": "Unlimited/All-You-Can-Eat-License",
    "irrevocable_or_perpetual_license": "Irrevocable Or Perpetual License",
    "revenue_profit_sharing": "Revenue/Profit Sharing",
    "price_restrictions": "Price Restrictions",
    "minimum_commitment": "Minimum Commitment",
    "volume_restriction": "Volume Restriction",
    "third_party_beneficiary": "Third Party Beneficiary",
}

# Value categories: present when the lawyers' clause-text list is non-empty.
VALUE_TYPES: dict[str, str] = {
    "governing_law": "Governing Law",
    "renewal_term": "Renewal Term",
    "notice_period_to_terminate_renewal": "Notice Period To Terminate Renewal",
}

ALL_TYPES: dict[str, str] = {**YES_NO_TYPES, **VALUE_TYPES}

SPLITS = ("all", "dev", "heldout")


@dataclass(frozen=True)
class Contract:
    """One labelled contract: its id, file paths and the lawyers' clause texts per type."""

    id: str
    txt: Path
    pdf: Path
    present: frozenset[str]
    clauses: dict[str, list[str]] = field(hash=False, compare=False)
    # the lawyers' answers for the value types ("Delaware", "successive 1 year", "90 days")
    answers: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


def split_of(contract_id: str) -> str:
    """'heldout' for about a quarter of ids (sha1 of the id, mod 4 == 0), else 'dev'."""
    digest = int(hashlib.sha1(contract_id.encode("utf-8")).hexdigest(), 16)
    return "heldout" if digest % 4 == 0 else "dev"


def answer_column(row: dict[str, str], category: str) -> str:
    # CUAD spells one header "Notice Period To Terminate Renewal- Answer".
    for key in (f"{category}-Answer", f"{category}- Answer"):
        if key in row:
            return row[key]
    raise KeyError(f"{category}-Answer")


def parse_clauses(cell: str) -> list[str]:
    """The clause-text column: a Python-style list of strings ('[]' or '' when none)."""
    cell = (cell or "").strip()
    if not cell:
        return []
    value = ast.literal_eval(cell)
    return [str(v) for v in value if str(v).strip()]


def _row_to_contract(row: dict[str, str], data: Path) -> Contract:
    cid = row["id"]
    clauses = {t: parse_clauses(row.get(cat, "")) for t, cat in ALL_TYPES.items()}
    present = {t for t, cat in YES_NO_TYPES.items() if answer_column(row, cat).strip() == "Yes"}
    present |= {t for t in VALUE_TYPES if clauses[t]}
    return Contract(
        id=cid,
        txt=data / "txt" / f"{cid}.txt",
        pdf=data / "pdf" / f"{cid}.pdf",
        present=frozenset(present),
        clauses=clauses,
        answers={t: answer_column(row, cat).strip() for t, cat in VALUE_TYPES.items()},
    )


def load_contracts(data: Path, labels: Path | None = None, split: str = "all") -> list[Contract]:
    """Read labels.csv (or `labels`) into Contracts sorted by id, keeping only `split`."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    csv.field_size_limit(sys.maxsize)
    labels = labels or data / "labels.csv"
    with open(labels, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    contracts = [_row_to_contract(row, data) for row in rows]
    if split != "all":
        contracts = [c for c in contracts if split_of(c.id) == split]
    return sorted(contracts, key=lambda c: c.id)


_PUNCT = re.compile(r"[^\w\s]")


def normalise_words(text: str) -> list[str]:
    """Lowercase, drop punctuation, split on whitespace: the evidence-matching word list."""
    return _PUNCT.sub("", text.lower()).split()


def ngrams(words: list[str], n: int = 8) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def evidence_hit(evidence: list[str], gold: list[str], n: int = 8) -> bool:
    """True when some evidence shares an n-word run with a gold text, or holds a short one whole."""
    gold_words = [normalise_words(g) for g in gold]
    gold_grams: set[tuple[str, ...]] = set()
    for words in gold_words:
        gold_grams |= ngrams(words, n)
    short = [" " + " ".join(w) + " " for w in gold_words if 0 < len(w) < n]
    for text in evidence:
        words = normalise_words(text)
        if ngrams(words, n) & gold_grams:
            return True
        padded = " " + " ".join(words) + " "
        if any(s in padded for s in short):
            return True
    return False


# -- value agreement: does the extracted value say what the lawyers' answer says? --------------

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_NUMBER_WORDS.update(
    {
        w: 10 * i
        for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
    }
)
_UNIT = r"(day|week|month|year|quarter)s?\b"
# words that may stand between a number and its unit: "thirty calendar days"
_FILLERS = {"and", "a", "calendar", "business", "working", "consecutive", "full", "additional",
            "successive", "further"}  # fmt: skip
# per unit, how many of the comparable base unit (days stay days: 30 days is not a month)
_BASE = {"day": (1, "day"), "week": (7, "day"), "month": (1, "month"), "quarter": (3, "month"),
         "year": (12, "month")}  # fmt: skip


def _number(words: str) -> int | None:
    """'ninety (90)' -> 90, 'twenty-four' -> 24, 'one hundred eighty' -> 180, '12' -> 12."""
    digits = re.findall(r"\d+", words)
    if digits:
        return int(digits[-1])
    total, found = 0, False
    for w in re.findall(r"[a-z]+", words.lower()):
        if w in _NUMBER_WORDS:
            total, found = total + _NUMBER_WORDS[w], True
        elif w == "hundred":
            total, found = max(total, 1) * 100, True
        elif w not in _FILLERS:
            total, found = 0, False  # a word between: only the words next to the unit count
    return total if found else None


def durations(text: str) -> set[tuple[int, str] | str]:
    """Every duration a value names, in comparable units ((90, 'day'), (12, 'month')), and
    'perpetual'."""
    low = text.lower()
    out: set[tuple[int, str] | str] = set()
    if re.search(r"\bperpetu|\bindefinite|\buntil terminated\b", low):
        out.add("perpetual")  # CUAD's answer for an evergreen term
    if re.search(r"\bmonth[- ]to[- ]month\b|\bmonthly\b", low):
        out.add((1, "month"))
    if re.search(r"\b(?:annual|yearly|year[- ]to[- ]year|(?:every|each) year)\b", low):
        out.add((12, "month"))
    for m in re.finditer(r"([\w\s()-]{0,40}?)\b" + _UNIT, low):
        n = _number(m.group(1).replace("-", " "))
        if n is not None:
            k, unit = _BASE[m.group(2)]
            out.add((n * k, unit))
    return out


def _place(text: str) -> str:
    low = re.sub(r"[^\w\s]", " ", text.lower())
    low = re.sub(r"\bprc\b", "people s republic of china", low)  # the contract's own short forms
    low = re.sub(r"\benglish\b", "england", low)
    low = re.sub(r"\b(?:the|laws?|of|state|commonwealth|province|republic)\b", " ", low)
    return " ".join(low.split())


def value_agrees(type_id: str, value: str | None, answer: str) -> bool | None:
    """Does an extracted value agree with the lawyers' answer? None when the answer gives
    nothing to compare (empty, '[]', a date)."""
    parts = [p for p in re.split(r"[;/]", answer) if p.strip() and p.strip() != "[]"]
    if type_id == "governing_law":
        places = [_place(p.split(",")[0]) for p in parts]
        places = [p for p in places if p]
        if not places:
            return None
        ours = _place(value or "")
        return bool(ours) and any(p in ours or ours in p for p in places)
    gold = set().union(*(durations(p) for p in parts)) if parts else set()
    if not gold:
        return None
    return bool(durations(value or "") & gold)
