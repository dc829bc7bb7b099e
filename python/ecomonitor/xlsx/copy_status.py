"""The computed columns of a department copy: 序时进度 (a value) and 状态 (a formula)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.assessment import cached_time_progress
from ecomonitor.core.layout import COPY_COLUMNS, column_position
from ecomonitor.core.model import Task
from ecomonitor.core.period import Period
from ecomonitor.core.settings import Settings
from ecomonitor.xlsx.cells import column_letter
from ecomonitor.xlsx.computed_cells import TIME_PROGRESS_FORMAT
from ecomonitor.xlsx.status_format import add_status_formatting
from ecomonitor.xlsx.status_formula import status_formula


COPY_COMPUTED_KEYS = ("time_progress", "status")


def _letter(key: str) -> str:
    return column_letter(column_position(key, COPY_COLUMNS))


def write_copy_computed(cell, key: str, task: Task, period: Period, settings: Settings) -> None:
    """Write the time progress of the task, or the formula that rates it against that progress."""
    if key == "time_progress":
        cell.value = cached_time_progress(task.target, period)
        cell.number_format = TIME_PROGRESS_FORMAT
    elif key == "status":
        row = cell.row
        cell.value = status_formula(f"{_letter('rate')}{row}", f"{_letter('time_progress')}{row}", settings)
    else:
        raise ValueError(f"no computed value for copy column {key!r}")


def add_copy_status_formatting(sheet: Worksheet, first_row: int, last_row: int) -> None:
    letter = _letter("status")
    add_status_formatting(sheet, f"{letter}{first_row}:{letter}{last_row}")
