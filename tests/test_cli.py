"""The read-only commands, through typer's CliRunner: output, formats and exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stdcheck import __version__
from stdcheck.cli import app
from stdcheck.policy import load

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"stdcheck {__version__}"


def test_every_command_has_help():
    for command in ("targets", "tasks", "departments", "schema", "status"):
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_targets_table_in_both_languages():
    zh = run("--lang", "zh", "targets")
    assert zh.exit_code == 0
    assert "地方标准" in zh.output and "2025-12-31" in zh.output
    en = run("targets", "--lang", "en")
    assert en.exit_code == 0
    assert "Counted targets" in en.output


def test_targets_json():
    result = run("targets", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert [t["id"] for t in doc["targets"]][:2] == ["standards-participated", "local-standards"]
    assert doc["targets"][2]["bound"] == {"type": "at_least", "value": 50}
    window = doc["targets"][0]["window"]
    assert (window["start"], window["end"]) == ("2023-01-01", "2025-12-31")
    assert doc["targets"][0]["name"]["zh"].startswith("新增参与制定")  # one {zh, en} shape
    assert doc["schema_version"] == 2


def test_tasks_json_shape():
    doc = json.loads(run("tasks", "--format", "json").output)
    assert len(doc["tasks"]) == 19
    first = doc["tasks"][0]
    assert {"number", "section", "title", "departments"} <= set(first)
    assert first["departments"] == ["区科技局", "区经济信息委", "江津区市场监管局"]


def test_tasks_filtered_by_department_alias_and_section():
    doc = json.loads(run("tasks", "--department", "区经信委", "--format", "json").output)
    numbers = [t["number"] for t in doc["tasks"]]
    # every task naming 区经济信息委, plus task 16 (every department)
    assert numbers == [1, 3, 4, 5, 7, 13, 14, 15, 16]
    doc = json.loads(run("tasks", "--section", "3", "--format", "json").output)
    assert [t["number"] for t in doc["tasks"]] == [5, 6, 7]
    assert run("tasks", "--section", "9").exit_code == 2


@pytest.mark.parametrize("name", ["区科技局", "區科技局", "區(qū)科技局", "重庆市江津区科学技术局",
                                  "江津区科技局", " 区科技局\u3000"])
def test_department_by_any_spelling(name):
    result = run("departments", name, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["department"]["name"] == "区科技局"
    assert [t["number"] for t in doc["tasks"]] == [1, 2, 3, 4, 13, 16]


def test_unknown_department_suggests_and_exits_2():
    result = run("departments", "区科枝局")
    assert result.exit_code == 2
    assert "区科技局" in result.output


def test_departments_list():
    result = run("departments", "--format", "json")
    doc = json.loads(result.output)
    names = [d["department"]["name"] for d in doc["departments"]]
    assert "江津区市场监管局" in names and len(names) == len(set(names))
    table = run("departments", "--lang", "zh")
    assert table.exit_code == 0 and "重庆市江津区市场监督管理局" in table.output


def test_schema_is_valid_json_schema_and_accepts_the_embedded_data():
    jsonschema = pytest.importorskip("jsonschema")
    result = run("schema")
    assert result.exit_code == 0
    schemas = json.loads(result.output)
    assert set(schemas) == {"targets.yaml", "tasks.yaml", "departments.yaml"}
    for name, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        data = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as the strings YAML wrote
        jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_to_file(tmp_path):
    out = tmp_path / "schema.json"
    assert run("schema", "--output", str(out)).exit_code == 0
    assert "targets.yaml" in json.loads(out.read_text(encoding="utf-8"))


def test_data_option_loads_another_policy():
    other = ROOT / "examples/other-policy"
    result = run("--data", str(other), "targets", "--format", "json")
    assert result.exit_code == 0, result.output
    ids = [t["id"] for t in json.loads(result.output)["targets"]]
    assert ids == [t.id for t in load(other).policy.targets]
    assert "local-standards" not in ids


@pytest.mark.parametrize("file, old, new, says", [
    ("tasks.yaml", "sections:", "sections: [unclosed", "YAML syntax error"),
    ("targets.yaml", "    kinds:", "    kindz:", "kindz"),
    ("tasks.yaml", "区科技局", "区科枝局", "区科枝局"),
    ("targets.yaml", "id: local-standards", "id: group-standards", "group-standards"),
    ("targets.yaml", "2025-12-31", "2025-02-30", "2025-02-30"),
])
def test_broken_data_exits_2_with_location(tmp_path, file, old, new, says):
    broken = tmp_path / "broken"
    shutil.copytree(ROOT / "data", broken)
    f = broken / file
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("targets", "--data", str(broken))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(file)}:\d+:\d+: .*{re.escape(says)}", result.output), \
        result.output
    assert "Traceback" not in result.output


def test_missing_data_dir_exits_2(tmp_path):
    result = run("--data", str(tmp_path / "nope"), "targets")
    assert result.exit_code == 2
