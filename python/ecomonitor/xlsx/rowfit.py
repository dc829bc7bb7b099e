"""Fitting row heights to the wrapped text of their cells, which openpyxl cannot do.

A row taller than Excel's 409-pt limit or than one printed page cannot
show all its text, because neither Excel nor LibreOffice splits a row over
two pages. The cells whose text needs more get a smaller font, step by
step down to 7 pt. Text that does not fit even then is reported, and the
row is left at the maximum height.
"""

from __future__ import annotations

import logging
from copy import copy
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.textfit import BODY_SIZE, MAX_ROW_HEIGHT, row_height, text_height
from ecomonitor.xlsx.cells import text_of

logger = logging.getLogger(__name__)

DEFAULT_WIDTH = 9.14  # Excel's default column width in width units
SMALLER_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)


@dataclass
class RowFit:
    """The height given to a row and the cells whose font had to shrink or still overflows."""

    height: float
    shrunk: list[str] = field(default_factory=list)
    overflowing: list[str] = field(default_factory=list)


def column_width(sheet: Worksheet, column: int) -> float:
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    return dimension.width if dimension is not None and dimension.width else DEFAULT_WIDTH


def _merged_widths(sheet: Worksheet, row: int) -> dict[int, float | None]:
    """Return the width of each merged cell anchored in ``row``; None for cells a merge covers."""
    widths: dict[int, float | None] = {}
    for merged in sheet.merged_cells.ranges:
        if not merged.min_row <= row <= merged.max_row:
            continue
        for column in range(merged.min_col, merged.max_col + 1):
            widths[column] = None
        if merged.min_row == row:
            total = sum(column_width(sheet, c) for c in range(merged.min_col, merged.max_col + 1))
            widths[merged.min_col] = total
    return widths


def _text_cells(sheet: Worksheet, row: int, last_column: int | None) -> list[tuple[object, str, float]]:
    merged = _merged_widths(sheet, row)
    cells = []
    # sheet[row] would compute max_column, which visits every cell of the sheet.
    row_cells = sheet[row] if last_column is None else next(sheet.iter_rows(row, row, 1, max(last_column, 1)))
    for cell in row_cells:
        text = text_of(cell.value) if isinstance(cell.value, str) else ""
        if not text or (cell.column in merged and merged[cell.column] is None):
            continue
        width = merged.get(cell.column) or column_width(sheet, cell.column)
        cells.append((cell, text, width))
    return cells


def fit_row(sheet: Worksheet, row: int, max_height: float = MAX_ROW_HEIGHT, min_height: float = 0.0,
            body_size: float | None = None, last_column: int | None = None) -> RowFit:
    """Set the height of ``row`` to show the text of every cell in full.

    With ``body_size``, cells shrunk by an earlier fit get that size back
    first, so a text that became shorter is printed at full size again.
    ``last_column`` (the sheet's ``max_column``, when the caller knows it)
    saves a pass over every cell of the sheet for each row.
    """
    fitted = RowFit(height=0.0)
    sizes = []
    for cell, text, width in _text_cells(sheet, row, last_column):
        size = float(cell.font.sz or BODY_SIZE)
        if body_size is not None and size < body_size:
            size = body_size
            _set_size(cell, size)
        if text_height(text, width, size) > max_height:
            size = _shrink(cell, text, width, size, max_height, fitted)
        sizes.append((text, width, size))
    fitted.height = max(row_height(sizes, max_height), min_height)
    sheet.row_dimensions[row].height = fitted.height
    if fitted.overflowing:
        logger.warning("工作表“%s”的单元格 %s 文字太长，缩小到 %s 磅仍超过一页：打印件上这些单元格的文字不完整，"
                       "工作簿中的文字完整保留。", sheet.title, "、".join(fitted.overflowing), SMALLER_SIZES[-1])
    return fitted


def _shrink(cell, text: str, width: float, size: float, max_height: float, fitted: RowFit) -> float:
    smaller = [candidate for candidate in SMALLER_SIZES if candidate < size]
    for candidate in smaller:
        if text_height(text, width, candidate) <= max_height:
            _set_size(cell, candidate)
            fitted.shrunk.append(cell.coordinate)
            return candidate
    if smaller:
        _set_size(cell, smaller[-1])
    fitted.overflowing.append(cell.coordinate)
    return smaller[-1] if smaller else size


def _set_size(cell, size: float) -> None:
    font = copy(cell.font)
    font.sz = size
    cell.font = font
