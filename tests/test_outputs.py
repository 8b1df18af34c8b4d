"""Where outputs go, and what a failed or killed run leaves behind (issue 20, the writing side).

Every command that writes a file (status -o, validate -o, report --out, template, schema -o,
inbox export) writes through a FIFO or a character device instead of replacing it, writes to
its own standard output when named /dev/stdout, follows a symlink to the file it points at,
and refuses a folder, a block device, a socket or a symlink loop by name. A temporary a killed
run left is removed by the next write of the same file once it is stale, never while another
run may be writing it.

Every test that names a real device node runs with ``_devices_intact``: were a regression to
replace /dev/null or /dev/stdout with a regular file again (as root, it can), the node is put
back and the test fails, so the machine is not left broken.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stdcheck.cli import app
from stdcheck.files import STALE_AFTER, atomic_write, remove_stale_temporaries

HEADER = "序号,类别,名称,责任单位,完成日期\n"
GOOD_ROW = "1,国家标准,花椒,区科技局,2024-03-05\n"
AS_OF = "2025-06-01"
TIMEOUT = 60  # seconds for one command in a subprocess; each takes a few at most
runner = CliRunner()
posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/null").exists(),
                           reason="FIFOs and /dev are POSIX")


def _ledger(folder: Path) -> Path:
    path = folder / "a.csv"
    path.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    return path


def _aged(path: Path, seconds: float, data: bytes = b"half a report") -> Path:
    path.write_bytes(data)
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


# --- temporaries a killed run left ---------------------------------------------------------------


def test_a_stale_temporary_of_the_same_file_is_removed_and_a_fresh_one_kept(
        tmp_path: Path) -> None:
    stale = _aged(tmp_path / ".report.docx.k3v9_x2q.tmp", STALE_AFTER + 60)
    fresh = _aged(tmp_path / ".report.docx.a1b2c3d4.tmp", 5)  # a run writing it now
    atomic_write(tmp_path / "report.docx", b"the report")
    assert not stale.exists()
    assert fresh.exists()
    assert (tmp_path / "report.docx").read_bytes() == b"the report"


def test_only_temporaries_of_that_very_file_are_touched(tmp_path: Path) -> None:
    old = STALE_AFTER * 24
    kept = [
        _aged(tmp_path / ".other.docx.k3v9_x2q.tmp", old),  # another file's
        _aged(tmp_path / ".report.docx.bak.k3v9_x2q.tmp", old),  # report.docx.bak's
        _aged(tmp_path / ".report.docx.notours.tmp", old),  # not a name mkstemp makes
        _aged(tmp_path / ".report.docx.K3V9_X2Q.tmp", old),  # nor is this
        _aged(tmp_path / "report.docx.k3v9_x2q.tmp", old),  # not hidden: someone's file
    ]
    folder = tmp_path / ".report.docx.dddddddd.tmp"
    folder.mkdir()
    os.utime(folder, (time.time() - old, time.time() - old))
    link = tmp_path / ".report.docx.llllllll.tmp"
    link.symlink_to(kept[0])
    os.utime(link, (time.time() - old, time.time() - old), follow_symlinks=False)
    assert remove_stale_temporaries(tmp_path / "report.docx") == []
    assert all(p.exists() for p in kept) and folder.is_dir() and link.is_symlink()


def test_the_age_rule_is_stale_after(tmp_path: Path) -> None:
    path = _aged(tmp_path / ".r.md.abcdefgh.tmp", 0)
    now = os.stat(path).st_mtime
    assert remove_stale_temporaries(tmp_path / "r.md", now=now + STALE_AFTER - 1) == []
    assert remove_stale_temporaries(tmp_path / "r.md", now=now + STALE_AFTER) == [path]
    assert not path.exists()


def test_status_output_cleans_what_a_killed_run_left(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    out = tmp_path / "reports" / "status.txt"
    out.parent.mkdir()
    stale = _aged(out.parent / ".status.txt.zz9_0a1b.tmp", STALE_AFTER + 1, b"x" * 100_000)
    fresh = _aged(out.parent / ".status.txt.q1w2e3r4.tmp", 1)
    result = runner.invoke(app, ["status", str(ledger), "--as-of", "2025-06-01",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == [fresh.name, "status.txt"]
    assert not stale.exists()


# --- FIFOs, devices, standard output, symlinks ----------------------------------------------------


@pytest.fixture
def _devices_intact() -> Iterator[None]:
    """/dev/null a character device and /dev/stdout a symlink, after the test as before it;
    put back (and the test failed) if the test's command replaced either."""
    yield
    broken = []
    null = os.lstat("/dev/null")
    if not stat.S_ISCHR(null.st_mode):
        broken.append("/dev/null")
        os.unlink("/dev/null")
        os.mknod("/dev/null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.chmod("/dev/null", 0o666)
    if not os.path.islink("/dev/stdout"):
        broken.append("/dev/stdout")
        os.unlink("/dev/stdout")
        os.symlink("/proc/self/fd/1", "/dev/stdout")
    assert not broken, f"the command replaced {broken} with a regular file (put back)"


def _commands(tmp_path: Path, out: Path) -> dict[str, list[str]]:
    """Every command that writes a file, writing ``out`` (named so that each takes it)."""
    ledger = _ledger(tmp_path)
    return {
        "status": ["status", str(ledger), "--as-of", AS_OF, "--format", "json", "-o", str(out)],
        "status-table": ["status", str(ledger), "--as-of", AS_OF, "--output", str(out)],
        "validate": ["validate", str(ledger), "--as-of", AS_OF, "--format", "json", "-o",
                     str(out)],
        "report": ["report", str(ledger), "--as-of", AS_OF, "--format", "md", "--out", str(out)],
        "report-xlsx": ["report", str(ledger), "--as-of", AS_OF, "--format", "xlsx", "--out",
                        str(out)],
        "template": ["template", str(out)],
        "schema": ["schema", "-o", str(out)],
    }


COMMANDS = ["status", "status-table", "validate", "report", "report-xlsx", "template", "schema"]
# what each writes starts with (xlsx is a zip; the CSV template has a BOM)
STARTS = {"status": b"{", "status-table": b"\xef\xbb\xbf", "validate": b"{", "report": b"#",
          "report-xlsx": b"PK", "template": b"\xef\xbb\xbf", "schema": b"{"}


class _Reader:
    """The other end of a FIFO: a thread that opens it and reads until the writer closes."""

    def __init__(self, fifo: Path) -> None:
        self.fifo, self.data = fifo, b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with open(self.fifo, "rb") as f:
            self.data = f.read()

    def result(self) -> bytes:
        self.thread.join(TIMEOUT)
        if self.thread.is_alive() and stat.S_ISFIFO(os.lstat(self.fifo).st_mode):
            # nobody wrote to the pipe: open it so that the thread ends
            os.close(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK))
            self.thread.join(5)
        assert not self.thread.is_alive(), "nothing was written to the FIFO"
        return self.data


