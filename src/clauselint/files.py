"""Atomic file writes: a temp file in the same directory, then os.replace."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_writer(path: str | os.PathLike, binary: bool = False) -> Iterator[IO]:
    """Yield a file (text, or bytes with `binary`) that replaces `path` only if the block
    finishes without an error.

    The temp file lives in the target's directory so os.replace is a rename on one file
    system; a failed run removes it and leaves whatever was at `path` untouched.
    """
    target = Path(path)
    kw = {} if binary else {"encoding": "utf-8", "newline": ""}
    mode = "wb" if binary else "w"
    if target.exists() and not target.is_file():
        # A device or a pipe (-o /dev/null, -o /dev/stdout): write to it. Renaming over it
        # would replace /dev/null itself with a regular file.
        with open(target, mode, **kw) as f:
            yield f
        return
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as e:  # name the file asked for, not the temp file beside it
        raise OSError(e.errno, e.strerror, str(target)) from None
    try:
        with os.fdopen(fd, mode, **kw) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    with atomic_writer(path, binary=isinstance(data, bytes)) as f:
        f.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
