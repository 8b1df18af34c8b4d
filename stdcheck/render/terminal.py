"""The terminal view (``--format table``), drawn with rich into a string.

Every value from data or ledgers goes in as rich ``Text`` (never as markup), so a title like
``[red]x`` prints as written. Colour only when ``options.color`` (the CLI asks for it on a
terminal without ``NO_COLOR``); tables wrap to ``options.width``."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from functools import cache, singledispatch
from typing import Any, Optional

from pydantic import BaseModel
from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..i18n import Labels
from ..result import (
    CodesListing,
    DepartmentDetail,
    DepartmentsListing,
    Draft,
    Item,
    NumbersListing,
    StatusReport,
    TargetResult,
    TargetsListing,
    TaskResult,
    TasksListing,
    TownDetail,
)
from ..schema import Section, Task
from ..vocabulary import Light, Severity
from . import Options, Unsupported
from .controls import visible as _v
from .sections import silent_text

LIGHT_STYLE = {Light.green: "green", Light.yellow: "yellow", Light.red: "red"}
LIGHT_MARK = {Light.green: "●", Light.yellow: "●", Light.red: "●"}
MAX_ROWS = 50  # per listing in the terminal; JSON has them all


# A space between Chinese and a number or Latin word ("第 5 行") is where rich would wrap a
# Chinese message, leaving a number alone on a line; without it the text folds evenly.
_CJK = "\u2018-\u201f\u3000-\u9fff\uff00-\uffef"  # Chinese, its punctuation and quotes
_CJK_SPACE = (rf"(?<=[{_CJK}]) (?=[0-9A-Za-z/.\-{_CJK}])|"
              rf"(?<=[0-9A-Za-z/.\-]) (?=[{_CJK}])")


@cache
def _cjk_space() -> re.Pattern[str]:
    return re.compile(_CJK_SPACE)  # compiled when first needed: the slowest pattern to compile


def _message(text: str, lang: str) -> str:
    return _cjk_space().sub("", text) if lang == "zh" else text


def _t(value: Any, style: str = "") -> Text:
    """Text as it is shown: never markup, control characters visible (see .controls)."""
    return Text("" if value is None else _v(str(value)), style=style)


class _Names:
    """A cell of names joined by 、 (区科技局、区经济信息委), broken as Chinese is set: after a
    、, never before one and never inside a name (rich folds a text without spaces anywhere,
    leaving 、 at the start of a line). A name wider than the column is folded."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = _v(text)
        self.style = style
        self.pieces = re.findall("[^、]+、?|、", self.text) or [""]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(max(map(cell_len, self.pieces)),
                           cell_len(self.text)).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(options.max_width, 2)
        lines: list[str] = []
        line, used = "", 0
        for piece in self.pieces:
            width = cell_len(piece)
            if line and used + width > room:
                lines.append(line)
                line, used = "", 0
            if width > room:  # a name wider than the column: folded, its 、 never alone
                *full, line = chop_cells(piece, room)
                if full and line == "、":
                    full[-1], line = full[-1][:-1], full[-1][-1] + line
                lines += full
                used = cell_len(line)
                continue
            line += piece
            used += width
        lines.append(line)
        yield Text("\n".join(lines), style=self.style, overflow="fold")


def _names(text: str) -> Text | _Names:
    """A cell that may list names joined by 、; any other text as :func:`_t` shows it."""
    return _Names(text) if "、" in text else _t(text)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_lines=False,
                  expand=False, pad_edge=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def _light(light: Light, t: Labels) -> Text:
    return _t(f"{LIGHT_MARK[light]} {t.enum('light', light)}", LIGHT_STYLE[light])


def _assignees(task: Task | TaskResult, t: Labels) -> str:
    if task.all_departments:
        return t.enum("all_departments", t.level)
    names = "、".join(task.departments)
    if task.open:
        names += " " + t("open_list")
    if task.towns_implement:
        names += (t("list_sep") if names else "") + t.enum("towns_implement", t.level)
    return names


# --- policy listings ----------------------------------------------------------------------------


