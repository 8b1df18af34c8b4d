"""The command line: parse options, call the library, pick a renderer, map errors to exit codes.

Nothing here computes a result: each command builds its inputs, makes one library call and
hands the document to :func:`_output`. Heavy modules (pydantic, yaml, rich, the ledger readers)
are imported inside the commands, so ``stdcheck --version`` in a pre-commit hook costs little
more than importing typer.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer
import typer.core

from .errors import InputError, OutputError, UsageError
from .inbox.cli import register as register_inbox
from .version import __version__

if TYPE_CHECKING:
    import datetime as dt

    from pydantic import BaseModel

    from .schema import PolicyData

# Exit codes (documented in the README).
OK, FINDINGS, INPUT_ERROR = 0, 1, 2

F = TypeVar("F", bound=Callable[..., Any])


def _plain_argument_help() -> None:
    """Show an argument with a metavar as ``LEDGER...``, not ``LEDGER <list[Path]>`` and
    ``{LEDGER}...``: the metavar says what to type, typer's type label says it in Python."""
    arg = typer.core.TyperArgument
    type_label = arg.display_type_rich
    usage_name = arg._usage_display_name

    def display_type_rich(self: Any, ctx: Any) -> Optional[str]:
        return None if self.metavar else type_label(self, ctx)

    def _usage_display_name(self: Any) -> str:
        if self.metavar and self.required:
            return f"{self.metavar}..." if self.nargs != 1 else str(self.metavar)
        return str(usage_name(self))

    arg.display_type_rich = display_type_rich  # type: ignore[method-assign]
    arg._usage_display_name = _usage_display_name  # type: ignore[method-assign]


_plain_argument_help()

app = typer.Typer(
    help="Where a district stands against the targets of its standardization policy.\n\n"
         "Exit codes: 0 success, 1 findings (with --fail-on), 2 usage or input error.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def _choices(name: str, formats: tuple[Format, ...]) -> Any:
    """A command's ``--format`` choices as the enum typer takes, from the one list in
    ``render`` (the type checker sees ``Format``, whose members these are named after)."""
    return Enum(name, {f.name: f.value for f in formats}, type=str)


if TYPE_CHECKING:
    from typing import TypeAlias

    from .render import Format

    ListFormat: TypeAlias = Format
    ReportFormat: TypeAlias = Format
    ValidateFormat: TypeAlias = Format
else:
    from .render import LISTING_FORMATS, REPORT_FORMATS, VALIDATE_FORMATS

    ListFormat = _choices("ListFormat", LISTING_FORMATS)
    ReportFormat = _choices("ReportFormat", REPORT_FORMATS)
    ValidateFormat = _choices("ValidateFormat", VALIDATE_FORMATS)


DataOpt = Annotated[Optional[Path], typer.Option(
    "--data", metavar="DIR", help="Folder with targets.yaml, tasks.yaml, departments.yaml of "
    "another policy (default: the embedded Jiangjin opinion).", file_okay=False)]
FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", metavar="table|json",
                                               help="Output format.")]
LangOpt = Annotated[Optional[Lang], typer.Option(
    "--lang", metavar="zh|en", help="Language of labels and messages (default: from the "
    "locale).", case_sensitive=False)]
# readable=False: click's own check would make a file without read permission a usage error;
# the library reads it and says so (an unreadable-file finding under --keep-going)
LedgersArg = Annotated[list[Path], typer.Argument(
    metavar="LEDGER", show_default=False, readable=False,
    help="Ledger files (CSV, TSV, XLSX, XLS, ODS) or folders of them.")]
OutputOpt = Annotated[Optional[Path], typer.Option(
    "--output", "--out", "-o", metavar="FILE",  # both names on every command that writes
    help="Write to this file (atomically) instead of standard output.")]


class Settings:
    def __init__(self, data: Optional[Path] = None, lang: Optional[Lang] = None) -> None:
        self.data, self.lang = data, lang


def _settings(ctx: Optional[typer.Context], data: Optional[Path] = None,
              lang: Optional[Lang] = None) -> tuple[Optional[Path], str]:
    """Command options win over the global ones given before the command."""
    root: Settings = (ctx.find_root().obj if ctx is not None else None) or Settings()
    chosen = lang or root.lang
    if chosen:
        return data or root.data, chosen.value
    from .i18n import default_lang

    return data or root.data, default_lang()


