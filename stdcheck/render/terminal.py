"""Terminal output with rich. Every value from data or ledgers goes in as ``Text`` (never as
markup), so a title like ``[red]x`` prints as written. Rich drops colour by itself when output
is not a terminal or ``NO_COLOR`` is set; tables wrap on narrow terminals."""

from __future__ import annotations

import io
import re
from typing import Any, Iterable, Optional

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..i18n import Labels
from ..models import Department, Evaluation, Item, Light, PolicyData, Task

LIGHT_STYLE = {Light.green: "green", Light.yellow: "yellow", Light.red: "red"}
LIGHT_MARK = {Light.green: "●", Light.yellow: "●", Light.red: "●"}
MAX_ROWS = 50  # per listing in the terminal; JSON has them all


# A space between Chinese and a number or Latin word ("第 5 行") is where rich would wrap a
# Chinese message, leaving a number alone on a line; without it the text folds evenly.
_CJK = "\u2018-\u201f\u3000-\u9fff\uff00-\uffef"  # Chinese, its punctuation and quotes
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[0-9A-Za-z/.\-{_CJK}])|"
                        rf"(?<=[0-9A-Za-z/.\-]) (?=[{_CJK}])")


def _message(text: str, lang: str) -> str:
    return _CJK_SPACE.sub("", text) if lang == "zh" else text


def _t(value: Any, style: str = "") -> Text:
    return Text("" if value is None else str(value), style=style)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_lines=False,
                  expand=False, pad_edge=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def _light(light: Light, t: Labels) -> Text:
    return _t(f"{LIGHT_MARK[light]} {t.enum('light', light)}", LIGHT_STYLE[light])


def _assignees(task: Task, t: Labels) -> str:
    if task.all_departments:
        return t("all_departments")
    names = "、".join(task.departments)
    if task.open:
        names += " " + t("open_list")
    if task.towns_implement:
        names += "；" + t("towns_implement")
    return names


# --- policy listings ----------------------------------------------------------------------------


def targets(data: PolicyData, lang: str) -> list[Any]:
    t = Labels(lang)
    p = data.policy
    table = _table(t("targets"), t("target"), t("kinds"), t("bound"), t("window"))
    for target in p.targets:
        table.add_row(_t(f"{target.name.get(lang)}\n{target.id}"),
                      _t("、".join(t.enum("kind", k) for k in target.kinds)),
                      _t(target.bound.describe(lang)),
                      _t(f"{target.window.start} – {target.window.end}"))
    goals = _table(t("goals"), t("year"), t("goals"))
    for g in p.goals:
        goals.add_row(_t(g.year), _t(g.text.get(lang)))
    return [_t(p.title.get(lang), "bold"), table, goals]


def tasks(data: PolicyData, chosen: Iterable[Task], lang: str) -> list[Any]:
    t = Labels(lang)
    sections = {s.number: s.title.get(lang) for s in data.sections}
    table = _table(t("tasks"), "#", t("title"), t("section"), t("departments"))
    for task in chosen:
        table.add_row(_t(task.number), _t(task.title.get(lang)),
                      _t(f"{task.section}. {sections.get(task.section, '')}"),
                      _t(_assignees(task, t)))
    return [table]


def departments(data: PolicyData, lang: str) -> list[Any]:
    t = Labels(lang)
    table = _table(t("registry"), t("name"), t("full_name"), t("aliases"), t("tasks"))
    for d in data.departments:
        numbers = ", ".join(str(x.number) for x in data.tasks_of(d.name))
        full = d.full_name + ("" if d.full_name_confirmed else t("unconfirmed"))
        name = d.name if lang == "zh" else f"{d.name}\n{d.en}"
        table.add_row(_t(name), _t(full), _t("、".join(d.aliases)), _t(numbers))
    return [table]


def department(data: PolicyData, dept: Department, owned: list[Task], lang: str) -> list[Any]:
    t = Labels(lang)
    head = Text()
    head.append(dept.name, "bold")
    head.append(f"  {dept.full_name}" + ("" if dept.full_name_confirmed else t("unconfirmed")))
    head.append(f"\n{dept.en}")
    if dept.aliases:
        head.append(f"\n{t('aliases')}: {'、'.join(dept.aliases)}")
    if not owned:
        return [head, _t(t("no_tasks"))]
    return [head, *tasks(data, owned, lang)]


# --- status -------------------------------------------------------------------------------------


def _bar(achieved: int, required: int, expected: float, width: int = 10) -> Text:
    if required <= 0:
        return _t("")
    filled = min(width, round(width * achieved / required))
    mark = min(width - 1, int(width * expected / required)) if expected else None
    bar = Text()
    for i in range(width):
        ch = "█" if i < filled else ("┆" if i == mark else "░")
        bar.append(ch, "green" if i < filled else "dim")
    bar.append(f" {achieved}/{required}")
    return bar


