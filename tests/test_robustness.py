"""Property-based robustness: whatever a ledger or a policy file holds, stdcheck gives a result
or a located, readable finding / ``InputError`` (exit code 2), never a traceback, never an
"internal error" (the CLI's word for a bug); and for valid ledgers every row read is accounted
for and the counts are what the rows say.

Bounded for CI (a shared 2-core machine): each property has its own ``max_examples`` and a
generous ``deadline`` (the first example of a run pays for imports and caches); the whole file
runs in well under a minute. Hypothesis' database is kept as usual, so a failure found once is
replayed first.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.errors import InputError
from stdcheck.evaluate import check, title_key
from stdcheck.ledger import open_ledger
from stdcheck.ledger import rows as R
from stdcheck.ledger.columns import ALIASES
from stdcheck.names import DepartmentIndex
from stdcheck.policy import check as check_policy
from stdcheck.policy import load
from stdcheck.vocabulary import EntryKind

ROOT = Path(__file__).resolve().parent.parent
POLICY = load()
AS_OF = dt.date(2026, 6, 1)
runner = CliRunner()

# Generating files is slow next to the code under test; the first example pays for imports.
FAST = settings(max_examples=60, deadline=5000,
                suppress_health_check=[HealthCheck.too_slow])  # file writing dominates
SLOW = settings(max_examples=25, deadline=10000, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def folder() -> Iterator[Path]:
    """A fresh folder per example (pytest's tmp_path is one per test, not per example)."""
    d = tempfile.mkdtemp(prefix="stdcheck-robust-")
    try:
        yield Path(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def library(path: Path, **kw: Any) -> None:
    """A result, or an InputError with a message in both languages: nothing else."""
    try:
        report = check([path], POLICY, as_of=AS_OF, keep_going=False, **kw)
    except InputError as e:
        assert e.message.en.strip() and e.message.zh.strip()
        assert str(path) in e.message.en  # located: the file is named
        return
    assert report.files  # read: the file is listed


def command(*args: str) -> None:
    """The CLI in-process: exit 0 or 2, no exception escaping, no internal error."""
    result = runner.invoke(app, [*args, "--lang", "en"], env={"COLUMNS": "200"})
    assert "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code in (0, 2), (result.exit_code, result.output[-2000:])
    if result.exit_code == 2:
        assert result.output.startswith("stdcheck: "), result.output[-2000:]


# --- arbitrary bytes under a ledger's name ----------------------------------------------------

SUFFIXES = [".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".xlsm"]
# Starts that send a file down each reader's path: zip, OLE, BOMs, signatures, text.
STARTS = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", codecs.BOM_UTF8,
          codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"%PDF", b"<html>",
          "序号,类别,名称,责任单位\n".encode(), "序号,类别,名称,责任单位\n".encode("gb18030")]


@FAST
@given(st.sampled_from(SUFFIXES), st.sampled_from(STARTS), st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_result_or_a_located_error(suffix: str, start: bytes,
                                                          data: bytes) -> None:
    with folder() as d:
        path = d / f"ledger{suffix}"
        path.write_bytes(start + data)
        library(path)


@settings(max_examples=15, deadline=10000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUFFIXES), st.sampled_from(STARTS), st.binary(max_size=500))
def test_arbitrary_bytes_through_the_command(suffix: str, start: bytes, data: bytes) -> None:
    with folder() as d:
        path = d / f"ledger{suffix}"
        path.write_bytes(start + data)
        command("status", str(path), "--as-of", "2026-06-01")
        command("status", str(path), "--keep-going", "--format", "json")


@pytest.mark.parametrize("data", [b"\x80", "序号,类别,名称,责任单位\n1,国家标准,甲,区科技局\n"
                                  .encode("gb18030") + b"\x81"])
def test_a_character_cut_short_at_the_end_is_bad_encoding(tmp_path: Path, data: bytes) -> None:
    """The ladder samples a file; a GB18030 lead byte at its very end (a file cut short) broke
    the delimiter pass with a bare UnicodeDecodeError (found by the property above)."""
    path = tmp_path / "ledger.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as e:
        check([path], POLICY, as_of=AS_OF)
    assert e.value.code == "bad-encoding"  # type: ignore[attr-defined]
    assert f"byte offset {len(data) - 1}" in e.value.message.en
    assert "incomplete multibyte sequence" in e.value.message.en
    command("status", str(path))


def _xlsx_template() -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["序号", "类别", "名称", "责任单位", "完成日期"],
                [1, "国家标准", "花椒", "区科技局", dt.date(2024, 3, 5)]]:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = _xlsx_template()


@FAST
@given(st.lists(st.tuples(st.integers(0, len(XLSX) - 1), st.integers(0, 255)), min_size=1,
                max_size=20),
       st.one_of(st.none(), st.integers(0, len(XLSX))), st.sampled_from([".xlsx", ".ods"]))
def test_damaged_workbooks_give_a_located_error(flips: list[tuple[int, int]],
                                                cut: int | None, suffix: str) -> None:
    """A real workbook with bytes changed and maybe cut short (a bad disk, a cut download):
    this is where zipfile's zlib.error and NotImplementedError were found."""
    data = bytearray(XLSX)
    for at, value in flips:
        data[at] = value
    with folder() as d:
        path = d / f"ledger{suffix}"
        path.write_bytes(bytes(data[:cut]))
        library(path)


# --- CSV with headers from the real vocabulary, random cells, quotes, encodings ------------------

HEADERS = [*sorted({a for names in ALIASES.values() for a in names}),
           "", "junk", "序 号", "名称（必填）", "完成时间", "计划", "实际", "#N/A", "\ufeff类别"]
CELLS = ["", " ", "国家标准", "企业标准", "地方标准", "试点", "怪标准", "区科技局", "区科委",
         "白沙镇", "火星镇", "区科技局、区经济信息委", "区科技局（牵头）", "2024-03-05", "2024年3月",
         "2024-02-30", "20240101", "9999-12-31", "GB/T 1.1-2020", "DB50/T 12-2024", "Q/JJ 1-2024",
         "ＧＢ／Ｔ 1—2020", "已发布", "进行中", "差不多", "已取消", "3", "3、13", "第3项", "99",
         "-1", "合计", "一、国家标准", "（二）地方标准", "#N/A", "#DIV/0!", '"', '""', "a\nb", "\r",
         "\t", ";", ",", "x" * 300, "\u2028", "\x1b[1m", "１２", "1e308", "None", "NaN"]


@st.composite
def csv_texts(draw: st.DrawFn) -> tuple[str, str]:
    width = draw(st.integers(1, 12))
    header = draw(st.lists(st.sampled_from(HEADERS) | st.text(max_size=8), min_size=width,
                           max_size=width))
    rows = draw(st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=12), max_size=width + 3),
                         max_size=12))
    delimiter = draw(st.sampled_from([",", "\t", ";"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    title = draw(st.sampled_from(["", "江津区标准化工作台账\n", "\n\n", ",,,\n"]))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=quoting, escapechar="\\",
                        lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    try:
        for row in [header, *rows]:
            writer.writerow(row)
    except csv.Error:
        assume(False)
    text = title + buf.getvalue()
    if draw(st.booleans()):  # a stray quote somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    return text, delimiter


@FAST
@given(csv_texts(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
       st.sampled_from([".csv", ".tsv", ".txt"]))
def test_random_csv_gives_a_result_or_a_located_error(table: tuple[str, str], encoding: str,
                                                      suffix: str) -> None:
    text, _ = table
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # gb18030 encodes everything but lone surrogates
        assume(False)
    with folder() as d:
        path = d / f"ledger{suffix}"
        path.write_bytes(data)
        library(path)
        library(path, encoding=encoding)


@settings(max_examples=15, deadline=10000, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts(), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_random_csv_through_the_command(table: tuple[str, str], encoding: str) -> None:
    try:
        data = table[0].encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    with folder() as d:
        path = d / "ledger.csv"
        path.write_bytes(data)
        command("status", str(path), "--as-of", "2026-06-01", "--format", "json")
        command("status", str(d), "--keep-going", "--show-normalised")


# --- workbooks written by openpyxl ---------------------------------------------------------------

WORKBOOK_CELLS = (st.sampled_from(CELLS) | st.none() | st.integers(-10**6, 10**12)
                  | st.floats(allow_nan=True, allow_infinity=False, width=32)
                  | st.dates(dt.date(1900, 3, 1), dt.date(9999, 1, 1)) | st.booleans()
                  | st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 1, 1)))


@SLOW
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=10),
       st.lists(st.lists(WORKBOOK_CELLS, max_size=12), max_size=10),
       st.lists(st.text(min_size=1, max_size=31).filter(lambda s: not set(s) & set("[]:*?/\\'")),
                max_size=2, unique=True),
       st.booleans(), st.booleans())
def test_random_workbooks_give_a_result_or_a_located_error(header: list[str],
                                                           rows: list[list[object]],
                                                           more_sheets: list[str], merge: bool,
                                                           hide: bool) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = openpyxl.Workbook()
    ws = wb.active
    try:
        for row in [header, *rows]:
            ws.append(row)
        for name in more_sheets:
            extra = wb.create_sheet(name.strip() or "x")
            extra.append(header)
            if hide:
                extra.sheet_state = "hidden"
    except (IllegalCharacterError, ValueError):  # what openpyxl itself refuses to write
        assume(False)
    if merge and ws.max_row > 1:
        ws.merge_cells(start_row=2, start_column=1, end_row=ws.max_row,
                       end_column=min(ws.max_column, 3))
    with folder() as d:
        path = d / "ledger.xlsx"
        try:
            wb.save(path)
        except (IllegalCharacterError, ValueError):
            assume(False)
        library(path)
        library(path, sheet="*")
        command("status", str(path), "--keep-going", "--format", "json")


# --- policy YAML ---------------------------------------------------------------------------------

YAML_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                | st.text(max_size=20) | st.dates()
                | st.sampled_from(["id", "targets", "tasks", "departments", "kinds", "local",
                                   "区科技局", "2023-01-01", "at_least", "010", "no", "0x1F"]))
