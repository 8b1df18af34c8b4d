"""At the desk: any console encoding, files for Windows editors, a progress bar only on a
terminal (issue 13). These run the installed entry point in a subprocess, as a person would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"


def stdcheck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "stdcheck.cli", *args], capture_output=True,
                          env={**os.environ, **(env or {})}, timeout=60, cwd=ROOT)


@pytest.mark.parametrize("encoding", ["gbk", "ascii", "utf-8"])
def test_output_never_fails_on_the_streams_encoding(encoding: str) -> None:
    done = stdcheck("status", str(EXAMPLE), "--as-of", "2026-11-28", "--lang", "zh",
                    env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding)  # it is what it says it is
    if encoding == "ascii":
        assert "#########| 9/10" in text and "* " in text  # bars and lights in ASCII
    else:
        assert "量化目标" in text and "逾期事项" in text
    if encoding == "gbk":
        assert "░" not in text and "█" in text  # GBK has the full block, not the shaded one


def test_an_error_message_on_an_ascii_console(tmp_path: Path) -> None:
    done = stdcheck("status", str(tmp_path / "不存在.csv"), "--lang", "zh",
                    env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert b"?" in done.stderr  # the Chinese replaced, the message still there


def test_output_files_for_windows_editors_have_a_bom(tmp_path: Path) -> None:
    txt, js = tmp_path / "报告.txt", tmp_path / "报告.json"
    assert stdcheck("status", str(EXAMPLE), "--as-of", "2026-11-28", "--output",
                    str(txt)).returncode == 0
    assert stdcheck("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json",
                    "--output", str(js)).returncode == 0
    assert txt.read_bytes().startswith(b"\xef\xbb\xbf")
    assert js.read_bytes().startswith(b"{")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this system")
def test_progress_is_drawn_on_a_terminal_and_not_on_a_pipe(tmp_path: Path) -> None:
    import pty
    import select

    env = {**os.environ, "STDCHECK_PROGRESS_AFTER": "0", "COLUMNS": "100", "TERM": "xterm"}
    args = [sys.executable, "-m", "stdcheck.cli", "status", str(EXAMPLE), "--as-of",
            "2026-11-28", "--format", "json"]

    def run_with_stderr_on_a_terminal(extra: list[str]) -> bytes:
        leader, follower = pty.openpty()
        proc = subprocess.Popen([*args, *extra], stdout=subprocess.PIPE, stderr=follower,
                                env=env, cwd=ROOT)
        os.close(follower)
        seen = b""
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        proc.wait(timeout=60)
        os.close(leader)
        assert proc.returncode == 0
        return seen

    assert b"ledger.csv" in run_with_stderr_on_a_terminal([])  # the bar names the file
    assert run_with_stderr_on_a_terminal(["--quiet"]) == b""
    piped = stdcheck("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json",
                     env={"STDCHECK_PROGRESS_AFTER": "0"})
    assert piped.stderr == b"" and piped.stdout.startswith(b"{")


def _ledger(path: Path, dept: str, rows: int, due: str = "") -> Path:
    serial = sum(map(ord, dept)) % 900
    body = "".join(f"{i},2025-0{1 + i % 5}-01,企业标准,{dept}产品{i},Q/JJ {serial}{i:02d}-2025,"
                   f"{dept},14,已公开,\n" for i in range(1, rows + 1))
    if due:
        body += f"99,,地方标准,{dept}在研,,{dept},3,起草中,{due}\n"
    path.write_text("序号,完成日期,类别,名称,标准编号,责任单位,对应任务,状态,完成时限\n" + body,
                    encoding="utf-8")
    return path


def test_the_roll_call_names_who_sent_nothing_first(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "台账"
    folder.mkdir()
    _ledger(folder / "市监局.csv", "江津区市场监管局", 3)
    _ledger(folder / "科技局.xlsx.csv", "区科技局", 2, due="2025-01-01")
    doc = json.loads(stdcheck("status", str(folder), "--as-of", "2026-11-28", "--format",
                              "json").stdout)
    roll = {d["name"]: d for d in doc["departments"]}
    assert len(roll) == 30  # every department of the policy
    first = [d["name"] for d in doc["departments"][:28]]
    assert all(roll[n]["sent_nothing"] for n in first)  # those that sent nothing come first
    tech = roll["区科技局"]
    assert (tech["files"], tech["rows"], tech["open"], tech["overdue"]) == (1, 3, 1, 1)
    assert tech["latest"] == "2025-03-01" and tech["share"]["enterprise-standards"] == 2
    assert roll["区司法局"]["sent_nothing"] and roll["区司法局"]["rows"] == 0
    text = stdcheck("status", str(folder), "--as-of", "2026-11-28", "--lang", "zh",
                    env={"COLUMNS": "160"}).stdout.decode("utf-8")
    assert "未报送任何条目的单位 (28)" in text and "报送情况" in text


def test_department_narrows_the_whole_view(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "台账"
    folder.mkdir()
    _ledger(folder / "市监局.csv", "江津区市场监管局", 3, due="2025-02-01")
    _ledger(folder / "科技局.csv", "区科技局", 2, due="2025-01-01")
    (folder / "科技局.csv").write_text((folder / "科技局.csv").read_text("utf-8")
                                       + "7,2025-13-01,企业标准,坏,,区科技局,14,已公开,\n",
                                       encoding="utf-8")
    doc = json.loads(stdcheck("status", str(folder), "--as-of", "2026-11-28", "--format", "json",
                              "--department", "區科技局").stdout)
    assert doc["departments_chosen"] == ["区科技局"]
    assert [t["number"] for t in doc["tasks"]] == [1, 2, 3, 4, 13, 16]
    assert [i["title"] for i in doc["overdue"]] == ["区科技局在研"]
    assert [f["code"] for f in doc["findings"]] == ["bad-date"]
    assert [d["name"] for d in doc["departments"]] == ["区科技局"]
    assert doc["targets"][2]["achieved"] == 5  # the targets stay whole: 3 + 2
    text = stdcheck("status", str(folder), "--as-of", "2026-11-28", "--lang", "en",
                    "--department", "区科技局", env={"COLUMNS": "160"}).stdout.decode("utf-8")
    assert "Their share" in text
