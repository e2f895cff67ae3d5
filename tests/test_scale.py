"""Scaling out: --dask gives the bytes of --jobs 1, a failure stays with its document, and the
README's batch function works on pandas batches (and on Ray Data when asked)."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from clirun import cli

from clauselint import check_file

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "tests" / "fixtures" / "contracts"
NAMES = ("mutual-nda.md", "dpa.md", "vendor-friendly-ai-services.md", "model-provider-dpa.md")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    d = tmp_path_factory.mktemp("mixed")
    for name in NAMES:
        shutil.copy(CONTRACTS / name, d / name)
    shutil.copy(ROOT / "examples" / "ai-services-agreement.pdf", d / "sub-agreement.pdf")
    shutil.copy(ROOT / "examples" / "ai-services-agreement.docx", d / "agreement.docx")
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    return d


def test_dask_local_gives_the_bytes_of_jobs_1(mixed):
    pytest.importorskip("distributed")
    flags = ["-f", "json", "--no-cache", "--fail-on", "never"]
    serial = cli("check", mixed, *flags, "--jobs", "1")
    dask = cli("check", mixed, *flags, "--dask", "local", "--jobs", "2")
    assert dask.returncode == serial.returncode == 2, dask.stderr
    assert dask.stdout == serial.stdout
    docs = json.loads(dask.stdout)["documents"]
    assert [Path(d["path"]).name for d in docs if d["error"]] == ["broken.pdf"]
    assert len(docs) == len(NAMES) + 3 and sum(bool(d["clauses"]) for d in docs) == len(docs) - 1
    lines = dask.stderr.splitlines()
    assert len(lines) == 1, dask.stderr  # shown in full: under load this once had more lines
    assert "broken.pdf" in lines[0] and "Traceback" not in dask.stderr


def test_dask_local_is_quiet_when_another_cluster_holds_the_dashboard_port(tmp_path):
    """A second local cluster (a parallel run, a user's notebook) holds port 8787: the run still
    prints nothing on stderr (distributed warned that it took another port)."""
    pytest.importorskip("distributed")
    import socket

    shutil.copy(CONTRACTS / NAMES[0], tmp_path / NAMES[0])
    held = socket.socket()
    try:
        held.bind(("", 8787))
        held.listen()
    except OSError:
        pass  # already taken: the same condition
    try:
        run = cli("check", tmp_path, "-f", "json", "--no-cache", "--fail-on", "never",
                  "--dask", "local", "--jobs", "1")  # fmt: skip
    finally:
        held.close()
    assert run.returncode == 0 and run.stderr == "", run.stderr


def _flaky(path, config):
    if path.endswith("boom.md"):
        raise RuntimeError("worker blew up")
    from clauselint.batch import safe_check_file

    return safe_check_file(path, config)


def test_a_failed_task_is_an_error_for_its_document_only(mixed, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from clauselint import distributed as cl_dask
    from clauselint.batch import run_batch

    monkeypatch.setattr(cl_dask, "check_task", _flaky)
    monkeypatch.setattr(cl_dask, "IN_FLIGHT_PER_WORKER", 1)  # refills the window as tasks end
    paths = [str(mixed / NAMES[0]), str(mixed / "boom.md"), str(mixed / NAMES[1])]
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None) as client:  # fmt: skip
        results = list(run_batch(paths, dask=client))
    assert [r.path for r in results] == paths
    assert results[1].error == ("internal", "RuntimeError: worker blew up")
    assert results[0] == check_file(paths[0]) and results[2] == check_file(paths[2])


def test_dask_without_the_extra_is_one_error_line(mixed):
    code = "import sys; sys.modules['distributed'] = None; from clauselint.cli import main; main()"
    r = cli(mixed / NAMES[0], "--dask", "local", code=code)
    assert r.returncode == 2
    (line,) = r.stderr.splitlines()
    assert "pip install clauselint[dask]" in line


def _readme_lint_batch():
    """The `lint_batch` function exactly as the README's "Scaling out" shows it."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Scaling out", 1)[1].split("\n## ", 1)[0]
    (block,) = [
        b for b in re.findall(r"```python\n(.*?)```", section, re.S) if "def lint_batch" in b
    ]
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    return scope["lint_batch"]


def test_the_readme_batch_function_on_pandas_batches(mixed):
    pd = pytest.importorskip("pandas")
    lint_batch = _readme_lint_batch()
    paths = sorted(str(p) for p in mixed.iterdir())
    out = pd.concat([lint_batch(pd.DataFrame({"path": paths[i : i + 3]})) for i in (0, 3, 6)])
    assert list(out["path"]) == paths
    for _, row in out.iterrows():
        want = check_file(row["path"]).to_dict()
        assert json.loads(row["record"]) == want
        assert row["clauses"].split() == [c["type"] for c in want["clauses"]]
        assert row["high"] == sum(f["severity"] == "high" for f in want["findings"])
        assert pd.isna(row["error"]) == (want["error"] is None)


@pytest.mark.skipif(not os.environ.get("CLAUSELINT_TEST_RAY"), reason="set CLAUSELINT_TEST_RAY=1")
def test_the_readme_batch_function_on_ray_data(mixed):
    ray = pytest.importorskip("ray")
    lint_batch = _readme_lint_batch()
    paths = sorted(str(p) for p in mixed.iterdir())
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        ds = ray.data.from_items([{"path": p} for p in paths])
        rows = ds.map_batches(lint_batch, batch_format="pandas", batch_size=3).take_all()
    finally:
        ray.shutdown()
    got = {r["path"]: json.loads(r["record"]) for r in rows}
    assert got == {p: check_file(p).to_dict() for p in paths}
