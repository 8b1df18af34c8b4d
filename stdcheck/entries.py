"""A usable ledger row, as the reader hands it to the evaluator.

A row's few-valued cells (kind, department, status, task) are shared by many rows: the reader
reads each distinct combination once into a :class:`Shape` (with the :class:`Who` of its
department cell), and an :class:`Entry` is the shape plus what is the row's own (its line,
title, dates, number). The evaluator tallies per shape what does not depend on the row.

Deliberately not pydantic models: a municipal roll-up has hundreds of thousands of rows, and
the reader fills them only with values already checked against the vocabularies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, Optional

from .vocabulary import EntryKind, Status, Text


class Who:
    """What a department cell names (one per distinct cell text): the department, or the town
    of a task every town implements, further departments the cell names (区科技局、区经济信息委),
    the role written after each (牵头, 配合, or ""), and, for a name that resolves to nothing,
    the message saying so."""

    __slots__ = ("also", "message", "name", "roles", "town")

    def __init__(self, *, name: Optional[str] = None, town: Optional[str] = None,
                 also: tuple[str, ...] = (), roles: tuple[str, ...] = (),
                 message: Optional[Text] = None) -> None:
        self.name = name  # canonical; None for a town or a name that resolves to nothing
        self.town = town  # a 镇/街道 name, for a task every town implements
        self.also = also  # further departments, canonical, after ``name``
        self.roles = roles  # per department named, lead first; () when none is written
        self.message = message

    @property
    def departments(self) -> tuple[str, ...]:
        """The canonical departments named, lead first."""
        return (self.name, *self.also) if self.name else ()

    def __repr__(self) -> str:
        return f"Who(name={self.name!r}, town={self.town!r}, also={self.also!r})"


NOBODY = Who()


class Shape:
    """What a row's few-valued cells say, shared by every row of one file (or sheet) that has
    them: its kind, who is on it, its status and stage, its tasks.

    ``memo`` is for a consumer's per-shape work (the evaluator's counts); nothing of the
    reader's is kept there."""

    __slots__ = ("kind", "memo", "more_tasks", "open", "sheet", "source", "stage", "status",
                 "task", "who")

    def __init__(self, *, source: str, sheet: Optional[str], kind: EntryKind, who: Who,
                 status: Status, stage: Optional[str] = None, task: Optional[int] = None,
                 more_tasks: tuple[int, ...] = ()) -> None:
        self.source = source  # the file as given
        self.sheet = sheet  # the worksheet of a workbook
        self.kind = kind
        self.who = who
        self.status = status
        self.stage = stage  # where an open item stands, as written (报批中, 暂停)
        self.task = task  # the first task the cell names
        self.more_tasks = more_tasks  # further tasks it names (3、13)
        self.open = status is Status.planned or status is Status.in_progress
        self.memo: Any = None


class Entry(NamedTuple):
    """One usable ledger row: its shape and what is its own."""

    shape: Shape
    row: int  # 1-based, as a spreadsheet shows it
    title: str
    date: Optional[dt.date]  # when it was achieved; an open row's date is its ``due``
    due: Optional[dt.date]
    code: Optional[str]  # normalized (codes.normalize_code): the de-duplication key
    written: Optional[str]  # the number as the ledger wrote it, for messages
    firm: Optional[str]  # the company a standard is of, where a column names it (raw)
    flagged: bool  # the reader had a finding on the row (the roll-call counts it)

    # the shape's values, read as the row's own

    @property
    def source(self) -> str:
        return self.shape.source

    @property
    def sheet(self) -> Optional[str]:
        return self.shape.sheet

    @property
    def kind(self) -> EntryKind:
        return self.shape.kind

    @property
    def status(self) -> Status:
        return self.shape.status

    @property
    def stage(self) -> Optional[str]:
        return self.shape.stage

    @property
    def task(self) -> Optional[int]:
        return self.shape.task

    @property
    def more_tasks(self) -> tuple[int, ...]:
        return self.shape.more_tasks

    @property
    def department(self) -> Optional[str]:
        return self.shape.who.name

    @property
    def town(self) -> Optional[str]:
        return self.shape.who.town

    @property
    def co_departments(self) -> tuple[str, ...]:
        return self.shape.who.also

    @property
    def roles(self) -> tuple[str, ...]:
        return self.shape.who.roles

    @property
    def code_text(self) -> Optional[str]:
        return self.written


def entry(*, source: str, row: int, kind: EntryKind, title: str,
          department: Optional[str] = None, town: Optional[str] = None,
          date: Optional[dt.date] = None, code: Optional[str] = None, task: Optional[int] = None,
          status: Status = Status.done, due: Optional[dt.date] = None,
          stage: Optional[str] = None, co_departments: tuple[str, ...] = (),
          roles: tuple[str, ...] = (), more_tasks: tuple[int, ...] = (),
          written: Optional[str] = None, firm: Optional[str] = None,
          sheet: Optional[str] = None, flagged: bool = False) -> Entry:
    """An entry with a shape of its own, built by keyword (tests, and code that makes a few)."""
    who = Who(name=department, town=town, also=co_departments, roles=roles)
    shape = Shape(source=source, sheet=sheet, kind=kind, who=who, status=status, stage=stage,
                  task=task, more_tasks=more_tasks)
    return Entry(shape=shape, row=row, title=title, date=date, due=due, code=code,
                 written=written, firm=firm, flagged=flagged)
