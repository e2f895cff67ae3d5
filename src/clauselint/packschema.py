"""Validate one rule pack's YAML into records, naming the file and key of anything rejected."""

from __future__ import annotations

import re
from contextvars import ContextVar

from .errors import RulePackError
from .packs import CHECK_KINDS, PERSPECTIVES, SEVERITIES, Check, ClauseRule, Pattern

PATTERN_KEYS = {
    "regex", "all", "near", "within", "phrases", "tokens", "heading", "unless", "id", "model",
    "threshold", "after",
}  # fmt: skip
CLAUSE_KEYS = {
    "type", "title", "description", "patterns", "unless", "unless_defined", "value", "examples",
}  # fmt: skip
CHECK_KEYS = {
    "id", "kind", "clause", "with", "severity", "category", "title", "message", "rationale",
    "suggestion", "references", "examples", "profiles", "perspective", "looks_for", "matching",
    "detector",
    "not_matching", "binds",
}  # fmt: skip
CHECK_REQUIRED = ("id", "kind", "clause", "severity", "title", "message", "rationale", "suggestion")
ID_RX = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$")
TYPE_RX = re.compile(r"^[a-z][a-z0-9_]*$")


# The shipped packs are checked (regexes compiled, model labels looked up) by the test suite;
# at run time that happens when the detector is built, which a run served from the cache skips.
SHIPPED = ContextVar("shipped", default=False)


