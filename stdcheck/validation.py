"""``stdcheck validate``: check the data itself — policy YAML and ledgers — as a CI guard.

:func:`validate` takes policy folders, single policy YAML files and ledger files or folders in
any mix, decides what each one is by its content, and returns a :class:`ValidationReport`:
every finding, located, with a fingerprint of what it is about, so that a team can adopt the
check on old data (``--baseline``) and fail only on findings that are new.

* Policy YAML: a folder holding the three files is checked as a policy (``policy.check``: every
  finding of every file, then the cross-checks); a single file is checked alone against the
  schema of its kind, found from its top-level keys; a YAML that is no policy file (a CI
  workflow, a pre-commit config) is listed as not checked.
* Ledgers: every finding ``status`` reports, plus ``blank-row`` (a blank row between rows of
  data) and ``due-before-date`` (a deadline before the completion date).

A finding's fingerprint does not depend on where it is: for a ledger row it is a hash of the
row's cells, for a YAML finding a hash of its field path (without list positions) and the text
of its line, for a whole file the code and field. Rows that move keep their fingerprint; a row
that is edited gets a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Optional, Union, cast
from urllib.parse import quote

from pydantic import BaseModel

from . import __version__
from .errors import InputError, UsageError
from .findings import CODES, Finding, FindingLog
from .result import SCHEMA_VERSION, FileSummary
from .vocabulary import Severity, Text, msg

if TYPE_CHECKING:
    from .entries import Entry
    from .evaluate import Tally
    from .ledger import LedgerReader
    from .schema import PolicyData

POLICY_FILES = ("targets.yaml", "tasks.yaml", "departments.yaml")
YAML_SUFFIXES = (".yaml", ".yml")

_QUOTED = re.compile(r"“[^”]*”")
_INDEX = re.compile(r"\[\d+\]")


class Issue(Finding):
    """A finding of ``validate``: a :class:`Finding` with ``uri`` (the file relative to the
    repository root, as SARIF and GitHub want it) and ``fingerprint`` (what the finding is
    about, independent of its line: see the module docstring)."""

    uri: str
    fingerprint: str


class CheckedFile(BaseModel):
    """A path ``validate`` was given or found, what it took it for, and whether it was checked:
    ``kind`` is ``policy`` (a folder of the three files), ``targets.yaml`` / ``tasks.yaml`` /
    ``departments.yaml`` (one file checked alone), ``ledger``, or ``skipped`` (``note`` says
    why)."""

    source: str
    uri: str
    kind: str
    sheet: Optional[str] = None
    note: Optional[Text] = None


class ValidationSummary(BaseModel):
    files: int = 0
    errors: int = 0  # counted after --select/--ignore and the baseline
    warnings: int = 0
    infos: int = 0
    baselined: int = 0  # findings the baseline accepted
    deselected: int = 0  # findings --select / --ignore left out
    listed: int = 0
    not_listed: int = 0  # past --max-problems


class ValidationReport(BaseModel):
    """What ``stdcheck validate`` found; ``fails`` decides the exit code."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str = __version__
    kind: Literal["validation"] = "validation"
    as_of: dt.date
    strict: bool = False
    fails: bool = False
    files: list[CheckedFile] = []
    #: each ledger file (or sheet) read, with its rows read, used and counted, as ``status``
    #: lists it; ``readable`` is false for one that could not be read as a ledger
    ledgers: list[FileSummary] = []
    summary: ValidationSummary = ValidationSummary()
    findings: list[Issue] = []


# --- paths ------------------------------------------------------------------------------------


def repo_root(start: Optional[Path] = None) -> Path:
    """The git top level of ``start`` (default: the working directory), else that directory."""
    here = Path(start or Path.cwd())
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=here,
                             capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return here.resolve()
    if out.returncode == 0 and out.stdout.strip():
        return Path(out.stdout.strip()).resolve()
    return here.resolve()


