"""The meeting report as an Excel workbook, read back with openpyxl: the sheets and their
order, the same numbers as status, frozen headers and filters, real dates and numbers, the
chart, no formula a ledger could smuggle in, and --department."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import report_ledger as ledger
from conftest import run_ok as run
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.findings import CODES
from stdcheck.meeting import build
from stdcheck.render import Format, render
from stdcheck.render.sections import sections
from stdcheck.render.xlsx import display_width, sheet_name

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
AS_OF = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 9, 30)
CJK = re.compile(r"[\u4e00-\u9fff]")
runner = CliRunner()


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def header_row(ws: Worksheet) -> int:
    """The table's header row (1-based), from the autofilter."""
    ref = ws.auto_filter.ref
    assert ref, ws.title
    return int(re.match(r"[A-Z]+(\d+)", ref).group(1))  # type: ignore[union-attr]


def table(ws: Worksheet) -> list[dict[str, Any]]:
    """The rows of a sheet's (first) table as dicts keyed by the header."""
    h = header_row(ws)
    last = int(ws.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    columns = [c.value for c in ws[h]]
    return [dict(zip(columns, (c.value for c in ws[r]), strict=False))
            for r in range(h + 1, last + 1)]


@pytest.fixture(scope="module")
def example() -> dict[str, bytes]:
    r = build([EXAMPLE], as_of=AS_OF, since=dt.date(2026, 6, 1), now=NOW)
    return {lang: render(r, Format.xlsx, lang) for lang in ("en", "zh")}  # type: ignore[misc]


def test_sheets_in_the_order_of_the_sections(example: dict[str, bytes]) -> None:
    r = build([EXAMPLE], as_of=AS_OF, since=dt.date(2026, 6, 1), now=NOW)
    for lang, cover in (("en", "Contents"), ("zh", "目录")):
        names = workbook(example[lang]).sheetnames
        assert names == [cover, *(sheet_name(s.heading) for s in sections(r, lang))]
    assert workbook(example["en"]).sheetnames == [
        "Contents", "1. Overview", "2. Since the last meeting", "3. Overdue and due soon",
        "4. Actions by department", "5. Tasks", "6. Evidence", "7. Data quality"]
    assert workbook(example["zh"]).sheetnames == [
        "目录", "一、总体情况", "二、上次会议以来", "三、逾期和即将到期事项", "四、各部门督办事项",
        "五、主要任务", "六、计数依据", "七、数据质量"]
    # the cover links to each section's sheet
    cover = workbook(example["zh"])["目录"]
    links = [(c.value, c.hyperlink.location) for c in cover["A"] if c.hyperlink]
    assert links == [(s.heading, f"'{sheet_name(s.heading)}'!A1") for s in sections(r, "zh")]
    # without --since or --previous there is no "since the last meeting" sheet
    plain = render(build([EXAMPLE], as_of=AS_OF), Format.xlsx, "en")
    assert isinstance(plain, bytes)
    assert workbook(plain).sheetnames[1:3] == ["1. Overview", "2. Overdue and due soon"]


def test_sheet_names_are_valid() -> None:
    assert sheet_name("1. A/B: [x]*?\\y") == "1. A B x y"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("Tasks", ["tasks"]) == "Tasks (2)"
    assert sheet_name("'quoted'") == "quoted"
    assert display_width("ab花椒") == 6


def test_english_labels_in_english_chinese_labels_in_chinese(example: dict[str, bytes]) -> None:
    data = set(re.findall(r"[\u4e00-\u9fff（）、，：；·]+", EXAMPLE.read_text("utf-8")))
    data |= {d.name for d in __import__("stdcheck").load_policy().departments}
    en = workbook(example["en"])
    for ws in en:
        assert not CJK.search(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):  # Chinese only in names and ledger text
                    words = CJK.findall(c.value) and re.findall(r"[\u4e00-\u9fff]+", c.value)
                    assert all(any(w in d for d in data) for w in words), (ws.title, c.value)
    zh = workbook(example["zh"])
    for ws in zh:
        labels = [c.value for c in ws["A"][:1]]  # the heading
        if ws.auto_filter.ref:
            labels += [c.value for c in ws[header_row(ws)]]
        else:  # the cover: its labels are in column A
            labels += [c.value for c in ws["A"] if isinstance(c.value, str)]
        for label in labels:
            assert not re.search(r"[A-Za-z]", str(label).replace("#", "")), (ws.title, label)


def test_the_numbers_are_the_status_numbers(tmp_path: Path) -> None:
    status = json.loads(run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format",
                            "json", "--lang", "en").output)
    out = tmp_path / "report.xlsx"  # the suffix picks the format
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out), "--lang", "en")
    wb = openpyxl.load_workbook(out)
    rows = table(wb["1. Overview"])
    assert len(rows) == len(status["targets"])
    for row, t in zip(rows, status["targets"], strict=True):
        assert row["Target"] == t["name"]["en"]
        assert (row["Achieved"], row["Required"], row["Gap"]) == (t["achieved"], t["required"],
                                                                  t["gap"])
        assert row["Expected by now"] == t["expected_by_now"]
        assert row["State"] == t["state"].replace("_", " ")
    tasks = table(wb["4. Tasks"])
    assert [(x["#"], x["Entries"], x["Overdue items"]) for x in tasks] == [
        (t["number"], t["entries"], t["overdue"]) for t in status["tasks"]]
    evidence = table(wb["5. Evidence"])
    for t in status["targets"]:
        counted = [x for x in evidence if x["Target"] == t["name"]["en"] and x["Counts"] == "yes"]
        assert len(counted) == t["achieved"]
    quality = table(wb["6. Data quality"])
    # each finding under the catalogue's title of its code, not the code
    assert [x["Problem"] for x in quality] == [CODES[f["code"]].title.en
                                               for f in status["findings"]]


