"""The outline of an opinion: its numbered headings as the document nests them.

Four heading forms, outermost first: ``一、``, ``（一）`` / ``(一)``, ``1.`` / ``1．`` / ``1、``,
``（1）`` / ``(1)``. A document may skip a form (``一、`` then ``1.``); each heading nests under the
nearest open heading of an outer form. The text between headings is the body of the heading
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

_FORMS = (
    re.compile(r"([一二三四五六七八九十]{1,3})、\s*"),
    re.compile(r"[(（]([一二三四五六七八九十]{1,3})[)）]\s*"),
    re.compile(r"([0-9]{1,3})(?:[.．](?![0-9])|、)\s*"),
    re.compile(r"[(（]([0-9]{1,3})[)）]\s*"),
)

_CN = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (the numbers headings use)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
    return _CN.get(text, 0)


@dataclass
class Node:
    level: int  # 0 for the document, 1-4 for the heading forms
    number: int
    heading: str  # the heading line without its number
    line: str  # the line as written
    body: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Optional[Node] = None

    @property
    def text(self) -> str:
        """The heading and body as one text (the heading ends the first sentence)."""
        return "".join([self.heading, *self.body])

    def walk(self) -> list[Node]:
        out = [self]
        for child in self.children:
            out += child.walk()
        return out


def heading(line: str) -> Optional[tuple[int, int, str]]:
    """``(level, number, rest)`` when ``line`` starts with a heading number."""
    for level, form in enumerate(_FORMS, start=1):
        m = form.match(line)
        if m and len(line) > m.end():
            return level, chinese_number(m.group(1)), line[m.end():]
    return None


def outline(lines: list[str]) -> Node:
    """The heading tree of ``lines``; text before the first heading is the document's body."""
    root = Node(0, 0, "", "")
    stack = [root]
    for line in lines:
        found = heading(line)
        if found is None:
            stack[-1].body.append(line)
            continue
        level, number, rest = found
        while stack[-1].level >= level:
            stack.pop()
        node = Node(level, number, rest, line, parent=stack[-1])
        stack[-1].children.append(node)
        stack.append(node)
    return root


def first_sentence(text: str) -> tuple[str, str]:
    """The first sentence (without its 。) and the rest."""
    m = re.search(r"[。！？!?]", text)
    if m is None:
        return text.strip(), ""
    return text[:m.start()].strip(), text[m.end():].strip()


def spans_outside_brackets(text: str, separators: str, opening: str = "(（〔【",
                           closing: str = ")）〕】") -> list[tuple[int, int]]:
    """(start, end) of the parts of ``text`` between ``separators`` that stand outside any
    bracket: a bracket's content is never split."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in opening:
            depth += 1
        elif ch in closing:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out


def sentences(text: str) -> list[str]:
    """Sentences ending in 。 (kept without it); a bracket's content is never split."""
    parts = (text[a:b].strip() for a, b in spans_outside_brackets(text, "。\n"))
    return [s for s in parts if s]
