"""Help in Chinese and English: every help text has its Chinese in one catalogue, and `--help`
of every command, with --lang zh or a Chinese locale, leaves no English label."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer.main

from stdcheck.cli import app, command
from stdcheck.help_zh import HELP

CJK = re.compile(r"[\u4e00-\u9fff]")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _texts(cmd: object) -> list[str]:
    out = [cmd.help] if getattr(cmd, "help", None) else []  # type: ignore[attr-defined]
    for p in cmd.params:  # type: ignore[attr-defined]
        if getattr(p, "help", None):
            out.append(p.help)
    for sub in getattr(cmd, "commands", {}).values():
        out += _texts(sub)
    return out


def test_every_help_text_has_its_chinese_and_the_catalogue_has_nothing_else() -> None:
    english = set(_texts(command("en")))
    assert english - set(HELP) == set()
    assert set(HELP) - english == set()
    for en, zh in HELP.items():
        assert CJK.search(zh), en
    assert set(_texts(command("zh"))) == set(HELP.values())


def help_of(name: str, *how: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "stdcheck.cli", *how, name, "-h"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "120", **(env or {})})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_chinese_help_of_every_command(name: str) -> None:
    text = help_of(name, "--lang", "zh")
    for word in ("Usage:", "Options:", "Arguments:", "Show this message", "[default:",
                 "[required]", "[OPTIONS]"):
        assert word not in text, (name, word)
    assert "用法：" in text and "选项：" in text
    # what is left in Latin letters is what one types: options, metavars, formats, file names
    prose = re.sub(r"--?[a-z][a-z-]*|[A-Z][A-Z_.]+|[a-z0-9_./*|-]+\.(?:yaml|json|md|csv|"
                   r"xlsx|txt|docx|html|htm|pdf|ods|xls)|'[^']*'|`[^`]*`", "", text)
    words = re.findall(r"\b[a-z]{4,}\b", prose)
    allowed = {"table", "json", "text", "github", "sarif", "html", "xlsx", "docx", "stdcheck",
               "gap", "overdue", "errors", "warnings", "problems", "missing", "column",
               "schema", "check", "jsonschema", "commit", *COMMANDS,
               # the inbox's subcommands, the actions of `inbox round`, a URL's scheme
               "init", "token", "round", "export", "open", "close", "list", "https"}
    assert [w for w in words if w not in allowed] == [], name


@pytest.mark.parametrize("name", COMMANDS)
def test_english_help_of_every_command(name: str) -> None:
    text = help_of(name, "--lang", "en")
    assert "Usage:" in text and "用法" not in text
    cjk = set(CJK.findall(text)) - set("白沙镇年月日")  # examples of what a user types
    assert cjk == set(), name


def test_a_chinese_locale_gives_chinese_help_and_errors() -> None:
    env = {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"}
    assert "用法：" in help_of("status", env=env)
    done = subprocess.run([sys.executable, "-m", "stdcheck.cli", "status", "--due-soon", "x",
                           "a.csv"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env})
    assert done.returncode == 2 and "错误：" in done.stderr and "应为整数" in done.stderr
    assert "Input should be" not in done.stderr


@pytest.mark.parametrize("argv, said", [
    (["status", "x.csv", "--format", "md"], "'--format' / '-f' 的取值无效：'md' 不是"),
    (["status", "x.csv", "--due-soon", "-3"], "'--due-soon' 的取值无效：应不小于 0"),
    (["serve", "s", "--port", "70000"], "'--port' 的取值无效：应不大于 65535"),
    (["inbox", "token", "store", "X", "Y"], "多余的参数（X Y）"),
    (["status", "x.csv", "--out-of"], "没有这个选项：--out-of（可能是：--as-of"),
    (["stat"], "没有命令 'stat'。是否指 'status'？"),
])
def test_the_frameworks_errors_in_chinese_leave_no_english(argv: list[str], said: str) -> None:
    done = subprocess.run([sys.executable, "-m", "stdcheck.cli", *argv, "--lang", "zh"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and said in done.stderr, done.stderr
    error = next(line for line in done.stderr.splitlines() if line.startswith("错误："))
    assert not re.search(r"\b(?:Input|Invalid|Value error|should|unexpected|Possible|Did you)\b",
                         error), error


@pytest.mark.parametrize("argv, built", [
    (["status", "x.csv"], {"status"}),
    (["inbox", "init", "s"], {"inbox"}),
    (["serve"], {"serve"}),
    (["--lang", "zh", "status"], set(COMMANDS)),  # an option first: the whole tree
    (["stat"], set(COMMANDS)),  # a typo: "no such command" needs every name
    ([], set(COMMANDS)),
])
def test_only_the_named_command_is_built(argv: list[str], built: set[str]) -> None:
    assert set(command("en", argv).commands) == built


def test_shell_completion_gets_the_whole_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_STDCHECK_COMPLETE", "bash_complete")
    assert set(command("en", ["status"]).commands) == set(COMMANDS)


def test_a_pruned_tree_has_the_same_help_and_errors() -> None:
    full, pruned = command("zh").commands["status"], command("zh", ["status"]).commands["status"]
    assert [p.help for p in pruned.params] == [p.help for p in full.params]
    assert pruned.help == full.help