YAML_VALUES = st.recursive(YAML_SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(
                               ["id", "name", "zh", "en", "kinds", "bound", "type", "value",
                                "window", "start", "end", "targets", "tasks", "sections",
                                "departments", "number", "section", "title", "aliases",
                                "prefixes", "towns", "goals", "x"]) | st.text(max_size=5),
                               inner, max_size=5), max_leaves=25)
YAML_TOKENS = ["a", "b: c", "- x", "- ", ": ", "{", "}", "[", "]", "&a", "*a", "!!str",
               "!!python/object:os.system", "<<: *a", "'q'", '"\\x00"', "2025-13-01", "010",
               "yes", "~", "?", "|", ">", "\t", "\n", "\n  ", "---", "...", "%YAML 1.1", "#",
               "\ufeff", "\x85", "\u2028", "targets:", "tasks:", "departments:", "id: x"]


@st.composite
def yaml_documents(draw: st.DrawFn) -> bytes:
    how = draw(st.sampled_from(["value", "tokens", "edit", "bytes"]))
    if how == "value":
        return yaml.safe_dump(draw(YAML_VALUES), allow_unicode=True).encode()
    if how == "tokens":
        parts = draw(st.lists(st.sampled_from(YAML_TOKENS), max_size=40))
        seps = draw(st.lists(st.sampled_from([" ", "\n", ""]), min_size=len(parts),
                             max_size=len(parts)))
        return "".join(p + s for p, s in zip(parts, seps, strict=True)).encode("utf-8",
                                                                               "surrogatepass")
    if how == "edit":
        lines = (ROOT / "data" / draw(st.sampled_from(["targets.yaml", "tasks.yaml",
                                                        "departments.yaml"]))
                 ).read_text(encoding="utf-8").splitlines(keepends=True)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(lines) - 1))
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = draw(st.sampled_from(YAML_TOKENS)) + " " + lines[at][cut:]
        return "".join(lines).encode()
    return draw(st.binary(max_size=300))