def _targets(doc: TargetsListing, lang: str) -> list[Any]:
    t = Labels(lang)
    table = _table(t("targets"), t("target"), t("kinds"), t("bound"), t("window"))
    for target in doc.targets:
        table.add_row(_t(f"{target.name.get(lang)}\n{target.id}"),
                      _names("、".join(t.enum("kind", k) for k in target.kinds)),
                      _t(target.bound.describe(lang)),
                      _t(f"{target.window.start} – {target.window.end}"))
    goals = _table(t("goals"), t("year"), t("goals"))
    for g in doc.goals:
        goals.add_row(_t(g.year), _t(g.text.get(lang)))
    return [_t(doc.policy.title.get(lang), "bold"), table, goals]


def _task_table(sections: list[Section], chosen: Iterable[Task], lang: str,
                level: str) -> Table:
    t = Labels(lang, level)
    titles = {s.number: s.title.get(lang) for s in sections}
    table = _table(t("tasks"), "#", t("title"), t("section"), t("departments"))
    for task in chosen:
        table.add_row(_t(task.number), _t(task.title.get(lang)),
                      _t(f"{task.section}. {titles.get(task.section, '')}"),
                      _names(_assignees(task, t)))
    return table


def _tasks(doc: TasksListing, lang: str) -> list[Any]:
    return [_task_table(doc.sections, doc.tasks, lang, doc.level)]


def _departments(doc: DepartmentsListing, lang: str) -> list[Any]:
    t = Labels(lang)
    table = _table(t("registry"), t("name"), t("full_name"), t("aliases"), t("tasks"))
    for entry in doc.departments:
        d = entry.department
        full = d.full_name + ("" if d.full_name_confirmed else t("unconfirmed"))
        name = d.name if lang == "zh" else f"{d.name}\n{d.en}"
        table.add_row(_t(name), _t(full), _names("、".join(d.aliases)),
                      _t(", ".join(map(str, entry.tasks))))
    if not doc.towns:
        return [table]
    towns = _table(t("town_registry"), t("name"), t("aliases"), t("tasks"))
    for town_entry in doc.towns:
        town = town_entry.town
        towns.add_row(_t(town.name if lang == "zh" else f"{town.name}\n{town.en}"),
                      _names("、".join(town.aliases)), _t(", ".join(map(str, town_entry.tasks))))
    return [table, towns]


def _town(doc: TownDetail, lang: str) -> list[Any]:
    t = Labels(lang, doc.level)
    district = doc.district.get(lang) if doc.district else t("the_district")
    head = Text()
    head.append(_v(doc.town), "bold")
    if doc.en and lang == "en":
        head.append(_v(f" ({doc.en})"))
    line = t("town_of", kind=t.enum("town_kind", doc.kind), district=district)
    if doc.tasks:
        numbers = ", ".join(str(task.number) for task in doc.tasks)
        line += ("；" if lang == "zh" else "; ") + t("implements", tasks=numbers)
        # the opinion's own words, in either language
        words = Labels("zh", doc.level).enum("towns_implement", doc.level)
        line += f"（{words}）" if lang == "zh" else f" ({words})"
    head.append(_v(f" — {line}"))
    if doc.aliases:
        head.append(_v(f"\n{t('aliases')}{t('colon')}{'、'.join(doc.aliases)}"))
    if not doc.listed:
        head.append(f"\n{t('town_unlisted')}")
    if not doc.tasks:
        return [head, _t(t("no_town_tasks"))]
    return [head, _task_table(doc.sections, doc.tasks, lang, doc.level)]


def _department(doc: DepartmentDetail, lang: str) -> list[Any]:
    t = Labels(lang, doc.level)
    dept = doc.department
    head = Text()
    head.append(_v(dept.name), "bold")
    head.append(_v(f"  {dept.full_name}")
                + ("" if dept.full_name_confirmed else t("unconfirmed")))
    head.append(_v(f"\n{dept.en}"))
    if dept.aliases:
        head.append(_v(f"\n{t('aliases')}{t('colon')}{'、'.join(dept.aliases)}"))
    if not doc.tasks:
        return [head, _t(t("no_tasks"))]
    return [head, _task_table(doc.sections, doc.tasks, lang, doc.level)]


