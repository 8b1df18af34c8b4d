"""The project's benchmark: ratios measured in one run, never single absolute times.

    python scripts/bench.py              # startup + 1,000,000-row status
    python scripts/bench.py --rows 200000 --repeat 5

1. Start-up: ``stdcheck --version`` against ``python -c "import typer"`` (median of N runs each,
   interleaved so both see the same machine load).
2. Scale: ``stdcheck status`` on an N-row CSV of enterprise-standard declarations (a municipal
   roll-up) against a plain ``csv.reader`` pass over the same file, each in its own process so
   peak memory (max RSS) is that of the job alone. Goal: within 3x the time, under 400 MB.
3. Workbooks: reading an xlsx with the ledger reader (calamine) against openpyxl's read-only
   mode, when openpyxl is installed.

The machine is shared and noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"

DEPARTMENTS = ["江津区市场监管局", "区市监局", "区经济信息委", "区经信委", "区农业农村委", "區科技局"]


def make_csv(path: Path, rows: int) -> None:
    rng = random.Random(1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["序号", "公开时间", "类别", "标准名称", "标准编号", "责任单位", "对应任务", "状态"])
        for i in range(rows):
            day = f"202{rng.randint(3, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            w.writerow([i + 1, day, "企业标准", f"产品{i}企业标准", f"Q/JJ{i:07d}-2024",
                        rng.choice(DEPARTMENTS), 14, "已公开"])


def run_timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if proc.stderr:
        err = proc.stderr.read()
        if err.strip():
            sys.stderr.write(err.decode("utf-8", "replace"))
    return elapsed, usage.ru_maxrss


def startup(repeat: int) -> None:
    stdcheck = [sys.executable, "-m", "stdcheck.cli", "--version"]
    typer = [sys.executable, "-c", "import typer"]
    a, b = [], []
    for _ in range(repeat):
        a.append(run_timed(stdcheck)[0])
        b.append(run_timed(typer)[0])
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"start-up: stdcheck --version / import typer = {ma / mb:.2f}x "
          f"(medians of {repeat}; {ma * 1000:.0f} ms vs {mb * 1000:.0f} ms on this run)")


def scale(rows: int, repeat: int) -> None:
    WORK.mkdir(exist_ok=True)
    path = WORK / f"ledger-{rows}.csv"
    if not path.exists():
        make_csv(path, rows)
    baseline = [sys.executable, "-c",
                "import csv,sys\nn=0\nwith open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
                "    for row in csv.reader(f): n += 1\n", str(path)]
    status = [sys.executable, "-m", "stdcheck.cli", "status", str(path), "--as-of", "2026-11-28",
              "--format", "json"]
    t_base, t_status, m_base, m_status = [], [], [], []
    for _ in range(repeat):
        t, m = run_timed(baseline)
        t_base.append(t)
        m_base.append(m)
        t, m = run_timed(status)
        t_status.append(t)
        m_status.append(m)
    tb, ts = statistics.median(t_base), statistics.median(t_status)
    size = path.stat().st_size / 2**20
    print(f"status on {rows:,} rows ({size:.0f} MiB): {ts / tb:.2f}x a csv.reader pass "
          f"(medians of {repeat}); peak memory {max(m_status) / 1024:.0f} MB vs "
          f"{max(m_base) / 1024:.0f} MB for csv.reader")


BREAKDOWN = """
import csv, sys, time, datetime as dt
from pathlib import Path
from stdcheck.policy import load
from stdcheck.names import DepartmentIndex
from stdcheck.ledger import open_ledger
from stdcheck.evaluate import Options, Tally
path, data = Path(sys.argv[1]), load()
names = DepartmentIndex(data.departments, data.prefixes)
def csv_pass():
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f): pass
def read():
    for entry in open_ledger(path, names=names): pass
def evaluate():
    tally = Tally(data, Options(as_of=dt.date(2026, 11, 28)))
    tally.add_all(open_ledger(path, names=names, problems=tally.problems))
    tally.result()
best = {}
for _ in range(int(sys.argv[2])):
    for f in (csv_pass, read, evaluate):
        start = time.perf_counter(); f()
        best[f.__name__] = min(best.get(f.__name__, 1e9), time.perf_counter() - start)
print(f"  in one process (best of {sys.argv[2]}): reading ledger rows into entries "
      f"{best['read'] / best['csv_pass']:.2f}x a csv.reader pass, reading and evaluating "
      f"{best['evaluate'] / best['csv_pass']:.2f}x")
"""


def breakdown(rows: int, repeat: int) -> None:
    """Where the time goes: the reader alone and reader + evaluator, without start-up and
    output, against csv.reader in the same process."""
    path = WORK / f"ledger-{rows}.csv"
    subprocess.run([sys.executable, "-c", BREAKDOWN, str(path), str(repeat)], check=True)


def workbook(rows: int) -> None:
    try:
        import openpyxl
    except ImportError:
        print("workbook: openpyxl not installed; skipped")
        return
    path = WORK / f"ledger-{rows}.xlsx"
    if not path.exists():
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(["序号", "完成日期", "类别", "标准名称", "标准编号", "责任单位"])
        for i in range(rows):
            ws.append([i + 1, "2024-05-01", "企业标准", f"产品{i}", f"Q/JJ{i:07d}-2024",
                       "江津区市场监管局"])
        wb.save(path)
    ours = [sys.executable, "-c",
            "import sys\nfrom pathlib import Path\nfrom stdcheck.policy import load\n"
            "from stdcheck.names import DepartmentIndex\nfrom stdcheck.problems import ProblemLog\n"
            "from stdcheck.ledger import open_ledger\nd = load()\n"
            "r = open_ledger(Path(sys.argv[1]), names=DepartmentIndex(d.departments, d.prefixes),"
            " problems=ProblemLog())\nn = sum(1 for _ in r)\n", str(path)]
    theirs = [sys.executable, "-c",
              "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
              "n = sum(1 for _ in wb.active.iter_rows(values_only=True))\n", str(path)]
    t_ours, _ = run_timed(ours)
    t_theirs, _ = run_timed(theirs)
    print(f"workbook of {rows:,} rows: openpyxl read-only / stdcheck reader = "
          f"{t_theirs / t_ours:.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--xlsx-rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    startup(max(args.repeat, 5))
    scale(args.rows, args.repeat)
    breakdown(args.rows, args.repeat)
    workbook(args.xlsx_rows)


if __name__ == "__main__":
    main()
