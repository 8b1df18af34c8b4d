"""The project's benchmark: ratios to a floor measured in one run, never single absolute times.

    python scripts/bench.py                      # every size: 1k, 100k, 1M rows + 100k xlsx
    python scripts/bench.py --sizes 1k,100k --repeat 5
    python scripts/bench.py --quick              # 1k + 2k rows, repeat 1 (what the test runs)
    python scripts/bench.py --profile            # cProfile of status --format json, 100k varied

Each measured item is a subject command against a floor command (the cheapest thing that does
the same I/O or imports), each in its own child process so its time and peak memory (max RSS,
from ``os.wait4``) are that of the job alone. Floor and subjects alternate within each repeat
and the ratio is of the medians: the machine is shared and noisy, so read the ratios, not the
seconds.

Items:

1. ``stdcheck status`` (table) and ``status --format json`` on a *varied* ledger CSV (eight
   kinds, a dozen department spellings, five statuses, numbers written with spaces, a quarter
   of the items overdue) against a ``csv.reader`` pass over the same file;
2. ``status --format json`` on the *uniform* ledger (every row an enterprise standard, done,
   task 14), the figure this script measured before it had varied data;
3. the same split in one process: reading rows into entries, and reading plus evaluating,
   against ``csv.reader`` in that process (no start-up, no output);
4. a varied xlsx: ``status`` against calamine's plain read of the sheet, stdcheck's reader
   alone against the same, and openpyxl read-only against stdcheck's reader;
5. start-up: ``stdcheck --version`` against ``python -c "import typer"``, and ``status`` on the
   example ledger against importing typer, pydantic, yaml and rich.table;
6. commands not built yet (``validate``, ``report``): found in ``stdcheck --help``; until
   then their rows say so. Adding one is a line in ``PLANNED``.

Generated ledgers are kept in ``.bench/`` under names that carry their parameters, and reused.
The table is written atomically to ``bench/RESULTS.md`` and printed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CLI = [PY, "-m", "stdcheck.cli"]
AS_OF = "2026-11-28"
SEED = 1
# Bump when the generator's output changes: cached files carry it in their names.
# 2: every number unique, one in eight written in a form the reader's fast path does not take
# (half of them with a finding), more traditional-character spellings of departments.
GENERATOR = 2
WORKBOOK = 2  # the same for the xlsx writer (2: a <dimension> added to openpyxl's output)
FULL_SIZE = 1_000_000  # the issue's goals are stated for a million rows

HEADER = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "对应任务", "状态",
          "完成时限", "备注"]


# --- goals -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Goal:
    """An upper bound from issue 19: time as a multiple of the floor, optionally peak memory."""

    ratio: float
    peak_mb: Optional[float] = None

    def text(self) -> str:
        s = f"≤ {self.ratio:g}×"
        return s + (f", ≤ {self.peak_mb:g} MB" if self.peak_mb is not None else "")

    def met(self, ratio: float, peak_mb: Optional[float]) -> bool:
        if ratio > self.ratio:
            return False
        return self.peak_mb is None or (peak_mb is not None and peak_mb <= self.peak_mb)


# Issue 19's goals for pure CPython 3.11 (no compiled row loop)
GOAL_TABLE = Goal(5.5, 250)
GOAL_JSON = Goal(6.0, 250)
GOAL_UNIFORM = Goal(4.0)
GOAL_VERSION = Goal(1.3)
GOAL_EXAMPLE = Goal(2.3)


@dataclass(frozen=True)
class Planned:
    """A command not every build has: measured on the largest varied ledger against
    ``status --format json`` once ``stdcheck --help`` lists it. ``{ledger}`` and ``{as_of}`` are
    filled in; ``{format}`` makes one row per choice of the command's ``--format``."""

    command: str
    args: str
    goal: Goal


PLANNED: tuple[Planned, ...] = (
    Planned("validate", "validate {ledger}", Goal(1.0)),
    # written to a file, as a user writes a report (docx and xlsx do not go to a terminal)
    Planned("report", "report {ledger} --as-of {as_of} --format {format} --out {out}",
            Goal(1.5)),
)

#: Report formats held to their own bound (issue 23): the xlsx pays XlsxWriter's per-cell cost;
#: the Word paper past 300 evidence rows writes its annex (an xlsx) beside it, both measured.
REPORT_GOALS = {"xlsx": Goal(4.0), "docx": Goal(2.0)}
REPORT_NOTES = {"docx": " (the paper and its annex)"}


# --- generating ledgers ------------------------------------------------------------------------

# Kinds as people write them, weighted roughly as a district roll-up has them (enterprise
# standards dominate). Every word is accepted by stdcheck/ledger/values.py (KIND_WORDS).
KINDS: list[tuple[str, list[str], int]] = [
    ("international", ["国际标准"], 3),
    ("national", ["国家标准", "国家标准", "国标"], 9),
    ("industry", ["行业标准", "行业标准", "行标"], 7),
    ("local", ["地方标准", "地方标准", "地标"], 9),
    ("group", ["团体标准", "团体标准", "团标"], 15),
    ("enterprise", ["企业标准", "企业标准", "企业标准", "企标"], 32),
    ("pilot", ["试点示范", "标准化试点", "示范项目"], 10),
    ("activity", ["工作进展", "工作"], 15),
]
PRODUCTS = ["花椒", "九叶青花椒", "藤椒油", "富硒大米", "富硒茶", "柑橘", "米花糖", "小曲白酒",
            "菜籽油", "摩托车", "风电齿轮箱", "农业物联网", "城市综合管理", "智慧社区", "养老服务",
            "政务服务", "冷链物流", "预制菜", "火锅底料", "乡村旅游", "河道管护", "电梯维保",
            "公共机构节能", "文旅消费", "粮油仓储", "生猪养殖", "中药材", "陶瓷砖", "铝合金型材",
            "新能源电池"]
ASPECTS = ["技术规范", "技术要求", "质量分级", "检验方法", "栽培技术规程", "加工技术规程",
           "服务规范", "管理规范", "评价指南", "安全要求", "术语", "通用要求"]
