"""Faster spellings of a pack regex for the detector's anchors, with the same matches.

The pack dialect's "not a full stop" class (regexes.stops_in_numbers) is an alternation with a
lookahead, which the engine repeats slowly, and every pattern is case-insensitive, so the engine
tries every case of each character. Here a pattern is rewritten to run on a sentence whose full
stops are marked (mark_stops), where that class is a plain one, and then lower-cased to run
case-sensitively on the lower-cased sentence (lowered). A pattern this module cannot rewrite
with certainty (a range or a property that may hold the point, a case-sensitive part) gets
None, and the detector searches the sentence as it is.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from .regexes import FLAGS, STOP_CLASSES, spaces_as_whitespace

# A full stop: a point not followed by a word character or a comma (as stops_in_numbers reads it).
FULL_STOP = regex.compile(r"\.(?![\w,])")
STOP_MARK = "\x01"  # what mark_stops writes for a full stop; a pattern holding it is not rewritten
# A pack's own spelling of "not a full stop", which the rewritten class already implies.
_NUMBER_IDIOMS = tuple(f"(?:{c}|\\.(?=\\d))" for c in STOP_CLASSES)
_GROUP_OPENINGS = ("(?:", "(?=", "(?!", "(?>", "(?<=", "(?<!")
# A letter outside ASCII: some have cases that lower() does not join (the long s, the Kelvin
# sign), so a sentence with one is searched case-insensitively (stdlib `re`: fast here).
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def mark_stops(text: str) -> str:
    """The text with each full stop written as STOP_MARK."""
    return FULL_STOP.sub(STOP_MARK, text) if "." in text else text


def lowered(text: str) -> str | None:
    """The (marked) text lower-cased for compile_lowered's patterns, or None when matching it
    that way could differ from matching it case-insensitively."""
    if not text.isascii() and _NON_ASCII_LETTER.search(text):
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


@cache
def compile_marked(pattern: str):
    """The pack pattern to run on mark_stops(text), or None."""
    return _compile(_marked(pattern), FLAGS)


@cache
def compile_lowered(pattern: str):
    """The pack pattern to run case-sensitively on lowered(mark_stops(text)), or None."""
    rewritten = _marked(pattern)
    return _compile(rewritten and _lowered(rewritten), 0)


def _compile(rewritten: str | None, flags: int):
    if not rewritten:
        return None
    try:
        return regex.compile(spaces_as_whitespace(rewritten), flags)
    except regex.error:  # a pattern this rewrite reads wrongly: the original one is used
        return None


def _marked(pattern: str) -> str | None:
    if STOP_MARK in pattern:
        return None
    for idiom, cls in zip(_NUMBER_IDIOMS, STOP_CLASSES, strict=True):
        pattern = pattern.replace(idiom, cls)
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            e = pattern[i + 1 : i + 2]
            if e in ("p", "P", "N", "x", "u", "U", "X") or e.isdigit():
                return None  # a property, code point or group reference
            out.append(f"[.{STOP_MARK}]" if e == "." else pattern[i : i + 2])
            i += 2
        elif c == "[":
            if (found := _class_at(pattern, i)) is None:
                return None
            j, opening, items = found
            if pattern[i:j] in STOP_CLASSES:  # not a full stop: only the mark is left out
                items = [STOP_MARK if x == "." else x for x in items]
            elif any(_spans(x, ".") or _spans(x, STOP_MARK) for x in items):
                return None
            elif "." in items or "\\." in items:  # the mark goes first: never a range's end
                items = [STOP_MARK, *items]
            out.append(opening + "".join(_item(x) for x in items) + "]")
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _lowered(pattern: str) -> str | None:
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])  # escapes are case-sensitive syntax
            i += 2
        elif c == "(" and pattern.startswith("(?", i):
            opening = next((g for g in _GROUP_OPENINGS if pattern.startswith(g, i)), None)
            if opening is None:
                name = regex.match(r"\(\?P(?:<\w+>|=\w+\))", pattern[i:])
                if name is None:
                    return None  # a flag group ("(?-i:"): the case matters there
                opening = name.group()
            out.append(opening)
            i += len(opening)
        elif c == "[":
            if (found := _class_at(pattern, i)) is None:
                return None
            j, opening, items = found
            low = [_lower_item(x) for x in items]
            if None in low:
                return None
            out.append(opening + "".join(map(_item, low)) + "]")
            i = j
        else:
            if c > "\x7f" and c.isalpha():
                return None
            out.append(c.lower())
            i += 1
    return "".join(out)


Item = str | tuple[str, str]  # a character or escape, or a range (low, high)


def _class_at(pattern: str, i: int) -> tuple[int, str, list[Item]] | None:
    """The class that opens at `i`: the index just past it, its opening and its items."""
    j = _class_end(pattern, i)
    parts = _class(pattern[i:j]) if j else None
    return None if parts is None else (j, *parts)


def _class(cls: str) -> tuple[str, list[Item]] | None:
    """A class's opening ("[", "[^", with a leading literal "]" or "-") and its items, or None
    when a range has an escape for an end."""
    k = 2 if cls.startswith("[^") else 1
    k += cls[k] in "]-"
    opening, body = cls[:k], cls[k:-1]
    tokens, i = [], 0
    while i < len(body):
        n = 2 if body[i] == "\\" else 1
        tokens.append(body[i : i + n])
        i += n
    items: list[Item] = []
    i = 0
    while i < len(tokens):
        if i + 2 < len(tokens) and tokens[i + 1] == "-":
            lo, hi = tokens[i], tokens[i + 2]
            if len(lo) != 1 or len(hi) != 1:
                return None
            items.append((lo, hi))
            i += 3
        else:
            items.append(tokens[i])
            i += 1
    return opening, items


def _class_end(pattern: str, i: int) -> int | None:
    """The index just past the class that opens at `i`; None for regex's nested sets."""
    j = i + 1
    j += pattern[j : j + 1] == "^"
    j += pattern[j : j + 1] == "]"
    while j < len(pattern):
        c = pattern[j]
        if c == "[":
            return None
        if c == "]":
            return j + 1
        j += 2 if c == "\\" else 1
    return None


def _spans(item: Item, c: str) -> bool:
    return isinstance(item, tuple) and item[0] <= c <= item[1]


def _lower_item(item: Item) -> Item | None:
    if isinstance(item, tuple):
        lo, hi = item
        if lo.isascii() and hi.isascii() and lo.isalpha() and hi.isalpha():
            return (lo.lower(), hi.lower()) if lo.isupper() == hi.isupper() else None
        if any(chr(k).isalpha() for k in range(ord(lo), ord(hi) + 1)):
            return None  # a range across letters and other characters ("[0-z]")
        return item
    if len(item) == 2 or not item.isalpha():
        return item  # an escape, or a character with no case
    return item.lower() if item.isascii() else None


def _item(item: Item) -> str:
    return f"{item[0]}-{item[1]}" if isinstance(item, tuple) else item
