"""Generated table sheets (summaries and reports): title, subtitle, header, rows."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.textfit import row_height
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import column_letter, text_of, write_value

TITLE_ROW = 1
SUBTITLE_ROW = 2
HEADER_ROW = 3
FIRST_DATA_ROW = 4


@dataclass(frozen=True)
class TableColumn:
    header: str
    width: float
    number_format: str = "General"
    centered: bool = False


def replace_sheet(workbook: Workbook, name: str, index: int | None = None) -> Worksheet:
    """Create ``name`` anew at ``index`` (or where the old sheet was, or at the end)."""
    if name in workbook.sheetnames:
        old = workbook[name]
        position = workbook.sheetnames.index(name) if index is None else index
        workbook.remove(old)
    else:
        position = index if index is not None else len(visible_sheet_names(workbook))
    return workbook.create_sheet(name, position)


def visible_sheet_names(workbook: Workbook) -> list[str]:
    return [sheet.title for sheet in workbook.worksheets if sheet.sheet_state == "visible"]


def write_table(sheet: Worksheet, title: str, subtitle: str, columns: list[TableColumn],
                rows: list[list[object]], header_text: str) -> None:
    last = column_letter(len(columns) - 1)
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    cell = sheet.cell(TITLE_ROW, 1, title)
    cell.font = styles.TITLE_FONT
    cell.alignment = styles.TITLE_ALIGNMENT
    sheet.row_dimensions[TITLE_ROW].height = styles.TITLE_HEIGHT
    sheet.merge_cells(f"A{SUBTITLE_ROW}:{last}{SUBTITLE_ROW}")
    cell = sheet.cell(SUBTITLE_ROW, 1, subtitle)
    cell.font = styles.NOTE_FONT
    cell.alignment = Alignment(horizontal="right", vertical="center")
    for position, column in enumerate(columns):
        styles.style_header_cell(sheet.cell(HEADER_ROW, position + 1, column.header))
        sheet.column_dimensions[column_letter(position)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = styles.HEADER_HEIGHT
    for number, values in enumerate(rows, start=FIRST_DATA_ROW):
        append_row(sheet, number, columns, values)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    styles.set_print_layout(sheet, f"{TITLE_ROW}:{HEADER_ROW}", header_text)


def append_row(sheet: Worksheet, number: int, columns: list[TableColumn], values: list[object]) -> None:
    fitted = []
    for position, (column, value) in enumerate(zip(columns, values)):
        cell = sheet.cell(number, position + 1)
        write_value(cell, value)
        styles.style_body_cell(cell, column.centered)
        cell.number_format = column.number_format
        fitted.append((text_of(value), column.width))
    sheet.row_dimensions[number].height = row_height(fitted)
