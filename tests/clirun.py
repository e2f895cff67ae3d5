"""Running the clauselint command in a subprocess, as a user would, for the tests."""

from __future__ import annotations

import subprocess
import sys


def cli(*args, code: str | None = None, stdin: str | None = None, cwd=None):
    """`clauselint <args>`; with `code`, `python -c <code> check <args>` (a patched entry)."""
    head = [sys.executable, "-c", code, "check"] if code else [sys.executable, "-m", "clauselint"]
    return subprocess.run(
        [*head, *map(str, args)],
        capture_output=True, text=True, input=stdin, cwd=cwd, env={"NO_COLOR": "1", "PATH": ""},
    )  # fmt: skip