def _codes(doc: CodesListing, lang: str) -> list[Any]:
    t = Labels(lang)
    if len(doc.codes) == 1:
        c = doc.codes[0]
        out = Text()
        out.append(f"{c.code}", "bold")
        out.append(f"  {c.title.get(lang)}\n")
        out.append(f"{t('severity')}{t('colon')}{t.enum('severity', c.severity)}    "
                   f"{t('scope')}{t('colon')}{t.enum('scope', c.scope)}\n\n")
        out.append(f"{c.help.get(lang)}\n\n")
        out.append(f"{t('example')}{t('colon')}", "bold")
        out.append(c.example.get(lang))
        return [out]
    table = _table(t("codes"), t("code"), t("severity"), t("scope"), t("title"))
    for c in doc.codes:
        table.add_row(_t(c.code), _t(t.enum("severity", c.severity)), _t(t.enum("scope", c.scope)),
                      _t(c.title.get(lang)))
    return [table, _t(t("explain_hint"), "dim")]


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


def _pace(r: TargetResult, t: Labels) -> str:
    parts = []
    if r.rate_so_far is not None:
        parts.append(f"{t('rate_so_far')} {r.rate_so_far}{t('per_month')}")
    if r.rate_needed is not None:
        parts.append(f"{t('rate_needed')} {r.rate_needed}{t('per_month')}")
    if r.projected is not None:
        parts.append(f"{t('projected')} {r.projected}")
    elif r.projected_never:
        parts.append(t("projected_never"))
    return "\n".join(parts)


def _more(n: int, t: Labels) -> Optional[Text]:
    return _t(t("more", n=n - MAX_ROWS), "dim") if n > MAX_ROWS else None


def _items(title: str, items: Sequence[Item], days_label: str, days: str, style: str,
           t: Labels) -> list[Any]:
    """Overdue or due-soon items: where, what, who, when, and how many days."""
    if not items:
        return []
    table = _table(f"{title} ({len(items)})", t("location"), t("title"), t("department"),
                   t("due"), days_label)
    for i in items[:MAX_ROWS]:
        where = i.source + (f"[{i.sheet}]" if i.sheet else "") + f":{i.row}"
        what = i.title + (f"（{i.stage}）" if i.stage else "")
        table.add_row(_t(where), _t(what), _t(i.department), _t(i.due),
                      _t(getattr(i, days), style))
    return [table, _more(len(items), t)]


def _roll_call(r: StatusReport, t: Labels) -> list[Any]:
    """Who has reported: first the departments that sent nothing (the line a 督办 notice starts
    with), then what each of the others sent."""
    if not r.departments:
        return []
    out: list[Any] = []
    nothing = [d.name for d in r.departments if d.sent_nothing]
    if nothing:
        line = Text(f"{t('sent_nothing')} ({len(nothing)}): ", "bold red")
        line.append(_v(t("list_sep").join(nothing)))
        out.append(line)
    sent = [d for d in r.departments if not d.sent_nothing]
    if sent:
        table = _table(t("roll_call"), t("department"), t("roll_files"), t("roll_rows"),
                       t("roll_counted"), t("roll_flagged"), t("roll_latest"), t("roll_open"),
                       t("overdue"))
        table.columns[0].no_wrap = True  # a department's name is read whole
        for d in sent:
            table.add_row(_t(d.name), _t(d.files), _t(d.rows), _t(d.counted),
                          _t(d.flagged or "", "yellow"), _t(d.latest or "—"),
                          _t(d.open or ""), _t(d.overdue or "", "red"))
        out.append(table)
    return out


