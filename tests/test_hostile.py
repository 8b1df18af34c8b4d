"""Hostile files: each is refused, or read within the documented limits, with a clear message
(a finding code and words that say what is wrong), exit code 2, no traceback, no "internal
error", and quickly. The command line runs in a subprocess under a ``timeout`` where a hang
or a slow path is what could go wrong: a test that hangs fails by the timeout, not by a
timed assertion (the CI machine is shared and noisy).

Not repeated here (tests elsewhere have them): the YAML alias bomb and a recursive alias
(test_policy.py), files that are not what their suffix says and a FIFO named directly
(test_odd_inputs.py), a cell at XFD1048576 and a repeated .ods row (test_ledger.py).
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import make_ods

from stdcheck.evaluate import check
from stdcheck.ledger import LedgerError

AS_OF = dt.date(2025, 6, 1)
HEADER = "序号,类别,名称,责任单位,完成日期\n"
GOOD_ROW = "1,国家标准,花椒,区科技局,2024-03-05\n"
TIMEOUT = 60  # seconds for one command; every case here takes a few at most


def stdcheck(*args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """The installed command, in a subprocess, with a timeout."""
    return subprocess.run([sys.executable, "-m", "stdcheck.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=_env())


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.pop("STDCHECK_DEBUG", None)
    env["COLUMNS"] = "200"
    return env


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with the words in the message, and nothing that looks like a bug."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, \
        result.stderr[-2000:]
    for w in words:
        assert w in result.stderr, (w, result.stderr[-2000:])


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


LEDGER_ROWS: list[list[object]] = [["序号", "类别", "名称", "责任单位", "完成日期"],
                                   [1, "国家标准", "花椒", "区科技局", "2024-03-05"]]


def _member_data_offset(data: bytes, name: str) -> int:
    """Where the compressed bytes of zip member ``name`` start."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    at = info.header_offset
    n, m = struct.unpack("<HH", data[at + 26:at + 30])
    return at + 30 + n + m


def _corrupt_deflate(data: bytes, name: str) -> bytes:
    """``data`` with the deflate stream of ``name`` broken at its first byte (0xff: a block of
    the reserved type), as a disk error or a cut download leaves it; the zip directory is
    intact, so the file opens as a zip."""
    at = _member_data_offset(data, name)
    return data[:at] + b"\xff\xff" + data[at + 2:]


# --- damaged zip containers ----------------------------------------------------------------------


def test_xlsx_with_a_broken_sheet_stream_is_a_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(_corrupt_deflate(xlsx_bytes(LEDGER_ROWS), "xl/worksheets/sheet1.xml"))
    with pytest.raises(LedgerError) as e:
        check([path], as_of=AS_OF)
    assert e.value.code == "unreadable-file" and "damaged workbook" in e.value.msg.en
    assert "损坏" in e.value.msg.zh
    refused(stdcheck("status", str(path), "--lang", "en"), "damaged workbook", "save it again")


def test_ods_with_a_broken_content_stream_is_a_damaged_spreadsheet(tmp_path: Path) -> None:
    path = make_ods(tmp_path / "ledger.ods", LEDGER_ROWS)
    path.write_bytes(_corrupt_deflate(path.read_bytes(), "content.xml"))
    with pytest.raises(LedgerError) as e:
        check([path], as_of=AS_OF)
    assert e.value.code == "unreadable-file" and "damaged spreadsheet" in e.value.msg.en


def _needs_zip_version(data: bytes, version: int) -> bytes:
    """``data`` with every central directory entry saying it needs zip ``version`` to be
    extracted (as archivers newer than Python's zipfile write: 6.3 is the newest it reads)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        out[at + 6:at + 8] = struct.pack("<H", version)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_zip_of_an_unsupported_version_is_refused_with_a_message(tmp_path: Path,
                                                                  suffix: str) -> None:
    path = tmp_path / f"ledger{suffix}"
    if suffix == ".ods":
        make_ods(path, LEDGER_ROWS)
        data = path.read_bytes()
    else:
        data = xlsx_bytes(LEDGER_ROWS)
    path.write_bytes(_needs_zip_version(data, 80))
    with pytest.raises(LedgerError) as e:
        check([path], as_of=AS_OF)
    assert "zip" in e.value.msg.en and "8.0" in e.value.msg.en
    refused(stdcheck("status", str(path), "--lang", "en"), "zip file version 8.0")


# --- folders -------------------------------------------------------------------------------------


def _symlinks_or_skip(folder: Path) -> None:
    try:
        (folder / "probe").symlink_to(folder)
    except (OSError, NotImplementedError) as e:  # Windows without the privilege
        pytest.skip(f"symlinks cannot be made here: {e}")
    (folder / "probe").unlink()


def test_symlink_loop_in_a_ledger_folder_is_an_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "ledgers"
    (folder / "区科技局").mkdir(parents=True)
    _symlinks_or_skip(folder)
    (folder / "区科技局" / "good.csv").write_text(HEADER + GOOD_ROW, encoding="utf-8")
    (folder / "loop.csv").symlink_to("loop.csv")  # itself
    (folder / "b.csv").symlink_to("c.csv")  # each other
    (folder / "c.csv").symlink_to("b.csv")
    (folder / "区科技局" / "up").symlink_to("..")  # a folder loop: named, never followed
    with pytest.raises(LedgerError) as e:
        check([folder], as_of=AS_OF)
    assert e.value.code == "unreadable-file" and "symbolic links" in e.value.msg.en
    report = check([folder], as_of=AS_OF, keep_going=True)
    assert [f.rows for f in report.files if f.readable] == [1]
    assert report.targets[0].achieved == 1
    assert sorted((Path(f.source).name, f.code) for f in report.findings
                  if f.code != "no-task-column") == [
        ("b.csv", "unreadable-file"), ("c.csv", "unreadable-file"),
        ("loop.csv", "unreadable-file")]
    [up] = report.skipped
    assert up.source == str(folder / "区科技局" / "up")
    assert up.reason.en == (f"a link to {folder}, a folder that holds the link: not followed, "
                            f"it would loop; its files are read as {folder}")
    assert "循环" in up.reason.zh
    refused(stdcheck("status", str(folder), "--lang", "en", "--as-of", "2025-06-01"),
            "b.csv: cannot be read", "symbolic links")
    # named directly, a loop is not "no such file"
    refused(stdcheck("status", str(folder / "loop.csv"), "--lang", "en"),
            "cannot be read", "symbolic links")


def _ledger(path: Path, title: str) -> Path:
    """A one-row ledger whose national standard is ``title`` (distinct titles: no duplicate)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + GOOD_ROW.replace("花椒", title), encoding="utf-8")
    return path


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, \
        result.stderr[-2000:]
    return json.loads(result.stdout)