def test_every_sheet_is_frozen_filtered_and_sized(example: dict[str, bytes]) -> None:
    for data in example.values():
        wb = workbook(data)
        cover, *rest = wb.worksheets
        assert cover.freeze_panes == "A3"  # the report's and the policy's titles
        for ws in rest:
            h = header_row(ws)
            assert ws.freeze_panes == f"A{h + 1}", ws.title
            assert all(c.font.b for c in ws[h] if c.value), ws.title  # the header row
            assert ws.column_dimensions["A"].width > 4
            assert ws.cell(h + 1, 1).value is not None or ws.title.endswith("会议以来")
            assert ws.print_title_rows == f"${h}:${h}"  # the header on every printed page
            assert ws.page_setup.orientation == "landscape"
            assert ws.sheet_properties.pageSetUpPr.fitToPage  # one page wide (the default)
            assert ws.page_setup.fitToHeight == 0  # as many pages down as it takes
    # a column of Chinese titles is about twice as wide as it has characters
    ws = workbook(example["zh"])["六、计数依据"]
    title = next(c.column_letter for c in ws[header_row(ws)] if c.value == "名称")
    longest = max(len(str(c.value)) for c in ws[title][header_row(ws):] if c.value)
    assert ws.column_dimensions[title].width >= min(2 * longest, 60)


def test_dates_are_dates_and_numbers_numbers(example: dict[str, bytes]) -> None:
    wb = workbook(example["en"])
    cover = wb["Contents"]
    assert cover["B4"].value == dt.datetime(2026, 11, 28)  # as of
    assert cover["B4"].is_date and cover["B4"].number_format.startswith("yyyy-mm-dd")
    dates = [c for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, dt.datetime)]
    assert dates and all(c.is_date for c in dates)
    since = table(wb["2. Since the last meeting"])
    assert since and all(isinstance(x["Due"], dt.datetime) for x in since)
    assert all(isinstance(x["Days overdue"], int) for x in since)
    evidence = table(wb["6. Evidence"])
    assert all(isinstance(x["Date"], dt.datetime) for x in evidence
               if x["Counts"] == "yes" and x["Date"] is not None)
    summary = table(wb["1. Overview"])
    assert any(isinstance(x["Projected at the current pace"], dt.datetime) for x in summary)
    # no cell holds a number or a date as text
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str)
                            and re.fullmatch(r"-?\d+(\.\d+)?|\d{4}-\d\d-\d\d", c.value)), c


