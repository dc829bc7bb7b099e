"""The figures of the current period that the summary sheets and the bulletin show."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from ecomonitor.core.history import History
from ecomonitor.core.model import Framework
from ecomonitor.core.period import Period
from ecomonitor.core.settings import Settings
from ecomonitor.core.summary import category_summary, department_summary, tasks_frame
from ecomonitor.core.trends import (
    StalledTask,
    add_quarter_change,
    category_trend,
    department_trend,
    period_frames,
    previous_period,
    records_frame,
    stalled_counts,
    stalled_tasks,
)


@dataclass
class PeriodReport:
    """Summaries of the current period with the change against ``previous`` and the trends."""

    period: Period
    frame: pd.DataFrame
    categories: pd.DataFrame
    departments: pd.DataFrame
    previous: Period | None
    stalled: list[StalledTask]
    category_trend: pd.DataFrame
    department_trend: pd.DataFrame


def period_report(framework: Framework, settings: Settings, history: History,
                  findings: Mapping[str, int] | None = None, unreported: Collection[str] = ()) -> PeriodReport:
    """Summarise the current period.

    ``findings`` counts findings per department for 单位汇总; the
    departments in ``unreported`` returned nothing and are not ranked.
    """
    frame = tasks_frame(framework, settings)
    previous = previous_period(history, framework.period)
    before = history.records_of(previous) if previous else {}
    latest = history.latest_before(framework.period)
    compared = history.records_of(latest) if latest else {}
    stalled = stalled_tasks(framework, compared, same_year=previous is not None)
    by_category, by_department = stalled_counts(stalled)
    previous_categories = previous_departments = None
    if before:
        order = {category.sheet: category.number for category in framework.categories}
        earlier = records_frame(list(before.values()), order)
        previous_categories, previous_departments = category_summary(earlier), department_summary(earlier)
    frames = period_frames(history, framework, frame)
    return PeriodReport(
        period=framework.period,
        frame=frame,
        categories=add_quarter_change(category_summary(frame), previous_categories, by_category),
        departments=add_quarter_change(department_summary(frame, findings, unreported), previous_departments, by_department),
        previous=previous,
        stalled=stalled,
        category_trend=category_trend(frames) if frames else pd.DataFrame(),
        department_trend=department_trend(frames) if frames else pd.DataFrame(),
    )
