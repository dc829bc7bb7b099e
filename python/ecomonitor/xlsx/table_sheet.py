"""Generated table sheets (summaries and reports): title, subtitle, header, rows, notes.

Every such sheet prints the same way. The title (platform and subject with
the period), the subtitle (the date it was made) and the header row repeat
on each page, and rows are fitted to their wrapped text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.model import Framework
from ecomonitor.core.pagelayout import max_row_height
from ecomonitor.core.sheetnames import sheet_key
from ecomonitor.core.textfit import BODY_SIZE
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import column_letter, write_value
from ecomonitor.xlsx.rowfit import column_width, fit_row

TITLE_ROW = 1
SUBTITLE_ROW = 2
HEADER_ROW = 3
FIRST_DATA_ROW = 4
DEFAULT_PLATFORM = "生态文明样板州监测管理平台"
# A hidden sheet-level defined name that marks the sheets replace_sheet writes.
GENERATED_MARKER = "_ecomonitor_generated"
# An attribute set on a workbook that contains cell values only (the ribbon's copy of the open workbook).
VALUES_ONLY = "ecomonitor_values_only"
SUBTITLE_HEIGHT = 20.0


@dataclass(frozen=True)
class TableColumn:
    """A column of a table sheet. Columns with ``printed=False`` come last, because they stay
    outside the print area. They do not wrap and do not count for the row heights."""

    header: str
    width: float
    number_format: str = "General"
    centered: bool = False
    printed: bool = True


def platform_title(framework: Framework) -> str:
    """Return the platform's name, which names the prefecture (湘西州打造…监测管理平台)."""
    return framework.title or DEFAULT_PLATFORM


def report_title(framework: Framework, subject: str) -> str:
    """Return a two-line title: the platform, then the period and the subject."""
    return f"{platform_title(framework)}\n{framework.period.label}{subject}"


def made_on(moment: dt.datetime | dt.date) -> str:
    """Return the date a sheet was made as the office writes it: 制表日期：2023年7月5日."""
    return f"制表日期：{moment.year}年{moment.month}月{moment.day}日"


def replace_sheet(workbook: Workbook, name: str, index: int | None = None) -> Worksheet:
    """Create ``name`` anew at ``index`` (or where the old sheet was, or at the end).

    Only a sheet that the platform generated is replaced. Raises WorkbookError
    when an office sheet has this name, or a name that differs only in case or
    outer spaces. So no office sheet is overwritten, and no two tabs look alike.
    """
    clash = next((sheet for sheet in workbook.sheetnames if sheet_key(sheet) == sheet_key(name)), None)
    if clash is not None and (clash != name or not is_generated(workbook[clash])):
        raise WorkbookError(
            f"主表中已有工作表“{clash}”，它不是平台生成的（可能是办公室自己添加或改名的），平台不会覆盖它，"
            f"本次没有写入主表。请把该工作表改名（如“{clash.strip()}（办公室）”）后重试；"
            f"平台会在“{name}”工作表中写入结果。"
        )
    if clash is not None:
        position = workbook.sheetnames.index(name) if index is None else index
        workbook.remove(workbook[name])
    else:
        position = index if index is not None else len(visible_sheet_names(workbook))
    sheet = workbook.create_sheet(name, position)
    sheet.defined_names[GENERATED_MARKER] = DefinedName(GENERATED_MARKER, attr_text='"ecomonitor"', hidden=True)
    return sheet


def is_generated(sheet: Worksheet) -> bool:
    """Tell whether the platform wrote this sheet with ``replace_sheet``.

    Sheets written since the marker exists carry the hidden sheet-level name
    ``_ecomonitor_generated``. Older masters have generated sheets without it,
    recognised by the heading that ``write_heading`` merges over rows 1 and 2.
    The ribbon's in-memory copy of a workbook (``VALUES_ONLY``) has neither
    names nor merges, so there a text title in A1 and subtitle in A2 count.
    NOTE: an office sheet with such a heading passes these fallbacks and would be replaced.
    """
    if GENERATED_MARKER in sheet.defined_names:
        return True
    title = sheet.cell(TITLE_ROW, 1).value
    subtitle = sheet.cell(SUBTITLE_ROW, 1).value
    if getattr(sheet.parent, VALUES_ONLY, False):
        return isinstance(title, str) and bool(title.strip()) and isinstance(subtitle, str) and bool(subtitle.strip())
    merged = {(r.min_row, r.max_row, r.min_col) for r in sheet.merged_cells.ranges}
    return (TITLE_ROW, TITLE_ROW, 1) in merged and (SUBTITLE_ROW, SUBTITLE_ROW, 1) in merged and isinstance(title, str)