def test_the_summary_has_a_chart_and_the_goals(example: dict[str, bytes]) -> None:
    z = zipfile.ZipFile(io.BytesIO(example["en"]))
    assert "xl/charts/chart1.xml" in z.namelist()
    chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert "<c:barChart>" in chart
    # one series: each target as a share of its own required number (on one axis of counts
    # the 50-standard target flattened the others), read from the summary sheet's table
    assert chart.count("<c:ser>") == 1
    assert "'1. Overview'!$E$3:$E$7" in chart
    assert '<c:max val="1.5"/>' in chart and 'formatCode="0%"' in chart  # 3 of 2: 150 %
    rels = z.read("xl/worksheets/_rels/sheet2.xml.rels").decode("utf-8")
    assert "drawing" in rels
    ws = workbook(example["en"])["1. Overview"]
    column_a = [c.value for c in ws["A"]]
    at = column_a.index("Qualitative goals (not measured by the ledger)")
    assert column_a[at + 1] == 2025 and ws.cell(at + 2, 2).value.startswith("Standard supply")


HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "-1+2", "+1", "=1+1",
           "=cmd|' /C calc'!A0"]


def test_nothing_from_a_ledger_becomes_a_formula(tmp_path: Path, bulk: str) -> None:
    f = ledger(tmp_path / "a.csv", [
        [str(n), "2024-05-01", "地方标准", title, f"DB50/T {n}-2024", "区科技局", "3", "已发布",
         ""] for n, title in enumerate(HOSTILE, start=1)] + [
        ["7", "2024-05-01", "地方标准", "甲", "=2+3", "=SUM(1,2)", "3", "已发布", ""],
        ["8", "", "地方标准", "@乙", "", "区科技局", "3", "起草中", "2026-01-31"],
        ["9", "2024-05-01", "地方标准", "\tTAB", "DB50/T 9-2024", "区科技局", "3", "已发布", ""],
        ["10", "2024-05-01", "=SUM(1)", "丙", "", "区科技局", "3", "已发布", ""],
        ["11", "", "地方标准", "丁", "", "=SUM(1,2)", "3", "起草中", "2026-10-01"],
    ])
    out = tmp_path / "report.xlsx"
    run("report", str(f), "--as-of", "2026-11-28", "--out", str(out), "--lang", "en",
        "--since", "2026-06-01")
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode("utf-8"), name
    wb = openpyxl.load_workbook(out)
    values = set()
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                values.add(c.value)
    evidence = table(wb["6. Evidence"])
    titles = {x["Title"] for x in evidence}
    assert set(HOSTILE) <= titles  # the values round-trip unchanged, as text
    assert "=2+3" in {x["Number"] for x in evidence}
    assert "@乙（起草中）" in {x["Title"] for x in table(wb["4. Actions by department"])}
    quality = [x["Message"] for x in table(wb["7. Data quality"])]
    # the unknown kind and the department cell that is no department, quoted as written
    assert any("=SUM(1)" in m for m in quality) and any("“=SUM(1,2)”" in m for m in quality)


def excel(value: str) -> str:
    """A string as Excel reads it: XlsxWriter writes a control character (CR) as ``_x000D_``,
    as the file format asks, and openpyxl leaves that escape as it is (it does undo
    ``_x005F_``, the escape of a literal ``_x0041_``, in a shared string but not in an inline
    one, where Excel undoes it too)."""
    value = re.sub(r"_x005F(?=_x[0-9A-Fa-f]{4}_)", "", value)
    return re.sub(r"_x(000[0-8B-F]|001[0-9A-F])_", lambda m: chr(int(m.group(1), 16)), value)


