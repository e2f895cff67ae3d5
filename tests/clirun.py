"""Running the clauselint command in a subprocess, as a user would, for the tests."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile

# The runs share one cache of their own: never the user's, which other checkouts and test runs
# write to at the same time.
CACHE_HOME = tempfile.mkdtemp(prefix="clauselint-test-cache-")
atexit.register(shutil.rmtree, CACHE_HOME, True)
ENV = {"NO_COLOR": "1", "PATH": "", "XDG_CACHE_HOME": CACHE_HOME}


def cli(*args, code: str | None = None, stdin: str | None = None, cwd=None):
    """`clauselint <args>`; with `code`, `python -c <code> check <args>` (a patched entry)."""
    head = [sys.executable, "-c", code, "check"] if code else [sys.executable, "-m", "clauselint"]
    return subprocess.run(
        [*head, *map(str, args)],
        capture_output=True, text=True, input=stdin, cwd=cwd, env=ENV,
    )  # fmt: skip
