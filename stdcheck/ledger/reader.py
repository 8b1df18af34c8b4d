"""Turning ledger rows into entries and problems.

:func:`open_ledger` finds out everything that can make a file unusable before a row is read
(the file, its format, encoding, sheet, header row, required columns) and raises
:class:`LedgerError` for it. Iterating the :class:`LedgerReader` then streams entries.

Speed: a municipal roll-up has up to a million rows. Each row takes one of two paths. The fast
path handles a row in which every value is one already seen and accepted: a handful of dict
look-ups in caches keyed by the cell text as it stands, and one ``Entry``. Anything else (a
value not seen before, a problem, a blank or total row) goes to :meth:`LedgerReader._slow`,
which reads the row carefully, reports what is wrong, and teaches the caches the values that
were fine, so the next row with them stays on the fast path.

Row semantics:

* A row is one ``Entry`` or none; a row dropped always has a problem (``counts=False``).
* Blank rows, rows with nothing but a 序号 (numbered template rows) and total rows (合计,
  总计, 小计, total as the first filled cell or the 序号) are skipped without a problem and
  are not counted in ``summary.rows``.
* An empty status means ``done`` when the row has a date, ``planned`` when it has only a
  deadline (完成时限), and ``done`` otherwise.
* A department that is a town or sub-district (…镇, …街道) sets ``Entry.town``; one that is
  neither a known department nor a town is ``unknown-department`` (the row counts toward
  targets but is attributed to no department).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from ..codes import INDUSTRY_CODES, normalize_code
from ..codes import _check as check_code_normalized
from ..entries import Entry, as_due
from ..findings import Finding, finding
from ..result import FileSummary
from ..vocabulary import EntryKind, Severity, Status, Text, msg
from . import values as V
from .columns import HEADER_MIN, HEADER_SCAN, LABELS, REQUIRED, Header, expected_text, key
from .errors import LedgerError

if TYPE_CHECKING:
    from ..names import DepartmentIndex

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES

MAX_BYTES = 512 * 2**20
MAX_COLUMNS = 200
LONG_CELL = 10_000
CACHE_MAX = 100_000  # distinct cell texts remembered per column cache

_TOTALS = frozenset({"合计", "总计", "小计", "total", "totals", "sum", "subtotal"})
# The same words as cells usually hold them, for the fast path's single set look-up.
_TOTAL_CELLS = frozenset(_TOTALS | {w.title() for w in _TOTALS} | {w.upper() for w in _TOTALS}
                         | {f"{w[0]} {w[1]}" for w in ("合计", "总计", "小计")}
                         | {w + ":" for w in ("合计", "总计", "小计")}
                         | {w + "：" for w in ("合计", "总计", "小计")})
_MISS = object()
# Kind -> a match for numbers that are already keys (codes.normalize_code gives them back
# unchanged) and certainly fit the kind, so the fast path needs neither normalize_code nor
# check_code for them. Anything else takes the full way; these must only ever accept what
# codes.check_code accepts and what is its own key (a test holds them to it).
# An empty number (no number) fits every kind.
_YEAR = "-(?:19|20)[0-9]{2}"
_SERIAL = "[0-9]+(?:[.][0-9]+)*"
_KEYS = {
    "enterprise": f"Q/[A-Z]+ {_SERIAL}S?{_YEAR}",
    "group": f"T/[A-Z]+ {_SERIAL}{_YEAR}",
    "national": f"GB(?:/[TZ])? {_SERIAL}{_YEAR}",
}
_ANY_KEY = "|".join(_KEYS.values())
_FITS: dict[str, Callable[[str], object]] = {
    **{kind: re.compile(f"(?:{pattern})?").fullmatch for kind, pattern in _KEYS.items()},
    # Local numbers depend on the reader's home province; the rest are rarer.
    "pilot": re.compile(f"(?:{_ANY_KEY})?").fullmatch,
    "activity": re.compile(f"(?:{_ANY_KEY})?").fullmatch,
    "international": re.compile(f"(?:ISO {_SERIAL}:(?:19|20)[0-9]{{2}})?").fullmatch,
    "industry": re.compile(f"(?:(?:{'|'.join(sorted(INDUSTRY_CODES))})(?:/T)? {_SERIAL}{_YEAR})?"
                           ).fullmatch,
    "local": re.compile("").fullmatch,  # the home province's keys: _local_fits
}


# Kind -> the code a number starts with, as people write it without the space before the serial
# (Q/JJ0000001-2024, GB/T5-2025): the fast path puts the space in and takes the number when
# that key fits the kind (``_spaced``), sparing it normalize_code and check_code. A test holds
# each key to normalize_code and check_code.
_UNSPACED = {
    "enterprise": "Q/[A-Z]+",
    "group": "T/[A-Z]+",
    "national": "GB(?:/[TZ])?",
    "international": "ISO",
    "industry": f"(?:{'|'.join(sorted(INDUSTRY_CODES))})(?:/T)?",
}


def _spaced(kind: str, fits: Callable[[str], object],
            home: Optional[str]) -> Callable[[str], Optional[str]]:
    """For ``kind``: a number written without the space after its code -> its key, when the
    key fits the kind; else None (the number takes the careful way)."""
    code = _UNSPACED.get(kind)
    if kind == "local" and home is not None and re.fullmatch("DB[0-9]{2}", home):
        code = f"{home}/T"
    if code is None:
        return lambda written: None
    split = re.compile(f"({code})([0-9].*)").fullmatch

    def spaced(written: str) -> Optional[str]:
        m = split(written)
        if m is None:
            return None
        key = f"{m[1]} {m[2]}"
        return key if fits(key) else None

    return spaced


def _local_fits(home: Optional[str]) -> Callable[[str], object]:
    """The fast path's local keys: the home province's own (DB50/T 1-2020 for DB50). Another
    province's number is a warning, and a policy without a home province takes the full way."""
    if home is None or not re.fullmatch("DB[0-9]{2}", home):
        return _FITS["local"]
    return re.compile(f"(?:{home}/T {_SERIAL}{_YEAR})?").fullmatch