def test_a_value_starting_with_a_tab_or_a_line_break_stays_text(bulk: str) -> None:
    # the ledger reader trims such cells; the writer still keeps them text if one gets through
    r = build([EXAMPLE], as_of=AS_OF, now=NOW)
    odd = ["\t=1+1", "\r=1+1", "\n@SUM(A1)", "_x0041_", "a\nb", " 甲 ", "<b>&amp;</b>", "\x07",
           "\u202e", *HOSTILE]
    rows = [c for e in r.evidence for c in e.counted]
    for row, title in zip(rows, odd, strict=False):
        row.title = title
        row.department = title
    data = render(r, Format.xlsx, "en")
    assert isinstance(data, bytes)
    evidence = [x for x in table(workbook(data)["5. Evidence"]) if x["Counts"] == "yes"]
    # as every writer does, a line break written CR alone is a line break (see render.controls)
    shown = [t.replace("\r", "\n").replace("\x07", "␇").replace("\u202e", "⟨U+202E⟩")
             for t in odd]
    assert [excel(x["Title"]) for x in evidence[:len(odd)]] == shown
    assert [excel(x["Department"]) for x in evidence[:len(odd)]] == shown
    assert all(c.data_type != "f" for ws in workbook(data) for row in ws.iter_rows() for c in row)


def test_department_option_keeps_only_that_department(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out), "--lang", "zh",
        "-d", "区科技局")
    ws = openpyxl.load_workbook(out)["三、各部门督办事项"]
    h = header_row(ws)
    assert [c.value for c in ws[h]][:2] == ["责任单位", "事项"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=h + 1)]
    assert rows and {x[0] for x in rows} == {"区科技局"}
    kinds = {x[1] for x in rows}
    assert {"未报送的任务", "逾期事项", "计入各目标的条目"} <= kinds


def test_a_workbook_is_not_written_to_the_terminal() -> None:
    result = runner.invoke(app, ["report", str(EXAMPLE), "--format", "xlsx", "--lang", "en"])
    assert result.exit_code == 2 and "--output" in result.output


