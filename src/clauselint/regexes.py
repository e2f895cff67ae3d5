"""The pack regex dialect: case-insensitive, a space matches any run of whitespace, and
each pattern is compiled once per process — pack validation and the detector share it."""

from __future__ import annotations

import re
from functools import cache

import regex

FLAGS = regex.IGNORECASE


@cache
def compile_pattern(pattern: str):
    """A pack regex, compiled as it runs; raises regex.error when it is not valid."""
    return regex.compile(spaces_as_whitespace(stops_in_numbers(pattern)), FLAGS)


# `[^.;]{0,80}` means "within the clause": it must not stop at the point of "12.1", "2.5%",
# "U.S." or "e.g.,", only at a full stop: a point followed by a letter, digit or comma is not one.
_STOP_CLASSES = ("[^.;]", "[^.]", "[^.;:]", "[^.;,]")


def stops_in_numbers(pattern: str) -> str:
    """Rewrite the "not a full stop" classes so that a point inside a number, an abbreviation
    or a clause number is not taken for the end of the clause."""
    if "[^." not in pattern:
        return pattern
    for cls in _STOP_CLASSES:
        pattern = pattern.replace(cls, f"(?:{cls}|\\.(?=[\\w,]))")
    return pattern


def spaces_as_whitespace(pattern: str) -> str:
    """A space in a pattern matches any run of whitespace: contract text from PDFs and CUAD is
    full of double spaces and line breaks inside sentences. Spaces in [classes] are kept."""
    out, i, in_class, n = [], 0, False, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                out.append(c)
                c, i = "^", i + 1
            if pattern[i + 1 : i + 2] == "]":  # a leading ] is a literal
                out.append(c)
                c, i = "]", i + 1
        elif c == " ":
            while i + 1 < n and pattern[i + 1] == " ":
                i += 1
            quantified = pattern[i + 1 : i + 2] in ("?", "*", "+", "{")
            out.append("\\s" if quantified else "\\s+")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


# A full stop: a point not followed by a word character or a comma (see stops_in_numbers).
FULL_STOP = regex.compile(r"\.(?![\w,])")
STOP_MARK = "\x01"  # what mark_stops writes for a full stop: no other character of a text
# A pack's own spelling of "not a full stop", already implied by the rewritten class.
_NUMBER_IDIOMS = tuple(f"(?:{c}|\\.(?=\\d))" for c in _STOP_CLASSES)


def mark_stops(text: str) -> str:
    """The text with each full stop written as STOP_MARK, for a pattern in the marked dialect."""
    return FULL_STOP.sub(STOP_MARK, text) if "." in text else text


@cache
def compile_marked(pattern: str):
    """The pattern in the marked dialect, to run on mark_stops(text) with the same matches as
    compile_pattern's on the text, or None when it cannot be rewritten. A stop class is then a
    plain class, which the engine repeats far faster than an alternation with a lookahead."""
    rewritten = _marked(pattern)
    if rewritten is None:
        return None
    return regex.compile(spaces_as_whitespace(rewritten), FLAGS)


