"""The 滞后清单 sheet: the supervision list (督办清单) of tasks behind time progress."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from openpyxl import Workbook

from ecomonitor.core.model import Framework
from ecomonitor.core.settings import Settings
from ecomonitor.core.summary import COMPUTED
from ecomonitor.xlsx import styles
from ecomonitor.xlsx.summary_sheets import PERCENT, POINTS, cell_value
from ecomonitor.xlsx.table_sheet import TableColumn, made_on, replace_sheet, report_title, write_table

LAGGING_SHEET = "滞后清单"
SHEET_INDEX = 3


def lagging_columns(framework: Framework, computed: bool) -> list[tuple[str, TableColumn]]:
    columns = [
        ("seq", TableColumn("序号", 5, centered=True)),
        ("id", TableColumn("任务编号", 11, centered=True)),
        ("category_name", TableColumn("类别", 10)),
        ("owners", TableColumn("责任单位", 12)),
        ("target", TableColumn(framework.period.target_header, 30)),
        ("progress", TableColumn(framework.period.progress_header, 36)),
        ("rate", TableColumn("完成率", 8, PERCENT, centered=True)),
    ]
    if computed:
        columns.append((COMPUTED, TableColumn("核算完成率", 8, PERCENT, centered=True)))
    columns += [
        ("time_progress", TableColumn("序时进度", 8, PERCENT, centered=True)),
        ("gap", TableColumn("差距（百分点）", 8, POINTS, centered=True)),
        ("status", TableColumn("状态", 8, centered=True)),
    ]
    return columns


def _values(row: pd.Series, number: int, keys: list[str]) -> list[object]:
    values = []
    for key in keys:
        if key == "seq":
            values.append(number)
        elif key == "owners":
            values.append("、".join(row["owners"]))
        else:
            values.append(cell_value(row[key]))
    return values


def write_lagging_sheet(workbook: Workbook, framework: Framework, lagging: pd.DataFrame,
                        settings: Settings, made: dt.datetime) -> None:
    """Write every task behind time progress, most behind first."""
    columns = lagging_columns(framework, COMPUTED in lagging.columns)
    keys = [key for key, _ in columns]
    rows = [_values(row, number, keys) for number, (_, row) in enumerate(lagging.iterrows(), start=1)]
    notes = [
        f"说明：列出完成率低于序时进度超过 {settings.lag_threshold:g} 个百分点（滞后）和超过 "
        f"{settings.severe_lag_threshold:g} 个百分点（严重滞后）的任务，按差距从大到小排列；差距 = 完成率 − 序时进度。",
    ]
    if not rows:
        notes.insert(0, "本报告期没有滞后的任务。")
    sheet = replace_sheet(workbook, LAGGING_SHEET, index=SHEET_INDEX)
    subtitle = f"{made_on(made)}　共 {len(rows)} 项"
    write_table(sheet, report_title(framework, "滞后任务督办清单"), subtitle, [c for _, c in columns], rows,
                styles.page_header(framework.period.label, LAGGING_SHEET), notes)
