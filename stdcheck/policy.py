"""Load a policy (targets.yaml, tasks.yaml, departments.yaml) and cross-check it.

Every mistake in a data file becomes a ``Finding`` located by file, line, column and field, with
a catalogue code. :func:`check` returns all of them together; :func:`load` raises them in one
``PolicyError``: a data maintainer fixes the files in one pass, and CI rejects a broken file with
a message rather than a traceback.

YAML is composed (never constructed) with the safe C loader where available; this module turns
nodes into Python values itself, so that it can close the traps of plain ``yaml.safe_load``:
duplicate keys (last one silently wins), impossible dates (a bare ``ValueError``), octal-looking
numbers (``010`` is 8) and arbitrary tags.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, Optional, Union

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError
from .findings import Finding, finding
from .names import DepartmentIndex, fold
from .schema import Policy, PolicyData, Registry, TaskBook
from .vocabulary import Severity, Text, msg

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def compose(text: str) -> Any:
    """The YAML node tree of ``text`` (safe: no tags run code); raises ``yaml.YAMLError``."""
    return yaml.compose(text, Loader=_Loader)

FILES: dict[str, type[BaseModel]] = {
    "targets.yaml": Policy,
    "tasks.yaml": TaskBook,
    "departments.yaml": Registry,
}

MAX_DATA_BYTES = 5 * 2**20  # a policy is a few KB; anything this large is not one

Path_ = tuple[Union[str, int], ...]


def _finding(file: str, line: Optional[int], column: Optional[int], field: str, code: str,
             message: Text) -> Finding:
    return finding(file, line, field or None, code, Severity.error, message, column=column)


class PolicyError(InputError):
    """The policy data cannot be used; ``findings`` says where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        n = len(findings)
        super().__init__(msg(f"the policy data has {n} problem(s):", f"政策数据有 {n} 处问题："),
                         findings,
                         hint=msg("fix the lines above; `stdcheck schema` gives the shape of "
                                  "each file",
                                  "请改正以上各行；`stdcheck schema` 给出每个文件的结构"))