ACTIVITIES = ["标准化培训", "标准宣贯会", "对标达标行动", "标准实施评估", "企业标准自我声明抽查",
              "标准化知识竞赛", "世界标准日宣传"]
NOTES = ["", "", "", "", "", "", "牵头起草", "参与起草", "企业标准信息公共服务平台公开",
         "已列入计划", "征求意见阶段", "区内企业参与起草", "川渝共同标准"]
ENTERPRISES = ["JJ", "JJHJ", "JJBJ", "JJMT", "JJZB", "JJFX", "JJMHT", "JJLY", "JJGJ", "JJSP",
               "JJNY", "JJJC", "JJDL", "JJXC", "JJYL", "JJWL", "JJHG", "JJTC", "JJLH", "JJXN"]
GROUPS = ["CQSES", "CQHJXH", "CQSPXH", "CQMTCXH", "CQJJBJXH", "CQAS", "CQNYXH", "CQLYXH"]
INDUSTRY = ["QC/T", "NY/T", "QB/T", "JB/T", "LS/T", "SB/T", "HG/T"]
OPEN_STATUSES = ["计划", "推进中", ""]  # an empty status with only a deadline means planned
DONE_STATUSES = ["已完成", "已发布", "已发布", ""]  # an empty status with a date means done


def department_spellings() -> list[str]:
    """A dozen and more ways the ledgers name departments, taken from data/departments.yaml:
    canonical names, aliases, full names, and one in traditional characters."""
    import yaml  # a dependency of stdcheck; imported here so --help stays instant

    data = yaml.safe_load((ROOT / "data" / "departments.yaml").read_text(encoding="utf-8"))
    deps = {d["id"]: d for d in data["departments"]}
    chosen = ["market-supervision", "economy-information", "agriculture-rural",
              "science-technology", "development-reform", "urban-management", "commerce",
              "culture-tourism"]
    names: list[str] = []
    for i, dep_id in enumerate(chosen):
        d = deps[dep_id]
        names.append(d["name"])
        if d["aliases"]:
            names.append(d["aliases"][i % len(d["aliases"])])
        if i % 3 == 0:
            names.append(d["full_name"])
    # Traditional characters, as a ledger typed in Hong Kong or Taiwan input modes writes them
    # (the reader folds them with hanzi_t2s.txt). 區科技局 is the module docstring's example.
    names.append(deps["science-technology"]["name"].replace("区", "區"))
    names.append("區市場監管局")
    names.append("區農業農村委")
    names.append("區經濟信息委")
    return names


def day_text(rng: random.Random, day: dt.date) -> str:
    """A date in one of the forms ledgers use (stdcheck/ledger/values.py, parse_date)."""
    form = rng.randrange(10)
    if form < 5:
        return day.isoformat()
    if form < 7:
        return f"{day.year}/{day.month}/{day.day}"
    if form < 8:
        return f"{day.year}年{day.month}月{day.day}日"
    if form < 9:
        return f"{day.year}.{day.month}.{day.day}"
    return day.strftime("%Y%m%d")


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def varied_rows(rows: int, seed: int, as_of: dt.date) -> Iterator[list[object]]:
    """Rows of a varied ledger, like real roll-ups in the ways that cost: every standard
    number its own (no two rows share one, so no per-number cache hits), one number in eight
    written in a form the reader's fast path does not take (an ISO number with a dash year,
    file-name forms, a number without its year, another province's local number: some of
    them with a finding), department names in a dozen spellings including traditional
    characters, and about a quarter of the items open past their due date as of ``as_of``."""
    rng = random.Random(seed)
    depts = department_spellings()
    kinds = [k for k, _, _ in KINDS]
    weights = [w for _, _, w in KINDS]
    words = {k: ws for k, ws, _ in KINDS}
    serial: dict[str, int] = {}
    window = (dt.date(2023, 1, 1), dt.date(2025, 12, 31))  # the targets' window
    for i in range(rows):
        kind = rng.choices(kinds, weights)[0]
        r = rng.random()
        date = due = ""
        if r < 0.25:  # open and overdue
            status = rng.choice(OPEN_STATUSES)
            due = day_text(rng, random_day(rng, dt.date(2024, 6, 1), as_of - dt.timedelta(1)))
        elif r < 0.37:  # open, not yet due
            status = rng.choice(OPEN_STATUSES)
            due = day_text(rng, random_day(rng, as_of + dt.timedelta(1), dt.date(2027, 12, 31)))
        elif r < 0.42:
            status = "已取消"
            due = day_text(rng, random_day(rng, *window)) if rng.random() < 0.5 else ""
        else:
            status = rng.choice(DONE_STATUSES)
            day = random_day(rng, *window)
            date = day_text(rng, day)
        year = rng.randint(2023, 2025)
        is_open = not date
        code = ""
        if kind not in ("pilot", "activity") and not (is_open and rng.random() < 0.5):
            code = standard_number(rng, kind, year, serial)
            if rng.random() < 0.125:
                code = odd_form(rng, kind, code)
        product = rng.choice(PRODUCTS)
        if kind == "activity":
            title = f"{product}{rng.choice(ACTIVITIES)}（第{i + 1}期）"
        elif kind == "pilot":
            title = f"{product}标准化试点示范项目（{i + 1}）"
        else:
            title = f"{product} {rng.choice(ASPECTS)}"
        task = "" if rng.random() < 0.08 else rng.randint(1, 19)
        yield [i + 1, date, rng.choice(words[kind]), title, code, rng.choice(depts), task,
               status, due, rng.choice(NOTES)]


