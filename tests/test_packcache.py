"""The compiled-pack cache: a loaded Detector finds what a freshly built one finds."""

from __future__ import annotations

from pathlib import Path

from clauselint import packcache, structure
from clauselint.detect import Detector
from clauselint.extract import extract_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_a_cached_detector_detects_what_a_built_one_does(rules, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(packcache.DISABLE, raising=False)
    first = packcache.detector(rules)  # built and stored
    (stored,) = (tmp_path / "clauselint" / "packs").glob("*.pickle")
    second = packcache.detector(rules)  # loaded
    assert second is not first and isinstance(second, Detector)
    fresh = Detector(rules)
    for path in sorted((FIXTURES / "contracts").iterdir()):
        doc = extract_path(path)
        struct = structure.parse(doc)
        assert second.detect(doc, struct) == fresh.detect(doc, struct), path
    stored.write_bytes(b"not a pickle")  # damaged: rebuilt, not trusted
    assert isinstance(packcache.detector(rules), Detector)
    assert stored.read_bytes() != b"not a pickle"


def test_the_cache_key_follows_the_packs(rules, tmp_path):
    import dataclasses

    other = dataclasses.replace(rules, digest="0" * 64)
    assert packcache._key(rules) != packcache._key(other)
    assert packcache._key(rules) == packcache._key(rules)


def test_cached_rules_are_the_loaded_rules(rules, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(packcache.DISABLE, raising=False)
    first = packcache.rules((), True)  # parsed and stored
    second = packcache.rules((), True)  # loaded
    assert first == second == rules and second is not first
    pack = tmp_path / "extra.yaml"
    body = "clauses:\n  - type: x\n    title: X\n    patterns:\n      - regex: '{}'\n"
    pack.write_text(body.format(r"\bfoo"))
    before = packcache.rules((str(pack),), True)
    pack.write_text(body.format(r"\bbar"))
    after = packcache.rules((str(pack),), True)  # same path, new content: not the old entry
    assert before.digest != after.digest
    assert after.clauses[-1].patterns[0].regex == (r"\bbar",)
