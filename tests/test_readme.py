"""The README is part of the product: what it documents must be what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from stdcheck.cli import app
from stdcheck.findings import CODES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def test_finding_code_table_is_the_catalogue():
    rows = re.findall(r"^\| `([a-z-]+)` \| (\w+) \| (\w+) \| (.*) \|$", _section("Finding codes"),
                      re.M)
    assert [(c, sev, scope) for c, sev, scope, _ in rows] == \
        [(c.code, c.severity.value, c.scope) for c in CODES.values()]
    for (_, _, _, meaning), c in zip(rows, CODES.values(), strict=True):
        assert c.title.en in meaning and c.title.zh in meaning


def test_every_command_is_documented():
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    documented = set(re.findall(r"^\| `stdcheck ([a-z]+)", _section("Commands"), re.M))
    assert commands == documented


def test_the_two_commands_come_first():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    install_and_run, install_and_test = blocks[:2]
    assert "pip install ." in install_and_run and "stdcheck status examples/" in install_and_run
    assert "pip install -e '.[test]'" in install_and_test and "python -m pytest" in install_and_test
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci and ".[test]" in ci


def test_status_sample_is_real_output():
    from typer.testing import CliRunner

    match = re.search(r"<!-- status-output: `COLUMNS=(\d+) stdcheck (.*?)`.*?-->\n```text\n\$ .*?\n"
                      r"(.*?)\n```", README, re.S)
    assert match, "README lost its status sample"
    width, args, sample = int(match.group(1)), match.group(2).split(), match.group(3)
    result = CliRunner().invoke(app, args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    real = [line.rstrip() for line in result.output.splitlines()]
    shown = [line for line in sample.splitlines() if not line.lstrip().startswith("⋮")]
    # Every line shown is a line of the real output, in the same order (the ⋮ elides some).
    it = iter(real)
    missing = [line for line in shown if not any(line == r for r in it)]
    assert not missing, f"README shows lines the command does not print: {missing[:3]}"


def test_library_example_runs(monkeypatch, capsys):
    block = re.search(r"## Use as a library\n.*?```python\n(.*?)```", README, re.S)
    assert block, "README lost its library example"
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    code = block.group(1).replace('["ledgers/"]', '["examples/ledger.csv"]')
    exec(compile(code, "README", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("地方标准 3 / 2 met")  # the example ledger's local standards