@posix
@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path: Path, command: str) -> None:
    name = {"template": "t.csv", "status-table": "s.csv", "report-xlsx": "r.xlsx"}.get(
        command, "out.md")
    fifo = tmp_path / "pipe" / name
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    reader = _Reader(fifo)
    result = runner.invoke(app, _commands(tmp_path, fifo)[command])
    data = reader.result()
    assert result.exit_code in (0, 1), result.output  # validate: 1 for its findings
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert data.startswith(STARTS[command]) and len(data) > 100, data[:200]
    assert os.listdir(fifo.parent) == [name]  # no temporary beside it


@posix
@pytest.mark.usefixtures("_devices_intact")
@pytest.mark.parametrize("command", COMMANDS)
def test_dev_null_is_written_through_and_stays_a_device(tmp_path: Path, command: str) -> None:
    if command == "template":  # a template is named .csv or .xlsx: a symlink to /dev/null is
        link = tmp_path / "t.csv"  # how one writes it there
        link.symlink_to("/dev/null")
        args = _commands(tmp_path, link)[command]
    else:
        args = _commands(tmp_path, Path("/dev/null"))[command]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@posix
@pytest.mark.usefixtures("_devices_intact")
def test_a_symlink_to_a_device_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    link = tmp_path / "report.md"
    link.symlink_to("/dev/null")
    result = runner.invoke(app, _commands(tmp_path, link)["report"])
    assert result.exit_code == 0, result.output
    assert os.readlink(link) == "/dev/null" and stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def stdcheck(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """The command line in a subprocess (its own standard output), with a timeout."""
    env = dict(os.environ)
    env.pop("STDCHECK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "stdcheck.cli", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=TIMEOUT, env=env)


@posix
@pytest.mark.usefixtures("_devices_intact")
@pytest.mark.parametrize("command", ["status", "validate", "report", "schema"])
def test_dev_stdout_is_the_commands_own_standard_output(tmp_path: Path, command: str) -> None:
    done = stdcheck(*_commands(tmp_path, Path("/dev/stdout"))[command])
    assert done.returncode in (0, 1), done.stderr
    assert "cannot write" not in done.stderr and "internal error" not in done.stderr
    assert done.stdout.encode("utf-8").startswith(STARTS[command]), done.stdout[:200]
    if command != "report":
        json.loads(done.stdout)  # whole, and nothing else in it


@pytest.mark.parametrize("command", ["status", "validate", "report", "schema"])
def test_a_dash_is_standard_output_not_a_file_called_dash(tmp_path: Path, command: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = stdcheck(*_commands(tmp_path, Path("-"))[command])
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.encode("utf-8").startswith(STARTS[command]), done.stdout[:200]
    assert not (tmp_path / "-").exists()


@posix
@pytest.mark.usefixtures("_devices_intact")
def test_dev_stdout_appends_where_the_shell_appends(tmp_path: Path) -> None:
    """`stdcheck … -o /dev/stdout >> log`: after what the log held, never over it."""
    log = tmp_path / "log.txt"
    log.write_text("earlier runs\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as f:
        done = stdcheck(*_commands(tmp_path, Path("/dev/stdout"))["status"], stdout=f)
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier runs\n{") and json.loads(text.split("\n", 1)[1])


@posix
@pytest.mark.usefixtures("_devices_intact")
def test_dev_stderr_is_the_commands_own_standard_error(tmp_path: Path) -> None:
    done = stdcheck(*_commands(tmp_path, Path("/dev/stderr"))["status"])
    assert done.returncode == 0 and json.loads(done.stderr) and done.stdout == ""


@posix
@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_to_a_file_replaces_the_file_and_keeps_the_link(tmp_path: Path,
                                                                   command: str) -> None:
    name = {"template": "t.csv", "status-table": "s.csv", "report-xlsx": "r.xlsx"}.get(
        command, "out.md")
    real = tmp_path / "shared" / name
    real.parent.mkdir()
    real.write_bytes(b"last week's")
    before = os.stat(real).st_ino
    stale = _aged(real.parent / f".{name}.abcdefgh.tmp", STALE_AFTER + 1)
    link = tmp_path / "mine" / name
    link.parent.mkdir()
    link.symlink_to(Path("..") / "shared" / name)
    force = ["--force"] if command == "template" else []  # a file is there: maybe a ledger
    result = runner.invoke(app, [*_commands(tmp_path, link)[command], *force])
    assert result.exit_code in (0, 1), result.output
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "shared" / name)
    assert real.read_bytes().startswith(STARTS[command])
    assert os.stat(real).st_ino != before  # replaced whole, by a rename beside it
    assert not stale.exists()  # the target's folder is where its temporaries are
    assert os.listdir(real.parent) == [name] and os.listdir(link.parent) == [name]


@posix
def test_a_symlink_to_a_file_not_there_yet_makes_it(tmp_path: Path) -> None:
    link = tmp_path / "report.md"
    link.symlink_to(tmp_path / "shared" / "report.md")
    (tmp_path / "shared").mkdir()
    result = runner.invoke(app, _commands(tmp_path, link)["report"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (tmp_path / "shared" / "report.md").read_text(
        encoding="utf-8").startswith("#")


@posix
def test_schema_out_dir_follows_a_symlinked_file_and_writes_through_a_fifo(
        tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    out.mkdir()
    shared = tmp_path / "shared" / "targets.schema.json"
    shared.parent.mkdir()
    shared.write_text("{}", encoding="utf-8")
    (out / "targets.schema.json").symlink_to(shared)
    os.mkfifo(out / "tasks.schema.json")
    reader = _Reader(out / "tasks.schema.json")
    result = runner.invoke(app, ["schema", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(reader.result())["title"]
    assert (out / "targets.schema.json").is_symlink() and json.loads(shared.read_bytes())["title"]
    assert stat.S_ISFIFO(os.lstat(out / "tasks.schema.json").st_mode)
    assert json.loads((out / "departments.schema.json").read_bytes())["title"]


def _big_ledger(path: Path, rows: int) -> Path:
    """A ledger whose Word paper has an annex (more than 300 evidence rows)."""
    lines = [f"{i},企业标准,企业标准{i},Q/JJ {1000 + i}-2024,区经济信息委,2024-05-01"
             for i in range(1, rows + 1)]
    path.write_text("序号,类别,名称,标准编号,责任单位,完成日期\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    return path


@posix
def test_the_papers_annex_goes_beside_the_file_a_symlink_points_at(tmp_path: Path) -> None:
    ledger = _big_ledger(tmp_path / "台账.csv", 320)
    (tmp_path / "shared").mkdir()
    (tmp_path / "mine").mkdir()
    link = tmp_path / "mine" / "paper.docx"
    link.symlink_to(tmp_path / "shared" / "paper.docx")
    result = runner.invoke(app, ["report", str(ledger), "--as-of", AS_OF, "--out", str(link),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path / "shared")) == ["paper-annex.xlsx", "paper.docx"]
    assert os.listdir(tmp_path / "mine") == ["paper.docx"] and link.is_symlink()


@posix
def test_a_paper_with_an_annex_is_not_written_to_a_pipe(tmp_path: Path) -> None:
    ledger = _big_ledger(tmp_path / "台账.csv", 320)
    fifo = tmp_path / "paper.docx"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["report", str(ledger), "--as-of", AS_OF, "--out", str(fifo),
                                 "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "is not a file" in result.output and "paper-annex.xlsx" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["paper.docx", "台账.csv"]


def _block_device() -> Path | None:
    for name in sorted(os.listdir("/dev")):
        with contextlib.suppress(OSError):
            if stat.S_ISBLK(os.stat(f"/dev/{name}").st_mode):
                return Path("/dev") / name
    return None


@posix
@pytest.mark.parametrize("kind", ["folder", "socket", "loop", "block device"])
def test_what_is_never_written_to_is_refused_by_name(tmp_path: Path, kind: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    if kind == "folder":
        target.mkdir()
        words = ["is a folder", "name a file in it"]
    elif kind == "socket":
        target = tmp_path / "s.md"  # a socket's path is short (108 bytes)
        monkeypatch.chdir(tmp_path)
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind("s.md")
        except OSError as e:
            pytest.skip(f"no Unix socket here: {e}")
        sock.close()
        words = ["it is a socket", "name a file"]
    elif kind == "loop":
        target.symlink_to(target.name)
        words = ["symlink that leads back to itself"]
    else:
        found = _block_device()
        if found is None:
            pytest.skip("no block device to name")
        target = tmp_path / "disk.md"
        target.symlink_to(found)  # named through a link: the disk itself is never at risk
        words = ["block device", "name a file"]
    before = os.lstat(target)
    for command in ("status", "report", "schema"):
        result = runner.invoke(app, [*_commands(tmp_path, target)[command], "--lang", "en"]
                               if command != "schema" else ["schema", "-o", str(target)])
        assert result.exit_code == 2, (command, result.output)
        assert all(w in result.output for w in words), (command, result.output)
        assert str(target) in result.output or target.name in result.output
        after = os.lstat(target)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    zh = runner.invoke(app, ["--lang", "zh", *_commands(tmp_path, target)["status"]])
    assert zh.exit_code == 2 and "无法写入" in zh.output


def test_a_pipe_that_became_a_file_is_replaced_not_written_into(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """Looked at as a pipe, opened as a file (replaced in between): the file is replaced
    whole, as any file, never written over from its start."""
    import stdcheck.files

    out = tmp_path / "out.md"
    out.write_bytes(b"x" * 100_000)
    before = os.stat(out).st_ino
    monkeypatch.setattr(stdcheck.files, "_where", lambda path: ("through", Path(path), -1))
    stdcheck.files.write_output(out, b"short")
    assert out.read_bytes() == b"short" and os.stat(out).st_ino != before


def test_a_template_over_a_file_still_needs_force(tmp_path: Path) -> None:
    real = tmp_path / "ledger.csv"
    real.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real.name)
    for path in (real, link):
        result = runner.invoke(app, ["template", str(path), "--lang", "en"])
        assert result.exit_code == 2 and "--force" in result.output
    assert real.read_text(encoding="utf-8") == HEADER + GOOD_ROW


# --- inbox export: a folder -----------------------------------------------------------------------


def _store_with_a_ledger(tmp_path: Path) -> Path:
    """An inbox store with a round open and one department's ledger in it."""
    import datetime as dt

    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from stdcheck.inbox.app import create_app
    from stdcheck.inbox.store import Store

    store, issued = Store.create(tmp_path / "store", None, "http://testserver")
    store.open_round("2025年第三季度联席会议", dt.date(2099, 12, 31))
    token = issued.departments[0][1]  # 区科技局, whose ledger it is
    r = TestClient(create_app(store)).post(
        "/api/ledgers", headers={"Authorization": f"Bearer {token}"},
        files={"file": ("台账.csv", (HEADER + GOOD_ROW).encode("utf-8"), "text/csv")})
    assert r.status_code == 201, r.text
    store.close()
    return tmp_path / "store"


@posix
def test_inbox_export_follows_a_symlink_to_an_empty_folder(tmp_path: Path) -> None:
    store = _store_with_a_ledger(tmp_path)
    (tmp_path / "shared" / "round3").mkdir(parents=True)
    link = tmp_path / "round3"
    link.symlink_to(tmp_path / "shared" / "round3")
    result = runner.invoke(app, ["inbox", "export", str(store), "--out", str(link),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and len(list((tmp_path / "shared" / "round3").glob("*/*.csv"))) == 1
    assert os.listdir(tmp_path / "shared") == ["round3"]  # nothing half-made left beside it


@posix
def test_inbox_export_onto_a_fifo_is_refused_by_name(tmp_path: Path) -> None:
    store = _store_with_a_ledger(tmp_path)
    fifo = tmp_path / "round3"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["inbox", "export", str(store), "--out", str(fifo),
                                 "--lang", "en"])
    assert result.exit_code == 2 and "not an empty folder" in result.output
    assert str(fifo) in result.output and stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- draft: four files, all or none ---------------------------------------------------------------

OPINION = Path(__file__).parent / "data" / "opinion.zh.txt"
DRAFT_FILES = ["REVIEW.md", "departments.yaml", "targets.yaml", "tasks.yaml"]


def _old_draft(folder: Path) -> dict[str, bytes]:
    """A folder holding an earlier draft (each file's bytes its own, to tell them apart)."""
    folder.mkdir()
    old = {name: f"# the earlier {name}\n".encode() for name in DRAFT_FILES}
    for name, data in old.items():
        (folder / name).write_bytes(data)
    return old


def _fail_on(monkeypatch: pytest.MonkeyPatch, call: str, nth: int, code: int) -> None:
    """Make the ``nth`` call of ``os.<call>`` in stdcheck.files fail with ``code`` (a full
    disk on the write or fsync of a file, a refused rename)."""
    import errno

    import stdcheck.files

    real = getattr(os, call)
    calls = [0]

    def failing(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == nth:
            raise OSError(code, os.strerror(code), str(args[0]) if call == "replace" else None)
        return real(*args, **kwargs)

    if call == "write":  # a file object writes through FileIO, not os.write
        import io

        class Full(io.FileIO):
            def write(self, data: object) -> int:
                calls[0] += 1
                if calls[0] == nth:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return super().write(data)  # type: ignore[arg-type]

        monkeypatch.setattr(stdcheck.files.os, "fdopen", lambda fd, *a, **k: Full(fd, "wb"))
    else:
        monkeypatch.setattr(stdcheck.files.os, call, failing)


@pytest.mark.parametrize(("call", "nth", "failed"), [
    ("write", 2, "tasks.yaml"),  # the disk fills on the second file
    ("fsync", 3, "departments.yaml"),  # or when the third is flushed to it
    ("write", 4, "REVIEW.md"),  # or on the last
])
def test_draft_on_a_full_disk_leaves_the_old_draft_whole(tmp_path: Path, call: str, nth: int,
                                                         failed: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    out = tmp_path / "draft"
    old = _old_draft(out)
    _fail_on(monkeypatch, call, nth, errno.ENOSPC)
    result = runner.invoke(app, ["--lang", "en", "draft", str(OPINION), "--out", str(out),
                                 "--force"])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert f"cannot write {out / failed}: No space left on device" in result.output
    assert "free some space" in result.output and "nothing was written" in result.output
    assert {name: (out / name).read_bytes() for name in DRAFT_FILES} == old  # byte for byte
    assert sorted(os.listdir(out)) == DRAFT_FILES  # no temporary left


def test_draft_into_a_new_folder_on_a_full_disk_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    out = tmp_path / "draft"
    _fail_on(monkeypatch, "write", 3, errno.ENOSPC)
    result = runner.invoke(app, ["--lang", "zh", "draft", str(OPINION), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "无法写入" in result.output and "未写入任何文件" in result.output
    assert os.listdir(out) == []


def test_draft_whose_rename_fails_part_way_says_which_files_are_new(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renames need no space, but a folder can still refuse one: the message says which files
    are new and which old, so the folder is not taken for a whole draft."""
    import errno

    out = tmp_path / "draft"
    old = _old_draft(out)
    _fail_on(monkeypatch, "replace", 2, errno.EACCES)
    result = runner.invoke(app, ["--lang", "en", "draft", str(OPINION), "--out", str(out),
                                 "--force"])
    assert result.exit_code == 2, result.output
    assert (f"cannot write {out / 'tasks.yaml'}: Permission denied" in result.output
            and "targets.yaml replaced, tasks.yaml, departments.yaml, REVIEW.md not: run it "
                "again" in result.output), result.output
    assert (out / "tasks.yaml").read_bytes() == old["tasks.yaml"]
    assert sorted(os.listdir(out)) == DRAFT_FILES


def test_draft_then_again_with_force_replaces_all_four(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    old = _old_draft(out)
    result = runner.invoke(app, ["draft", str(OPINION), "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert all((out / name).read_bytes() != old[name] for name in DRAFT_FILES)
    assert sorted(os.listdir(out)) == DRAFT_FILES


@posix
def test_draft_over_a_fifo_in_its_folder_is_refused_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    old = _old_draft(out)
    (out / "tasks.yaml").unlink()
    os.mkfifo(out / "tasks.yaml")
    result = runner.invoke(app, ["--lang", "en", "draft", str(OPINION), "--out", str(out),
                                 "--force"])
    assert result.exit_code == 2, result.output
    assert f"cannot write `{out / 'tasks.yaml'}`: it is a named pipe (FIFO)" in result.output
    assert "remove it, or choose another folder" in result.output
    assert (out / "targets.yaml").read_bytes() == old["targets.yaml"]
    assert stat.S_ISFIFO(os.lstat(out / "tasks.yaml").st_mode)


@posix
@pytest.mark.usefixtures("_devices_intact")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_draft_out_onto_a_fifo_or_device_is_refused_by_name(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "draft"
    if kind == "fifo":
        os.mkfifo(out)
    else:
        out.symlink_to("/dev/null")
    result = runner.invoke(app, ["--lang", "en", "draft", str(OPINION), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"--out: `{out}` is not a folder" in result.output
    assert not stat.S_ISREG(os.stat(out).st_mode)


@posix
def test_draft_follows_a_symlinked_file_in_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    _old_draft(out)
    kept = tmp_path / "kept" / "targets.yaml"
    kept.parent.mkdir()
    (out / "targets.yaml").replace(kept)
    (out / "targets.yaml").symlink_to(kept)
    result = runner.invoke(app, ["draft", str(OPINION), "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert (out / "targets.yaml").is_symlink()
    assert "opinion.zh.txt" in kept.read_text(encoding="utf-8")
    assert os.listdir(kept.parent) == ["targets.yaml"]


# --- what a failed write says to do ------------------------------------------------------------


@pytest.mark.parametrize(("code", "en", "zh"), [
    ("ENOSPC", "free some space on that disk, or write elsewhere", "腾出空间"),
    ("EACCES", "you may not write there: choose a folder you can write to", "没有写入权限"),
    ("EROFS", "you may not write there: choose a folder you can write to", "没有写入权限"),
    ("EPIPE", "the program reading it stopped before the end", "读取它的程序"),
    ("ENOENT", "check the folder exists", "请检查文件夹是否存在"),
    ("EIO", "check the folder exists and is writable", "是否可写"),
])
def test_a_failed_write_says_what_to_do_by_its_cause(code: str, en: str, zh: str) -> None:
    import errno

    from stdcheck.files import cannot_write

    number = getattr(errno, code)
    path = Path("out") / "r.md"
    e = cannot_write(path, OSError(number, os.strerror(number)))
    assert e.message.en == f"cannot write {path}: {os.strerror(number)}; {en}"
    assert e.message.zh.startswith(f"无法写入 {path}：") and zh in e.message.zh


def test_a_paper_onto_a_looping_link_is_refused_before_its_annex_is_written(
        tmp_path: Path) -> None:
    ledger = _big_ledger(tmp_path / "台账.csv", 320)
    loop = tmp_path / "paper.docx"
    loop.symlink_to(loop.name)
    result = runner.invoke(app, ["report", str(ledger), "--as-of", AS_OF, "--out", str(loop),
                                 "--lang", "en"])
    assert result.exit_code == 2 and "leads back to itself" in result.output, result.output
    assert sorted(os.listdir(tmp_path)) == ["paper.docx", "台账.csv"]  # no annex alone