def handles_input_errors(fn: F) -> F:
    """The one place an error becomes a message on stderr, in the language of ``--lang``, and
    exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            lang = _settings(kwargs.get("ctx"), None, kwargs.get("lang"))[1]
            _stderr(f"stdcheck: {e.localized(lang)}")
            if e.hint is not None:
                _stderr(f"  ({e.hint.get(lang)})")
            raise typer.Exit(INPUT_ERROR) from None

    return wrapper  # type: ignore[return-value]


def _stderr(text: str) -> None:
    sys.stderr.write(text + "\n")


def _load(data: Optional[Path]) -> PolicyData:
    from .policy import load

    return load(data)


def _columns() -> int:
    """The terminal's width, COLUMNS first (as shutil.get_terminal_size, without importing
    shutil at start-up)."""
    with contextlib.suppress(ValueError):
        if int(os.environ.get("COLUMNS", "0")) > 0:
            return int(os.environ["COLUMNS"])
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 120


def _render_options(output: Optional[Path]) -> Any:
    from .render import Options

    if output is not None:
        return Options(width=120, color=False)
    tty = sys.stdout.isatty()
    # COLUMNS wins (as rich honours it); a pipe or file gets a width that fits the tables
    width = _columns() if tty or "COLUMNS" in os.environ else 120
    return Options(width=width, color=tty and "NO_COLOR" not in os.environ,
                   encoding=getattr(sys.stdout, "encoding", None))


def _output(doc: BaseModel, fmt: Format, lang: str,
            output: Optional[Path] = None) -> list[Path]:
    """Render ``doc`` and write it to standard output or to ``output`` (atomically when it is a
    file: ``stdcheck.files.output_file`` says where each kind of output goes). Returns the
    paths written (a paper and its annex; none for standard output)."""
    from .render import render

    if fmt.value == "json":  # streamed: the text of a big document is never held whole
        _stream(doc, fmt, lang, output)
        return [] if output is None else [output]
    if output is not None and fmt.value == "docx":
        return _files(doc, fmt, lang, output)
    data = render(doc, fmt, lang, _render_options(output))
    if output is None:
        if isinstance(data, bytes):
            raise UsageError(
                _msg(f"the {fmt.value} format is a binary file; write it with --output FILE",
                     f"{fmt.value} 格式是二进制文件；请用 --output 文件名 写出"))
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return []
    from .files import cannot_write, write_output

    # text meant for Windows editors (Notepad, Excel) opens right with a byte-order mark; JSON
    # is for programs, which a BOM trips
    bom = output.suffix.lower() in (".txt", ".csv") and fmt.value not in ("json", "sarif")
    if bom and output.suffix.lower() == ".csv" and isinstance(data, str):
        from .render.csvtext import as_csv

        data = as_csv(data)  # opened by a spreadsheet: one text cell per line, no formula
    try:
        write_output(output, data if isinstance(data, bytes)
                     else data.encode("utf-8-sig" if bom else "utf-8"))
    except OSError as e:
        raise cannot_write(output, e) from e
    return [output]


def _files(doc: BaseModel, fmt: Format, lang: str, output: Path) -> list[Path]:
    """A format that may write more than one file (the Word paper and its annex): the files
    beside ``output`` (beside the file a symlink points at) first, ``output`` last."""
    from .files import beside, cannot_write, remove_stale, write_output
    from .render import annex_name, render_files

    files = render_files(doc, fmt, lang, output.name, _render_options(output))
    paths = [output if i == 0 else beside(output, name) for i, (name, _) in enumerate(files)]
    if None in paths:  # the annex goes beside the paper: a pipe or a device has no beside
        raise OutputError(_msg(
            f"--out: `{output}` is not a file, and this paper has an annex ({files[-1][0]}) "
            "to write beside it: write the paper to a file",
            f"--out：`{output}` 不是文件，而本报告有附件（{files[-1][0]}）须写在它旁边：请把报告"
            "写成文件"))
    places = [p for p in paths if p is not None]
    for path, (_, data) in reversed(list(zip(places, files, strict=True))):
        try:
            write_output(path, data if isinstance(data, bytes) else data.encode("utf-8"))
        except OSError as e:
            raise cannot_write(path, e) from e
    stale = {annex_name(output.name, code) for code in ("zh", "en")} - {n for n, _ in files}
    for path in remove_stale(output, sorted(stale)):
        if len(places) > 1:  # this paper has an annex too, under its language's name
            said = _msg(f"removed {path}: the annex of an earlier {output.name}; this one's is "
                        f"{places[1].name}",
                        f"已删除 {path}：它是先前 {output.name} 的附件；本次的附件是 {places[1].name}")
        else:
            said = _msg(f"removed {path}: the annex of an earlier {output.name}, which this one "
                        "does not have",
                        f"已删除 {path}：它是先前 {output.name} 的附件，本次报告没有该附件")
        _stderr("stdcheck: " + said.get(lang))
    return places


def _wrote(paths: list[Path], lang: str) -> None:
    """Say on stderr what a command whose job is a file wrote (a paper and its annex); stdout
    stays the document's when it is written there."""
    if len(paths) > 1:
        _stderr("stdcheck: " + _msg(f"wrote {paths[0]} and its annex {paths[1]}",
                                    f"已写入 {paths[0]} 及其附件 {paths[1]}").get(lang))
    elif paths:
        _stderr("stdcheck: " + _msg(f"wrote {paths[0]}", f"已写入 {paths[0]}").get(lang))