@lru_cache(maxsize=1024)  # every finding of a file asks; resolving a path stats each part
def uri_of(source: str, root: Path) -> str:
    """``source`` relative to ``root`` as a URI reference (``data/tasks.yaml``,
    ``%E5%8F%B0%E8%B4%A6.csv``); a file outside ``root`` keeps its absolute path."""
    path = Path(source).resolve()
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return path.as_uri()
    return quote(rel, safe="/")


# --- fingerprints -----------------------------------------------------------------------------


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def row_fingerprint(cells: Iterable[str]) -> str:
    """A row's content: its cells stripped, trailing empty cells dropped."""
    values = [c.strip() for c in cells]
    while values and not values[-1]:
        values.pop()
    return _hash("row", *values)


def yaml_fingerprint(f: Finding, lines: list[str]) -> str:
    """A YAML finding's field path without list positions, and the text of its line."""
    text = lines[f.line - 1].strip() if f.line is not None and 0 < f.line <= len(lines) else ""
    return _hash("yaml", f.code, _INDEX.sub("[]", f.field or ""), text)


def file_fingerprint(f: Finding) -> str:
    return _hash("file", f.code, f.field or "", f.sheet or "")


# --- the check --------------------------------------------------------------------------------


@dataclass
class _Plan:
    policy_dirs: list[Path] = field(default_factory=list)
    yaml_files: list[tuple[Path, str, str]] = field(default_factory=list)  # path, kind, text
    ledgers: list[Path] = field(default_factory=list)
    files: list[CheckedFile] = field(default_factory=list)


def _is_policy_dir(path: Path) -> bool:
    return path.is_dir() and all((path / name).is_file() for name in POLICY_FILES)


def _not_policy(text: str, unread: bool) -> Text:
    """Why a YAML file given to ``validate`` is not checked as policy data."""
    import yaml

    from .policy import compose  # as the policy is read

    if unread:
        return msg("not checked: it cannot be read as UTF-8 text, and it is not named "
                   "targets.yaml, tasks.yaml or departments.yaml. If it is one of them, give it "
                   "that name (and save it as UTF-8)",
                   "未检查：无法按 UTF-8 文本读取，文件名也不是 targets.yaml、tasks.yaml 或 "
                   "departments.yaml。若它是其中之一，请改用该文件名（并存为 UTF-8）")
    try:
        compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" {mark.line + 1}" if mark is not None else ""
        return msg(f"not checked: the YAML cannot be parsed (line{at}), so its keys cannot say "
                   "it is policy data, and it is not named targets.yaml, tasks.yaml or "
                   "departments.yaml. If it is one of them, give it that name",
                   f"未检查：YAML 无法解析（第{at} 行），无法从顶层键判断是否为政策数据，文件名"
                   "也不是 targets.yaml、tasks.yaml 或 departments.yaml。若它是其中之一，请改用该"
                   "文件名")
    return msg("not checked: a YAML file that is not policy data (its top-level keys are not "
               "those of targets.yaml, tasks.yaml or departments.yaml)",
               "未检查：不是政策数据的 YAML 文件（顶层键不属于 targets.yaml、tasks.yaml 或 "
               "departments.yaml）")


def _plan(paths: Iterable[Path], root: Path) -> _Plan:
    from .policy import kind_of

    plan = _Plan()
    singles: list[tuple[Path, str, str]] = []
    for path in paths:
        if _is_policy_dir(path):
            plan.policy_dirs.append(path)
        elif path.is_file() and path.suffix.lower() in YAML_SUFFIXES:
            unread = False
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                text, unread = "", True
            kind = kind_of(text) if text else None
            if kind is None and path.name in POLICY_FILES:
                kind = path.name  # by its name, when its content says nothing (a syntax error)
            if kind is None:
                plan.files.append(CheckedFile(
                    source=str(path), uri=uri_of(str(path), root), kind="skipped",
                    note=_not_policy(text, unread)))
                continue
            singles.append((path, kind, text))
        else:
            plan.ledgers.append(path)
    # the three files of one folder, all given (pre-commit passes them all): check them as the
    # policy they are, cross-checks included
    by_dir: dict[Path, set[str]] = {}
    for path, kind, _ in singles:
        if path.name == kind:
            by_dir.setdefault(path.parent.resolve(), set()).add(kind)
    whole = {d for d, kinds in by_dir.items() if kinds == set(POLICY_FILES)}
    known = {d.resolve() for d in plan.policy_dirs}
    for path, kind, text in singles:
        folder = path.parent.resolve()
        if path.name == kind and folder in whole:
            if folder not in known:
                known.add(folder)
                plan.policy_dirs.append(path.parent)
        else:
            plan.yaml_files.append((path, kind, text))
    return plan


