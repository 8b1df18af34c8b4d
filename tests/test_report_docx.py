"""The Word meeting paper (report --format docx), read back with python-docx: the page, the
fonts, the headings in order, real tables with a repeated header row, the target chart, the
same numbers as status, one language at a time, and ledger text shown as written."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import figure
from conftest import report_ledger as ledger
from conftest import run_ok as run
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.meeting import build
from stdcheck.render import Format, render
from stdcheck.render import sections as S

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
AS_OF = dt.date(2026, 11, 28)
runner = CliRunner()


def read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def report() -> Any:
    return build([EXAMPLE], as_of=AS_OF, since=dt.date(2026, 6, 1))


@pytest.fixture(scope="module")
def papers(report: Any) -> dict[str, Any]:
    out = {}
    for lang in ("zh", "en"):
        data = render(report, Format.docx, lang)
        assert isinstance(data, bytes) and data[:2] == b"PK"  # a zip: the .docx package
        out[lang] = read(data)
    return out


def headings(doc: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs
            if p.style.name.startswith("Heading")]


def all_text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def bar_chart(doc: Any) -> Any:
    return next(t for t in doc.tables if len(t.columns) == 22)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headings_are_the_sections_in_order(papers: dict[str, Any], report: Any,
                                            lang: str) -> None:
    doc = papers[lang]
    found = headings(doc)
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1 == [s.heading for s in S.sections(report, lang)]
    assert level1[0].startswith("一、" if lang == "zh" else "1. ")
    assert level1[1] == ("二、上次会议以来" if lang == "zh" else "2. Since the last meeting")
    # the sub-headings are the markdown's ### headings, in order, numbered （一） / 3.1
    md = render(report, Format.md, lang)
    assert isinstance(md, str)
    sub = [re.sub(r"\\(.)", r"\1", line[4:]) for line in md.splitlines()
           if line.startswith("### ")]
    level2 = [text for style, text in found if style == "Heading 2"]
    numbered = re.compile(r"^（[一二三四五六七八九十]+）" if lang == "zh" else r"^\d+\.\d+ ")
    assert all(numbered.match(h) for h in level2)
    assert [numbered.sub("", h) for h in level2] == sub
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert title.text == ("标准化工作联席会议差距报告" if lang == "zh"
                          else "Gap report for the standardization joint meeting")


def test_the_page_is_a4_with_gbt_9704_margins(papers: dict[str, Any]) -> None:
    for doc in papers.values():
        s = doc.sections[0]

        def mm(length: Any) -> float:  # stored in twentieths of a point
            return round(docx.shared.Length(length).mm, 1)

        assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
        assert (mm(s.top_margin), mm(s.left_margin)) == (37, 28)
        # the text block is 156 mm x 225 mm
        assert mm(s.page_width - s.left_margin - s.right_margin) == 156
        assert mm(s.page_height - s.top_margin - s.bottom_margin) == 225
        footer = s.footer.paragraphs[0]
        assert footer._p.xpath("./w:fldSimple/@w:instr") == ["PAGE"]
        assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_body_and_headings_carry_east_asian_fonts(papers: dict[str, Any]) -> None:
    doc = papers["zh"]

    def east_asian(style: str) -> str:
        rfonts = doc.styles[style].element.rPr.rFonts
        assert rfonts.get(qn("w:asciiTheme")) is None  # no theme font overrides it
        return str(rfonts.get(qn("w:eastAsia")))

    normal = doc.styles["Normal"]
    assert east_asian("Normal") == "仿宋_GB2312" and normal.font.size.pt == 16
    assert normal.paragraph_format.first_line_indent.pt == 32  # two characters
    assert east_asian("Heading 1") == "黑体"
    assert east_asian("Heading 2") == "楷体_GB2312"
    assert east_asian("Title") == "方正小标宋简体" and doc.styles["Title"].font.size.pt == 22
    assert east_asian("Table Text") == "仿宋_GB2312"
    assert doc.styles["Table Text"].font.size.pt == 12
    # each GB2312 font names the font shipped with Windows as its alternative
    table = next(p for p in doc.part.package.iter_parts()
                 if str(p.partname) == "/word/fontTable.xml")
    fonts = docx.oxml.parse_xml(table.blob)
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
           for f in fonts.findall(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"


def test_tables_are_word_tables_with_a_repeated_header_row(papers: dict[str, Any]) -> None:
    for doc in papers.values():
        tables = [t for t in doc.tables if len(t.columns) != 22]  # all but the chart
        assert len(tables) > 10
        for t in tables:
            assert t.style.name == "Table Grid"
            first = t.rows[0]._tr
            assert first.xpath("./w:trPr/w:tblHeader"), first.xml[:200]
            assert not t.rows[1]._tr.xpath("./w:trPr/w:tblHeader") if len(t.rows) > 1 else True


def test_numbers_are_the_status_numbers(tmp_path: Path) -> None:
    status = json.loads(run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format",
                            "json").output)
    out = tmp_path / "report.docx"
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out), "--lang", "en")
    doc = read(out.read_bytes())
    summary = doc.tables[0]
    assert [c.text for c in summary.rows[0].cells][:3] == ["Target", "Achieved / Required",
                                                          "Gap"]
    rows = [[c.text for c in r.cells] for r in summary.rows[1:]]
    assert [(r[1], r[2]) for r in rows] == [
        (figure(t), str(t["gap"])) for t in status["targets"]]
    assert "2 on time + 1 late / 3 required" in [r[1] for r in rows]  # not a bare 2 / 3
    assert [r[0] for r in rows] == [t["name"]["en"] for t in status["targets"]]
    # the numbers are right-aligned, as in a paper
    assert summary.rows[1].cells[2].paragraphs[0].alignment == 2  # RIGHT
    text = all_text(doc)
    assert "As of: 2026-11-28" in text
    assert f"rows read: {status['summary']['rows_read']}" in text


def test_the_target_chart_is_a_shaded_table_bar(papers: dict[str, Any], report: Any) -> None:
    for lang, doc in papers.items():
        chart = bar_chart(doc)
        assert len(chart.rows) == len(report.targets)
        for row, x in zip(chart.rows, report.targets, strict=True):
            cells = row.cells
            fills = [c._tc.xpath("./w:tcPr/w:shd/@w:fill") for c in cells[1:21]]
            filled = sum(1 for f in fills if f)
            assert filled == round(20 * min(x.achieved / x.required, 1.0))
            assert fills[:filled] == [[{"red": "C00000", "yellow": "FFC000",
                                        "green": "00B050"}[x.light.value]]] * filled
            light = {"zh": {"red": "红灯", "yellow": "黄灯", "green": "绿灯"},
                     "en": {"red": "red", "yellow": "yellow", "green": "green"}}[lang]
            shown = (f"{x.achieved} / {x.required}" if not x.late else
                     {"zh": f"{x.achieved} 项按期 + {x.late} 项逾期完成 / 目标 {x.required}",
                      "en": f"{x.achieved} on time + {x.late} late / {x.required} required"}[lang])
            assert cells[21].text == f"{shown} · {light[x.light.value]}"
            assert cells[0].text == x.name.get(lang)


def test_labels_are_in_one_language(papers: dict[str, Any]) -> None:
    en = all_text(papers["en"])
    data = set(re.findall(r"[\u4e00-\u9fff（）、，：；·]+", EXAMPLE.read_text("utf-8")))
    data |= {d.name for d in __import__("stdcheck").load_policy().departments}
    leftover = [w for w in re.findall(r"[\u4e00-\u9fff]+", en) if not any(w in d for d in data)]
    assert leftover == []
    zh = all_text(papers["zh"])
    for english in ("Overview", "Overdue and due soon", "Actions by department", "Evidence",
                    "Data quality", "Generated", "Sources", "Rows counted", "How to fix",
                    "Progress", "Target", "Where", "nothing outstanding"):
        assert english not in zh
    assert "截至：2026年11月28日" in zh


def test_every_section_is_there(papers: dict[str, Any], report: Any) -> None:
    zh = all_text(papers["zh"])
    # the header, the goals not measured, the quiet departments in one paragraph, every
    # finding with how to fix it
    assert "生成时间：" in zh and "生成工具：stdcheck " in zh and "examples/ledger.csv" in zh
    assert "定性目标（台账不计量）" in zh
    for g in report.goals:
        assert g.text.get("zh") in zh
    quiet = [p.name for p in report.department_pages if not p.outstanding]
    line = next(p.text for p in papers["zh"].paragraphs if p.text.startswith("无待办事项："))
    assert line == "无待办事项：" + "；".join(quiet)
    quality = papers["zh"].tables[-1]
    assert [c.text for c in quality.rows[0].cells][-1] == "改正方法"
    assert len(quality.rows) == 1 + len(report.findings)
    assert all(r.cells[-1].text for r in quality.rows[1:])


def test_since_is_only_there_when_asked_for() -> None:
    r = build([EXAMPLE], as_of=AS_OF)
    doc = read(render(r, Format.docx, "en"))  # type: ignore[arg-type]
    level1 = [t for s, t in headings(doc) if s == "Heading 1"]
    assert level1 == ["1. Overview", "2. Overdue and due soon", "3. Actions by department",
                      "4. Tasks", "5. Evidence", "6. Data quality"]


def test_ledger_text_is_shown_as_written(tmp_path: Path) -> None:
    title = "<b>&\"'</b> 花椒 ]]> &amp;"
    f = ledger(tmp_path / "a.csv", [
        ["1", "", "地方标准", title, "", "区科技局", "3", "起草中", "2026-01-31"]])
    out = tmp_path / "r.docx"
    run("report", str(f), "--as-of", "2026-11-28", "--out", str(out), "--lang", "zh")
    doc = read(out.read_bytes())
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert title + "（起草中）" in cells  # the item, with its stage
    assert b"<b>" not in out.read_bytes()  # zipped, but: no markup survived into the package
    body = doc.element.xml
    assert "&lt;b&gt;&amp;\"'&lt;/b&gt;" in body or "&lt;b&gt;&amp;&quot;" in body


def test_table_rows_keep_line_breaks_tabs_and_spaces() -> None:
    """Body rows are copies of one model row with their text set: text over two lines, with a
    tab, with spaces around it or empty reads back as written, and a number is right-aligned."""
    from stdcheck.render.docx import _Paper

    paper = _Paper("zh")
    body = [[" 留白 ", "12"], ["第一行\n第二行", "甲\t乙"], ["", "3 / 50"], ["a\r\nb", "x"]]
    paper.table(["名称", "数"], body)
    doc = read(paper.bytes())
    (table,) = doc.tables
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["名称", "数"], [" 留白 ", "12"], ["第一行\n第二行", "甲\t乙"], ["", "3 / 50"],
        ["a\nb", "x"]]
    (padded,) = table.rows[1].cells[0]._tc.xpath(".//w:t")  # Word would drop the spaces
    assert padded.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    aligned = [[c.paragraphs[0].alignment for c in r.cells] for r in table.rows[1:]]
    assert aligned == [[None, 2], [None, None], [None, 2], [None, None]]  # 2: RIGHT
    assert {c.paragraphs[0].style.name for r in table.rows[1:] for c in r.cells} == {"Table Text"}
    assert all(r._tr.xpath("./w:trPr/w:cantSplit") for r in table.rows)
    assert not any(r._tr.xpath("./w:trPr/w:tblHeader") for r in table.rows[1:])


def test_department_option_gives_only_that_page(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out), "--lang", "zh",
        "--department", "区司法局")
    doc = read(out.read_bytes())
    level2 = [t for s, t in headings(doc) if s == "Heading 2"]
    departments = [t for t in level2 if "区" in t and "标准" not in t and "项目" not in t]
    assert departments == ["（一）区司法局"]
    assert not any(p.text.startswith("无待办事项：") for p in doc.paragraphs)


def test_docx_goes_to_a_file_not_the_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(EXAMPLE), "--format", "docx", "--lang", "en"])
    assert result.exit_code == 2 and "--output" in result.output
    out = tmp_path / "r.DOCX"
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out))
    assert read(out.read_bytes()).paragraphs[0].style.name == "Title"


def test_a_paper_too_long_to_circulate_is_refused(tmp_path: Path, monkeypatch: Any) -> None:
    """Past MAX_TABLE_ROWS body rows the Word report is refused (exit 2, no file) with the
    formats that hold every row named; at the limit it is written."""
    import stdcheck.render.docx as D

    out = tmp_path / "r.docx"
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out), "--lang", "en")
    doc = read(out.read_bytes())
    body_rows = sum(len(t.rows) - 1 for t in doc.tables if len(t.columns) != 22)  # not the chart
    out.unlink()
    monkeypatch.setattr(D, "MAX_TABLE_ROWS", body_rows - 1)
    result = runner.invoke(app, ["report", str(EXAMPLE), "--as-of", "2026-11-28", "--out",
                                 str(out), "--lang", "en"])
    assert result.exit_code == 2 and not out.exists()
    assert f"more than {body_rows - 1:,} table rows" in result.output
    assert ".xlsx, .html or .json" in result.output and "--department" in result.output
    monkeypatch.setattr(D, "MAX_TABLE_ROWS", body_rows)
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out), "--lang", "en")
    assert out.exists()
