"""The meeting report: the same numbers as status, department pages, what changed since the
last meeting, the evidence behind each count, and escaping (md and json here; each document
format has its own test file)."""

from __future__ import annotations

import datetime as dt
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

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
AS_OF = dt.date(2026, 11, 28)
runner = CliRunner()
CJK = re.compile(r"[\u4e00-\u9fff]")


def status_json(*paths: str) -> dict[str, Any]:
    return json.loads(run("status", *paths, "--as-of", "2026-11-28", "--format", "json").output)


def test_the_report_json_is_a_superset_of_status_json() -> None:
    status = status_json(str(EXAMPLE))
    doc = json.loads(run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--format",
                         "json").output)
    for key, value in status.items():
        assert doc[key] == value, key
    assert {"generated_at", "department_pages", "evidence", "since_last_meeting"} <= set(doc)


def test_markdown_numbers_are_the_status_numbers(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out), "--lang", "en")
    text = out.read_text(encoding="utf-8")
    for t in status_json(str(EXAMPLE))["targets"]:
        assert f"| {figure(t)} | {t['gap']} |" in text


def test_evidence_rows_sum_to_each_count() -> None:
    r = build([EXAMPLE], as_of=AS_OF)
    for target, evidence in zip(r.targets, r.evidence, strict=True):
        assert evidence.target == target.id
        assert len(evidence.counted) == target.achieved
        assert len({(c.source, c.row) for c in evidence.counted}) == target.achieved
    late = next(e for e in r.evidence if e.target == "pilot-projects").not_counted
    assert [n.reason for n in late] == ["late"]
    duplicate = next(e for e in r.evidence if e.target == "standards-participated").not_counted
    assert [n.reason for n in duplicate] == ["duplicate-entry"]


def test_department_pages(tmp_path: Path) -> None:
    f = ledger(tmp_path / "科技局.csv", [
        ["1", "2024-05-01", "地方标准", "甲", "DB50/T 1-2024", "区科技局", "3", "已发布", ""],
        ["2", "", "地方标准", "乙", "", "区科技局", "3", "起草中", "2026-01-31"],
        ["3", "", "地方标准", "丙", "", "区科技局", "3", "起草中", "2025-06-30"],
        ["4", "", "团体标准", "丁", "", "区科技局（牵头）、区经济信息委", "1", "计划", "2026-12-05"],
        ["5", "2024-05-01", "怪标准", "戊", "", "区科技局", "3", "已发布", ""],
        ["6", "2024-05-01", "工作进展", "普法", "", "区司法局", "15、19", "已完成", ""],
    ])
    r = build([f], as_of=AS_OF)
    page = next(p for p in r.department_pages if p.name == "区科技局")
    assert page.outstanding
    assert [i.row for i in page.overdue] == [4, 3]  # oldest first
    assert [i.row for i in page.due_soon] == [5]
    assert page.silent_tasks == [2, 4, 13]  # its tasks without any entry
    assert [x.code for x in page.findings] == ["unknown-kind"]  # the data it sent
    assert page.share["local-standards"] == 1
    partner = next(p for p in r.department_pages if p.name == "区经济信息委")
    assert [i.row for i in partner.due_soon] == [5]  # named second in the cell: its item too
    quiet = next(p for p in r.department_pages if p.name == "区司法局")  # tasks 15 and 19
    assert quiet.silent_tasks == [] and not quiet.outstanding
    md = run("report", str(f), "--as-of", "2026-11-28", "--lang", "zh").output
    # a department with nothing outstanding gets one line, not a page
    assert "### 区司法局" not in md and re.search(r"无待办事项\*\*: .*区司法局", md)


def test_department_option_narrows_to_those_pages(tmp_path: Path) -> None:
    doc = json.loads(run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json",
                         "--department", "区市监局", "-d", "區科技局").output)
    assert [p["name"] for p in doc["department_pages"]] == ["区科技局", "江津区市场监管局"]
    assert doc["departments_chosen"] == ["江津区市场监管局", "区科技局"]
    bad = runner.invoke(app, ["report", str(EXAMPLE), "--department", "区科枝局", "--lang", "en"])
    assert bad.exit_code == 2 and "区科技局" in bad.output


