"""What the meeting reads in every format of the report: every overdue and due-soon item of
``status`` with the totals, findings in the paper's own words (no code, target id or
command-line option in the Chinese paper), the rows not counted named, the departments' lines
without zeros, and the annex (附件) a Word paper past its size writes beside it."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import pytest
from conftest import report_ledger as ledger
from conftest import run_ok as run

from stdcheck.findings import CODES
from stdcheck.meeting import build
from stdcheck.render import Format, annex_name, render_files
from stdcheck.render.docx import ANNEX_ROWS, ANNEX_SHOWN

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
AS_OF = "2026-11-28"


def docx_text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += ["\t".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


def docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def xlsx_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join("\t".join("" if v is None else str(v) for v in row)
                     for ws in wb for row in ws.iter_rows(values_only=True))


def html_text(page: str) -> str:
    """The page's words, a line for each table row."""
    # <wbr> (a place a path may break) is no space between words
    body = re.sub(r"\s+", " ", page.split("<body>", 1)[1]).replace("</tr>", "\n")
    body = body.replace("<wbr>", "")
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def report(tmp_path: Path, ledgers: list[Path], fmt: str, lang: str) -> str:
    """The report as the text a reader sees in it."""
    out = tmp_path / f"report.{fmt}"
    run("report", *map(str, ledgers), "--as-of", AS_OF, "--out", str(out), "--lang", lang)
    if fmt == "docx":
        return docx_text(out.read_bytes())
    if fmt == "xlsx":
        return xlsx_text(out.read_bytes())
    text = out.read_text(encoding="utf-8")
    return html_text(text) if fmt == "html" else text


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx", "json"])
def test_every_overdue_and_due_soon_item_of_status_is_in_every_format(tmp_path: Path,
                                                                      fmt: str) -> None:
    status = json.loads(run("status", str(EXAMPLE), "--as-of", AS_OF, "--format", "json",
                            "--lang", "en").output)
    items = status["overdue"] + status["due_soon"]
    assert len(status["overdue"]) == 3 and any(i["department"] == "白沙镇"
                                               for i in status["overdue"])  # a town's
    text = report(tmp_path, [EXAMPLE], fmt, "en")
    if fmt == "json":
        doc = json.loads(text)
        assert (doc["overdue"], doc["due_soon"]) == (status["overdue"], status["due_soon"])
        assert doc["summary"]["overdue"] == 3
        return
    for i in items:
        where = f"{i['source']}:{i['row']}"
        line = next((x for x in text.splitlines() if where in x and i["title"] in x), None)
        assert line is not None, (fmt, i["title"])
        assert str(i["days_overdue"] if i["days_overdue"] is not None else i["days_left"]) \
            in line
    # and the totals, in words
    assert "3 overdue items in all; 1 due within 14 days." in text
    if fmt != "xlsx":
        assert "3 items are overdue, the longest 富硒柑橘采后商品化处理技术规范" in text


def _findings_ledger(tmp_path: Path) -> Path:
    """Rows that give the findings whose texts speak of codes, ids and options: a date after
    the as-of date (fix: "run with a later --as-of"), a date before a target's window (its
    message named the target's id), a duplicate, an unknown kind."""
    return ledger(tmp_path / "台账.csv", [
        ["1", "2024-05-01", "企业标准", "甲", "Q/JJ 1-2024", "区经济信息委", "4", "已发布", ""],
        ["2", "2024-06-01", "企业标准", "甲", "Q/JJ 1-2024", "区科技局", "3", "已发布", ""],
        ["3", "2027-01-10", "企业标准", "乙", "Q/JJ 2-2026", "区科技局", "3", "已发布", ""],
        ["4", "2019-01-10", "企业标准", "丙", "Q/JJ 3-2019", "区科技局", "3", "已发布", ""],
        ["5", "2024-06-01", "怪标准", "丁", "", "区科技局", "3", "已发布", ""],
        ["6", "", "地方标准", "戊", "", "区科技局", "3", "起草中", "2025-06-30"],
    ])


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx"])
def test_the_chinese_paper_has_no_code_target_id_or_option(tmp_path: Path, fmt: str) -> None:
    f = _findings_ledger(tmp_path)
    r = build([f], as_of=dt.date(2026, 11, 28))
    assert {x.code for x in r.findings} >= {"duplicate-entry", "future-date",
                                            "outside-window", "unknown-kind"}
    text = report(tmp_path, [f], fmt, "zh")
    slugs = [c for c in CODES if "-" in c] + [t.id for t in r.targets]
    assert [s for s in slugs if s in text] == []
    assert re.findall(r"--[a-z][a-z-]+", text) == []
    # what the codes stand for is there, in the catalogue's words
    assert CODES["duplicate-entry"].title.zh in text


