"""Reading ledgers (stdcheck.ledger) and standard numbers (stdcheck.codes).

Every file is built on the fly in tmp_path: CSV in each encoding departments send, an Excel
"Unicode text" export, an .xlsx with a merged title row (openpyxl, a test-only dependency) and
an .ods written with zipfile. Offline and fast.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from pathlib import Path
from typing import Any, Optional

import pytest
from conftest import make_ods
from hypothesis import given, settings
from hypothesis import strategies as st

from stdcheck.codes import INDUSTRY_CODES, FastKeys, check_code, guess_kind, normalize_code
from stdcheck.dates import Bad, parse_date
from stdcheck.entries import Entry
from stdcheck.findings import FindingLog
from stdcheck.ledger import LedgerError, expand, open_ledger
from stdcheck.ledger import rows as R
from stdcheck.ledger import text as T
from stdcheck.ledger.columns import column_for, key
from stdcheck.ledger.values import parse_kind, parse_status, parse_task
from stdcheck.names import DepartmentIndex
from stdcheck.schema import Department
from stdcheck.vocabulary import EntryKind, Status

# --- helpers ---------------------------------------------------------------------------------


def dep(id: str, name: str, full_name: str, *aliases: str) -> Department:
    return Department(id=id, name=name, full_name=full_name, en=id, aliases=list(aliases))


NAMES = DepartmentIndex([
    dep("keji", "区科技局", "重庆市江津区科学技术局", "区科委"),
    dep("shichang-jianguan", "江津区市场监管局", "重庆市江津区市场监督管理局", "区市场监管局"),
    dep("jingji-xinxi", "区经济信息委", "重庆市江津区经济和信息化委员会", "区经信委"),
], ["重庆市", "江津区", "区"])

HEADER = ["序号", "类别", "名称", "责任单位", "完成日期", "标准编号", "任务", "状态", "完成时限", "备注"]


def write(path: Path, rows: list[list[Any]], *, encoding: str = "utf-8", delimiter: str = ",",
          before: str = "") -> Path:
    """A delimited text file from rows (csv-quoted), optionally with raw lines before."""
    import io

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        w.writerow(row)
    path.write_bytes((before + buf.getvalue()).encode(encoding))
    return path


def read(path: Path, **kw: Any) -> tuple[list[Entry], R.LedgerReader]:
    reader = open_ledger(path, names=kw.pop("names", NAMES), **kw)
    return list(reader), reader


def row_findings(reader: R.LedgerReader) -> list:
    return [p for p in reader.problems if p.code != "no-task-column"]


def problems(reader: R.LedgerReader) -> list[tuple]:
    """The row findings (most fixtures here have no task column: that file-level warning has
    its own test)."""
    return [(p.line, p.field, p.code, p.severity.value, p.counts) for p in reader.problems
            if p.code != "no-task-column"]


ROWS = [
    HEADER,
    ["1", "地方标准", "花椒生产技术规程", "区科技局", "2024-03-05", "DB50/T 1000-2024", "3", "已发布", "", ""],
    ["2", "国家标准", "富硒茶", "区市场监管局", "2024年3月", "GB/T 1.1—2020", "任务5", "", "", "备注"],
    ["3", "企业标准", "企业标准甲", "白沙镇", "20240101", "q/jj 0001-2024", "", "", "", ""],
    ["4", "试点示范", "标准化试点", "区经信委", "", "", "第12项", "进行中", "2024-12-31", ""],
]


def check_standard_rows(entries: list[Entry], first_row: int) -> None:
    assert [e.row for e in entries] == [first_row + i for i in range(4)]
    assert [e.kind for e in entries] == [EntryKind.local, EntryKind.national,
                                         EntryKind.enterprise, EntryKind.pilot]
    assert [e.department for e in entries] == ["区科技局", "江津区市场监管局", None, "区经济信息委"]
    assert entries[2].town == "白沙镇"
    assert [e.date for e in entries] == [dt.date(2024, 3, 5), dt.date(2024, 3, 1),
                                         dt.date(2024, 1, 1), None]
    assert [e.code for e in entries] == ["DB50/T 1000-2024", "GB/T 1.1-2020", "Q/JJ 0001-2024", None]
    assert [e.task for e in entries] == [3, 5, None, 12]
    assert [e.status for e in entries] == [Status.done, Status.done, Status.done,
                                           Status.in_progress]
    assert entries[3].due == dt.date(2024, 12, 31)
    assert entries[0].title == "花椒生产技术规程"


# --- text files: encodings and delimiters ----------------------------------------------------


@pytest.mark.parametrize("encoding, recorded", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
])
def test_csv_encodings(tmp_path: Path, encoding: str, recorded: str) -> None:
    path = write(tmp_path / "台账.csv", ROWS, encoding=encoding)
    entries, reader = read(path)
    check_standard_rows(entries, 2)
    assert reader.summary.encoding == recorded
    assert reader.summary.format == "csv"
    assert (reader.summary.rows, reader.summary.used) == (4, 4)
    assert row_findings(reader) == []
    assert reader.columns["kind"] == "类别"


def test_utf16_unicode_text_export(tmp_path: Path) -> None:
    """Excel's "Unicode text": UTF-16 LE with a byte-order mark, tab-separated, .txt."""
    path = tmp_path / "export.txt"
    text = "\r\n".join("\t".join(r) for r in ROWS) + "\r\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    entries, reader = read(path)
    check_standard_rows(entries, 2)
    assert (reader.summary.encoding, reader.summary.format) == ("utf-16", "tsv")


def test_tsv_and_semicolon(tmp_path: Path) -> None:
    entries, reader = read(write(tmp_path / "a.tsv", ROWS, delimiter="\t"))
    check_standard_rows(entries, 2)
    assert reader.summary.format == "tsv"
    entries, reader = read(write(tmp_path / "b.csv", ROWS, delimiter=";"))
    check_standard_rows(entries, 2)


def test_fullwidth_comma_is_text(tmp_path: Path) -> None:
    rows = [HEADER[:4], ["1", "地方标准", "规程，第一部分", "区科技局"]]
    entries, _ = read(write(tmp_path / "a.csv", rows))
    assert entries[0].title == "规程，第一部分"


def test_title_row_and_blank_rows_in_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", [["江津区2024年标准化工作台账", "", ""], ["", "", ""], [],
                                      *ROWS])
    entries, reader = read(path)
    assert reader.header.row == 4
    check_standard_rows(entries, 5)


def test_multiline_cell_keeps_physical_line_numbers(tmp_path: Path) -> None:
    rows = [HEADER[:4], ["1", "地方标准", "第一行\n第二行\n第三行", "区科技局"],
            ["2", "地方标准", "x", "区科委"], ["3", "怪", "y", "区科技局"]]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert [e.row for e in entries] == [2, 5]
    assert entries[0].title == "第一行\n第二行\n第三行"
    assert problems(reader) == [(6, "类别", "unknown-kind", "error", False)]


def test_encoding_override(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ROWS, encoding="gb18030")
    entries, reader = read(path, encoding="gb18030")
    check_standard_rows(entries, 2)
    assert reader.summary.encoding == "gb18030"
    # Latin-1 decodes anything: the override is obeyed (and the text is garbage).
    with pytest.raises(LedgerError, match="no header row"):
        read(path, encoding="latin-1")