def test_since_a_date(tmp_path: Path) -> None:
    f = ledger(tmp_path / "a.csv", [
        ["1", "2025-03-01", "地方标准", "旧", "DB50/T 1-2025", "区科技局", "3", "已发布", ""],
        ["2", "2025-09-01", "地方标准", "新", "DB50/T 2-2025", "区科技局", "3", "已发布", ""],
        ["3", "", "地方标准", "早逾期", "", "区科技局", "3", "计划", "2025-05-01"],
        ["4", "", "地方标准", "新逾期", "", "区科技局", "3", "计划", "2025-10-01"],
    ])
    r = build([f], as_of=dt.date(2025, 11, 1), since=dt.date(2025, 8, 1))
    s = r.since_last_meeting
    assert s is not None and s.since == dt.date(2025, 8, 1)
    assert [c.title for c in s.completed] == ["新"]
    assert [i.title for i in s.newly_overdue] == ["新逾期"]
    assert build([f], as_of=dt.date(2025, 11, 1)).since_last_meeting is None


def test_against_the_previous_ledgers(tmp_path: Path) -> None:
    old = ledger(tmp_path / "old.csv", [
        ["1", "2025-03-01", "企业标准", "甲", "Q/JJ 1-2025", "区市监局", "14", "已公开", ""],
        ["2", "", "企业标准", "乙", "", "区市监局", "14", "起草中", "2025-12-01"],
    ])
    new = ledger(tmp_path / "new.csv", [
        ["1", "2025-03-01", "企业标准", "甲", "Q/JJ 1-2025", "区市监局", "14", "已公开", ""],
        ["2", "2025-09-10", "企业标准", "乙", "Q/JJ 2-2025", "区市监局", "14", "已公开", ""],
        ["3", "2025-10-01", "企业标准", "丙", "Q/JJ 3-2025", "区市监局", "14", "已公开", ""],
        ["4", "", "企业标准", "丁", "", "区市监局", "14", "计划", "2025-10-15"],
    ])
    r = build([new], as_of=dt.date(2025, 11, 1), since=dt.date(2025, 9, 1), previous=[old])
    s = r.since_last_meeting
    assert s is not None and s.previous == [str(old)]
    move = next(m for m in s.moves if m.target == "enterprise-standards")
    assert (move.before, move.after) == (1, 3)
    assert sorted(c.title for c in s.added) == ["丁", "丙", "乙"]  # 乙 has a number now
    assert sorted(c.title for c in s.completed) == ["丙", "乙"]
    assert [i.title for i in s.newly_overdue] == ["丁"]
    md = run("report", str(new), "--as-of", "2025-11-01", "--previous", str(old), "--since",
             "2025-09-01", "--lang", "en").output
    assert "| New enterprise product and service standards made public by self-declaration " \
           "| 1 | 3 |" in md


def test_completed_since_the_last_meeting_is_dated_after_since(tmp_path: Path) -> None:
    """With --previous and --since, "completed" is what is done now, was not then, and is dated
    after --since (and not after --as-of): an old achievement reported late is "added", not
    completed since; a year typo in the future is neither completed nor counted."""
    old = ledger(tmp_path / "old.csv", [
        ["1", "2025-03-01", "企业标准", "甲", "Q/JJ 1-2025", "区市监局", "14", "已公开", ""]])
    new = ledger(tmp_path / "new.csv", [
        ["1", "2025-03-01", "企业标准", "甲", "Q/JJ 1-2025", "区市监局", "14", "已公开", ""],
        ["2", "2024-06-18", "企业标准", "旧", "Q/JJ 2-2024", "区市监局", "14", "已公开", ""],
        ["3", "2030-01-01", "企业标准", "笔误", "Q/JJ 3-2025", "区市监局", "14", "已公开", ""],
        ["4", "2025-10-01", "企业标准", "新", "Q/JJ 4-2025", "区市监局", "14", "已公开", ""],
        # on the day of --since itself: that meeting's, not since it
        ["5", "2025-09-01", "企业标准", "当天", "Q/JJ 5-2025", "区市监局", "14", "已公开", ""],
        # on --as-of itself: since the meeting, and by today
        ["6", "2025-11-01", "企业标准", "今天", "Q/JJ 6-2025", "区市监局", "14", "已公开", ""],
    ])
    r = build([new], as_of=dt.date(2025, 11, 1), since=dt.date(2025, 9, 1), previous=[old])
    s = r.since_last_meeting
    assert s is not None
    assert sorted(c.title for c in s.added) == ["今天", "当天", "新", "旧", "笔误"]
    assert [c.title for c in s.completed] == ["新", "今天"]
    alone = build([new], as_of=dt.date(2025, 11, 1), previous=[old]).since_last_meeting
    assert alone is not None
    assert sorted(c.title for c in alone.completed) == ["今天", "当天", "新", "旧"]


