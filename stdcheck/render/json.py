"""JSON: the document itself, as data for scripts and CI.

Every document carries ``schema_version``; texts are ``{"zh", "en"}`` objects everywhere and
department names are canonical names, as the opinion writes them.

The text is exactly ``json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)``
and a newline, written in pieces: a long list of a document (every overdue item of a
million-row roll-up) is dumped one element at a time and written in chunks, so neither the
whole dumped document nor its whole text is ever held (bench/NOTES.md has what it saves).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
import typing
from collections.abc import Callable, Hashable
from typing import Any, Optional, Protocol

from pydantic import BaseModel

from ..result import Item, Items, MeetingReport
from ..vocabulary import Text
from . import Options

try:
    from _json import encode_basestring as _string  # the C encoder of json.dumps
except ImportError:  # pragma: no cover - CPython always has it
    from json.encoder import py_encode_basestring as _string

CHUNK = 2000  # list elements per write


class Stream(Protocol):
    def write(self, text: str, /) -> Any: ...


def render(doc: BaseModel, lang: str, options: Options) -> str:
    out = io.StringIO()
    render_to(out, doc, lang, options)
    return out.getvalue()


def render_to(stream: Stream, doc: BaseModel, lang: str, options: Options) -> None:
    """Write the JSON of ``doc`` to ``stream`` (text) piece by piece: the same text as
    :func:`render`."""
    cls = type(doc)
    if isinstance(doc, MeetingReport):
        # pydantic's own serializer writes the same text as json.dumps(indent=2) (a test holds
        # it to that), several times faster on the report's nested pages and evidence
        stream.write(doc.model_dump_json(indent=2) + "\n")
        return
    if cls.model_computed_fields:  # not one of ours; the plain way is certainly right
        stream.write(json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)
                     + "\n")
        return
    fields = cls.model_fields
    if not fields:
        stream.write("{}\n")
        return
    stream.write("{")
    first = True
    for name, info in fields.items():
        stream.write(("\n  " if first else ",\n  ") + _string(name) + ": ")
        first = False
        value = getattr(doc, name)
        item = _item_type(info.annotation)
        if item is not None and value and (
                isinstance(value, Items)
                or (isinstance(value, list) and all(type(v) is item for v in value))):
            # one element at a time: serialized as the field's declared type, as the whole
            # document's dump would
            stream.write("[")
            pieces: list[str] = []
            flat = _flat(item)
            if flat is not None and isinstance(value, Items) and value.split is not None:
                # open items from their compact rows: what a shape's rows share is written
                # once a shape, no model is made (a quarter of a million at a million rows)
                write, value = _rows_writer(value, flat, 2), value.rows()
            else:
                write = (_writer_of(flat, 2) if flat is not None
                         else lambda v: _encode(v.model_dump(mode="json"), 2))
            add = pieces.append
            for i, v in enumerate(value):
                add(("\n    " if i == 0 else ",\n    ") + write(v))
                if len(pieces) >= CHUNK:
                    stream.write("".join(pieces))
                    pieces.clear()
            pieces.append("\n  ]")
            stream.write("".join(pieces))
        else:
            stream.write(_encode(doc.model_dump(mode="json", include={name})[name], 1))
    stream.write("\n}\n")


# What a field of a flat model holds -> how its value is written; a model with a field of any
# other type is dumped by pydantic.
_SCALARS: dict[Any, str] = {str: "str", Optional[str]: "str?", int: "int", Optional[int]: "int?",
                            bool: "bool", Optional[bool]: "bool?", list[str]: "strs",
                            dt.date: "date", Optional[dt.date]: "date?"}
_flats: dict[type, Optional[tuple[tuple[str, str], ...]]] = {}


def _flat(cls: type[BaseModel]) -> Optional[tuple[tuple[str, str], ...]]:
    """(field, how it is written) for a model whose fields are text, whole numbers, dates,
    lists of text or text enums (an open item), else None."""
    if cls not in _flats:
        plan: Optional[list[tuple[str, str]]] = []
        for name, info in cls.model_fields.items():
            how = _SCALARS.get(info.annotation)
            if how is None and isinstance(info.annotation, type) and issubclass(
                    info.annotation, str) and issubclass(info.annotation, enum.Enum):
                how = "enum"
            if how is None and info.annotation is Text:
                how = "text"
            if how is None or info.serialization_alias or info.alias or cls.model_computed_fields:
                plan = None
                break
            assert plan is not None
            plan.append((name, how))
        _flats[cls] = None if plan is None else tuple(plan)
    return _flats[cls]


def _encode_flat(model: BaseModel, plan: tuple[tuple[str, str], ...], level: int) -> str:
    """A flat model (see :func:`_flat`) as its JSON dump is written, from its attributes."""
    return _writer_of(plan, level)(model)


def _writer_of(plan: tuple[tuple[str, str], ...], level: int) -> Callable[[BaseModel], str]:
    write = _writers.get((plan, level))
    if write is None:
        write = _writers[(plan, level)] = _writer(plan, level)
    return write


# (plan, level) -> a function writing a model of that plan: one expression per model, made
# once (a quarter of a million open items are written at a million rows)
_writers: dict[tuple[tuple[tuple[str, str], ...], int], Callable[[BaseModel], str]] = {}
_VALUE = {
    "str": "_s(d[{n!r}])",
    "str?": "(\"null\" if d[{n!r}] is None else _s(d[{n!r}]))",
    "enum": "_s(d[{n!r}]._value_)",  # the value itself: .value is a descriptor, per call
    "text": "_text(d[{n!r}], {inner})",
    "date": "('\"' + _iso(d[{n!r}]) + '\"')",
    "date?": "(\"null\" if d[{n!r}] is None else '\"' + _iso(d[{n!r}]) + '\"')",
    "strs": "_strs(d[{n!r}], {inner})",
    "int": "_int(d[{n!r}])",
    "int?": "(\"null\" if d[{n!r}] is None else _int(d[{n!r}]))",
    "bool": "(\"true\" if d[{n!r}] else \"false\")",
    "bool?": "(\"null\" if d[{n!r}] is None else \"true\" if d[{n!r}] else \"false\")",
}


def _strs(values: list[str], level: int) -> str:
    """A list of text as ``json.dumps(indent=2)`` writes it ``level`` deep."""
    if not values:
        return "[]"
    inner = "\n" + "  " * (level + 1)
    return "[" + ",".join([inner + _string(str.__str__(v)) for v in values]) + "\n" + \
        "  " * level + "]"


def _text(value: Any, level: int) -> str:
    """A ``Text`` (``{"zh", "en"}``) as ``json.dumps(indent=2)`` writes its dump."""
    d = value.__dict__
    inner = "\n" + "  " * (level + 1)
    return ("{" + inner + '"zh": ' + _string(d["zh"]) + "," + inner + '"en": '
            + _string(d["en"]) + "\n" + "  " * level + "}")


# the names the expressions of _VALUE call
_NAMES: dict[str, Any] = {"_s": _string, "_iso": dt.date.isoformat, "_strs": _strs,
                          "_int": int.__repr__, "_text": _text}


def _writer(plan: tuple[tuple[str, str], ...], level: int) -> Callable[[BaseModel], str]:
    if not plan:
        return lambda m: "{}"
    gap = "\n" + "  " * (level + 1)
    # one tuple of the pieces joined at once (a chain of + copies the text made so far, once
    # per field)
    parts = []
    for i, (name, how) in enumerate(plan):
        head = ("{" if i == 0 else ",") + gap + _string(name) + ": "
        parts += [repr(head), _VALUE[how].format(n=name, inner=level + 1)]
    parts.append(repr("\n" + "  " * level + "}"))
    source = ("def write(m):\n    d = m.__dict__\n    return ''.join((" + ", ".join(parts)
              + "))\n")
    space = dict(_NAMES)
    exec(compile(source, "<json writer>", "exec"), space)
    return space["write"]  # type: ignore[no-any-return]


def _rows_writer(items: Items, plan: tuple[tuple[str, str], ...], level: int
                 ) -> Callable[[Any], str]:
    """A writer of ``items``' compact rows giving the text :func:`_writer_of` gives for their
    models: per shape (``items.split``), the text between the fields that vary is made once,
    from the first row's model; each row adds only its varying values."""
    varying = items.varying
    assert tuple(n for n, _ in plan if n in varying) == varying, "varying in field order"
    hows = dict(plan)
    join = _joiner(tuple(hows[n] for n in varying), level)
    one = {how: _one(how, level) for _, how in plan}
    split, make = items.split, items.make
    assert split is not None
    texts: dict[Hashable, tuple[str, ...]] = {}
    gap = "\n" + "  " * (level + 1)

    def write(row: Any) -> str:
        key, values = split(row)
        t = texts.get(key)
        if t is None:
            d = make(row).__dict__
            parts, text = [], ""
            for i, (name, how) in enumerate(plan):
                text += ("{" if i == 0 else ",") + gap + _string(name) + ": "
                if name in varying:
                    parts.append(text)
                    text = ""
                else:
                    text += one[how]((d[name],))
            parts.append(text + "\n" + "  " * level + "}")
            t = texts[key] = tuple(parts)
        return join(t, values)

    return write