def validate(paths: Iterable[Union[str, Path]], policy: Union[PolicyData, str, Path, None] = None,
             as_of: Optional[dt.date] = None, *, select: Iterable[str] = (),
             ignore: Iterable[str] = (), baseline: Optional[list[dict[str, Any]]] = None,
             strict: bool = False, max_problems: Optional[int] = None,
             show_values: bool = False, encoding: Optional[str] = None,
             sheet: Optional[str] = None, root: Optional[Path] = None) -> ValidationReport:
    """Check policy folders, policy YAML files and ledgers; see the module docstring.

    ``policy`` is what ledgers are checked against: a loaded policy, a folder holding one (it is
    checked too), or None — then the one policy folder among ``paths`` if there is exactly one,
    else the embedded opinion. ``select`` / ``ignore`` keep or drop codes; ``baseline`` is the
    ``findings`` list of an earlier ``validate --format json`` run: its findings (matched by
    file, code and fingerprint, as many times as recorded) are accepted. Errors fail the run,
    warnings too when ``strict``. ``max_problems`` caps the list (the summary counts all);
    unless ``show_values``, quoted cell values “…” are left out of ledger messages.
    """
    from .policy import check as check_policy
    from .policy import check_text, read_texts
    from .schema import PolicyData

    select, ignore = set(select), set(ignore)
    for code in select | ignore:
        if code not in CODES:
            raise UsageError(msg(f"unknown finding code `{code}`; `stdcheck explain` lists them",
                                 f"没有代码 `{code}`；`stdcheck explain` 列出全部代码"))
    root = (root or repo_root()).resolve()
    day = as_of or dt.date.today()
    given = [Path(p) for p in paths]
    plan = _plan(given, root)
    if isinstance(policy, (str, Path)) and not any(
            Path(policy).resolve() == d.resolve() for d in plan.policy_dirs):
        plan.policy_dirs.insert(0, Path(policy))
    issues: list[Issue] = []
    read: list[FileSummary] = []

    loaded: dict[Path, Optional[PolicyData]] = {}
    for folder in plan.policy_dirs:
        result = check_policy(folder)
        loaded[folder.resolve()] = result.data
        texts, _, _ = read_texts(folder)
        lines = {str(folder / name): text.splitlines() for name, text in texts.items()}
        plan.files.append(CheckedFile(source=str(folder), uri=uri_of(str(folder), root),
                                      kind="policy"))
        for f in result.findings:
            fp = (yaml_fingerprint(f, lines[f.source]) if f.source in lines
                  else file_fingerprint(f))
            issues.append(_issue(f, root, fp))
    for path, kind, text in plan.yaml_files:
        plan.files.append(CheckedFile(source=str(path), uri=uri_of(str(path), root), kind=kind))
        if not text:
            issues.append(_issue(_unreadable_yaml(path), root, ""))
            continue
        lines_of = text.splitlines()
        for f in check_text(text, str(path), kind):
            issues.append(_issue(f, root, yaml_fingerprint(f, lines_of)))

    if plan.ledgers:
        data: Optional[PolicyData]
        if isinstance(policy, PolicyData):
            data = policy
        elif policy is not None:
            data = loaded.get(Path(policy).resolve())
        elif len(plan.policy_dirs) == 1:
            data = loaded[plan.policy_dirs[0].resolve()]
        else:
            from .policy import load

            data = load(None)
        if data is None:
            for path in plan.ledgers:
                plan.files.append(CheckedFile(
                    source=str(path), uri=uri_of(str(path), root), kind="skipped",
                    note=msg("not checked: the policy it is checked against has errors (above)",
                             "未检查：用于核对的政策数据有错误（见上）")))
        else:
            issues += _check_ledgers(data, plan.ledgers, day, encoding, sheet, root, plan.files,
                                     read)

    if not show_values:
        issues = [_redact(i) if i.code in CODES and CODES[i.code].scope == "ledger" else i
                  for i in issues]
    report = _decide(issues, plan.files, day, select, ignore, baseline, strict, max_problems)
    report.ledgers = read
    return report