def _stream(doc: BaseModel, fmt: Format, lang: str, output: Optional[Path]) -> None:
    """Write ``doc`` in pieces (``render_to``) to standard output or to ``output``."""
    import io

    from .files import cannot_write, output_file
    from .render import render_to

    if output is None:
        render_to(sys.stdout, doc, fmt, lang, _render_options(output))
        return
    try:
        with output_file(output) as f:
            text = io.TextIOWrapper(f, encoding="utf-8", newline="")
            render_to(text, doc, fmt, lang, _render_options(output))
            text.flush()
            text.detach()
    except OSError as e:
        raise cannot_write(output, e) from e


def _msg(en: str, zh: str) -> Any:
    from .vocabulary import msg

    return msg(en, zh)


def _list_format(fmt: ListFormat) -> Format:
    from .render import Format

    return Format(fmt.value)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stdcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: DataOpt = None,
    lang: LangOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    ctx.obj = Settings(data, lang)


@app.command()
@handles_input_errors
def targets(ctx: typer.Context, format: FormatOpt = ListFormat.table, data: DataOpt = None,
            lang: LangOpt = None) -> None:
    """The goals of the policy: counted targets with their bounds and windows, and the
    qualitative goals."""
    from . import listings

    data_dir, lang_code = _settings(ctx, data, lang)
    _output(listings.targets(_load(data_dir)), _list_format(format), lang_code)


@app.command()
@handles_input_errors
def tasks(
    ctx: typer.Context,
    department: Annotated[Optional[str], typer.Option(
        "--department", "-d", metavar="NAME",
        help="Only the tasks of this department (any alias).")] = None,
    section: Annotated[Optional[int], typer.Option(
        "--section", "-s", min=1, metavar="N", help="Only the tasks of this section.")] = None,
    format: FormatOpt = ListFormat.table,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """The tasks of the opinion with their responsible departments."""
    from . import listings

    data_dir, lang_code = _settings(ctx, data, lang)
    doc = listings.tasks(_load(data_dir), department=department, section=section)
    _output(doc, _list_format(format), lang_code)


@app.command()
@handles_input_errors
def departments(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(
        metavar="NAME",
        help="A department (canonical name, alias, full name, traditional characters or a copy "
             "from the garbled web page) or a town (白沙镇): show its tasks.")] = None,
    format: FormatOpt = ListFormat.table,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """The department registry and the towns; with a NAME, that department (or town) and its
    tasks."""
    from . import listings

    data_dir, lang_code = _settings(ctx, data, lang)
    policy = _load(data_dir)
    doc = listings.departments(policy) if name is None else listings.department(policy, name)
    _output(doc, _list_format(format), lang_code)


@app.command()
@handles_input_errors
def explain(
    ctx: typer.Context,
    code: Annotated[Optional[str], typer.Argument(
        metavar="CODE", help="A finding code, e.g. missing-column (default: list them all).")
    ] = None,
    format: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
) -> None:
    """What a finding code means, how to fix what it reports, and an example."""
    from . import listings

    _output(listings.explain(code), _list_format(format), _settings(ctx, None, lang)[1])


@app.command()
@handles_input_errors
def number(
    ctx: typer.Context,
    numbers: Annotated[list[str], typer.Argument(
        metavar="NUMBER", show_default=False,
        help="Standard numbers as written, e.g. 'GB/T 1.1-2020' or DB50_T1846-2025.")],
    format: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
) -> None:
    """What a standard number is — kind, issuer, serial, year, and the key rows are matched by —
    to check a number before it goes into a ledger."""
    from . import listings

    _output(listings.numbers(numbers), _list_format(format), _settings(ctx, None, lang)[1])


@app.command()
@handles_input_errors
def schema(
    ctx: typer.Context,
    output: OutputOpt = None,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out-dir", metavar="DIR", file_okay=False,
        help="Write one schema per data file (targets.schema.json, tasks.schema.json, "
             "departments.schema.json) into this folder, for editors and check-jsonschema.")
    ] = None,
) -> None:
    """JSON Schema of the data files (targets.yaml, tasks.yaml, departments.yaml), for editors
    and CI. Printed as one JSON object keyed by file name, or one file each with --out-dir."""
    import json

    from .files import cannot_write, write_output
    from .policy import json_schemas

    schemas = json_schemas()
    writes: list[tuple[Path, dict[str, Any]]] = []
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(_msg(f"cannot create {out_dir}: {e.strerror}",
                                   f"无法创建 {out_dir}：{e.strerror}")) from e
        writes = [(out_dir / name.replace(".yaml", ".schema.json"), doc)
                  for name, doc in schemas.items()]
    text = json.dumps(schemas, ensure_ascii=False, indent=2) + "\n"
    if output is not None:
        writes.append((output, schemas))
    elif out_dir is None:
        sys.stdout.write(text)
    for path, doc in writes:
        try:
            write_output(path, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
                         .encode("utf-8"))
        except OSError as e:
            raise cannot_write(path, e) from e