def test_a_linked_sub_folder_is_read(tmp_path: Path) -> None:
    """A department's shared folder linked into the ledger folder is read as if it were in it,
    under the path the user sees."""
    folder = tmp_path / "ledgers"
    folder.mkdir()
    _symlinks_or_skip(folder)
    a = _ledger(folder / "a.csv", "花椒")
    _ledger(tmp_path / "shared" / "2025" / "b.csv", "柑橘")
    (folder / "区科技局").symlink_to(tmp_path / "shared", target_is_directory=True)
    b = folder / "区科技局" / "2025" / "b.csv"
    report = check([folder], as_of=AS_OF)
    assert [(f.source, f.counted) for f in report.files] == [(str(a), 1), (str(b), 1)]
    assert report.targets[0].achieved == 2 and report.skipped == []
    doc = _json(stdcheck("status", str(folder), "--as-of", "2025-06-01", "--format", "json"))
    assert [f["source"] for f in doc["files"]] == [str(a), str(b)]
    assert doc["targets"][0]["achieved"] == 2


def test_a_folder_or_file_reached_by_two_paths_is_read_once_and_named(tmp_path: Path) -> None:
    """Each file is counted once, under the path that is not a link; every other path to it is
    named as not read, saying where it was read."""
    folder = tmp_path / "ledgers"
    folder.mkdir()
    _symlinks_or_skip(folder)
    a = _ledger(folder / "a.csv", "花椒")
    x = _ledger(folder / "b_real" / "x.csv", "柑橘")
    _ledger(tmp_path / "shared" / "y.csv", "茶叶")
    (folder / "a_link").symlink_to("b_real")  # sorts before the folder it links to
    (folder / "c_link").symlink_to(tmp_path / "shared")
    (folder / "d_link").symlink_to(tmp_path / "shared")  # the same shared folder again
    (folder / "e_link").symlink_to(folder / "b_real")  # absolute, to the same folder
    (folder / "z.csv").symlink_to("a.csv")
    y = folder / "c_link" / "y.csv"
    report = check([folder], as_of=AS_OF)
    assert [f.source for f in report.files] == [str(a), str(x), str(y)]
    assert report.targets[0].achieved == 3
    why = {Path(s.source).name: s.reason for s in report.skipped}
    assert sorted(why) == ["a_link", "d_link", "e_link", "z.csv"]
    assert why["a_link"].en == (f"the same folder as {folder / 'b_real'} (a link): its files "
                                "are read there, once")
    assert why["e_link"].en == why["a_link"].en
    assert why["d_link"].en.startswith(f"the same folder as {folder / 'c_link'} (a link)")
    assert why["z.csv"].en == f"the same file as {a}: read there, once"
    assert "同一文件夹" in why["a_link"].zh and "同一文件" in why["z.csv"].zh
    doc = _json(stdcheck("status", str(folder), "--as-of", "2025-06-01", "--format", "json"))
    assert doc["targets"][0]["achieved"] == 3
    assert {s["source"]: s["reason"]["en"] for s in doc["skipped"]} == {
        s.source: s.reason.en for s in report.skipped}


def test_a_link_to_a_folder_above_is_named_and_not_followed(tmp_path: Path) -> None:
    """A link to a folder that holds it (the ledger folder's parent, the root of the disk)
    would walk far beyond the ledgers, or forever: it is named, not followed, and the run ends
    at once; a loop through a folder outside ends at the folder already walked."""
    folder = tmp_path / "ledgers"
    folder.mkdir()
    _symlinks_or_skip(folder)
    a = _ledger(folder / "a.csv", "花椒")
    (folder / "parent").symlink_to("..")
    (folder / "root").symlink_to(Path(tmp_path.anchor))
    outside = tmp_path / "outside"
    b = _ledger(outside / "b.csv", "柑橘")
    (outside / "back").symlink_to(folder)  # outside -> back into the ledger folder
    (folder / "ext").symlink_to(outside)
    report = check([folder], as_of=AS_OF)
    assert [f.source for f in report.files] == [str(a), str(folder / "ext" / b.name)]
    why = {s.source: s.reason.en for s in report.skipped}
    assert why == {
        str(folder / "parent"): f"a link to {tmp_path}, a folder that holds the link: not "
                                "followed, it would loop",
        str(folder / "root"): f"a link to {tmp_path.anchor}, a folder that holds the link: not "
                              "followed, it would loop",
        str(folder / "ext" / "back"): f"the same folder as {folder} (a link): its files are "
                                      "read there, once"}
    result = stdcheck("status", str(folder), "--as-of", "2025-06-01", "--lang", "en")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "it would loop" in result.stdout