def visible_sheet_names(workbook: Workbook) -> list[str]:
    return [sheet.title for sheet in workbook.worksheets if sheet.sheet_state == "visible"]


def write_table(sheet: Worksheet, title: str, subtitle: str, columns: list[TableColumn],
                rows: list[list[object]], header_text: str, notes: list[str] | None = None) -> None:
    """Write a titled table that prints with its title, subtitle and header on every page.

    ``notes`` are lines written below the table (explanations of the figures).
    """
    last = column_letter(printed_count(columns) - 1)  # the title and notes span the printed columns
    for position, column in enumerate(columns):
        sheet.column_dimensions[column_letter(position)].width = column.width
    write_heading(sheet, title, subtitle, last)
    for position, column in enumerate(columns):
        styles.style_header_cell(sheet.cell(HEADER_ROW, position + 1, column.header))
    fit_row(sheet, HEADER_ROW, min_height=styles.HEADER_HEIGHT)
    limit = table_row_limit(sheet)
    body_styles = styles.BodyStyles()
    for number, values in enumerate(rows, start=FIRST_DATA_ROW):
        append_row(sheet, number, columns, values, limit, body_styles)
    _write_notes(sheet, FIRST_DATA_ROW + len(rows) + 1, notes or [], last)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    styles.set_print_layout(sheet, f"{TITLE_ROW}:{HEADER_ROW}", header_text)
    set_table_print_area(sheet, columns)


def set_table_print_area(sheet: Worksheet, columns: list[TableColumn]) -> None:
    """Leave the columns with ``printed=False`` out of the print area, which ends at the last used row."""
    printed = printed_count(columns)
    if printed < len(columns):
        sheet.print_area = f"A1:{column_letter(printed - 1)}{max(sheet.max_row, HEADER_ROW)}"


def printed_count(columns: list[TableColumn]) -> int:
    return sum(1 for column in columns if column.printed)


def write_heading(sheet: Worksheet, title: str, subtitle: str, last: str) -> None:
    """Write the title (row 1) and the subtitle (row 2) across columns A to ``last``."""
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    cell = sheet.cell(TITLE_ROW, 1, title)
    cell.font = styles.TITLE_FONT
    cell.alignment = styles.TITLE_ALIGNMENT
    fit_row(sheet, TITLE_ROW, min_height=styles.TITLE_HEIGHT)
    sheet.merge_cells(f"A{SUBTITLE_ROW}:{last}{SUBTITLE_ROW}")
    cell = sheet.cell(SUBTITLE_ROW, 1, subtitle)
    cell.font = styles.NOTE_FONT
    cell.alignment = Alignment(horizontal="right", vertical="center", wrap_text=True)
    fit_row(sheet, SUBTITLE_ROW, min_height=SUBTITLE_HEIGHT)


def _write_notes(sheet: Worksheet, first: int, notes: list[str], last: str) -> None:
    for number, note in enumerate(notes, start=first):
        sheet.merge_cells(f"A{number}:{last}{number}")
        cell = sheet.cell(number, 1)
        write_value(cell, note)
        cell.font = styles.NOTE_FONT
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        fit_row(sheet, number, max_height=table_row_limit(sheet))


def table_row_limit(sheet: Worksheet) -> float:
    """Return the tallest row that prints whole below the repeated title, subtitle and header."""
    repeated = sum(sheet.row_dimensions[row].height or 15.0 for row in range(TITLE_ROW, HEADER_ROW + 1))
    width = sum(column_width(sheet, column) for column in range(1, sheet.max_column + 1))
    return max_row_height(repeated, width)


def append_row(sheet: Worksheet, number: int, columns: list[TableColumn], values: list[object],
               max_height: float, body_styles: styles.BodyStyles) -> None:
    """Write one styled table row and fit its height. ``max_height`` is ``table_row_limit(sheet)``."""
    for position, (column, value) in enumerate(zip(columns, values)):
        cell = sheet.cell(number, position + 1)
        write_value(cell, value)
        body_styles.apply(cell, column.centered, column.number_format, wrapped=column.printed)
    fit_row(sheet, number, max_height=max_height, body_size=BODY_SIZE, last_column=printed_count(columns))