def test_markdown_escapes_what_a_ledger_holds(tmp_path: Path) -> None:
    f = ledger(tmp_path / "a.csv", [
        ["1", "2024-05-01", "地方标准", "<script>alert(1)</script> | *粗* _斜_ [链](http://x)",
         "DB50/T 1-2024", "区科技局", "3", "已发布", ""]])
    md = run("report", str(f), "--as-of", "2026-11-28", "--lang", "en").output
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert r"\| \*粗\* \_斜\_ \[链\](http://x)" in md
    row = next(line for line in md.splitlines() if "alert(1)" in line)
    assert row.count(" | ") == 4  # the cell's pipe did not split the table


def test_markdown_escape_leaves_plain_text_alone_and_escapes_each_markup_character() -> None:
    """Text without markup is returned as it is (the quick test before translating); every
    character the escape table knows is caught by that test, alone or inside Chinese text."""
    from stdcheck.render.markdown import _ESCAPES, escape

    assert escape("花椒 规格 GB/T 5-2025 2024-05-01") == "花椒 规格 GB/T 5-2025 2024-05-01"
    for code, to in _ESCAPES.items():
        c = chr(code)
        assert escape(f"花{c}椒") == f"花{to}椒", repr(c)
    assert escape("甲\r\n乙") == "甲<br>乙"


def test_every_label_in_both_languages(tmp_path: Path) -> None:
    r = build([EXAMPLE], as_of=AS_OF, since=dt.date(2026, 6, 1))
    from stdcheck.render import Format, render

    en = render(r, Format.md, "en")
    # no Chinese in English apart from names and ledger text (department names, titles, …)
    data = {x for x in re.findall(r"[\u4e00-\u9fff（）、，：；·]+", EXAMPLE.read_text("utf-8"))}
    data |= {d.name for d in __import__("stdcheck").load_policy().departments}
    leftover = [w for w in re.findall(r"[\u4e00-\u9fff]+", en) if not any(w in d for d in data)]
    assert leftover == []
    zh = render(r, Format.md, "zh")
    for english_label in ("Overview", "Overdue and due soon", "Actions by department", "Evidence",
                          "Data quality", "Generated", "Sources", "Rows counted", "How to fix"):
        assert english_label not in zh


