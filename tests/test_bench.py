"""scripts/bench.py: its quick mode runs, fills a row for every item, and its varied ledger is
really varied (the point of the benchmark is data that looks like real ledgers)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from stdcheck.dates import Bad, parse_date
from stdcheck.ledger.values import parse_kind, parse_status

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "bench.py"
AS_OF = dt.date(2026, 11, 28)
# What --quick measures: 1k and 2k CSVs, the in-process split on the larger, a 1k xlsx.
MEASURED = [
    "version", "example",
    "varied-1k-table", "varied-1k-json", "uniform-1k-json",
    "varied-2k-table", "varied-2k-json", "uniform-2k-json",
    "inprocess-2k-read", "inprocess-2k-evaluate",
    "xlsx-1k-status", "xlsx-1k-reader", "xlsx-1k-openpyxl",
    "inbox-upload-1k", "inbox-status-page",  # the inbox (issue 21): `stdcheck serve`
]
# measured since the CLI has them ("not built yet" before); report: one row per format
PLANNED = ["validate-2k", *(f"report-2k-{f}" for f in ("md", "html", "xlsx", "docx", "json"))]


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    tmp = tmp_path_factory.mktemp("bench")
    out, work = tmp / "RESULTS.md", tmp / "work"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--out", str(out),
                           "--work", str(work)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    took = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return out, work, took


def table_rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^\| `([a-z0-9-]+)` \|", line)
        if m:
            rows[m.group(1)] = [c.strip() for c in line.strip().strip("|").split("|")]
    return rows


def test_every_item_has_a_numeric_ratio(quick_run: tuple[Path, Path, float]) -> None:
    text = quick_run[0].read_text(encoding="utf-8")
    rows = table_rows(text)
    for item in MEASURED:
        assert item in rows, f"no row for {item}"
        ratio = re.match(r"^(\d+\.\d+)×", rows[item][3])
        assert ratio and float(ratio.group(1)) > 0, f"{item}: ratio {rows[item][3]!r}"
        assert rows[item][-1] != "failed", rows[item]
    for item in PLANNED:
        assert item in rows, f"no row for {item}"
        verdict = rows[item][-1]
        assert verdict == "not built yet" or re.match(r"^\d+\.\d+×", rows[item][3]), rows[item]
    # The goals that apply at any size have a verdict.
    assert rows["version"][-1] in ("met", "**not met**")
    assert rows["example"][-1] in ("met", "**not met**")
    # How it was produced is on the page.
    assert "scripts/bench.py --quick" in text
    assert "CPUs" in text and "Python" in text


def test_varied_ledger_is_varied(quick_run: tuple[Path, Path, float]) -> None:
    [path] = quick_run[1].glob("varied-2000-*.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2_000
    kinds = {r["类别"] for r in rows}
    statuses = {r["状态"] for r in rows}
    # Every kind word and status is one the reader accepts, and all eight kinds appear.
    assert not any(isinstance(parse_kind(k), Bad) for k in kinds)
    assert len({parse_kind(k) for k in kinds}) == 8
    assert len(kinds) >= 8
    assert not any(isinstance(parse_status(s), Bad) for s in statuses)
    assert len(statuses) >= 5 and "" in statuses
    assert len({r["责任单位"] for r in rows}) >= 12
    assert any(any("\u4e00" <= ch <= "\u9fff" and ch in "區場監" for ch in r["责任单位"])
               for r in rows), "no department in traditional characters"
    codes = [r["标准编号"] for r in rows if r["标准编号"]]
    assert sum(" " in c for c in codes) > 0.9 * len(codes)
    date_forms = {re.sub(r"\d", "9", r["完成日期"]) for r in rows if r["完成日期"]}
    assert len(date_forms) >= 4, date_forms
    tasks = {r["对应任务"] for r in rows}
    assert "" in tasks and {str(n) for n in range(1, 20)} <= tasks

    def overdue(r: dict[str, str]) -> bool:
        due = parse_date(r["完成时限"])
        return (not r["完成日期"] and r["状态"] in ("计划", "推进中", "")
                and isinstance(due, dt.date) and due < AS_OF)

    share = sum(map(overdue, rows)) / len(rows)
    assert 0.20 <= share <= 0.30, share


def test_generator_is_deterministic() -> None:
    bench = load_bench()
    first = list(bench.varied_rows(300, 1, AS_OF))
    assert first == list(bench.varied_rows(300, 1, AS_OF))
    assert first != list(bench.varied_rows(300, 2, AS_OF))


def test_planned_commands_are_found_in_help() -> None:
    """A command that lands shows up in --help and its row is measured from then on."""
    bench = load_bench()
    click_help = ("Usage: stdcheck [OPTIONS] COMMAND\n\nCommands:\n  status    Read ledgers\n"
                  "            and report\n  report    Write the report\n  validate  Check\n")
    assert bench.parse_commands(click_help) == {"status", "report", "validate"}
    rich_help = "╭─ Commands ─────╮\n│ status   Read   │\n│ report   Write  │\n╰────────────────╯\n"
    assert bench.parse_commands(rich_help) == {"status", "report"}
    assert bench.parse_formats("  -f, --format <md|html|docx>  Output format.") == [
        "md", "html", "docx"]
    typer_help = ("  -f, --format FORMAT    md, html, xlsx, docx or json (default: from the\n"
                  "                         suffix of --out, else md).\n")
    assert bench.parse_formats(typer_help) == ["md", "html", "xlsx", "docx", "json"]


def test_workbook_says_its_size(quick_run: tuple[Path, Path, float]) -> None:
    """Without <dimension> stdcheck's size guard takes the sheet as 200 columns wide and
    refuses a 100k-row one; the generated workbook carries it, as Excel's do."""
    [path] = quick_run[1].glob("varied-1000-*.xlsx")
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:J1001"/>' in sheet


def test_sizes_are_read_as_people_write_them() -> None:
    bench = load_bench()
    assert bench.parse_sizes("10k, 1m,250,10000") == [250, 10_000, 1_000_000]
    assert [bench.label(n) for n in (1_000, 10_000, 2_500_000 // 2, 1_000_000, 1_500)] == [
        "1k", "10k", "1250k", "1m", "1500"]
    for bad in ("", "0", "1.5m", "10g", "k"):
        try:
            bench.parse_sizes(bad)
        except Exception as e:  # argparse.ArgumentTypeError
            assert "a size is a number of rows" in str(e)
        else:
            raise AssertionError(f"{bad!r} was taken as a size")