def _unreadable_yaml(path: Path) -> Finding:
    from .findings import finding

    return finding(str(path), None, None, "bad-encoding", Severity.error, msg(
        "cannot be read as UTF-8 text; save it as UTF-8", "无法按 UTF-8 文本读取；请另存为 UTF-8"))


def _issue(f: Finding, root: Path, fingerprint: str) -> Issue:
    values = {k: getattr(f, k) for k in Finding.model_fields}
    return Issue.model_construct(**values, uri=uri_of(f.source, root),
                                 fingerprint=fingerprint or file_fingerprint(f))


def _redact(i: Issue) -> Issue:
    m = i.message
    hidden = Text(zh=_QUOTED.sub("“…”", m.zh), en=_QUOTED.sub("“…”", m.en))
    return i.model_copy(update={"message": hidden})


def _decide(issues: list[Issue], files: list[CheckedFile], day: dt.date, select: set[str],
            ignore: set[str], baseline: Optional[list[dict[str, Any]]], strict: bool,
            max_problems: Optional[int]) -> ValidationReport:
    summary = ValidationSummary(files=len([f for f in files if f.kind != "skipped"]))
    kept = []
    for i in issues:
        if (select and i.code not in select) or i.code in ignore:
            summary.deselected += 1
        else:
            kept.append(i)
    if baseline is not None:
        known = Counter((str(b.get("uri")), str(b.get("code")), str(b.get("fingerprint")))
                        for b in baseline)
        fresh = []
        for i in kept:
            key = (i.uri, i.code, i.fingerprint)
            if known[key] > 0:
                known[key] -= 1
                summary.baselined += 1
            else:
                fresh.append(i)
        kept = fresh
    kept.sort(key=lambda i: (i.source, i.sheet or "", i.line or 0, i.column or 0, i.code))
    counted = Counter(i.severity for i in kept)
    summary.errors = counted[Severity.error]
    summary.warnings = counted[Severity.warning]
    summary.infos = counted[Severity.info]
    if max_problems is not None and len(kept) > max_problems:
        summary.not_listed = len(kept) - max_problems
        kept = kept[:max_problems]
    summary.listed = len(kept)
    fails = summary.errors > 0 or (strict and summary.warnings > 0)
    return ValidationReport(as_of=day, strict=strict, fails=fails, files=files,
                            summary=summary, findings=kept)