@app.command()
@handles_input_errors
def draft(
    ctx: typer.Context,
    opinion: Annotated[Path, typer.Argument(
        metavar="OPINION", show_default=False,
        help="The opinion's text: .txt, .docx, .html/.htm (a saved web page) or .pdf with a "
             "text layer.")],
    out: Annotated[Optional[Path], typer.Option(
        "--out", "--output", metavar="DIR", file_okay=False,
        help="Folder to write targets.yaml, tasks.yaml, departments.yaml and REVIEW.md into "
             "(required unless --format json).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Write into a folder that already has files (the four files are "
        "replaced).")] = False,
    format: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
) -> None:
    """Draft the three data files of another district's tracker from its implementation
    opinion, and list in REVIEW.md everything that was guessed or could not be decided.

    Exit 1 when the text holds nothing to track (no counted target, no task): the files are
    written all the same, and REVIEW.md says so."""
    from .drafting import draft as draft_opinion
    from .drafting import write

    lang_code = _settings(ctx, None, lang)[1]
    if out is None and format is not ListFormat.json:
        raise UsageError(_msg("--out DIR is required (or --format json to print the draft)",
                              "需要 --out 文件夹（或用 --format json 输出草稿）"))
    document = draft_opinion(opinion)
    if out is not None:
        written = write(document, out, lang=lang_code, force=force)
    _output(document, _list_format(format), lang_code)
    if out is not None and format is not ListFormat.json:
        names = ", ".join(p.name for p in written)
        typer.echo(f"已写入 {out}：{names}" if lang_code == "zh" else f"Wrote {names} in {out}")
    if document.holds_nothing():  # written, so the header and the review can be read, but said
        _stderr("stdcheck: " + _msg(
            f"{opinion}: no counted target and no numbered task found: the draft holds nothing "
            "to track (see the review list); is this the opinion itself?",
            f"{opinion}：没有找到量化目标，也没有找到编号的任务：草稿中没有可跟踪的内容（见待核事项）；"
            "请确认这是实施意见本身").get(lang_code))
        raise typer.Exit(FINDINGS)


def _as_of(value: Optional[str], option: str = "--as-of") -> Optional[dt.date]:
    """A date option in any full-date form a ledger accepts (2025-11-28, 2025/11/28, …)."""
    if value is None:
        return None
    from .dates import Bad, read_full_date

    day = read_full_date(value)
    if isinstance(day, Bad):  # 2025-02-30: written as a date, a day that does not exist
        raise UsageError(_msg(
            f"{option}: `{value}` is not a day of the calendar; check the month and the day "
            "(written like 2025-11-28, 2025/11/28 or 2025年11月28日)",
            f"{option}：`{value}` 不是真实存在的日期；请核对月和日（写法如 2025-11-28、2025/11/28 或 "
            "2025年11月28日）"))
    if day is None:
        raise UsageError(_msg(
            f"{option}: `{value}` is not a full date; write it like 2025-11-28, 2025/11/28 or "
            "2025年11月28日",
            f"{option}：`{value}` 不是完整的日期；请写成 2025-11-28、2025/11/28 或 2025年11月28日"))
    return day


def _fail_on(values: Optional[list[str]]) -> list[str]:
    """``--fail-on`` repeated or as a comma list (``gap,overdue``)."""
    from .evaluate import FAIL_ON

    chosen = [v.strip() for value in values or () for v in value.split(",") if v.strip()]
    for v in chosen:
        if v not in FAIL_ON:
            listed = ", ".join(FAIL_ON)
            raise UsageError(_msg(f"--fail-on: `{v}` is not one of {listed}",
                                  f"--fail-on：`{v}` 不是可用的取值（{listed}）"))
    return chosen


@contextlib.contextmanager
def _keep_going_hint(ledgers: list[Path], keep_going: bool) -> Iterator[None]:
    """One unreadable file of a folder of thirty stops the run; say how to read the others."""
    from .errors import LedgerError

    try:
        yield
    except LedgerError as e:
        # not when the error is the one input itself (a folder without ledgers): there are
        # no others to read
        alone = len(ledgers) == 1 and Path(e.source) == ledgers[0]
        if not keep_going and e.hint is None and not alone and (
                len(ledgers) > 1 or any(p.is_dir() for p in ledgers)):
            e.hint = _msg("the other ledgers were not evaluated: fix this file, or give "
                          "--keep-going to read them and list this one as unreadable",
                          "其余台账未统计：请修正此文件，或加 --keep-going 读取其余台账，"
                          "并将此文件列为无法读取")
        raise