def test_undecodable_under_explicit_encoding_names_line_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    good = "\r\n".join(",".join(r) for r in ROWS[:3]) + "\r\n"
    bad = "5,地方标准,标准,区科技局".encode("gb18030")
    path.write_bytes(good.encode("utf-8") + bad + b"\r\n")
    with pytest.raises(LedgerError) as e:
        read(path, encoding="utf-8")
    offset = len(good.encode("utf-8")) + len(b"5,")
    assert "line 4" in e.value.message.en and f"byte offset {offset}" in e.value.message.en
    assert "--encoding gb18030" in e.value.message.en
    # the encoding that just failed is not suggested again; the Chinese has no codec English
    assert "--encoding utf-8" not in e.value.message.en
    assert "invalid" not in e.value.message.zh and "--encoding utf-8" not in e.value.message.zh
    path.write_bytes("\r\n".join(",".join(r) for r in ROWS[:3]).encode("utf-8"))
    with pytest.raises(LedgerError) as e:
        read(path, encoding="gbk")
    assert "pass --encoding utf-8," in e.value.message.en
    assert "gb18030" not in e.value.message.en.split("; ", 1)[1]
    # The ladder reads it: not UTF-8 as a whole, so GB18030... which it is not either.
    with pytest.raises(LedgerError, match="neither UTF-8 nor GB18030"):
        path.write_bytes(good.encode("utf-8") + b"\x80\xff\r\n")
        read(path)


def test_unknown_encoding(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="not an encoding a table is saved in"):
        read(write(tmp_path / "a.csv", ROWS), encoding="klingon")


def test_nul_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\r\n1,\x00,x\r\n")
    with pytest.raises(LedgerError, match="line 2: the file contains a NUL"):
        read(path)


def test_nul_byte_far_below_the_sampled_start(tmp_path: Path) -> None:
    """The encoding is chosen on the file's start, but NUL bytes are still looked for in all
    of it (a byte scan, cheap), and stop the read before a row is counted."""
    rows = "".join(f"{i},地方标准,标准{i},区科技局\r\n" for i in range(1, 40_001))
    data = (",".join(HEADER[:4]) + "\r\n" + rows).encode("utf-8")
    assert len(data) > 1 << 20
    path = tmp_path / "a.csv"
    path.write_bytes(data + b"40001,\x00,x\r\n")
    with pytest.raises(LedgerError, match="line 40002: the file contains a NUL"):
        open_ledger(path, names=NAMES)


def test_giant_field_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limit = csv.field_size_limit()
    monkeypatch.setattr(T, "FIELD_LIMIT", 20_000)
    try:
        path = tmp_path / "a.csv"
        rows = "\r\n".join(",".join(r) for r in ROWS) + "\r\n"
        path.write_text(rows + '5,地方标准,"unclosed,区科技局\r\n' + "x" * 30_000 + "\r\n",
                        encoding="utf-8")
        reader = open_ledger(path, names=NAMES)
        got = []
        with pytest.raises(LedgerError, match="line 7: a cell grows past 20,000") as e:
            for entry in reader:
                got.append(entry)
        assert "quote" in e.value.message.en
        assert len(got) == 4 and reader.summary.used == 4  # what was read before it counts
    finally:
        csv.field_size_limit(limit)


def test_too_many_columns(tmp_path: Path) -> None:
    wide = HEADER + [f"c{i}" for i in range(200)]
    with pytest.raises(LedgerError, match="at most 200 columns"):
        read(write(tmp_path / "a.csv", [wide]))
    rows = [HEADER, ["1", "地方标准", "x", "区科技局"] + [""] * 300]
    with pytest.raises(LedgerError, match="line 2: the row has 304 cells"):
        read(write(tmp_path / "b.csv", rows))


def test_binary_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(LedgerError, match="zip archive"):
        read(path)


# --- workbooks -------------------------------------------------------------------------------


def make_xlsx(path: Path, rows: list[list[Any]], *, title: Optional[str] = None,
              blank_rows: int = 0, sheet: str = "台账", extra_sheets: tuple[str, ...] = ()) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    r = 1
    if title:
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        r = 2
    r += blank_rows
    for row in rows:
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                ws.cell(r, c, value)
        r += 1
    for name in extra_sheets:
        wb.create_sheet(name)
    wb.save(path)
    return path


def xlsx_rows() -> list[list[Any]]:
    return [
        HEADER,
        [1, "地方标准", "花椒生产技术规程", "区科技局", dt.date(2024, 3, 5), "DB50/T 1000-2024", 3,
         "已发布", None, None],
        [2.0, "国家标准", "富硒茶", "区市场监管局", "2024年3月", "GB/T 1.1—2020", "任务5", None,
         None, "备注"],
        [3, "企业标准", "企业标准甲", "白沙镇", dt.datetime(2024, 1, 1, 10, 30), "q/jj 0001-2024",
         None, None, None, None],
        [4, "试点示范", "标准化试点", "区经信委", None, None, "第12项", "进行中",
         dt.date(2024, 12, 31), None],
        ["合计", None, None, None, None, None, None, None, None, "4项"],
    ]


def test_xlsx_with_merged_title_blank_row_and_total(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "台账.xlsx", xlsx_rows(), title="江津区2024年标准化工作台账",
                     blank_rows=1)
    entries, reader = read(path)
    assert reader.header.row == 3
    check_standard_rows(entries, 4)
    assert reader.summary.format == "xlsx" and reader.summary.sheet == "台账"
    assert reader.summary.encoding is None
    assert (reader.summary.rows, reader.summary.used) == (4, 4)  # the 合计 row is no data row
    assert row_findings(reader) == []


def test_xlsx_rows_numbered_as_excel_shows_them(tmp_path: Path) -> None:
    """Blank rows above and no title row: calamine's used range starts at the header, the row
    numbers must still be the sheet's."""
    path = make_xlsx(tmp_path / "a.xlsx", xlsx_rows(), blank_rows=4)
    entries, reader = read(path)
    assert reader.header.row == 5
    check_standard_rows(entries, 6)


def test_xlsx_sheet_choice(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "a.xlsx", xlsx_rows(), extra_sheets=("说明",))
    entries, reader = read(path, sheet="台账")
    assert len(entries) == 4 and reader.summary.sheet == "台账"
    with pytest.raises(LedgerError) as e:
        read(path, sheet="Sheet9")
    assert "no sheet named “Sheet9”" in e.value.message.en and "“台账”, “说明”" in e.value.message.en
    with pytest.raises(LedgerError, match="no header row"):
        read(path, sheet="说明")


def test_xlsx_that_is_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.xlsx", ROWS)
    with pytest.raises(LedgerError, match=r"not a .xlsx workbook.*rename it to .csv"):
        read(path)


def test_xls_that_is_a_web_page(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>序号</td></tr></table></body></html>")
    with pytest.raises(LedgerError, match="web page"):
        read(path)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<not really")
    with pytest.raises(LedgerError, match=r"damaged|cannot be read"):
        read(path)


def test_xlsx_stray_cell_far_right_is_refused_before_loading(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = make_xlsx(tmp_path / "a.xlsx", xlsx_rows())
    wb = openpyxl.load_workbook(path)
    wb.active["XFD1048576"] = "x"  # calamine would allocate 17 billion cells
    wb.save(path)
    with pytest.raises(LedgerError, match="cell XFD1048576, column 16384"):
        read(path)


def test_ods(tmp_path: Path) -> None:
    rows = [["江津区标准化台账"], [], *xlsx_rows()]
    entries, reader = read(make_ods(tmp_path / "台账.ods", rows))
    assert reader.header.row == 3
    check_standard_rows(entries, 4)
    assert (reader.summary.format, reader.summary.sheet) == ("ods", "台账")


def test_committed_ods_fixture() -> None:
    """tests/fixtures/ledger.ods, as LibreOffice-like tools write it (made by make_ods)."""
    path = Path(__file__).parent / "fixtures" / "ledger.ods"
    entries, _reader = read(path)
    check_standard_rows(entries, 4)


# --- dates, kinds, statuses, tasks -----------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05", dt.date(2024, 3, 5)),
    ("2024/3/5", dt.date(2024, 3, 5)),
    ("2024.3.5", dt.date(2024, 3, 5)),
    ("2024年3月5日", dt.date(2024, 3, 5)),
    ("2024 年 3 月 5 日", dt.date(2024, 3, 5)),
    ("２０２４－０３－０５", dt.date(2024, 3, 5)),  # full-width
    ("20240305", dt.date(2024, 3, 5)),
    ("2024-03-05 10:00:00", dt.date(2024, 3, 5)),
    ("2024/3/5 9:30", dt.date(2024, 3, 5)),
    ("2024-03-05T10:00:00", dt.date(2024, 3, 5)),
    ("2024-03", dt.date(2024, 3, 1)),
    ("2024/03", dt.date(2024, 3, 1)),
    ("2024年3月", dt.date(2024, 3, 1)),
    ("2024.02", dt.date(2024, 2, 1)),
    ("45356", dt.date(2024, 3, 5)),  # an Excel serial that lost its date format
    ("", None),
    ("  ", None),
])
def test_date_forms(text: str, expected: Optional[dt.date]) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13-01", "2023年2月29日", "2024年",
                                  "next week", "3/5/2024", "12345"])
