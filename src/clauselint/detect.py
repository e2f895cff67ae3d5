"""Compiled clause detectors: a Document and its Structure in, the clause inventory out.

A pattern's regex runs only on the sentences that hold the words it requires
(literals.required_keys), looked up in the document's word index (wordindex.py); spaCy, when
a pack has token or phrase patterns, tokenises only the sentences that contain one of their
literal words.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import regex

from .compiled import Compiled, Needs, Unless, compile_rx
from .document import Document
from .errors import RulePackError
from .marked import lowered, mark_stops
from .packs import ClauseRule, Pattern, RuleSet, builtin_pack_files
from .regexes import spaces_as_whitespace
from .results import MAX_EVIDENCE, Clause, Evidence  # noqa: F401  (re-exported)
from .sentences import list_items
from .structure import Structure
from .wordindex import WordIndex, members

HEADING_ONLY = 80  # a sentence this short that is its section's heading quotes the next one too
# a table of contents read as one sentence: "8.3 Termination for Cause 48 8.4 Termination Without
# Cause 49 ..." (three numbered titles, each with its page) or the words themselves
_CONTENTS = regex.compile(
    r"\btable\s+of\s+contents\b"
    r"|(?:\b\d{1,2}(?:\.\d{1,2})+\s*[^\W\d][^\d.;]{1,80}?\s\d{1,3}\b[^\d]{0,3}){3}",
    regex.I,
)
DEFINITION_LEAD = 12  # characters before a defined term that opens its sentence: "1.8 (a) \""
MAX_KEPT = 50  # evidence kept per clause for checks to filter; a 3,000-page bundle has thousands
_WS = regex.compile(r"\s+")
# the number before a section title: "12.", "Section 4(a)", "IV."
_NUMBERING = regex.compile(
    r"^\s*(?:(?:section|article|clause)\s+)?(?:(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)]|\([a-z\d]{1,4}\))\s*)*",
    regex.I,
)
# (re, not regex: plain substitutions, faster in re)
_BREAKS = re.compile(r"[ \t]*\n[ \t\n]*")
_SPACES = re.compile(r"[ \t]{2,}")
_GAPS = ("  ", "\t", "\n\n", "\n ", " \n")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _squeeze(s: str) -> str:
    """Runs of line breaks as one, and of spaces as one tab (still a gap between a table's
    columns, "Processing Region\tEuropean Union"), and curly quotes as straight ones: a text
    file laid out in columns ("including", 27 spaces, "but not limited to") then reads as its
    PDF does, the packs' bounded gaps ("[^.;]{0,150}") count words, not padding, and "arm’s
    length" in a PDF is the text file's "arm's length"."""
    if not s.isascii():
        s = s.translate(_QUOTES)
    if not any(gap in s for gap in _GAPS):  # a lone line break is left as it is
        return s
    if "\n" in s:
        s = _BREAKS.sub("\n", s)
    return _SPACES.sub("\t", s) if "  " in s or "\t" in s else s


# a section's whole body saying it holds nothing
_VOID = regex.compile(
    r"\W*(?:not\s+applicable|n/?a|none|reserved|intentionally\s+(?:omitted|left\s+blank|deleted)"
    r"|deleted|omitted)\W*$",
    regex.I,
)