class _ProgressBar:
    """Files and rows read, drawn on stderr by rich once reading has taken more than about a
    second, and only when stderr is a terminal (never on stdout, a pipe or with --quiet)."""

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._after = float(os.environ.get("STDCHECK_PROGRESS_AFTER", "1"))
        self._bar: Any = None
        self._task: Any = None
        self._files = (0, 0)

    @classmethod
    def wanted(cls, quiet: bool) -> Optional[_ProgressBar]:
        return None if quiet or not sys.stderr.isatty() else cls()

    def __call__(self, source: str, number: int, total: int, rows: int) -> None:
        if number:
            self._files = (number, total)
        if self._bar is None:
            if self._clock() - self._start < self._after:
                return
            from rich.console import Console
            from rich.progress import Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("")
        number, total = self._files
        self._bar.update(self._task, description=f"{number}/{total} {Path(source).name}: "
                                                 f"{rows:,}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _encoding(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from .charsets import file_encoding

    name = file_encoding(value)
    if name is None:
        raise UsageError(_msg(f"--encoding: `{value}` is not an encoding a table is saved in; "
                              "try utf-8, gb18030, big5 or utf-16",
                              f"--encoding：`{value}` 不是表格文件使用的编码；可用 utf-8、"
                              "gb18030、big5 或 utf-16"))
    return name


@app.command()
@handles_input_errors
def status(
    ctx: typer.Context,
    ledgers: LedgersArg,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD",
        help="Evaluate as of this date (default: today); 2025/11/28 and 2025年11月28日 work "
             "too.")] = None,
    due_soon: Annotated[int, typer.Option(
        "--due-soon", min=0, metavar="DAYS",
        help="Warn about open items due within this many days.")] = 14,
    format: FormatOpt = ListFormat.table,
    output: OutputOpt = None,
    fail_on: Annotated[Optional[list[str]], typer.Option(
        "--fail-on", metavar="WHAT",
        help="Exit 1 when the report has this (repeatable, or a comma list): gap, overdue, "
             "errors, warnings, problems (errors or warnings).")] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", metavar="ENCODING",
        help="Encoding of CSV/TSV files (default: BOM, then UTF-8, then GB18030).")] = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--sheet", metavar="NAME",
        help="Worksheets to read in workbooks, by name or pattern such as '2025*' (default: "
             "every visible sheet with a ledger header).")] = None,
    keep_going: Annotated[bool, typer.Option(
        "--keep-going", help="Report an unreadable file as a finding and evaluate the rest, "
        "instead of stopping.")] = False,
    show_normalised: Annotated[bool, typer.Option(
        "--show-normalised", help="Say how each standard number written in another form was "
        "read (GB_T 1-2020 read as GB/T 1-2020), as info findings.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bar or other notes on stderr.")] = False,
    department: Annotated[Optional[list[str]], typer.Option(
        "--department", "-d", metavar="NAME",
        help="Narrow the view to this department (any alias; repeatable): its tasks, items, "
             "findings and share of each target.")] = None,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Read ledgers and report where the district stands: targets, silent departments, overdue
    items and problems in the data."""
    from .evaluate import check, fails_on

    data_dir, lang_code = _settings(ctx, data, lang)
    day = _as_of(as_of)
    kinds = _fail_on(fail_on)
    chosen_encoding = _encoding(encoding)
    if output is not None:
        from .files import refuse_to_overwrite_an_input

        refuse_to_overwrite_an_input(ledgers, output, policy=data_dir)
    bar = _ProgressBar.wanted(quiet)
    try:
        with _keep_going_hint(ledgers, keep_going):
            report = check(ledgers, _load(data_dir), day, due_soon=due_soon,
                           encoding=chosen_encoding, sheet=sheet, keep_going=keep_going,
                           exclude=[output] if output else [], show_normalised=show_normalised,
                           progress=bar)
    finally:
        if bar is not None:
            bar.close()
    if department:
        from .narrowing import narrow

        report = narrow(report, _load(data_dir), department)
    _output(report, _list_format(format), lang_code, output)
    if any(fails_on(report, kind) for kind in kinds):
        raise typer.Exit(FINDINGS)


def _codes(option: str, values: Optional[list[str]]) -> list[str]:
    """Finding codes, repeated or as a comma list; an unknown code is a usage error."""
    from .findings import CODES

    chosen = [v.strip() for value in values or () for v in value.split(",") if v.strip()]
    for v in chosen:
        if v not in CODES:
            import difflib

            close = difflib.get_close_matches(v, list(CODES), n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            hint_zh = f"（是否指 `{close[0]}`？）" if close else ""
            raise UsageError(_msg(f"{option}: unknown finding code `{v}`{hint}; `stdcheck "
                                  "explain` lists them",
                                  f"{option}：没有代码 `{v}`{hint_zh}；`stdcheck explain` 列出全部代码"))
    return chosen


def _append_step_summary(markdown: str) -> None:
    """Add to the GitHub job summary in one append (never fatal: the annotations are out)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, markdown.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as e:
        _stderr(f"stdcheck: cannot append to GITHUB_STEP_SUMMARY ({path}): {e.strerror}")


