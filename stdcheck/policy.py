"""Load a policy (targets.yaml, tasks.yaml, departments.yaml) and cross-check it.

Every mistake in a data file becomes an ``Issue`` located by file, line, column and field, and
all of them are reported together in one ``PolicyError``: a data maintainer fixes the file in one
pass, and CI rejects a broken file with a message rather than a traceback.

YAML is composed (never constructed) with the safe C loader where available; this module turns
nodes into Python values itself, so that it can close the traps of plain ``yaml.safe_load``:
duplicate keys (last one silently wins), impossible dates (a bare ``ValueError``), octal-looking
numbers (``010`` is 8) and arbitrary tags.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError
from .models import Policy, PolicyData, Registry, TaskBook

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FILES: dict[str, type[BaseModel]] = {
    "targets.yaml": Policy,
    "tasks.yaml": TaskBook,
    "departments.yaml": Registry,
}

MAX_DATA_BYTES = 5 * 2**20  # a policy is a few KB; anything this large is not one

Path_ = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Issue:
    """One located mistake in a data file."""

    file: str
    line: Optional[int]  # 1-based
    column: Optional[int]  # 1-based
    field: str  # e.g. tasks[3].departments[1]
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class PolicyError(InputError):
    """The policy data cannot be used; ``issues`` says where and why."""

    hint = "fix the lines above; `stdcheck schema` gives the shape of each file"

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__(f"the policy data has {len(issues)} problem(s):\n"
                         + "\n".join(f"  {i}" for i in issues))


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


class _TooLarge(Exception):
    """The document expands (through aliases) beyond what a policy file can be."""

    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node, self.message = node, message


class _Converter:
    def __init__(self, file: str):
        self.file = file
        self.nodes = 0
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.raw: dict[Path_, str] = {}  # scalar text, for hints ("no" read as false)
        self.issues: list[Issue] = []

    def issue(self, node: yaml.Node, path: Path_, message: str) -> None:
        m = node.start_mark
        self.issues.append(Issue(self.file, m.line + 1, m.column + 1, field_name(path), message))

    def convert(self, node: yaml.Node, path: Path_ = ()) -> Any:
        # Aliases (*name) are shared in the composed graph but expanded here: bound the work so
        # "billion laughs" or a recursive alias fails with a message, not a MemoryError.
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node, f"the file expands to more than {MAX_NODES:,} values, almost "
                            "certainly through aliases (*name) that repeat a block many times; "
                            "write the values out, a policy file is small")
        if len(path) > MAX_DEPTH:
            raise _TooLarge(node, f"values are nested more than {MAX_DEPTH} levels deep (an "
                            "alias that refers to itself?); remove the alias that repeats")
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.issue(node, path, f"tag `{node.tag}` is not allowed in policy data; remove it")
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.issue(node, path, f"tag `{node.tag}` is not allowed in policy data; remove it")
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

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
                self.issue(key_node, path, "a key must be a plain name; write `name: value`")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                self.issue(key_node, path + (key,),
                           f"duplicate key `{key}` (lines {seen[key]} and {line}); YAML would keep "
                           "only the last one silently: remove or rename one of them")
                continue
            seen[key] = line
            out[key] = self.convert(value_node, path + (key,))
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        text, tag = node.value, node.tag
        self.raw[path] = text
        if tag == _STR or node.style in ("'", '"', "|", ">"):
            if tag != _STR:
                self.issue(node, path, f"tag `{tag}` is not allowed in policy data; remove it")
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            # YAML 1.1 reads yes/no/on/off as booleans; keep the value a bool so that a strict
            # string field rejects it (with a hint to quote it) instead of storing "False".
            return _BOOLS.get(text.lower(), text.lower() in ("yes", "y", "on"))
        if tag == "tag:yaml.org,2002:int":
            if _INT.match(text):
                return int(text)
            self.issue(node, path, f"`{text}` is not a plain decimal number (YAML 1.1 reads it as "
                       "octal, hexadecimal or base 60); write the number without leading zeros, "
                       f"or quote it ('{text}') if it is text")
            return text
        if tag == "tag:yaml.org,2002:float":
            if _FLOAT.match(text):
                return float(text)
            self.issue(node, path, f"`{text}` is not a plain decimal number; write e.g. 1.5")
            return text
        if tag == "tag:yaml.org,2002:timestamp":
            m = _DATE.match(text)
            if not m:
                self.issue(node, path, f"`{text}` is not a date; write a date as YYYY-MM-DD")
                return text
            try:
                return dt.date(*(int(g) for g in m.groups()))
            except ValueError as e:
                self.issue(node, path, f"`{text}` is not a real date ({e}); write a real date as "
                           "YYYY-MM-DD")
                return text
        self.issue(node, path, f"tag `{tag}` is not allowed in policy data; remove it")
        return text


def _parse(text: str, file: str) -> tuple[Any, _Converter]:
    conv = _Converter(file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = " ".join(x for x in (e.context, e.problem) if x)
        conv.issues.append(Issue(file, mark.line + 1 if mark else None,
                                 mark.column + 1 if mark else None, "",
                                 f"YAML syntax error: {what}; check indentation, colons and "
                                 "quotes on this line and the one before"))
        return None, conv
    except yaml.YAMLError as e:
        conv.issues.append(Issue(file, None, None, "", f"YAML error: {e}"))
        return None, conv
    if node is None:
        conv.issues.append(Issue(file, 1, 1, "", "the file is empty; see README for its shape"))
        return None, conv
    try:
        return conv.convert(node), conv
    except _TooLarge as e:
        conv.issue(e.node, (), e.message)
        return None, conv


# --- pydantic errors -> located issues -------------------------------------------------------


def _locate(conv: _Converter, loc: tuple) -> tuple[Path_, tuple[Optional[int], Optional[int]]]:
    """The deepest path of ``loc`` that exists in the file (a missing key sits on its parent)."""
    path: Path_ = ()
    for part in loc:
        if path + (part,) in conv.marks:
            path += (part,)
    line, col = conv.marks.get(path, (None, None))
    return path, (line, col)


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
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


def _validation_issues(err: ValidationError, conv: _Converter, model: type[BaseModel]) -> list[Issue]:
    issues = []
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        path, (line, col) = _locate(conv, loc)
        kind, msg = e["type"], e["msg"]
        raw = conv.raw.get(path)
        if kind == "extra_forbidden":
            key = loc[-1]
            allowed = _allowed_keys(model, loc)
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"allowed keys: {', '.join(allowed)}"
            msg = f"unknown key `{key}`: {hint}"
        elif kind == "missing":
            msg = f"`{loc[-1]}` is required here; add it"
            path = path if path == loc else path + (loc[-1],)
        elif kind == "string_type" and isinstance(e.get("input"), bool):
            msg = (f"YAML reads `{raw}` as a yes/no value, but text is meant here; quote it: "
                   f"'{raw}'")
        elif kind in ("int_type", "float_type") and isinstance(e.get("input"), str):
            msg = f"a number is meant here, not text `{e['input']}`; write it without quotes"
        elif kind == "date_type":
            msg = "a date is meant here; write it as YYYY-MM-DD without quotes"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        elif kind == "string_pattern_mismatch":
            msg = "use lower-case letters, digits and single hyphens (e.g. `local-standards`)"
        issues.append(Issue(conv.file, line, col, field_name(path), msg))
    return issues


# --- cross references --------------------------------------------------------------------------


class _Checker:
    def __init__(self):
        self.issues: list[Issue] = []

    def unique(self, conv: _Converter, items: list, attr: str, list_key: str, what: str) -> None:
        first: dict[Any, int] = {}
        for i, item in enumerate(items):
            value = getattr(item, attr)
            if value in first:
                path = (list_key, i, attr)
                line, col = conv.marks.get(path, (None, None))
                other = conv.marks.get((list_key, first[value], attr), (None, None))[0]
                self.issues.append(Issue(conv.file, line, col, field_name(path),
                                         f"{what} `{value}` is used twice (also on line {other}); "
                                         "each must be unique"))
            else:
                first[value] = i

    def add(self, conv: _Converter, path: Path_, message: str) -> None:
        line, col = conv.marks.get(path, (None, None))
        self.issues.append(Issue(conv.file, line, col, field_name(path), message))


def _cross_check(policy: Policy, book: TaskBook, registry: Registry,
                 convs: dict[str, _Converter]) -> list[Issue]:
    c = _Checker()
    tconv, kconv, dconv = convs["targets.yaml"], convs["tasks.yaml"], convs["departments.yaml"]
    c.unique(tconv, policy.targets, "id", "targets", "target id")
    c.unique(tconv, policy.goals, "id", "goals", "goal id")
    c.unique(kconv, book.sections, "number", "sections", "section number")
    c.unique(kconv, book.tasks, "number", "tasks", "task number")
    c.unique(dconv, registry.departments, "id", "departments", "department id")
    c.unique(dconv, registry.departments, "name", "departments", "department name")

    owner: dict[str, str] = {}  # every spelling -> the department it belongs to
    for i, d in enumerate(registry.departments):
        for j, spelling in enumerate([d.name, d.full_name, *d.aliases]):
            prev = owner.setdefault(spelling, d.name)
            if prev != d.name:
                field = ("departments", i, "aliases", j - 2) if j >= 2 else ("departments", i)
                c.add(dconv, field, f"`{spelling}` already names `{prev}`; an alias must point "
                      "to one department only")

    sections = {s.number for s in book.sections}
    names = {d.name for d in registry.departments}
    for i, task in enumerate(book.tasks):
        if task.section not in sections:
            c.add(kconv, ("tasks", i, "section"),
                  f"section {task.section} is not defined; defined sections: "
                  f"{', '.join(map(str, sorted(sections)))}")
        for j, name in enumerate(task.departments):
            if name in names:
                continue
            if name in owner:
                hint = f"write it as the canonical name `{owner[name]}`"
            else:
                close = difflib.get_close_matches(name, sorted(names), n=3, cutoff=0.5)
                hint = (f"did you mean {', '.join(f'`{n}`' for n in close)}? " if close else "") + \
                    "or add the department to departments.yaml"
            c.add(kconv, ("tasks", i, "departments", j),
                  f"department `{name}` is not in the registry; {hint}")
    return c.issues


# --- entry points -----------------------------------------------------------------------------


def _embedded_dir() -> Any:
    """The data shipped in the wheel (stdcheck/data), or the repo's data/ in a source checkout."""
    packaged = resources.files("stdcheck").joinpath("data")
    if packaged.joinpath("targets.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def read_texts(directory: Optional[Path]) -> tuple[dict[str, str], str]:
    base = _embedded_dir() if directory is None else Path(directory)
    label = "embedded" if directory is None else str(directory)
    texts, issues = {}, []
    if directory is not None and not Path(directory).is_dir():
        raise PolicyError([Issue(str(directory), None, None, "",
                                 "is not a directory; --data takes a folder holding "
                                 f"{', '.join(FILES)}")])
    for name in FILES:
        shown = name if directory is None else str(Path(directory) / name)
        f = base.joinpath(name)
        try:
            if directory is not None and Path(f).stat().st_size > MAX_DATA_BYTES:
                issues.append(Issue(shown, None, None, "", f"is larger than "
                                    f"{MAX_DATA_BYTES // 2**20} MiB; this is not a policy file"))
                continue
            texts[name] = f.read_bytes().decode("utf-8")
        except FileNotFoundError:
            issues.append(Issue(shown, None, None, "", "is missing; every policy needs "
                                f"{', '.join(FILES)} (copy the shape from the embedded data/)"))
        except UnicodeDecodeError as e:
            issues.append(Issue(shown, None, None, "", f"is not UTF-8 (byte {e.start}); save it "
                                "as UTF-8"))
        except OSError as e:
            issues.append(Issue(shown, None, None, "", f"cannot be read: {e.strerror}"))
    if issues:
        raise PolicyError(issues)
    return texts, label


def load(directory: Optional[Path] = None) -> PolicyData:
    """Load and cross-check a policy; ``None`` means the embedded Jiangjin opinion."""
    texts, label = read_texts(directory)
    issues: list[Issue] = []
    models: dict[str, BaseModel] = {}
    convs: dict[str, _Converter] = {}
    for name, model in FILES.items():
        shown = name if directory is None else str(Path(directory) / name)
        data, conv = _parse(texts[name], shown)
        convs[name] = conv
        issues += conv.issues
        if conv.issues or data is None:
            continue
        try:
            models[name] = model.model_validate(data)
        except ValidationError as e:
            issues += _validation_issues(e, conv, model)
    if not issues:
        issues = _cross_check(models["targets.yaml"], models["tasks.yaml"],  # type: ignore[arg-type]
                              models["departments.yaml"], convs)  # type: ignore[arg-type]
    if issues:
        raise PolicyError(issues)
    registry: Registry = models["departments.yaml"]  # type: ignore[assignment]
    book: TaskBook = models["tasks.yaml"]  # type: ignore[assignment]
    return PolicyData(policy=models["targets.yaml"], sections=book.sections, tasks=book.tasks,
                      departments=registry.departments, prefixes=registry.prefixes, source=label)


def json_schemas() -> dict[str, dict]:
    """JSON Schema of each data file, from the models (for editors and CI)."""
    out = {}
    for name, model in FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"stdcheck {name}"
        out[name] = schema
    return out

