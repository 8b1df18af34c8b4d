"""From the text of an opinion to a :class:`~stdcheck.drafting.model.Draft`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Optional

from ..result import Assignment, Draft, Found, ReviewItem, TaskDraft, Topic
from ..schema import AtLeast, AtMost, Department, Goal, Policy, Section, Target, Task, Window
from ..vocabulary import EntryKind, Text, msg
from . import departments as depts
from . import header as headers
from . import place as places
from . import targets as counted
from .extract import clean
from .structure import Node, first_sentence, outline

TO_TRANSLATE = "(to translate) "

_NOT_TASKS = re.compile(r"总体要求|指导思想|基本原则|发展目标|主要目标|工作目标|总体目标|保障措施|组织实施|"
                        r"组织保障|保障机制|工作要求|实施步骤|附则|工作机制")
_TASKS = re.compile(r"任务|重点工作|主要措施|工作措施|重点举措|主要内容")
_GOALS = re.compile(r"目标")
# parts on how the plan is carried out: never tasks, never goals
_SUPPORT = re.compile(r"保障措施|组织实施|组织保障|保障机制|工作要求|实施步骤|附则|工作机制")
_GOALS_PART = re.compile(r"目标(?:要求)?$")  # 行动目标, 发展目标: a part that holds the goals

_UNIT_EN = {EntryKind.pilot: "projects"}
_KIND_SLUG = {EntryKind.international: "international", EntryKind.national: "national",
              EntryKind.industry: "industry", EntryKind.local: "local", EntryKind.group: "group",
              EntryKind.enterprise: "enterprise", EntryKind.pilot: "pilot"}


def en(zh: str) -> str:
    return TO_TRANSLATE + zh


def text(zh: str) -> Text:
    return Text(zh=zh, en=en(zh))


class _Review:
    def __init__(self) -> None:
        self.items: list[ReviewItem] = []

    def add(self, topic: Topic, en_: str, zh: str, source: Optional[str] = None) -> None:
        self.items.append(ReviewItem(topic=topic, message=msg(en_, zh), source=source))


def draft_text(raw: str, source: str = "<text>", notes: Optional[list[str]] = None) -> Draft:
    """Draft the policy from the text of an opinion (already extracted from its file)."""
    review = _Review()
    cleaned, dropped = clean(raw)
    lines = [line for line in cleaned.split("\n") if line]
    if not lines:
        review.add("input", "the text is empty: nothing was drafted", "文本为空：没有可起草的内容")
    if dropped:
        review.add("input", f"{len(dropped)} line(s) after the end of the document were "
                   "dropped as not part of it (an advertisement)",
                   f"文末 {len(dropped)} 行不属于文件正文（广告），已略去", " / ".join(dropped))
    # the closing lines (issuer and date of the signature) are the header's, not the last
    # section's
    closing = headers.signature_start(lines)
    root = outline(lines[:closing])
    head = headers.read(root.body, lines[closing:])
    sources = {v.text: v.source for v in (head.title, head.issuer) if v}
    where = places.locate(head.issuer.text if head.issuer else None,
                          head.title.text if head.title else None, lines, sources)
    title, issuer, found = _header(head, where, review, lines)

    # --- structure: task parts, sections, tasks; the goals
    tops = root.children
    task_parts = [n for n in tops if _TASKS.search(n.heading) or not (
        _NOT_TASKS.search(n.heading) or _GOALS_PART.search(first_sentence(n.heading)[0]))
    ] if any(n.children for n in tops) else [root]
    skipped = [n for n in tops if n not in task_parts]
    for n in skipped:
        if not _GOALS.search(n.heading) and not any(_GOALS.search(c.heading) for c in n.walk()):
            review.add("section", f"`{n.line}` read as not a task section",
                       f"`{n.line}` 判断为非任务部分", n.line)
    sections: list[Section] = []
    task_nodes: list[tuple[int, Node]] = []
    for part in task_parts:
        if part is root or not any(c.children for c in part.children):
            # tasks directly under the part: the part is their one section
            heading = first_sentence(part.heading)[0] if part is not root else "主要任务"
            if part is root:
                review.add("section", "no section headings: all tasks are put in one section "
                           "titled 主要任务", "没有部分标题：所有任务归入一个部分“主要任务”")
            sections.append(Section(number=len(sections) + 1, title=text(heading)))
            kids = [c for c in part.children if not _NOT_TASKS.search(c.heading)
                    and not _GOALS.search(c.heading)]
            task_nodes += [(len(sections), c) for c in kids]
        else:
            for sec in part.children:
                if _NOT_TASKS.search(sec.heading) and not sec.children:
                    continue
                sections.append(Section(number=len(sections) + 1,
                                        title=text(first_sentence(sec.heading)[0])))
                task_nodes += [(len(sections), c) for c in sec.children]

    goal_lines = _goal_lines(root, task_parts, head.lines)
    reading = counted.read(goal_lines)

    # --- tasks and their departments
    tasks_out: list[Task] = []
    task_sources: list[TaskDraft] = []
    carried: list[str] = []
    registry: list[str] = []  # canonical names in order of first appearance
    merged: dict[str, str] = {}  # a spelling -> the canonical name
    prefixes = _prefixes(where)
    renumbered = False
    for number, (section, node) in enumerate(task_nodes, start=1):
        renumbered |= node.number != number
        whole = node.text
        found_bracket = depts.last_bracket(whole)
        bracket_text = None
        parsed = depts.Bracket()
        body = whole
        if found_bracket and depts.looks_like_departments(found_bracket[0]):
            bracket_text, at = found_bracket
            body = whole[:at].rstrip()
            parsed = depts.parse(bracket_text)
        if parsed.carried:
            carried.append(parsed.carried)
            review.add("department", f"`{parsed.carried}` is named once for every later task "
                       "(以下…不再列出): added to task {number} and every task after it",
                       f"`{parsed.carried}` 一次写明、适用于以下各项任务（以下…不再列出）：已加到第 "
                       f"{number} 项及以后每项任务", bracket_text)
        title_zh, summary_zh = first_sentence(body)
        if not title_zh:
            title_zh = f"任务{number}"
        summary_zh = summary_zh or title_zh
        assignments: list[Assignment] = []
        for named in parsed.names + [depts.Named(c, c, "responsible") for c in carried]:
            canonical = _canonical(named.name, registry, merged, prefixes, review, whole)
            if canonical in (a.name for a in assignments):
                continue
            assignments.append(Assignment(name=canonical, written=named.written, role=named.role))
        for unclear in parsed.unclear:
            review.add("department", f"task {number}: `{unclear}` does not look like the name of a "
                       "unit; check it", f"第 {number} 项任务：`{unclear}` 不像单位名称，请核对",
                       bracket_text)
        names = [a.name for a in assignments]
        all_departments = parsed.all_departments and not names
        if parsed.all_departments and names:
            review.add("department", f"task {number} names every department and some by name: "
                       "kept the names, open list", f"第 {number} 项任务既写了各部门又点了名："
                       "保留点名的部门，并标为开放名单", bracket_text)
        if not names and not all_departments and not parsed.towns_implement:
            all_departments = True
            review.add("department", f"task {number}: no departments found at its end; set to "
                       "every department (all_departments: true) — write the real ones",
                       f"第 {number} 项任务：末尾没有找到责任单位；暂设为由各部门承担"
                       "（all_departments: true），请填写实际单位", whole[-80:])
        tasks_out.append(Task(number=number, section=section, title=text(title_zh),
                              summary=text(summary_zh), departments=names,
                              open=parsed.open or (parsed.all_departments and bool(names)),
                              all_departments=all_departments,
                              towns_implement=parsed.towns_implement))
        task_sources.append(TaskDraft(number=number, assignments=assignments, bracket=bracket_text,
                                 source=node.line))
    below = [t.number for t in tasks_out if t.towns_implement]
    if below and where.level in ("province", "city"):
        listed = ", ".join(map(str, below))
        review.add("task", f"tasks {listed} are implemented by the units below (cities, "
                   "districts, counties): a ledger counts rows from towns (…镇, …街道) for them; "
                   "list the units in departments.yaml if their rows should count",
                   f"第 {listed} 项任务由下级单位（市、区、县）落实：台账只把镇街（…镇、…街道）的条目"
                   "计为下级单位；如要计入各区县的条目，请把它们登记到 departments.yaml")
    if renumbered:
        review.add("task", "the document's task numbers are not 1, 2, 3, … in order; the draft "
                   "numbers them so", "文件中的任务编号不是按 1、2、3…顺序连续编排；草稿已重新编号")
    if not task_nodes:
        review.add("task", "no numbered tasks found; tasks.yaml has none — add them by hand",
                   "未找到编号的任务；tasks.yaml 中没有任务，请手工添加")

    # --- targets and goals
    issued = head.issued_date if head.issued and head.issued.read else None
    start, why = _window_start(head, reading, review)
    targets: list[Target] = []
    used_ids: set[str] = set()
    for t in reading.targets:
        end = counted.deadline(t.year)
        s = start if start < end else dt.date(t.year, 1, 1)
        slug = _unique("-".join(_KIND_SLUG[k] for k in t.kinds) + f"-{t.year}", used_ids)
        bound = AtLeast(type="at_least", value=t.value) if t.bound == "at_least" else \
            AtMost(type="at_most", value=t.value)
        unit_en = _UNIT_EN.get(t.kinds[0], "standards")
        targets.append(Target(
            id=slug, name=text(t.name), kinds=t.kinds, bound=bound,
            window=Window(start=s, end=end, why=why), unit=Text(zh=t.unit, en=unit_en),
            source=t.source))
        for note_en, note_zh in t.notes:
            review.add("target", f"target `{slug}`: {note_en}", f"目标 `{slug}`：{note_zh}",
                       t.source)
    goals: list[Goal] = []
    for g in reading.goals:
        gid = _unique(f"goal-{g.year}", used_ids)
        goals.append(Goal(id=gid, year=g.year, text=text(g.text)))
        if g.why:
            review.add("goal", f"`{g.text}`: {g.why[0]}", f"`{g.text}`：{g.why[1]}", g.source)
    for sentence in reading.unanchored:
        review.add("target", "a quantity with no year (到20xx年) to count by: not drafted as a "
                   "target", "有数量但没有时间节点（到20xx年）：未作为量化目标", sentence)
    if not targets:
        review.add("target", "no counted targets found; targets.yaml has none",
                   "未找到量化目标；targets.yaml 中没有量化目标")
    if not targets and not tasks_out and lines:
        review.add("input", "nothing to track: no counted target and no numbered task was "
                   "found, so the files hold nothing to check a ledger against; is this the "
                   "opinion (not a notice without its attachment, a news item, a scan)?",
                   "没有可跟踪的内容：既未找到量化目标，也未找到编号的任务，草稿文件中没有可用于核对台账的内容；"
                   "请确认这是实施意见本身（而不是缺少附件的通知、新闻稿或扫描件）")

    # --- the registry
    departments = _registry(registry, merged, prefixes, where)
    review.add("translation", "every English text is a placeholder “(to translate) …”: "
               "titles, summaries, targets, goals, department names",
               "所有英文文本都是占位符“(to translate) …”：标题、摘要、目标、定性目标、部门英文名")
    if departments:
        review.add("department", "full names are guesses (place + name as written) and "
                   "full_name_confirmed is false for every department; confirm them",
                   "全称是推测的（地名 + 原文写法），所有部门的 full_name_confirmed 均为 false；请核实")

    doc_number = head.number.text if head.number else None
    policy = Policy(
        id=_policy_id(where, reading), title=text(title), issuer=text(issuer),
        references=list(head.references), issued=issued, issued_note=doc_number,
        local_prefix=where.prefix, level=where.level or "district", targets=targets,
        goals=goals)
    return Draft(input=source, found=found, document_number=doc_number, policy=policy,
                 sections=sections, tasks=tasks_out, task_sources=task_sources,
                 prefixes=prefixes, district=text(where.unit) if where.unit else None,
                 departments=departments, review=review.items)


def draft(path: Path) -> Draft:
    """Draft the policy from an opinion file (.txt, .docx, .html, .pdf)."""
    from .extract import read

    raw, notes = read(Path(path))
    return draft_text(raw, str(path), notes)


def _goal_lines(root: Node, task_parts: list[Node], header_lines: set[str]) -> list[str]:
    goal_nodes = [n for n in root.walk()[1:] if _GOALS.search(first_sentence(n.heading)[0])
                  and len(n.heading) < 30 and not any(n in p.walk() for p in task_parts
                                                       if p is not root)]
    lines: list[str] = []
    if goal_nodes:
        for n in goal_nodes:
            rest = first_sentence(n.heading)[1]
            lines += ([rest] if rest else []) + n.body
            for c in n.walk()[1:]:
                lines += [c.heading, *c.body]
        return lines
    # no goals heading: the sentences outside the tasks that are anchored in time, and the
    # lines after one in the same part (a list under 到2025年，); never the parts on how the
    # plan is carried out (保障措施, 组织实施) nor the header's lines
    support = [n for n in root.children if _SUPPORT.search(n.heading)]
    outside = [root] + [n for n in root.walk()[1:]
                        if not any(n in p.walk() for p in [*task_parts, *support]
                                   if p is not root)]
    task_lines = {line for p in task_parts if p is not root for n in p.walk()
                  for line in [n.line, *n.body]}
    for n in outside:
        anchored = False
        for line in ([n.heading] if n is not root else []) + n.body:
            anchored = anchored or bool(counted.ANCHOR.search(line))
            if line not in task_lines and line not in header_lines and anchored:
                lines.append(line)
    if root in task_parts:
        lines = [line for line in lines if not any(line == c.line for c in root.children)]
    return lines


FoundField = Literal["title", "issuer", "document_number", "issued", "local_prefix", "level"]
_FIELD_ZH = {"title": "标题", "issuer": "发文机关", "document_number": "文号", "issued": "成文日期",
             "local_prefix": "地方标准代号", "level": "行政层级"}
_LEVEL_ZH = {"province": "省级", "city": "市级", "district": "区级", "county": "县级"}


def _header(head: headers.Header, where: places.Place, review: _Review,
            lines: list[str]) -> tuple[str, str, list[Found]]:
    """The title and issuer to write, every header value read or guessed (with where from),
    and a review item for each guess, each value missing and each value set aside."""
    found: list[Found] = []

    def record(name: FoundField, value: Optional[headers.Value],
               shown: Optional[str] = None) -> bool:
        if value is None:
            return False
        why = msg(*value.why) if value.why else None
        found.append(Found(field=name, value=shown or value.text, source=value.source,
                           read=value.read, why=why))
        return True

    for name, value, line in head.rejected:
        review.add("policy", f"`{value}` stands where the {name} stands but does not look like "
                   f"one: not used", f"`{value}` 位于{_FIELD_ZH[name]}的位置，但不像{_FIELD_ZH[name]}："
                   "未采用", line)
    if head.title and record("title", head.title):
        title = head.title.text
    else:
        title = "(标题待填)"
        review.add("policy", "no title found; write it in targets.yaml `title`",
                   "未找到标题；请在 targets.yaml 的 `title` 中填写", lines[0] if lines else None)
    if head.issuer and record("issuer", head.issuer):
        issuer = head.issuer.text
    elif where.name:
        issuer = f"{where.name}人民政府"
        guess = ("a guess from the place the title names", "据标题中的地名推测")
        record("issuer", headers.Value(issuer, head.title.source if head.title else "",
                                     read=False, why=guess))
        review.add("policy", f"the text names no issuer; `{issuer}` is a guess from the place",
                   f"正文未写发文机关；`{issuer}` 是据地名推测的",
                   head.title.source if head.title else None)
    else:
        issuer = "(发文机关待填)"
        review.add("policy", "no issuer found; write it in targets.yaml `issuer`",
                   "未找到发文机关；请在 targets.yaml 的 `issuer` 中填写")
    if not record("document_number", head.number):
        review.add("policy", "no document number (文号) found in the text", "正文中没有文号")
    if head.issued_date and head.issued:
        record("issued", head.issued, head.issued_date.isoformat())
        if not head.issued.read and head.issued.why:
            review.add("policy", f"`issued` is not set: {head.issued.why[0]}; the windows start "
                       "on it as a placeholder", f"未设置 `issued`：{head.issued.why[1]}；"
                       "统计区间暂以该日起算", head.issued.source)
    else:
        review.add("policy", "no issue date found: set `issued` in targets.yaml and the "
                   "windows' start with it", "未找到成文日期：请在 targets.yaml 填写 `issued`，"
                   "并相应修改统计区间的起始日")
    _place_found(where, record, review)
    return title, issuer, found


def _place_found(where: places.Place, record: Callable[..., bool], review: _Review) -> None:
    if where.level:
        level_zh = _LEVEL_ZH[where.level]
        record("level", headers.Value(where.level, where.level_source or "", read=False, why=(
            f"from the place `{where.name}` the issuer or title names",
            f"据发文机关或标题中的地名 `{where.name}`")))
        review.add("policy", f"the level of government is read as {where.level} from "
                   f"`{where.name}`: it decides the words for every department and for the units "
                   "below; change `level` in targets.yaml if it is wrong",
                   f"行政层级据 `{where.name}` 判断为{level_zh}：它决定“各部门”和下级单位的称谓；"
                   "如不对请修改 targets.yaml 中的 `level`")
    else:
        review.add("policy", "the level of government is not recognised: `level` is set to "
                   "district; change it in targets.yaml (province, city, district, county)",
                   "无法识别行政层级：`level` 暂设为区级（district）；请在 targets.yaml 中修改"
                   "（province 省、city 市、district 区、county 县）")
    if where.prefix:
        why = None if where.prefix_read else (
            "the province is a guess from a name elsewhere in the text",
            "省份是据正文其他位置出现的地名推测的")
        record("local_prefix", headers.Value(where.prefix, where.prefix_source or "",
                                             read=where.prefix_read, why=why))
        if not where.prefix_read:
            review.add("policy", f"`local_prefix: {where.prefix}` is a guess: the title and "
                       "issuer name no province, and the text names this one elsewhere; check it",
                       f"`local_prefix: {where.prefix}` 是推测的：标题和发文机关没有写省份，"
                       "正文其他位置提到了该省；请核实", where.prefix_source)
        elif where.level == "city" and len(where.prefix) == 6:
            province = "DB" + where.prefix[2:4]
            review.add("policy", f"`local_prefix: {where.prefix}` is the city's own: a "
                       f"provincial standard ({province}) on a ledger is flagged as another "
                       f"place's; set {province} if the city counts the province's too",
                       f"`local_prefix: {where.prefix}` 是本市的代号：台账中的省级地方标准"
                       f"（{province}）会被提示为外地标准；如本市也计入省级地方标准，请改为 {province}")
    else:
        review.add("policy", "the place is not recognised: set `local_prefix` (DB + the "
                   "province's code, e.g. DB50 for Chongqing) or leave it empty",
                   "无法识别地区：请填写 `local_prefix`（DB + 省级代码，如重庆为 DB50），或留空")


def _window_start(head: headers.Header, reading: counted.Reading,
                  review: _Review) -> tuple[dt.date, Optional[str]]:
    if head.issued_date and head.issued and head.issued.read:
        return head.issued_date, "The window starts on the issue date of the opinion."
    if head.issued_date:  # a publication date: the best placeholder there is
        start = head.issued_date
        return start, (f"Placeholder: the issue date is not known, so the window starts on the "
                       f"publication date {start}; change it when the date is known.")
    year: Optional[int] = None
    if head.number:
        m = re.search(r"[0-9]{4}", head.number.text)
        year = int(m.group(0)) if m else None
    if year is None:
        year = min((t.year for t in reading.targets), default=dt.date.today().year + 1) - 2
    start = dt.date(year, 1, 1)
    if reading.targets:
        review.add("target", f"the issue date is not known: every window starts on the "
                   f"placeholder {start}; change `start` when the date is known",
                   f"成文日期不详：统计区间的起始日暂定为 {start}；知道成文日期后请修改 `start`")
    return start, (f"Placeholder: the issue date is not known, so the window starts on {start}; "
                   "change it when the date is known. The end is the text's own.")


def _prefixes(where: places.Place) -> list[str]:
    """The place words a department's name may carry or drop: 重庆市江津区, 江津区, 区."""
    out: list[str] = []
    if where.name and where.unit:
        out += [where.name, where.unit, where.unit[-1]]
    return list(dict.fromkeys(out))


