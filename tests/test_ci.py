"""What a data repository's CI uses: the pre-commit hook, the example GitHub Actions workflow and
the per-file JSON Schemas for editors and check-jsonschema."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from stdcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_the_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "stdcheck-validate"
    assert hook["entry"] == "stdcheck validate" and hook["language"] == "python"
    assert hook["require_serial"] is True and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("a.xlsx", "b/c.xls", "d.ods", "台账.csv", "e.tsv", "data/tasks.yaml", "f.yml"):
        assert files.search(name), name
    for name in ("a.py", "README.md", "x.yaml.bak"):
        assert not files.search(name), name


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout of stdcheck")
def test_pre_commit_try_repo_passes_a_good_ledger_and_stops_a_broken_one(tmp_path):
    """pre-commit installs the hook from this checkout (pip builds it with hatchling, offline
    from the local path) and runs it on a repository with one good and one broken ledger."""
    repo = tmp_path / "data-repo"
    repo.mkdir()
    shutil.copy(ROOT / "examples" / "ledger.csv", repo / "good.csv")
    (repo / "bad.csv").write_text("序号,类别,名称,责任单位,任务,完成日期\n1,标准,花椒,区科技局,3,2024-01-01\n",
                                  encoding="utf-8")
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "ledgers"], cwd=repo, check=True)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pre-commit", "try-repo", str(ROOT), "stdcheck-validate",
                               "--verbose", "--files", *files], cwd=repo, capture_output=True,
                              text=True, timeout=900, check=False)

    good = try_repo("good.csv")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = try_repo("good.csv", "bad.csv")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.csv:2:2: error [unknown-kind]" in bad.stdout


def _options(command: str) -> set[str]:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", result.output))


def test_the_workflow_calls_only_options_that_exist():
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml")
                              .read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = [s["run"] for s in steps if "run" in s and "stdcheck " in s["run"]]
    assert any("validate" in r for r in runs)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    for line in runs:
        command = line.split("stdcheck ", 1)[1].split()[0]
        used = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", line.split("||")[0]))
        assert used <= _options(command), (line, used - _options(command))


class _StringDates(yaml.SafeLoader):
    """YAML read as check-jsonschema and editors hand it to a JSON Schema validator: a date
    stays the string it is written as (no timestamp resolver)."""


_StringDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_schema_out_dir_writes_one_schema_per_file_that_the_shipped_data_passes(tmp_path):
    result = CliRunner().invoke(app, ["schema", "--out-dir", str(tmp_path / "schemas")])
    assert result.exit_code == 0, result.output
    for name in ("targets", "tasks", "departments"):
        schema = json.loads((tmp_path / "schemas" / f"{name}.schema.json")
                            .read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        data = yaml.load((ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8"),
                         Loader=_StringDates)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        errors = list(validator.iter_errors(data))
        assert errors == [], (name, [e.message for e in errors[:3]])
    targets = json.loads((tmp_path / "schemas" / "targets.schema.json").read_text("utf-8"))
    assert '{"format": "date", "type": "string"}' in json.dumps(targets, sort_keys=True)