def test_bad_dates(text: str) -> None:
    assert isinstance(parse_date(text), Bad)


def test_every_date_form_through_a_file(tmp_path: Path) -> None:
    forms = ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305",
             "2024-03-05 10:00:00", "2024-03", "2024/03", "2024年3月"]
    rows = [["类别", "名称", "责任单位", "完成日期"]]
    rows += [["地方标准", f"标准{i}", "区科技局", d] for i, d in enumerate(forms)]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert [e.date for e in entries] == [dt.date(2024, 3, 5)] * 6 + [dt.date(2024, 3, 1)] * 3
    assert row_findings(reader) == []


@pytest.mark.parametrize("text, kind", [
    ("国际标准", "international"), ("国家标准", "national"), ("行业标准", "industry"),
    ("地方标准", "local"), ("团体标准", "group"), ("企业标准", "enterprise"),
    ("试点示范", "pilot"), ("标准化试点示范", "pilot"), ("试点", "pilot"), ("示范项目", "pilot"),
    ("工作进展", "activity"), ("活动", "activity"), ("工作", "activity"),
    ("National", "national"), (" local ", "local"), ("地方标准（推荐性）", "local"),
    ("国家 标准", "national"),
])
def test_kinds(text: str, kind: str) -> None:
    assert parse_kind(text) == EntryKind(kind)


@pytest.mark.parametrize("text, status", [
    ("planned", "planned"), ("计划", "planned"), ("拟制定", "planned"), ("未开始", "planned"),
    ("in_progress", "in_progress"), ("in progress", "in_progress"), ("进行中", "in_progress"),
    ("推进中", "in_progress"), ("在研", "in_progress"), ("起草中", "in_progress"),
    ("done", "done"), ("已完成", "done"), ("已发布", "done"), ("已公开", "done"),
    ("已建成", "done"), ("完成", "done"), ("现行有效", "done"),
    ("cancelled", "cancelled"), ("已取消", "cancelled"), ("取消", "cancelled"),
    ("终止", "cancelled"),
])
def test_statuses(text: str, status: str) -> None:
    read = parse_status(text)
    assert isinstance(read, tuple) and read[0] == Status(status)
    # a word that names a stage is kept as written
    assert read[1] == (text.strip() if text.strip() in ("在研", "起草中", "制定中") else None)


@pytest.mark.parametrize("text, number", [
    ("3", 3), ("3.0", 3), ("任务3", 3), ("第3项", 3), ("(3)", 3), ("（3）", 3), ("第三项", 3),
    ("任务十二", 12), ("19", 19), (" 7 ", 7), ("", None),
])
def test_task_forms(text: str, number: Optional[int]) -> None:
    assert parse_task(text, 19) == (None if number is None else (number,))


@pytest.mark.parametrize("text", ["0", "20", "3.5", "3、25", "任务", "abc"])
def test_bad_tasks(text: str) -> None:
    assert isinstance(parse_task(text, 19), Bad)


@pytest.mark.parametrize("header, column", [
    ("序号", "id"), ("完成日期", "date"), ("完成时间", "date"), ("发布日期", "date"),
    ("日期", "date"), ("公开时间", "date"), ("发布时间", "date"), ("类别", "kind"),
    ("类型", "kind"), ("标准类别", "kind"), ("名称", "title"), ("标准名称", "title"),
    ("项目名称", "title"), ("工作内容", "title"), ("标准编号", "code"), ("编号", "code"),
    ("责任单位", "department"), ("牵头单位", "department"), ("单位", "department"),
    ("任务", "task"), ("任务编号", "task"), ("对应任务", "task"), ("状态", "status"),
    ("进展", "status"), ("完成情况", "status"), ("完成时限", "due"), ("时限", "due"),
    ("截止日期", "due"), ("备注", "note"), ("Kind", "kind"), (" TITLE ", "title"),
    ("*类别", "kind"), ("类别（必填）", "kind"), ("完成日期(YYYY-MM-DD)", "date"),
    ("责任\n单位", "department"), ("类　别", "kind"), ("ｋｉｎｄ", "kind"), ("【必填】名称", "title"),
    ("计量单位", None), ("联系人", None),
])
def test_header_matching(header: str, column: Optional[str]) -> None:
    assert column_for(header) == column


# --- row rules and every problem code --------------------------------------------------------


def test_every_problem_with_row_and_column(tmp_path: Path) -> None:
    rows = [
        ["江津区标准化台账"],
        ["序号", "*类别", "标准名称", "责任单位（必填）", "完成时间", "编号", "对应任务", "进展",
         "完成时限", "备注"],
        ["1", "地方标准", "好行", "区科技局", "2024-03-05", "DB50/T 1-2024", "3", "", "", ""],  # 3
        ["2", "怪标准", "a", "区科技局", "2024-03-05", "", "", "", "", ""],  # 4 unknown-kind
        ["3", "地方标准", "b", "区科技局", "2024-03-05", "", "", "差不多", "", ""],  # 5
        ["4", "地方标准", "c", "区科技局", "2024-02-30", "", "", "", "", ""],  # 6 bad-date
        ["5", "地方标准", "d", "区科技局", "", "", "", "计划", "明年", ""],  # 7 bad due
        ["6", "地方标准", "e", "区科枝局", "2024-03-05", "", "", "", "", ""],  # 8 unknown dept
        ["7", "地方标准", "f", "区科技局", "2024-03-05", "", "25", "", "", ""],  # 9 unknown-task
        ["8", "", "g", "区科技局", "2024-03-05", "", "", "", "", ""],  # 10 missing kind
        ["9", "地方标准", "", "区科技局", "2024-03-05", "", "", "", "", ""],  # 11 missing title
        ["10", "地方标准", "h", "", "2024-03-05", "", "", "", "", ""],  # 12 missing department
        ["11", "地方标准", "i", "区科技局", "2024-03-05", "GB/T 1-2020", "", "", "", ""],  # 13
        ["12", "地方标准", "x" * 10_050, "区科技局", "2024-03-05", "", "", "", "", ""],  # 14
        ["13", "地方标准", "j", "白沙镇", "2024-03-05", "", "", "", "", ""],  # 15 a town: fine
        ["", "", "", "", "", "", "", "", "", ""],  # 16 blank
        ["14", "", "", "", "", "", "", "", "", ""],  # 17 numbered template row
        ["合计", "", "", "", "", "", "", "", "", "13"],  # 18
    ]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert problems(reader) == [
        (4, "*类别", "unknown-kind", "error", False),
        (5, "进展", "unknown-status", "error", False),
        (6, "完成时间", "bad-date", "error", False),
        (7, "完成时限", "bad-date", "warning", True),
        (8, "责任单位（必填）", "unknown-department", "warning", True),
        (9, "对应任务", "unknown-task", "warning", True),
        (10, "*类别", "missing-value", "error", False),
        (11, "标准名称", "missing-value", "error", False),
        (12, "责任单位（必填）", "missing-value", "error", False),
        (13, "编号", "code-kind-conflict", "error", False),
        (14, "标准名称", "long-cell", "warning", True),
    ]
    assert [e.row for e in entries] == [3, 7, 8, 9, 14, 15]
    by_row = {e.row: e for e in entries}
    assert by_row[7].due is None and by_row[7].status is Status.planned
    assert by_row[8].department is None and by_row[8].town is None
    assert by_row[9].task is None
    assert len(by_row[14].title) == 10_000
    assert by_row[15].town == "白沙镇" and by_row[15].department is None
    assert (reader.summary.rows, reader.summary.used) == (13, 6)
    messages = {p.code: p.message.en for p in row_findings(reader)}
    assert "did you mean 区科技局" in messages["unknown-department"]
    assert "地方标准/local" in messages["unknown-kind"] and "试点示范/pilot" in messages["unknown-kind"]
    assert "已完成/done" in messages["unknown-status"]
    assert "2024-03-05" in messages["bad-date"]
    assert "national" in messages["code-kind-conflict"] and "GB/T 1-2020" in messages["code-kind-conflict"]
    # every problem is attached to the file as given
    assert {p.source for p in row_findings(reader)} == {str(tmp_path / "a.csv")}


