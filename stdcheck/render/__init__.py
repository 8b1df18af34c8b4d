"""Output formats as plug-ins: one module per format behind one interface, looked up in
:data:`MODULES` and imported only when used.

A format module defines ``render(doc, lang, options) -> str | bytes`` for the documents it can
show (a ``StatusReport``, a listing, the code catalogue). Adding a format is one module plus one
line in ``MODULES`` (and a member of ``Format``); a test holds every member to a module.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Optional, Protocol, Union

from ..collector import paused

if TYPE_CHECKING:
    from pydantic import BaseModel


class Format(str, Enum):
    table = "table"
    json = "json"
    md = "md"
    text = "text"
    github = "github"
    sarif = "sarif"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"


#: The formats each kind of command writes (its ``--format`` choices), in the order help
#: lists them: the listings (targets, tasks, departments, explain, number, draft, status), the
#: meeting report, and validate.
LISTING_FORMATS = (Format.table, Format.json)
REPORT_FORMATS = (Format.md, Format.json, Format.table, Format.html, Format.xlsx, Format.docx)
VALIDATE_FORMATS = (Format.text, Format.github, Format.json, Format.sarif)

#: Format -> the module (in this package) that renders it.
MODULES: dict[Format, str] = {
    Format.table: "terminal",
    Format.json: "json",
    Format.text: "text",
    Format.github: "github",
    Format.sarif: "sarif",
    Format.md: "markdown",
    Format.html: "html",
    Format.xlsx: "xlsx",
    Format.docx: "docx",
}

#: The suffix of an output file -> the format it asks for (report --out report.docx).
SUFFIXES: dict[str, Format] = {
    ".json": Format.json,
    ".md": Format.md,
    ".markdown": Format.md,
    ".txt": Format.table,
    ".html": Format.html,
    ".htm": Format.html,
    ".xlsx": Format.xlsx,
    ".docx": Format.docx,
}


@dataclass(frozen=True)
class Options:
    """How the output will be shown: ``width`` in columns, ``color`` for a colour terminal,
    ``encoding`` of the stream it goes to (None: UTF-8), so that glyphs it cannot hold — the
    shaded bar ░ in GBK, every box line in ASCII — are drawn with ones it can."""

    width: int = 120
    color: bool = False
    encoding: Optional[str] = None


class Renderer(Protocol):
    def render(self, doc: BaseModel, lang: str, options: Options) -> Union[str, bytes]: ...


class Unsupported(TypeError):
    """The format cannot show this kind of document."""


def renderer(fmt: Format) -> Renderer:
    module: Renderer = importlib.import_module(f"{__name__}.{MODULES[fmt]}")
    return module


def render(doc: BaseModel, fmt: Format, lang: str,
           options: Options = Options()) -> Union[str, bytes]:
    module = renderer(fmt)
    with paused():  # a report's rows live to the end of the render; see ..collector
        return module.render(doc, lang, options)


def annex_name(name: str, lang: str) -> str:
    """The file name of the annex written beside a paper called ``name``:
    ``报告-附件.xlsx`` / ``report-annex.xlsx``."""
    from pathlib import PurePath

    return PurePath(name).stem + ("-附件" if lang == "zh" else "-annex") + ".xlsx"


def render_files(doc: BaseModel, fmt: Format, lang: str, name: str,
                 options: Options = Options()) -> list[tuple[str, Union[str, bytes]]]:
    """The files ``doc`` is written as, to a file called ``name``: ``[(name, data)]``, then
    any file a format writes beside it (the Word paper's annex past its size, named by
    :func:`annex_name`), each as ``(file name, data)``."""
    module = renderer(fmt)
    files = getattr(module, "render_files", None)
    with paused():
        if files is None:
            return [(name, module.render(doc, lang, options))]
        out: list[tuple[str, Union[str, bytes]]] = files(doc, lang, options, name)
        return out


def render_to(stream: Any, doc: BaseModel, fmt: Format, lang: str,
              options: Options = Options()) -> None:
    """Write ``doc`` to the text ``stream``: in pieces for a format that can (JSON), else
    :func:`render`'s text at once."""
    module = renderer(fmt)
    write = getattr(module, "render_to", None)
    with paused():
        if write is not None:
            write(stream, doc, lang, options)
            return
        data = module.render(doc, lang, options)
    if isinstance(data, bytes):
        raise Unsupported(f"the {fmt.value} format is binary")
    stream.write(data)
