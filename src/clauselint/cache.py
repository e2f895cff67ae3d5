"""The result cache: one JSON file per (file content, clauselint version and source, packs,
config).

Entries are written atomically (temp file + rename in the same directory), so parallel runs
and interrupted runs never leave a half-written entry; an entry that does not parse, or was
written by another version, is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import cache
from pathlib import Path

from . import __version__
from .files import atomic_write

FORMAT = 1


@cache
def source_digest(names: tuple[str, ...] = ()) -> str:
    """The package's own code (every module, or the `names` given): a development build, or a
    fix released under the same version number, must not be served what an older build wrote."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for f in [here / n for n in names] or sorted(here.glob("*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def default_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "clauselint"


class Cache:
    def __init__(self, directory: Path, salt: str):
        self.dir = Path(directory) / f"v{FORMAT}"
        self.salt = salt  # version + source + packs + config: anything that changes a result

    @classmethod
    def for_run(cls, directory: Path | None, rules_digest: str, config, code: str = "") -> Cache:
        fields = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
        fields.pop("fail_on", None)  # the gate does not change a document's result
        fields.pop("exclude", None)
        code = code or source_digest()
        salt = json.dumps([__version__, code, rules_digest, fields], sort_keys=True, default=str)
        return cls(directory or default_dir(), salt)

    def key(self, path: str) -> str | None:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None  # unreadable: let the pipeline report it
        h = hashlib.sha256(self.salt.encode())
        h.update(Path(path).suffix.lower().encode() + b"\0" + data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str | None) -> dict | None:
        if key is None:
            return None
        try:
            entry = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("salt") != self.salt:
            return None
        return entry.get("result") if isinstance(entry.get("result"), dict) else None

    def put(self, key: str | None, record: dict) -> None:
        if key is None:
            return
        try:
            self._file(key).parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self._file(key), json.dumps({"salt": self.salt, "result": record}))
        except OSError:
            pass  # a cache that cannot be written only costs time
