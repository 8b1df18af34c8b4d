"""Where outputs go, and what a failed or killed run leaves behind (issue 20, the writing side).

A temporary a killed run left is removed by the next write of the same file once it is stale,
never while another run may be writing it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.files import STALE_AFTER, atomic_write, remove_stale_temporaries

HEADER = "序号,类别,名称,责任单位,完成日期\n"
GOOD_ROW = "1,国家标准,花椒,区科技局,2024-03-05\n"
runner = CliRunner()


def _ledger(folder: Path) -> Path:
    path = folder / "a.csv"
    path.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    return path


def _aged(path: Path, seconds: float, data: bytes = b"half a report") -> Path:
    path.write_bytes(data)
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


# --- temporaries a killed run left ---------------------------------------------------------------


def test_a_stale_temporary_of_the_same_file_is_removed_and_a_fresh_one_kept(
        tmp_path: Path) -> None:
    stale = _aged(tmp_path / ".report.docx.k3v9_x2q.tmp", STALE_AFTER + 60)
    fresh = _aged(tmp_path / ".report.docx.a1b2c3d4.tmp", 5)  # a run writing it now
    atomic_write(tmp_path / "report.docx", b"the report")
    assert not stale.exists()
    assert fresh.exists()
    assert (tmp_path / "report.docx").read_bytes() == b"the report"


def test_only_temporaries_of_that_very_file_are_touched(tmp_path: Path) -> None:
    old = STALE_AFTER * 24
    kept = [
        _aged(tmp_path / ".other.docx.k3v9_x2q.tmp", old),  # another file's
        _aged(tmp_path / ".report.docx.bak.k3v9_x2q.tmp", old),  # report.docx.bak's
        _aged(tmp_path / ".report.docx.notours.tmp", old),  # not a name mkstemp makes
        _aged(tmp_path / ".report.docx.K3V9_X2Q.tmp", old),  # nor is this
        _aged(tmp_path / "report.docx.k3v9_x2q.tmp", old),  # not hidden: someone's file
    ]
    folder = tmp_path / ".report.docx.dddddddd.tmp"
    folder.mkdir()
    os.utime(folder, (time.time() - old, time.time() - old))
    link = tmp_path / ".report.docx.llllllll.tmp"
    link.symlink_to(kept[0])
    os.utime(link, (time.time() - old, time.time() - old), follow_symlinks=False)
    assert remove_stale_temporaries(tmp_path / "report.docx") == []
    assert all(p.exists() for p in kept) and folder.is_dir() and link.is_symlink()


def test_the_age_rule_is_stale_after(tmp_path: Path) -> None:
    path = _aged(tmp_path / ".r.md.abcdefgh.tmp", 0)
    now = os.stat(path).st_mtime
    assert remove_stale_temporaries(tmp_path / "r.md", now=now + STALE_AFTER - 1) == []
    assert remove_stale_temporaries(tmp_path / "r.md", now=now + STALE_AFTER) == [path]
    assert not path.exists()


def test_status_output_cleans_what_a_killed_run_left(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    out = tmp_path / "reports" / "status.txt"
    out.parent.mkdir()
    stale = _aged(out.parent / ".status.txt.zz9_0a1b.tmp", STALE_AFTER + 1, b"x" * 100_000)
    fresh = _aged(out.parent / ".status.txt.q1w2e3r4.tmp", 1)
    result = runner.invoke(app, ["status", str(ledger), "--as-of", "2025-06-01",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == [fresh.name, "status.txt"]
    assert not stale.exists()