def test_rows_past_what_a_sheet_holds_are_counted_not_dropped_silently(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import stdcheck.render.xlsx as xlsx

    monkeypatch.setattr(xlsx, "_MAX_ROWS", 12)  # a sheet of 12 rows: heading, header, 9 rows
    data = render(build([EXAMPLE], as_of=AS_OF, now=NOW), Format.xlsx, "en")
    assert isinstance(data, bytes)
    ws = workbook(data)["5. Evidence"]
    assert ws.auto_filter.ref == "A2:I11"
    counted = sum(len(e.counted) + len(e.not_counted)
                  for e in build([EXAMPLE], as_of=AS_OF).evidence)
    assert ws["A12"].value == f"{counted - 9} more not shown; use --format json for all"


def test_against_the_previous_ledgers_each_target_then_and_now(tmp_path: Path) -> None:
    old = ledger(tmp_path / "old.csv", [
        ["1", "2025-03-01", "企业标准", "甲", "Q/JJ 1-2025", "区市监局", "14", "已公开", ""]])
    new = ledger(tmp_path / "new.csv", [
        ["1", "2025-03-01", "企业标准", "甲", "Q/JJ 1-2025", "区市监局", "14", "已公开", ""],
        ["2", "2025-09-10", "企业标准", "乙", "Q/JJ 2-2025", "区市监局", "14", "已公开", ""]])
    r = build([new], as_of=dt.date(2025, 11, 1), since=dt.date(2025, 9, 1), previous=[old])
    data = render(r, Format.xlsx, "zh")
    assert isinstance(data, bytes)
    ws = workbook(data)["二、上次会议以来"]
    assert ws.freeze_panes == f"A{header_row(ws) + 1}"
    rows = table(ws)
    assert {(x["事项"], x["名称"]) for x in rows} == {("新增条目", "乙"), ("新完成", "乙")}
    column_a = [c.value for c in ws["A"]]
    at = column_a.index("目标进展")  # the moves, below the changes
    assert [c.value for c in ws[at + 2]][:3] == ["目标", "上次", "本次"]
    moves = {ws.cell(i, 1).value: (ws.cell(i, 2).value, ws.cell(i, 3).value)
             for i in range(at + 3, ws.max_row + 1)}
    name = next(t.name.zh for t in r.targets if t.id == "enterprise-standards")
    assert moves[name] == (1, 2)
    chart = zipfile.ZipFile(io.BytesIO(data)).read("xl/charts/chart1.xml").decode("utf-8")
    assert "'一、总体情况'!$E$3:" in chart


def test_no_two_columns_of_a_sheet_share_a_header_in_either_language(tmp_path) -> None:
    import openpyxl
    from typer.testing import CliRunner

    from stdcheck.cli import app

    for lang in ("zh", "en"):
        out = tmp_path / f"r-{lang}.xlsx"
        result = CliRunner().invoke(app, ["report", str(EXAMPLE), "--as-of", "2026-11-28",
                                          "--out", str(out), "--lang", lang])
        assert result.exit_code == 0, result.output
        for ws in openpyxl.load_workbook(out).worksheets:
            for row in ws.iter_rows(min_row=1, max_row=4, values_only=True):
                headers = [c for c in row if isinstance(c, str) and c]
                if len(headers) > 3:  # a table's header row
                    assert len(headers) == len(set(headers)), (lang, ws.title, headers)


@pytest.mark.parametrize("block", [7, 4096])
def test_a_table_reads_back_as_if_written_cell_by_cell(
        bulk: str, block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table's rows are written in one loop and its widths measured per column (distinct
    values, longest first, stopping early): the sheet holds what writing and measuring each
    cell makes, for ASCII and Chinese, lines, dates, months, numbers, blanks, text that XML or
    Excel would read otherwise, and widths past the cap; in blocks of rows that share the
    cells they made, or in one."""
    import random

    import stdcheck.render.xlsx as xlsx
    from stdcheck.dates import Month
    from stdcheck.render.xlsx import _Book

    monkeypatch.setattr(xlsx, "_BLOCK", block)
    rng = random.Random(7)
    pieces = ["a", "bb", "标准", "x\ny", "\n" * 9 + "z", "长" * 40, "q" * 70, "1234567", ""]
    odd = ["a&b<c>", " lead", "trail ", "_x0041_", "bell\x07", "\x00", None, "",
           Month(2025, 9, "2025年9月"), dt.date(2025, 9, 1), 3]
    columns = ["#", "text", "chinese", "lines", "date", "number", "odd", ""]
    rows: list[list[Any]] = [
        [rng.randrange(10 ** rng.randrange(8)),
         "".join(rng.choices(pieces[:2], k=rng.randrange(9))),
         "".join(rng.choices(pieces[:3], k=rng.randrange(5))),
         "".join(rng.choices(pieces[3:5], k=rng.randrange(4))),
         rng.choice([None, dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4)]),
         rng.choice([None, 1.5, -2, 10 ** 9, 0.125]), rng.choice(odd[:8] if _ % 3 else odd),
         rng.choice(pieces[5:])]
        for _ in range(400)]
    parts = (rows[:1], rows[:3], rows[:6], rows, [["none"], *rows[:5]])  # the last ragged
    book = _Book("en")
    for n, part in enumerate(parts):
        table = book.sheet(f"rows {n}")
        table.table(columns, part)
        table.caption("below")  # a line under the table stays under it
        table.finish()
        every = book.sheet(f"cells {n}")
        for c, text in enumerate(columns):
            every.ws.write_string(0, c, text, book.f["header"])
            every._measure(c, text)
        for r, row in enumerate(part, start=1):
            for c, value in enumerate(row):
                every._cell(r, c, value)
        every.row = len(part) + 2
        every.caption("below")
        every.finish()
    wb = workbook(book.close())
    for n in range(len(parts)):
        fast, slow = wb[f"rows {n}"], wb[f"cells {n}"]
        assert fast.max_row == slow.max_row == len(parts[n]) + 3  # and the line below
        for a, b in zip(fast.iter_rows(), slow.iter_rows(), strict=True):
            assert [(excel(x.value) if isinstance(x.value, str) else x.value, x.data_type,
                     x.number_format, x.style_id) for x in a] == [
                (excel(x.value) if isinstance(x.value, str) else x.value, x.data_type,
                 x.number_format, x.style_id) for x in b]
        widths = [(k, d.width) for k, d in fast.column_dimensions.items()]
        assert len(widths) > 3  # and a column past the cap is at it
        assert widths == [(k, d.width) for k, d in slow.column_dimensions.items()], n


def test_a_sheet_of_bulk_rows_declares_its_extent_and_keeps_its_rows_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that trusts ``<dimension>`` (ours does, as Excel's row count does) sees every
    bulk row, and rows stand in ascending order: the line under the table after it."""
    import stdcheck.render.xlsx as xlsx

    monkeypatch.setattr(xlsx, "BULK", 2)
    book = xlsx._Book("en")
    sheet = book.sheet("t")
    sheet.caption("heading")
    sheet.table([f"c{i}" for i in range(28)], [[f"r{r}c{c}" for c in range(28)] for r in range(5)])
    sheet.caption("below")
    sheet.finish()
    xml = zipfile.ZipFile(io.BytesIO(book.close())).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<dimension ref="([^"]+)"/>', xml).group(1) == "A1:AB9"  # type: ignore
    numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
    assert numbers == sorted(numbers) == [1, 2, 3, 4, 5, 6, 7, 9]


