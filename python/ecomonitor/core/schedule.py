"""Time progress (序时进度) and the status of a task against it.

Time progress at the end of quarter q is q/4, the share of the year gone.
A target that names its own deadline is expected complete by then, as if it
started with the year. Due 6月底前, it is at 100% at the end of Q2. Due
9月30日, it is at 6/9 (two thirds) at the end of Q2 and 100% in Q3. The
latest deadline a target names counts. A deadline in a later year stretches
the span, and one in an earlier year has passed (100%).

A task's status compares its reported rate with its time progress, in
percentage points, with the thresholds of the 配置 sheet:

- 已完成: the rate is 100% or more;
- 超序时: ahead by more than the on-time tolerance;
- 正常: otherwise, unless behind by more than the lag threshold;
- 滞后: behind by more than the lag threshold, up to the severe-lag threshold;
- 严重滞后: behind by more than the severe-lag threshold;
- 未填报: no rate; 无法识别: a rate that cannot be read.

Gaps are rounded to 6 decimals first, so 40% against 50% is exactly 10
points behind (正常 with the default threshold), not 10.000000000000002.
"""

from __future__ import annotations

import calendar
import re
from enum import Enum

from ecomonitor.core.period import Period
from ecomonitor.core.quantities import fold_text
from ecomonitor.core.settings import Settings


class Status(Enum):
    COMPLETED = "已完成"
    AHEAD = "超序时"
    ON_TIME = "正常"
    BEHIND = "滞后"
    FAR_BEHIND = "严重滞后"
    MISSING = "未填报"
    UNREADABLE = "无法识别"


ON_SCHEDULE = (Status.COMPLETED, Status.AHEAD, Status.ON_TIME)
LAGGING = (Status.BEHIND, Status.FAR_BEHIND)
GAP_DECIMALS = 6

# A month with what pins a day in it: 6月底, 6月前, 9月30日, 10月中旬, 3月份.
MONTH_DEADLINE = re.compile(
    r"(?:(?P<year>20\d\d)\s*年\s*)?(?P<month>1[0-2]|0?[1-9])\s*月\s*"
    r"(?:(?P<end>底|末|份)|(?P<before>前|以前|之前)|(?P<day>[0-3]?\d)\s*[日号]|(?P<third>上旬|中旬|下旬))"
)
YEAR_END = re.compile(r"(?P<year>20\d\d)\s*年\s*(?:底|末|内)")
HALF_YEAR = re.compile(r"上半年")
QUARTER_END = re.compile(r"(?:第)?(?P<quarter>[一二三1-3])季度(?:末|底|前)")
QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "1": 1, "2": 2, "3": 3}
THIRDS = {"上旬": 1 / 3, "中旬": 2 / 3, "下旬": 1.0}


def time_progress(period: Period) -> float:
    """Return the share of the year gone at the end of the period: q/4."""
    return period.quarter / 4


def deadline_months(target: str, year: int) -> float | None:
    """Return the latest deadline a target names, in months from the start of ``year``.

    6月底 is 6, 9月30日 is 9, 6月15日 is 5.5, 6月前 is 5, 上半年 is 6; a deadline in
    2024 for a 2023 target is 12 + its month. None when the target names none.
    """
    text = fold_text(target)
    months: list[float] = []
    for match in MONTH_DEADLINE.finditer(text):
        months.append(_month_offset(match, year))
    for match in YEAR_END.finditer(text):
        months.append(12.0 * (int(match.group("year")) - year + 1))
    if HALF_YEAR.search(text):
        months.append(6.0)
    for match in QUARTER_END.finditer(text):
        months.append(3.0 * QUARTER_NUMBERS[match.group("quarter")])
    return max(months) if months else None


def _month_offset(match: re.Match, year: int) -> float:
    month = int(match.group("month"))
    named_year = int(match.group("year")) if match.group("year") else year
    shift = 12.0 * (named_year - year)
    if match.group("before"):
        return shift + month - 1
    if match.group("day"):
        days = calendar.monthrange(named_year, month)[1]
        return shift + month - 1 + min(int(match.group("day")), days) / days
    if match.group("third"):
        return shift + month - 1 + THIRDS[match.group("third")]
    return shift + month


def task_time_progress(target: str, period: Period) -> float:
    """Return the time progress of a task at the end of the period, deadline-aware."""
    due = deadline_months(target, period.year)
    if due is None:
        return time_progress(period)
    elapsed = 3.0 * period.quarter
    if due <= 0:
        return 1.0
    return round(min(1.0, elapsed / due), GAP_DECIMALS)


def task_status(rate: float | None, progress: float, settings: Settings, unreadable: bool = False) -> Status:
    """Rate a task against its time progress; ``unreadable`` marks a rate written but not readable."""
    if rate is None:
        return Status.UNREADABLE if unreadable else Status.MISSING
    if rate >= 1:
        return Status.COMPLETED
    gap = round((rate - progress) * 100, GAP_DECIMALS)
    if gap > settings.on_time_tolerance:
        return Status.AHEAD
    if gap >= -settings.lag_threshold:
        return Status.ON_TIME
    if gap >= -settings.severe_lag_threshold:
        return Status.BEHIND
    return Status.FAR_BEHIND
