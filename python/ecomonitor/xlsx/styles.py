"""Fonts, fills, borders and page setup shared by every sheet the platform writes.

Fonts follow the conventions for attachment tables of Chinese official
documents (GB/T 9704): titles in 黑体, body text in 宋体, at 11 pt.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

TITLE_FONT = Font(name="黑体", size=16)
SUBTITLE_FONT = Font(name="宋体", size=11, italic=False)
HEADER_FONT = Font(name="黑体", size=11)
BODY_FONT = Font(name="宋体", size=11)
NOTE_FONT = Font(name="宋体", size=10, color="595959")

HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

WRAP_LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
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


def set_print_layout(sheet: Worksheet, header_rows: str, header_text: str) -> None:
    """Print on A4 landscape, one page wide, with the header rows on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.print_title_rows = header_rows
    sheet.oddHeader.center.text = header_text
    sheet.oddHeader.center.font = "宋体"
    sheet.oddHeader.center.size = 10
    sheet.oddFooter.center.text = PAGE_FOOTER
    sheet.oddFooter.center.font = "宋体"
    sheet.oddFooter.center.size = 10