def test_problem_on_a_repeated_value_is_reported_every_time(tmp_path: Path) -> None:
    rows = [HEADER[:4]] + [[str(i), "怪标准", "t", "区科技局"] for i in range(3)]
    rows += [[str(i), "地方标准", "t", "区科枝局"] for i in range(3, 5)]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert [p.line for p in row_findings(reader)] == [2, 3, 4, 5, 6]
    assert len(entries) == 2


def test_duplicate_column(tmp_path: Path) -> None:
    rows = [["类别", "名称", "责任单位", "牵头单位"], ["地方标准", "t", "区科技局", "区科委"]]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert problems(reader) == [(1, "牵头单位", "duplicate-column", "warning", None)]
    assert entries[0].department == "区科技局"


@pytest.mark.parametrize("date, due, status", [
    ("2024-03-05", "", Status.done),
    ("", "2024-12-31", Status.planned),
    ("", "", Status.done),
    ("2024-03-05", "2024-12-31", Status.done),
])
def test_empty_status_rule(tmp_path: Path, date: str, due: str, status: Status) -> None:
    rows = [["类别", "名称", "责任单位", "完成日期", "完成时限", "状态"],
            ["地方标准", "t", "区科技局", date, due, ""]]
    entries, _ = read(write(tmp_path / "a.csv", rows))
    assert entries[0].status is status


#: What an entry says, shape and all (a shape is its file's own object: compared by value)
ENTRY_FIELDS = ("source", "sheet", "kind", "title", "department", "town", "co_departments",
                "roles", "date", "due", "code", "written", "firm", "status", "stage", "task",
                "more_tasks", "flagged")


