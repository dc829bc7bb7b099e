"""The category sheets of the master: one per category, one row per task."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.layout import (
    CATEGORY_COLUMNS,
    CATEGORY_HEADER_ROW,
    TITLE_ROW,
    Kind,
    locate_columns,
    printed_count,
)
from ecomonitor.core.model import Category, Framework, Task
from ecomonitor.core.period import Period
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.category_print import fit_category_rows, refresh_category_print
from ecomonitor.xlsx.cells import column_letter, read_rate, text_of, write_rate, write_value
from ecomonitor.xlsx.rowfit import fit_row

FIRST_DATA_ROW = CATEGORY_HEADER_ROW + 1
REQUIRED_KEYS = ("id", "indicator", "lead_units", "target", "progress", "rate")


def sheet_title(category: Category, period: Period) -> str:
    return f"{category.title}（{period.label}）"


def write_category_sheet(workbook: Workbook, framework: Framework, category: Category,
                         index: int | None = None) -> Worksheet:
    sheet = workbook.create_sheet(category.sheet, index)
    period = framework.period
    last = column_letter(len(CATEGORY_COLUMNS) - 1)
    _write_title(sheet, sheet_title(category, period), column_letter(printed_count(CATEGORY_COLUMNS) - 1))
    for position, column in enumerate(CATEGORY_COLUMNS):
        cell = sheet.cell(CATEGORY_HEADER_ROW, position + 1, column.header_for(period))
        styles.style_header_cell(cell)
        sheet.column_dimensions[column_letter(position)].width = column.width
    fit_row(sheet, TITLE_ROW, min_height=styles.TITLE_HEIGHT)
    fit_row(sheet, CATEGORY_HEADER_ROW, min_height=styles.HEADER_HEIGHT)
    tasks = framework.tasks_in(category.number)
    for offset, task in enumerate(tasks):
        _write_task_row(sheet, FIRST_DATA_ROW + offset, task, framework)
    last_row = max(FIRST_DATA_ROW + len(tasks) - 1, CATEGORY_HEADER_ROW)
    fit_category_rows(sheet, range(FIRST_DATA_ROW, last_row + 1))
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.auto_filter.ref = f"A{CATEGORY_HEADER_ROW}:{last}{last_row}"
    styles.set_print_layout(sheet, f"{TITLE_ROW}:{CATEGORY_HEADER_ROW}",
                            styles.page_header(period.label, category.sheet))
    refresh_category_print(sheet)
    return sheet


def _write_title(sheet: Worksheet, title: str, last: str) -> None:
    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    cell = sheet.cell(TITLE_ROW, 1, title)
    cell.font = styles.TITLE_FONT
    cell.alignment = styles.TITLE_ALIGNMENT


def task_values(task: Task, framework: Framework) -> dict[str, object]:
    return {
        "id": task.id,
        "indicator": framework.indicator(task.indicator_id).text,
        "lead_units": task.lead_units,
        "owners": "、".join(task.owners),
        "target": task.target,
        "progress": task.progress or None,
        "note": None,
        "previous_progress": task.previous_progress or None,
    }


def _write_task_row(sheet: Worksheet, row: int, task: Task, framework: Framework) -> None:
    values = task_values(task, framework)
    for position, column in enumerate(CATEGORY_COLUMNS):
        cell = sheet.cell(row, position + 1)
        styles.style_body_cell(cell, column.centered)
        if column.kind is Kind.PERCENT:
            write_rate(cell, task.rate, task.rate_text)
            continue
        write_value(cell, values.get(column.key))


@dataclass
class SheetRow:
    """A task row read back from a category sheet."""

    row: int
    values: dict[str, object]


def read_category_rows(sheet: Worksheet) -> list[SheetRow]:
    """Read the task rows of a category sheet, by header, until the last used row.

    Raises WorkbookError when a required column is missing or a row with
    content has no task ID.
    """
    headers = [cell.value for cell in sheet[CATEGORY_HEADER_ROW]]
    positions = locate_columns(headers, CATEGORY_COLUMNS)
    missing = [key for key in REQUIRED_KEYS if key not in positions]
    if missing:
        names = {c.key: c.header for c in CATEGORY_COLUMNS}
        listed = "、".join(names[key].format(year="XXXX", quarter="X") for key in missing)
        raise WorkbookError(
            f"工作表“{sheet.title}”第 {CATEGORY_HEADER_ROW} 行缺少表头“{listed}”：请不要删除或改写这些列的表头。"
        )
    result: list[SheetRow] = []
    data = sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)
    for number, values in enumerate(data, start=FIRST_DATA_ROW):
        picked = {key: (values[pos] if pos < len(values) else None) for key, pos in positions.items()}
        if not any(value not in (None, "") for value in values):
            continue
        if not text_of(picked["id"]):
            raise WorkbookError(
                f"工作表“{sheet.title}”第 {number} 行有内容但没有任务编号：请补上编号或删除该行。"
            )
        result.append(SheetRow(number, picked))
    return result


def rate_of(row: SheetRow) -> tuple[float | None, str]:
    return read_rate(row.values.get("rate"))
