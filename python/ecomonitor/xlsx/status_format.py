"""Colours of the status column (状态), by conditional formatting.

The sheet colours itself. Each rule compares a cell with one status word, so
Excel, WPS and LibreOffice colour a status that the platform writes later or
that a formula of a copy computes, and Python never colours a cell.
"""

from __future__ import annotations

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.schedule import Status

# Fill and font colours, light enough to print in black and white.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.COMPLETED: ("C6EFCE", "006100"),
    Status.AHEAD: ("DDEBF7", "1F4E78"),
    Status.ON_TIME: ("EBF1DE", "375623"),
    Status.BEHIND: ("FFEB9C", "9C5700"),
    Status.FAR_BEHIND: ("FFC7CE", "9C0006"),
    Status.MISSING: ("D9D9D9", "404040"),
    Status.UNREADABLE: ("F8CBAD", "843C0C"),
}


def add_status_formatting(sheet: Worksheet, cell_range: str) -> None:
    """Colour every status word in ``cell_range`` (such as K3:K16)."""
    for status, (fill, font) in STATUS_COLOURS.items():
        rule = CellIsRule(
            operator="equal",
            formula=[f'"{status.value}"'],
            fill=PatternFill("solid", start_color=fill, end_color=fill),
            font=Font(color=font),
        )
        sheet.conditional_formatting.add(cell_range, rule)
