"""Counts a joint meeting reads out, on ledgers written as departments write them: a month as
a deadline, an open row's only date, plans for later, the roll-call, error cells in workbooks."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from stdcheck.evaluate import check
from tests.conftest import make_ods, write_rows

AS_OF = dt.date(2025, 9, 30)


def _status(*paths: Path, as_of: dt.date = AS_OF):
    return check(list(paths), as_of=as_of, keep_going=True)


# --- a month as a deadline ------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2025年8月", "2025-08", "2025/8", "2025.08"])
def test_a_due_month_is_the_end_of_that_month(tmp_path: Path, written: str) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "责任单位", "任务", "状态", "完成日期", "完成时限"],
        ["地方标准", "某规范", "区科技局", "1", "计划", "", written]])
    (item,) = _status(f).overdue
    assert item.due == dt.date(2025, 8, 31)
    assert item.days_overdue == 30  # overdue from September 1st, not from August 1st
    assert str(item.due) == written  # shown as the ledger wrote it


def test_a_due_month_is_not_overdue_before_it_ends(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "责任单位", "任务", "状态", "完成时限"],
        ["地方标准", "某规范", "区科技局", "1", "进行中", "2025年9月"]])
    report = _status(f)
    assert list(report.overdue) == []
    (soon,) = report.due_soon
    assert soon.days_left == 0  # the last day of the month is the day it is due


def test_a_completion_month_still_counts_once_the_month_has_begun(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"],
        ["地方标准", "甲", "DB50/T 1-2025", "区科技局", "1", "已发布", "2025年9月"]])
    report = _status(f, as_of=dt.date(2025, 9, 1))
    assert report.targets[1].achieved == 1
    assert report.findings == []


def test_a_month_as_a_deadline_survives_copy_and_pickle() -> None:
    import copy
    import pickle

    from stdcheck.dates import Month, as_due

    due = as_due(Month(2025, 2, "2025年2月"))
    assert due == dt.date(2025, 2, 28) and str(due) == "2025年2月"
    for again in (copy.deepcopy(due), pickle.loads(pickle.dumps(due))):
        assert again == due and str(again) == "2025年2月" and again.end


# --- an open row's only date is its deadline --------------------------------------------------

ONE_DATE = ["类别", "名称", "责任单位", "任务", "状态", "完成时间"]


def test_an_open_rows_only_date_is_its_deadline(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ONE_DATE,
        *[["地方标准", f"计划{i}", "区科技局", "1", "进行中", f"2025-0{i}-15"] for i in range(1, 7)],
        ["地方标准", "已完成的", "区科技局", "1", "已发布", "2025-03-01"]])
    report = _status(f)
    assert len(report.overdue) == 6
    assert report.summary.overdue == 6
    assert {i.title for i in report.overdue} == {f"计划{i}" for i in range(1, 7)}
    assert report.targets[1].achieved == 1  # the done row still counts, on its date
    assert report.findings == []


def test_a_plan_for_later_is_not_silence(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ONE_DATE, ["地方标准", "明年的计划", "区科技局", "2", "计划", "2026-04-01"]])
    report = _status(f)
    assert not any(x.code == "future-date" for x in report.findings)
    task2 = report.tasks[1]
    assert "区科技局" in task2.reporting_departments
    assert "区科技局" not in task2.silent_departments
    assert list(report.overdue) == []


def test_a_planned_date_in_the_date_column_of_a_ledger_with_deadlines(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "责任单位", "任务", "状态", "完成日期", "完成时限"],
        ["地方标准", "下季度", "区科技局", "2", "计划", "2025-10-05", ""],
        ["地方标准", "写错年份", "区科技局", "2", "已发布", "2026-03-01", ""]])
    report = _status(f)
    # the open row's later date is its deadline; only the done row dated later is suspect
    assert [x.code for x in report.findings] == ["future-date"]
    assert report.findings[0].line == 3
    (soon,) = report.due_soon
    assert soon.title == "下季度" and soon.days_left == 5


def test_open_rows_without_any_date_are_said_once(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ONE_DATE,
        ["地方标准", "甲", "区科技局", "1", "进行中", ""],
        ["地方标准", "乙", "区科技局", "1", "计划", ""],
        ["地方标准", "丙", "区科技局", "1", "已发布", "2025-03-01"]])
    report = _status(f)
    (warning,) = [x for x in report.findings if x.code == "no-due-dates"]
    assert warning.line == 1 and warning.severity.value == "warning"
    assert "2" in warning.message.en and "cannot be judged" in warning.message.en
    assert "无法判断是否逾期" in warning.message.zh


def test_no_warning_when_some_open_row_has_a_deadline(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ONE_DATE,
        ["地方标准", "甲", "区科技局", "1", "进行中", ""],
        ["地方标准", "乙", "区科技局", "1", "计划", "2026-03-01"]])
    assert not any(x.code == "no-due-dates" for x in _status(f).findings)


# --- the roll-call counts every row a department sent ----------------------------------------


def test_rows_sent_counts_rows_with_findings_too(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"],
        ["地方标准", "甲", "DB50/T 1-2024", "区科技局", "1", "已发布", "2024-03-01"],
        ["地方标准", "乙", "", "区科技局", "1", "进行中", "2026-01-01"],
        ["标准", "丙", "", "区科技局", "1", "已发布", "2024-03-01"],  # unknown kind: dropped
        ["地方标准", "丁", "GB/T 1-2024", "区科技局", "1", "已发布", "2024-05-01"],  # conflict
        ["地方标准", "甲", "DB50/T 1-2024", "区科技局、区经济信息委", "1", "已发布", "2024-03-02"],
    ])
    roll = {d.name: d for d in _status(f).departments}
    tech = roll["区科技局"]
    assert tech.rows == 5  # every row it sent
    assert tech.counted == 1
    assert tech.flagged == 3  # unknown kind, number of another kind, a duplicate
    assert tech.open == 1
    assert tech.latest == dt.date(2024, 5, 1)
    econ = roll["区经济信息委"]
    assert (econ.rows, econ.counted, econ.flagged) == (1, 0, 1)


def test_the_roll_call_shows_rows_sent_counted_and_flagged(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from stdcheck.cli import app

    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"],
        ["地方标准", "甲", "DB50/T 1-2024", "区科技局", "1", "已发布", "2024-03-01"],
        ["标准", "丙", "", "区科技局", "1", "已发布", "2024-03-01"]])
    out = CliRunner().invoke(app, ["status", str(f), "--as-of", "2025-09-30", "--lang", "zh"],
                             env={"COLUMNS": "200"}).output
    header = next(line for line in out.splitlines() if "报送条目" in line)
    assert header.split() == ["责任单位", "文件", "报送条目", "计入", "有问题", "最近日期",
                              "未完成事项", "逾期事项"]
    row = next(line for line in out.splitlines() if line.strip().startswith("区科技局 "))
    assert row.split()[:5] == ["区科技局", "1", "2", "1", "1"]


# --- error cells in workbooks ---------------------------------------------------------------

HEADER = ["类别", "名称", "责任单位", "任务", "状态", "完成日期", "备注"]


def _xlsx_with_errors(path: Path, rows: list[list[str]]) -> Path:
    """An xlsx whose cells holding ``#…`` are error cells (t="e"), as Excel caches a failed
    formula, written by hand so that any error value can stand in one."""
    from xml.sax.saxutils import escape

    from stdcheck.ledger.workbook import column_letters

    def cell(r: int, c: int, v: str) -> str:
        ref = f"{column_letters(c + 1)}{r + 1}"
        if v.startswith("#"):
            return f'<c r="{ref}" t="e"><f>VLOOKUP(A1,B:B,2,0)</f><v>{escape(v)}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'

    body = "".join(f'<row r="{r + 1}">' + "".join(cell(r, c, v) for c, v in enumerate(row))
                   + "</row>" for r, row in enumerate(rows))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType='
                   '"application/vnd.openxmlformats-package.relationships+xml"/><Default '
                   'Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
                   '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
                   'org/package/2006/relationships"><Relationship Id="rId1" Type='
                   f'"{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet '
                   'name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
                   'org/package/2006/relationships"><Relationship Id="rId1" Type='
                   f'"{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml",
                   f'<?xml version="1.0"?><worksheet {ns}><sheetData>{body}</sheetData>'
                   "</worksheet>")
    return path


def _errors(report) -> list[tuple[int | None, str | None, str]]:
    return [(x.line, x.field, x.message.en.split("error ")[1].split(":")[0])
            for x in report.findings if x.code == "error-cell"]


def test_error_cells_in_an_xlsx_are_named(tmp_path: Path) -> None:
    f = _xlsx_with_errors(tmp_path / "a.xlsx", [
        HEADER,
        ["地方标准", "甲", "区科技局", "#N/A", "已发布", "2025-03-01", "x"],
        ["地方标准", "乙", "区科技局", "1", "已发布", "#DIV/0!", "x"]])
    report = _status(f)
    assert _errors(report) == [(2, "任务", "#N/A"), (3, "完成日期", "#DIV/0!")]
    assert not any(x.code == "missing-date" for x in report.findings)
    # the task cell's error is a warning (the row counts); the date cell's keeps the row out
    assert report.targets[1].achieved == 1


@pytest.mark.parametrize("value", ["#SPILL!", "#CALC!", "#GETTING_DATA", "#BLOCKED!",
                                   "#N/A"])
def test_newer_error_values_are_findings_not_an_unreadable_sheet(tmp_path: Path,
                                                                 value: str) -> None:
    f = _xlsx_with_errors(tmp_path / "a.xlsx", [
        HEADER,
        ["地方标准", "甲", "区科技局", "1", "已发布", "2025-03-01", value],
        ["地方标准", "乙", "区科技局", "1", "已发布", "2025-03-02", ""]])
    report = _status(f)
    assert report.files[0].readable and report.files[0].rows == 2
    assert _errors(report) == [(2, "备注", value)]
    assert report.targets[1].achieved == 2  # an error in a remark keeps the row counted


def test_error_cells_in_an_ods_are_named(tmp_path: Path) -> None:
    f = make_ods(tmp_path / "a.ods", [HEADER, ["地方标准", "甲", "区科技局", "1", "已发布",
                                               "2025-01-01", ""]])
    calc = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
    with zipfile.ZipFile(f) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    content = parts["content.xml"].decode().replace(
        '<table:table-cell office:value-type="string"><text:p>2025-01-01</text:p>'
        "</table:table-cell>",
        '<table:table-cell table:formula="of:=1/0" office:value-type="float" '
        'office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p>'
        "</table:table-cell>").replace("xmlns:office=", f'xmlns:calcext="{calc}" xmlns:office=')
    with zipfile.ZipFile(f, "w") as z:
        for name, data in parts.items():
            z.writestr(name, content if name == "content.xml" else data)
    report = _status(f)
    assert _errors(report) == [(2, "完成日期", "#DIV/0!")]
    assert report.targets[1].achieved == 0


# --- a row's findings agree on whether it counts ----------------------------------------------


def test_every_finding_of_a_row_that_does_not_count_says_so(tmp_path: Path) -> None:
    """A number the reader could not read (a warning: the row would still count) and then no
    date, a date before the window or a date in the future (the row does not count): the
    report says "not counted" on each of that row's findings, as ``counted`` 0 says."""
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"],
        ["企业标准", "甲", "Q/JJ HJ-9-2025", "区科技局", "3", "已发布", ""],
        ["企业标准", "乙", "Q/JJ HJ-8-2025", "区科技局", "3", "已发布", "2019-01-01"],
        ["企业标准", "丙", "Q/JJ HJ-7-2025", "区科技局", "3", "已发布", "2026-06-01"],
        ["企业标准", "丁", "Q/JJ HJ-6-2025", "区科枝局", "3", "已发布", "2025-03-01"]])
    report = _status(f, as_of=dt.date(2025, 11, 28))
    assert report.files[0].counted == 1  # 丁 only: a misspelt department still counts
    by_row: dict[int, set[object]] = {}
    for x in report.findings:
        by_row.setdefault(x.line or 0, set()).add(x.counts)
    assert by_row == {2: {False}, 3: {False}, 4: {False}, 5: {True}}
    assert {x.code for x in report.findings if x.line == 2} == {"code-unreadable",
                                                                "missing-date"}


