"""The one road every ledger takes: paths, files, sheets, rows.

:func:`read_ledgers` owns the loop over what a run is given: it walks folders, opens each file,
hands each ledger (a text file's table, a workbook's ledger sheet) to a :class:`Sink`, and
decides what happens to a file that cannot be read: the run stops with its error, or, with
``keep_going``, the file is a finding and the rest are read. ``evaluate`` (status, report) and
``validate`` are its two callers; neither opens a ledger itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Protocol, Union

from ..errors import LedgerError
from ..vocabulary import Text, msg
from .files import open_ledgers
from .paths import Expanded, expand
from .rows import Cells, LedgerReader

if TYPE_CHECKING:
    from ..result import FileSummary
    from ..schema import PolicyData


@dataclass
class Reading:
    """How a run reads its ledgers: what it knows of cells (shared by every file), the
    encoding and sheets asked for, whether an unreadable file stops it, and the files never
    to read (the report being written)."""

    cells: Cells
    encoding: Optional[str] = None
    sheet: Optional[str] = None
    keep_going: bool = False
    exclude: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, data: PolicyData, *, encoding: Optional[str] = None, sheet: Optional[str] = None,
           keep_going: bool = False, exclude: Iterable[Union[str, Path]] = (),
           show_normalised: bool = False) -> Reading:
        """The reading of ledgers against the policy ``data``."""
        from ..names import DepartmentIndex

        names = DepartmentIndex(data.departments, data.prefixes, data.towns)
        max_task = max((t.number for t in data.tasks), default=0)
        return cls(Cells(names, max_task, data.policy.local_prefix, show_normalised),
                   encoding, sheet, keep_going, [Path(p) for p in exclude])


class Sink(Protocol):
    """What a caller does with what the road meets."""

    def file(self, path: Path, number: int, total: int) -> None:
        """A file is about to be read (the ``number``-th of ``total``)."""

    def sheet(self, reader: LedgerReader) -> None:
        """A ledger to read: iterate ``reader`` (its entries stream as it is iterated)."""

    def skipped(self, source: str, sheet: Optional[str], reason: Text) -> None:
        """A file found in a folder, or a sheet of a workbook, that is not read, and why."""

    def unreadable(self, error: LedgerError, summary: Optional[FileSummary]) -> None:
        """With ``keep_going``: a file that cannot be read, or broke part-way (``summary`` of
        what was read of it)."""


_NOTE = msg("a text file without a ledger header", "没有台账表头的文本文件")
_OURS = msg("a report or annex stdcheck wrote, not a ledger", "stdcheck 写出的报告或附件，不是台账")


def read_ledgers(paths: Union[Iterable[Union[str, Path]], Expanded], reading: Reading,
                 findings: Any, sink: Sink) -> None:
    """Read every ledger under ``paths`` (or the files an :func:`expand` already found),
    row findings to ``findings`` (a ``FindingLog``), everything else to ``sink``.

    A ``.txt`` without a ledger header found in a folder is a note beside the ledgers, passed
    over with its reason; any other file that cannot be read raises ``LedgerError`` unless
    ``reading.keep_going``."""
    if isinstance(paths, Expanded):
        found = paths
    else:
        found = expand(paths, errors=[] if reading.keep_going else None,
                       exclude=reading.exclude)
    for path, why in found.skipped:
        sink.skipped(str(path), None, why)
    total = len(found.files)
    for number, path in enumerate(found.files, 1):
        if path in found.in_folders and path.suffix.lower() == ".xlsx" \
                and _ours(path):
            sink.skipped(str(path), None, _OURS)  # a report written into the ledgers' folder
            continue
        sink.file(path, number, total)
        reader: Optional[LedgerReader] = None
        ledger = None
        try:
            ledger = open_ledgers(path, cells=reading.cells, problems=findings,
                                  encoding=reading.encoding, sheet=reading.sheet)
            for reader in ledger:
                sink.sheet(reader)
        except LedgerError as e:
            if e.code == "no-header" and path in found.in_folders \
                    and path.suffix.lower() == ".txt":
                sink.skipped(str(path), None, _NOTE)  # a note or a readme, not a ledger
            elif not reading.keep_going:
                raise
            else:
                sink.unreadable(e, reader.summary if reader is not None else None)
        finally:
            if ledger is not None:
                ledger.close()
        if ledger is not None:
            for name, why in ledger.skipped:
                sink.skipped(ledger.source, name, why)
            findings.extend(ledger.findings)
    for error in found.missing:
        sink.unreadable(error, None)


def _ours(path: Path) -> bool:
    # the workbook machinery (zip, XML, the bounded child) only when a folder holds an xlsx:
    # a CSV ledger's run never imports it
    from .workbook import written_by_stdcheck

    return written_by_stdcheck(path)
