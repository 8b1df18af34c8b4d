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
    return "\n".join(",".join(map(str, r)) for r in [header, *body]) + "\n"


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
