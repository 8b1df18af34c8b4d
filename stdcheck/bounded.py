"""Untrusted binary files (workbooks; Word and PDF documents for ``draft``) parsed in a child
process with a memory and a time limit.

A workbook is parsed by python-calamine (Rust) and a document by python-docx or pypdf. A file
built to hurt can make them ask for gigabytes, loop on a damaged structure, or abort the
process outright (a Rust panic or a failed allocation is not a Python exception). Run in a
child, each of these ends the child only: the parent turns it into a located finding for that
file (``too-large`` for the limits, ``unreadable-file`` for a crash) and the run goes on.

The child limits its own address space (``RLIMIT_AS``, :data:`MEMORY` bytes) before it
imports a parser, and the parent stops it when it sends nothing for :data:`IDLE` seconds. On
Windows, which has no ``RLIMIT_AS``, the time limit holds and a crash is still only the
child's; memory is bounded by the checks made before parsing (workbook.py).

Messages are ``marshal`` frames (a length, then the data) of plain values: lists of text,
numbers, tuples. A workbook's child serves one file: it loads a sheet when asked and sends its
rows as text, a batch per request, so the parent reads at its own pace and can stop at the
header. The child's program is :mod:`stdcheck.child`: it imports nothing of stdcheck but the
package's face, so a child starts in a few tens of milliseconds.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from .child import HEAD, read_frame

#: Address space a child may use, in bytes: a sheet of the largest size a ledger may have
#: (MAX_CELLS in workbook.py) fits well within it. ``STDCHECK_CHILD_MEMORY`` (MiB) overrides.
MEMORY = 2048 << 20
#: Seconds a child may go without sending anything (loading a sheet is the longest step).
#: ``STDCHECK_CHILD_IDLE`` overrides.
IDLE = 120.0


_ROOT = str(Path(__file__).resolve().parent.parent)


class ChildError(Exception):
    """The child could not do what it was asked. ``kind``: ``memory`` (it reached its memory
    limit), ``time`` (it went silent for too long), ``crash`` (it ended without saying why:
    a panic, an abort) or ``error`` (the parser raised; ``detail`` is its message)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


def memory_limit() -> int:
    """The child's address space: MEMORY, or what STDCHECK_CHILD_MEMORY says, and never more
    than this process may have itself (a child inherits that limit)."""
    raw = os.environ.get("STDCHECK_CHILD_MEMORY")
    limit = int(raw) << 20 if raw and raw.isdigit() else MEMORY
    try:
        import resource
    except ImportError:  # Windows: see the module's docstring
        return limit
    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return limit if soft == resource.RLIM_INFINITY else min(limit, soft)


def idle_limit() -> float:
    raw = os.environ.get("STDCHECK_CHILD_IDLE")
    try:
        return float(raw) if raw else IDLE
    except ValueError:
        return IDLE


# --- the parent's side -------------------------------------------------------------------------


class Child:
    """A child process serving one task (``workbook``, ``docx``, ``pdf``) on one file."""

    def __init__(self, task: str, path: Path) -> None:
        self._memory, self._idle = memory_limit(), idle_limit()
        # isolated (-I): neither the working folder, PYTHONPATH nor the user's site is on its
        # path; this stdcheck's folder comes after the environment's packages (where an
        # installed stdcheck is this one), for a checkout run without installing
        start = (f"import sys; sys.path.append({_ROOT!r}); import stdcheck.child as c; "
                 "sys.exit(c.main(sys.argv[1:]))")
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-c", start, task, str(path), str(self._memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._frames: queue.Queue[Any] = queue.Queue()
        self._stderr: list[bytes] = []
        assert self._proc.stdout is not None and self._proc.stderr is not None
        threading.Thread(target=_read_frames, args=(self._proc.stdout, self._frames),
                         daemon=True).start()
        threading.Thread(target=_read_tail, args=(self._proc.stderr, self._stderr),
                         daemon=True).start()

    def ask(self, *request: Any) -> Any:
        """Send a request and return the child's answer; ``ChildError`` if it has none."""
        try:
            assert self._proc.stdin is not None
            data = marshal.dumps(request)
            self._proc.stdin.write(HEAD.pack(len(data)) + data)
            self._proc.stdin.flush()
        except (OSError, ValueError):
            pass  # the child is gone (its pipe broken or closed): receive() says why
        return self.receive()

    def receive(self) -> Any:
        try:
            frame = self._frames.get(timeout=self._idle)
        except queue.Empty:
            self.close()
            raise ChildError("time", f"no answer in {self._idle:g} s") from None
        if frame is None:  # the child ended
            raise self._ended()
        if frame[0] == "error":
            raise ChildError("error", frame[1])
        return frame[1]

    def _ended(self) -> ChildError:
        try:
            code = self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.close()
            code = None
        tail = b"".join(self._stderr).decode("utf-8", "replace")
        if any(sign in tail for sign in _OUT_OF_MEMORY):
            return ChildError("memory", f"more than {self._memory >> 20} MiB")
        last = next((line.strip() for line in reversed(tail.splitlines()) if line.strip()),
                    f"exit code {code}")
        return ChildError("crash", last[:300])

    def close(self) -> None:
        proc = self._proc
        if proc.poll() is None:
            try:
                assert proc.stdin is not None
                proc.stdin.close()
                proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def __del__(self) -> None:  # a reader dropped unread: its child ends with it
        proc = getattr(self, "_proc", None)
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# What a child out of address space says as it dies: Rust's allocator, Python's, the loader
_OUT_OF_MEMORY = ("memory allocation", "MemoryError", "Cannot allocate memory",
                  "failed to map segment")


def _read_frames(stream: IO[bytes], frames: queue.Queue[Any]) -> None:
    try:
        while True:
            frame = read_frame(stream)
            if frame is None:
                break
            frames.put(frame)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    frames.put(None)


def _read_tail(stream: IO[bytes], tail: list[bytes]) -> None:
    """Keep the last few kilobytes the child wrote to stderr (a panic's message)."""
    try:
        for chunk in iter(lambda: stream.read(4096), b""):
            tail.append(chunk)
            while sum(map(len, tail)) > 16384 and len(tail) > 1:
                tail.pop(0)
    except (OSError, ValueError):
        pass
