"""The summary sheets 汇总 (per category) and 单位汇总 (per department, ranked)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook

from ecomonitor.core.model import Framework
from ecomonitor.core.settings import Settings
from ecomonitor.core.summary import STATUS_COLUMNS, TOTAL_LABEL, rank_label
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.table_sheet import (
    FIRST_DATA_ROW,
    TableColumn,
    made_on,
    replace_sheet,
    report_title,
    write_table,
)

CATEGORY_SHEET = "汇总"
DEPARTMENT_SHEET = "单位汇总"
PERCENT = "0.0%"
POINTS = "+0.0;-0.0;0.0"
STATUS_HEADERS = STATUS_COLUMNS
# Added by core.trends.add_quarter_change when the master has an earlier
# period of the same year; a table without them gets no such columns.
CHANGE_KEYS = ("previous_average_rate", "change", "stalled")


@dataclass(frozen=True)
class Figure:
    """A column of figures: the key in the summary table, and how it is shown."""

    key: str
    column: TableColumn


@dataclass
class WrittenTable:
    """The position of a written summary table in its sheet, for the charts that draw it."""

    sheet: str
    columns: dict[str, int]  # key -> 1-based column
    first_row: int
    last_row: int  # the last row of a category or department, before any total


def figures(computed: bool, changes: bool = False) -> list[Figure]:
    """Return the figure columns.

    The average computed rate is shown only when the tasks have one, and the
    quarter-on-quarter change only when the table has it.
    """
    columns = [
        Figure("tasks", TableColumn("任务数", 6, centered=True)),
        Figure("reported", TableColumn("已填报", 6, centered=True)),
        *[Figure(status, TableColumn(status, 6, centered=True)) for status in STATUS_HEADERS],
        Figure("on_schedule", TableColumn("达到序时进度", 8, centered=True)),
        Figure("lagging", TableColumn("落后序时进度", 8, centered=True)),
        Figure("average_rate", TableColumn("平均完成率", 9, PERCENT, centered=True)),
    ]
    if computed:
        columns.append(Figure("average_computed_rate", TableColumn("平均核算完成率", 9, PERCENT, centered=True)))
    columns += [
        Figure("time_progress", TableColumn("序时进度", 8, PERCENT, centered=True)),
        Figure("gap", TableColumn("差距（百分点）", 9, POINTS, centered=True)),
    ]
    if changes:
        columns += [
            Figure("change", TableColumn("环比变化（百分点）", 8, POINTS, centered=True)),
            Figure("stalled", TableColumn("进展未变化", 6, centered=True)),
        ]
    return columns


def cell_value(value: object) -> object:
    """Return a value for a cell: numpy numbers as Python numbers, NaN as empty."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return cell_value(value.item())
    return value


def summary_notes(settings: Settings) -> list[str]:
    return [
        "说明：1. 序时进度为报告期末应达到的完成率（第 q 季度为 q/4，目标写明期限的按期限计算），表中为各项任务的平均；"
        "差距为平均完成率减序时进度，单位为百分点；平均核算完成率按能由进展中的数字核算的任务计算。",
        f"2. 完成率低于序时进度不超过 {settings.lag_threshold:g} 个百分点为正常，超过 {settings.lag_threshold:g} 个百分点为滞后，"
        f"超过 {settings.severe_lag_threshold:g} 个百分点为严重滞后；高于序时进度超过 {settings.on_time_tolerance:g} 个百分点为超序时。",
        "3. 达到序时进度 = 已完成 + 超序时 + 正常；落后序时进度 = 滞后 + 严重滞后；平均完成率按已填报的任务计算。",
    ]


def _write(workbook: Workbook, name: str, index: int, title: str, subtitle: str, lead: list[TableColumn],
           table: pd.DataFrame, lead_values, extra: list[Figure], notes: list[str], header: str) -> WrittenTable:
    changes = all(key in table.columns for key in CHANGE_KEYS) and table["previous_average_rate"].notna().any()
    shown = figures("average_computed_rate" in table.columns, changes) + extra
    columns = lead + [figure.column for figure in shown]
    rows = [[*lead_values(row), *[cell_value(row[f.key]) for f in shown]] for _, row in table.iterrows()]
    sheet = replace_sheet(workbook, name, index=index)
    write_table(sheet, title, subtitle, columns, rows, header, notes)
    positions = {"name": 2}
    positions.update({figure.key: len(lead) + number + 1 for number, figure in enumerate(shown)})
    return WrittenTable(name, positions, FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows) - 1)


def write_category_summary(workbook: Workbook, framework: Framework, categories: pd.DataFrame,
                           settings: Settings, made: dt.datetime) -> WrittenTable:
    """Write 汇总; the last row of ``categories`` is the total (合计), printed in 黑体."""
    period = framework.period.label
    lead = [TableColumn("序号", 5, centered=True), TableColumn("类别", 16)]
    number = iter(range(1, len(categories) + 1))
    written = _write(
        workbook, CATEGORY_SHEET, 1, report_title(framework, "各类别目标任务完成情况汇总"), made_on(made), lead,
        categories, lambda row: ["" if row["name"] == TOTAL_LABEL else next(number), row["name"]], [],
        summary_notes(settings), styles.page_header(period, CATEGORY_SHEET),
    )
    sheet = workbook[CATEGORY_SHEET]
    total_row = written.last_row
    for cell in sheet[total_row]:
        cell.font = styles.HEADER_FONT
    written.last_row = total_row - 1
    return written


def write_department_summary(workbook: Workbook, framework: Framework, departments: pd.DataFrame,
                             settings: Settings, made: dt.datetime) -> WrittenTable:
    """Write 单位汇总: departments ranked by average rate, with their findings."""
    period = framework.period.label
    lead = [TableColumn("排名", 5, centered=True), TableColumn("责任单位", 18)]
    findings = [Figure("findings", TableColumn("问题数", 6, centered=True))]
    notes = summary_notes(settings) + [
        "4. 按平均完成率从高到低排名；一项任务有多个责任单位时计入每个单位。"
        "本期未报送的单位列在最后、不参加排名，其数字来自其他责任单位填报的共同任务。"
        "问题数为本期汇总合并（报送情况）和最近一次校验（校验结果）中该单位的问题条数。",
    ]
    written = _write(
        workbook, DEPARTMENT_SHEET, 2, report_title(framework, "各责任单位目标任务完成情况排名"), made_on(made),
        lead, departments, lambda row: [rank_label(row["rank"]), row["name"]], findings, notes,
        styles.page_header(period, DEPARTMENT_SHEET),
    )
    # The ranking chart draws the ranked departments only.
    written.last_row = max(written.first_row, written.last_row - int(departments["rank"].isna().sum()))
    return written