_SKIP = object()  # the slow path's verdict on a row that is not data
_OPEN = (Status.planned, Status.in_progress)

#: What a spreadsheet shows in a cell whose formula failed.
ERROR_VALUES = frozenset({"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#N/A N/A", "#BLOCKED!",
                          "#FIELD!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
                          "#EXTERNAL!"})
_LIBREOFFICE_ERROR = re.compile(r"Err:\d{3}")  # LibreOffice's own: Err:502


def is_error_value(text: str) -> bool:
    """Whether a cell shows what a spreadsheet shows for a failed formula."""
    return text in ERROR_VALUES or (text[:4] == "Err:" and bool(_LIBREOFFICE_ERROR.fullmatch(text)))

# A section heading: 一、 / （一） / (一) / 1. / 1、 followed by what the section holds.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|"
                      r"\d+[.．、](?!\d))\s*(\S.*)$")


def _section(filled: list[str]) -> Optional[EntryKind]:
    """The kind a section row names (一、国家标准 merged across the sheet: every filled cell
    the same heading), or None when the row is not a section row naming a kind."""
    if len(set(filled)) != 1:
        return None
    m = _HEADING.match(filled[0])
    if not m:
        return None
    kind = V.parse_kind(m.group(1))
    return kind if isinstance(kind, EntryKind) else None


def _normalised(written: str, key: str) -> Text:
    """What reading a number changed, for ``--show-normalised``."""
    from ..standard_number_data import CHANGE_ZH
    from ..standard_numbers import parse

    changes = parse(written).changes
    en = ", ".join(changes) or "spacing"
    zh = "、".join(CHANGE_ZH.get(c, c) for c in changes) or "空格"
    return msg(f"{written} is read as {key} ({en})", f"{written} 按 {key} 读取（{zh}）")


def _error_cell(value: str, essential: bool) -> Text:
    tail = (msg(". The row is not counted until then", "。改正前该行不计入") if essential
            else msg("; the cell is read as empty", "；该单元格按空白处理"))
    return msg(f"the cell holds the spreadsheet error {value}: its formula failed. Fix the "
               "formula, or type the value in",
               f"该单元格是电子表格的错误值 {value}：公式出错。请修正公式，或直接填写数值") + tail


def _is_total(text: str) -> bool:
    return key(text) in _TOTALS


class _Dept:
    """What a department cell resolves to (cached per distinct cell text): the first
    department (or town), further departments a cell names, their roles, and a message when a
    name cannot be resolved."""

    __slots__ = ("also", "message", "name", "roles", "town")

    def __init__(self, name: Optional[str], town: Optional[str], message: Optional[Text],
                 also: tuple[str, ...] = (), roles: tuple[str, ...] = ()):
        self.name, self.town, self.message = name, town, message
        self.also, self.roles = also, roles


# One cell naming several departments: 区科技局、区经济信息委 (also , ， ; ； / and spaces).
_SEPARATORS = re.compile(r"\s*[、,，;；/／]\s*|\s+")
# A role after a name: 区科技局（牵头）, 区经济信息委(配合), 区民政局（参与）.
_ROLE = re.compile(r"\s*[(（]\s*(牵头|配合|参与|协办|主办|负责)\s*[)）]\s*$")

