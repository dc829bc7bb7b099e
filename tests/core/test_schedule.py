"""Time progress from the quarter and from deadlines in targets, and statuses."""

from __future__ import annotations

import pytest

from ecomonitor.core.period import Period
from ecomonitor.core.schedule import Status, deadline_months, task_status, task_time_progress
from ecomonitor.core.settings import Settings

Q1, Q2, Q3, Q4 = (Period(2023, quarter) for quarter in (1, 2, 3, 4))
SETTINGS = Settings(2023, 2)


@pytest.mark.parametrize("period, progress", [(Q1, 0.25), (Q2, 0.5), (Q3, 0.75), (Q4, 1.0)])
def test_quarter_sets_time_progress(period, progress):
    assert task_time_progress("完成投资20亿元以上。", period) == progress


@pytest.mark.parametrize(
    "target, period, progress",
    [
        ("2023年6月底前完成点火焚烧；6月底前完成整改。", Q2, 1.0),
        ("6月底前完成点火焚烧。", Q1, 0.5),
        ("完成期限为9月30日。", Q2, pytest.approx(2 / 3)),
        ("完成期限为9月30日。", Q3, 1.0),
        ("完成期限为9月30日。", Q4, 1.0),
        ("10月底前完成验收。", Q2, pytest.approx(0.6)),
        ("7月前完成招标。", Q2, 1.0),
        ("上半年完成方案编制。", Q1, 0.5),
        ("到2023年底，总产值在180亿元以上。", Q2, 0.5),
        ("2024年6月底前完成建设。", Q2, pytest.approx(6 / 18)),
        ("2022年底前完成整改。", Q1, 1.0),
        ("6月15日前完成，9月30日前完成复核。", Q2, pytest.approx(2 / 3)),
    ],
)
def test_deadline_sets_time_progress(target, period, progress):
    assert task_time_progress(target, period) == progress


def test_latest_deadline_counts():
    assert deadline_months("3月底前启动，9月30日前完成", 2023) == 9
    assert deadline_months("6月15日前完成", 2023) == pytest.approx(5.5)
    assert deadline_months("全年完成投资", 2023) is None


@pytest.mark.parametrize(
    "rate, progress, status",
    [
        (1.0, 0.5, Status.COMPLETED),
        (1.2, 0.5, Status.COMPLETED),
        (0.56, 0.5, Status.AHEAD),
        (0.55, 0.5, Status.ON_TIME),  # exactly the tolerance ahead
        (0.5, 0.5, Status.ON_TIME),
        (0.4, 0.5, Status.ON_TIME),  # exactly the lag threshold behind
        (0.39, 0.5, Status.BEHIND),
        (0.2, 0.5, Status.BEHIND),  # exactly the severe-lag threshold behind
        (0.19, 0.5, Status.FAR_BEHIND),
        (0.0, 0.5, Status.FAR_BEHIND),
        (0.6, 1.0, Status.FAR_BEHIND),
        (0.7, 2 / 3, Status.ON_TIME),
        (None, 0.5, Status.MISSING),
    ],
)
def test_status_thresholds(rate, progress, status):
    assert task_status(rate, progress, SETTINGS) is status


def test_unreadable_rate_status():
    assert task_status(None, 0.5, SETTINGS, unreadable=True) is Status.UNREADABLE


def test_thresholds_come_from_settings():
    strict = Settings(2023, 2, on_time_tolerance=1, lag_threshold=5, severe_lag_threshold=15)
    assert task_status(0.52, 0.5, strict) is Status.AHEAD
    assert task_status(0.44, 0.5, strict) is Status.BEHIND
    assert task_status(0.34, 0.5, strict) is Status.FAR_BEHIND
