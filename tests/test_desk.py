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