class LedgerReader:
    """Streams the entries of one ledger; see the module docstring for the row rules.

    ``summary`` is filled as rows are read; ``problems`` receives row problems while iterating
    (a list of ``Problem``, or the ``ProblemLog`` passed to :func:`open_ledger`).
    """

    def __init__(self, src: Any, header: Header, source: str, summary: FileSummary,
                 names: DepartmentIndex, problems: Any, max_task: int,
                 home_prefix: Optional[str], show_normalised: bool = False):
        self._src = src
        self.header = header
        self.source = source
        self.summary = summary
        self.names = names
        self.max_task = max_task
        self.home_prefix = home_prefix
        self._fits = {**_FITS, "local": _local_fits(home_prefix)}
        self._spaced = {kind: _spaced(kind, fits, home_prefix) for kind, fits in self._fits.items()}
        self.show_normalised = show_normalised  # say what normalising a number changed
        self.sheet = summary.sheet
        self._iterated = False
        # lines of blank rows below the header (for `validate`'s blank-row check), bounded
        self.blank_rows: list[int] = []
        # the row being read and its first line, while iterating: a finding made for it can
        # take its cells (validate's fingerprints) without the file being read again
        self.row: Optional[list[str]] = None
        self.line = 0
        if problems is None:
            self.problems: Any = []
            self._add = self._add_to_list
        else:
            self.problems = problems
            self._add = problems.add
        # Caches: cell text as it stands -> parsed value (or Bad / _Dept).
        self._kinds: dict[str, Any] = {}
        self._statuses: dict[str, Any] = {}
        self._dates: dict[str, Any] = {}
        self._tasks: dict[str, Any] = {}
        self._depts: dict[str, _Dept] = {}
        # The fast path's caches hold only values accepted without a problem.
        self._ok_kinds: dict[str, EntryKind] = {}
        self._combos: dict[tuple[str, str, str, str, bool, bool], tuple[Any, ...]] = {}
        self._ok_statuses: dict[str, Optional[tuple[Status, Optional[str]]]] = {"": None}
        self._ok_dates: dict[str, Any] = {"": None}
        # deadlines apart from dates: a month alone is its last day as a deadline
        self._dues: dict[str, Any] = {}
        self._ok_dues: dict[str, Any] = {"": None}
        # told of each data row that gives no entry (department, town, sheet row, date): the
        # roll-call counts every row a department sent, not only those that counted
        self.on_dropped: Optional[Callable[[Optional[_Dept], int, Any], None]] = None
        self._ok_tasks: dict[str, Optional[tuple[int, ...]]] = {"": None}
        self._ok_depts: dict[str, tuple[Optional[str], Optional[str], tuple[str, ...],
                                        tuple[str, ...]]] = {}
        # the kind a section row names (一、国家标准), for the rows below it without a kind
        self._section_kind: Optional[EntryKind] = None
        for column, pos in header.duplicates:
            self._add(source, header.row, header.cells[pos], "duplicate-column", Severity.warning,
                      msg(f"“{header.cells[pos]}” is a second {LABELS[column]} column; the first "
                          f"one (“{header.text(column)}”) is used and this one is ignored. "
                          "Rename or delete one of them",
                          f"“{header.cells[pos]}”是又一个{LABELS[column]}列；使用第一个"
                          f"（“{header.text(column)}”），此列被忽略。请改名或删除其中一列"),
                      None, pos + 1, self.sheet)
        if "task" not in header.columns:
            self._add(source, header.row, None, "no-task-column", Severity.warning, msg(
                "the ledger has no task column (任务): its rows count toward targets, and its "
                "departments show as having reported without saying on which task. Add a 任务 "
                "column with the task numbers",
                "台账没有“任务”列：各行照常计入目标，但其责任单位只显示为“已报送、未注明任务”。"
                "请增加“任务”列并填写任务编号"), None, None, self.sheet)

    def _add_to_list(self, source: str, line: Optional[int], field: Optional[str], code: str,
                     severity: Severity, message: Text, counts: Optional[bool] = None,
                     column: Optional[int] = None, sheet: Optional[str] = None) -> None:
        self.problems.append(finding(source, line, field, code, severity, message, counts,
                                     column, sheet))

    @property
    def columns(self) -> dict[str, str]:
        """Column -> its header text as it stands in the file."""
        return {c: self.header.text(c) for c in self.header.columns}

    # --- the row loop ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Entry]:
        if self._iterated:
            raise RuntimeError("a LedgerReader is read once; open the ledger again to re-read it")
        self._iterated = True
        return self._entries()

    def _entries(self) -> Iterator[Entry]:
        # Everything the loop touches is a local; the fast path is straight-line code (see
        # bench/NOTES.md for the shapes tried).
        cols = self.header.columns
        width = max(cols.values()) + 1
        pad = len(cols) < len(LABELS)  # some column absent: its index is -1, a '' appended
        ii, ki, ti, di, fi = (cols.get(c, -1) for c in ("id", "kind", "title", "department",
                                                         "firm"))
        dti, ci, tki, si, dui, ni = (cols.get(c, -1) for c in
                                     ("date", "code", "task", "status", "due", "note"))
        source, sheet = self.source, self.sheet
        home = self.home_prefix
        cget, dget, uget = self._combos.get, self._ok_dates.get, self._ok_dues.get
        combine = self._combine
        slow = self._slow
        totals = _TOTAL_CELLS
        miss = _MISS
        skip = _SKIP
        check = check_code_normalized
        normalize = normalize_code
        new = Entry
        long_cell = LONG_CELL
        columns = len(self.header.cells)
        show = self.show_normalised
        used = others = skipped = 0  # entries yielded; data rows that gave none; not data
        summary = self.summary
        with self._src.records() as rdr:
            try:
                it = iter(rdr)
                for _ in range(self.header.index + 1):
                    next(it)
                last = rdr.line_num
                for row in it:
                    start = last + 1
                    last = rdr.line_num
                    self.row, self.line = row, start
                    if last != start:  # a record over several lines: a quoted cell
                        broken = self._src.swallowed(row, columns, start, last)
                        if broken is not None:
                            raise broken
                    n = len(row)
                    if n < width:
                        if not any(row):
                            if len(self.blank_rows) < CACHE_MAX:
                                self.blank_rows.append(start)
                            continue
                        row.extend([""] * (width - n))
                    elif n > MAX_COLUMNS:
                        raise LedgerError(source, msg(
                            f"line {start}: the row has {n} cells; a ledger has at most "
                            f"{MAX_COLUMNS} columns. Check the delimiter and stray cells",
                            f"第 {start} 行有 {n} 个单元格；台账最多 {MAX_COLUMNS} 列。请检查"
                            "分隔符和多余的单元格"), code="too-large")
                    if pad:
                        row.append("")
                    if row[0] in totals:
                        skipped += 1
                        continue
                    date = dget(row[dti], miss)
                    due = uget(row[dui], miss)
                    # The few-valued cells together, one look-up: kind, department, status,
                    # task, and whether there is a deadline and a date (for the empty-status
                    # rule). The deadline itself, of hundreds of values, is looked up alone.
                    key = (row[ki], row[di], row[si], row[tki], due is None, date is not None)
                    c = cget(key) or combine(key)
                    title = row[ti].strip()
                    written = row[ci]
                    note = row[ni]
                    ref = row[ii]
                    firm = row[fi]
                    code = written
                    if code and not (c and c[6](code)):  # not already a key that fits
                        spaced = c[12](code) if c else None  # GB/T5-2025: GB/T 5-2025 fits
                        if spaced is None:
                            code = normalize(code)
                            bad_code = c is not None and check(c[7], code, home)
                        else:
                            code, bad_code = spaced, None
                    else:
                        bad_code = None
                    if (c is None or date is miss or due is miss or not title or bad_code
                            or (show and code != written)
                            or len(title) + len(note) + len(code) + len(ref) > long_cell
                            # a spreadsheet error value (#N/A) in a free-text cell
                            or title[0] == "#" or note[:1] == "#" or ref[:1] == "#"
                            or firm[:1] == "#"):
                        entry = slow(row, start)
                        if entry is None or entry is skip:
                            if entry is None:
                                others += 1
                            else:
                                skipped += 1
                            continue
                    else:
                        if c[13] and due is None and date is not None:
                            due, date = as_due(date), None  # an open row's date: its deadline
                        entry = new(source, start, c[0], title, c[1], c[2], date, code or None,
                                    c[4], c[3], due, ref.strip() or None, note.strip() or None,
                                    c[8], c[9], c[10], c[11], written.strip() or None,
                                    firm.strip() or None, sheet)
                    used += 1
                    yield entry  # type: ignore[misc]  # _slow's _SKIP and None are skipped above
            except self._src.errors as e:  # csv.Error, UnicodeError, calamine's errors
                raise self._src.fail(rdr, e) from None
            finally:
                summary.rows = used + others
                summary.used = used
                summary.skipped_rows = skipped

    def _combine(self, key: tuple[str, str, str, str, bool, bool]) -> Optional[tuple[Any, ...]]:
        """The reading of a row's (kind, department, status, task cells, has no deadline,
        has a date) when each cell holds a value already accepted without a problem, else None
        (the row goes the careful way). Remembered for the fast paths. The deadline is looked
        up on its own: ``combo[5]`` is unused."""
        kind_raw, dep_raw, status_raw, task_raw, no_due, has_date = key
        kind = self._ok_kinds.get(kind_raw)
        dep = self._ok_depts.get(dep_raw)
        status_read = self._ok_statuses.get(status_raw, _MISS)
        tasks = self._ok_tasks.get(task_raw, _MISS)
        if kind is None or dep is None or _MISS in (status_read, tasks):
            return None
        if status_read is None:  # the empty-status rule
            status = Status.done if has_date or no_due else Status.planned
            stage = None
        else:
            status, stage = status_read  # type: ignore[misc]
        task = tasks[0] if tasks else None  # type: ignore[index]
        more = tasks[1:] if tasks else ()  # type: ignore[index]
        combo = (kind, dep[0], dep[1], status, task, None, self._fits[kind.value], kind.value,
                 stage, dep[2], dep[3], more, self._spaced[kind.value], status in _OPEN)
        if len(self._combos) < CACHE_MAX:
            self._combos[key] = combo
        return combo

    # --- the careful path ------------------------------------------------------------------

    def _slow(self, row: list[str], start: int) -> Union[Entry, object, None]:
        """Read one row carefully: report every problem, return the Entry, None (dropped) or
        _SKIP (not data: blank, total, numbered template or section row). Teaches the fast
        path's caches the values that were fine."""
        cols = self.header.columns
        found: list[tuple[str, str, Severity, Text]] = []  # (column, code, severity, message)
        dropped = False
        errors: dict[str, str] = {}  # column -> the spreadsheet error value it holds

        for column, pos in cols.items():
            value = row[pos].strip()
            if is_error_value(value):
                errors[column] = value
                essential = column in REQUIRED or column == "date"
                dropped = dropped or essential
                found.append((column, "error-cell", Severity.error if essential
                              else Severity.warning, _error_cell(value, essential)))

        def cell(column: str) -> str:
            pos = cols.get(column)
            return row[pos] if pos is not None and column not in errors else ""

        kind_raw, title_raw, dep_raw = cell("kind"), cell("title"), cell("department")
        if not errors:
            # A section row (一、国家标准, merged across the sheet or in its first cell): not
            # data; it gives its kind to the rows below it that have none.
            filled = [c.strip() for c in row if c.strip()]
            if filled and len(set(filled)) == 1 and _HEADING.match(filled[0]):
                self._section_kind = _section(filled)  # None: a section naming no kind
                return _SKIP
        if not errors and not (kind_raw.strip() and title_raw.strip() and dep_raw.strip()):
            # Blank (or only numbered, as templates come: 序号 filled, nothing else) or a
            # total row: not data, skipped without a problem.
            id_pos = cols.get("id")
            filled = [c.strip() for i, c in enumerate(row) if c.strip() and i != id_pos]
            if not filled and len(self.blank_rows) < CACHE_MAX:
                self.blank_rows.append(start)
            if not filled or _is_total(filled[0]) or _is_total(cell("id")):
                return _SKIP

        def text(column: str) -> str:
            """The stripped cell, cut with a long-cell warning when too long."""
            value = cell(column).strip()
            if len(value) > LONG_CELL:
                found.append((column, "long-cell", Severity.warning, msg(
                    f"the cell is {len(value):,} characters long; only the first "
                    f"{LONG_CELL:,} are kept. Shorten it (put long text in a separate document)",
                    f"该单元格长 {len(value):,} 个字符，只保留前 {LONG_CELL:,} 个。请精简"
                    "（长文字请另附文件）")))
                value = value[:LONG_CELL]
            return value

        # kind
        kind = self._kinds.get(kind_raw, _MISS)
        if kind is _MISS:
            kind = V.parse_kind(kind_raw)
            if len(self._kinds) < CACHE_MAX:
                self._kinds[kind_raw] = kind
                if isinstance(kind, EntryKind):
                    self._ok_kinds[kind_raw] = kind
        if kind is None and self._section_kind is not None and "kind" not in errors:
            kind = self._section_kind  # the kind of the section row above
        if kind is None:
            if "kind" not in errors:
                dropped = True
                found.append(("kind", "missing-value", Severity.error, msg(
                    f"the kind (类别) is empty; write one of: {V.KINDS_ACCEPTED}. The row is "
                    "not counted until then",
                    f"类别为空；请填写其中之一：{V.KINDS_ACCEPTED_ZH}。改正前该行不计入")))
        elif isinstance(kind, V.Bad):
            dropped = True
            found.append(("kind", "unknown-kind", Severity.error, kind.message))
            kind = None

        # title
        title = text("title")
        if not title and "title" not in errors:
            dropped = True
            found.append(("title", "missing-value", Severity.error, msg(
                "the name (名称) is empty; write what was achieved. The row is not counted "
                "until then",
                "名称为空；请填写完成的标准、项目或工作的名称。改正前该行不计入")))

        # department
        dep = self._department(dep_raw)
        if dep is None:
            if "department" not in errors:
                dropped = True
                found.append(("department", "missing-value", Severity.error, msg(
                    "the responsible department (责任单位) is empty; write it as the opinion "
                    "does. The row is not counted until then",
                    "责任单位为空；请按实施意见的写法填写。改正前该行不计入")))
        elif dep.message:
            found.append(("department", "unknown-department", Severity.warning, dep.message))

        # dates
        date = self._date(cell("date"))
        if isinstance(date, V.Bad):
            dropped = True
            found.append(("date", "bad-date", Severity.error, date.message + msg(
                ". The row is not counted until then", "。改正前该行不计入")))
            date = None
        due = self._due(cell("due"))
        if isinstance(due, V.Bad):
            found.append(("due", "bad-date", Severity.warning, due.message + msg(
                ". The deadline is ignored until then", "。改正前该完成时限不起作用")))
            due = None

        # status (and the stage it names)
        status_raw = cell("status")
        status_read = self._statuses.get(status_raw, _MISS)
        if status_read is _MISS:
            status_read = V.parse_status(status_raw)
            self._remember(self._statuses, self._ok_statuses, status_raw, status_read)
        stage: Optional[str] = None
        status: Optional[Status] = None
        if isinstance(status_read, V.Bad):
            dropped = True
            found.append(("status", "unknown-status", Severity.error, status_read.message))
        elif status_read is not None:
            status, stage = status_read
        if status is None:
            status = Status.done if date is not None or due is None else Status.planned
        if status in _OPEN and due is None and date is not None:
            due, date = as_due(date), None  # an open row's only date is its deadline

        # task(s)
        task_raw = cell("task")
        tasks = self._tasks.get(task_raw, _MISS)
        if tasks is _MISS:
            tasks = V.parse_task(task_raw, self.max_task)
            self._remember(self._tasks, self._ok_tasks, task_raw, tasks)
        if isinstance(tasks, V.Bad):
            found.append(("task", "unknown-task", Severity.warning, tasks.message))
            tasks = None

        # code
        written = text("code")
        code = written
        if code:
            code = normalize_code(code)
            if isinstance(kind, EntryKind):
                verdict = check_code_normalized(kind.value, code, self.home_prefix)
                if verdict is not None:
                    # a number confidently of another kind keeps the row out of every count
                    dropped = dropped or verdict.severity is Severity.error
                    found.append(("code", verdict.code, verdict.severity, verdict.message))
            if self.show_normalised and code != written:
                found.append(("code", "code-normalised", Severity.info, _normalised(written,
                                                                                   code)))

        ref = text("id") or None
        note = text("note") or None
        firm = text("firm") or None

        counts = not dropped
        add, source = self._add, self.source
        flagged = False
        for column, code_, severity, message in found:
            add(source, start, self.header.text(column), code_, severity, message, counts,
                self.header.position(column), self.sheet)
            flagged = flagged or severity is not Severity.info
        if dropped or dep is None or kind is None:
            if self.on_dropped is not None:
                self.on_dropped(dep, start, date)
            return None
        return Entry(self.source, start, kind, title, dep.name, dep.town, date,
                     code or None, tasks[0] if tasks else None, status, due, ref, note, stage,
                     dep.also, dep.roles, tuple(tasks[1:]) if tasks else (), written or None,
                     firm, self.sheet, flagged)

    @staticmethod
    def _remember(cache: dict[str, Any], ok: dict[str, Any], raw: str, value: object) -> None:
        """Cache a parsed value; one read without a problem also goes to the fast path's
        cache (None, an empty cell, is fine there: a missing kind reads as None too)."""
        if len(cache) < CACHE_MAX:
            cache[raw] = value
            if not isinstance(value, V.Bad) and len(ok) < CACHE_MAX:
                ok[raw] = value

    def _date(self, raw: str) -> Any:
        value = self._dates.get(raw, _MISS)
        if value is _MISS:
            value = V.parse_date(raw)
            self._remember(self._dates, self._ok_dates, raw, value)
        return value

    def _due(self, raw: str) -> Any:
        value = self._dues.get(raw, _MISS)
        if value is _MISS:
            value = V.parse_date(raw)
            if not isinstance(value, V.Bad):
                value = as_due(value)
            self._remember(self._dues, self._ok_dues, raw, value)
        return value

    def _department(self, raw: str) -> Optional[_Dept]:
        """None for an empty cell."""
        dep = self._depts.get(raw)
        if dep is not None:
            return dep
        name = raw.strip()
        if not name:
            return None
        dep = self._one_department(name)
        if dep.message is not None and dep.name is None and dep.town is None:
            dep = self._several_departments(name) or dep
        if len(self._depts) < CACHE_MAX:
            self._depts[raw] = dep
            if dep.message is None and len(self._ok_depts) < CACHE_MAX:
                self._ok_depts[raw] = (dep.name, dep.town, dep.also, dep.roles)
        return dep

    def _one_department(self, written: str) -> _Dept:
        m = _ROLE.search(written)
        role = m.group(1) if m else ""
        name = written[: m.start()] if m else written
        names = self.names
        found = names.resolve(name)
        if found is not None:
            return _Dept(found.name, None, None, roles=(role,) if role else ())
        town = names.town(name)
        if town is not None:
            return _Dept(None, town, None)
        guesses = names.suggest(name)
        hint = f"did you mean {' or '.join(guesses)}? " if guesses else ""
        hint_zh = f"是否指{'或'.join(guesses)}？" if guesses else ""
        return _Dept(None, None, msg(
            f"{V.show(name)} is neither a department of the opinion nor a town or "
            f"sub-district; {hint}Write the department as the opinion names it; until then the "
            "row is attributed to no department",
            f"{V.show(name)} 既不是实施意见中的部门，也不是镇街；{hint_zh}请按实施意见的写法"
            "填写责任单位；改正前该行不归入任何部门"))

    def _several_departments(self, written: str) -> Optional[_Dept]:
        """A cell naming several departments, each resolving: credits every one of them, in
        the order written, keeping roles. None when it is not such a cell."""
        parts = [p for p in _SEPARATORS.split(written) if p]
        if len(parts) < 2:
            return None
        found = [self._one_department(p) for p in parts]
        if any(d.name is None for d in found):
            return None
        names = tuple(dict.fromkeys(d.name for d in found if d.name))
        roles = tuple(d.roles[0] if d.roles else "" for d in found)
        return _Dept(names[0], None, None, also=names[1:],
                     roles=roles if any(roles) else ())


