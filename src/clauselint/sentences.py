"""Sentences of a document's text: where one ends, and which lines are no sentence at all (a table
of contents, an unchecked option of an order form). Headings are structure.py's: it hands over
where they cut the text."""

from __future__ import annotations

import re
from bisect import bisect_right


def split_sentences(text: str, heading_cuts: set[int]) -> list[tuple[int, int]]:
    """(start, end) of every sentence, cut at sentence ends, headings, table rows and checkbox
    lines; nothing from a table of contents or an unchecked option."""
    box_cuts, unchecked = _options(text)
    spans = _sentences(
        text,
        heading_cuts
        | _table_row_cuts(text)
        | box_cuts
        | _icon_title_cuts(text)
        | _field_line_cuts(text)
        | _menu_line_cuts(text),
    )
    # a table of contents names headings; the clauses are the text under them
    skip = _contents_lines(text) + unchecked
    if skip:
        spans = [(a, b) for a, b in spans if not any(x <= a and b <= y for x, y in skip)]
    return spans


_ABBREV = re.compile(
    r"(?:\b(?:Inc|Ltd|Corp|Co|No|Nos|Sec|Secs|St|Mr|Ms|Mrs|Dr|Jr|Sr|vs|v|etc|e\.g|i\.e|U\.S|"
    r"U\.K|Art|Arts|para|approx|Ex|Exh|Fig|cf)|\b[A-Za-z])\.$"
)
# A sentence also ends where the next line opens a bullet item ("... service.\n  - The ..."):
# Markdown and plain-text bullet lists put one item after another with no blank line (an item
# may be a bold run-in title, "- **Free tier.**", with its text in nested items below). A bold
# or italic run-in title ends its sentence too: "**4.3 Use.** We use ..." (the closing "**" may
# follow the full stop like a closing quote). So does a lettered or roman item on the next line
# ("... page.\nb. Corvane will ..."), as HTML's <ol type="a"> and <ol type="i"> lists are written.
# (One pattern per first character, which the engine can skip ahead to; see finditer_any.)
_SENT_END = tuple(
    re.compile(
        re.escape(stop)
        + r"""(?:[\"'”’)*_]*\s+(?=[\"“(]?[A-Z0-9(])|[\"'”’)*_]*[ \t]*\n[ \t]*(?=[-*+•][ \t])"""
        + r"""|[\"'”’)*_]*[ \t]*\n[ \t]*(?=(?:[a-z]|[ivx]{2,4})[.)][ \t]+[A-Z\"“(]))"""
    )
    for stop in ".!?"
) + (re.compile(r"\n[ \t]*\n\s*"),)
_MAX_SENT = 1500


def finditer_any(patterns: tuple[re.Pattern[str], ...], text: str) -> list[re.Match[str]]:
    """The matches re.finditer would give for the alternation of the patterns, each of which
    opens with a character of its own (so no two match at one place). Searched one by one, each
    pattern's first character lets the engine skip ahead to it, where the alternation is tried at
    every position of the text (four to ten times slower)."""
    found = sorted((m for p in patterns for m in p.finditer(text)), key=_start)
    out: list[re.Match[str]] = []
    end = 0
    for m in found:
        if m.start() >= end:
            out.append(m)
            end = m.end()
        elif m.end() > end:
            # its pattern, not tried inside this match, could match again after `end`: rare
            # enough to redo the scan as the alternation
            either = "|".join(f"(?:{p.pattern})" for p in patterns)
            return list(re.compile(either, patterns[0].flags).finditer(text))
    return out


def _start(m: re.Match[str]) -> int:
    return m.start()


# A table row: cells joined by " | " (the DOCX and HTML readers write one line per row) or a
# Markdown row "| a | b |". Rows rarely end in a full stop, so without a cut at each line end a
# whole table reads as one sentence, and one row's wording is taken as the whole table's.
_TABLE_ROW = re.compile(r"(?m)^[ \t]*(?:\|[^\n]*\||[^\n|]*\S[ \t]+\|[ \t]+\S[^\n]*)[ \t]*$")


def _table_row_cuts(text: str) -> set[int]:
    """Each row of a table of two or more rows (consecutive lines) is a sentence of its own."""
    if "|" not in text:
        return set()
    rows = (_TABLE_ROW.match(text, a) for a in _starts_of_lines_with(text, "|"))
    return _runs_cut(text, [m.span() for m in rows if m], 2)


