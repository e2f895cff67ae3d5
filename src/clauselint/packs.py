"""Load YAML rule packs: the records of clause detectors and checks, and the shipped packs.

Packs are data: packschema.py turns each file into these frozen records and rejects anything
it does not understand, naming the file and the key, so a typo never silently disables a rule.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import RulePackError
from .models import MODEL_FILE

SEVERITIES = ("critical", "high", "medium", "low", "info")
CHECK_KINDS = ("require", "forbid", "require-with", "hygiene")
PERSPECTIVES = ("customer", "vendor")


@dataclass(frozen=True)
class Pattern:
    where: str  # "file: clauses[2].patterns[0]", for error messages
    regex: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    within: int = 12
    phrases: tuple[str, ...] = ()
    tokens: tuple = ()
    heading: str | None = None
    unless: tuple[str, ...] = ()
    model: str | None = None  # a label of the shipped sentence classifier (clauselint.model)
    threshold: float | None = None  # None: the model's own threshold for the label
    # clause types: the sentence must come just after evidence of one of them, in the same
    # section (a carve-out is worded as one only next to the restriction it qualifies)
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClauseRule:
    type: str
    title: str
    description: str
    patterns: tuple[Pattern, ...]
    unless: tuple[str, ...]
    value: str | None
    match: tuple[str, ...]
    no_match: tuple[str, ...]
    where: str
    # regexes searched over the whole document, each naming a defined term in a group `term`
    # that the document itself says is not what the type is about ("Service Data does not
    # include Customer Content"): a sentence that holds only through such a term is no evidence
    unless_defined: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    id: str
    kind: str
    clause: tuple[str, ...]
    with_: tuple[str, ...]
    severity: str
    category: str
    title: str
    message: str
    rationale: str
    suggestion: str
    references: tuple[str, ...]
    looks_for: str
    profiles: tuple[str, ...]
    perspective: str | None
    matching: str | None  # a clause counts for this check only if some evidence matches ...
    not_matching: str | None  # ... and does not match this
    binds: str | None  # ... and binds this side (customer | vendor), or both, or cannot tell
    detector: str | None  # hygiene checks: the document-level detector (clauselint.hygiene)
    fail: tuple[str, ...]
    passes: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class RuleSet:
    clauses: tuple[ClauseRule, ...]
    checks: tuple[Check, ...]
    sources: tuple[str, ...]
    digest: str  # hash of every pack's bytes, for caches

    def check(self, rule_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == rule_id), None)

    def clause_title(self, type_: str) -> str:
        rule = next((c for c in self.clauses if c.type == type_), None)
        return rule.title if rule else type_.replace("_", " ").capitalize()


def builtin_pack_files() -> list[Path]:
    root = resources.files("clauselint.rules")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".yaml", ".yml")))


def pack_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
    if not p.exists():
        raise RulePackError("no such rule pack", file=str(p))
    return [p]


def load_rules(paths=(), *, builtin: bool = True) -> RuleSet:
    """Load the shipped packs (unless builtin=False) and any extra pack files or folders."""
    from .packschema import SHIPPED, known_after_types, no_duplicate_ids, parse_pack

    shipped = builtin_pack_files() if builtin else []
    files = shipped + [f for p in paths for f in pack_files(p)]
    clauses: list[ClauseRule] = []
    checks: list[Check] = []
    digest = hashlib.sha256()
    for i, f in enumerate(files):
        data = f.read_bytes()
        digest.update(f.name.encode() + b"\0" + data)
        token = SHIPPED.set(i < len(shipped))
        try:
            c, k = parse_pack(data, str(f))
        finally:
            SHIPPED.reset(token)
        clauses += c
        checks += k
    no_duplicate_ids(checks)
    known_after_types(clauses)
    if any(p.model for c in clauses for p in c.patterns):
        # the weights change results as much as the packs do (read here: no numpy import)
        weights = resources.files("clauselint.models").joinpath(MODEL_FILE)
        digest.update(b"model\0" + hashlib.sha256(weights.read_bytes()).hexdigest().encode())
    return RuleSet(tuple(clauses), tuple(checks), tuple(str(f) for f in files), digest.hexdigest())