# --- opening ---------------------------------------------------------------------------------


def open_ledger(path: Path, *, names: DepartmentIndex, encoding: Optional[str] = None,
                sheet: Optional[str] = None, max_bytes: int = MAX_BYTES, max_task: int = 19,
                home_prefix: Optional[str] = None, problems: Any = None) -> LedgerReader:
    """The first ledger of ``path`` (its first ledger sheet, for a workbook); see
    :func:`open_ledgers`, which gives them all."""
    for reader in open_ledgers(path, names=names, encoding=encoding, sheet=sheet,
                               max_bytes=max_bytes, max_task=max_task, home_prefix=home_prefix,
                               problems=problems):
        return reader
    raise AssertionError("open_ledgers yields a reader or raises")  # pragma: no cover


class LedgerFile:
    """The ledgers in one file: a text file's one table, or every ledger sheet of a workbook.

    Iterating yields a :class:`LedgerReader` per ledger (sheets loaded one at a time).
    ``skipped`` names the sheets passed over and why (instructions, lists, charts, hidden
    sheets); ``findings`` holds sheets that look like ledgers but cannot be read. A file
    without any ledger raises ``LedgerError``.
    """

    def __init__(self, path: Path, source: str, suffix: str, head: bytes, names: DepartmentIndex,
                 encoding: Optional[str], sheet: Optional[str], max_task: int,
                 home_prefix: Optional[str], problems: Any,
                 show_normalised: bool = False) -> None:
        self.path, self.source, self.suffix, self.head = path, source, suffix, head
        self.names, self.encoding, self.sheet = names, encoding, sheet
        self.max_task, self.home_prefix, self.problems = max_task, home_prefix, problems
        self.show_normalised = show_normalised
        self.skipped: list[tuple[Optional[str], Text]] = []
        self.findings: list[Finding] = []

    def _reader(self, src: Any, header: Header, summary: FileSummary) -> LedgerReader:
        return LedgerReader(src, header, self.source, summary, self.names, self.problems,
                            self.max_task, self.home_prefix, self.show_normalised)

    def __iter__(self) -> Iterator[LedgerReader]:
        if self.suffix in TEXT_SUFFIXES:
            yield self._text()
        else:
            yield from self._sheets()

    def _text(self) -> LedgerReader:
        from . import text as T

        path, source = self.path, self.source
        what = T.sniff_binary(self.head)
        if what:
            raise LedgerError(source, msg("is not a text table but ", "不是文本表格，而是") + what,
                              code="wrong-format")
        enc = T.decide_encoding(path, source, self.encoding)
        src, header, best = T.find_header(path, source, enc, self.suffix)
        if header is None and self.encoding is None:  # the ladder's choice: was it Big5?
            T.check_big5(path, source, enc)
        _check_header(source, header, best)
        assert header is not None
        return self._reader(src, header, FileSummary(source=source, format=src.format,
                                                     encoding=enc))

    def _sheets(self) -> Iterator[LedgerReader]:
        from fnmatch import fnmatchcase

        from . import workbook as W
        from .text import scan_header

        source = self.source
        book = W.Book(self.path, source, self.suffix, self.head)
        try:
            if self.sheet is not None:
                chosen = [sh for sh in book.sheets if fnmatchcase(sh.name, self.sheet)]
                if not chosen:
                    listed = ", ".join(f"“{sh.name}”" for sh in book.sheets) or "none"
                    listed_zh = "、".join(f"“{sh.name}”" for sh in book.sheets) or "无"
                    raise LedgerError(source, msg(
                        f"has no sheet named “{self.sheet}”; its sheets are: {listed}. Pass one "
                        "of them (or a pattern such as '2025*') with --sheet",
                        f"没有名为“{self.sheet}”的工作表；现有工作表：{listed_zh}。请用 --sheet "
                        "指定其中之一（或用 '2025*' 这样的通配符）"), code="no-sheet")
            else:
                chosen = []
                for sh in book.sheets:
                    if not sh.worksheet:
                        self.skipped.append((sh.name, msg("not a worksheet (a chart)",
                                                          "不是工作表（图表）")))
                    elif not sh.visible:
                        self.skipped.append((sh.name, msg("hidden", "隐藏的工作表")))
                    else:
                        chosen.append(sh)
            read = 0
            for sh in chosen:
                try:
                    src = book.load(sh.name)
                    with src.records() as rdr:
                        header, best = scan_header(rdr)
                    # a sheet asked for by --sheet must be a ledger; others may be notes
                    if (header is None and self.sheet is None
                            and (best is None or len(best.columns) < HEADER_MIN - 1)):
                        self.skipped.append((sh.name, msg("no ledger header (instructions, a "
                                                          "list or notes)",
                                                          "没有台账表头（说明、名录或备注）")))
                        continue
                    _check_header(source, header, best, sheet=sh.name)
                except LedgerError as e:
                    self.findings.append(e.as_finding())
                    continue
                assert header is not None
                read += 1
                yield self._reader(src, header, FileSummary(source=source, format=src.format,
                                                            sheet=sh.name))
            if read == 0:
                if self.findings:
                    first = self.findings[0]
                    raise LedgerError(source, first.message, first.code, first.line,
                                      more=self.findings[1:])
                names = "、".join(sh.name for sh in chosen) or "—"
                raise LedgerError(source, msg(
                    f"none of its sheets ({names}) has a ledger header: a header row names at "
                    f"least {HEADER_MIN} known columns ({expected_text().en}). Add or rename "
                    "the headers",
                    f"所有工作表（{names}）都没有台账表头：表头行至少要有 {HEADER_MIN} 个可识别的"
                    f"列名（{expected_text().zh}）。请补充或修改表头"), code="no-header")
        finally:
            book.close()


