"""One pack pattern compiled to run: the anchor regex that finds candidate sentences, the
filters that decide, and the words a sentence must hold for the anchor to be tried at all."""

from __future__ import annotations

from itertools import chain

import regex

from .errors import RulePackError
from .literals import required_keys
from .marked import compile_lowered, compile_marked
from .packs import Pattern
from .regexes import compile_pattern

REGEX_TIMEOUT = 5.0  # seconds per pattern per document; a user regex must not hang a batch


def compile_rx(pattern: str, where: str):
    try:
        return compile_pattern(pattern)  # user packs: validated (and compiled) by packs.py
    except regex.error as e:
        raise RulePackError(f"invalid regex {pattern!r}: {e}", file=where) from None


class Unless:
    """A pattern's or a rule's `unless` list: does any of its regexes match a sentence? As with
    anchors, a regex that requires words (literals.required_keys) is tried only on sentences
    holding them: the Detector numbers its `keys` as needs (`conjuncts`), the run picks the
    regexes worth trying. The regexes that require no word run on every sentence: those
    anchored at the sentence start alone, the rest as one alternation (in one alternation
    `regex` would try every anchored branch at every position of the sentence)."""

    def __init__(self, patterns, where: str):
        worded = [p for p in patterns if required_keys(p)]
        self.worded = [compile_rx(p, where) for p in worded]
        self.keys = [required_keys(p) for p in worded]
        self.conjuncts: list[tuple[int, ...]] = []  # per worded regex: its need ids
        plain = [p for p in patterns if not required_keys(p)]
        rest = [p for p in plain if not p.startswith("^")]
        self.always = [compile_rx(alternation(rest), where)] if rest else []
        self.always += [compile_rx(p, where) for p in plain if p.startswith("^")]

    def search(self, text: str, worded=None):
        """A match of any of the regexes in the text, or None. `worded`: the worded regexes
        worth trying (the others' words are not in the sentence); None: all of them."""
        for rx in chain(self.always, self.worded if worded is None else worded):
            m = rx.search(text)
            if m:
                return m
        return None


def alternation(patterns) -> str:
    if len(patterns) == 1:
        return patterns[0]  # as validated, so the compiled pattern is reused
    return "|".join(f"(?:{p})" for p in patterns)


def _literals(tokens, phrases) -> list[str]:
    """Words a sentence must contain for a token/phrase pattern to have a chance."""
    words = [p.split()[0] for p in phrases if p.split()]
    for spec in tokens:
        for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
            v = spec.get(attr)
            if isinstance(v, str):
                words.append(v)
            elif isinstance(v, dict) and isinstance(v.get("IN"), list):
                words += [w for w in v["IN"] if isinstance(w, str)]
    return words


class Compiled:
    """One pattern, ready to run: an anchor regex that finds candidates, then the filters."""

    def __init__(self, rule_index: int, p: Pattern, key: str, trusted: bool = False):
        self.rule_index, self.where, self.key = rule_index, p.where, key
        # The shipped packs are reviewed and bounded; a timeout triples a search's cost.
        self.timeout = {} if trusted else {"timeout": REGEX_TIMEOUT}
        # The anchor finds candidate sentences; every other condition filters them.
        anchor_from_all = not p.regex and bool(p.all)
        # words that only need to co-occur: in a sentence of listed items, each item (with the
        # list's lead-in) is read instead, so words from two unrelated items do not add up
        self.cooccur = anchor_from_all and not (p.near or p.tokens or p.phrases or p.model)
        self.rest = [compile_rx(r, p.where) for r in (p.all[1:] if anchor_from_all else p.all)]
        self.near = (
            (compile_rx(p.near[0], p.where), compile_rx(p.near[1], p.where)) if p.near else None
        )
        self.within = p.within
        self.heading = compile_rx(p.heading, p.where) if p.heading else None
        self.unless = Unless(p.unless, p.where) if p.unless else None
        self.matcher = bool(p.tokens or p.phrases)
        self.model = p.model  # a model label: the sentence's probability must reach threshold
        self.after = p.after  # clause types it must follow (a second pass: see Detector.detect)
        self.threshold = p.threshold
        first = (
            p.regex and alternation(p.regex) or (p.all[:1] and p.all[0]) or (p.near and p.near[0])
        )
        if not first and self.matcher:
            words = _literals(p.tokens, p.phrases)
            if not words:
                raise RulePackError(
                    "a token pattern needs at least one literal token", file=p.where
                )
            first = r"\b(?:" + "|".join(regex.escape(w.lower()) for w in words) + r")\b"
        self.anchor = compile_rx(first, p.where) if first else None  # None: a heading-only pattern
        # The same anchor spelt to search sentences with their full stops marked and lower-cased
        # (marked.py), or failing that only marked; a sentence lower() cannot stand for is
        # searched with the anchor itself.
        self.anchor_source = first or None  # as the pack writes it
        self.lowered = compile_lowered(first) if first else None
        self.marked = compile_marked(first) if first and self.lowered is None else None
        # The words every condition inside the sentence needs (literals.required_keys): a
        # sentence is a candidate only if it has them. Detector turns them into need ids.
        conds = [first] if first else []
        conds += [r.pattern for r in self.rest] + (
            [r.pattern for r in self.near] if self.near else []
        )
        self.needs = [need for c in conds for need in required_keys(c)]
        self.conjuncts: tuple[int, ...] = ()


class Needs:
    """Every distinct need of every pattern, numbered once per Detector, so that a document
    memoises them in a list: a nested tuple is re-hashed on each dict lookup."""

    def __init__(self):
        self.ids: dict = {}  # need -> its id
        # A need is a set of word keys (one of them must occur) or a tuple of branches (all
        # needs of one branch must hold): the word keys are filed by key, the branches by id.
        self.branches: dict[int, tuple] = {}  # branch need id -> its branches (tuples of ids)
        self._by_key: dict[str, list[int]] = {}  # word key ("compet*" too) -> its need ids
        self._stems: set[str] = set()  # the prefix keys without their "*"
        self._of_word: dict[str, tuple[int, ...]] = {}  # memo of of_word

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, need) -> int:
        i = self.ids.get(need)
        if i is None:
            if isinstance(need, frozenset):
                i = self.ids[need] = len(self.ids)
                for k in sorted(need):
                    self._by_key.setdefault(k, []).append(i)
                    if k.endswith("*"):
                        self._stems.add(k[:-1])
            else:  # its branches' needs first: they get smaller ids
                branches = tuple(self.ordered(branch) for branch in need)
                i = self.ids[need] = len(self.ids)
                self.branches[i] = branches
            self._of_word.clear()
        return i

    def ordered(self, needs) -> tuple[int, ...]:
        """The ids of `needs`, word needs first: a document often lacks a word, and then
        the branch needs after it are never computed (WordIndex.with_all stops)."""
        ids = [self.add(n) for n in needs]
        return tuple(i for i in ids if i not in self.branches) + tuple(
            i for i in ids if i in self.branches
        )

    def of_word(self, word: str) -> tuple[int, ...]:
        """The word needs a document word satisfies: as a whole word, or through a prefix key
        ("competing": "compet*"). Memoised across documents, which share most of their words."""
        ids = self._of_word.get(word)
        if ids is None:
            if len(self._of_word) > 1 << 18:  # bounded: long runs see many distinct words
                self._of_word.clear()
            by_key, stems = self._by_key, self._stems
            found = list(by_key.get(word, ()))
            for n in range(1, len(word) + 1):
                if word[:n] in stems:
                    found += by_key[word[:n] + "*"]
            ids = self._of_word[word] = tuple(found)
        return ids