def field_name(path: Iterable[Union[str, int]]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- YAML nodes -> Python values, with marks ---------------------------------------------------

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_BOOLS = {"true": True, "false": False}
_STR = "tag:yaml.org,2002:str"


MAX_NODES = 100_000  # the embedded policy has about 2,000; a YAML alias bomb has billions
MAX_DEPTH = 40
MAX_DIGITS = 15  # a whole number longer than this is no count, year or number of a policy


class _TooLarge(Exception):
    """The document expands (through aliases) beyond what a policy file can be."""

    def __init__(self, node: yaml.Node, message: Text) -> None:
        super().__init__(message.en)
        self.node, self.message = node, message


def _tag(tag: str) -> Text:
    return msg(f"tag `{tag}` is not allowed in policy data; remove it",
               f"政策数据中不允许使用标签 `{tag}`；请删除")


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file
        self.nodes = 0
        self.open: set[int] = set()  # the blocks being converted (ids of their nodes)
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.raw: dict[Path_, str] = {}  # scalar text, for hints ("no" read as false)
        self.findings: list[Finding] = []

    def issue(self, node: yaml.Node, path: Path_, code: str, message: Text) -> None:
        m = node.start_mark
        self.findings.append(_finding(self.file, m.line + 1, m.column + 1, field_name(path),
                                      code, message))

    def convert(self, node: yaml.Node, path: Path_ = ()) -> Any:
        # Aliases (*name) are shared in the composed graph but expanded here: bound the work so
        # "billion laughs" or a recursive alias fails with a message, not a MemoryError.
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node, msg(
                f"the file expands to more than {MAX_NODES:,} values, almost certainly through "
                "aliases (*name) that repeat a block many times; write the values out, a "
                "policy file is small",
                f"文件展开后超过 {MAX_NODES:,} 个值，几乎可以肯定是别名（*name）把一段内容重复了"
                "很多次；请把值直接写出，政策文件很小"))
        if len(path) > MAX_DEPTH:
            raise _TooLarge(node, msg(
                f"values are nested more than {MAX_DEPTH} levels deep (an alias that refers to "
                "itself?); remove the alias that repeats",
                f"值的嵌套超过 {MAX_DEPTH} 层（别名引用了自身？）；请删除重复引用的别名"))
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.open:
            # an alias inside the block it names (`<<: *self` under `&self`): no depth limit
            # catches a merge, which adds no level
            raise _TooLarge(node, msg(
                "an alias (*name) is used inside the block it names, so the block would "
                "contain itself; remove that alias",
                "别名（*name）用在了它所指的那段内容之中，该段内容会包含自身；请删除这个别名"))
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                if node.tag != "tag:yaml.org,2002:map":
                    self.issue(node, path, "yaml-value", _tag(node.tag))
                return self._mapping(node, path)
            if node.tag != "tag:yaml.org,2002:seq":
                self.issue(node, path, "yaml-value", _tag(node.tag))
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.convert(value_node, path)
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        out.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.issue(key_node, path, "yaml-syntax", msg(
                    "a key must be a plain name; write `name: value`",
                    "键必须是普通名称；请写成 `名称: 值`"))
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                self.issue(key_node, (*path, key), "duplicate-key", msg(
                    f"duplicate key `{key}` (lines {seen[key]} and {line}); YAML would keep only "
                    "the last one silently: remove or rename one of them",
                    f"键 `{key}` 重复（第 {seen[key]} 行和第 {line} 行）；YAML 会静默只保留后一个："
                    "请删除或改名其中一个"))
                continue
            seen[key] = line
            out[key] = self.convert(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        text, tag = node.value, node.tag
        self.raw[path] = text
        if tag == _STR or node.style in ("'", '"', "|", ">"):
            if tag != _STR:
                self.issue(node, path, "yaml-value", _tag(tag))
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            # YAML 1.1 reads yes/no/on/off as booleans; keep the value a bool so that a strict
            # string field rejects it (with a hint to quote it) instead of storing "False".
            return _BOOLS.get(text.lower(), text.lower() in ("yes", "y", "on"))
        if tag == "tag:yaml.org,2002:int":
            if _INT.match(text) and len(text) > MAX_DIGITS:
                self.issue(node, path, "yaml-value", msg(
                    f"`{text[:MAX_DIGITS]}…` ({len(text):,} digits) is larger than any value a "
                    "policy holds; write the real number",
                    f"`{text[:MAX_DIGITS]}…`（{len(text):,} 位）超过政策数据中任何值的大小；"
                    "请填写实际的数"))
                return text
            if _INT.match(text):
                return int(text)
            self.issue(node, path, "yaml-value", msg(
                f"`{text}` is not a plain decimal number (YAML 1.1 reads it as octal, "
                "hexadecimal or base 60); write the number without leading zeros, or quote it "
                f"('{text}') if it is text",
                f"`{text}` 不是普通的十进制数（YAML 1.1 会把它读作八进制、十六进制或六十进制）；"
                f"请去掉前导零，如果是文字请加引号（'{text}'）"))
            return text
        if tag == "tag:yaml.org,2002:float":
            if _FLOAT.match(text):
                return float(text)
            self.issue(node, path, "yaml-value", msg(
                f"`{text}` is not a plain decimal number; write e.g. 1.5",
                f"`{text}` 不是普通的十进制数；请写成 1.5 这样的形式"))
            return text
        if tag == "tag:yaml.org,2002:timestamp":
            m = _DATE.match(text)
            if not m:
                self.issue(node, path, "yaml-value", msg(
                    f"`{text}` is not a date; write a date as YYYY-MM-DD",
                    f"`{text}` 不是日期；日期请写成 YYYY-MM-DD"))
                return text
            try:
                return dt.date(*(int(g) for g in m.groups()))
            except ValueError as e:
                self.issue(node, path, "yaml-value", msg(
                    f"`{text}` is not a real date ({e}); write a real date as YYYY-MM-DD",
                    f"`{text}` 不是真实存在的日期；请写成真实的日期 YYYY-MM-DD"))
                return text
        self.issue(node, path, "yaml-value", _tag(tag))
        return text


def _parse(text: str, file: str) -> tuple[Any, _Converter]:
    conv = _Converter(file)
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = " ".join(x for x in (e.context, e.problem) if x)
        conv.findings.append(_finding(
            file, mark.line + 1 if mark else None, mark.column + 1 if mark else None, "",
            "yaml-syntax",
            msg(f"YAML syntax error: {what}; check indentation, colons and quotes on this line "
                "and the one before",
                f"YAML 语法错误（{what}）；请检查此行及上一行的缩进、冒号和引号")))
        return None, conv
    except yaml.YAMLError as e:
        conv.findings.append(_finding(file, None, None, "", "yaml-syntax",
                                      msg(f"YAML error: {e}", f"YAML 错误：{e}")))
        return None, conv
    if node is None:
        conv.findings.append(_finding(file, 1, 1, "", "empty-file", msg(
            "the file is empty; see README for its shape",
            "文件是空的；文件结构见 README")))
        return None, conv
    try:
        value = conv.convert(node)
    except _TooLarge as e:
        conv.issue(e.node, (), "yaml-too-large", e.message)
        return None, conv
    if value is None:  # a document that is only `~` or `null` holds nothing either
        conv.issue(node, (), "empty-file", msg("the file holds nothing (null); see README for "
                                               "its shape", "文件没有内容（null）；文件结构见 README"))
    return value, conv


# --- pydantic errors -> located findings -----------------------------------------------------


def _locate(conv: _Converter, loc: tuple[Any, ...]) -> tuple[Path_, tuple[Optional[int], Optional[int]]]:
    """The deepest path of ``loc`` that exists in the file (a missing key sits on its parent)."""
    path: Path_ = ()
    for part in loc:
        if (*path, part) in conv.marks:
            path += (part,)
    line, col = conv.marks.get(path, (None, None))
    return path, (line, col)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model that holds the key at ``loc`` (for did-you-mean hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            # a discriminated union puts the tag in loc: pick that member
            for member in getattr(current, "__args__", ()):
                if getattr(member, "model_fields", {}).get("type") is not None:
                    current = member
            continue
        ann = fields[part].annotation
        current = _inner_model(ann) or ann
    return list(getattr(current, "model_fields", {}))


def _inner_model(ann: Any) -> Optional[type[BaseModel]]:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in getattr(ann, "__args__", ()) or ():
        found = _inner_model(arg)
        if found:
            return found
    for meta in getattr(ann, "__metadata__", ()) or ():
        found = _inner_model(meta)
        if found:
            return found
    return None


# Reasons pydantic gives for a rule a value breaks, in Chinese (the English is pydantic's own).
_VALUE_RULES_ZH = {
    "greater_than_equal": "值太小",
    "less_than_equal": "值太大",
    "too_short": "内容太少（不能为空）",
    "string_too_short": "不能为空",
    "literal_error": "不是允许的取值",
    "union_tag_invalid": "不是允许的类型（type）",
    "enum": "不是允许的取值",
}


def _validation_findings(err: ValidationError, conv: _Converter,
                         model: type[BaseModel]) -> list[Finding]:
    out = []
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        path, (line, col) = _locate(conv, loc)
        kind, text = e["type"], e["msg"]
        raw = conv.raw.get(path)
        code = "invalid-value"
        if kind == "extra_forbidden":
            code = "unknown-key"
            key = loc[-1]
            allowed = _allowed_keys(model, loc)
            close = difflib.get_close_matches(str(key), allowed, n=1)
            message = msg(f"unknown key `{key}`: " + (f"did you mean `{close[0]}`?" if close
                                                      else f"allowed keys: {', '.join(allowed)}"),
                          f"未知的键 `{key}`：" + (f"是否指 `{close[0]}`？" if close
                                                else f"允许的键：{'、'.join(allowed)}"))
        elif kind == "missing":
            code = "missing-key"
            message = msg(f"`{loc[-1]}` is required here; add it", f"此处必须有 `{loc[-1]}`；请补上")
            path = path if path == loc else (*path, loc[-1])
        elif kind == "string_type" and isinstance(e.get("input"), bool):
            code = "wrong-type"
            message = msg(f"YAML reads `{raw}` as a yes/no value, but text is meant here; quote "
                          f"it: '{raw}'",
                          f"YAML 把 `{raw}` 读作是非值，但此处应是文字；请加引号：'{raw}'")
        elif kind in ("int_type", "float_type") and isinstance(e.get("input"), str):
            code = "wrong-type"
            if _INT.match(e["input"]) or _FLOAT.match(e["input"]):
                message = msg(f"a number is meant here, not text `{e['input']}`; write it "
                              "without quotes", f"此处应是数字，而不是文字 `{e['input']}`；请去掉引号")
            else:
                message = msg(f"a number is meant here, not text `{e['input']}`; write the "
                              "number in digits (50)",
                              f"此处应是数字，而不是文字 `{e['input']}`；请用阿拉伯数字填写（如 50）")
        elif kind == "date_type":
            code = "wrong-type"
            message = msg("a date is meant here; write it as YYYY-MM-DD without quotes",
                          "此处应是日期；请写成不带引号的 YYYY-MM-DD")
        elif kind.endswith("_type"):
            code = "wrong-type"
            message = msg(text, f"值的类型不对：{text}")
        elif text.startswith("Value error, "):
            text = text[len("Value error, "):]
            zh = getattr(e.get("ctx", {}).get("error"), "zh", None)
            message = msg(text, zh or f"值不符合要求：{text}")
        elif kind == "string_pattern_mismatch":
            message = msg("use lower-case letters, digits and single hyphens (e.g. "
                          "`local-standards`)", "请只用小写字母、数字和单个连字符（如 `local-standards`）")
        else:
            message = msg(text, f"{_VALUE_RULES_ZH.get(kind, '值不符合要求')}：{text}")
        out.append(_finding(conv.file, line, col, field_name(path), code, message))
    return out


# --- cross references --------------------------------------------------------------------------


class _Checker:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def unique(self, conv: _Converter, items: list[Any], attr: str, list_key: str,
               what: Text) -> None:
        first: dict[Any, int] = {}
        for i, item in enumerate(items):
            value = getattr(item, attr)
            if value in first:
                path = (list_key, i, attr)
                other = conv.marks.get((list_key, first[value], attr), (None, None))[0]
                self.add(conv, path, "duplicate-id", msg(
                    f"{what.en} `{value}` is used twice (also on line {other}); each must be "
                    "unique", f"{what.zh} `{value}` 用了两次（另见第 {other} 行）；必须唯一"))
            else:
                first[value] = i

    def add(self, conv: _Converter, path: Path_, code: str, message: Text,
            severity: Severity = Severity.error) -> None:
        line, col = conv.marks.get(path, (None, None))
        self.findings.append(finding(conv.file, line, field_name(path) or None, code, severity,
                                     message, column=col))


def _cross_check(models: dict[str, BaseModel], convs: dict[str, _Converter],
                 raw: Optional[dict[str, Any]] = None) -> list[Finding]:
    """The checks between the values of the files that loaded: each runs when the files it
    needs did, so one broken file does not hide what is wrong in the others. A tasks.yaml with
    a value of the wrong type (``raw``: its data as read) still has its other tasks'
    departments and sections checked: one wrong number does not hide a misspelt department."""
    c = _Checker()
    policy, book, registry = (models.get("targets.yaml"), models.get("tasks.yaml"),
                              models.get("departments.yaml"))
    readable: Union[TaskBook, _Readable, None] = book if isinstance(book, TaskBook) else None
    if book is None and raw is not None and "tasks.yaml" in raw:
        readable = _readable_tasks(raw["tasks.yaml"])
    if isinstance(policy, Policy):
        tconv = convs["targets.yaml"]
        c.unique(tconv, policy.targets, "id", "targets", msg("target id", "目标标识"))
        c.unique(tconv, policy.goals, "id", "goals", msg("goal id", "定性目标标识"))
    if isinstance(book, TaskBook):
        kconv = convs["tasks.yaml"]
        c.unique(kconv, book.sections, "number", "sections", msg("section number", "部分编号"))
        c.unique(kconv, book.tasks, "number", "tasks", msg("task number", "任务编号"))
    if readable is not None:
        _sections_known(c, convs["tasks.yaml"], readable)
    if isinstance(registry, Registry):
        owner = _registry(c, convs["departments.yaml"], registry)
        if readable is not None:
            _departments_known(c, convs["tasks.yaml"], readable, registry, owner)
    # loads, but there is nothing to count: a draft of a text that is no opinion looks so
    if isinstance(policy, Policy) and isinstance(book, TaskBook) \
            and not policy.targets and not book.tasks:
        c.add(convs["targets.yaml"], ("targets",), "empty-policy", msg(
            "the policy has no counted target and no task: status and report would have "
            "nothing to count; add them (for a draft, see its REVIEW.md)",
            "政策既没有量化目标也没有任务：status 和 report 无从统计；请补上（草稿请看其 REVIEW.md）"),
            Severity.warning)
    return c.findings


class _Readable(NamedTuple):
    """What the checks between files read of a task book that did not validate."""

    sections: list[Any]
    tasks: list[Any]


class _Numbered(NamedTuple):
    number: int


class _Assigned(NamedTuple):
    section: Optional[int]
    departments: list[str]


def _readable_tasks(data: Any) -> Optional[_Readable]:
    """The sections and tasks of a tasks.yaml that did not validate, as far as their numbers
    and department names are of the right type (the rest was reported already), in their own
    places: a finding's index is the task's index in the file."""
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        return None
    sections = [_Numbered(s["number"]) for s in data.get("sections") or []
                if isinstance(s, dict) and type(s.get("number")) is int]
    tasks = []
    for t in data["tasks"]:
        t = t if isinstance(t, dict) else {}
        section = t.get("section")
        names = t.get("departments")
        tasks.append(_Assigned(section if type(section) is int else None,
                               [n if isinstance(n, str) else "" for n in names]
                               if isinstance(names, list) else []))
    return _Readable(sections, tasks)


def _registry(c: _Checker, dconv: _Converter, registry: Registry) -> dict[str, str]:
    """Ids and names unique, no alias of two departments or of a department and a town;
    returns every spelling -> the department it names."""
    c.unique(dconv, registry.departments, "id", "departments", msg("department id", "部门标识"))
    c.unique(dconv, registry.departments, "name", "departments",
             msg("department name", "部门名称"))

    # Every spelling is compared as the ledger reader compares names (traditional characters,
    # width, spaces folded), so a clash the reader would meet is caught here, where it is made.
    # With place prefixes dropped too: 江津区科技局 given to 区教委 would take every
    # 江津区科技局 row from 区科技局, whose name reads the same once the prefix is gone.
    index = DepartmentIndex(registry.departments, registry.prefixes)
    owner: dict[str, str] = {}  # every spelling, exact, folded and prefix-free -> department
    for i, d in enumerate(registry.departments):
        for j, spelling in enumerate([d.id, d.name, d.full_name, *d.aliases]):
            folded = fold(spelling)
            for key in sorted({spelling, folded, index.core(folded)} - {""}, key=len,
                              reverse=True):
                prev = owner.setdefault(key, d.name)
                if prev == d.name:
                    continue
                if j >= 3:
                    path: Path_ = ("departments", i, "aliases", j - 3)
                else:
                    path = ("departments", i, ("id", "name", "full_name")[j])
                same = "" if key == spelling else f" (read as `{key}`)"
                same_zh = "" if key == spelling else f"（规范化后为 `{key}`）"
                c.add(dconv, path, "alias-clash", msg(
                    f"`{spelling}`{same} already names `{prev}`; a name must point to one "
                    "department only, or ledger rows with it cannot be attributed: remove it "
                    "from one of them",
                    f"`{spelling}`{same_zh} 已指向 `{prev}`；一个名称只能指向一个部门，否则台账中"
                    "写这个名称的行无法归属：请从其中一个部门删去"))
                break

    # A town is not a department: a spelling both claim would be read as the department (the
    # index tries departments first) and the town would lose its rows. Two towns sharing one
    # spelling cannot both be counted either.
    c.unique(dconv, registry.towns, "name", "towns", msg("town name", "镇街名称"))
    town_owner: dict[str, str] = {}
    for i, town in enumerate(registry.towns):
        for j, spelling in enumerate([town.name, *town.aliases]):
            path = ("towns", i, "name") if j == 0 else ("towns", i, "aliases", j - 1)
            folded = fold(spelling)
            core = index.core(folded)
            # as the reader counts it too: 白沙镇人民政府 is 白沙镇
            keys = sorted({spelling, folded, core, index.town_form(core) or ""} - {""}, key=len,
                          reverse=True)
            dept = next((owner[k] for k in keys if k in owner), None)
            if dept is not None:
                c.add(dconv, path, "alias-clash", msg(
                    f"town `{spelling}` is also a name of the department `{dept}`; ledger rows "
                    "with it would count for the department, never for the town: rename one of "
                    "them, or remove the alias",
                    f"镇街 `{spelling}` 同时是部门 `{dept}` 的名称；台账中写这个名称的行会算作该部门，"
                    "不会算作镇街：请改掉其中一个名称，或删除该简称"))
                continue
            other = next((town_owner[k] for k in keys
                          if town_owner.get(k, town.name) != town.name), None)
            if other is not None:
                c.add(dconv, path, "alias-clash", msg(
                    f"`{spelling}` already names the town `{other}`; a name must point to one "
                    "town only: remove it from one of them",
                    f"`{spelling}` 已指向镇街 `{other}`；一个名称只能指向一个镇街：请从其中一个删去"))
                continue
            for k in keys:
                town_owner.setdefault(k, town.name)
    return owner



def _sections_known(c: _Checker, kconv: _Converter, book: Union[TaskBook, _Readable]) -> None:
    sections = {s.number for s in book.sections}
    for i, task in enumerate(book.tasks):
        if task.section is not None and task.section not in sections:
            defined = ", ".join(map(str, sorted(sections)))
            c.add(kconv, ("tasks", i, "section"), "unknown-reference", msg(
                f"section {task.section} is not defined; defined sections: {defined}",
                f"未定义第 {task.section} 部分；已定义的部分：{defined}"))


def _departments_known(c: _Checker, kconv: _Converter, book: Union[TaskBook, _Readable],
                       registry: Registry, owner: dict[str, str]) -> None:
    names = {d.name for d in registry.departments}
    for i, task in enumerate(book.tasks):
        for j, name in enumerate(task.departments):
            if name in names or not name:  # not a name: said as its type already
                continue
            if name in owner:
                hint = msg(f"write it as the canonical name `{owner[name]}`",
                           f"请写成规范名称 `{owner[name]}`")
            else:
                close = difflib.get_close_matches(name, sorted(names), n=3, cutoff=0.5)
                hint = (msg(f"did you mean {', '.join(f'`{n}`' for n in close)}? ",
                            f"是否指 {'、'.join(f'`{n}`' for n in close)}？") if close
                        else msg("", "")) + msg("or add the department to departments.yaml",
                                                "或在 departments.yaml 中登记该部门")
            c.add(kconv, ("tasks", i, "departments", j), "unknown-reference",
                  msg(f"department `{name}` is not in the registry; ",
                      f"部门 `{name}` 不在部门名录中；") + hint)


# --- entry points -----------------------------------------------------------------------------


def _embedded_dir() -> Any:
    """The data shipped in the wheel (stdcheck/data), or the repo's data/ in a source checkout."""
    packaged = resources.files("stdcheck").joinpath("data")
    if packaged.joinpath("targets.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def read_texts(directory: Optional[Path]) -> tuple[dict[str, str], str, list[Finding]]:
    """The text of each data file that could be read, the policy's label, and a finding for
    each file that could not."""
    base = _embedded_dir() if directory is None else Path(directory)
    label = "embedded" if directory is None else str(directory)
    texts: dict[str, str] = {}
    found: list[Finding] = []
    if directory is not None and not Path(directory).is_dir():
        listed = ", ".join(FILES)
        code = "no-such-file" if not Path(directory).exists() else "unreadable-file"
        return texts, label, [_finding(str(directory), None, None, "", code, msg(
            f"is not a directory; --data takes a folder holding {listed}",
            f"不是文件夹；--data 需要一个存放 {listed} 的文件夹"))]
    for name in FILES:
        shown = name if directory is None else str(Path(directory) / name)
        f = base.joinpath(name)
        try:
            if directory is not None and Path(f).stat().st_size > MAX_DATA_BYTES:
                limit = MAX_DATA_BYTES // 2**20
                found.append(_finding(shown, None, None, "", "too-large", msg(
                    f"is larger than {limit} MiB; this is not a policy file",
                    f"大于 {limit} MiB；这不是政策文件")))
                continue
            texts[name] = f.read_bytes().decode("utf-8")
        except FileNotFoundError:
            # where the embedded files are: an installed copy has no data/ of its own
            embedded = _embedded_dir()
            found.append(_finding(shown, None, None, "", "no-such-file", msg(
                f"is missing; every policy needs {', '.join(FILES)} (copy the embedded "
                f"opinion's as a start: {embedded})",
                f"缺失；每个政策都需要 {'、'.join(FILES)}（可复制内置政策的文件作为起点：{embedded}）")))
        except UnicodeDecodeError as e:
            found.append(_finding(shown, None, None, "", "bad-encoding", msg(
                f"is not UTF-8 (byte {e.start}); save it as UTF-8",
                f"不是 UTF-8 编码（第 {e.start} 字节）；请另存为 UTF-8")))
        except OSError as e:
            found.append(_finding(shown, None, None, "", "unreadable-file", msg(
                f"cannot be read: {e.strerror}", f"无法读取：{e.strerror}")))
    return texts, label, found


@dataclass
class PolicyCheck:
    """What checking a policy found: the loaded policy if it is usable, and every finding."""

    data: Optional[PolicyData]
    findings: list[Finding] = field(default_factory=list)


def check(directory: Optional[Path] = None) -> PolicyCheck:
    """Check a policy folder (None: the embedded opinion) and return every finding in every
    file at once; ``data`` is the loaded policy when no finding is an error (a warning, such
    as ``empty-policy``, leaves it usable)."""
    texts, label, found = read_texts(directory)
    shown = {name: name if directory is None else str(Path(directory) / name) for name in texts}
    return check_texts({name: (text, shown[name]) for name, text in texts.items()}, label,
                       found)


def check_texts(files: dict[str, tuple[str, str]], label: str,
                found: Optional[list[Finding]] = None) -> PolicyCheck:
    """Check the policy made of ``files`` (a name of :data:`FILES` -> its text and the source
    its findings name): every YAML and schema finding of each file, then the cross-checks
    between the files that loaded. ``found``: findings already made (a file that could not be
    read); ``data`` is the policy when all three are there and no finding is an error."""
    found = list(found or [])
    models: dict[str, BaseModel] = {}
    convs: dict[str, _Converter] = {}
    invalid: dict[str, Any] = {}  # the data of a file that did not validate
    for name, model in FILES.items():
        if name not in files:
            continue
        text, shown = files[name]
        data, conv = _parse(text, shown)
        convs[name] = conv
        found += conv.findings
        if data is None:
            continue
        try:
            models[name] = model.model_validate(data)
        except ValidationError as e:
            # a value the YAML reading already reported is not reported again as its type
            reported = {f.field for f in conv.findings}
            found += [f for f in _validation_findings(e, conv, model)
                      if f.field not in reported]
            invalid[name] = data
    found += _cross_check(models, convs, invalid)
    # one value shared through a YAML anchor (window: *w) is wrong once, where it is written,
    # however many targets use it
    seen: set[tuple[object, ...]] = set()
    unique = []
    for f in found:
        key = (f.source, f.line, f.column, f.code, f.message.en)
        if f.line is None or key not in seen:
            seen.add(key)
            unique.append(f)
    found = unique
    # warnings (empty-policy) leave the policy usable; the findings say what deserves a look
    if any(f.severity is not Severity.warning for f in found) or len(models) < len(FILES):
        return PolicyCheck(None, found)
    policy, book, registry = (models["targets.yaml"], models["tasks.yaml"],
                              models["departments.yaml"])
    assert isinstance(policy, Policy) and isinstance(book, TaskBook)
    assert isinstance(registry, Registry)
    return PolicyCheck(PolicyData(policy=policy, sections=book.sections, tasks=book.tasks,
                                  departments=registry.departments, prefixes=registry.prefixes,
                                  district=registry.district, towns=registry.towns,
                                  source=label), found)


def kind_of(text: str) -> Optional[str]:
    """Which data file (a key of :data:`FILES`) ``text`` is by its top-level keys, or None when
    it is not a policy file (another YAML: a CI workflow, a pre-commit config) or cannot be
    parsed at all."""
    try:
        node = compose(text)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    best, score = None, 0
    for name, model in FILES.items():
        required = {n for n, f in model.model_fields.items() if f.is_required()}
        shared = len(keys & set(model.model_fields))
        # a list the file is about (targets, tasks, departments) must be there
        if shared > score and keys & required - {"id", "title", "issuer"}:
            best, score = name, shared
    return best if score * 2 >= len(keys) else None


def load(directory: Optional[Path] = None) -> PolicyData:
    """Load and cross-check a policy; ``None`` means the embedded Jiangjin opinion. Raises
    ``PolicyError`` with every finding when the data cannot be used."""
    result = check(directory)
    if result.data is None:
        raise PolicyError(result.findings)
    return result.data


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of each data file, from the models (for editors and CI)."""
    out = {}
    for name, model in FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"stdcheck {name}"
        out[name] = schema
    return out

