"""Writing outputs safely: a report is either written whole or not at all, and never over a
file the command reads."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Optional


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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        # mkstemp makes the file private (0600); a report is for others to read, as any file
        # this user creates: the mode an ordinary open() would give (0666 less the umask)
        umask = os.umask(0)
        os.umask(umask)
        with contextlib.suppress(OSError):  # a file system without modes (FAT, a share)
            os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