def _careful_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row the careful way: no kind is remembered for the fast path."""
    from stdcheck.vocabulary import EntryKind

    monkeypatch.setattr(R.Cells, "kind_id", lambda self, raw, kind: list(EntryKind).index(kind))


def test_fast_and_slow_paths_agree(tmp_path: Path) -> None:
    """The same row read first (careful path) and again (cached fast path) gives equal
    entries but for the row number."""
    row = ["1", "企业标准", "标准", "区科委", "2024/3/5", " q/jj 1-2024 ", "任务3", "", "2025-01",
           " 备注 "]
    entries, reader = read(write(tmp_path / "a.csv", [HEADER, row, row, row]))
    assert len(entries) == 3 and row_findings(reader) == []
    first, *rest = entries
    for e in rest:
        for field in ENTRY_FIELDS:
            assert getattr(e, field) == getattr(first, field), field
        assert e.shape is first.shape  # the rows share one shape
    assert first.code == "Q/JJ 1-2024" and first.department == "区科技局"


def test_problem_log(tmp_path: Path) -> None:
    log = FindingLog()
    rows = [HEADER[:4], ["1", "怪", "t", "区科技局"]]
    reader = open_ledger(write(tmp_path / "a.csv", rows), names=NAMES, problems=log)
    assert list(reader) == []
    assert reader.problems is log and log.count("unknown-kind") == 1


def test_read_once(tmp_path: Path) -> None:
    _, reader = read(write(tmp_path / "a.csv", ROWS))
    with pytest.raises(RuntimeError):
        iter(reader)


def test_max_task(tmp_path: Path) -> None:
    rows = [["类别", "名称", "责任单位", "任务"], ["地方标准", "t", "区科技局", "7"]]
    entries, reader = read(write(tmp_path / "a.csv", rows), max_task=5)
    assert entries[0].task is None and row_findings(reader)[0].code == "unknown-task"
    assert "1–5" in row_findings(reader)[0].message.en


# --- files that cannot be used ---------------------------------------------------------------


def test_missing_required_column(tmp_path: Path) -> None:
    rows = [["序号", "类别", "名称", "完成日期"], ["1", "地方标准", "t", "2024-01-01"]]
    with pytest.raises(LedgerError) as e:
        read(write(tmp_path / "a.csv", rows))
    assert e.value.code == "missing-column" and "责任单位 (department)" in e.value.message.en
    assert e.value.as_finding().code == "missing-column"
    assert "row 1" in e.value.message.en


def test_header_not_found(tmp_path: Path) -> None:
    rows = [["甲", "乙", "丙"], ["1", "2", "3"]]
    with pytest.raises(LedgerError) as e:
        read(write(tmp_path / "a.csv", rows))
    msg = e.value.message.en
    assert "no header row found in the first 30 rows" in msg
    assert "类别 (kind)" in msg and "名称 (title)" in msg and "责任单位 (department)" in msg


def test_header_below_row_30_is_not_found(tmp_path: Path) -> None:
    rows = [["说明"]] * 30 + ROWS
    with pytest.raises(LedgerError, match="no header row"):
        read(write(tmp_path / "a.csv", rows))


def test_missing_file_suffix_and_size(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no such file"):
        read(tmp_path / "nope.csv")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(LedgerError, match=r"unknown suffix “.pdf”"):
        read(tmp_path / "a.pdf")
    path = write(tmp_path / "a.csv", ROWS)
    with pytest.raises(LedgerError) as e:
        read(path, max_bytes=100)
    assert f"is {path.stat().st_size:,} bytes, over the limit of 100 bytes" in e.value.message.en


def test_error_carries_source_and_is_an_input_error(tmp_path: Path) -> None:
    from stdcheck.errors import InputError

    with pytest.raises(InputError) as e:
        read(tmp_path / "nope.csv")
    assert e.value.source == str(tmp_path / "nope.csv")
    assert str(e.value).startswith(str(tmp_path / "nope.csv") + ": ")


def test_expand(tmp_path: Path) -> None:
    for name in ("b.xlsx", "a.csv", "~$b.xlsx", ".hidden.csv", "notes.docx", "c.ODS",
                 "Thumbs.db", ".~lock.b.xlsx#", "wps.et"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.csv").write_bytes(b"")
    (tmp_path / "sub" / "deeper" / "d.csv").write_bytes(b"")
    other = tmp_path / "sub" / "x.weird"
    other.write_bytes(b"")
    got = expand([tmp_path, other, tmp_path / "a.csv"])
    # recursive, in path order; a file named directly is kept whatever its suffix, once
    assert [p.relative_to(tmp_path).as_posix() for p in got.files] == [
        "a.csv", "b.xlsx", "c.ODS", "sub/deeper/d.csv", "wps.et", "sub/x.weird"]
    skipped = {p.relative_to(tmp_path).as_posix(): why.en for p, why in got.skipped}
    assert skipped == {
        ".git": "a hidden folder", ".hidden.csv": "a hidden file",
        ".~lock.b.xlsx#": "a lock or temporary file", "Thumbs.db": "a lock or temporary file",
        "notes.docx": "not a ledger (.docx)", "~$b.xlsx": "a lock or temporary file"}
    assert tmp_path / "sub/deeper/d.csv" in got.in_folders and other not in got.in_folders
    excluded = expand([tmp_path], exclude=[tmp_path / "b.xlsx"])
    assert tmp_path / "b.xlsx" not in excluded.files
    assert (tmp_path / "b.xlsx", "the report being written") in [
        (p, why.en) for p, why in excluded.skipped]
    with pytest.raises(LedgerError, match="no such file or folder"):
        expand([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(LedgerError, match="folder without ledger files"):
        expand([tmp_path / "empty"])


# --- with the real registry --------------------------------------------------------------------


def test_real_department_registry(tmp_path: Path) -> None:
    from stdcheck.policy import load

    data = load()
    names = DepartmentIndex(data.departments, data.prefixes)
    rows = [HEADER[:4], ["1", "地方标准", "t", "重庆市江津区科学技术局"],
            ["2", "地方标准", "t", "几江街道办事处"], ["3", "地方标准", "t", "区科枝局"]]
    entries, reader = read(write(tmp_path / "a.csv", rows), names=names,
                           max_task=max(t.number for t in data.tasks))
    assert entries[0].department == "区科技局"
    assert entries[1].town == "几江街道" and entries[1].department is None
    assert "did you mean 区科技局" in row_findings(reader)[0].message.en


# --- standard numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("raw, normalized", [
    ("GB/T 1.1—2020", "GB/T 1.1-2020"), ("ＧＢ／Ｔ　１．１－２０２０", "GB/T 1.1-2020"),
    ("gb/t 1.1–2020", "GB/T 1.1-2020"), ("DB50/ 1000-2021", "DB50/ 1000-2021"),
    ("Q/JJ 0001\u00a0S-2019", "Q/JJ 0001S-2019"), ("GB/T1.1-2020", "GB/T 1.1-2020"),
    ("GBT1.1-2020", "GB/T 1.1-2020"), ("DB50/1000-2021", "DB50/ 1000-2021"),
])
def test_normalize_code(raw: str, normalized: str) -> None:
    assert normalize_code(raw) == normalized
    assert normalize_code(normalized) == normalized


@pytest.mark.parametrize("kind, code", [
    ("national", "GB/T 1.1-2020"), ("national", "GB 3100-93"), ("national", "GB/Z 1-2020"),
    ("national", "GBZ 2.1-2019"), ("national", "GB/T 19001-2016/ISO 9001:2015"),
    ("national", "GBT 1-2020"), ("local", "DB50_T 1846-2025"), ("local", "DBJ50/T-562-2016"),
    ("local", "DB50/T 1000-2021"), ("local", "DB50/ 1000-2021"), ("local", "DB5001/T 1-2021"),
    ("industry", "QC/T 29106-2014"), ("industry", "NB/SH/T 0001-2019"),
    ("industry", "JGJ/T 1-2020"), ("industry", "DB/T 17-2018"), ("industry", "JB 1234-2000"),
    ("group", "T/CAS 290-2017"), ("enterprise", "Q/BBAH 0012S-2019"),
    ("international", "ISO 9001:2015"), ("international", "ISO/IEC 27001:2022"),
    ("international", "IEC 60335-1:2020"), ("international", "ITU-T Y.3172 (06/2019)"),
    ("pilot", "anything"), ("activity", ""),
])
def test_code_fits(kind: str, code: str) -> None:
    assert check_code(kind, code) is None
    assert check_code(EntryKind(kind), code) is None


@pytest.mark.parametrize("kind, code, words", [
    ("national", "DB50/T 1000-2021", "地方标准 (local)"),
    ("national", "GB/T 1-2020 附录", "not a 国家标准"),  # an unread tail
    ("local", "DB/T 17-2018", "earthquake"),
    ("local", "DB44/T 1-2020", "广东"),
    ("local", "GB/T 1-2020", "national"),
    ("industry", "XX/T 1-2020", "not a 行业标准"),
    ("group", "Q/JJ 1-2020", "enterprise"),
    ("enterprise", "T/CAS 1-2020", "group"),
    ("international", "GB/T 19001-2016/ISO 9001:2015", "national"),
])
def test_code_mismatch(kind: str, code: str, words: str) -> None:
    message = check_code(kind, code, home_prefix="DB50")
    assert message is not None and words in message.en
    assert code.split()[0].replace("/", "") in message.zh.replace("/", "")  # zh names the number too


def test_home_prefix_is_a_parameter() -> None:
    assert check_code("local", "DB44/T 1-2020") is None  # a policy without a local prefix
    assert check_code("local", "DB44/T 1-2020", home_prefix="DB44") is None
    assert check_code("local", "DB4403/T 1-2020", home_prefix="DB44") is None
    assert check_code("local", "DB50/T 1-2020", home_prefix="DB44") is not None


def test_guess_kind() -> None:
    assert guess_kind("GB/T19001-2016/ISO9001:2015") == "national"
    assert guess_kind("DB/T17-2018") == "industry"
    assert guess_kind("HELLO") is None


@pytest.mark.parametrize("code", [
    "Q/JJ000001-2024", "Q/", "Q/JJ 1", "T/CAS290-2017", "GB/T1.1-2020", "GB/T19001-2016/ISO9001:2015",
    "GBT1-2020", "GB3100-93", "ANY-THING", "q/jj1", "DB50/T1-2020", "T/",
    # keys as normalize_code now gives them, and near misses
    "Q/JJ 0000001-2024", "T/CQSES 001-2024", "GB/T 5-2025", "GB 3100-1993", "GB/Z 1.1-2020",
    "Q/BBAH 0012S-2019", "GB/T 5-1899", "GB/T 5-2100", "GB/T 5", "GB/T  5-2025", "GB/T 5-2025 ",
    "T/CAS 1-2020/ISO 1:2000", "GBZ 2.1-2019", "DB50/T 1234-2023", "Q/12JN 3001-2019",
])
def test_fast_path_code_rules_agree_with_check_code(code: str) -> None:
    """The reader's fast path accepts a number without codes.check_code only when
    check_code would accept it too, and only when it is already its own key; and it does take
    the keys of the common kinds (each param says which kinds' patterns take it)."""
    assert _fits_agree(code) == _FAST_KINDS.get(code, set())


def _fits_agree(code: str) -> set[str]:
    """The kinds whose fast pattern takes ``code``, each one checked to take only a key that
    check_code accepts for it."""
    fitting = {kind for kind, fits in FastKeys(None).fits.items() if fits(code)}
    for kind in fitting:
        assert code == normalize_code(code)
        assert check_code(kind, code) is None, (kind, code)
    return fitting


_ANY = {"pilot", "activity"}  # kinds without a numbering rule take any key
_FAST_KINDS = {
    "Q/JJ 0000001-2024": {"enterprise"} | _ANY, "Q/BBAH 0012S-2019": {"enterprise"} | _ANY,
    "T/CQSES 001-2024": {"group"} | _ANY, "GB/T 5-2025": {"national"} | _ANY,
    "GB 3100-1993": {"national"} | _ANY, "GB/Z 1.1-2020": {"national"} | _ANY,
    "ISO 9001:2015": {"international"}, "ISO 1.1:1999": {"international"},
    "LS/T 29101-2023": {"industry"}, "JB 1-2015": {"industry"}, "DB/T 17-2018": {"industry"},
    "SB/T 1.2-2020": {"industry"},
}


@pytest.mark.parametrize("code", [
    "ISO 9001:2015", "ISO 1:1899", "ISO 9001", "ISO/IEC 27001:2013", "ISO9001:2015",
    "LS/T 29101-2023", "LS/T 29101-23", "LST 1-2020", "XX/T 1-2020", "DB/T 17-2018",
    "DB50/T 1001-2024", "DB50/T 1.1-2024", "DB44/T 1-2020", "DB5001/T 1-2020", "DB50/T1-2020",
    "DB50/T 1-1899", "DB50 1-2020",
])
def test_fast_path_rules_for_the_other_kinds_agree_with_check_code(code: str) -> None:
    """International, industry and (with the home province) local keys: the same rule."""
    local = FastKeys("DB50").fits["local"]
    assert not FastKeys(None).fits["local"](code) or not code  # no home province: careful
    if local(code):
        assert code == normalize_code(code)
        assert check_code("local", code, home_prefix="DB50") is None, code
    for kind in ("international", "industry"):
        if FastKeys(None).fits[kind](code):
            assert code == normalize_code(code)
            assert check_code(kind, code, home_prefix="DB50") is None, (kind, code)
    assert bool(local(code)) == (code in ("DB50/T 1001-2024", "DB50/T 1.1-2024"))


def test_fast_path_takes_every_industry_code() -> None:
    for prefix in sorted(INDUSTRY_CODES):
        for code in (f"{prefix}/T 1-2020", f"{prefix} 1.2-2019"):
            assert FastKeys(None).fits["industry"](code), code
            assert code == normalize_code(code), code
            assert check_code("industry", code) is None, code



def test_fast_path_takes_the_common_keys() -> None:
    """The patterns are not vacuous: the keys most ledgers hold skip the careful check."""
    fits = FastKeys(None).fits
    assert fits["national"]("GB/T 5-2025") and fits["enterprise"]("Q/JJ 0000001-2024")
    assert fits["group"]("T/CQSES 001-2024") and fits["pilot"]("GB/T 5-2025")
    assert not fits["national"]("GBT5-2025") and not fits["group"]("Q/JJ 1-2024")


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"(GB|GB/T|GB/Z|GBT|T/|Q/|T/CAS|Q/JJ|DB50/T|ISO)[ _/-]?[0-9A-Z.]{0,8}"
                     r"([-_ ][0-9]{2,4})?(/ISO [0-9]+)?", fullmatch=True))