def test_a_link_that_leads_nowhere_is_named(tmp_path: Path) -> None:
    """A link to a department's folder on a drive not connected (or moved) is not a "not a
    ledger" note: what is behind it is not read, and the run says so as of a missing file."""
    folder = tmp_path / "ledgers"
    folder.mkdir()
    _symlinks_or_skip(folder)
    _ledger(folder / "a.csv", "花椒")
    link = folder / "区教委"
    link.symlink_to(tmp_path / "share" / "区教委")
    with pytest.raises(LedgerError) as e:
        check([folder], as_of=AS_OF)
    assert e.value.code == "no-such-file" and e.value.source == str(link)
    assert e.value.msg.en.startswith(f"a link to {tmp_path / 'share' / '区教委'}, which cannot be "
                                     "reached (No such file or directory): nothing behind it "
                                     "was read")
    assert "均未读取" in e.value.msg.zh
    report = check([folder], as_of=AS_OF, keep_going=True)
    assert report.targets[0].achieved == 1
    assert [(f.source, f.code) for f in report.findings if f.code != "no-task-column"] == [
        (str(link), "no-such-file")]
    refused(stdcheck("status", str(folder), "--lang", "en"), f"{link}: a link to",
            "cannot be reached")
    doc = _json(stdcheck("status", str(folder), "--keep-going", "--format", "json",
                         "--as-of", "2025-06-01"))
    assert [f["source"] for f in doc["files"] if not f["readable"]] == [str(link)]


# --- folders and files this user may not open ----------------------------------------------------

_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

#: Runs the command line with the paths of its first argument (os.pathsep between them) denied
#: as the operating system denies a user without the right: listing a folder, opening a file,
#: and os.access (click's check) say no. As root, chmod denies nothing; this does.
_DENYING = """
import builtins, errno, io, os, sys
denied = {os.path.abspath(p) for p in sys.argv.pop(1).split(os.pathsep)}
def is_denied(path):
    return isinstance(path, (str, os.PathLike)) and os.path.abspath(path) in denied
def check(path):
    if is_denied(path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
real_open, real_scandir, real_access = builtins.open, os.scandir, os.access
def deny_open(file, *args, **kw):
    check(file)
    return real_open(file, *args, **kw)
def deny_scandir(path="."):
    check(path)
    return real_scandir(path)
def deny_access(path, mode, *args, **kw):
    return not is_denied(path) and real_access(path, mode, *args, **kw)
builtins.open = io.open = deny_open
os.scandir, os.access = deny_scandir, deny_access
from stdcheck.cli import main
main()
"""


def stdcheck_denied(denied: list[Path], *args: str) -> subprocess.CompletedProcess[str]:
    """:func:`stdcheck` with ``denied`` unreadable to it, whoever runs the tests."""
    return subprocess.run([sys.executable, "-c", _DENYING, os.pathsep.join(map(str, denied)),
                           *args], capture_output=True, text=True, timeout=TIMEOUT, env=_env())


