"""The Config dataclass: every setting that changes what a run reports."""

from __future__ import annotations

from dataclasses import dataclass, field

FAIL_ON = ("critical", "high", "medium", "low", "info", "never")
PDF_ENGINES = ("pdfium", "pdfplumber")


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


DEFAULT = Config()