def test_fast_path_code_rules_agree_with_check_code_generated(code: str) -> None:
    # which kinds take a generated number is not listed (GB 0-2000 is a national key)
    _fits_agree(code)


def _spaced_agrees(code: str) -> list[str]:
    """The kinds whose fast path rewrites ``code`` (written without the space after its code,
    as a file name, with a dash variant, an ISO number with a dash year), each giving the key
    normalize_code gives, which check_code accepts for the kind."""
    taken = []
    keys = FastKeys("DB50")
    for kind in keys.fits:
        spaced = keys.rewrite[kind](code)
        if spaced is not None:
            assert spaced == normalize_code(code), (kind, code, spaced)
            assert check_code(kind, spaced, home_prefix="DB50") is None, (kind, code)
            taken.append(kind)
    return taken


@pytest.mark.parametrize(("code", "kinds"), [
    ("Q/JJ0000001-2024", ["enterprise"]), ("Q/BBAH0012S-2019", ["enterprise"]),
    ("T/CQSES001-2024", ["group"]), ("GB/T5-2025", ["national"]), ("GB3100-1993", ["national"]),
    ("GB/Z1.1-2020", ["national"]), ("ISO9001:2015", ["international"]),
    ("QC/T1-2014", ["industry"]), ("JB1-2015", ["industry"]), ("DB50/T1800-2025", ["local"]),
    # not taken: already keys, other provinces, two-digit years, no serial, lower case, spaces
    ("GB/T 5-2025", []), ("DB44/T1-2020", []), ("GB/T5-25", []), ("Q/JJ-2024", []),
    ("q/jj1-2024", []), ("GB/T5-2025 ", []), ("GBT5-2025", []), ("GB/T5-2016/ISO9001:2015", []),
])
def test_fast_path_puts_in_the_space_as_normalize_code_does(code: str, kinds: list[str]) -> None:
    assert _spaced_agrees(code) == kinds


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"(GB|GB/T|GB/Z|T/[A-Z]{1,4}|Q/[A-Z0-9]{1,4}|DB50/T|DB44/T|ISO|QC/T|JB|HG/T)"
                     r"[0-9A-Z.]{0,6}([-:_][0-9]{2,4})?(S-20[0-9]{2})?(/ISO ?[0-9]+)?",
                     fullmatch=True))
def test_fast_path_space_agrees_with_normalize_code_generated(code: str) -> None:
    _spaced_agrees(code)


@pytest.mark.parametrize(("code", "kinds"), [
    ("GB_T_1234_2024", ["national"]), ("GB_1234_2024", ["national"]),
    ("Q_JJLY_0001S_2025", ["enterprise"]), ("T_CQSES_001_2024", ["group"]),
    ("DB50_T_1001_2024", ["local"]), ("NY_T_29106_2015", ["industry"]),
    ("QB/T12—2024", ["industry"]), ("GB/T 5—2025", ["national"]), ("GB11–2025", ["national"]),
    ("ISO 9001-2015", ["international"]),
    # not rewritten: another province, no year, parts, lower case, a second underscore form
    ("DB44_T_1_2020", []), ("GB_T_1234", []), ("ISO 9001-1-2015", []), ("gb_t_1_2020", []),
    ("GB__T_1_2020", []),
])
def test_fast_path_rewrites_common_forms_as_normalize_code_does(code: str,
                                                                kinds: list[str]) -> None:
    assert _spaced_agrees(code) == kinds


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"(GB|GB_T|GB_Z|T_[A-Z]{1,4}|Q_[A-Z]{1,4}|DB50_T|DB44_T|ISO|NY_T|QB/T|GB/T)"
                     r"[ _]?[0-9]{0,6}(\.[0-9]{1,2})?S?([-_—–:][0-9]{2,4})?", fullmatch=True))
def test_fast_path_rewrites_agree_with_normalize_code_generated(code: str) -> None:
    _spaced_agrees(code)


def test_key_ignores_decoration() -> None:
    assert key("＊类 别（必填）") == "类别"
    assert key("(必填)") == "(必填)"