def test_bulk_rows_escape_what_excel_would_read_otherwise_and_keep_no_trailing_places(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A literal ``_x0041_`` is escaped (Excel reads it as "A" otherwise), a blank between
    values keeps its place and blanks after the last value are not written: in a column of
    mostly distinct texts and in one of a few repeated."""
    import stdcheck.render.xlsx as xlsx

    monkeypatch.setattr(xlsx, "BULK", 2)
    book = xlsx._Book("en")
    sheet = book.sheet("t")
    rows = [[f"_x0041_{i}", None, "_x0042_", "", None] for i in range(8)]
    sheet.table(["a", "b", "c", "d", "e"], rows)
    sheet.finish()
    xml = zipfile.ZipFile(io.BytesIO(book.close())).read("xl/worksheets/sheet1.xml").decode()
    row = re.search(r'<row r="3">(.*?)</row>', xml).group(1)  # type: ignore[union-attr]
    cells = re.findall(r"<c/>|<c .*?</c>", row)
    assert len(cells) == 3 and cells[1] == "<c/>", row
    assert "<t>_x005F_x0041_1</t>" in cells[0] and "<t>_x005F_x0042_</t>" in cells[2]
    assert "\x00" not in xml


def test_a_text_longer_than_a_cell_is_cut_where_xlsxwriter_cuts_it(bulk: str) -> None:
    from stdcheck.render.xlsx import _Book

    book = _Book("en")
    sheet = book.sheet("t")
    long = "长" * 40_000 + "&<>"
    sheet.table(["a", "b"], [[long, "x"], ["y", long[:10]]])
    sheet.finish()
    ws = workbook(book.close())["t"]
    assert ws["A2"].value == "长" * 32_767 and ws["B2"].value == "x"
    assert ws["B3"].value == "长" * 10
