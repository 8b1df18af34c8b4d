"""Writing outputs safely: a report is either written whole or not at all, and never over a
file the command reads.

Where an output goes is decided by what is at its path (:func:`output_file`):

- nothing, or a regular file: written to a temporary file beside it and renamed into place;
- a symlink: followed, and the file it points at replaced the same way (the link stays);
- this process's own standard output or error (``/dev/stdout``, ``/dev/stderr``, or the file
  the shell redirected them to): written to that stream, where the shell put it (appending
  after ``>>``, into the pipe after ``|``);
- a FIFO (named pipe) or a character device (``/dev/null``, a terminal): opened and written
  through, never replaced by a regular file;
- a folder, a block device (a disk) or a socket: refused by name.

A run killed while writing leaves its temporary, ``.NAME.XXXXXXXX.tmp``; the next write of the
same file removes those not written to for :data:`STALE_AFTER` (see
:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Optional

from .errors import OutputError  # cheap: no pydantic

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
    return remove_stale_beside(path.parent, lambda name: _is_temporary_of(name, path.name),
                               stat.S_ISREG, os.unlink, now)


def remove_stale_beside(folder: Path, ours: Callable[[str], bool],
                        kind: Callable[[int], bool], remove: Callable[[str], None],
                        now: Optional[float] = None) -> list[Path]:
    """Remove what an earlier run left half-written in ``folder``: each entry whose name is
    ``ours`` and whose mode is of the ``kind`` it left (never a symlink), last modified
    :data:`STALE_AFTER` or more ago (a younger one may be a run at work now). Returns what was
    removed; what cannot be removed is left, silently (the run does not depend on it)."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        with os.scandir(folder or ".") as entries:
            found = [e for e in entries if ours(e.name)]
    except OSError:
        return removed  # the folder cannot be listed: the write will say what is wrong
    for entry in found:
        try:
            st = entry.stat(follow_symlinks=False)
            if not kind(st.st_mode) or now - st.st_mtime < STALE_AFTER:
                continue
            remove(entry.path)
        except OSError:  # removed by another run first, or not ours to remove
            continue
        removed.append(Path(entry.path))
    return removed


# --- where an output goes ------------------------------------------------------------------------