def test_fast_path_gives_what_the_careful_path_gives(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A few hundred rows of repeated values, with problems sprinkled in, read normally (most
    rows on the cached fast path) and with every row forced through the careful path."""
    kinds = ["企业标准", "地方标准", "国家标准", "团体标准", "试点", "怪标准", "行业标准"]
    depts = ["区科技局", "区科委", "白沙镇", "区科枝局", "", "江津区市场监管局"]
    dates = ["2024-03-05", "2024年3月", "", "2024-02-30", "20240101"]
    codes = ["Q/JJ {:04d}-2024", "DB50/T {}-2024", "GB/T {}-2020", "T/CAS {}-2020", "",
             "GB/T {}-2016/ISO 9001:2015", "q/jj{}", "QC/T {}-2014", "ＧＢ／Ｔ {}—2020",
             "Q/JJ{:04d}-2024", "GB/T{}-2020", "DB50/T{}-2024", "ISO{}:2015", "QC/T{}-14",
             "T/CAS{}-2020"]  # 15: co-prime to the 7 kinds, so every kind meets every number
    statuses = ["", "已发布", "进行中", "计划", "差不多"]
    rows = [HEADER]
    for i in range(700):
        rows.append([str(i), kinds[i % 7], f"标准{i}" if i % 97 else " ", depts[i % 6],
                     dates[i % 5], codes[i % 15].format(i), str(i % 23), statuses[i % 5],
                     "2025-06" if i % 4 == 0 else "", "备注" if i % 3 == 0 else ""])
    rows.append(["合计", "", "", "", "", "", "", "", "", ""])
    path = write(tmp_path / "a.csv", rows)

    def reading() -> tuple[list[tuple], list[tuple], tuple[int, int], list[tuple]]:
        reader = open_ledger(path, names=NAMES)
        dropped: list[tuple] = []  # what the report's evidence is told of each row left out
        reader.on_dropped = lambda who, row, date, kind, title: dropped.append(
            (row, who and (who.name, who.town), date, kind, title))
        entries = list(reader)
        as_tuples = [tuple(getattr(e, f) for f in ("row", *ENTRY_FIELDS)) for e in entries]
        found = [(*p, f.message.en) for p, f in zip(problems(reader), [
            f for f in reader.problems if f.code != "no-task-column"], strict=True)]
        return as_tuples, found, (reader.summary.rows, reader.summary.used), dropped

    fast = reading()
    _careful_only(monkeypatch)
    careful = reading()
    assert fast == careful
    # both paths really had work (rows whose number is of another kind are dropped)
    assert len(fast[0]) > 80 and len(fast[1]) > 200
    assert sum(1 for f in fast[1] if f[2] == "code-kind-conflict") > 30 and len(fast[3]) > 30


def test_xlsx_guard_limits(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = make_xlsx(tmp_path / "a.xlsx", xlsx_rows())
    wb = openpyxl.load_workbook(path)
    wb.active["GR2"] = "column 200 is allowed"
    wb.save(path)
    assert len(read(path)[0]) == 4
    wb.active["GS2"] = "column 201 is not"
    wb.save(path)
    with pytest.raises(LedgerError, match="cell GS2, column 201"):
        read(path)
    del wb.active["GS2"]
    wb.active["AZ1048576"] = "far below"
    wb.save(path)
    with pytest.raises(LedgerError, match=r"reaches row 1,048,576.*save the table as CSV"):
        read(path)


def test_xlsx_hidden_first_sheet_is_passed_over(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = make_xlsx(tmp_path / "a.xlsx", xlsx_rows(), sheet="台账")
    wb = openpyxl.load_workbook(path)
    lookup = wb.create_sheet("下拉选项", 0)
    lookup["A1"] = "地方标准"
    lookup.sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
    entries, reader = read(path)
    assert reader.summary.sheet == "台账" and len(entries) == 4


def _ods_with_row(tmp_path: Path, row_xml: str) -> Path:
    """The standard ledger as .ods with ``row_xml`` (raw content.xml) after its rows."""
    path = make_ods(tmp_path / "a.ods", xlsx_rows())
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"</table:table>", row_xml.encode() + b"</table:table>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else
                       zipfile.ZIP_DEFLATED)
    return path


def test_ods_guard_limits(tmp_path: Path) -> None:
    # LibreOffice pads every sheet with empty repeated rows and cells: harmless.
    padding = ('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
               'table:number-columns-repeated="1024"/></table:table-row>')
    assert len(read(_ods_with_row(tmp_path, padding))[0]) == 4
    # A value repeated nine million times would expand into gigabytes in calamine.
    bomb = ('<table:table-row table:number-rows-repeated="9000000"><table:table-cell '
            'office:value-type="string" table:number-columns-repeated="10"><text:p>x</text:p>'
            "</table:table-cell></table:table-row>")
    with pytest.raises(LedgerError, match=r"repeated 9,000,000 times.*save the table as CSV"):
        read(_ods_with_row(tmp_path, bomb))
    wide = ('<table:table-row><table:table-cell table:number-columns-repeated="250"/>'
            '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
            "</table:table-row>")
    with pytest.raises(LedgerError, match="value in column 251 of row 7; a ledger has at most 200"):
        read(_ods_with_row(tmp_path, wide))


def test_xls(tmp_path: Path) -> None:
    """An old-style .xls (BIFF8), as older offices and WPS still save: title row, date cells."""
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("台账")
    ws.write_merge(0, 0, 0, 5, "江津区标准化工作台账")
    for i, h in enumerate(["序号", "完成日期", "类别", "标准名称", "标准编号", "责任单位"]):
        ws.write(2, i, h)
    as_date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, (day, kind, title, code, dept) in enumerate([
        (dt.date(2024, 3, 5), "地方标准", "花椒烘干技术规程", "DB50/T 1500-2024", "区科技局"),
        (dt.date(2023, 11, 27), "国家标准", "摩托车 技术要求", "GB/T 43472-2023", "区经信委"),
    ], start=3):
        ws.write(r, 0, r - 2)
        ws.write(r, 1, day, as_date)
        for c, value in enumerate((kind, title, code, dept), start=2):
            ws.write(r, c, value)
    path = tmp_path / "台账.xls"
    wb.save(str(path))
    entries, reader = read(path)
    assert (reader.summary.format, reader.summary.sheet, reader.header.row) == ("xls", "台账", 3)
    assert [(e.row, e.date, e.kind.value, e.code, e.department) for e in entries] == [
        (4, dt.date(2024, 3, 5), "local", "DB50/T 1500-2024", "区科技局"),
        (5, dt.date(2023, 11, 27), "national", "GB/T 43472-2023", "区经济信息委"),
    ]


def test_empty_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    with pytest.raises(LedgerError) as exc:
        open_ledger(path, names=NAMES)
    assert "is empty (0 bytes)" in exc.value.message.en and "空文件" in exc.value.msg.zh


def _rows_of(n: int, kind: str = "企业标准", dept: str = "区科技局") -> str:
    return "".join(f"{i},{kind},产品{i},{dept},2024-05-01,Q/JJ {i:05d}-2024\r\n"
                   for i in range(1, n + 1))


def test_bad_byte_past_the_sampled_start_is_located_by_a_full_pass(tmp_path: Path) -> None:
    """The encoding is chosen on the start of the file; a bad byte far below still stops the
    read with its line and byte offset, and nothing is dropped silently."""
    head = ",".join(HEADER[:6]) + "\r\n" + _rows_of(30_000)  # ~1.5 MiB of valid UTF-8
    data = head.encode("utf-8")
    assert len(data) > 1 << 20
    path = tmp_path / "a.csv"
    path.write_bytes(data + "30001,企业标准,".encode() + b"\xb2\xfa\r\n")
    reader = open_ledger(path, names=NAMES)
    assert reader.summary.encoding == "utf-8"
    with pytest.raises(LedgerError) as e:
        list(reader)
    assert f"line 30002, byte offset {len(data) + len('30001,企业标准,'.encode())}" in \
        e.value.message.en
    assert "第 30002 行" in e.value.msg.zh
    # Text is decoded a block at a time, so reading stops at the block holding the bad byte;
    # summary.used says how many rows were read before it (--keep-going's problem names it).
    assert 29_000 < reader.summary.used <= 30_000


def test_gb18030_after_a_long_ascii_start_is_still_gb18030(tmp_path: Path) -> None:
    ascii_rows = "".join(f"{i},local,standard {i},keji,2024-05-01,DB50/T {i}-2024\r\n"
                         for i in range(1, 30_001))  # > 1 MiB of ASCII: both encodings fit
    text = ",".join(HEADER[:6]) + "\r\n" + ascii_rows + "30001,地方标准,花椒,区科技局,2024-05-01,\r\n"
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode("gb18030"))
    entries, reader = read(path)
    assert reader.summary.encoding == "gb18030"
    assert entries[-1].title == "花椒" and entries[-1].department == "区科技局"


# A government-style two-row header: 序号, 类别, 名称, 责任单位 span both rows (merged
# vertically); 完成情况 is a group heading over 状态 | 完成时间.
TWO_ROW_HEADER = [
    ["序号", "类别", "名称", "责任单位", "完成情况", None, "备注"],
    [None, None, None, None, "状态", "完成时间", None],
]
TWO_ROW_DATA = [
    [1, "地方标准", "花椒烘干技术规程", "区科技局", "已发布", dt.date(2024, 3, 5), None],
    [2, "团体标准", "富硒大米", "区科技局", "推进中", None, "年底发布"],
    [3, "企业标准", "某产品", "区科技局", "已公开", "2024年13月1日", None],
]


def _check_two_row_header(entries: list[Entry], reader: R.LedgerReader, first: int) -> None:
    assert (reader.header.row, reader.header.rows) == (first - 2, 2)
    assert [(e.row, e.kind.value, e.status.value, e.date) for e in entries] == [
        (first, "local", "done", dt.date(2024, 3, 5)),
        (first + 1, "group", "in_progress", None),
    ]
    # the bad date is reported under the sub-heading it stands under, on its own row
    assert problems(reader) == [(first + 2, "完成时间", "bad-date", "error", False)]


def test_two_row_header_in_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = make_xlsx(tmp_path / "a.xlsx", TWO_ROW_HEADER + TWO_ROW_DATA, title="标准化工作台账")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for col in (1, 2, 3, 4, 7):
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws.merge_cells(start_row=2, start_column=5, end_row=2, end_column=6)
    wb.save(path)
    entries, reader = read(path)
    _check_two_row_header(entries, reader, first=4)


def test_two_row_header_in_csv(tmp_path: Path) -> None:
    rows = [[("" if c is None else c.isoformat() if isinstance(c, dt.date) else c) for c in r]
            for r in TWO_ROW_HEADER + TWO_ROW_DATA]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    _check_two_row_header(entries, reader, first=3)


def test_row_under_a_header_with_data_is_not_a_second_header(tmp_path: Path) -> None:
    rows = [["类别", "名称", "责任单位", "状态"], ["地方标准", "状态", "区科技局", "已发布"]]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert reader.header.rows == 1 and [e.title for e in entries] == ["状态"]


MERGED_ROWS = [
    ["序号", "类别", "名称", "责任单位", "完成日期"],
    [1, "地方标准", "花椒烘干技术规程", "区科技局", "2024-03-05"],
    [2, "团体标准", "富硒大米", None, "2024-04-05"],  # 责任单位 merged down from the row above
    [3, "企业标准", "某产品", None, "2024-05-05"],
]


def _check_merged(entries: list[Entry], reader: R.LedgerReader) -> None:
    assert row_findings(reader) == []
    assert [(e.row, e.title, e.department) for e in entries] == [
        (2, "花椒烘干技术规程", "区科技局"), (3, "富硒大米", "区科技局"), (4, "某产品", "区科技局")]


def test_merged_department_cells_in_xlsx_fill_down(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = make_xlsx(tmp_path / "a.xlsx", MERGED_ROWS)
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("D2:D4")
    wb.save(path)
    _check_merged(*read(path))


def test_merged_department_cells_in_ods_fill_down(tmp_path: Path) -> None:
    path = make_ods(tmp_path / "a.ods", MERGED_ROWS)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    content = parts["content.xml"].decode()
    spanned = '<table:table-cell table:number-rows-spanned="3" office:value-type="string">' \
              "<text:p>区科技局"
    content = content.replace('<table:table-cell office:value-type="string"><text:p>区科技局',
                              spanned, 1)
    content = content.replace("<table:table-cell/>", "<table:covered-table-cell/>")
    assert content.count("covered-table-cell") == 2
    parts["content.xml"] = content.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    _check_merged(*read(path))


def test_cell_merged_across_the_whole_sheet_is_harmless(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = make_xlsx(tmp_path / "a.xlsx", MERGED_ROWS[:2])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("E2:XFD2")  # the last cell of a data row, merged to the sheet's end
    wb.save(path)
    entries, _reader = read(path)
    assert [(e.title, e.date) for e in entries] == [("花椒烘干技术规程", dt.date(2024, 3, 5))]


# --- cells read by patterns are bounded ---------------------------------------------------------

@pytest.mark.parametrize(("column", "value", "kept"), [
    ("类别", "国家标准" + "啊" * 5000, False),  # cut, then an unknown kind: not counted
    ("责任单位", "区科技局" + "、区科技局" * 2000, True),  # cut: the departments read
    ("完成日期", "2024-03-05" + " " * 10 + "x" * 5000, False),
    ("状态", "已发布" + "啊" * 5000, False),
    ("任务", "3" + "，3" * 5000, True),
    ("标准编号", "GB/T 50016-2014" + "(2018年版)" * 7000, True),
])
def test_a_long_cell_of_a_pattern_column_is_cut_with_a_finding(
        tmp_path: Path, column: str, value: str, kept: bool) -> None:
    """No pattern reads more of a cell than its column's longest value: the cell is cut and
    the finding names its column and the limit."""
    row = ["1", "国家标准", "标准", "区科技局", "2024-03-05", "GB/T 1-2020", "3", "已发布", "",
           ""]
    row[HEADER.index(column)] = value
    entries, reader = read(write(tmp_path / "a.csv", [HEADER, row]), max_task=19)
    long = [p for p in reader.problems if p.code == "long-cell"]
    assert [(p.line, p.field) for p in long] == [(2, column)]
    limit = R.SHORT_CELLS[column_for(column)]  # type: ignore[index]
    assert f"at most {limit}" in long[0].message.en and f"{len(value.strip()):,}" in \
        long[0].message.en
    assert len(entries) == (1 if kept else 0)
    for p in reader.problems:  # no message repeats the whole cell
        assert len(p.message.en) < 1000 and len(p.message.zh) < 1000


def test_a_long_number_is_read_no_further_than_any_number(tmp_path: Path) -> None:
    from stdcheck.standard_numbers import MAX_NUMBER_LENGTH, parse

    text = "GB 50016-2014" + "(2018年版)" * 7000
    n = parse(text)
    assert not n.confident and len(n.normalised) <= MAX_NUMBER_LENGTH
    assert n.written == text and n.unread is not None and n.unread.endswith("…")
    message = check_code("national", text)
    assert message is not None and len(message.en) < 400
    assert parse("GB 50016-2014(2018年版)").confident  # a real one still reads


# --- a total row, and a ledger row that starts with the word ------------------------------------

@pytest.mark.parametrize("word", ["合计", "小计", "Total", "总计"])
def test_a_complete_row_that_starts_with_a_total_word_is_read_and_said(tmp_path: Path,
                                                                         word: str) -> None:
    rows = [HEADER,
            ["1", "国家标准", "标准一", "区科技局", "2024-03-05", "GB/T 1-2020", "", "", "", ""],
            [word, "国家标准", "标准二", "区科技局", "2024-03-06", "GB/T 2-2020", "", "", "", ""],
            [word, "", "", "", "", "", "", "", "", "2"]]  # the real total: no kind
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert [e.title for e in entries] == ["标准一", "标准二"]
    said = [p for p in reader.problems if p.code == "total-word-row"]
    assert [(p.line, p.field) for p in said] == [(3, "序号")]
    assert word in said[0].message.zh and said[0].severity.value == "warning"
    assert reader.summary.skipped_rows == 1  # the total row only


def test_a_total_row_in_the_first_data_column_is_skipped_quietly(tmp_path: Path) -> None:
    rows = [HEADER[1:], ["国家标准", "标准一", "区科技局", "2024-03-05", "", "", "", "", ""],
            ["合计", "", "", "", "", "", "", "", "1"]]
    entries, reader = read(write(tmp_path / "a.csv", rows))
    assert len(entries) == 1 and row_findings(reader) == []
    assert reader.summary.skipped_rows == 1


def test_a_long_firm_or_number_on_a_row_of_known_values_is_cut_and_said(tmp_path: Path) -> None:
    """A row whose few-valued cells were all seen before is read on the fast path; a firm cell
    past the long-cell limit or a number past the longest a number is goes the careful way all
    the same: cut, with a long-cell warning, as on the first row."""
    header = [*HEADER, "企业名称"]
    plain = ["1", "企业标准", "标准甲", "区科技局", "2024-03-05", "Q/JJ 0001-2024", "3", "已发布",
             "", "", "某公司"]
    long_firm = [*plain[:10], "企" * 10_001]
    long_firm[0], long_firm[2], long_firm[5] = "2", "标准乙", "Q/JJ 0002-2024"
    long_number = [*plain]
    long_number[0], long_number[2], long_number[5] = "3", "标准丙", "Q/JJ 0003-2024" + "9" * 100
    path = write(tmp_path / "a.csv", [header, plain, long_firm, long_number])
    entries, reader = read(path)
    said = {(f.line, f.code) for f in reader.problems}
    assert (3, "long-cell") in said and (4, "long-cell") in said
    by_row = {e.row: e for e in entries}
    assert len(by_row[3].firm or "") == R.LONG_CELL
    assert 4 not in by_row or len(by_row[4].written or "") <= R.SHORT_CELLS["code"]
