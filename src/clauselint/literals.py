"""Required words of a regex, for prefiltering: the detector runs a regex only on sentences
that contain, for every set this module derives, at least one of its words.

A regex yields a conjunction: `\\bshall not\\b[^.]{0,80}\\bcompet` needs {"shall"} and
{"compet*"}. Each term is a set of keys (one of them must occur) or, for an alternation whose
branches need several words ("as is|with all faults"), a tuple of branches, each a conjunction
itself, one of which must hold. A key ending in "*" is a word prefix ("compet*" matches
"competing"); other keys are whole words. A literal counts only where the regex proves it starts a word
(after \\b, a space or punctuation): write `\\bindemnif`, not `indemnif`, to be prefiltered.
"""

from __future__ import annotations

import re
from functools import cache

try:  # the stdlib's own regex parser; the `regex` module's syntax is a superset of it
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants as C
    import sre_parse

WORD = re.compile(r"[a-z0-9]+")
MIN_KEY = 1  # short words too: "as is" needs "as" and "is", which rules out most sentences
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | (
    {C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set()
)

Keys = frozenset  # of str
Need = Keys | tuple  # a tuple: of branches, each a tuple of Needs that must all hold


@cache  # packs repeat conditions ("shall not", "unless ...") many times
def required_keys(pattern: str) -> list[Need]:
    """What every match of `pattern` contains: all of these terms (see the module's doc)."""
    try:
        items = list(sre_parse.parse(pattern))
    except Exception:  # syntax only the `regex` module knows: no prefilter, a full scan
        return []
    # Every word counts, short ones too: an extra set is one more AND of bit sets, far
    # cheaper than the regex searches it saves.
    return _conjunction(items, False)


def _keys(literal: str, at_word_start: bool, min_key: int, word_ends: bool) -> list[str]:
    """Every word of a literal run is required; the last may be cut short ("liabilit*")
    unless what follows the run cannot continue a word (`word_ends`)."""
    keys = []
    for m in WORD.finditer(literal):
        if m.start() == 0 and not at_word_start:
            continue  # the literal may begin mid-word ("non-?compet" matches "noncompete")
        if len(m.group()) >= min_key:
            whole = m.end() < len(literal) or word_ends
            keys.append(m.group() if whole else m.group() + "*")
    return keys


def _begins_nonword(items) -> bool:
    """Does a match of these items necessarily begin with a non-word character (or a word
    boundary, or the end)? Then a word just before them is complete."""
    if not items:
        return False
    op, av = items[0]
    if op is C.AT:
        return av in (C.AT_BOUNDARY, C.AT_END, C.AT_END_STRING, C.AT_END_LINE)
    if op is C.LITERAL or op is C.IN:
        return _ends_word(op, av)  # a non-word character (class)
    if op is C.SUBPATTERN:
        return _begins_nonword(list(av[-1]))
    if op is C.BRANCH:
        return all(_begins_nonword(list(alt)) for alt in av[1])
    if op in _REPEATS:
        return av[0] >= 1 and _begins_nonword(list(av[2]))
    return False


def _nonword_literal(op, av) -> bool:
    return op is C.LITERAL and not chr(av).isalnum()


def _ends_word(op, av) -> bool:
    """After this item, does a word necessarily begin (or the text end)?"""
    if op is C.AT or _nonword_literal(op, av):
        return True
    if op is C.IN:  # a class of spaces / punctuation only
        return all(
            _nonword_literal(o, a)
            or (o is C.CATEGORY and a in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD))
            for o, a in av
        )
    if op is C.SUBPATTERN:
        return _seq_ends_word(list(av[-1]))
    if op is C.BRANCH:
        return all(_seq_ends_word(list(alt)) for alt in av[1])
    if op in _REPEATS:
        return _seq_ends_word(list(av[2]))
    return False


def _seq_ends_word(items) -> bool:
    """After this sequence, does a word necessarily begin? An optional last item may be left
    out, and then the item before it decides: after "sub-?" a word need not begin
    ("sublicense"), so "(?:sub-?)?licen" must not require a word "licen..."."""
    for op, av in reversed(items):
        if not _ends_word(op, av):
            return False
        if not _optional(op, av):
            return True
    return False  # it may match nothing: what comes before it decides, unknown here


