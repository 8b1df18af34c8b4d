"""`stdcheck status` end to end: files in, numbers, JSON keys, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.evaluate import check

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
runner = CliRunner()

HEADER = "序号,完成日期,类别,名称,标准编号,责任单位,对应任务,状态,完成时限,备注\n"


def run(*args: str, env=None):
    return runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


def status_json(*args: str) -> dict:
    result = run("status", *args, "--format", "json", "--as-of", "2026-11-28")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def write(path: Path, body: str, encoding: str = "utf-8") -> Path:
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def test_example_ledger_out_of_the_box():
    result = run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Counted targets" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour codes


def test_json_has_the_documented_keys():
    doc = status_json(str(EXAMPLE))
    assert doc["as_of"] == "2026-11-28"
    for t in doc["targets"]:
        assert {"id", "required", "achieved", "gap", "expected_by_now", "state", "light",
                "late"} <= set(t)
    for t in doc["tasks"]:
        assert {"number", "departments", "silent_departments", "entries", "overdue",
                "light"} <= set(t)
    for item in doc["overdue"]:
        assert {"source", "row", "title", "department", "due", "days_overdue"} <= set(item)
    assert "due_soon" in doc
    for p in doc["findings"]:
        assert {"source", "line", "column", "field", "code", "severity", "message"} <= set(p)
        assert set(p["message"]) == {"zh", "en"}
    assert doc["schema_version"] == 2 and doc["policy"]["title"]["zh"]
    assert doc["summary"]["targets_total"] == len(doc["targets"])


def test_cli_json_equals_the_library_result():
    doc = status_json(str(EXAMPLE))
    import datetime as dt

    lib = check([EXAMPLE], as_of=dt.date(2026, 11, 28))
    assert doc == json.loads(lib.model_dump_json())
    # the same through the package's face, with the policy loaded by the caller
    import stdcheck

    again = stdcheck.check([str(EXAMPLE)], stdcheck.load_policy(), dt.date(2026, 11, 28))
    assert again == lib


def test_example_numbers():
    doc = status_json(str(EXAMPLE))
    targets = {t["id"]: t for t in doc["targets"]}
    # counted by hand from examples/ledger.csv (the duplicate GB/T 44019-2024 counts once)
    assert targets["standards-participated"]["achieved"] == 9
    assert targets["local-standards"]["achieved"] == 3
    assert targets["local-standards"]["state"] == "met"
    assert targets["enterprise-standards"]["achieved"] == 12
    assert targets["enterprise-standards"]["state"] == "overdue"
    assert targets["enterprise-standards"]["light"] == "red"
    assert targets["pilot-projects"]["state"] == "met_late"
    assert [p["code"] for p in doc["findings"]].count("duplicate-entry") == 1
    assert len(doc["overdue"]) == 3 and len(doc["due_soon"]) == 1
    assert doc["due_soon"][0]["days_left"] == 12


def test_duplicates_across_two_files(tmp_path):
    a = write(tmp_path / "农委.csv", "1,2024-05-28,国家标准,富硒农产品,GB/T 44019-2024,区农委,8,已发布,,\n")
    b = write(tmp_path / "市监局.csv", "1,2024-05-28,国家标准,富硒农产品 硒含量要求,"
              "GB/T 44019—2024,区市监局,8,已发布,,\n", encoding="gb18030")
    doc = status_json(str(a), str(b))
    assert doc["targets"][0]["achieved"] == 1
    (dup,) = doc["duplicates"]
    assert dup["first"] == {"source": str(a), "sheet": None, "row": 2}
    assert dup["again"] == {"source": str(b), "sheet": None, "row": 2}
    assert doc["tasks"][7]["reporting_departments"] == ["区农业农村委", "江津区市场监管局"]
    (p,) = [p for p in doc["findings"] if p["code"] == "duplicate-entry"]
    # named as the file names the column, like the reader's own problems
    assert (p["source"], p["line"], p["field"], p["counts"]) == (str(b), 2, "标准编号", False)
    assert p["column"] == 5  # 标准编号 is the fifth column
    assert f"{a} row 2" in p["message"]["en"]


def test_directory_of_ledgers(tmp_path):
    write(tmp_path / "a.csv", "1,2024-01-02,地方标准,甲,DB50/T 1-2024,区科技局,1,已发布,,\n")
    write(tmp_path / "b.csv", "1,2024-01-03,地方标准,乙,DB50/T 2-2024,区科技局,1,已发布,,\n")
    doc = status_json(str(tmp_path))
    assert doc["targets"][1]["achieved"] == 2
    assert len(doc["files"]) == 2


def test_unreadable_file_stops_with_exit_2(tmp_path):
    good = write(tmp_path / "good.csv", "1,2024-01-02,地方标准,甲,DB50/T 1-2024,区科技局,1,已发布,,\n")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("this is not a workbook", encoding="utf-8")
    result = run("status", str(good), str(bad), "--as-of", "2026-11-28")
    assert result.exit_code == 2
    assert "bad.xlsx" in result.output and "Traceback" not in result.output


def test_keep_going_reports_the_file_and_counts_the_rest(tmp_path):
    good = write(tmp_path / "good.csv", "1,2024-01-02,地方标准,甲,DB50/T 1-2024,区科技局,1,已发布,,\n")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("this is not a workbook", encoding="utf-8")
    doc = status_json(str(good), str(bad), "--keep-going")
    assert doc["targets"][1]["achieved"] == 1
    (p,) = [p for p in doc["findings"] if p["source"] == str(bad)]
    assert p["code"] == "wrong-format" and p["severity"] == "error"
    assert [f["readable"] for f in doc["files"]] == [True, False]


def test_missing_file_exits_2(tmp_path):
    result = run("status", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2 and "nope.csv" in result.output


@pytest.mark.parametrize("flag,expected", [("gap", 1), ("overdue", 1), ("problems", 1)])
def test_fail_on(flag, expected):
    result = run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--fail-on", flag)
    assert result.exit_code == expected


def test_fail_on_passes_when_clean(tmp_path):
    f = write(tmp_path / "a.csv", "1,2024-01-02,地方标准,甲,DB50/T 1-2024,区科技局,1,已发布,,\n")
    result = run("status", str(f), "--as-of", "2026-11-28", "--fail-on", "overdue",
                 "--fail-on", "problems")
    assert result.exit_code == 0, result.output
    assert run("status", str(f), "--as-of", "2026-11-28", "--fail-on", "gap").exit_code == 1


def test_output_file_is_written(tmp_path):
    out = tmp_path / "report.json"
    result = run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json",
                 "--output", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["as_of"] == "2026-11-28"
    text = tmp_path / "report.txt"
    assert run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--output", str(text),
               "--lang", "zh").exit_code == 0
    assert "量化目标" in text.read_text(encoding="utf-8")


def test_output_into_missing_folder_exits_2(tmp_path):
    result = run("status", str(EXAMPLE), "--output", str(tmp_path / "no" / "r.json"))
    assert result.exit_code == 2 and "cannot write" in result.output


def test_output_never_overwrites_a_ledger(tmp_path):
    ledger = write(tmp_path / "a.csv", "1,2024-01-02,地方标准,甲,DB50/T 1-2024,区科技局,1,已发布,,\n")
    before = ledger.read_bytes()
    result = run("status", str(tmp_path), "--output", str(ledger))
    assert result.exit_code == 2 and "never overwritten" in result.output
    assert ledger.read_bytes() == before


def test_output_with_keep_going_and_a_missing_path(tmp_path):
    good = write(tmp_path / "a.csv", "1,2024-01-02,地方标准,甲,DB50/T 1-2024,区科技局,1,已发布,,\n")
    out = tmp_path / "report.json"
    result = run("status", str(good), str(tmp_path / "missing.csv"), "--keep-going",
                 "--format", "json", "--output", str(out), "--as-of", "2026-11-28")
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["targets"][1]["achieved"] == 1
    assert [p["code"] for p in doc["findings"]] == ["no-such-file"]


def test_bad_options_exit_2():
    assert run("status", str(EXAMPLE), "--as-of", "2026-13-01").exit_code == 2
    assert run("status", str(EXAMPLE), "--encoding", "klingon").exit_code == 2
    assert run("status", str(EXAMPLE), "--format", "pdf").exit_code == 2


def test_markup_in_data_is_printed_as_written(tmp_path):
    f = write(tmp_path / "a.csv",
              "1,2024-01-02,地方标准,[bold red]甲[/],DB50/T 1-2024,区科技局,1,计划,2024-02-01,\n")
    result = run("status", str(f), "--as-of", "2026-11-28")
    assert "[bold red]甲[/]" in result.output


def test_terminal_view_in_english_and_chinese():
    zh = run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--lang", "zh")
    en = run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--lang", "en")
    assert "逾期事项" in zh.output and "红灯" in zh.output
    assert "Overdue items" in en.output and "red" in en.output


MESSY = (
    "江津区2024年标准化工作台账,,,,,,,,\n"
    "序号,完成时间,标准类别,标准名称,标准编号,牵头单位,对应任务,完成情况,名称\n"
    "1,2024/3/5,地方标准,花椒烘干技术规程,DB50/T 1500-2024,区科技委,3,已发布,\n"  # unknown dept
    "2,2024年13月1日,团体标准,富硒大米,T/CQSE 001-2024,区农委,8,已发布,\n"  # bad-date
    "3,2024.6.1,企业标准,某某产品,Q/JJ 001-2024,區市場監管局,14,搞定了,\n"  # unknown-status
    "4,2024-07,国标品种,某国标,GB/T 12345-2024,区经信委,3,已发布,\n"  # unknown-kind
    "5,2024-07-01,行业标准,某行标,DB50/T 1-2024,区经信委,23,已发布,\n"  # unknown-task, mismatch
    "6,,企业标准,某某产品2,Q/JJ 002-2024,区市监局,14,已公开,\n"  # missing-date
    "7,2027-01-01,企业标准,未来产品,Q/JJ 003-2024,区市监局,14,已公开,\n"  # future-date
    "8,2022-05-01,企业标准,旧产品,Q/JJ 004-2024,区市监局,14,已公开,\n"  # outside-window
    "9,2024-05-01,企业标准,,Q/JJ 005-2024,区市监局,14,已公开,\n"  # missing-value
    "10,2024-06-01,地方标准,花椒烘干技术规程,DB50/T 1500—2024,区科技局,3,已发布,\n"  # duplicate
    "合计,,,,,,,,\n"
)


def test_every_problem_speaks_both_languages(tmp_path, monkeypatch):
    # named by a short relative path and shown wide, so nothing here depends on how long the
    # temporary folder's path is or where the terminal would wrap it
    monkeypatch.chdir(tmp_path)
    ledger = Path("台账.csv")
    ledger.write_bytes(MESSY.encode("gbk"))
    doc = status_json(str(ledger), str(tmp_path / "missing.xlsx"), "--keep-going")
    codes = {p["code"] for p in doc["findings"]}
    assert codes >= {"unknown-department", "bad-date", "unknown-status", "unknown-kind",
                     "unknown-task", "code-kind-conflict", "missing-date", "future-date",
                     "outside-window", "missing-value", "duplicate-entry", "duplicate-column",
                     "no-such-file"}
    for p in doc["findings"]:
        assert re.search(r"\b(the|not|it|is)\b", p["message"]["en"]), p  # English
        assert any("\u4e00" <= ch <= "\u9fff" for ch in p["message"]["zh"]), p
        assert p["message"]["zh"] != p["message"]["en"], p
    zh = run("status", str(ledger), "--as-of", "2026-11-28", "--lang", "zh",
             env={"COLUMNS": "1000"})
    assert "既不是实施意见中的部门" in zh.output and "不是真实存在的日期" in zh.output
    # no space left between Chinese and numbers in the terminal, where rich would wrap there
    assert "第3行报送，只计一次" in zh.output
    en = run("status", str(ledger), "--as-of", "2026-11-28", "--lang", "en")
    assert "is neither a department of the opinion" in en.output


def test_unreadable_file_message_follows_lang(tmp_path):
    missing = str(tmp_path / "没有.csv")
    zh = run("status", missing, "--lang", "zh")
    assert zh.exit_code == 2 and "文件或文件夹不存在" in zh.output
    en = run("--lang", "en", "status", missing)
    assert en.exit_code == 2 and "no such file or folder" in en.output
    text_as_xlsx = tmp_path / "台账.xlsx"
    text_as_xlsx.write_text("序号,类别\n1,地方标准\n", encoding="utf-8")
    zh = run("status", str(text_as_xlsx), "--lang", "zh")
    assert zh.exit_code == 2 and "不是 .xlsx 工作簿" in zh.output and "另存为" in zh.output
    gbk = tmp_path / "乱码.csv"
    gbk.write_bytes(HEADER.encode("utf-8") + "1,2024-01-02,地方标准,甲".encode("gbk") + b"\n")
    zh = run("status", str(gbk), "--lang", "zh", "--encoding", "utf-8")
    assert zh.exit_code == 2 and "第 2 行" in zh.output and "不是有效的 utf-8 编码" in zh.output


def _example_rows() -> list[list[str]]:
    import csv

    with open(EXAMPLE, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _as_date_cells(rows: list[list[str]]) -> list[list]:
    """Rows with ISO date text turned into real date cells, as a spreadsheet holds them."""
    import datetime as dt

    def cell(v: str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return v
    return [rows[0], *([cell(v) for v in r] for r in rows[1:])]


def _write_format(path: Path, rows: list[list[str]]) -> Path:
    """The example ledger written as departments send it, by the suffix and name of ``path``."""
    import csv
    import io

    title = ["江津区标准化工作台账（2023—2026年）"]
    if path.suffix in (".csv", ".tsv"):
        buf = io.StringIO()
        csv.writer(buf, delimiter="\t" if path.suffix == ".tsv" else ",").writerows(
            [title, [], *rows])
        encoding = {"gb18030": "gb18030", "bom": "utf-8-sig", "utf16": "utf-16"}[path.stem]
        path.write_bytes(buf.getvalue().encode(encoding))
    elif path.suffix == ".xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        ws.append([])
        for r in _as_date_cells(rows):
            ws.append(r)
        ws.append(["合计", "", "", f"{len(rows) - 1}项"])
        wb.save(path)
    else:
        from conftest import make_ods

        make_ods(path, [title, [], *_as_date_cells(rows)])
    return path


@pytest.mark.parametrize("name", ["gb18030.csv", "bom.csv", "utf16.tsv", "ledger.xlsx",
                                  "ledger.ods"])
def test_every_format_gives_the_example_numbers(tmp_path, name):
    expected = status_json(str(EXAMPLE))
    doc = status_json(str(_write_format(tmp_path / name, _example_rows())))
    numbers = ("achieved", "gap", "state", "light", "late")
    assert [{k: t[k] for k in numbers} for t in doc["targets"]] == \
           [{k: t[k] for k in numbers} for t in expected["targets"]]
    assert [(t["silent_departments"], t["light"]) for t in doc["tasks"]] == \
           [(t["silent_departments"], t["light"]) for t in expected["tasks"]]
    assert [(i["title"], i["days_overdue"]) for i in doc["overdue"]] == \
           [(i["title"], i["days_overdue"]) for i in expected["overdue"]]
    # the same rows, three rows lower (title row and blank row above the header)
    assert [i["row"] - 2 for i in doc["overdue"]] == [i["row"] for i in expected["overdue"]]
    assert doc["files"][0]["used"] == expected["files"][0]["used"] == 44


def test_keep_going_on_a_file_that_breaks_part_way_says_what_counted(tmp_path):
    rows = "".join(f"{i},2024-05-01,企业标准,产品{i},Q/JJ {i:05d}-2024,区市监局,14,已公开,,\n"
                   for i in range(1, 30_001))
    broken = tmp_path / "断.csv"
    broken.write_bytes((HEADER + rows).encode("utf-8") + "30001,2024-05-01,企业".encode()
                       + b"\xb2\xfa\n")
    good = write(tmp_path / "好.csv", "1,2024-01-02,地方标准,甲,DB50/T 1-2024,区科技局,1,已发布,,\n")
    assert run("status", str(broken), str(good), "--as-of", "2026-11-28").exit_code == 2
    doc = status_json(str(broken), str(good), "--keep-going")
    (p,) = [p for p in doc["findings"] if p["code"] == "bad-encoding"]
    used = next(f["used"] for f in doc["files"] if f["source"] == str(broken))
    assert 0 < used <= 30_000 and f"the {used} rows before it were counted" in p["message"]["en"]
    assert "line 30002" in p["message"]["en"] and f"此前的 {used} 行已计入" in p["message"]["zh"]
    assert doc["targets"][2]["achieved"] == used  # enterprise standards: exactly those rows
    assert doc["targets"][1]["achieved"] == 1  # and the other file in full
