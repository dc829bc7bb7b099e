"""Fonts, fills, borders and page setup shared by every sheet the platform writes.

Fonts follow the conventions for attachment tables of Chinese official
documents (GB/T 9704): titles in 黑体 三号 (16 pt), body text in 宋体 at 11 pt,
inside the 10.5–12 pt range of 五号 to 小四. Column widths keep every table
within one A4 landscape page at 100%, so fitting to the page width never
shrinks the text below that size.
"""

from __future__ import annotations

from copy import copy

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.pagelayout import MARGINS

TITLE_FONT = Font(name="黑体", size=16)
SUBTITLE_FONT = Font(name="宋体", size=11, italic=False)
HEADER_FONT = Font(name="黑体", size=11)
BODY_FONT = Font(name="宋体", size=11)
NOTE_FONT = Font(name="宋体", size=10.5, color="404040")
PAGE_FONT = "宋体"
PAGE_FONT_SIZE = 10

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

WRAP_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
ONE_LINE = Alignment(wrap_text=False, vertical="center", horizontal="left")
TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)

TITLE_HEIGHT = 30.0
HEADER_HEIGHT = 30.0

PAGE_FOOTER = "第 &P 页 共 &N 页"


def style_header_cell(cell) -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.border = GRID
    cell.alignment = WRAP_CENTER


def style_body_cell(cell, centered: bool = False) -> None:
    cell.font = BODY_FONT
    cell.border = GRID
    cell.alignment = WRAP_CENTER if centered else WRAP_LEFT


class BodyStyles:
    """Styles body cells of one workbook by copying the style of the first cell styled alike.

    Setting font, border and alignment makes openpyxl look each part up in
    the workbook's style lists, which costs more than the rest of writing a
    cell. The copied style refers to the same list entries, so the file is
    the same.
    """

    def __init__(self):
        self._styles: dict[tuple[bool, str, bool], StyleArray] = {}

    def apply(self, cell, centered: bool, number_format: str, wrapped: bool = True) -> None:
        """Style a body cell; ``wrapped=False`` keeps a long value such as a hash on one line."""
        key = (centered, number_format, wrapped)
        style = self._styles.get(key)
        if style is None:
            style_body_cell(cell, centered)
            if not wrapped:
                cell.alignment = ONE_LINE
            cell.number_format = number_format
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def page_header(period_label: str, subject: str) -> str:
    """Return the page header text: the period and what the sheet is, such as 2023年二季度　汇总."""
    return f"{period_label}　{subject}" if period_label else subject


def set_print_layout(sheet: Worksheet, header_rows: str, header_text: str) -> None:
    """Print on A4 landscape, one page wide, with the header rows on every page.

    The page header shows ``header_text`` (the period and the sheet), the
    footer 第 X 页 共 Y 页.
    """
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left, margins.right = MARGINS.left, MARGINS.right
    margins.top, margins.bottom = MARGINS.top, MARGINS.bottom
    margins.header, margins.footer = MARGINS.header, MARGINS.footer
    sheet.print_title_rows = header_rows
    sheet.oddHeader.center.text = header_text
    sheet.oddHeader.center.font = PAGE_FONT
    sheet.oddHeader.center.size = PAGE_FONT_SIZE
    sheet.oddFooter.center.text = PAGE_FOOTER
    sheet.oddFooter.center.font = PAGE_FONT
    sheet.oddFooter.center.size = PAGE_FONT_SIZE
