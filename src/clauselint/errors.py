"""The one error hierarchy; only the CLI turns these into exit codes."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2  # nothing to report / findings at the gate / bad input


class ClauselintError(Exception):
    """Base class: every error clauselint raises on purpose."""

    kind = "error"

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.key = key

    def __str__(self) -> str:
        where = self.file or ""
        if self.key:
            where = f"{where}: {self.key}" if where else self.key
        return f"{where}: {self.message}" if where else self.message


class ExtractionError(ClauselintError):
    """An input that could not be read as a document (missing, corrupt, encrypted, no text)."""

    kind = "extraction"


class UnsupportedFormatError(ExtractionError):
    kind = "unsupported-format"


class RulePackError(ClauselintError):
    """A rule pack that is not valid: names the file and the key."""

    kind = "rule-pack"


class ConfigError(ClauselintError):
    """A config file or option that is not valid: names the file and the key."""

    kind = "config"