def _canonical(name: str, registry: list[str], merged: dict[str, str], prefixes: list[str],
               review: _Review, source: str) -> str:
    if name in merged:
        return merged[name]
    for known in registry:
        if depts.same_unit(name, known, prefixes):
            merged[name] = known
            review.add("department", f"`{name}` and `{known}` look like one unit: merged, "
                       f"`{name}` kept as an alias; split them if they are two",
                       f"`{name}` 与 `{known}` 看来是同一单位：已合并，`{name}` 作为简称；"
                       "如是两个单位请分开", source[-120:])
            return known
    registry.append(name)
    merged[name] = name
    return name


_LEXICON: Optional[dict[str, str]] = None


def _known_id(name: str, prefixes: list[str]) -> Optional[str]:
    """An id for a department the embedded registry knows by the same core name."""
    global _LEXICON
    if _LEXICON is None:
        from ..names import DepartmentIndex, fold
        from ..policy import load

        try:
            policy = load()
        except Exception:  # pragma: no cover - the embedded data always loads
            _LEXICON = {}
        else:
            index = DepartmentIndex(policy.departments, policy.prefixes)
            _LEXICON = {}
            for d in policy.departments:
                for spelling in (d.name, d.full_name, *d.aliases):
                    _LEXICON.setdefault(index.core(fold(spelling)), d.id)
    return _LEXICON.get(depts.core(name, [*prefixes, "重庆市江津区", "江津区", "区"]))