def read_baseline(path: Path) -> list[dict[str, Any]]:
    """The findings recorded by an earlier ``validate --format json`` (the whole document, or
    its ``findings`` list); an ``InputError`` when the file is not one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(msg(f"--baseline: cannot read {path}: {e.strerror}",
                             f"--baseline：无法读取 {path}：{e.strerror}")) from None
    except (UnicodeDecodeError, ValueError):
        doc = None
    found = doc.get("findings") if isinstance(doc, dict) else doc
    if not isinstance(found, list) or not all(
            isinstance(f, dict) and {"uri", "code", "fingerprint"} <= set(f) for f in found):
        raise InputError(msg(
            f"--baseline: {path} is not the JSON of an earlier `stdcheck validate --format json`"
            " run", f"--baseline：{path} 不是此前 `stdcheck validate --format json` 输出的 JSON"))
    return cast(list[dict[str, Any]], found)


# --- ledgers ----------------------------------------------------------------------------------


class _Watch:
    """A reader as ``Tally.read`` takes it, passing each entry on after validate's own row
    checks (a deadline before the date); it remembers the last line that held data."""

    def __init__(self, reader: LedgerReader, tally: Tally) -> None:
        self.reader, self.tally = reader, tally
        self.header, self.source, self.sheet = reader.header, reader.source, reader.sheet
        self.summary = reader.summary
        self.last = 0

    def __iter__(self) -> Iterator[Entry]:
        add = self.tally.findings.add
        where = (self.source, self.sheet)
        for e in self.reader:
            self.last = e.row
            if e.due is not None and e.date is not None:
                due = getattr(e.due, "last", e.due)  # a month-only deadline: its last day
                if due < e.date:
                    header = self.tally.headers.get(where, {})
                    name, position = header.get("due", ("due", None))
                    add(e.source, e.row, name, "due-before-date", Severity.warning, msg(
                        f"the deadline {e.due} is before the completion date {e.date}: one of "
                        "them is probably mistyped; correct it, or leave it if the item was "
                        "finished late",
                        f"完成时限 {e.due} 早于完成日期 {e.date}，其中一个日期很可能填错了；"
                        "请改正，如确系逾期完成可保留"), True, position, e.sheet)
            yield e


class _RowLog(FindingLog):
    """The tally's findings; a finding on the row the reader stands on also records that
    row's fingerprint, so the file is not read a second time for it."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.reader: Optional[LedgerReader] = None
        self.rows: dict[tuple[str, Optional[str], Optional[int]], str] = {}

    def add(self, source: str, line: Optional[int], field: Optional[str], code: str,
            severity: Severity, message: Text, counts: Optional[bool] = None,
            column: Optional[int] = None, sheet: Optional[str] = None) -> None:
        super().add(source, line, field, code, severity, message, counts, column, sheet)
        r = self.reader
        if (r is not None and line is not None and r.line == line and r.row is not None
                and r.source == source and r.sheet == sheet):
            key = (source, sheet, line)
            if key not in self.rows:
                self.rows[key] = row_fingerprint(r.row)


def _blank_rows(source: str, sheet: Optional[str], blanks: list[int], last: int) -> list[Finding]:
    """One finding per run of blank rows above the last row of data."""
    from .findings import finding

    out: list[Finding] = []
    runs: list[list[int]] = []
    for line in sorted(b for b in blanks if b < last):
        if runs and runs[-1][-1] == line - 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    for run in runs:
        first, end = run[0], run[-1]
        what = f"row {first} is" if first == end else f"rows {first}–{end} are"
        what_zh = f"第 {first} 行" if first == end else f"第 {first}–{end} 行"
        out.append(finding(source, first, None, "blank-row", Severity.warning, msg(
            f"{what} blank, with rows of data below (down to row {last}): filters, sorting and "
            "sums often stop at a blank row; delete it",
            f"{what_zh}是空行，下方仍有数据（至第 {last} 行）：筛选、排序和求和常在空行处中断；"
            "请删除空行"), sheet=sheet))
    return out