def test_a_row_not_counted_is_named_in_every_table(tmp_path: Path) -> None:
    f = _findings_ledger(tmp_path)
    out = tmp_path / "r.docx"
    run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "zh")
    tables = [t for t in docx_tables(out.read_bytes()) if t[0] == ["位置", "名称", "原因", "说明"]]
    rows = [row for t in tables for row in t[1:]]
    assert len(rows) >= 3 and all(row[1] for row in rows), rows
    xlsx = tmp_path / "r.xlsx"
    run("report", str(f), "--as-of", AS_OF, "--out", str(xlsx), "--lang", "en")
    evidence = openpyxl.load_workbook(xlsx)["5. Evidence"]
    values = list(evidence.iter_rows(min_row=2, values_only=True))
    header = values[0]
    titles = [row[header.index("Title")] for row in values[1:] if row[0]]
    assert titles and all(titles)


def test_a_department_line_names_only_what_it_counted(tmp_path: Path) -> None:
    text = report(tmp_path, [EXAMPLE], "md", "zh")
    shares = [line for line in text.splitlines() if line.startswith("- 计入各目标的条目")]
    assert shares and not [line for line in shares if re.search(r" 0(；|$)", line)]
    xlsx = report(tmp_path, [EXAMPLE], "xlsx", "en")
    assert not re.search(r"Rows counted toward each target\t[^\n]*\t0\t", xlsx)
    # departments that sent nothing: one table, a row each, not a page each
    assert "### 未报送任何台账的单位 (20)" in text and "### 区交通局" not in text


def _big_ledger(path: Path, counted: int) -> Path:
    rows = [[str(i), "2024-05-01", "企业标准", f"企业标准{i}", f"Q/JJ {1000 + i}-2024",
             "区经济信息委", "4", "已发布", ""] for i in range(1, counted + 1)]
    rows += [[str(counted + i), "", "地方标准", f"逾期{i}", "", "区科技局", "3", "起草中",
              f"2026-0{1 + i % 9}-15"] for i in range(1, 31)]
    return ledger(path, rows)


def test_a_paper_past_its_size_writes_its_evidence_to_an_annex(tmp_path: Path, bulk: str) -> None:
    f = _big_ledger(tmp_path / "台账.csv", ANNEX_ROWS + 1)
    out = tmp_path / "会议材料.docx"
    run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "zh")
    annex = tmp_path / "会议材料-附件.xlsx"
    assert annex.exists() and annex.name == annex_name(out.name, "zh")
    paper = docx_text(out.read_bytes())
    # the paper names its annex and the rows of each of its sheets
    assert f"附件：{annex.name}（" in paper and f"“五、计数依据”{ANNEX_ROWS + 1} 行" in paper
    # no evidence table in the paper, the longest tables cut to their most urgent rows
    assert "企业标准1\t" not in paper
    assert f"共 30 行，以上为前 {ANNEX_SHOWN} 行，全部见附件“二、逾期和即将到期事项”。" in paper
    # every evidence row and every overdue item in the annex
    wb = openpyxl.load_workbook(annex)
    titles = {row[3] for row in wb["五、计数依据"].iter_rows(values_only=True)}
    assert {f"企业标准{i}" for i in range(1, ANNEX_ROWS + 2)} <= titles
    overdue = {row[3] for row in wb["二、逾期和即将到期事项"].iter_rows(values_only=True)}
    assert {f"逾期{i}（起草中）" for i in range(1, 31)} <= overdue
    # the paper written again into the ledger folder: neither it nor its annex is read
    run("report", str(tmp_path), "--as-of", AS_OF, "--out", str(out), "--lang", "zh")
    assert "1 个文件（工作表），读取 331 行" in docx_text(out.read_bytes())


