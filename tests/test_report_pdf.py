"""The report as the meeting holds it: the Word paper converted to PDF by LibreOffice and the
HTML printed to PDF by Chromium, read back with pdftotext. A4 pages, page one holding the
overview, and no date, number or standard number broken across two lines of a table cell.

CI installs LibreOffice, Chromium and poppler-utils (.ci/run); where one is missing, the tests
that need it skip, saying which."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import report_ledger as ledger
from conftest import run_ok as run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
AS_OF = "2026-11-28"

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed "
                                   "(apt-get install poppler-utils): the PDF is not read back")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed "
                                   "(apt-get install libreoffice-writer-nogui): the Word paper "
                                   "is not converted to PDF")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                    "(apt-get install chromium fonts-noto-cjk): the HTML is "
                                    "not printed")

# what must never break inside a cell: a date, a standard number, a file's row
_ATOMS = re.compile(r"\d{4}-\d\d-\d\d|[A-Z]+(?:/[A-Z]+)?/? ?\d+(?:\.\d+)*-\d{4}")


def _ledger(tmp_path: Path) -> Path:
    """The example ledger, and rows with long titles beside dates and numbers: the narrow
    columns a long title squeezes are where a date or a number broke."""
    rows = [line.split(",") for line in EXAMPLE.read_text(encoding="utf-8").splitlines()[1:]]
    body = [[r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]] for r in rows]
    long = "川渝毗邻地区花椒产业标准化合作示范项目暨富硒农产品全产业链标准体系建设"
    body += [["90", "2025-09-30", "国家标准", long * 2, "GB/T 44500-2024", "区科技局", "3",
              "已发布", ""],
             ["91", "", "地方标准", long, "", "区科技局（牵头）、区经济信息委、区农业农村委", "3",
              "起草中", "2025-09-30"]]
    return ledger(tmp_path / "台账.csv", body)


def _pdf_text(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert m, info
    return float(m.group(1)), float(m.group(2))


def _atoms(tmp_path: Path, f: Path) -> set[str]:
    """The dates and standard numbers the report prints in its tables."""
    doc = json.loads(run("report", str(f), "--as-of", AS_OF, "--format", "json").output)
    text = json.dumps([doc["overdue"], doc["due_soon"], doc["evidence"]], ensure_ascii=False)
    return set(_ATOMS.findall(text))


def _check(pdf: Path, atoms: set[str], overview: str) -> None:
    width, height = _page_size(pdf)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _pdf_text(pdf)
    lines = [re.sub(r"\s+", " ", line.strip()) for line in text.splitlines()]
    # each date and number whole on one line of some cell: none broken in two
    broken = [a for a in atoms if not any(a in line for line in lines)]
    assert atoms and broken == [], broken
    first = re.sub(r"\s+", "", _pdf_text(pdf, 1))
    assert overview in first and "目标" in first  # the overview and the targets on page one
    assert "stdcheck" not in first  # the tool is named on the last page, not the first
    assert "stdcheck" in re.sub(r"\s+", "", _pdf_text(pdf, _pages(pdf)))


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert m
    return int(m.group(1))


OVERVIEW = "截至2026年11月28日，5项量化目标中"


@needs_poppler
@needs_soffice
def test_the_word_paper_printed_is_a4_with_the_overview_on_page_one(tmp_path: Path) -> None:
    f = _ledger(tmp_path)
    paper = tmp_path / "会议材料.docx"
    run("report", str(f), "--as-of", AS_OF, "--out", str(paper), "--lang", "zh")
    assert SOFFICE
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').resolve().as_uri()}",
         "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(paper)],
        capture_output=True, text=True, timeout=240)
    pdf = paper.with_suffix(".pdf")
    assert pdf.exists(), done.stdout + done.stderr
    _check(pdf, _atoms(tmp_path, f), OVERVIEW)


@needs_poppler
@needs_chromium
# folders of Latin letters: no place a line may break in them but after a /
@pytest.mark.parametrize("folder", ["", "/".join(["districtledgers2025marketsupervision"] * 5)])
def test_the_html_printed_is_a4_with_the_overview_on_page_one(tmp_path: Path,
                                                             folder: str) -> None:
    """Also with the ledger deep in folders: its long path breaks after a / and never
    squeezes a date or a number beside it until it breaks."""
    (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    f = _ledger(tmp_path / folder)
    page = tmp_path / "report.html"
    run("report", str(f), "--as-of", AS_OF, "--out", str(page), "--lang", "zh")
    pdf = tmp_path / "report.pdf"
    assert CHROMIUM
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=240)
    assert pdf.exists(), done.stderr[-2000:]
    _check(pdf, _atoms(tmp_path, f), OVERVIEW)
