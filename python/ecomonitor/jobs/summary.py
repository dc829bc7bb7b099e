"""Writing the summary sheets of a master: 汇总, 单位汇总, 滞后清单 and 图表."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ecomonitor.core.summary import category_summary, department_summary, lagging_tasks, tasks_frame
from ecomonitor.xlsx.chart_sheet import write_chart_sheet
from ecomonitor.xlsx.findings_count import count_findings
from ecomonitor.xlsx.lagging_sheet import write_lagging_sheet
from ecomonitor.xlsx.master import MasterBook, open_master, save_master
from ecomonitor.xlsx.summary_sheets import write_category_summary, write_department_summary

CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


@dataclass
class SummaryResult:
    categories: pd.DataFrame
    departments: pd.DataFrame
    lagging: pd.DataFrame


def summarize(master: Path, made: dt.datetime | None = None) -> SummaryResult:
    """Compute the summaries of ``master`` and write them into it.

    ``made`` is the time shown as the date the sheets were made (now, in
    China Standard Time, unless given).
    """
    book = open_master(master)
    result = summarize_book(book, made)
    save_master(book)
    return result


def summarize_book(book: MasterBook, made: dt.datetime | None = None) -> SummaryResult:
    """Write the summary sheets into an opened master, in memory only."""
    frame = tasks_frame(book.framework, book.settings)
    categories = category_summary(frame)
    departments = department_summary(frame, count_findings(book.workbook, book.framework))
    lagging = lagging_tasks(frame)
    made = made or dt.datetime.now(CHINA_TIME).replace(tzinfo=None)
    workbook, framework, settings = book.workbook, book.framework, book.settings
    category_table = write_category_summary(workbook, framework, categories, settings, made)
    department_table = write_department_summary(workbook, framework, departments, settings, made)
    write_lagging_sheet(workbook, framework, lagging, settings, made)
    write_chart_sheet(workbook, framework, category_table, department_table, made)
    return SummaryResult(categories, departments, lagging)
