"""``stdcheck validate``: check the data itself — policy YAML and ledgers — as a CI guard.

:func:`validate` takes policy folders, single policy YAML files and ledger files or folders in
any mix, decides what each one is by its content, and returns a :class:`ValidationReport`:
every finding, located, with a fingerprint of what it is about, so that a team can adopt the
check on old data (``--baseline``) and fail only on findings that are new.

* Policy YAML: a folder holding policy files is checked as a policy (``policy.check_texts``:
  every finding of every file, then the cross-checks between the files that loaded), and the
  ledgers in it against it; a policy file given alone (its kind found from its top-level keys)
  is checked with the files beside it, or the embedded policy's where they are missing; a YAML
  that is no policy file (a CI workflow, a pre-commit config) is listed as not checked.
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
from typing import TYPE_CHECKING, Any, Optional, Union, cast
from urllib.parse import quote

from .errors import InputError, UsageError
from .findings import CODES, Finding, FindingLog
from .result import CheckedFile, Issue, ValidationReport, ValidationSummary
from .vocabulary import Severity, Text, msg

if TYPE_CHECKING:
    from .entries import Entry
    from .errors import LedgerError
    from .evaluate import Tally
    from .ledger import Expanded, LedgerReader
    from .result import FileSummary
    from .schema import PolicyData

POLICY_FILES = ("targets.yaml", "tasks.yaml", "departments.yaml")
YAML_SUFFIXES = (".yaml", ".yml")

_QUOTED = re.compile(r"“[^”]*”")
_INDEX = re.compile(r"\[\d+\]")


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
class _Unit:
    """One policy to check and the ledgers checked against it: a folder's files (the three, or
    those it has), or policy files given one by one with what stands beside them."""

    folder: Optional[Path]  # the folder the files are in (None: files given alone elsewhere)
    files: dict[str, Path] = field(default_factory=dict)  # name -> the file checked as it
    given: dict[str, Text] = field(default_factory=dict)  # name -> how a file given alone
    # was checked (with the files beside it, or against the embedded policy's)
    whole: bool = False  # a folder given or found: its missing files are findings
    ledgers: list[Path] = field(default_factory=list)


@dataclass
class _Plan:
    units: list[_Unit] = field(default_factory=list)
    ledgers: list[Path] = field(default_factory=list)  # checked against the default policy
    files: list[CheckedFile] = field(default_factory=list)
    missing: list[Any] = field(default_factory=list)  # LedgerErrors of paths that are not
    skipped: list[tuple[Path, Text]] = field(default_factory=list)  # found in folders
    in_folders: set[Path] = field(default_factory=set)
    read: list[FileSummary] = field(default_factory=list)  # each ledger (or sheet) read


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



def _holds_policy(folder: Path) -> bool:
    return folder.is_dir() and any((folder / name).is_file() for name in POLICY_FILES)


def _policy_folders(top: Path) -> list[Path]:
    """``top`` and the folders below it that hold a policy file, walked as the ledgers are
    (linked folders followed, hidden ones passed over); what cannot be listed, the ledgers'
    walk reports."""
    from .ledger import LedgerError, walk

    out = []
    try:
        for folder, names in walk(top, str(top), [], []):
            if any(n in POLICY_FILES for n, _ in names):
                out.append(folder)
    except LedgerError:
        pass
    return out


def _owner(path: Path, folders: list[Path]) -> Optional[Path]:
    """The deepest of ``folders`` that ``path`` is in."""
    best = None
    for folder in folders:
        if path.is_relative_to(folder) and (best is None or len(folder.parts) > len(best.parts)):
            best = folder
    return best


def _plan(paths: Iterable[Path], root: Path) -> _Plan:
    from .ledger import expand
    from .policy import kind_of

    plan = _Plan()
    units: dict[Path, _Unit] = {}  # resolved folder -> its unit

    def unit_of(folder: Path, whole: bool) -> _Unit:
        key = folder.resolve()
        if key not in units:
            units[key] = _Unit(folder=folder)
        units[key].whole = units[key].whole or whole
        return units[key]

    singles: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            folders = _policy_folders(path)
            for folder in folders:
                unit = unit_of(folder, whole=True)
                for name in POLICY_FILES:
                    if (folder / name).is_file():
                        unit.files[name] = folder / name
            # a policy folder need hold no ledgers
            found = expand([path], errors=plan.missing, empty_ok=bool(folders))
            plan.in_folders |= found.in_folders
            resolved = [f.resolve() for f in folders]
            for ledger in found.files:
                owner = _owner(ledger.resolve(), resolved)
                if owner is None:
                    plan.ledgers.append(ledger)
                else:
                    units[owner].ledgers.append(ledger)
            plan.skipped += [(p, why) for p, why in found.skipped
                             if not (p.name in POLICY_FILES and p.parent.resolve() in units)]
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
            singles.append((path, kind))
        elif _holds_policy(path.parent):  # a ledger beside a policy is that policy's
            unit_of(path.parent, whole=False).ledgers.append(path)
        else:
            plan.ledgers.append(path)
    for path, kind in singles:
        folder = path.parent
        known = units.get(folder.resolve()) if path.name == kind else None
        if known is not None and known.whole:
            continue  # its folder is checked whole already
        if path.name != kind:  # named otherwise: checked with the embedded policy's others
            unit = _Unit(folder=None)
            plan.units.append(unit)
        else:
            unit = unit_of(folder, whole=False)
        unit.files[kind] = path
        unit.given[kind] = msg("", "")
    for unit in units.values():
        if not unit.whole:  # files given alone: their siblings beside them
            for name in POLICY_FILES:
                if name not in unit.files and unit.folder is not None \
                        and (unit.folder / name).is_file():
                    unit.files[name] = unit.folder / name
    plan.units[:0] = list(units.values())
    for unit in plan.units:
        for kind in unit.given:
            others = [n for n in POLICY_FILES if n != kind]
            beside = [n for n in others if n in unit.files]
            embedded = [n for n in others if n not in unit.files]
            parts = []
            if beside:
                parts.append(msg(f"checked with {' and '.join(beside)} beside it",
                                 f"与同一文件夹中的 {'、'.join(beside)} 一起检查"))
            if embedded:
                parts.append(msg(f"no {' or '.join(embedded)} beside it: cross-checked against "
                                 "the embedded policy's",
                                 f"旁边没有 {'、'.join(embedded)}：按内置政策的同名文件交叉核对"))
            unit.given[kind] = msg("; ".join(p.en for p in parts), "；".join(p.zh for p in parts))
    return plan


def _check_unit(unit: _Unit, root: Path, label: str) -> tuple[Any, list[Issue],
                                                             list[CheckedFile]]:
    """Check one policy unit: (the policy when usable, the issues, the files checked)."""
    from .policy import FILES, check_texts, read_texts

    texts: dict[str, tuple[str, str]] = {}
    found: list[Finding] = []
    checked: list[CheckedFile] = []
    if unit.whole and unit.folder is not None:
        read, _, found = read_texts(unit.folder)
        texts = {name: (text, str(unit.folder / name)) for name, text in read.items()}
    else:
        for name, path in unit.files.items():
            try:
                texts[name] = (path.read_bytes().decode("utf-8"), str(path))
            except (OSError, UnicodeDecodeError):
                found.append(_unreadable_yaml(path))
        embedded, _, _ = read_texts(None)
        for name in FILES:
            if name not in unit.files:
                texts[name] = (embedded[name], f"embedded {name}")
    for name in POLICY_FILES:
        if name in texts and not texts[name][1].startswith("embedded "):
            shown = texts[name][1]
            checked.append(CheckedFile(source=shown, uri=uri_of(shown, root), kind=name,
                                       note=unit.given.get(name) or None))
    result = check_texts(texts, label, found)
    lines = {shown: text.splitlines() for text, shown in texts.values()}
    issues = [_issue(f, root, yaml_fingerprint(f, lines[f.source]) if f.source in lines
                     else file_fingerprint(f)) for f in result.findings]
    return result.data, issues, checked


def validate(paths: Iterable[Union[str, Path]], policy: Union[PolicyData, str, Path, None] = None,
             as_of: Optional[dt.date] = None, *, select: Iterable[str] = (),
             ignore: Iterable[str] = (), baseline: Optional[list[dict[str, Any]]] = None,
             strict: bool = False, max_problems: Optional[int] = None,
             show_values: bool = False, encoding: Optional[str] = None,
             sheet: Optional[str] = None, root: Optional[Path] = None,
             show_normalised: bool = False) -> ValidationReport:
    """Check policy folders, policy YAML files and ledgers; see the module docstring.

    A folder holding policy files (the three, or some of them) is checked as that policy, and
    the ledgers in it (or below it) against it; a policy file given alone is checked with the
    policy files beside it, and, for those missing, the embedded policy's (its note says so).
    Other ledgers are checked against ``policy``: a loaded policy or a folder holding one (it
    is checked too), else the one policy folder among ``paths``, else the embedded opinion.
    ``select`` / ``ignore`` keep or drop codes; ``baseline`` is the ``findings`` list of an
    earlier ``validate --format json`` run: its findings (matched by file, code and
    fingerprint, as many times as recorded) are accepted. Errors fail the run, warnings too
    when ``strict``. ``max_problems`` caps the list (the summary counts all); unless
    ``show_values``, cell values are left out of ledger messages; ``show_normalised`` says how
    each number written another way was read (info findings).
    """
    from .policy import load
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
    if isinstance(policy, (str, Path)):
        folder = Path(policy)
        if not any(u.whole and u.folder is not None and u.folder.resolve() == folder.resolve()
                   for u in plan.units):
            plan.units.insert(0, _Unit(folder=folder, whole=True))
    issues: list[Issue] = []
    loaded: list[Optional[PolicyData]] = []
    for unit in plan.units:
        label = str(unit.folder) if unit.folder is not None and unit.whole else "embedded"
        data, found, checked = _check_unit(unit, root, label)
        loaded.append(data)
        issues += found
        plan.files += checked
    # --data (a policy or its folder) is what every ledger is checked against; without it a
    # ledger in a policy folder is checked against that policy, any other against the one
    # policy folder given, else the embedded opinion
    chosen: Optional[PolicyData] = None
    if isinstance(policy, PolicyData):
        chosen = policy
    elif policy is not None:
        chosen = next(d for u, d in zip(plan.units, loaded, strict=True)
                      if u.folder is not None and u.folder.resolve() == Path(policy).resolve())
    for unit, data in zip(plan.units, loaded, strict=True):
        if unit.ledgers:
            issues += _ledgers_against(chosen if policy is not None else data, unit.ledgers, day,
                                       encoding, sheet, root, plan, show_normalised)
    if plan.ledgers or plan.missing or plan.skipped:
        if policy is None:
            top = [d for u, d in zip(plan.units, loaded, strict=True)
                   if u.whole and u.folder is not None
                   and any(u.folder.resolve() == p.resolve() for p in given)]
            chosen = top[0] if len(top) == 1 else load(None)
        issues += _ledgers_against(chosen, plan.ledgers, day, encoding, sheet, root, plan,
                                   show_normalised, plan.missing, plan.skipped)

    if not show_values:
        issues = [_redact(i) if i.code in CODES and CODES[i.code].scope == "ledger" else i
                  for i in issues]
    report = _decide(issues, plan.files, day, select, ignore, baseline, strict, max_problems)
    report.ledgers = plan.read
    return report


def _ledgers_against(data: Optional[PolicyData], ledgers: list[Path], day: dt.date,
                     encoding: Optional[str], sheet: Optional[str], root: Path, plan: _Plan,
                     show_normalised: bool, missing: Iterable[Any] = (),
                     skipped: Iterable[tuple[Path, Text]] = ()) -> list[Issue]:
    """The ledgers' issues against ``data``; when the policy has errors, each ledger is named
    as not checked."""
    if data is None:
        for path in ledgers:
            plan.files.append(CheckedFile(
                source=str(path), uri=uri_of(str(path), root), kind="skipped",
                note=msg("not checked: the policy it is checked against has errors (above)",
                         "未检查：用于核对的政策数据有错误（见上）")))
        return []
    from .ledger import Expanded

    found = Expanded()
    found.files = list(ledgers)
    found.skipped = list(skipped)
    found.missing = list(missing)
    found.in_folders = plan.in_folders
    return _check_ledgers(data, found, day, encoding, sheet, root, plan.files, plan.read,
                          show_normalised)


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


class _RowLog(FindingLog):
    """The tally's findings; a finding on a row of the ledger being read records that row's
    fingerprint as it is made (the reader stands on the row), so no file is read a second
    time."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.reader: Optional[LedgerReader] = None
        self.rows: dict[tuple[str, Optional[str], Optional[int]], str] = {}

    def add(self, source: str, line: Optional[int], field: Optional[str], code: str,
            severity: Severity, message: Text, counts: Optional[bool] = None,
            column: Optional[int] = None, sheet: Optional[str] = None) -> None:
        super().add(source, line, field, code, severity, message, counts, column, sheet)
        r = self.reader
        if r is None or line is None or r.source != source or r.sheet != sheet:
            return
        key = (source, sheet, line)
        if key in self.rows:
            return
        standing = r.current()
        if standing is not None and standing[0] == line:
            self.rows[key] = row_fingerprint(standing[1])


