"""What a new user and a hostile input found: a message that stops a run names its code, every
writer shows control characters, the template needs no extra and writes no formula, an install
hint works from a clone, --previous says what it compares with."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app
from tests.conftest import write_rows

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


# --- a message that stops a run names its code -------------------------------------------------


def test_a_fatal_ledger_error_names_its_code(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "a.csv", [["序号", "名称", "责任单位"], ["1", "甲", "区科技局"]])
    result = run("status", str(f), "--lang", "en")
    assert result.exit_code == 2
    assert "[missing-column]" in result.output
    assert "has no 类别 (kind) column" in result.output
    assert run("explain", "missing-column").exit_code == 0


def test_a_broken_policy_names_each_findings_code(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "policy"
    shutil.copytree(ROOT / "data", folder)
    tasks = folder / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("区司法局", "区司法所"),
                     encoding="utf-8")
    result = run("--data", str(folder), "targets")
    assert result.exit_code == 2
    assert result.output.count("[unknown-reference]") == 2


# --- control characters, in every writer -----------------------------------------------------

CONTROL_TITLE = "铃\x07声\x1b[31m红\u202e反"


@pytest.fixture(scope="module")
def control_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("controls")
    return write_rows(folder / "a.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期", "完成时限", "备注"],
        ["地方标准", CONTROL_TITLE, "DB50/T 9-2024", "区科技局", "1", "进行中", "", "2025-01-01",
         "a\x0bb\x01c"]])


SHOWN = "铃␇声␛[31m红⟨U+202E⟩反"


@pytest.mark.parametrize("suffix", ["md", "html", "xlsx", "docx", "json"])
def test_every_report_format_shows_control_characters(control_ledger: Path, tmp_path: Path,
                                                      suffix: str) -> None:
    out = tmp_path / f"r.{suffix}"
    result = run("report", str(control_ledger), "--as-of", "2025-09-30", "--out", str(out))
    assert result.exit_code == 0, result.output
    if suffix == "json":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["overdue"][0]["title"] == CONTROL_TITLE  # JSON escapes it: \u0007
        assert "\x07" not in out.read_text(encoding="utf-8")
        return
    if suffix in ("xlsx", "docx"):
        with zipfile.ZipFile(out) as z:
            text = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                           if n.endswith(".xml"))
    else:
        text = out.read_text(encoding="utf-8")
    assert SHOWN.replace("[", "\\[") in text if suffix == "md" else SHOWN in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


@pytest.mark.parametrize("fmt", ["table", "text"])
def test_the_terminal_and_validate_show_control_characters(control_ledger: Path,
                                                           fmt: str) -> None:
    if fmt == "table":
        result = run("status", str(control_ledger), "--as-of", "2025-09-30")
    else:
        result = run("validate", str(control_ledger), "--as-of", "2025-09-30", "--show-values")
    assert "\x1b" not in result.output and "\x07" not in result.output
    if fmt == "table":
        assert SHOWN in result.output


def test_a_file_name_with_an_escape_sequence_is_shown_not_obeyed(tmp_path: Path) -> None:
    f = write_rows(tmp_path / "x\x1b[2Jy.csv", [["类别", "名称", "责任单位"], ["地方标准", "甲", ""]])
    for args in (("status", str(f)), ("validate", str(f)),
                 ("validate", str(f), "--format", "github")):
        result = run(*args)
        assert "\x1b" not in result.output, args
        assert "x␛[2Jy.csv" in result.output, args


# --- the template: no extra to install, never a formula --------------------------------------


def test_the_xlsx_template_needs_no_openpyxl(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    code = ("import sys; sys.modules['openpyxl'] = None\n"
            "from stdcheck.cli import main; sys.argv = ['stdcheck', 'template', sys.argv[1]]\n"
            "main()")
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as z:
        assert "xl/worksheets/sheet1.xml" in z.namelist()


def test_the_template_writes_policy_text_as_text_never_a_formula(tmp_path: Path) -> None:
    import shutil

    import openpyxl

    folder = tmp_path / "policy"
    shutil.copytree(ROOT / "examples" / "other-policy", folder)
    departments = folder / "departments.yaml"
    text = departments.read_text(encoding="utf-8")
    name = text.split("name: ", 1)[1].split("\n", 1)[0].strip()
    evil = "=cmd|'/Ccalc'!A1"
    for path in (departments, folder / "tasks.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(name, f'"{evil}"'),
                        encoding="utf-8")
    out = tmp_path / "t.xlsx"
    result = run("--data", str(folder), "template", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(c.value == evil for c in cells)
    assert all(c.data_type != "f" for c in cells)


# --- install hints work where stdcheck came from ---------------------------------------------


def test_a_missing_reader_package_says_how_to_add_it_anywhere(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    from stdcheck.drafting import draft
    from stdcheck.errors import InputError

    pdf = tmp_path / "意见.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setitem(sys.modules, "pypdf", None)  # as if not installed
    with pytest.raises(InputError) as e:
        draft(pdf)
    text = e.value.message.en
    assert "pip install pypdf" in text and "pipx inject stdcheck pypdf" in text
    assert "stdcheck[draft]" not in text


# --- report --previous without --since ---------------------------------------------------------


def test_previous_without_since_says_what_it_compares_with(tmp_path: Path) -> None:
    old = write_rows(tmp_path / "old.csv", [
        ["类别", "名称", "标准编号", "责任单位", "任务", "状态", "完成日期"],
        ["地方标准", "甲", "DB50/T 1-2024", "区科技局", "1", "已发布", "2024-03-01"],
        ["地方标准", "乙", "DB50/T 2-2025", "区科技局", "1", "已发布", "2025-06-30"]])
    out = tmp_path / "r.md"
    result = run("report", str(ROOT / "examples" / "ledger.csv"), "--previous", str(old),
                 "--as-of", "2026-11-28", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Since 2026-11-28" not in text  # the as-of date is not the last meeting
    assert "Compared with the ledgers of the last meeting" in text
    assert "their latest date: 2025-06-30" in text
    doc_out = tmp_path / "r.json"
    run("report", str(ROOT / "examples" / "ledger.csv"), "--previous", str(old), "--as-of",
        "2026-11-28", "--out", str(doc_out))
    since = json.loads(doc_out.read_text(encoding="utf-8"))["since_last_meeting"]
    assert since["since"] is None and since["previous_latest"] == "2025-06-30"
