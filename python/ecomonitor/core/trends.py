"""Trends across periods: average rates per category and department, the change
against the period before, and the tasks whose progress did not move.

Archived periods come from the history, and the current period is added when
at least one task has reported in it. Rates are yearly (a task's completion of
its target for the year), so a change is computed within one year only. The
first quarter of a year has no previous quarter to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ecomonitor.core.history import History, HistoryRecord
from ecomonitor.core.model import Framework
from ecomonitor.core.period import Period
from ecomonitor.core.schedule import time_progress
from ecomonitor.core.summary import category_summary, department_summary

TOTAL = "合计"
TIME_PROGRESS = "序时进度"


@dataclass
class StalledTask:
    """A reported task whose progress text or rate did not move since the period before."""

    task_id: str
    category: str
    owners: list[str]
    target: str
    previous_progress: str
    progress: str
    previous_rate: float | None
    rate: float | None
    reasons: list[str]


def records_frame(records: list[HistoryRecord], category_order: dict[str, int]) -> pd.DataFrame:
    """Return archived records in the shape of core.summary.tasks_frame."""
    unknown = len(category_order) + 1
    frame = pd.DataFrame.from_records([
        {
            "id": record.task_id,
            "category": category_order.get(record.category, unknown),
            "category_name": record.category,
            "owners": list(record.owners),
            "reported": record.reported,
            "rate": record.rate,
            "time_progress": record.time_progress,
            "status": record.status,
        }
        for record in records
    ])
    frame["rate"] = frame["rate"].astype("float64")
    return frame


def period_frames(history: History, framework: Framework, current: pd.DataFrame) -> dict[Period, pd.DataFrame]:
    """Return one tasks frame per period with entries, oldest first, the current period last.

    A period archived without any entry (new-period --allow-empty) has no
    averages to draw, so it is left out like an empty current period.
    """
    order = {category.sheet: category.number for category in framework.categories}
    frames = {}
    for period in history.periods():
        if period < framework.period:
            frame = records_frame(list(history.records_of(period).values()), order)
            if bool(frame["reported"].any()):
                frames[period] = frame
    if bool(current["reported"].any()):
        frames[framework.period] = current
    return frames


def category_trend(frames: dict[Period, pd.DataFrame]) -> pd.DataFrame:
    """Average rate per category (rows, 合计 and 序时进度 last) and period (columns)."""
    columns, names = {}, []
    for period, frame in frames.items():
        table = category_summary(frame)
        columns[period.label] = dict(zip(table["name"], table["average_rate"]))
        # The quarter's own q/4, not the mean of the tasks' (deadlines move some of those).
        columns[period.label][TIME_PROGRESS] = time_progress(period)
        names += [name for name in table["name"] if name not in names and name != TOTAL]
    return _trend_table(columns, [*names, TOTAL, TIME_PROGRESS])


def department_trend(frames: dict[Period, pd.DataFrame]) -> pd.DataFrame:
    """Average rate per department (rows, ranked as in the latest period) and period (columns)."""
    columns, names = {}, []
    for period, frame in reversed(frames.items()):
        table = department_summary(frame)
        columns[period.label] = dict(zip(table["name"], table["average_rate"]))
        names += [name for name in table["name"] if name not in names]
    ordered = {label: columns[label] for label in reversed(columns)}
    return _trend_table(ordered, names)


def _trend_table(columns: dict[str, dict[str, float]], names: list[str]) -> pd.DataFrame:
    table = pd.DataFrame({label: [values.get(name) for name in names] for label, values in columns.items()},
                         index=pd.Index(names, name="name"), dtype="float64")
    return table


def previous_period(history: History, period: Period) -> Period | None:
    """Return the latest archived period of the same year before ``period``."""
    before = history.latest_before(period)
    if before is None or before.year != period.year:
        return None
    return before


def add_quarter_change(table: pd.DataFrame, previous: pd.DataFrame | None,
                       stalled: dict[str, int]) -> pd.DataFrame:
    """Add the previous average rate, the change in points and the stalled count per row.

    ``table`` and ``previous`` are summaries of core.summary, matched by name.
    """
    result = table.copy()
    earlier = {} if previous is None else dict(zip(previous["name"], previous["average_rate"]))
    result["previous_average_rate"] = result["name"].map(earlier).astype("float64")
    result["change"] = (result["average_rate"] - result["previous_average_rate"]) * 100
    result["stalled"] = result["name"].map(stalled).fillna(0).astype(int)
    return result


def stalled_tasks(framework: Framework, previous: dict[str, HistoryRecord], same_year: bool) -> list[StalledTask]:
    """List the reported tasks whose progress text is unchanged or whose rate did not rise.

    ``previous`` contains the records of the period before. A task without a
    record is compared with its 上期进展 text. Rates are compared only within one
    year (``same_year``), and a task at 100% or more is never stalled by rate.
    """
    stalled = []
    for task in framework.tasks:
        if not task.progress and task.rate is None:
            continue
        record = previous.get(task.id)
        before_text = record.progress if record is not None else task.previous_progress
        before_rate = record.rate if record is not None else None
        reasons = []
        if before_text and task.progress == before_text:
            reasons.append("进展文字与上期相同")
        if (same_year and before_rate is not None and task.rate is not None
                and task.rate <= before_rate and task.rate < 1):
            reasons.append("完成率比上期下降" if task.rate < before_rate else "完成率未提高")
        if reasons:
            stalled.append(StalledTask(
                task.id, framework.category(task.category).sheet, list(task.owners), task.target,
                before_text, task.progress, before_rate, task.rate, reasons,
            ))
    return stalled


def stalled_counts(stalled: list[StalledTask]) -> tuple[dict[str, int], dict[str, int]]:
    """Count stalled tasks per category (with 合计) and per owning department."""
    categories: dict[str, int] = {TOTAL: len(stalled)}
    departments: dict[str, int] = {}
    for task in stalled:
        categories[task.category] = categories.get(task.category, 0) + 1
        for owner in task.owners:
            departments[owner] = departments.get(owner, 0) + 1
    return categories, departments
