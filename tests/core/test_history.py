"""Periods, the archive checks and the rules for moving on."""

from __future__ import annotations

import datetime as dt

import pytest

from ecomonitor.core.history import History, HistoryRecord, check_archivable
from ecomonitor.core.period import Period
from ecomonitor.core.rollover import check_same_year, roll_tasks, shifted_deadline
from ecomonitor.errors import PeriodError


def record(period: Period, task_id: str = "T01-01-01") -> HistoryRecord:
    return HistoryRecord(period, task_id, "甲", "指标", "州发改委", ["州发改委"], "目标", "进展", 0.5)


def test_quarter_ends_and_neighbours():
    assert Period(2023, 2).last_day == dt.date(2023, 6, 30)
    assert Period(2024, 1).last_day == dt.date(2024, 3, 31)
    assert Period(2023, 1).previous() == Period(2022, 4)
    assert Period(2023, 4).next() == Period(2024, 1)


def test_deadline_keeps_distance_to_quarter_end():
    assert shifted_deadline(dt.date(2023, 6, 25), Period(2023, 2), Period(2023, 3)) == dt.date(2023, 9, 25)
    assert shifted_deadline(dt.date(2023, 7, 5), Period(2023, 2), Period(2023, 3)) == dt.date(2023, 10, 5)
    assert shifted_deadline(dt.date(2023, 12, 25), Period(2023, 4), Period(2024, 1)) == dt.date(2024, 3, 25)
    assert shifted_deadline(None, Period(2023, 2), Period(2023, 3)) is None


def test_archive_of_archived_period_rejected():
    history = History([record(Period(2023, 2)), record(Period(2023, 2), "T01-01-02")])
    with pytest.raises(PeriodError) as caught:
        check_archivable(Period(2023, 2), history, reported=10, allow_empty=False)
    assert "2023年二季度 已归档在“历史”工作表中（2 行）" in str(caught.value)


def test_archive_before_later_period_rejected():
    history = History([record(Period(2023, 3))])
    with pytest.raises(PeriodError) as caught:
        check_archivable(Period(2023, 2), history, reported=10, allow_empty=True)
    assert "更晚的报告期 2023年三季度" in str(caught.value)


def test_empty_period_needs_allow_empty():
    history = History([record(Period(2023, 2))])
    with pytest.raises(PeriodError) as caught:
        check_archivable(Period(2023, 3), history, reported=0, allow_empty=False)
    assert "--allow-empty" in str(caught.value)
    check_archivable(Period(2023, 3), history, reported=0, allow_empty=True)
    check_archivable(Period(2023, 3), history, reported=1, allow_empty=False)


def test_only_fourth_quarter_ends_year():
    for quarter in (1, 2, 3):
        check_same_year(Period(2023, quarter))
    with pytest.raises(PeriodError):
        check_same_year(Period(2023, 4))


def test_roll_keeps_text_as_previous(example):
    before = {task.id: task.progress for task in example.tasks}
    roll_tasks(example, Period(2023, 3))
    assert example.period == Period(2023, 3)
    assert all(task.previous_progress == before[task.id] for task in example.tasks)
    assert all(task.progress == "" and task.rate is None and task.rate_text == "" for task in example.tasks)


def test_history_latest_before():
    history = History([record(Period(2023, 2)), record(Period(2023, 4)), record(Period(2023, 3))])
    assert history.periods() == [Period(2023, 2), Period(2023, 3), Period(2023, 4)]
    assert history.latest_before(Period(2024, 1)) == Period(2023, 4)
    assert history.latest_before(Period(2023, 2)) is None
