"""Compiled packs kept between runs, as Python keeps bytecode: building the Detector (parsing
~800 regexes twice, for the engine and for their required words) costs a second; loading it
pickled costs a twentieth of that (a `regex` pattern unpickles from its compiled code).

The file is named by everything the Detector is built from: the packs' digest and paths, the
source of the modules that compile them, and the Python, clauselint and `regex` versions. A
file that does not load is rebuilt; it is written atomically, so parallel runs never see half
of one. This is not the result cache: `--no-cache` concerns results only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from . import __version__

DISABLE = "CLAUSELINT_NO_PACK_CACHE"  # set (to anything but "") to always compile afresh
KEEP = 8  # compiled pack sets kept (packs, versions, installs)
_BUILDERS = ("detect.py", "literals.py", "regexes.py", "packs.py", "model.py", "packcache.py")


def _key(rules) -> str:
    import regex

    h = hashlib.sha256()
    meta = [__version__, sys.version, regex.__version__, rules.digest, *rules.sources]
    h.update("\0".join(meta).encode())
    here = Path(__file__).parent
    for name in _BUILDERS:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def _file(rules) -> Path:
    from .cache import default_dir

    return default_dir() / "packs" / f"{_key(rules)}.pickle"


def detector(rules):
    """The compiled Detector for `rules`: from the pack cache, else built (and stored)."""
    from .detect import Detector

    if os.environ.get(DISABLE):
        return Detector(rules)
    try:
        path = _file(rules)
    except OSError:
        return Detector(rules)
    try:
        with open(path, "rb") as f:
            det = pickle.load(f)
        if isinstance(det, Detector):
            return det
    except Exception:  # missing, stale format, damaged: compile afresh
        pass
    det = Detector(rules)
    if det.nlp is None:  # spaCy's matchers are not worth pickling (and are rare)
        _store(path, det)
    return det


def _store(path: Path, det) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(det, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        old = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except Exception:
        pass  # a cache that cannot be written only costs time
