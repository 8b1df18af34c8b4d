"""JSON output: stable keys for scripts and CI. Department names are canonical names; texts are
given in Chinese (the opinion's words) with an ``_en`` twin where the data has one."""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..models import Department, Evaluation, PolicyData, Target, Task


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n"


def _target(t: Target) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name.zh,
        "name_en": t.name.en,
        "kinds": [k.value for k in t.kinds],
        "bound": t.bound.model_dump(),
        "window": {"start": t.window.start.isoformat(), "end": t.window.end.isoformat()},
        "source": t.source,
    }


def targets(data: PolicyData) -> str:
    p = data.policy
    return _dump({
        "policy": {"id": p.id, "title": p.title.zh, "title_en": p.title.en},
        "targets": [_target(t) for t in p.targets],
        "goals": [{"id": g.id, "year": g.year, "text": g.text.zh, "text_en": g.text.en}
                  for g in p.goals],
    })


def _task(t: Task) -> dict[str, Any]:
    return {
        "number": t.number,
        "section": t.section,
        "title": t.title.zh,
        "title_en": t.title.en,
        "departments": list(t.departments),
        "open": t.open,
        "all_departments": t.all_departments,
        "towns_implement": t.towns_implement,
        "summary": t.summary.zh,
        "summary_en": t.summary.en,
    }


def tasks(data: PolicyData, chosen: Iterable[Task]) -> str:
    return _dump({"tasks": [_task(t) for t in chosen]})


def _department(d: Department) -> dict[str, Any]:
    return d.model_dump()


def departments(data: PolicyData) -> str:
    return _dump({"departments": [_department(d) for d in data.departments]})


def department(data: PolicyData, dept: Department, owned: list[Task]) -> str:
    return _dump({"department": _department(dept), "tasks": [_task(t) for t in owned]})


def evaluation(result: Evaluation) -> str:
    return _dump(result.model_dump(mode="json"))
