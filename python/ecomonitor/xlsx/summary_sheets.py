"""The summary sheets 汇总 (per category) and 单位汇总 (per department)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from openpyxl import Workbook

from ecomonitor.core.model import Framework
from ecomonitor.core.schedule import Status
from ecomonitor.xlsx.table_sheet import TableColumn, replace_sheet, write_table

CATEGORY_SHEET = "汇总"
DEPARTMENT_SHEET = "单位汇总"
PERCENT = "0.0%"
STATUS_HEADERS = [status.value for status in Status]


def _figure_columns() -> list[TableColumn]:
    return [
        TableColumn("任务数", 7, centered=True),
        TableColumn("已填报", 7, centered=True),
        TableColumn("平均完成率", 10, PERCENT, centered=True),
        TableColumn("序时进度", 9, PERCENT, centered=True),
        TableColumn("达到序时进度", 9, centered=True),
        TableColumn("落后序时进度", 9, centered=True),
        *[TableColumn(header, 8, centered=True) for header in STATUS_HEADERS],
    ]


def _figures(row: pd.Series) -> list[object]:
    average = row["average_rate"]
    return [
        int(row["tasks"]),
        int(row["reported"]),
        None if average is None or (isinstance(average, float) and math.isnan(average)) else float(average),
        float(row["time_progress"]),
        int(row["on_schedule"]),
        int(row["lagging"]),
        *[int(row[header]) for header in STATUS_HEADERS],
    ]


def write_summary_sheets(workbook: Workbook, framework: Framework, categories: pd.DataFrame,
                         departments: pd.DataFrame, made: dt.datetime) -> None:
    title = framework.title or "生态文明样板州监测管理平台"
    subtitle = (f"报告期：{framework.period.label}　生成时间：{made:%Y-%m-%d %H:%M}　"
                "达到序时进度 = 已完成 + 超序时 + 正常；落后序时进度 = 滞后 + 严重滞后")
    rows = [[index + 1 if row["name"] != "合计" else "", row["name"], *_figures(row)]
            for index, row in categories.iterrows()]
    sheet = replace_sheet(workbook, CATEGORY_SHEET, index=1)
    columns = [TableColumn("序号", 6, centered=True), TableColumn("类别", 18), *_figure_columns()]
    write_table(sheet, f"{title}\n{framework.period.label}分类别完成情况汇总", subtitle, columns, rows,
                f"{framework.period.label} 汇总")
    sheet.row_dimensions[1].height = 44
    rows = [[int(row["rank"]), row["name"], *_figures(row)] for _, row in departments.iterrows()]
    sheet = replace_sheet(workbook, DEPARTMENT_SHEET, index=2)
    columns = [TableColumn("排名", 6, centered=True), TableColumn("责任单位", 20), *_figure_columns()]
    write_table(sheet, f"{title}\n{framework.period.label}各责任单位完成情况汇总", subtitle, columns, rows,
                f"{framework.period.label} 单位汇总")
    sheet.row_dimensions[1].height = 44