def open_ledgers(path: Path, *, names: DepartmentIndex, encoding: Optional[str] = None,
                 sheet: Optional[str] = None, max_bytes: int = MAX_BYTES, max_task: int = 19,
                 home_prefix: Optional[str] = None, problems: Any = None,
                 show_normalised: bool = False) -> LedgerFile:
    """Check that ``path`` is a file a ledger can be read from; raise ``LedgerError`` if not.

    ``encoding`` overrides the encoding ladder of text files; ``sheet`` picks the worksheets of
    a workbook by name or pattern (default: every visible worksheet with a ledger header);
    ``max_task`` is the highest task number; ``home_prefix`` the local-standard prefix of the
    policy's province; ``problems`` an optional ``FindingLog`` to report row findings to
    (default: each ``reader.problems``, a list).
    """
    source = str(path)
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        st = path.stat()
        size = st.st_size
    except FileNotFoundError:
        raise LedgerError(source, msg("no such file; check the path",
                                      "文件不存在；请检查路径"), code="no-such-file") from None
    except OSError as e:
        raise _unreadable(source, e) from None
    if path.is_dir():
        raise LedgerError(source, msg("is a folder, not a file", "是文件夹，不是文件"))
    if not stat.S_ISREG(st.st_mode):  # and never opened: opening a FIFO blocks
        raise _not_regular(source, st.st_mode)
    if suffix not in SUFFIXES:
        raise LedgerError(source, _unknown_suffix(path), code="wrong-format")
    if size == 0:
        raise LedgerError(source, msg("is empty (0 bytes); send the ledger again",
                                      "是空文件（0 字节）；请重新报送台账"), code="empty-file")
    if size > max_bytes:
        raise LedgerError(source, msg(
            f"is {_size(size)}, over the limit of {_size(max_bytes)} for one ledger; split it "
            "(by year or department) into smaller files",
            f"文件大小 {_size(size)}，超过单个台账 {_size(max_bytes)} 的上限；请按年度或部门"
            "拆分成较小的文件"), code="too-large")
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError as e:
        raise _unreadable(source, e) from None
    return LedgerFile(path, source, suffix, head, names, encoding, sheet, max_task, home_prefix,
                      problems, show_normalised)


