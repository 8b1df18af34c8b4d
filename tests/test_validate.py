"""`stdcheck validate`: the CI guard for the data (issue 9). One case per finding kind, all the
findings of a YAML file in one run, the formats (text, GitHub, JSON, SARIF against the official
schema), and the options that decide what fails (--strict, --select, --ignore, --baseline)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from stdcheck import policy
from stdcheck.cli import app
from stdcheck.findings import CODES

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
HEADER = "序号,类别,名称,标准编号,责任单位,任务,状态,完成日期,完成时限\n"
GOOD = "1,国家标准,花椒,GB/T 30391-2024,区农业农村委,8,已发布,2024-03-05,"


def run(*args: str, env: dict[str, str] | None = None):
    base = {"COLUMNS": "100", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}
    return CliRunner().invoke(app, ["validate", "--as-of", "2026-11-28", "--lang", "en", *args],
                              env={**base, **(env or {})})


def as_json(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    result = run("--format", "json", *args, env=env)
    return result.exit_code, json.loads(result.stdout)


def ledger(tmp_path: Path, *rows: str, name: str = "台账.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def found(doc: dict) -> list[tuple[str, int | None, int | None]]:
    return [(f["code"], f["line"], f["column"]) for f in doc["findings"]]


# --- ledgers: one case per finding kind ----------------------------------------------------------

LEDGER_CASES = [
    # (row, code, column, exit code)
    ("1,国家标准,,GB/T 30391-2024,区农业农村委,8,已发布,2024-03-05,", "missing-value", 3, 1),
    ("1,标准,花椒,,区农业农村委,8,已发布,2024-03-05,", "unknown-kind", 2, 1),
    ("1,国家标准,花椒,GB/T 30391-2024,区农业农村委,8,差不多了,2024-03-05,", "unknown-status", 7, 1),
    ("1,国家标准,花椒,GB/T 30391-2024,区农业农村委,8,已发布,2024-02-30,", "bad-date", 8, 1),
    ("1,国家标准,花椒,GB/T 30391-2024,区农业农村委,8,已发布,,", "missing-date", 8, 1),
    ("1,国家标准,花椒,GB/T 30391-2024,区科枝局,8,已发布,2024-03-05,", "unknown-department", 5, 0),
    ("1,国家标准,花椒,GB/T 30391-2024,区农业农村委,25,已发布,2024-03-05,", "unknown-task", 6, 0),
    ("1,国家标准,花椒,DB50/T 1800-2025,区农业农村委,8,已发布,2025-03-05,", "code-kind-conflict",
     4, 1),
    ("1,国家标准,花椒,GB/T 30391-2024,区农业农村委,8,已发布,2025-03-05,2024-06-30",
     "due-before-date", 9, 0),
    ("1,国家标准,花椒,GB/T 30391-2024,区农业农村委,8,已发布,2099-03-05,", "future-date", 8, 0),
]


@pytest.mark.parametrize(("row", "code", "column", "exit_code"), LEDGER_CASES,
                         ids=[c[1] for c in LEDGER_CASES])
def test_each_ledger_finding_is_located(tmp_path, row, code, column, exit_code):
    path = ledger(tmp_path, row)
    status, doc = as_json(str(path))
    assert (code, 2, column) in found(doc), doc["findings"]
    assert status == exit_code


def test_a_blank_row_between_rows_of_data_but_not_after_them(tmp_path):
    path = ledger(tmp_path, GOOD, ",,,,,,,,", "", "2,国家标准,花椒油,GB/T 1-2024,区科技局,1,已发布,2024-01-05,",
                  "", ",,,,,,,,")
    status, doc = as_json(str(path))
    assert found(doc) == [("blank-row", 3, None)]
    assert "rows 3–4 are blank" in doc["findings"][0]["message"]["en"]
    assert status == 0  # a warning
    assert run("--strict", str(path)).exit_code == 1


def test_a_file_that_cannot_be_read_is_a_finding_not_a_crash(tmp_path):
    bad = tmp_path / "坏.csv"
    bad.write_text("序号,类别,名称\n1,国家标准,花椒\n", encoding="utf-8")
    status, doc = as_json(str(bad))
    assert ("missing-column", 1, None) in set(found(doc))
    assert status == 1
    # a path that is not there is a run that could not happen: exit 2, not a finding
    from typer.testing import CliRunner

    from stdcheck.cli import app

    missing = CliRunner().invoke(app, ["validate", str(bad), str(tmp_path / "nowhere.csv"),
                                       "--lang", "en"])
    assert missing.exit_code == 2 and "nowhere.csv" in missing.output



def test_json_lists_each_ledger_read_with_its_rows_as_status_counts_them(tmp_path):
    good = ledger(tmp_path, GOOD, "2,国家标准,藤椒,,区农业农村委,8,已发布,2024-13-05,")
    bad = tmp_path / "坏.csv"
    bad.write_text("序号,类别,名称\n1,国家标准,花椒\n", encoding="utf-8")
    _, doc = as_json(str(good), str(bad))
    read = {Path(x["source"]).name: x for x in doc["ledgers"]}
    assert (read["台账.csv"]["rows"], read["台账.csv"]["used"], read["台账.csv"]["counted"]) \
        == (2, 1, 1)
    assert read["台账.csv"]["readable"] and not read["坏.csv"]["readable"]
    status = json.loads(CliRunner().invoke(app, ["status", str(good), "--format", "json",
                                                 "--as-of", "2026-11-28"]).stdout)
    assert status["files"][0] == read["台账.csv"]

# --- policy YAML ------------------------------------------------------------------------------

TASKS_FOUR_MISTAKES = """\
sections:
  - number: 1
    title: {zh: 一, en: One}
    title: {zh: 二, en: Two}
