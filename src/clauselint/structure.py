"""Sections, sentences, defined terms and parties of a Document, found from its text (the
headings themselves by headings.py)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .document import Document
from .headings import Section, find_headings
from .parties import Definition, Party, find_definitions, find_parties
from .sentences import split_sentences

__all__ = ["Section", "Structure", "parse"]


@dataclass(frozen=True)
class Structure:
    sections: tuple[Section, ...]
    sentences: tuple[tuple[int, int], ...]
    definitions: tuple[Definition, ...]
    parties: tuple[Party, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.start for s in self.sections])

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose heading precedes the offset."""
        i = bisect_right(self._starts, offset)  # type: ignore[attr-defined]
        return self.sections[i - 1] if i else None

    def in_history(self, offset: int) -> bool:
        """Whether the offset lies in the document's own revision history ("Revision history",
        "Change log", "Summary of changes"): what earlier versions said, not terms."""
        sec = self.section_at(offset)
        return bool(sec) and any(_HISTORY.match(t) for t in sec.title_path if t)

    def has_history(self) -> bool:
        """Whether in_history holds anywhere (one test per distinct title)."""
        titles = {t for sec in self.sections for t in sec.title_path if t}
        return any(_HISTORY.match(t) for t in titles)


# The title of a document's record of its earlier versions. Not "Changes to these Terms" or a
# bare "Changes", which are the amendment clause.
_HISTORY = re.compile(
    r"(?:(?:revision|version|document|amendment|change|update)s?[ \t]+(?:history|log)|"
    r"change[ \t-]?log|(?:summary|record|history|table)[ \t]+of[ \t]+"
    r"(?:changes|revisions|amendments|updates))\b",
    re.I,
)


# -- where headings cut sentences (sentences.py finds the rest) --------------------------------


def _heading_cuts(text: str, sections: list[Section]) -> set[int]:
    """A heading starts a sentence at its line start (Markdown marks included) and, when it
    stands on a line of its own, ends one at the line end."""
    cuts = set()
    for sec in sections:
        before = text[max(0, sec.start - 200) : sec.start].rstrip()
        if sec.title is None and (
            before.endswith((":", ";", " and", " or")) or _RUNS_ON.search(before[-40:])
        ):
            continue  # a list item stays with its lead-in: "shall not: (a) solicit ...; (b) ...",
            # also one wrapped mid-sentence: "... alleging that\n(a) the Services, or (b) ..."
        line_start = text.rfind("\n", 0, sec.start) + 1
        if not text[line_start : sec.start].strip(" \t#*>+-"):
            cuts.add(line_start)
        cuts.add(sec.start)
        line_end = text.find("\n", sec.start)
        if sec.title and 0 < line_end - sec.start <= 120 and _alone(text, sec, line_end):
            cuts.add(line_end)
    return cuts


# a lead-in that cannot end a sentence: a conjunction or preposition before the item
_RUNS_ON = re.compile(r"\b(?:that|which|whether|if|of|to|by|for|from|with|in|on|against|the|a|an)$")


def _alone(text: str, sec: Section, line_end: int) -> bool:
    """Does the heading's title end its line? In hard-wrapped text ("4.2 Use. Provider will
    process ... to provide,\nsecure and ...") body text runs on after the title, and the line
    end falls mid-sentence."""
    at = text.find(sec.title, sec.start, line_end)
    if at < 0:
        return True  # a title read from the format's markup: the line is the heading
    return not text[at + len(sec.title) : line_end].strip(" \t.:-–—*_#")


def parse(doc: Document) -> Structure:
    sections = find_headings(doc)
    sentences = split_sentences(doc.text, _heading_cuts(doc.text, sections))
    return Structure(
        sections=tuple(sections),
        sentences=tuple(sentences),
        definitions=tuple(find_definitions(doc.text)),
        parties=tuple(find_parties(doc.text)),
    )
