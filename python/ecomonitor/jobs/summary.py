"""Writing the summary sheets of a master: 汇总, 单位汇总, 滞后清单, 图表, 趋势 and 进展未变化."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ecomonitor.core.report import PeriodReport, period_report
from ecomonitor.core.summary import lagging_tasks
from ecomonitor.xlsx.chart_sheet import CHART_SHEET, write_chart_sheet
from ecomonitor.xlsx.findings_count import count_findings
from ecomonitor.xlsx.history_sheet import read_history
from ecomonitor.xlsx.lagging_sheet import write_lagging_sheet
from ecomonitor.xlsx.master import MasterBook, editing_master, save_master
from ecomonitor.xlsx.report_sheets import read_unreported
from ecomonitor.xlsx.summary_sheets import write_category_summary, write_department_summary
from ecomonitor.xlsx.table_sheet import made_on, report_title
from ecomonitor.xlsx.trend_sheet import STALLED_SUBJECT, TREND_SUBJECT, write_stalled_sheet, write_trend_sheet

CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


@dataclass
class SummaryResult:
    categories: pd.DataFrame
    departments: pd.DataFrame
    lagging: pd.DataFrame
    report: PeriodReport


def report_of(book: MasterBook) -> PeriodReport:
    """Compute the current period's figures of an opened master, with its history and findings.

    The departments in the current period's 未报送 sheet are not ranked.
    """
    findings = count_findings(book.workbook, book.framework)
    unreported = read_unreported(book.workbook, book.framework.period) or []
    history = read_history(book.workbook, book.meta.archived)
    return period_report(book.framework, book.settings, history, findings, unreported)


def summarize(master: Path, made: dt.datetime | None = None) -> SummaryResult:
    """Compute the summaries of ``master`` and write them into it.

    ``made`` is the time shown as the date the sheets were made (now, in
    China Standard Time, unless given).
    """
    with editing_master(master) as book:
        result = summarize_book(book, made)
        save_master(book)
    return result


def summarize_book(book: MasterBook, made: dt.datetime | None = None) -> SummaryResult:
    """Write the summary, chart, trend and stalled-task sheets into an opened master, in memory only."""
    report = report_of(book)
    lagging = lagging_tasks(report.frame)
    made = made or dt.datetime.now(CHINA_TIME).replace(tzinfo=None)
    workbook, framework, settings = book.workbook, book.framework, book.settings
    category_table = write_category_summary(workbook, framework, report.categories, settings, made)
    department_table = write_department_summary(workbook, framework, report.departments, settings, made)
    write_lagging_sheet(workbook, framework, lagging, settings, made)
    write_chart_sheet(workbook, framework, category_table, department_table, made)
    after = workbook.sheetnames.index(CHART_SHEET) + 1
    write_trend_sheet(workbook, report.period, report.category_trend, report.department_trend, after,
                      report_title(framework, TREND_SUBJECT), made_on(made))
    write_stalled_sheet(workbook, report.period, report.previous, report.stalled, after + 1,
                        report_title(framework, STALLED_SUBJECT), made_on(made))
    return SummaryResult(report.categories, report.departments, lagging, report)
