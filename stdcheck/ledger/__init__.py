"""Reading ledgers (台账) as departments really send them: one road for every file.

CSV/TSV in UTF-8, UTF-8 with BOM, GB18030 or UTF-16 (Excel's "Unicode text"), and workbooks
(.xlsx, .xlsm, .xls, .ods) with a title row and blank rows above the header. Columns are found
by their Chinese or English headers; values are read leniently and every row that cannot be
used as written leaves a located finding that says how to fix it.

    reading = Reading.of(policy)                       # what the run knows of cells
    read_ledgers(paths, reading, findings, sink)       # sink.sheet(reader) per ledger

    reader = open_ledger(path, names=index)            # one file, outside a run
    for entry in reader: ...

Modules, along the road: ``paths`` (what is a ledger, folders walked), ``files`` (opening a
file and finding its ledgers), ``text`` and ``workbook`` (the two kinds of container),
``columns`` (headers), ``rows`` (the row loop), ``departments`` and ``values`` (cells), and
``reading`` (the one loop that owns them).
"""

from ..errors import LedgerError
from .files import LedgerFile, open_ledger, open_ledgers
from .paths import SUFFIXES, Expanded, expand, is_ledger, resolve, walk
from .reading import Reading, Sink, read_ledgers
from .rows import Cells, LedgerReader

__all__ = [
    "SUFFIXES",
    "Cells",
    "Expanded",
    "LedgerError",
    "LedgerFile",
    "LedgerReader",
    "Reading",
    "Sink",
    "expand",
    "is_ledger",
    "open_ledger",
    "open_ledgers",
    "read_ledgers",
    "resolve",
    "walk",
]