@FAST
@given(st.sampled_from(["targets.yaml", "tasks.yaml", "departments.yaml"]), yaml_documents())
def test_any_policy_file_gives_located_findings(name: str, document: bytes) -> None:
    with folder() as d:
        shutil.copytree(ROOT / "data", d / "policy")
        (d / "policy" / name).write_bytes(document)
        result = check_policy(d / "policy")
        if result.data is None:
            assert result.findings
            for f in result.findings:
                assert f.source and f.code and f.message.en and f.message.zh
        else:
            assert not result.findings


@pytest.mark.parametrize("document", ["null\n", "~\n", "---\nnull\n...\n", "# a note\n~"])
def test_a_policy_file_holding_only_null_is_located(tmp_path: Path, document: str) -> None:
    """Found by the property above: a file of just `null` gave no finding at all, and the
    command said "the policy data has 0 problem(s)"."""
    shutil.copytree(ROOT / "data", tmp_path / "policy")
    (tmp_path / "policy" / "tasks.yaml").write_text(document, encoding="utf-8")
    result = check_policy(tmp_path / "policy")
    assert result.data is None
    [f] = result.findings
    assert f.code == "empty-file" and f.source.endswith("tasks.yaml") and f.line is not None
    out = runner.invoke(app, ["--data", str(tmp_path / "policy"), "targets", "--lang", "en"])
    assert out.exit_code == 2 and "tasks.yaml" in out.output and "0 problem" not in out.output