def _registry(names: list[str], merged: dict[str, str], prefixes: list[str],
              where: places.Place) -> list[Department]:
    out: list[Department] = []
    used: set[str] = set()
    for i, name in enumerate(names, start=1):
        core = depts.core(name, prefixes)
        full = (where.name + core) if where.name and core != name else name
        known = _known_id(name, prefixes)
        dept_id = _unique(known or f"unit-{i}", used)
        aliases = [p + core for p in prefixes if core != name and p + core not in (name, full)]
        aliases += [s for s, c in merged.items() if c == name and s != name]
        out.append(Department(id=dept_id, name=name, full_name=full, full_name_confirmed=False,
                              en=en(name), aliases=list(dict.fromkeys(aliases))))
    return out


def _unique(slug: str, used: set[str]) -> str:
    out, n = slug, 2
    while out in used:
        out, n = f"{slug}-{n}", n + 1
    used.add(out)
    return out


def _policy_id(where: places.Place, reading: counted.Reading) -> str:
    year = max((t.year for t in reading.targets), default=None)
    known = {"重庆": "chongqing"}
    base = "drafted"
    if where.name and where.name[:2] in known and where.level in ("district", "county"):
        base = f"{known[where.name[:2]]}-district-standardization"
    return f"{base}-{year}" if year else base
