"""Summaries per category and per department, computed with pandas."""

from __future__ import annotations

import pandas as pd

from ecomonitor.core.model import Framework
from ecomonitor.core.schedule import LAGGING, ON_SCHEDULE, Status, task_status, time_progress
from ecomonitor.core.settings import Settings

STATUS_COLUMNS = [status.value for status in Status]


def tasks_frame(framework: Framework, settings: Settings) -> pd.DataFrame:
    """One row per task with its rate, time progress and status."""
    progress = time_progress(framework.period)
    records = []
    for task in framework.tasks:
        records.append({
            "id": task.id,
            "category": task.category,
            "category_name": framework.category(task.category).sheet,
            "owners": list(task.owners),
            "reported": bool(task.progress) and task.rate is not None,
            "rate": task.rate,
            "time_progress": progress,
            "status": task_status(task.rate, progress, settings).value,
        })
    frame = pd.DataFrame.from_records(records)
    frame["rate"] = frame["rate"].astype("float64")
    return frame


def _aggregate(groups) -> pd.DataFrame:
    table = groups.agg(
        tasks=("id", "count"),
        reported=("reported", "sum"),
        average_rate=("rate", "mean"),
        time_progress=("time_progress", "first"),
    )
    counts = groups["status"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(columns=STATUS_COLUMNS, fill_value=0)
    table = table.join(counts)
    table["on_schedule"] = table[[s.value for s in ON_SCHEDULE]].sum(axis=1)
    table["lagging"] = table[[s.value for s in LAGGING]].sum(axis=1)
    return table


def category_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per category, in category order, with a total row labelled 合计."""
    table = _aggregate(frame.groupby(["category", "category_name"], sort=True))
    table = table.reset_index().drop(columns="category").rename(columns={"category_name": "name"})
    total = _aggregate(frame.assign(all="合计").groupby("all")).reset_index().rename(columns={"all": "name"})
    return pd.concat([table, total], ignore_index=True)


def department_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per owning department, ranked by average rate (highest first, unreported last)."""
    exploded = frame.explode("owners").rename(columns={"owners": "department"})
    table = _aggregate(exploded.groupby("department", sort=False)).reset_index()
    table = table.rename(columns={"department": "name"})
    table = table.sort_values(["average_rate", "name"], ascending=[False, True], na_position="last")
    table.insert(0, "rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)
