"""Parsed and compiled packs kept between runs, as Python keeps bytecode: building the
Detector (parsing ~800 regexes twice, for the engine and for their required words) costs a
second; loading it pickled costs a twentieth of that (a `regex` pattern unpickles from its
compiled code). The parsed RuleSet is kept too: a run served from the result cache then
reads no YAML.

A file is named by everything it is built from: the pack files' paths and bytes (and the
model's weights), the source of the modules that parse and compile them, and the Python,
clauselint and `regex` versions. A file that does not load is rebuilt; files are written
atomically, so parallel runs never see half of one. This is not the result cache:
`--no-cache` concerns results only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from pathlib import Path

from . import __version__

DISABLE = "CLAUSELINT_NO_PACK_CACHE"  # set (to anything but "") to always compile afresh
KEEP = 16  # files kept (packs, versions, installs)
_BUILDERS = (
    "detect.py", "compiled.py", "literals.py", "regexes.py", "marked.py", "packs.py",
    "packschema.py", "model.py", "packcache.py",
)  # fmt: skip


@cache
def _code() -> bytes:
    from .cache import source_digest

    return hashlib.sha256(
        "\0".join([__version__, sys.version, source_digest(_BUILDERS)]).encode()
    ).digest()


def _key(rules) -> str:
    import regex  # compiled patterns are the `regex` version's own

    h = hashlib.sha256(_code())
    h.update("\0".join([regex.__version__, rules.digest, *rules.sources]).encode())
    return h.hexdigest()


def _path(name: str) -> Path:
    from .cache import default_dir

    return default_dir() / "packs" / f"{name}.pickle"


def _load(path: Path, kind: type):
    try:
        with open(path, "rb") as f:
            obj = pickle.load(f)
        return obj if isinstance(obj, kind) else None
    except Exception:  # missing, stale format, damaged: build afresh
        return None


def rules(paths: tuple[str, ...], builtin: bool):
    """packs.load_rules(paths, builtin=builtin), from the pack cache when the files are
    unchanged. Packs that do not load raise as load_rules does."""
    from .models import MODEL_FILE
    from .packs import RuleSet, builtin_pack_files, load_rules, pack_files

    if os.environ.get(DISABLE):
        return load_rules(paths, builtin=builtin)
    try:
        files = (builtin_pack_files() if builtin else []) + [
            f for p in paths for f in pack_files(p)
        ]
        h = hashlib.sha256(_code())
        for f in files:
            h.update(str(f).encode() + b"\0" + f.read_bytes() + b"\0")
        h.update((Path(__file__).parent / "models" / MODEL_FILE).read_bytes())
        path = _path(f"rules-{h.hexdigest()}")
    except Exception:  # a missing pack: load_rules names it
        return load_rules(paths, builtin=builtin)
    found = _load(path, RuleSet)
    if found is None:
        found = load_rules(paths, builtin=builtin)
        _store(path, found)
    return found


def detector(rules):
    """The compiled Detector for `rules`: from the pack cache, else built (and stored)."""
    from .detect import Detector

    if os.environ.get(DISABLE):
        return Detector(rules)
    try:
        path = _path(_key(rules))
    except OSError:
        return Detector(rules)
    det = _load(path, Detector)
    if det is None:
        det = Detector(rules)
        if det.nlp is None:  # spaCy's matchers are not worth pickling (and are rare)
            _store(path, det)
    return det


def _store(path: Path, obj) -> None:
    from .files import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        old = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    except Exception:
        pass  # a cache that cannot be written only costs time