def standard_number(rng: random.Random, kind: str, year: int, serial: dict[str, int]) -> str:
    """A standard number written the usual way, with a space after the prefix; unique per
    prefix (a running serial), so the reader's per-value caches do not absorb them."""
    def nxt(prefix: str, start: int) -> int:
        serial[prefix] = serial.get(prefix, start) + 1
        return serial[prefix]

    if kind == "international":
        return f"ISO {nxt('ISO', 9000)}:{year - rng.randrange(10)}"
    if kind == "national":
        prefix = "GB/T" if rng.random() < 0.85 else "GB"
        return f"{prefix} {nxt(prefix, 4)}-{year}"
    if kind == "industry":
        prefix = rng.choice(INDUSTRY)
        return f"{prefix} {nxt(prefix, 29100)}-{year - rng.randrange(12)}"
    if kind == "local":
        return f"DB50/T {nxt('DB50', 1000)}-{year}"
    if kind == "group":
        org = rng.choice(GROUPS)
        return f"T/{org} {nxt(org, 0):03d}-{year}"
    company = rng.choice(ENTERPRISES)
    food = "S" if company in ("JJHJ", "JJFX", "JJMHT", "JJLY", "JJSP") else ""
    return f"Q/{company} {nxt(company, 0):04d}{food}-{year}"


def odd_form(rng: random.Random, kind: str, code: str) -> str:
    """``code`` written in a form the reader's fast path does not take: read without a finding
    (an ISO number with a dash year, a file name's underscores, an em dash) or with one (no
    year, another province's local number)."""
    prefix, _, rest = code.partition(" ")
    serial, _, year = rest.rpartition("-") if kind != "international" else rest.partition(":")
    form = rng.randrange(4)
    if kind == "international":
        return f"ISO {serial}-{year}"  # ISO 12345-2024: the colon written as a dash
    if form < 2:
        return f"{prefix.replace('/', '_')}_{serial}_{year}"  # GB_T_1234_2024
    if form == 2:
        return f"{prefix} {serial}"  # no year: code-no-year
    if kind == "local":
        return f"DB44/T {serial}-{year}"  # another province's: code-other-province
    return f"{prefix}{serial}—{year}"  # run together, an em dash


def uniform_rows(rows: int) -> Iterator[list[object]]:
    """The ledger this script measured before: every row an enterprise standard, done, task
    14, the number written without spaces. Kept byte for byte so its figure stays comparable
    with earlier runs."""
    rng = random.Random(1)
    depts = ["江津区市场监管局", "区市监局", "区经济信息委", "区经信委", "区农业农村委", "區科技局"]
    for i in range(rows):
        day = f"202{rng.randint(3, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield [i + 1, day, "企业标准", f"产品{i}企业标准", f"Q/JJ{i:07d}-2024",
               rng.choice(depts), 14, "已公开"]