def _pace(r, t: Labels) -> str:
    parts = []
    if r.rate_so_far is not None:
        parts.append(f"{t('rate_so_far')} {r.rate_so_far}{t('per_month')}")
    if r.rate_needed is not None:
        parts.append(f"{t('rate_needed')} {r.rate_needed}{t('per_month')}")
    if r.projected is not None:
        parts.append(f"{t('projected')} {r.projected}")
    return "\n".join(parts)


def _more(n: int, t: Labels) -> Optional[Text]:
    return _t(t("more", n=n - MAX_ROWS), "dim") if n > MAX_ROWS else None


def _items(title: str, items: list[Item], days_label: str, days: str, style: str,
           t: Labels) -> list[Any]:
    """Overdue or due-soon items: where, what, who, when, and how many days."""
    if not items:
        return []
    table = _table(f"{title} ({len(items)})", t("location"), t("title"), t("department"),
                   t("due"), days_label)
    for i in items[:MAX_ROWS]:
        table.add_row(_t(f"{i.source}:{i.row}"), _t(i.title), _t(i.department), _t(i.due),
                      _t(getattr(i, days), style))
    return [table, _more(len(items), t)]


def status(data: PolicyData, r: Evaluation, lang: str) -> list[Any]:
    t = Labels(lang)
    out: list[Any] = [_t(data.policy.title.get(lang), "bold"), _t(f"{t('as_of')} {r.as_of}")]

    files = Text(f"{t('files')}: ")
    for i, f in enumerate(r.files):
        if i:
            files.append("; ")
        files.append(f.source)
        if not f.readable:
            files.append(f" ({t('unreadable')})", "red")
        else:
            detail = ", ".join(x for x in (f.format, f.encoding, f.sheet) if x)
            files.append(f" ({detail}; {f.rows} {t('rows')}, {t('used')} {f.used})")
    out.append(files)

    table = _table(t("targets"), t("target"), t("progress"), t("expected"), t("state"),
                   t("light"), t("late"), t("pace"))
    table.columns[1].no_wrap = True  # a bar folded over two lines reads as two bars
    labels = {x.id: (x.short or x.name).get(lang) for x in data.policy.targets}
    for x in r.targets:
        table.add_row(_t(labels.get(x.id) or x.name.get(lang)),
                      _bar(x.achieved, x.required, x.expected_by_now),
                      _t(f"{x.expected_by_now:g}"), _t(t.enum("state", x.state)), _light(x.light, t),
                      _t(x.late or ""), _t(_pace(x, t)))
    out.append(table)

    tasks_table = _table(t("tasks"), "#", t("title"), t("entries"), t("silent"), t("overdue"),
                         t("light"))
    for x in r.tasks:
        silent = "、".join(x.silent_departments) or "—"
        title = x.title.get(lang)
        if x.towns_implement:
            title += f"\n{t('towns')}: {x.towns_reporting}"
        tasks_table.add_row(_t(x.number), _t(title), _t(x.entries), _t(silent),
                            _t(x.overdue or ""), _light(x.light, t))
    out.append(tasks_table)

    out += _items(t("overdue"), r.overdue, t("days_overdue"), "days_overdue", "red", t)
    out += _items(t("due_soon"), r.due_soon, t("days_left"), "days_left", "yellow", t)
    if r.problems:
        table = _table(f"{t('problems')} ({len(r.problems)})", t("location"), t("column"),
                       t("code"), t("message"), t("counts"))
        for p in r.problems[:MAX_ROWS]:
            where = p.source + (f":{p.row}" if p.row else "")
            counts = "" if p.counts is None else t("yes" if p.counts else "no")
            table.add_row(_t(where), _t(p.column), _t(p.code, "red" if p.severity.value ==
                                                       "error" else "yellow"),
                          _t(_message(p.text(lang), lang)), _t(counts))
        out += [table, _more(len(r.problems), t)]

    met = sum(1 for x in r.targets if x.state.value == "met")
    red = sum(1 for x in r.targets if x.light is Light.red)
    silent = sum(1 for x in r.tasks if x.silent_departments)
    out.append(_t(t("headline", met=met, total=len(r.targets), red=red, silent=silent,
                    overdue=len(r.overdue)), "bold"))
    return [x for x in out if x is not None]


def to_text(renderables: list[Any], width: int = 120) -> str:
    """Plain text of the terminal view, for --output: no colour codes."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False,
                      force_terminal=False)
    console.print(Group(*renderables))
    return buf.getvalue()
