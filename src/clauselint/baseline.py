"""Baselines: record today's findings, then report and gate only new ones.

A finding is fingerprinted by what it says, not where: rule id + document path + the
normalised text of each piece of evidence (so re-pagination, re-numbering and edits
elsewhere do not make it new). A missing-clause finding is rule id + path.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from .errors import ConfigError
from .files import atomic_write

BASELINE_VERSION = 1
_LIST_MARKER = re.compile(
    r"^(?:(?:section|article|clause|schedule|annex|exhibit|§)\s*)?"
    r"(?:\(?[0-9]+(?:\.[0-9]+)*[.)]?|\(?[a-z]\)|\(?[ivxlc]+[.)])\s+"
)
_NUMBERING = re.compile(
    r"\b(?:section|sections|article|clause|paragraph|schedule|annex|exhibit|appendix|§)\s*"
    r"[0-9ivxlc]+(?:\.[0-9]+)*(?:\([a-z0-9]+\))*|§\s*[0-9]+(?:\.[0-9]+)*|\b[0-9]+(?:\.[0-9]+)+\.?"
    r"|(?<!\w)\([a-z0-9]{1,4}\)|(?:^|(?<=\s))[0-9]+\.(?=\s)"
)
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lowercase, section numbers and list numbering stripped, whitespace collapsed."""
    t = _WS.sub(" ", text.lower()).strip()
    while (m := _LIST_MARKER.match(t)) is not None:
        t = t[m.end() :]
    t = _NUMBERING.sub(" ", t)
    return _WS.sub(" ", t).strip()


def doc_path(path: str) -> str:
    """The path as fingerprinted: relative to the working directory, with / separators."""
    if path == "-":
        return path
    p = os.path.normpath(path)
    if os.path.isabs(p):
        try:
            p = os.path.relpath(p)
        except ValueError:  # another drive on Windows
            pass
    return p.replace(os.sep, "/")


def fingerprint(rule_id: str, path: str | None = None, text: str | None = None) -> str:
    parts = [rule_id, doc_path(path) if path is not None else "", normalise(text or "")]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def finding_prints(doc: dict, f: dict) -> list[str]:
    """One fingerprint per piece of evidence; one for a finding without evidence."""
    if not f["evidence"]:
        return [fingerprint(f["rule_id"], doc["path"])]
    return [fingerprint(f["rule_id"], doc["path"], ev["text"]) for ev in f["evidence"]]


def entries(docs: list[dict]) -> list[dict]:
    out = {}
    for d in docs:
        for f in d["findings"]:
            for fp in finding_prints(d, f):
                out[fp] = {"fingerprint": fp, "rule_id": f["rule_id"], "path": doc_path(d["path"])}
    return sorted(out.values(), key=lambda e: (e["path"], e["rule_id"], e["fingerprint"]))


def write_baseline(path: str | os.PathLike, docs: list[dict]) -> int:
    """Write the baseline atomically; returns the number of entries."""
    items = entries(docs)
    data = {"clauselint_baseline": BASELINE_VERSION, "findings": items}
    atomic_write(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    return len(items)


def read_baseline(path: str | os.PathLike) -> frozenset[str]:
    """The fingerprints in a baseline file; ConfigError naming it when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read baseline: {e.strerror or e}", file=str(path)) from None
    except (ValueError, UnicodeDecodeError) as e:
        raise ConfigError(f"not a clauselint baseline (bad JSON: {e})", file=str(path)) from None
    if not isinstance(data, dict):
        data = {}
    items = data.get("findings")
    if (
        data.get("clauselint_baseline") != BASELINE_VERSION
        or not isinstance(items, list)
        or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in items)
    ):
        raise ConfigError("not a clauselint baseline (version 1)", file=str(path))
    return frozenset(e["fingerprint"] for e in items)


def new_findings(doc: dict, known: frozenset[str]) -> dict:
    """The document record with baselined findings dropped, and each remaining finding's
    evidence narrowed to the pieces the baseline has not seen."""
    kept = []
    for f in doc["findings"]:
        prints = finding_prints(doc, f)
        if not f["evidence"]:
            if prints[0] not in known:
                kept.append(f)
            continue
        fresh = [ev for ev, fp in zip(f["evidence"], prints, strict=True) if fp not in known]
        if fresh:
            kept.append({**f, "evidence": fresh})
    return {**doc, "findings": kept}