def _marked(pattern: str) -> str | None:
    if STOP_MARK in pattern:
        return None
    for idiom, cls in zip(_NUMBER_IDIOMS, _STOP_CLASSES, strict=True):
        pattern = pattern.replace(idiom, cls)
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            e = pattern[i + 1 : i + 2]
            if e in ("p", "P", "N", "x", "u", "U", "X") or e.isdigit():
                return None  # a property, code point or group reference: left as it is
            out.append("[.\x01]" if e == "." else pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            j = _class_end(pattern, i)
            if j is None:
                return None
            cls = pattern[i:j]
            if cls in _STOP_CLASSES:
                cls = cls.replace(".", STOP_MARK)
            elif "\\p" in cls or "\\P" in cls or _range_holds_point(cls):
                return None  # a range or property may hold the point: left as it is
            elif "." in cls:  # the mark goes first: at the end it could close a range ("-")
                k = 2 if cls.startswith("[^") else 1
                k += cls[k] == "]"  # a leading "]" is a literal
                k += cls[k] == "-"  # and so is a leading "-", which must not start a range
                cls = cls[:k] + STOP_MARK + cls[k:]
            out.append(cls)
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _range_holds_point(cls: str) -> bool:
    """Does a range of the class ("[ -/]") span the point or STOP_MARK (or is unreadable)?"""
    body = cls[1:-1]
    if body.startswith("^"):
        body = body[1:]
    items, i = [], 0
    while i < len(body):
        if body[i] == "\\":
            items.append(body[i : i + 2])
            i += 2
        else:
            items.append(body[i])
            i += 1
    for k in range(1, len(items) - 1):
        if items[k] == "-" and k + 1 < len(items):
            lo, hi = items[k - 1], items[k + 1]
            if len(lo) != 1 or len(hi) != 1:
                return True  # an escape as a range end: not read here
            if lo <= "." <= hi or lo <= STOP_MARK <= hi:
                return True
    return False


def _class_end(pattern: str, i: int) -> int | None:
    """The index just past the character class that opens at `i`; None for a nested set."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            return None  # regex's nested sets (V1): not rewritten
        if c == "]":
            return j + 1
        j += 1
    return None


@cache
def compile_lowered(pattern: str):
    """The pattern in the marked dialect, lower-cased and compiled case-sensitively, to run on
    lowered(mark_stops(text)): the engine no longer tries every case of each character. None
    when it cannot be rewritten (a case-sensitive part, say)."""
    rewritten = _marked(pattern)
    rewritten = _lowered(rewritten) if rewritten is not None else None
    if rewritten is None:
        return None
    return regex.compile(spaces_as_whitespace(rewritten))


# A letter outside ASCII: some have cases that lower() does not join (the long s, the Kelvin
# sign), so a sentence with one is matched case-insensitively instead (stdlib `re`: fast here).
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def lowered(text: str) -> str | None:
    """The text lower-cased for compile_lowered's patterns, or None when matching it that way
    could differ from matching the text case-insensitively."""
    if not text.isascii() and _NON_ASCII_LETTER.search(text):
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


_GROUP_OPENINGS = ("(?:", "(?=", "(?!", "(?>", "(?<=", "(?<!")


def _lowered(pattern: str) -> str | None:
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])  # escapes are case-sensitive syntax
            i += 2
            continue
        if c == "(" and pattern[i + 1 : i + 2] == "?":
            opening = next((g for g in _GROUP_OPENINGS if pattern.startswith(g, i)), None)
            if opening is None:
                name = regex.match(r"\(\?P(?:<\w+>|=\w+\))", pattern[i:])
                if name is None:
                    return None  # a flag group ("(?-i:"): left as it is
                opening = name.group()
            out.append(opening)
            i += len(opening)
            continue
        if c == "[":
            j = _class_end(pattern, i)
            cls = _lowered_class(pattern[i:j]) if j is not None else None
            if cls is None:
                return None
            out.append(cls)
            i = j
            continue
        low = c.lower()
        if len(low) != 1 or (c > "\x7f" and c.isalpha()):
            return None
        out.append(low)
        i += 1
    return "".join(out)


def _lowered_class(cls: str) -> str | None:
    i = 2 if cls.startswith("[^") else 1
    i += cls[i] == "]"  # a leading "]" is a literal
    out = [cls[:i]]
    if cls[i] == "-":  # and so is a leading "-"
        out.append("-")
        i += 1
    while i < len(cls):
        c = cls[i]
        if c == "\\":
            out.append(cls[i : i + 2])
            i += 2
            continue
        if c == "-" and len(out) > 1 and cls[i + 1 : i + 2] not in ("]", ""):
            lo, hi = (cls[i - 1] if len(out[-1]) == 1 else out[-1]), cls[i + 1]
            if len(lo) != 1 or hi == "\\":
                return None
            same_case = lo.isascii() and hi.isascii() and lo.isalpha() and hi.isalpha()
            same_case = same_case and lo.isupper() == hi.isupper()
            if not same_case and any(chr(k).isalpha() for k in range(ord(lo), ord(hi) + 1)):
                return None  # a range across letters and other characters ("[A-z]")
            out += ["-", hi.lower()]
            i += 2
            continue
        if c > "\x7f" and c.isalpha():
            return None
        out.append(c.lower())
        i += 1
    return "".join(out)
