"""Matching next year's tasks, confirming the matches and allocating IDs."""

from __future__ import annotations

import copy

import pytest

from ecomonitor.core.yearchange import (
    Confirmation,
    Verdict,
    allocate_ids,
    decide,
    normalize,
    propose_matches,
    similarity,
)
from ecomonitor.errors import PeriodError


def test_normalize_drops_numbering_and_space():
    assert normalize("1.完成 投资20亿元。") == "完成投资20亿元"
    assert normalize("（3）推进绿色建筑；") == "推进绿色建筑"
    assert normalize("２、完成") == "完成"


def test_figures_only_difference_scores_high():
    assert similarity("完成投资20亿元以上", "完成投资25亿元以上") == pytest.approx(0.95)
    assert similarity("完成投资20亿元以上", "完成投资20亿元以上") == 1.0
    assert similarity("完成投资20亿元以上", "培育数据服务企业") < 0.3


def test_same_table_continues_every_task(example):
    matches = propose_matches(example, copy.deepcopy(example))
    assert {match.verdict for match in matches} == {Verdict.CONTINUED}
    assert [match.old_id for match in matches] == [task.id for task in example.tasks]


def test_task_moved_to_other_category_uncertain(example):
    following = copy.deepcopy(example)
    moved = following.task("T07-01-01")
    moved.category, moved.indicator_id = 9, "I09-01"
    matches = propose_matches(example, following)
    match = next(m for m in matches if m.new_index == following.tasks.index(moved))
    assert match.old_id == "T07-01-01"
    assert match.verdict is Verdict.UNCERTAIN
    assert "跨类别（原属“彩色森林”）" in match.reason


def test_close_rival_makes_match_uncertain(example):
    current = copy.deepcopy(example)
    current.task("T09-03-02").target = "2.新增规模以上服务业企业3家以上。"
    current.task("T09-03-03").target = "3.新增规模以上服务业企业4家以上。"
    following = copy.deepcopy(example)
    following.tasks = [task for task in following.tasks if task.id != "T09-03-02"]
    following.task("T09-03-03").target = "2.新增规模以上服务业企业5家以上。"
    matches = propose_matches(current, following)
    match = next(m for m in matches if m.new_index is not None and following.tasks[m.new_index].id == "T09-03-03")
    assert match.old_id == "T09-03-02"
    assert match.verdict is Verdict.UNCERTAIN
    assert "另有相近的任务 T09-03-03" in match.reason


def test_lead_change_noted(example):
    following = copy.deepcopy(example)
    following.task("T07-01-01").lead_units = "州林业局\n州自然资源和规划局"
    matches = propose_matches(example, following)
    match = next(m for m in matches if m.old_id == "T07-01-01")
    assert match.verdict is Verdict.CONTINUED
    assert "牵头单位有变化" in match.reason


def confirmation(index, verdict, proposed, confirmed="", row=None):
    return Confirmation(index, verdict, proposed, confirmed, row or index + 4)


def test_decide_takes_proposals_and_entries():
    rows = [
        confirmation(0, Verdict.CONTINUED, "T01-01-01"),
        confirmation(1, Verdict.UNCERTAIN, "T01-01-02", "t01-01-02"),
        confirmation(2, Verdict.NEW, ""),
        confirmation(3, Verdict.CONTINUED, "T01-01-03", "新增"),
        confirmation(4, Verdict.NEW, "", "T01-01-04"),
    ]
    decided = decide(rows, 5, {"T01-01-01", "T01-01-02", "T01-01-03", "T01-01-04"})
    assert decided == {0: "T01-01-01", 1: "T01-01-02", 4: "T01-01-04"}


def test_decide_lists_every_problem():
    rows = [
        confirmation(0, Verdict.UNCERTAIN, "T01-01-01"),
        confirmation(1, Verdict.NEW, "", "T99-01-01"),
        confirmation(2, Verdict.CONTINUED, "T01-01-02"),
        confirmation(3, Verdict.NEW, "", "T01-01-02"),
    ]
    with pytest.raises(PeriodError) as caught:
        decide(rows, 5, {"T01-01-01", "T01-01-02"})
    message = str(caught.value)
    assert "有 4 处需要处理" in message
    assert "第 4 行为“待确认”" in message
    assert "“T99-01-01”既不是当前的任务编号" in message
    assert "第 7 行和第 6 行都沿用 T01-01-02" in message
    assert "缺少序号为 5 的行" in message


def test_new_ids_never_repeat_history(example):
    following = copy.deepcopy(example)
    decided = {index: task.id for index, task in enumerate(following.tasks) if task.id != "T05-01-05"}
    used = {task.id for task in example.tasks} | {"T05-01-06", "T05-01-07"}
    ids = allocate_ids(following, decided, used)
    assert ids[following.tasks.index(following.task("T05-01-05"))] == "T05-01-08"


def test_new_indicator_gets_new_number(example):
    following = copy.deepcopy(example)
    decided = {index: task.id for index, task in enumerate(following.tasks) if task.indicator_id != "I10-04"}
    ids = allocate_ids(following, decided, {task.id for task in example.tasks} | {"T10-07-01"})
    new = [task_id for index, task_id in enumerate(ids) if index not in decided]
    assert new == ["T10-08-01"]


def test_id_numbers_run_out(example):
    following = copy.deepcopy(example)
    decided = {index: task.id for index, task in enumerate(following.tasks) if task.id != "T05-01-05"}
    used = {f"T05-01-{number:02d}" for number in range(1, 1000)}
    with pytest.raises(PeriodError) as caught:
        allocate_ids(following, decided, used)
    assert "T05-01-XX 已用到 999" in str(caught.value)


def test_three_digit_ids_continue(example):
    following = copy.deepcopy(example)
    decided = {index: task.id for index, task in enumerate(following.tasks) if task.id != "T05-01-05"}
    used = {f"T05-01-{number:02d}" for number in range(1, 100)} | {"T05-120-03"}
    ids = allocate_ids(following, decided, used)
    assert ids[following.tasks.index(following.task("T05-01-05"))] == "T05-01-100"
