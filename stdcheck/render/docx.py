"""Word (.docx): the meeting report as the paper circulated to the joint meeting (联席会议).

Laid out as Chinese government papers are (GB/T 9704-2012 《党政机关公文格式》): A4, top margin
37 mm, binding margin 28 mm, a 156 mm × 225 mm text block; body text in 三号 (16 pt) 仿宋 with
a two-character indent at 22 lines a page; the title in 二号 (22 pt) 小标宋, centred; headings
一、 in 黑体 and （一） in 楷体; tables in 小四 (12 pt) with the header row repeated on every page
and numbers right-aligned; page numbers ``— 1 —`` in 四号 at the foot. Text is black.

Fonts are named as Word on a government PC knows them: 仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体
first, with 仿宋, 楷体 and 宋体 (shipped with every Windows and with WPS) as their alternative
names in the document's font table, so a PC without the GB2312 fonts still shows FangSong and
KaiTi, not its default font. python-docx sets only the Latin font (``font.name``); the East
Asian one is set with ``w:rFonts w:eastAsia`` on each style.

The target chart is a Word table drawn as a bar chart: a row per target with twenty cells, one
per 5 % of the target, shaded in the colour of its light, and the figure and the light in
words beside it (the paper is often printed in black and white). A table and not a picture: its
labels are real text in the paper's fonts, it can be edited like the rest of the paper, and no
image library or hand-written image encoder is needed.

Sections, headings and table cells come from :mod:`.sections`, as in every format; every string
goes in as text through python-docx, so a ledger title holding ``<``, ``&`` or quotes is shown
as written.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import Any, Optional

from pydantic import BaseModel

from ..errors import UsageError
from ..i18n import Labels
from ..result import Change, DepartmentPage, Item, MeetingReport
from ..vocabulary import msg
from . import Options, Unsupported
from . import sections as S
from .controls import visible

# (the name Word looks for, the name it falls back to) — 仿宋_GB2312 is on most government PCs,
# 仿宋 (FangSong) on every Windows since Vista and with WPS.
BODY_FONT = ("仿宋_GB2312", "仿宋")
HEADING_FONT = ("黑体", "SimHei")
SUBHEADING_FONT = ("楷体_GB2312", "楷体")
TITLE_FONT = ("方正小标宋简体", "宋体")
LATIN_FONT = "Times New Roman"

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 12  # 小四
PAGE_NUMBER_PT = 14  # 四号
LINE_PT = 28.9  # 22 lines in the 225 mm text block
BAR_CELLS = 20  # one cell per 5 % of a target
# Body rows of all tables together, about 450 pages: a paper longer than that is not read at a
# meeting, and python-docx holds ~15 KB of XML per row (100,000 ledger rows, 73,000 table rows:
# 1.1 GB); such a report is refused with the formats that hold any number of rows named.
MAX_TABLE_ROWS = 20_000
#: Rows of evidence (counted and not) past which the paper keeps to what the meeting decides —
#: the overview, targets, changes, the overdue list, department pages — and the evidence and the
#: full tables go to an annex (附件), a workbook written beside it (:func:`render_files`).
ANNEX_ROWS = 300
#: Rows a long table still shows in a paper with an annex: the most urgent (tables are sorted
#: so), the rest in the annex.
ANNEX_SHOWN = 20
TEXT_WIDTH_MM = 156

_LIGHT_FILL = {"green": "00B050", "yellow": "FFC000", "red": "C00000"}
_HEADER_FILL = "D9D9D9"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?( / \d+)?$")
_PLAIN = re.compile(r"[^\t\n\r]+")  # text a w:t holds as it is
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NARROW = re.compile(r"[\u0000-\u2e7f]+")
_ZH_NUMBERS = "一二三四五六七八九十"


def _zh_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 21 -> 二十一 (enough for sub-headings)."""
    if n <= 10:
        return _ZH_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_NUMBERS[tens - 1]) + "十" + (
        _ZH_NUMBERS[ones - 1] if ones else "")


