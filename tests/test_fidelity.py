"""Ledgers as departments really fill them in: every row read is counted or named with its
reason; no row, sheet or file is lost without a word (issue 7). Each case is built here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app

runner = CliRunner()
HEADER = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "对应任务", "状态"]


def rows(n: int, start: int = 1, kind: str = "企业标准", dept: str = "区市监局",
         year: int = 2024) -> list[list[Any]]:
    return [[str(i), f"{year}-05-01", kind, f"产品{i}", f"Q/JJ {i:04d}-{year}", dept, "14",
             "已公开"] for i in range(start, start + n)]


def csv_text(body: list[list[Any]], header: list[str] = HEADER) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    return buf.getvalue()


def status(*args: str, code: int = 0) -> dict[str, Any]:
    result = runner.invoke(app, ["status", *args, "--as-of", "2026-11-28", "--format", "json",
                                 "--lang", "en"])
    assert result.exit_code == code, result.output
    return json.loads(result.output) if code == 0 else {"output": result.output}


def enterprise(doc: dict[str, Any]) -> int:
    return next(t["achieved"] for t in doc["targets"] if t["id"] == "enterprise-standards")


def accounted(doc: dict[str, Any]) -> None:
    """Every data row read is counted toward a target or named in a finding (or is an entry of
    a kind no target counts, or an open item): nothing unaccounted."""
    read = sum(f["rows"] for f in doc["files"])
    used = sum(f["used"] for f in doc["files"])
    dropped = {(f["source"], f["line"]) for f in doc["findings"]
               if f["counts"] is False and f["line"] is not None}
    assert read == used + len(dropped), (read, used, dropped)


# --- an unclosed quote ---------------------------------------------------------------------------


def test_an_unclosed_quote_stops_the_run_at_the_line_it_opened(tmp_path: Path) -> None:
    body = csv_text(rows(5))
    lines = body.splitlines()
    lines[3] = lines[3].replace(",产品3,", ',"产品3,', 1)  # no closing quote: swallows the rest
    f = tmp_path / "台账.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = status(str(f), code=2)["output"]
    assert "line 4: a quote" in out and "not closed until line 6" in out
    doc = status(str(f), "--keep-going")
    (finding,) = [x for x in doc["findings"] if x["code"] == "bad-csv"]
    assert finding["line"] == 4 and finding["severity"] == "error"
    # the two rows before it counted and are said to have; nothing after it was passed as data
    assert enterprise(doc) == 2 and "the 2 rows before it were counted" in finding["message"]["en"]


def test_a_cell_with_ordinary_line_breaks_is_one_row(tmp_path: Path) -> None:
    f = tmp_path / "台账.csv"
    body = rows(3)
    body[1][3] = '"产品2\n（第二行说明，含，逗号）"'
    f.write_text(csv_text(body), encoding="utf-8")
    doc = status(str(f))
    assert enterprise(doc) == 3 and doc["findings"] == []


# --- workbooks with several sheets ----------------------------------------------------------------


def workbook(path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, content in sheets.items():
        ws = wb.create_sheet(name)
        for r in content:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def test_every_ledger_sheet_counts_and_the_others_are_named(tmp_path: Path) -> None:
    f = workbook(tmp_path / "台账.xlsx", {
        "填表说明": [["填表说明"], ["1. 每行填写一项标准"], ["2. 类别从下拉列表选择"]],
        "2024年": [HEADER, *rows(3, year=2024)],
        "2025年": [HEADER, *rows(4, start=10, year=2025)],
        "名录": [["部门"], ["区科技局"], ["区市监局"]],
        "旧": [HEADER, *rows(2, start=50)],
    }, hidden=("旧",))
    doc = status(str(f))
    assert enterprise(doc) == 7
    assert [(x["sheet"], x["rows"]) for x in doc["files"]] == [("2024年", 3), ("2025年", 4)]
    skipped = {x["sheet"]: x["reason"]["en"] for x in doc["skipped"]}
    assert set(skipped) == {"填表说明", "名录", "旧"} and skipped["旧"] == "hidden"
    accounted(doc)
    # --sheet picks one, or several by pattern; a hidden sheet can be asked for by name
    assert enterprise(status(str(f), "--sheet", "2025年")) == 4
    assert enterprise(status(str(f), "--sheet", "20*")) == 7
    assert enterprise(status(str(f), "--sheet", "旧")) == 2


def test_a_sheet_that_looks_like_a_ledger_but_cannot_be_read_is_a_finding(tmp_path: Path) -> None:
    broken = [["序号", "类别", "名称", "完成日期"], ["1", "企业标准", "产品", "2024-01-01"]]
    f = workbook(tmp_path / "台账.xlsx", {"2025年": [HEADER, *rows(2)], "补报": broken})
    doc = status(str(f))
    assert enterprise(doc) == 2
    (finding,) = doc["findings"]
    assert finding["code"] == "missing-column" and "sheet “补报”" in finding["message"]["en"]
    assert finding["severity"] == "error"


def test_a_workbook_without_the_sheet_asked_for_is_a_finding_under_keep_going(
        tmp_path: Path) -> None:
    a = workbook(tmp_path / "a.xlsx", {"2024年": [HEADER, *rows(2)]})
    b = workbook(tmp_path / "b.xlsx", {"2025年": [HEADER, *rows(3, start=20)]})
    out = status(str(a), str(b), "--sheet", "2025*", code=2)["output"]
    assert "a.xlsx" in out and "no sheet named “2025*”" in out
    doc = status(str(a), str(b), "--sheet", "2025*", "--keep-going")
    assert enterprise(doc) == 3
    assert [x["code"] for x in doc["findings"]] == ["no-sheet"]


# --- folders ----------------------------------------------------------------------------------------


def test_a_nested_folder_is_read_whole_and_what_is_not_read_is_named(tmp_path: Path) -> None:
    root = tmp_path / "台账"
    (root / "2025" / "区科技局").mkdir(parents=True)
    (root / "2025" / "区市监局").mkdir(parents=True)
    (root / "2025" / "区科技局" / "a.csv").write_text(csv_text(rows(2)), encoding="utf-8")
    (root / "2025" / "区市监局" / "b.CSV").write_text(csv_text(rows(3, start=10)),
                                                     encoding="gb18030")
    (root / "说明.docx").write_bytes(b"PK\x03\x04 not really")
    (root / "readme.txt").write_text("各部门请于每月5日前报送台账\n", encoding="utf-8")
    (root / "~$a.xlsx").write_bytes(b"lock")
    doc = status(str(root))
    assert enterprise(doc) == 5 and len(doc["files"]) == 2
    reasons = {Path(x["source"]).name: x["reason"]["en"] for x in doc["skipped"]}
    assert reasons == {"说明.docx": "not a ledger (.docx)",
                       "readme.txt": "a text file without a ledger header",
                       "~$a.xlsx": "a lock or temporary file"}
    accounted(doc)


def test_a_wps_file_in_a_folder_says_how_to_save_it(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(csv_text(rows(2)), encoding="utf-8")
    (tmp_path / "b.et").write_bytes(b"\xd0\xcf\x11\xe0 WPS")
    out = status(str(tmp_path), code=2)["output"]
    assert "WPS" in out and ".xlsx" in out
    doc = status(str(tmp_path), "--keep-going")
    assert enterprise(doc) == 2 and doc["findings"][0]["code"] == "wrong-format"


def test_the_report_written_into_the_folder_is_never_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(csv_text(rows(2)), encoding="utf-8")
    out = tmp_path / "报告.csv"
    for _ in range(2):  # the second run finds the first run's report in the folder
        result = runner.invoke(app, ["status", str(tmp_path), "--as-of", "2026-11-28",
                                     "--output", str(out), "--format", "json"])
        assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert enterprise(doc) == 2 and len(doc["files"]) == 1
    assert [Path(x["source"]).name for x in doc["skipped"]] == ["报告.csv"]


# --- dates, headers, section rows ------------------------------------------------------------------


def write_csv(path: Path, body: list[list[Any]], header: list[str] = HEADER,
              encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_text(body, header).encode(encoding))
    return path


def test_a_month_alone_counts_once_the_month_has_begun(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", [
        ["1", "2025年11月", "地方标准", "甲", "DB50/T 1-2025", "区科技局", "3", "已发布"],
        ["2", "2026年1月", "地方标准", "乙", "DB50/T 2-2026", "区科技局", "3", "已发布"],
    ])
    doc = status(str(f))  # as of 2026-11-28
    local = next(t for t in doc["targets"] if t["id"] == "local-standards")
    assert local["achieved"] == 1 and local["late"] == 1  # January 2026 is after the window
    early = runner.invoke(app, ["status", str(f), "--as-of", "2025-10-31", "--format", "json"])
    (future,) = [x for x in json.loads(early.output)["findings"] if x["line"] == 2]
    # shown as written, not as a day nobody wrote
    assert "2025年11月" in future["message"]["en"] and "2025-11-30" not in future["message"]["en"]
    assert "2025年11月" in future["message"]["zh"]
    on_time = runner.invoke(app, ["status", str(f), "--as-of", "2025-11-01", "--format", "json"])
    assert next(t for t in json.loads(on_time.output)["targets"]
                if t["id"] == "local-standards")["achieved"] == 1


def test_a_date_years_ahead_is_called_a_likely_typo(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", [
        ["1", "2099-03-01", "企业标准", "甲", "Q/JJ 1-2024", "区市监局", "14", "已公开"],
        ["2", "2027-01-15", "企业标准", "乙", "Q/JJ 2-2024", "区市监局", "14", "已公开"]])
    doc = status(str(f))
    messages = {x["line"]: x["message"]["en"] for x in doc["findings"]}
    assert "likely a typo" in messages[2] and "likely a typo" not in messages[3]
    assert "run with a later --as-of" in messages[3]


def test_planned_and_actual_under_one_date_heading(tmp_path: Path) -> None:
    header = ["序号", "类别", "名称", "责任单位", "任务", "完成时间", "", "状态"]
    sub = ["", "", "", "", "", "计划", "实际", ""]
    body = [["1", "地方标准", "甲", "区科技局", "3", "2025-06-30", "2025-05-20", "已发布"],
            ["2", "地方标准", "乙", "区科技局", "3", "2026-06-30", "", "起草中"]]
    f = tmp_path / "a.csv"
    f.write_text(csv_text([sub, *body], header), encoding="utf-8")
    doc = status(str(f))
    assert [x["code"] for x in doc["findings"]] == []  # no duplicate-column
    local = next(t for t in doc["targets"] if t["id"] == "local-standards")
    assert local["achieved"] == 1
    (item,) = doc["overdue"]
    assert (item["row"], item["due"], item["stage"]) == (4, "2026-06-30", "起草中")
    # the same as a workbook with 完成时间 merged over both
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [header, sub, *body]:
        ws.append(r)
    ws.merge_cells("F1:G1")
    wb.save(tmp_path / "b.xlsx")
    doc = status(str(tmp_path / "b.xlsx"))
    assert doc["findings"] == [] and doc["overdue"][0]["due"] == "2026-06-30"


def test_section_rows_are_skipped_and_give_their_kind(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["一、国家标准"] + [""] * 7)
    ws.merge_cells("A2:H2")
    ws.append(["1", "2024-05-01", "", "甲", "GB/T 1-2024", "区科技局", "3", "已发布"])
    ws.append(["（二）地方标准"] + [""] * 7)
    ws.merge_cells("A4:H4")
    ws.append(["2", "2024-05-01", "", "乙", "DB50/T 1-2024", "区科技局", "3", "已发布"])
    ws.append(["3", "2024-05-01", "", "丙", "DB50/T 2-2024", "区科技局", "3", "已发布"])
    ws.append(["三、其他工作"] + [""] * 7)
    ws.append(["4", "2024-05-01", "", "丁", "", "区科技局", "3", "已完成"])
    wb.save(tmp_path / "a.xlsx")
    doc = status(str(tmp_path / "a.xlsx"))
    targets = {t["id"]: t["achieved"] for t in doc["targets"]}
    assert targets["standards-participated"] == 1 and targets["local-standards"] == 2
    # the row under a section that names no kind has none: said, not guessed
    assert [(x["line"], x["code"]) for x in doc["findings"]] == [(8, "missing-value")]
    (f,) = doc["files"]
    assert (f["rows"], f["used"], f["counted"], f["skipped_rows"]) == (4, 3, 3, 3)


# --- cells naming several departments or tasks ------------------------------------------------------


def test_several_departments_and_tasks_in_one_cell(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", [
        ["1", "2024-05-01", "地方标准", "甲", "DB50/T 1-2024", "区科技局、区经济信息委", "1", "已发布"],
        ["2", "2024-05-01", "地方标准", "乙", "DB50/T 2-2024", "区科技局（牵头）", "3,13", "已发布"],
        ["3", "", "团体标准", "丙", "", "区农业农村委(牵头)；区商务委（配合）", "第8项", "报批中"],
        ["4", "2024-05-01", "企业标准", "丁", "Q/JJ 4-2024", "区科技局 区经济信息委", "任务三", "已发布"],
    ])
    doc = status(str(f))
    # the open row (报批中) has no date in a ledger without a deadline column: said once
    assert [f["code"] for f in doc["findings"]] == ["no-due-dates"]
    tasks = {t["number"]: t for t in doc["tasks"]}
    assert tasks[1]["reporting_departments"] == ["区科技局", "区经济信息委"]
    assert tasks[3]["entries"] == 2 and tasks[13]["entries"] == 1
    assert "区科技局" in tasks[13]["reporting_departments"]
    assert tasks[8]["reporting_departments"] == ["区农业农村委", "区商务委"]


def test_a_standard_counted_once_credits_every_department_that_reported_it(
        tmp_path: Path) -> None:
    a = write_csv(tmp_path / "农委.csv", [
        ["1", "2024-05-28", "国家标准", "富硒", "GB/T 44019-2024", "区农业农村委", "8", "已发布"]])
    b = write_csv(tmp_path / "商务.csv", [
        ["1", "2024-05-28", "国家标准", "富硒", "GB T 44019—2024", "区商务委", "8", "已发布"]])
    doc = status(str(a), str(b))
    assert doc["targets"][0]["achieved"] == 1
    assert doc["tasks"][7]["reporting_departments"] == ["区农业农村委", "区商务委"]


def test_items_keep_the_stage_and_the_roles(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", [
        ["1", "", "地方标准", "甲", "", "区科技局（牵头）、区经济信息委（配合）", "3", "已暂停"]],
        header=[*HEADER[:7], "状态"])
    body = csv_text([["1", "", "地方标准", "甲", "", "区科技局（牵头）、区经济信息委（配合）", "3",
                      "已暂停", "2025-01-01"]], [*HEADER, "完成时限"])
    f.write_text(body, encoding="utf-8")
    (item,) = status(str(f))["overdue"]
    assert item["stage"] == "已暂停" and item["status"] == "in_progress"
    assert item["department"] == "区科技局（牵头）、区经济信息委（配合）"


# --- the words people write ---------------------------------------------------------------------------


@pytest.mark.parametrize("word, status_value", [
    ("已实施", "done"), ("已立项", "in_progress"), ("立项", "in_progress"),
    ("正在制定", "in_progress"), ("起草中", "in_progress"), ("征求意见", "in_progress"),
    ("审查中", "in_progress"), ("报批中", "in_progress"), ("已报批", "in_progress"),
    ("未完成", "planned"), ("未开展", "planned"), ("暂停", "in_progress"),
    ("已暂停", "in_progress"), ("已撤销", "cancelled"), ("已废止", "cancelled"),
    ("取消", "cancelled"), ("已發布", "done"),
])
def test_status_words(tmp_path: Path, word: str, status_value: str) -> None:
    f = tmp_path / "a.csv"
    f.write_text(csv_text([["1", "", "地方标准", "甲", "", "区科技局", "3", word, "2020-01-01"]],
                          [*HEADER, "完成时限"]), encoding="utf-8")
    doc = status(str(f))
    assert [x["code"] for x in doc["findings"] if x["code"] == "unknown-status"] == []
    if status_value in ("planned", "in_progress"):
        (item,) = doc["overdue"]
        assert item["status"] == status_value
        assert item["stage"] == (word if word not in ("未完成",) else None)
    else:
        assert doc["overdue"] == []


@pytest.mark.parametrize("word, target", [
    ("推荐性国家标准", "standards-participated"), ("强制性国家标准", "standards-participated"),
    ("国家标准样品", "standards-participated"), ("国际标准提案", "standards-participated"),
    ("DB50 地方标准", "local-standards"), ("企業標準", "enterprise-standards"),
])
def test_kind_words(tmp_path: Path, word: str, target: str) -> None:
    f = write_csv(tmp_path / "a.csv", [["1", "2024-05-01", word, "甲", "", "区科技局", "3",
                                        "已发布"]])
    doc = status(str(f))
    assert next(t for t in doc["targets"] if t["id"] == target)["achieved"] == 1


def test_traditional_headers_and_values(tmp_path: Path) -> None:
    header = ["序號", "完成日期", "類別", "標準名稱", "標準編號", "責任單位", "對應任務", "狀態"]
    f = write_csv(tmp_path / "a.csv", [
        ["1", "2024-05-01", "企業標準", "產品", "Q/JJ 1-2024", "區市場監管局", "14", "已發布"]],
        header=header)
    doc = status(str(f))
    assert enterprise(doc) == 1 and doc["findings"] == []


# --- spreadsheet error cells, task column, numberless standards ---------------------------------------


def test_error_cells_are_named_never_taken_for_empty(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", [
        ["1", "#REF!", "企业标准", "甲", "Q/JJ 1-2024", "区市监局", "14", "已公开"],
        ["2", "2024-05-01", "企业标准", "#N/A", "Q/JJ 2-2024", "区市监局", "14", "已公开"],
        ["3", "2024-05-01", "企业标准", "丙", "Q/JJ 3-2024", "区市监局", "#VALUE!", "已公开"],
        ["4", "2024-05-01", "企业标准", "丁", "Q/JJ 4-2024", "区市监局", "14", "已公开"],
    ])
    doc = status(str(f))
    found = [(x["line"], x["field"], x["code"], x["severity"], x["counts"])
             for x in doc["findings"]]
    assert found == [(2, "完成日期", "error-cell", "error", False),
                     (3, "名称", "error-cell", "error", False),
                     (4, "对应任务", "error-cell", "warning", True)]
    assert enterprise(doc) == 2
    messages = " ".join(x["message"]["en"] for x in doc["findings"])
    assert "#REF!" in messages and "fill in" not in messages
    accounted(doc)


def test_a_ledger_without_a_task_column_has_reported_without_saying_on_what(
        tmp_path: Path) -> None:
    header = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "状态"]
    f = write_csv(tmp_path / "科技局.csv", [
        ["1", "2024-05-01", "地方标准", "甲", "DB50/T 1-2024", "区科技局", "已发布"]], header)
    doc = status(str(f))
    (finding,) = doc["findings"]
    assert (finding["code"], finding["line"], finding["severity"]) == ("no-task-column", 1,
                                                                       "warning")
    tasks = {t["number"]: t for t in doc["tasks"]}
    for number in (1, 2, 3, 4, 13):  # 区科技局's tasks: reported, not silent
        assert "区科技局" not in tasks[number]["silent_departments"]
        assert "区科技局" in tasks[number]["untasked_departments"]
    assert "区经济信息委" in tasks[1]["silent_departments"]
    assert doc["targets"][1]["achieved"] == 1


def test_numberless_standards_of_two_firms_both_count(tmp_path: Path) -> None:
    header = ["序号", "完成日期", "类别", "名称", "责任单位", "任务", "状态", "企业名称"]
    f = write_csv(tmp_path / "a.csv", [
        ["1", "2024-05-01", "企业标准", "花椒油", "区市监局", "14", "已公开", "甲公司"],
        ["2", "2024-06-01", "企业标准", "花椒油", "区市监局", "14", "已公开", "乙公司"],
        ["3", "2024-07-01", "企业标准", "花椒 油", "区市监局", "14", "已公开", "甲公司"],
    ], header)
    doc = status(str(f))
    assert enterprise(doc) == 2  # 甲 twice is one standard; 乙's is another
    codes = [(x["line"], x["code"]) for x in doc["findings"]]
    assert codes == [(3, "no-number"), (4, "duplicate-entry")]


# --- every row accounted for, across six department files in every format ------------------------------


def test_six_departments_in_every_format_account_for_every_row(tmp_path: Path) -> None:
    from conftest import make_ods

    openpyxl = pytest.importorskip("openpyxl")
    xlwt = pytest.importorskip("xlwt")
    folder = tmp_path / "2025台账"
    folder.mkdir()
    # each department: three good rows, one duplicate of another's, one broken row
    def body(dept: str, base: int) -> list[list[Any]]:
        return [*rows(3, start=base, dept=dept),
                [str(base + 3), "2024-05-01", "企业标准", "重复", "Q/JJ 0001-2024", dept, "14", "已公开"],
                [str(base + 4), "2024-13-01", "企业标准", "坏日期", f"Q/JJ {base + 4:04d}-2024", dept,
                 "14", "已公开"]]
    write_csv(folder / "区市监局.csv", body("区市监局", 100))
    write_csv(folder / "区科技局.csv", body("区科技局", 200), encoding="gb18030")
    (folder / "区经信委.tsv").write_bytes(
        ("\n".join("\t".join(r) for r in [HEADER, *body("区经信委", 300)]) + "\n").encode("utf-16"))
    wb = openpyxl.Workbook()
    for r in [HEADER, *body("区农业农村委", 400)]:
        wb.active.append(r)
    wb.save(folder / "区农业农村委.xlsx")
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    for i, r in enumerate([HEADER, *body("区商务委", 500)]):
        for j, v in enumerate(r):
            sheet.write(i, j, v)
    book.save(str(folder / "区商务委.xls"))
    make_ods(folder / "区民政局.ods", [HEADER, *body("区民政局", 600)])
    doc = status(str(folder))
    assert len(doc["files"]) == 6 and all(f["rows"] == 5 for f in doc["files"])
    # 3 good rows each, plus the one shared standard once
    assert enterprise(doc) == 6 * 3 + 1
    read = sum(f["rows"] for f in doc["files"])
    counted = sum(f["counted"] for f in doc["files"])
    named = {(x["source"], x["line"]) for x in doc["findings"] if x["counts"] is False}
    assert read == counted + len(named) == 30
    assert sorted({x["code"] for x in doc["findings"]}) == ["bad-date", "duplicate-entry"]


def test_a_streamed_workbook_without_a_size_tag_is_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl's write-only mode (like other streaming writers) writes no <dimension>: the
    # size guard must measure the sheet, not assume 200 columns (a 100,000-row ledger was
    # refused). The limit is lowered so that 150 rows stand for 100,000.
    import datetime as dt
    import zipfile

    from stdcheck import check
    from stdcheck.ledger import workbook

    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setattr(workbook, "MAX_CELLS", 150 * 100)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(HEADER)
    for r in rows(150):
        ws.append(r)
    wb.save(tmp_path / "big.xlsx")
    with zipfile.ZipFile(tmp_path / "big.xlsx") as z:
        sheet_xml = next(n for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert b"<dimension" not in z.read(sheet_xml)[:2000]
    report = check([tmp_path / "big.xlsx"], as_of=dt.date(2026, 11, 28))
    assert report.files[0].rows == 150


def test_the_terminal_shows_sheets_stages_and_untasked_departments(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "状态", "完成时限"]
    workbook(tmp_path / "科技局.xlsx", {"2025年": [
        header, ["1", "", "地方标准", "花椒烘干", "", "区科技局", "报批中", "2025-01-01"]]})
    monkeypatch.chdir(tmp_path)  # a short path: the file line fits however deep tmp_path is
    f = Path("科技局.xlsx")
    out = runner.invoke(app, ["status", str(f), "--as-of", "2026-11-28", "--lang", "zh"],
                        env={"COLUMNS": "200"}).output
    assert "科技局.xlsx[2025年]:2" in out and "花椒烘干（报批中）" in out
    assert "区科技局（已报送，未注明任务）" in out
    en = runner.invoke(app, ["status", str(f), "--as-of", "2026-11-28", "--lang", "en"],
                       env={"COLUMNS": "200"}).output
    assert "区科技局 (reported, task not given)" in en and "1 row read, 1 used, 0 counted" in en


def test_show_normalised_says_how_numbers_were_read_only_when_asked(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "a.csv", [
        ["1", "2024-05-01", "地方标准", "甲", "DB50_T 1846-2024", "区科技局", "3", "已发布"],
        ["2", "2024-05-01", "国家标准", "乙", "GB/T 5-2024", "区科技局", "3", "已发布"]])
    assert status(str(f))["findings"] == []
    doc = status(str(f), "--show-normalised")
    (note,) = doc["findings"]
    assert (note["line"], note["code"], note["severity"], note["counts"]) == (
        2, "code-normalised", "info", True)
    assert "DB50_T 1846-2024 is read as DB50/T 1846-2024" in note["message"]["en"]
    assert "下划线代替斜杠" in note["message"]["zh"]
    assert (doc["summary"]["errors"], doc["summary"]["warnings"]) == (0, 0)
    base = ["status", str(f), "--as-of", "2026-11-28", "--show-normalised", "--fail-on",
            "problems"]
    assert runner.invoke(app, base).exit_code == 0  # an info finding is nothing to fix
