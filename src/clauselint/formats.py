"""Machine-readable renderers: one record dict per run, many thin formats chosen from a dict."""

from __future__ import annotations

import json

from . import __version__
from .packs import SEVERITIES

SCHEMA_VERSION = 1


def record(results) -> dict:
    """The one record every format renders: the JSON contract documented in the README."""
    docs = [r.to_dict() for r in results]
    counts = dict.fromkeys(SEVERITIES, 0)
    for d in docs:
        for f in d["findings"]:
            counts[f["severity"]] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "clauselint", "version": __version__},
        "documents": docs,
        "summary": {
            "documents": len(docs),
            "errors": sum(1 for d in docs if d["error"]),
            "findings": counts,
        },
    }


def render_json(rec: dict, rules=None) -> str:
    return json.dumps(rec, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"json": render_json}
