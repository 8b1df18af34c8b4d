"""The draft as a document: what ``stdcheck draft`` read from an opinion, ready to be written as
the three data files, shown on the terminal or printed as JSON.

The policy parts are the schema's own models (``Policy``, ``Section``, ``Task``,
``Department``), so a draft that validates here is a draft that loads. What the data files have
no place for — where each value came from, the role a department was given, what a person has to
check — is kept beside them.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from ..schema import Department, Policy, Section, Task
from ..vocabulary import Text

#: What a review item is about.
Topic = Literal["input", "policy", "target", "goal", "section", "task", "department",
                "translation"]

#: How a department is named in a task's bracket: 牵头 lead, 配合 support,
#: 按职责分工负责 / 负责 responsible; None when the bracket gives no role.
Role = Literal["lead", "support", "responsible", "implement"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReviewItem(Model):
    """Something the draft guessed or skipped: a person decides."""

    topic: Topic
    message: Text
    source: Optional[str] = None  # the sentence (or line) it came from


class Found(Model):
    """A value of the policy header and the text it was read from; ``read`` is false for a
    guess, and ``why`` says what it was guessed from."""

    field: Literal["title", "issuer", "document_number", "issued", "local_prefix", "level"]
    value: str
    source: str
    read: bool = True
    why: Optional[Text] = None


class Assignment(Model):
    name: str  # canonical department name (after merging spellings)
    written: str  # as the bracket writes it
    role: Optional[Role] = None


class TaskDraft(Model):
    """A task with how its departments were named, and the text it came from."""

    number: int
    assignments: list[Assignment] = []
    bracket: Optional[str] = None  # the bracket the departments were read from
    source: str


class Draft(Model):
    """Everything drafted from one opinion."""

    schema_version: int = 1
    input: str  # the file read
    found: list[Found] = []
    document_number: Optional[str] = None
    policy: Policy
    sections: list[Section]
    tasks: list[Task]
    task_sources: list[TaskDraft] = []
    prefixes: list[str] = []
    district: Optional[Text] = None
    departments: list[Department]
    review: list[ReviewItem] = []

    def holds_nothing(self) -> bool:
        """No counted target and no task: nothing a ledger could be checked against."""
        return not self.policy.targets and not self.tasks
