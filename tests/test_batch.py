"""Many documents: stable order, parallel workers and the cache give byte-identical output."""

import json
import shutil
from pathlib import Path

from clauselint.batch import run_batch
from clauselint.cache import Cache
from clauselint.config import DEFAULT
from clauselint.files import atomic_write
from clauselint.formats import record, render_json
from clauselint.pipeline import DocumentResult, check_file, engine

CONTRACTS = Path(__file__).resolve().parent / "fixtures" / "contracts"


def batch(tmp_path):
    files = sorted(str(p) for p in CONTRACTS.glob("*.md"))[:4]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    return files[:2] + [str(broken)] + files[2:]


def out(paths, **kw):
    return render_json(record(list(run_batch(paths, DEFAULT, **kw))))


def test_parallel_and_cached_runs_match_a_serial_run(tmp_path):
    paths = batch(tmp_path)
    serial = out(paths, jobs=1)
    assert [d["path"] for d in json.loads(serial)["documents"]] == paths
    assert out(paths, jobs=2) == serial
    cache = Cache.for_run(tmp_path / "cache", engine(DEFAULT).rules.digest, DEFAULT)
    assert out(paths, jobs=2, cache=cache) == serial  # cold
    assert out(paths, jobs=1, cache=cache) == serial  # warm
    assert any((tmp_path / "cache").rglob("*.json"))


def test_corrupt_or_foreign_cache_entries_are_ignored(tmp_path):
    path = str(sorted(CONTRACTS.glob("*.md"))[0])
    cache = Cache.for_run(tmp_path, engine(DEFAULT).rules.digest, DEFAULT)
    key = cache.key(path)
    expected = check_file(path).to_dict()
    for junk in ("{not json", json.dumps({"salt": "other version", "result": {"clauses": []}})):
        cache._file(key).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache._file(key), junk)
        assert cache.get(key) is None
        got = next(run_batch([path], DEFAULT, cache=cache))
        assert got.to_dict() == expected
    assert cache.get(key) == expected  # rebuilt


def test_cache_entries_follow_the_file_not_the_name(tmp_path):
    src = sorted(CONTRACTS.glob("*.md"))[0]
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    shutil.copy(src, a)
    shutil.copy(src, b)
    cache = Cache.for_run(tmp_path / "c", engine(DEFAULT).rules.digest, DEFAULT)
    list(run_batch([str(a)], DEFAULT, cache=cache))
    (hit,) = run_batch([str(b)], DEFAULT, cache=cache)
    assert hit.path == str(b)
    b.write_text(
        src.read_text() + "\nProvider may use Customer Data to train and improve its models.\n"
    )
    assert cache.get(cache.key(str(b))) is None


def test_result_round_trips_through_its_record():
    r = check_file(sorted(CONTRACTS.glob("*.md"))[0])
    assert DocumentResult.from_dict(r.to_dict()).to_dict() == r.to_dict()


def _dies_on_poison(path):
    # A worker killed mid-document, as a crash inside a C library (pdfium, lxml) would.
    import os

    from clauselint import batch

    if path.endswith("poison.md"):
        os._exit(1)
    return batch.safe_check_file(path, batch.DEFAULT)


def test_a_crashed_worker_costs_only_its_document(tmp_path, monkeypatch):
    from clauselint import batch

    files = sorted(str(p) for p in CONTRACTS.glob("*.md"))[:3]
    poison = tmp_path / "poison.md"
    poison.write_text("Neither party may assign this Agreement.")
    paths = [files[0], str(poison), files[1], files[2]]
    monkeypatch.setattr(batch, "_work", _dies_on_poison)  # inherited by forked workers
    results = list(run_batch(paths, DEFAULT, jobs=2))
    assert [r.path for r in results] == paths
    assert results[1].error == ("crash", "the reader crashed on this file")
    assert all(r.error is None and r.clauses for r in results[:1] + results[2:])


def test_output_to_a_pipe_or_device_writes_into_it(tmp_path):
    """-o /dev/null or a named pipe: write into it, never rename a temp file over it."""
    import os
    import stat
    import threading

    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    atomic_write(fifo, "report\n")
    reader.join(timeout=10)
    assert got == ["report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cache_entries_belong_to_one_build_of_the_code(tmp_path):
    # a fix released under the same version number must not be served an older build's results
    path = str(sorted(CONTRACTS.glob("*.md"))[0])
    digest = engine(DEFAULT).rules.digest
    this = Cache.for_run(tmp_path, digest, DEFAULT)
    other = Cache.for_run(tmp_path, digest, DEFAULT, code="another build")
    list(run_batch([path], DEFAULT, cache=this))
    assert this.get(this.key(path)) is not None
    assert other.key(path) != this.key(path) and other.get(other.key(path)) is None


def test_a_pool_starts_with_the_largest_files(tmp_path):
    from clauselint.batch import _largest_first

    paths = []
    for name, size in (("a.txt", 10), ("b.txt", 300), ("c.txt", 20)):
        (tmp_path / name).write_text("x" * size)
        paths.append(str(tmp_path / name))
    assert _largest_first(paths + ["https://example.com/d.pdf"]) == [1, 2, 0, 3]