def parse_pack(data: bytes | str, file: str) -> tuple[list[ClauseRule], list[Check]]:
    import yaml  # here: a run whose packs come from the pack cache reads no YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser when built in
    try:
        doc = yaml.load(data, Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        raise RulePackError(
            f"not valid YAML: {getattr(e, 'problem', e)}", file=file, key=where
        ) from None
    if not isinstance(doc, dict):
        raise RulePackError("a rule pack is a mapping with 'clauses' and/or 'checks'", file=file)
    _known(doc, {"pack", "description", "clauses", "checks"}, file, "")
    clauses = [
        _clause(c, file, f"clauses[{i}]") for i, c in enumerate(_list(doc, "clauses", file, ""))
    ]
    checks = [_check(c, file, f"checks[{i}]") for i, c in enumerate(_list(doc, "checks", file, ""))]
    return clauses, checks


def _known(d, allowed: set[str], file: str, key: str) -> None:
    if not isinstance(d, dict):
        raise RulePackError("expected a mapping", file=file, key=key or None)
    for k in d:
        if k not in allowed:
            raise RulePackError(f"unknown key '{k}'", file=file, key=f"{key}.{k}".lstrip("."))


def _list(d: dict, name: str, file: str, key: str) -> list:
    v = d.get(name) or []
    if isinstance(v, (str, dict)):
        v = [v]
    if not isinstance(v, list):
        raise RulePackError("expected a list", file=file, key=f"{key}.{name}".lstrip("."))
    return v


def _strs(d: dict, name: str, file: str, key: str) -> tuple[str, ...]:
    out = _list(d, name, file, key)
    if not all(isinstance(s, str) for s in out):
        raise RulePackError("expected text or a list of text", file=file, key=f"{key}.{name}")
    return tuple(out)


def _regexes(d: dict, name: str, file: str, key: str) -> tuple[str, ...]:
    out = _strs(d, name, file, key)
    if SHIPPED.get():
        return out
    import regex

    from .regexes import compile_pattern

    for i, rx in enumerate(out):
        try:
            compile_pattern(rx)
        except regex.error as e:
            raise RulePackError(
                f"invalid regex {rx!r}: {e}", file=file, key=f"{key}.{name}[{i}]"
            ) from None
    return out


def _text(d: dict, name: str, file: str, key: str, default: str | None = None) -> str:
    v = d.get(name, default)
    if not isinstance(v, str) or not v.strip():
        raise RulePackError("required text is missing", file=file, key=f"{key}.{name}")
    return v.strip()


def _pattern(p, file: str, key: str) -> Pattern:
    _known(p, PATTERN_KEYS, file, key)
    conds = {"regex", "all", "near", "phrases", "tokens", "heading", "model"} & set(p)
    if not conds:
        raise RulePackError(
            "a pattern needs regex, all, near, phrases, tokens, heading or model",
            file=file,
            key=key,
        )
    near = _regexes(p, "near", file, key)
    if near and len(near) != 2:
        raise RulePackError("near takes exactly two regexes", file=file, key=f"{key}.near")
    tokens = p.get("tokens") or ()
    if tokens and not (isinstance(tokens, list) and all(isinstance(t, dict) for t in tokens)):
        raise RulePackError(
            "tokens is a list of spaCy token patterns", file=file, key=f"{key}.tokens"
        )
    heading = _regexes(p, "heading", file, key)
    within = p.get("within", 12)
    if not isinstance(within, int) or within < 1:
        raise RulePackError("within is a positive number of words", file=file, key=f"{key}.within")
    return Pattern(
        where=f"{file}: {key}",
        regex=_regexes(p, "regex", file, key),
        all=_regexes(p, "all", file, key),
        near=near,
        within=within,
        phrases=_strs(p, "phrases", file, key),
        tokens=tuple(tokens),
        heading=(heading[0] if len(heading) == 1 else "|".join(f"(?:{h})" for h in heading))
        or None,
        unless=_regexes(p, "unless", file, key),
        model=_model_label(p, file, key),
        threshold=_threshold(p, file, key),
        after=_after(p, file, key),
    )


def _after(p: dict, file: str, key: str) -> tuple[str, ...]:
    after = _strs(p, "after", file, key)
    if not all(TYPE_RX.match(t) for t in after):
        raise RulePackError("after lists clause types", file=file, key=f"{key}.after")
    if after and not ({"regex", "all", "near", "heading"} & set(p)):
        raise RulePackError("after needs a regex, all, near or heading", file=file, key=key)
    return after


def _model_label(p: dict, file: str, key: str) -> str | None:
    label = p.get("model")
    if label is None or SHIPPED.get() and isinstance(label, str):
        return label  # a shipped pack's labels are checked by the tests
    from . import model  # loads the weights: only packs that use `model:` pay for it

    if not isinstance(label, str) or label not in model.labels():
        raise RulePackError(
            f"unknown model label {label!r} (expected one of {', '.join(model.labels())})",
            file=file,
            key=f"{key}.model",
        )
    return label


def _threshold(p: dict, file: str, key: str) -> float | None:
    t = p.get("threshold")
    if t is None:
        return None
    if "model" not in p:
        raise RulePackError("threshold goes with model", file=file, key=f"{key}.threshold")
    if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 < t < 1:
        raise RulePackError(
            "threshold is a probability between 0 and 1", file=file, key=f"{key}.threshold"
        )
    return float(t)


def _examples(d: dict, file: str, key: str, names: tuple[str, str]) -> tuple[tuple[str, ...], ...]:
    ex = d.get("examples") or {}
    _known(ex, set(names), file, f"{key}.examples")
    return tuple(_strs(ex, n, file, f"{key}.examples") for n in names)


def _clause(c, file: str, key: str) -> ClauseRule:
    _known(c, CLAUSE_KEYS, file, key)
    type_ = c.get("type")
    if not isinstance(type_, str) or not TYPE_RX.match(type_):
        raise RulePackError(
            "type must be a clause-type id like change_of_control", file=file, key=f"{key}.type"
        )
    key = f"{key}({type_})"
    patterns = tuple(
        _pattern(p, file, f"{key}.patterns[{i}]")
        for i, p in enumerate(_list(c, "patterns", file, key))
    )
    if not patterns:
        raise RulePackError("a clause needs at least one pattern", file=file, key=f"{key}.patterns")
    value = _regexes(c, "value", file, key)
    unless_defined = _regexes(c, "unless_defined", file, key)
    if any("(?P<term>" not in r for r in unless_defined):
        raise RulePackError(
            "each unless_defined regex names the defined term in a group (?P<term>...)",
            file=file,
            key=f"{key}.unless_defined",
        )
    match, no_match = _examples(c, file, key, ("match", "no_match"))
    return ClauseRule(
        type=type_,
        title=c.get("title") or type_.replace("_", " ").capitalize(),
        description=c.get("description") or "",
        patterns=patterns,
        unless=_regexes(c, "unless", file, key),
        value=value[0] if value else None,
        match=match,
        no_match=no_match,
        where=f"{file}: {key}",
        unless_defined=unless_defined,
    )


def _check(c, file: str, key: str) -> Check:
    _known(c, CHECK_KEYS, file, key)
    for name in CHECK_REQUIRED:
        if name not in c and not (name == "clause" and c.get("kind") == "hygiene"):
            raise RulePackError("required key is missing", file=file, key=f"{key}.{name}")
    rid = c["id"]
    if not isinstance(rid, str) or not ID_RX.match(rid):
        raise RulePackError(
            f"id {rid!r} must be namespaced like 'coc.no-termination-right'",
            file=file,
            key=f"{key}.id",
        )
    key = f"{key}({rid})"
    kind, severity = c["kind"], c["severity"]
    if kind not in CHECK_KINDS:
        raise RulePackError(
            f"kind must be one of {', '.join(CHECK_KINDS)}", file=file, key=f"{key}.kind"
        )
    if severity not in SEVERITIES:
        raise RulePackError(
            f"severity must be one of {', '.join(SEVERITIES)}", file=file, key=f"{key}.severity"
        )
    with_ = _strs(c, "with", file, key)
    if (kind == "require-with") != bool(with_):
        raise RulePackError(
            "'with' goes with kind require-with, and only with it", file=file, key=f"{key}.with"
        )
    perspective = c.get("perspective")
    if perspective is not None and perspective not in PERSPECTIVES:
        raise RulePackError(
            f"perspective must be one of {', '.join(PERSPECTIVES)}",
            file=file,
            key=f"{key}.perspective",
        )
    fail, passes = _examples(c, file, key, ("fail", "pass"))
    return Check(
        id=rid,
        kind=kind,
        clause=_strs(c, "clause", file, key),
        with_=with_,
        severity=severity,
        category=c.get("category") or rid.split(".")[0],
        title=_text(c, "title", file, key),
        message=_text(c, "message", file, key),
        rationale=_text(c, "rationale", file, key),
        suggestion=_text(c, "suggestion", file, key),
        references=_strs(c, "references", file, key),
        looks_for=c.get("looks_for") or "",
        profiles=_strs(c, "profiles", file, key),
        perspective=perspective,
        matching=_alt_or_none(_regexes(c, "matching", file, key)),
        not_matching=_alt_or_none(_regexes(c, "not_matching", file, key)),
        binds=_side(c, file, key),
        detector=_detector(c, kind, file, key),
        fail=fail,
        passes=passes,
        where=f"{file}: {key}",
    )


def _detector(c: dict, kind: str, file: str, key: str) -> str | None:
    from .hygiene import DETECTORS

    name = c.get("detector")
    if (kind == "hygiene") != (name is not None):
        raise RulePackError(
            "'detector' goes with kind hygiene, and only with it", file=file, key=f"{key}.detector"
        )
    if name is not None and name not in DETECTORS:
        known = ", ".join(sorted(DETECTORS))
        raise RulePackError(
            f"unknown detector {name!r} (one of: {known})", file=file, key=f"{key}.detector"
        )
    return name


def _side(c: dict, file: str, key: str) -> str | None:
    v = c.get("binds")
    if v is not None and v not in PERSPECTIVES:
        raise RulePackError(
            f"binds must be one of {', '.join(PERSPECTIVES)}", file=file, key=f"{key}.binds"
        )
    return v


def _alt_or_none(rxs: tuple[str, ...]) -> str | None:
    return "|".join(f"(?:{r})" for r in rxs) or None


def known_after_types(clauses: list[ClauseRule]) -> None:
    types = {c.type for c in clauses}
    for c in clauses:
        for p in c.patterns:
            unknown = [t for t in p.after if t not in types]
            if unknown:
                raise RulePackError(f"after: unknown clause type {unknown[0]!r}", file=p.where)


def no_duplicate_ids(checks: list[Check]) -> None:
    seen: dict[str, Check] = {}
    for c in checks:
        if c.id in seen:
            raise RulePackError(
                f"check id '{c.id}' is also defined in {seen[c.id].where}", file=c.where
            )
        seen[c.id] = c