def _one(how: str, level: int) -> Callable[[tuple[Any]], str]:
    """``write((value,))``: one value written as :func:`_writer` writes a field of that kind."""
    expression = _VALUE[how].format(n=0, inner=level + 1)
    return eval(compile(f"lambda d: {expression}", "<json value>", "eval"),  # type: ignore[no-any-return]
                dict(_NAMES))


def _joiner(hows: tuple[str, ...], level: int) -> Callable[[tuple[str, ...], tuple[Any, ...]], str]:
    """``join(texts, values)``: the texts with the values written between them."""
    parts = []
    for k, how in enumerate(hows):
        parts += [f"t[{k}]", _VALUE[how].format(n=k, inner=level + 1)]
    parts.append(f"t[{len(hows)}]")
    space = dict(_NAMES)
    source = "def join(t, d):\n    return ''.join((" + ", ".join(parts) + "))\n"
    exec(compile(source, "<json join>", "exec"), space)
    return space["join"]  # type: ignore[no-any-return]


def _item_type(annotation: Any) -> Any:
    """``X`` for a field declared ``list[X]`` with ``X`` a model, else None."""
    if annotation is Items:
        return Item
    if typing.get_origin(annotation) is list:
        (arg,) = typing.get_args(annotation) or (None,)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _encode(o: Any, level: int) -> str:
    """``o`` (plain JSON data) as ``json.dumps(o, ensure_ascii=False, indent=2)`` writes it
    nested ``level`` deep."""
    if isinstance(o, str):
        return _string(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if type(o) is int:
        return int.__repr__(o)
    if type(o) is dict:
        if not o:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        parts = []
        for k, v in o.items():
            if type(k) is not str:
                return _fallback(o, level)
            parts.append(inner + _string(k) + ": " + _encode(v, level + 1))
        return "{" + ",".join(parts) + "\n" + "  " * level + "}"
    if type(o) is list:
        if not o:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        return ("[" + ",".join([inner + _encode(v, level + 1) for v in o]) + "\n"
                + "  " * level + "]")
    return _fallback(o, level)


def _fallback(o: Any, level: int) -> str:
    """Anything else (a float, a dict with keys that are not text) as json.dumps writes it:
    its own indented text, each line after the first moved ``level`` deep."""
    return json.dumps(o, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
