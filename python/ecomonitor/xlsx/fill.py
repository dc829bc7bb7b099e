"""Filling a department copy the way a department does in Excel.

Used by the demo, the tests and the benchmark to stand in for a department:
typing 52.80% into a percent cell stores 0.528 with the format 0.00%, and a
multi-line progress text keeps its line breaks (Alt+Enter).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from ecomonitor.core.layout import COPY_COLUMNS, COPY_HEADER_ROW, locate_columns
from ecomonitor.errors import WorkbookError
from ecomonitor.xlsx.cells import text_of, write_rate, write_value
from ecomonitor.xlsx.copies import DATA_SHEET


@dataclass(frozen=True)
class Typed:
    """What a department types for one task."""

    progress: str
    rate: float | None
    rate_text: str = ""


def fill_copy(source: Path, entries: dict[str, Typed], target: Path) -> int:
    """Type the entries into a copy, save it as ``target``; return the rows filled."""
    workbook = load_workbook(source)
    sheet = workbook[DATA_SHEET]
    headers = [cell.value for cell in sheet[COPY_HEADER_ROW]]
    columns = locate_columns(headers, COPY_COLUMNS)
    if not {"id", "progress", "rate"} <= set(columns):
        raise WorkbookError(f"“{source}”的工作表“{DATA_SHEET}”缺少任务编号、进展或完成率列。")
    filled = 0
    for row in range(COPY_HEADER_ROW + 1, sheet.max_row + 1):
        task_id = text_of(sheet.cell(row, columns["id"] + 1).value)
        entry = entries.get(task_id)
        if entry is None:
            continue
        write_value(sheet.cell(row, columns["progress"] + 1), entry.progress)
        write_rate(sheet.cell(row, columns["rate"] + 1), entry.rate, entry.rate_text)
        filled += 1
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return filled
