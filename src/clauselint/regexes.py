"""The pack regex dialect: case-insensitive, a space matches any run of whitespace, and
each pattern is compiled once per process — pack validation and the detector share it."""

from __future__ import annotations

from functools import cache

import regex

FLAGS = regex.IGNORECASE


@cache
def compile_pattern(pattern: str):
    """A pack regex, compiled as it runs; raises regex.error when it is not valid."""
    return regex.compile(spaces_as_whitespace(stops_in_numbers(pattern)), FLAGS)


# `[^.;]{0,80}` means "within the clause": it must not stop at the point of "12.1", "2.5%",
# "U.S." or "e.g.,", only at a full stop: a point followed by a letter, digit or comma is not one.
STOP_CLASSES = ("[^.;]", "[^.]", "[^.;:]", "[^.;,]")


def stops_in_numbers(pattern: str) -> str:
    """Rewrite the "not a full stop" classes so that a point inside a number, an abbreviation
    or a clause number is not taken for the end of the clause."""
    if "[^." not in pattern:
        return pattern
    for cls in STOP_CLASSES:
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
