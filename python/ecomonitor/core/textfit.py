"""Row heights for wrapped text, which openpyxl cannot autofit.

Widths are in Excel's column-width unit (the width of the digit 0 in the
default font). In 宋体 at 11 pt a CJK character takes about 2.1 units and a
Latin character about 1.1. The estimate rounds both up a little, because a
row that is too short hides text when printed, while one that is too tall
only leaves white space.
"""

from __future__ import annotations

import math
import unicodedata

WIDE_UNITS = 2.2
NARROW_UNITS = 1.15
CELL_PADDING_UNITS = 1.0
POINTS_PER_LINE = 15.0  # 11-pt CJK text, line spacing included
ROW_PADDING_POINTS = 4.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit, in points


def text_units(text: str) -> float:
    total = 0.0
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        total += WIDE_UNITS if wide else NARROW_UNITS
    return total


def line_count(text: str, column_width: float) -> int:
    """Estimate how many lines a wrapped cell of this width shows."""
    usable = max(column_width - CELL_PADDING_UNITS, 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, math.ceil(round(text_units(paragraph) / usable, 6)))
    return lines


def row_height(cells: list[tuple[str, float]], points_per_line: float = POINTS_PER_LINE) -> float:
    """Estimate the height in points that shows every (text, width) cell in full."""
    lines = max((line_count(text, width) for text, width in cells if text), default=1)
    return min(lines * points_per_line + ROW_PADDING_POINTS, MAX_ROW_HEIGHT)
