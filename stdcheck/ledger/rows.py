"""Turning a ledger's rows into entries and findings.

Iterating a :class:`LedgerReader` streams :class:`~stdcheck.entries.Entry` records. A row
takes one of two paths. The fast path handles a row whose few-valued cells (kind, department,
status, task) and dates each hold a value already read and accepted: a dictionary look-up per
cell, one for the row's :class:`~stdcheck.entries.Shape`, the number matched against its
kind's key form, and an entry. Anything else (a value not seen before, a problem, a blank or
total row) goes to :meth:`LedgerReader._careful`, which reads the row cell by cell, reports
what is wrong, and teaches the caches the values that were fine, so that the next row holding
them stays on the fast path. The caches (:class:`Cells`) last a whole run: thirty department
files learn their values once.

Row semantics:

* A row is one entry or none; a row that gives none always has a finding (``counts=False``).
* Blank rows, rows with nothing but a 序号 (numbered template rows), total rows (合计, 总计,
  小计, total as the first filled cell or the 序号) and section rows (一、国家标准) are skipped
  without a finding and are not counted in ``summary.rows``.
* An empty status means ``done`` when the row has a date, ``planned`` when it has only a
  deadline (完成时限), and ``done`` otherwise.
* An open row (planned, in progress) has achieved nothing yet: its date is its deadline when it
  has no 完成时限, and a month as a deadline is the month's last day.
* A department cell naming a town or sub-district sets the entry's ``town``; one that is
  neither a known department nor a town is ``unknown-department`` (the row counts toward
  targets but is attributed to no department).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Optional, Union

from ..codes import FastKeys, check_key, normalize_code
from ..dates import Bad, as_due, parse_date
from ..entries import Entry, Shape, Who
from ..errors import LedgerError
from ..findings import finding
from ..standard_numbers import MAX_NUMBER_LENGTH
from ..vocabulary import EntryKind, Severity, Status, Text, msg
from . import values as V
from .columns import LABELS, REQUIRED, Header, key
from .departments import DepartmentCells

if TYPE_CHECKING:
    from ..names import DepartmentIndex
    from ..result import FileSummary

MAX_COLUMNS = 200
LONG_CELL = 10_000
#: The longest cell of each column read by patterns (a kind, a department, a date, a status,
#: a task, a standard number): the longest real forms are a few dozen characters. A longer
#: cell is cut, with a ``long-cell`` finding, before any pattern sees it.
SHORT_CELLS = {"kind": 50, "department": 200, "date": 40, "due": 40, "status": 50, "task": 100,
               "code": MAX_NUMBER_LENGTH}
CACHE_MAX = 100_000  # distinct cell texts remembered per column

_TOTALS = frozenset({"合计", "总计", "小计", "total", "totals", "sum", "subtotal"})
# The same words as cells usually hold them, for the fast path's single set look-up.
_TOTAL_CELLS = frozenset(_TOTALS | {w.title() for w in _TOTALS} | {w.upper() for w in _TOTALS}
                         | {f"{w[0]} {w[1]}" for w in ("合计", "总计", "小计")}
                         | {w + ":" for w in ("合计", "总计", "小计")}
                         | {w + "：" for w in ("合计", "总计", "小计")})
_MISS = object()
_SKIP = object()


class _Verdict:
    """A stand-in verdict on a number the fast path does not read (see the careful path)."""

    __slots__ = ("severity",)

    def __init__(self, severity: Severity) -> None:
        self.severity = severity  # the careful path's verdict on a row that is not data

#: What a spreadsheet shows in a cell whose formula failed.
ERROR_VALUES = frozenset({"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#N/A N/A", "#BLOCKED!",
                          "#FIELD!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
                          "#EXTERNAL!"})
_LIBREOFFICE_ERROR = re.compile(r"Err:\d{3}")  # LibreOffice's own: Err:502


def is_error_value(text: str) -> bool:
    """Whether a cell shows what a spreadsheet shows for a failed formula."""
    return text in ERROR_VALUES or (text[:4] == "Err:"
                                    and _LIBREOFFICE_ERROR.fullmatch(text) is not None)


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


def _long_pattern_cell(length: int, limit: int) -> Text:
    return msg(f"the cell is {length:,} characters long; a value of this column is at most "
               f"{limit}, and only the first {limit} are read. Write the value alone (notes go "
               "in 备注)",
               f"该单元格长 {length:,} 个字符；此列的值最多 {limit} 个字符，只读取前 {limit} 个。"
               "请只填写该值（说明写在“备注”）")


#: What Cells.date gives a cell longer than any date: not read (the careful path cuts it)
_LONG_DATE = Bad(msg("the cell is too long for a date", "该单元格过长，不是日期"))
#: Said after why a deadline is no date
_DUE_IGNORED = msg(". The deadline is ignored until then", "。改正前该完成时限不起作用")


def _is_total(text: str) -> bool:
    return not text.strip().isdigit() and key(text) in _TOTALS  # a 序号 is no total


# Status ids: the empty cell, then the two statuses the empty-status rule gives
_EMPTY_STATUS, _DONE, _PLANNED = 0, 1, 2
_KINDS = list(EntryKind)
_KIND_IDS = {k: i for i, k in enumerate(_KINDS)}


class Cells:
    """What a run has read of its cells, shared by all its readers: each distinct text of a
    kind, department, status, task or date cell, read once. The fast path's look-ups hold only
    values accepted without a finding, as small ids (a row's shape is found by its ids)."""

    def __init__(self, names: DepartmentIndex, max_task: int, home_prefix: Optional[str],
                 show_normalised: bool = False) -> None:
        self.names = names
        self.max_task = max_task
        self.home_prefix = home_prefix
        self.show_normalised = show_normalised
        self.departments = DepartmentCells(names)
        keys = FastKeys(home_prefix)
        self.fits = [keys.fits[k.value] for k in _KINDS]  # by kind id
        self.joined = [keys.joined[k.value] for k in _KINDS]
        self.other = [keys.other[k.value] for k in _KINDS]
        self.rewrite = [keys.rewrite[k.value] for k in _KINDS]  # joined, then other
        # every reading, problems included (the careful path), by cell text
        self.kinds: dict[str, Any] = {}
        self.statuses: dict[str, Any] = {}
        self.tasks: dict[str, Any] = {}
        self.dates: dict[str, Any] = {}
        self.dues: dict[str, Any] = {}
        # the fast path's: accepted values only
        self.kind_ids: dict[str, int] = {}
        self.who_ids: dict[str, int] = {}
        self.status_ids: dict[str, int] = {"": _EMPTY_STATUS}
        self.task_ids: dict[str, int] = {"": 0}
        self.ok_dates: dict[str, Any] = {"": None}
        self.ok_dues: dict[str, Any] = {"": None}
        self.whos: list[Who] = []
        self.who_id: dict[int, int] = {}  # id(Who) -> its id
        self.status_list: list[tuple[Optional[Status], Optional[str]]] = [
            (None, None), (Status.done, None), (Status.planned, None)]
        self.status_of: dict[tuple[Status, Optional[str]], int] = {
            (Status.done, None): _DONE, (Status.planned, None): _PLANNED}
        self.task_list: list[tuple[int, ...]] = [()]
        self.task_of: dict[tuple[int, ...], int] = {(): 0}

    def number(self, kind: EntryKind, written: str) -> tuple[str, Any]:
        """A number cell's key and the verdict on it for ``kind`` (None: it fits), as the fast
        path reads it: a key that fits, or one written a common other way, without the
        grammar."""
        kid = _KIND_IDS[kind]
        if self.fits[kid](written):
            return written, None
        key = self.rewrite[kid](written)
        if key is not None:
            return key, None
        key = normalize_code(written)
        return key, check_key(kind.value, key, self.home_prefix)

    # Each ``*_id`` gives a value its small id, remembering the cell text for the fast path.

    def kind_id(self, raw: str, kind: EntryKind) -> int:
        kid = _KIND_IDS[kind]
        if len(self.kind_ids) < CACHE_MAX:
            self.kind_ids[raw] = kid
        return kid

    def who_id_of(self, raw: Optional[str], who: Who) -> int:
        wid = self.who_id.get(id(who))
        if wid is None:
            wid = self.who_id[id(who)] = len(self.whos)
            self.whos.append(who)
        if raw is not None and len(self.who_ids) < CACHE_MAX:
            self.who_ids[raw] = wid  # a name resolving to nothing too: the fast path says so
        return wid

    def status_id(self, raw: Optional[str], status: Status, stage: Optional[str]) -> int:
        sid = self.status_of.get((status, stage))
        if sid is None:
            sid = self.status_of[(status, stage)] = len(self.status_list)
            self.status_list.append((status, stage))
        if raw is not None and len(self.status_ids) < CACHE_MAX:
            self.status_ids[raw] = sid
        return sid

    def task_id(self, raw: Optional[str], tasks: tuple[int, ...]) -> int:
        tid = self.task_of.get(tasks)
        if tid is None:
            tid = self.task_of[tasks] = len(self.task_list)
            self.task_list.append(tasks)
        if raw is not None and len(self.task_ids) < CACHE_MAX:
            self.task_ids[raw] = tid
        return tid

    def date(self, raw: str) -> Any:
        value = self.dates.get(raw, _MISS)
        if value is _MISS:
            if len(raw) > SHORT_CELLS["date"]:
                return _LONG_DATE  # the careful path cuts it, with a finding
            value = parse_date(raw)
            self._remember(self.dates, self.ok_dates, raw, value)
        return value

    def due(self, raw: str) -> Any:
        value = self.dues.get(raw, _MISS)
        if value is _MISS:
            if len(raw) > SHORT_CELLS["due"]:
                return _LONG_DATE
            value = parse_date(raw)
            if not isinstance(value, Bad):
                value = as_due(value)
            self._remember(self.dues, self.ok_dues, raw, value)
        return value

    @staticmethod
    def _remember(cache: dict[str, Any], ok: dict[str, Any], raw: str, value: object) -> None:
        """Cache a parsed value; one read without a problem also goes to the fast path's."""
        if len(cache) < CACHE_MAX:
            cache[raw] = value
            if not isinstance(value, Bad) and len(ok) < CACHE_MAX:
                ok[raw] = value


#: What the reader is told of each data row that gives no entry: its department cell's reading
#: (None for an empty cell), its line, its date, its kind (None where it cannot be read) and its
#: title (the report names the row among those a target did not count).
Dropped = Callable[[Optional[Who], int, Any, Optional[EntryKind], Optional[str]], None]


class LedgerReader:
    """Streams the entries of one ledger (a text file, or a sheet of a workbook); see the
    module docstring for the row rules.

    ``summary`` is filled as rows are read; findings go to ``problems`` (a ``FindingLog``, or a
    list when none is given). While iterating, ``row`` and ``line`` are the row being read and
    its first line, so that a finding made for it can take its cells (validate's
    fingerprints); ``blank_rows`` are the lines of blank rows below the header;
    ``on_dropped`` is told of each data row that gives no entry.
    """

    def __init__(self, src: Any, header: Header, source: str, summary: FileSummary,
                 cells: Cells, problems: Any = None) -> None:
        self._src = src
        self.header = header
        self.source = source
        self.summary = summary
        self.sheet = summary.sheet
        self.cells = cells
        self._iterated = False
        self.blank_rows: list[int] = []
        self.row: Optional[list[str]] = None
        self.line = 0
        self.on_dropped: Optional[Dropped] = None
        if problems is None:
            self.problems: Any = []
            self._add = self._add_to_list
        else:
            self.problems = problems
            self._add = problems.add
        # (kind id, who id, status id, task id) -> the shape of this file's rows with them
        self._shapes: dict[tuple[int, int, int, int], Shape] = {}
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

    def current(self) -> Optional[tuple[int, list[str]]]:
        """The line and cells of the row being read, or None outside the row loop."""
        return (self.line, self.row) if self.row is not None else None

    def _shape(self, ids: tuple[int, int, int, int]) -> Shape:
        cells = self.cells
        kid, wid, sid, tid = ids
        status, stage = cells.status_list[sid]
        tasks = cells.task_list[tid]
        shape = Shape(source=self.source, sheet=self.sheet, kind=_KINDS[kid],
                      who=cells.whos[wid], status=status or Status.done, stage=stage,
                      task=tasks[0] if tasks else None, more_tasks=tasks[1:])
        self._shapes[ids] = shape
        return shape

    # --- the row loop ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Entry]:
        if self._iterated:
            raise RuntimeError("a LedgerReader is read once; open the ledger again to re-read it")
        self._iterated = True
        return self._entries()

    def _entries(self) -> Iterator[Entry]:
        # Everything the loop touches is a local; the fast path is straight-line code.
        cols = self.header.columns
        width = max(cols.values()) + 1
        pad = len(cols) < len(LABELS)  # some column absent: its index is -1, a '' appended
        ki, ti, di, fi, dti, ci, tki, si, dui, ni, ii = (
            cols.get(c, -1) for c in ("kind", "title", "department", "firm", "date", "code",
                                      "task", "status", "due", "note", "id"))
        cells = self.cells
        kget, wget = cells.kind_ids.get, cells.who_ids.get
        sget, tget = cells.status_ids.get, cells.task_ids.get
        dget, uget = cells.ok_dates.get, cells.ok_dues.get
        read_date, read_due = cells.date, cells.due
        fits, joined_of, other_of = cells.fits, cells.joined, cells.other
        kind_values = [k.value for k in _KINDS]
        shget, new_shape = self._shapes.get, self._shape
        home = cells.home_prefix
        careful = self._careful
        totals, miss, skip = _TOTAL_CELLS, _MISS, _SKIP
        check, normalize = check_key, normalize_code
        new, made = tuple.__new__, Entry  # an Entry from its fields in order (see entries.py)
        long_cell = LONG_CELL
        columns = len(self.header.cells)
        show = cells.show_normalised
        error = Severity.error
        max_number = SHORT_CELLS["code"]
        too_long = _Verdict(error)
        used = others = skipped = 0  # entries yielded; data rows that gave none; not data
        summary = self.summary
        try:
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
                            raise LedgerError(self.source, msg(
                                f"line {start}: the row has {n} cells; a ledger has at most "
                                f"{MAX_COLUMNS} columns. Check the delimiter and stray cells",
                                f"第 {start} 行有 {n} 个单元格；台账最多 {MAX_COLUMNS} 列。请检查"
                                "分隔符和多余的单元格"), code="too-large")
                        if pad:
                            row.append("")
                        # a total row, or a ledger row that starts with the word: the careful
                        # path tells them apart
                        kid = None if row[0] in totals else kget(row[ki])
                        wid = wget(row[di])
                        sid = sget(row[si])
                        tid = tget(row[tki])
                        date = dget(row[dti], miss)
                        if date is miss:  # first seen: read here; a bad one goes careful
                            date = read_date(row[dti])
                            if date.__class__ is Bad:
                                date = miss
                        bad_due: Any = None  # a deadline that is no date: ignored, said
                        due = uget(row[dui], miss)
                        if due is miss:
                            due = read_due(row[dui])
                            if due.__class__ is Bad:
                                if due is _LONG_DATE:  # cut, with a finding: careful path
                                    due = miss
                                else:
                                    bad_due, due = due, None
                        entry: Any = None
                        number: Any = None  # the number's reading, should the row go careful
                        if (kid is not None and wid is not None and sid is not None
                                and tid is not None and date is not miss and due is not miss):
                            if sid == 0:  # the empty-status rule
                                sid = 1 if date is not None or due is None else 2
                            ids = (kid, wid, sid, tid)
                            shape = shget(ids) or new_shape(ids)
                            title = row[ti].strip()
                            written = row[ci]
                            firm = row[fi]
                            note = row[ni]
                            ref = row[ii]
                            code = written
                            bad_code: Any = None
                            if len(code) > max_number:
                                bad_code = too_long  # cut, with a finding: the careful path
                            elif code and not fits[kid](code):  # not a key that fits
                                m = joined_of[kid](code)  # GB/T5-2025: GB/T 5-2025 fits
                                if m is not None:
                                    code = f"{m[1]} {m[2]}"
                                else:
                                    key = other_of[kid](code)  # GB_T_5_2025, QB/T5—2025
                                    if key is None:
                                        code = normalize(code)
                                        bad_code = check(kind_values[kid], code, home)
                                        number = (written, code, bad_code)
                                    else:
                                        code = key
                            if not (not title or (show and code != written)
                                    or len(title) + len(note) + len(code) + len(ref)
                                    + len(firm) > long_cell
                                    # a spreadsheet error value (#N/A) in a free-text cell
                                    or title[0] == "#" or note[:1] == "#" or ref[:1] == "#"
                                    or firm[:1] == "#"):
                                if shape.open and due is None and date is not None:
                                    due, date = as_due(date), None  # an open row's date: its due
                                # a department name that resolves to nothing: the row
                                # counts for no department, said on every row
                                unknown = shape.who.message
                                if bad_code is None or bad_code.severity is not error:
                                    if unknown is not None or bad_due is not None:
                                        self._warnings(start, unknown, bad_due, True)
                                    if bad_code is not None:  # a number read with a warning
                                        self._number_finding(start, bad_code)
                                    entry = new(made, (shape, start, title, date, due,
                                                       code or None, written.strip() or None,
                                                       firm or None, bad_code is not None
                                                       or unknown is not None
                                                       or bad_due is not None))
                                elif bad_code is not too_long:  # too long: cut, careful path
                                    # a number of another kind, the row's only problem: out,
                                    # said as the careful path says it
                                    if unknown is not None or bad_due is not None:
                                        self._warnings(start, unknown, bad_due, False)
                                    self._number_dropped(start, bad_code, shape, title, date)
                                    others += 1
                                    continue
                        if entry is None:
                            entry = careful(row, start, number)
                            if entry is None or entry is skip:
                                if entry is None:
                                    others += 1
                                else:
                                    skipped += 1
                                continue
                        used += 1
                        yield entry
                except self._src.errors as e:  # csv.Error, UnicodeError, calamine's errors
                    raise self._src.fail(rdr, e) from None
                finally:
                    self.row = None
                    summary.rows = used + others
                    summary.used = used
                    summary.skipped_rows = skipped
        finally:
            self._src.close()  # read once: a text file's one opening ends here

    def _number_finding(self, start: int, verdict: Any, counts: bool = True) -> None:
        """A number the careful path would read the same way, with the same finding."""
        self._add(self.source, start, self.header.text("code"), verdict.code, verdict.severity,
                  verdict.message, counts, self.header.position("code"), self.sheet)

    def _warnings(self, start: int, unknown: Optional[Text], due: Optional[Bad],
                  counts: bool) -> None:
        """The careful path's warnings on a row the fast path reads: a department cell that
        names nothing known, a deadline that is no date (ignored), in the careful order."""
        header = self.header
        if unknown is not None:
            self._add(self.source, start, header.text("department"), "unknown-department",
                      Severity.warning, unknown, counts, header.position("department"),
                      self.sheet)
        if due is not None:
            self._add(self.source, start, header.text("due"), "bad-date", Severity.warning,
                      due.message + _DUE_IGNORED, counts, header.position("due"), self.sheet)

    def _number_dropped(self, start: int, verdict: Any, shape: Shape, title: str,
                        date: Optional[Any]) -> None:
        """A row the fast path read whole but for a number of another kind: kept out of every
        count with the careful path's finding, and told to ``on_dropped`` as it tells it."""
        self._number_finding(start, verdict, counts=False)
        if self.on_dropped is not None:
            self.on_dropped(shape.who, start, date, shape.kind, title)

    # --- the careful path ------------------------------------------------------------------

    def _careful(self, row: list[str], start: int,
                 number: Optional[tuple[str, str, Any]] = None) -> Union[Entry, object, None]:
        """Read one row cell by cell: report every problem, return the Entry, None (dropped)
        or _SKIP (not data: blank, total, numbered template or section row). Teaches the
        caches the values that were fine. ``number``: the fast path's reading of the row's
        number cell (as written, its key, the verdict for the row's kind), not made again."""
        cols = self.header.columns
        cells = self.cells
        found: list[tuple[str, str, Severity, Text]] = []  # (column, code, severity, message)
        dropped = False
        errors: dict[str, str] = {}  # column -> the spreadsheet error value it holds

        # column -> its cell as read: "" for an error value or a column the file lacks, cut
        given: defaultdict[str, str] = defaultdict(str)
        for column, pos in cols.items():
            given[column] = raw = row[pos]
            value = raw.strip()
            if not value:
                continue
            if value[0] in "#E" and is_error_value(value):
                errors[column] = value
                given[column] = ""
                essential = column in REQUIRED or column == "date"
                dropped = dropped or essential
                found.append((column, "error-cell", Severity.error if essential
                              else Severity.warning, _error_cell(value, essential)))
            limit = SHORT_CELLS.get(column)
            if limit is not None and len(value) > limit:
                if column not in errors:
                    given[column] = value[:limit]  # cut to SHORT_CELLS
                found.append((column, "long-cell", Severity.warning,
                              _long_pattern_cell(len(value), limit)))

        cell = given.__getitem__

        kind_raw, title_raw, dep_raw = cell("kind"), cell("title"), cell("department")
        complete = bool(kind_raw.strip() and title_raw.strip() and dep_raw.strip())
        if not errors and (not complete or kind_raw == title_raw == dep_raw):
            # A section row (一、国家标准, merged across the sheet or in its first cell): not
            # data; it gives its kind to the rows below it that have none. (A row with kind,
            # title and department filled is one only when they are one merged heading.)
            filled = [c.strip() for c in row if c.strip()]
            if filled and len(set(filled)) == 1 and _HEADING.match(filled[0]):
                self._section_kind = _section(filled)  # None: a section naming no kind
                return _SKIP
        if not errors and not complete:
            # Blank (or only numbered, as templates come: 序号 filled, nothing else) or a
            # total row: not data, skipped without a problem.
            id_pos = cols.get("id")
            filled = [c.strip() for i, c in enumerate(row) if c.strip() and i != id_pos]
            if not filled and len(self.blank_rows) < CACHE_MAX:
                self.blank_rows.append(start)
            if not filled or _is_total(filled[0]) or _is_total(cell("id")):
                return _SKIP
        elif not errors:
            first = next((i for i, c in enumerate(row) if c.strip()), 0)
            if _is_total(row[first]):
                # 合计 in the first cell of a row that has a kind, a name and a department: a
                # ledger row (a total has no kind), read and counted, and said
                where = next((c for c, p in cols.items() if p == first), "kind")
                found.append((where, "total-word-row", Severity.warning, msg(
                    f"the row starts with “{row[first].strip()}” (a total) but has a kind, a name "
                    "and a department: it is read and counted as a ledger row. If it is a total, "
                    "clear its kind; otherwise write its number (序号) instead",
                    f"该行以“{row[first].strip()}”开头（像合计行），但填有类别、名称和责任单位：按台账"
                    "行读取并计入。如果是合计行，请清空其类别；否则请把该单元格改为序号")))

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
        kind = cells.kinds.get(kind_raw, _MISS)
        if kind is _MISS:
            kind = V.parse_kind(kind_raw)
            if len(cells.kinds) < CACHE_MAX:
                cells.kinds[kind_raw] = kind
            if isinstance(kind, EntryKind):
                cells.kind_id(kind_raw, kind)
        if kind is None and self._section_kind is not None and "kind" not in errors:
            kind = self._section_kind  # the kind of the section row above
        if kind is None:
            if "kind" not in errors:
                dropped = True
                found.append(("kind", "missing-value", Severity.error, msg(
                    f"the kind (类别) is empty; write one of: {V.KINDS_ACCEPTED}. The row is "
                    "not counted until then",
                    f"类别为空；请填写其中之一：{V.KINDS_ACCEPTED_ZH}。改正前该行不计入")))
        elif isinstance(kind, Bad):
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
        who = cells.departments.read(dep_raw)
        if who is None:
            if "department" not in errors:
                dropped = True
                found.append(("department", "missing-value", Severity.error, msg(
                    "the responsible department (责任单位) is empty; write it as the opinion "
                    "does. The row is not counted until then",
                    "责任单位为空；请按实施意见的写法填写。改正前该行不计入")))
        else:
            if who.message:
                found.append(("department", "unknown-department", Severity.warning,
                              who.message))
            cells.who_id_of(dep_raw, who)

        # dates
        date = cells.date(cell("date"))
        if isinstance(date, Bad):
            dropped = True
            found.append(("date", "bad-date", Severity.error, date.message + msg(
                ". The row is not counted until then", "。改正前该行不计入")))
            date = None
        due = cells.due(cell("due"))
        if isinstance(due, Bad):
            found.append(("due", "bad-date", Severity.warning, due.message + _DUE_IGNORED))
            due = None

        # status (and the stage it names)
        status_raw = cell("status")
        status_read = cells.statuses.get(status_raw, _MISS)
        if status_read is _MISS:
            status_read = V.parse_status(status_raw)
            if len(cells.statuses) < CACHE_MAX:
                cells.statuses[status_raw] = status_read
            if isinstance(status_read, tuple):
                cells.status_id(status_raw, *status_read)
        stage: Optional[str] = None
        status: Optional[Status] = None
        if isinstance(status_read, Bad):
            dropped = True
            found.append(("status", "unknown-status", Severity.error, status_read.message))
        elif status_read is not None:
            status, stage = status_read
        if status is None:
            status = Status.done if date is not None or due is None else Status.planned
        if (status is Status.planned or status is Status.in_progress) and due is None \
                and date is not None:
            due, date = as_due(date), None  # an open row's only date is its deadline

        # task(s)
        task_raw = cell("task")
        tasks = cells.tasks.get(task_raw, _MISS)
        if tasks is _MISS:
            tasks = V.parse_task(task_raw, cells.max_task)
            if len(cells.tasks) < CACHE_MAX:
                cells.tasks[task_raw] = tasks
            if not isinstance(tasks, Bad):
                cells.task_id(task_raw, tasks or ())
        if isinstance(tasks, Bad):
            found.append(("task", "unknown-task", Severity.warning, tasks.message))
            tasks = None

        # code
        written = text("code")
        code = written
        if code:
            if number is not None and number[0] == written:
                code, verdict = number[1], number[2]
            elif isinstance(kind, EntryKind):
                code, verdict = cells.number(kind, code)
            else:
                code, verdict = normalize_code(code), None
            if verdict is not None:
                # a number confidently of another kind keeps the row out of every count
                dropped = dropped or verdict.severity is Severity.error
                found.append(("code", verdict.code, verdict.severity, verdict.message))
            if cells.show_normalised and code != written:
                found.append(("code", "code-normalised", Severity.info,
                              _normalised(written, code)))

        text("id")  # checked for its length
        text("note")
        firm = text("firm") or None

        counts = not dropped
        add, source, header = self._add, self.source, self.header
        flagged = False
        for column, code_, severity, message in found:
            add(source, start, header.text(column), code_, severity, message, counts,
                header.position(column), self.sheet)
            flagged = flagged or severity is not Severity.info
        if dropped or who is None or kind is None:
            if self.on_dropped is not None:
                self.on_dropped(who, start, date, kind if isinstance(kind, EntryKind) else None,
                                title or None)
            return None
        ids = (_KIND_IDS[kind], cells.who_id_of(None, who),
               cells.status_id(None, status, stage), cells.task_id(None, tuple(tasks or ())))
        shape = self._shapes.get(ids) or self._shape(ids)
        return Entry(shape=shape, row=start, title=title, date=date, due=due, code=code or None,
                     written=written or None, firm=firm, flagged=flagged)