def test_out_replaces_a_report_atomically_and_refuses_a_ledger(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("last meeting's report", encoding="utf-8")
    run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--out", str(out))
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left
    f = ledger(tmp_path / "a.csv", [["1", "2024-05-01", "地方标准", "甲", "", "区科技局", "3",
                                     "已发布", ""]])
    before = f.read_bytes()
    refused = runner.invoke(app, ["report", str(f), "--out", str(f), "--format", "md"])
    assert refused.exit_code == 2 and f.read_bytes() == before


def test_a_format_the_out_suffix_contradicts_is_refused(tmp_path: Path) -> None:
    """Markdown written into r.docx would be a file Word calls broken: refused, nothing
    written; a suffix that agrees, or a .txt (any text), is fine."""
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["report", str(EXAMPLE), "--as-of", "2026-11-28", "--format",
                                 "md", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2 and not out.exists()
    assert "names a docx file" in result.output and "`r.md`" in result.output
    for name in ("r.md", "r.txt", "r.markdown"):
        run("report", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "md", "--out",
            str(tmp_path / name))
        # (a .txt has a BOM, for Notepad)
        assert (tmp_path / name).read_text(encoding="utf-8-sig").startswith("# ")


@pytest.mark.parametrize("name", ["report.pdf", "report"])
def test_out_without_a_known_suffix_asks_for_a_format(tmp_path: Path, name: str) -> None:
    result = runner.invoke(app, ["report", str(EXAMPLE), "--out", str(tmp_path / name),
                                 "--lang", "en"])
    assert result.exit_code == 2 and "--format" in result.output


def test_the_report_json_is_what_json_dumps_writes_byte_for_byte(tmp_path: Path) -> None:
    # the report is written by pydantic's serializer; it must say exactly what json.dumps says,
    # month-only dates and all
    f = ledger(tmp_path / "a.csv", [
        ["1", "2025年3月", "地方标准", "甲", "DB50/T 1-2025", "区科技局", "3", "已发布", ""],
        ["2", "", "地方标准", "乙", "", "区科技局（牵头）、区经济信息委", "3", "报批中", "2025-01-01"],
    ])
    from stdcheck.render import Format, render

    r = build([f, EXAMPLE], as_of=AS_OF, since=dt.date(2025, 6, 1), previous=[EXAMPLE])
    assert render(r, Format.json, "en") == json.dumps(r.model_dump(mode="json"),
                                                      ensure_ascii=False, indent=2) + "\n"


def test_an_evidence_row_made_fast_is_the_model_itself() -> None:
    from stdcheck.result import EvidenceRow, evidence_row

    values = dict(source="a.csv", sheet=None, row=3, title="甲", code="GB/T 1-2024",
                  date=dt.date(2024, 5, 1), department="区科技局")
    fast, slow = evidence_row(**values), EvidenceRow(**values)
    assert fast == slow and fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set


def test_a_department_asked_for_gets_its_page_even_with_nothing_outstanding(
        tmp_path: Path) -> None:
    f = ledger(tmp_path / "司法局.csv", [
        ["1", "2024-05-01", "工作进展", "普法", "", "区司法局", "15、19", "已完成", ""]])
    everyone = run("report", str(f), "--as-of", "2026-11-28", "--lang", "zh").output
    assert "### 区司法局" not in everyone  # one line among those with nothing outstanding
    asked = run("report", str(f), "--as-of", "2026-11-28", "--lang", "zh", "-d", "区司法局").output
    assert "### 区司法局" in asked and "无待办事项" in asked


def test_a_finding_is_under_the_department_of_its_row(tmp_path: Path) -> None:
    # the file is mostly 区农业农村委's, and two of its rows are other departments': their
    # findings go on their pages, not on the sender's
    f = ledger(tmp_path / "汇总.csv", [
        ["1", "2024-05-01", "地方标准", "甲", "DB50/T 1-2024", "区农业农村委", "4", "已发布", ""],
        ["2", "2024-06-01", "地方标准", "乙", "DB50/T 2-2024", "区农业农村委", "4", "已发布", ""],
        ["3", "2024-07-01", "地方标准", "丙", "DB50/T 3-2024", "区农业农村委", "4", "已发布", ""],
        ["4", "2024-08-01", "地方标准", "甲再报", "DB50/T 1-2024", "区科技局", "3", "已发布", ""],
        ["5", "2024-08-01", "怪标准", "戊", "", "区市场监管局", "3", "已发布", ""],
        ["6", "2024-08-01", "怪标准", "己", "", "白沙镇", "12", "已发布", ""],
    ])
    r = build([f], as_of=AS_OF)
    codes = {p.name: [(x.code, x.line) for x in p.findings] for p in r.department_pages}
    assert codes["区科技局"] == [("duplicate-entry", 5)]
    assert codes["江津区市场监管局"] == [("unknown-kind", 6)]
    # a town's row names no department: the file's sender answers for it
    assert codes["区农业农村委"] == [("unknown-kind", 7)]


def test_every_row_not_counted_is_named() -> None:
    r = build([EXAMPLE], as_of=AS_OF)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    rows = [n for e in r.evidence for n in e.not_counted]
    assert {n.reason for n in rows} == {"duplicate-entry", "late"}
    for n in rows:
        assert n.row is not None and n.title and n.title in lines[n.row - 1]


def test_department_pages_are_in_order_of_urgency() -> None:
    pages = build([EXAMPLE], as_of=AS_OF).department_pages
    # overdue first, the longest overdue first; then those that sent nothing
    assert [p.name for p in pages[:2]] == ["区农业农村委", "区科技局"]
    firsts = [p.sent_nothing for p in pages[2:]]
    assert firsts == sorted(firsts, reverse=True) and firsts[0]