def test_a_paper_of_meeting_size_holds_everything_and_has_no_annex(tmp_path: Path) -> None:
    f = _big_ledger(tmp_path / "台账.csv", ANNEX_ROWS - 40)
    out = tmp_path / "会议材料.docx"
    run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "zh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["会议材料.docx", "台账.csv"]
    paper = docx_text(out.read_bytes())
    assert "附件" not in paper and "企业标准1\t" in paper and "逾期30（起草中）\t" in paper
    # the library gives the one file too
    r = build([f], as_of=dt.date(2026, 11, 28))
    assert [name for name, _ in render_files(r, Format.docx, "zh", "x.docx")] == ["x.docx"]


def test_an_annex_that_would_overwrite_a_ledger_is_refused(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from stdcheck.cli import app

    f = _big_ledger(tmp_path / "r-annex.xlsx.csv", 10)
    target = tmp_path / "r-annex.xlsx"
    target.write_bytes(f.read_bytes())  # a ledger where the annex would go
    got = CliRunner().invoke(app, ["report", str(target), "--as-of", AS_OF, "--out",
                                   str(tmp_path / "r.docx"), "--lang", "en"])
    assert got.exit_code == 2 and not (tmp_path / "r.docx").exists()


def test_reports_written_into_the_ledgers_folder_are_named_and_passed_over(
        tmp_path: Path) -> None:
    """The bureau writes its paper where the ledgers are: the next run names the xlsx report and
    the annex as not read (they have no ledger columns, and stopped every later run) while a
    template a department filled in, also an xlsx stdcheck wrote, is read."""
    from stdcheck.ledger.workbook import written_by_stdcheck

    folder = tmp_path / "台账"
    folder.mkdir()
    _big_ledger(folder / "区经济信息委.csv", ANNEX_ROWS + 1)
    run("report", str(folder), "--as-of", AS_OF, "--out", str(folder / "会议材料.docx"),
        "--lang", "zh")
    run("report", str(folder), "--as-of", AS_OF, "--out", str(folder / "报告.xlsx"),
        "--lang", "zh")
    run("template", str(folder / "区科技局.xlsx"), "--lang", "zh")
    annex = folder / "会议材料-附件.xlsx"
    assert written_by_stdcheck(annex) and written_by_stdcheck(folder / "报告.xlsx")
    assert not written_by_stdcheck(folder / "区科技局.xlsx")
    assert not written_by_stdcheck(folder / "区经济信息委.csv")
    status = json.loads(run("status", str(folder), "--as-of", AS_OF, "--format", "json",
                            "--lang", "zh").output)
    assert {Path(f["source"]).name for f in status["files"]} == {"区经济信息委.csv", "区科技局.xlsx"}
    skipped = {Path(s["source"]).name: s["reason"] for s in status["skipped"]}
    assert "stdcheck 写出的报告或附件" in skipped["会议材料-附件.xlsx"]["zh"]
    assert "stdcheck 写出的报告或附件" in skipped["报告.xlsx"]["zh"]
    # validate passes them over too; named on the command line, a report is still no ledger
    run("validate", str(folder), "--lang", "zh")
    from typer.testing import CliRunner

    from stdcheck.cli import app

    got = CliRunner().invoke(app, ["status", str(annex), "--as-of", AS_OF, "--lang", "en"])
    assert got.exit_code == 2 and "missing-column" in got.output


def test_a_paper_written_again_without_an_annex_removes_its_old_annex(tmp_path: Path) -> None:
    f = _big_ledger(tmp_path / "台账.csv", ANNEX_ROWS + 1)
    out = tmp_path / "会议材料.docx"
    run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "zh")
    run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "en")
    annex, english = tmp_path / "会议材料-附件.xlsx", tmp_path / "会议材料-annex.xlsx"
    assert english.exists() and not annex.exists()  # the other language's annex went
    _big_ledger(f, 10)  # the ledger shrank: the paper holds everything again
    got = run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "en")
    assert not english.exists() and f"removed {english}" in got.output
    # a workbook of that name that stdcheck did not write is left alone
    english.write_bytes((ROOT / "tests/fixtures/ledger.xls").read_bytes())
    run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "en")
    assert english.exists()


