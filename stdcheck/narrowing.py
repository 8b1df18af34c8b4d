"""A status narrowed to some departments (``status --department``): their tasks, their items,
the findings in the data they sent, and their share of each target."""

from __future__ import annotations

from collections.abc import Iterable

from .result import Items, StatusReport, summarize
from .schema import PolicyData


def narrow(report: StatusReport, policy: PolicyData, departments: Iterable[str]) -> StatusReport:
    """``report`` as the given departments (any alias) see it; the targets stay whole, and
    each department's line of the roll-call carries its share of them."""
    from .listings import resolve

    chosen = list(dict.fromkeys(resolve(policy, name).name for name in departments))
    if not chosen:
        return report
    mine = set(chosen)
    tasks = [t for t in report.tasks if t.all_departments or mine & set(t.departments)]
    overdue = Items([i for i in report.overdue if mine & set(i.departments)])
    due_soon = Items([i for i in report.due_soon if mine & set(i.departments)])
    files = [f for f in report.files if f.sender in mine]
    sent = {(f.source, f.sheet) for f in files}
    findings = [f for f in report.findings if (f.source, f.sheet) in sent]
    errors = sum(1 for f in findings if f.severity.value == "error")
    warnings = sum(1 for f in findings if f.severity.value == "warning")
    return report.model_copy(update={
        "departments_chosen": chosen,
        "tasks": tasks, "overdue": overdue, "due_soon": due_soon, "files": files,
        "findings": findings,
        "departments": [d for d in report.departments if d.name in mine],
        "summary": summarize(report.targets, tasks, overdue, due_soon, files, errors,
                             warnings),
    })
