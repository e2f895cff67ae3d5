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