def _status(r: StatusReport, lang: str) -> list[Any]:
    t = Labels(lang, r.policy.level)
    out: list[Any] = [_t(r.policy.title.get(lang), "bold"), _t(f"{t('as_of')} {r.as_of}")]

    files = Text(f"{t('files')}{t('colon')}")
    for i, f in enumerate(r.files):
        if i:
            files.append("; ")
        files.append(_v(f.source))
        if not f.readable:
            files.append(f" ({t('unreadable')})", "red")
        else:
            detail = ", ".join(x for x in (f.format, f.encoding, f.sheet) if x)
            counts = t("file_rows", rows=f.rows, used=f.used, counted=f.counted)
            if f.skipped_rows:
                counts += t("file_skipped_rows", n=f.skipped_rows)
            files.append(_v(f" ({detail}; {counts})"))
    out.append(files)
    if r.skipped:
        skipped = Text(f"{t('skipped')}{t('colon')}", "dim")
        for i, item in enumerate(r.skipped):
            if i:
                skipped.append(t("list_sep"), "dim")
            where = f"{item.source} [{item.sheet}]" if item.sheet else item.source
            skipped.append(_v(f"{where} ({item.reason.get(lang)})"), "dim")
        out.append(skipped)

    share = ([t("share")] if r.departments_chosen else [])
    table = _table(t("targets"), t("target"), t("progress"), t("expected"), t("state"),
                   t("light"), t("late"), t("pace"), *share)
    table.columns[1].no_wrap = True  # a bar folded over two lines reads as two bars
    for x in r.targets:
        theirs = ([_t(sum(d.share.get(x.id, 0) for d in r.departments))] if share else [])
        table.add_row(_names(x.short.get(lang)), _bar(x.achieved, x.required, x.expected_by_now),
                      _t(f"{x.expected_by_now:g}"), _t(t.enum("state", x.state)),
                      _light(x.light, t), _t(x.late or ""), _t(_pace(x, t)), *theirs)
    out.append(table)
    out += _roll_call(r, t)

    tasks_table = _table(t("tasks"), "#", t("title"), t("entries"), t("silent"), t("overdue"),
                         t("light"))
    for task in r.tasks:
        silent = silent_text(task, t) or "—"
        title = task.title.get(lang)
        if task.towns_implement:
            title += f"\n{t('towns')}{t('colon')}{task.towns_reporting}"
        tasks_table.add_row(_t(task.number), _t(title), _t(task.entries), _names(silent),
                            _t(task.overdue or ""), _light(task.light, t))
    out.append(tasks_table)

    out += _items(t("overdue"), r.overdue, t("days_overdue"), "days_overdue", "red", t)
    out += _items(t("due_soon"), r.due_soon, t("days_left"), "days_left", "yellow", t)
    if r.findings:
        table = _table(f"{t('problems')} ({len(r.findings)})", t("location"), t("column"),
                       t("code"), t("message"), t("counts"))
        for p in r.findings[:MAX_ROWS]:
            where = (p.source + (f"[{p.sheet}]" if p.sheet else "")
                     + (f":{p.line}" if p.line else ""))
            counts = "" if p.counts is None else t("yes" if p.counts else "no")
            style = {Severity.error: "red", Severity.warning: "yellow"}.get(p.severity, "dim")
            table.add_row(_t(where), _t(p.field), _t(p.code, style),
                          _t(_message(p.text(lang), lang)), _t(counts))
        out += [table, _more(len(r.findings), t)]

    s = r.summary
    out.append(_t(t("headline", met=s.targets_met, total=s.targets_total, red=s.targets_red,
                    silent=s.tasks_with_silent_departments, overdue=s.overdue), "bold"))
    return [x for x in out if x is not None]


def _numbers(doc: NumbersListing, lang: str) -> list[Any]:
    t = Labels(lang)
    table = _table(t("numbers"), t("number_written"), t("kind"), t("number_key"),
                   t("number_parts"))
    for n in doc.numbers:
        kind = t.enum("kind", n.kind) if n.kind else t("number_unknown")
        if n.kind and not n.confident:
            kind += t("number_unsure")
        parts = []
        if n.prefix:
            parts.append(f"{t('number_prefix')}{t('colon')}{n.prefix}")
        if n.issuer:
            parts.append(f"{t('number_issuer')}{t('colon')}{n.issuer}")
        if n.serial:
            parts.append(f"{t('number_serial')}{t('colon')}{n.serial}")
        if n.year:
            parts.append(f"{t('year')}{t('colon')}{n.year}")
        elif not n.unread:  # a year may well be in the part that could not be read
            parts.append(t("number_no_year"))
        if n.adopted:
            parts.append(f"{t('number_adopted')}{t('colon')}{n.adopted}")
        parts += n.suffixes
        if n.changes:
            parts.append(f"{t('number_changes')}{t('colon')}"
                         + t("list_sep").join(c.get(lang) for c in n.changes))
        if n.unread:
            parts.append(f"{t('number_unread')}{t('colon')}{n.unread}")
        table.add_row(_t(n.written), _t(kind), _t(n.normalised), _t("\n".join(parts)))
    return [table]