class Detector:
    """All packs' clause detectors compiled once; reuse it for every document."""

    def __init__(self, rules: RuleSet):
        self.rules: tuple[ClauseRule, ...] = rules.clauses
        self.nlp = self.matcher = self.phrases = None
        if any(p.tokens or p.phrases for r in self.rules for p in r.patterns):
            # spaCy takes a second to import: only packs with token patterns pay for it
            from spacy.matcher import Matcher, PhraseMatcher

            from .nlp import pipeline

            self.nlp = pipeline()
            self.matcher = Matcher(self.nlp.vocab, validate=True)
            self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.patterns: list[Compiled] = []
        self.unless = [Unless(r.unless, r.where) if r.unless else None for r in self.rules]
        self.values = [
            regex.compile(spaces_as_whitespace(r.value)) if r.value else None for r in self.rules
        ]
        self.defined = [
            tuple(compile_rx(d, r.where) for d in r.unless_defined) for r in self.rules
        ]  # per rule: where the document says a defined term is not what the type is about
        self.needs = Needs()
        shipped = {str(f) for f in builtin_pack_files()}
        for ri, rule in enumerate(self.rules):
            trusted = rule.where.rsplit(": ", 1)[0] in shipped
            for pi, p in enumerate(rule.patterns):
                key = f"r{ri}p{pi}"
                self._add_matchers(key, p)
                cp = Compiled(ri, p, key, trusted)
                cp.conjuncts = self.needs.ordered(cp.needs)
                self.patterns.append(cp)
        for u in [cp.unless for cp in self.patterns] + self.unless:
            if u is not None:
                u.conjuncts = [self.needs.ordered(keys) for keys in u.keys]
        self.model = None
        if any(cp.model for cp in self.patterns):
            from . import model

            full = model.load()
            used = sorted({full.labels.index(cp.model) for cp in self.patterns if cp.model})
            self.model = full.only(used)  # score just the labels the packs ask for
            for cp in self.patterns:
                if cp.model:
                    cp.model_col = self.model.labels.index(cp.model)
                    if cp.threshold is None:
                        cp.threshold = float(self.model.thresholds[cp.model_col])

    def _add_matchers(self, key: str, p: Pattern) -> None:
        if self.nlp is None:
            return
        try:
            if p.tokens:
                self.matcher.add(key, [list(p.tokens)])
            if p.phrases:
                self.phrases.add(key, [self.nlp.make_doc(t) for t in p.phrases])
        except Exception as e:  # spaCy raises ValueError/MatchPatternError with a long table
            first = str(e).strip().splitlines()[0][:200]
            raise RulePackError(f"invalid token pattern: {first}", file=p.where) from None

    def detect(self, doc: Document, struct: Structure) -> tuple[Clause, ...]:
        run = _Run(self, doc, struct)
        for cp in self.patterns:
            if not cp.after:
                run.apply(cp)
        for cp in self.patterns:  # second pass: patterns that follow what the first one found
            if cp.after:
                run.apply(cp)
        return run.clauses()


# A lettered or roman list item's marker at a sentence start: "d. ", "iv. " (as sentences.py cuts
# before one on a new line)
_ITEM_LETTER = regex.compile(r"[ \t]*(?:[a-z]|[ivx]{2,4})\.[ \t]+(?=[\"“(]?[A-Z])")


