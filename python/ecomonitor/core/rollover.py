"""Rules for moving a master from one quarter to the next.

Within a year the tasks stay. Each task's progress becomes its previous
progress (上期进展), and progress and rate are cleared for the departments
to fill again. A year ends with the fourth quarter. The first quarter of the
next year needs that year's targets, so it starts through the year change
(core.yearchange), never through a plain new period.
"""

from __future__ import annotations

import datetime as dt

from ecomonitor.core.model import Framework
from ecomonitor.core.period import Period
from ecomonitor.errors import PeriodError


def check_same_year(period: Period) -> None:
    """Raise PeriodError when the quarter after ``period`` belongs to the next year."""
    if period.quarter != 4:
        return
    following = period.next()
    raise PeriodError(
        f"{period.label}是全年最后一个季度，{following.label}要用 {following.year} 年的目标任务。"
        f"请用 ecomonitor new-year 主表 {following.year}年监测表 生成“年度对照”，核对后用 "
        "ecomonitor new-year 主表 --apply 切换年度；切换时会先把 "
        f"{period.label}的进展归档。"
    )


def shifted_deadline(deadline: dt.date | None, current: Period, following: Period) -> dt.date | None:
    """Move a deadline to the next period, the same number of days from the quarter's end.

    A deadline of 2023-06-25 for 2023Q2 (five days before the quarter ends)
    becomes 2023-09-25 for 2023Q3.
    """
    if deadline is None:
        return None
    return following.last_day + (deadline - current.last_day)


def roll_tasks(framework: Framework, following: Period) -> None:
    """Keep each task's progress as its previous progress and clear the entries."""
    for task in framework.tasks:
        task.previous_progress = task.progress
        task.progress, task.rate, task.rate_text = "", None, ""
    framework.period = following