@app.command()
@handles_input_errors
def report(
    ctx: typer.Context,
    ledgers: LedgersArg,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "--output", "-o", metavar="FILE",
        help="Write the report to this file (atomically); its suffix picks the format "
             "(.md, .html, .xlsx, .docx, .json).")] = None,
    format: Annotated[Optional[ReportFormat], typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="md, html, xlsx, docx or json (default: from the suffix of --out, else md).")
    ] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Evaluate as of this date (default: today).")
    ] = None,
    due_soon: Annotated[int, typer.Option(
        "--due-soon", min=0, metavar="DAYS",
        help="List open items due within this many days.")] = 14,
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="YYYY-MM-DD",
        help="The last meeting: what was completed or became overdue after this date.")] = None,
    previous: Annotated[Optional[list[Path]], typer.Option(
        "--previous", metavar="OLD_LEDGER",
        help="The ledgers as they stood at the last meeting (repeatable): what was added, "
             "completed, newly overdue, and each target's move.")] = None,
    department: Annotated[Optional[list[str]], typer.Option(
        "--department", "-d", metavar="NAME",
        help="Only this department's page and share (any alias; repeatable).")] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", metavar="ENCODING", help="Encoding of CSV/TSV files.")] = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--sheet", metavar="NAME", help="Worksheets to read, by name or pattern.")] = None,
    keep_going: Annotated[bool, typer.Option(
        "--keep-going", help="Report an unreadable file as a finding and go on.")] = False,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """The gap report for the joint meeting: where each target stands, what changed since the
    last meeting, what each department owes, the rows behind every count, and every finding."""
    from .meeting import build
    from .render import SUFFIXES, Format

    data_dir, lang_code = _settings(ctx, data, lang)
    if format is not None:
        fmt = Format(format.value)
        named = SUFFIXES.get(out.suffix.lower()) if out is not None else None
        # Markdown in a .docx: the office program would call the file broken (a .txt takes
        # any text)
        if out is not None and named is not None and named is not fmt \
                and named is not Format.table:
            raise UsageError(_msg(
                f"--format {fmt.value}, but --out `{out.name}` names a {named.value} file, which "
                f"no program could open as such; name it `{out.stem}.{fmt.value}`, or leave "
                "out --format (the suffix picks the format)",
                f"--format 为 {fmt.value}，但 --out `{out.name}` 是 {named.value} 文件名，写出后无法"
                f"按该格式打开；请改名为 `{out.stem}.{fmt.value}`，或去掉 --format（由扩展名决定格式）"))
    elif out is not None and out.suffix.lower() in SUFFIXES:
        fmt = SUFFIXES[out.suffix.lower()]
    elif out is not None and out.is_dir():  # --out /tmp: not "no suffix"
        from .files import folder_refused

        raise folder_refused(out)
    elif out is not None:
        raise UsageError(_msg(
            f"--out: `{out.name}` has no suffix that names a format; use .md, .html, .xlsx, "
            ".docx or .json, or give --format",
            f"--out：`{out.name}` 的扩展名不对应任何格式；请用 .md、.html、.xlsx、.docx 或 "
            ".json，或用 --format 指定"))
    else:
        fmt = Format.md
    for old in previous or []:
        if old.suffix.lower() == ".json":  # a report of the last meeting, most likely
            raise UsageError(_msg(
                f"--previous: `{old}` is a JSON file; --previous takes the ledgers as they stood "
                "at the last meeting (keep a copy of them), not a report. With only the "
                "meeting's date, use --since YYYY-MM-DD",
                f"--previous：`{old}` 是 JSON 文件；--previous 应给出上次会议时的台账（请留存副本），"
                "而不是报告。只有会议日期时，请用 --since YYYY-MM-DD"))
    written = [out] if out else []
    if out is not None and fmt is Format.docx:  # the annex a long paper writes beside it
        from .files import beside
        from .render import annex_name

        annex = beside(out, annex_name(out.name, lang_code))
        written += [annex] if annex is not None else []
    if out is not None:
        from .files import refuse_to_overwrite_an_input

        for path in written:
            refuse_to_overwrite_an_input([*ledgers, *(previous or [])], path, policy=data_dir,
                                         option="--out")
    with _keep_going_hint([*ledgers, *(previous or [])], keep_going):
        doc = build(ledgers, _load(data_dir), _as_of(as_of), due_soon=due_soon,
                    encoding=_encoding(encoding), sheet=sheet, keep_going=keep_going,
                    exclude=written, since=_as_of(since, "--since"),
                    previous=previous or [], departments=department or [])
    # a file, not - (standard output), a pipe or a device
    _wrote([p for p in _output(doc, fmt, lang_code, out) if p.is_file()], lang_code)