def _optional(op, av) -> bool:
    return op in _REPEATS and av[0] == 0


def _optional_joint(items) -> int | None:
    """Index of an optional hyphen-like character between two letters ("non-?compete"), or
    None. Such a joint hides a word: "noncompete" and "non-compete" index differently."""
    for i in range(1, len(items) - 1):
        op, av = items[i]
        if op in _REPEATS and av[0] == 0 and av[1] == 1 and len(av[2]) == 1:
            (iop, iav), before, after = list(av[2])[0], items[i - 1], items[i + 1]
            if (
                iop is C.LITERAL
                and not chr(iav).isalnum()
                and before[0] is C.LITERAL
                and chr(before[1]).isalnum()
                and after[0] is C.LITERAL
                and chr(after[1]).isalnum()
            ):
                return i
    return None


def _conjunction(
    items, at_word_start: bool, min_key: int = MIN_KEY, then_nonword: bool = False, forks: int = 0
) -> list[Need]:
    """`then_nonword`: what follows these items begins with a non-word character."""
    i = _optional_joint(items) if forks < 3 else None
    if i is not None:  # both spellings, as branches: "non compete*" or "noncompete*"
        (_, av) = items[i]
        spelt = [items[:i] + list(av[2]) + items[i + 1 :], items[:i] + items[i + 1 :]]
        needs = [_conjunction(b, at_word_start, min_key, then_nonword, forks + 1) for b in spelt]
        if all(needs):
            return [_either(needs)]
        return _conjunction(items, at_word_start, min_key, then_nonword, forks=3)
    out: list[Need] = []
    run: list[str] = []
    run_start = at_word_start
    word_start = at_word_start

    def flush(word_ends: bool):
        literal = "".join(run).lower()
        out.extend(frozenset({k}) for k in _keys(literal, run_start, min_key, word_ends))
        run.clear()

    for i, (op, av) in enumerate(items):
        after = _begins_nonword(items[i + 1 : i + 2]) if i + 1 < len(items) else then_nonword
        if op is C.LITERAL:
            if not run:
                run_start = word_start
            run.append(chr(av))
            word_start = not chr(av).isalnum()
            continue
        if op is C.BRANCH and run:
            # The parser factors a shared prefix out of alternatives ("laws?|legislation"
            # becomes "l" + "aws?|egislation"): put it back, or no alternative has a word.
            prefix = [(C.LITERAL, ord(c)) for c in run]
            av = (av[0], [prefix + list(alt) for alt in av[1]])
            run.clear()
            out.extend(_item(op, av, run_start, min_key, after))
        else:
            flush(_begins_nonword([(op, av)]))
            out.extend(_item(op, av, word_start, min_key, after))
        ends = _ends_word(op, av)
        word_start = (word_start and ends) if _optional(op, av) else ends
    flush(then_nonword)
    return out


def _either(branches: list[list[Need]]) -> Need:
    """One of the branches' conjunctions holds."""
    if all(len(b) == 1 and isinstance(b[0], frozenset) for b in branches):
        return frozenset().union(*(b[0] for b in branches))  # one word of any branch
    return tuple(tuple(b) for b in branches)


def _item(op, av, at_word_start: bool, min_key: int = MIN_KEY, then_nw: bool = False) -> list[Need]:
    if op is C.SUBPATTERN:
        return _conjunction(list(av[-1]), at_word_start, min_key, then_nw)
    if op is C.BRANCH:
        branches = []
        for alt in av[1]:
            need = _conjunction(list(alt), at_word_start, min_key, then_nw)
            if not need:
                return []  # a branch with no word: any sentence may match
            branches.append(need)
        return [_either(branches)]
    if op in _REPEATS:  # a repeat's content may be followed by itself: no word end known
        return _conjunction(list(av[2]), at_word_start, min_key) if av[0] >= 1 else []
    if getattr(C, "ATOMIC_GROUP", None) is op:
        return _conjunction(list(av), at_word_start, min_key, then_nw)
    return []  # classes, any, anchors, lookarounds: no word to rely on
