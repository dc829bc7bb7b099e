"""Time progress (序时进度) and the status of a task against it.

Time progress at the end of quarter q is q/4. A task's status compares its
reported rate with the time progress, in percentage points:

- 已完成: the rate is 100% or more;
- 超序时: more than the on-time tolerance ahead;
- 正常: otherwise, unless behind by more than the lag threshold;
- 滞后: behind by more than the lag threshold, up to the severe-lag threshold;
- 严重滞后: behind by more than the severe-lag threshold;
- 未填报: no readable rate.
"""

from __future__ import annotations

from enum import Enum

from ecomonitor.core.period import Period
from ecomonitor.core.settings import Settings


class Status(Enum):
    COMPLETED = "已完成"
    AHEAD = "超序时"
    ON_TIME = "正常"
    BEHIND = "滞后"
    FAR_BEHIND = "严重滞后"
    MISSING = "未填报"


ON_SCHEDULE = (Status.COMPLETED, Status.AHEAD, Status.ON_TIME)
LAGGING = (Status.BEHIND, Status.FAR_BEHIND)


def time_progress(period: Period) -> float:
    # TODO: targets that name their own deadline (6月底前, 9月30日) need their own time progress.
    return period.quarter / 4


def task_status(rate: float | None, progress: float, settings: Settings) -> Status:
    if rate is None:
        return Status.MISSING
    if rate >= 1:
        return Status.COMPLETED
    gap = (rate - progress) * 100
    if gap > settings.on_time_tolerance:
        return Status.AHEAD
    if gap >= -settings.lag_threshold:
        return Status.ON_TIME
    if gap >= -settings.severe_lag_threshold:
        return Status.BEHIND
    return Status.FAR_BEHIND