@pytest.mark.parametrize("keep_going", [[], ["--keep-going"]])
def test_a_last_meeting_ledger_that_cannot_be_read_stops_the_report(
        tmp_path: Path, keep_going: list[str]) -> None:
    """Read as empty, it made every row of now "added" and every target 0 "then": numbers
    the meeting would read out."""
    from typer.testing import CliRunner

    from stdcheck.cli import app

    bad = tmp_path / "上次.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    out = tmp_path / "r.md"
    got = CliRunner().invoke(app, ["report", str(EXAMPLE), "--as-of", AS_OF, "--previous",
                                   str(bad), "--out", str(out), "--lang", "en", *keep_going])
    assert got.exit_code == 2, got.output
    assert f"--previous: {bad} cannot be read" in got.output and "[unreadable-file]" in got.output
    assert "--keep-going to read them" not in got.output and not out.exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_month_the_ledger_wrote_is_shown_as_written_in_every_format(
        tmp_path: Path, lang: str, bulk: str) -> None:
    """"By August" (a deadline) and "in January" (a completion) stay months in the paper: a day
    the ledger never wrote (2025-08-31, 2025-01-01) would read as a precise date."""
    f = tmp_path / "ledger.csv"
    f.write_text("类别,名称,标准编号,责任单位,任务,状态,完成日期,完成时限\n"
                 "地方标准,某规范,,区科技局,1,进行中,,2025年8月\n"
                 "地方标准,另一规范,DB50/T 1601-2025,区科技局,1,已发布,2025年1月,\n",
                 encoding="utf-8")
    prev = tmp_path / "prev.csv"
    prev.write_text("类别,名称,标准编号,责任单位,任务,状态,完成日期,完成时限\n"
                    "地方标准,某规范,,区科技局,1,进行中,,2025年8月\n", encoding="utf-8")
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"report.{fmt}"
        run("report", str(f), "--previous", str(prev), "--as-of", "2025-09-30", "--out",
            str(out), "--lang", lang)
        text = (docx_text(out.read_bytes()) if fmt == "docx"
                else html_text(out.read_text(encoding="utf-8")) if fmt == "html"
                else out.read_text(encoding="utf-8"))
        assert "2025年8月" in text, fmt  # the overdue item's deadline
        assert "2025年1月" in text, fmt  # the completed row, in what changed since
        assert "2025-08-31" not in text and "2025-01-01" not in text, fmt
    out = tmp_path / "report.xlsx"
    run("report", str(f), "--previous", str(prev), "--as-of", "2025-09-30", "--out", str(out),
        "--lang", lang)
    wb = openpyxl.load_workbook(out)
    months = [c for ws in wb for row in ws.iter_rows() for c in row
              if isinstance(c.value, dt.datetime) and c.value.day in (1, 31)]
    assert {(c.value.month, c.number_format) for c in months} >= {
        (8, 'yyyy"年"m"月";@' if lang == "zh" else "yyyy-mm;@"),
        (1, 'yyyy"年"m"月";@' if lang == "zh" else "yyyy-mm;@")}


