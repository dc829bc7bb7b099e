"""Writing a consolidation result into an opened master."""

from __future__ import annotations

import datetime as dt

from ecomonitor.core.consolidate import ConsolidationResult
from ecomonitor.core.rates import format_rate
from ecomonitor.core.textfit import row_height
from ecomonitor.xlsx.cells import text_of, write_rate, write_value
from ecomonitor.xlsx.master import MasterBook
from ecomonitor.xlsx.report_sheets import write_consolidation_sheets

DEFAULT_WIDTH = 9.0


def apply_consolidation(book: MasterBook, result: ConsolidationResult, run_time: dt.datetime) -> None:
    touched: set[str] = set()
    for change in result.changes:
        task = book.framework.task(change.task_id)
        cell = book.cell(change.task_id, change.field)
        if change.field == "progress":
            write_value(cell, change.new)
            task.progress = change.new
        else:
            write_rate(cell, change.new)
            task.rate, task.rate_text = change.new, format_rate(change.new)
        touched.add(change.task_id)
    for task_id, note in result.notes.items():
        if "others" in book.locations[task_id].columns:
            write_value(book.cell(task_id, "others"), note)
            touched.add(task_id)
    for task_id in touched:
        fit_task_row(book, task_id)
    write_consolidation_sheets(book.workbook, book.framework, result, run_time)


def fit_task_row(book: MasterBook, task_id: str) -> None:
    """Recompute a task row's height after its texts changed."""
    location = book.locations[task_id]
    sheet = book.workbook[location.sheet]
    fitted = []
    for cell in sheet[location.row]:
        width = sheet.column_dimensions[cell.column_letter].width or DEFAULT_WIDTH
        if isinstance(cell.value, str):
            fitted.append((text_of(cell.value), width))
    sheet.row_dimensions[location.row].height = row_height(fitted)
