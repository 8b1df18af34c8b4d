"""The terminal view of a draft: what was read, the counted targets, the tasks, and the review
list, in the language asked for. Registered with the table renderer's dispatch."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from ..i18n import Labels
from .model import Draft
from .output import _TOPICS

_KIND_ZH = {"international": "国际", "national": "国家", "industry": "行业", "local": "地方",
            "group": "团体", "enterprise": "企业", "pilot": "试点示范"}


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def renderables(d: Draft, lang: str) -> list[Any]:
    zh = lang != "en"
    p = d.policy
    out: list[Any] = [Text(p.title.zh, style="bold"),
                      Text(("草稿来源：" if zh else "Drafted from: ") + d.input)]
    header = _table("文件信息" if zh else "Header", "项目" if zh else "Field",
                    "值" if zh else "Value", "来源" if zh else "How")
    for f in d.found:
        how = ("读出" if zh else "read") if f.read else ("推测" if zh else "guessed")
        header.add_row(Text(f.field), Text(f.value), Text(how))
    out.append(header)
    targets = _table("量化目标" if zh else "Counted targets", "目标" if zh else "Target",
                     "类别" if zh else "Kinds", "要求" if zh else "Bound",
                     "统计区间" if zh else "Window")
    for target in p.targets:
        kinds = "、".join(_KIND_ZH[k.value] if zh else k.value for k in target.kinds)
        targets.add_row(Text(target.name.zh), Text(kinds), Text(target.bound.describe(lang)),
                        Text(f"{target.window.start} – {target.window.end}"))
    out.append(targets)
    tasks = _table("任务" if zh else "Tasks", "#", "标题" if zh else "Title",
                   "责任单位" if zh else "Departments")
    t = Labels(lang, p.level)
    for task in d.tasks:
        names = t.enum("all_departments", t.level) if task.all_departments \
            else "、".join(task.departments)
        if task.open:
            names += " 等" if zh else " (open list)"
        if task.towns_implement:
            names += ("；" if names else "") + t.enum("towns_implement", t.level)
        tasks.add_row(Text(f"{task.section}.{task.number}"), Text(task.title.zh), Text(names))
    out.append(tasks)
    out.append(Text(f"定性目标 {len(p.goals)} 项，部分 {len(d.sections)} 个，责任单位 "
                    f"{len(d.departments)} 个" if zh else
                    f"{len(p.goals)} goals, {len(d.sections)} sections, "
                    f"{len(d.departments)} departments"))
    review = _table(f"待核事项（{len(d.review)}）" if zh else f"To review ({len(d.review)})",
                    "方面" if zh else "About", "事项" if zh else "What",
                    "原文" if zh else "Text")
    for r in d.review:
        topic = _TOPICS[r.topic][0 if not zh else 1]
        source = r.source or ""
        review.add_row(Text(topic), Text(r.message.get(lang)),
                       Text(source if len(source) <= 60 else source[:59] + "…"))
    out.append(review)
    return out
