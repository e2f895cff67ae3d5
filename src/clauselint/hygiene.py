"""Drafting hygiene: document-level detectors for defects no clause type describes
(placeholders, broken cross-references, words and figures that disagree, ...).

A `kind: hygiene` check in a pack names one of DETECTORS; each detector reads the Document
and its Structure and returns the evidence of each defect it finds.
"""

from __future__ import annotations

from collections.abc import Callable

from .document import Document
from .structure import Structure

# name -> function(doc, struct) -> list of (start, end) character spans, one per defect
DETECTORS: dict[str, Callable[[Document, Structure], list[tuple[int, int]]]] = {}