class _Checks:
    """``validate``'s sink on the road: the tally's, and, for each ledger, the files list,
    the row log's reader, blank rows and the last line of data, and the deadline before the
    completion date."""

    def __init__(self, tally: Tally, log: _RowLog, files: list[CheckedFile], root: Path) -> None:
        self.tally, self.log, self.files, self.root = tally, log, files, root
        # (source, sheet) -> (blank lines, last line an entry came from)
        self.blanks: dict[tuple[str, Optional[str]], tuple[list[int], int]] = {}

    def file(self, path: Path, number: int, total: int) -> None:
        self.files.append(CheckedFile(source=str(path), uri=uri_of(str(path), self.root),
                                      kind="ledger"))

    def skipped(self, source: str, sheet: Optional[str], reason: Text) -> None:
        checked = CheckedFile(source=source, uri=uri_of(source, self.root), kind="skipped",
                              sheet=sheet, note=reason)
        last = self.files[-1] if self.files else None
        if sheet is None and last is not None and last.source == source and last.kind == "ledger":
            self.files[-1] = checked  # read as a ledger, found to be a note beside them
        else:
            self.files.append(checked)

    def unreadable(self, error: LedgerError, summary: Optional[FileSummary]) -> None:
        self.tally.unreadable(error, summary)

    def sheet(self, reader: LedgerReader) -> None:
        last = [0]
        # the header's findings (made as the reader opened, or once it is read) are the
        # header row's
        header = reader.header
        self.log.rows[(reader.source, reader.sheet, header.row)] = row_fingerprint(header.cells)
        self.log.reader = reader
        try:
            self.tally.read(cast("LedgerReader", _Watched(reader, self.tally, last)))
        finally:  # not past its reading: a later finding is not on its row
            self.log.reader = None
        self.blanks[(reader.source, reader.sheet)] = (reader.blank_rows, last[0])


