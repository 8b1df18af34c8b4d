"""Reading cell values: kinds, statuses, task numbers (dates: :mod:`stdcheck.dates`).

Each ``parse_*`` takes the cell text as it stands and returns the value, ``None`` for an empty
cell, or a :class:`Bad` carrying the message for the person fixing the ledger. They are pure;
the reader caches their results per distinct cell text, so the parsing here is paid once per
distinct value, not once per row.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional, Union

from ..dates import Bad, show
from ..i18n import KIND_NAMES
from ..vocabulary import EntryKind, Status, msg
from .columns import key

# --- kinds -----------------------------------------------------------------------------------

# Each kind's name (i18n.KIND_NAMES) first, then the other words ledgers write for it.
_OTHER_WORDS: dict[EntryKind, tuple[str, ...]] = {
    EntryKind.international: ("国际标准提案", "国际标准制修订"),
    EntryKind.national: ("国标", "推荐性国家标准", "强制性国家标准", "国家标准样品",
                         "国家指导性技术文件"),
    EntryKind.industry: ("行标",),
    EntryKind.local: ("地标", "DB50地方标准", "重庆市地方标准", "市级地方标准"),
    EntryKind.group: ("团标",),
    EntryKind.enterprise: ("企标",),
    EntryKind.pilot: ("标准化试点示范", "试点", "示范项目", "示范", "标准化试点",
                      "标准化示范", "试点项目"),
    EntryKind.activity: ("活动", "工作"),
}
KIND_WORDS: dict[EntryKind, tuple[str, ...]] = {
    kind: (KIND_NAMES[kind.value][0], *words) for kind, words in _OTHER_WORDS.items()}
_KINDS: dict[str, EntryKind] = {key(w): k for k, words in KIND_WORDS.items()
                                for w in (k.value, *words)}
KINDS_ACCEPTED = ", ".join(f"{words[0]}/{k.value}" for k, words in KIND_WORDS.items())
KINDS_ACCEPTED_ZH = "、".join(words[0] for words in KIND_WORDS.values())


def parse_kind(text: str) -> Union[EntryKind, Bad, None]:
    k = key(text)
    if not k:
        return None
    found = _KINDS.get(k)
    if found is None:
        return Bad(msg(f"{show(text)} is not a kind of entry; write one of: {KINDS_ACCEPTED}. "
                       "The row is not counted until then",
                       f"{show(text)} 不是可用的类别；请填写其中之一：{KINDS_ACCEPTED_ZH}。"
                       "改正前该行不计入"))
    return found


# --- statuses --------------------------------------------------------------------------------

STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.planned: ("计划", "拟制定", "未开始", "计划中", "拟申报", "未启动", "未完成", "未开展"),
    Status.in_progress: ("进行中", "推进中", "在研", "起草中", "在建", "制定中", "正在推进",
                         "in progress", "已立项", "立项", "正在制定", "征求意见", "征求意见中",
                         "审查中", "报批中", "已报批", "送审", "暂停", "已暂停"),
    Status.done: ("已完成", "已发布", "已公开", "已建成", "完成", "现行有效", "现行", "已验收",
                  "发布", "已实施", "实施"),
    Status.cancelled: ("已取消", "取消", "终止", "已终止", "canceled", "已撤销", "撤销", "已废止",
                       "废止"),
}
#: Words that say where an open item stands (its stage), kept and shown beside the status.
STAGES = frozenset(key(w) for w in (
    "在研", "起草中", "制定中", "已立项", "立项", "正在制定", "征求意见", "征求意见中", "审查中",
    "报批中", "已报批", "送审", "暂停", "已暂停", "未开展"))
_STATUSES: dict[str, Status] = {key(w): s for s, words in STATUS_WORDS.items()
                                for w in (s.value, *words)}
STATUSES_ACCEPTED = ", ".join(f"{words[0]}/{s.value}" for s, words in STATUS_WORDS.items())
STATUSES_ACCEPTED_ZH = "、".join(words[0] for words in STATUS_WORDS.values())


def parse_status(text: str) -> Union[tuple[Status, Optional[str]], Bad, None]:
    """(status, stage): the stage is the word as written when it names one (报批中, 暂停)."""
    k = key(text)
    if not k:
        return None
    found = _STATUSES.get(k)
    if found is None:
        return Bad(msg(f"{show(text)} is not a status; write one of: {STATUSES_ACCEPTED}, or "
                       "leave it empty (empty means done when the row has a date, planned when "
                       "it has only a deadline). The row is not counted until then",
                       f"{show(text)} 不是可用的状态；请填写其中之一：{STATUSES_ACCEPTED_ZH}，"
                       "或留空（有完成日期视为已完成，只有完成时限视为计划）。改正前该行不计入"))
    return found, (text.strip() if k in STAGES else None)


# --- task numbers ----------------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_TASK = re.compile(r"^(?:任务|第|task|no|#)?\(?(\d+|[零〇一二两三四五六七八九十]{1,3})\)?"
                   r"(?:项任务|项|条|号|个)?(?:任务)?$")


def _chinese_number(s: str) -> Optional[int]:
    """一 .. 九十九."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return _DIGITS[s] if len(s) == 1 and s in _DIGITS else None
    tens, _, ones = s.partition("十")
    if "十" in ones or (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


_TASK_SEPARATORS = re.compile(r"[、,，;；/和及]+")


def parse_task(text: str, max_task: int) -> Union[tuple[int, ...], Bad, None]:
    """The task numbers a cell names: ``3``, ``3.0``, ``任务3``, ``第3项``, ``(3)``, ``第三项``,
    ``任务三``, or several: ``3、13``, ``3,13``, ``第3项、第13项``."""
    s = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    if not s:
        return None
    numbers: list[int] = []
    for part in (p for p in _TASK_SEPARATORS.split(s) if p):
        if part.endswith(".0") and part[:-2].isdigit():
            part = part[:-2]
        m = _TASK.match(part)
        number = _chinese_number(m.group(1)) if m else None
        if number is None or not 1 <= number <= max_task:
            return Bad(msg(f"{show(text)} is not a task of the opinion (1–{max_task}); write the "
                           "task number, e.g. 3, 任务3 or 3、13 for two; until then the row belongs "
                           "to no task",
                           f"{show(text)} 不是实施意见中的任务（1–{max_task}）；请填写任务编号，如 "
                           "3、任务3，两项可写 3、13；改正前该行不归入任何任务"))
        if number not in numbers:
            numbers.append(number)
    return tuple(numbers) if numbers else None