UNIFORM_HEADER = ["序号", "公开时间", "类别", "标准名称", "标准编号", "责任单位", "对应任务", "状态"]


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder and rename it into place, so an
    interrupted run never leaves a half file that a later run would reuse (or commit)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the result is an ordinary file
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def csv_file(path: Path, header: Sequence[str], rows: Iterator[list[object]]) -> Path:
    if not path.exists():
        def write(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(rows)
        write_atomically(path, write)
    return path


def xlsx_file(path: Path, rows: Iterator[list[object]]) -> Path:
    """A workbook of the varied rows, streamed (XlsxWriter's constant-memory mode when it is
    installed, else openpyxl's write-only mode) so a large one never sits in memory."""
    if path.exists():
        return path

    def write(tmp: Path) -> None:
        try:
            import xlsxwriter  # type: ignore[import-not-found]
        except ImportError:
            import openpyxl

            wb = openpyxl.Workbook(write_only=True)
            ws = wb.create_sheet("台账")
            ws.append(HEADER)
            count = 0
            for row in rows:
                ws.append(row)
                count += 1
            wb.save(tmp)
            add_dimension(tmp, f"A1:{chr(ord('A') + len(HEADER) - 1)}{count + 1}")
            return
        book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
        sheet = book.add_worksheet("台账")
        sheet.write_row(0, 0, HEADER)
        for n, row in enumerate(rows, start=1):
            sheet.write_row(n, 0, row)
        book.close()

    write_atomically(path, write)
    return path


def ledger_file(work: Path, kind: str, rows: int, args: argparse.Namespace) -> Path:
    """The generated ledger of ``kind`` (varied, uniform, xlsx) and size, made when missing.
    It is made in a child process: generating grows this process (openpyxl holds a workbook's
    strings), and a child forked from a big parent starts with the parent's resident pages,
    so every later peak-memory figure would be inflated."""
    if kind == "uniform":
        path = work / f"uniform-{rows}-g{GENERATOR}.csv"
    else:
        ext = f"w{WORKBOOK}.xlsx" if kind == "xlsx" else ".csv"
        path = work / f"varied-{rows}-seed{args.seed}-{args.as_of}-g{GENERATOR}{ext}"
    if not path.exists():
        subprocess.run([PY, __file__, "--make", kind, str(rows), str(path), "--seed",
                        str(args.seed), "--as-of", args.as_of], check=True, cwd=ROOT)
    return path


def make(kind: str, rows: int, path: Path, seed: int, as_of: dt.date) -> None:
    if kind == "uniform":
        csv_file(path, UNIFORM_HEADER, uniform_rows(rows))
    elif kind == "varied":
        csv_file(path, HEADER, varied_rows(rows, seed, as_of))
    else:
        xlsx_file(path, varied_rows(rows, seed, as_of))


def add_dimension(path: Path, ref: str) -> None:
    """Give the sheet the ``<dimension ref="A1:J100001"/>`` Excel and XlsxWriter write and
    openpyxl's write-only mode leaves out. Without it stdcheck's size guard assumes the widest
    sheet it allows (200 columns) and refuses a 100k-row ledger as a 20-million-cell one; the
    benchmark is about workbooks as offices save them, so it writes what Excel writes. (That
    refusal of a dimension-less sheet is worth fixing in stdcheck: see bench/NOTES.md.)"""
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/sheet") and b"<dimension" not in data:
                # The schema's order: sheetPr, dimension, sheetViews.
                assert b"<sheetViews>" in data, "openpyxl's sheet layout changed"
                data = data.replace(b"<sheetViews>", f'<dimension ref="{ref}"/><sheetViews>'
                                    .encode(), 1)
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


# --- running and timing children ---------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    error: str = ""


def run_timed(cmd: Sequence[str]) -> Run:
    """Wall time and peak RSS of one child. stderr goes to a file, not a pipe: a pipe nobody
    reads while we sit in wait4 would block a child that writes much to it."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    # exit 1 is stdcheck's "ran, and found findings" (validate on the varied ledger); 2 failed
    ran = proc.returncode in (0, 1)
    return Run(elapsed, peak, ran, "" if ran else text[-500:])


@dataclass
class Item:
    """One row of the table: ``subject`` as a multiple of ``floor``."""

    id: str
    what: str
    floor_name: str
    subject: Optional[list[str]] = None  # None: not built yet
    floor: Optional[list[str]] = None
    goal: Optional[Goal] = None
    note: str = ""
    pending: bool = False  # a PLANNED command this build does not have
    cheap: bool = False  # start-up items: a fraction of a second, so more repeats are affordable
    # Filled by measuring:
    ratio: Optional[float] = None
    seconds: Optional[float] = None
    floor_seconds: Optional[float] = None
    peak_mb: Optional[float] = None
    floor_peak_mb: Optional[float] = None
    error: str = ""
    runs: list[Run] = field(default_factory=list)

    def verdict(self) -> str:
        if self.pending:
            return "not built yet"
        if self.error:
            return "failed"
        if self.goal is None or self.ratio is None:
            return "—"
        return "met" if self.goal.met(self.ratio, self.peak_mb) else "**not met**"


def measure(items: list[Item], repeat: int, cheap_repeat: int) -> None:
    """Measure items that share one floor together: each repeat runs the floor and every
    subject once, in an order that flips every repeat so slow drift in the machine's load
    falls on both sides; the ratio is median over median."""
    groups: dict[tuple[str, ...], list[Item]] = {}
    for item in items:
        if item.subject is not None and item.floor is not None:
            groups.setdefault(tuple(item.floor), []).append(item)
    for floor, group in groups.items():
        floor_runs: list[Run] = []
        for n in range(cheap_repeat if all(it.cheap for it in group) else repeat):
            order: list[Optional[Item]] = [None, *group]  # None: the floor
            for it in (order if n % 2 == 0 else reversed(order)):
                if it is not None and it.error:
                    continue  # failed once: no point paying for it again
                run = run_timed(floor if it is None else it.subject)  # type: ignore[arg-type]
                if it is None:
                    floor_runs.append(run)
                    if not run.ok:
                        for g in group:
                            g.error = g.error or f"floor failed: {run.error}"
                else:
                    it.runs.append(run)
                    if not run.ok:
                        it.error = run.error or "exit status not 0"
        tf = statistics.median(r.seconds for r in floor_runs)
        mf = max(r.peak_mb for r in floor_runs)
        for it in group:
            it.floor_seconds, it.floor_peak_mb = tf, mf
            if it.runs and not it.error:
                it.seconds = statistics.median(r.seconds for r in it.runs)
                it.peak_mb = max(r.peak_mb for r in it.runs)
                it.ratio = it.seconds / tf


# --- what is measured ---------------------------------------------------------------------------

CSV_PASS = ("import csv, sys\nn = 0\nwith open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
            "    for row in csv.reader(f):\n        n += 1\n")
CALAMINE_PASS = ("import sys\nfrom python_calamine import CalamineWorkbook\n"
                 "sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)\n"
                 "n = sum(1 for _ in sheet.iter_rows())\n")
OPENPYXL_PASS = ("import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
                 "n = sum(1 for _ in wb.active.iter_rows(values_only=True))\n")
READER_PASS = ("import sys\nfrom pathlib import Path\nfrom stdcheck.policy import load\n"
               "from stdcheck.names import DepartmentIndex\nfrom stdcheck.findings import FindingLog\n"
               "from stdcheck.ledger import open_ledger\nd = load()\n"
               "r = open_ledger(Path(sys.argv[1]), names=DepartmentIndex(d.departments, d.prefixes),"
               " problems=FindingLog())\nn = sum(1 for _ in r)\n")

# Reading alone and reading + evaluating, without start-up and output, against csv.reader in
# the same process; best of N (in one process the minimum is the least disturbed figure).
BREAKDOWN = """
import csv, gc, sys, time, json, datetime as dt
gc.disable()  # as the command line runs
from pathlib import Path
from stdcheck.policy import load
from stdcheck.names import DepartmentIndex
from stdcheck.ledger import open_ledger
from stdcheck.evaluate import Options, Tally
path, data = Path(sys.argv[1]), load()
names = DepartmentIndex(data.departments, data.prefixes)
# read as status reads: the policy's province (its local numbers on the fast path) and tasks
road = dict(names=names, home_prefix=data.policy.local_prefix,
            max_task=max((t.number for t in data.tasks), default=0))
as_of = dt.date.fromisoformat(sys.argv[3])
def csv_pass():
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f): pass
def read():
    for entry in open_ledger(path, **road): pass
def evaluate():
    tally = Tally(data, Options(as_of=as_of))
    tally.add_all(open_ledger(path, problems=tally.findings, **road))
    tally.result()
best = {}
for _ in range(int(sys.argv[2])):
    for f in (csv_pass, read, evaluate):
        start = time.perf_counter(); f()
        best[f.__name__] = min(best.get(f.__name__, 1e9), time.perf_counter() - start)
