"""Config files: discovery, layering, validation, and that they change what is reported."""

import json
import shutil
from pathlib import Path

import pytest
from clirun import cli as run

from clauselint.config import (
    DEFAULT,
    STARTER,
    Config,
    check_ids,
    find_config,
    load,
    merge,
    read_config,
)
from clauselint.errors import ConfigError
from clauselint.pipeline import engine

CONTRACTS = Path(__file__).resolve().parent / "fixtures" / "contracts"


def test_merge_layers_flags_win_and_lists_extend():
    file_layer = {
        "fail_on": "medium",
        "ignore": ("coc",),
        "severity": {"a.b": "low"},
        "select": ("x",),
    }
    flags = {"fail_on": "critical", "ignore": ("data",), "select": ("y",)}
    c = merge(file_layer, flags)
    assert c.fail_on == "critical" and c.select == ("y",) and c.ignore == ("coc", "data")
    assert c.severity == {"a.b": "low"} and c.perspective == DEFAULT.perspective
    assert merge() == Config()


def test_find_config_walks_up_and_skips_pyproject_without_table(tmp_path):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "clauselint.toml").write_text('fail-on = "low"\n')
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(deep) == tmp_path / "clauselint.toml"
    (tmp_path / "a" / "pyproject.toml").write_text('[tool.clauselint]\nfail-on = "info"\n')
    assert find_config(deep) == tmp_path / "a" / "pyproject.toml"
    (deep / "clauselint.toml").write_text("")
    assert find_config(deep) == deep / "clauselint.toml"


def test_pack_paths_are_relative_to_the_config_file(tmp_path):
    (tmp_path / "clauselint.toml").write_text(
        'rules = ["policy/mine.yaml"]\nexclude = "*/drafts/*"\n'
    )
    layer = read_config(tmp_path / "clauselint.toml")
    assert layer["rules"] == (str(tmp_path / "policy" / "mine.yaml"),)
    assert layer["exclude"] == ("*/drafts/*",)


@pytest.mark.parametrize(
    "text, key",
    [
        ('fail_on = "high"\n', "fail_on"),
        ('fail-on = "sometimes"\n', "fail-on"),
        ("select = 3\n", "select"),
        ('[severity]\n"data.x" = "urgent"\n', "severity.data.x"),
        ('pdf-engine = "tesseract"\n', "pdf-engine"),
        ("builtin-rules = 1\n", "builtin-rules"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, text, key):
    path = tmp_path / "clauselint.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as e:
        load({}, cwd=tmp_path)
    msg = str(e.value)
    assert msg.startswith(f"{path}: {key}:") and "\n" not in msg


def test_bad_toml_and_missing_file(tmp_path):
    (tmp_path / "clauselint.toml").write_text("fail-on = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load({}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="no such config file"):
        load({}, tmp_path / "nope.toml")
    assert load({}, isolated=True, cwd=tmp_path)[0] == DEFAULT


def test_selectors_and_overrides_must_name_a_rule():
    checks = engine().rules.checks
    check_ids(Config(select=(checks[0].id, checks[0].category, checks[0].id.split(".")[0])), checks)
    with pytest.raises(ConfigError, match="'nosuch' matches no rule"):
        check_ids(Config(ignore=("nosuch",)), checks)
    with pytest.raises(ConfigError, match="severity.no.such"):
        check_ids(Config(severity={"no.such": "low"}), checks)
    # a typo names what was probably meant; nothing close, no guess
    with pytest.raises(ConfigError, match="did you mean 'lockin.exclusivity'"):
        check_ids(Config(select=("lockin.exclusivty",)), checks)
    with pytest.raises(ConfigError, match="did you mean 'liability.low-cap'"):
        check_ids(Config(severity={"liability.low-capp": "low"}), checks)
    with pytest.raises(ConfigError) as e:
        check_ids(Config(ignore=("nosuch",)), checks)
    assert "did you mean" not in str(e.value)


def test_starter_config_is_valid_and_the_defaults(tmp_path):
    (tmp_path / "clauselint.toml").write_text(STARTER)
    assert load({}, cwd=tmp_path)[0] == DEFAULT


# -- end to end ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copy(CONTRACTS / "vendor-friendly-ai-services.md", root / "contract.md")
    return root


def _rule_ids(r) -> set[str]:
    assert r.returncode in (0, 1), r.stderr
    return {f["rule_id"] for f in json.loads(r.stdout)["documents"][0]["findings"]}


@pytest.fixture(scope="module")
def baseline_ids(project):
    ids = _rule_ids(run("check", "contract.md", "-f", "json", "--isolated", cwd=project))
    prefixes = {i.split(".")[0] for i in ids}
    assert len(prefixes) >= 2, "the contract has findings from at least two families"
    return ids


def test_ignore_and_select_flags(project, baseline_ids):
    fam = sorted(baseline_ids)[0].split(".")[0]
    ignored = _rule_ids(run("check", "contract.md", "-f", "json", "--ignore", fam, cwd=project))
    assert ignored == {i for i in baseline_ids if not i.startswith(fam + ".")}
    one = sorted(baseline_ids)[0]
    assert _rule_ids(run("check", "contract.md", "-f", "json", "--select", one, cwd=project)) == {
        one
    }


@pytest.mark.parametrize("name", ["clauselint.toml", "pyproject.toml"])
def test_config_file_changes_what_is_reported(tmp_path, baseline_ids, name):
    shutil.copy(CONTRACTS / "vendor-friendly-ai-services.md", tmp_path / "contract.md")
    fam = sorted(baseline_ids)[-1].split(".")[0]
    table = "[tool.clauselint]\n" if name == "pyproject.toml" else ""
    (tmp_path / name).write_text(f'{table}ignore = ["{fam}"]\nfail-on = "never"\n')
    (tmp_path / "sub").mkdir()
    r = run("check", "../contract.md", "-f", "json", cwd=tmp_path / "sub")  # found upwards
    assert r.returncode == 0
    assert _rule_ids(r) == {i for i in baseline_ids if not i.startswith(fam + ".")}


def test_unknown_config_key_exits_2_naming_file_and_key(tmp_path):
    shutil.copy(CONTRACTS / "mutual-nda.md", tmp_path / "nda.md")
    (tmp_path / "clauselint.toml").write_text('fail_on = "high"\n')
    r = run("check", "nda.md", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    (line,) = r.stderr.strip().splitlines()
    assert "clauselint.toml" in line and "fail_on" in line and "unknown key" in line


def test_init_writes_a_starter_and_refuses_to_overwrite(tmp_path):
    assert run("init", cwd=tmp_path).returncode == 0
    assert (tmp_path / "clauselint.toml").read_text() == STARTER
    (tmp_path / "clauselint.toml").write_text("# mine\n")
    r = run("init", cwd=tmp_path)
    assert r.returncode == 2 and "--force" in r.stderr
    assert (tmp_path / "clauselint.toml").read_text() == "# mine\n"
    assert run("init", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "clauselint.toml").read_text() == STARTER
