"""Writing outputs safely: a report is either written whole or not at all, and never over a
file the command reads.

A run killed while writing leaves its temporary, ``.NAME.XXXXXXXX.tmp``; the next write of the
same file removes those not written to for :data:`STALE_AFTER` (see
:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Optional

#: A temporary of ours not written to for this long (seconds) has no live writer: a run writes
#: its temporary from start to end without pausing (a report is rendered before its file is
#: made, or streamed into it), so an hour of silence is a run that was killed.
STALE_AFTER = 60 * 60

# mkstemp's names: prefix, 8 characters of this alphabet, suffix
_TEMP_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_TEMP_SUFFIX = ".tmp"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place, so a crash
    or a full disk never leaves a half-written report where the old one was."""
    with atomic_file(path) as f:
        f.write(data)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write a report into piece by piece; renamed into place as ``path``
    when the block ends, removed when it raises (as :func:`atomic_write`)."""
    path = Path(path)
    remove_stale_temporaries(path)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, named as :func:`remove_stale_temporaries` finds it,
    with the mode a file this user creates has."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX,
                               dir=path.parent or ".")
    # mkstemp makes the file private (0600); a report is for others to read, as any file this
    # user creates: the mode an ordinary open() would give (0666 less the umask)
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):  # a file system without modes (FAT, a share)
        os.chmod(tmp, 0o666 & ~umask)
    return fd, tmp


def _is_temporary_of(name: str, target: str) -> bool:
    """Whether the file called ``name`` is a temporary :func:`atomic_file` made to write a file
    called ``target`` (``.report.docx.k3v9_x2q.tmp`` for ``report.docx``)."""
    prefix = f".{target}."
    if not (name.startswith(prefix) and name.endswith(_TEMP_SUFFIX)):
        return False
    middle = name[len(prefix):-len(_TEMP_SUFFIX)]
    return len(middle) == 8 and set(middle) <= _TEMP_LETTERS


def remove_stale_temporaries(path: Path, now: Optional[float] = None) -> list[Path]:
    """Remove the temporaries earlier runs left beside ``path`` while writing it (killed, or
    the machine lost power): files named as :func:`atomic_file` names its temporaries for this
    very name, and last modified :data:`STALE_AFTER` or more ago. A younger one may belong to
    a run writing now, and is kept; a symlink or folder of that name is never ours, and is
    kept. Returns what was removed; a file that cannot be removed is left, silently (the write
    itself does not depend on it)."""
    path = Path(path)
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        with os.scandir(path.parent or ".") as entries:
            found = [e for e in entries if _is_temporary_of(e.name, path.name)]
    except OSError:
        return removed  # the folder cannot be listed: the write will say what is wrong
    for entry in found:
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_AFTER:
                continue
            os.unlink(entry.path)
        except OSError:  # removed by another run first, or not ours to remove
            continue
        removed.append(Path(entry.path))
    return removed


def refuse_to_overwrite_an_input(paths: list[Path], output: Path, *,
                                  policy: Optional[Path] = None, option: str = "--output") -> None:
    """Input files are never modified: writing onto a file named on the command line (a ledger,
    a policy YAML, a baseline), a ledger found in a folder read, or a policy file of a folder
    read (``--data``, a policy folder given to ``validate``) is refused. An earlier report in a
    ledger folder (not a ledger) may be replaced; it is never read as one."""
    from .errors import UsageError
    from .ledger import expand, is_ledger, resolve
    from .names import DepartmentIndex
    from .policy import FILES
    from .vocabulary import msg

    target = resolve(output)
    folders = {resolve(p) for p in [*paths, *([policy] if policy else [])] if p.is_dir()}
    named = {resolve(p) for p in paths if not p.is_dir()}
    named |= {resolve(p) for p in expand(paths, errors=[], exclude=[output]).files}
    walked = {resolve(p) for p in expand(paths, errors=[]).files}
    if (target in named
            or (target.name in FILES and target.parent in folders)
            or (target in walked and output.exists()
                and is_ledger(output, DepartmentIndex([], [])))):
        raise UsageError(msg(
            f"{option}: `{output}` is one of the files being read; input files are never "
            "overwritten: write the output elsewhere",
            f"{option}：`{output}` 是正在读取的文件之一；输入文件从不被覆盖：请把输出写到别处"))
