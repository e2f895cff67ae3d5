"""The shipped sentence classifier (clauselint.model) and the `model:` pattern key."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zlib

import numpy as np
import pytest

from clauselint import model, structure
from clauselint.detect import Detector
from clauselint.document import Document
from clauselint.errors import RulePackError
from clauselint.packs import RuleSet
from clauselint.packschema import parse_pack

ESCROW = (
    "Licensor shall deposit the source code of the Software with the Escrow Agent, to be "
    "released to Licensee if Licensor becomes insolvent."
)
INSURANCE = (
    "Supplier shall maintain, at its own expense, commercial general liability insurance with "
    "limits of not less than $1,000,000 per occurrence and shall name Company as an additional "
    "insured."
)
UNRELATED = "The parties may execute this Agreement in counterparts, each an original."


def test_features_are_deterministic_and_stable():
    rows, cols = model.features(["Change of Control", "change  of control!"])
    assert rows.tolist() == [0] * 5 + [1] * 5  # 3 words + 2 bigrams each
    assert cols[:5].tolist() == cols[5:].tolist()  # case and punctuation do not matter
    # crc32 buckets, the same on every machine and in every process (never hash()).
    h = [zlib.crc32(w.encode()) for w in ("change", "of", "control")]
    bi = [(a * 0x9E3779B1 + b + 1) & 0xFFFFFFFF for a, b in zip(h, h[1:], strict=False)]
    assert cols[:5].tolist() == sorted(x % model.N_BUCKETS for x in h + bi)
    code = "from clauselint import model; print(model.features(['Change of Control'])[1].tolist())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out == f"{cols[:5].tolist()}\n"


def test_numbers_share_a_token():
    assert model.tokens("within (30) days") == model.tokens("within (60) days")


def test_score_shape_and_range():
    texts = [ESCROW, INSURANCE, UNRELATED, ""]
    p = model.score(texts)
    assert p.shape == (4, len(model.labels()))
    assert np.all((p >= 0) & (p <= 1))
    assert "source_code_escrow" in model.labels() and "insurance" in model.labels()


@pytest.mark.parametrize("label,text", [("source_code_escrow", ESCROW), ("insurance", INSURANCE)])
def test_well_learned_labels(label, text):
    j = model.labels().index(label)
    p = model.score([text, UNRELATED])[:, j]
    assert p[0] >= model.threshold(label) > p[1]


def _detector(yaml_text: str) -> Detector:
    clauses, checks = parse_pack(yaml_text, "test.yaml")
    return Detector(RuleSet(tuple(clauses), tuple(checks), ("test.yaml",), "x"))


def _found(det: Detector, text: str) -> set[str]:
    doc = Document("t", "txt", text)
    return {c.type for c in det.detect(doc, structure.parse(doc))}


PACK = """
clauses:
  - type: source_code_escrow
    patterns:
      - model: source_code_escrow
  - type: insurance_without_name
    patterns:
      - model: insurance
        unless: ['additional insured']
  - type: escrow_in_heading
    patterns:
      - model: source_code_escrow
        heading: 'escrow'
