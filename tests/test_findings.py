"""One catalogue of finding codes: every code the code base emits is in it, in the README and
explained in both languages; `stdcheck explain` shows it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.findings import CODES, FindingLog
from stdcheck.vocabulary import Severity, msg

ROOT = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"""["']([a-z]+(?:-[a-z]+)+)["']""")
# slug-shaped literals that are not finding codes: encodings and OpenDocument XML names
NOT_CODES = {"utf-8", "utf-8-sig", "utf-16", "utf-32", "table-row", "table-cell",
             "covered-table-cell", "number-rows-repeated", "number-columns-repeated",
             "number-rows-spanned", "number-columns-spanned", "value-type",
             "rev-parse",  # git rev-parse, in validation.repo_root
             "python-docx",  # a package, named in drafting's install hint
             "yyyy-mm-dd",  # the date format of template cells
             # HTTP header names and values of the inbox (stdcheck serve)
             "content-disposition", "cache-control", "no-store", "no-referrer", "same-origin"}


def _literals() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "stdcheck").rglob("*.py"):
        if path.name == "findings.py":
            continue  # the catalogue itself
        found |= set(SLUG.findall(path.read_text(encoding="utf-8")))
    return found - NOT_CODES


def test_every_code_the_code_emits_is_in_the_catalogue():
    emitted = _literals()
    assert emitted - set(CODES) == set()


def test_every_catalogue_code_is_emitted_somewhere():
    assert set(CODES) - _literals() == set()


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_entry_speaks_both_languages(code):
    c = CODES[code]
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert c.title.zh and c.title.en and c.help.zh and c.help.en and c.example
    assert cjk.search(c.title.zh) and cjk.search(c.help.zh)
    assert not cjk.search(c.title.en)
    assert c.scope in ("ledger", "file", "policy")


def run(*args):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "100"})


def test_explain_one_code_in_each_language():
    en = run("explain", "missing-column", "--lang", "en")
    assert en.exit_code == 0, en.output
    assert "missing-column" in en.output and CODES["missing-column"].title.en in en.output
    assert "Example" in en.output and "Add the column" in en.output
    zh = run("--lang", "zh", "explain", "missing-column")
    assert "缺少必需列" in zh.output and "示例" in zh.output and "Add the column" not in zh.output


def test_explain_lists_every_code_and_as_json():
    listing = run("explain", "--lang", "en")
    assert all(code in listing.output for code in CODES)
    doc = json.loads(run("explain", "--format", "json").output)
    assert [c["code"] for c in doc["codes"]] == list(CODES)
    assert doc["codes"][0]["title"] == CODES[doc["codes"][0]["code"]].title.model_dump()


def test_explain_an_unknown_code_suggests_and_exits_2():
    result = run("explain", "missing-colum", "--lang", "zh")
    assert result.exit_code == 2
    assert "没有代码" in result.output and "missing-column" in result.output


def test_the_log_keeps_the_cap_and_sums_up_the_rest():
    log = FindingLog(limit=3)
    for row in range(1, 6):
        log.add("a.csv", row, "名称", "missing-value", Severity.error, msg("e", "z"), False, 3)
    log.add("a.csv", 9, "日期", "bad-date", Severity.warning, msg("e", "z"), True, 2)
    kept = log.all()
    assert [(f.code, f.line) for f in kept] == [("missing-value", 1), ("missing-value", 2),
                                                 ("missing-value", 3), ("bad-date", 9),
                                                 ("missing-value", None)]
    assert "2 more `missing-value`" in kept[-1].message.en and "另有 2 条" in kept[-1].message.zh
    assert kept[-1].severity is Severity.error
    assert len(log) == 6 and log.count("missing-value") == 5
    assert log.by_severity == {Severity.error: 5, Severity.warning: 1}


def test_exactly_the_cap_needs_no_summary():
    log = FindingLog(limit=2)
    for row in (1, 2):
        log.add("a.csv", row, None, "missing-value", Severity.error, msg("e", "z"))
    assert [f.line for f in log.all()] == [1, 2]


def test_every_codes_example_is_in_the_language_asked_for() -> None:
    """An example said in words is said in each language: no English sentence in the Chinese
    explanation and no Chinese sentence in the English one (cells as a ledger holds them, such
    as 完成日期=2019-05-01 or a department's name, are the same in both)."""
    import re

    from stdcheck.findings import CODES

    for code in CODES.values():
        zh, en = code.example.zh, code.example.en
        if zh.startswith("stdcheck "):  # a command line is typed the same in both
            continue
        assert not re.search(r"\b[a-z]{2,} [a-z]{2,}\b", zh), (code.code, zh)
        assert not re.search(r"[\u4e00-\u9fff][，。；]|第 \d+ 行|报送|没有", en), (code.code, en)
