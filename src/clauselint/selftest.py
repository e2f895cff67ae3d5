"""Runs the examples in rule packs: every detector and check carries examples, and they are tests."""

from __future__ import annotations

from dataclasses import dataclass

from . import structure
from .checks import hygiene_findings, run_checks
from .detect import Detector
from .document import Document
from .packs import RuleSet


@dataclass(frozen=True)
class Failure:
    where: str  # "file: clauses[3](type)" or "file: checks[2](id)"
    kind: str  # match | no_match | fail | pass | missing
    example: str
    detail: str


def _types(det: Detector, text: str) -> tuple:
    doc = Document("<example>", "txt", text)
    return det.detect(doc, structure.parse(doc))


def _findings(det: Detector, check, text: str) -> tuple:
    doc = Document("<example>", "txt", text)
    struct = structure.parse(doc)
    kind = check.profiles[0] if check.profiles else None  # the example is of a kind it fits
    return run_checks(
        [check], det.detect(doc, struct), document_kind=kind,
        perspective=check.perspective or "customer", extra=hygiene_findings([check], doc, struct),
    )  # fmt: skip


def run_examples(rules: RuleSet, det: Detector | None = None) -> list[Failure]:
    det = det or Detector(rules)
    out: list[Failure] = []
    for rule in rules.clauses:
        if not rule.match or not rule.no_match:
            out.append(Failure(rule.where, "missing", "", "needs match and no_match examples"))
        for text, want in [(t, True) for t in rule.match] + [(t, False) for t in rule.no_match]:
            got = any(c.type == rule.type for c in _types(det, text))
            if got != want:
                kind = "match" if want else "no_match"
                detail = f"{rule.type} {'not found' if want else 'found'}"
                out.append(Failure(rule.where, kind, text, detail))
    for check in rules.checks:
        if not check.fail or not check.passes:
            out.append(Failure(check.where, "missing", "", "needs fail and pass examples"))
        for text, want in [(t, True) for t in check.fail] + [(t, False) for t in check.passes]:
            found = _findings(det, check, text)
            if bool(found) != want:
                kind = "fail" if want else "pass"
                detail = f"{check.id} {'did not fire' if want else 'fired'}"
                out.append(Failure(check.where, kind, text, detail))
    return out
