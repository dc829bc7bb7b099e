"""Writing a new period into an opened master: task rows, headers, titles and 配置.

Columns are found by header, so a period header is recognised by its pattern
(二季度进展, 2023年目标任务) and rewritten for the new period, and a master
without a 上期进展 column gets one after its last used column.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.layout import CATEGORY_HEADER_ROW, PREVIOUS_PROGRESS, TITLE_ROW, locate_columns
from ecomonitor.core.period import Period, parse_progress_header, parse_target_header
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.apply import refit_task_rows
from ecomonitor.xlsx.cells import column_letter, text_of, write_rate, write_value
from ecomonitor.xlsx.guide_sheet import replace_guide_sheet
from ecomonitor.xlsx.master import MasterBook
from ecomonitor.xlsx.settings_sheet import SHEET as SETTINGS_SHEET
from ecomonitor.xlsx.settings_sheet import write_settings

CLEARED_KEYS = ("progress", "others")


def write_new_period(book: MasterBook, previous: Period) -> None:
    """Write the book's framework and settings, already moved on, into its sheets."""
    following = book.framework.period
    for category in book.framework.categories:
        sheet = book.workbook[category.sheet]
        _ensure_previous_column(book, sheet)
        rename_period(sheet, previous, following)
    for task in book.framework.tasks:
        _write_task(book, task.id, task.previous_progress)
    refit_task_rows(book, {task.id for task in book.framework.tasks})
    write_settings(book.workbook[SETTINGS_SHEET], book.settings, ("year", "quarter", "deadline"))
    replace_guide_sheet(book.workbook, book.framework)


def rename_period(sheet: Worksheet, previous: Period, following: Period) -> None:
    """Rewrite the period headers, the title and the print header of a category sheet."""
    for cell in sheet[CATEGORY_HEADER_ROW]:
        text = text_of(cell.value)
        if parse_target_header(text) is not None:
            cell.value = following.target_header
        elif parse_progress_header(text) is not None:
            cell.value = following.progress_header
    title = sheet.cell(TITLE_ROW, 1)
    if isinstance(title.value, str):
        title.value = title.value.replace(previous.label, following.label)
    header = sheet.oddHeader.center
    if header.text:
        header.text = header.text.replace(previous.label, following.label)


def _ensure_previous_column(book: MasterBook, sheet: Worksheet) -> None:
    headers = [cell.value for cell in sheet[CATEGORY_HEADER_ROW]]
    if "previous_progress" in locate_columns(headers, (PREVIOUS_PROGRESS,)):
        return
    used = [position for position, value in enumerate(headers) if text_of(value)]
    position = (used[-1] + 1) if used else 0
    styles.style_header_cell(sheet.cell(CATEGORY_HEADER_ROW, position + 1, PREVIOUS_PROGRESS.header))
    sheet.column_dimensions[column_letter(position)].width = PREVIOUS_PROGRESS.width
    for location in book.locations.values():
        if location.sheet == sheet.title:
            location.columns["previous_progress"] = position


def _write_task(book: MasterBook, task_id: str, previous_progress: str) -> None:
    location = book.locations[task_id]
    cell = book.cell(task_id, "previous_progress")
    styles.style_body_cell(cell)
    write_value(cell, previous_progress)
    for key in CLEARED_KEYS:
        if key in location.columns:
            write_value(book.cell(task_id, key), None)
    write_rate(book.cell(task_id, "rate"), None)