@app.command()
@handles_input_errors
def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", show_default=False, readable=False,  # as LedgersArg
        help="Policy folders, policy YAML files, ledger files or folders, in any mix; what each "
             "is, is decided by its content.")],
    format: Annotated[Optional[ValidateFormat], typer.Option(
        "--format", "-f", metavar="text|github|json|sarif",
        help="Output format (default: text; github when GITHUB_ACTIONS is set).")] = None,
    output: OutputOpt = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1) on warnings too, not only on errors.")] = False,
    select: Annotated[Optional[list[str]], typer.Option(
        "--select", metavar="CODE", help="Only these finding codes (repeatable, or a comma "
        "list).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(
        "--ignore", metavar="CODE", help="Leave out these finding codes (repeatable, or a comma "
        "list).")] = None,
    baseline: Annotated[Optional[Path], typer.Option(
        "--baseline", metavar="FILE", dir_okay=False,
        help="Accept the findings recorded in FILE by an earlier `validate --format json` "
             "(matched by file, code and the content of the row or YAML line, not its number): "
             "only new findings fail.")] = None,
    max_problems: Annotated[Optional[int], typer.Option(
        "--max-problems", min=0, metavar="N",
        help="List at most N findings (the counts and the exit code cover all).")] = None,
    show_values: Annotated[bool, typer.Option(
        "--show-values", help="Quote cell values in ledger messages (left out by default: CI "
        "logs are often public).")] = False,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Check dates as of this day (default: today).")
    ] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", metavar="ENCODING",
        help="Encoding of CSV/TSV files (default: BOM, then UTF-8, then GB18030).")] = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--sheet", metavar="NAME", help="Worksheets to read in workbooks, by name or pattern.")
    ] = None,
    show_normalised: Annotated[bool, typer.Option(
        "--show-normalised", help="Say how each standard number written in another form was "
        "read (GB_T 1-2020 read as GB/T 1-2020), as info findings.")] = False,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check policy YAML and ledgers for CI and pre-commit: every finding with file, line and
    column. Exit 0 clean, 1 findings (errors; warnings too with --strict), 2 could not run."""
    from .render import Format
    from .validation import read_baseline
    from .validation import validate as run

    data_dir, lang_code = _settings(ctx, data, lang)
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:  # a mistyped path is a run that could not happen (2), not a finding (1)
        raise UsageError(_msg(f"no such file or folder: {', '.join(missing)}; check the path",
                              f"文件或文件夹不存在：{'、'.join(missing)}；请检查路径"))
    selected, ignored = _codes("--select", select), _codes("--ignore", ignore)
    if output is not None:
        from .files import refuse_to_overwrite_an_input

        refuse_to_overwrite_an_input([*paths, *([baseline] if baseline else [])], output,
                                     policy=data_dir)
    recorded = read_baseline(baseline) if baseline is not None else None
    chosen = format or (ValidateFormat.github if os.environ.get("GITHUB_ACTIONS")
                        else ValidateFormat.text)
    report = run(paths, data_dir, _as_of(as_of), select=selected, ignore=ignored,
                 baseline=recorded, strict=strict, max_problems=max_problems,
                 show_values=show_values, encoding=_encoding(encoding), sheet=sheet,
                 show_normalised=show_normalised)
    _output(report, Format(chosen.value), lang_code, output)
    if chosen is ValidateFormat.github:
        from .render.github import summary_markdown

        _append_step_summary(summary_markdown(report, lang_code))
    if report.fails:
        raise typer.Exit(FINDINGS)


@app.command()
@handles_input_errors
def template(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(
        metavar="OUT", show_default=False,
        help="The file to write: .xlsx (dropdowns, date cells, instructions) or .csv.")],
    department: Annotated[Optional[str], typer.Option(
        "--department", "-d", metavar="NAME",
        help="The department that fills it in (any alias): its tasks only, in the dropdown "
             "and the instructions.")] = None,
    example: Annotated[bool, typer.Option(
        "--example", help="Write the example ledger (a filled-in CSV) instead.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite OUT if it exists.")] = False,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """An empty ledger for a department to fill in, that stdcheck reads back: Chinese headers
    (English with --lang en)."""
    from . import template as T

    root: Settings = ctx.find_root().obj or Settings()
    chosen = (lang or root.lang or Lang.zh).value  # headers are Chinese unless asked
    data_dir = _settings(ctx, data, lang)[0]
    T.write(out, _load(data_dir), department=department, lang=chosen, example=example,
            force=force)
    _wrote([out], _settings(ctx, None, lang)[1])


# The ledger inbox (`inbox …`, `serve`); its web packages are imported only when they run.
register_inbox(app, handles_input_errors)


def _never_fail_on_encoding() -> None:
    """A character the console's encoding cannot hold (a Chinese name on an ASCII console) is
    replaced, never fatal: on Chinese Windows, output redirected to a file is in cp936."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream in another mode
                reconfigure(errors="replace")