class _Paper:
    """The document being written, with its styles set up once."""

    def __init__(self, lang: str, level: str = "district") -> None:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        self.lang = lang
        self.t = Labels(lang, level)
        self.doc: Any = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance, section.footer_distance = Mm(15), Mm(24)
        self._styles()
        self.table_text = self.doc.styles["Table Text"].style_id
        self.table_grid = self.doc.styles["Table Grid"].style_id
        self._page_numbers(section)
        self._font_table()
        self.table_count = 0
        self.table_rows = 0
        self.annex: Optional[Annex] = None

    # --- styles ---

    def _font(self, style: Any, fonts: tuple[str, str], size: float, bold: bool = False) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(theme), None)
        rfonts.set(qn("w:eastAsia"), fonts[0])

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        styles = self.doc.styles
        normal = styles["Normal"]
        self._font(normal, BODY_FONT, BODY_PT)
        pf = normal.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PT)
        pf.first_line_indent = Pt(2 * BODY_PT)  # two characters
        pf.space_before = pf.space_after = Pt(0)
        pf.widow_control = True
        # the language Word checks spelling in, and the East Asian font's language
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "zh-CN" if self.lang == "zh" else "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        normal.element.get_or_add_rPr().append(lang)

        title = styles["Title"]
        self._font(title, TITLE_FONT, TITLE_PT)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.first_line_indent = Pt(0)
        title.paragraph_format.line_spacing = Pt(36)
        title.paragraph_format.space_before = Pt(0)
        title.paragraph_format.space_after = Pt(LINE_PT / 2)
        # the template's title has a blue rule under it: a paper's title has none
        ppr = title.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)

        subtitle = styles["Subtitle"]
        self._font(subtitle, SUBHEADING_FONT, BODY_PT)
        subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.paragraph_format.first_line_indent = Pt(0)
        subtitle.paragraph_format.space_after = Pt(LINE_PT)

        for name, fonts, bold in (("Heading 1", HEADING_FONT, False),
                                  ("Heading 2", SUBHEADING_FONT, False),
                                  ("Heading 3", BODY_FONT, True)):
            style = styles[name]
            self._font(style, fonts, BODY_PT, bold)
            hf = style.paragraph_format
            hf.first_line_indent = Pt(2 * BODY_PT)
            hf.space_before = hf.space_after = Pt(0)
            hf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            hf.line_spacing = Pt(LINE_PT)
            hf.keep_with_next = True

        if "Table Text" not in [s.name for s in styles]:
            table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
            table_text.base_style = normal
            self._font(table_text, BODY_FONT, TABLE_PT)
            tf = table_text.paragraph_format
            tf.first_line_indent = Pt(0)
            tf.line_spacing_rule = WD_LINE_SPACING.SINGLE
            tf.widow_control = False

        footer = styles["Footer"]
        self._font(footer, BODY_FONT, PAGE_NUMBER_PT)

    def _page_numbers(self, section: Any) -> None:
        """``— 1 —`` centred at the foot of each page (a PAGE field: Word fills it in)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        p = section.footer.paragraphs[0]
        p.style = self.doc.styles["Footer"]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Pt(0)
        p.add_run("— ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        p._p.append(field)
        p.add_run(" —")

    def _font_table(self) -> None:
        """Name each Chinese font in the font table with its fallback as ``w:altName``."""
        from docx.oxml import OxmlElement, parse_xml
        from docx.oxml.ns import qn

        part = next((p for p in self.doc.part.package.iter_parts()
                     if str(p.partname) == "/word/fontTable.xml"), None)
        if part is None:  # pragma: no cover - the default template has one
            return
        root = parse_xml(part.blob)
        for name, alt in (BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TITLE_FONT):
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            for tag, value in (("w:altName", alt), ("w:charset", "86"),
                               ("w:family", "modern" if name in BODY_FONT else "auto")):
                child = OxmlElement(tag)
                child.set(qn("w:val"), value)
                font.append(child)
            root.append(font)
        from docx.opc.oxml import serialize_part_xml

        part._blob = serialize_part_xml(root)

    # --- blocks ---

    # Every text goes in through visible(): XML cannot hold most control characters
    # (python-docx refuses them) and the paper shows each one instead (see .controls).

    def title(self, text: str) -> None:
        self.doc.add_paragraph(visible(text), style="Title")

    def subtitle(self, text: str) -> None:
        self.doc.add_paragraph(visible(text), style="Subtitle")

    def heading(self, text: str, level: int) -> None:
        self.doc.add_paragraph(visible(text), style=f"Heading {level}")

    def para(self, text: str, label: Optional[str] = None, bold: bool = False) -> None:
        """A body paragraph; ``label`` (bold) then a colon before the text."""
        p = self.doc.add_paragraph()
        if label is not None:
            p.add_run(visible(label) + self.t("colon")).bold = True
        run = p.add_run(visible(text))
        if bold:  # a caption: kept on the page of the table it names
            run.bold = True
            p.paragraph_format.keep_with_next = True

    def table(self, columns: list[str], rows: list[list[str]],
              kinds: Optional[list[str]] = None, annexed: Optional[str] = None,
              total: Optional[int] = None) -> Any:
        """A real Word table: header row shaded, bold and repeated on each page; ``kinds``
        says what each column holds (its width follows). With an annex, a table of the section
        ``annexed`` longer than :data:`ANNEX_SHOWN` rows shows its first rows and says where
        the rest are.

        The body rows are copies of one row made through python-docx, with their text set: the
        report of a large roll-up has tens of thousands of rows, and making each cell through
        python-docx looks its style up among all the document's styles (100,000 ledger rows
        took seven minutes; bench/NOTES.md)."""
        from copy import deepcopy

        from docx.enum.table import WD_TABLE_ALIGNMENT

        total = len(rows) if total is None else total
        if annexed is not None and self.annex is not None and total > ANNEX_SHOWN:
            rows = rows[:ANNEX_SHOWN]
        self.table_rows += len(rows)
        if self.table_rows > MAX_TABLE_ROWS:
            raise UsageError(msg(
                f"the Word report would hold more than {MAX_TABLE_ROWS:,} table rows (about "
                f"{MAX_TABLE_ROWS // 45:,} pages): too long for a meeting paper. Write the report "
                "as .xlsx, .html or .json, which hold every row, or narrow the paper to some "
                "departments with --department",
                f"Word 报告的表格将超过 {MAX_TABLE_ROWS:,} 行（约 {MAX_TABLE_ROWS // 45:,} 页），"
                "作为会议材料过长。请改为输出 .xlsx、.html 或 .json（可容纳全部行），"
                "或用 --department 只输出部分单位"))
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        table = self.doc.add_table(rows=2 if rows else 1, cols=len(columns))
        table._tbl.tblStyle_val = self.table_grid  # by id, as for table_text
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, _column_widths([columns, *rows], kinds))
        header = table.rows[0]
        _repeat_header(header)
        _keep_row_together(header)
        for cell, text in zip(header.cells, columns, strict=True):
            self._cell(cell, text, bold=True)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            # the header goes to the next page with the first row: LibreOffice lost every
            # row of a table whose header was all that fitted at the foot of a page
            cell.paragraphs[0].paragraph_format.keep_with_next = True
            _shade(cell, _HEADER_FILL)
        if rows:
            from docx.oxml.ns import qn

            model = table.rows[1]
            _keep_row_together(model)
            for cell in model.cells:
                self._cell(cell, "-")  # a w:t to copy, its text set below
            # A number is right-aligned: its cell's paragraph properties are a copy of these,
            # made once through python-docx (setting them per cell took a fifth of the table).
            right = deepcopy(model.cells[0].paragraphs[0]._p.pPr)
            right.jc_val = WD_ALIGN_PARAGRAPH.RIGHT
            t_tag = qn("w:t")
            tbl, tr_model = table._tbl, model._tr
            for values in rows:
                tr = deepcopy(tr_model)
                tbl.append(tr)
                # each model cell holds one w:t: straight to it, no proxy per tc, p and r
                for t, text in zip(tr.iter(t_tag), map(visible, values), strict=True):
                    if _PLAIN.fullmatch(text):
                        t.text = text
                        if text != text.strip():  # as python-docx marks it
                            t.set(_XML_SPACE, "preserve")
                    else:  # a tab, a line break (<w:br/>), no text: python-docx writes it
                        t.getparent().text = text.replace("\r\n", "\n")
                    if _NUMBER.match(text):
                        p = t.getparent().getparent()
                        p.replace(p.pPr, deepcopy(right))
            tbl.remove(tr_model)
        self.table_count += 1
        if len(rows) < total and self.annex is not None and annexed is not None:
            self.para(self.t("report.in_annex", n=f"{total:,}", shown=len(rows),
                             sheet=self.annex.sheets.get(annexed, "")))
        else:
            self.doc.add_paragraph()  # a table is followed by a blank line, as in a paper
        return table

    def _cell(self, cell: Any, text: str, bold: bool = False) -> None:
        p = cell.paragraphs[0]
        # by its id: assigning the style object looks it up among all styles, each time
        p._p.get_or_add_pPr().style = self.table_text
        lines = visible(text).split("\n")
        run = p.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run = p.add_run(line)
        for r in p.runs:
            r.bold = bold or None

    def bars(self, rows: list[tuple[str, float, str, str]]) -> None:
        """The target chart: (name, share achieved, figure, light) per target."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm

        table = self.doc.add_table(rows=len(rows), cols=BAR_CELLS + 2)
        table._tbl.tblStyle_val = self.table_grid  # by id, as for table_text
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, [Mm(52), *([Mm(3.5)] * BAR_CELLS), Mm(34)])
        for row, (name, share, figure, light) in zip(table.rows, rows, strict=True):
            _keep_row_together(row)
            filled = round(BAR_CELLS * max(0.0, min(share, 1.0)))
            for i, cell in enumerate(row.cells):
                if i == 0:
                    self._cell(cell, name)
                elif i == BAR_CELLS + 1:
                    self._cell(cell, figure)
                elif i <= filled:
                    _shade(cell, _LIGHT_FILL.get(light, "808080"))
                    cell.paragraphs[0]._p.get_or_add_pPr().style = self.table_text
                else:
                    cell.paragraphs[0]._p.get_or_add_pPr().style = self.table_text
        self.table_count += 1
        self.doc.add_paragraph()

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _display_width(text: str) -> int:
    """Columns a line takes: a CJK character two, anything else one."""
    if text.isascii():  # dates, numbers, codes: most cells
        return len(text)
    return 2 * len(text) - len("".join(_NARROW.findall(text)))


_TOKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
#: Half-width columns an unbreakable value may take before it is let break (a long path)
_ATOM_MAX = 30


def _unbreakable(text: str, kind: str) -> int:
    """The widest part of ``text`` a line must not break inside: the whole cell for a date, a
    number, a standard number or a light's word; else its longest run of Latin letters,
    digits and signs (a date or a number inside a message), a CJK character breaking
    anywhere."""
    parts = text.split("\n") if kind in ("atom", "num", "short") else _TOKEN.findall(text)
    # a capital letter is wider than a digit (half a CJK character): T/CQMTCXH 008-2024
    return max((_display_width(p) + (sum(c.isupper() for c in p) + 1) // 2 for p in parts),
               default=0)


def _column_widths(rows: list[list[str]], kinds: Optional[list[str]] = None) -> list[Any]:
    """Widths sharing the 156 mm text block: each column first gets room for two characters
    of its heading and for the widest value it must not break (a date, a number, a standard
    number, a light: ``kinds`` says what a column holds, see sections.*_KINDS), a message or
    a fix for six characters; the rest goes by how much each column holds (a long title gets
    the room)."""
    from docx.shared import Mm

    per_unit, padding = 25.4 / 72 * TABLE_PT / 2, 4.0  # mm per half a CJK character; margins
    kinds = kinds or ["text"] * len(rows[0])
    widest = [max([_display_width(line) for row in rows[1:]
                   for line in row[i].split("\n")] or [0]) for i in range(len(rows[0]))]
    atoms = [min(max([_unbreakable(row[i], kinds[i]) for row in rows[1:]] or [0]), _ATOM_MAX)
             for i in range(len(rows[0]))]
    # a text column is not squeezed below four characters (a department's name), a message
    # below six; a file and row takes what it needs and no more
    floor = [per_unit * max(min(_display_width(h), 4), min(a, 16) if k == "loc" else a,
                            12 if k == "wide" else 0, min(w, 8)) + padding
             for h, w, a, k in zip(rows[0], widest, atoms, kinds, strict=True)]
    weights = [0 if k in ("atom", "num", "short", "loc") else min(w, 40) + 1
               for w, k in zip(widest, kinds, strict=True)]
    if not any(weights):
        weights = [1] * len(weights)
    spare = TEXT_WIDTH_MM - sum(floor)
    if spare < 0:  # the floors alone overflow: the text columns give way, a date never does
        fixed = [k in ("atom", "num", "short") for k in kinds]
        kept = sum(f for f, x in zip(floor, fixed, strict=True) if x)
        flexible = sum(floor) - kept
        if kept >= TEXT_WIDTH_MM or not flexible:
            return [Mm(TEXT_WIDTH_MM * f / sum(floor)) for f in floor]
        scale = (TEXT_WIDTH_MM - kept) / flexible
        return [Mm(f if x else f * scale) for f, x in zip(floor, fixed, strict=True)]
    return [Mm(f + spare * w / sum(weights)) for f, w in zip(floor, weights, strict=True)]


def _widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths: on the grid (LibreOffice, WPS) and on every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _keep_row_together(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


# --- the report ---


@singledispatch
def _docx(doc: BaseModel, lang: str) -> bytes:
    raise Unsupported(f"the docx format cannot show a {type(doc).__name__}")


def _date(r: MeetingReport, lang: str) -> str:
    d = r.as_of
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


@dataclass(frozen=True)
class Annex:
    """The workbook beside a long paper: its file name, and per section key the name of its
    sheet and the rows it holds."""

    name: str
    sheets: dict[str, str]
    rows: dict[str, int]


def needs_annex(r: MeetingReport) -> bool:
    """Whether the paper is past the size a meeting reads (:data:`ANNEX_ROWS`)."""
    return (sum(len(e.counted) + len(e.not_counted) for e in r.evidence) + len(r.other_rows)
            > ANNEX_ROWS)


def render_files(doc: BaseModel, lang: str, options: Options,
                 name: str) -> list[tuple[str, bytes]]:
    """The paper as a file called ``name`` and, past :data:`ANNEX_ROWS` evidence rows, its
    annex: ``[(name, paper), (annex name, workbook)]``, the paper naming the annex and the rows
    each of its sheets holds. At meeting size, the paper alone, holding everything."""
    if not isinstance(doc, MeetingReport) or not needs_annex(doc):
        return [(name, _docx(doc, lang))]
    from . import annex_name
    from .xlsx import annex

    book, sheets, rows = annex(doc, lang, ANNEXED)
    found = Annex(annex_name(name, lang), sheets, rows)
    return [(name, _report(doc, lang, found)), (found.name, book)]


#: The sections whose tables an annex holds whole.
ANNEXED = ("since", "open", "departments", "evidence", "quality")


@_docx.register
def _report(r: MeetingReport, lang: str, annex: Optional[Annex] = None) -> bytes:
    w = _Paper(lang, r.policy.level)
    w.annex = annex
    t = w.t
    core = w.doc.core_properties
    core.title = t("report.title")
    core.subject = r.policy.title.get(lang)
    core.author = core.last_modified_by = f"stdcheck {r.tool_version}"
    core.comments = ""
    w.title(t("report.title"))
    w.subtitle(r.policy.title.get(lang))
    w.para(_date(r, lang), label=t("as_of"))
    # file names, not paths: the paper is read away from the machine that made it
    names = S.file_names(r)
    w.para(S.sources_line(r, t) + t("colon") + "、".join(
        n + ("" if f.readable else f" ({t('unreadable')})")
        for n, f in zip(names, r.files, strict=True)), label=t("report.sources"))
    if annex is not None:
        w.para(t("report.annex_line", name=annex.name, rows=f"{sum(annex.rows.values()):,}",
                 parts=t("list_sep").join(
                     t("report.annex_part", sheet=annex.sheets[k], n=f"{annex.rows[k]:,}")
                     for k in ANNEXED if k in annex.sheets)))
    # no contents list: a paper of a few sections has none, and Word's navigation pane lists
    # the headings
    for number, s in enumerate(S.sections(r, lang), 1):
        w.heading(s.heading, 1)
        _SECTIONS[s.key](w, r, _Numbering(lang, number))
    # when and by what it was made: the last line, not page one
    w.para(S.colophon(r, t))
    return w.bytes()


class _Numbering:
    """Sub-headings under section ``n``: （一）（二）… in zh, n.1, n.2 … in en."""

    def __init__(self, lang: str, section: int) -> None:
        self.lang, self.section, self.count = lang, section, 0

    def __call__(self, text: str) -> str:
        self.count += 1
        if self.lang == "zh":
            return f"（{_zh_ordinal(self.count)}）{text}"
        return f"{self.section}.{self.count} {text}"


def _summary(w: _Paper, r: MeetingReport, n: _Numbering) -> None:
    t, lang = w.t, w.lang
    w.para(S.overview(r, t, lang))
    rows = [S.target_row(x, t, lang) for x in r.targets]
    for row in rows:  # the state over the light: two short lines, not one wide column
        row[3] = row[3].replace(" · ", "\n")
    w.table(S.target_columns(t), rows, S.TARGET_KINDS)
    w.para(t("progress"), bold=True)
    w.bars([(x.name.get(lang), x.achieved / x.required if x.required else 1.0,
             f"{S.figure(x, t)} · {t.enum('light', x.light)}", x.light.value)
            for x in r.targets])
    w.para(t("report.goals"), bold=True)
    for g in r.goals:
        w.para(g.text.get(lang), label=str(g.year))


def _since(w: _Paper, r: MeetingReport, n: _Numbering) -> None:
    t, lang = w.t, w.lang
    s = r.since_last_meeting
    assert s is not None
    if s.since:
        w.para(t("report.since_date", date=s.since.isoformat()))
    if s.previous:
        w.para(S.previous_line(s, t))
        w.heading(n(t("report.moves")), 2)
        w.table([t("target"), t("report.before"), t("report.after")],
                [[S.target_name(r, m.target, lang), str(m.before), str(m.after)]
                 for m in s.moves], S.MOVE_KINDS)
        w.heading(n(f"{t('report.added')} ({len(s.added)})"), 2)
        _changes(w, s.added)
    w.heading(n(f"{t('report.completed')} ({len(s.completed)})"), 2)
    _changes(w, s.completed)
    w.heading(n(f"{t('report.newly_overdue')} ({len(s.newly_overdue)})"), 2)
    _items(w, s.newly_overdue, "days_overdue", "since")


def _items(w: _Paper, items: Sequence[Item], days: str, annexed: str) -> None:
    shown = items[:ANNEX_SHOWN] if w.annex is not None else items  # the most urgent first
    w.table(S.item_columns(w.t, days),
            [S.item_row(i, i.days_overdue if days == "days_overdue" else i.days_left)
             for i in shown], S.ITEM_KINDS, annexed, total=len(items))


def _changes(w: _Paper, changes: list[Change]) -> None:
    t = w.t
    w.table([t("location"), t("title"), t("department"), t("report.number"), t("report.date")],
            [[S.where(c.source, c.sheet, c.row), c.title, c.department or "", c.code or "",
              str(c.date) if c.date else ""] for c in changes], S.CHANGE_KINDS, "since")


def _open(w: _Paper, r: MeetingReport, n: _Numbering) -> None:
    t = w.t
    w.para(S.open_total(r, t))
    w.heading(n(f"{t('overdue')} ({len(r.overdue)})"), 2)
    _items(w, r.overdue, "days_overdue", "open")
    w.heading(n(f"{t('due_soon')} ({len(r.due_soon)})"), 2)
    _items(w, r.due_soon, "days_left", "open")


def _departments(w: _Paper, r: MeetingReport, n: _Numbering) -> None:
    t, lang = w.t, w.lang
    laid = S.department_pages(r, lang)
    for heading, p in laid.pages:
        w.heading(n(heading), 2)
        _department(w, r, p)
    if laid.silent:
        w.heading(n(f"{t('report.sent_nothing')} ({len(laid.silent)})"), 2)
        w.table([t("department"), t("report.tasks_owed")],
                [S.silent_row(h, p, lang) for h, p in laid.silent], S.SILENT_KINDS)
    if laid.quiet:
        w.para(t("list_sep").join(laid.quiet), label=t("report.nothing_outstanding"))


def _department(w: _Paper, r: MeetingReport, p: DepartmentPage) -> None:
    t, lang = w.t, w.lang
    sep = "、" if lang == "zh" else ", "
    if p.silent_tasks:
        w.para(sep.join(str(x) for x in p.silent_tasks), label=t("report.silent_tasks"))
    if p.untasked_tasks:
        w.para(sep.join(str(x) for x in p.untasked_tasks), label=t("report.untasked_tasks"))
    w.para(S.share_text(r, p, t, lang), label=t("report.share"))
    if p.overdue:
        w.para(f"{t('overdue')} ({len(p.overdue)})", bold=True)
        _items(w, p.overdue, "days_overdue", "departments")
    if p.due_soon:
        w.para(f"{t('due_soon')} ({len(p.due_soon)})", bold=True)
        _items(w, p.due_soon, "days_left", "departments")
    if p.findings:
        w.para(f"{t('report.data_findings')} ({len(p.findings)})", bold=True)
        w.table(S.finding_columns(t)[:5], [S.finding_row(f, t, lang)[:5] for f in p.findings],
                S.FINDING_KINDS[:5], "departments")
    if not p.outstanding:
        w.para(t("report.nothing_outstanding"))


def _tasks(w: _Paper, r: MeetingReport, n: _Numbering) -> None:
    w.table(S.task_columns(w.t), [S.task_row(x, w.t, w.lang) for x in r.tasks], S.TASK_KINDS)


def _evidence(w: _Paper, r: MeetingReport, n: _Numbering) -> None:
    t, lang = w.t, w.lang
    if w.annex is not None:  # the counts here, every row in the annex
        w.para(t("report.all_in_annex", n=f"{w.annex.rows.get('evidence', 0):,}",
                 sheet=w.annex.sheets.get("evidence", "")))
        w.table([t("target"), t("report.counted"), t("report.not_counted")],
                [[S.target_name(r, e.target, lang), str(len(e.counted)),
                  str(len(e.not_counted))] for e in r.evidence], S.MOVE_KINDS)
        if r.other_rows:
            w.para(t("report.other_rows", n=len(r.other_rows)) + t("colon")
                   + t("report.other_rows_note") + t("report.other_rows_in_annex"))
        return
    for e in r.evidence:
        w.heading(n(S.target_name(r, e.target, lang)), 2)
        w.para(t("report.counted_rows", n=len(e.counted)), bold=True)
        w.table([t("location"), t("title"), t("report.number"), t("report.date"),
                 t("department")],
                [[S.where(c.source, c.sheet, c.row), c.title, c.code or "", str(c.date or ""),
                  c.department or ""] for c in e.counted], S.COUNTED_KINDS)
        if e.not_counted:
            w.para(t("report.not_counted_rows", n=len(e.not_counted)), bold=True)
            w.table([t("location"), t("title"), t("report.reason"), t("message")],
                    [[S.where(x.source, x.sheet, x.row), x.title or "",
                      S.reason(x.reason, t, lang), S.for_paper(x.message.get(lang))]
                     for x in e.not_counted], S.NOT_COUNTED_KINDS)
    if r.other_rows:
        w.heading(n(t("report.other_rows", n=len(r.other_rows))), 2)
        w.para(t("report.other_rows_note"))
        w.table(S.other_columns(t), list(S.other_rows(r, t)), S.OTHER_KINDS)


def _quality(w: _Paper, r: MeetingReport, n: _Numbering) -> None:
    t, lang = w.t, w.lang
    w.heading(n(t("report.files_read", n=len(r.files))), 2)
    w.para(t("report.files_note"))
    w.table(S.file_columns(t), S.file_rows(r, t), S.FILE_KINDS)
    if not r.findings:
        w.para(t("report.none"))
        return
    if w.annex is not None and len(r.findings) > ANNEX_SHOWN:
        # how many of each problem here; each finding, with how to fix it, in the annex
        counts = Counter((f.code, f.severity) for f in r.findings)
        w.table([t("report.problem"), t("severity"), t("report.count")],
                [[S.reason(code, t, lang), t.enum("severity", sev), f"{k:,}"]
                 for (code, sev), k in counts.most_common()], ["text", "short", "num"])
        w.para(t("report.all_in_annex", n=f"{len(r.findings):,}",
                 sheet=w.annex.sheets.get("quality", "")))
        return
    w.table(S.finding_columns(t), [S.finding_row(f, t, lang) for f in r.findings],
            S.FINDING_KINDS, "quality")


_SECTIONS: dict[str, Callable[[_Paper, MeetingReport, _Numbering], None]] = {
    "summary": _summary, "since": _since, "open": _open, "departments": _departments,
    "tasks": _tasks, "evidence": _evidence, "quality": _quality}


def render(doc: BaseModel, lang: str, options: Options) -> bytes:
    return _docx(doc, lang)
