"""Runs the steps in order for one document: extract → structure → detect → check (many: batch.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import Finding, hygiene_findings, run_checks
from .config import DEFAULT, Config
from .document import Document
from .errors import ExtractionError
from .kinds import guess_kind, sides
from .packs import RuleSet
from .results import Clause, Evidence

if TYPE_CHECKING:  # the engine is imported on first use: a fully cached run needs none of it
    from .detect import Detector


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

    @classmethod
    def from_dict(cls, d: dict) -> DocumentResult:
        """The inverse of to_dict (evidence beyond the quoted five is not kept)."""
        ev = lambda items: tuple(Evidence(**e) for e in items)  # noqa: E731
        clauses = tuple(
            Clause(c["type"], c["title"], ev(c["evidence"]), c.get("value")) for c in d["clauses"]
        )
        findings = tuple(
            Finding(**{**f, "evidence": ev(f["evidence"]), "references": tuple(f["references"]),
                       "missing": not f["evidence"]})
            for f in d["findings"]
        )  # fmt: skip
        err = d.get("error")
        error = (err["kind"], err["message"]) if err else None
        return cls(
            d["path"], d["format"], d["pages"], clauses, findings, error, d.get("document_kind")
        )


class Engine:
    """The loaded packs, and their compiled detector, built on first use: a run whose
    results all come from the cache never pays for spaCy or the regexes."""

    def __init__(self, rules: RuleSet, detector: Detector | None = None):
        self.rules = rules
        if detector is not None:
            self.__dict__["detector"] = detector

    @property
    def loaded(self) -> bool:
        """Is the detector built (or preloaded) yet?"""
        return "detector" in self.__dict__

    @cached_property
    def detector(self) -> Detector:
        from .packcache import detector

        return detector(self.rules)


@lru_cache(maxsize=4)
def _engine(rule_paths: tuple[str, ...], builtin: bool) -> Engine:
    from .packcache import rules

    return Engine(rules(rule_paths, builtin))


_PRELOADED: dict[tuple, Engine] = {}


def engine(config: Config | None = None) -> Engine:
    """The compiled packs for a config, built once per process."""
    config = DEFAULT if config is None else config
    key = (tuple(config.rules), config.builtin_rules)
    return _PRELOADED.get(key) or _engine(*key)


def preload(config: Config, rules: RuleSet) -> None:
    """Compile packs loaded elsewhere (e.g. shipped to a cluster worker that may not have
    the pack files) as this process's engine for `config`."""
    key = (tuple(config.rules), config.builtin_rules)
    from .detect import Detector

    if key not in _PRELOADED or _PRELOADED[key].rules.digest != rules.digest:
        _PRELOADED[key] = Engine(rules, Detector(rules))


def selected(check, config: Config) -> bool:
    """Is the check chosen by --select/--ignore (rule id, id prefix or category)?"""

    def hit(sel: str) -> bool:
        return (
            check.id == sel or check.id.startswith(sel.rstrip(".") + ".") or check.category == sel
        )

    if config.select and not any(hit(s) for s in config.select):
        return False
    return not any(hit(s) for s in config.ignore)


def check_document(doc: Document, config: Config | None = None) -> DocumentResult:
    from . import structure

    config = DEFAULT if config is None else config
    eng = engine(config)
    struct = structure.parse(doc)
    clauses = eng.detector.detect(doc, struct)
    checks = [c for c in eng.rules.checks if selected(c, config)]
    kind = config.profile or guess_kind(doc, struct)
    findings = run_checks(
        checks,
        clauses,
        document_kind=kind,
        perspective=config.perspective,
        severity=config.severity,
        side_of=sides(struct),
        extra=hygiene_findings(checks, doc, struct),
    )
    return DocumentResult(doc.path, doc.format, doc.pages, clauses, findings, None, kind)


def _failed(path: str, err: ExtractionError) -> DocumentResult:
    return DocumentResult(path=path, format=None, pages=None, error=(err.kind, err.message))


def check_file(path: str | os.PathLike, config: Config | None = None) -> DocumentResult:
    """Check one file, or an fsspec URL (s3://, memory:// ...: needs clauselint[remote]); an
    unreadable input gives a result with `error` set, not an exception."""
    from . import remote
    from .extract import extract_bytes, extract_path

    config = DEFAULT if config is None else config
    try:
        if remote.is_url(path):
            data = remote.read_bytes(path)
            fmt = remote.check_format(path, data)
            doc = extract_bytes(data, path, fmt=fmt, pdf_engine=config.pdf_engine)
        else:
            doc = extract_path(path, pdf_engine=config.pdf_engine)
    except ExtractionError as e:
        return _failed(str(path), e)
    return check_document(doc, config)


def check_bytes(data: bytes, name: str, config: Config | None = None) -> DocumentResult:
    """Check a document's bytes; `name` is its path in the result and its suffix the format
    (else the content is sniffed, else read as text)."""
    from .extract import extract_bytes

    config = DEFAULT if config is None else config
    try:
        doc = extract_bytes(data, name, pdf_engine=config.pdf_engine)
    except ExtractionError as e:
        return _failed(name, e)
    return check_document(doc, config)


def check_text(
    text: str, config: Config | None = None, *, name: str = "<text>", fmt: str = "txt"
) -> DocumentResult:
    """Check text already extracted (no pages); `fmt` "md" reads Markdown headings."""
    return check_document(Document(path=name, format=fmt, text=text), config)


def expand_paths(paths, config: Config | None = None) -> list[str]:
    """Files as given, and directories (local or fsspec URLs) walked recursively for
    supported extensions, sorted."""
    from fnmatch import fnmatch

    from . import remote
    from .extract import SUFFIXES

    config = DEFAULT if config is None else config
    out: list[str] = []
    for p in map(str, paths):
        if remote.is_url(p):
            found = remote.expand(p, SUFFIXES)
        elif p != "-" and Path(p).is_dir():
            found = sorted(
                str(f) for f in Path(p).rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()
            )
        else:
            found = None
        if found is None:
            out.append(p)
        else:
            out += [f for f in found if not any(fnmatch(f, g) for g in config.exclude)]
    return out