@settings(max_examples=10, deadline=10000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["targets.yaml", "tasks.yaml", "departments.yaml"]), yaml_documents())
def test_any_policy_file_through_the_command(name: str, document: bytes) -> None:
    with folder() as d:
        shutil.copytree(ROOT / "data", d / "policy")
        (d / "policy" / name).write_bytes(document)
        command("--data", str(d / "policy"), "targets")


# --- valid ledgers: every row accounted for, the counts right ------------------------------------

# (kind word, kind, number pattern for distinct serials, or None: counted by title)
KINDS = [("国家标准", "national", "GB/T {}-2020"), ("行业标准", "industry", "QC/T {}-2014"),
         ("国际标准", "international", "ISO {}:2015"), ("地方标准", "local", "DB50/T {}-2024"),
         ("团体标准", "group", "T/CAS {}-2020"), ("企业标准", "enterprise", "Q/JJ {}-2024"),
         ("试点示范", "pilot", None), ("工作进展", "activity", None)]
DONE = ["已发布", "已完成", ""]
OPEN = ["进行中", "计划", "已取消"]
DEPARTMENTS = ["区科技局", "区经济信息委", "江津区市场监管局", "区农业农村委", "白沙镇"]
# each serial's one date, so every copy of a number has the same: before the window, in it,
# late (after its end, before the as-of date)
DATES = [dt.date(2022, 5, 1), dt.date(2023, 2, 1), dt.date(2024, 7, 15), dt.date(2025, 12, 31),
         dt.date(2026, 3, 1)]
WINDOW = (dt.date(2023, 1, 1), dt.date(2025, 12, 31))


@st.composite
def ledger_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 40))
    rows = []
    for _ in range(n):
        k = draw(st.integers(0, len(KINDS) - 1))
        serial = draw(st.integers(1, 12))  # few: numbers repeat, so duplicates happen
        status = draw(st.sampled_from(DONE + OPEN))
        broken = draw(st.sampled_from([None] * 6 + ["kind", "title", "date", "status"]))
        rows.append({"k": k, "serial": serial, "status": status, "broken": broken,
                     "department": draw(st.sampled_from(DEPARTMENTS)),
                     "task": draw(st.sampled_from(["", "3", "12", "3、13"]))})
    return rows


def _cells(row: dict[str, Any]) -> list[str]:
    word, _, pattern = KINDS[row["k"]]
    date = DATES[row["serial"] % len(DATES)].isoformat()
    code = pattern.format(row["serial"]) if pattern else ""
    title = f"标准{row['serial']}" if pattern else f"项目{row['serial']}"
    status, due = row["status"], ""
    if status in OPEN:
        date, due = "", "2026-12-31"
    broken = row["broken"]
    return ["怪标准" if broken == "kind" else word, "" if broken == "title" else title,
            row["department"], "2024-02-30" if broken == "date" else date, code, row["task"],
            "差不多" if broken == "status" else status, due]


