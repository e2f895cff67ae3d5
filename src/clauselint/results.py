"""What a check finds in one document: evidence (a quoted passage and where it is) and the
clause inventory. A light module: a run served from the result cache imports no engine."""

from __future__ import annotations

from dataclasses import dataclass

MAX_EVIDENCE = 5  # evidence quoted per clause in the output; all of it is kept for checks


def section_ref(number: str) -> str:
    """How a report names a section: "§ 12.3", but "Schedule 2" and "§ 6" as they are."""
    return number if number[:1].isalpha() or number.startswith("§") else f"§ {number}"


def clip(text: str, most: int) -> str:
    """The text, cut to at most `most` characters with "…" when it is longer."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int
    page: int | None
    line: int
    section: str | None
    heading: str | None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "line": self.line,
            "section": self.section,
            "heading": self.heading,
        }


@dataclass(frozen=True)
class Clause:
    type: str
    title: str
    evidence: tuple[Evidence, ...]
    value: str | None = None

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "title": self.title,
            "value": self.value,
            "evidence": [e.to_dict() for e in self.evidence[:MAX_EVIDENCE]],
        }
