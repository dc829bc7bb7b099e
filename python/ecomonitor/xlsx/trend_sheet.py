"""The 趋势 sheet (average rates across periods, with native line charts) and the
进展未变化 sheet (tasks whose progress did not move since the period before)."""

from __future__ import annotations

import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.marker import Marker
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ecomonitor.core.period import Period
from ecomonitor.core.rates import format_rate
from ecomonitor.core.trends import TIME_PROGRESS, StalledTask
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.cells import column_letter
from ecomonitor.xlsx.rowfit import fit_row
from ecomonitor.xlsx.table_sheet import TableColumn, replace_sheet, write_table

TREND_SHEET = "趋势"
STALLED_SHEET = "进展未变化"
PERCENT = "0.0%"
FIRST_TABLE_ROW = 3
GAP_ROWS = 3
CHART_WIDTH_CM = 18.0
CHART_HEIGHT_CM = 9.5
CHART_ROWS = 20  # rows of the default height that a chart of CHART_HEIGHT_CM covers
NAME_WIDTH = 20
PERIOD_WIDTH = 12

# At most 145 units wide, one A4 landscape page at 100% (core/pagelayout.max_table_width).
STALLED_COLUMNS = [
    TableColumn("序号", 5, centered=True),
    TableColumn("任务编号", 10, centered=True),
    TableColumn("类别", 10),
    TableColumn("责任单位", 11),
    TableColumn("目标任务", 24),
    TableColumn("上期进展", 28),
    TableColumn("本期进展", 28),
    TableColumn("上期完成率", 7, centered=True),
    TableColumn("本期完成率", 7, centered=True),
    TableColumn("情况", 14),
]


TREND_SUBJECT = "各类别、各责任单位平均完成率趋势"
STALLED_SUBJECT = "进展未变化的任务"


def write_trend_sheet(workbook: Workbook, period: Period, categories: pd.DataFrame,
                      departments: pd.DataFrame, index: int | None = None, title: str = TREND_SUBJECT,
                      made: str = "") -> Worksheet:
    """Write both trend tables and a line chart beside each.

    ``title`` is the sheet's title (the platform and the period, see
    ``report_title``) and ``made`` the 制表日期 that starts the note below it.
    """
    sheet = replace_sheet(workbook, TREND_SHEET, index)
    periods = list(categories.columns)
    last = column_letter(max(len(periods), 1))
    sheet.merge_cells(f"A1:{last}1")
    heading = sheet.cell(1, 1, title)
    heading.font = styles.TITLE_FONT
    heading.alignment = styles.TITLE_ALIGNMENT
    sheet.merge_cells(f"A2:{last}2")
    latest = periods[-1] if periods else period.label
    dated = f"{made}　" if made else ""
    note = sheet.cell(2, 1, f"{dated}截至 {latest}（没有填报的季度不列出）；平均完成率为已填报任务完成率的平均值，"
                            "完成率按年度目标计，每年一季度重新起算")
    note.font = styles.NOTE_FONT
    note.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = NAME_WIDTH
    for position in range(1, len(periods) + 1):
        sheet.column_dimensions[column_letter(position)].width = PERIOD_WIDTH
    fit_row(sheet, 1, min_height=styles.TITLE_HEIGHT)  # the two-line title wraps again in a narrow table
    fit_row(sheet, 2)
    if not periods:
        sheet.cell(FIRST_TABLE_ROW, 1, "尚无已填报的报告期。").font = styles.BODY_FONT
        return sheet
    chart_column = column_letter(len(periods) + 2)
    rows = _write_block(sheet, FIRST_TABLE_ROW, "类别", categories)
    sheet.add_chart(_chart("各类别平均完成率", sheet, FIRST_TABLE_ROW, rows, len(periods)),
                    f"{chart_column}{FIRST_TABLE_ROW}")
    second = FIRST_TABLE_ROW + max(rows + 1, CHART_ROWS) + GAP_ROWS
    rows = _write_block(sheet, second, "责任单位", departments)
    sheet.add_chart(_chart("各责任单位平均完成率", sheet, second, rows, len(periods)), f"{chart_column}{second}")
    styles.set_print_layout(sheet, "1:2", styles.page_header(period.label, TREND_SHEET))
    return sheet


def _write_block(sheet: Worksheet, top: int, label: str, table: pd.DataFrame) -> int:
    """Write a header row and one row per name; return the number of data rows."""
    styles.style_header_cell(sheet.cell(top, 1, label))
    for position, period in enumerate(table.columns, start=2):
        styles.style_header_cell(sheet.cell(top, position, period))
    fit_row(sheet, top, min_height=styles.HEADER_HEIGHT)
    for offset, (name, values) in enumerate(table.iterrows(), start=1):
        styles.style_body_cell(sheet.cell(top + offset, 1, name))
        for position, value in enumerate(values, start=2):
            cell = sheet.cell(top + offset, position, None if _missing(value) else float(value))
            styles.style_body_cell(cell, centered=True)
            cell.number_format = PERCENT
    return len(table)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _chart(title: str, sheet: Worksheet, top: int, rows: int, periods: int) -> LineChart:
    chart = LineChart()
    chart.title = title
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    # openpyxl 3.1.5 writes no <c:delete> for an axis unless it is set, so mark both axes as shown.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(sheet, min_col=1, max_col=periods + 1, min_row=top + 1, max_row=top + rows)
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, max_col=periods + 1, min_row=top, max_row=top))
    for series, name in zip(chart.series, _names(sheet, top, rows)):
        series.smooth = False
        series.marker = Marker(symbol="circle")  # a series of one quarter is a single point, invisible without a marker
        if name == TIME_PROGRESS:
            series.graphicalProperties.line.dashStyle = "dash"
    return chart


def _names(sheet: Worksheet, top: int, rows: int) -> list[str]:
    return [sheet.cell(top + offset, 1).value for offset in range(1, rows + 1)]


def write_stalled_sheet(workbook: Workbook, period: Period, previous: Period | None,
                        stalled: list[StalledTask], index: int | None = None, title: str = "",
                        made: str = "") -> Worksheet:
    """List the tasks whose progress did not move, one row each, under ``title`` and the 制表日期 ``made``."""
    rows = [
        [
            number, task.task_id, task.category, "、".join(task.owners), task.target, task.previous_progress,
            task.progress, _rate(task.previous_rate), _rate(task.rate), "；".join(task.reasons),
        ]
        for number, task in enumerate(stalled, start=1)
    ]
    compared = f"与 {previous.label} 相比" if previous else "与上期进展文字相比（本年度尚无上一季度，不比较完成率）"
    sheet = replace_sheet(workbook, STALLED_SHEET, index)
    dated = f"{made}　" if made else ""
    write_table(sheet, title or f"{period.label}{STALLED_SUBJECT}", f"{dated}{compared}，共 {len(rows)} 项",
                STALLED_COLUMNS, rows,
                styles.page_header(period.label, STALLED_SHEET))
    return sheet


def _rate(value: float | None) -> str:
    return "" if value is None else format_rate(value)
