"""Inputs beyond the local disk: fsspec URLs (s3://, gs://, az://, memory://, file:// ...).

fsspec is optional (`pip install clauselint[remote]`) and imported only when a URL is given.
Credentials come from each filesystem's usual environment (AWS_*, GOOGLE_APPLICATION_CREDENTIALS,
AZURE_STORAGE_*, ~/.aws ...), never from clauselint's config. Every failure becomes an
ExtractionError naming the URL, so one unreadable object is one error line in a batch.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .errors import ExtractionError, UnsupportedFormatError

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]+)://")  # two letters at least: not C:\


def is_url(path) -> bool:
    return isinstance(path, str) and _URL.match(path) is not None


def scheme(url: str) -> str:
    m = _URL.match(url)
    return m.group(1).lower() if m else ""


def filesystem(url: str):
    """(fsspec filesystem, path within it); ExtractionError when fsspec or its backend is
    not installed."""
    try:
        import fsspec
    except ImportError:
        msg = f"reading {scheme(url)}:// URLs needs `pip install clauselint[remote]`"
        raise ExtractionError(msg, file=url) from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as e:  # the backend, e.g. s3fs or gcsfs
        raise ExtractionError(f"reading {scheme(url)}:// URLs needs {e}", file=url) from None
    except (ValueError, OSError) as e:
        raise ExtractionError(f"cannot open ({e})", file=url) from None


def _reading(url: str, call):
    try:
        return call()
    except FileNotFoundError:
        raise ExtractionError("no such file", file=url) from None
    except PermissionError:
        raise ExtractionError("permission denied", file=url) from None
    except IsADirectoryError:
        raise ExtractionError("is a directory", file=url) from None
    except Exception as e:  # backends raise their own types (botocore, aiohttp, ...)
        raise ExtractionError(f"cannot read ({type(e).__name__}: {e})", file=url) from None


def size(url: str) -> int | None:
    """Bytes in the object, or None when that cannot be told (reading will say why)."""
    try:
        fs, path = filesystem(url)
        return fs.size(path)
    except Exception:
        return None


def read_bytes(url: str) -> bytes:
    fs, path = filesystem(url)
    if _reading(url, lambda: fs.isdir(path)):
        raise ExtractionError("is a directory", file=url)
    return _reading(url, lambda: fs.cat_file(path))


def check_format(url: str, data: bytes) -> str:
    """The format as a local file of that name would get: by suffix, else by content."""
    from .extract import SUFFIXES, _sniff

    suffix = PurePosixPath(url.split("?", 1)[0]).suffix.lower()
    fmt = SUFFIXES.get(suffix) or _sniff(data)
    if fmt is None:
        what = f"'{suffix}'" if suffix else "(no file suffix)"
        raise UnsupportedFormatError(
            f"unsupported format {what} (supported: {', '.join(SUFFIXES)})", file=url
        )
    return fmt


def expand(url: str, suffixes) -> list[str] | None:
    """The supported files under a folder URL, sorted, spelled with the URL as given; None
    when the URL is not a folder (or cannot be listed: reading it will report why)."""
    try:
        fs, root = filesystem(url)
        if not fs.isdir(root):
            return None
        found = fs.find(root)
    except Exception:
        return None
    root = root.rstrip("/")
    base = url.rstrip("/")
    out = []
    for p in found:
        rel = p[len(root) :].lstrip("/") if p.startswith(root) else p.rsplit("/", 1)[-1]
        if PurePosixPath(rel).suffix.lower() in suffixes:
            out.append(f"{base}/{rel}")
    return sorted(out)