def _help_lang(argv: list[str]) -> str:
    """The language help and usage errors are shown in: ``--lang`` wherever it stands on the
    command line, else the locale's."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value is not None and value.lower() in ("zh", "en"):
            return value.lower()
    from .i18n import default_lang

    return default_lang()


def _named(argv: list[str]) -> Any:
    """The application holding only the command ``argv`` starts with, when it starts with
    one: each command's options are read from its signature when the tree is built, and
    building all of them was a third of ``status`` on a small ledger. Anything else (options
    first, ``--help``, a typo, shell completion) gets the whole tree, so help and "no such
    command" read as before."""
    import typer.main

    if not argv or any(k.endswith("_COMPLETE") for k in os.environ):
        return app
    commands = [c for c in app.registered_commands if c.callback is not None
                and (c.name or typer.main.get_command_name(c.callback.__name__)) == argv[0]]
    groups = [g for g in app.registered_groups if g.name == argv[0]]
    if not commands and not groups:
        return app
    import copy

    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def command(lang: str, argv: Optional[list[str]] = None) -> Any:
    """The command tree with its help in ``lang``: the English texts of the decorators, or
    their Chinese from ``help_zh`` (one catalogue; a test holds it to the commands). With
    ``argv``, only the branch it names is built (see ``_named``)."""
    import typer.main

    tree = typer.main.get_command(app if argv is None else _named(argv))
    if lang != "zh":
        return tree
    from .help_zh import HELP

    def translate(cmd: Any) -> None:
        cmd.help = HELP.get(cmd.help, cmd.help)
        for param in cmd.params:
            if getattr(param, "help", None):
                param.help = HELP.get(param.help, param.help)
        for sub in getattr(cmd, "commands", {}).values():
            translate(sub)

    translate(tree)
    return tree


def _framework_in_chinese() -> None:
    """The framework's own words — Usage, Options, its error messages — in Chinese."""
    import io

    from typer._click import core as click_core
    from typer._click import exceptions as click_exceptions

    from .help_zh import framework

    get_help = click_core.Context.get_help
    show = click_exceptions.UsageError.show

    def get_help_zh(self: Any) -> str:
        return framework(get_help(self))

    def show_zh(self: Any, file: Any = None) -> None:
        buf = io.StringIO()
        show(self, buf)
        (file or sys.stderr).write(framework(buf.getvalue()))

    click_core.Context.get_help = get_help_zh  # type: ignore[method-assign]
    click_exceptions.UsageError.show = show_zh  # type: ignore[method-assign]


def main() -> None:
    """The entry point: every expected error is an ``InputError`` handled per command; anything
    else is a bug, said in one line (``STDCHECK_DEBUG=1`` shows the traceback)."""
    _never_fail_on_encoding()
    if sys.argv[1:] == ["--version"]:  # asked by hooks and scripts: before the command tree
        print(f"stdcheck {__version__}")  # is built (a fifth of the start-up); as _version
        return
    # one short process whose rows, items and tables hold no reference cycles: the cycle
    # collector would only walk them again (a fifth of a 100k-row report's rendering); memory
    # is freed by reference counting as before. The library and the inbox leave it alone.
    gc.disable()
    lang = _help_lang(sys.argv[1:])
    if lang == "zh":
        _framework_in_chinese()
    try:
        command(lang, sys.argv[1:])(prog_name="stdcheck")
    except Exception as e:  # a bug: still no traceback for the person at the desk
        if os.environ.get("STDCHECK_DEBUG"):
            raise
        _stderr(f"stdcheck: internal error ({type(e).__name__}: {e}); please report it with "
                "the command you ran (STDCHECK_DEBUG=1 shows the details) / 内部错误，请连同所"
                "运行的命令一起报告")
        sys.exit(INPUT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
