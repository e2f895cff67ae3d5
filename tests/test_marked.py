"""The marked dialect (marked.compile_marked) must find exactly what the pack dialect finds:
anchors search sentences with their full stops marked, for speed only."""

import regex
from conftest import FIXTURES

from clauselint import structure
from clauselint.extract import extract_path
from clauselint.marked import (
    STOP_MARK,
    _lowered,
    _marked,
    compile_marked,
    lowered,
    mark_stops,
)
from clauselint.regexes import FLAGS, compile_pattern

TRICKY = [
    "The restrictions in Clause 12.1 (e.g., 2.5% of U.S.A sales) do not apply to X.",
    "The restrictions end. Clause 4 does not apply. They do not apply.",
    "Ends with a point.",
    "A point before a comma., and after: Inc.,",
    "U.S. law governs; no. 5 applies. e.g. this",
    "...and... .",
    "Vendor shall not compete.Competition ends",
    "THE VENDOR SHALL NOT ASSIGN THIS AGREEMENT WITHOUT CONSENT.",
    "Vendor ſhall not aſſign this Agreement (a long s) under the laws of Délaware.",
    "The “Licensed Product” — as defined — shall be exclusive to Customer; GOVERNING LAW: England.",
]


def _classes():
    """Character classes (with the point or without) the rewrite must keep or extend."""
    return [
        "[^.;]",
        "[^.]",
        "[^.;:]",
        "[^.;,]",
        "[.;:]",
        "[^.?!]",
        "[-.]",
        "[^-.]",
        "[].]",
        "[\\w.-]",
        "[A-Z.]",
        "[^a-z.]",
        '["“(]',
    ]


def test_a_class_keeps_its_meaning_and_a_full_stop_becomes_the_mark():
    for cls in _classes():
        before, after = compile_pattern(cls), regex.compile(_marked(cls), FLAGS)
        for code in list(range(0x250)) + [0x2019, 0x201C, 0x201D, 0x2014]:
            ch = chr(code)
            if ch == STOP_MARK:
                continue
            if ch != ".":
                assert bool(before.match(ch)) == bool(after.match(ch)), (cls, ch)
        # a full stop ("end.") is the mark in the marked text
        assert bool(before.match(".")) == bool(after.match(STOP_MARK)), cls
        # a point inside a number is still a point
        assert bool(before.match(".5")) == bool(after.match(mark_stops(".5"))), cls


def test_ranges_that_may_hold_the_point_are_left_alone():
    assert _marked("[ -/]") is None
    assert _marked("[A-Z]") == "[A-Z]"
    assert _marked("\\p{P}") is None


def _sentences() -> list[str]:
    out = []
    for path in sorted((FIXTURES / "contracts").iterdir()):
        doc = extract_path(path)
        out += [doc.text[a:b] for a, b in structure.parse(doc).sentences]
    return out


def test_every_shipped_anchor_finds_the_same_sentences(detector):
    texts = TRICKY + _sentences()
    marked = [mark_stops(t) for t in texts]
    lows = [lowered(m) for m in marked]
    k = len(TRICKY)
    assert lows[k - 2] is None and lows[k - 1] is not None  # a letter outside ASCII; not
    rewritten = lowercased = 0
    for cp in detector.patterns:
        if cp.anchor is None:
            continue
        # the detector's spelling (lower-cased, or only marked), and the pack's own
        marked_only = compile_marked(cp.anchor_source)
        rewritten += marked_only is not None
        lowercased += cp.lowered is not None
        assert cp.marked is None or cp.lowered is None  # one fast spelling is kept, not two
        for t, m, low in zip(texts, marked, lows, strict=True):
            want = bool(cp.anchor.search(t))
            if marked_only is not None:
                assert bool(marked_only.search(m)) == want, (cp.where, t)
            if cp.lowered is not None and low is not None:
                assert bool(cp.lowered.search(low)) == want, (cp.where, t)
    anchors = sum(cp.anchor is not None for cp in detector.patterns)
    assert rewritten > 0.9 * anchors and lowercased > 0.8 * anchors


def test_lowering_keeps_case_sensitive_parts_and_letter_ranges_exact():
    assert _lowered("(?-i:[A-Z])x") is None
    assert _lowered("[A-Z]x") == "[a-z]x"
    assert _lowered("[A-z]") is None  # letters and punctuation in one range
    assert _lowered("(?P<value>Delaware)") == "(?P<value>delaware)"
    assert _lowered("\\S\\W\\bX") == "\\S\\W\\bx"  # escapes are syntax


def test_a_pattern_with_the_mark_itself_is_not_rewritten():
    assert compile_marked("a\x01b") is None


def test_a_rewrite_the_engine_rejects_falls_back_to_the_original():
    from clauselint.marked import _compile

    assert _compile("(?P<x", 0) is None  # the anchor is then searched as the pack wrote it
    assert _compile(None, 0) is None


def test_fast_spellings_agree_on_edited_sentences(detector):
    """Real sentences, edited at random (a word's case changed, a point that is or is not a
    full stop, a letter outside ASCII, a quote inserted): the fast spelling still finds what
    the original finds, matches and non-matches alike."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    fast = [cp for cp in detector.patterns if cp.lowered is not None or cp.marked is not None]
    texts = [t for t in _sentences() if any(cp.anchor.search(t) for cp in fast)]
    inserts = [".", ". ", "12.1", "U.S.", "e.g.,", ";", ",", "“", "ſ", "É", "K"]

    def edit(text: str, where: float, how: int) -> str:
        words = text.split(" ")
        k = int(where * len(words))
        if how < len(inserts):
            words.insert(k, inserts[how])
        else:
            change = (str.upper, str.lower, str.title)[how - len(inserts)]
            words[k - 1] = change(words[k - 1])
        return " ".join(words)

    edits = st.tuples(st.floats(0, 1), st.integers(0, len(inserts) + 2))
    cases = st.tuples(st.sampled_from(texts), st.lists(edits, max_size=4))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cases)
    def agree(case):
        text = case[0]
        for where, how in case[1]:
            text = edit(text, where, how)
        marked = mark_stops(text)
        low = lowered(marked)
        for cp in fast:
            want = bool(cp.anchor.search(text))
            if cp.lowered is not None and low is not None:
                assert bool(cp.lowered.search(low)) == want, (cp.where, text)
            elif cp.marked is not None:
                assert bool(cp.marked.search(marked)) == want, (cp.where, text)

    agree()
