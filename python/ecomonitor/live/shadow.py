"""The live workbook as an in-memory openpyxl workbook, and the changes pushed back.

A button reads every sheet in one call each into pandas, copies the
values into an openpyxl workbook (the shadow), and runs the same openpyxl
adapter and jobs as the command line on it. What the job changed is then
written back in bulk: per sheet, one call per changed column spanning its
changed rows, so the number of calls depends on the columns and sheets,
never on the number of tasks. Only values travel: formats of existing
sheets stay as Excel has them, and colours come from the workbook's
conditional formats.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import pandas as pd
import xlwings as xw
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ecomonitor.live.session import check_writable
from ecomonitor.xlsx.cells import write_value
from ecomonitor.xlsx.table_sheet import VALUES_ONLY

Grid = list[list[object]]

# Excel turns a written string into a number, date, formula or error when
# it looks like one; a leading apostrophe keeps it text, as typing does.
_CONVERTED_BY_EXCEL = re.compile(r"^\s*([=+\-@]|[\d.,]+%?\s*$|\d{1,4}[-/年]\d{1,2})")


@dataclass
class Shadow:
    """The shadow workbook and the grids it started from, by sheet name."""

    workbook: Workbook
    before: dict[str, Grid]


def read_shadow(book: xw.Book) -> Shadow:
    """Copy the values of every sheet of ``book`` into a new openpyxl workbook."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    setattr(workbook, VALUES_ONLY, True)
    before = {}
    for sheet in book.sheets:
        grid = read_grid(sheet)
        target = workbook.create_sheet(sheet.name)
        for row_number, row in enumerate(grid, start=1):
            for column_number, value in enumerate(row, start=1):
                if value is not None:
                    write_value(target.cell(row_number, column_number), value)
        before[sheet.name] = grid
    return Shadow(workbook, before)


def read_grid(sheet: xw.Sheet) -> Grid:
    """Read a sheet from A1 to the end of its used range, in one call, as plain Python values."""
    last = sheet.used_range.last_cell
    frame = sheet.range((1, 1), (last.row, last.column)).options(
        pd.DataFrame, header=False, index=False
    ).value
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame([[frame]])
    return [[_plain(value) for value in row] for row in frame.itertuples(index=False)]


def _plain(value: object) -> object:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def push_changes(book: xw.Book, shadow: Shadow) -> None:
    """Write what the job changed in the shadow back into ``book``."""
    live_names = [sheet.name for sheet in book.sheets]
    for name in live_names:
        if name not in shadow.workbook.sheetnames:
            book.sheets[name].delete()
    for index, name in enumerate(shadow.workbook.sheetnames):
        source = shadow.workbook[name]
        if name in live_names:
            _push_sheet(book.sheets[name], shadow.before[name], source)
        else:
            _add_sheet(book, index, source)


def _push_sheet(sheet: xw.Sheet, before: Grid, source) -> None:
    after = _grid_of(source)
    columns = _changed_spans(before, after)
    if columns:
        check_writable(sheet)
    for column, (first, last) in columns.items():
        values = [[_for_excel(source.cell(row + 1, column + 1))] for row in range(first, last + 1)]
        sheet.range((first + 1, column + 1), (last + 1, column + 1)).value = values


def _changed_spans(before: Grid, after: Grid) -> dict[int, tuple[int, int]]:
    """Return, per changed column, the first and last changed row (0-based)."""
    rows = max(len(before), len(after))
    width = max([len(row) for row in before + after] or [0])
    spans: dict[int, tuple[int, int]] = {}
    for row in range(rows):
        for column in range(width):
            if _value_at(before, row, column) != _value_at(after, row, column):
                first, _ = spans.get(column, (row, row))
                spans[column] = (first, row)
    return spans


def _value_at(grid: Grid, row: int, column: int) -> object:
    if row < len(grid) and column < len(grid[row]):
        value = grid[row][column]
        return None if value == "" else value
    return None


def _grid_of(sheet) -> Grid:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _add_sheet(book: xw.Book, index: int, source) -> None:
    """Add a sheet the job created, with its values, column widths and number formats."""
    after = book.sheets[index - 1] if index > 0 else None
    sheet = book.sheets.add(source.title, after=after) if after else book.sheets.add(source.title, before=book.sheets[0])
    if source.max_row == 1 and source.max_column == 1 and source.cell(1, 1).value is None:
        return
    values = [[_for_excel(cell) for cell in row] for row in source.iter_rows()]
    sheet.range((1, 1), (source.max_row, source.max_column)).value = values
    for column in range(1, source.max_column + 1):
        _copy_column_format(sheet, source, column)


def _copy_column_format(sheet: xw.Sheet, source, column: int) -> None:
    letter = get_column_letter(column)
    width = source.column_dimensions[letter].width if letter in source.column_dimensions else None
    if width:
        sheet.range(f"{letter}:{letter}").column_width = width
    rows = [row for row in range(1, source.max_row + 1)
            if source.cell(row, column).number_format != "General"]
    if rows:
        fmt = source.cell(rows[-1], column).number_format
        sheet.range((rows[0], column), (rows[-1], column)).number_format = fmt


def _for_excel(cell) -> object:
    """Return a cell's value as Excel must receive it to store the same thing."""
    value = cell.value
    if isinstance(value, str) and cell.data_type == "s" and _CONVERTED_BY_EXCEL.match(value):
        return "'" + value
    if isinstance(value, dt.time):
        return value.isoformat()
    return value
