"""Runs the steps in order for one document or many: extract → structure → detect → check."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import structure
from .checks import Finding, run_checks
from .config import DEFAULT, Config
from .detect import Clause, Detector
from .document import Document
from .errors import ExtractionError
from .kinds import guess_kind, sides
from .packs import RuleSet, load_rules


@dataclass(frozen=True)
class DocumentResult:
    path: str
    format: str | None
    pages: int | None
    clauses: tuple[Clause, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: tuple[str, str] | None = None  # (kind, message)
    document_kind: str | None = None

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "format": self.format,
            "pages": self.pages,
            "document_kind": self.document_kind,
            "clauses": [c.to_dict() for c in self.clauses],
            "findings": [f.to_dict() for f in self.findings],
            "error": {"kind": self.error[0], "message": self.error[1]} if self.error else None,
        }


@dataclass(frozen=True)
class Engine:
    rules: RuleSet
    detector: Detector


@lru_cache(maxsize=4)
def _engine(rule_paths: tuple[str, ...], builtin: bool) -> Engine:
    rules = load_rules(rule_paths, builtin=builtin)
    return Engine(rules, Detector(rules))


def engine(config: Config = DEFAULT) -> Engine:
    """The compiled packs for a config, built once per process."""
    return _engine(tuple(config.rules), config.builtin_rules)


def _selected(check, config: Config) -> bool:
    def hit(sel: str) -> bool:
        return (
            check.id == sel or check.id.startswith(sel.rstrip(".") + ".") or check.category == sel
        )

    if config.select and not any(hit(s) for s in config.select):
        return False
    return not any(hit(s) for s in config.ignore)


def check_document(doc: Document, config: Config = DEFAULT) -> DocumentResult:
    eng = engine(config)
    struct = structure.parse(doc)
    clauses = eng.detector.detect(doc, struct)
    checks = [c for c in eng.rules.checks if _selected(c, config)]
    kind = config.profile or guess_kind(doc, struct)
    findings = run_checks(
        checks,
        clauses,
        document_kind=kind,
        perspective=config.perspective,
        severity=config.severity,
        side_of=sides(struct),
    )
    return DocumentResult(doc.path, doc.format, doc.pages, clauses, findings, None, kind)


def _failed(path: str, err: ExtractionError) -> DocumentResult:
    return DocumentResult(path=path, format=None, pages=None, error=(err.kind, err.message))


def check_file(path: str | os.PathLike, config: Config = DEFAULT) -> DocumentResult:
    """Check one file; an unreadable file gives a result with `error` set, not an exception."""
    from .extract import extract_path

    try:
        doc = extract_path(path, pdf_engine=config.pdf_engine)
    except ExtractionError as e:
        return _failed(str(path), e)
    return check_document(doc, config)


def check_bytes(data: bytes, name: str, config: Config = DEFAULT) -> DocumentResult:
    from .extract import extract_bytes

    try:
        doc = extract_bytes(data, name, pdf_engine=config.pdf_engine)
    except ExtractionError as e:
        return _failed(name, e)
    return check_document(doc, config)


def check_text(
    text: str, config: Config = DEFAULT, *, name: str = "<text>", fmt: str = "txt"
) -> DocumentResult:
    return check_document(Document(path=name, format=fmt, text=text), config)


def expand_paths(paths, config: Config = DEFAULT) -> list[str]:
    """Files as given, and directories walked recursively for supported extensions, sorted."""
    from fnmatch import fnmatch

    from .extract import SUFFIXES

    out: list[str] = []
    for p in paths:
        if p != "-" and Path(p).is_dir():
            found = sorted(
                str(f) for f in Path(p).rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()
            )
            out += [f for f in found if not any(fnmatch(f, g) for g in config.exclude)]
        else:
            out.append(str(p))
    return out
