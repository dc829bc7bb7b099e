"""Writing a consolidation result into an opened master."""

from __future__ import annotations

import datetime as dt

from ecomonitor.core.consolidate import ConsolidationResult
from ecomonitor.core.rates import format_rate
from ecomonitor.xlsx.category_print import fit_category_rows, refresh_category_print
from ecomonitor.xlsx.cells import write_rate, write_value
from ecomonitor.xlsx.master import MasterBook
from ecomonitor.xlsx.report_sheets import write_consolidation_sheets


def apply_consolidation(book: MasterBook, result: ConsolidationResult, run_time: dt.datetime,
                        refit: bool = True) -> None:
    """Write the changes into the master's cells and the report sheets.

    A note for the 其他单位填报 column is dropped, and not logged, when the
    office removed that column from the task's sheet. ``refit=False`` leaves
    the heights of the changed rows to the caller.
    """
    result.changes = [
        change for change in result.changes
        if change.field != "others" or "others" in book.locations[change.task_id].columns
    ]
    touched: set[str] = set()
    tasks = {task.id: task for task in book.framework.tasks}
    for change in result.changes:
        task = tasks[change.task_id]
        cell = book.cell(change.task_id, change.field)
        if change.field == "progress":
            write_value(cell, change.new)
            task.progress = change.new
        elif change.field == "others":
            write_value(cell, change.new)
            task.others = change.new
        else:
            write_rate(cell, change.new)
            task.rate, task.rate_text = change.new, format_rate(change.new)
        touched.add(change.task_id)
    if refit:
        refit_task_rows(book, touched)
    write_consolidation_sheets(book.workbook, book.framework, result, run_time)


def refit_task_rows(book: MasterBook, task_ids: set[str]) -> None:
    """Recompute the heights of task rows whose texts changed, and the page breaks of their sheets."""
    rows_by_sheet: dict[str, list[int]] = {}
    for task_id in task_ids:
        location = book.locations[task_id]
        rows_by_sheet.setdefault(location.sheet, []).append(location.row)
    for name, rows in rows_by_sheet.items():
        sheet = book.workbook[name]
        fit_category_rows(sheet, sorted(rows))
        refresh_category_print(sheet)