_O_FLAGS = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def _followed(path: Path) -> Path:
    """The file a symlink points at (through a chain of them), to be replaced instead of the
    link; any other path as it is."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _standard_stream(st: os.stat_result) -> Optional[int]:
    """The descriptor of this process's standard output or error, if ``st`` is the file it is
    (``/dev/stdout``, or the file the shell redirected it to)."""
    if not st.st_ino:  # Windows gives some devices and pipes no number: never a match
        return None
    for fd in (1, 2):
        with contextlib.suppress(OSError, ValueError):
            if os.path.samestat(st, os.fstat(fd)):
                return fd
    return None


def _what(mode: int) -> tuple[str, str]:
    """What a file of this mode is, in words (en, zh)."""
    if stat.S_ISDIR(mode):
        return "a folder", "文件夹"
    if stat.S_ISBLK(mode):
        return "a block device (a disk)", "块设备（磁盘）"
    if stat.S_ISSOCK(mode):
        return "a socket", "套接字"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)", "命名管道（FIFO）"
    if stat.S_ISCHR(mode):
        return "a character device", "字符设备"
    return "not a regular file", "不是普通文件"


def folder_refused(path: Path) -> OutputError:
    """The refusal of an output that names a folder, said before anything is read."""
    return _refused(path, stat.S_IFDIR)


def _refused(path: Path, mode: int, together: bool = False) -> OutputError:
    """The refusal of an output that is no file to write: what it is, and what to do."""
    from .vocabulary import msg

    en, zh = _what(mode)
    real = os.path.realpath(path)
    link = msg(f" (a symlink to `{real}`)", f"（指向 `{real}` 的符号链接）") if os.path.islink(path) \
        else msg("", "")
    head = msg(f"cannot write `{path}`", f"无法写入 `{path}`") + link
    if together:
        return OutputError(head + msg(
            f": it is {en}, and files written together can only replace files: remove it, or "
            "choose another folder",
            f"：它是{zh}，一同写出的几个文件只能替换普通文件：请删除它，或换一个文件夹"))
    if stat.S_ISDIR(mode):
        example = Path(path) / "report.md"
        return OutputError(head + msg(f": it is a folder; name a file in it, e.g. {example}",
                                      f"：这是文件夹；请给出其中的文件名，例如 {example}"))
    return OutputError(head + msg(f": it is {en}, which an output is never written onto; "
                                  "name a file",
                                  f"：它是{zh}，输出不会写入其中；请给出文件名"))


def _where(path: Path, streams: bool = True) -> tuple[str, Path, int]:
    """How to write ``path``: ``("replace", file, -1)`` (a file, or a symlink's file),
    ``("stream", path, fd)`` (standard output or error) or
    ``("through", path, -1)`` (a FIFO, a character device); raises :class:`OutputError` for
    what is never written to (and, without ``streams``, for anything but a file),
    ``OSError`` when the path cannot even be looked at. ``-`` is standard output, as for most
    tools."""
    if streams and str(path) == "-":
        return "stream", path, 1
    try:
        st = os.stat(path)
    except FileNotFoundError:  # nothing there yet, or a symlink to a file still to be made
        return "replace", _followed(path), -1
    except OSError as e:
        if e.errno == errno.ELOOP:
            from .vocabulary import msg

            raise OutputError(msg(
                f"cannot write `{path}`: it is a symlink that leads back to itself; remove it "
                "or name another file",
                f"无法写入 `{path}`：这是循环的符号链接；请删除它或换一个文件名")) from e
        raise  # a parent that is a file, a folder that cannot be searched: said by the caller
    fd = _standard_stream(st) if streams else None
    if fd is not None:
        return "stream", path, fd
    if stat.S_ISREG(st.st_mode):
        return "replace", _followed(path), -1
    if streams and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        return "through", path, -1
    raise _refused(path, st.st_mode, together=not streams)


def beside(path: Path, name: str) -> Optional[Path]:
    """Where a file called ``name`` that goes with the output ``path`` (the Word paper's annex)
    is written: in the folder of the file ``path`` is written to (a symlink's target's folder);
    None when ``path`` is written as a stream (standard output, a pipe, a device), which has
    no folder beside it. Raises :class:`OutputError` when ``path`` is refused (a folder, a
    looping link): before the file beside it is written, or any work is done."""
    try:
        how, target, _fd = _where(Path(path))
    except OSError:  # writing ``path`` itself will say what is wrong
        return Path(path).with_name(name)
    return target.with_name(name) if how == "replace" else None


def remove_stale(output: Path, names: Iterable[str]) -> list[Path]:
    """Remove the workbooks called ``names`` beside ``output`` that stdcheck wrote with an
    earlier run's ``output`` (the annex of a paper now written without one, or in the other
    language): left there, they would contradict the paper they no longer belong to. A file
    stdcheck did not write is left alone. Returns what was removed."""
    from .ledger.workbook import written_by_stdcheck

    removed = []
    for name in names:
        path = beside(output, name)
        if path is not None and path.is_file() and not path.is_symlink() \
                and written_by_stdcheck(path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


@contextlib.contextmanager
def output_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write the output ``path`` into, as the module's docstring says: a file
    (or a symlink's file) atomically, standard output or error as that stream, a FIFO or a
    character device written through. Raises :class:`OutputError` for a folder, a block device
    or a socket, and ``OSError`` when writing fails (:func:`cannot_write` words it)."""
    how, target, fd = _where(Path(path))
    if how == "replace":
        with atomic_file(target) as f:
            yield f
        return
    if how == "stream":
        for stream in (sys.stdout, sys.stderr):  # what was printed before comes first
            with contextlib.suppress(Exception):
                stream.flush()
        fd = os.dup(fd)  # closed when done; the stream itself stays open
    else:
        # no O_CREAT, no O_TRUNC: a pipe or device is written to, never made or emptied; a pipe
        # waits here for its reader, as the shell's `> pipe` does
        fd = os.open(target, _O_FLAGS)
        if stat.S_ISREG(os.fstat(fd).st_mode):  # made a file since it was looked at
            os.close(fd)
            with atomic_file(_followed(target)) as f:
                yield f
            return
    with os.fdopen(fd, "wb") as f:
        yield f


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to the output ``path`` (:func:`output_file`)."""
    with output_file(path) as f:
        f.write(data)


def write_together(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write files that only make sense together (a draft's three YAML files and its review)
    all or none: each is written to a temporary beside its target first, and only when every
    one is whole on disk are they renamed into place. On any failure the temporaries are
    removed and the old files are left as they were (:class:`OutputError`, naming the file that
    failed). Each target must be a file, a symlink to one, or nothing: a pipe or device among
    them is refused before anything is written."""
    paths = [Path(p) for p, _ in files]
    targets = []
    for path in paths:
        try:
            targets.append(_where(path, streams=False)[1])
        except OSError as e:  # a parent that is a file, a folder that cannot be searched
            raise cannot_write(path, e, together=True) from e
    old = [p for p, t in zip(paths, targets, strict=True) if t.is_file()]
    staged: list[tuple[str, Path]] = []
    try:
        for path, target, (_, data) in zip(paths, targets, files, strict=True):
            remove_stale_temporaries(target)
            try:
                fd, tmp = _temporary(target)
                staged.append((tmp, target))
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except OSError as e:
                raise cannot_write(path, e, kept=old, together=True) from e
        # every file is whole on disk: only the renames are left, which need no space
        for i, (tmp, target) in enumerate(staged):
            try:
                os.replace(tmp, target)
            except OSError as e:
                raise cannot_write(paths[i], e, kept=paths[i:], replaced=paths[:i],
                                   together=True) from e
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def cannot_write(path: Path, error: OSError, kept: Sequence[Path] = (),
                 replaced: Sequence[Path] = (), together: bool = False) -> OutputError:
    """The message for an output that could not be written: the file, what the system said,
    and what to do. For files written ``together``: that nothing was written and the old files
    ``kept`` are as they were, or, when a rename failed part-way, which were ``replaced`` and
    which not."""
    from .vocabulary import msg

    code = error.errno
    reason = error.strerror or str(error)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        todo = msg("free some space on that disk, or write elsewhere",
                   "请在该磁盘上腾出空间，或写到别处")
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        todo = msg("you may not write there: choose a folder you can write to",
                   "没有写入权限：请选择可以写入的文件夹")
    elif code == errno.EPIPE:
        todo = msg("the program reading it stopped before the end",
                   "读取它的程序在写完之前就结束了")
    elif code in (errno.ENOENT, errno.ENOTDIR):
        todo = msg("check the folder exists", "请检查文件夹是否存在")
    else:
        todo = msg("check the folder exists and is writable", "请检查文件夹是否存在、是否可写")
    text = msg(f"cannot write {path}: {reason}; ", f"无法写入 {path}：{reason}；") + todo
    if replaced:
        text += msg(f"; {_names(replaced)} replaced, {_names(kept)} not: run it again",
                    f"；{_names(replaced, '、')} 已替换，{_names(kept, '、')} 未替换：请重新运行")
    elif kept:
        text += msg(f"; nothing was written, the old {_names(kept)} are as they were",
                    f"；未写入任何文件，原有的 {_names(kept, '、')} 保持原样")
    elif together:
        text += msg("; nothing was written", "；未写入任何文件")
    return OutputError(text)


def _names(paths: Sequence[Path], sep: str = ", ") -> str:
    return sep.join(Path(p).name for p in paths)


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