tasks:
  - number: 010
    section: 1
    titel: {zh: 任务, en: Task}
    summary: {zh: 概述, en: Summary}
    departments: 区科技局
"""


def test_every_mistake_of_a_single_yaml_file_in_one_run(tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text(TASKS_FOUR_MISTAKES, encoding="utf-8")
    status, doc = as_json(str(path))
    got = {(f["code"], f["line"], f["column"]) for f in doc["findings"]}
    assert ("duplicate-key", 4, 5) in got
    assert ("yaml-value", 6, 13) in got
    assert ("unknown-key", 8, 12) in got  # at the value, as policy.check locates it
    assert ("wrong-type", 10, 18) in got
    assert doc["files"][0]["kind"] == "tasks.yaml"
    assert status == 1


YAML_CASES = [
    # (file, text, code, line, column)
    ("targets.yaml", "id: x\ntitle: {zh: a, en: b\n", "yaml-syntax", 3, 1),
    ("departments.yaml", "departments:\n  - id: a\n    name: 区科技局\n    full_name: 科技局\n"
     "    en: S\n    aliases: []\n    nme: x\n", "unknown-key", 7, 10),
    ("departments.yaml", "departments:\n  - id: a\n    full_name: 科技局\n    en: S\n",
     "missing-key", 2, 5),
    ("departments.yaml", "departments:\n  - id: Bad_Id\n    name: 区科技局\n    full_name: 科技局\n"
     "    en: S\n", "invalid-value", 2, 9),
]


@pytest.mark.parametrize(("name", "text", "code", "line", "column"), YAML_CASES,
                         ids=[c[2] for c in YAML_CASES])
def test_each_yaml_finding_is_located(tmp_path, name, text, code, line, column):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status, doc = as_json(str(path))
    assert (code, line, column) in found(doc), doc["findings"]
    assert status == 1


def test_a_policy_folder_is_cross_checked(tmp_path):
    folder = tmp_path / "policy"
    shutil.copytree(ROOT / "data", folder)
    tasks = folder / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(text.replace("departments: [区科技局, 江津区市场监管局]",
                                  "departments: [区科枝局, 江津区市场监管局]", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(tasks.read_text(encoding="utf-8").splitlines(), 1)
                if "区科枝局" in t)
    status, doc = as_json(str(folder))
    assert [(f["code"], f["line"]) for f in doc["findings"]] == [("unknown-reference", line)]
    assert doc["findings"][0]["source"].endswith("tasks.yaml")
    assert status == 1
    # the three files given one by one (as pre-commit passes them) are the same policy
    status, doc = as_json(*(str(folder / n) for n in ("targets.yaml", "tasks.yaml",
                                                      "departments.yaml")))
    assert [f["code"] for f in doc["findings"]] == ["unknown-reference"]


def test_a_linked_policy_folder_is_checked_as_policy(tmp_path):
    """Folders are walked as the ledger walk does, linked ones too: a policy folder linked
    into the repository is checked as policy, not passed over as files that are no ledgers."""
    shared = tmp_path / "shared"
    shutil.copytree(ROOT / "data", shared)
    _break(shared / "tasks.yaml", "区司法局", "区司法所")
    repo = tmp_path / "repo"
    repo.mkdir()
    try:
        (repo / "policy").symlink_to(shared, target_is_directory=True)
    except (OSError, NotImplementedError) as e:  # Windows without the privilege
        pytest.skip(f"symlinks cannot be made here: {e}")
    status, doc = as_json(str(repo))
    assert status == 1
    assert [f["kind"] for f in doc["files"]] == ["targets.yaml", "tasks.yaml",
                                                 "departments.yaml"]
    assert {f["code"] for f in doc["findings"]} == {"unknown-reference"}


def test_yaml_that_is_not_policy_data_is_passed_over(tmp_path):
    workflow = tmp_path / "ci.yml"
    workflow.write_text("name: CI\non: push\njobs: {}\n", encoding="utf-8")
    status, doc = as_json(str(workflow), str(ROOT / "data"))
    assert status == 0 and doc["findings"] == []
    # a policy folder is checked, and listed, file by file
    assert [f["kind"] for f in doc["files"]] == ["skipped", "targets.yaml", "tasks.yaml",
                                                 "departments.yaml"]
    assert doc["summary"]["files"] == 3


def test_a_yaml_file_not_checked_is_named_with_the_reason_in_every_report(tmp_path):
    """Nothing given is passed over in silence: text, the GitHub step summary and JSON name
    each YAML file not checked, and say why (another YAML, unparsable, not UTF-8)."""
    (tmp_path / "ci.yml").write_text("name: CI\non: push\njobs: {}\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("targets:\n  - id: x\n    &a [*a]\n", encoding="utf-8")
    (tmp_path / "old.yaml").write_bytes("说明: 旧数据\n".encode("gbk"))
    files = [str(tmp_path / n) for n in ("ci.yml", "notes.yaml", "old.yaml")]
    result = run(*files)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith(files[0] + ": not checked: a YAML file that is not policy data")
               for line in lines), result.output
    assert any(line.startswith(files[1] + ": not checked: the YAML cannot be parsed (line")
               for line in lines), result.output
    assert any(line.startswith(files[2] + ": not checked: it cannot be read as UTF-8")
               for line in lines), result.output
    assert lines[-1] == "0 files checked (3 not checked): 0 errors, 0 warnings; passed"
    zh = CliRunner().invoke(app, ["validate", "--lang", "zh", *files], env={"GITHUB_ACTIONS": ""})
    assert zh.output.count("未检查：") == 3 and "not checked" not in zh.output
    assert zh.output.splitlines()[-1].startswith("检查了 0 个文件（3 个未检查）")
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    run("--format", "github", *files, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8").count("not checked") == 3
    _, doc = as_json(*files)
    assert [f["kind"] for f in doc["files"]] == ["skipped"] * 3
    assert all(f["note"]["en"].startswith("not checked") for f in doc["files"])


def test_the_shipped_data_and_example_are_clean():
    result = run(str(ROOT / "data"), str(ROOT / "examples" / "ledger.csv"),
                 "--ignore", "duplicate-entry")
    assert result.exit_code == 0, result.output
    assert "passed" in result.stdout


# --- what fails ---------------------------------------------------------------------------------

def test_strict_select_and_ignore(tmp_path):
    path = ledger(tmp_path, "1,国家标准,花椒,GB/T 30391-2024,区科枝局,8,已发布,2024-03-05,",
                  "2,标准,花椒油,,区科技局,1,已发布,2024-01-05,")
    assert run(str(path)).exit_code == 1  # unknown-kind is an error
    assert run("--ignore", "unknown-kind", str(path)).exit_code == 0  # a warning is left
    assert run("--ignore", "unknown-kind", "--strict", str(path)).exit_code == 1
    assert run("--ignore", "unknown-kind,unknown-department", "--strict", str(path)).exit_code == 0
    status, doc = as_json("--select", "unknown-department", "--select", "blank-row", str(path))
    assert [f["code"] for f in doc["findings"]] == ["unknown-department"]
    assert doc["summary"]["deselected"] == 1 and status == 0


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_code_is_a_usage_error(tmp_path, option):
    result = run(option, "unknown-knid", str(ledger(tmp_path, GOOD)))
    assert result.exit_code == 2
    assert "unknown-kind" in result.output  # the suggestion
    assert "Traceback" not in result.output


def test_baseline_fails_only_on_new_findings_even_when_rows_moved(tmp_path):
    old = "5,标准,花椒油,,区科技局,1,已发布,2024-01-05,"
    path = ledger(tmp_path, GOOD, old)
    first = run("--format", "json", str(path))
    assert first.exit_code == 1
    base = tmp_path / "baseline.json"
    base.write_text(first.stdout, encoding="utf-8")
    assert run("--baseline", str(base), str(path)).exit_code == 0
    # rows added above: the old finding is on another line and still accepted
    ledger(tmp_path, GOOD, "2,国家标准,花椒粉,GB/T 2-2024,区科技局,1,已发布,2024-01-05,", old)
    status, doc = as_json("--baseline", str(base), str(path))
    assert status == 0 and doc["summary"]["baselined"] == 1 and doc["findings"] == []
    # a new finding fails, the old one still does not
    ledger(tmp_path, "9,国家标准,花椒,GB/T 30391-2024,区农业农村委,8,差不多了,2024-03-05,",
           GOOD, old)
    status, doc = as_json("--baseline", str(base), str(path))
    assert status == 1
    assert [(f["code"], f["line"]) for f in doc["findings"]] == [("unknown-status", 2)]
    # the same finding twice: the baseline accepts it once
    ledger(tmp_path, old, old)
    assert run("--baseline", str(base), str(path)).exit_code == 1


def test_a_baseline_that_is_no_validate_output_exits_2(tmp_path):
    base = tmp_path / "b.json"
    base.write_text('{"schema_version": 2}', encoding="utf-8")
    result = run("--baseline", str(base), str(ledger(tmp_path, GOOD)))
    assert result.exit_code == 2 and "--baseline" in result.output


def test_max_problems_caps_the_list_not_the_verdict(tmp_path):
    rows = [f"{i},标准,花椒{i},,区科技局,1,已发布,2024-01-05," for i in range(1, 6)]
    path = ledger(tmp_path, *rows)
    status, doc = as_json("--max-problems", "2", str(path))
    assert len(doc["findings"]) == 2 and doc["summary"]["not_listed"] == 3
    assert doc["summary"]["errors"] == 5 and status == 1
    text = run("--max-problems", "2", str(path)).stdout
    assert "3 more not listed" in text


def test_cell_values_stay_out_of_messages_unless_asked(tmp_path):
    path = ledger(tmp_path, "1,国家标准,花椒,GB/T 30391-2024,王小明的单位,8,已发布,2024-03-05,")
    assert "王小明" not in run(str(path)).stdout
    assert "王小明" in run("--show-values", str(path)).stdout


# --- formats ------------------------------------------------------------------------------------

def test_text_is_grouped_by_file_with_compiler_style_lines(tmp_path):
    path = ledger(tmp_path, "1,标准,花椒,,区农业农村委,8,已发布,2024-03-05,")
    out = run(str(path)).stdout.splitlines()
    assert out[0] == str(path)
    assert re.fullmatch(re.escape(str(path)) + r":2:2: error \[unknown-kind\] .+", out[1])


_COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::(.*)$")


def _unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def test_github_annotations_parse_and_escape(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = ledger(tmp_path, "1,国家标准,花椒,GB/T 30391-2024,区科枝局,8,已发布,2024-03-05,",
                  name="a,b:100%.csv")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    # chosen by GITHUB_ACTIONS without --format
    result = run(path.name, "--show-values",
                 env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    lines = result.stdout.splitlines()
    assert lines, result.output
    m = _COMMAND.match(lines[0])
    assert m, lines[0]
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    assert m.group(1) == "warning"
    assert _unescape(props["file"]) == "a,b:100%.csv"
    assert props["line"] == "2" and props["col"] == "5"
    assert _unescape(props["title"]).startswith("unknown-department: ")
    assert "区科枝局" in _unescape(m.group(3))
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("earlier step\n")  # appended
    assert "| warning | `a,b:100%.csv:2:5` | `unknown-department` |" in md


def test_github_escapes_newlines_and_percent():
    from stdcheck.render.github import escape_data, escape_property

    assert escape_data("50%\nnext\rlast") == "50%25%0Anext%0Alast"
    assert escape_data("\x1b[31mred") == "␛[31mred"  # an escape sequence shown, not obeyed
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_sarif_validates_against_the_schema_and_carries_the_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sub = tmp_path / "ledgers"
    sub.mkdir()
    ledger(sub, "1,标准,花椒,,区科枝局,8,已发布,2024-03-05,")
    (tmp_path / "tasks.yaml").write_text(TASKS_FOUR_MISTAKES, encoding="utf-8")
    result = run("--format", "sarif", "ledgers", "tasks.yaml")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    run_ = doc["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    kind = rules[list(CODES).index("unknown-kind")]
    assert kind["shortDescription"]["text"] == CODES["unknown-kind"].title.en
    assert kind["defaultConfiguration"]["level"] == "error"
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"])
               for r in run_["results"]}
    assert ("unknown-kind", "ledgers/%E5%8F%B0%E8%B4%A6.csv", 2) in results
    assert ("unknown-key", "tasks.yaml", 8) in results
    assert all(r["level"] in ("error", "warning", "note") for r in run_["results"])


def test_json_is_the_report_and_outputs_go_to_a_file(tmp_path):
    path = ledger(tmp_path, GOOD)
    out = tmp_path / "report.sarif"
    result = run("--format", "sarif", "--output", str(out), str(path))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    status, doc = as_json(str(path))
    assert status == 0
    assert doc["kind"] == "validation" and doc["schema_version"] == 2 and doc["fails"] is False


def test_validate_formats_are_registered():
    from stdcheck.cli import ValidateFormat
    from stdcheck.render import Format

    assert {f.value for f in ValidateFormat} <= {f.value for f in Format}


def _second_reading(path):
    """Each line of a CSV ledger -> the fingerprint of the record starting there, read by the
    test itself (a record over two lines is one row)."""
    import csv

    from stdcheck.validation import row_fingerprint

    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        rdr = csv.reader(f)
        last = 0
        for row in rdr:
            out[last + 1] = row_fingerprint(row)
            last = rdr.line_num
    return out


def _rows_written(tmp_path):
    rows = [case[0].replace("1,", f"{n},", 1) for n, case in enumerate(LEDGER_CASES, 1)]
    path = tmp_path / "台账.csv"
    text = HEADER.replace("完成时限", "完成时限,任务") + "".join(r + ",\n" for r in rows[:3])
    text += ",,,,,,,,,\n" + '99,国家标准,"花椒\n二行",GB/T 2-2024,区科枝局,8,已发布,2024-03-05,,\n'
    path.write_text(text + "".join(r + ",\n" for r in rows[3:]), encoding="utf-8")
    return path


def test_row_fingerprints_are_the_rows_content(tmp_path):
    """Each finding's fingerprint is its row's content, taken from the reader while it stands
    on the row (the header's for a header finding, an empty row's for a blank row): what a
    second reading of the file would give, without one."""
    from stdcheck.validation import row_fingerprint

    path = _rows_written(tmp_path)
    status, doc = as_json(str(path))
    assert status == 1  # errors among them
    codes = {f["code"] for f in doc["findings"]}
    assert {case[1] for case in LEDGER_CASES} | {"blank-row", "duplicate-column"} <= codes
    again = _second_reading(path)
    for f in doc["findings"]:
        expected = row_fingerprint(()) if f["code"] == "blank-row" else again[f["line"]]
        assert f["fingerprint"] == expected, f


def test_validate_reads_each_ledger_once(tmp_path, monkeypatch):
    """One opening of the file for everything: its encoding, header, rows and fingerprints."""
    import builtins
    import io

    path = _rows_written(tmp_path)
    opened = []
    real = builtins.open

    def counting(file, *args, **kw):
        if Path(str(file)).resolve() == path.resolve():
            opened.append(args)
        return real(file, *args, **kw)

    monkeypatch.setattr(builtins, "open", counting)
    monkeypatch.setattr(io, "open", counting)
    status, doc = as_json(str(path))
    assert status == 1 and len(doc["findings"]) > 10
    assert len(opened) == 1, opened


def test_a_file_that_breaks_part_way_has_the_files_fingerprint(tmp_path):
    """A stray quote swallowing the rows below it stops the reading: its finding is about the
    file, fingerprinted as a file finding (the file is not read again to hash a row)."""
    from stdcheck.validation import file_fingerprint

    path = ledger(tmp_path, GOOD, '2,国家标准,"花椒,GB/T 6-2024,区农业农村委,8,已发布,2024-03-05,',
                  *[GOOD.replace("1,", f"{n},", 1) for n in range(3, 8)])
    status, doc = as_json(str(path))
    assert status == 1
    (f,) = doc["findings"]
    assert (f["code"], f["line"]) == ("bad-csv", 3)
    from stdcheck.findings import Finding

    assert f["fingerprint"] == file_fingerprint(Finding.model_validate(
        {k: v for k, v in f.items() if k in Finding.model_fields}))


# --- the guard checks what it is given, with what it belongs to -------------------------------


def _policy_copy(tmp_path, name="policy"):
    folder = tmp_path / name
    shutil.copytree(ROOT / "data", folder)
    return folder


def _break(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_policy_file_given_alone_is_checked_with_its_siblings(tmp_path):
    folder = _policy_copy(tmp_path)
    _break(folder / "tasks.yaml", "区司法局", "区司法所")
    status, doc = as_json(str(folder / "tasks.yaml"))
    assert status == 1
    assert {f["code"] for f in doc["findings"]} == {"unknown-reference"}
    assert all("区司法所" in f["message"]["en"] for f in doc["findings"])
    (given,) = [f for f in doc["files"] if f["note"]]
    assert given["kind"] == "tasks.yaml"
    assert given["note"]["en"] == "checked with targets.yaml and departments.yaml beside it"
    result = run(str(folder / "tasks.yaml"))
    assert "checked with targets.yaml and departments.yaml beside it" in result.output


def test_a_policy_file_without_siblings_is_checked_against_the_embedded_policy(tmp_path):
    folder = tmp_path / "alone"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "tasks.yaml", folder / "tasks.yaml")
    _break(folder / "tasks.yaml", "区司法局", "区司法所")
    status, doc = as_json(str(folder / "tasks.yaml"))
    assert status == 1 and {f["code"] for f in doc["findings"]} == {"unknown-reference"}
    (given,) = doc["files"]
    assert given["note"]["en"].startswith("no targets.yaml or departments.yaml beside it: "
                                          "cross-checked against the embedded policy's")
    assert doc["summary"]["files"] == 1
    # the same file, untouched, passes with the same note
    shutil.copy(ROOT / "data" / "tasks.yaml", folder / "tasks.yaml")
    status, doc = as_json(str(folder / "tasks.yaml"))
    assert status == 0 and doc["files"][0]["note"] is not None


def test_one_run_gives_every_finding_of_every_file(tmp_path):
    folder = _policy_copy(tmp_path)
    _break(folder / "targets.yaml", "value: 50", "value: fifty")
    _break(folder / "tasks.yaml", "区司法局", "区司法所")
    status, doc = as_json(str(folder))
    codes = [(Path(f["source"]).name, f["code"]) for f in doc["findings"]]
    assert ("targets.yaml", "wrong-type") in codes
    assert ("tasks.yaml", "unknown-reference") in codes  # cross-checked though targets broke
    assert status == 1


def test_a_partial_policy_folder_says_what_is_missing(tmp_path):
    folder = tmp_path / "part"
    folder.mkdir()
    for name in ("targets.yaml", "tasks.yaml"):
        shutil.copy(ROOT / "data" / name, folder / name)
    result = run(str(folder))
    assert result.exit_code == 1
    assert "departments.yaml: error [no-such-file] is missing" in result.output
    # where to copy it from: an installed copy has no data/ folder of its own
    embedded = policy._embedded_dir()
    assert (Path(str(embedded)) / "departments.yaml").is_file()
    assert f"as a start: {embedded})" in result.output.replace("\n", "")
    assert "without ledger files" not in result.output and "not a ledger" not in result.output
    assert result.output.splitlines()[-1].startswith("2 files checked: 1 error, 0 warnings")


def test_ledgers_in_a_policy_folder_are_checked_against_that_policy(tmp_path):
    other = ROOT / "examples" / "other-policy"
    status, doc = as_json(str(ROOT / "examples"))
    assert status == 0
    assert not any(f["code"] == "unknown-department" for f in doc["findings"]), doc["findings"]
    kinds = {Path(f["source"]).relative_to(ROOT).as_posix(): f["kind"] for f in doc["files"]}
    assert kinds["examples/other-policy/ledger.csv"] == "ledger"
    assert kinds["examples/other-policy/tasks.yaml"] == "tasks.yaml"
    assert kinds["examples/ledger.csv"] == "ledger"
    assert doc["summary"]["files"] == 5  # two ledgers and the three policy files
    # the policy folder given itself: its ledger is named and checked, not passed over
    status, doc = as_json(str(other))
    assert status == 0
    assert any(f["source"].endswith("ledger.csv") and f["kind"] == "ledger" for f in doc["files"])
    assert not any(f["code"] == "unknown-department" for f in doc["findings"])


def test_validate_says_what_normalising_changed_when_asked(tmp_path):
    ledger = tmp_path / "a.csv"
    ledger.write_text("类别,名称,标准编号,责任单位,任务,状态,完成日期\n"
                      "国家标准,甲,GBT 1234-2024,区科技局,1,已发布,2024-03-01\n",
                      encoding="utf-8")
    status, doc = as_json(str(ledger), "--show-normalised", "--show-values")
    (info,) = [f for f in doc["findings"] if f["code"] == "code-normalised"]
    assert "GB/T 1234-2024" in info["message"]["en"] and info["severity"] == "info"
    assert status == 0  # nothing to fix
    status, doc = as_json(str(ledger))
    assert not any(f["code"] == "code-normalised" for f in doc["findings"])


def test_the_count_line_says_each_number_in_its_own_words(tmp_path):
    path = ledger(tmp_path, "1,标准,花椒,,区科枝局,8,已发布,2024-03-05,")
    result = run(str(path))
    assert result.output.splitlines()[-1] == "1 file checked: 1 error, 1 warning; failed"
    zh = CliRunner().invoke(app, ["validate", "--lang", "zh", str(path)],
                            env={"GITHUB_ACTIONS": ""})
    assert zh.output.splitlines()[-1] == "检查了 1 个文件：1 个错误，1 个提示；不通过"
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    run("--format", "github", str(path), env={"GITHUB_STEP_SUMMARY": str(summary)})
    head = summary.read_text(encoding="utf-8").splitlines()
    assert head[:3] == ["### stdcheck validate: failed", "", "1 file checked: 1 error, 1 warning"]


def test_a_wrong_type_in_tasks_yaml_does_not_hide_a_misspelt_department(tmp_path):
    """One pass says everything: task 2's section written as a word, task 1's department
    misspelt; CI fixes both at once instead of learning of the second after the first."""
    folder = _policy_copy(tmp_path)
    tasks = folder / "tasks.yaml"
    _break(tasks, "departments: [区科技局, 区经济信息委, 江津区市场监管局]",
           "departments: [区宇航局, 区经济信息委, 江津区市场监管局]")
    _break(tasks, "  - number: 2\n    section: 1\n", "  - number: 2\n    section: one\n")
    result = run(str(folder), "--lang", "en")
    assert result.exit_code == 1
    codes = re.findall(r"tasks\.yaml:\d+:\d+: error \[([a-z-]+)\]", result.output)
    assert set(codes) == {"unknown-reference", "wrong-type"}, result.output
    assert "department `区宇航局` is not in the registry" in result.output
    # the section written as a word is said once, as its type: not again as "section None"
    references = [line for line in result.output.splitlines() if "[unknown-reference]" in line]
    assert references and all("department `区宇航局`" in line for line in references)


def test_a_wrong_value_shared_through_an_anchor_is_one_error(tmp_path):
    folder = _policy_copy(tmp_path)
    _break(folder / "targets.yaml", "      end: 2025-12-31\n", "      end: 2022-12-31\n")
    result = run(str(folder), "--lang", "en")
    assert result.exit_code == 1
    assert result.output.count("window ends (2022-12-31)") == 1, result.output
    assert "1 error," in result.output.splitlines()[-1]


def test_sheets_not_read_are_named_by_sheet_and_not_counted_as_files(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年"
    ws.append(["序号", "类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"])
    ws.append(["1", "地方标准", "甲", "DB50/T 1601-2025", "区科技局", "1", "已发布", "2025-03-01"])
    wb.create_sheet("旧数据").sheet_state = "hidden"
    wb.create_sheet("填表说明").append(["请按下表填写"])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    result = run(str(path), "--lang", "en")
    assert f"{path}[旧数据]: hidden" in result.output
    assert f"{path}[填表说明]: no ledger header" in result.output
    assert result.output.splitlines()[-1].startswith("1 file checked (2 sheets not read): ")


def test_a_row_with_only_its_number_is_a_blank_row_and_said_so(tmp_path, monkeypatch):
    path = ledger(tmp_path, GOOD, "2,,,,,,,,", "3,国家标准,花椒油,GB/T 1-2024,区科技局,1,已发布,2024-01-05,")
    status, doc = as_json(str(path))
    assert found(doc) == [("blank-row", 3, None)]
    assert "row 3 is blank (a 序号 alone is no data)" in doc["findings"][0]["message"]["en"]
    assert "只填了序号也算空行" in doc["findings"][0]["message"]["zh"]
    line = run("--lang", "en", str(path)).output
    assert status == 0 and "1 file checked" in line
    monkeypatch.chdir(path.parent)
    table = CliRunner().invoke(app, ["status", path.name, "--as-of", "2025-01-01", "--lang", "en"],
                               env={"COLUMNS": "200"})  # run in the folder: a short path
    assert "1 not data (blank rows, totals, headings)" in table.output
