"""What the policy and the code catalogue say, as documents a renderer shows: the library side
of ``targets``, ``tasks``, ``departments`` and ``explain``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from .errors import UsageError
from .findings import CODES
from .result import (
    CodeEntry,
    CodesListing,
    DepartmentDetail,
    DepartmentEntry,
    DepartmentsListing,
    NumberReading,
    NumbersListing,
    PolicyInfo,
    TargetsListing,
    TasksListing,
    TownDetail,
    TownEntry,
)
from .schema import Department, PolicyData
from .vocabulary import msg

if TYPE_CHECKING:
    from .names import DepartmentIndex


def targets(policy: PolicyData) -> TargetsListing:
    p = policy.policy
    return TargetsListing(policy=PolicyInfo(id=p.id, title=p.title, issuer=p.issuer,
                                            source=policy.source, level=p.level),
                          targets=p.targets, goals=p.goals)


def tasks(policy: PolicyData, department: Optional[str] = None,
          section: Optional[int] = None) -> TasksListing:
    """The tasks, optionally of one section and of one department (any alias)."""
    chosen = list(policy.tasks)
    if section is not None:
        numbers = [s.number for s in policy.sections]
        if section not in numbers:
            listed = ", ".join(map(str, numbers))
            raise UsageError(msg(f"--section: there is no section {section}; sections are "
                                 f"{listed}", f"--section：没有第 {section} 部分；现有部分：{listed}"))
        chosen = [t for t in chosen if t.section == section]
    if department is not None:
        name = resolve(policy, department).name
        owned = policy.tasks_of(name)
        chosen = [t for t in chosen if t in owned]
    return TasksListing(level=policy.policy.level, sections=policy.sections, tasks=chosen)


def departments(policy: PolicyData) -> DepartmentsListing:
    town_tasks = [t.number for t in policy.tasks if t.towns_implement]
    return DepartmentsListing(
        departments=[DepartmentEntry(department=d,
                                     tasks=[t.number for t in policy.tasks_of(d.name)])
                     for d in policy.departments],
        towns=[TownEntry(town=t, tasks=town_tasks) for t in policy.towns])


def department(policy: PolicyData, name: str) -> Union[DepartmentDetail, TownDetail]:
    """One department (any alias, traditional characters, a copy from the garbled page), or a
    town or sub-district (白沙镇, 德感街道办事处) with the tasks every town implements."""
    index = _index(policy)
    if index.resolve(name) is None:
        town = index.town(name)
        if town is not None:
            listed = next((t for t in policy.towns if t.name == town), None)
            return TownDetail(town=town, kind="subdistrict" if town.endswith("街道") else "town",
                              en=listed.en if listed else None,
                              aliases=listed.aliases if listed else [],
                              district=policy.district, listed=listed is not None,
                              level=policy.policy.level, sections=policy.sections,
                              tasks=[t for t in policy.tasks if t.towns_implement])
    dept = resolve(policy, name)
    return DepartmentDetail(level=policy.policy.level, department=dept,
                            sections=policy.sections, tasks=policy.tasks_of(dept.name))


def _index(policy: PolicyData) -> DepartmentIndex:
    from .names import DepartmentIndex

    return DepartmentIndex(policy.departments, policy.prefixes, policy.towns)


def resolve(policy: PolicyData, name: str) -> Department:
    """The department ``name`` designates; a ``UsageError`` with suggestions if none."""
    index = _index(policy)
    dept = index.resolve(name)
    if dept is not None:
        return dept
    hints = index.suggest(name)
    if index.looks_like_town(name) and policy.towns:
        message = msg(f"`{name}` is not a town or sub-district of "
                      f"{policy.district.en if policy.district else 'the district'} nor a "
                      "department",
                      f"`{name}` 不是{policy.district.zh if policy.district else '本区'}的镇街，"
                      "也不是部门")
    else:
        message = msg(f"unknown department `{name}`", f"找不到部门 `{name}`")
    if hints:
        message += msg(f"; did you mean: {', '.join(hints)}", f"；您是否要找：{'、'.join(hints)}")
    raise UsageError(message, hint=msg("`stdcheck departments` lists every department and its "
                                       "aliases, then the towns",
                                       "`stdcheck departments` 列出全部部门及其简称，以及镇街"))


def explain(code: Optional[str] = None) -> CodesListing:
    """The catalogue entry of ``code``, or every entry when None."""
    if code is None:
        chosen = list(CODES.values())
    elif code in CODES:
        chosen = [CODES[code]]
    else:
        import difflib

        close = difflib.get_close_matches(code, list(CODES), n=3)
        hint = (msg(f"; did you mean: {', '.join(close)}", f"；您是否要找：{'、'.join(close)}")
                if close else msg("", ""))
        raise UsageError(msg(f"unknown code `{code}`", f"没有代码 `{code}`") + hint,
                         hint=msg("`stdcheck explain` lists every code",
                                  "`stdcheck explain` 列出全部代码"))
    return CodesListing(codes=[CodeEntry(code=c.code, severity=c.severity, scope=c.scope,
                                         title=c.title, help=c.help, example=c.example)
                               for c in chosen])


def numbers(texts: list[str]) -> NumbersListing:
    """What each standard number is: kind, issuer, serial, year, key — for checking a number
    before it goes into a ledger."""
    from .standard_number_data import CHANGE_ZH
    from .standard_numbers import parse

    out = []
    for text in texts:
        n = parse(text)
        out.append(NumberReading(
            written=text, kind=n.kind, confident=n.confident, prefix=n.prefix, issuer=n.issuer,
            serial=n.serial, year=n.year, suffixes=list(n.suffixes), adopted=n.adopted,
            normalised=n.normalised, unread=n.unread,
            changes=[msg(c, CHANGE_ZH.get(c, c)) for c in n.changes]))
    return NumbersListing(numbers=out)