def test_a_row_the_reader_could_not_use_is_named_under_its_target_once(tmp_path: Path) -> None:
    """A 地方标准 with an impossible date and an 企业标准 whose date cell holds #DIV/0! never
    became entries; the evidence still names them under their targets, each once, with what
    keeps it out (the error, not a warning beside it)."""
    f = tmp_path / "l.csv"
    f.write_text("类别,名称,标准编号,责任单位,任务,状态,完成日期\n"
                 "地方标准,富硒茶叶加工规范,DB50/T 1601-2025,区科技局,2,已发布,2025-13-40\n"
                 "企业标准,摩托车 离合器,Q/JJ HJ6-2025,区科技局,3,已发布,#DIV/0!\n"
                 "企业标准,智能农机控制器,Q/JJKJ 001-2024,区科枝局,3,已发布,\n", encoding="utf-8")
    doc = build([f], as_of=dt.date(2025, 11, 28))
    named = {e.target: [(n.row, n.title, n.reason) for n in e.not_counted] for e in doc.evidence}
    assert named["local-standards"] == [(2, "富硒茶叶加工规范", "bad-date")]
    assert named["enterprise-standards"] == [(3, "摩托车 离合器", "error-cell"),
                                              (4, "智能农机控制器", "missing-date")]
    text = report(tmp_path, [f], "md", "zh")
    assert "富硒茶叶加工规范" in text and "摩托车 离合器" in text


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx"])
def test_every_row_read_is_named_somewhere_in_the_report(tmp_path: Path, fmt: str) -> None:
    """A row counts, is named as not counted with why, is listed as overdue or due soon, or is
    listed among the other rows (an open item not yet due or without a deadline, an activity,
    a cancelled entry): the meeting can point at each row of the file line's "rows read"."""
    f = tmp_path / "l.csv"
    f.write_text("类别,名称,标准编号,责任单位,任务,状态,完成日期,完成时限\n"
                 "地方标准,计入的规范,DB50/T 1601-2025,区科技局,1,已发布,2025-03-01,\n"
                 "地方标准,重复的规范,DB50/T 1601-2025,区科技局,1,已发布,2025-03-02,\n"
                 "地方标准,逾期的规范,,区科技局,1,进行中,,2025-09-01\n"
                 "地方标准,快到期的规范,,区科技局,1,进行中,,2025-10-05\n"
                 "地方标准,明年的规范,,区科技局,1,计划,,2026-06-30\n"
                 "地方标准,没有时限的规范,,区科技局,1,进行中,,\n"
                 "工作进展,标准化宣传周,,区科技局,19,已完成,2025-09-14,\n"
                 "地方标准,取消的规范,,区科技局,1,已取消,,\n", encoding="utf-8")
    doc = build([f], as_of=dt.date(2025, 9, 30))
    assert [o.title for o in doc.other_rows] == ["明年的规范", "没有时限的规范", "标准化宣传周",
                                                 "取消的规范"]
    assert doc.files[0].rows == 8
    out = tmp_path / f"r.{fmt}"
    run("report", str(f), "--as-of", "2025-09-30", "--out", str(out), "--lang", "zh")
    text = (docx_text(out.read_bytes()) if fmt == "docx" else xlsx_text(out.read_bytes())
            if fmt == "xlsx" else out.read_text(encoding="utf-8"))
    for title in ("计入的规范", "重复的规范", "逾期的规范", "快到期的规范", "明年的规范",
                  "没有时限的规范", "标准化宣传周", "取消的规范"):
        assert title in text, (fmt, title)
    assert "其他已读取的条目（4）" in text
    assert "2026-06-30" in text and "已取消" in text


def test_many_other_rows_go_to_the_annex_with_the_evidence(tmp_path: Path) -> None:
    """Open items not yet due, past the paper's size: the paper says how many there are and
    the annex's evidence sheet lists each; they alone make an annex."""
    rows = [[str(i), "", "地方标准", f"明年{i}", "", "区科技局", "3", "计划", "2027-06-30"]
            for i in range(1, ANNEX_ROWS + 2)]
    f = ledger(tmp_path / "台账.csv", rows)
    out = tmp_path / "会议材料.docx"
    run("report", str(f), "--as-of", AS_OF, "--out", str(out), "--lang", "zh")
    paper = docx_text(out.read_bytes())
    assert f"其他已读取的条目（{ANNEX_ROWS + 1}）" in paper and "明年1\t" not in paper
    assert "逐条见附件" in paper
    wb = openpyxl.load_workbook(tmp_path / "会议材料-附件.xlsx")
    titles = {row[1] for row in wb["五、计数依据"].iter_rows(values_only=True)}
    assert {f"明年{i}" for i in range(1, ANNEX_ROWS + 2)} <= titles


