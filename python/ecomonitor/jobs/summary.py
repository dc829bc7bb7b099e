"""Writing the summary sheets of a master."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ecomonitor.core.summary import category_summary, department_summary, tasks_frame
from ecomonitor.xlsx.master import MasterBook, open_master, save_master
from ecomonitor.xlsx.summary_sheets import write_summary_sheets


@dataclass
class SummaryResult:
    categories: pd.DataFrame
    departments: pd.DataFrame


def summarize(master: Path) -> SummaryResult:
    book = open_master(master)
    result = summarize_book(book)
    save_master(book)
    return result


def summarize_book(book: MasterBook) -> SummaryResult:
    """Write the summary sheets into an opened master, in memory only."""
    frame = tasks_frame(book.framework, book.settings)
    categories = category_summary(frame)
    departments = department_summary(frame)
    made = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
    write_summary_sheets(book.workbook, book.framework, categories, departments, made)
    return SummaryResult(categories, departments)
