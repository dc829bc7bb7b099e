"""The 配置 sheet: one setting per row, as 项目 | 值 | 说明."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.settings import Settings, settings_from_cells
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import text_of
from ecomonitor.xlsx.rowfit import fit_row

SHEET = "配置"
HEADER_ROW = 2
HEADERS = ("项目", "值", "说明")
WIDTHS = (26, 18, 60)


def write_settings_sheet(workbook: Workbook, settings: Settings) -> Worksheet:
    sheet = workbook.create_sheet(SHEET)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    title = sheet.cell(1, 1, "配置")
    title.font = styles.TITLE_FONT
    title.alignment = styles.TITLE_ALIGNMENT
    sheet.row_dimensions[1].height = styles.TITLE_HEIGHT
    for position, (header, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        styles.style_header_cell(sheet.cell(HEADER_ROW, position, header))
        sheet.column_dimensions[sheet.cell(HEADER_ROW, position).column_letter].width = width
    for row, (spec, value) in enumerate(settings.items(), start=HEADER_ROW + 1):
        label = sheet.cell(row, 1, spec.label)
        styles.style_body_cell(label)
        cell = sheet.cell(row, 2, value if value != "" else None)
        styles.style_body_cell(cell, centered=True)
        cell.fill = styles.INPUT_FILL
        if spec.kind is dt.date:
            cell.number_format = "yyyy-mm-dd"
        elif spec.kind is str:
            cell.number_format = "@"
        styles.style_body_cell(sheet.cell(row, 3, spec.help))
        fit_row(sheet, row)
    styles.set_print_layout(sheet, f"1:{HEADER_ROW}", styles.page_header(settings.period.label, SHEET))
    return sheet


def read_settings_sheet(sheet: Worksheet) -> Settings:
    values: dict[str, object] = {}
    cells: dict[str, str] = {}
    for label, value in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=2):
        if text_of(label.value):
            values[text_of(label.value)] = value.value
            cells[text_of(label.value)] = value.coordinate
    return settings_from_cells(values, SHEET, cells)


def write_settings(sheet: Worksheet, settings: Settings, attributes: tuple[str, ...]) -> None:
    """Write the named settings into their rows, found by label; a missing row is appended."""
    rows = {text_of(sheet.cell(row, 1).value): row for row in range(HEADER_ROW + 1, sheet.max_row + 1)}
    for spec, value in settings.items():
        if spec.attribute not in attributes:
            continue
        row = rows.get(spec.label)
        if row is None:
            row = max(sheet.max_row + 1, HEADER_ROW + 1)
            styles.style_body_cell(sheet.cell(row, 1, spec.label))
            styles.style_body_cell(sheet.cell(row, 3, spec.help))
            rows[spec.label] = row
        cell = sheet.cell(row, 2)
        cell.value = value if value != "" else None
        if spec.kind is dt.date:
            cell.number_format = "yyyy-mm-dd"