def is_ledger(path: Path, names: DepartmentIndex) -> bool:
    """Whether ``path`` holds a ledger (a header is found in it): a file that does must never be
    overwritten by a report; one that does not (an earlier report) may be."""
    try:
        for _ in open_ledgers(path, names=names):
            return True
    except (LedgerError, OSError):
        return False
    return False


def _unknown_suffix(path: Path) -> Text:
    if path.suffix.lower() == ".et":
        return msg("is a WPS spreadsheet (.et), which cannot be read; in WPS, save it as .xlsx "
                   "(文件 → 另存为 → Excel 工作簿)",
                   "是 WPS 表格文件（.et），无法读取；请在 WPS 中另存为 .xlsx（文件 → 另存为 → "
                   "Excel 工作簿）")
    return msg(f"has the unknown suffix “{path.suffix or '(none)'}”; ledgers are "
               f"{', '.join(SUFFIXES)}. Save the table in one of these formats",
               f"扩展名“{path.suffix or '（无）'}”无法识别；台账应为 {'、'.join(SUFFIXES)} "
               "之一。请将表格另存为其中一种格式")


def _check_header(source: str, header: Optional[Header], best: Optional[Header],
                  sheet: Optional[str] = None) -> None:
    """Raise LedgerError when no header was found or it lacks a required column."""
    pre = msg(f"sheet “{sheet}”: ", f"工作表“{sheet}”：") if sheet else msg("", "")
    if header is None:
        closest = (", ".join(best.cells[i] for i in best.columns.values())
                   if best is not None and best.columns else "")
        where = f"; the closest was row {best.row} with {closest}" if closest and best else ""
        where_zh = f"；最接近的是第 {best.row} 行（{closest}）" if closest and best else ""
        expected = expected_text()
        raise LedgerError(source, pre + msg(
            f"no header row found in the first {HEADER_SCAN} rows: a header row names at least "
            f"{HEADER_MIN} known columns ({expected.en}){where}. Add or rename the headers",
            f"前 {HEADER_SCAN} 行中找不到表头行：表头行至少要有 {HEADER_MIN} 个可识别的列名"
            f"（{expected.zh}）{where_zh}。请补充或修改表头"), code="no-header", sheet=sheet)
    missing = [c for c in REQUIRED if c not in header.columns]
    if missing:
        have = ", ".join(c for c in header.cells if c) or "nothing"
        have_zh = "、".join(c for c in header.cells if c) or "无"
        raise LedgerError(source, pre + msg(
            f"the header row (row {header.row}) has no "
            f"{' / '.join(LABELS[c] for c in missing)} column; it has: {have}. Add the "
            "column, or rename its header to one of the accepted names",
            f"表头行（第 {header.row} 行）缺少"
            f"{'、'.join(LABELS[c] for c in missing)}列；现有：{have_zh}。请补充该列，或把表头"
            "改为可识别的列名"), code="missing-column", line=header.row, sheet=sheet)
    if len(header.cells) > MAX_COLUMNS:
        raise LedgerError(source, pre + msg(
            f"the header row (row {header.row}) has {len(header.cells)} cells; a ledger has at "
            f"most {MAX_COLUMNS} columns. Check the delimiter and stray cells",
            f"表头行（第 {header.row} 行）有 {len(header.cells)} 个单元格；台账最多 "
            f"{MAX_COLUMNS} 列。请检查分隔符和多余的单元格"), code="too-large", line=header.row,
            sheet=sheet)


