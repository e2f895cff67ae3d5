"""The Config dataclass and its layers: defaults < config file < command-line flags.

A config file is `clauselint.toml` (top-level keys) or the `[tool.clauselint]` table of
`pyproject.toml`, found from the working directory upwards; `--config FILE` names one.
Every layer is validated into a plain dict of Config fields, and `merge` folds them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FAIL_ON = ("critical", "high", "medium", "low", "info", "never")
SEVERITIES = ("critical", "high", "medium", "low", "info")
PDF_ENGINES = ("pdfium", "pdfplumber")
PERSPECTIVES = ("customer", "vendor")
PROFILES = ("services", "dpa", "nda", "order", "license", "contract")
CONFIG_NAME = "clauselint.toml"


@dataclass(frozen=True)
class Config:
    rules: tuple[str, ...] = ()  # extra pack files or folders
    builtin_rules: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "high"
    perspective: str = "customer"
    profile: str | None = None
    severity: dict[str, str] = field(default_factory=dict, hash=False)
    exclude: tuple[str, ...] = ()
    pdf_engine: str = "pdfium"
    timeout: float = 60.0  # seconds per document; 0 for none
    max_size: float = 100.0  # megabytes per input file; 0 for none


DEFAULT = Config()

# Layers add to these rather than replace them: a team's ignores survive a local --ignore.
EXTEND = {"rules", "ignore", "exclude"}


def merge(*layers: dict) -> Config:
    """Fold validated layers (dicts of Config fields), later ones winning, into a Config."""
    values = {f.name: getattr(DEFAULT, f.name) for f in fields(Config)}
    for layer in layers:
        for name, v in layer.items():
            if name in EXTEND:
                values[name] = tuple(dict.fromkeys(values[name] + tuple(v)))
            elif name == "severity":
                values[name] = {**values[name], **v}
            else:
                values[name] = v
    return Config(**values)


# -- reading a file ------------------------------------------------------------------------


def _strings(v, file: str, key: str) -> tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(s, str) and s for s in v):
        raise ConfigError("expected a string or a list of strings", file=file, key=key)
    return tuple(v)


def _choice(choices: tuple[str, ...]):
    def parse(v, file: str, key: str) -> str:
        if v not in choices:
            raise ConfigError(f"{v!r} is not one of {', '.join(choices)}", file=file, key=key)
        return v

    return parse


def _bool(v, file: str, key: str) -> bool:
    if not isinstance(v, bool):
        raise ConfigError("expected true or false", file=file, key=key)
    return v


def _number(v, file: str, key: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        raise ConfigError("expected a number >= 0 (0 turns the limit off)", file=file, key=key)
    return float(v)


def _severity(v, file: str, key: str) -> dict[str, str]:
    if not isinstance(v, dict):
        raise ConfigError("expected a table of rule id = severity", file=file, key=key)
    return {rid: _choice(SEVERITIES)(s, file, f"{key}.{rid}") for rid, s in v.items()}


# toml key -> (Config field, parser)
KEYS = {
    "rules": ("rules", _strings),
    "builtin-rules": ("builtin_rules", _bool),
    "select": ("select", _strings),
    "ignore": ("ignore", _strings),
    "fail-on": ("fail_on", _choice(FAIL_ON)),
    "perspective": ("perspective", _choice(PERSPECTIVES)),
    "profile": ("profile", _choice(PROFILES)),
    "severity": ("severity", _severity),
    "exclude": ("exclude", _strings),
    "pdf-engine": ("pdf_engine", _choice(PDF_ENGINES)),
    "timeout": ("timeout", lambda v, file, key: _number(v, file, key)),
    "max-size": ("max_size", lambda v, file, key: _number(v, file, key)),
}


def parse_table(table: dict, file: str, base: Path) -> dict:
    """A config table -> a validated layer; pack paths become relative to `base`."""
    layer = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(
                f"unknown key (expected one of {', '.join(KEYS)})", file=file, key=key
            )
        name, parse = KEYS[key]
        layer[name] = parse(value, file, key)
    if "rules" in layer:
        layer["rules"] = tuple(str(base / p) for p in layer["rules"])
    return layer


def _table(path: Path) -> dict | None:
    """The clauselint table of a file, or None for a pyproject.toml without one."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror or e}", file=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"not valid TOML: {e}", file=str(path)) from None
    if path.name != "pyproject.toml":
        return data
    table = data.get("tool", {}).get("clauselint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError("expected a table", file=str(path), key="tool.clauselint")
    return table


def find_config(start: Path) -> Path | None:
    """The nearest clauselint.toml, or pyproject.toml with [tool.clauselint], upwards."""
    for d in (start, *start.parents):
        if (d / CONFIG_NAME).is_file():
            return d / CONFIG_NAME
        py = d / "pyproject.toml"
        if py.is_file() and _table(py) is not None:
            return py
    return None


def read_config(path: Path) -> dict:
    """The validated layer of one config file (`--config FILE` or the one found)."""
    if not path.is_file():
        raise ConfigError("no such config file", file=str(path))
    table = _table(path)
    if table is None:
        raise ConfigError("no [tool.clauselint] table", file=str(path))
    return parse_table(table, str(path), path.parent)


def load(flags: dict, config_file: Path | None = None, *, isolated: bool = False,
         cwd: Path | None = None) -> tuple[Config, Path | None]:  # fmt: skip
    """Defaults < the config file (named, or found from `cwd` up) < flags."""
    path = config_file
    if path is None and not isolated:
        path = find_config((cwd or Path.cwd()).resolve())
    file_layer = read_config(path) if path else {}
    return merge(file_layer, flags), path


def check_ids(config: Config, checks) -> None:
    """Fail on a selector or severity override that names no loaded check (a typo would
    otherwise silently turn a CI gate off)."""
    ids = {c.id for c in checks}
    cats = {c.category for c in checks}

    def known(sel: str) -> bool:
        return sel in ids or sel in cats or any(i.startswith(sel.rstrip(".") + ".") for i in ids)

    for key, sels in (("select", config.select), ("ignore", config.ignore)):
        for s in sels:
            if not known(s):
                raise ConfigError(
                    f"'{s}' matches no rule id, id prefix or category{did_you_mean(s, ids | cats)}",
                    key=key,
                )
    for rid in config.severity:
        if rid not in ids:
            raise ConfigError(
                f"unknown rule id '{rid}'{did_you_mean(rid, ids)}", key=f"severity.{rid}"
            )


def did_you_mean(name: str, known) -> str:
    """'; did you mean 'x'?' for the closest known name to a typo, or ''."""
    from difflib import get_close_matches

    close = get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


STARTER = """\
# clauselint configuration: see "Configuration" in the clauselint README.
# Command-line flags override these values; --ignore, --rules and exclude add to them.

# Exit 1 when a finding is at or above this severity: critical, high, medium, low, info, never.
fail-on = "high"

# Whose side to read contracts from: customer or vendor.
perspective = "customer"

# Document kind, instead of guessing it from the title: services, dpa, nda, order, license,
# contract.
# profile = "services"

# Only these checks, and never these: rule ids, id prefixes ("data") or categories ("lock-in").
# select = ["data", "coc"]
ignore = []

# Extra rule packs (files or folders), relative to this file.
# rules = ["policy/our-playbook.yaml"]

# Files to skip when a folder is checked (fnmatch globs on the path).
exclude = []

# PDF text engine: pdfium (fast) or pdfplumber (layout-sensitive files).
pdf-engine = "pdfium"

# Limits per document, reported as an error for that file only (0 turns a limit off).
timeout = 60      # seconds
max-size = 100    # megabytes

# Change a check's severity (a TOML table: keep it last).
# [severity]
# "lockin.exclusivity" = "medium"
"""
