"""The inbox as a real server (`stdcheck serve` in a subprocess, on uvicorn): it stops reading an
over-limit body as it streams in, and a `kill -9` in the middle of an upload leaves a store that
is consistent — the upload there whole or not at all — and a server that starts again on it."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import http.client
import io
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from conftest import InboxServer as Server

from stdcheck.inbox.store import Store

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["序号", "完成日期", "类别", "名称", "标准编号", "责任单位", "对应任务", "状态"]
SCIENCE = "区科技局"


@pytest.fixture
def made(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    store, issued = Store.create(tmp_path / "store", None, "http://127.0.0.1")
    store.open_round("2025年第三季度联席会议", dt.date(2099, 12, 31))
    store.close()
    yield store.root, dict(issued.departments)[SCIENCE]


def form(name: str = "台账.csv") -> tuple[bytes, bytes, str]:
    """The head and tail of a multipart form with one file, and its Content-Type."""
    head = (f'--XB\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    return head, b"\r\n--XB--\r\n", "multipart/form-data; boundary=XB"


def big_ledger(rows: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    for i in range(rows):
        w.writerow([i + 1, "2024-03-05", "企业标准", f"企业标准{i}", f"Q/JJ {i:05d}-2024", SCIENCE,
                    "3", "已公开"])
    return buf.getvalue().encode("utf-8")


def state(root: Path) -> tuple[list[tuple[int, str, int]], list[Path], list[Path]]:
    """The rows of uploads, the files kept, the files in tmp/."""
    db = sqlite3.connect(root / "inbox.sqlite3")
    try:
        rows = db.execute("SELECT id, sha256, size FROM uploads").fetchall()
    finally:
        db.close()
    return rows, sorted((root / "files").glob("*/*")), sorted((root / "tmp").iterdir())


def assert_consistent(root: Path) -> None:
    """Every row's file is there with its hash; no file without a row; nothing half received."""
    rows, files, tmp = state(root)
    assert tmp == []
    assert sorted(p.name for p in files) == sorted({sha for _, sha, _ in rows})
    for _, sha, size in rows:
        data = (root / "files" / sha[:2] / sha).read_bytes()
        assert len(data) == size and hashlib.sha256(data).hexdigest() == sha


def test_the_server_stops_reading_an_over_limit_body_as_it_streams(made):
    root, token = made
    server = Server(root, "--max-upload", "0.1").start()  # 100 KB
    try:
        head, _, kind = form()
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        sock.sendall((f"POST /api/ledgers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}"
                      f"\r\nContent-Type: {kind}\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
        answer = bytearray()

        def read() -> None:  # the answer's head is enough: the server may keep the socket
            try:
                while b"\r\n\r\n" not in answer and (chunk := sock.recv(65536)):
                    answer.extend(chunk)
            except OSError:
                pass

        reader = threading.Thread(target=read)
        reader.start()
        sent, total, piece = 0, 256 * 2**20, b"x" * 65536
        try:
            sock.sendall(b"%x\r\n%s\r\n" % (len(head), head))
            while sent < total and not answer:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
        except OSError:
            pass  # the server closed the connection: it took no more
        reader.join(30)
        sock.close()
        assert answer.startswith(b"HTTP/1.1 413"), bytes(answer[:200])
        assert sent < total / 4  # it answered long before the body ended
        rows, files, tmp = state(root)
        assert rows == [] and files == [] and tmp == []
        assert server.request("GET", "/healthz")[0] == 200
    finally:
        server.stop()


def test_kill_9_while_a_file_streams_in_then_restart(made):
    root, token = made
    server = Server(root).start()
    data = b"x" * (4 * 2**20)
    head, tail, kind = form()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sock.sendall((f"POST /api/ledgers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                  f"Content-Type: {kind}\r\nContent-Length: {len(head) + len(data) + len(tail)}"
                  "\r\n\r\n").encode() + head + data[: 2**20])
    deadline = time.monotonic() + 30
    while not any(p.stat().st_size > 0 for p in (root / "tmp").iterdir()):
        assert time.monotonic() < deadline, "the upload never reached tmp/"
        time.sleep(0.01)
    server.kill()  # half the file received
    sock.close()
    assert state(root)[2] != []  # a part file is left behind by the crash
    again = Server(root).start()
    try:
        out_ok = again.request("GET", "/healthz")[0]
        assert out_ok == 200
        rows, files, tmp = state(root)
        assert rows == [] and files == [] and tmp == []  # not at all
    finally:
        log = again.stop()
    assert "removed tmp/" in log or "已清除 tmp/" in log


def test_kill_9_between_keeping_a_file_and_its_row_then_restart_and_upload_again(made):
    root, token = made
    server = Server(root).start()
    data = big_ledger(40_000)
    head, tail, kind = form()
    body = head + data + tail
    headers = {"Authorization": f"Bearer {token}", "Content-Type": kind}
    done: list[object] = []
    sender = threading.Thread(target=lambda: done.append(_try(server, body, headers)))
    sender.start()
    deadline = time.monotonic() + 60
    while not list((root / "files").glob("*/*")):  # kept, and now being checked
        assert time.monotonic() < deadline and not done, "the file was never kept"
        time.sleep(0.005)
    rows_before_kill = state(root)[0]
    server.kill()
    sender.join(30)
    assert rows_before_kill == []  # killed before its row was committed
    again = Server(root).start()
    try:
        assert_consistent(root)
        assert state(root)[0] == []  # the upload is not there at all
        status, answer = again.request("POST", "/api/ledgers", body=body, headers=headers)
        assert status == 201, answer[:300]
        assert_consistent(root)
        rows = state(root)[0]
        assert len(rows) == 1 and rows[0][1] == hashlib.sha256(data).hexdigest()  # whole
    finally:
        again.stop()


def _try(server: Server, body: bytes, headers: dict[str, str]) -> object:
    try:
        return server.request("POST", "/api/ledgers", body=body, headers=headers)
    except (OSError, http.client.HTTPException) as e:
        return e


def test_one_server_per_store(made):
    root, _ = made
    first = Server(root).start()
    try:
        second = subprocess.run([sys.executable, "-m", "stdcheck.cli", "serve", str(root),
                                 "--port", "1", "--lang", "en"], capture_output=True, text=True,
                                timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert second.returncode == 2 and "another `stdcheck serve` is running" in second.stderr
        assert first.request("GET", "/healthz")[0] == 200  # the first one untouched
    finally:
        first.stop()
