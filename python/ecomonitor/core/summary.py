"""Summaries per category and per department, and the list of lagging tasks, with pandas.

The task frame has one row per task. A ``computed_rate`` column (the rate
computed from the figures in the texts) is optional: when the frame has
it, every summary adds the average computed rate next to the reported one.
Gaps are in percentage points: rate minus time progress, times 100.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from ecomonitor.core.assessment import assess_task
from ecomonitor.core.model import Framework
from ecomonitor.core.schedule import LAGGING, ON_SCHEDULE, Status
from ecomonitor.core.settings import Settings

# An unreadable rate is no usable report, so summaries count 无法识别 as 未填报.
STATUS_COLUMNS = [status.value for status in Status if status is not Status.UNREADABLE]
COMPUTED = "computed_rate"
TOTAL_LABEL = "合计"
UNREPORTED_LABEL = "未报送"


def tasks_frame(framework: Framework, settings: Settings) -> pd.DataFrame:
    """Build one row per task with its texts, rate, computed rate, time progress, gap and status.

    Time progress is each task's own: q/4, or less when its target names a
    later deadline (``core.schedule.task_time_progress``).
    """
    records = []
    for task in framework.tasks:
        assessment = assess_task(task, framework.period, settings)
        records.append({
            "id": task.id,
            "category": task.category,
            "category_name": framework.category(task.category).sheet,
            "indicator": framework.indicator(task.indicator_id).text,
            "lead_units": task.lead_units,
            "owners": list(task.owners),
            "target": task.target,
            "progress": task.progress,
            "reported": bool(task.progress) and task.rate is not None,
            "rate": task.rate,
            COMPUTED: assessment.computed.value,
            "time_progress": assessment.time_progress,
            "status": _summary_status(assessment.status).value,
        })
    frame = pd.DataFrame.from_records(records)
    frame["rate"] = frame["rate"].astype("float64")
    frame[COMPUTED] = frame[COMPUTED].astype("float64")
    frame["gap"] = (frame["rate"] - frame["time_progress"]) * 100
    return frame


def _summary_status(status: Status) -> Status:
    return Status.MISSING if status is Status.UNREADABLE else status


def _aggregate(frame: pd.DataFrame, keys) -> pd.DataFrame:
    groups = frame.groupby(keys, sort=True)
    measures = {
        "tasks": ("id", "count"),
        "reported": ("reported", "sum"),
        "average_rate": ("rate", "mean"),
        "time_progress": ("time_progress", "mean"),
    }
    if COMPUTED in frame.columns:
        measures["average_computed_rate"] = (COMPUTED, "mean")
    table = groups.agg(**measures)
    counts = groups["status"].value_counts().unstack(fill_value=0)
    table = table.join(counts.reindex(columns=STATUS_COLUMNS, fill_value=0))
    table[STATUS_COLUMNS] = table[STATUS_COLUMNS].fillna(0).astype(int)
    table["on_schedule"] = table[[s.value for s in ON_SCHEDULE]].sum(axis=1)
    table["lagging"] = table[[s.value for s in LAGGING]].sum(axis=1)
    table["gap"] = (table["average_rate"] - table["time_progress"]) * 100
    return table


def category_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Summarize per category, in category order, with a total row labelled 合计."""
    table = _aggregate(frame, ["category", "category_name"])
    table = table.reset_index().drop(columns="category").rename(columns={"category_name": "name"})
    total = _aggregate(frame.assign(all=TOTAL_LABEL), "all").reset_index().rename(columns={"all": "name"})
    return pd.concat([table, total], ignore_index=True)


def department_summary(frame: pd.DataFrame, findings: Mapping[str, int] | None = None,
                       unreported: Collection[str] = ()) -> pd.DataFrame:
    """Summarize per owning department, ranked by average rate (highest first, unreported last).

    ``findings`` counts the findings per department (consolidation and
    validation); departments it does not name have none. Departments in
    ``unreported`` returned nothing this period: they come last with rank
    None, because their figures come only from other owners' entries of
    shared tasks.
    """
    exploded = frame.explode("owners").rename(columns={"owners": "department"})
    table = _aggregate(exploded, "department").reset_index().rename(columns={"department": "name"})
    table = table.sort_values(["average_rate", "name"], ascending=[False, True], na_position="last")
    silent = table["name"].isin(set(unreported))
    table = pd.concat([table[~silent], table[silent]])
    ranked = int((~silent).sum())
    table.insert(0, "rank", [*range(1, ranked + 1), *[None] * (len(table) - ranked)])
    counts = findings or {}
    table["findings"] = [int(counts.get(name, 0)) for name in table["name"]]
    return table.reset_index(drop=True)


def rank_label(rank: object) -> int | str:
    """Return a department's rank as printed: the number, or 未报送 for an unranked department."""
    return UNREPORTED_LABEL if rank is None or pd.isna(rank) else int(rank)


def lagging_tasks(frame: pd.DataFrame) -> pd.DataFrame:
    """Select the tasks behind time progress by more than the lag threshold (滞后, 严重滞后), most behind first."""
    lagging = frame[frame["status"].isin([s.value for s in LAGGING])]
    return lagging.sort_values(["gap", "id"], ascending=[True, True]).reset_index(drop=True)