print(json.dumps(best))
"""


HELP_ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}  # one line per command


def help_text(*command: str) -> str:
    out = subprocess.run([*CLI, *command, "--help"], capture_output=True, text=True,
                         env={**os.environ, **HELP_ENV}, cwd=ROOT)
    return out.stdout


def parse_commands(text: str) -> set[str]:
    """The command names in the Commands section of a click or rich (boxed) help text."""
    commands: set[str] = set()
    section = False
    indent = -1  # of the first command: a wrapped description is indented deeper
    for line in text.splitlines():
        if re.search(r"\bCommands\b", line):
            section = True
            continue
        if not section:
            continue
        if not line.strip() or (not line[0].isspace() and line[0] not in "│|"):
            break  # a blank line or the next heading ends the section
        # "  status  Read …" (click) or "│ status  Read … │" (rich).
        m = re.match(r"^([\s│|]*)([a-z][a-z0-9-]*)(?:\s{2,}|\s*[│|]?\s*$)", line)
        if m and indent in (-1, len(m.group(1))):
            indent = len(m.group(1))
            commands.add(m.group(2))
    return commands


def parse_formats(text: str) -> list[str]:
    """The choices of ``--format <a|b>`` in a command's help text, or of ``--format FORMAT``
    whose description starts with them: ``md, html, xlsx, docx or json (default: …)``."""
    m = re.search(r"--format\s+[<\[]([a-z0-9|-]+)[>\]]", text)
    if m:
        return m.group(1).split("|")
    m = re.search(r"--format\s+[A-Z]+\s+((?:[a-z0-9-]+, )*[a-z0-9-]+ or [a-z0-9-]+)\b", text)
    return re.split(r", | or ", m.group(1)) if m else []


def label(rows: int) -> str:
    for unit, suffix in ((1_000_000, "m"), (1_000, "k")):
        if rows % unit == 0:
            return f"{rows // unit}{suffix}"
    return str(rows)


def build_items(args: argparse.Namespace, work: Path, as_of: dt.date) -> list[Item]:
    items: list[Item] = [
        Item("version", "`stdcheck --version` (start-up, pre-commit hooks)",
             "`python -c \"import typer\"`", [*CLI, "--version"], [PY, "-c", "import typer"],
             GOAL_VERSION, cheap=True),
        Item("example", f"`stdcheck status examples/ledger.csv --as-of {args.as_of}`",
             "`import typer, pydantic, yaml, rich.table`",
             [*CLI, "status", "examples/ledger.csv", "--as-of", args.as_of],
             [PY, "-c", "import typer, pydantic, yaml, rich.table"], GOAL_EXAMPLE, cheap=True),
    ]
    largest: Optional[Path] = None
    for rows in args.sizes:
        size = label(rows)
        varied = ledger_file(work, "varied", rows, args)
        uniform = ledger_file(work, "uniform", rows, args)
        full = rows == FULL_SIZE
        mib = varied.stat().st_size / 2**20
        status = [*CLI, "status", str(varied), "--as-of", args.as_of]
        items += [
            Item(f"varied-{size}-table", f"`status` (table), varied CSV ({mib:.1f} MiB)",
                 "csv.reader pass", status, [PY, "-c", CSV_PASS, str(varied)],
                 GOAL_TABLE if full else None),
            Item(f"varied-{size}-json", "`status --format json`, varied CSV",
                 "csv.reader pass", [*status, "--format", "json"],
                 [PY, "-c", CSV_PASS, str(varied)], GOAL_JSON if full else None),
            Item(f"uniform-{size}-json", "`status --format json`, uniform CSV",
                 "csv.reader pass",
                 [*CLI, "status", str(uniform), "--as-of", args.as_of, "--format", "json"],
                 [PY, "-c", CSV_PASS, str(uniform)], GOAL_UNIFORM if full else None),
        ]
        largest = varied
    if largest is not None:
        size = label(max(args.sizes))
        for kind in ("read", "evaluate"):
            items.append(Item(f"inprocess-{size}-{kind}",
                              "in one process: reading rows into entries" if kind == "read" else
                              "in one process: reading and evaluating",
                              "csv.reader in that process",
                              note="best of the repeats, no start-up or output"))
        items += planned_items(largest, size, args.as_of)
    if args.xlsx_rows:
        book = ledger_file(work, "xlsx", args.xlsx_rows, args)
        size = label(args.xlsx_rows)
        calamine = [PY, "-c", CALAMINE_PASS, str(book)]
        reader = [PY, "-c", READER_PASS, str(book)]
        items += [
            Item(f"xlsx-{size}-status", "`status` (table), varied xlsx", "calamine plain read",
                 [*CLI, "status", str(book), "--as-of", args.as_of], calamine),
            Item(f"xlsx-{size}-reader", "stdcheck's ledger reader alone, varied xlsx",
                 "calamine plain read", reader, calamine),
        ]
        if not args.no_openpyxl:
            items.append(Item(f"xlsx-{size}-openpyxl",
                              "openpyxl read-only (how much calamine saves; bigger is better)",
                              "stdcheck's ledger reader", [PY, "-c", OPENPYXL_PASS, str(book)],
                              reader))
    return items


def planned_items(ledger: Path, size: str, as_of: str) -> list[Item]:
    """Rows for PLANNED commands: measured against status json on the same ledger when the
    build has them, 'not built yet' otherwise."""
    commands = parse_commands(help_text())
    floor = [*CLI, "status", str(ledger), "--as-of", as_of, "--format", "json"]
    items: list[Item] = []
    for p in PLANNED:
        if p.command not in commands:
            what = f"`{p.command}`" + (" (each format)" if "{format}" in p.args else "")
            items.append(Item(f"{p.command}-{size}", f"{what}, varied CSV",
                              "`status --format json`", goal=p.goal, pending=True))
            continue
        formats = parse_formats(help_text(p.command)) if "{format}" in p.args else [""]
        for fmt in formats or [""]:
            out = ledger.parent / f"{p.command}-out.{fmt or 'txt'}"
            args = p.args.format(ledger=shlex.quote(str(ledger)), as_of=as_of, format=fmt,
                                 out=shlex.quote(str(out)))
            if not fmt:
                args = args.replace(" --format ", " ").strip()
            to = " --out FILE" if "{out}" in p.args else ""
            report = p.command == "report"
            items.append(Item(f"{p.command}-{size}" + (f"-{fmt}" if fmt else ""),
                              f"`{p.command}{' --format ' + fmt if fmt else ''}{to}`"
                              f"{REPORT_NOTES.get(fmt, '') if report else ''}, varied CSV",
                              "`status --format json`", [*CLI, *shlex.split(args)], floor,
                              REPORT_GOALS.get(fmt, p.goal) if report else p.goal))
    return items


def child_json(script: str, args: list[str], items: list[Item]) -> Optional[dict[str, Any]]:
    """The JSON a measuring ``script`` prints last, run in a child; None, with the child's
    error on each of ``items``, when it printed none."""
    out = subprocess.run([PY, "-c", script, *args], capture_output=True, text=True, cwd=ROOT)
    try:
        found: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        for it in items:
            it.error = out.stderr.strip()[-500:] or "no output"
        return None
    return found


def measure_in_process(items: list[Item], ledger: Path, repeat: int, as_of: str) -> None:
    mine = [it for it in items if it.id.startswith("inprocess-")]
    if not mine:
        return
    best = child_json(BREAKDOWN, [str(ledger), str(repeat), as_of], mine)
    if best is None:
        return
    for it in mine:
        kind = it.id.rsplit("-", 1)[1]
        it.seconds, it.floor_seconds = best[kind], best["csv_pass"]
        it.ratio = best[kind] / best["csv_pass"]


# --- what a row with a finding costs (issue 19) ------------------------------------------------
#
# "A row the careful path reads (with a finding) must not cost more than a few times a clean
# row." Ledgers of ROW_COST_ROWS rows, each row with one problem a liaison's ledger has on every
# row when it has it at all, read in one process against the same ledger without the problem.

ROW_COST_ROWS = 50_000
GOAL_ROW_COST = Goal(5.0)
ROW_COSTS = (  # (case, what its rows hold)
    ("unknown-department", "a department name that resolves to nothing (区科枝局)"),
    ("kind-conflict", "a number of another kind (GB/T on an enterprise standard: not counted)"),
    ("no-year", "a number without its year (Q/JJ 0001)"),
    ("bad-date", "an impossible date (2024-13-05: not counted)"),
    ("bad-due", "a deadline that is no date (2024-13-31: ignored)"),
    ("duplicate", "a number already reported (100 numbers over the rows)"),
)

ROW_COST = """
import csv, gc, json, sys, time, datetime as dt
from pathlib import Path
from stdcheck.policy import load
from stdcheck.names import DepartmentIndex
from stdcheck.ledger import open_ledger
from stdcheck.evaluate import Options, Tally
gc.disable()  # as the command line runs
work, rows, repeat = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
data = load()
road = dict(names=DepartmentIndex(data.departments, data.prefixes),
            home_prefix=data.policy.local_prefix,
            max_task=max((t.number for t in data.tasks), default=0))
