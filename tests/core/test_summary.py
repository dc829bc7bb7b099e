"""Summaries per category and department, and the list of lagging tasks."""

from __future__ import annotations

import pytest

from ecomonitor.core.settings import Settings
from ecomonitor.core.summary import (
    STATUS_COLUMNS,
    TOTAL_LABEL,
    category_summary,
    department_summary,
    lagging_tasks,
    rank_label,
    tasks_frame,
)


@pytest.fixture()
def frame(example):
    return tasks_frame(example, Settings(2023, 2))


def test_tasks_frame_has_gap_in_points(frame, example):
    row = frame.set_index("id").loc["T01-01-04"]
    assert row["rate"] == pytest.approx(0.3)
    assert row["time_progress"] == pytest.approx(0.5)
    assert row["gap"] == pytest.approx(-20.0)
    assert row["status"] == "滞后"
    assert row["target"] == example.task("T01-01-04").target


def test_category_summary_counts_every_status(frame):
    table = category_summary(frame)
    assert list(table["name"])[-1] == TOTAL_LABEL
    total = table.iloc[-1]
    assert int(total["tasks"]) == 104
    assert sum(int(total[status]) for status in STATUS_COLUMNS) == 104
    assert int(total["on_schedule"]) + int(total["lagging"]) + int(total["未填报"]) == 104
    first = table.iloc[0]
    assert first["name"] == "绿色低碳发展"
    assert first["gap"] == pytest.approx((first["average_rate"] - 0.5) * 100)
    computed = frame.loc[frame["category_name"] == "绿色低碳发展", "computed_rate"]
    assert first["average_computed_rate"] == pytest.approx(computed.mean())
    assert first["average_computed_rate"] == pytest.approx(0.456)


def test_computed_rate_averaged_when_present(frame):
    frame["computed_rate"] = frame["rate"] / 2
    table = category_summary(frame)
    total = table.iloc[-1]
    assert total["average_computed_rate"] == pytest.approx(total["average_rate"] / 2)
    departments = department_summary(frame)
    assert "average_computed_rate" in departments.columns


def test_department_summary_ranked_with_findings(frame):
    table = department_summary(frame, {"州水利局": 3})
    assert list(table["rank"]) == list(range(1, 17))
    rates = list(table["average_rate"])
    assert rates == sorted(rates, reverse=True)
    findings = dict(zip(table["name"], table["findings"]))
    assert findings["州水利局"] == 3
    assert findings["州发改委"] == 0


def test_unreported_department_ranked_last(frame):
    unreported = frame["owners"].apply(lambda owners: "州水利局" in owners)
    frame.loc[unreported, "rate"] = None
    frame.loc[unreported, "status"] = "未填报"
    table = department_summary(frame)
    assert table.iloc[-1]["name"] == "州水利局"


def test_department_that_returned_nothing_is_not_ranked(frame):
    # 州农业农村局 shares T06-02-02 with 州住建局, so it has an average rate
    # although it returned nothing; ranking it would credit it with another's entry.
    ranked_alone = department_summary(frame)
    assert ranked_alone.set_index("name").loc["州农业农村局", "average_rate"] > 0
    table = department_summary(frame, unreported=["州农业农村局", "州发改委"])
    assert list(table["name"])[-2:] == ["州农业农村局", "州发改委"]
    assert list(table["rank"])[:14] == list(range(1, 15))
    assert table["rank"].iloc[-2:].isna().all()
    rates = list(table["average_rate"])[:14]
    assert rates == sorted(rates, reverse=True)
    assert [rank_label(rank) for rank in table["rank"]][-3:] == [14, "未报送", "未报送"]


def test_lagging_tasks_sorted_by_gap(frame):
    lagging = lagging_tasks(frame)
    assert set(lagging["status"]) <= {"滞后", "严重滞后"}
    assert len(lagging) == int((frame["status"].isin(["滞后", "严重滞后"])).sum())
    gaps = list(lagging["gap"])
    assert gaps == sorted(gaps)
    assert all(gap < -10 for gap in gaps)
    assert lagging.iloc[0]["id"] == "T08-01-03"