def _not_regular(source: str, mode: int) -> LedgerError:
    what = (msg("a named pipe (FIFO)", "命名管道（FIFO）") if stat.S_ISFIFO(mode) else
            msg("a socket", "套接字") if stat.S_ISSOCK(mode) else
            msg("a device", "设备文件"))
    return LedgerError(source, msg(f"is not a regular file but {what.en}; save the ledger to a "
                                   "file and give that file",
                                   f"不是普通文件，而是{what.zh}；请把台账保存为文件后再指定该文件"))


def _unreadable(source: str, e: OSError) -> LedgerError:
    return LedgerError(source, msg(f"cannot be read: {e.strerror or e}",
                                   f"无法读取：{e.strerror or e}"))


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB" if n >= 2**20 else f"{n:,} bytes"


#: Files a folder of ledgers holds that are not ledgers and never were: lock and temporary
#: files of Excel (~$…), LibreOffice (.~lock.…#) and WPS (.~…, ~…tmp), and Windows' own.
_NOT_LEDGERS = ("thumbs.db", "desktop.ini", ".ds_store")


def _temporary(name: str) -> bool:
    lower = name.lower()
    return (lower in _NOT_LEDGERS or name.startswith(("~$", ".~")) or
            (name.startswith("~") and lower.endswith(".tmp")))