"""


def test_model_pattern_detects_and_quotes_the_sentence():
    det = _detector(PACK)
    doc = Document("t", "txt", f"{UNRELATED} {ESCROW}")
    clauses = {c.type: c for c in det.detect(doc, structure.parse(doc))}
    assert set(clauses) == {"source_code_escrow"}  # `unless` and `heading` still filter
    ev = clauses["source_code_escrow"].evidence[0]
    assert ev.text == ESCROW and doc.text[ev.start : ev.end] == ESCROW
    assert _found(det, UNRELATED) == set()


def test_model_pattern_with_heading():
    det = _detector(PACK)
    assert "escrow_in_heading" in _found(det, f"12. Source Code Escrow\n\n{ESCROW}\n")


def test_threshold_overrides_the_shipped_one():
    det = _detector(
        PACK.replace(
            "- model: source_code_escrow\n",
            "- model: source_code_escrow\n        threshold: 0.999999\n",
            1,
        )
    )
    assert "source_code_escrow" not in _found(det, ESCROW)


def test_unknown_label_names_the_key():
    bad = "clauses:\n  - type: x\n    patterns:\n      - model: no_such_label\n"
    with pytest.raises(RulePackError) as e:
        parse_pack(bad, "bad.yaml")
    assert e.value.file == "bad.yaml"
    assert e.value.key == "clauses[0](x).patterns[0].model"
    assert "no_such_label" in str(e.value)


@pytest.mark.parametrize("value", [0, 1, 1.5, "high", True])
def test_bad_threshold(value):
    bad = f"clauses:\n  - type: x\n    patterns:\n      - model: insurance\n        threshold: {value}\n"
    with pytest.raises(RulePackError) as e:
        parse_pack(bad, "bad.yaml")
    assert e.value.key.endswith("patterns[0].threshold")


def test_model_is_not_loaded_without_model_patterns():
    code = (
        "import sys; from clauselint.packschema import parse_pack; "
        "parse_pack(\"clauses: [{type: x, patterns: [{regex: 'a'}]}]\", 'x.yaml'); "
        "print('clauselint.model' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.split()[0] == "False"


def test_the_detector_scores_sentences_as_the_model_does(detector, monkeypatch):
    """The detector hands the model its index's words where they are the model's own."""
    from clauselint.detect import _Run

    text = (
        "Section 12b of the 2nd Amendment applies. The KELVIN sign \u212a5 is odd. "
        "Arabic digits \u0663\u0664 count. Plain words only here. "
        + "A very long sentence without a stop " * 80
        + "ends here. Change of Control means 50% of the shares."
    )
    text = "Preamble words. 1. DEFINITIONS\n\n" + text + "\n\n2. Change of Control\n\nA sale.\n"
    doc = Document("<t>", "txt", text)
    st = structure.parse(doc)
    texts = [text[a:b] for a, b in st.sentences]
    paths = [(s.title_path if (s := st.section_at(a)) else ()) for a, _ in st.sentences]
    assert {p[-1] for p in paths if p} == {"DEFINITIONS", "Change of Control"} and () in paths
    assert np.array_equal(_Run(detector, doc, st).probs(), detector.model.score(texts, paths))
    # and with context: the run hands the model each sentence's title path
    ctx = dataclasses.replace(detector.model, context=2)
    monkeypatch.setattr(detector, "model", ctx)
    assert np.array_equal(_Run(detector, doc, st).probs(), ctx.score(texts, paths))
    assert not np.array_equal(ctx.score(texts, paths), ctx.score(texts))


def test_context_words_are_prefixed_per_level():
    path = ("Article 5 Intellectual Property", "12.3 Change of Control", "Change")
    assert model.context_words(path, 0) == ()
    assert model.context_words(path, 1) == ("\x01change",)  # distinct words, numbers left out
    assert model.context_words(path, 2) == ("\x01change", "\x02change", "\x02of", "\x02control")
    assert model.context_words((), 2) == model.context_words(None, 2) == ()


def test_heading_features_are_separate_from_the_sentence_words():
    text = "The Licensee shall pay the fees."
    plain = model.features([text])[1].tolist()
    assert model.features([text], [("Insurance",)], 0)[1].tolist() == plain  # no context
    assert model.features([text], [()], 1)[1].tolist() == plain  # no heading
    with_heading = model.features([text], [("Insurance",)], 1)[1].tolist()
    extra = sorted(set(with_heading) - set(plain))
    assert extra == [zlib.crc32(b"\x01insurance") % model.N_BUCKETS]
    # "insurance" as a heading is not "insurance" in the sentence
    assert extra[0] not in model.features(["insurance"])[1].tolist()
    # the detector's path (words already split) featurises exactly as training does
    words = [model.raw_tokens(text), model.raw_tokens("Second one.")]
    paths = [("Insurance",), ("A", "B")]
    for context in (0, 1, 2):
        a = model.features([text, "Second one."], paths, context)
        b = model.features_of_words(words, paths, context)
        assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_a_context_model_scores_the_heading():
    """A model trained with context: the same sentence under a relevant heading scores higher."""
    w = np.zeros((model.N_BUCKETS, 1), dtype=np.float32)
    w[zlib.crc32(b"\x01escrow") % model.N_BUCKETS, 0] = 3.0
    m = model.Model(("x",), w, np.zeros(1, np.float32), np.full(1, 0.5, np.float32), context=1)
    p = m.score([UNRELATED, UNRELATED, UNRELATED], [("Source Code Escrow",), ("Notices",), ()])
    assert p[0, 0] > 0.5 and p[1, 0] == p[2, 0] == 0.5
    assert m.only([0]).context == 1


def test_the_shipped_model_reads_the_section_title():
    """Trained with context: the same sentence reads as insurance under an Insurance heading,
    not under a Notices one; the detector passes the title on."""
    assert model.load().context == 1
    j = model.labels().index("insurance")
    s = "Such policies shall remain in effect for the Term and for two years thereafter."
    p = model.score([s, s, s], [("Insurance",), ("Notices",), ()])[:, j]
    assert p[0] > 2 * p[1] and p[0] > 2 * p[2]
    det = _detector(
        "clauses:\n  - type: insurance\n    patterns:\n"
        "      - model: insurance\n        threshold: 0.3\n"
    )
    assert _found(det, f"1. Definitions\n\nTerms.\n\n12. Insurance\n\n{s}\n") == {"insurance"}
    assert _found(det, f"1. Definitions\n\nTerms.\n\n12. Notices\n\n{s}\n") == set()


def test_the_word_index_hands_the_model_the_words_it_would_split_itself():
    # The detector reads each sentence's words once (WordIndex) and gives the model the same
    # lists, except where the model's own split differs: letters next to digits ("10th",
    # "h2o"), a digit or letter outside ASCII, a sentence past MAX_CHARS, a text that
    # lower-cases to another length ("İ"). Whatever the text, the lists must be the model's.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from clauselint.compiled import Needs
    from clauselint.wordindex import WordIndex

    pieces = st.sampled_from(
        ["Term", " of ", "10th", "3a", "a3", "b 2", "12.5", ". ", "\n", "H2O", "é", "٣", "İ",
         "x" * 40, "Kelvin K", "ſ", "-", "(a)", "2nd", "  "]
    )  # fmt: skip

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=60), st.lists(st.integers(0, 400), max_size=12))
    def check(parts, cuts):
        text = "".join(parts)
        bounds = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
        sents = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
        got = WordIndex(text, sents, Needs(), model_words=True).model_words
        assert got == [model.raw_tokens(text[a:b]) for a, b in sents]

    check()
    long = "Word " * 500  # past MAX_CHARS: the model reads only its start
    assert WordIndex(long, [(0, len(long))], Needs(), True).model_words == [model.raw_tokens(long)]