def test_report_and_template_say_what_they_wrote(tmp_path: Path) -> None:
    """As draft does: the file written (the paper's annex too), on stderr."""
    import subprocess
    import sys

    def said(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "stdcheck.cli", *args, "--lang", "en"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert not done.stdout  # the document is in the file, stdout stays empty
        return done.stderr

    md = tmp_path / "r.md"
    assert said("report", str(EXAMPLE), "--as-of", AS_OF, "--out", str(md)) == \
        f"stdcheck: wrote {md}\n"
    big = _big_ledger(tmp_path / "台账.csv", ANNEX_ROWS + 1)
    paper = tmp_path / "p.docx"
    annex = tmp_path / annex_name(paper.name, "en")
    assert said("report", str(big), "--as-of", AS_OF, "--out", str(paper)) == \
        f"stdcheck: wrote {paper} and its annex {annex}\n"
    t = tmp_path / "t.xlsx"
    assert said("template", str(t)) == f"stdcheck: wrote {t}\n"


def test_a_paper_written_again_in_the_other_language_says_which_annex_is_its_own(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    big = _big_ledger(tmp_path / "台账.csv", ANNEX_ROWS + 1)
    paper = tmp_path / "p.docx"
    run("report", str(big), "--as-of", AS_OF, "--out", str(paper), "--lang", "en")
    old = tmp_path / annex_name(paper.name, "en")
    assert old.exists()
    done = subprocess.run([sys.executable, "-m", "stdcheck.cli", "report", str(big), "--as-of",
                           AS_OF, "--out", str(paper), "--lang", "zh"],
                          capture_output=True, text=True, timeout=120)
    new = tmp_path / annex_name(paper.name, "zh")
    assert done.returncode == 0 and new.exists() and not old.exists()
    assert f"已删除 {old}：它是先前 p.docx 的附件；本次的附件是 {new.name}" in done.stderr


def test_the_overview_names_the_longest_overdue_item_without_an_empty_department(
        tmp_path: Path) -> None:
    f = tmp_path / "l.csv"
    f.write_text("类别,名称,责任单位,任务,状态,完成时限\n"
                 "试点示范,乙07 试点逾期,白纱镇,12,计划,2026-01-31\n", encoding="utf-8")
    text = report(tmp_path, [f], "md", "en")
    assert "the longest 乙07 试点逾期 (" in text and " of  (" not in text
    named = tmp_path / "n.csv"
    named.write_text("类别,名称,责任单位,任务,状态,完成时限\n"
                     "地方标准,某规范,区科技局,1,计划,2026-01-31\n", encoding="utf-8")
    assert "the longest 某规范 of 区科技局 (" in report(tmp_path, [named], "md", "en")


def test_out_naming_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from stdcheck.cli import app

    got = CliRunner().invoke(app, ["report", str(EXAMPLE), "--out", str(tmp_path), "--lang",
                                   "en"])
    assert got.exit_code == 2 and "it is a folder; name a file in it" in got.output
    assert "no suffix" not in got.output


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx"])
def test_the_report_gives_each_files_rows_read_used_counted_and_not_data(tmp_path: Path,
                                                                          fmt: str) -> None:
    """status's file line, in the report: the totals on page one add up from these rows, and
    the rows that were not data (a blank row, a 合计) are counted somewhere a reader can see."""
    f = tmp_path / "a.csv"
    f.write_text("类别,名称,标准编号,责任单位,任务,状态,完成日期\n"
                 "地方标准,甲,DB50/T 1601-2025,区科技局,1,已发布,2025-03-01\n"
                 ",,,,,,\n"
                 "地方标准,乙,DB50/T 1602-2025,区科技局,1,已发布,2025-03-02\n"
                 "合计,,,,,,2\n", encoding="utf-8")
    text = report(tmp_path, [f, EXAMPLE], fmt, "en")
    assert "Files read (2)" in text
    assert "Not data: blank rows, totals and section headings" in text
    # rows read (not data apart, as status's file line counts them), used, counted, not data
    rows = [re.findall(r"\b\d+\b", x.split("a.csv", 1)[1])[:4] for x in text.splitlines()
            if "a.csv" in x]
    assert ["2", "2", "2", "2"] in rows, rows