class Expanded:
    """What the paths given hold: ``files`` to read in order; ``skipped`` files found in
    folders that are not ledgers, with the reason; ``in_folders`` the files found by walking
    a folder (rather than named), where a stray .txt without a ledger header is skipped."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.skipped: list[tuple[Path, Text]] = []
        self.in_folders: set[Path] = set()


def expand(paths: Iterable[Union[str, os.PathLike[str]]],
           errors: Optional[list[LedgerError]] = None,
           exclude: Iterable[Union[str, os.PathLike[str]]] = (),
           empty_ok: bool = False) -> Expanded:
    """Files and folders -> the ledger files to read, in the order given; a folder is walked
    recursively (departments keep ``2025/区科技局/…``) and its files taken in path order.

    In a folder, a file of a suffix ledgers do not have (a .docx of instructions), a lock or
    temporary file, and a path in ``exclude`` (the report being written) go to ``skipped`` with
    the reason (a file named directly is not excluded: the caller refuses to overwrite it); hidden files and folders (``.git``) are passed over. A WPS ``.et`` is kept: it
    is a ledger that cannot be read, and ``open_ledgers`` says how to save it. A file named
    directly is kept whatever its suffix. A file given twice is read once. A path that does not
    exist, or a folder without ledgers (unless ``empty_ok``: a policy folder need hold none),
    raises LedgerError, or, when an ``errors`` list is given, is added to it and passed over
    (``--keep-going``)."""
    out = Expanded()
    seen: set[Path] = set()
    excluded = {_resolve(Path(p)) for p in exclude}
    for raw in paths:
        try:
            found = _ledgers_at(Path(raw), str(raw), out, excluded, empty_ok)
        except LedgerError as e:
            if errors is None:
                raise
            errors.append(e)
            continue
        for p in found:
            resolved = _resolve(p)
            if resolved not in seen:
                seen.add(resolved)
                out.files.append(p)
    read = {_resolve(p) for p in out.files}  # a file named as well as walked past is read
    out.skipped = [(p, why) for p, why in out.skipped if _resolve(p) not in read]
    return out


def _ledgers_at(path: Path, source: str, out: Expanded, exclude: set[Path],
                empty_ok: bool = False) -> list[Path]:
    if path.is_dir():
        found: list[Path] = []
        try:
            for folder, dirs, files in os.walk(path, onerror=_raise):
                for d in sorted(d for d in dirs if d.startswith(".")):
                    out.skipped.append((Path(folder) / d, msg("a hidden folder", "隐藏文件夹")))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    p = Path(folder) / name
                    if _temporary(name):
                        out.skipped.append((p, msg("a lock or temporary file",
                                                   "锁定文件或临时文件")))
                    elif name.startswith("."):
                        out.skipped.append((p, msg("a hidden file", "隐藏文件")))
                    elif _resolve(p) in exclude:
                        out.skipped.append((p, msg("the report being written",
                                                   "正在写出的报告")))
                    elif p.suffix.lower() in SUFFIXES or p.suffix.lower() == ".et":
                        found.append(p)
                        out.in_folders.add(p)
                    else:
                        out.skipped.append((p, msg(f"not a ledger ({p.suffix or 'no suffix'})",
                                                   f"不是台账（{p.suffix or '无扩展名'}）")))
        except OSError as e:
            raise _unreadable(source, e) from None
        found.sort(key=lambda p: p.parts)
        if not found and not empty_ok:
            raise LedgerError(source, msg(
                f"is a folder without ledger files ({', '.join(SUFFIXES)}); name the "
                "files, or the folder that holds them",
                f"文件夹中没有台账文件（{'、'.join(SUFFIXES)}）；请指定文件，或存放台账的"
                "文件夹"), code="no-such-file")
        return found
    if path.exists() or path.is_symlink():  # a symlink loop: open_ledgers says so
        return [path]
    raise LedgerError(source, msg("no such file or folder; check the path",
                                  "文件或文件夹不存在；请检查路径"), code="no-such-file")


def _raise(error: OSError) -> None:
    raise error


def _resolve(path: Path) -> Path:
    """``path`` resolved, or made absolute when it is a symlink loop (``Path.resolve``
    raises RuntimeError for one before Python 3.13): the loop is reported when the file is
    opened, as a file that cannot be read."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
