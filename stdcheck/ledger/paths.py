"""Which paths are ledgers: files named, folders walked, what a folder holds that is not read.

:func:`expand` turns the paths a command is given into the ledger files to read and the files
passed over (each with its reason); :func:`resolve` is how two paths are compared; :func:`is_ledger`
says whether a file holds a ledger (an earlier report may be overwritten, a ledger never).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from ..errors import LedgerError
from ..vocabulary import Text, msg

if TYPE_CHECKING:
    from ..names import DepartmentIndex

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES


#: Files a folder of ledgers holds that are not ledgers and never were: lock and temporary
#: files of Excel (~$…), LibreOffice (.~lock.…#) and WPS (.~…, ~…tmp), and Windows' own.
_NOT_LEDGERS = ("thumbs.db", "desktop.ini", ".ds_store")


def _temporary(name: str) -> bool:
    lower = name.lower()
    return (lower in _NOT_LEDGERS or name.startswith(("~$", ".~")) or
            (name.startswith("~") and lower.endswith(".tmp")))


class Expanded:
    """What the paths given hold: ``files`` to read in order; ``skipped`` files found in
    folders that are not ledgers, with the reason; ``in_folders`` the files found by walking
    a folder (rather than named), where a stray .txt without a ledger header is skipped;
    ``missing`` the paths that are not there (or folders without ledgers), when they were
    let pass (``--keep-going``)."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.skipped: list[tuple[Path, Text]] = []
        self.in_folders: set[Path] = set()
        self.missing: list[LedgerError] = []


def expand(paths: Iterable[Union[str, os.PathLike[str]]],
           errors: Optional[list[LedgerError]] = None,
           exclude: Iterable[Union[str, os.PathLike[str]]] = (),
           empty_ok: bool = False) -> Expanded:
    """Files and folders -> the ledger files to read, in the order given; a folder is walked
    recursively (departments keep ``2025/区科技局/…``) and its files taken in path order.

    In a folder, a file of a suffix ledgers do not have (a .docx of instructions), a lock or
    temporary file, and a path in ``exclude`` (the report being written) go to ``skipped`` with
    the reason (a file named directly is not excluded: the caller refuses to overwrite it); hidden files and folders (``.git``) are passed over. A WPS ``.et`` is kept: it
    is a ledger that cannot be read, and ``open_ledgers`` says how to save it. A file named
    directly is kept whatever its suffix. A file given twice is read once. A path that does not
    exist, or a folder without ledgers (unless ``empty_ok``: a policy folder need hold none),
    raises LedgerError, or, when an ``errors`` list is given, is added to it and passed over
    (``--keep-going``)."""
    out = Expanded()
    if errors is not None:
        out.missing = errors
    seen: set[Path] = set()
    excluded = {resolve(Path(p)) for p in exclude}
    for raw in paths:
        try:
            found = _ledgers_at(Path(raw), str(raw), out, excluded, empty_ok)
        except LedgerError as e:
            if errors is None:
                raise
            errors.append(e)
            continue
        for p in found:
            resolved = resolve(p)
            if resolved not in seen:
                seen.add(resolved)
                out.files.append(p)
    read = {resolve(p) for p in out.files}  # a file named as well as walked past is read
    out.skipped = [(p, why) for p, why in out.skipped if resolve(p) not in read]
    return out


def _ledgers_at(path: Path, source: str, out: Expanded, exclude: set[Path],
                empty_ok: bool = False) -> list[Path]:
    if path.is_dir():
        found: list[Path] = []
        try:
            for folder, dirs, files in os.walk(path, onerror=_raise):
                for d in sorted(d for d in dirs if d.startswith(".")):
                    out.skipped.append((Path(folder) / d, msg("a hidden folder", "隐藏文件夹")))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    p = Path(folder) / name
                    if _temporary(name):
                        out.skipped.append((p, msg("a lock or temporary file",
                                                   "锁定文件或临时文件")))
                    elif name.startswith("."):
                        out.skipped.append((p, msg("a hidden file", "隐藏文件")))
                    elif resolve(p) in exclude:
                        out.skipped.append((p, msg("the report being written",
                                                   "正在写出的报告")))
                    elif p.suffix.lower() in SUFFIXES or p.suffix.lower() == ".et":
                        found.append(p)
                        out.in_folders.add(p)
                    else:
                        out.skipped.append((p, msg(f"not a ledger ({p.suffix or 'no suffix'})",
                                                   f"不是台账（{p.suffix or '无扩展名'}）")))
        except OSError as e:
            raise unreadable(source, e) from None
        found.sort(key=lambda p: p.parts)
        if not found and not empty_ok:
            raise LedgerError(source, msg(
                f"is a folder without ledger files ({', '.join(SUFFIXES)}); name the "
                "files, or the folder that holds them",
                f"文件夹中没有台账文件（{'、'.join(SUFFIXES)}）；请指定文件，或存放台账的"
                "文件夹"), code="no-such-file")
        return found
    if path.exists() or path.is_symlink():  # a symlink loop: open_ledgers says so
        return [path]
    raise LedgerError(source, msg("no such file or folder; check the path",
                                  "文件或文件夹不存在；请检查路径"), code="no-such-file")


def _raise(error: OSError) -> None:
    raise error


def resolve(path: Path) -> Path:
    """``path`` resolved, or made absolute when it is a symlink loop (``Path.resolve``
    raises RuntimeError for one before Python 3.13): the loop is reported when the file is
    opened, as a file that cannot be read."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def is_ledger(path: Path, names: DepartmentIndex) -> bool:
    """Whether ``path`` holds a ledger (a header is found in it): a file that does must never be
    overwritten by a report; one that does not (an earlier report) may be."""
    from .files import open_ledgers

    try:
        ledger = open_ledgers(path, names=names)
    except (LedgerError, OSError):
        return False
    try:
        for _ in ledger:
            return True
    except (LedgerError, OSError):
        return False
    finally:
        ledger.close()
    return False


def unreadable(source: str, e: OSError) -> LedgerError:
    return LedgerError(source, msg(f"cannot be read: {e.strerror or e}",
                                   f"无法读取：{e.strerror or e}"))
