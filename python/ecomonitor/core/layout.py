"""Column layouts of the sheets the platform writes and reads.

Columns are found again by their header text when a sheet is read, so the
office may move columns or add its own; unknown columns are left alone.
Headers that name the period are templates: {year} and {quarter} are filled
from the period (2023年目标任务, 二季度进展).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ecomonitor.core.period import Period, parse_progress_header, parse_target_header


class Role(Enum):
    """Who writes a column."""

    FIXED = "fixed"  # the framework's texts, changed only by the office through import
    OFFICE = "office"  # the office edits it in the master
    INPUT = "input"  # departments fill it in their copies
    COMPUTED = "computed"  # the platform writes it


class Kind(Enum):
    TEXT = "text"
    PERCENT = "percent"
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    role: Role
    kind: Kind = Kind.TEXT
    centered: bool = False
    printed: bool = True

    def header_for(self, period: Period) -> str:
        return self.header.format(year=period.year, quarter=period.quarter_numeral)


# Printed columns add up to at most 145 units, the width of an A4 landscape
# page at 100% (core/pagelayout.max_table_width), so printing never shrinks
# the text. Columns for work on screen (核算完成率 with its 核算说明, 关联任务,
# 上期进展) are not printed: they come last, outside the print area.
TARGET = Column("target", "{year}年目标任务", 29, Role.FIXED)
PROGRESS = Column("progress", "{quarter}季度进展", 33, Role.INPUT)
RATE = Column("rate", "完成率", 8, Role.INPUT, Kind.PERCENT, centered=True)
# The progress text of the period before, filled when a new period starts. It
# is for reading on screen and is left out of the printed area.
PREVIOUS_PROGRESS = Column("previous_progress", "上期进展", 39, Role.COMPUTED, printed=False)

CATEGORY_COLUMNS: tuple[Column, ...] = (
    Column("id", "任务编号", 11, Role.FIXED, centered=True),
    Column("indicator", "指标", 12, Role.FIXED),
    Column("lead_units", "牵头单位", 11, Role.FIXED),
    Column("owners", "责任单位", 11, Role.OFFICE),
    TARGET,
    PROGRESS,
    RATE,
    Column("time_progress", "序时进度", 7, Role.COMPUTED, Kind.PERCENT, centered=True),
    Column("status", "状态", 7, Role.COMPUTED, centered=True),
    Column("others", "其他单位填报", 10, Role.COMPUTED),
    Column("note", "备注", 6, Role.OFFICE),
    Column("computed_rate", "核算完成率", 9, Role.COMPUTED, Kind.PERCENT, centered=True, printed=False),
    Column("computed_note", "核算说明", 30, Role.COMPUTED, printed=False),
    Column("link", "关联任务", 10, Role.OFFICE, centered=True, printed=False),
    PREVIOUS_PROGRESS,
)

COPY_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", 6, Role.FIXED, Kind.NUMBER, centered=True),
    Column("id", "任务编号", 11, Role.FIXED, centered=True),
    Column("category", "类别", 10, Role.FIXED),
    Column("indicator", "指标", 16, Role.FIXED),
    Column("lead_units", "牵头单位", 13, Role.FIXED),
    Column("target", TARGET.header, 28, Role.FIXED),
    Column("progress", PROGRESS.header, 35, Role.INPUT),
    Column("rate", "完成率", 10, Role.INPUT, Kind.PERCENT, centered=True),
    Column("time_progress", "序时进度", 8, Role.COMPUTED, Kind.PERCENT, centered=True),
    Column("status", "状态", 8, Role.COMPUTED, centered=True),
    PREVIOUS_PROGRESS,
)

# The 历史 sheet: one row per archived period and task.
HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("year", "年度", 7, Role.COMPUTED, Kind.NUMBER, centered=True),
    Column("quarter", "季度", 6, Role.COMPUTED, Kind.NUMBER, centered=True),
    Column("period", "报告期", 14, Role.COMPUTED, centered=True),
    Column("id", "任务编号", 11, Role.COMPUTED, centered=True),
    Column("category", "类别", 14, Role.COMPUTED),
    Column("indicator", "指标", 16, Role.COMPUTED),
    Column("lead_units", "牵头单位", 14, Role.COMPUTED),
    Column("owners", "责任单位", 12, Role.COMPUTED),
    Column("target", "目标任务", 36, Role.COMPUTED),
    Column("progress", "进展", 44, Role.COMPUTED),
    Column("rate", "完成率", 9, Role.COMPUTED, Kind.PERCENT, centered=True),
    Column("time_progress", "序时进度", 9, Role.COMPUTED, Kind.PERCENT, centered=True),
    Column("status", "状态", 9, Role.COMPUTED, centered=True),
    Column("note", "备注", 16, Role.COMPUTED),
    Column("archived_at", "归档时间", 19, Role.COMPUTED, centered=True),
)

# The 年度对照 sheet: one row per task of the new year's table, then the dropped tasks.
YEAR_MATCH_COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", 6, Role.COMPUTED, Kind.NUMBER, centered=True),
    Column("verdict", "判定", 8, Role.COMPUTED, centered=True),
    Column("proposed", "建议编号", 11, Role.COMPUTED, centered=True),
    Column("confirmed", "确认", 11, Role.OFFICE, centered=True),
    Column("score", "相似度", 8, Role.COMPUTED, Kind.PERCENT, centered=True),
    Column("category", "类别", 12, Role.COMPUTED),
    Column("indicator", "指标", 16, Role.COMPUTED),
    Column("target", "新目标任务", 36, Role.COMPUTED),
    Column("lead_units", "牵头单位", 12, Role.COMPUTED),
    Column("old_target", "原目标任务", 36, Role.COMPUTED),
    Column("old_category", "原类别", 12, Role.COMPUTED),
    Column("reason", "说明", 28, Role.COMPUTED),
)

# Rows of the category sheets, of the copies' data sheet and of the 历史 sheet.
TITLE_ROW = 1
CATEGORY_HEADER_ROW = 2
COPY_STATUS_ROW = 2
COPY_HEADER_ROW = 3
HISTORY_HEADER_ROW = 3
YEAR_MATCH_HEADER_ROW = 3


def column_position(key: str, columns: tuple[Column, ...]) -> int:
    """Return the 0-based position of a declared column."""
    return next(position for position, column in enumerate(columns) if column.key == key)


def column_key(header: object, columns: tuple[Column, ...]) -> str | None:
    """Return the key of the column a header cell names, or None."""
    if not isinstance(header, str):
        return None
    text = header.strip()
    if parse_target_header(text) is not None:
        return "target"
    if parse_progress_header(text) is not None:
        return "progress"
    for column in columns:
        if "{" not in column.header and column.header == text:
            return column.key
    return None


def period_header_problem(headers: list[object], period: Period) -> str | None:
    """Describe in Chinese a target or progress header that names another year or quarter.

    Headers are matched by pattern (``column_key``), so 三季度进展 is found as the
    progress column in any period. A book whose header names another period than
    its own would otherwise be read as if the two agreed.
    """
    for header in headers:
        if not isinstance(header, str):
            continue
        text = header.strip()
        year = parse_target_header(text)
        if year is not None and year != period.year:
            return f"表头“{text}”是 {year} 年的，而本表的报告期是 {period.label}（应为“{period.target_header}”）"
        quarter = parse_progress_header(text)
        if quarter is not None and quarter != period.quarter:
            named = Period(period.year, quarter).quarter_numeral
            return f"表头“{text}”是{named}季度的，而本表的报告期是 {period.label}（应为“{period.progress_header}”）"
    return None


def printed_count(columns: tuple[Column, ...]) -> int:
    """Return how many leading columns of a layout are printed (all up to the last printed one)."""
    return max(position for position, column in enumerate(columns) if column.printed) + 1


def last_printed_column(headers: list[object], columns: tuple[Column, ...]) -> int:
    """Return the 0-based position of the last printed column of a header row.

    Columns the layout marks as not printed (上期进展) and unknown columns
    after the last printed one stay outside the print area.
    """
    printed = {column.key for column in columns if column.printed}
    positions = [position for key, position in locate_columns(headers, columns).items() if key in printed]
    return max(positions, default=len(headers) - 1)


def locate_columns(headers: list[object], columns: tuple[Column, ...]) -> dict[str, int]:
    """Map column keys to 0-based positions of a header row; the first match wins."""
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = column_key(header, columns)
        if key is not None and key not in positions:
            positions[key] = position
    return positions


def layout_document() -> dict:
    """Describe the layouts as a document of schemas/sheet-layouts.schema.json."""
    return {
        "format": "ecomonitor-sheet-layouts",
        "version": 1,
        "sheets": {
            "category": _sheet_document(CATEGORY_COLUMNS, TITLE_ROW, CATEGORY_HEADER_ROW),
            "department_copy": _sheet_document(COPY_COLUMNS, TITLE_ROW, COPY_HEADER_ROW),
            "history": _sheet_document(HISTORY_COLUMNS, TITLE_ROW, HISTORY_HEADER_ROW),
        },
    }


def _sheet_document(columns: tuple[Column, ...], title_row: int, header_row: int) -> dict:
    return {
        "title_row": title_row,
        "header_row": header_row,
        "first_data_row": header_row + 1,
        "columns": [
            {"key": c.key, "header": c.header, "width": c.width, "role": c.role.value, "kind": c.kind.value,
             "printed": c.printed}
            for c in columns
        ],
    }