class _Watched:
    """A reader as ``Tally.read`` takes it, each entry passed on after validate's own row
    check (a deadline before the date); ``last`` keeps the last line that held data."""

    def __init__(self, reader: LedgerReader, tally: Tally, last: list[int]) -> None:
        self.reader, self.tally, self.last = reader, tally, last
        self.header, self.source, self.sheet = reader.header, reader.source, reader.sheet
        self.summary = reader.summary

    @property
    def on_dropped(self) -> Any:
        return self.reader.on_dropped

    @on_dropped.setter
    def on_dropped(self, hook: Any) -> None:
        self.reader.on_dropped = hook

    def __iter__(self) -> Iterator[Entry]:
        add = self.tally.findings.add
        where = (self.source, self.sheet)
        last = self.last
        for e in self.reader:
            last[0] = e.row
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
            f"{what} blank (a 序号 alone is no data), with rows of data below (down to row "
            f"{last}): filters, sorting and sums often stop at a blank row; delete it",
            f"{what_zh}是空行（只填了序号也算空行），下方仍有数据（至第 {last} 行）：筛选、排序和"
            "求和常在空行处中断；请删除空行"), sheet=sheet))
    return out


def _check_ledgers(data: PolicyData, found: Expanded, day: dt.date, encoding: Optional[str],
                   sheet: Optional[str], root: Path, files: list[CheckedFile],
                   read: list[FileSummary], show_normalised: bool = False) -> list[Issue]:
    """Every finding ``status --keep-going`` reports, and validate's own row checks, on the
    road every ledger is read on: each file read once. Each file (or sheet) read, with its
    counts, goes to ``read``."""
    from .evaluate import Options, Tally
    from .ledger import Reading, read_ledgers

    tally = Tally(data, Options(as_of=day, encoding=encoding, sheet=sheet, keep_going=True,
                                show_normalised=show_normalised))
    tally.findings = log = _RowLog(tally.findings.limit)
    checks = _Checks(tally, log, files, root)
    read_ledgers(found, Reading.of(data, encoding=encoding, sheet=sheet, keep_going=True,
                                   show_normalised=show_normalised), log, checks)
    report = tally.result()
    read += report.files
    found_lines: dict[tuple[str, Optional[str]], int] = {}
    for f in report.findings:
        if f.line is not None and f.counts is not None:  # a row of data (not the header)
            key = (f.source, f.sheet)
            found_lines[key] = max(found_lines.get(key, 0), f.line)
    extra: list[Finding] = []
    for (source, sh), (lines, last) in checks.blanks.items():
        last = max(last, found_lines.get((source, sh), 0))
        extra += _blank_rows(source, sh, lines, last)
    rows = dict(log.rows)
    blank = row_fingerprint(())  # a blank row: every cell empty
    rows.update({(f.source, f.sheet, f.line): blank for f in extra})
    return [_issue(f, root, rows.get((f.source, f.sheet, f.line), ""))
            for f in report.findings + extra]