HEADER = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "对应任务", "状态", "完成时限"]
DEPARTMENTS = ["区科技局", "区经济信息委", "江津区市场监管局", "区农业农村委"]
def row(i, case):
    date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
    number, department, due = f"Q/JJ {i:05d}-2024", DEPARTMENTS[i % 4], "2024-12-31"
    if case == "unknown-department":
        department = "区科枝局"
    elif case == "kind-conflict":
        number = f"GB/T {10000 + i}-2024"
    elif case == "no-year":
        number = f"Q/JJ {i:05d}"
    elif case == "bad-date":
        date = f"2024-13-{1 + i % 28:02d}"
    elif case == "bad-due":
        due = "2024-13-31"
    elif case == "duplicate":
        number = f"Q/JJ {i % 100:05d}-2024"
    return [i + 1, date, "企业标准", f"产品{i}", number, department, 14, "已发布", due]
def evaluate(path):
    tally = Tally(data, Options(as_of=dt.date(2026, 11, 28)))
    tally.add_all(open_ledger(path, problems=tally.findings, **road))
    return tally.result()
best, found = {}, {}
for case in ["clean", *sys.argv[4:]]:
    path = work / f"rows-{case}-{rows}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(row(i, case) for i in range(rows))
    for _ in range(repeat):
        start = time.perf_counter()
        result = evaluate(path)
        best[case] = min(best.get(case, 1e9), time.perf_counter() - start)
    found[case] = len(result.findings) + len(result.duplicates)
