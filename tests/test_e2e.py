"""End to end: the installed command (``python -m stdcheck.cli``, and the ``stdcheck`` console
script when it is on the PATH of the environment) run as a person runs it, in a subprocess:
exit codes as the README says, and never a traceback or an "internal error" on stderr.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ledger.csv"
TIMEOUT = 120


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("STDCHECK_DEBUG", None)
    env.update(COLUMNS="120", LANG="C.UTF-8")
    return env


def run(*args: str, script: bool = False) -> subprocess.CompletedProcess[str]:
    if script:
        exe = shutil.which("stdcheck", path=str(Path(sys.executable).parent))
        if exe is None:
            pytest.skip("no stdcheck console script beside this Python (not pip-installed)")
        cmd = [exe, *args]
    else:
        cmd = [sys.executable, "-m", "stdcheck.cli", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env=_env(),
                            cwd=ROOT)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "internal error" not in result.stderr, result.stderr[-3000:]
    return result


def test_help_and_version() -> None:
    out = run("--help")
    assert out.returncode == 0
    listed = out.stdout.split("Commands:", 1)[1]
    commands = {line.split()[0] for line in listed.splitlines() if line.strip()}
    assert {"status", "report", "validate", "template", "draft", "explain", "number", "targets",
            "tasks", "departments", "schema", "serve", "inbox"} <= commands
    version = run("--version", script=True)
    assert version.returncode == 0 and version.stdout.startswith("stdcheck ")
    # `--version` alone answers before the command tree is built; with another option it goes
    # through typer's callback: the same line
    through_typer = run("--lang", "en", "--version", script=True)
    assert through_typer.returncode == 0 and through_typer.stdout == version.stdout


@pytest.mark.parametrize("args, code", [
    (["status", str(EXAMPLE), "--as-of", "2026-11-28", "--lang", "en"], 0),
    (["status", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json"], 0),
    (["status", str(EXAMPLE), "--as-of", "2026-11-28", "--fail-on", "gap"], 1),
    (["status", str(EXAMPLE), "--as-of", "2026-11-28", "--fail-on", "errors,overdue"], 1),
    (["status", str(EXAMPLE), "--as-of", "2026-11"], 2),  # a month alone is refused
    (["status", str(EXAMPLE), "--fail-on", "nothing"], 2),
    (["status", "no/such/ledger.csv"], 2),
    (["status", "no/such/ledger.csv", "--keep-going", "--format", "json"], 0),
    # a folder: its ledgers read (against the embedded policy), its other files named
    (["status", str(ROOT / "examples"), "--as-of", "2026-11-28", "--format", "json"], 0),
    (["explain"], 0),
    (["explain", "missing-column", "--lang", "zh"], 0),
    (["explain", "no-such-code"], 2),
    (["explain", "--format", "json"], 0),
    (["number", "GB/T 1.1-2020", "DB50_T1846-2025", "ISO 9001：2015"], 0),
    (["number", "", "???", "GB/T", "--format", "json"], 0),  # read as unreadable, not refused
    (["targets"], 0),
    (["targets", "--format", "json", "--lang", "en"], 0),
    (["--data", str(ROOT / "examples" / "other-policy"), "targets"], 0),
    (["--data", "no/such/policy", "targets"], 2),
    (["tasks"], 0),
    (["tasks", "--department", "区科技局"], 0),
    (["tasks", "--section", "3", "--format", "json"], 0),
    (["tasks", "--section", "0"], 2),
    (["departments"], 0),
    (["departments", "白沙镇"], 0),
    (["departments", "區科技局", "--format", "json"], 0),
    (["departments", "火星局"], 2),
    (["schema"], 0),
    (["status"], 2),
    (["no-such-command"], 2),
])
def test_commands_exit_as_documented(args: list[str], code: int) -> None:
    result = run(*args)
    assert result.returncode == code, (result.stdout[-1500:], result.stderr[-1500:])
    if result.returncode == 2:
        assert result.stderr.strip(), "an error says what is wrong"
    if "json" in args and result.returncode in (0, 1):
        assert json.loads(result.stdout)["schema_version"] >= 2


def test_console_script_status(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json",
                 "--output", str(out), script=True)
    assert result.returncode == 0 and result.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["files"][0]["rows"] == 44
    # --output onto the ledger itself is refused
    refused = run("status", str(EXAMPLE), "--output", str(EXAMPLE), script=True)
    assert refused.returncode == 2 and "never overwritten" in refused.stderr


@pytest.mark.parametrize("command, args, name", [
    ("report", [str(EXAMPLE), "--as-of", "2026-11-28", "--out"], "report.md"),
    ("validate", [str(EXAMPLE), "--output"], "validate.txt"),
    ("template", [], "template.xlsx"),
])
def test_the_commands_that_write(command: str, args: list[str], name: str,
                                 tmp_path: Path) -> None:
    assert run(command, "--help").returncode == 0
    out = tmp_path / name
    result = run(command, *args, str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0 and result.stdout == ""
    # what a command cannot do is a message and exit 2: a ledger that is not there, or (for
    # template) a folder that is not there to write in
    result = run(command, *(["no/such/file.csv"] if command != "template" else
                            [str(tmp_path / "no" / "such" / "t.xlsx")]))
    assert result.returncode == 2 and result.stderr.strip(), result.stderr