def _draft(d: Draft, lang: str) -> list[Any]:
    """A draft: what was read (and what guessed), the counted targets, the tasks, and the
    review list."""
    zh = lang != "en"
    p = d.policy
    out: list[Any] = [_t(p.title.zh, "bold"),
                      _t(("草稿来源：" if zh else "Drafted from: ") + d.input)]
    header = _table("文件信息" if zh else "Header", "项目" if zh else "Field",
                    "值" if zh else "Value", "来源" if zh else "How")
    for f in d.found:
        how = ("读出" if zh else "read") if f.read else ("推测" if zh else "guessed")
        header.add_row(_t(f.field), _t(f.value), _t(how))
    out.append(header)
    targets = _table("量化目标" if zh else "Counted targets", "目标" if zh else "Target",
                     "类别" if zh else "Kinds", "要求" if zh else "Bound",
                     "统计区间" if zh else "Window")
    for target in p.targets:
        kinds = "、".join(Labels(lang).enum("kind", k) for k in target.kinds)
        targets.add_row(_t(target.name.zh), _names(kinds), _t(target.bound.describe(lang)),
                        _t(f"{target.window.start} – {target.window.end}"))
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
            names += (t("list_sep") if names else "") + t.enum("towns_implement", t.level)
        tasks.add_row(_t(f"{task.section}.{task.number}"), _t(task.title.zh), _names(names))
    out.append(tasks)
    out.append(_t(f"定性目标 {len(p.goals)} 项，部分 {len(d.sections)} 个，责任单位 "
                    f"{len(d.departments)} 个" if zh else
                    f"{len(p.goals)} goals, {len(d.sections)} sections, "
                    f"{len(d.departments)} departments"))
    review = _table(f"待核事项（{len(d.review)}）" if zh else f"To review ({len(d.review)})",
                    "方面" if zh else "About", "事项" if zh else "What",
                    "原文" if zh else "Text")
    for r in d.review:
        topic = t(f"topic.{r.topic}")
        source = r.source or ""
        review.add_row(_t(topic), _t(r.message.get(lang)),
                       _t(source if len(source) <= 60 else source[:59] + "…"))
    out.append(review)
    return out


@singledispatch
def _renderables(doc: BaseModel, lang: str) -> list[Any]:
    raise Unsupported(f"the table format cannot show a {type(doc).__name__}")


_renderables.register(StatusReport, _status)
_renderables.register(TargetsListing, _targets)
_renderables.register(TasksListing, _tasks)
_renderables.register(DepartmentsListing, _departments)
_renderables.register(DepartmentDetail, _department)
_renderables.register(TownDetail, _town)
_renderables.register(CodesListing, _codes)
_renderables.register(NumbersListing, _numbers)
_renderables.register(Draft, _draft)


# Glyphs and the ones drawn instead where the stream's encoding cannot hold them: GBK (a
# Chinese Windows console, or output redirected there) lacks ░ and ⋮; ASCII lacks all.
_FALLBACK = {"█": "#", "░": "-", "┆": "|", "●": "*", "—": "-", "─": "-", "━": "=", "⋮": ":",
             "·": ".", "…": "..."}


def _for_encoding(text: str, encoding: Optional[str]) -> str:
    if not encoding or encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf16",
                                                                              "utf32", "gb18030"):
        return text
    table = {}
    for glyph, instead in _FALLBACK.items():
        try:
            glyph.encode(encoding)
        except UnicodeEncodeError:
            table[ord(glyph)] = instead
        except LookupError:
            return text
    return text.translate(table) if table else text


def render(doc: BaseModel, lang: str, options: Options) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=options.width, highlight=False, markup=False, emoji=False,
                      color_system="standard" if options.color else None,
                      force_terminal=options.color, legacy_windows=False)
    console.print(Group(*_renderables(doc, lang)))
    text = _for_encoding(buf.getvalue(), options.encoding)
    # rich pads every line to the width; a file or pipe is better without the trailing blanks
    return text if options.color else "\n".join(line.rstrip() for line in text.split("\n"))