print(json.dumps({"best": best, "found": found}))
"""


def measure_row_costs(args: argparse.Namespace, work: Path) -> list[Item]:
    """One item per case of ROW_COSTS: reading and evaluating its ledger against the clean
    one, in one child process (best of the repeats, at least three)."""
    items = [Item(f"row-{case}", f"a {ROW_COST_ROWS // 1000}k-row ledger, every row with {what}",
                  "the same rows without it", goal=GOAL_ROW_COST,
                  note="in process, reading and evaluating; best of the repeats")
             for case, what in ROW_COSTS]
    measured = child_json(ROW_COST, [str(work), str(ROW_COST_ROWS), str(max(args.repeat, 3)),
                                     *(case for case, _ in ROW_COSTS)], items)
    if measured is None:
        return items
    best, found = measured["best"], measured["found"]
    for it, (case, _) in zip(items, ROW_COSTS, strict=True):
        if found[case] <= found["clean"]:  # the problem was not seen: measured nothing
            it.error = f"no finding on the {case} rows"
            continue
        it.seconds, it.floor_seconds = best[case], best["clean"]
        it.ratio = best[case] / best["clean"]
    return items


# --- the inbox (issue 21) ---------------------------------------------------------------------
#
# Two measurements of `stdcheck serve`, each against the command a person would otherwise run:
# an upload through the API (POST /api/ledgers, the round trip of the request: received, kept,
# checked with the validate rules, recorded) against `stdcheck validate` on the same file, and
# the bureau's page with all 30 departments uploaded against `stdcheck status` on the same 30
# files. The page is timed as the first view after a server start (nothing of the round kept;
# the server warmed by an unrelated status of another day, as a running server is by its
# uploads), once per repeat.

INBOX_UPLOADS = (1_000, 100_000)  # rows of the varied ledger uploaded through the API
INBOX_DEPARTMENT_ROWS = 1_000  # rows of each department's ledger behind the bureau's page
GOAL_UPLOAD = Goal(1.3)
PAGE_MARGIN = 0.100  # the bureau's page: under `status`'s time plus this many seconds


class _InboxServer:
    """`stdcheck serve` on a free port, in a child process."""

    def __init__(self, store: Path) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [*CLI, "serve", str(store), "--port", str(self.port), "--max-upload", "500"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("stdcheck serve did not start") from None
                time.sleep(0.05)

    def request(self, method: str, path: str, body: Optional[bytes] = None,
                headers: Optional[dict[str, str]] = None) -> tuple[int, bytes, dict[str, str]]:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.read(), dict(r.getheaders())
        finally:
            conn.close()

    def upload(self, token: str, path: Path) -> tuple[float, int]:
        """Seconds of the request's round trip, and its status."""
        head = (f'--B0undary\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{path.name}"\r\nContent-Type: text/csv\r\n\r\n').encode()
        body = head + path.read_bytes() + b"\r\n--B0undary--\r\n"
        start = time.perf_counter()
        status, _, _ = self.request("POST", "/api/ledgers", body, {
            "Authorization": f"Bearer {token}",
            "Content-Type": "multipart/form-data; boundary=B0undary"})
        return time.perf_counter() - start, status

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def measure_inbox(args: argparse.Namespace, work: Path) -> list[Item]:
    """The inbox's rows; see the comment above. Rows fail, with the reason, rather than the
    run, when the serve extra is not installed."""
    items = [Item(f"inbox-upload-{label(n)}", f"upload of the varied {label(n)} ledger through "
                  "the API (the request's round trip)", "`stdcheck validate` on the file",
                  goal=GOAL_UPLOAD) for n in args.inbox_uploads]
    page = Item("inbox-status-page", f"the bureau's page, 30 departments uploaded "
                f"({args.inbox_rows:,} rows each), first view after a start",
                "`stdcheck status` on the 30 files")
    items.append(page)
    try:
        from stdcheck.inbox.rounds import export
        from stdcheck.inbox.standing import Standing
        from stdcheck.inbox.store import Store

        folder = Path(tempfile.mkdtemp(prefix="inbox-", dir=work))
        store, issued = Store.create(folder / "store", None, "http://127.0.0.1")
        store.open_round("bench", dt.date.today() + dt.timedelta(days=30))
        tokens = dict(issued.departments)
        names = [d.name for d in store.policy().departments]
        server = _InboxServer(store.root)
    except Exception as e:  # said in the rows, not a traceback
        for it in items:
            it.error = f"{type(e).__name__}: {e}"
        return items
    try:
        for it, rows in zip(items[:-1], args.inbox_uploads, strict=True):
            ledger = ledger_file(work, "varied", rows, args)
            floor, subject = [], []
            for n in range(args.repeat):
                for side in ((0, 1) if n % 2 == 0 else (1, 0)):
                    if side == 0:
                        run = run_timed([*CLI, "validate", str(ledger), "--as-of", args.as_of])
                        floor.append(run.seconds)
                        it.error = it.error or run.error
                    else:
                        took, status = server.upload(tokens[names[0]], ledger)
                        subject.append(took)
                        if status not in (201, 422):
                            it.error = f"upload answered {status}"
            it.seconds, it.floor_seconds = statistics.median(subject), statistics.median(floor)
            it.ratio = it.seconds / it.floor_seconds
        for i, name in enumerate(names):  # every department sends its own ledger
            mine = csv_file(work / f"inbox-{i:02d}-{args.inbox_rows}-g{GENERATOR}.csv", HEADER,
                            varied_rows(args.inbox_rows, args.seed + 100 + i,
                                        dt.date.fromisoformat(args.as_of)))
            server.upload(tokens[name], mine)
        server.stop()
        files = folder / "export"
        export(store, Standing(store), store.current(), files)  # type: ignore[arg-type]
        today = dt.date.today()
        status = [*CLI, "status", str(files), "--as-of", today.isoformat(), "--keep-going"]
        floor, subject = [], []
        for n in range(args.repeat):
            for side in ((0, 1) if n % 2 == 0 else (1, 0)):
                if side == 0:
                    run = run_timed(status)
                    floor.append(run.seconds)
                    page.error = page.error or run.error
                    continue
                server = _InboxServer(store.root)
                _, _, headers = server.request("GET", f"/login/{issued.admin}")
                cookie = headers.get("set-cookie", "").split(";", 1)[0]
                warm = (today - dt.timedelta(days=1)).isoformat()
                server.request("GET", f"/api/status?as_of={warm}", headers={"Cookie": cookie})
                start = time.perf_counter()
                code, body, _ = server.request("GET", "/bureau", headers={"Cookie": cookie})
                subject.append(time.perf_counter() - start)
                server.stop()
                if code != 200 or "已报送 30/30".encode() not in body:
                    page.error = f"the bureau's page answered {code} without all 30 sent"
        page.seconds, page.floor_seconds = statistics.median(subject), statistics.median(floor)
        page.ratio = page.seconds / page.floor_seconds
        page.goal = Goal(round(1 + PAGE_MARGIN / page.floor_seconds, 2))
        page.note = f"goal: under status + {PAGE_MARGIN * 1000:.0f} ms"
    except Exception as e:  # said in the rows, not a traceback
        for it in items:
            it.error = it.error or f"{type(e).__name__}: {e}"
    finally:
        if server.proc.poll() is None:
            server.stop()
        store.close()
    return items


# --- the table ----------------------------------------------------------------------------------