LEDGER_HEADER = ["类别", "名称", "责任单位", "完成日期", "标准编号", "任务", "状态", "完成时限"]


def _write(path: Path, rows: list[dict[str, Any]], encoding: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(LEDGER_HEADER)
    for row in rows:
        writer.writerow(_cells(row))
    path.write_bytes(buf.getvalue().encode(encoding))


def _expected(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Per target, the distinct numbers (or, without one, kind + title + department) of the
    done rows that are read as written and dated inside the window."""
    keys: dict[str, set[object]] = {t.id: set() for t in POLICY.policy.targets}
    for row in rows:
        _, kind, pattern = KINDS[row["k"]]
        date = DATES[row["serial"] % len(DATES)]
        if row["broken"] or row["status"] not in DONE or not WINDOW[0] <= date <= WINDOW[1]:
            continue
        key = (pattern.format(row["serial"]) if pattern else
               (kind, title_key(f"项目{row['serial']}"), row["department"]))
        for t in POLICY.policy.targets:
            if kind in {k.value for k in t.kinds}:
                keys[t.id].add(key)
    return {t: len(v) for t, v in keys.items()}


@FAST
@given(ledger_rows(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_valid_ledgers_account_for_every_row(rows: list[dict[str, Any]], encoding: str) -> None:
    with folder() as d:
        path = d / "ledger.csv"
        _write(path, rows, encoding)
        report = check([path], POLICY, as_of=AS_OF)
    [summary] = report.files
    assert summary.rows == len(rows)
    # rows read = rows used + rows dropped, each dropped row named by a counts: false finding
    row_codes = {"missing-value", "unknown-kind", "unknown-status", "bad-date", "error-cell",
                 "code-kind-conflict"}
    dropped = {f.line for f in report.findings if f.code in row_codes and f.counts is False}
    assert summary.rows == summary.used + len(dropped)
    assert len(dropped) == sum(1 for r in rows if r["broken"])
    assert {t.id: t.achieved for t in report.targets} == _expected(rows)


# --- the fast path and the careful path agree ----------------------------------------------------

NAMES = DepartmentIndex(POLICY.departments, POLICY.prefixes, POLICY.towns)
READER_CELLS = st.sampled_from(CELLS[:45])


ENTRY_FIELDS = ("row", "source", "sheet", "kind", "title", "department", "town",
                "co_departments", "roles", "date", "due", "code", "written", "firm", "status",
                "stage", "task", "more_tasks", "flagged")


@FAST
@given(st.lists(st.tuples(READER_CELLS, READER_CELLS, READER_CELLS, READER_CELLS, READER_CELLS,
                          READER_CELLS, READER_CELLS, READER_CELLS), max_size=60),
       st.lists(st.integers(0, 59), max_size=60))
def test_fast_path_and_careful_path_agree(rows: list[tuple[str, ...]],
                                          repeat: list[int]) -> None:
    """Generated rows, with some repeated (the fast path takes a row whose cells were all seen
    and accepted before), read normally and with every row forced the careful way."""
    rows = rows + [rows[i] for i in repeat if i < len(rows)]
    with folder() as d:
        path = d / "ledger.csv"
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(["序号", *LEDGER_HEADER])
        for i, row in enumerate(rows):
            writer.writerow([str(i), *row])
        path.write_text(buf.getvalue(), encoding="utf-8")

        def reading() -> tuple[object, ...]:
            try:
                reader = open_ledger(path, names=NAMES, home_prefix="DB50")
                entries = [tuple(getattr(e, f) for f in ENTRY_FIELDS) for e in reader]
            except InputError as e:
                return ("error", e.message.en)
            found = [(f.line, f.field, f.code, f.severity, f.counts, f.message.en)
                     for f in reader.problems]
            s = reader.summary
            return entries, found, (s.rows, s.used, s.skipped_rows)

        fast = reading()
        # no kind remembered for the fast path: every row the careful way
        with mock.patch.object(R.Cells, "kind_id",
                               lambda self, raw, kind: list(EntryKind).index(kind)):
            careful = reading()
    assert fast == careful
