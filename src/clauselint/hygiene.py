"""Drafting hygiene: the DETECTORS registry of document-level defects no clause type describes.

A `kind: hygiene` check in a pack names one of DETECTORS; each detector reads the Document
and its Structure and returns the span of each defect it finds (the placeholder, the
reference, the mismatched amount), so the finding quotes the defect on its own line.
Every detector leans towards silence: a false alarm on a clean contract costs more trust
than a rare miss.

The detectors live in flat modules by what they read:

    hygiene_text.py     placeholders, amounts in words vs figures
    hygiene_outline.py  the document's own numbering (outline, numbering)
    hygiene_refs.py     cross-references to sections and attachments
    hygiene_terms.py    defined terms and party names
"""

from __future__ import annotations

from collections.abc import Callable

from .document import Document
from .hygiene_outline import norm_label, numbering, outline
from .hygiene_refs import broken_xrefs
from .hygiene_terms import (
    duplicate_definitions,
    party_name_variants,
    undefined_terms,
    unused_definitions,
)
from .hygiene_text import amount_mismatches, placeholders, words_to_number
from .structure import Structure

__all__ = ["DETECTORS", "Span", "norm_label", "outline", "words_to_number"]

Span = tuple[int, int]

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