def render(items: list[Item], args: argparse.Namespace, command: str, took: float,
           load: str) -> str:
    def num(v: Optional[float], fmt: str) -> str:
        return "—" if v is None else format(v, fmt)

    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{command}` on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"commit {git_commit()}, in {took:.0f} s.",
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.platform()}; load average at start "
        f"{load}. Medians of {args.repeat} interleaved runs (start-up rows: "
        f"{args.repeat if args.quick else max(args.repeat, 5)}); peak memory is the child's max "
        "RSS (the largest of its runs). The package's bytecode is written first, as an "
        "install writes it. Read the ratios, not the seconds: the machine is shared.",
        "",
        "| id | what | floor | ratio | seconds (subject / floor) | peak MB (subject / floor) "
        "| goal (issue 19) | verdict |",
        "|---|---|---|---:|---|---|---|---|",
    ]
    for it in items:
        ratio = "—" if it.ratio is None else f"{it.ratio:.2f}×"
        if it.ratio is not None and it.note:
            ratio += f" ({it.note})"
        goal = it.goal.text() if it.goal else "—"
        what = it.what + (f" — {it.error.splitlines()[-1][:120]}" if it.error else "")
        lines.append(
            f"| `{it.id}` | {what} | {it.floor_name} | {ratio} | "
            f"{num(it.seconds, '.3f')} / {num(it.floor_seconds, '.3f')} | "
            f"{num(it.peak_mb, '.0f')} / {num(it.floor_peak_mb, '.0f')} | {goal} | "
            f"{it.verdict()} |")
    lines += ["", "Goals apply at 1,000,000 rows; smaller sizes show the trend and have none. "
              "Rows marked *not built yet* fill in when `stdcheck --help` lists the command."]
    return "\n".join(lines) + "\n"


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, cwd=ROOT, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "stdcheck"],
                               capture_output=True, text=True, cwd=ROOT).stdout.strip()
        return f"`{head}`" + (" (stdcheck/ modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def profile(args: argparse.Namespace, work: Path, as_of: dt.date) -> None:
    """cProfile of ``status --format json`` on the 100k varied ledger; prints the top 15 by
    cumulative and by own time."""
    import pstats

    rows = 100_000
    ledger = ledger_file(work, "varied", rows, args)
    out = work / "status-json.prof"
    subprocess.run([PY, "-m", "cProfile", "-o", str(out), "-m", "stdcheck.cli", "status",
                    str(ledger), "--format", "json", "--as-of", args.as_of],
                   stdout=subprocess.DEVNULL, cwd=ROOT, check=True)
    stats = pstats.Stats(str(out))
    for key in ("cumulative", "tottime"):
        stats.sort_stats(key).print_stats(15)


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        m = re.fullmatch(r"([1-9]\d*)([km]?)", part)
        if m is None:
            raise argparse.ArgumentTypeError(
                f"{part!r}: a size is a number of rows, with k or m for thousands or millions "
                "(1k, 20k, 100k, 1m)")
        sizes.append(int(m[1]) * {"": 1, "k": 1_000, "m": 1_000_000}[m[2]])
    return sorted(set(sizes))


def compile_package() -> None:
    """Write the package's bytecode, as ``pip install`` does for a user. A checkout installed
    with ``-e`` under ``PYTHONDONTWRITEBYTECODE`` (as some machines set it) has none, and every
    run would compile the package anew: about a fifth of the start-up (120 ms of 0.55 s), which
    no user pays, while the floors import site-packages that do have bytecode."""
    import compileall
    compileall.compile_dir(ROOT / "stdcheck", quiet=1, force=False)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=parse_sizes, default=parse_sizes("1k,100k,1m"),
                    help="CSV sizes, comma-separated rows, k or m for thousands or millions "
                         "(default: 1k,100k,1m)")
    ap.add_argument("--xlsx-rows", type=int, default=100_000,
                    help="rows of the xlsx ledger; 0 skips workbooks (default: 100000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each command (default: 3)")
    ap.add_argument("--quick", action="store_true",
                    help="1k and 20k rows, a 1k xlsx, repeat 1 (seconds, for the test)")
    ap.add_argument("--no-openpyxl", action="store_true", help="skip the openpyxl comparison")
    ap.add_argument("--as-of", default=AS_OF, help=f"evaluation date (default: {AS_OF})")
    ap.add_argument("--seed", type=int, default=SEED, help="generator seed (default: 1)")
    ap.add_argument("--work", type=Path, default=ROOT / ".bench",
                    help="where generated ledgers are kept and reused (default: .bench/)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md",
                    help="results file, written atomically (default: bench/RESULTS.md)")
    ap.add_argument("--make", nargs=3, metavar=("KIND", "ROWS", "PATH"),
                    help=argparse.SUPPRESS)  # internal: generate one ledger (in a child)
    ap.add_argument("--profile", action="store_true",
                    help="profile status --format json on 100k varied rows instead")
    ap.add_argument("--inbox-uploads", type=parse_sizes,
                    default=list(INBOX_UPLOADS), help="sizes of the ledgers uploaded through "
                    "the inbox's API (default: 1k,100k)")
    ap.add_argument("--no-inbox", action="store_true", help="skip the inbox's rows")
    ap.add_argument("--no-row-costs", action="store_true",
                    help="skip what a row with a finding costs against a clean one")
    ap.add_argument("--inbox-rows", type=int, default=INBOX_DEPARTMENT_ROWS,
                    help="rows of each department's ledger behind the bureau's page "
                         f"(default: {INBOX_DEPARTMENT_ROWS})")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.xlsx_rows, args.repeat = [1_000, 2_000], 1_000, 1
        args.inbox_uploads, args.inbox_rows = [1_000], 100
    args.repeat = max(args.repeat, 1)
    as_of = dt.date.fromisoformat(args.as_of)
    if args.make:
        kind, rows, path = args.make
        make(kind, int(rows), Path(path), args.seed, as_of)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    if args.profile:
        profile(args, args.work, as_of)
        return 0

    command = "python " + shlex.join([os.path.relpath(__file__, ROOT), *(argv or sys.argv[1:])])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    start = time.perf_counter()
    compile_package()
    items = build_items(args, args.work, as_of)
    # Start-up costs a fraction of a second: five runs at least, as before, unless --quick.
    measure(items, args.repeat, args.repeat if args.quick else max(args.repeat, 5))
    if args.sizes:
        largest = max(args.sizes)
        measure_in_process(items, ledger_file(args.work, "varied", largest, args),
                           args.repeat, args.as_of)
    if not args.no_row_costs:
        items += measure_row_costs(args, args.work)
    if not args.no_inbox:
        items += measure_inbox(args, args.work)
    text = render(items, args, command, time.perf_counter() - start, load)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomically(args.out, write)
    print(text)
    return 1 if any(it.error for it in items) else 0


if __name__ == "__main__":
    sys.exit(main())