class _Run:
    """The state of detecting over one document."""

    def __init__(self, det: Detector, doc: Document, struct: Structure):
        self.det, self.doc, self.struct = det, doc, struct
        self.text = doc.text
        # a revision-history table quotes terms that no longer apply: never evidence
        real = (
            tuple(s for s in struct.sentences if not struct.in_history(s[0]))
            if struct.has_history()
            else tuple(struct.sentences)
        )
        # The items of a list inside a sentence ("shall not: (a) ...; or (f) act as agent for
        # competing goods") are read as sentences of their own after the real ones, each with
        # its list's lead-in before it; evidence quotes the item.
        items = list_items(self.text, real)
        self.n_real = len(real)
        self.parent = {len(real) + k: si for k, (si, _, _) in enumerate(items)}
        self.listed = set(self.parent.values())  # real sentences whose items are read too
        self.leads = {len(real) + k: lead for k, (_, lead, _) in enumerate(items)}
        self.sents = real + tuple(item for _, _, item in items)
        self.starts = [a for a, _ in real]
        self.hits: dict[int, dict[int, int]] = {}  # rule index -> {sentence: patterns that hit}
        self.token_hits: dict[int, set[str]] = {}  # sentence index -> matcher keys
        self.masks: dict[int, regex.Pattern | None] = {}  # rule index -> its excluded terms
        self.unless_memo: dict[int, dict[str, bool]] = {}  # rule index -> sentence -> passes
        self.unless_words: dict[Unless, list[int]] = {}  # see _unless_matches
        self.words = WordIndex(self.text, self.sents, det.needs, det.model is not None, self.leads)
        self.strs: list[str | None] = [None] * len(self.sents)  # sentence texts, on first use
        self.marked: list[str | None] = [None] * len(self.sents)  # the same, stops marked
        self.lows: list[str | bool | None] = [None] * len(self.sents)  # and lower-cased
        self._probs = None  # model probabilities per sentence, scored on first use
        self.lead_memo: dict[tuple[int, tuple[int, int]], bool] = {}  # see _lead_holds

    def probs(self):
        if self._probs is None:
            paths = self._title_paths() if self.det.model.context else None
            # one row per real sentence: list items (after them) are not scored
            self._probs = self.det.model.score_words(self.words.model_words, paths)
            self.words.model_words = None
        return self._probs

    def _title_paths(self) -> list[tuple[str, ...]]:
        """Each sentence's section title path (the model's context), sentences and sections
        both in document order."""
        secs, out, k, cur = self.struct.sections, [], 0, ()
        for a, _ in self.sents[: self.n_real]:
            while k < len(secs) and secs[k].start <= a:
                cur = secs[k].title_path
                k += 1
            out.append(cur)
        return out

    def sentence_of(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.sents[i][1] else None

    def apply(self, cp: Compiled) -> None:
        votes = self.hits.setdefault(cp.rule_index, {})
        windows = None
        if cp.conjuncts and cp.anchor is not None and not cp.model:
            # The sentences the anchor must be tried on: those holding a word of each
            # required set (or every sentence when the regex names no word).
            windows = self.words.with_all(cp.conjuncts)
            if not windows:
                return
        follows = self._follows(cp.after) if cp.after else None
        for si in self._candidates(cp, windows):
            if follows is not None and si not in follows:
                continue
            if self._holds(cp, si):
                votes[si] = votes.get(si, 0) + 1  # more patterns agreeing: better evidence

    def _sentence(self, si: int) -> str:
        """The text of sentence `si`, sliced once per document (its hash then is kept too)."""
        s = self.strs[si]
        if s is None and si >= self.n_real:
            la, lb = self.leads[si]
            a, b = self.sents[si]
            s = self.strs[si] = _squeeze(self.text[la:lb] + " " + self.text[a:b])
        elif s is None:
            a, b = self.sents[si]
            s = self.text[a:b]
            m = _ITEM_LETTER.match(s)
            if m is not None:
                # a lettered or roman list item ("d. Threlkeld will ..."): the marker is no
                # word of the clause, and its full stop would end a rule's "^[^.;]{0,60}" lead
                s = " " + s[m.end() :]
            s = self.strs[si] = _squeeze(s)
        return s

    def _marked(self, si: int) -> str:
        s = self.marked[si]
        if s is None:
            s = self.marked[si] = mark_stops(self._sentence(si))
        return s

    def _low(self, si: int) -> str | bool:
        """The sentence marked and lower-cased, or False when lower() cannot stand for it."""
        low = lowered(self._marked(si))
        s = self.lows[si] = False if low is None else low
        return s

    def _candidates(self, cp: Compiled, windows: int | None = None):
        if cp.model:
            over = (self.probs()[:, cp.model_col] >= cp.threshold).nonzero()[0]
            for si in over.tolist():
                a, b = self.sents[si]
                if cp.anchor is None or cp.anchor.search(self.text, a, b, **cp.timeout):
                    yield si
            return
        if cp.anchor is None:
            for sec in self.struct.sections:
                if any(cp.heading.search(t) for t in sec.title_path[-1:]):
                    si = self.sentence_of(sec.start)
                    if si is not None:
                        yield si
            return
        # Matches never cross a sentence.
        sis = range(len(self.sents)) if windows is None else members(windows)
        seen: dict[str, bool] = {}  # bundles repeat boilerplate: one search per distinct text
        strs, search, get, timeout = self.strs, cp.anchor.search, self._sentence, cp.timeout
        if cp.lowered is not None:
            strs, search, get = self.lows, cp.lowered.search, self._low
        elif cp.marked is not None:
            strs, search, get = self.marked, cp.marked.search, self._marked
        try:
            for si in sis:
                s = strs[si]
                if s is None:
                    s = get(si)
                if s is False:  # a sentence lower() cannot stand for (marked.lowered)
                    found = bool(cp.anchor.search(self._sentence(si), **timeout))
                else:
                    found = seen.get(s)
                    if found is None:
                        found = seen[s] = bool(search(s, **timeout))
                # a list item counts only where its lead-in does not hold the clause alone
                if found and (si < self.n_real or not self._lead_holds(cp, self.leads[si])):
                    yield si
        except TimeoutError:
            raise RulePackError(
                "regex took too long (catastrophic backtracking?)", file=cp.where
            ) from None

    AFTER = 3  # sentences: how far a carve-out may follow the clause it qualifies

    def _follows(self, types: tuple[str, ...]) -> set[int]:
        """Sentences within AFTER sentences after first-pass evidence of `types`, in its
        section."""
        out = set()
        for ri, votes in self.hits.items():
            if self.det.rules[ri].type not in types:
                continue
            for si in votes:
                si = self.parent.get(si, si)  # a list item stands where its sentence does
                sec = self.struct.section_at(self.sents[si][0])
                for sj in range(si + 1, min(si + 1 + self.AFTER, self.n_real)):
                    if self.struct.section_at(self.sents[sj][0]) is not sec:
                        break
                    out.add(sj)
        return out

    def _holds(self, cp: Compiled, si: int) -> bool:
        if cp.cooccur and si in self.listed:
            return False
        a = self.sents[si][0]
        s = self._sentence(si)
        if not self._text_holds(cp, s, si):
            return False
        if si >= self.n_real and self._item_excluded(
            cp, _squeeze(self.text[a : self.sents[si][1]])
        ):
            return False
        if self._is_title(si) and not self._body_holds(cp, si):
            return False
        in_body = cp.anchor is not None or cp.model
        if cp.heading is not None and in_body and not self._heading_ok(cp, a):
            return False
        if cp.matcher:
            return cp.key in self._token_keys(si)
        mask = self._mask(cp.rule_index)
        if mask is not None and cp.anchor is not None and mask.search(s):
            # the sentence names a term the document defines as not this kind of data: it is
            # evidence only if it still holds with that term masked
            masked = mask.sub("that information", s)
            return bool(cp.anchor.search(masked)) and self._text_holds(cp, masked)
        return True

    def _text_holds(self, cp: Compiled, s: str, si: int | None = None) -> bool:
        """The pattern's conditions on the sentence text besides its anchor: `all`, `near`, and
        neither its own nor its rule's `unless`. `si`: the sentence's index, whose words tell
        which `unless` regexes can match (None: a text of its own, every regex is tried)."""
        if any(not r.search(s) for r in cp.rest):
            return False
        if cp.near is not None and not self._near(cp, s):
            return False
        if cp.unless is not None and self._unless_matches(cp.unless, s, si):
            return False
        rule_unless = self.det.unless[cp.rule_index]
        if rule_unless is None:
            return True
        # a rule's patterns often agree on a sentence: test its `unless` there once
        memo = self.unless_memo.get(cp.rule_index)
        if memo is None:
            memo = self.unless_memo[cp.rule_index] = {}
        ok = memo.get(s)
        if ok is None:
            ok = memo[s] = not self._unless_matches(rule_unless, s, si)
        return ok

    def _lead_holds(self, cp: Compiled, lead: tuple[int, int]) -> bool:
        """Whether the pattern holds on a list's lead-in before an empty item: then an item adds
        nothing (and every item would quote the lead-in's clause). Once per list."""
        key = (id(cp), lead)
        held = self.lead_memo.get(key)
        if held is None:
            bare = _squeeze(self.text[lead[0] : lead[1]] + " x")
            held = self.lead_memo[key] = bool(
                cp.anchor.search(bare, **cp.timeout) and self._text_holds(cp, bare)
            )
        return held

    def _item_excluded(self, cp: Compiled, item: str) -> bool:
        """Whether the pattern's or its rule's `unless` rejects a list item on its own: an item
        with a subject of its own ("(b) Customer may use Outputs to train ...") is read from
        its own start, as a sentence would be."""
        if cp.unless is not None and cp.unless.search(item):
            return True
        rule_unless = self.det.unless[cp.rule_index]
        return rule_unless is not None and bool(rule_unless.search(item))

    def _unless_matches(self, u: Unless, s: str, si: int | None) -> bool:
        if si is None:
            return bool(u.search(s))
        found = self.unless_words.get(u)
        if found is None:  # per worded regex: the sentences holding its words
            found = self.unless_words[u] = [self.words.with_all(c) for c in u.conjuncts]
        return bool(u.search(s, [rx for rx, f in zip(u.worded, found, strict=True) if f >> si & 1]))

    def _mask(self, ri: int) -> regex.Pattern | None:
        """The defined terms the document excludes from rule `ri` (its `unless_defined`), as
        one case-sensitive regex, or None."""
        if ri not in self.masks:
            terms = {
                " ".join(m.group("term").split())
                for rx in self.det.defined[ri]
                for m in rx.finditer(self.text)
            }
            self.masks[ri] = (
                regex.compile(
                    r"\b(?:"
                    + "|".join(r"\s+".join(map(regex.escape, t.split())) for t in sorted(terms))
                    + r")\b"
                )
                if terms
                else None
            )
        return self.masks[ri]

    def _near(self, cp: Compiled, s: str) -> bool:
        first, second = cp.near
        firsts = [m.span() for m in first.finditer(s)]
        for m in second.finditer(s):
            for a, b in firsts:
                gap = s[b : m.start()] if b <= m.start() else s[m.end() : a]
                if len(gap.split()) <= cp.within:
                    return True
        return False

    def _heading_ok(self, cp: Compiled, offset: int) -> bool:
        sec = self.struct.section_at(offset)
        return bool(sec and any(cp.heading.search(t) for t in sec.title_path))

    def _token_keys(self, si: int) -> set[str]:
        keys = self.token_hits.get(si)
        if keys is None:
            a, b = self.sents[si]
            sdoc = self.det.nlp.make_doc(self.text[a:b])
            strings = self.det.nlp.vocab.strings
            matches = list(self.det.matcher(sdoc)) + list(self.det.phrases(sdoc))
            keys = self.token_hits[si] = {strings[mid] for mid, _, _ in matches}
        return keys

    def _contents(self, si: int) -> bool:
        """A line of a table of contents: a list of section titles, not a clause."""
        a, b = self.sents[si]
        return _CONTENTS.search(self.text, a, b) is not None

    def _heading_only(self, si: int) -> bool:
        """A short sentence that opens a titled section: a heading, weak evidence on its own."""
        a, b = self.sents[si]
        sec = self.struct.section_at(a)
        return (
            si < self.n_real
            and b - a < 2 * HEADING_ONLY
            and sec is not None
            and sec.title is not None
            and a - sec.start <= 20
        )

    def _bare_heading(self, si: int):
        """The section a short sentence opens, which is then quoted with the sentence after
        it; None for any other sentence."""
        a, b = self.sents[si]
        if b - a >= HEADING_ONLY or si + 1 >= self.n_real:
            return None
        sec = self.struct.section_at(a)
        return sec if sec is not None and sec.start >= a - 20 else None

    def _is_title(self, si: int) -> bool:
        """Whether the sentence is nothing but its section's number and title ("12. INSURANCE:")."""
        sec = self._bare_heading(si)
        if sec is None or sec.title is None:
            return False
        body = _NUMBERING.sub("", self._sentence(si)).strip(" .:;-\u2013\u2014")
        return body.lower() == sec.title.strip(" .:;").lower()

    def _body_holds(self, cp: Compiled, si: int) -> bool:
        """Whether a bare heading's hit stands with the sentence after it, which its evidence
        quotes: not where that sentence voids the section ("12. Insurance: Not applicable.") or
        the rule's `unless` rejects the two together ("6. Insurance. The Producer has no
        insurance requirement."). The pattern's own `unless` speaks of its match, not of this."""
        if _VOID.match(self._sentence(si + 1)):
            return False
        rule_unless = self.det.unless[cp.rule_index]
        a, b = self.sents[si][0], self.sents[si + 1][1]
        return rule_unless is None or not rule_unless.search(_squeeze(self.text[a:b]))

    def evidence(self, si: int) -> Evidence:
        a, b = self.sents[si]
        sec = self.struct.section_at(a)
        if self._bare_heading(si) is not None:
            b = self.sents[si + 1][1]  # a bare heading says little: quote what follows it
        return Evidence(
            text=_WS.sub(" ", self.text[a:b]).strip(),
            start=a,
            end=b,
            page=self.doc.page_at(a),
            line=self.doc.line_at(a),
            section=sec.number if sec else None,
            heading=sec.title_path[-1] if sec and sec.title_path else None,
        )

    def clauses(self) -> tuple[Clause, ...]:
        by_type: dict[str, dict[int, int]] = {}
        titles: dict[str, str] = {}
        value_rx: dict[str, list] = {}
        for ri, votes in self.hits.items():
            rule = self.det.rules[ri]
            titles.setdefault(rule.type, rule.title)
            if self.det.values[ri] is not None:
                value_rx.setdefault(rule.type, []).append(self.det.values[ri])
            total = by_type.setdefault(rule.type, {})
            for si, n in votes.items():
                total[si] = total.get(si, 0) + n
        defines = self._definition_sentences()
        out = []
        for type_ in sorted(t for t, votes in by_type.items() if votes):
            votes = by_type[type_]
            # a list item adds nothing where its whole sentence is evidence already
            votes = {si: n for si, n in votes.items() if self.parent.get(si) not in votes}
            # Best first: the body before a table of contents (whose titles match many
            # patterns), operative text before definitions (a definition says what a term
            # means; the sentence that uses it says what binds), then most patterns agreeing,
            # then body text before bare headings, then order.
            ranked = sorted(
                votes,
                key=lambda si: (
                    self._contents(si),
                    si in defines,
                    -votes[si],
                    self._heading_only(si),
                    si,
                ),
            )[:MAX_KEPT]
            value = self._value(ranked, value_rx.get(type_, []))
            ev = tuple(self.evidence(si) for si in ranked)
            out.append(Clause(type_, titles[type_], ev, value))
        return tuple(out)

    def _definition_sentences(self) -> set[int]:
        """Sentences that open with a term being defined ('1.8 "Reservation Order" means')."""
        out = set()
        for d in self.struct.definitions:
            if d.means and not d.pointer:
                si = self.sentence_of(d.start)
                if si is not None and d.start - self.sents[si][0] <= DEFINITION_LEAD:
                    out.add(si)
        return out

    def _value(self, sis: list[int], rxs: list) -> str | None:
        for si in sis:
            a, b = self.sents[si]
            for rx in rxs:
                m = rx.search(self.text, a, b)
                if m:
                    return _WS.sub(
                        " ", m.group("value") if "value" in rx.groupindex else m.group(0)
                    ).strip()
        return None
