"""The public Python API: the same results as the CLI, picklable, the CSV matrix, fsspec
inputs, and a base import that stays light."""

import csv
import dataclasses
import io
import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import cli

import clauselint
from clauselint import Config, DocumentResult, check_bytes, check_file, check_text

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "tests" / "fixtures" / "contracts"
NAMES = ("mutual-nda.md", "dpa.md", "vendor-friendly-ai-services.md")
SEVERITIES = ("critical", "high", "medium", "low", "info")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("contracts")
    for name in NAMES:
        shutil.copy(CONTRACTS / name, d / name)
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    return d


@pytest.fixture(scope="module")
def cli_json(folder):
    r = cli("check", folder, "-f", "json", "--no-cache", "-j", "1", "--fail-on", "never")
    assert r.returncode == 2, r.stderr  # the broken file
    return r.stdout


def test_the_api_gives_the_cli_json(folder, cli_json):
    paths = clauselint.expand_paths([str(folder)])
    results = [check_file(p) for p in paths]
    assert all(isinstance(r, DocumentResult) for r in results)
    rec = json.loads(cli_json)
    assert [r.to_dict() for r in results] == rec["documents"]
    assert clauselint.record(results) == rec
    assert clauselint.render(clauselint.record(results), "json") == cli_json
    assert [r.to_dict() for r in clauselint.run_batch(paths, None, jobs=1)] == rec["documents"]


def test_config_none_is_the_default_and_bytes_agree_with_files():
    path = CONTRACTS / "mutual-nda.md"
    default = check_file(path)
    assert check_file(path, None) == check_file(path, Config()) == default
    assert check_bytes(path.read_bytes(), str(path)) == default
    assert check_text("Either party may terminate this Agreement.", None).error is None
    vendor = check_file(CONTRACTS / "vendor-friendly-ai-services.md", Config(perspective="vendor"))
    assert all(not f.rule_id.startswith("coc.") for f in vendor.findings)


def test_results_are_frozen_and_pickle(folder):
    for p in clauselint.expand_paths([str(folder)]):
        r = check_file(p)
        back = pickle.loads(pickle.dumps(r))
        assert back == r and back.to_dict() == r.to_dict()
        with pytest.raises(dataclasses.FrozenInstanceError):
            r.path = "other"
    assert pickle.loads(pickle.dumps(Config(ignore=("lock-in",)))) == Config(ignore=("lock-in",))


def _matrix(folder, *extra):
    r = cli("check", folder, *extra, "-f", "csv", "--no-cache", "-j", "1", "--fail-on", "never")
    return list(csv.DictReader(io.StringIO(r.stdout))), r.stdout.splitlines()[0].split(",")


def test_csv_matrix_matches_the_json_inventory(folder, cli_json):
    rows, header = _matrix(folder)
    rules = clauselint.load_rules()
    types = sorted({c.type for c in rules.clauses})
    valued = {c.type for c in rules.clauses if c.value}
    assert valued >= {"governing_law", "renewal_term", "notice_period_to_terminate_renewal"}
    pairs = [
        x
        for t in types
        for x in ((t, f"{t}_page", f"{t}_value") if t in valued else (t, f"{t}_page"))
    ]
    assert header == ["path", "format", "pages", "document_kind", "error", *pairs, *SEVERITIES]
    docs = json.loads(cli_json)["documents"]
    assert [row["path"] for row in rows] == [d["path"] for d in docs]
    for row, d in zip(rows, docs, strict=True):
        if d["error"]:
            assert row["error"] == d["error"]["message"]
            assert all(row[c] == "" for c in [*pairs, *SEVERITIES])
            continue
        assert row["error"] == "" and row["document_kind"] == d["document_kind"]
        found = {c["type"]: c for c in d["clauses"]}
        for t in types:
            assert row[t] == ("1" if t in found else "0"), (d["path"], t)
            page = found[t]["evidence"][0]["page"] if t in found and found[t]["evidence"] else None
            assert row[f"{t}_page"] == ("" if page is None else str(page))
            if t in valued:
                assert row[f"{t}_value"] == ((found.get(t) or {}).get("value") or "")
        for s in SEVERITIES:
            assert int(row[s]) == sum(f["severity"] == s for f in d["findings"])


def test_csv_columns_come_from_the_packs_not_the_data(folder, tmp_path):
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(folder / "mutual-nda.md", one)
    assert _matrix(one)[1] == _matrix(folder)[1]


def test_csv_page_column_for_a_pdf():
    rows, _ = _matrix(ROOT / "examples" / "ai-services-agreement.pdf")
    (row,) = rows
    assert row["format"] == "pdf" and int(row["pages"]) > 1
    present = [k for k, v in row.items() if v == "1" and f"{k}_page" in row]
    assert present and all(row[f"{k}_page"].isdigit() for k in present)
    assert row["governing_law_value"] == "New York"  # the portfolio question: which law?


def test_memory_urls():
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    for name in NAMES:
        fs.pipe(f"/clauselint-test/in/{name}", (CONTRACTS / name).read_bytes())
    fs.pipe("/clauselint-test/in/sub/notes.json", b"{}")
    fs.pipe("/clauselint-test/in/sub/nda.txt", (CONTRACTS / "mutual-nda.md").read_bytes())
    paths = clauselint.expand_paths(["memory://clauselint-test/in"])
    assert paths == sorted(f"memory://clauselint-test/in/{n}" for n in (*NAMES, "sub/nda.txt"))
    for url in paths:
        local = CONTRACTS / url.rsplit("/", 1)[-1]
        got = check_file(url)
        if local.exists():
            want = check_file(local).to_dict()
            assert got.to_dict() == {**want, "path": url}
    missing = check_file("memory://clauselint-test/in/nope.md")
    assert missing.error == ("extraction", "no such file")


def test_file_urls_give_the_local_results(folder, cli_json):
    pytest.importorskip("fsspec")
    r = cli("check", folder.as_uri(), "-f", "json", "--no-cache", "-j", "1", "--fail-on", "never")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "broken.pdf" in r.stderr
    docs = json.loads(r.stdout)["documents"]
    local = json.loads(cli_json)["documents"]
    assert [d["path"] for d in docs] == [Path(d["path"]).as_uri() for d in local]
    assert [{**d, "path": ""} for d in docs] == [{**d, "path": ""} for d in local]


NO_FSSPEC = "import sys; sys.modules['fsspec'] = None; from clauselint.cli import main; main()"


def test_a_url_without_fsspec_is_one_error_line():
    r = cli("s3://bucket/contracts/msa.pdf", "-f", "json", code=NO_FSSPEC)
    assert r.returncode == 2
    (line,) = r.stderr.splitlines()
    assert "s3://bucket/contracts/msa.pdf" in line
    assert "reading s3:// URLs needs `pip install clauselint[remote]`" in line


def test_version_imports_neither_dask_nor_fsspec():
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "clauselint", "--version"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0 and r.stdout.startswith("clauselint ")
    modules = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if "|" in line}
    heavy = {"dask", "distributed", "fsspec", "pandas", "spacy"}
    assert not {m.split(".")[0] for m in modules} & heavy


def test_the_base_install_needs_neither_dask_nor_fsspec():
    tomllib = pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = " ".join(project["dependencies"]).lower()
    assert "dask" not in deps and "fsspec" not in deps
    extras = project["optional-dependencies"]
    assert any("fsspec" in d for d in extras["remote"])
    assert any("distributed" in d for d in extras["dask"])
