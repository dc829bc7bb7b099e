"""The printed page: A4 landscape with narrow margins, and how rows fill it.

Sizes are in points (1/72 inch); margins are in inches, as the workbook
stores them. Column widths are in Excel's width unit (see core/textfit).
"""

from __future__ import annotations

from dataclasses import dataclass

from ecomonitor.core.textfit import MAX_ROW_HEIGHT, RENDERERS

POINTS_PER_INCH = 72.0
A4_LANDSCAPE = (841.89, 595.28)
# A row break is placed when a page is this full, so that an application
# whose row heights come out a little taller does not break earlier itself.
PAGE_FILL = 0.97


@dataclass(frozen=True)
class Margins:
    """Excel's "narrow" margins: room for the header and footer, little at the sides."""

    left: float = 0.25
    right: float = 0.25
    top: float = 0.75
    bottom: float = 0.75
    header: float = 0.3
    footer: float = 0.3


MARGINS = Margins()


def printable_width(margins: Margins = MARGINS) -> float:
    return A4_LANDSCAPE[0] - (margins.left + margins.right) * POINTS_PER_INCH


def printable_height(margins: Margins = MARGINS) -> float:
    return A4_LANDSCAPE[1] - (margins.top + margins.bottom) * POINTS_PER_INCH


def max_table_width(margins: Margins = MARGINS) -> float:
    """Return the widest table, in width units, that prints one page wide at 100% everywhere."""
    widest = max(renderer.points_per_unit for renderer in RENDERERS)
    return printable_width(margins) / widest


def fit_scale(total_width: float, margins: Margins = MARGINS) -> float:
    """Return the largest print scale of a table ``total_width`` units wide, fitted to one page."""
    narrowest = min(renderer.points_per_unit for renderer in RENDERERS)
    return min(1.0, printable_width(margins) / (total_width * narrowest))


def body_height(repeated_height: float, total_width: float, margins: Margins = MARGINS) -> float:
    """Return the nominal row height that fits on one page below the repeated rows."""
    available = printable_height(margins) / fit_scale(total_width, margins)
    return available * PAGE_FILL - repeated_height


def max_row_height(repeated_height: float, total_width: float, margins: Margins = MARGINS) -> float:
    """Return the tallest row that still prints whole: Excel's limit or one page body."""
    return min(MAX_ROW_HEIGHT, body_height(repeated_height, total_width, margins))


def page_starts(heights: list[float], capacity: float) -> list[int]:
    """Return the positions in ``heights`` where a new page starts (never 0)."""
    starts: list[int] = []
    used = 0.0
    for position, height in enumerate(heights):
        if used > 0 and used + height > capacity:
            starts.append(position)
            used = 0.0
        used += height
    return starts
