"""Which paths are ledgers: files named, folders walked, what a folder holds that is not read.

:func:`expand` turns the paths a command is given into the ledger files to read and the files
passed over (each with its reason); :func:`resolve` is how two paths are compared; :func:`is_ledger`
says whether a file holds a ledger (an earlier report may be overwritten, a ledger never).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
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
    """What the paths given hold: ``files`` to read in order; ``skipped`` what was found and
    is not read, with the reason (files in folders that are not ledgers, links to what is read
    under another path, links that would loop); ``in_folders`` the files found by walking
    a folder (rather than named), where a stray .txt without a ledger header is skipped;
    ``missing`` the paths that are not there (or folders without ledgers, sub-folders that
    cannot be listed, links that lead nowhere), when they were let pass (``--keep-going``)."""

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
    directly is kept whatever its suffix. Linked sub-folders are walked (see :func:`walk`). A
    file given twice, or reached by two paths, is read once (another path to it goes to
    ``skipped``, saying where it was read). A path that does not exist, a folder without ledgers
    (unless ``empty_ok``: a policy folder need hold none), a sub-folder that cannot be listed
    and a link that leads nowhere raise LedgerError, or, when an ``errors`` list is given, are
    added to it and passed over (``--keep-going``): the files beside them are still found."""
    out = Expanded()
    if errors is not None:
        out.missing = errors
    seen: dict[Path, Path] = {}  # real path -> the path it is read as
    twice: list[tuple[Path, Text]] = []
    excluded = {resolve(Path(p)) for p in exclude}
    for raw in paths:
        try:
            found = _ledgers_at(Path(raw), str(raw), out, excluded, empty_ok, errors)
        except LedgerError as e:
            if errors is None:
                raise
            errors.append(e)
            continue
        for p in found:
            resolved = resolve(p)
            if resolved not in seen:
                seen[resolved] = p
                out.files.append(p)
            elif p != seen[resolved]:  # another name for a file read: say where it was read
                twice.append((p, _same_file(seen[resolved])))
    # a file named as well as walked past is read
    out.skipped = [(p, why) for p, why in out.skipped if resolve(p) not in seen] + twice
    return out


def _ledgers_at(path: Path, source: str, out: Expanded, exclude: set[Path],
                empty_ok: bool = False,
                errors: Optional[list[LedgerError]] = None) -> list[Path]:
    if path.is_dir():
        found: list[Path] = []
        linked: set[Path] = set()  # found through a symbolic link (to a file or a folder)
        failed: list[LedgerError] = []
        for folder, names in walk(path, source, out.skipped, failed):
            for name, through_link in names:
                p = folder / name
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
                    if through_link:
                        linked.add(p)
                elif p.is_symlink() and (error := _unreachable(p)) is not None:
                    # a link to a department's folder on a drive not connected, or moved: what
                    # is behind it is not read, and a "not a ledger" note would hide that
                    failed.append(_broken_link(p, error))
                else:
                    out.skipped.append((p, msg(f"not a ledger ({p.suffix or 'no suffix'})",
                                               f"不是台账（{p.suffix or '无扩展名'}）")))
        if failed and errors is None:
            raise failed[0]  # before any file is read: a count never leaves a folder out
        if errors is not None:
            errors.extend(failed)
        if not found and not empty_ok and not failed:
            raise LedgerError(source, msg(
                f"is a folder without ledger files ({', '.join(SUFFIXES)}); name the "
                "files, or the folder that holds them",
                f"文件夹中没有台账文件（{'、'.join(SUFFIXES)}）；请指定文件，或存放台账的"
                "文件夹"), code="no-such-file")
        # a file reached by two paths (a link beside it, or in a linked folder) is read once,
        # under the path that is not a link; the others follow, for expand to name
        first: dict[Path, Path] = {}
        for p in sorted(found, key=lambda p: (p in linked, p.parts)):
            first.setdefault(resolve(p), p)
        chosen = set(first.values())
        return (sorted(chosen, key=lambda p: p.parts)
                + sorted((p for p in found if p not in chosen), key=lambda p: p.parts))
    if path.exists() or path.is_symlink():  # a symlink loop: open_ledgers says so
        return [path]
    raise LedgerError(source, msg("no such file or folder; check the path",
                                  "文件或文件夹不存在；请检查路径"), code="no-such-file")


