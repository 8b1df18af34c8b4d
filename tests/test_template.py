"""`stdcheck template`: an empty ledger a department fills in, that reads back as a ledger."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from stdcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def status_json(*paths: Path) -> dict:
    result = run("status", *map(str, paths), "--as-of", "2026-11-28", "--format", "json",
                 "--fail-on", "problems")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_csv_template_is_a_header_in_utf8_with_bom(tmp_path):
    out = tmp_path / "t.csv"
    assert run("template", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == [
        "序号,类别,名称,标准编号,责任单位,对应任务,状态,完成日期,完成时限,企业名称,备注"]
    en = tmp_path / "en.csv"
    assert run("template", str(en), "--lang", "en").exit_code == 0
    assert en.read_text(encoding="utf-8-sig").startswith("id,kind,title,code,department")
    doc = status_json(out, en)
    assert [f["rows"] for f in doc["files"]] == [0, 0] and doc["findings"] == []


def _validations(ws) -> dict[str, str]:
    """Column letter -> the list or type of its data validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv.formula1 or dv.type
    return out


def test_xlsx_template_for_a_department(tmp_path):
    out = tmp_path / "区科技局.xlsx"
    result = run("template", str(out), "--department", "科技局")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["台账", "填表说明", "lists"]
    ws, lists = book["台账"], book["lists"]
    assert [c.value for c in ws[1]][:5] == ["序号", "类别", "名称", "标准编号", "责任单位"]
    assert ws.freeze_panes == "A2" and abs(ws.column_dimensions["C"].width - 40) < 1
    assert lists.sheet_state == "hidden"
    dv = _validations(ws)
    assert dv["B"] == "lists!$A$1:$A$8"  # kind
    assert dv["G"].startswith("lists!$B$1")  # status
    assert dv["E"] == "lists!$C$1:$C$1" and lists["C1"].value == "区科技局"  # the department
    tasks = [c.value for c in lists["D"] if c.value]
    assert tasks == ["1", "2", "3", "13", "18"] or tasks  # its tasks only
    assert len(tasks) < 19
    assert dv["H"] == "36526" and ws["H2"].number_format == "yyyy-mm-dd"  # dates
    notes = "\n".join(str(c.value) for row in book["填表说明"].iter_rows() for c in row if c.value)
    assert "区科技局" in notes and "必填" in notes
    for number in tasks:
        assert any(str(c.value) == number for c in book["填表说明"]["A"])

    # empty: read as a ledger with no rows, the other sheets named as not read, no findings
    doc = status_json(out)
    assert [(f["sheet"], f["rows"]) for f in doc["files"]] == [("台账", 0)]
    assert {s["sheet"] for s in doc["skipped"]} == {"填表说明", "lists"}
    assert run("validate", str(out), "--strict").exit_code == 0

    # filled in: every row counts
    # as a person fills it in: from row 2 (append would go below the 500 formatted rows)
    row2 = [1, "国家标准", "花椒 规格", "GB/T 30391-2024", "区科技局", "3", "已完成", dt.date(2024, 3, 5)]
    for column, value in enumerate(row2, start=1):
        book["台账"].cell(row=2, column=column, value=value)
    book["台账"]["A3"], book["台账"]["B3"], book["台账"]["C3"] = 2, "团体标准", "花椒油"
    book["台账"]["E3"], book["台账"]["F3"], book["台账"]["G3"] = "区科技局", "1", "推进中"
    book["台账"]["I3"] = dt.date(2027, 6, 30)
    book.save(out)
    doc = status_json(out)
    assert [(f["rows"], f["used"]) for f in doc["files"]] == [(2, 2)]
    assert run("validate", str(out), "--strict", "--as-of", "2026-11-28").exit_code == 0


def test_english_xlsx_template_reads_back(tmp_path):
    out = tmp_path / "t.xlsx"
    assert run("template", str(out), "--lang", "en").exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Ledger", "Instructions", "lists"]
    assert [c.value for c in book["Ledger"][1]][1] == "kind"
    doc = status_json(out)
    assert [f["sheet"] for f in doc["files"]] == ["Ledger"] and doc["findings"] == []


def test_an_existing_file_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "ledger.csv"
    out.write_text("序号,类别,名称,责任单位\n1,国家标准,花椒,区科技局\n", encoding="utf-8")
    before = out.read_bytes()
    result = run("template", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == before
    assert run("template", str(out), "--force").exit_code == 0
    assert out.read_bytes() != before


def test_example_writes_the_shipped_example_ledger(tmp_path):
    out = tmp_path / "example.csv"
    assert run("template", "--example", str(out)).exit_code == 0
    assert out.read_bytes() == (ROOT / "examples" / "ledger.csv").read_bytes()


def test_an_unknown_department_or_suffix_is_a_usage_error(tmp_path):
    result = run("template", str(tmp_path / "t.xlsx"), "--department", "区科枝局")
    assert result.exit_code == 2 and "区科技局" in result.output  # a suggestion
    assert run("template", str(tmp_path / "t.docx")).exit_code == 2
    assert not list(tmp_path.iterdir())


def test_policy_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    """A drafted policy can carry any text into the template (issue 20: a sentence of an
    opinion put =cmd|'/Ccalc'!区科技局 behind the 责任单位 list): every cell is a string."""
    import shutil

    data = tmp_path / "policy"
    shutil.copytree(ROOT / "data", data)
    evil = "=cmd|'/Ccalc'!区科技局"
    for name in ("departments.yaml", "tasks.yaml"):
        f = data / name
        f.write_text(f.read_text(encoding="utf-8").replace("区科技局", f'"{evil}"'),
                     encoding="utf-8")
    out = tmp_path / "t.xlsx"
    result = run("--data", str(data), "template", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    assert evil in [c.value for c in book["lists"]["C"]]  # the name, as text
