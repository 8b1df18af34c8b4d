"""The command line: parse options, call the core, pick a renderer, map errors to exit codes.

Heavy modules (pydantic, yaml, rich, the ledger readers) are imported inside the commands, so
``stdcheck --version`` in a pre-commit hook costs little more than importing typer.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, List, Optional

import typer

from . import __version__
from .errors import InputError, OutputError

if TYPE_CHECKING:
    from rich.console import Console

    from .models import PolicyData

# Exit codes (documented in the README).
OK, FINDINGS, INPUT_ERROR = 0, 1, 2

app = typer.Typer(
    help="Where a district stands against the targets of its standardization policy.\n\n"
         "Exit codes: 0 success, 1 findings (with --fail-on), 2 usage or input error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"


class FailOn(str, Enum):
    gap = "gap"
    overdue = "overdue"
    problems = "problems"


DataOpt = Annotated[Optional[Path], typer.Option(
    "--data", help="Folder with targets.yaml, tasks.yaml, departments.yaml of another policy "
    "(default: the embedded Jiangjin opinion).", file_okay=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LangOpt = Annotated[Optional[Lang], typer.Option(
    "--lang", help="Language of labels (default: from the locale).", case_sensitive=False)]


class Settings:
    def __init__(self, data: Optional[Path] = None, lang: Optional[Lang] = None):
        self.data, self.lang = data, lang


def _settings(ctx: typer.Context, data: Optional[Path], lang: Optional[Lang]) -> tuple[Optional[Path], str]:
    """Command options win over the global ones given before the command."""
    root: Settings = ctx.find_root().obj or Settings()
    from .i18n import default_lang

    chosen = lang or root.lang
    return data or root.data, chosen.value if chosen else default_lang()


def _err_console() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _show(renderables: list) -> None:
    """Print a renderer's output, one block per line (``print(*items)`` would join them with
    spaces)."""
    from rich.console import Console, Group

    Console(highlight=False).print(Group(*renderables))


def handles_input_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the core's domain errors into a located message on stderr and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            console = _err_console()
            ctx = kwargs.get("ctx")
            lang = _settings(ctx, None, kwargs.get("lang"))[1] if ctx else "en"
            console.print(f"stdcheck: {e.localized(lang)}", markup=False, soft_wrap=True)
            if e.hint:
                console.print(f"  ({e.hint})", markup=False, soft_wrap=True)
            raise typer.Exit(INPUT_ERROR)

    return wrapper


def _load(data: Optional[Path]) -> "PolicyData":
    from .policy import load

    return load(data)


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from .files import atomic_write

    try:
        atomic_write(output, text.encode("utf-8"))
    except OSError as e:
        raise OutputError(f"cannot write {output}: {e.strerror}; check the folder exists and "
                          "is writable") from e


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
def targets(
    ctx: typer.Context,
    format: FormatOpt = Format.table,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """The goals of the policy: counted targets with their bounds and windows, and the
    qualitative goals."""
    data_dir, lang_code = _settings(ctx, data, lang)
    policy = _load(data_dir)
    if format is Format.json:
        from .render import json as render_json

        _emit(render_json.targets(policy), None)
    else:
        from .render import terminal

        _show(terminal.targets(policy, lang_code))


@app.command()
@handles_input_errors
def tasks(
    ctx: typer.Context,
    department: Annotated[Optional[str], typer.Option(
        "--department", "-d", help="Only the tasks of this department (any alias).")] = None,
    section: Annotated[Optional[int], typer.Option("--section", "-s", min=1,
                                                   help="Only the tasks of this section.")] = None,
    format: FormatOpt = Format.table,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """The tasks of the opinion with their responsible departments."""
    data_dir, lang_code = _settings(ctx, data, lang)
    policy = _load(data_dir)
    chosen = list(policy.tasks)
    if section is not None:
        if section not in {s.number for s in policy.sections}:
            _err_console().print(f"stdcheck: there is no section {section}; sections are "
                                 f"{', '.join(str(s.number) for s in policy.sections)}",
                                 markup=False)
            raise typer.Exit(INPUT_ERROR)
        chosen = [t for t in chosen if t.section == section]
    if department is not None:
        dept = _resolve_or_exit(policy, department, lang_code)
        chosen = [t for t in policy.tasks_of(dept.name) if t in chosen]
    if format is Format.json:
        from .render import json as render_json

        _emit(render_json.tasks(policy, chosen), None)
    else:
        from .render import terminal

        _show(terminal.tasks(policy, chosen, lang_code))


def _resolve_or_exit(policy: "PolicyData", name: str, lang: str):
    from .i18n import Labels
    from .names import DepartmentIndex

    index = DepartmentIndex(policy.departments, policy.prefixes)
    dept = index.resolve(name)
    if dept is None:
        t = Labels(lang)
        hints = index.suggest(name)
        msg = f"stdcheck: {t('unknown_department')} `{name}`"
        if hints:
            msg += f"{t('semicolon')}{t('did_you_mean')}{t('list_sep').join(hints)}"
        msg += f"\n  ({t('departments_hint')})"
        _err_console().print(msg, markup=False)
        raise typer.Exit(INPUT_ERROR)
    return dept


@app.command()
@handles_input_errors
def departments(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(
        help="A department (canonical name, alias, full name, traditional characters or a copy "
             "from the garbled web page): show its tasks.")] = None,
    format: FormatOpt = Format.table,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """The department registry; with a NAME, that department and its tasks."""
    data_dir, lang_code = _settings(ctx, data, lang)
    policy = _load(data_dir)
    from .render import json as render_json
    from .render import terminal

    if name is None:
        if format is Format.json:
            _emit(render_json.departments(policy), None)
        else:
            _show(terminal.departments(policy, lang_code))
        return
    dept = _resolve_or_exit(policy, name, lang_code)
    owned = policy.tasks_of(dept.name)
    if format is Format.json:
        _emit(render_json.department(policy, dept, owned), None)
    else:
        _show(terminal.department(policy, dept, owned, lang_code))


@app.command()
@handles_input_errors
def schema(
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write to this file instead of standard output.")] = None,
) -> None:
    """JSON Schema of the data files (targets.yaml, tasks.yaml, departments.yaml), for editors
    and CI. Printed as one JSON object keyed by file name."""
    import json

    from .policy import json_schemas

    _emit(json.dumps(json_schemas(), ensure_ascii=False, indent=2), output)


def _parse_date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"`{value}` is not a date; write it as YYYY-MM-DD")


@app.command()
@handles_input_errors
def status(
    ctx: typer.Context,
    ledgers: Annotated[List[Path], typer.Argument(
        metavar="LEDGER", help="Ledger files (CSV, TSV, XLSX, XLS, ODS) or folders of them.")],
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="YYYY-MM-DD",
        help="Evaluate as of this date, YYYY-MM-DD (default: today).")] = None,
    due_soon: Annotated[int, typer.Option(
        "--due-soon", min=0, metavar="DAYS",
        help="Warn about open items due within this many days.")] = 14,
    format: FormatOpt = Format.table,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write the report to this file (atomically) instead of the terminal.")] = None,
    fail_on: Annotated[Optional[List[FailOn]], typer.Option(
        "--fail-on", help="Exit 1 when this kind of finding exists (repeatable): gap, overdue, "
        "problems.")] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", metavar="ENCODING",
        help="Encoding of CSV/TSV files (default: BOM, then UTF-8, then GB18030).")] = None,
    sheet: Annotated[Optional[str], typer.Option(
        "--sheet", metavar="NAME",
        help="Worksheet to read in workbooks (default: the first).")] = None,
    keep_going: Annotated[bool, typer.Option(
        "--keep-going", help="Report an unreadable file as a problem and evaluate the rest, "
        "instead of stopping.")] = False,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Read ledgers and report where the district stands: targets, silent departments, overdue
    items and problems in the data."""
    from .evaluate import Options, check

    data_dir, lang_code = _settings(ctx, data, lang)
    if encoding is not None:
        import codecs

        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise typer.BadParameter(f"unknown encoding `{encoding}`; try utf-8, gb18030 or "
                                     "utf-16", param_hint="--encoding")
    day = _parse_date(as_of) or dt.date.today()
    if output is not None:
        from .ledger import expand

        # Missing paths are check()'s to report (or, with --keep-going, to pass over).
        if output.resolve() in {p.resolve() for p in expand(ledgers, errors=[])}:
            raise typer.BadParameter(f"`{output}` is one of the ledgers being read; input files "
                                     "are never overwritten: write the report elsewhere",
                                     param_hint="--output")
    policy = _load(data_dir)
    result = check(policy, ledgers, Options(as_of=day, due_soon=due_soon, encoding=encoding,
                                            sheet=sheet, keep_going=keep_going))
    if format is Format.json:
        from .render import json as render_json

        _emit(render_json.evaluation(result), output)
    else:
        from .render import terminal

        renderables = terminal.status(policy, result, lang_code)
        if output is None:
            _show(renderables)
        else:
            _emit(terminal.to_text(renderables), output)
    from .evaluate import has_findings

    if any(has_findings(result, f.value) for f in fail_on or []):
        raise typer.Exit(FINDINGS)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
