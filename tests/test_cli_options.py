"""Options as people type them, and every error path in the language of --lang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/ledger.csv"
OTHER = ROOT / "examples/other-policy"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "100"})


def test_commands_that_print_and_exit_answer_in_chinese():
    result = run("--lang", "zh", "tasks", "--section", "9")
    assert result.exit_code == 2
    assert "没有第 9 部分" in result.output and "there is no" not in result.output
    en = run("--lang", "en", "tasks", "--section", "9")
    assert "there is no section 9; sections are 1, 2, 3, 4, 5, 6, 7" in en.output


def test_unknown_department_in_chinese_and_english():
    zh = run("--lang", "zh", "departments", "区科枝局")
    assert zh.exit_code == 2 and "找不到部门" in zh.output and "区科技局" in zh.output
    en = run("--lang", "en", "tasks", "--department", "区科枝局")
    assert en.exit_code == 2 and "unknown department" in en.output and "区科技局" in en.output


def test_a_broken_policy_is_reported_in_the_chosen_language(tmp_path):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "p")
    f = tmp_path / "p/targets.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("    kinds:", "    kindz:", 1),
                 encoding="utf-8")
    zh = run("--lang", "zh", "--data", str(tmp_path / "p"), "targets")
    assert zh.exit_code == 2 and "未知的键 `kindz`" in zh.output and "政策数据有" in zh.output
    en = run("--lang", "en", "--data", str(tmp_path / "p"), "targets")
    assert "unknown key `kindz`" in en.output and f"{f}:" in en.output


@pytest.mark.parametrize("written", ["2026-11-28", "2026/11/28", "2026.11.28", "2026年11月28日",
                                     "20261128"])
def test_as_of_takes_the_full_date_forms_ledgers_take(written):
    result = run("status", str(EXAMPLE), "--as-of", written, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["as_of"] == "2026-11-28"


@pytest.mark.parametrize("written", ["2026-11", "yesterday", "46000"])
def test_as_of_refuses_what_is_not_a_whole_date_and_names_the_option(written):
    result = run("--lang", "en", "status", str(EXAMPLE), "--as-of", written)
    assert result.exit_code == 2
    assert f"--as-of: `{written}` is not a full date" in result.output
    assert "Invalid value" not in result.output


@pytest.mark.parametrize("written", ["2026-13-01", "2025-02-30", "2025年2月29日"])
def test_as_of_names_a_day_that_does_not_exist_as_such(written):
    """Written as a whole date, only the day is wrong: not "not a full date"."""
    result = run("--lang", "en", "status", str(EXAMPLE), "--as-of", written)
    assert result.exit_code == 2
    assert f"--as-of: `{written}` is not a day of the calendar; check the month and the day" \
        in result.output


def test_fail_on_takes_a_comma_list_and_repetition():
    base = ["status", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json"]
    assert run(*base, "--fail-on", "gap,problems").exit_code == 1
    assert run(*base, "--fail-on", "gap", "--fail-on", "overdue").exit_code == 1
    # the example has warnings only: errors alone does not fail it, warnings does
    assert run(*base, "--fail-on", "errors").exit_code == 0
    assert run(*base, "--fail-on", "warnings").exit_code == 1
    bad = run("--lang", "en", *base, "--fail-on", "gap,typo")
    assert bad.exit_code == 2 and "--fail-on: `typo` is not one of" in bad.output


def test_dash_h_is_help_and_help_names_what_to_type():
    short = run("status", "-h")
    assert short.exit_code == 0 and short.output == run("status", "--help").output
    text = short.output
    assert "LEDGER..." in text and "DAYS" in text
    for typer_label in ("<list[Path]>", "<int range>", "<str>", "<dir>", "{LEDGER}"):
        assert typer_label not in text, typer_label
    tasks = run("tasks", "-h").output
    assert "--section N" in tasks and "--department NAME" in tasks and "<" not in tasks


def test_another_policys_local_prefix_is_used(tmp_path):
    # The other policy's ledger holds DB51 numbers: its own province, nothing to flag.
    own = json.loads(run("--data", str(OTHER), "status", str(OTHER / "ledger.csv"),
                         "--as-of", "2026-11-28", "--format", "json").output)
    assert [f for f in own["findings"] if f["code"].startswith("code-")] == []
    assert own["targets"][0]["achieved"] == 2
    # Read against the embedded Chongqing policy, the same numbers are another province's.
    embedded = json.loads(run("status", str(OTHER / "ledger.csv"), "--as-of", "2026-11-28",
                              "--format", "json").output)
    flagged = [f for f in embedded["findings"] if f["code"] == "code-other-province"]
    assert [f["line"] for f in flagged] == [2, 3] and "DB51" in flagged[0]["message"]["en"]


@pytest.mark.parametrize("days, listed", [(11, 0), (12, 1), (30, 1)])
def test_due_soon_option_is_used(days, listed):
    # the example's one item due soon is 12 days from 2026-11-28
    result = run("status", str(EXAMPLE), "--as-of", "2026-11-28", "--format", "json",
                 "--due-soon", str(days))
    doc = json.loads(result.output)
    assert len(doc["due_soon"]) == listed and doc["due_soon_days"] == days


@pytest.mark.parametrize("command", ["status", "validate", "report"])
@pytest.mark.parametrize("option", ["--out", "--output", "-o"])
def test_every_command_that_writes_takes_out_and_output(tmp_path, command, option):
    """People carry the option from one command to the next: status, validate and report all
    take --out, --output and -o, and each refuses to write over the ledger it reads."""
    ledger = tmp_path / "ledger.csv"
    ledger.write_bytes(EXAMPLE.read_bytes())
    target = tmp_path / ("r.md" if command == "report" else "r.txt")
    result = run(command, str(ledger), "--as-of", "2026-11-28", option, str(target))
    assert result.exit_code in (0, 1), result.output
    assert target.stat().st_size > 0
    fmt = ["--format", "md"] if command == "report" else []  # .csv names no report format
    refused = run(command, str(ledger), "--as-of", "2026-11-28", *fmt, option, str(ledger))
    assert refused.exit_code == 2 and "never overwritten" in refused.output
    assert ledger.read_bytes() == EXAMPLE.read_bytes()


def test_no_command_writes_over_a_policy_file_or_a_baseline_it_reads(tmp_path):
    import shutil

    policy = tmp_path / "policy"
    shutil.copytree(ROOT / "data", policy)
    before = {p.name: p.read_bytes() for p in policy.iterdir()}
    baseline = tmp_path / "baseline.json"
    assert run("validate", str(EXAMPLE), "--format", "json", "-o", str(baseline)).exit_code in (0, 1)
    kept = baseline.read_bytes()
    attempts = [
        ["validate", str(policy), "-o", str(policy / "tasks.yaml")],  # a policy folder checked
        ["validate", str(policy / "targets.yaml"), "-o", str(policy / "targets.yaml")],
        ["validate", str(EXAMPLE), "--baseline", str(baseline), "-o", str(baseline)],
        ["validate", str(EXAMPLE), "--data", str(policy), "-o", str(policy / "departments.yaml")],
        ["status", str(EXAMPLE), "--data", str(policy), "--output", str(policy / "tasks.yaml")],
        ["report", str(EXAMPLE), "--data", str(policy), "--format", "md", "--out",
         str(policy / "targets.yaml")],
    ]
    for args in attempts:
        result = run(*args)
        assert result.exit_code == 2 and "never overwritten" in result.output, (args, result.output)
    assert {p.name: p.read_bytes() for p in policy.iterdir()} == before
    assert baseline.read_bytes() == kept
    # a file beside them that is read by nothing may be written
    assert run("validate", str(policy), "-o", str(policy / "validate.txt")).exit_code in (0, 1)


def test_a_report_given_as_previous_says_what_previous_takes(tmp_path):
    last = tmp_path / "last.json"
    last.write_text("{}", encoding="utf-8")
    for lang, words in (("en", "takes the ledgers as they stood at the last meeting"),
                        ("zh", "应给出上次会议时的台账")):
        result = run("--lang", lang, "report", str(EXAMPLE), "--previous", str(last),
                     "--out", str(tmp_path / "r.md"))
        assert result.exit_code == 2 and words in result.output and "--since" in result.output
    assert not (tmp_path / "r.md").exists()


def test_one_unreadable_ledger_among_several_says_how_to_read_the_others(tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / "good.csv").write_bytes(EXAMPLE.read_bytes())
    (folder / "broken.csv").write_text("名称,备注\n花椒,无\n", encoding="utf-8")
    for args in (["status", str(folder)], ["report", str(folder), "--out", str(tmp_path / "r.md")],
                 ["status", str(folder / "good.csv"), str(folder / "broken.csv")]):
        result = run("--lang", "en", *args)
        assert result.exit_code == 2 and "broken.csv" in result.output, result.output
        assert "give --keep-going to read them" in result.output, args
    alone = run("--lang", "en", "status", str(folder / "broken.csv"))
    assert alone.exit_code == 2 and "--keep-going" not in alone.output  # nothing else to read
    zh = run("--lang", "zh", "status", str(folder))
    assert "加 --keep-going 读取其余台账" in zh.output
    kept = run("--lang", "en", "status", str(folder), "--keep-going", "--as-of", "2026-11-28")
    assert kept.exit_code == 0 and "broken.csv" in kept.output


def test_number_does_not_say_no_year_of_a_number_it_could_not_read():
    """Q/JJ HJ-003-2025 has a year; the part not read holds it."""
    result = run("--lang", "en", "number", "Q/JJ HJ-003-2025", "GB/T 5")
    assert result.exit_code == 0
    unread, no_year = result.output.split("GB/T 5 ", 1)
    assert "could not read: Q/JJ HJ-003-2025" in unread and "no year" not in unread
    assert "no year" in no_year


def test_keep_going_is_suggested_only_where_there_are_other_ledgers(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    alone = run("--lang", "en", "status", str(empty))
    assert alone.exit_code == 2 and "folder without ledger files" in alone.output
    assert "--keep-going" not in alone.output  # nothing else to read
    (tmp_path / "bad.csv").write_bytes(b"")
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "a.csv").write_bytes(EXAMPLE.read_bytes())
    others = run("--lang", "en", "status", str(tmp_path / "good"), str(tmp_path / "bad.csv"))
    assert others.exit_code == 2 and "give --keep-going to read them" in others.output


def test_an_unknown_encoding_lists_the_ones_tables_are_saved_in():
    result = run("--lang", "en", "status", str(EXAMPLE), "--encoding", "nonsense")
    assert result.exit_code == 2 and "try utf-8, gb18030, big5 or utf-16" in result.output
    # big5 is taken as an option (this ledger is not Big5, so reading it may fail after)
    taken = run("--lang", "en", "status", str(EXAMPLE), "--encoding", "big5")
    assert "not an encoding a table is saved in" not in taken.output
