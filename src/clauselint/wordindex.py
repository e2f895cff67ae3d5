"""The per-document word index that decides where a pattern's regex is tried at all: each
word's sentences as a bit set (bit i: sentence i), and from it the sentences that can satisfy
each of the packs' needs (literals.required_keys, numbered by compiled.Needs). Unions and
intersections of candidate sets are then single integer operations.
"""

from __future__ import annotations

import re

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
    that the text is split into words once. `leads`: sentence -> the span of a lead-in read
    before it (a list item's, detect.py), whose words the sentence holds too; the model does not
    read such sentences (they come last, and have no model words)."""

    def __init__(self, text: str, sents, needs: Needs, model_words: bool = False, leads=None):
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
        leads = leads or {}
        for si, (a, b) in enumerate(sents):
            lead = leads.get(si)
            if lead is not None:
                words = findall((text[lead[0] : lead[1]] + " " + text[a:b]).lower())
            elif whole is None:
                low = text[a:b].lower()
                words = findall(low)
            else:
                words = findall(whole, a, b)
            bit = 1 << si
            for w in set(words):
                index[w] = get(w, 0) | bit
            if words_of is not None and lead is None:
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
            need = self.with_need = self._word_needs()
        for i in ids:
            bits = need[i]
            if bits is None:
                bits = self._branch_need(i)
            found &= bits
            if not found:
                break
        return found

    def _word_needs(self) -> list[int | None]:
        """The sentences that can satisfy each word need, as bit sets, all at once: filled
        from the document's words (each word knows the needs it or a prefix of it satisfies:
        Needs.of_word), so a need whose words the document lacks costs nothing. Branch needs
        are None until asked for (_branch_need): a document asks for about a third of them."""
        out: list[int | None] = [0] * len(self.needs)
        of_word = self.needs.of_word
        for w, bits in self.index.items():
            for i in of_word(w):
                out[i] |= bits
        for i in self.needs.branches:
            out[i] = None
        return out

    def _branch_need(self, i: int) -> int:
        """A branch need's sentences: those where all needs of one of its branches hold."""
        need = self.with_need
        found = 0
        for branch in self.needs.branches[i]:
            every = -1
            for j in branch:  # with_all, inlined: a document asks for ~200,000 branches
                bits = need[j]
                if bits is None:
                    bits = self._branch_need(j)
                every &= bits
                if not every:
                    break
            found |= every
        need[i] = found
        return found