def _starts_of_lines_with(text: str, char: str) -> list[int]:
    """Where each line holding the character starts (the table row pattern, tried at every line
    start, spends its time backtracking over lines with no bar)."""
    starts = []
    at = text.find(char)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        starts.append(start)
        end = text.find("\n", at)
        if end < 0:
            break
        at = text.find(char, end)
    return starts


def _lines(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Spans of the lines a line pattern matches. The pattern opens with the line break before its
    line, a character the engine skips ahead to ("^" is tried at every position), so the text is
    searched with a line break put before its first line."""
    return [(m.start(), m.end() - 1) for m in rx.finditer("\n" + text)]


def _runs_cut(text: str, lines: list[tuple[int, int]], least: int) -> set[int]:
    """Both ends of every line in a run of `least` or more lines that follow one another (no blank
    line between), so that each is a sentence of its own."""
    cuts: set[int] = set()
    run: list[tuple[int, int]] = []
    for a, b in [*lines, (-1, -1)]:
        if run and (a < 0 or "\n" in text[run[-1][1] + 1 : a]):
            if len(run) >= least:
                cuts.update(x for span in run for x in span)
            run = []
        run.append((a, b))
    return cuts


# The "Key: value" lines of an order form or a cover page, one field to a line and no full stops:
# "Hosting Region: EU (Frankfurt)", "Uptime Commitment: not applicable ...", "Limitation of
# Liability: as set out in the Master Terms". Without a cut at each line end a block of fields read
# as one sentence, and one field's wording (a 99.9% SLA offered as an upgrade) was taken as
# another's. Only a run of three or more such lines counts, so a wrapped paragraph whose line
# happens to open "Note: ..." is left alone.
_FIELD_LINE = re.compile(
    r"(?m)\n[ \t]*[A-Z][A-Za-z0-9()/&'’.,-]*(?:[ \t]+[A-Za-z0-9()/&'’.,-]+){0,5}:[ \t]+\S[^\n]*$"
)


def _field_line_cuts(text: str) -> set[int]:
    """Each line of a run of three or more consecutive "Key: value" lines is a sentence."""
    if ": " not in text:
        return set()
    return _runs_cut(text, _lines(_FIELD_LINE, text), 3)


# A documentation site's sidebar copied with the page: one link title to a line ("Get started",
# "Quickstart", "API reference", "Sub-processors", "Status"), no punctuation, many lines in a row.
# Without a cut the whole menu read as one sentence, and a link title in it ("Sub-processors",
# "Data Processing Addendum") was taken as a clause of that kind. Only a run of six or more such
# lines counts (short lines of a letter's address or a signature block come in fewer).
_MENU_LINE = re.compile(r"(?m)\n[ \t]*[A-Z][\w’'&/+-]*(?:[ \t]+[\w’'&/+-]+){0,3}[ \t]*$")


def _menu_line_cuts(text: str) -> set[int]:
    """Each line of a run of six or more consecutive short title lines is a sentence."""
    return _runs_cut(text, _lines(_MENU_LINE, text), 6)


# The title of an admonition box of a documentation site ("ℹ️ Note", "⚠️ Warning", "🔥 Caution",
# "💡 Tip") is a line of its own that opens with an icon. It is no sentence start (an icon is not a
# capital letter), so without a cut the sentence before the box ran on across its title into the
# box's text, and the box's exclusions read as part of the clause before it.
_ICON_TITLE = re.compile(
    "(?m)\n[ \t]*[\u2139\u26a0\u26a1\u2757\u274c\u2b50\U0001f300-\U0001faff]\ufe0f?"
    "[ \t]*[^\n.!?|]{0,40}$"
)


def _icon_title_cuts(text: str) -> set[int]:
    """An admonition title line ("⚠️ Warning") is a sentence of its own."""
    cuts: set[int] = set()
    if text.isascii():
        return cuts  # no icon
    for span in _lines(_ICON_TITLE, text):
        cuts.update(span)
    return cuts


# The options of an order form, one checkbox to a line: "[X] Zero Data Retention", "[ ] Model
# improvement programme", "☒ EU data residency", "☐ Premium support". Each line is a sentence of
# its own (the list has no full stops). An unchecked option is not part of the contract: its line,
# and a note on it that opens with its name ("(g) Premium support. Where selected, Provider
# commits to 99.9% ..."), are not read as clauses.
_BOX = re.compile(
    r"(?m)\n[ \t]*(?:\[(?P<on>[xX✓✔])\]|(?P<on2>[☒☑✅])|\[ ?\]|[☐□])[ \t]+(?P<label>\S[^\n]*?)[ \t]*$"
)


def _options(text: str) -> tuple[set[int], list[tuple[int, int]]]:
    """Cuts around each checkbox line, and the spans of unchecked options and their notes
    (only where two or more checkbox lines make an options list)."""
    boxes = list(_BOX.finditer("\n" + text))  # (see _lines: offsets are one on)
    if len(boxes) < 2:
        return set(), []
    cuts: set[int] = set()
    off: list[tuple[int, int]] = []
    labels = []
    for m in boxes:
        cuts.update((m.start(), m.end() - 1))
        if not (m.group("on") or m.group("on2")):
            off.append((m.start(), m.end() - 1))
            label = re.sub(r"\s*\([^)]*\)\s*$", "", m.group("label")).strip(" .:")
            if len(label) >= 4:
                labels.append(label)
    for label in labels:
        words = r"\s+".join(re.escape(w) for w in label.split())
        note = re.compile(
            r"(?:\A|\n[ \t]*\n)[ \t]*(?:\(?[a-z0-9]{1,3}(?:\.\d{1,2})*[.)]?[ \t]+)?"
            + words
            + r"\b[^\n]{0,40}?[.:]",
            re.I,
        )
        for n in note.finditer(text):  # a paragraph of its own, up to the next blank line
            start = n.start() + len(n.group(0)) - len(n.group(0).lstrip())
            end = text.find("\n\n", start)
            off.append((start, len(text) if end < 0 else end))
    return cuts, off


def _sentences(text: str, heading_cuts: set[int]) -> list[tuple[int, int]]:
    cuts = {0, len(text)}
    starts = sorted(heading_cuts)
    for m in finditer_any(_SENT_END, text):
        if "\n\n" in m.group(0):
            if _continues(text, m.start(), m.end()):
                continue
        elif _ABBREV.search(text, max(0, m.start() - 6), m.start() + 1):
            continue
        elif _numbers_heading(text, starts, m.start()):
            continue  # the "3." of "3. Fees." numbers a heading: it does not end a sentence
        cuts.add(m.end())
    cuts.update(heading_cuts)
    bounds = sorted(cuts)
    spans = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        spans.extend(_split_long(text, a, b))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in spans) if b > a]


def _numbers_heading(text: str, starts: list[int], dot: int) -> bool:
    i = bisect_right(starts, dot - 1) - 1
    return i >= 0 and dot - starts[i] <= 12 and bool(_NUMBER_ONLY.fullmatch(text, starts[i], dot))


_NUMBER_ONLY = re.compile(r"(?:[A-Z]\.)?\d{1,2}(?:\.\d{1,2})*|[A-Za-z]|[IVXLC]+")
_PAGE_NUMBER = re.compile(r"[ \t]*(?:-\s*)?\d{1,4}(?:\s*-)?[ \t]*\n\s*\n\s*")


def _continues(text: str, end: int, nxt: int) -> bool:
    """Does the text run on across this blank line? It does after a lead-in ("shall not:")
    and across a page break in mid-sentence (a bare page number, then lower-case text)."""
    before = text[max(0, end - 10) : end].rstrip()
    if before.endswith((":", ";", " and", " or")):
        return True
    m = _PAGE_NUMBER.match(text, nxt)
    after = m.end() if m else nxt
    return bool(before) and before[-1] not in ".!?:;" and text[after : after + 1].islower()


def _split_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    while b - a > _MAX_SENT:
        cut = max(text.rfind("; ", a, a + _MAX_SENT), text.rfind("\n", a, a + _MAX_SENT))
        if cut <= a + 200:
            cut = text.rfind(" ", a, a + _MAX_SENT)
        if cut <= a:
            cut = a + _MAX_SENT
        out.append((a, cut + 1))
        a = cut + 1
    out.append((a, b))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# A table-of-contents entry as a word processor prints it: a title, a dot leader (". . ." or
# "....", or an ellipsis character) and the page number at the end of the line. Found from the
# leaders (a literal first character: the engine skips to dots), not tried at every line start.
_LEADER = (re.compile(r"\.(?:[ \t]?\.){3,}"), re.compile("\u2026\u2026+"))
_PAGE_AT_END = re.compile(r"[ \t]*\d{1,4}[ \t]*(?:\n|\Z)")


def _contents_lines(text: str) -> list[tuple[int, int]]:
    """Spans of runs of two or more consecutive table-of-contents lines (with the line breaks
    between them), so that no sentence is read from a contents page."""
    runs: list[tuple[int, int]] = []
    count = last = 0
    for m in finditer_any(_LEADER, text):
        if not _PAGE_AT_END.match(text, m.end()):
            continue
        a = text.rfind("\n", 0, m.start()) + 1
        if a < last or not text[a : m.start()].strip():
            continue  # the same line again, or a leader with no title before it
        b = text.find("\n", m.end())
        last = b = len(text) if b < 0 else b
        if runs and text[runs[-1][1] : a].strip() == "":
            runs[-1] = (runs[-1][0], b)
            count += 1
        else:
            if runs and count < 2:
                runs.pop()
            runs.append((a, b))
            count = 1
    if runs and count < 2:
        runs.pop()
    return runs


# A list inside one sentence: a lead-in ending in a colon, then items marked "(a)", "(ii)", "(3)",
# or "10.2.1" or a bullet at a line's start, each after the colon, a semicolon (with "and"/"or")
# or a line break. Each item is a clause of its own only with the lead-in: "The Distributor
# shall not: ...; or (d) act as agent for goods competitive with the Product".
_MARKER = r"\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s"
_NUMBER = r"(?:\d{1,3}\.){1,5}\d{0,3}\s"  # only at a line's start: "1.5 percent" is no item
_BULLET = r"[-*\u2022]\s"
_LIST_START = re.compile(rf":\s*(?:{_MARKER}|\n[ \t]*(?:{_NUMBER}|{_BULLET}))")
_ITEM = re.compile(rf"{_MARKER}|(?<=\n)[ \t]*(?:{_NUMBER}|{_BULLET})")
_ITEM_AFTER = re.compile(r"(?:[:;]|\n|[:;,]\s*(?:and|or|and/or))\s*\Z")
_MAX_LEAD = 600  # characters of lead-in kept at most
# characters of lead-ins and items read per document (a contract has under 50,000: a text made
# of lists would otherwise cost each item its lead-in again, in time and memory)
MAX_ITEM_TEXT = 500_000
# where a sentence ends inside a lead-in ("... past due. iPass may include on an invoice:")
_LEAD_START = re.compile(r"(?<![A-Z])[.;]\s+(?=[A-Za-z0-9(\"“])")


def list_items(text: str, sents) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
    """(sentence index, lead-in span, item span) for the items of each list that a sentence
    holds after a colon (two items at least). A lead-in runs from its sentence's start (within
    the paragraph) up to its colon; a later list in the same sentence ends the one before.
    An item starts after its marker, so that it reads as a clause of its own ("Customer may ...").
    At most MAX_ITEM_TEXT characters of lead-ins and items in all, in document order."""
    out = []
    budget = MAX_ITEM_TEXT
    for si, (a, b) in enumerate(sents):
        colons = [m.start() + 1 for m in _LIST_START.finditer(text, a, b)]
        if not colons:
            continue
        leads = [_lead_start(text, a, c) for c in colons]
        for k, colon in enumerate(colons):
            end = leads[k + 1] if k + 1 < len(colons) else b
            starts = [
                (i.start(), i.end())
                for i in _ITEM.finditer(text, colon, end)
                if _ITEM_AFTER.search(text, max(colon - 1, i.start() - 12), i.start())
            ]
            if len(starts) < 2:
                continue
            ends = [x for x, _ in starts[1:]] + [end]
            for (_, x), y in zip(starts, ends, strict=True):
                budget -= colon - leads[k] + y - x
                if budget < 0:
                    return out
                out.append((si, (leads[k], colon), (x, y)))
    return out


def _lead_start(text: str, a: int, colon: int) -> int:
    """Where the lead-in of a list ending at `colon` starts: its paragraph, or its own sentence
    when another ends before it, and at most _MAX_LEAD characters back."""
    lo = max(a, text.rfind("\n\n", a, colon) + 2)
    if colon - lo > _MAX_LEAD:  # cut at a word, not inside one
        lo = text.find(" ", colon - _MAX_LEAD, colon) + 1 or colon - _MAX_LEAD
    ends = [m.end() for m in _LEAD_START.finditer(text, lo, colon)]
    return ends[-1] if ends else lo
