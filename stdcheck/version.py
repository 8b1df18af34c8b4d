"""The version: a leaf every module may import without importing the package face."""

__version__ = "0.1.0"

#: The custom document property stdcheck sets on the workbooks it writes (the xlsx report, the
#: paper's annex), and its value: a folder's reading passes such a workbook over, named, rather
#: than stopping on it as a ledger without columns. The template is not marked: it is a ledger.
WORKBOOK_MARK = ("stdcheck", "report")
