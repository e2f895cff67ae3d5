"""Shared fixtures: the packs and one compiled detector for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from clauselint import structure
from clauselint.detect import Detector
from clauselint.document import Document
from clauselint.packs import load_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def detector(rules):
    return Detector(rules)


@pytest.fixture(scope="session")
def detect(detector):
    """text -> {clause type: Clause}"""

    def run(text: str, fmt: str = "txt"):
        doc = Document("<test>", fmt, text)
        return {c.type: c for c in detector.detect(doc, structure.parse(doc))}

    return run