def test_a_date_in_the_future_is_not_a_departments_latest(tmp_path: Path) -> None:
    """2030-01-01 on a done row is flagged as a likely typo and not counted; the roll-call's
    latest date for the department is its latest real one."""
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"],
        ["地方标准", "甲", "DB50/T 1601-2025", "区科技局", "1", "已发布", "2025-03-01"],
        ["地方标准", "乙", "DB50/T 1602-2025", "区科技局", "1", "已发布", "2030-01-01"],
        ["地方标准", "丙", "", "区科技局", "1", "进行中", "2026-03-01"]])  # a plan: not latest
    report = _status(f)
    (science,) = [d for d in report.departments if d.name == "区科技局"]
    assert science.latest == dt.date(2025, 3, 1)
    assert [x.code for x in report.findings] == ["future-date"]


def test_a_space_inside_a_numbers_code_does_not_make_a_second_standard(tmp_path: Path) -> None:
    """Q/JJ HJ003-2025 is Q/JJHJ 003-2025 with a space typed inside its code: one standard,
    counted once, the second row named as a duplicate (it used to be unreadable, and counted
    again)."""
    f = write_rows(tmp_path / "a.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"],
        ["企业标准", "甲", "Q/JJ HJ003-2025", "区科技局", "3", "已发布", "2025-03-01"],
        ["企业标准", "甲", "Q/JJHJ 003-2025", "区科技局", "3", "已发布", "2025-03-02"],
        ["团体标准", "乙", "T/CQ SES 012-2025", "区科技局", "3", "已发布", "2025-03-03"]])
    report = _status(f)
    enterprise = next(t for t in report.targets if t.id == "enterprise-standards")
    group = next(t for t in report.targets if t.id == "group-standards")
    assert (enterprise.achieved, group.achieved) == (1, 1)
    assert [(x.line, x.code) for x in report.findings] == [(3, "duplicate-entry")]


def test_a_space_between_capitals_is_read_only_where_nothing_else_reads() -> None:
    from stdcheck.standard_numbers import parse

    joined = parse("Q/JJ HJ003-2025")
    assert (joined.kind, joined.normalised) == ("enterprise", "Q/JJHJ 003-2025")
    assert "space inside the code" in joined.changes
    assert parse("GB/T 1234 2020").normalised == "GB/T 1234-2020"  # read as before
    assert parse("HELLO WORLD").kind is None  # no number in it either way
