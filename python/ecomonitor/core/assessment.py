"""Assessment of a task: its computed rate, time progress and status."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ecomonitor.core.computed import ComputedRate, compute_rate
from ecomonitor.core.model import Framework, Task
from ecomonitor.core.period import Period
from ecomonitor.core.schedule import Status, task_status, task_time_progress
from ecomonitor.core.settings import Settings


@dataclass(frozen=True)
class Assessment:
    """The computed columns of one task row."""

    computed: ComputedRate
    time_progress: float
    status: Status


def assess_task(task: Task, period: Period, settings: Settings) -> Assessment:
    progress = cached_time_progress(task.target, period)
    unreadable = task.rate is None and bool(task.rate_text.strip())
    return Assessment(
        computed=cached_rate(task.target, task.progress, period.year),
        time_progress=progress,
        status=task_status(task.rate, progress, settings, unreadable),
    )


def assess_tasks(framework: Framework, settings: Settings) -> dict[str, Assessment]:
    """Assess every task of a framework, by task ID."""
    return {task.id: assess_task(task, framework.period, settings) for task in framework.tasks}


@lru_cache(maxsize=8192)
def cached_rate(target: str, progress: str, year: int) -> ComputedRate:
    """compute_rate, remembered: many copies repeat the same target and progress texts."""
    return compute_rate(target, progress, year)


@lru_cache(maxsize=8192)
def cached_time_progress(target: str, period: Period) -> float:
    return task_time_progress(target, period)
