"""Policy over the clause inventory: one small function per check kind, chosen from a dict."""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import ROLE_SIDES, bound_side
from .packs import SEVERITIES, Check
from .results import MAX_EVIDENCE, Clause, Evidence

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # critical=0 ... info=4


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    category: str
    title: str
    message: str
    clause_type: str | None
    evidence: tuple[Evidence, ...]
    suggestion: str
    rationale: str
    references: tuple[str, ...]
    missing: bool  # True when the finding is about a clause that is absent

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "category": self.category,
            "title": self.title,
            "message": self.message,
            "clause_type": self.clause_type,
            "evidence": [e.to_dict() for e in self.evidence[:MAX_EVIDENCE]],
            "suggestion": self.suggestion,
            "rationale": self.rationale,
            "references": list(self.references),
        }


def _finding(
    check: Check, clause_type: str | None, evidence=(), missing=False, severity=None
) -> Finding:
    return Finding(
        rule_id=check.id,
        severity=severity or check.severity,
        category=check.category,
        title=check.title,
        message=check.message,
        clause_type=clause_type,
        evidence=tuple(evidence),
        suggestion=check.suggestion,
        rationale=check.rationale,
        references=check.references,
        missing=missing,
    )


def _evidence(check: Check, clause: Clause | None, side_of: dict[str, str]) -> tuple[Evidence, ...]:
    """The clause's evidence that counts for this check (all of it, unless the check filters)."""
    if clause is None:
        return ()
    ev = clause.evidence
    if check.binds:
        # Evidence we cannot attribute to a party is kept: better a finding to review than a miss.
        ev = tuple(e for e in ev if bound_side(e.text, side_of) in (check.binds, "both", None))
    if check.matching or check.not_matching:
        from .regexes import compile_pattern  # the `regex` module: only when a check filters
    if check.matching:
        ev = tuple(e for e in ev if compile_pattern(check.matching).search(e.text))
    if check.not_matching:
        ev = tuple(e for e in ev if not compile_pattern(check.not_matching).search(e.text))
    return ev


def _present(check: Check, inv: dict[str, Clause], types, side_of) -> list[str]:
    return [t for t in types if _evidence(check, inv.get(t), side_of)]


def _require(check: Check, inv: dict[str, Clause], side_of) -> list[Finding]:
    if _present(check, inv, check.clause, side_of):
        return []
    return [_finding(check, check.clause[0], missing=True)]


def _forbid(check: Check, inv: dict[str, Clause], side_of) -> list[Finding]:
    present = _present(check, inv, check.clause, side_of)
    return [_finding(check, t, _evidence(check, inv[t], side_of)) for t in present]


def _require_with(check: Check, inv: dict[str, Clause], side_of) -> list[Finding]:
    present = _present(check, inv, check.clause, side_of)
    if not present or any(t in inv for t in check.with_):
        return []
    return [_finding(check, present[0], _evidence(check, inv[present[0]], side_of))]


def _none(check: Check, inv: dict[str, Clause], side_of) -> list[Finding]:
    return []  # hygiene checks read the document, not the inventory: see hygiene_findings


KINDS = {"require": _require, "forbid": _forbid, "require-with": _require_with, "hygiene": _none}


def hygiene_findings(checks, doc, struct) -> list[Finding]:
    """Findings of `kind: hygiene` checks, each quoting the defect with its location."""
    from .hygiene import DETECTORS

    out = []
    for check in checks:
        if check.kind != "hygiene":
            continue
        for a, b in DETECTORS[check.detector](doc, struct):
            sec = struct.section_at(a)
            ev = Evidence(
                text=" ".join(doc.text[a:b].split()), start=a, end=b, page=doc.page_at(a),
                line=doc.line_at(a), section=sec.number if sec else None,
                heading=sec.title_path[-1] if sec and sec.title_path else None,
            )  # fmt: skip
            out.append(_finding(check, None, (ev,)))
    return out


def applies_id(rule_id: str, checks, document_kind, perspective) -> bool:
    return any(c.id == rule_id and applies(c, document_kind, perspective) for c in checks)


def applies(check: Check, document_kind: str | None, perspective: str) -> bool:
    if check.perspective and check.perspective != perspective:
        return False
    return not check.profiles or document_kind in check.profiles


def run_checks(
    checks, clauses: tuple[Clause, ...], *, document_kind: str | None = None,
    perspective: str = "customer", severity: dict[str, str] | None = None,
    side_of: dict[str, str] | None = None, extra=(),
) -> tuple[Finding, ...]:  # fmt: skip
    """Every applicable check over one document's inventory, most severe first."""
    inv = {c.type: c for c in clauses}
    side_of = side_of if side_of is not None else ROLE_SIDES
    out: list[Finding] = []
    for check in checks:
        if applies(check, document_kind, perspective):
            out += KINDS[check.kind](check, inv, side_of)
    out += [f for f in extra if applies_id(f.rule_id, checks, document_kind, perspective)]
    if severity:
        out = [_override(f, severity) for f in out]
    return tuple(sorted(out, key=sort_key))


def _override(f: Finding, severity: dict[str, str]) -> Finding:
    new = severity.get(f.rule_id)
    if not new:
        return f
    return Finding(**{**f.__dict__, "severity": new})


def sort_key(f: Finding):
    first = f.evidence[0].start if f.evidence else -1
    return (SEVERITY_RANK[f.severity], f.rule_id, first)
