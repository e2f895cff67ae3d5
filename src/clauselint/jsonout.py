"""`json.dumps(obj, indent=2, ensure_ascii=False)`, byte for byte, at twice its speed.

With an indent the standard library encodes in pure Python, a generator per container; the
reports are lists and dicts of strings and numbers, written here by one recursive function
(strings still by json's C escaper). Anything else goes to json.dumps itself.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring


class _Unusual(Exception):
    pass


def dumps(obj) -> str:
    out: list[str] = []
    try:
        _encode(obj, "\n", out)
    except (_Unusual, RecursionError):
        return json.dumps(obj, indent=2, ensure_ascii=False)
    return "".join(out)


def _encode(o, nl: str, out: list[str]) -> None:
    """`nl` is a newline and the indent of the line `o` starts on."""
    if isinstance(o, str):
        out.append(encode_basestring(o))
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        if not math.isfinite(o):
            raise _Unusual  # NaN, Infinity: json's own spelling
        out.append(float.__repr__(o))
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = nl + "  "
        sep = "{" + inner
        for k, v in o.items():
            if not isinstance(k, str):
                raise _Unusual  # json turns int/float/None keys into strings its own way
            out.append(sep)
            out.append(encode_basestring(k))
            out.append(": ")
            _encode(v, inner, out)
            sep = "," + inner
        out.append(nl + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for v in o:
            out.append(sep)
            _encode(v, inner, out)
            sep = "," + inner
        out.append(nl + "]")
    else:
        raise _Unusual
