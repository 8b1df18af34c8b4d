"""Rounds (轮次): the bureau opens one with a name and a deadline, uploads belong to it, and
closing it freezes it — its counts are kept as they stood that day, and it becomes "the last
meeting" of the next round's report. Also the round's counted ledgers written out as files."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Optional

from ..vocabulary import msg
from .refusals import Refused
from .standing import Standing
from .store import Round, Store, fsync_dir, safe_name

NAME_LIMIT = 100


def parse_deadline(text: str) -> dt.date:
    """A deadline as a date input sends it (2025-09-20); also 2025/9/20 and 2025.9.20."""
    match = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", text or "")
    try:
        if match:
            return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        pass
    raise Refused(422, msg(f"the deadline `{text}` is not a date; write it like 2025-09-20",
                           f"截止时间 `{text}` 不是日期；请写成 2025-09-20 的形式"))


def check_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned or len(cleaned) > NAME_LIMIT or any(ord(c) < 32 for c in cleaned):
        raise Refused(422, msg(f"a round needs a name of 1 to {NAME_LIMIT} characters, such as "
                               "2025年第三季度联席会议",
                               f"轮次名称须为 1 至 {NAME_LIMIT} 个字符，如“2025年第三季度联席会议”"))
    return cleaned


def open_round(store: Store, name: str, deadline: str) -> Round:
    return store.open_round(check_name(name), parse_deadline(deadline))


def close_round(store: Store, standing: Standing, today: Optional[dt.date] = None) -> Round:
    """Close the open round, keeping each target's count as of ``today``."""
    rnd = store.current()
    if rnd is None:
        raise Refused(409, msg("no round is open; nothing to close", "当前没有开启的轮次，无需关闭"))
    day = today or dt.date.today()
    status = standing.status(rnd, day)
    counts = [(t.id, t.achieved, t.required, t.light.value) for t in status.targets]
    return store.close_round(rnd.id, day, counts)


def pick(store: Store, name: Optional[str] = None) -> Round:
    """The round named, else the open one, else the last closed; a ``Refused`` if none."""
    if name is not None:
        found = store.round_named(name)
        if found is None:
            names = "、".join(r.name for r in store.rounds()) or "—"
            raise Refused(404, msg(f"there is no round named “{name}”; rounds: {names}",
                                   f"没有名为“{name}”的轮次；现有轮次：{names}"))
        return found
    rounds = store.rounds()
    if not rounds:
        raise Refused(404, msg("no round yet; open one with `stdcheck inbox round STORE open "
                               "NAME --deadline DATE`",
                               "还没有任何轮次；请用 `stdcheck inbox round STORE open 名称 --deadline "
                               "日期` 开启"))
    return store.current() or rounds[-1]


def remove_stale_exports(out: Path, now: Optional[float] = None) -> list[Path]:
    """Remove the half-built folders an export to ``out`` left behind when it was killed (the
    ``.NAME.*.part`` folders :func:`export` builds in), last changed an hour or more ago (a
    younger one may be an export running now). A symlink or file of that name is never ours
    and is kept. Returns what was removed."""
    from ..files import remove_stale_beside

    place = Path(os.path.realpath(out)) if Path(out).is_symlink() else Path(out)
    return remove_stale_beside(
        place.absolute().parent,
        lambda name: name.startswith(f".{place.name}.") and name.endswith(".part"),
        stat.S_ISDIR, shutil.rmtree, now)


def export(store: Store, standing: Standing, rnd: Round, out: Path) -> list[Path]:
    """Write the round's counted ledgers (each department's latest accepted upload, as sent)
    to ``out/<department>/<file name>``. ``out`` must not exist, or be an empty folder; the
    files are written in a folder beside it and renamed into place at the end, so an export
    is there whole or not at all."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise Refused(409, msg(f"`{out}` exists and is not an empty folder; nothing is "
                               "overwritten: name a new folder",
                               f"`{out}` 已存在且不是空文件夹；不会覆盖任何文件：请指定新的文件夹"))
    # a symlink (to an empty folder, or to none yet) is followed: the export goes where it
    # points and the link stays, as an output file's symlink is (stdcheck.files)
    place = Path(os.path.realpath(out)) if out.is_symlink() else out
    parent = place.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{place.name}.", suffix=".part", dir=parent))
    except OSError as e:
        raise Refused(409, msg(f"cannot write {out}: {e.strerror}",
                               f"无法写入 {out}：{e.strerror}")) from e
    written = []
    try:
        os.chmod(building, 0o755)  # mkdtemp makes it private; an export is for others to read
        for upload, _ in standing.counted(rnd):
            folder = building / (safe_name(upload.department) or "unit")
            folder.mkdir()
            stem = safe_name(os.path.splitext(upload.file_name)[0]) or folder.name
            target = folder / f"{stem}{upload.suffix}"
            shutil.copyfile(store.blob(upload.sha256), target)
            with open(target, "rb") as f:
                os.fsync(f.fileno())
            written.append(out / folder.name / target.name)
        if place.exists():
            place.rmdir()
        os.replace(building, place)
    except OSError as e:  # a kept file gone, a full disk: nothing is written, and it is said
        shutil.rmtree(building, ignore_errors=True)
        raise Refused(409, msg(f"cannot write {out}: {e.strerror} ({e.filename}); nothing was "
                               "written", f"无法写入 {out}：{e.strerror}（{e.filename}）；未写出任何文件")
                      ) from e
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    fsync_dir(parent)
    return written
