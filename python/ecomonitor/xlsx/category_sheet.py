"""The category sheets of the master: one per category, one row per task."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.assessment import Assessment
from ecomonitor.core.layout import (
    CATEGORY_COLUMNS,
    CATEGORY_HEADER_ROW,
    TITLE_ROW,
    column_position,
    locate_columns,
    printed_count,
)
from ecomonitor.core.model import Category, Framework, Task
from ecomonitor.core.period import Period
from ecomonitor.core.validation.records import RowRecord
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.category_print import fit_category_rows, refresh_category_print
from ecomonitor.xlsx.cells import column_letter, text_of, width_or_default, write_rate, write_value
from ecomonitor.xlsx.computed_cells import assessment_values, write_computed_value
from ecomonitor.xlsx.rowfit import fit_row
from ecomonitor.xlsx.status_format import add_status_formatting

FIRST_DATA_ROW = CATEGORY_HEADER_ROW + 1
REQUIRED_KEYS = ("id", "indicator", "lead_units", "target", "progress", "rate")


def sheet_title(category: Category, period: Period) -> str:
    return f"{category.title}（{period.label}）"


def write_category_sheet(workbook: Workbook, framework: Framework, category: Category,
                         assessments: dict[str, Assessment], index: int | None = None) -> Worksheet:
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
        _write_task_row(sheet, FIRST_DATA_ROW + offset, task, framework, assessments[task.id])
    last_row = max(FIRST_DATA_ROW + len(tasks) - 1, CATEGORY_HEADER_ROW)
    fit_category_rows(sheet, range(FIRST_DATA_ROW, last_row + 1))
    status = column_letter(column_position("status", CATEGORY_COLUMNS))
    add_status_formatting(sheet, f"{status}{FIRST_DATA_ROW}:{status}{max(last_row, FIRST_DATA_ROW)}")
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
        "link": task.link or None,
        "note": None,
        "previous_progress": task.previous_progress or None,
    }


def _write_task_row(sheet: Worksheet, row: int, task: Task, framework: Framework, assessment: Assessment) -> None:
    values = task_values(task, framework)
    computed = assessment_values(assessment)
    for position, column in enumerate(CATEGORY_COLUMNS):
        cell = sheet.cell(row, position + 1)
        styles.style_body_cell(cell, column.centered)
        if column.key == "rate":
            write_rate(cell, task.rate, task.rate_text)
            continue
        if column.key in computed:
            write_computed_value(cell, column.key, computed[column.key])
        else:
            write_value(cell, values.get(column.key))


def read_category_records(sheet: Worksheet, category: str) -> tuple[list[RowRecord], dict[str, int]]:
    """Read the task rows of a category sheet, by header, until the last used row.

    Returns the rows and the 0-based positions of the columns found. A row
    with content and no task ID is returned with an empty ``task_id``.
    Raises WorkbookError when a required column is missing.
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
    declared = {column.key: column.width for column in CATEGORY_COLUMNS}
    widths = {key: width_or_default(sheet, pos, declared[key]) for key, pos in positions.items()}
    letters = {key: column_letter(pos) for key, pos in positions.items()}
    records: list[RowRecord] = []
    for cells in sheet.iter_rows(min_row=FIRST_DATA_ROW):
        if not any(cell.value not in (None, "") for cell in cells):
            continue
        records.append(_record(sheet.title, category, cells, positions, letters, widths))
    return records, positions


def _record(sheet: str, category: str, cells, positions: dict[str, int], letters: dict[str, str],
            widths: dict[str, float]) -> RowRecord:
    picked = {key: cells[pos] for key, pos in positions.items() if pos < len(cells)}
    row = cells[0].row

    def text(key: str) -> str:
        return text_of(picked[key].value) if key in picked else ""

    return RowRecord(
        sheet=sheet,
        row=row,
        task_id=text("id"),
        category=category,
        indicator=text("indicator"),
        lead_units=text("lead_units"),
        owners=text("owners"),
        target=text("target"),
        progress=text("progress"),
        rate=picked["rate"].value if "rate" in picked else None,
        previous_progress=text("previous_progress"),
        link=text("link"),
        others=text("others"),
        columns=letters,
        formulas=frozenset(key for key, cell in picked.items() if cell.data_type == "f"),
        widths=widths,
    )
