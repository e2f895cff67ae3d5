"""The per-document word index that decides where a pattern's regex is tried at all: each
word's sentences as a bit set (bit i: sentence i), and from it the sentences that can satisfy
each of the packs' needs (literals.required_keys, numbered by compiled.Needs). Unions and
intersections of candidate sets are then single integer operations.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .compiled import Needs
from .literals import WORD

# A letter next to a digit; written to start with the digit, which is rare, so that the
# engine skips ahead to digits.
_MIXED = re.compile(r"[0-9](?:(?<=[a-z][0-9])|[a-z])")


def members(bits: int) -> list[int]:
    """The set bits of an integer, lowest first."""
    out = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


class WordIndex:
    """word -> the sentences holding it, and need id -> the sentences satisfying it (on first
    use). With `model_words`, also each sentence's words as the sentence model reads them, so
    that the text is split into words once."""

    def __init__(self, text: str, sents, needs: Needs, model_words: bool = False):
        self.needs = needs
        self.with_need: list[int] | None = None  # need id -> bits, computed on first use
        index: dict[str, int] = {}
        get = index.get
        # The model's words per sentence are the index's own unless they could differ: a
        # word mixing letters and digits ("abc123": two model words), a non-ASCII digit, a
        # sentence the model would cut short. Then the model splits it itself.
        words_of: list[list[str]] | None = None
        if model_words:
            from .model import MAX_CHARS, raw_tokens  # numpy: only for packs with a model

            words_of, ascii_doc = [], text.isascii()
        # Lower-case the text once when that keeps every offset (no character lower-cases to
        # two); a sentence's words are then found in place, without a copy of it.
        whole = text.lower()
        findall = WORD.findall
        if len(whole) != len(text):
            whole = None
        for si, (a, b) in enumerate(sents):
            if whole is None:
                low = text[a:b].lower()
                words = findall(low)
            else:
                words = findall(whole, a, b)
            bit = 1 << si
            for w in set(words):
                index[w] = get(w, 0) | bit
            if words_of is not None:
                same = b - a <= MAX_CHARS and (ascii_doc or text[a:b].isascii())
                if same:
                    if whole is None:
                        same = not _MIXED.search(low)
                    else:
                        m = _MIXED.search(whole, a, b)
                        # its lookbehind sees before `a`: at `a` itself, ask the sentence
                        same = not m or (m.start() == a and not _MIXED.search(whole[a:b]))
                words_of.append(words if same else raw_tokens(text[a:b]))
        self.index = index
        self.model_words = words_of

    def with_all(self, ids) -> int:
        """The sentences that satisfy every need in `ids`, as a bit set."""
        found = -1  # every sentence
        need = self.with_need
        if need is None:
            need = self.with_need = self._needs()
        for i in ids:
            found &= need[i]
            if not found:
                break
        return found

    def _needs(self) -> list[int]:
        """The sentences that can satisfy each need, as bit sets, all at once: a need's
        branches have smaller ids than itself (Needs.add), so one pass in id order does."""
        index = self.index
        get = index.get
        prefixes = self.needs.prefixes
        if prefixes:  # "compet*": the sentences holding a word that starts with "compet"
            vocab = sorted(index)
            n = len(vocab)
            for key in prefixes:
                prefix = key[:-1]
                i = bisect_left(vocab, prefix)
                found = 0
                while i < n and vocab[i].startswith(prefix):
                    found |= index[vocab[i]]
                    i += 1
                index[key] = found  # "*" never occurs in a word: no clash
        out: list[int] = []
        append = out.append
        for keys, branches in self.needs.defs:
            found = 0
            if keys is not None:  # one of the words
                for k in keys:
                    bits = get(k)
                    if bits:
                        found |= bits
            else:  # branches: all needs of one of them hold
                for branch in branches:
                    every = -1
                    for i in branch:
                        every &= out[i]
                        if not every:
                            break
                    found |= every
            append(found)
        return out
