"""The extracted document: text plus the maps from a character offset to page and line.

Every later stage works in character offsets into ``Document.text``; this module is the
one place that turns an offset into a page and line (by bisecting start offsets).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A line the source format marks as a heading (DOCX style, HTML <h1>, Markdown #)."""

    start: int
    end: int
    level: int


@dataclass(frozen=True)
class Document:
    path: str
    format: str  # pdf | docx | txt | md | html
    text: str
    # Offset at which each page begins (page 1 starts at 0); empty for formats without pages.
    page_starts: tuple[int, ...] = ()
    # Headings known from the source format; structure.py finds the rest from the text.
    headings: tuple[Heading, ...] = ()
    warnings: tuple[str, ...] = ()
    line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        object.__setattr__(self, "line_starts", tuple(starts))

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) if self.page_starts else None

    def page_at(self, offset: int) -> int | None:
        """1-based page of a character offset, or None for formats without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))

    def line_at(self, offset: int) -> int:
        """1-based line of a character offset."""
        return max(1, bisect_right(self.line_starts, offset))

    def column_at(self, offset: int) -> int:
        """1-based column of a character offset."""
        return offset - self.line_starts[self.line_at(offset) - 1] + 1


def from_pages(path: str, fmt: str, pages: list[str], **kw) -> Document:
    """Join page texts with a blank line and record where each page starts."""
    starts, parts, pos = [], [], 0
    for i, page in enumerate(pages):
        if i:
            parts.append("\n\n")
            pos += 2
        starts.append(pos)
        parts.append(page)
        pos += len(page)
    return Document(path=path, format=fmt, text="".join(parts), page_starts=tuple(starts), **kw)
