"""Reading ledgers (台账) as departments really send them.

CSV/TSV in UTF-8, UTF-8 with BOM, GB18030 or UTF-16 (Excel's "Unicode text"), and workbooks
(.xlsx, .xlsm, .xls, .ods) with a title row and blank rows above the header. Columns are found
by their Chinese or English headers; values are read leniently and every row that cannot be
used as written leaves a located problem that says how to fix it.

    reader = open_ledger(path, names=index)      # LedgerError if the file is unusable
    for entry in reader: ...                      # Entry per usable row
    reader.problems, reader.summary                # findings (a list, or the FindingLog given)

Modules: ``reader`` (open_ledger, the row loop), ``text`` (encodings, delimiters),
``workbook`` (calamine), ``columns`` (headers), ``values`` (kinds, statuses, dates, tasks).
"""

from .errors import LedgerError
from .reader import SUFFIXES, LedgerFile, LedgerReader, expand, open_ledger, open_ledgers

__all__ = [
           "SUFFIXES",
           "LedgerError",
           "LedgerFile",
           "LedgerReader",
           "expand",
           "open_ledger",
           "open_ledgers",
]
