"""The report's JSON writer is json.dumps(indent=2, ensure_ascii=False), byte for byte."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from clauselint.jsonout import dumps

_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(_VALUES)
def test_same_text_as_json_dumps(value):
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_report_shaped_record():
    rec = {"documents": [{"path": "a/ü.pdf", "pages": 3, "clauses": [], "error": None,
                          "findings": [{"evidence": [{"text": 'a "quote"\n\u2028', "page": None}]}]}],
           "summary": {"findings": {}, "ratio": 0.1, "ok": True}}  # fmt: skip
    assert dumps(rec) == json.dumps(rec, indent=2, ensure_ascii=False)