def _deny_listing(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if isinstance(path, (str, os.PathLike)) and Path(path) in folders:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def _folder_with_a_locked_sub_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "ledgers"
    _ledger(folder / "a.csv", "花椒")
    _ledger(folder / "locked" / "c.csv", "茶叶")
    _ledger(folder / "sub" / "b.csv", "柑橘")
    return folder, folder / "locked"


def test_a_sub_folder_that_cannot_be_listed_is_named_and_the_rest_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, locked = _folder_with_a_locked_sub_folder(tmp_path)
    _deny_listing(monkeypatch, locked)
    with pytest.raises(LedgerError) as e:
        check([folder], as_of=AS_OF)
    assert e.value.code == "unreadable-file" and e.value.source == str(locked)  # not `folder`
    assert e.value.msg.en == ("the folder cannot be opened: Permission denied; none of the files "
                              "in it were read. Give this user the right to open it, or copy its "
                              "files into a folder that can be read")
    assert "无法打开该文件夹" in e.value.msg.zh
    report = check([folder], as_of=AS_OF, keep_going=True)
    assert report.targets[0].achieved == 2  # a.csv and sub/b.csv, beside it
    assert [(f.source, f.readable, f.format) for f in report.files] == [
        (str(folder / "a.csv"), True, "csv"), (str(folder / "sub" / "b.csv"), True, "csv"),
        (str(locked), False, "folder")]
    [bad] = [f for f in report.findings if f.severity == "error"]
    assert (bad.source, bad.code) == (str(locked), "unreadable-file")
    assert bad.message.en == e.value.msg.en  # no "none of its rows" tail: it is no file
    assert report.summary.errors == 1 and report.summary.files_unreadable == 1
    # the folder given is itself the one that cannot be listed: named as given, others read
    report = check([locked, folder / "a.csv"], as_of=AS_OF, keep_going=True)
    assert report.targets[0].achieved == 1
    assert [f.source for f in report.findings if f.code == "unreadable-file"] == [str(locked)]
    from stdcheck.validation import validate

    checked = validate([folder], as_of=AS_OF)
    assert checked.fails
    assert [(f.source, f.code) for f in checked.findings if f.severity == "error"] == [
        (str(locked), "unreadable-file")]


def _folder_cases(run: Any, folder: Path, locked: Path) -> None:
    """The command line on a folder with a sub-folder ``run`` cannot list."""
    result = run("status", str(folder), "--lang", "en", "--as-of", "2025-06-01")
    refused(result, f"{locked}: the folder cannot be opened", "Permission denied",
            "--keep-going")
    assert f"{folder}: " not in result.stderr
    doc = _json(run("status", str(folder), "--keep-going", "--format", "json",
                    "--as-of", "2025-06-01"))
    assert doc["targets"][0]["achieved"] == 2
    assert [f["source"] for f in doc["files"] if f["readable"]] == [
        str(folder / "a.csv"), str(folder / "sub" / "b.csv")]
    assert [(f["source"], f["code"]) for f in doc["findings"] if f["severity"] == "error"] == [
        (str(locked), "unreadable-file")]
    # exit 0 as for any file --keep-going lists as unreadable; --fail-on errors makes it 1
    assert run("status", str(folder), "--keep-going", "--fail-on", "errors",
               "--as-of", "2025-06-01").returncode == 1
    result = run("report", str(folder), "--keep-going", "--format", "json",
                 "--as-of", "2025-06-01")
    assert result.returncode == 0 and _json(result)["targets"][0]["achieved"] == 2
    result = run("validate", str(folder), "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{locked}: error [unreadable-file] the folder cannot be opened" in result.stdout


def test_a_sub_folder_that_cannot_be_listed_through_the_command_line(tmp_path: Path) -> None:
    folder, locked = _folder_with_a_locked_sub_folder(tmp_path)
    _folder_cases(lambda *args: stdcheck_denied([locked], *args), folder, locked)


@pytest.mark.skipif(_AS_ROOT or not hasattr(os, "geteuid"),
                    reason="chmod denies nothing to root (the test above injects the denial)")
def test_a_sub_folder_without_permissions(tmp_path: Path) -> None:
    folder, locked = _folder_with_a_locked_sub_folder(tmp_path)
    locked.chmod(0)
    try:
        _folder_cases(stdcheck, folder, locked)
    finally:
        locked.chmod(0o755)


def _named_file_cases(run: Any, locked: Path, good: Path) -> None:
    """The command line given a file ``run`` cannot open, beside a readable one."""
    for command in (["status", "--format", "json"], ["report", "--format", "json"]):
        result = run(*command, str(locked), str(good), "--keep-going", "--lang", "en",
                     "--as-of", "2025-06-01")
        assert result.returncode == 0, result.stderr  # not 2: a usage error
        doc = _json(result)
        assert doc["targets"][0]["achieved"] == 1
        [bad] = [f for f in doc["findings"] if f["severity"] == "error"]
        assert (bad["source"], bad["code"]) == (str(locked), "unreadable-file")
        assert bad["message"]["en"].startswith("cannot be read: Permission denied")
        refused(run(*command, str(locked), str(good), "--lang", "en"),
                f"{locked}: cannot be read", "Permission denied")
    result = run("validate", str(locked), str(good), "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{locked}: error [unreadable-file] cannot be read: Permission denied" in result.stdout
    for result in (run("status", str(locked), "--keep-going"), run("validate", str(locked))):
        assert "Invalid value" not in result.stderr and "not readable" not in result.stderr


def test_a_named_file_that_cannot_be_read_is_a_finding_with_keep_going(tmp_path: Path) -> None:
    """README: with --keep-going a file that cannot be read is an unreadable-file finding; a
    file named on the command line is no exception (it was a usage error, before any reading)."""
    locked, good = _ledger(tmp_path / "b.csv", "柑橘"), _ledger(tmp_path / "a.csv", "花椒")
    _named_file_cases(lambda *args: stdcheck_denied([locked], *args), locked, good)


@pytest.mark.skipif(_AS_ROOT or not hasattr(os, "geteuid"),
                    reason="chmod denies nothing to root (the test above injects the denial)")
def test_a_named_file_without_permissions(tmp_path: Path) -> None:
    locked, good = _ledger(tmp_path / "b.csv", "柑橘"), _ledger(tmp_path / "a.csv", "花椒")
    locked.chmod(0)
    try:
        _named_file_cases(stdcheck, locked, good)
    finally:
        locked.chmod(0o644)


# --- text files: one giant field, a million columns ----------------------------------------------


def test_one_giant_field_stops_at_the_field_limit(tmp_path: Path) -> None:
    """A 30 MB cell (an unclosed quote swallowing the file, or a pasted blob) stops at the
    csv field limit (1 MiB, FIELD_LIMIT): the limit is per cell, so a 200 MB file with such a
    cell stops at the same place and says the same; the file limit (512 MiB) is not reached."""
    from stdcheck.ledger.text import FIELD_LIMIT

    for name, cell in (("quoted.csv", '"' + "x" * 30_000_000 + '"'),
                       ("bare.csv", "x" * 30_000_000)):
        path = tmp_path / name
        path.write_text(HEADER + f"1,国家标准,{cell},区科技局,2024-03-05\n", encoding="utf-8")
        with pytest.raises(LedgerError) as e:
            check([path], as_of=AS_OF)
        assert e.value.code == "bad-csv" and f"{FIELD_LIMIT:,} characters" in e.value.msg.en
        refused(stdcheck("status", str(path), "--lang", "en"),
                "line 2: a cell grows past 1,048,576 characters")
        path.unlink()


def test_a_million_columns_on_one_line_is_refused_quickly(tmp_path: Path) -> None:
    # below the header: too wide a row; as the header: too wide a header
    row = tmp_path / "row.csv"
    row.write_text(HEADER + "a," * 1_000_000 + "\n" + GOOD_ROW, encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        check([row], as_of=AS_OF)
    assert e.value.code == "too-large" and "1000001 cells" in e.value.msg.en
    refused(stdcheck("status", str(row), "--lang", "en"), "line 2: the row has 1000001 cells",
            "at most 200 columns")
    header = tmp_path / "header.csv"
    header.write_text(HEADER.rstrip("\n") + ",x" * 1_000_000 + "\n" + GOOD_ROW,
                      encoding="utf-8")
    refused(stdcheck("status", str(header), "--lang", "en"), "has 1000005 cells")


def test_many_wide_lines_without_a_header_are_refused_quickly(tmp_path: Path) -> None:
    """The header is looked for in the first 30 lines: 30 lines of a million empty cells each
    (60 MB) must not cost a header match of every cell (over a minute; now about ten seconds,
    reading the lines)."""
    path = tmp_path / "wide.csv"
    path.write_text(("a," * 1_000_000 + "\n") * 30, encoding="utf-8")
    refused(stdcheck("status", str(path), "--lang", "en", timeout=40),
            "no header row found in the first 30 rows")


# --- workbooks that claim or expand to gigabytes, a million shared strings -------------------------


def _xlsx_with_sheet(sheet_xml: bytes, shared: bytes | None = None,
                     claimed_size: int | None = None) -> bytes:
    """An openpyxl workbook whose first sheet's XML is replaced by ``sheet_xml`` (and its
    shared strings by ``shared``); ``claimed_size`` is written into the zip directory as the
    sheet's uncompressed size (zip64), whatever the real size."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes(LEDGER_ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            data = base.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            elif info.filename == "xl/_rels/workbook.xml.rels" and shared is not None:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSst" Type="'
                                    b"http://schemas.openxmlformats.org/officeDocument/2006/"
                                    b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            elif info.filename == "[Content_Types].xml" and shared is not None:
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument'
                                    b'.spreadsheetml.sharedStrings+xml"/></Types>')
            z.writestr(info.filename, data)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        if claimed_size is not None:
            z.getinfo("xl/worksheets/sheet1.xml").file_size = claimed_size
    return out.getvalue()


_SHEET = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
          b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s<sheetData>%s'
          b"</sheetData></worksheet>")


def _inline_row(r: int, values: list[str]) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values))
    return f'<row r="{r}">{cells}</row>'.encode()


def test_xlsx_claiming_gigabytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "claims.xlsx"
    sheet = _SHEET % (b"", _inline_row(1, ["类别", "名称", "责任单位"]))
    path.write_bytes(_xlsx_with_sheet(sheet, claimed_size=6 << 30))
    assert path.stat().st_size < 50_000
    with pytest.raises(LedgerError) as e:
        check([path], as_of=AS_OF)
    assert e.value.code == "too-large" and "unpacks to 6.0 GiB" in e.value.msg.en
    refused(stdcheck("status", str(path), "--lang", "en"), "unpacks to 6.0 GiB",
            "more than the 1 GiB")


def test_xlsx_with_a_huge_dimension_and_a_far_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    rows = _inline_row(1, ["类别", "名称", "责任单位"]) + _inline_row(1048576, ["x"])
    path.write_bytes(_xlsx_with_sheet(_SHEET % (b'<dimension ref="A1:GR1048576"/>', rows)))
    with pytest.raises(LedgerError) as e:
        check([path], as_of=AS_OF)
    assert e.value.code == "too-large" and "row 1,048,576" in e.value.msg.en
    refused(stdcheck("status", str(path), "--lang", "en"), "reaches row 1,048,576",
            "save the table as CSV")


def test_highly_compressible_xlsx_sheet_is_refused_before_reading(tmp_path: Path) -> None:
    """120 MB of sheet XML in a file of a few hundred KB (rows of padding, then a value at row
    eight million), packed over 100:1 as no spreadsheet program packs: refused from the zip's
    directory, before anything unpacks it."""
    padding = b"<row/>" * 20_000_000
    rows = (_inline_row(1, ["类别", "名称", "责任单位"]) + padding
            + _inline_row(8_000_000, ["x", "y", "z"]))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_xlsx_with_sheet(_SHEET % (b"", rows)))
    assert path.stat().st_size < 2_000_000
    refused(stdcheck("status", str(path), "--lang", "en"), "times as much", "zip bomb")


def test_xlsx_with_a_million_shared_strings_is_read(tmp_path: Path) -> None:
    """A million different shared strings (about 30 MB of XML) are within limits: the table
    itself is small, so it is read, not refused, and in bounded time (the subprocess
    timeout)."""
    strings = b"".join(b"<si><t>\xe8\xaf\xb4\xe6\x98\x8e%d</t></si>" % i
                       for i in range(1_000_000))
    head = ["类别", "名称", "责任单位", "完成日期"]
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
              b'.org/spreadsheetml/2006/main" count="1000004" uniqueCount="1000004">'
              + "".join(f"<si><t>{h}</t></si>" for h in head).encode() + strings + b"</sst>")
    cells = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(4))
    row2 = ('<c r="A2" t="inlineStr"><is><t>国家标准</t></is></c><c r="B2" t="s"><v>999999</v></c>'
            '<c r="C2" t="inlineStr"><is><t>区科技局</t></is></c>'
            '<c r="D2" t="inlineStr"><is><t>2024-03-05</t></is></c>')
    sheet = _SHEET % (b"", f'<row r="1">{cells}</row><row r="2">{row2}</row>'.encode())
    path = tmp_path / "strings.xlsx"
    path.write_bytes(_xlsx_with_sheet(sheet, shared=shared))
    assert path.stat().st_size < 8_000_000
    report = check([path], as_of=AS_OF)
    assert report.files[0].rows == 1 and report.targets[0].achieved == 1
    result = stdcheck("status", str(path), "--lang", "en", "--as-of", "2025-06-01",
                      "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


# --- a file that cannot be read, a FIFO in a folder ----------------------------------------------


def test_unreadable_file_in_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 where it takes effect; as root (which reads any file) the same refusal is
    made by the operating system's error, injected where the reader opens the file."""
    import errno
    import os

    from stdcheck.ledger import files as R

    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / "a.csv").write_text(HEADER + GOOD_ROW, encoding="utf-8")
    locked = folder / "b.csv"
    locked.write_text(HEADER + GOOD_ROW.replace("花椒", "柑橘"), encoding="utf-8")
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root:
        real_open = open

        def deny(file: object, *args: object, **kw: object) -> object:
            if Path(str(file)) == locked:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return real_open(file, *args, **kw)  # type: ignore[call-overload]

        monkeypatch.setattr(R, "open", deny, raising=False)
    else:
        locked.chmod(0)
    try:
        with pytest.raises(LedgerError) as e:
            check([folder], as_of=AS_OF)
        assert e.value.code == "unreadable-file" and "Permission denied" in e.value.msg.en
        report = check([folder], as_of=AS_OF, keep_going=True)
        assert report.targets[0].achieved == 1
        [bad] = [f for f in report.findings if f.code == "unreadable-file"]
        assert bad.source == str(locked) and "无法读取" in bad.message.zh
        if not as_root:
            refused(stdcheck("status", str(folder), "--lang", "en"), "b.csv: cannot be read",
                    "Permission denied")
    finally:
        locked.chmod(0o644)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="os.mkfifo is POSIX-only")
def test_fifo_found_in_a_folder_is_never_opened(tmp_path: Path) -> None:
    """test_odd_inputs names a FIFO directly; found by walking a folder it must not block
    either (opening a FIFO without a writer waits forever: the timeout would end it)."""
    import os

    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / "a.csv").write_text(HEADER + GOOD_ROW, encoding="utf-8")
    os.mkfifo(folder / "pipe.csv")
    refused(stdcheck("status", str(folder), "--lang", "en", timeout=30),
            "pipe.csv: is not a regular file but a named pipe")
    result = stdcheck("status", str(folder), "--keep-going", "--format", "json",
                      "--as-of", "2025-06-01", timeout=30)
    assert result.returncode == 0 and '"unreadable-file"' in result.stdout


# --- --output on a full disk ---------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_output_on_a_full_disk_leaves_the_old_report(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     failing: str) -> None:
    import errno
    import os

    from typer.testing import CliRunner

    import stdcheck.files
    from stdcheck.cli import app

    ledger = tmp_path / "a.csv"
    ledger.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    out = tmp_path / "reports" / "report.json"
    out.parent.mkdir()
    old = b'{"schema_version": 2, "old": true}\n'
    out.write_bytes(old)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "fsync":
        monkeypatch.setattr(stdcheck.files.os, "fsync", full)
    else:  # the file object writes through FileIO, not os.write: its write fails instead
        class Full(io.FileIO):
            def write(self, data: object) -> int:
                full()
                return 0

        monkeypatch.setattr(stdcheck.files.os, "fdopen", lambda fd, *a, **k: Full(fd, "wb"))
    result = CliRunner().invoke(app, ["status", str(ledger), "--as-of", "2025-06-01",
                                      "--format", "json", "--output", str(out), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.output and "No space left on device" in result.output
    assert "internal error" not in result.output
    assert out.read_bytes() == old
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.json"]  # no temp file left


def test_output_into_a_folder_with_a_symlink_loop(tmp_path: Path) -> None:
    # --output's check against the inputs resolves every path found: a loop is a file that
    # cannot be read, never an internal error
    folder = tmp_path / "台账"
    folder.mkdir()
    (folder / "a.csv").write_text("序号,类别,名称,责任单位,完成日期\n1,地方标准,甲,区科技局,2024-05-01\n",
                                  encoding="utf-8")
    os.symlink(folder / "loop.csv", folder / "loop.csv")
    done = subprocess.run([sys.executable, "-m", "stdcheck.cli", "status", str(folder),
                           "--keep-going", "--output", str(tmp_path / "out.txt")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr and (tmp_path / "out.txt").exists()


def test_a_report_is_readable_by_others_as_any_file_this_user_makes(tmp_path: Path) -> None:
    from stdcheck.files import atomic_write

    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "report.md", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "report.md").stat().st_mode & 0o777 == 0o644


# --- what we write cannot hurt -------------------------------------------------------------------

@pytest.mark.parametrize("command", [["status", "--as-of", "2026-11-28"], ["validate"]])
def test_text_written_to_a_csv_file_is_never_a_formula(tmp_path: Path,
                                                       command: list[str]) -> None:
    """--output x.csv: one text cell per line, the ledger's formula-like text escaped."""
    import csv as csv_module

    from stdcheck.render.csvtext import FORMULA_START

    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "序号,类别,名称,责任单位,完成日期,状态,完成时限\n"
        '1,国家标准,"=HYPERLINK(""//e.x"")",区科技局,2024-03-05,进行中,2025-01-31\n'
        '2,国家标准,"-1+2",区科技局,2026-13-01,,\n'
        '3,国家标准,"@SUM(A1)",区科枝局,2024-03-05,,\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    result = stdcheck(command[0], str(ledger), *command[1:], "--output", str(out))
    assert result.returncode in (0, 1), result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv_module.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and all(len(r) == 1 for r in rows)  # one column: no line split at its commas
    assert not [r[0] for r in rows if r[0].startswith(FORMULA_START)]
    text = "\n".join(r[0] for r in rows)
    if command[0] == "status":
        assert "HYPERLINK" in text  # the overdue item is there, as text
    assert "2026-13-01" in text or "…" in text  # the bad date's finding is there


def test_neutral_escapes_each_formula_start() -> None:
    from stdcheck.render.csvtext import as_csv, neutral

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutral(start + "1") == "'" + start + "1"
    assert neutral("区科技局 = 1") == "区科技局 = 1"
    assert as_csv("a,b\n=1\n") == '"a,b"\r\n"\'=1"\r\n'


@pytest.mark.parametrize("codec", ["base64", "hex", "rot13", "zlib", "bz2", "uu", "quopri",
                                   "punycode", "idna", "unicode_escape", "undefined"])
def test_only_a_text_encoding_is_accepted(tmp_path: Path, codec: str) -> None:
    ledger = tmp_path / "a.csv"
    ledger.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    for command in (["status"], ["validate"], ["report", "--format", "md"]):
        result = stdcheck(*command, str(ledger), "--encoding", codec)
        refused(result, "--encoding", "utf-8, gb18030")
    # the library says the same, located at the file, for a caller that skips the CLI
    with pytest.raises(LedgerError) as e:
        check([ledger], as_of=AS_OF, encoding=codec)
    assert e.value.code == "bad-encoding" and "not an encoding" in e.value.message.en


@pytest.mark.parametrize("codec", ["utf-8", "GBK", "gb18030", "utf_16", "latin-1", "cp936"])
def test_the_encodings_tables_are_saved_in_are_accepted(codec: str) -> None:
    from stdcheck.charsets import file_encoding

    assert file_encoding(codec) is not None


# --- hostile files under a 600 MB address space: each ends clearly, quickly ----------------------
# Each command runs in a subprocess whose address space is capped at 600 MB (a child it starts
# inherits the cap), with a 30-second timeout: a regression that asks for gigabytes or hangs
# fails the test instead of the machine.

CAP = 600 << 20
QUICK = 30  # seconds


def capped(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    return subprocess.run([sys.executable, "-m", "stdcheck.cli", *args], capture_output=True,
                          text=True, timeout=QUICK, env={**_env(), **(env or {})},
                          preexec_fn=limit)


def clear(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """Exit ``code``, the words in what it printed, nothing that looks like a bug."""
    out = result.stdout + result.stderr
    assert result.returncode == code, (result.returncode, out[-2000:])
    for bad in ("Traceback", "internal error", "panicked", "PanicException:"):
        assert bad not in result.stderr, out[-2000:]
    for w in words:
        assert w in out, (w, out[-2000:])


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")


def _deflated(data_size: int, fill: bytes = b" ") -> bytes:
    """``data_size`` bytes of ``fill``: a few hundred KB packed (a zip bomb's ratio)."""
    return fill * data_size


@posix_only
def test_a_sheet_of_spaces_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    sheet = _SHEET % (b"", _inline_row(1, ["类别", "名称", "责任单位"]) + b" " * (64 << 20))
    path = tmp_path / "spaces.xlsx"
    path.write_bytes(_xlsx_with_sheet(sheet))
    assert path.stat().st_size < 1_000_000
    clear(capped("status", str(path), "--lang", "en"), 2, "[too-large]", "times as much",
          "xl/worksheets/sheet1.xml")


@posix_only
def test_a_sheet_whose_directory_understates_its_size_is_damaged(tmp_path: Path) -> None:
    """The directory says 200 KB where the part unpacks to 64 MB: Python's zip reader stops at
    the stated size and its checksum fails; the file is named damaged, not read on."""
    sheet = _SHEET % (b"", _inline_row(1, ["类别", "名称", "责任单位"]) + b" " * (64 << 20))
    path = tmp_path / "understated.xlsx"
    path.write_bytes(_xlsx_with_sheet(sheet, claimed_size=200_000))
    clear(capped("status", str(path), "--lang", "en"), 2, "damaged")


@posix_only
def test_shared_strings_of_spaces_are_refused(tmp_path: Path) -> None:
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
              b'.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
              + b" " * (64 << 20) + b"</t></si></sst>")
    path = tmp_path / "strings.xlsx"
    path.write_bytes(_xlsx_with_sheet(_SHEET % (b"", _inline_row(1, ["类别", "名称", "责任单位"])),
                                      shared=shared))
    clear(capped("status", str(path), "--lang", "en"), 2, "[too-large]", "sharedStrings.xml")


@posix_only
def test_shared_strings_that_claim_billions_are_refused(tmp_path: Path) -> None:
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
              b'.org/spreadsheetml/2006/main" count="300000000" uniqueCount="300000000">'
              b"<si><t>x</t></si></sst>")
    path = tmp_path / "claims.xlsx"
    path.write_bytes(_xlsx_with_sheet(_SHEET % (b"", _inline_row(1, ["类别", "名称", "责任单位"])),
                                      shared=shared))
    clear(capped("status", str(path), "--lang", "en"), 2, "[too-large]", "300,000,000")


@posix_only
def test_a_dimension_far_beyond_the_cells_is_read_as_its_cells(tmp_path: Path) -> None:
    """A <dimension> of 1,048,576 rows × 199 columns over a table of two rows (9 KB): calamine
    would hold the claimed rectangle (6 GB); the sheet is read from a copy that claims its
    cells, within the cap, and its row counts."""
    rows = (_inline_row(1, ["类别", "名称", "责任单位", "完成日期"])
            + _inline_row(2, ["国家标准", "花椒", "区科技局", "2024-03-05"]))
    path = tmp_path / "dimension.xlsx"
    path.write_bytes(_xlsx_with_sheet(_SHEET % (b'<dimension ref="A1:GQ1048576"/>', rows)))
    assert path.stat().st_size < 20_000
    result = capped("status", str(path), "--lang", "en", "--as-of", "2025-06-01", "--format",
                    "json")
    clear(result, 0)
    import json

    report = json.loads(result.stdout)
    assert report["files"][0]["rows"] == 1 and report["targets"][0]["achieved"] == 1


def _xls() -> bytes:
    return (Path(__file__).parent / "fixtures" / "ledger.xls").read_bytes()


@posix_only
def test_the_xls_fixture_is_read() -> None:
    result = capped("status", str(Path(__file__).parent / "fixtures" / "ledger.xls"),
                    "--as-of", "2025-06-01", "--format", "json")
    clear(result, 0)
    assert '"rows": 3' in result.stdout


@posix_only
@pytest.mark.parametrize("cut", [600, 4096, 5000])
def test_a_cut_xls_is_unreadable_with_its_name(tmp_path: Path, cut: int) -> None:
    """Cut at 4096 bytes calamine panics (a Rust panic, not an exception): the child's end is
    a finding for that file; with --keep-going the ledger beside it still counts."""
    path = tmp_path / "cut.xls"
    path.write_bytes(_xls()[:cut])
    clear(capped("status", str(path), "--lang", "en"), 2, "[unreadable-file]", str(path),
          "damaged")
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    result = capped("status", str(path), str(good), "--keep-going", "--lang", "en",
                    "--as-of", "2025-06-01", "--format", "json")
    clear(result, 0, "unreadable-file")
    assert '"achieved": 1' in result.stdout


@posix_only
def test_an_xls_whose_directory_chain_loops_ends_at_the_memory_limit(tmp_path: Path) -> None:
    """The directory's sector chain points at itself: calamine follows it until its memory is
    gone (19 GB without a limit). In the bounded child that is a too-large finding, in about a
    second."""
    data = bytearray(_xls())
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    directory = struct.unpack_from("<I", data, 0x30)[0]
    fat = (struct.unpack_from("<I", data, 0x4C)[0] + 1) * size
    struct.pack_into("<I", data, fat + 4 * directory, directory)
    path = tmp_path / "loop.xls"
    path.write_bytes(bytes(data))
    clear(capped("status", str(path), "--lang", "en"), 2, "[too-large]", "MiB of memory")


@posix_only
def test_a_workbook_child_past_its_memory_is_a_finding(tmp_path: Path) -> None:
    """STDCHECK_CHILD_MEMORY sets the child's limit: a child that cannot even start its parser
    within it is a too-large finding naming the limit, never a crash of the run."""
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(LEDGER_ROWS))
    clear(capped("status", str(good), "--lang", "en", env={"STDCHECK_CHILD_MEMORY": "8"}), 2,
          "[too-large]", "8 MiB")


@posix_only
def test_a_workbook_child_that_goes_silent_is_stopped(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(LEDGER_ROWS))
    clear(capped("status", str(good), "--lang", "en", env={"STDCHECK_CHILD_IDLE": "0.001"}), 2,
          "[too-large]", "no progress")


def _docx_with_body(tmp_path: Path, body: bytes) -> Path:
    docx = pytest.importorskip("docx")
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    path = tmp_path / "hostile.docx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                start = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:start] + body + data[start:]
            zout.writestr(info.filename, data)
    return path


@posix_only
def test_a_docx_of_millions_of_empty_paragraphs_is_refused(tmp_path: Path) -> None:
    """5 million empty paragraphs in half a megabyte: python-docx would build every one
    (2.7 GB, minutes); packed as no word processor packs, refused from the zip directory."""
    path = _docx_with_body(tmp_path, b"<w:p/>" * 5_000_000)
    assert path.stat().st_size < 1_000_000
    clear(capped("draft", str(path), "--out", str(tmp_path / "out")), 2, "zip bomb")


@posix_only
def test_a_docx_of_too_many_paragraphs_is_counted_and_refused(tmp_path: Path) -> None:
    """300,000 paragraphs that pack as real ones do: counted in the stream, refused before
    python-docx builds them."""
    import random

    rng = random.Random(1)
    body = b"".join(b'<w:p w:rsidR="%08X"/>' % rng.getrandbits(32) for _ in range(300_000))
    path = _docx_with_body(tmp_path, body)
    clear(capped("draft", str(path), "--out", str(tmp_path / "out")), 2, "200,000 paragraphs")


@posix_only
def test_a_docx_of_spaces_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = _docx_with_body(tmp_path, b" " * (64 << 20))
    clear(capped("draft", str(path), "--out", str(tmp_path / "out")), 2, "zip bomb")


@posix_only
def test_an_ordinary_docx_is_read_in_its_child(tmp_path: Path) -> None:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in (
        "重庆市江津区某某实施方案", "一、工作目标", "到2025年，新增地方标准2项以上。",
        "二、主要任务", "1.推进标准化试点。（责任单位：区科技局）")).encode()
    path = _docx_with_body(tmp_path, body)
    result = capped("draft", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "targets.yaml").exists()