def walk(top: Path, source: str, skipped: list[tuple[Path, Text]],
         errors: list[LedgerError]) -> Iterator[tuple[Path, list[tuple[str, bool]]]]:
    """Each folder under ``top`` (``top`` first) with the names of what it holds that is not a
    folder, in name order, each with whether it was reached through a symbolic link.

    A linked sub-folder (a department's shared folder linked in) is walked as any folder, after
    the real ones, so that a folder reached both ways is shown under its own path; each real
    folder is walked once, and a link to a folder already walked, or to one that holds the link
    (a loop), goes to ``skipped`` with the reason. Hidden folders go there too. A sub-folder that
    cannot be listed is added to ``errors``, naming it, and the walk goes on beside it; ``top``
    that cannot be listed raises LedgerError under ``source``."""
    walked: dict[Path, Path] = {}  # real path -> the path it was walked as
    links: list[Path] = []
    stack: list[tuple[Path, bool]] = [(top, False)]
    while stack or links:
        if not stack:
            link = links.pop(0)
            why = _not_followed(link, walked)
            if why is not None:
                skipped.append((link, why))
                continue
            stack.append((link, True))
        folder, through_link = stack.pop()
        real = resolve(folder)
        if real in walked:  # a real folder also reached through a link walked before it
            skipped.append((folder, _same_folder(walked[real])))
            continue
        walked[real] = folder
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as e:
            if folder == top:
                raise unreadable_folder(source, e) from None
            errors.append(unreadable_folder(str(folder), e))
            continue
        names: list[tuple[str, bool]] = []
        folders: list[tuple[Path, bool]] = []
        for entry in entries:
            if not _is_dir(entry):
                names.append((entry.name, through_link or entry.is_symlink()))
            elif entry.name.startswith("."):
                skipped.append((folder / entry.name, msg("a hidden folder", "隐藏文件夹")))
            elif entry.is_symlink():
                links.append(folder / entry.name)
            else:
                folders.append((folder / entry.name, through_link))
        yield folder, names
        stack.extend(reversed(folders))  # depth first, in name order


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # through a link: a link to a folder is a folder here
    except OSError:  # a link loop: not a folder; as a file it says what it is
        return False


def _not_followed(link: Path, walked: dict[Path, Path]) -> Optional[Text]:
    """Why a linked folder is not walked, or None: it holds the link (following it would never
    end), or it was walked already."""
    target = resolve(link)
    if resolve(link.parent).is_relative_to(target):
        shown = walked.get(target, target)
        read = (msg(f"; its files are read as {shown}", f"；其中文件已在 {shown} 读取")
                if target in walked else msg("", ""))
        return msg(f"a link to {shown}, a folder that holds the link: not followed, it would "
                   "loop", f"指向 {shown} 的链接，而该文件夹包含此链接：不进入，否则会无限循环") + read
    if target in walked:
        return _same_folder(walked[target])
    return None


def _same_folder(shown: Path) -> Text:
    return msg(f"the same folder as {shown} (a link): its files are read there, once",
               f"与 {shown} 是同一文件夹（链接）：其中文件已在该处读取，只读一次")


def _same_file(shown: Path) -> Text:  # by a link, or a path written another way
    return msg(f"the same file as {shown}: read there, once",
               f"与 {shown} 是同一文件：已在该处读取，只读一次")


def _unreachable(path: Path) -> Optional[OSError]:
    """Why what a link leads to cannot be reached, or None when it can."""
    try:
        os.stat(path)
    except OSError as e:
        return e
    return None


def _broken_link(path: Path, error: OSError) -> LedgerError:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    gone = isinstance(error, (FileNotFoundError, NotADirectoryError))
    return LedgerError(str(path), msg(
        f"a link to {target}, which cannot be reached ({error.strerror or error}): nothing "
        "behind it was read. Connect the drive or folder it leads to, or put its files in this "
        "folder",
        f"指向 {target} 的链接无法访问（{error.strerror or error}）：其后的内容均未读取。请连接"
        "其所指的磁盘或文件夹，或把那里的文件放进此文件夹"),
        code="no-such-file" if gone else "unreadable-file")


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


def unreadable_folder(source: str, e: OSError) -> LedgerError:
    """A folder that cannot be listed: none of what it holds can be read, or even named."""
    return LedgerError(source, msg(
        f"the folder cannot be opened: {e.strerror or e}; none of the files in it were read. "
        "Give this user the right to open it, or copy its files into a folder that can be read",
        f"无法打开该文件夹：{e.strerror or e}；其中的文件均未读取。请为当前用户开通打开该文件夹的"
        "权限，或把其中文件复制到可以读取的文件夹"))