def _check_ledgers(data: PolicyData, paths: list[Path], day: dt.date, encoding: Optional[str],
                   sheet: Optional[str], root: Path, files: list[CheckedFile],
                   read: list[FileSummary]) -> list[Issue]:
    """Every finding ``status --keep-going`` reports, and validate's own row checks; each file
    (or sheet) read, with its counts, goes to ``read``."""
    from .evaluate import Options, Tally
    from .ledger import LedgerError, expand, open_ledgers
    from .names import DepartmentIndex

    names = DepartmentIndex(data.departments, data.prefixes, data.towns)
    tally = Tally(data, Options(as_of=day, encoding=encoding, sheet=sheet, keep_going=True))
    tally.findings = log = _RowLog(tally.findings.limit)
    max_task = max((t.number for t in data.tasks), default=0)
    missing: list[LedgerError] = []
    found = expand(paths, errors=missing)
    extra: list[Finding] = []
    # (source, sheet) -> (blank lines, last line an entry came from)
    blanks: dict[tuple[str, Optional[str]], tuple[list[int], int]] = {}
    for path, reason in found.skipped:
        files.append(CheckedFile(source=str(path), uri=uri_of(str(path), root), kind="skipped",
                                 note=reason))
    for path in found.files:
        reader = ledger = None
        files.append(CheckedFile(source=str(path), uri=uri_of(str(path), root), kind="ledger"))
        try:
            ledger = open_ledgers(path, names=names, problems=tally.findings, encoding=encoding,
                                  sheet=sheet, max_task=max_task,
                                  home_prefix=data.policy.local_prefix)
            for reader in ledger:
                watch = _Watch(reader, tally)
                log.reader = reader
                try:
                    tally.read(cast("LedgerReader", watch))
                finally:  # not past its reading: a later finding is not on its row
                    log.reader = None
                blanks[(reader.source, reader.sheet)] = (reader.blank_rows, watch.last)
        except LedgerError as e:
            if e.code == "no-header" and path in found.in_folders and path.suffix.lower() == ".txt":
                files[-1] = CheckedFile(source=str(path), uri=uri_of(str(path), root),
                                        kind="skipped", note=msg(
                                            "a text file without a ledger header",
                                            "没有台账表头的文本文件"))
            else:
                tally.unreadable(e, reader.summary if reader is not None else None)
        if ledger is not None:
            for name, why in ledger.skipped:
                files.append(CheckedFile(source=str(path), uri=uri_of(str(path), root),
                                         kind="skipped", sheet=name, note=why))
            tally.findings.extend(ledger.findings)
    for error in missing:
        tally.unreadable(error, None)
    report = tally.result()
    read += report.files
    found_lines: dict[tuple[str, Optional[str]], int] = {}
    for f in report.findings:
        if f.line is not None and f.counts is not None:  # a row of data (not the header)
            key = (f.source, f.sheet)
            found_lines[key] = max(found_lines.get(key, 0), f.line)
    for (source, sh), (lines, last) in blanks.items():
        last = max(last, found_lines.get((source, sh), 0))
        extra += _blank_rows(source, sh, lines, last)
    findings = report.findings + extra
    known = dict(log.rows)
    blank = row_fingerprint(())  # a blank row: every cell empty
    known.update({(f.source, f.sheet, f.line): blank for f in extra})
    rows = _row_fingerprints([f for f in findings if (f.source, f.sheet, f.line) not in known],
                             names, encoding, data)
    rows.update(known)
    return [_issue(f, root, rows.get((f.source, f.sheet, f.line), ""))
            for f in findings]


def _row_fingerprints(findings: list[Finding], names: Any, encoding: Optional[str],
                      data: PolicyData) -> dict[tuple[str, Optional[str], Optional[int]], str]:
    """The fingerprint of each row a finding is on: the files with row findings are read once
    more, hashing only those rows."""
    from .ledger import LedgerError, open_ledgers

    wanted: dict[str, set[tuple[Optional[str], int]]] = {}
    for f in findings:
        if f.line is not None:
            wanted.setdefault(f.source, set()).add((f.sheet, f.line))
    out: dict[tuple[str, Optional[str], Optional[int]], str] = {}
    for source, lines in wanted.items():
        sheets = {s for s, _ in lines}
        try:
            for reader in open_ledgers(Path(source), names=names, encoding=encoding):
                if reader.sheet not in sheets:
                    continue
                # the reader's row source: the rows as the file holds them, header included
                with reader._src.records() as rdr:
                    last = 0
                    for row in rdr:
                        start, last = last + 1, rdr.line_num
                        if (reader.sheet, start) in lines:
                            out[(source, reader.sheet, start)] = row_fingerprint(row)
        except (LedgerError, OSError, ValueError):
            continue  # a file that broke: its findings keep the file's fingerprint
    return out
